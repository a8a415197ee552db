package ingest_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
)

// TestReconcileAllRepairs damages the identity layer of two synced
// connections in the ways a crash between a run's writes and its
// reconciliation, or a hand edit, would leave it, and proves that
// ReconcileAll (what `scim2neo4j reconcile` runs) restores exactly the
// identities a normal sync and reconciliation give: the state before the
// damage or, when the damage is an account changed without its identity,
// the state a sync of that change writes (which then finds nothing left
// to repair). A second ReconcileAll changes nothing. Only this test's
// connections and identity domain are compared.
func TestReconcileAllRepairs(t *testing.T) {
	// ReconcileAll reconciles every identity of the database, so it gets a
	// Neo4j of its own: on the shared one it would reconcile identities of
	// tests running in other packages between their writes and their own
	// reconciliation, and change what those report.
	store := neo4jtest.StoreFor(t, neo4jtest.StartDedicated(t).Config())
	d := neo4jtest.IdentityDomain(t, store)
	hr := newSource(t, store, "primary", 1, &directory.Directory{Users: []directory.User{
		with(person("h1", "ann@"+d, "Ann Archer", true), func(u *directory.User) { u.Department = "Engineering" }),
		person("h2", "bob@"+d, "Bob Baker", false),
		with(person("h3", "dora@"+d, "Dora Dunn", true), func(u *directory.User) { u.ManagerID = "h1" }),
	}})
	chatDir := &directory.Directory{Users: []directory.User{
		with(person("s1", "ann@"+d, "ann", true), func(u *directory.User) { u.Title = "Engineer" }),
		person("s2", "bob@"+d, "bob", true),
		person("s3", "carl@"+d, "Carl Cole", true),
		person("s4", "", "no email", true), // an identity of its own
	}}
	chat := newSource(t, store, "secondary", 1, chatDir)
	syncOK(t, store, hr, reconcileOptions)
	syncOK(t, store, chat, reconcileOptions)
	connections := []string{hr.name, chat.name}
	dump := func() []string { return neo4jtest.DumpGraph(t, store, connections, d) }
	if n := countPrefix(dump(), "identity "); n != 5 { // ann, bob, carl, dora and the account without email
		t.Fatalf("%d identities after the syncs, want 5", n)
	}
	// Large batches: the whole database's keys are reconciled.
	opts := ingest.Options{BatchSize: 1000}
	params := map[string]any{"cs": connections, "d": d, "own": cypher.OwnKeyPrefix, "chat": chat.name,
		"new": "robert@" + d}

	steps := []struct {
		name   string
		damage string // a statement run with params
		// edit, when set, changes the chat directory as damage changed
		// its accounts: the repaired graph must be what a sync of it writes.
		edit func(dir *directory.Directory)
	}{
		{name: "identities deleted", damage: `
MATCH (i:Identity)-[:HAS_ACCOUNT]->(u:User) WHERE u.connection IN $cs
WITH DISTINCT i DETACH DELETE i`},
		{name: "HAS_ACCOUNT links deleted", damage: `
MATCH (:Identity)-[r:HAS_ACCOUNT]->(u:User) WHERE u.connection IN $cs DELETE r`},
		{name: "identity attributes tampered with", damage: `
MATCH (i:Identity) WHERE i.key ENDS WITH '@' + $d OR i.key STARTS WITH $own + $chat + '/'
SET i.displayName = 'tampered', i.active = NOT coalesce(i.active, false), i.accountCount = 99, i.stray = true
REMOVE i.managed, i.connections`},
		{name: "an account moved to another identity", damage: `
MATCH (:Identity {key: 'carl@' + $d})-[r:HAS_ACCOUNT]->(u:User {uid: $chat + '/s3'})
MATCH (ann:Identity {key: 'ann@' + $d})
DELETE r CREATE (ann)-[:HAS_ACCOUNT]->(u)`},
		{name: "an identity no account carries", damage: `
MATCH (u:User {uid: $chat + '/s1'})
CREATE (:Identity {key: 'ghost@' + $d, displayName: 'Ghost', managed: true, accountCount: 1})-[:HAS_ACCOUNT]->(u)`},
		{name: "an account's email changed without reconciliation", damage: `
MATCH (u:User {uid: $chat + '/s2'})
SET u.emails = [$new], u.primaryEmail = $new, u.matchKey = $new`,
			edit: func(dir *directory.Directory) {
				dir.Users[1].Emails = []directory.Email{{Value: "robert@" + d, Type: "work", Primary: true}}
			}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			want := dump()
			neo4jtest.Query(t, store, st.damage, params)
			if slices.Equal(dump(), want) {
				t.Fatal("the damage changed nothing: the step proves nothing")
			}
			rec, err := ingest.ReconcileAll(t.Context(), store, opts)
			if err != nil {
				t.Fatal(err)
			}
			if !rec.Changed() {
				t.Errorf("ReconcileAll reports no change: %+v", rec.ReconcileCounts)
			}
			got := dump()
			if st.edit != nil {
				st.edit(chatDir)
				chat.srv = serve(t, chatDir, nil)
				res := syncOK(t, store, chat, reconcileOptions)
				if res.Reconciled.Changed() {
					t.Errorf("the sync after ReconcileAll still reconciled identities: %+v", res.Reconciled.ReconcileCounts)
				}
				// The sync records its run on the Connection node.
				want, got = withoutConnectionNodes(dump()), withoutConnectionNodes(got)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("after ReconcileAll (- got, + want):\n%s", lineDiff(got, want))
			}
			repaired := dump()
			if _, err := ingest.ReconcileAll(t.Context(), store, opts); err != nil {
				t.Fatal(err)
			}
			if again := dump(); !slices.Equal(again, repaired) {
				t.Fatalf("a second ReconcileAll changed the graph (- first, + second):\n%s", lineDiff(repaired, again))
			}
		})
	}
}

// countPrefix counts the lines that start with prefix.
func countPrefix(lines []string, prefix string) int {
	n := 0
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			n++
		}
	}
	return n
}

// withoutConnectionNodes drops the Connection node lines of a dump.
func withoutConnectionNodes(lines []string) []string {
	return slices.DeleteFunc(slices.Clone(lines), func(l string) bool { return strings.HasPrefix(l, "connection ") })
}
