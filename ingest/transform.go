package ingest

import (
	"net/mail"
	"strings"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/scim"
)

// nodeUID is the graph key of a resource: the connection name, "/", and
// the SCIM id. Connection names are unique, so keys never collide across sources.
func nodeUID(connection, scimID string) string { return connection + "/" + scimID }

// userRow maps a SCIM user to its graph row, keyed for correlation by
// the connection's matchBy attribute.
func userRow(connection string, matchBy MatchBy, u scim.User) cypher.UserRow {
	row := cypher.UserRow{
		UID:         nodeUID(connection, string(u.ID)),
		Connection:  connection,
		SCIMID:      string(u.ID),
		UserName:    string(u.UserName),
		DisplayName: string(u.DisplayName),
		ExternalID:  string(u.ExternalID),
		Title:       string(u.Title),
		// RFC 7643 leaves active's default to the provider; an account a
		// provider lists without saying otherwise is taken as active.
		Active: u.Active == nil || bool(*u.Active),
	}
	if u.Name != nil {
		row.GivenName = string(u.Name.GivenName)
		row.FamilyName = string(u.Name.FamilyName)
	}
	for _, e := range u.Emails {
		if v := strings.TrimSpace(string(e.Value)); v != "" {
			row.Emails = append(row.Emails, v)
		}
	}
	row.PrimaryEmail = primaryEmail(u.Emails)
	if ext := u.Enterprise; ext != nil {
		row.EmployeeNumber = string(ext.EmployeeNumber)
		row.Department = string(ext.Department)
		if ext.Manager != nil {
			row.ManagerID = strings.TrimSpace(string(ext.Manager.Value))
		}
	}
	switch matchBy.orDefault() {
	case MatchByUserName:
		row.MatchKey = normalizeKey(row.UserName)
	case MatchByExternalID:
		row.MatchKey = normalizeKey(row.ExternalID)
	default:
		row.MatchKey = matchKey(row.PrimaryEmail, row.UserName)
	}
	return row
}

// primaryEmail picks the email marked primary, else the first work email,
// else the first email (the spec's correlation rule 1).
func primaryEmail(emails []scim.Email) string {
	pick := func(ok func(scim.Email) bool) string {
		for _, e := range emails {
			if v := strings.TrimSpace(string(e.Value)); v != "" && ok(e) {
				return v
			}
		}
		return ""
	}
	if v := pick(func(e scim.Email) bool { return bool(e.Primary) }); v != "" {
		return v
	}
	if v := pick(func(e scim.Email) bool { return strings.EqualFold(strings.TrimSpace(string(e.Type)), "work") }); v != "" {
		return v
	}
	return pick(func(scim.Email) bool { return true })
}

// matchKey is the email correlation key: the primary email, trimmed and
// lower-cased, else the userName when it is an email address, else none.
func matchKey(primary, userName string) string {
	if k := normalizeKey(primary); k != "" {
		return k
	}
	if isEmail(userName) {
		return normalizeKey(userName)
	}
	return ""
}

// normalizeKey trims and lower-cases a correlation key. Keys are always
// lower-case, which keeps them apart from cypher.OwnKeyPrefix.
// A key longer than maxKeyBytes is no key: no real email or user name is
// that long, and an index entry has a size limit.
func normalizeKey(s string) string {
	k := strings.ToLower(strings.TrimSpace(s))
	if len(k) > maxKeyBytes {
		return ""
	}
	return k
}

// maxKeyBytes bounds a correlation key.
const maxKeyBytes = 512

// isEmail reports whether s is a bare email address.
func isEmail(s string) bool {
	s = strings.TrimSpace(s)
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s && strings.Contains(s, "@")
}

// groupRow maps a SCIM group to its graph row.
func groupRow(connection string, g scim.Group) cypher.GroupRow {
	return cypher.GroupRow{
		UID:         nodeUID(connection, string(g.ID)),
		Connection:  connection,
		SCIMID:      string(g.ID),
		DisplayName: string(g.DisplayName),
		ExternalID:  string(g.ExternalID),
		MemberCount: max(g.MemberCount, len(g.Members)),
	}
}

// memberKind maps a SCIM member's resolved kind to the graph's.
func memberKind(m scim.Member) cypher.MemberKind {
	switch m.Kind() {
	case scim.MemberUser:
		return cypher.MemberUser
	case scim.MemberGroup:
		return cypher.MemberGroup
	}
	return cypher.MemberUnknown
}
