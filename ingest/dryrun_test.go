package ingest_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
)

// TestDryRunPredictsTheSync: a dry run against a synced graph counts
// exactly what the following sync creates, changes and removes, and
// writes nothing, not even the Connection node.
func TestDryRunPredictsTheSync(t *testing.T) {
	store := neo4jtest.Store(t)
	name := neo4jtest.ConnectionName(t, store)
	full := directory.Generate(directory.Options{Users: 400, Groups: 30, Seed: 11})

	dry := syncOptions
	dry.DryRun = true
	t.Run("empty graph: everything is new", func(t *testing.T) {
		res, err := ingest.Sync(t.Context(), store, connection(t, name, serve(t, full, nil), 100), dry)
		if err != nil {
			t.Fatal(err)
		}
		p := res.Plan
		if p == nil || p.Users != (ingest.Change{Listed: 400, New: 400}) || p.Groups != (ingest.Change{Listed: 30, New: 30}) ||
			p.Memberships.New != p.Memberships.Listed || p.Memberships.Listed == 0 {
			t.Fatalf("plan %+v", p)
		}
		if dump := neo4jtest.Dump(t, store, name); len(dump) != 0 {
			t.Fatalf("a dry run wrote %d items, first %q", len(dump), dump[0])
		}
		if n := neo4jtest.Query(t, store, `MATCH (c:Connection {name: $c}) RETURN c`, map[string]any{"c": name}); len(n) != 0 {
			t.Fatal("a dry run wrote the Connection node")
		}
	})

	if _, err := ingest.Sync(t.Context(), store, connection(t, name, serve(t, full, nil), 100), syncOptions); err != nil {
		t.Fatal(err)
	}
	changed := directory.Generate(directory.Options{Users: 400, Groups: 30, Seed: 11})
	for i := range 5 {
		changed.Users[i].Title = "Chief Dry Runner"
	}
	gone := map[string]bool{}
	for _, u := range changed.Users[390:] {
		gone[u.ID] = true
	}
	changed.Users = append(changed.Users[:390], directory.User{ID: "new-user", UserName: "new@example.com", Active: true})
	goneMemberships, changedGroups := 0, 0
	for j := range changed.Groups {
		g := &changed.Groups[j]
		n := len(g.Members)
		g.Members = slices.DeleteFunc(slices.Clone(g.Members), func(m directory.Member) bool { return gone[m.Value] })
		goneMemberships += n - len(g.Members)
		if n != len(g.Members) || j == 0 {
			changedGroups++ // memberCount changes
		}
	}
	changed.Groups[0].Members = append(changed.Groups[0].Members,
		directory.Member{Value: "new-user", Type: directory.MemberTypeUser},
		directory.Member{Value: "nobody", Type: directory.MemberTypeUser})
	if goneMemberships == 0 {
		t.Fatal("the removed users were in no group; the test would prove nothing about memberships")
	}
	srv := serve(t, changed, nil)

	before := neo4jtest.Dump(t, store, name)
	res, err := ingest.Sync(t.Context(), store, connection(t, name, srv, 100), dry)
	if err != nil {
		t.Fatalf("dry run: %v", err)
	}
	if after := neo4jtest.Dump(t, store, name); !slices.Equal(before, after) {
		t.Fatalf("a dry run changed the graph: %d lines before, %d after", len(before), len(after))
	}
	if res.Status != ingest.StatusOK || res.UnresolvedMembers != 1 {
		t.Fatalf("status %s, unresolved %d; want ok, 1", res.Status, res.UnresolvedMembers)
	}
	p := *res.Plan
	if want := (ingest.Change{Listed: 391, New: 1, Changed: 5, Gone: 10}); p.Users != want {
		t.Errorf("users %+v, want %+v", p.Users, want)
	}
	if want := (ingest.Change{Listed: 30, Changed: changedGroups}); p.Groups != want {
		t.Errorf("groups %+v, want %+v", p.Groups, want)
	}
	if p.Memberships.New != 1 || p.Memberships.Gone != goneMemberships {
		t.Errorf("memberships %+v, want 1 new, %d gone", p.Memberships, goneMemberships)
	}

	// The sync that follows does what the dry run said.
	synced, err := ingest.Sync(t.Context(), store, connection(t, name, srv, 100), syncOptions)
	if err != nil {
		t.Fatal(err)
	}
	if synced.Users.Created != p.Users.New || synced.Removed.Users != p.Users.Gone ||
		synced.Memberships.Created != p.Memberships.New || synced.Removed.Memberships != p.Memberships.Gone ||
		synced.Memberships.Written != p.Memberships.Listed {
		t.Errorf("sync %+v removed %+v; the dry run predicted %+v", synced.Memberships, synced.Removed, p)
	}
	want := expectedGraph(name, changed)
	want.memberships = slices.DeleteFunc(want.memberships, func(m string) bool { return m == name+"/nobody -> "+name+"/"+changed.Groups[0].ID })
	assertGraph(t, readGraph(t, store, name), want)
}

// TestDryRunReportsTheGuard: a dry run of a sync the mass-removal guard
// would refuse says so, as the sync would.
func TestDryRunReportsTheGuard(t *testing.T) {
	store := neo4jtest.Store(t)
	name := neo4jtest.ConnectionName(t, store)
	full := directory.Generate(directory.Options{Users: 300, Groups: 10, Seed: 12})
	if _, err := ingest.Sync(t.Context(), store, connection(t, name, serve(t, full, nil), 100), syncOptions); err != nil {
		t.Fatal(err)
	}
	dry := syncOptions
	dry.DryRun = true
	half := directory.Generate(directory.Options{Users: 100, Groups: 10, Seed: 12})
	res, err := ingest.Sync(t.Context(), store, connection(t, name, serve(t, half, nil), 100), dry)
	if !errors.Is(err, ingest.ErrMassRemoval) || res.Status != ingest.StatusBlocked || res.Plan.Users.Gone != 200 {
		t.Fatalf("status %s, err %v, plan %+v; want blocked with 200 users gone", res.Status, err, res.Plan)
	}
	if got := readGraph(t, store, name); len(got.users) != 300 {
		t.Fatalf("%d users left after a dry run, want 300", len(got.users))
	}
}
