package scim

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
)

// lyingTotal serves fakeList's resources but announces claim as totalResults.
type lyingTotal struct {
	fakeList
	claim int
}

func (l *lyingTotal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	l.fakeList.ServeHTTP(rec, r)
	var body map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	body["totalResults"] = l.claim
	w.Header().Set("Content-Type", "application/scim+json")
	_ = json.NewEncoder(w).Encode(body)
}
