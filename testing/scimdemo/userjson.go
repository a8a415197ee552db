package scimdemo

import "github.com/scim2neo4j/scim2neo4j/testing/directory"

// The types below encode nested user attributes. Structs (and a hand-written
// emails encoder) serialise several times faster than nested
// map[string]any, which matters when paging a million users.

// nameJSON encodes the "name" complex attribute.
type nameJSON struct {
	GivenName  string `json:"givenName,omitempty"`
	FamilyName string `json:"familyName,omitempty"`
}

// enterpriseJSON encodes the enterprise user extension.
type enterpriseJSON struct {
	EmployeeNumber string       `json:"employeeNumber,omitempty"`
	Department     string       `json:"department,omitempty"`
	Manager        *managerJSON `json:"manager,omitempty"`
}

// managerJSON encodes the enterprise "manager" reference.
type managerJSON struct {
	Value string `json:"value"`
	Ref   string `json:"$ref"`
}

// emailList encodes the "emails" multi-valued attribute without a per-email
// allocation.
type emailList []directory.Email

// MarshalJSON implements json.Marshaler.
func (l emailList) MarshalJSON() ([]byte, error) {
	buf := make([]byte, 0, 64*len(l)+2)
	buf = append(buf, '[')
	for k, e := range l {
		if k > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"value":`...)
		buf = appendJSONString(buf, e.Value, "", "")
		if e.Type != "" {
			buf = append(buf, `,"type":`...)
			buf = appendJSONString(buf, e.Type, "", "")
		}
		if e.Primary {
			buf = append(buf, `,"primary":true`...)
		} else {
			buf = append(buf, `,"primary":false`...)
		}
		buf = append(buf, '}')
	}
	return append(buf, ']'), nil
}
