package scim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
)

// fakeList serves n users at /scim/v2/Users with switchable paging quirks.
type fakeList struct {
	n           int
	pageCap     int  // cap on count; 0 = none
	noTotal     bool // omit totalResults
	ignoreStart bool // always serve from the first resource
	requests    atomic.Int64
}

func (f *fakeList) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.requests.Add(1)
	if r.Header.Get("Authorization") != "Bearer t0ken" {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	start, _ := strconv.Atoi(r.URL.Query().Get("startIndex"))
	count, _ := strconv.Atoi(r.URL.Query().Get("count"))
	if f.pageCap > 0 && count > f.pageCap {
		count = f.pageCap
	}
	if f.ignoreStart || start < 1 {
		start = 1
	}
	var res []map[string]any
	for i := start; i < start+count && i <= f.n; i++ {
		res = append(res, map[string]any{"id": fmt.Sprintf("u%d", i), "userName": fmt.Sprintf("user%d@example.com", i)})
	}
	body := map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:ListResponse"}, "Resources": res, "itemsPerPage": len(res), "startIndex": start}
	if !f.noTotal {
		body["totalResults"] = f.n
	}
	w.Header().Set("Content-Type", "application/scim+json")
	_ = json.NewEncoder(w).Encode(body)
}

// collectUsers lists all users from a client, returning them and the stats.
func collectUsers(t *testing.T, c *Client) ([]User, ListStats, error) {
	t.Helper()
	out := make(chan []User, 1)
	var got []User
	done := make(chan struct{})
	go func() {
		for page := range out {
			got = append(got, page...)
		}
		close(done)
	}()
	stats, err := c.Users(t.Context(), out)
	<-done
	return got, stats, err
}

// newTestClient builds a bearer client for srv.
func newTestClient(t *testing.T, srv *httptest.Server, mod func(*Config)) *Client {
	t.Helper()
	cfg := Config{BaseURL: srv.URL + "/scim/v2", Auth: Auth{Method: AuthBearer, Token: "t0ken"}, PageSize: 100, Concurrency: 3, HTTPClient: srv.Client(), Paging: PagingIndex}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.backoff = backoff{base: 1, cap: 1} // no real waiting in tests
	return c
}
