package scimdemo

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
)

// TestConcurrentRequests pages users and groups from several goroutines
// over a real HTTP server; run with -race to check the handler is safe for
// concurrent use.
func TestConcurrentRequests(t *testing.T) {
	dir := directory.Generate(directory.Options{Users: 1000, Groups: 60, Seed: 10})
	srv := httptest.NewServer(newTestHandler(t, dir, WithMaxPageSize(100)))
	defer srv.Close()

	tests := []struct {
		endpoint string
		total    int
	}{
		{endpoint: "/scim/v2/Users", total: len(dir.Users)},
		{endpoint: "/scim/v2/Groups", total: len(dir.Groups)},
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(tests))
	for w := range 4 {
		for _, tt := range tests {
			wg.Go(func() {
				if n, err := pageAll(srv, tt.endpoint, 37+w); err != nil {
					errs <- err
				} else if n != tt.total {
					errs <- fmt.Errorf("%s: worker %d paged %d resources, want %d", tt.endpoint, w, n, tt.total)
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// pageAll pages through endpoint and returns the number of resources seen.
func pageAll(srv *httptest.Server, endpoint string, count int) (int, error) {
	seen := 0
	for start := 1; ; start += count {
		req, err := http.NewRequest(http.MethodGet, fmt.Sprintf("%s%s?startIndex=%d&count=%d", srv.URL, endpoint, start, count), nil)
		if err != nil {
			return seen, fmt.Errorf("building request: %w", err)
		}
		req.Header.Set("Authorization", "Bearer "+testToken)
		resp, err := srv.Client().Do(req)
		if err != nil {
			return seen, fmt.Errorf("GET %s: %w", req.URL, err)
		}
		var page listResponse
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil {
			return seen, fmt.Errorf("decoding %s: %w", req.URL, err)
		}
		if resp.StatusCode != http.StatusOK {
			return seen, fmt.Errorf("GET %s: status %d", req.URL, resp.StatusCode)
		}
		if len(page.Resources) == 0 {
			return seen, nil
		}
		seen += len(page.Resources)
	}
}
