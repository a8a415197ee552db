package ingest_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
)

// reconcileOptions cut reconciliation into batches of two keys, so tests
// cross batch boundaries. Like syncOptions, they allow a connection's
// base URL to change between runs.
var reconcileOptions = ingest.Options{BatchSize: 2, Writers: 2, AllowBaseURLChange: true}

// TestSyncOrderDoesNotMatter syncs a primary and a secondary connection
// that share people in three ways (A then B, B then A, both in one run)
// and compares full dumps of the graphs: nodes, relationships and
// properties of both connections and of their identities.
func TestSyncOrderDoesNotMatter(t *testing.T) {
	store := neo4jtest.Store(t)
	d := neo4jtest.IdentityDomain(t, store)
	hr := newSource(t, store, "primary", 1, &directory.Directory{
		Users: []directory.User{
			with(person("h1", "Ann@"+d, "Ann Archer", true), func(u *directory.User) { u.Department = "Engineering"; u.ManagerID = "h2" }),
			with(person("h2", "bob@"+d, "Bob Baker", false), func(u *directory.User) { u.EmployeeNumber = "E2" }),
			person("h3", "dora@"+d, "Dora Dunn", true),
		},
		Groups: []directory.Group{group("hg1", "Staff", []string{"h1", "h2"}), group("hg2", "Admins", nil, "hg1")},
	})
	chat := newSource(t, store, "secondary", 1, &directory.Directory{
		Users: []directory.User{
			with(person("s1", "ann@"+d, "ann", true), func(u *directory.User) { u.Title = "Engineer"; u.Department = "R&D" }),
			person("s2", "bob@"+d, "bob", true),
			person("s3", "carl@"+d, "Carl Cole", true),
			person("s4", "", "no email", true), // an identity of its own
		},
		Groups: []directory.Group{group("sg1", "general", []string{"s1", "s2", "s3"})},
	})
	connections := []string{hr.name, chat.name}
	purge := func() {
		for _, s := range []*source{hr, chat} {
			neo4jtest.PurgeConnectionIdentities(t, store, s.name)
			neo4jtest.Purge(t, store, s.name)
		}
		neo4jtest.PurgeIdentities(t, store, d)
	}

	syncOK(t, store, hr, reconcileOptions)
	syncOK(t, store, chat, reconcileOptions)
	aThenB := neo4jtest.DumpGraph(t, store, connections, d)
	purge()

	syncOK(t, store, chat, reconcileOptions)
	syncOK(t, store, hr, reconcileOptions)
	bThenA := neo4jtest.DumpGraph(t, store, connections, d)
	purge()

	rep := ingest.SyncAll(t.Context(), store, []ingest.Connection{hr.conn(t), chat.conn(t)}, reconcileOptions, 2)
	if err := rep.Err(); err != nil {
		t.Fatal(err)
	}
	together := neo4jtest.DumpGraph(t, store, connections, d)

	if !slices.Equal(aThenB, bThenA) {
		t.Errorf("A then B differs from B then A:\n%s", lineDiff(aThenB, bThenA))
	}
	if !slices.Equal(aThenB, together) {
		t.Errorf("A then B differs from A and B together:\n%s", lineDiff(aThenB, together))
	}
	identities := 0
	for _, l := range together {
		if strings.HasPrefix(l, "identity ") {
			identities++
		}
	}
	if identities != 5 { // ann, bob, carl, dora and the account without email
		t.Errorf("%d identities in the dump, want 5:\n%s", identities, strings.Join(together, "\n"))
	}

	t.Run("reconciling twice changes nothing", func(t *testing.T) {
		for round := 1; round <= 2; round++ {
			rec, err := ingest.Reconcile(t.Context(), store, touchedKeys(t, store, hr, chat), reconcileOptions)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Keys != 5 || rec.Changed() {
				t.Errorf("round %d: %+v, want 5 keys and no change", round, rec.ReconcileCounts)
			}
			if after := neo4jtest.DumpGraph(t, store, connections, d); !slices.Equal(together, after) {
				t.Errorf("round %d changed the graph:\n%s", round, lineDiff(together, after))
			}
		}
	})
}

