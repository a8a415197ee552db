package quirkserver

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// authorized accepts the static token, an unexpired OAuth2 token, or HTTP
// Basic with BasicUser and BasicPassword.
func (s *Server) authorized(r *http.Request) bool {
	if user, pw, ok := r.BasicAuth(); ok {
		return user == BasicUser && pw == BasicPassword
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	if tok == StaticToken {
		return true
	}
	exp, ok := s.tokens.Load(tok)
	return ok && time.Now().Before(exp.(time.Time))
}

// token implements the OAuth2 client-credentials grant.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":"unsupported_grant_type"}`))
		return
	}
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != ClientID || secret != ClientSecret {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":"invalid_client"}`))
		return
	}
	lifetime := s.quirks.TokenLifetime
	if lifetime <= 0 {
		lifetime = time.Hour
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	tok := hex.EncodeToString(b[:])
	s.tokens.Store(tok, time.Now().Add(lifetime))
	s.issued.Add(1)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(mustJSON(map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": int(lifetime.Seconds())}))
}
