package scim

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// ErrResponseTooLarge is returned when a response body exceeds the
// configured cap; the cap protects memory against a hostile or broken server.
var ErrResponseTooLarge = errors.New("response body exceeds the size cap")

// ErrNotJSON is returned when a successful response is not JSON, which
// usually means the base URL points at a web page (a login or portal page)
// instead of the SCIM API.
var ErrNotJSON = errors.New("response is not JSON")

// HTTPError is a non-2xx answer from the service provider. Callers branch on
// Status (for example 401 versus 404) to tell the user what to fix.
type HTTPError struct {
	Method   string
	URL      string // without credentials
	Status   int
	Detail   string // SCIM error "detail", or a snippet of a non-SCIM body
	SCIMType string // SCIM error "scimType", when given
}

// Error describes the failed request, the status and what the server said.
func (e *HTTPError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.URL, e.Status)
	if e.SCIMType != "" {
		fmt.Fprintf(&b, " (scimType %s)", e.SCIMType)
	}
	if e.Detail != "" {
		fmt.Fprintf(&b, ": %s", e.Detail)
	}
	return b.String()
}

// Temporary reports whether retrying the same request later may succeed.
func (e *HTTPError) Temporary() bool {
	return e.Status == 429 || e.Status >= 500
}

// scimError is the body of a SCIM error response (RFC 7644 §3.12). Status is
// a string in the RFC but a number in several providers.
type scimError struct {
	Detail   String `json:"detail"`
	SCIMType String `json:"scimType"`
	Status   String `json:"status"`
}

// maxErrorSnippet bounds how much of a non-SCIM error body is quoted.
const maxErrorSnippet = 200

// newHTTPError builds an HTTPError from a response status and (a prefix of) its body.
func newHTTPError(method string, u *url.URL, status int, body []byte) *HTTPError {
	e := &HTTPError{Method: method, URL: redactURL(u), Status: status}
	var se scimError
	if json.Unmarshal(body, &se) == nil && (se.Detail != "" || se.SCIMType != "") {
		e.Detail = clip(string(se.Detail), 4*maxErrorSnippet)
		e.SCIMType = clip(string(se.SCIMType), maxErrorSnippet)
		return e
	}
	e.Detail = snippet(body)
	return e
}

// snippet renders the start of a body as one printable line, so that HTML or
// plain-text error pages still tell the user something. HTML is reduced to
// its visible text.
func snippet(body []byte) string {
	text := strings.ToValidUTF8(string(body), "?")
	if strings.HasPrefix(strings.TrimSpace(text), "<") {
		text = htmlHidden.ReplaceAllString(text, " ")
		text = htmlTag.ReplaceAllString(text, " ")
		text = html.UnescapeString(text)
	}
	return clip(strings.Join(strings.Fields(text), " "), maxErrorSnippet)
}

// Patterns that reduce an HTML error page to its visible text.
var (
	htmlHidden = regexp.MustCompile(`(?is)<(head|script|style)\b.*?</(head|script|style)>`)
	htmlTag    = regexp.MustCompile(`(?s)<[^>]*>`)
)

// clip shortens s to at most n bytes on a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// redactURL renders u without user info, so credentials embedded in a base
// URL never reach logs or errors.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	return c.String()
}
