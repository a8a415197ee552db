package scim

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// arrivals is an http.Handler wrapper that records when each request
// reached the server.
type arrivals struct {
	next http.Handler
	mu   sync.Mutex
	at   []time.Time
}

func (a *arrivals) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.at = append(a.at, time.Now())
	a.mu.Unlock()
	a.next.ServeHTTP(w, r)
}

// times returns the arrival times in order.
func (a *arrivals) times() []time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := slices.Clone(a.at)
	slices.SortFunc(s, func(x, y time.Time) int { return x.Compare(y) })
	return s
}

// spcHandler answers every request with an empty ServiceProviderConfig.
var spcHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/scim+json")
	_, _ = w.Write([]byte(`{}`))
})

// checkSpacing fails unless the requests beyond the limiter's burst arrived
// no faster than rate per second after t0: by token-bucket arithmetic the
// (burst+k)-th request cannot be let through before t0 + k/rate, whatever
// the load (load only delays requests further).
func checkSpacing(t *testing.T, t0 time.Time, at []time.Time, rate float64, burst, want int) {
	t.Helper()
	if len(at) != want {
		t.Fatalf("server saw %d requests, want %d", len(at), want)
	}
	const slack = 5 * time.Millisecond // rounding in the limiter's float arithmetic
	for i := burst; i < len(at); i++ {
		k := i + 1 - burst
		earliest := time.Duration(float64(k) / rate * float64(time.Second))
		if got := at[i].Sub(t0); got < earliest-slack {
			t.Errorf("request %d arrived %v after the start; with %g/s and a burst of %d it cannot come before %v",
				i+1, got.Round(time.Millisecond), rate, burst, earliest)
		}
	}
}

// TestRateLimitSpacesConcurrentRequests proves that Config.RateLimit caps
// the request rate: of 16 concurrent requests at 10/s (burst 10) the last
// 6 are spread out at 100 ms intervals instead of all going at once; and
// that the cap is per connection, shared by a WithMaxRetries copy of the
// client rather than doubled by it.
func TestRateLimitSpacesConcurrentRequests(t *testing.T) {
	const (
		rate  = 10.0
		burst = 10 // New uses a burst of the rate, at least 1
		n     = 16
	)
	rec := &arrivals{next: spcHandler}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c := newTestClient(t, srv, func(c *Config) { c.RateLimit = rate })
	clients := []*Client{c, c.WithMaxRetries(0)}

	t0 := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			_, err := clients[i%2].ServiceProviderConfig(t.Context())
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	checkSpacing(t, t0, rec.times(), rate, burst, n)
}

// TestRateLimitAppliesToListing proves that the page requests of a listing,
// including those fanned out concurrently over index ranges, go through
// the same rate limit.
func TestRateLimitAppliesToListing(t *testing.T) {
	const (
		rate  = 10.0
		burst = 10
		users = 13
	)
	rec := &arrivals{next: &fakeList{n: users}}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	// One user per page: the first page, 12 fanned-out pages, and an empty
	// page past the announced total: 14 requests.
	c := newTestClient(t, srv, func(c *Config) { c.RateLimit = rate; c.PageSize = 1 })
	t0 := time.Now()
	got, _, err := collectUsers(t, c)
	if err != nil || len(got) != users {
		t.Fatalf("got %d users, err %v; want %d", len(got), err, users)
	}
	checkSpacing(t, t0, rec.times(), rate, burst, users+1)
}

// TestNoRateLimit proves that a RateLimit of 0 (or a negative one) sets no
// limiter at all: many concurrent requests all go through. A limiter built
// with rate 0 would refuse every request past its burst, and any limiter
// slow enough to need more than the deadline would fail at once.
func TestNoRateLimit(t *testing.T) {
	for _, limit := range []float64{0, -1} {
		t.Run(fmt.Sprintf("RateLimit=%v", limit), func(t *testing.T) {
			var calls atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				spcHandler(w, r)
			}))
			defer srv.Close()
			c := newTestClient(t, srv, func(c *Config) { c.RateLimit = limit; c.MaxRetries = -1 })
			if c.limiter != nil {
				t.Fatalf("RateLimit %v: client has a limiter (limit %v, burst %d)", limit, c.limiter.Limit(), c.limiter.Burst())
			}
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			const n = 40
			var wg sync.WaitGroup
			var failed atomic.Int64
			for range n {
				wg.Go(func() {
					if _, err := c.ServiceProviderConfig(ctx); err != nil {
						failed.Add(1)
						t.Error(err)
					}
				})
			}
			wg.Wait()
			if calls.Load() != n || failed.Load() != 0 {
				t.Fatalf("server saw %d of %d requests, %d failed", calls.Load(), n, failed.Load())
			}
		})
	}
}
