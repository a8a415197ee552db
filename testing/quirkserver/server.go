package quirkserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
)

// BasePath is where the SCIM API is served.
const BasePath = "/scim/v2"

// Credentials the server accepts: a static bearer token, and OAuth2 client
// credentials exchanged at /token for short-lived tokens.
const (
	StaticToken  = "quirk-token"
	ClientID     = "quirk-client"
	ClientSecret = "quirk-secret"
	// BasicUser and BasicPassword are accepted by HTTP Basic auth.
	BasicUser     = "quirk-user"
	BasicPassword = "quirk-basic-pw-5e2b"
)

// Server serves a directory with the configured quirks.
type Server struct {
	dir    *directory.Directory
	quirks Quirks
	users  map[string]int
	groups map[string]int

	requests atomic.Int64
	tokens   sync.Map // token -> expiry time.Time
	issued   atomic.Int64
}

// New returns a server for dir.
func New(dir *directory.Directory, q Quirks) *Server {
	s := &Server{dir: dir, quirks: q, users: map[string]int{}, groups: map[string]int{}}
	for i, u := range dir.Users {
		s.users[u.ID] = i
	}
	for i, g := range dir.Groups {
		s.groups[g.ID] = i
	}
	return s
}

// Start serves s on a loopback httptest server.
func Start(dir *directory.Directory, q Quirks) *httptest.Server {
	return httptest.NewServer(New(dir, q))
}

// Requests is how many requests the server has answered.
func (s *Server) Requests() int64 { return s.requests.Load() }

// TokensIssued is how many OAuth2 tokens /token has handed out.
func (s *Server) TokensIssued() int64 { return s.issued.Load() }

// IssuedTokens returns every OAuth2 access token the server handed out:
// secrets that a client must not leak either.
func (s *Server) IssuedTokens() []string {
	var out []string
	s.tokens.Range(func(k, _ any) bool {
		out = append(out, k.(string))
		return true
	})
	return out
}

// ServeHTTP routes requests and applies the transport-level quirks.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(s.requests.Add(1))
	q := s.quirks
	if q.Delay > 0 {
		select {
		case <-time.After(q.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if r.URL.Path == "/token" {
		s.token(w, r)
		return
	}
	if !s.authorized(r) {
		s.fail(w, http.StatusUnauthorized, "", "invalid or expired token")
		return
	}
	switch {
	case q.ServerErrorsAfter > 0 && n > q.ServerErrorsAfter:
		s.fail(w, http.StatusInternalServerError, "", "internal error")
		return
	case q.TooManyRequestsEvery > 0 && n%q.TooManyRequestsEvery == 0:
		w.Header().Set("Retry-After", "0")
		s.fail(w, http.StatusTooManyRequests, "", "too many requests")
		return
	case q.ServerErrorEvery > 0 && n%q.ServerErrorEvery == 0:
		s.fail(w, http.StatusServiceUnavailable, "", "try again")
		return
	}
	body, status := s.route(r)
	if q.TruncateEvery > 0 && n%q.TruncateEvery == 0 {
		body = body[:len(body)/2]
	}
	w.Header().Set("Content-Type", "application/scim+json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// route answers the SCIM endpoints.
func (s *Server) route(r *http.Request) ([]byte, int) {
	path, ok := strings.CutPrefix(r.URL.Path, BasePath+"/")
	if !ok || r.Method != http.MethodGet {
		return errorBody(http.StatusNotFound, "", "no such endpoint"), http.StatusNotFound
	}
	switch {
	case path == "ServiceProviderConfig":
		return s.serviceProviderConfig(), http.StatusOK
	case path == "Users":
		return s.list(r, len(s.dir.Users), s.user, false)
	case path == "Groups" && s.quirks.ForbidGroups:
		return errorBody(http.StatusForbidden, "", "not allowed to list groups"), http.StatusForbidden
	case path == "Groups":
		return s.list(r, len(s.dir.Groups), s.group, s.quirks.OmitMembers)
	case strings.HasPrefix(path, "Users/"):
		if i, ok := s.users[strings.TrimPrefix(path, "Users/")]; ok {
			return mustJSON(s.user(i, false)), http.StatusOK
		}
	case strings.HasPrefix(path, "Groups/"):
		if i, ok := s.groups[strings.TrimPrefix(path, "Groups/")]; ok && !(i == 0 && s.quirks.VanishFirstGroup) {
			return mustJSON(s.group(i, false)), http.StatusOK
		}
	}
	return errorBody(http.StatusNotFound, "", "resource not found"), http.StatusNotFound
}

// fail writes an error answer, as a SCIM error or as an HTML page.
func (s *Server) fail(w http.ResponseWriter, status int, scimType, detail string) {
	if s.quirks.HTMLErrors {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<html><head><title>%d</title></head><body><h1>Error %d</h1><p>%s</p></body></html>", status, status, detail)
		return
	}
	w.Header().Set("Content-Type", "application/scim+json")
	w.WriteHeader(status)
	_, _ = w.Write(errorBody(status, scimType, detail))
}

// errorBody renders a SCIM error (RFC 7644 §3.12).
func errorBody(status int, scimType, detail string) []byte {
	e := map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:Error"}, "status": strconv.Itoa(status), "detail": detail}
	if scimType != "" {
		e["scimType"] = scimType
	}
	return mustJSON(e)
}

// mustJSON encodes v; the values here always encode.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
