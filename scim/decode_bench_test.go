package scim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/scimdemo"
)

// The benchmarks below decode list pages exactly as served by the demo
// SCIM server (testing/scimdemo), through the client's decode path as
// lister.fetch runs it: decodeList over a streaming json.Decoder, each
// user with decodeRaw (the raw value, then decodeResource), each group
// with decodeGroupStream (members one by one, very large groups passed on
// in parts). HTTP is left out. The "raw" variants only cut the page into
// raw resources, to show what the second parse of each resource costs.

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

// decodeUserPage decodes a page of users and returns how many it held.
func decodeUserPage(b *testing.B, body []byte) int {
	var meta listMeta
	page := &pageState[User]{}
	err := decodeList(json.NewDecoder(bytes.NewReader(body)), &meta, func(dec *json.Decoder) error {
		return decodeRaw("Users", dec, page)
	})
	if err != nil || len(page.skipped) > 0 || len(page.warnings) > 0 {
		b.Fatalf("decode users: err %v, skipped %v, warnings %v", err, page.skipped, page.warnings)
	}
	return len(page.resources)
}

// decodeGroupPage decodes a page of groups through l, whose parts of
// large groups go to l.out, and returns how many groups it held whole
// or as a last part.
func decodeGroupPage(b *testing.B, l *lister[Group], body []byte) int {
	l.seen = make(map[uint64]struct{}) // every iteration sees the groups for the first time
	var meta listMeta
	page := &pageState[Group]{}
	err := decodeList(json.NewDecoder(bytes.NewReader(body)), &meta, func(dec *json.Decoder) error {
		return decodeGroupStream(context.Background(), l, dec, page)
	})
	if err != nil || len(page.skipped) > 0 || len(page.warnings) > 0 {
		b.Fatalf("decode groups: err %v, skipped %v, warnings %v", err, page.skipped, page.warnings)
	}
	return len(page.resources)
}

// rawPage only cuts a page into raw resources.
func rawPage(b *testing.B, body []byte) int {
	var meta listMeta
	err := decodeList(json.NewDecoder(bytes.NewReader(body)), &meta, func(dec *json.Decoder) error {
		var raw json.RawMessage
		return dec.Decode(&raw)
	})
	if err != nil {
		b.Fatal(err)
	}
	return meta.Resources
}

// perResource reports the time per resource of a page of n resources.
func perResource(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/resource")
}

// BenchmarkDecodeUserPage decodes a page of 1000 users with the
// enterprise extension, managers and zero to three emails.
func BenchmarkDecodeUserPage(b *testing.B) {
	dir := directory.Generate(directory.Options{Users: 1000, Groups: 50, Seed: 1})
	body := servedPage(b, dir, "Users", 1, 1000)
	b.Run("page", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			n = decodeUserPage(b, body)
		}
		perResource(b, n)
	})
	b.Run("raw", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			n = rawPage(b, body)
		}
		perResource(b, n)
	})
}

// BenchmarkDecodeGroupPage decodes pages of 1000 groups of a directory of
// 100,000 users and 2,000 groups: the first holds All Employees (every
// user, passed on in parts) and the other large groups, the second only
// regular ones. It reports ns per member.
func BenchmarkDecodeGroupPage(b *testing.B) {
	dir := directory.Generate(directory.Options{Users: 100_000, Groups: 2_000, Seed: 1})
	for _, page := range []struct {
		name  string
		start int
	}{{"first_1000_of_2000_groups_100k_users", 1}, {"second_1000_of_2000_groups_100k_users", 1001}} {
		body := servedPage(b, dir, "Groups", page.start, 1000)
		members := 0
		for _, g := range dir.Groups[page.start-1 : page.start-1+1000] {
			members += len(g.Members)
		}
		b.Run(page.name+"/page", func(b *testing.B) {
			out := make(chan []Group, 16)
			done := make(chan struct{})
			go func() { // parts of large groups arrive here, as downstream would take them
				for range out {
				}
				close(done)
			}()
			l := &lister[Group]{path: "Groups", out: out}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				decodeGroupPage(b, l, body)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(members), "ns/member")
			close(out)
			<-done
		})
		b.Run(page.name+"/raw", func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				rawPage(b, body)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(members), "ns/member")
		})
	}
}
