package scimdemo

import (
	"net/http"
	"strings"

	"github.com/elimity-com/scim"
)

// source exposes one resource type's resources by position, so list
// requests can slice instead of scanning.
type source struct {
	// total is the number of resources.
	total int
	// resource renders resource i without the excluded attributes.
	resource func(i int, ex exclusion) scim.Resource
	// bulky names an attribute that is expensive to expand for filtering
	// (group members); it is only considered when the filter mentions it.
	bulky string
}

// pageWindow converts a 1-based startIndex and a count into the half-open
// range [lo, hi) of 0-based positions among total resources.
func pageWindow(startIndex, count, total int) (lo, hi int) {
	lo = min(max(startIndex, 1)-1, total)
	hi = lo + min(max(count, 0), total-lo)
	return lo, hi
}

// listPage answers a list request. Without a filter it renders only the
// requested window: O(count) whatever the directory size. With a filter it
// scans every resource (O(total)), which is fine for a demo server.
func listPage(r *http.Request, params scim.ListRequestParams, src source) (scim.Page, error) {
	ex := excludedAttributes(r)
	if params.FilterValidator != nil {
		return filteredPage(r, params, src, ex)
	}
	lo, hi := pageWindow(params.StartIndex, params.Count, src.total)
	resources := make([]scim.Resource, 0, hi-lo)
	for i := lo; i < hi; i++ {
		resources = append(resources, src.resource(i, ex))
	}
	return scim.Page{TotalResults: src.total, Resources: resources}, nil
}

// filteredPage scans all resources, counts those passing the filter and
// returns the requested window of them.
func filteredPage(r *http.Request, params scim.ListRequestParams, src source, ex exclusion) (scim.Page, error) {
	var ignore []string
	if src.bulky != "" && !strings.Contains(strings.ToLower(r.URL.Query().Get("filter")), strings.ToLower(src.bulky)) {
		ignore = []string{src.bulky}
	}
	skip := max(params.StartIndex, 1) - 1
	resources := []scim.Resource{}
	matched := 0
	for i := range src.total {
		full := src.resource(i, nil)
		view, err := filterView(full, ignore...)
		if err != nil {
			return scim.Page{}, err
		}
		if params.FilterValidator.PassesFilter(view) != nil {
			continue
		}
		if matched >= skip && len(resources) < params.Count {
			if ex == nil {
				resources = append(resources, full)
			} else {
				resources = append(resources, src.resource(i, ex))
			}
		}
		matched++
	}
	return scim.Page{TotalResults: matched, Resources: resources}, nil
}
