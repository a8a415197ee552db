package cypher_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
)

// fixture is a small graph written straight into Neo4j: a primary
// connection P (an HR system) and a secondary S (a chat app).
//
//	P: ann (active) in Engineering, which is in Admins; bob (inactive) in Admins;
//	   eve (active), deleted after the first reconciliation.
//	S: ann in All; bob (active) in Devs, which is in All; cat (active) in no
//	   group; dan (inactive) in Old Team, which is in Alumni; eve (active) in
//	   no group.
type fixture struct {
	p, s, domain string
}

// key is the identity key of a local part in the fixture's domain.
func (f fixture) key(local string) string { return local + "@" + f.domain }

// newFixture writes the fixture and reconciles its identities through the
// same statement sync uses.
func newFixture(t *testing.T, store *cypher.Store) fixture {
	t.Helper()
	f := fixture{p: neo4jtest.ConnectionName(t, store), s: neo4jtest.ConnectionName(t, store), domain: neo4jtest.IdentityDomain(t, store)}
	if f.p > f.s { // P sorts first, so that rows ordered by connection have one known order
		f.p, f.s = f.s, f.p
	}
	neo4jtest.Query(t, store, `
MERGE (:Connection {name: $p, authoritative: 'primary', priority: 1})
MERGE (:Connection {name: $s, authoritative: 'secondary', priority: 1})`, map[string]any{"p": f.p, "s": f.s})
	type user struct {
		conn, id, userName, local, display string
		active                             bool
	}
	users := []user{
		{f.p, "ann", f.key("ann"), "ann", "Ann Archer", true},
		{f.p, "bob", f.key("bob"), "bob", "Bob Baker", false},
		{f.p, "eve", f.key("eve"), "eve", "Eve Early", true},
		{f.s, "ann", "ann.s", "ann", "ann", true},
		{f.s, "bob", "bob.s", "bob", "bob", true},
		{f.s, "cat", "cat.s", "cat", "Cat Cole", true},
		{f.s, "dan", "dan.s", "dan", "Dan Dunn", false},
		{f.s, "eve", "eve.s", "eve", "eve", true},
	}
	for _, u := range users {
		neo4jtest.Query(t, store, `
CREATE (:User {uid: $conn + '/' + $id, connection: $conn, scimId: $id, userName: $userName,
               displayName: $display, active: $active, primaryEmail: $email, emails: [$email], matchKey: $email})`,
			map[string]any{"conn": u.conn, "id": u.id, "userName": u.userName, "display": u.display,
				"active": u.active, "email": f.key(u.local)})
	}
	groups := []struct{ conn, id, name string }{
		{f.p, "admins", "Admins"}, {f.p, "eng", "Engineering"},
		{f.s, "all", "All"}, {f.s, "devs", "Devs"}, {f.s, "old", "Old Team"}, {f.s, "alumni", "Alumni"},
	}
	for _, g := range groups {
		neo4jtest.Query(t, store, `CREATE (:Group {uid: $conn + '/' + $id, connection: $conn, scimId: $id, displayName: $name})`,
			map[string]any{"conn": g.conn, "id": g.id, "name": g.name})
	}
	memberships := [][3]string{ // connection, member, group
		{f.p, "ann", "eng"}, {f.p, "eng", "admins"}, {f.p, "bob", "admins"},
		{f.s, "ann", "all"}, {f.s, "bob", "devs"}, {f.s, "devs", "all"}, {f.s, "dan", "old"}, {f.s, "old", "alumni"},
	}
	for _, m := range memberships {
		neo4jtest.Query(t, store, `
MATCH (m {uid: $conn + '/' + $member}) WHERE m:User OR m:Group
MATCH (g:Group {uid: $conn + '/' + $group})
CREATE (m)-[:MEMBER_OF]->(g)`, map[string]any{"conn": m[0], "member": m[1], "group": m[2]})
	}
	keys := []string{f.key("ann"), f.key("bob"), f.key("cat"), f.key("dan"), f.key("eve")}
	reconcile(t, store, keys)
	// Eve leaves HR (deleted, not deactivated): her identity remembers it.
	neo4jtest.Query(t, store, `MATCH (u:User {uid: $uid}) DETACH DELETE u`, map[string]any{"uid": f.p + "/eve"})
	reconcile(t, store, keys)
	return f
}

// reconcile runs the reconciliation statement over keys.
func reconcile(t *testing.T, store *cypher.Store, keys []string) {
	t.Helper()
	if _, err := store.ReconcileIdentities(t.Context(), keys, time.Now()); err != nil {
		t.Fatal(err)
	}
}

