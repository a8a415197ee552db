package ingest_test

import (
	"testing"

	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/scim"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
	"github.com/scim2neo4j/scim2neo4j/testing/quirkserver"
)

// TestVeryLargeGroup syncs a group of 100,000 members, listed in one
// resource, cut into chunks that one writer writes in turn.
func TestVeryLargeGroup(t *testing.T) {
	const members = 100_000
	dir := directory.Generate(directory.Options{Users: members, Seed: 21})
	big := directory.Group{ID: "everyone", DisplayName: "Everyone"}
	for _, u := range dir.Users {
		big.Members = append(big.Members, directory.Member{Value: u.ID, Type: directory.MemberTypeUser})
	}
	dir.Groups = []directory.Group{big}

	store := neo4jtest.Store(t)
	name := neo4jtest.ConnectionName(t, store)
	srv := httptestServer(t, quirkserver.New(dir, quirkserver.Quirks{}))
	res, err := ingest.Sync(t.Context(), store, connectionWith(t, name, scim.Config{
		BaseURL: srv.URL + quirkserver.BasePath, Auth: scim.Auth{Method: scim.AuthBearer, Token: quirkserver.StaticToken},
	}), ingest.Options{BatchSize: 5000, Writers: 4})
	if err != nil || res.Status != ingest.StatusOK {
		t.Fatalf("status %s (%s), err %v; users %+v, groups %+v", res.Status, res.RemovalSkipped, err, res.UserListing, res.GroupListing)
	}
	if res.Memberships.Written != members || res.UnresolvedMembers != 0 {
		t.Fatalf("memberships written %d, unresolved %d; want %d, 0", res.Memberships.Written, res.UnresolvedMembers, members)
	}
	rows := neo4jtest.Query(t, store, `MATCH (g:Group {uid: $g}) RETURN g.memberCount AS n, COUNT { (g)<-[:MEMBER_OF]-(:User) } AS rels`,
		map[string]any{"g": name + "/everyone"})
	n, _ := rows[0].Get("n")
	rels, _ := rows[0].Get("rels")
	if n != int64(members) || rels != int64(members) {
		t.Fatalf("group has memberCount %v and %v member links, want %d", n, rels, members)
	}
}
