package scim

import (
	"encoding/json"
	"fmt"
)

// listResponse is one page of a SCIM list (RFC 7644 §3.4.2). Resources are
// kept raw so that one malformed resource is reported by id instead of
// failing the whole page.
type listResponse struct {
	TotalResults *Int              `json:"totalResults"`
	ItemsPerPage *Int              `json:"itemsPerPage"`
	StartIndex   *Int              `json:"startIndex"`
	Resources    []json.RawMessage `json:"Resources"`
}

// ResourceError is a resource the client could not decode. It is reported
// with the resource id (when readable) rather than failing the listing.
type ResourceError struct {
	Path string // "Users" or "Groups"
	ID   string
	Err  error
}

// Error names the resource and the decoding problem.
func (e *ResourceError) Error() string {
	id := e.ID
	if id == "" {
		id = "(no id)"
	}
	return fmt.Sprintf("%s resource %s: %v", e.Path, id, e.Err)
}

// Unwrap exposes the decoding error.
func (e *ResourceError) Unwrap() error { return e.Err }

// decodeResource decodes one raw resource into T. It fails when the
// resource has no id, since nothing without an id can be keyed in the graph.
func decodeResource[T resourceID](path string, raw json.RawMessage) (T, error) {
	var r T
	if err := json.Unmarshal(raw, &r); err != nil {
		var probe struct {
			ID String `json:"id"`
		}
		_ = json.Unmarshal(raw, &probe)
		return r, &ResourceError{Path: path, ID: clip(string(probe.ID), 200), Err: err}
	}
	if r.resourceID() == "" {
		return r, &ResourceError{Path: path, Err: fmt.Errorf("missing id")}
	}
	return r, nil
}
