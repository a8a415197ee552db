package scim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// cursorOnIndex is a server that does not advertise cursor paging but
// answers an index-paged request with the first page and a nextCursor,
// and serves the rest only by cursor. An index request past the first
// page gets the first page again (as from a server that ignores
// startIndex), so a client that stopped following the cursor would miss
// resources and see repeats.
type cursorOnIndex struct {
	n         int    // users u1..un
	spc       string // ServiceProviderConfig body; "" answers 404
	withTotal bool   // send totalResults

	mu       sync.Mutex
	requests []string // "index <startIndex>" or "cursor <cursor>", in arrival order
}

func (s *cursorOnIndex) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/scim/v2/ServiceProviderConfig" {
		if s.spc == "" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/scim+json")
		_, _ = w.Write([]byte(s.spc))
		return
	}
	q := r.URL.Query()
	count, err := strconv.Atoi(q.Get("count"))
	if err != nil || count <= 0 {
		http.Error(w, "count required", http.StatusBadRequest)
		return
	}
	from := 1 // index of the first resource on the page
	s.mu.Lock()
	if q.Has("cursor") {
		s.requests = append(s.requests, "cursor "+q.Get("cursor"))
		after, ok := strings.CutPrefix(q.Get("cursor"), "after-")
		n, err := strconv.Atoi(after)
		if !ok || err != nil {
			s.mu.Unlock()
			w.Header().Set("Content-Type", "application/scim+json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"status":"400","scimType":"invalidCursor"}`))
			return
		}
		from = n + 1
	} else {
		s.requests = append(s.requests, "index "+q.Get("startIndex"))
	}
	s.mu.Unlock()
	res := []any{}
	last := min(from+count-1, s.n)
	for i := from; i <= last; i++ {
		res = append(res, map[string]any{"id": fmt.Sprintf("u%d", i), "userName": fmt.Sprintf("user%d", i)})
	}
	body := map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:ListResponse"}, "Resources": res, "itemsPerPage": len(res)}
	if s.withTotal {
		body["totalResults"] = s.n
	}
	if last < s.n {
		body["nextCursor"] = fmt.Sprintf("after-%d", last)
	}
	w.Header().Set("Content-Type", "application/scim+json")
	_ = json.NewEncoder(w).Encode(body)
}

// TestIndexRequestAnsweredWithNextCursor proves that when an index-paged
// first request is answered with a nextCursor, the client follows the
// cursor until a page has none: it makes exactly one index request, then
// one request per cursor in order, passes every resource on exactly once,
// reports the listing as cursor-paged and complete, and takes the
// announced total from the index page.
func TestIndexRequestAnsweredWithNextCursor(t *testing.T) {
	tests := []struct {
		name      string
		spc       string
		paging    Paging
		withTotal bool
		n         int
	}{
		{"no pagination block", `{}`, PagingAuto, true, 10},
		{"index only advertised", `{"pagination":{"cursor":false,"index":true,"defaultPaginationMethod":"index"}}`, PagingAuto, true, 10},
		{"no totalResults", `{"pagination":{"cursor":false,"index":true}}`, PagingAuto, false, 10},
		{"no ServiceProviderConfig", "", PagingAuto, true, 7},
		{"index paging forced", `{"pagination":{"cursor":false,"index":true}}`, PagingIndex, true, 9},
		{"one cursor page", `{}`, PagingAuto, true, 4},
	}
	const pageSize = 3
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &cursorOnIndex{n: tt.n, spc: tt.spc, withTotal: tt.withTotal}
			srv := httptest.NewServer(s)
			defer srv.Close()
			c := newTestClient(t, srv, func(c *Config) { c.Paging = tt.paging; c.PageSize = pageSize })
			users, stats, err := collectUsers(t, c)
			if err != nil {
				t.Fatal(err)
			}

			seen := map[string]int{}
			for _, u := range users {
				seen[string(u.ID)]++
			}
			for i := 1; i <= tt.n; i++ {
				if id := fmt.Sprintf("u%d", i); seen[id] != 1 {
					t.Errorf("user %s passed on %d times, want 1", id, seen[id])
				}
			}
			if len(users) != tt.n {
				t.Errorf("got %d users, want %d", len(users), tt.n)
			}

			wantAnnounced := -1
			if tt.withTotal {
				wantAnnounced = tt.n
			}
			if stats.Paging != PagingCursor || stats.Unique != tt.n || stats.Duplicates != 0 ||
				stats.Announced != wantAnnounced || stats.RepeatedPage || !stats.Complete() {
				t.Errorf("stats %+v: want cursor paging, %d unique, no duplicates, announced %d, complete (%s)",
					stats, tt.n, wantAnnounced, stats.Incompleteness())
			}

			want := []string{"index 1"}
			for last := pageSize; last < tt.n; last += pageSize {
				want = append(want, fmt.Sprintf("cursor after-%d", last))
			}
			s.mu.Lock()
			got := slices.Clone(s.requests)
			s.mu.Unlock()
			if !slices.Equal(got, want) {
				t.Errorf("requests %q, want %q", got, want)
			}
		})
	}
}
