package scim

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestHTTPErrors(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		ctype      string
		body       string
		wantStatus int
		wantInErr  []string
		wantCalls  int64
	}{
		{"scim error, status as string", 401, "application/scim+json",
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401","detail":"token expired"}`,
			401, []string{"HTTP 401", "token expired"}, 1},
		{"scim error, status as number", 400, "application/json",
			`{"status":400,"scimType":"invalidFilter","detail":"bad filter"}`,
			400, []string{"HTTP 400", "scimType invalidFilter", "bad filter"}, 1},
		{"html error page", 403, "text/html", "<html><body><h1>Forbidden</h1>\n<p>nope</p></body></html>",
			403, []string{"HTTP 403", "Forbidden"}, 1},
		{"empty body", 404, "", "", 404, []string{"HTTP 404"}, 1},
		{"server errors are retried", 503, "text/plain", "maintenance", 503, []string{"HTTP 503", "maintenance"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				if tt.ctype != "" {
					w.Header().Set("Content-Type", tt.ctype)
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			c := newTestClient(t, srv, func(c *Config) { c.MaxRetries = 2 })
			_, _, err := collectUsers(t, c)
			var he *HTTPError
			if !errors.As(err, &he) || he.Status != tt.wantStatus {
				t.Fatalf("err = %v, want HTTPError %d", err, tt.wantStatus)
			}
			for _, s := range tt.wantInErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
			if !strings.Contains(err.Error(), srv.URL+"/scim/v2/Users") {
				t.Errorf("error %q does not name the URL", err)
			}
			if calls.Load() != tt.wantCalls {
				t.Errorf("server saw %d requests, want %d", calls.Load(), tt.wantCalls)
			}
		})
	}
}

func TestRetryAfter429(t *testing.T) {
	var calls atomic.Int64
	list := &fakeList{n: 5}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		list.ServeHTTP(w, r)
	}))
	defer srv.Close()
	users, _, err := collectUsers(t, newTestClient(t, srv, nil))
	if err != nil || len(users) != 5 {
		t.Fatalf("got %d users, err %v; want 5 after two 429s", len(users), err)
	}
}

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"7", 7 * time.Second},
		{"Thu, 01 Jan 2026 00:00:30 GMT", 30 * time.Second},
		{"Wed, 31 Dec 2025 23:00:00 GMT", 0},
		{"soon", 0},
		{"999999", maxRetryAfter},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.in, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNotJSON(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html>Sign in</html>"))
	}))
	defer srv.Close()
	_, _, err := collectUsers(t, newTestClient(t, srv, nil))
	if !errors.Is(err, ErrNotJSON) {
		t.Fatalf("err = %v, want ErrNotJSON", err)
	}
}

func TestResponseSizeCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"totalResults":1,"Resources":[{"id":"` + strings.Repeat("x", 10000) + `"}]}`))
	}))
	defer srv.Close()
	_, _, err := collectUsers(t, newTestClient(t, srv, func(c *Config) { c.MaxResponseBytes = 1000 }))
	if !errors.Is(err, ErrResponseTooLarge) {
		t.Fatalf("err = %v, want ErrResponseTooLarge", err)
	}
}

func TestAuthorizationNotSentToOtherHost(t *testing.T) {
	var leaked atomic.Bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			leaked.Store(true)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"totalResults":0,"Resources":[]}`))
	}))
	defer other.Close()
	// 127.0.0.1 and localhost are different hosts to the client.
	otherURL := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, otherURL+r.URL.RequestURI(), http.StatusFound)
	}))
	defer srv.Close()
	_, _, err := collectUsers(t, newTestClient(t, srv, nil))
	if err != nil {
		t.Fatal(err)
	}
	if leaked.Load() {
		t.Fatal("the Authorization header was sent to another host after a redirect")
	}
}

func TestAuthMethods(t *testing.T) {
	tests := []struct {
		name string
		auth Auth
		want string
	}{
		{"bearer", Auth{Method: AuthBearer, Token: "abc"}, "Bearer abc"},
		{"basic", Auth{Method: AuthBasic, Username: "u", Password: "p"}, "Basic dTpw"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got atomic.Value
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got.Store(r.Header.Get("Authorization"))
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"totalResults":0,"Resources":[]}`))
			}))
			defer srv.Close()
			c := newTestClient(t, srv, func(c *Config) { c.Auth = tt.auth })
			if _, _, err := collectUsers(t, c); err != nil {
				t.Fatal(err)
			}
			if got.Load() != tt.want {
				t.Fatalf("Authorization = %q, want %q", got.Load(), tt.want)
			}
		})
	}
}

func TestOAuth2ClientCredentials(t *testing.T) {
	var tokenCalls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/token":
			tokenCalls.Add(1)
			if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
				w.WriteHeader(400)
				return
			}
			if id, secret, ok := r.BasicAuth(); !ok || id != "cid" || secret != "s3cret" {
				w.WriteHeader(401)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"access_token":"t0ken","token_type":"Bearer","expires_in":3600}`))
		default:
			(&fakeList{n: 250}).ServeHTTP(w, r)
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv, func(c *Config) {
		c.Auth = Auth{Method: AuthOAuth2, ClientID: "cid", ClientSecret: "s3cret", TokenURL: srv.URL + "/token"}
	})
	users, _, err := collectUsers(t, c)
	if err != nil || len(users) != 250 {
		t.Fatalf("got %d users, err %v", len(users), err)
	}
	if tokenCalls.Load() != 1 {
		t.Fatalf("token endpoint called %d times, want 1 (token reused)", tokenCalls.Load())
	}
}

func TestOAuth2WrongSecret(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"bad secret wr0ng-secret"}`))
	}))
	defer srv.Close()
	c := newTestClient(t, srv, func(c *Config) {
		c.Auth = Auth{Method: AuthOAuth2, ClientID: "cid", ClientSecret: "wr0ng-secret", TokenURL: srv.URL + "/token"}
		c.MaxRetries = -1
	})
	_, _, err := collectUsers(t, c)
	if err == nil || !strings.Contains(err.Error(), "invalid_client") {
		t.Fatalf("err = %v, want the token endpoint's error code", err)
	}
	if strings.Contains(err.Error(), "wr0ng-secret") {
		t.Fatalf("error leaks the secret: %v", err)
	}
}
