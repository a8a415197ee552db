package scim

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// wantAccept is the Accept header RFC 7644 §3.8 lets a client send: SCIM
// JSON first, plain JSON accepted. It is spelled out here rather than taken
// from acceptHeader, so that a change to the constant fails the test.
const wantAccept = "application/scim+json, application/json"

// acceptRecorder is a small SCIM server that records the Accept header of
// every request by request kind ("GET /scim/v2/Users?cursor", ...).
type acceptRecorder struct {
	spc string // body of /ServiceProviderConfig

	mu     sync.Mutex
	accept map[string][]string // request kind -> Accept header of each request
}

func (a *acceptRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	kind := r.Method + " " + r.URL.Path
	switch q := r.URL.Query(); {
	case q.Has("cursor"):
		kind += "?cursor"
	case q.Has("startIndex"):
		kind += "?startIndex"
	}
	a.mu.Lock()
	// One entry per request: a missing header records "", a repeated one
	// records both values joined, and neither matches wantAccept.
	a.accept[kind] = append(a.accept[kind], strings.Join(r.Header.Values("Accept"), "\n"))
	a.mu.Unlock()

	var body any
	switch r.URL.Path {
	case "/scim/v2/ServiceProviderConfig":
		w.Header().Set("Content-Type", "application/scim+json")
		_, _ = w.Write([]byte(a.spc))
		return
	case "/scim/v2/Users":
		body = map[string]any{"totalResults": 2, "Resources": []any{
			map[string]any{"id": "u1", "userName": "one"},
			map[string]any{"id": "u2", "userName": "two"},
		}}
	case "/scim/v2/Groups":
		// g2 comes without "members", so the client fetches it on its own.
		body = map[string]any{"totalResults": 2, "Resources": []any{
			map[string]any{"id": "g1", "displayName": "one", "members": []any{map[string]any{"value": "u1", "type": "User"}}},
			map[string]any{"id": "g2", "displayName": "two"},
		}}
	case "/scim/v2/Groups/g2":
		body = map[string]any{"id": "g2", "displayName": "two", "members": []any{map[string]any{"value": "u2", "type": "User"}}}
	default:
		w.WriteHeader(http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/scim+json")
	_ = json.NewEncoder(w).Encode(body)
}

// TestAcceptHeader proves that every request the client makes (the
// ServiceProviderConfig, index- and cursor-paged listings of Users and
// Groups, and the single-group fetch that completes a group listed without
// members) sends exactly one Accept header, "application/scim+json,
// application/json".
func TestAcceptHeader(t *testing.T) {
	tests := []struct {
		name      string
		spc       string
		wantKinds []string // request kinds that must have been seen
	}{
		{"index paging", `{"pagination":{"cursor":false,"index":true}}`, []string{
			"GET /scim/v2/ServiceProviderConfig",
			"GET /scim/v2/Users?startIndex",
			"GET /scim/v2/Groups?startIndex",
			"GET /scim/v2/Groups/g2",
		}},
		{"cursor paging", `{"pagination":{"cursor":true,"index":false}}`, []string{
			"GET /scim/v2/ServiceProviderConfig",
			"GET /scim/v2/Users?cursor",
			"GET /scim/v2/Groups?cursor",
			"GET /scim/v2/Groups/g2",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &acceptRecorder{spc: tt.spc, accept: map[string][]string{}}
			srv := httptest.NewServer(rec)
			defer srv.Close()
			// PagingAuto makes the listings read the ServiceProviderConfig.
			c := newTestClient(t, srv, func(c *Config) { c.Paging = PagingAuto })

			if _, err := c.ServiceProviderConfig(t.Context()); err != nil {
				t.Fatalf("ServiceProviderConfig: %v", err)
			}
			users, _, err := collectUsers(t, c)
			if err != nil || len(users) != 2 {
				t.Fatalf("Users: got %d, err %v; want 2", len(users), err)
			}
			groups, _, err := collectGroups(t, c)
			if err != nil || len(groups) != 2 {
				t.Fatalf("Groups: got %d, err %v; want 2", len(groups), err)
			}

			rec.mu.Lock()
			defer rec.mu.Unlock()
			for _, kind := range tt.wantKinds {
				if len(rec.accept[kind]) == 0 {
					t.Errorf("no %s request seen (seen: %v)", kind, rec.accept)
				}
			}
			for kind, values := range rec.accept {
				for _, v := range values {
					if v != wantAccept {
						t.Errorf("%s: Accept %q, want %q", kind, v, wantAccept)
					}
				}
			}
		})
	}
}
