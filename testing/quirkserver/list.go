package quirkserver

import (
	"net/http"
	"strconv"
)

// renderer renders resource i; brief omits what a listing would omit.
type renderer func(i int, brief bool) map[string]any

// list answers a list request with index or cursor paging and the quirks.
func (s *Server) list(r *http.Request, total int, render renderer, brief bool) ([]byte, int) {
	q := s.quirks
	query := r.URL.Query()
	pageCap := q.PageCap
	if pageCap <= 0 {
		pageCap = 1000
	}
	count := pageCap
	if c := query.Get("count"); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < 0 {
			return errorBody(http.StatusBadRequest, "invalidValue", "bad count"), http.StatusBadRequest
		}
		count = min(n, pageCap)
	}

	cursorPaging := query.Has("cursor")
	offset := 0
	switch {
	case cursorPaging && !q.Cursor && !q.CursorOnly:
		return errorBody(http.StatusBadRequest, "invalidValue", "cursor paging not supported"), http.StatusBadRequest
	case cursorPaging:
		if c := query.Get("cursor"); c != "" {
			n, err := strconv.Atoi(c)
			if err != nil || n < 0 || n > total {
				return errorBody(http.StatusBadRequest, "invalidCursor", "unknown cursor"), http.StatusBadRequest
			}
			offset = n
		}
	case q.CursorOnly:
		return errorBody(http.StatusBadRequest, "invalidValue", "use cursor paging"), http.StatusBadRequest
	default:
		start := 1
		if v := query.Get("startIndex"); v != "" {
			start, _ = strconv.Atoi(v)
		}
		offset = start - 1
		if q.ZeroBasedIndex {
			offset = start
		}
		offset = max(offset, 0)
		if q.IgnoreStartIndex {
			offset = 0
		}
	}
	if q.ShortPages && offset+count < total && count > 1 {
		count /= 2
	}
	end := min(offset+count, total)
	page := offset/max(count, 1) + 1
	resources := make([]map[string]any, 0, max(end-offset, 0)+1)
	for i := offset; i < end; i++ {
		resources = append(resources, render(i, brief))
	}
	if q.DuplicateEvery > 0 && page%q.DuplicateEvery == 0 && offset-count >= 0 && len(resources) > 0 {
		resources = append(resources, render(offset-count, brief))
	}

	body := map[string]any{
		"schemas":   []string{"urn:ietf:params:scim:api:messages:2.0:ListResponse"},
		"Resources": resources,
	}
	if !cursorPaging {
		body["startIndex"] = offset + 1
	}
	if !q.OmitTotal {
		body["totalResults"] = s.number(total + q.TotalDelta)
	}
	if !q.OmitItemsPerPage {
		body["itemsPerPage"] = s.number(len(resources))
	}
	if cursorPaging && end < total {
		body["nextCursor"] = strconv.Itoa(end)
	}
	return mustJSON(s.casing(body)), http.StatusOK
}

// number renders n as a number, or as a string for a stringly-typed server.
func (s *Server) number(n int) any {
	if s.quirks.StringlyTyped {
		return strconv.Itoa(n)
	}
	return n
}

// serviceProviderConfig advertises paging support (RFC 7644 §5, RFC 9865).
func (s *Server) serviceProviderConfig() []byte {
	pageCap := s.quirks.PageCap
	if pageCap <= 0 {
		pageCap = 1000
	}
	spc := map[string]any{
		"schemas":               []string{"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"},
		"patch":                 map[string]any{"supported": false},
		"bulk":                  map[string]any{"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
		"filter":                map[string]any{"supported": false, "maxResults": pageCap},
		"sort":                  map[string]any{"supported": false},
		"etag":                  map[string]any{"supported": false},
		"changePassword":        map[string]any{"supported": false},
		"authenticationSchemes": []any{map[string]any{"type": "oauthbearertoken", "name": "OAuth Bearer Token"}},
	}
	if s.quirks.Cursor || s.quirks.CursorOnly {
		method := "index"
		if s.quirks.CursorOnly {
			method = "cursor"
		}
		spc["pagination"] = map[string]any{
			"cursor": true, "index": !s.quirks.CursorOnly, "defaultPaginationMethod": method,
			"defaultPageSize": pageCap, "maxPageSize": pageCap, "cursorTimeout": 3600,
		}
	}
	return mustJSON(spc)
}