// lineDiff shows the lines only one of two sorted dumps has.
func lineDiff(a, b []string) string {
	var out []string
	for _, l := range a {
		if !slices.Contains(b, l) {
			out = append(out, "- "+l)
		}
	}
	for _, l := range b {
		if !slices.Contains(a, l) {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}

// TestReconcileConflicts checks the attribute rules on three connections:
// two primaries (ranked by priority, against their name order) and a
// secondary.
func TestReconcileConflicts(t *testing.T) {
	store := neo4jtest.Store(t)
	d := neo4jtest.IdentityDomain(t, store)
	ann, bob, carl := "ann@"+d, "bob@"+d, "carl@"+d

	first := &directory.Directory{Users: []directory.User{
		with(person("p1", ann, "Ann (first primary)", false), func(u *directory.User) { u.GivenName = "Ann" }),
		person("p2", bob, "Bob (first primary)", false),
	}}
	second := &directory.Directory{Users: []directory.User{
		with(person("q1", ann, "Ann (second primary)", true), func(u *directory.User) {
			u.Department = "Sales"
			u.EmployeeNumber = "E1"
		}),
	}}
	chat := &directory.Directory{Users: []directory.User{
		with(person("s1", ann, "Ann (secondary)", true), func(u *directory.User) {
			u.Title = "Engineer"
			u.Department = "Ops"
			u.FamilyName = "Archer"
		}),
		person("s2", bob, "Bob (secondary)", true),
		person("s3", carl, "Carl (secondary)", true),
	}}
	// Priority must beat name order: the top-ranked primary (priority 1,
	// serving first) is the one whose name sorts last.
	top := newSource(t, store, "primary", 1, first)
	next := newSource(t, store, "primary", 2, second)
	if top.name < next.name {
		top.name, next.name = next.name, top.name
	}
	sec := newSource(t, store, "secondary", 0, chat)

	rep := ingest.SyncAll(t.Context(), store, []ingest.Connection{sec.conn(t), next.conn(t), top.conn(t)}, reconcileOptions, 3)
	if err := rep.Err(); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, key string
		want      map[string]any
	}{
		{"two primaries ranked by priority; the top one's inactive wins", ann, map[string]any{
			"displayName": "Ann (first primary)", "displayNameFrom": top.name,
			"active": false, "activeFrom": top.name,
			"givenName": "Ann", "givenNameFrom": top.name,
			"department": "Sales", "departmentFrom": next.name, // the primary the top one lacks it in
			"employeeNumber": "E1", "employeeNumberFrom": next.name,
			"title": "Engineer", "titleFrom": sec.name, // only the secondary has one
			"familyName": "Archer", "familyNameFrom": sec.name,
			"email": ann, "emailFrom": top.name,
			"managed": true, "accountCount": int64(3),
			"connections": sortedAny(top.name, next.name, sec.name),
		}},
		{"a primary's active false beats a secondary's true", bob, map[string]any{
			"displayName": "Bob (first primary)", "displayNameFrom": top.name,
			"active": false, "activeFrom": top.name,
			"managed": true, "accountCount": int64(2),
		}},
		{"no primary: unmanaged, attributes from the secondary", carl, map[string]any{
			"displayName": "Carl (secondary)", "displayNameFrom": sec.name,
			"active": true, "activeFrom": sec.name,
			"managed": false, "accountCount": int64(1), "connections": []any{sec.name},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := identity(t, store, tt.key)
			if got == nil {
				t.Fatalf("no identity %s", tt.key)
			}
			for k, want := range tt.want {
				if !equalValue(got[k], want) {
					t.Errorf("%s = %#v, want %#v", k, got[k], want)
				}
			}
			if _, ok := got["primaryLostAt"]; ok {
				t.Errorf("primaryLostAt set on an identity that never lost a primary account")
			}
		})
	}
}

// sortedAny is the names sorted, as Neo4j returns a list.
func sortedAny(names ...string) []any {
	slices.Sort(names)
	out := make([]any, len(names))
	for i, n := range names {
		out[i] = n
	}
	return out
}

// equalValue compares property values, lists element by element.
func equalValue(got, want any) bool {
	g, gok := got.([]any)
	w, wok := want.([]any)
	if gok && wok {
		return slices.Equal(g, w)
	}
	return got == want
}

// TestPrimaryDeletionIsRemembered deletes a person from the primary (not
// deactivating them) while their secondary account stays active: after
// the next sync of the primary the identity is unmanaged with
// primaryLostAt set, the offboarding-gaps query lists it, and the memory
// survives later runs until a primary account returns.
func TestPrimaryDeletionIsRemembered(t *testing.T) {
	store := neo4jtest.Store(t)
	d := neo4jtest.IdentityDomain(t, store)
	ann := "ann@" + d
	staff := []directory.User{
		person("h1", ann, "Ann Archer", true),
		person("h2", "bob@"+d, "Bob", true), person("h3", "cy@"+d, "Cy", true),
		person("h4", "di@"+d, "Di", true), person("h5", "ed@"+d, "Ed", true),
	}
	hrDir := &directory.Directory{Users: staff}
	hr := newSource(t, store, "primary", 1, hrDir)
	chatDir := &directory.Directory{Users: []directory.User{person("s1", ann, "ann", true)}}
	chat := newSource(t, store, "secondary", 1, chatDir)
	syncOK(t, store, hr, reconcileOptions)
	syncOK(t, store, chat, reconcileOptions)
	if got := identity(t, store, ann); got["managed"] != true || got["primaryLostAt"] != nil {
		t.Fatalf("before the deletion: %v", got)
	}

	// Ann is deleted from HR (one of five accounts: within the removal guard).
	hr.srv = serve(t, &directory.Directory{Users: staff[1:]}, nil)
	res := syncOK(t, store, hr, reconcileOptions)
	if res.Removed.Users != 1 {
		t.Fatalf("removed %d accounts, want 1", res.Removed.Users)
	}
	got := identity(t, store, ann)
	lostAt, ok := got["primaryLostAt"].(time.Time)
	if !ok || got["managed"] != false || got["accountCount"] != int64(1) {
		t.Fatalf("after the deletion: %v; want unmanaged with primaryLostAt", got)
	}
	if gaps := offboardingGaps(t, store, d); !slices.Equal(gaps, []string{ann + " removed from primary " + chat.name}) {
		t.Fatalf("offboarding gaps %q", gaps)
	}

	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"next sync of the primary", func(t *testing.T) { syncOK(t, store, hr, reconcileOptions) }},
		{"sync of the secondary with a change to the account", func(t *testing.T) {
			chatDir.Users[0].Title = "Contractor"
			syncOK(t, store, chat, reconcileOptions)
		}},
		{"reconciliation on demand", func(t *testing.T) {
			if _, err := ingest.Reconcile(t.Context(), store, touchedKeys(t, store, hr, chat), reconcileOptions); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.run(t)
			got := identity(t, store, ann)
			if at, _ := got["primaryLostAt"].(time.Time); !at.Equal(lostAt) || got["managed"] != false {
				t.Fatalf("primaryLostAt %v, managed %v; want %v kept", got["primaryLostAt"], got["managed"], lostAt)
			}
		})
	}
	if got := identity(t, store, ann); got["title"] != "Contractor" {
		t.Errorf("title %v: the identity did not follow the secondary's change", got["title"])
	}

	t.Run("a primary account coming back clears it", func(t *testing.T) {
		hr.srv = serve(t, hrDir, nil)
		syncOK(t, store, hr, reconcileOptions)
		got := identity(t, store, ann)
		if _, set := got["primaryLostAt"]; set || got["managed"] != true {
			t.Fatalf("after the return: %v", got)
		}
		if gaps := offboardingGaps(t, store, d); len(gaps) != 0 {
			t.Fatalf("offboarding gaps %q after the return", gaps)
		}
	})
}

