package scimdemo

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
)

// userWithEverything returns the index of a user with a manager and at
// least two emails, so every attribute is exercised.
func userWithEverything(t *testing.T, dir *directory.Directory) int {
	t.Helper()
	for i, u := range dir.Users {
		if u.ManagerID != "" && len(u.Emails) >= 2 {
			return i
		}
	}
	t.Fatal("no user with a manager and two emails")
	return -1
}

func TestGetUser(t *testing.T) {
	dir := directory.Generate(directory.Options{Users: 200, Groups: 20, Seed: 5})
	tests := []struct {
		name    string
		opts    []Option
		wantRef string // prefix of $ref and meta.location
	}{
		{name: "relative URLs", wantRef: "/scim/v2"},
		{name: "absolute URLs", opts: []Option{WithBaseURL("https://idp.example.com/scim/v2/")}, wantRef: "https://idp.example.com/scim/v2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newTestHandler(t, dir, tt.opts...)
			want := dir.Users[userWithEverything(t, dir)]
			var got userJSON
			getJSON(t, h, "/scim/v2/Users/"+want.ID, http.StatusOK, &got)
			checkUser(t, got, want, tt.wantRef)
		})
	}
}

// checkUser compares a served user with the directory user.
func checkUser(t *testing.T, got userJSON, want directory.User, base string) {
	t.Helper()
	if got.ID != want.ID || got.UserName != want.UserName || got.DisplayName != want.DisplayName ||
		got.ExternalID != want.ExternalID || got.Title != want.Title || got.Active != want.Active ||
		got.Name.GivenName != want.GivenName || got.Name.FamilyName != want.FamilyName {
		t.Fatalf("core attributes differ:\n got %+v\nwant %+v", got, want)
	}
	if len(want.Emails) > 0 && !reflect.DeepEqual(got.Emails, want.Emails) {
		t.Fatalf("emails %+v, want %+v", got.Emails, want.Emails)
	}
	wantSchemas := []string{"urn:ietf:params:scim:schemas:core:2.0:User", enterpriseUserURN}
	if !reflect.DeepEqual(got.Schemas, wantSchemas) {
		t.Fatalf("schemas %v, want %v", got.Schemas, wantSchemas)
	}
	ext := got.Enterprise
	if ext == nil || ext.EmployeeNumber != want.EmployeeNumber || ext.Department != want.Department {
		t.Fatalf("enterprise extension %+v, want employeeNumber %q department %q", ext, want.EmployeeNumber, want.Department)
	}
	switch {
	case want.ManagerID == "" && ext.Manager != nil:
		t.Fatalf("unexpected manager %+v", ext.Manager)
	case want.ManagerID != "" && (ext.Manager == nil || ext.Manager.Value != want.ManagerID ||
		ext.Manager.Ref != base+"/Users/"+want.ManagerID):
		t.Fatalf("manager %+v, want value %q", ext.Manager, want.ManagerID)
	}
	if got.Meta.ResourceType != "User" || got.Meta.Location != base+"/Users/"+want.ID {
		t.Fatalf("meta %+v", got.Meta)
	}
}

func TestGetUnknownResource(t *testing.T) {
	h := newTestHandler(t, directory.Generate(directory.Options{Users: 10, Groups: 5, Seed: 1}))
	for _, path := range []string{
		"/scim/v2/Users/does-not-exist",
		"/scim/v2/Groups/does-not-exist",
		"/scim/v2/Users/" + url.PathEscape("a/b"),
		"/scim/v2/Nothing",
	} {
		t.Run(path, func(t *testing.T) {
			checkSCIMError(t, do(t, h, http.MethodGet, path, ""), http.StatusNotFound)
		})
	}
}

