package scimdemo

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// authorized reports whether r carries "Authorization: Bearer <token>".
// The scheme is case-insensitive (RFC 6750); the token is compared in
// constant time.
func authorized(r *http.Request, token string) bool {
	scheme, credentials, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(credentials)), []byte(token)) == 1
}
