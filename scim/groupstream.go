package scim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// groupPartSize is how many members one part of a large group carries.
const groupPartSize = 10000

// decodeGroupStream decodes one group as it streams in. Members are read
// one by one; once a group has more than groupPartSize of them and its id
// is known, they are passed on in parts while the rest is still being
// read. Attributes of an unexpected type are dropped with a warning.
func decodeGroupStream(ctx context.Context, l *lister[Group], dec *json.Decoder, page *pageState[Group]) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		if ok && d == '[' {
			if err := skipRest(dec); err != nil {
				return err
			}
		}
		page.skipped = append(page.skipped, &ResourceError{Path: "Groups", Err: errors.New("not a JSON object")})
		return nil
	}
	var (
		g          Group
		members    []Member
		sawMembers bool
		total      int
		badMembers int
		dropped    []string
		emitting   bool // parts of this group are being passed on
		repeat     bool // the group was passed on before: drop it
	)
	flush := func() error {
		if repeat {
			members = members[:0]
			return nil
		}
		if !emitting {
			if !l.firstSight(string(g.ID)) {
				repeat = true
				members = members[:0]
				return nil
			}
			emitting = true
			page.partsSent = true
			if page.partial == nil {
				page.partial = map[string]bool{}
			}
			page.partial[string(g.ID)] = true
		}
		total += len(members)
		part := Group{ID: g.ID, Members: members, Partial: true}
		members = make([]Member, 0, groupPartSize)
		return l.send(ctx, []Group{part})
	}
	for dec.More() {
		key, err := objectKey(dec)
		if err != nil {
			return err
		}
		switch strings.ToLower(key) {
		case "id":
			err = decodeAttr(dec, &g.ID, "id", &dropped)
		case "displayname":
			err = decodeAttr(dec, &g.DisplayName, "displayName", &dropped)
		case "externalid":
			err = decodeAttr(dec, &g.ExternalID, "externalId", &dropped)
		case "members":
			sawMembers = true
			if members == nil {
				members = make([]Member, 0, 16)
			}
			err = decodeArray(dec, func() error {
				// Reading the raw value fails only on a broken stream;
				// decoding it fails only on a value of the wrong type.
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return err
				}
				var m Member
				if json.Unmarshal(raw, &m) != nil {
					badMembers++
					return nil
				}
				members = append(members, m)
				if len(members) >= groupPartSize && g.ID != "" && len(g.ID) <= MaxIDBytes {
					return flush()
				}
				return nil
			})
		default:
			err = skipValue(dec)
		}
		if err != nil {
			return err
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return err
	}
	switch {
	case repeat:
		return nil
	case g.ID == "":
		page.skipped = append(page.skipped, &ResourceError{Path: "Groups", Err: errors.New("missing id")})
		return nil
	case len(g.ID) > MaxIDBytes:
		page.skipped = append(page.skipped, &ResourceError{Path: "Groups", ID: clip(string(g.ID), 200),
			Err: fmt.Errorf("id of %d bytes, more than %d", len(g.ID), MaxIDBytes)})
		return nil
	}
	if sawMembers {
		g.Members = members
	}
	g.MemberCount = total + len(members)
	var problems []string
	if len(dropped) > 0 {
		problems = append(problems, "dropped attributes of an unexpected type: "+strings.Join(dropped, ", "))
	}
	if badMembers > 0 {
		problems = append(problems, fmt.Sprintf("dropped %d members of an unexpected type", badMembers))
	}
	if len(problems) > 0 {
		page.warnings = append(page.warnings, &ResourceError{Path: "Groups", ID: clip(string(g.ID), 200), Err: errors.New(strings.Join(problems, "; "))})
	}
	page.resources = append(page.resources, g)
	return nil
}

// decodeAttr decodes one attribute value into dst; a value of an
// unexpected type is dropped and named in dropped. Only a broken stream
// is an error.
func decodeAttr(dec *json.Decoder, dst *String, name string, dropped *[]string) error {
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	if json.Unmarshal(raw, dst) != nil {
		*dst = ""
		*dropped = append(*dropped, name)
	}
	return nil
}

// skipRest consumes the rest of an array or object whose opening
// delimiter was already read.
func skipRest(dec *json.Decoder) error {
	depth := 1
	for depth > 0 {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
		}
	}
	return nil
}
