package ingest_test

import (
	"errors"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
)

// syncOptions are small batches and several writers, so that tests cross
// batch boundaries and run writers concurrently. Tests serve a directory
// on a new loopback port whenever they change it, so the base URL of a
// connection changes between its runs: the source guard is allowed here
// and tested on its own (TestSourceChangeRefused).
var syncOptions = ingest.Options{BatchSize: 97, Writers: 3, AllowBaseURLChange: true}

func TestSyncMirrorsDirectory(t *testing.T) {
	store := neo4jtest.Store(t)
	name := neo4jtest.ConnectionName(t, store)
	full := directory.Generate(directory.Options{Users: 1500, Groups: 120, Seed: 7})
	srv := serve(t, full, nil)

	res, err := ingest.Sync(t.Context(), store, connection(t, name, srv, 100), syncOptions)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	if res.Status != ingest.StatusOK || res.Users.Written != 1500 || res.Groups.Written != 120 {
		t.Fatalf("result %+v", res)
	}
	want := expectedGraph(name, full)
	assertGraph(t, readGraph(t, store, name), want)
	if res.Memberships.Written != len(want.memberships) || res.UnresolvedMembers != 0 {
		t.Fatalf("memberships written %d, unresolved %d; want %d, 0", res.Memberships.Written, res.UnresolvedMembers, len(want.memberships))
	}
	if !hasNestedGroups(want) {
		t.Fatal("the test directory has no nested groups; the test would prove nothing about them")
	}

	t.Run("second sync changes nothing", func(t *testing.T) {
		before := neo4jtest.Dump(t, store, name)
		res, err := ingest.Sync(t.Context(), store, connection(t, name, srv, 100), syncOptions)
		if err != nil {
			t.Fatal(err)
		}
		if c := res.Users.Created + res.Groups.Created + res.Memberships.Created; c != 0 {
			t.Errorf("second sync created %d items", c)
		}
		if r := res.Removed; r.Users+r.Groups+r.Memberships+r.Managers != 0 {
			t.Errorf("second sync removed %+v", r)
		}
		if after := neo4jtest.Dump(t, store, name); !slices.Equal(before, after) {
			t.Errorf("graph changed: %d lines before, %d after", len(before), len(after))
		}
	})

	t.Run("smaller directory removes exactly what disappeared", func(t *testing.T) {
		smaller := directory.Generate(directory.Options{Users: 1300, Groups: 120, Seed: 7})
		res, err := ingest.Sync(t.Context(), store, connection(t, name, serve(t, smaller, nil), 100), syncOptions)
		if err != nil {
			t.Fatal(err)
		}
		if res.Removed.Users != 200 {
			t.Errorf("removed %d users, want 200", res.Removed.Users)
		}
		assertGraph(t, readGraph(t, store, name), expectedGraph(name, smaller))
	})
}

func hasNestedGroups(g graph) bool {
	for _, m := range g.memberships {
		for uid := range g.groups {
			if len(m) > len(uid) && m[:len(uid)+4] == uid+" -> " {
				return true
			}
		}
	}
	return false
}

