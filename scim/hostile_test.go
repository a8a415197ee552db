package scim

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHostileResources(t *testing.T) {
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	tests := []struct {
		name     string
		in       string
		wantSkip bool   // resource refused
		wantWarn string // attributes dropped
	}{
		{"id too long", `{"id":"` + strings.Repeat("i", MaxIDBytes+1) + `"}`, true, ""},
		// encoding/json refuses nesting deeper than 10,000 levels outright.
		{"deeply nested title", `{"id":"1","userName":"a","title":` + deep + `}`, true, ""},
		{"moderately nested title", `{"id":"1","userName":"a","title":` + deep[:500] + deep[len(deep)-500:] + `}`, false, "title"},
		{"control characters kept", `{"id":"1\u0000\n","userName":"a\u202e"}`, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, warn, err := decodeResource[User]("Users", []byte(tt.in))
			if (err != nil) != tt.wantSkip {
				t.Fatalf("err = %v, want refused %v", err, tt.wantSkip)
			}
			if tt.wantWarn != "" && (warn == nil || !strings.HasSuffix(warn.Error(), tt.wantWarn)) {
				t.Fatalf("warning %v, want one naming %q", warn, tt.wantWarn)
			}
		})
	}
}

// endless is a body that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func TestEndlessBodyIsCapped(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/scim+json")
		_, _ = w.Write([]byte(`{"totalResults":1,"Resources":[{"id":"1","userName":"`))
		_, _ = io.Copy(w, io.LimitReader(endless{}, 1<<30)) // a 1 GB string
	}))
	defer srv.Close()
	_, _, err := collectUsers(t, newTestClient(t, srv, func(c *Config) { c.MaxResponseBytes = 8 << 20; c.MaxRetries = -1 }))
	if !errors.Is(err, ErrResponseTooLarge) {
		t.Fatalf("err = %v, want ErrResponseTooLarge", err)
	}
}
