package scimdemo

import (
	"encoding/json"
	"fmt"

	"github.com/elimity-com/scim"
)

// filterView returns res in the shape the library's filter evaluator
// expects: plain maps, slices and scalars, including id and externalId
// (which the library only adds when encoding). It round-trips the rendered
// attributes through JSON, so filters see exactly what clients see. This is
// slow (microseconds per resource) but only used for filtered lists.
// Attributes named in skip are left out, to avoid expanding huge member
// lists a filter does not look at.
func filterView(res scim.Resource, skip ...string) (map[string]any, error) {
	attrs := make(map[string]any, len(res.Attributes)+2)
	for k, v := range res.Attributes {
		attrs[k] = v
	}
	for _, k := range skip {
		delete(attrs, k)
	}
	raw, err := json.Marshal(attrs)
	if err != nil {
		return nil, fmt.Errorf("encoding resource %s for filtering: %w", res.ID, err)
	}
	var view map[string]any
	if err := json.Unmarshal(raw, &view); err != nil {
		return nil, fmt.Errorf("decoding resource %s for filtering: %w", res.ID, err)
	}
	view["id"] = res.ID
	if res.ExternalID.Present() {
		view["externalId"] = res.ExternalID.Value()
	}
	return view, nil
}
