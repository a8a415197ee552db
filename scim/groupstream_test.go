package scim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// bigGroups serves groups whose member lists are given by size; with
// truncateAt > 0 the body is cut after that many bytes.
type bigGroups struct {
	sizes      []int
	repeat     bool // list the first group again on a second page
	truncateAt int
	requests   atomic.Int64
}

func (b *bigGroups) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.requests.Add(1)
	start, _ := strconv.Atoi(r.URL.Query().Get("startIndex"))
	var groups []any
	total := len(b.sizes)
	if b.repeat {
		total++
	}
	if start <= 1 {
		for i, n := range b.sizes {
			groups = append(groups, bigGroup(i, n))
		}
	} else if b.repeat && start == len(b.sizes)+1 {
		groups = append(groups, bigGroup(0, b.sizes[0]))
	}
	body, _ := json.Marshal(map[string]any{"totalResults": total, "Resources": groups})
	if b.truncateAt > 0 && len(body) > b.truncateAt {
		body = body[:b.truncateAt]
	}
	w.Header().Set("Content-Type", "application/scim+json")
	_, _ = w.Write(body)
}

// bigGroup renders group i with n members; its id comes first, its
// displayName after the members.
func bigGroup(i, n int) map[string]any {
	members := make([]any, n)
	for m := range members {
		members[m] = map[string]any{"value": fmt.Sprintf("u%d-%d", i, m), "type": "User"}
	}
	return map[string]any{"id": fmt.Sprintf("g%d", i), "members": members, "displayName": fmt.Sprintf("Group %d", i)}
}

// collectGroups lists every group and returns what was passed on.
func collectGroups(t *testing.T, c *Client) ([]Group, ListStats, error) {
	t.Helper()
	out := make(chan []Group, 1)
	var got []Group
	done := make(chan struct{})
	go func() {
		for page := range out {
			got = append(got, page...)
		}
		close(done)
	}()
	stats, err := c.Groups(t.Context(), out)
	<-done
	return got, stats, err
}

func TestLargeGroupsStreamInParts(t *testing.T) {
	srv := httptest.NewServer(&bigGroups{sizes: []int{25_000, 3, 0}, repeat: true})
	defer srv.Close()
	got, stats, err := collectGroups(t, newTestClient(t, srv, nil))
	if err != nil {
		t.Fatal(err)
	}
	members := map[string]int{}
	parts := map[string]int{}
	final := map[string]Group{}
	for _, g := range got {
		members[string(g.ID)] += len(g.Members)
		if g.Partial {
			parts[string(g.ID)]++
			if len(g.Members) > groupPartSize {
				t.Fatalf("a part of %d members, more than %d", len(g.Members), groupPartSize)
			}
			continue
		}
		if _, dup := final[string(g.ID)]; dup {
			t.Fatalf("group %s passed on twice", g.ID)
		}
		final[string(g.ID)] = g
	}
	if parts["g0"] != 2 || members["g0"] != 25_000 || final["g0"].MemberCount != 25_000 || final["g0"].DisplayName != "Group 0" {
		t.Fatalf("g0: %d parts, %d members, final %+v", parts["g0"], members["g0"], final["g0"].MemberCount)
	}
	if parts["g1"] != 0 || members["g1"] != 3 || final["g1"].MemberCount != 3 {
		t.Fatalf("g1: %d parts, %d members", parts["g1"], members["g1"])
	}
	if len(final) != 3 || stats.Unique != 3 || stats.Duplicates == 0 {
		t.Fatalf("%d groups, stats %+v; want 3 groups, the repeat counted as a duplicate", len(final), stats)
	}
}

func TestBrokenLargeGroupFailsTheListing(t *testing.T) {
	b := &bigGroups{sizes: []int{25_000}, truncateAt: 800_000}
	srv := httptest.NewServer(b)
	defer srv.Close()
	_, _, err := collectGroups(t, newTestClient(t, srv, func(c *Config) { c.MaxRetries = 3 }))
	var partial *partialError
	if !errors.As(err, &partial) || !strings.Contains(err.Error(), "large group") {
		t.Fatalf("err = %v, want the listing to fail on a group broken off after parts were passed on", err)
	}
	if n := b.requests.Load(); n != 1 {
		t.Fatalf("%d requests: a page whose group parts were passed on must not be retried", n)
	}
}

// TestCancelWhileStreamingAGroup cancels the listing while a large group
// streams in: the listing must end with the cancellation, not spin on the
// decoder's sticky error (which once hung a run whose other listing failed).
func TestCancelWhileStreamingAGroup(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/scim+json")
		_, _ = w.Write([]byte(`{"totalResults":1,"Resources":[{"id":"g","members":[`))
		for i := 0; ; i++ {
			if i > 0 {
				_, _ = w.Write([]byte(","))
			}
			if _, err := fmt.Fprintf(w, `{"value":"u%d","type":"User"}`, i); err != nil {
				return
			}
			if i%1000 == 0 {
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				default:
				}
			}
		}
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(t.Context())
	c := newTestClient(t, srv, nil)
	out := make(chan []Group)
	errc := make(chan error, 1)
	go func() {
		_, err := c.Groups(ctx, out)
		errc <- err
	}()
	<-out // the first part of the endless group
	cancel()
	for range out {
	}
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
