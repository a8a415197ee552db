package main

import (
	"context"

	"github.com/scim2neo4j/scim2neo4j/scim"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/scimdemo"
)

// memSource is an ingest.Source that hands out pages converted from a
// directory before the clock starts: no HTTP, no JSON. Syncing from it
// measures what the Cypher layer and Neo4j let through (the write ceiling).
// Each listing can be read once.
type memSource struct {
	users  [][]scim.User
	groups [][]scim.Group
}

// newMemSource converts dir into pages of pageSize resources, as the
// scim client would decode them from the demo server.
func newMemSource(dir *directory.Directory, pageSize int) *memSource {
	s := &memSource{}
	for lo := 0; lo < len(dir.Users); lo += pageSize {
		hi := min(lo+pageSize, len(dir.Users))
		page := make([]scim.User, 0, hi-lo)
		for _, u := range dir.Users[lo:hi] {
			page = append(page, scimUser(u))
		}
		s.users = append(s.users, page)
	}
	for lo := 0; lo < len(dir.Groups); lo += pageSize {
		hi := min(lo+pageSize, len(dir.Groups))
		page := make([]scim.Group, 0, hi-lo)
		for _, g := range dir.Groups[lo:hi] {
			page = append(page, scimGroup(g))
		}
		s.groups = append(s.groups, page)
	}
	return s
}

// Users streams the user pages into out and closes it.
func (s *memSource) Users(ctx context.Context, out chan<- []scim.User) (scim.ListStats, error) {
	return sendPages(ctx, s.users, out)
}

// Groups streams the group pages into out and closes it.
func (s *memSource) Groups(ctx context.Context, out chan<- []scim.Group) (scim.ListStats, error) {
	return sendPages(ctx, s.groups, out)
}

// sendPages sends pages in order and reports a complete index listing.
func sendPages[T any](ctx context.Context, pages [][]T, out chan<- []T) (scim.ListStats, error) {
	defer close(out)
	total := 0
	for _, p := range pages {
		total += len(p)
	}
	st := scim.ListStats{Paging: scim.PagingIndex, Announced: total}
	for _, p := range pages {
		select {
		case out <- p:
			st.Pages++
			st.Received += len(p)
			st.Unique += len(p)
		case <-ctx.Done():
			return st, ctx.Err()
		}
	}
	return st, nil
}

// scimUser is u as the scim client decodes it from the demo server, which
// omits empty strings and an empty enterprise extension.
func scimUser(u directory.User) scim.User {
	active := scim.Bool(u.Active)
	su := scim.User{
		ID:          scim.String(u.ID),
		ExternalID:  scim.String(u.ExternalID),
		UserName:    scim.String(u.UserName),
		DisplayName: scim.String(u.DisplayName),
		Title:       scim.String(u.Title),
		Active:      &active,
	}
	if u.GivenName != "" || u.FamilyName != "" {
		su.Name = &scim.Name{GivenName: scim.String(u.GivenName), FamilyName: scim.String(u.FamilyName)}
	}
	if len(u.Emails) > 0 {
		su.Emails = make([]scim.Email, len(u.Emails))
		for i, e := range u.Emails {
			su.Emails[i] = scim.Email{Value: scim.String(e.Value), Type: scim.String(e.Type), Primary: scim.Bool(e.Primary)}
		}
	}
	ext := scim.EnterpriseExt{EmployeeNumber: scim.String(u.EmployeeNumber), Department: scim.String(u.Department)}
	if u.ManagerID != "" {
		ext.Manager = &scim.Reference{Value: scim.String(u.ManagerID), Ref: scim.String(scimdemo.BasePath + "/Users/" + u.ManagerID)}
	}
	if ext.EmployeeNumber != "" || ext.Department != "" || ext.Manager != nil {
		su.Enterprise = &ext
	}
	return su
}

// scimGroup is g as the scim client decodes it from the demo server.
func scimGroup(g directory.Group) scim.Group {
	sg := scim.Group{ID: scim.String(g.ID), ExternalID: scim.String(g.ExternalID), DisplayName: scim.String(g.DisplayName)}
	if len(g.Members) > 0 {
		sg.Members = make([]scim.Member, len(g.Members))
		for i, m := range g.Members {
			path := "/Users/"
			if m.Type == directory.MemberTypeGroup {
				path = "/Groups/"
			}
			sg.Members[i] = scim.Member{Value: scim.String(m.Value), Type: scim.String(m.Type), Ref: scim.String(scimdemo.BasePath + path + m.Value)}
		}
	}
	return sg
}
