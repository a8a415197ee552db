package ingest_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/scim"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
)

// TestSourceChangeRefused: a connection name synced from one directory
// and then pointed at another is refused before anything is written,
// for a sync and for a dry run; the graph keeps the first directory.
// Allowing the change syncs the second directory in its place.
func TestSourceChangeRefused(t *testing.T) {
	store := neo4jtest.Store(t)
	name := neo4jtest.ConnectionName(t, store)
	first := directory.Generate(directory.Options{Users: 120, Groups: 12, Seed: 3})
	other := directory.Generate(directory.Options{Users: 90, Groups: 8, Seed: 4})
	if _, err := ingest.Sync(t.Context(), store, connection(t, name, serve(t, first, nil), 50), syncOptions); err != nil {
		t.Fatalf("first sync: %v", err)
	}
	before := neo4jtest.Dump(t, store, name)
	moved := connection(t, name, serve(t, other, nil), 50)

	for _, dry := range []bool{false, true} {
		opts := syncOptions
		opts.AllowBaseURLChange = false
		opts.DryRun = dry
		rep := ingest.SyncAll(t.Context(), store, []ingest.Connection{moved}, opts, 1)
		res := rep.Results[0]
		var changed *ingest.SourceChangedError
		if !errors.As(res.Err, &changed) || res.Status != ingest.StatusFailed {
			t.Fatalf("dry run %v: status %s, error %v; want failed with SourceChangedError", dry, res.Status, res.Err)
		}
		if changed.Connection != name || changed.Configured != moved.BaseURL || changed.Recorded == moved.BaseURL {
			t.Errorf("dry run %v: error names %+v", dry, changed)
		}
		if res.Users.Written != 0 || res.Groups.Written != 0 {
			t.Errorf("dry run %v: refused run wrote %d users, %d groups", dry, res.Users.Written, res.Groups.Written)
		}
		if after := neo4jtest.Dump(t, store, name); !slices.Equal(before, after) {
			t.Fatalf("dry run %v: refused run changed the graph (%d lines before, %d after)", dry, len(before), len(after))
		}
	}

	t.Run("same URL with a trailing slash is the same source", func(t *testing.T) {
		same := connection(t, name, serve(t, first, nil), 50)
		rec := neo4jtest.Query(t, store, `MATCH (c:Connection {name: $n}) RETURN c.baseUrl`, map[string]any{"n": name})
		same.BaseURL = rec[0].Values[0].(string) + "/"
		opts := syncOptions
		opts.AllowBaseURLChange = false
		if _, err := ingest.Sync(t.Context(), store, same, opts); err != nil {
			t.Fatalf("sync: %v", err)
		}
	})

	t.Run("allowed change syncs the new directory", func(t *testing.T) {
		opts := syncOptions
		opts.AllowBaseURLChange = true
		opts.AllowMassRemoval = true
		if _, err := ingest.Sync(t.Context(), store, moved, opts); err != nil {
			t.Fatalf("sync: %v", err)
		}
		assertGraph(t, readGraph(t, store, name), expectedGraph(name, other))
		rec := neo4jtest.Query(t, store, `MATCH (c:Connection {name: $n}) RETURN c.baseUrl`, map[string]any{"n": name})
		if got := rec[0].Values[0]; got != moved.BaseURL {
			t.Errorf("Connection.baseUrl %v, want %s", got, moved.BaseURL)
		}
	})
}

// TestSourceGuardAfterFailedFirstRun: a first run that wrote nothing (a
// base URL without the SCIM path, say) does not tie the name to that
// URL: the corrected URL syncs.
func TestSourceGuardAfterFailedFirstRun(t *testing.T) {
	store := neo4jtest.Store(t)
	name := neo4jtest.ConnectionName(t, store)
	dir := directory.Generate(directory.Options{Users: 30, Groups: 3, Seed: 5})
	good := connection(t, name, serve(t, dir, nil), 50)
	wrong := connection(t, name, serve(t, dir, nil), 50)
	wrong.Source = failingSource{}
	opts := syncOptions
	opts.AllowBaseURLChange = false
	if _, err := ingest.Sync(t.Context(), store, wrong, opts); err == nil {
		t.Fatal("the failing first run succeeded")
	}
	if n := neo4jtest.Query(t, store, `MATCH (c:Connection {name: $n}) RETURN c.baseUrl`, map[string]any{"n": name}); len(n) != 1 || n[0].Values[0] != wrong.BaseURL {
		t.Fatalf("the failed run did not record its base URL (%v); the test would prove nothing", n)
	}
	if _, err := ingest.Sync(t.Context(), store, good, opts); err != nil {
		t.Fatalf("sync with the corrected base URL: %v", err)
	}
}

// failingSource answers every listing with an error, as a server behind a
// wrong base URL does.
type failingSource struct{}

func (failingSource) Users(_ context.Context, out chan<- []scim.User) (scim.ListStats, error) {
	close(out)
	return scim.ListStats{}, errors.New("list users: HTTP 404")
}

func (failingSource) Groups(_ context.Context, out chan<- []scim.Group) (scim.ListStats, error) {
	close(out)
	return scim.ListStats{}, errors.New("list groups: HTTP 404")
}
