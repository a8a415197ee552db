package ingest_test

import (
	"net/http/httptest"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/scim"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
)

// person builds a directory user with one primary work email (none when
// email is ""), active unless said otherwise.
func person(id, email, displayName string, active bool) directory.User {
	u := directory.User{ID: id, UserName: id, DisplayName: displayName, Active: active}
	if email != "" {
		u.UserName = email
		u.Emails = []directory.Email{{Value: email, Type: "work", Primary: true}}
	}
	return u
}

// with returns u changed by f, for one-off attributes in a table.
func with(u directory.User, f func(*directory.User)) directory.User {
	f(&u)
	return u
}

// group builds a group whose members are the given user ids, then the
// given group ids.
func group(id, displayName string, users []string, groups ...string) directory.Group {
	g := directory.Group{ID: id, DisplayName: displayName}
	for _, u := range users {
		g.Members = append(g.Members, directory.Member{Value: u, Type: directory.MemberTypeUser})
	}
	for _, x := range groups {
		g.Members = append(g.Members, directory.Member{Value: x, Type: directory.MemberTypeGroup})
	}
	return g
}

// source is one connection of a reconciliation test: a served directory
// and how the connection ranks.
type source struct {
	name      string
	authority string
	priority  int
	matchBy   ingest.MatchBy
	srv       *httptest.Server
}

// conn builds the ingest connection of s.
func (s source) conn(t *testing.T) ingest.Connection {
	t.Helper()
	client, err := scim.New(scim.Config{
		BaseURL:    s.srv.URL + "/scim/v2",
		Auth:       scim.Auth{Method: scim.AuthBearer, Token: demoToken},
		PageSize:   2,
		MaxRetries: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	return ingest.Connection{Name: s.name, BaseURL: client.BaseURL(), Authoritative: s.authority,
		Priority: s.priority, MatchBy: s.matchBy, Source: client}
}

// newSource serves dir as a connection of the test, cleaned up (its
// identities first) when the test ends (see neo4jtest.ConnectionName).
func newSource(t *testing.T, store *cypher.Store, authority string, priority int, dir *directory.Directory) *source {
	t.Helper()
	name := neo4jtest.ConnectionName(t, store)
	return &source{name: name, authority: authority, priority: priority, srv: serve(t, dir, nil)}
}

// syncOK syncs one source alone and fails the test unless it succeeded.
func syncOK(t *testing.T, store *cypher.Store, s *source, opts ingest.Options) ingest.Result {
	t.Helper()
	res, err := ingest.Sync(t.Context(), store, s.conn(t), opts)
	if err != nil || res.Status != ingest.StatusOK {
		t.Fatalf("sync %s: status %s, err %v", s.name, res.Status, err)
	}
	return res
}

// identity reads the properties of the Identity with key, nil if none.
func identity(t *testing.T, store *cypher.Store, key string) map[string]any {
	t.Helper()
	rows := neo4jtest.Query(t, store, `MATCH (i:Identity {key: $k}) RETURN properties(i) AS p`, map[string]any{"k": key})
	if len(rows) == 0 {
		return nil
	}
	p, _ := rows[0].Get("p")
	return p.(map[string]any)
}

// accountsOf lists the uids an Identity holds, sorted.
func accountsOf(t *testing.T, store *cypher.Store, key string) []string {
	t.Helper()
	var uids []string
	for _, r := range neo4jtest.Query(t, store, `MATCH (:Identity {key: $k})-[:HAS_ACCOUNT]->(u) RETURN u.uid AS uid ORDER BY uid`, map[string]any{"k": key}) {
		uid, _ := r.Get("uid")
		uids = append(uids, uid.(string))
	}
	return uids
}

// touchedKeys lists the identity keys of the sources' accounts and of the
// identities holding them: everything a test's reconciliation may touch.
func touchedKeys(t *testing.T, store *cypher.Store, sources ...*source) []string {
	t.Helper()
	var keys []string
	for _, s := range sources {
		k, err := store.ConnectionIdentityKeys(t.Context(), s.name)
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k...)
	}
	return keys
}
