package scim

import (
	"encoding/json"
	"fmt"
	"strings"
)

// listMeta is the part of a list response that is not its resources.
type listMeta struct {
	TotalResults *Int
	NextCursor   String
	Resources    int // how many resources the page held
}

// partialError is a page that failed after part of a large group had
// already been passed on. Retrying the page cannot complete that group
// (its first parts are out), so the listing fails instead.
type partialError struct{ err error }

func (e *partialError) Error() string {
	return "the page broke off after part of a large group was passed on: " + e.err.Error()
}
func (e *partialError) Unwrap() error { return e.err }

// decodeList walks a list response as it streams in: it reads the paging
// attributes (names compared case-insensitively) and hands each element
// of "Resources" to onResource with the decoder positioned on it.
// onResource must consume exactly one JSON value.
func decodeList(dec *json.Decoder, meta *listMeta, onResource func(*json.Decoder) error) error {
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	for dec.More() {
		key, err := objectKey(dec)
		if err != nil {
			return err
		}
		switch strings.ToLower(key) {
		case "totalresults":
			var n Int
			if err := dec.Decode(&n); err != nil {
				return fmt.Errorf("totalResults: %w", err)
			}
			meta.TotalResults = &n
		case "nextcursor":
			if err := dec.Decode(&meta.NextCursor); err != nil {
				return fmt.Errorf("nextCursor: %w", err)
			}
		case "resources":
			if err := decodeArray(dec, func() error {
				meta.Resources++
				return onResource(dec)
			}); err != nil {
				return err
			}
		default:
			if err := skipValue(dec); err != nil {
				return err
			}
		}
	}
	return expectDelim(dec, '}')
}

// decodeArray calls each for every element of the array at the decoder
// (null counts as empty).
func decodeArray(dec *json.Decoder, each func() error) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("expected an array, got %v", tok)
	}
	for dec.More() {
		if err := each(); err != nil {
			return err
		}
	}
	return expectDelim(dec, ']')
}

// objectKey reads the next key of an object.
func objectKey(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	key, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("expected an object key, got %v", tok)
	}
	return key, nil
}

// expectDelim reads one delimiter token.
func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %q, got %v", want, tok)
	}
	return nil
}

// skipValue consumes one value without keeping it.
func skipValue(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
		return skipRest(dec)
	}
	return nil
}
