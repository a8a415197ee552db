package scimdemo

import (
	"encoding/json"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
)

// memberList encodes a group's members as the SCIM "members" attribute:
// [{"value": id, "type": "User"|"Group", "$ref": url}, ...]. It writes JSON
// directly instead of building a map per member, which matters for groups
// with a million members.
type memberList struct {
	members []directory.Member
	baseURL string
}

// bytesPerMember estimates one encoded member with UUID ids, to size the
// output buffer once.
const bytesPerMember = 110

// MarshalJSON implements json.Marshaler.
func (l memberList) MarshalJSON() ([]byte, error) {
	buf := make([]byte, 0, 2+len(l.members)*(bytesPerMember+len(l.baseURL)))
	buf = append(buf, '[')
	for k, m := range l.members {
		if k > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"value":`...)
		buf = appendJSONString(buf, m.Value, "", "")
		buf = append(buf, `,"type":`...)
		buf = appendJSONString(buf, m.Type, "", "")
		buf = append(buf, `,"$ref":`...)
		buf = appendJSONString(buf, l.baseURL, endpoint(m), m.Value)
		buf = append(buf, '}')
	}
	return append(buf, ']'), nil
}

// endpoint returns the path segment, with slashes, of the member's
// resource type.
func endpoint(m directory.Member) string {
	if m.Type == directory.MemberTypeGroup {
		return "/Groups/"
	}
	return "/Users/"
}

// appendJSONString appends the concatenation a+b+c as a JSON string
// without building it first. Plain printable ASCII (all generated ids and
// URLs) is copied as is; anything else goes through encoding/json for
// correct escaping.
func appendJSONString(buf []byte, a, b, c string) []byte {
	if !plainASCII(a) || !plainASCII(b) || !plainASCII(c) {
		quoted, _ := json.Marshal(a + b + c) // marshalling a string cannot fail
		return append(buf, quoted...)
	}
	buf = append(buf, '"')
	buf = append(buf, a...)
	buf = append(buf, b...)
	buf = append(buf, c...)
	return append(buf, '"')
}

// plainASCII reports whether s needs no JSON escaping (encoding/json also
// escapes <, > and &, so those are excluded to produce identical output).
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}
