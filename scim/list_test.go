package scim

import (
	"fmt"
	"net/http/httptest"
	"testing"
)

func TestListPaging(t *testing.T) {
	tests := []struct {
		name         string
		server       *fakeList
		wantUnique   int
		wantComplete bool
	}{
		{"exact pages", &fakeList{n: 300}, 300, true},
		{"short last page", &fakeList{n: 345}, 345, true},
		{"single page", &fakeList{n: 7}, 7, true},
		{"empty directory", &fakeList{n: 0}, 0, true},
		{"server caps count", &fakeList{n: 1234, pageCap: 50}, 1234, true},
		{"no totalResults", &fakeList{n: 250, noTotal: true}, 250, true},
		{"no totalResults and a cap", &fakeList{n: 250, noTotal: true, pageCap: 30}, 250, true},
		{"ignores startIndex", &fakeList{n: 500, ignoreStart: true}, 100, false},
		{"ignores startIndex, no total", &fakeList{n: 500, ignoreStart: true, noTotal: true}, 100, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.server)
			defer srv.Close()
			users, stats, err := collectUsers(t, newTestClient(t, srv, nil))
			if err != nil {
				t.Fatal(err)
			}
			if len(users) != tt.wantUnique || stats.Unique != tt.wantUnique {
				t.Fatalf("got %d users (stats %+v), want %d", len(users), stats, tt.wantUnique)
			}
			if stats.Complete() != tt.wantComplete {
				t.Fatalf("Complete() = %v, want %v (stats %+v)", stats.Complete(), tt.wantComplete, stats)
			}
			seen := map[string]bool{}
			for _, u := range users {
				if seen[string(u.ID)] {
					t.Fatalf("user %s passed on twice", u.ID)
				}
				seen[string(u.ID)] = true
			}
			if tt.wantComplete {
				for i := 1; i <= tt.server.n; i++ {
					if !seen[fmt.Sprintf("u%d", i)] {
						t.Fatalf("user u%d missing", i)
					}
				}
			}
		})
	}
}

func TestListStopsOnLyingTotal(t *testing.T) {
	// A server announcing far more than it has must not be paged forever.
	srv := httptest.NewServer(&lyingTotal{fakeList: fakeList{n: 120}, claim: 1_000_000_000})
	defer srv.Close()
	users, stats, err := collectUsers(t, newTestClient(t, srv, nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 120 || stats.Complete() {
		t.Fatalf("got %d users, complete=%v; want 120, incomplete", len(users), stats.Complete())
	}
	if stats.Pages > 20 {
		t.Fatalf("made %d page requests for 120 users", stats.Pages)
	}
}