// TestQueryLibrary runs every query of the library on the fixture and
// compares its rows, rendered as text, with the exact rows expected. Rows
// of queries that scan the whole graph are kept only when they belong to
// the fixture, since other tests share the database.
func TestQueryLibrary(t *testing.T) {
	store := neo4jtest.Store(t)
	f := newFixture(t, store)
	own := func(row map[string]any) bool {
		for _, col := range []string{"identity", "connection"} {
			if v, ok := row[col].(string); ok {
				return strings.HasSuffix(v, "@"+f.domain) || v == f.p || v == f.s
			}
		}
		return true
	}
	tests := []struct {
		query  string
		params map[string]any
		want   []string
	}{
		{"unmanaged-identities", nil, []string{
			fmt.Sprintf("%s | Cat Cole | true | [%s] | <nil>", f.key("cat"), f.s),
			fmt.Sprintf("%s | Dan Dunn | false | [%s] | <nil>", f.key("dan"), f.s),
			fmt.Sprintf("%s | eve | true | [%s] | <time>", f.key("eve"), f.s),
		}},
		{"offboarding-gaps", nil, []string{
			fmt.Sprintf("%s | Bob Baker | inactive in %s | <nil> | %s | bob.s", f.key("bob"), f.p, f.s),
			fmt.Sprintf("%s | eve | removed from primary | <time> | %s | eve.s", f.key("eve"), f.s),
		}},
		{"effective-groups", map[string]any{"key": f.key("ann")}, []string{
			fmt.Sprintf("%s | %s | Admins | false | [Engineering]", f.p, f.key("ann")),
			fmt.Sprintf("%s | %s | Engineering | true | []", f.p, f.key("ann")),
			fmt.Sprintf("%s | ann.s | All | true | []", f.s),
		}},
		{"group-reach", map[string]any{"connection": f.s, "group": "All"}, []string{
			fmt.Sprintf("ann.s | %s | true | true | []", f.key("ann")),
			fmt.Sprintf("bob.s | %s | true | false | [Devs]", f.key("bob")),
		}},
		{"accounts-without-group", nil, []string{
			fmt.Sprintf("%s | cat.s | true | %s", f.s, f.key("cat")),
			fmt.Sprintf("%s | eve.s | true | %s", f.s, f.key("eve")),
		}},
		{"groups-all-inactive", nil, []string{
			fmt.Sprintf("%s | Alumni | 1", f.s),
			fmt.Sprintf("%s | Old Team | 1", f.s),
		}},
		{"inactive-accounts-in-groups", nil, []string{
			fmt.Sprintf("%s | %s | [Admins]", f.p, f.key("bob")),
			fmt.Sprintf("%s | dan.s | [Old Team]", f.s),
		}},
		{"identity-attributes", map[string]any{"key": f.key("ann")}, []string{
			fmt.Sprintf("displayName | Ann Archer | %s", f.p),
			fmt.Sprintf("email | %s | %s", f.key("ann"), f.p),
			fmt.Sprintf("userName | %s | %s", f.key("ann"), f.p),
			fmt.Sprintf("active | true | %s", f.p),
		}},
	}
	tested := map[string]bool{}
	for _, tt := range tests {
		tested[tt.query] = true
		t.Run(tt.query, func(t *testing.T) {
			q, err := cypher.LookupQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			table, err := store.RunQuery(t.Context(), q, tt.params)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, row := range table.Rows {
				named := map[string]any{}
				for i, c := range table.Columns {
					named[c] = row[i]
				}
				if own(named) {
					got = append(got, render(row))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("columns %v\n got  %q\n want %q", table.Columns, got, tt.want)
			}
		})
	}
	for _, q := range cypher.Queries() {
		if !tested[q.Name] {
			t.Errorf("query %s has no test on the fixture", q.Name)
		}
	}
}

// render prints a row as "a | b | c"; times print as <time> since their
// value depends on when the fixture was reconciled.
func render(row []any) string {
	cells := make([]string, len(row))
	for i, v := range row {
		switch x := v.(type) {
		case time.Time:
			cells[i] = "<time>"
		case []any:
			parts := make([]string, len(x))
			for j, e := range x {
				parts[j] = fmt.Sprint(e)
			}
			cells[i] = "[" + strings.Join(parts, ", ") + "]"
		default:
			cells[i] = fmt.Sprint(x)
		}
	}
	return strings.Join(cells, " | ")
}

// TestQueryHeaders checks that each query says what it finds and
// documents exactly the parameters it uses.
func TestQueryHeaders(t *testing.T) {
	documented := regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)
	queries := cypher.Queries()
	if len(queries) < 6 {
		t.Fatalf("%d queries in the library, want at least 6", len(queries))
	}
	for _, q := range queries {
		t.Run(q.Name, func(t *testing.T) {
			header := q.Header()
			if len(header) < 2 || q.Purpose == "" || q.Purpose != header[0] {
				t.Fatalf("header %q: want a purpose line, then the parameters", header)
			}
			var inHeader []string
			for _, m := range documented.FindAllStringSubmatch(strings.Join(header, "\n"), -1) {
				inHeader = append(inHeader, m[1])
			}
			slices.Sort(inHeader)
			if !slices.Equal(slices.Compact(inHeader), q.Params) {
				t.Errorf("header documents %v, query uses %v", inHeader, q.Params)
			}
			if len(q.Params) == 0 && !slices.Contains(header, "Parameters: none.") {
				t.Errorf("header %q does not say the query takes no parameters", header)
			}
		})
	}
}

func TestLookupQuery(t *testing.T) {
	tests := []struct {
		name    string
		wantErr bool
	}{
		{"offboarding-gaps", false},
		{"no-such-query", true},
		{"../queries/offboarding-gaps", true},
		{"", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := cypher.LookupQuery(tt.name)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err %v, want error %v", err, tt.wantErr)
			}
			if err == nil && (q.Name != tt.name || !strings.Contains(q.Text, "MATCH")) {
				t.Fatalf("got %+v", q)
			}
		})
	}
}

func TestRunQueryChecksParameters(t *testing.T) {
	store := neo4jtest.Store(t)
	q, err := cypher.LookupQuery("group-reach")
	if err != nil {
		t.Fatal(err)
	}
	for _, params := range []map[string]any{
		{"connection": "x"},
		{"connection": "x", "group": "y", "extra": "z"},
	} {
		if _, err := store.RunQuery(t.Context(), q, params); err == nil || !strings.Contains(err.Error(), "group-reach takes connection, group") {
			t.Errorf("params %v: err %v", params, err)
		}
	}
}
