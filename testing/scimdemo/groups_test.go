package scimdemo

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
)

// checkGroup compares a served group with the directory group.
func checkGroup(t *testing.T, got groupJSON, want directory.Group, base string, wantMembers bool) {
	t.Helper()
	if got.ID != want.ID || got.DisplayName != want.DisplayName || got.ExternalID != want.ExternalID {
		t.Fatalf("group %+v, want %+v", got, want)
	}
	if len(got.Schemas) != 1 || got.Schemas[0] != "urn:ietf:params:scim:schemas:core:2.0:Group" {
		t.Fatalf("schemas %v", got.Schemas)
	}
	if got.Meta.ResourceType != "Group" || got.Meta.Location != base+"/Groups/"+want.ID {
		t.Fatalf("meta %+v", got.Meta)
	}
	if !wantMembers || len(want.Members) == 0 {
		if got.Members != nil {
			t.Fatalf("group %s: unexpected members", want.DisplayName)
		}
		return
	}
	if got.Members == nil || len(*got.Members) != len(want.Members) {
		t.Fatalf("group %s: members missing or wrong length", want.DisplayName)
	}
	for k, m := range *got.Members {
		w := want.Members[k]
		endpoint := "/Users/"
		if w.Type == directory.MemberTypeGroup {
			endpoint = "/Groups/"
		}
		if m.Value != w.Value || m.Type != w.Type || m.Ref != base+endpoint+w.Value {
			t.Fatalf("group %s member %d: %+v, want %+v", want.DisplayName, k, m, w)
		}
	}
}

// nestingGroup returns the index of a group that has a nested group member.
func nestingGroup(t *testing.T, dir *directory.Directory) int {
	t.Helper()
	for j, g := range dir.Groups {
		for _, m := range g.Members {
			if m.Type == directory.MemberTypeGroup {
				return j
			}
		}
	}
	t.Fatal("no nested groups in the directory")
	return -1
}

func TestGetGroup(t *testing.T) {
	dir := directory.Generate(directory.Options{Users: 500, Groups: 120, Seed: 8})
	h := newTestHandler(t, dir)
	tests := []struct {
		name  string
		index int
	}{
		{name: "All Employees", index: 0},
		{name: "nesting group", index: nestingGroup(t, dir)},
		{name: "last group", index: len(dir.Groups) - 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := dir.Groups[tt.index]
			var got groupJSON
			getJSON(t, h, "/scim/v2/Groups/"+want.ID, http.StatusOK, &got)
			checkGroup(t, got, want, "/scim/v2", true)
		})
	}
}

func TestListGroupsPaging(t *testing.T) {
	dir := directory.Generate(directory.Options{Users: 300, Groups: 95, Seed: 2})
	h := newTestHandler(t, dir, WithMaxPageSize(20))
	tests := []struct {
		name        string
		extra       string
		wantMembers bool
	}{
		{name: "with members", wantMembers: true},
		{name: "excluding members", extra: "&excludedAttributes=members", wantMembers: false},
		{name: "excluding members case-insensitively", extra: "&excludedAttributes=displayName,MEMBERS", wantMembers: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen := 0
			for start := 1; start <= len(dir.Groups); start += 20 {
				var page listResponse
				getJSON(t, h, "/scim/v2/Groups?count=50&startIndex="+strconv.Itoa(start)+tt.extra, http.StatusOK, &page)
				if page.TotalResults != len(dir.Groups) || page.ItemsPerPage != len(page.Resources) {
					t.Fatalf("total %d, itemsPerPage %d, %d resources", page.TotalResults, page.ItemsPerPage, len(page.Resources))
				}
				for _, raw := range page.Resources {
					var g groupJSON
					if err := json.Unmarshal(raw, &g); err != nil {
						t.Fatal(err)
					}
					want := dir.Groups[seen]
					if tt.extra != "" && g.DisplayName == "" {
						g.DisplayName = want.DisplayName // excluded on purpose
					}
					checkGroup(t, g, want, "/scim/v2", tt.wantMembers)
					seen++
				}
			}
			if seen != len(dir.Groups) {
				t.Fatalf("paged %d groups, want %d", seen, len(dir.Groups))
			}
		})
	}
}

func TestFilterGroups(t *testing.T) {
	dir := directory.Generate(directory.Options{Users: 200, Groups: 40, Seed: 6})
	h := newTestHandler(t, dir)
	nested := dir.Groups[nestingGroup(t, dir)]
	var child string
	for _, m := range nested.Members {
		if m.Type == directory.MemberTypeGroup {
			child = m.Value
		}
	}
	tests := []struct {
		filter  string
		wantIDs []string
	}{
		{filter: `displayName eq "All Employees"`, wantIDs: []string{dir.Groups[0].ID}},
		{filter: `members[value eq "` + child + `"]`, wantIDs: []string{nested.ID}},
		{filter: `displayName eq "nothing"`},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			var page listResponse
			getJSON(t, h, "/scim/v2/Groups?filter="+url.QueryEscape(tt.filter), http.StatusOK, &page)
			if page.TotalResults != len(tt.wantIDs) || len(page.Resources) != len(tt.wantIDs) {
				t.Fatalf("total %d, %d resources; want %d", page.TotalResults, len(page.Resources), len(tt.wantIDs))
			}
			for k, raw := range page.Resources {
				var g groupJSON
				if err := json.Unmarshal(raw, &g); err != nil {
					t.Fatal(err)
				}
				if g.ID != tt.wantIDs[k] {
					t.Fatalf("resource %d is %s, want %s", k, g.ID, tt.wantIDs[k])
				}
			}
		})
	}
}

func TestGroupMembersEscaping(t *testing.T) {
	dir := &directory.Directory{
		Users: []directory.User{{ID: `we"ird<id>&ü`, UserName: "x"}},
		Groups: []directory.Group{{ID: "g1", DisplayName: "G", Members: []directory.Member{
			{Value: `we"ird<id>&ü`, Type: directory.MemberTypeUser},
		}}},
	}
	h := newTestHandler(t, dir)
	var got groupJSON
	getJSON(t, h, "/scim/v2/Groups/g1", http.StatusOK, &got)
	checkGroup(t, got, dir.Groups[0], "/scim/v2", true)
}