func TestFailedSyncRemovesNothing(t *testing.T) {
	store := neo4jtest.Store(t)
	name := neo4jtest.ConnectionName(t, store)
	full := directory.Generate(directory.Options{Users: 800, Groups: 40, Seed: 3})
	if _, err := ingest.Sync(t.Context(), store, connection(t, name, serve(t, full, nil), 100), syncOptions); err != nil {
		t.Fatal(err)
	}
	before := neo4jtest.Dump(t, store, name)

	// The smaller directory would remove users, but its server dies after a few pages.
	smaller := directory.Generate(directory.Options{Users: 700, Groups: 40, Seed: 3})
	var requests atomic.Int64
	dying := serve(t, smaller, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if requests.Add(1) > 4 {
				hj, ok := w.(http.Hijacker)
				if !ok {
					t.Error("cannot hijack")
					return
				}
				conn, _, _ := hj.Hijack()
				conn.Close() // the server goes away mid-run
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	res, err := ingest.Sync(t.Context(), store, connection(t, name, dying, 100), syncOptions)
	if err == nil || res.Status != ingest.StatusFailed {
		t.Fatalf("sync against a dying server: status %s, err %v; want failed", res.Status, err)
	}
	if r := res.Removed; r.Users+r.Groups+r.Memberships != 0 {
		t.Fatalf("failed sync removed %+v", r)
	}
	if after := neo4jtest.Dump(t, store, name); !slices.Equal(before, after) {
		t.Fatalf("failed sync changed the graph: %d lines before, %d after", len(before), len(after))
	}
	status := neo4jtest.Query(t, store, `MATCH (c:Connection {name: $c}) RETURN c.lastRunStatus AS s, c.lastRunError AS e`, map[string]any{"c": name})
	if s, _ := status[0].Get("s"); s != "failed" {
		t.Fatalf("Connection node says %v, want failed", s)
	}
}

func TestIncompleteListingRemovesNothing(t *testing.T) {
	store := neo4jtest.Store(t)
	name := neo4jtest.ConnectionName(t, store)
	full := directory.Generate(directory.Options{Users: 500, Groups: 30, Seed: 5})
	if _, err := ingest.Sync(t.Context(), store, connection(t, name, serve(t, full, nil), 100), syncOptions); err != nil {
		t.Fatal(err)
	}
	// The next listing skips a page of users but still announces all of them.
	smaller := directory.Generate(directory.Options{Users: 500, Groups: 30, Seed: 5})
	smaller.Users = append(slices.Clone(smaller.Users[:100]), smaller.Users[200:]...)
	srv := serve(t, smaller, func(h http.Handler) http.Handler { return announceTotal(h, 500) })
	res, err := ingest.Sync(t.Context(), store, connection(t, name, srv, 100), syncOptions)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != ingest.StatusIncomplete || res.RemovalSkipped == "" {
		t.Fatalf("status %s (%q), want incomplete with a reason", res.Status, res.RemovalSkipped)
	}
	if got := readGraph(t, store, name); len(got.users) != 500 {
		t.Fatalf("%d users left, want all 500 kept", len(got.users))
	}
}

func TestMassRemovalGuard(t *testing.T) {
	store := neo4jtest.Store(t)
	name := neo4jtest.ConnectionName(t, store)
	full := directory.Generate(directory.Options{Users: 400, Groups: 20, Seed: 9})
	if _, err := ingest.Sync(t.Context(), store, connection(t, name, serve(t, full, nil), 100), syncOptions); err != nil {
		t.Fatal(err)
	}
	half := directory.Generate(directory.Options{Users: 200, Groups: 20, Seed: 9})
	srv := serve(t, half, nil)
	res, err := ingest.Sync(t.Context(), store, connection(t, name, srv, 100), syncOptions)
	if !errors.Is(err, ingest.ErrMassRemoval) || res.Status != ingest.StatusBlocked {
		t.Fatalf("status %s, err %v; want blocked by the mass-removal guard", res.Status, err)
	}
	if got := readGraph(t, store, name); len(got.users) != 400 {
		t.Fatalf("%d users left after a refused removal, want 400", len(got.users))
	}
	opts := syncOptions
	opts.AllowMassRemoval = true
	if _, err := ingest.Sync(t.Context(), store, connection(t, name, srv, 100), opts); err != nil {
		t.Fatal(err)
	}
	assertGraph(t, readGraph(t, store, name), expectedGraph(name, half))
}

// TestEmptyListingRemovesNothing: a provider that suddenly lists nothing is
// more often a broken token than a layoff.
func TestEmptyListingRemovesNothing(t *testing.T) {
	store := neo4jtest.Store(t)
	name := neo4jtest.ConnectionName(t, store)
	full := directory.Generate(directory.Options{Users: 200, Groups: 10, Seed: 13})
	if _, err := ingest.Sync(t.Context(), store, connection(t, name, serve(t, full, nil), 100), syncOptions); err != nil {
		t.Fatal(err)
	}
	before := neo4jtest.Dump(t, store, name)
	empty := &directory.Directory{}
	res, err := ingest.Sync(t.Context(), store, connection(t, name, serve(t, empty, nil), 100), syncOptions)
	if !errors.Is(err, ingest.ErrMassRemoval) || res.Status != ingest.StatusBlocked {
		t.Fatalf("status %s, err %v; want blocked", res.Status, err)
	}
	if after := neo4jtest.Dump(t, store, name); !slices.Equal(before, after) {
		t.Fatalf("an empty listing changed the graph: %d lines before, %d after", len(before), len(after))
	}
}
