package scim

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Credentials that must never show in an error, a log line or BaseURL.
const (
	leakUser = "usr-k9q"
	leakPass = "pw-Zx81c"
)

// checkNoCredentials fails if s holds the test username or password.
func checkNoCredentials(t *testing.T, what, s string) {
	t.Helper()
	if strings.Contains(s, leakUser) || strings.Contains(s, leakPass) {
		t.Errorf("%s leaks the credentials: %s", what, s)
	}
}

// TestNewRefusesCredentialsInBaseURL proves the documented behaviour for a
// base URL with embedded credentials: New refuses it, says to use the auth
// settings, and its error names the URL without them. Malformed URLs that
// may hold credentials must not be quoted with them either.
func TestNewRefusesCredentialsInBaseURL(t *testing.T) {
	tests := []struct {
		name      string
		raw       string
		wantInErr []string
	}{
		{"user and password", "https://" + leakUser + ":" + leakPass + "@scim.example.com/scim/v2",
			[]string{"credentials in the URL are not accepted", "https://scim.example.com/scim/v2"}},
		{"user only (a token as user)", "https://" + leakPass + "@scim.example.com/scim/v2",
			[]string{"credentials in the URL are not accepted", "https://scim.example.com/scim/v2"}},
		{"http with a port and surrounding space", "  http://" + leakUser + ":" + leakPass + "@127.0.0.1:8443/scim/  ",
			[]string{"credentials in the URL are not accepted", "http://127.0.0.1:8443/scim"}},
		{"escaped password", "https://" + leakUser + ":" + url.PathEscape(leakPass+"/?#") + "@scim.example.com/scim/v2",
			[]string{"credentials in the URL are not accepted", "https://scim.example.com/scim/v2"}},
		{"wrong scheme", "ftp://" + leakUser + ":" + leakPass + "@scim.example.com/scim/v2",
			[]string{"want an absolute http:// or https:// URL", "ftp://scim.example.com/scim/v2"}},
		{"no host", "https://" + leakUser + ":" + leakPass + "@/scim/v2",
			[]string{"no host"}},
		{"does not parse", "https://" + leakUser + ":" + leakPass + "%zz@scim.example.com/scim/v2",
			[]string{"characters that do not parse"}},
		{"bad port", "https://" + leakUser + ":" + leakPass + "@scim.example.com:port/scim/v2",
			[]string{"characters that do not parse"}},
		{"scheme left out", leakUser + ":" + leakPass + "@scim.example.com/scim/v2",
			[]string{"characters that do not parse"}},
		{"slashes left out", "https:" + leakUser + ":" + leakPass + "@scim.example.com/scim/v2",
			[]string{"no host", "characters that do not parse"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(Config{BaseURL: tt.raw, Auth: Auth{Method: AuthBearer, Token: "t0ken"}})
			if err == nil {
				t.Fatalf("New accepted %q (BaseURL %q)", tt.raw, c.BaseURL())
			}
			checkNoCredentials(t, "New's error", err.Error())
			for _, s := range tt.wantInErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
		})
	}
}

// lockedBuffer is a bytes.Buffer safe for the concurrent writes of a logger.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestCredentialsNeverInRequestErrors proves the second line of defence
// behind New's refusal: even if the client's base URL held credentials,
// no error it returns (HTTP 404 and 500 after retries, a non-JSON or
// undecodable body, an oversized body, a refused connection) and no log
// line it writes at debug level quotes them, and BaseURL omits them. The
// base URL is given credentials behind New's back, as New refuses them.
func TestCredentialsNeverInRequestErrors(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc // nil: the server is down
		check   func(error) bool
	}{
		{"404", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "no such endpoint", http.StatusNotFound)
		}, func(err error) bool { return isStatus(err, http.StatusNotFound) }},
		{"500 after retries", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/scim+json")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"status":"500","detail":"database down"}`))
		}, func(err error) bool { return isStatus(err, http.StatusInternalServerError) }},
		{"not JSON", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html>Sign in</html>"))
		}, func(err error) bool { return errors.Is(err, ErrNotJSON) }},
		{"undecodable body", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/scim+json")
			_, _ = w.Write([]byte(`{"Resources": [`))
		}, func(err error) bool { var de *DecodeError; return errors.As(err, &de) }},
		{"body too large", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/scim+json")
			_, _ = w.Write([]byte(`{"Resources":[{"id":"` + strings.Repeat("x", 4096) + `"}]}`))
		}, func(err error) bool { return errors.Is(err, ErrResponseTooLarge) }},
		{"server down", nil, func(err error) bool { var ne *NetworkError; return errors.As(err, &ne) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			if tt.handler == nil {
				srv.Close()
			}
			var logs lockedBuffer
			c := newTestClient(t, srv, func(c *Config) {
				c.MaxRetries = 1
				c.MaxResponseBytes = 1024
				c.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			})
			c.base.User = url.UserPassword(leakUser, leakPass)

			_, _, listErr := collectUsers(t, c)
			_, spcErr := c.ServiceProviderConfig(t.Context())
			for what, err := range map[string]error{"Users": listErr, "ServiceProviderConfig": spcErr} {
				if err == nil || !tt.check(err) {
					t.Errorf("%s: err = %v, not the expected kind", what, err)
					continue
				}
				checkNoCredentials(t, what+" error", err.Error())
				// Redaction must keep the URL readable, not drop it.
				if !strings.Contains(err.Error(), srv.Listener.Addr().String()+"/scim/v2/") {
					t.Errorf("%s error %q does not name the URL", what, err)
				}
				var he *HTTPError
				if errors.As(err, &he) {
					checkNoCredentials(t, what+" HTTPError.URL", he.URL)
				}
				var ne *NetworkError
				if errors.As(err, &ne) {
					checkNoCredentials(t, what+" NetworkError.URL", ne.URL)
				}
			}
			if logs.String() == "" {
				t.Error("nothing was logged at debug level; the log check proves nothing")
			}
			checkNoCredentials(t, "the log", logs.String())
			checkNoCredentials(t, "BaseURL()", c.BaseURL())
		})
	}
}
