package e2e

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// httptestServer serves h on loopback for the test's lifetime.
func httptestServer(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
