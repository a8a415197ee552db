package ingest_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
)

// announceTotal rewrites totalResults of /Users list responses to total.
func announceTotal(h http.Handler, total int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/Users") {
			h.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return
		}
		body["totalResults"] = total
		var buf bytes.Buffer
		_ = json.NewEncoder(&buf).Encode(body)
		w.Header().Set("Content-Type", "application/scim+json")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(buf.Bytes())
	})
}

// httptestServer serves h on loopback for the test's lifetime.
func httptestServer(t interface {
	Cleanup(func())
}, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
