package ingest_test

import (
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/scim"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
	"github.com/scim2neo4j/scim2neo4j/testing/scimdemo"
)

const demoToken = "test-token"

// graph is what a connection's part of the graph says, in comparable form.
type graph struct {
	users       map[string]map[string]any // uid -> properties checked
	groups      map[string]map[string]any
	memberships []string // "member -> group"
	reportsTo   []string // "user -> manager"
}

// userProps are the User properties compared against the directory.
var userProps = []string{"connection", "scimId", "userName", "displayName", "givenName", "familyName",
	"externalId", "title", "active", "emails", "primaryEmail", "employeeNumber", "department", "managerId", "matchKey"}

// readGraph reads the connection's users, groups and relationships.
func readGraph(t *testing.T, store *cypher.Store, conn string) graph {
	t.Helper()
	g := graph{users: map[string]map[string]any{}, groups: map[string]map[string]any{}}
	for _, r := range neo4jtest.Query(t, store, `MATCH (u:User {connection: $c}) RETURN u.uid AS uid, properties(u) AS p`, map[string]any{"c": conn}) {
		uid, _ := r.Get("uid")
		p, _ := r.Get("p")
		g.users[uid.(string)] = pick(p.(map[string]any), userProps)
	}
	for _, r := range neo4jtest.Query(t, store, `MATCH (x:Group {connection: $c}) RETURN x.uid AS uid, properties(x) AS p`, map[string]any{"c": conn}) {
		uid, _ := r.Get("uid")
		p, _ := r.Get("p")
		g.groups[uid.(string)] = pick(p.(map[string]any), []string{"connection", "scimId", "displayName", "externalId", "memberCount"})
	}
	for _, r := range neo4jtest.Query(t, store, `MATCH (m)-[:MEMBER_OF]->(x:Group {connection: $c}) RETURN m.uid + ' -> ' + x.uid AS s`, map[string]any{"c": conn}) {
		s, _ := r.Get("s")
		g.memberships = append(g.memberships, s.(string))
	}
	for _, r := range neo4jtest.Query(t, store, `MATCH (u:User {connection: $c})-[:REPORTS_TO]->(m) RETURN u.uid + ' -> ' + m.uid AS s`, map[string]any{"c": conn}) {
		s, _ := r.Get("s")
		g.reportsTo = append(g.reportsTo, s.(string))
	}
	sort.Strings(g.memberships)
	sort.Strings(g.reportsTo)
	return g
}

// pick keeps the named keys, normalizing lists to []any.
func pick(p map[string]any, keys []string) map[string]any {
	out := map[string]any{}
	for _, k := range keys {
		if v, ok := p[k]; ok {
			out[k] = v
		}
	}
	return out
}

// expectedGraph is what the graph must hold for dir under connection conn.
func expectedGraph(conn string, dir *directory.Directory) graph {
	g := graph{users: map[string]map[string]any{}, groups: map[string]map[string]any{}}
	uid := func(id string) string { return conn + "/" + id }
	for _, u := range dir.Users {
		p := map[string]any{"connection": conn, "scimId": u.ID, "active": u.Active}
		set := func(k, v string) {
			if v != "" {
				p[k] = v
			}
		}
		set("userName", u.UserName)
		set("displayName", u.DisplayName)
		set("givenName", u.GivenName)
		set("familyName", u.FamilyName)
		set("externalId", u.ExternalID)
		set("title", u.Title)
		set("employeeNumber", u.EmployeeNumber)
		set("department", u.Department)
		set("managerId", u.ManagerID)
		var emails []any
		primary := ""
		for _, e := range u.Emails {
			emails = append(emails, e.Value)
			if e.Primary {
				primary = e.Value
			}
		}
		if len(emails) > 0 {
			p["emails"] = emails
		}
		set("primaryEmail", primary)
		key := primary
		if key == "" {
			key = u.UserName // the generator's userNames are email addresses
		}
		set("matchKey", lowerASCII(key))
		g.users[uid(u.ID)] = p
		if u.ManagerID != "" {
			g.reportsTo = append(g.reportsTo, uid(u.ID)+" -> "+uid(u.ManagerID))
		}
	}
	for _, x := range dir.Groups {
		p := map[string]any{"connection": conn, "scimId": x.ID, "memberCount": int64(len(x.Members))}
		if x.DisplayName != "" {
			p["displayName"] = x.DisplayName
		}
		if x.ExternalID != "" {
			p["externalId"] = x.ExternalID
		}
		g.groups[uid(x.ID)] = p
		for _, m := range x.Members {
			g.memberships = append(g.memberships, uid(m.Value)+" -> "+uid(x.ID))
		}
	}
	sort.Strings(g.memberships)
	sort.Strings(g.reportsTo)
	return g
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// assertGraph fails the test with the first differences between got and want.
func assertGraph(t *testing.T, got, want graph) {
	t.Helper()
	diffMaps(t, "user", got.users, want.users)
	diffMaps(t, "group", got.groups, want.groups)
	diffLists(t, "membership", got.memberships, want.memberships)
	diffLists(t, "REPORTS_TO", got.reportsTo, want.reportsTo)
}

func diffMaps(t *testing.T, what string, got, want map[string]map[string]any) {
	t.Helper()
	shown := 0
	for _, k := range slices.Sorted(maps.Keys(want)) {
		g, ok := got[k]
		switch {
		case !ok:
			t.Errorf("%s %s missing from the graph", what, k)
		case fmt.Sprint(g) != fmt.Sprint(want[k]):
			t.Errorf("%s %s:\n got  %v\n want %v", what, k, g, want[k])
		default:
			continue
		}
		if shown++; shown > 5 {
			t.FailNow()
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s %s in the graph but not in the directory", what, k)
			if shown++; shown > 5 {
				t.FailNow()
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d %ss in the graph, want %d", len(got), what, len(want))
	}
}

func diffLists(t *testing.T, what string, got, want []string) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	gs, ws := map[string]bool{}, map[string]bool{}
	for _, s := range got {
		gs[s] = true
	}
	for _, s := range want {
		ws[s] = true
	}
	shown := 0
	for _, s := range want {
		if !gs[s] && shown < 5 {
			t.Errorf("%s %s missing", what, s)
			shown++
		}
	}
	for _, s := range got {
		if !ws[s] && shown < 10 {
			t.Errorf("%s %s unexpected", what, s)
			shown++
		}
	}
	t.Errorf("%d %ss in the graph, want %d", len(got), what, len(want))
}

// serve starts the demo SCIM server for dir, optionally wrapped.
func serve(t *testing.T, dir *directory.Directory, wrap func(http.Handler) http.Handler) *httptest.Server {
	t.Helper()
	h, err := scimdemo.NewHandler(dir, demoToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// connection builds the ingest connection for a served directory.
func connection(t *testing.T, name string, srv *httptest.Server, pageSize int) ingest.Connection {
	t.Helper()
	return connectionWith(t, name, scim.Config{
		BaseURL:    srv.URL + "/scim/v2",
		Auth:       scim.Auth{Method: scim.AuthBearer, Token: demoToken},
		PageSize:   pageSize,
		MaxRetries: -1,
	})
}

// connectionWith builds the ingest connection for a client configuration.
func connectionWith(t *testing.T, name string, cfg scim.Config) ingest.Connection {
	t.Helper()
	client, err := scim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return ingest.Connection{Name: name, BaseURL: client.BaseURL(), Authoritative: "primary", Source: client}
}
