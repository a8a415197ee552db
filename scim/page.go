package scim

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// listResponse is one page of a SCIM list (RFC 7644 §3.4.2; nextCursor
// from RFC 9865). Resources are kept raw so that one malformed resource is
// reported by id instead of failing the whole page.
type listResponse struct {
	TotalResults *Int              `json:"totalResults"`
	ItemsPerPage *Int              `json:"itemsPerPage"`
	StartIndex   *Int              `json:"startIndex"`
	NextCursor   String            `json:"nextCursor"`
	Resources    []json.RawMessage `json:"Resources"`
}

// ResourceError is a problem with one resource, named by its id (when
// readable): a resource that could not be decoded at all, or one whose
// attributes of an unexpected type were dropped.
type ResourceError struct {
	Path string // "Users" or "Groups"
	ID   string
	Err  error
}

// Error names the resource and the problem.
func (e *ResourceError) Error() string {
	id := e.ID
	if id == "" {
		id = "(no id)"
	}
	return fmt.Sprintf("%s resource %s: %v", e.Path, id, e.Err)
}

// Unwrap exposes the decoding error.
func (e *ResourceError) Unwrap() error { return e.Err }

// MaxIDBytes bounds a resource id: ids are part of indexed node keys, and
// an index entry has a size limit. No provider needs more.
const MaxIDBytes = 1024

// decodeResource decodes one raw resource into T. When some attributes
// have a type that cannot be coerced, it drops them and returns the
// resource with a warning naming them; it fails only when the resource is
// not an object or has no usable id, since nothing without an id can be
// keyed in the graph.
func decodeResource[T resourceID](path string, raw json.RawMessage) (T, *ResourceError, *ResourceError) {
	var r T
	err := json.Unmarshal(raw, &r)
	if err == nil {
		switch id := r.resourceID(); {
		case id == "":
			return r, nil, &ResourceError{Path: path, Err: fmt.Errorf("missing id")}
		case len(id) > MaxIDBytes:
			return r, nil, &ResourceError{Path: path, ID: clip(id, 200), Err: fmt.Errorf("id of %d bytes, more than %d", len(id), MaxIDBytes)}
		}
		return r, nil, nil
	}
	salvaged, dropped, serr := salvage[T](raw)
	if serr != nil || salvaged.resourceID() == "" || len(salvaged.resourceID()) > MaxIDBytes {
		var probe struct {
			ID String `json:"id"`
		}
		_ = json.Unmarshal(raw, &probe)
		return r, nil, &ResourceError{Path: path, ID: clip(string(probe.ID), 200), Err: err}
	}
	warn := &ResourceError{Path: path, ID: clip(salvaged.resourceID(), 200),
		Err: fmt.Errorf("dropped attributes of an unexpected type: %s", strings.Join(dropped, ", "))}
	return salvaged, warn, nil
}

// salvage decodes the top-level attributes of raw one by one and keeps
// those that decode, returning the names of those it dropped.
func salvage[T resourceID](raw json.RawMessage) (T, []string, error) {
	var r T
	var attrs map[string]json.RawMessage
	if err := json.Unmarshal(raw, &attrs); err != nil {
		return r, nil, err
	}
	var dropped []string
	for name, value := range attrs {
		var probe T
		one, _ := json.Marshal(map[string]json.RawMessage{name: value})
		if json.Unmarshal(one, &probe) != nil {
			dropped = append(dropped, clip(name, 100))
			delete(attrs, name)
		}
	}
	slices.Sort(dropped)
	kept, _ := json.Marshal(attrs)
	if err := json.Unmarshal(kept, &r); err != nil {
		return r, nil, err
	}
	return r, dropped, nil
}
