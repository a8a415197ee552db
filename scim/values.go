package scim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// String is a SCIM string attribute that also accepts a JSON number or
// boolean (rendered as text) and null, because providers are not always
// strict about types. Objects and arrays are rejected.
type String string

// UnmarshalJSON accepts strings, numbers, booleans and null.
func (s *String) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*s = ""
		return nil
	case b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = String(v)
		return nil
	case b[0] == 't' || b[0] == 'f' || b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		*s = String(b)
		return nil
	}
	return fmt.Errorf("expected a string, got %s", describeJSON(b))
}

// Bool is a SCIM boolean that also accepts the strings "true" and "false"
// (any case) and null, which some providers send.
type Bool bool

// UnmarshalJSON accepts true, false, "true", "false" and null.
func (v *Bool) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*v = false
		return nil
	}
	text := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &text); err != nil {
			return err
		}
	}
	parsed, err := strconv.ParseBool(strings.TrimSpace(text))
	if err != nil {
		return fmt.Errorf("expected a boolean, got %s", describeJSON(b))
	}
	*v = Bool(parsed)
	return nil
}

// describeJSON names the JSON type of a raw value for error messages,
// without echoing the (possibly huge or sensitive) value itself.
func describeJSON(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// kindFromRef reads the resource type from a $ref URI such as
// "https://host/scim/v2/Groups/123" or "../Users/abc".
func kindFromRef(ref string) MemberKind {
	path := lower(ref)
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	path = strings.TrimRight(path, "/")
	i := strings.LastIndex(path, "/")
	if i < 0 {
		return MemberUnknown
	}
	path = path[:i]
	switch {
	case strings.HasSuffix(path, "/users") || path == "users":
		return MemberUser
	case strings.HasSuffix(path, "/groups") || path == "groups":
		return MemberGroup
	}
	return MemberUnknown
}

// Int is a SCIM integer that also accepts a numeric string, as some
// providers send totalResults and startIndex quoted.
type Int int

// UnmarshalJSON accepts a JSON number, a numeric string, or null (as 0).
func (v *Int) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*v = 0
		return nil
	}
	text := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &text); err != nil {
			return err
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if ferr != nil || f != float64(int64(f)) {
			return fmt.Errorf("expected an integer, got %s", describeJSON(b))
		}
		n = int64(f)
	}
	*v = Int(n)
	return nil
}
