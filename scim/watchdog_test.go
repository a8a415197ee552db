package scim

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// slowGroup streams one group of n members in chunks, pausing between
// them; with stallAfter > 0 it goes silent after that many members.
type slowGroup struct {
	members, chunk, stallAfter int
	pause                      time.Duration
	requests                   atomic.Int64
}

func (s *slowGroup) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasSuffix(r.URL.Path, "/Groups") || r.URL.Query().Get("startIndex") != "1" {
		w.Header().Set("Content-Type", "application/scim+json")
		fmt.Fprint(w, `{"totalResults":1,"Resources":[]}`)
		return
	}
	s.requests.Add(1)
	w.Header().Set("Content-Type", "application/scim+json")
	fmt.Fprint(w, `{"totalResults":1,"Resources":[{"id":"g","displayName":"Slow","members":[`)
	for i := range s.members {
		if s.stallAfter > 0 && i == s.stallAfter {
			w.(http.Flusher).Flush()
			<-r.Context().Done()
			return
		}
		if i > 0 {
			fmt.Fprint(w, ",")
		}
		fmt.Fprintf(w, `{"value":"u%d","type":"User"}`, i)
		if i%s.chunk == s.chunk-1 {
			w.(http.Flusher).Flush()
			time.Sleep(s.pause)
		}
	}
	fmt.Fprint(w, `]}]}`)
}

func TestRequestTimeoutIsSilenceNotSize(t *testing.T) {
	tests := []struct {
		name       string
		server     *slowGroup
		wantErr    bool
		wantTries  int64
		wantMember int
	}{
		// 25 pauses of 40ms: 1s in all, far beyond the 300ms timeout,
		// but the server never stays silent that long.
		// (The client may ask for other pages; requests counts the first.)
		{name: "large page that keeps streaming", server: &slowGroup{members: 25_000, chunk: 1000, pause: 40 * time.Millisecond},
			wantTries: 1, wantMember: 25_000},
		// Silent after parts of the group were passed on: fails at once,
		// without a retry that would drop the rest of the group.
		{name: "silent in the middle of a large group", server: &slowGroup{members: 25_000, chunk: 1000, stallAfter: 15_000},
			wantErr: true, wantTries: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.server)
			defer srv.Close()
			got, _, err := collectGroups(t, newTestClient(t, srv, func(c *Config) {
				c.RequestTimeout = 300 * time.Millisecond
				c.MaxRetries = 3
			}))
			if n := tt.server.requests.Load(); n != tt.wantTries {
				t.Errorf("%d requests, want %d", n, tt.wantTries)
			}
			if tt.wantErr {
				var partial *partialError
				if !errors.As(err, &partial) || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "sent nothing for 300ms") {
					t.Fatalf("err = %v, want a timeout after parts of the group were passed on", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			members := 0
			for _, g := range got {
				members += len(g.Members)
			}
			if members != tt.wantMember {
				t.Fatalf("%d members passed on, want %d", members, tt.wantMember)
			}
		})
	}
}

// TestSilentServerTimesOutAndIsRetried: no headers within the timeout is a
// timeout (not a cancellation), and retried.
func TestSilentServerTimesOutAndIsRetried(t *testing.T) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		<-r.Context().Done()
	}))
	defer srv.Close()
	c := newTestClient(t, srv, func(c *Config) {
		c.RequestTimeout = 100 * time.Millisecond
		c.MaxRetries = 2
	})
	_, _, err := collectGroups(t, c)
	if !errors.Is(err, context.DeadlineExceeded) || Classify(err) != ProblemTimeout || !strings.Contains(err.Error(), "sent nothing") {
		t.Fatalf("err = %v (%v), want a timeout", err, Classify(err))
	}
	if n := requests.Load(); n != 3 {
		t.Fatalf("%d requests, want 3 (one and two retries)", n)
	}
}