func TestListUsersPaging(t *testing.T) {
	dir := directory.Generate(directory.Options{Users: 1234, Groups: 10, Seed: 9})
	tests := []struct {
		name         string
		maxPageSize  int
		count        string // "" sends no count
		wantPageSize int
	}{
		{name: "count 100", maxPageSize: 1000, count: "100", wantPageSize: 100},
		{name: "odd count", maxPageSize: 1000, count: "13", wantPageSize: 13},
		{name: "default count is the cap", maxPageSize: 1000, count: "", wantPageSize: 1000},
		{name: "count above cap", maxPageSize: 500, count: "5000", wantPageSize: 500},
		{name: "count equals total", maxPageSize: 2000, count: "1234", wantPageSize: 1234},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newTestHandler(t, dir, WithMaxPageSize(tt.maxPageSize))
			var ids []string
			for start := 1; ; {
				target := "/scim/v2/Users?startIndex=" + strconv.Itoa(start)
				if tt.count != "" {
					target += "&count=" + tt.count
				}
				var page listResponse
				getJSON(t, h, target, http.StatusOK, &page)
				if page.TotalResults != len(dir.Users) || page.StartIndex != start ||
					page.ItemsPerPage != len(page.Resources) || len(page.Resources) > tt.wantPageSize {
					t.Fatalf("page at %d: total %d, startIndex %d, itemsPerPage %d, %d resources",
						start, page.TotalResults, page.StartIndex, page.ItemsPerPage, len(page.Resources))
				}
				if len(page.Resources) == 0 {
					break
				}
				if last := start+len(page.Resources) > len(dir.Users); !last && len(page.Resources) != tt.wantPageSize {
					t.Fatalf("page at %d has %d resources, want %d", start, len(page.Resources), tt.wantPageSize)
				}
				for _, raw := range page.Resources {
					var u userJSON
					if err := json.Unmarshal(raw, &u); err != nil {
						t.Fatal(err)
					}
					checkUser(t, u, dir.Users[len(ids)], "/scim/v2")
					ids = append(ids, u.ID)
				}
				start += len(page.Resources)
			}
			if len(ids) != len(dir.Users) {
				t.Fatalf("paged %d users, want %d", len(ids), len(dir.Users))
			}
		})
	}
}

func TestListEdgeCases(t *testing.T) {
	dir := directory.Generate(directory.Options{Users: 25, Groups: 18, Seed: 3})
	h := newTestHandler(t, dir, WithMaxPageSize(10))
	tests := []struct {
		query                      string
		wantTotal, wantN, wantFrom int
		wantStart                  int
	}{
		{query: "count=0", wantTotal: 25, wantN: 0, wantStart: 1},
		{query: "startIndex=0&count=3", wantTotal: 25, wantN: 3, wantFrom: 0, wantStart: 1},
		{query: "startIndex=-5&count=3", wantTotal: 25, wantN: 3, wantFrom: 0, wantStart: 1},
		{query: "startIndex=24&count=10", wantTotal: 25, wantN: 2, wantFrom: 23, wantStart: 24},
		{query: "startIndex=26", wantTotal: 25, wantN: 0, wantStart: 26},
		{query: "startIndex=1000&count=5", wantTotal: 25, wantN: 0, wantStart: 1000},
		{query: "count=-1", wantTotal: 25, wantN: 0, wantStart: 1},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var page listResponse
			getJSON(t, h, "/scim/v2/Users?"+tt.query, http.StatusOK, &page)
			if page.TotalResults != tt.wantTotal || len(page.Resources) != tt.wantN ||
				page.ItemsPerPage != tt.wantN || page.StartIndex != tt.wantStart || page.Resources == nil {
				t.Fatalf("got total %d, %d resources (nil=%t), itemsPerPage %d, startIndex %d",
					page.TotalResults, len(page.Resources), page.Resources == nil, page.ItemsPerPage, page.StartIndex)
			}
			for k, raw := range page.Resources {
				var u userJSON
				if err := json.Unmarshal(raw, &u); err != nil {
					t.Fatal(err)
				}
				if u.ID != dir.Users[tt.wantFrom+k].ID {
					t.Fatalf("resource %d is %s, want user %d", k, u.ID, tt.wantFrom+k)
				}
			}
		})
	}
	t.Run("invalid count", func(t *testing.T) {
		checkSCIMError(t, do(t, h, http.MethodGet, "/scim/v2/Users?count=abc", ""), http.StatusBadRequest)
	})
}

func TestFilterUsers(t *testing.T) {
	dir := directory.Generate(directory.Options{Users: 300, Groups: 20, Seed: 4})
	h := newTestHandler(t, dir)
	target := dir.Users[123]
	inactive := 0
	for _, u := range dir.Users {
		if !u.Active {
			inactive++
		}
	}
	tests := []struct {
		filter string
		want   int
	}{
		{filter: `userName eq "` + target.UserName + `"`, want: 1},
		{filter: `id eq "` + target.ID + `"`, want: 1},
		{filter: `externalId eq "` + target.ExternalID + `"`, want: 1},
		{filter: `active eq false`, want: inactive},
		{filter: `userName eq "nobody@example.com"`, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			var page listResponse
			getJSON(t, h, "/scim/v2/Users?count=1000&filter="+url.QueryEscape(tt.filter), http.StatusOK, &page)
			if page.TotalResults != tt.want || len(page.Resources) != tt.want {
				t.Fatalf("total %d, %d resources; want %d", page.TotalResults, len(page.Resources), tt.want)
			}
		})
	}
	t.Run("invalid filter", func(t *testing.T) {
		checkSCIMError(t, do(t, h, http.MethodGet, "/scim/v2/Users?filter="+url.QueryEscape("nonsense eq"), ""), http.StatusBadRequest)
	})
}
