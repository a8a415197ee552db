package scim

// EnterpriseUserSchema is the URN of the enterprise user extension (RFC 7643 §4.3).
const EnterpriseUserSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

// User is one SCIM user resource with the attributes scim2neo4j reads.
// Field matching is case-insensitive, as RFC 7643 §2.1 requires of attribute names.
type User struct {
	ID          String         `json:"id"`
	ExternalID  String         `json:"externalId"`
	UserName    String         `json:"userName"`
	DisplayName String         `json:"displayName"`
	Name        *Name          `json:"name"`
	Title       String         `json:"title"`
	Active      *Bool          `json:"active"`
	Emails      []Email        `json:"emails"`
	Enterprise  *EnterpriseExt `json:"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"`
}

// Name is the complex "name" attribute of a user.
type Name struct {
	GivenName  String `json:"givenName"`
	FamilyName String `json:"familyName"`
	Formatted  String `json:"formatted"`
}

// Email is one value of the multi-valued "emails" attribute.
type Email struct {
	Value   String `json:"value"`
	Type    String `json:"type"`
	Primary Bool   `json:"primary"`
}

// EnterpriseExt holds the enterprise extension attributes scim2neo4j reads.
type EnterpriseExt struct {
	EmployeeNumber String     `json:"employeeNumber"`
	Department     String     `json:"department"`
	Manager        *Reference `json:"manager"`
}

// Reference is a complex attribute pointing at another resource by id.
type Reference struct {
	Value String `json:"value"`
	Ref   String `json:"$ref"`
}

// Group is one SCIM group resource with its direct members.
//
// A very large group is passed on in parts, so that a million members
// never sit in memory at once: parts with Partial set carry only the ID
// and some members; the last part (Partial unset) carries the other
// attributes, the remaining members and the MemberCount of all parts.
type Group struct {
	ID          String   `json:"id"`
	ExternalID  String   `json:"externalId"`
	DisplayName String   `json:"displayName"`
	Members     []Member `json:"members"`
	// MemberCount is how many members the group listed, across its parts.
	MemberCount int `json:"-"`
	// Partial marks a part of a large group that more parts follow.
	Partial bool `json:"-"`
}

// Member is one entry of a group's "members": a user or a nested group.
type Member struct {
	Value String `json:"value"`
	Type  String `json:"type"`
	Ref   String `json:"$ref"`
}

// MemberKind says what a group member points at.
type MemberKind int

// The kinds a member can resolve to; MemberUnknown means neither the
// member's type nor its $ref said, so the caller must resolve it by id.
const (
	MemberUnknown MemberKind = iota
	MemberUser
	MemberGroup
)

// Kind resolves what the member points at, from its "type" (compared
// case-insensitively) or else from the resource type in its "$ref" URI.
func (m Member) Kind() MemberKind {
	switch lower(string(m.Type)) {
	case "user":
		return MemberUser
	case "group":
		return MemberGroup
	}
	return kindFromRef(string(m.Ref))
}

// resourceID is satisfied by the resources a listing can hold.
type resourceID interface {
	resourceID() string
}

func (u User) resourceID() string  { return string(u.ID) }
func (g Group) resourceID() string { return string(g.ID) }
