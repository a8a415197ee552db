package ingest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/scim"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
	"github.com/scim2neo4j/scim2neo4j/testing/quirkserver"
)

// hostileStrings are ids and names that would break a loader that builds
// Cypher from data, or that mishandles Unicode and control characters.
var hostileStrings = []string{
	`'); MATCH (n) DETACH DELETE n; //`,
	"\"}) MATCH (n) DETACH DELETE n //",
	"`User` {uid: 'x'}",
	"MERGE CREATE DELETE RETURN",
	"$rows $run $connection",
	"Zoë Ångström 山田太郎 🚀 مرحبا",
	"tab\tnewline\nreturn\rbell\a",
	"nul\x00byte",
	"back\\slash/and/slashes",
	"\u202eright-to-left override",
	"a/../../Groups/evil",
	strings.Repeat("x", 1<<20), // a 1 MB string
}

// TestHostileValuesAreStoredAsData syncs ids and names built to look like
// Cypher, with Unicode, control characters and a 1 MB string, and checks
// that the graph holds them verbatim and nothing else was touched.
func TestHostileValuesAreStoredAsData(t *testing.T) {
	store := neo4jtest.Store(t)
	bystander := neo4jtest.ConnectionName(t, store)
	name := neo4jtest.ConnectionName(t, store)

	// Something else in the graph that a successful injection would delete.
	small := directory.Generate(directory.Options{Users: 20, Groups: 3, Seed: 2})
	if _, err := ingest.Sync(t.Context(), store, connection(t, bystander, serve(t, small, nil), 100), syncOptions); err != nil {
		t.Fatal(err)
	}
	before := neo4jtest.Dump(t, store, bystander)

	dir := &directory.Directory{}
	group := directory.Group{ID: "grp " + hostileStrings[0], DisplayName: hostileStrings[2]}
	for i, s := range hostileStrings {
		id := fmt.Sprintf("%d:%s", i, s)
		if len(s) > 1000 {
			id = fmt.Sprintf("%d:long", i)
		}
		dir.Users = append(dir.Users, directory.User{
			ID: id, UserName: s, DisplayName: s, GivenName: s, FamilyName: s, ExternalID: s, Title: s,
			Active: i%2 == 0, Department: s, EmployeeNumber: s,
			Emails: []directory.Email{{Value: s, Type: "work", Primary: true}},
		})
		group.Members = append(group.Members, directory.Member{Value: id, Type: directory.MemberTypeUser})
	}
	nested := directory.Group{ID: hostileStrings[6], DisplayName: hostileStrings[5],
		Members: []directory.Member{{Value: group.ID, Type: directory.MemberTypeGroup}}}
	dir.Groups = []directory.Group{group, nested}

	srv := httptestServer(t, quirkserver.New(dir, quirkserver.Quirks{}))
	res, err := ingest.Sync(t.Context(), store, connectionWith(t, name, scim.Config{
		BaseURL: srv.URL + quirkserver.BasePath, Auth: scim.Auth{Method: scim.AuthBearer, Token: quirkserver.StaticToken},
	}), syncOptions)
	if err != nil || res.Status != ingest.StatusOK {
		t.Fatalf("status %s, err %v", res.Status, err)
	}
	want := expectedGraph(name, dir)
	for _, u := range want.users {
		// The generator-based expectation derives matchKey from the
		// primary email; here that "email" is not an address, and it is
		// still the correlation key: trimmed and lower-cased.
		if e, ok := u["primaryEmail"].(string); ok {
			u["matchKey"] = strings.ToLower(strings.TrimSpace(e))
			if len(e) > 512 {
				delete(u, "matchKey") // too long to be a key
			}
		}
	}
	assertGraph(t, readGraph(t, store, name), want)
	if after := neo4jtest.Dump(t, store, bystander); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Fatal("syncing hostile values changed another connection's graph")
	}
}
