package ingest

import (
	"testing"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/scim"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
)

// benchSCIMUsers converts generated users to SCIM users as the client
// decodes them from the demo server.
func benchSCIMUsers(users []directory.User) []scim.User {
	out := make([]scim.User, len(users))
	for i, u := range users {
		active := scim.Bool(u.Active)
		su := scim.User{ID: scim.String(u.ID), ExternalID: scim.String(u.ExternalID), UserName: scim.String(u.UserName),
			DisplayName: scim.String(u.DisplayName), Title: scim.String(u.Title), Active: &active,
			Name:       &scim.Name{GivenName: scim.String(u.GivenName), FamilyName: scim.String(u.FamilyName)},
			Enterprise: &scim.EnterpriseExt{EmployeeNumber: scim.String(u.EmployeeNumber), Department: scim.String(u.Department)}}
		for _, e := range u.Emails {
			su.Emails = append(su.Emails, scim.Email{Value: scim.String(e.Value), Type: scim.String(e.Type), Primary: scim.Bool(e.Primary)})
		}
		if u.ManagerID != "" {
			su.Enterprise.Manager = &scim.Reference{Value: scim.String(u.ManagerID), Ref: scim.String("/scim/v2/Users/" + u.ManagerID)}
		}
		out[i] = su
	}
	return out
}

// benchSCIMGroups converts generated groups to SCIM groups.
func benchSCIMGroups(groups []directory.Group) []scim.Group {
	out := make([]scim.Group, len(groups))
	for j, g := range groups {
		sg := scim.Group{ID: scim.String(g.ID), ExternalID: scim.String(g.ExternalID), DisplayName: scim.String(g.DisplayName)}
		for _, m := range g.Members {
			path := "/scim/v2/Users/"
			if m.Type == directory.MemberTypeGroup {
				path = "/scim/v2/Groups/"
			}
			sg.Members = append(sg.Members, scim.Member{Value: scim.String(m.Value), Type: scim.String(m.Type), Ref: scim.String(path + m.Value)})
		}
		out[j] = sg
	}
	return out
}

var (
	sinkUserRow  cypher.UserRow
	sinkGroupRow cypher.GroupRow
	sinkMembers  []cypher.MembershipRow
)

// BenchmarkUserRows maps 1000 generated users to graph rows (userRow, with
// the default email correlation key) and reports ns per user.
func BenchmarkUserRows(b *testing.B) {
	users := benchSCIMUsers(directory.Generate(directory.Options{Users: 1000, Seed: 1}).Users)
	b.ReportAllocs()
	for b.Loop() {
		for _, u := range users {
			sinkUserRow = userRow("bench", MatchByEmail, u)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(users)), "ns/user")
}

// BenchmarkGroupRows maps 1000 generated groups (of a directory of 20,000
// users) to graph rows: groupRow alone, and groupRow plus the membership
// rows transformGroups builds for the spill (nodeUID and memberKind per
// member), reporting ns per group and per member.
func BenchmarkGroupRows(b *testing.B) {
	groups := benchSCIMGroups(directory.Generate(directory.Options{Users: 20_000, Groups: 1000, Seed: 1}).Groups)
	members := 0
	for _, g := range groups {
		members += len(g.Members)
	}
	b.Run("groupRow", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, g := range groups {
				sinkGroupRow = groupRow("bench", g)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(groups)), "ns/group")
	})
	b.Run("groupRow+memberRows", func(b *testing.B) {
		b.ReportAllocs()
		var rows []cypher.MembershipRow
		for b.Loop() {
			for _, g := range groups {
				sinkGroupRow = groupRow("bench", g)
				rows = rows[:0]
				for _, m := range g.Members {
					if m.Value != "" {
						rows = append(rows, cypher.MembershipRow{Member: nodeUID("bench", string(m.Value)), Kind: memberKind(m)})
					}
				}
			}
		}
		sinkMembers = rows
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(members), "ns/member")
	})
}
