package scimdemo

import (
	"net/http"

	"github.com/elimity-com/scim"
)

// readOnly implements the write half of scim.ResourceHandler by refusing
// every write with 501 Not Implemented.
type readOnly struct{}

// Create refuses to create resources.
func (readOnly) Create(*http.Request, scim.ResourceAttributes) (scim.Resource, error) {
	return scim.Resource{}, errReadOnly
}

// Replace refuses to replace resources.
func (readOnly) Replace(*http.Request, string, scim.ResourceAttributes) (scim.Resource, error) {
	return scim.Resource{}, errReadOnly
}

// Delete refuses to delete resources.
func (readOnly) Delete(*http.Request, string) error {
	return errReadOnly
}

// Patch refuses to modify resources.
func (readOnly) Patch(*http.Request, string, []scim.PatchOperation) (scim.Resource, error) {
	return scim.Resource{}, errReadOnly
}