// offboardingGaps runs the library's offboarding-gaps query and keeps the
// rows of identities in the test's domain, as "key reason connection".
func offboardingGaps(t *testing.T, store *cypher.Store, domain string) []string {
	t.Helper()
	q, err := cypher.LookupQuery("offboarding-gaps")
	if err != nil {
		t.Fatal(err)
	}
	table, err := store.RunQuery(t.Context(), q, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, row := range table.Rows {
		r := map[string]any{}
		for i, c := range table.Columns {
			r[c] = row[i]
		}
		if key, _ := r["identity"].(string); strings.HasSuffix(key, "@"+domain) {
			out = append(out, key+" "+r["reason"].(string)+" "+r["connection"].(string))
		}
	}
	return out
}

// TestAccountsMoveBetweenIdentities changes an account's correlation key
// and removes another account: the identity that lost its only account
// is removed, the account joins the identity of its new key, and an
// account without a key gets an identity of its own.
func TestAccountsMoveBetweenIdentities(t *testing.T) {
	store := neo4jtest.Store(t)
	d := neo4jtest.IdentityDomain(t, store)
	dir := &directory.Directory{Users: []directory.User{
		person("u1", "old@"+d, "Moving", true),
		person("u2", "gone@"+d, "Leaving", true),
		person("u3", "stay@"+d, "Staying", true), person("u4", "x@"+d, "X", true), person("u5", "y@"+d, "Y", true),
	}}
	src := newSource(t, store, "secondary", 1, dir)
	syncOK(t, store, src, reconcileOptions)
	dir.Users[0].Emails = []directory.Email{{Value: "stay@" + d, Primary: true}}
	dir.Users = slices.Delete(dir.Users, 1, 2)
	dir.Users = append(dir.Users, person("u6", "", "nameless", true))
	src.srv = serve(t, dir, nil)
	res := syncOK(t, store, src, reconcileOptions)
	if res.Reconciled.Removed != 2 || res.Reconciled.Created != 1 {
		t.Errorf("reconciliation %+v, want old@ and gone@ removed and the nameless account's identity created", res.Reconciled.ReconcileCounts)
	}
	for _, key := range []string{"old@" + d, "gone@" + d} {
		if got := identity(t, store, key); got != nil {
			t.Errorf("identity %s kept without accounts: %v", key, got)
		}
	}
	if got := accountsOf(t, store, "stay@"+d); !slices.Equal(got, []string{src.name + "/u1", src.name + "/u3"}) {
		t.Errorf("stay@ holds %v", got)
	}
	own := cypher.OwnKeyPrefix + src.name + "/u6"
	if got := identity(t, store, own); got == nil || got["displayName"] != "nameless" {
		t.Errorf("identity %s: %v", own, got)
	}
}

// TestMatchByUserName correlates a connection keyed by userName with one
// keyed by email.
func TestMatchByUserName(t *testing.T) {
	store := neo4jtest.Store(t)
	d := neo4jtest.IdentityDomain(t, store)
	hr := newSource(t, store, "primary", 1, &directory.Directory{Users: []directory.User{person("h1", "ann@"+d, "Ann", true)}})
	app := newSource(t, store, "secondary", 1, &directory.Directory{Users: []directory.User{
		with(person("a1", "", "ann in the app", true), func(u *directory.User) { u.UserName = " ANN@" + strings.ToUpper(d) + " " }),
	}})
	app.matchBy = ingest.MatchByUserName
	rep := ingest.SyncAll(t.Context(), store, []ingest.Connection{hr.conn(t), app.conn(t)}, reconcileOptions, 2)
	if err := rep.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{app.name + "/a1", hr.name + "/h1"}
	slices.Sort(want)
	if got := accountsOf(t, store, "ann@"+d); !slices.Equal(got, want) {
		t.Errorf("ann@ holds %v, want both accounts", got)
	}
}
