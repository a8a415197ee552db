package ingest_test

import (
	"testing"
	"time"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
)

// seen is the bookkeeping one node or relationship carries.
type seen struct {
	firstSeen, lastSeen any // time.Time when set
	lastSeenRun         any // string when set
}

// seenKinds are the elements of a connection that carry firstSeen,
// lastSeen and lastSeenRun, each read as key -> bookkeeping.
var seenKinds = []struct {
	name  string
	query string // returns key, firstSeen, lastSeen, lastSeenRun for connection $c
}{
	{"user", `MATCH (x:User {connection: $c})
RETURN x.uid AS key, x.firstSeen AS firstSeen, x.lastSeen AS lastSeen, x.lastSeenRun AS lastSeenRun`},
	{"group", `MATCH (x:Group {connection: $c})
RETURN x.uid AS key, x.firstSeen AS firstSeen, x.lastSeen AS lastSeen, x.lastSeenRun AS lastSeenRun`},
	{"MEMBER_OF", `MATCH (m)-[r:MEMBER_OF]->(g:Group {connection: $c})
RETURN m.uid + ' -> ' + g.uid AS key, r.firstSeen AS firstSeen, r.lastSeen AS lastSeen, r.lastSeenRun AS lastSeenRun`},
	{"REPORTS_TO", `MATCH (u:User {connection: $c})-[r:REPORTS_TO]->(m)
RETURN u.uid + ' -> ' + m.uid AS key, r.firstSeen AS firstSeen, r.lastSeen AS lastSeen, r.lastSeenRun AS lastSeenRun`},
}

// readSeen reads the bookkeeping of one kind of element of the connection.
func readSeen(t *testing.T, store *cypher.Store, query, conn string) map[string]seen {
	t.Helper()
	out := map[string]seen{}
	for _, r := range neo4jtest.Query(t, store, query, map[string]any{"c": conn}) {
		key, _ := r.Get("key")
		first, _ := r.Get("firstSeen")
		last, _ := r.Get("lastSeen")
		run, _ := r.Get("lastSeenRun")
		out[key.(string)] = seen{firstSeen: first, lastSeen: last, lastSeenRun: run}
	}
	return out
}

// lastRun reads the id and start time of the connection's last run from
// its Connection node.
func lastRun(t *testing.T, store *cypher.Store, conn string) (string, time.Time) {
	t.Helper()
	rows := neo4jtest.Query(t, store, `MATCH (c:Connection {name: $c}) RETURN c.lastRunId AS id, c.lastRunStart AS start`,
		map[string]any{"c": conn})
	if len(rows) != 1 {
		t.Fatalf("%d Connection nodes named %s", len(rows), conn)
	}
	id, _ := rows[0].Get("id")
	start, _ := rows[0].Get("start")
	s, ok := start.(time.Time)
	if !ok {
		t.Fatalf("lastRunStart %#v is not a time", start)
	}
	return id.(string), s
}

// sameTime reports whether v is a time equal to want.
func sameTime(v any, want time.Time) bool {
	got, ok := v.(time.Time)
	return ok && got.Equal(want)
}

// TestFirstSeenIsKept syncs a directory twice (the second time with one
// user more) and proves, for users, groups, MEMBER_OF and REPORTS_TO
// relationships, that firstSeen is set when an element is created (to
// the creating run's time) and kept by later runs, while lastSeen and
// lastSeenRun advance to the run that saw the element last, as recorded
// on the Connection node (lastRunStart, lastRunId).
func TestFirstSeenIsKept(t *testing.T) {
	store := neo4jtest.Store(t)
	name := neo4jtest.ConnectionName(t, store)
	// Generate yields prefixes: the second directory is the first plus
	// user 60 with its memberships and manager, and a new group holding
	// an old user, the new one and an old group.
	first := directory.Generate(directory.Options{Users: 60, Groups: 8, Seed: 21})
	second := directory.Generate(directory.Options{Users: 61, Groups: 8, Seed: 21})
	second.Groups = append(second.Groups, group("firstseen-new-group", "New",
		[]string{second.Users[0].ID, second.Users[60].ID}, second.Groups[1].ID))

	syncDir := func(dir *directory.Directory) (string, time.Time) {
		t.Helper()
		res, err := ingest.Sync(t.Context(), store, connection(t, name, serve(t, dir, nil), 25), syncOptions)
		if err != nil || res.Status != ingest.StatusOK {
			t.Fatalf("sync: status %s, err %v", res.Status, err)
		}
		id, start := lastRun(t, store, name)
		if id != res.RunID {
			t.Fatalf("Connection node names run %s, the sync reported %s", id, res.RunID)
		}
		return id, start
	}

	run1, at1 := syncDir(first)
	before := make([]map[string]seen, len(seenKinds))
	for i, k := range seenKinds {
		before[i] = readSeen(t, store, k.query, name)
	}
	// Pause so that the second run's time differs from the first's
	// whatever the clock's resolution.
	time.Sleep(10 * time.Millisecond)
	run2, at2 := syncDir(second)
	if run2 == run1 || !at2.After(at1) {
		t.Fatalf("runs %s at %v and %s at %v: want a new id and a later time", run1, at1, run2, at2)
	}

	for i, k := range seenKinds {
		t.Run(k.name, func(t *testing.T) {
			if len(before[i]) == 0 {
				t.Fatalf("the first sync wrote no %s: the test proves nothing", k.name)
			}
			for key, s := range before[i] {
				if !sameTime(s.firstSeen, at1) || !sameTime(s.lastSeen, at1) || s.lastSeenRun != run1 {
					t.Fatalf("%s %s after the first run: firstSeen %v, lastSeen %v, lastSeenRun %v; want %v, %v, %s",
						k.name, key, s.firstSeen, s.lastSeen, s.lastSeenRun, at1, at1, run1)
				}
			}
			after := readSeen(t, store, k.query, name)
			created, wrong := 0, 0
			errorf := func(format string, args ...any) {
				if wrong++; wrong <= 5 {
					t.Errorf(format, args...)
				}
			}
			for key, s := range after {
				old, existed := before[i][key]
				wantFirst := at2 // created by the second run
				if existed {
					wantFirst = old.firstSeen.(time.Time)
				} else {
					created++
				}
				if !sameTime(s.firstSeen, wantFirst) {
					errorf("%s %s: firstSeen %v, want %v (existed before the second run: %t)", k.name, key, s.firstSeen, wantFirst, existed)
				}
				if !sameTime(s.lastSeen, at2) || s.lastSeenRun != run2 {
					errorf("%s %s: lastSeen %v, lastSeenRun %v; want %v, %s", k.name, key, s.lastSeen, s.lastSeenRun, at2, run2)
				}
			}
			for key := range before[i] {
				if _, ok := after[key]; !ok {
					errorf("%s %s vanished in the second run", k.name, key)
				}
			}
			if wrong > 5 {
				t.Errorf("%d wrong %ss in all", wrong, k.name)
			}
			if created == 0 {
				t.Errorf("the second run created no %s: creation by a later run is untested", k.name)
			}
		})
	}
}
