package scimdemo

import (
	"net/http"
	"net/url"
	"strconv"
)

// pagingFix works around the library reporting the requested (capped)
// count as itemsPerPage instead of the number of resources on the page
// (RFC 7644 section 3.4.2.4), which is wrong on the last page. For
// unfiltered list requests the page size is known up front, so the count
// parameter is rewritten to the exact page size before the library sees it;
// the resources returned are unchanged. Filtered lists keep the library's
// behaviour (itemsPerPage = requested count).
type pagingFix struct {
	maxPageSize int
	// totals maps a list endpoint path to its number of resources.
	totals map[string]int
}

// apply returns r, or a shallow copy with the exact count when r is an
// unfiltered GET on a list endpoint.
func (p pagingFix) apply(r *http.Request) *http.Request {
	total, ok := p.totals[r.URL.Path]
	if !ok || r.Method != http.MethodGet {
		return r
	}
	q := r.URL.Query()
	if q.Get("filter") != "" {
		return r
	}
	count, ok := intParam(q, "count", p.maxPageSize)
	if !ok {
		return r // the library reports the invalid parameter
	}
	startIndex, ok := intParam(q, "startIndex", 1)
	if !ok {
		return r
	}
	count = min(count, p.maxPageSize)
	lo, hi := pageWindow(startIndex, count, total)
	if hi-lo == count {
		return r
	}
	q.Set("count", strconv.Itoa(hi-lo))
	u := *r.URL
	u.RawQuery = q.Encode()
	r2 := new(http.Request)
	*r2 = *r
	r2.URL = &u
	return r2
}

// intParam parses an optional integer query parameter like the library does.
func intParam(q url.Values, key string, def int) (int, bool) {
	s := q.Get(key)
	if s == "" {
		return def, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}
