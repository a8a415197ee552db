package scim

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// TestOAuth2RevokedTokenIsReplaced: a server that stops accepting a cached,
// unexpired token (revoked, or the provider restarted) answers 401; the
// client fetches a new token from the token endpoint, once, and the
// listing completes with it.
func TestOAuth2RevokedTokenIsReplaced(t *testing.T) {
	var issued, refused atomic.Int64
	var revoked atomic.Value // the access token the SCIM server no longer accepts
	revoked.Store("")
	list := &fakeList{n: 250}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			n := issued.Add(1)
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"access_token":"tok-%d","token_type":"Bearer","expires_in":3600}`, n)
			return
		}
		got := r.Header.Get("Authorization")
		if got == "Bearer "+revoked.Load().(string) {
			refused.Add(1)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if got == "Bearer tok-1" && r.URL.Query().Get("startIndex") == "101" {
			revoked.Store("tok-1") // revoked in the middle of the listing
			refused.Add(1)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		r.Header.Set("Authorization", "Bearer t0ken") // what fakeList accepts
		list.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c := newTestClient(t, srv, func(c *Config) {
		c.Auth = Auth{Method: AuthOAuth2, ClientID: "cid", ClientSecret: "s3cret", TokenURL: srv.URL + "/token"}
		c.Concurrency = 1
	})
	users, _, err := collectUsers(t, c)
	if err != nil || len(users) != 250 {
		t.Fatalf("got %d users, err %v", len(users), err)
	}
	if refused.Load() == 0 {
		t.Fatal("the server never refused a token; the test proved nothing")
	}
	if issued.Load() != 2 {
		t.Fatalf("token endpoint called %d times, want 2 (the first token, and one after the revocation)", issued.Load())
	}
}
