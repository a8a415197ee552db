package scimdemo

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
)

func TestAuthentication(t *testing.T) {
	h := newTestHandler(t, directory.Generate(directory.Options{Users: 3, Groups: 2, Seed: 1}))
	tests := []struct {
		name   string
		header string
		want   int
	}{
		{name: "missing", header: "", want: http.StatusUnauthorized},
		{name: "wrong token", header: "Bearer nope", want: http.StatusUnauthorized},
		{name: "token prefix", header: "Bearer " + testToken[:4], want: http.StatusUnauthorized},
		{name: "basic scheme", header: "Basic " + testToken, want: http.StatusUnauthorized},
		{name: "no scheme", header: testToken, want: http.StatusUnauthorized},
		{name: "valid", header: "Bearer " + testToken, want: http.StatusOK},
		{name: "scheme is case-insensitive", header: "bearer " + testToken, want: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, path := range []string{"/scim/v2/Users", "/scim/v2/ServiceProviderConfig"} {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				if tt.header != "" {
					req.Header.Set("Authorization", tt.header)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if tt.want == http.StatusOK {
					if rec.Code != http.StatusOK {
						t.Fatalf("%s: status %d, want 200", path, rec.Code)
					}
					continue
				}
				checkSCIMError(t, rec, tt.want)
				if rec.Header().Get("WWW-Authenticate") == "" {
					t.Fatalf("%s: 401 without WWW-Authenticate", path)
				}
			}
		})
	}
}

func TestPathsOutsideBase(t *testing.T) {
	h := newTestHandler(t, directory.Generate(directory.Options{Users: 3, Groups: 2, Seed: 1}))
	for _, path := range []string{"/", "/Users", "/v2/Users", "/scim/Users", "/scim/v1/Users", "/scim/v2x/Users"} {
		t.Run(path, func(t *testing.T) {
			checkSCIMError(t, do(t, h, http.MethodGet, path, ""), http.StatusNotFound)
		})
	}
}

func TestDiscoveryEndpoints(t *testing.T) {
	h := newTestHandler(t, directory.Generate(directory.Options{Users: 3, Groups: 2, Seed: 1}), WithMaxPageSize(250))
	t.Run("ServiceProviderConfig", func(t *testing.T) {
		var spc struct {
			Filter struct {
				Supported  bool `json:"supported"`
				MaxResults int  `json:"maxResults"`
			} `json:"filter"`
			Patch struct {
				Supported bool `json:"supported"`
			} `json:"patch"`
			AuthenticationSchemes []struct {
				Type string `json:"type"`
			} `json:"authenticationSchemes"`
		}
		getJSON(t, h, "/scim/v2/ServiceProviderConfig", http.StatusOK, &spc)
		if !spc.Filter.Supported || spc.Filter.MaxResults != 250 || spc.Patch.Supported {
			t.Fatalf("unexpected config %+v", spc)
		}
		if len(spc.AuthenticationSchemes) != 1 || spc.AuthenticationSchemes[0].Type != "oauthbearertoken" {
			t.Fatalf("unexpected authentication schemes %+v", spc.AuthenticationSchemes)
		}
	})
	t.Run("ResourceTypes", func(t *testing.T) {
		var list listResponse
		getJSON(t, h, "/scim/v2/ResourceTypes", http.StatusOK, &list)
		if list.TotalResults != 2 {
			t.Fatalf("%d resource types, want 2", list.TotalResults)
		}
	})
	t.Run("Schemas", func(t *testing.T) {
		var schema struct {
			ID string `json:"id"`
		}
		getJSON(t, h, "/scim/v2/Schemas/"+enterpriseUserURN, http.StatusOK, &schema)
		if schema.ID != enterpriseUserURN {
			t.Fatalf("schema id %q", schema.ID)
		}
	})
}

func TestReadOnly(t *testing.T) {
	dir := directory.Generate(directory.Options{Users: 3, Groups: 2, Seed: 1})
	h := newTestHandler(t, dir)
	userPath := "/scim/v2/Users/" + dir.Users[0].ID
	user := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"new.user@example.com"}`
	patch := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}`
	tests := []struct {
		method, path, body string
	}{
		{http.MethodPost, "/scim/v2/Users", user},
		{http.MethodPut, userPath, user},
		{http.MethodPatch, userPath, patch},
		{http.MethodDelete, userPath, ""},
		{http.MethodDelete, "/scim/v2/Groups/" + dir.Groups[0].ID, ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			checkSCIMError(t, do(t, h, tt.method, tt.path, tt.body), http.StatusNotImplemented)
		})
	}
	if got := len(dir.Users); got != 3 {
		t.Fatalf("directory changed: %d users", got)
	}
}

func TestNewHandlerErrors(t *testing.T) {
	dir := directory.Generate(directory.Options{Users: 3, Groups: 2, Seed: 1})
	dupUsers := &directory.Directory{Users: []directory.User{{ID: "a"}, {ID: "a"}}}
	emptyGroupID := &directory.Directory{Groups: []directory.Group{{DisplayName: "x"}}}
	tests := []struct {
		name  string
		dir   *directory.Directory
		token string
		opts  []Option
	}{
		{name: "nil directory", dir: nil, token: testToken},
		{name: "empty token", dir: dir, token: ""},
		{name: "zero page size", dir: dir, token: testToken, opts: []Option{WithMaxPageSize(0)}},
		{name: "empty base URL", dir: dir, token: testToken, opts: []Option{WithBaseURL("")}},
		{name: "duplicate user ids", dir: dupUsers, token: testToken},
		{name: "empty group id", dir: emptyGroupID, token: testToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewHandler(tt.dir, tt.token, slog.New(slog.DiscardHandler), tt.opts...); err == nil {
				t.Fatal("NewHandler succeeded, want an error")
			}
		})
	}
	if _, err := NewHandler(dir, testToken, nil); err != nil {
		t.Fatalf("nil logger: %v", err)
	}
}
