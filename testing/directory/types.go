package directory

// Member types used in Member.Type, matching the SCIM "members.type" values.
const (
	// MemberTypeUser marks a member that is a user.
	MemberTypeUser = "User"
	// MemberTypeGroup marks a member that is a (nested) group.
	MemberTypeGroup = "Group"
)

// Options selects the size and the random seed of a generated directory.
// Negative counts are treated as zero.
type Options struct {
	// Users is the number of users to generate.
	Users int
	// Groups is the number of groups to generate.
	Groups int
	// Seed makes the directory reproducible: equal Options give equal output.
	Seed int64
	// Dense gives the benchmark's directory: about 5 direct memberships
	// per user instead of about 4.25 (5,000,000 at 1,000,000 users), and
	// "VPN Users" holding 20% of users instead of 15% (200,000 at
	// 1,000,000). Users and group identities are the same either way.
	Dense bool
}

// Directory is a generated set of users and groups, ordered by index.
type Directory struct {
	// Users holds the users; Users[i] depends only on (Seed, i).
	Users []User
	// Groups holds the groups; Groups[j] depends on (Seed, j, Groups count).
	Groups []Group
}

// User is one SCIM user, including the enterprise extension attributes.
type User struct {
	// ID is the SCIM id, a UUID-shaped string unique within the directory.
	ID string
	// UserName is unique ("first.last.N@example.com").
	UserName string
	// DisplayName is "First Last".
	DisplayName string
	// GivenName is the first name.
	GivenName string
	// FamilyName is the last name.
	FamilyName string
	// ExternalID is the identifier in the (simulated) HR source system.
	ExternalID string
	// Title is the job title.
	Title string
	// Active is false for ~6% of the users.
	Active bool
	// Emails has zero to three addresses; when non-empty exactly one is primary.
	Emails []Email
	// EmployeeNumber is the enterprise employeeNumber.
	EmployeeNumber string
	// Department is the enterprise department.
	Department string
	// ManagerID is the SCIM id of the manager ("" if none); the manager always
	// has a lower index than the user.
	ManagerID string
}

// Email is one entry of a user's SCIM "emails" attribute.
type Email struct {
	// Value is the address.
	Value string
	// Type is "work" or "home".
	Type string
	// Primary marks the preferred address.
	Primary bool
}

// Group is one SCIM group.
type Group struct {
	// ID is the SCIM id, a UUID-shaped string unique within the directory
	// (also distinct from every user ID).
	ID string
	// DisplayName is unique among groups.
	DisplayName string
	// ExternalID is the identifier in the (simulated) source system.
	ExternalID string
	// Members lists user members in ascending user index, then group members
	// in ascending group index.
	Members []Member
}

// Member is one entry of a group's SCIM "members" attribute.
type Member struct {
	// Value is the member's SCIM id.
	Value string
	// Type is MemberTypeUser or MemberTypeGroup.
	Type string
}
