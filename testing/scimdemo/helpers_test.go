package scimdemo

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
)

const testToken = "s3cret-token"

// listResponse is a decoded SCIM ListResponse.
type listResponse struct {
	Schemas      []string          `json:"schemas"`
	TotalResults int               `json:"totalResults"`
	ItemsPerPage int               `json:"itemsPerPage"`
	StartIndex   int               `json:"startIndex"`
	Resources    []json.RawMessage `json:"Resources"`
}

// reference is a decoded member or manager reference.
type reference struct {
	Value string `json:"value"`
	Type  string `json:"type"`
	Ref   string `json:"$ref"`
}

// userJSON is a decoded SCIM User.
type userJSON struct {
	Schemas     []string `json:"schemas"`
	ID          string   `json:"id"`
	ExternalID  string   `json:"externalId"`
	UserName    string   `json:"userName"`
	DisplayName string   `json:"displayName"`
	Title       string   `json:"title"`
	Active      bool     `json:"active"`
	Name        struct {
		GivenName  string `json:"givenName"`
		FamilyName string `json:"familyName"`
	} `json:"name"`
	Emails     []directory.Email `json:"emails"`
	Enterprise *struct {
		EmployeeNumber string     `json:"employeeNumber"`
		Department     string     `json:"department"`
		Manager        *reference `json:"manager"`
	} `json:"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"`
	Meta struct {
		ResourceType string `json:"resourceType"`
		Location     string `json:"location"`
	} `json:"meta"`
}

// groupJSON is a decoded SCIM Group.
type groupJSON struct {
	Schemas     []string     `json:"schemas"`
	ID          string       `json:"id"`
	ExternalID  string       `json:"externalId"`
	DisplayName string       `json:"displayName"`
	Members     *[]reference `json:"members"`
	Meta        struct {
		ResourceType string `json:"resourceType"`
		Location     string `json:"location"`
	} `json:"meta"`
}

// errorJSON is a decoded SCIM error message.
type errorJSON struct {
	Schemas []string `json:"schemas"`
	Status  string   `json:"status"`
	Detail  string   `json:"detail"`
}

// newTestHandler builds a handler over dir with a discarding logger.
func newTestHandler(t testing.TB, dir *directory.Directory, opts ...Option) http.Handler {
	t.Helper()
	h, err := NewHandler(dir, testToken, slog.New(slog.DiscardHandler), opts...)
	if err != nil {
		t.Fatalf("NewHandler: %v", err)
	}
	return h
}

// do sends an authenticated request to h and returns the recorded response.
func do(t testing.TB, h http.Handler, method, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	req.Header.Set("Authorization", "Bearer "+testToken)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// getJSON GETs target, expects status want and decodes the body into v.
func getJSON(t testing.TB, h http.Handler, target string, want int, v any) {
	t.Helper()
	rec := do(t, h, http.MethodGet, target, "")
	if rec.Code != want {
		t.Fatalf("GET %s: status %d, want %d; body %s", target, rec.Code, want, truncate(rec.Body.String()))
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("GET %s: decoding %s: %v", target, truncate(rec.Body.String()), err)
	}
}

// truncate shortens s for failure messages.
func truncate(s string) string {
	if len(s) > 500 {
		return s[:500] + "..."
	}
	return s
}

// checkSCIMError verifies a SCIM error response with the given status.
func checkSCIMError(t *testing.T, rec *httptest.ResponseRecorder, status int) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d; body %s", rec.Code, status, truncate(rec.Body.String()))
	}
	var e errorJSON
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("error body %q is not JSON: %v", rec.Body.String(), err)
	}
	if len(e.Schemas) != 1 || e.Schemas[0] != "urn:ietf:params:scim:api:messages:2.0:Error" || e.Status != strconv.Itoa(status) {
		t.Fatalf("not a SCIM error with status %d: %s", status, rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/scim+json" {
		t.Fatalf("Content-Type %q, want application/scim+json", ct)
	}
}
