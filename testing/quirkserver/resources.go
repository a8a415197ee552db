package quirkserver

import (
	"fmt"
	"strings"
)

// enterpriseURN is the enterprise user extension schema.
const enterpriseURN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

// user renders user i.
func (s *Server) user(i int, _ bool) map[string]any {
	u := s.dir.Users[i]
	q := s.quirks
	m := map[string]any{
		"schemas":     []string{"urn:ietf:params:scim:schemas:core:2.0:User", enterpriseURN},
		"id":          u.ID,
		"userName":    u.UserName,
		"displayName": u.DisplayName,
		"name":        map[string]any{"givenName": u.GivenName, "familyName": u.FamilyName},
		"externalId":  u.ExternalID,
		"active":      s.boolean(u.Active),
	}
	if u.Title != "" {
		m["title"] = u.Title
		if q.BadTitleEvery > 0 && i%q.BadTitleEvery == 0 {
			m["title"] = map[string]any{"value": u.Title}
		}
	}
	if len(u.Emails) > 0 {
		var emails []any
		for _, e := range u.Emails {
			emails = append(emails, map[string]any{"value": e.Value, "type": e.Type, "primary": s.boolean(e.Primary)})
		}
		m["emails"] = emails
	}
	ext := map[string]any{"employeeNumber": u.EmployeeNumber, "department": u.Department}
	if u.ManagerID != "" {
		ext["manager"] = map[string]any{"value": u.ManagerID, "$ref": "../Users/" + u.ManagerID}
	}
	m[enterpriseURN] = ext
	return s.casing(m)
}

// group renders group i; brief (a listing with OmitMembers) leaves out members.
func (s *Server) group(i int, brief bool) map[string]any {
	g := s.dir.Groups[i]
	q := s.quirks
	m := map[string]any{
		"schemas":     []string{"urn:ietf:params:scim:schemas:core:2.0:Group"},
		"id":          g.ID,
		"displayName": g.DisplayName,
		"externalId":  g.ExternalID,
	}
	if brief {
		return s.casing(m)
	}
	members := make([]any, 0, len(g.Members)+q.PhantomMembers+1)
	for _, mem := range g.Members {
		members = append(members, s.member(mem.Value, mem.Type))
	}
	for k := range q.PhantomMembers {
		members = append(members, s.member(fmt.Sprintf("phantom-%d-%d", i, k), "User"))
	}
	if q.GroupCycle && len(s.dir.Groups) > 1 && i < 2 {
		members = append(members, s.member(s.dir.Groups[1-i].ID, "Group"))
	}
	if len(members) > 0 {
		m["members"] = members
	}
	return s.casing(m)
}

// member renders one member entry with the member quirks.
func (s *Server) member(id, typ string) map[string]any {
	m := map[string]any{"value": id}
	if !s.quirks.MembersWithoutType {
		m["type"] = typ
	}
	if !s.quirks.MembersWithoutRef {
		m["$ref"] = "https://scim.example.test/scim/v2/" + typ + "s/" + id
	}
	return m
}

// boolean renders b, as a string for a stringly-typed server.
func (s *Server) boolean(b bool) any {
	if s.quirks.StringlyTyped {
		if b {
			return "True"
		}
		return "False"
	}
	return b
}

// casing upper-cases attribute names (not URNs) for an odd-case server.
func (s *Server) casing(m map[string]any) map[string]any {
	if !s.quirks.OddCase {
		return m
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			v = s.casing(sub)
		}
		if list, ok := v.([]any); ok {
			for j, e := range list {
				if sub, ok := e.(map[string]any); ok {
					list[j] = s.casing(sub)
				}
			}
		}
		if !strings.HasPrefix(k, "urn:") && k != "schemas" {
			k = strings.ToUpper(k)
		}
		out[k] = v
	}
	return out
}
