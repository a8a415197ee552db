package cypher

// UserRow is one account as written to a (:User) node. Empty strings and
// empty lists are stored as absent properties.
type UserRow struct {
	UID            string // connection + "/" + SCIM id
	Connection     string
	SCIMID         string
	UserName       string
	DisplayName    string
	GivenName      string
	FamilyName     string
	ExternalID     string
	Title          string
	Active         bool
	Emails         []string
	PrimaryEmail   string
	EmployeeNumber string
	Department     string
	ManagerID      string // SCIM id of the manager in the same connection
	MatchKey       string // correlation key for identity reconciliation
}

// GroupRow is one group as written to a (:Group) node.
type GroupRow struct {
	UID         string
	Connection  string
	SCIMID      string
	DisplayName string
	ExternalID  string
	MemberCount int
}

// MembershipRow says that Member (a node uid) is a direct member of Group.
type MembershipRow struct {
	Group  string
	Member string
	Kind   MemberKind
}

// MemberKind says which label a membership's member node has, when known.
type MemberKind uint8

// The kinds of member; MemberUnknown is looked up as User, then Group.
const (
	MemberUnknown MemberKind = iota
	MemberUser
	MemberGroup
)

// String is the kind as the membership statement expects it.
func (k MemberKind) String() string {
	switch k {
	case MemberUser:
		return "user"
	case MemberGroup:
		return "group"
	}
	return "unknown"
}

// param renders the row as a Cypher parameter map.
func (r UserRow) param() map[string]any {
	return map[string]any{
		"uid": r.UID,
		"props": map[string]any{
			"connection":     r.Connection,
			"scimId":         r.SCIMID,
			"userName":       orNil(r.UserName),
			"displayName":    orNil(r.DisplayName),
			"givenName":      orNil(r.GivenName),
			"familyName":     orNil(r.FamilyName),
			"externalId":     orNil(r.ExternalID),
			"title":          orNil(r.Title),
			"active":         r.Active,
			"emails":         listOrNil(r.Emails),
			"primaryEmail":   orNil(r.PrimaryEmail),
			"employeeNumber": orNil(r.EmployeeNumber),
			"department":     orNil(r.Department),
			"managerId":      orNil(r.ManagerID),
			"matchKey":       orNil(r.MatchKey),
		},
	}
}

// param renders the row as a Cypher parameter map.
func (r GroupRow) param() map[string]any {
	return map[string]any{
		"uid": r.UID,
		"props": map[string]any{
			"connection":  r.Connection,
			"scimId":      r.SCIMID,
			"displayName": orNil(r.DisplayName),
			"externalId":  orNil(r.ExternalID),
			"memberCount": r.MemberCount,
		},
	}
}

// param renders the row as a Cypher parameter map.
func (r MembershipRow) param() map[string]any {
	return map[string]any{"group": r.Group, "member": r.Member, "kind": r.Kind.String()}
}

// orNil maps "" to nil so that SET n += props removes the property.
func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// listOrNil maps an empty list to nil for the same reason.
func listOrNil(l []string) any {
	if len(l) == 0 {
		return nil
	}
	return l
}

// params renders rows for UNWIND $rows.
func params[R interface{ param() map[string]any }](rows []R) []any {
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r.param()
	}
	return out
}
