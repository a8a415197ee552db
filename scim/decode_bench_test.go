package scim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/scimdemo"
)

// The benchmarks below decode list pages exactly as served by the demo
// SCIM server (testing/scimdemo), through the client's decode path: the
// list envelope with raw resources (listResponse), then each resource on
// its own (decodeResource), as lister.emit does. HTTP is left out.

// benchToken is the demo server's bearer token in these benchmarks.
const benchToken = "bench-token"

// servedPage returns the body the demo server sends for one list page.
func servedPage(b *testing.B, dir *directory.Directory, path string, startIndex, count int) []byte {
	b.Helper()
	h, err := scimdemo.NewHandler(dir, benchToken, nil)
	if err != nil {
		b.Fatal(err)
	}
	target := fmt.Sprintf("%s/%s?startIndex=%d&count=%d", scimdemo.BasePath, path, startIndex, count)
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("Authorization", "Bearer "+benchToken)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: HTTP %d: %.200s", target, rec.Code, rec.Body.String())
	}
	return rec.Body.Bytes()
}

// decodeEnvelope decodes a page body into its envelope, as getJSON does.
func decodeEnvelope(b *testing.B, body []byte) *listResponse {
	var page listResponse
	if err := json.NewDecoder(bytes.NewReader(body)).Decode(&page); err != nil {
		b.Fatal(err)
	}
	return &page
}

// decodeAll decodes every raw resource of a page, failing on any problem.
func decodeAll[T resourceID](b *testing.B, path string, raws []json.RawMessage) {
	for _, raw := range raws {
		if _, warn, err := decodeResource[T](path, raw); err != nil || warn != nil {
			b.Fatalf("decode %s resource: err %v, warning %v", path, err, warn)
		}
	}
}

// benchDecode runs the page decode of body with T, whole and in its two
// steps, and reports MB/s of body and ns per resource.
func benchDecode[T resourceID](b *testing.B, path string, body []byte) {
	n := len(decodeEnvelope(b, body).Resources)
	perResource := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/resource")
	}
	b.Run("page", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			decodeAll[T](b, path, decodeEnvelope(b, body).Resources)
		}
		perResource(b)
	})
	b.Run("envelope", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			decodeEnvelope(b, body)
		}
		perResource(b)
	})
	b.Run("resources", func(b *testing.B) {
		raws := decodeEnvelope(b, body).Resources
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			decodeAll[T](b, path, raws)
		}
		perResource(b)
	})
}

// BenchmarkDecodeUserPage decodes a page of 1000 users with the
// enterprise extension, managers and zero to three emails.
func BenchmarkDecodeUserPage(b *testing.B) {
	dir := directory.Generate(directory.Options{Users: 1000, Groups: 50, Seed: 1})
	benchDecode[User](b, "Users", servedPage(b, dir, "Users", 1, 1000))
}

// BenchmarkDecodeGroupPage decodes pages of 1000 groups of a directory of
// 100,000 users and 2,000 groups: the first page holds All Employees
// (every user) and the other large groups, the second only regular ones.
func BenchmarkDecodeGroupPage(b *testing.B) {
	dir := directory.Generate(directory.Options{Users: 100_000, Groups: 2_000, Seed: 1})
	b.Run("first_1000_of_2000_groups_100k_users", func(b *testing.B) {
		benchDecode[Group](b, "Groups", servedPage(b, dir, "Groups", 1, 1000))
	})
	b.Run("second_1000_of_2000_groups_100k_users", func(b *testing.B) {
		benchDecode[Group](b, "Groups", servedPage(b, dir, "Groups", 1001, 1000))
	})
}
