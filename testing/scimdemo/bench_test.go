package scimdemo

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
)

// benchDirectory is the 1M-user / 20k-group directory of the sync benchmark,
// generated once per test binary run.
var benchDirectory = sync.OnceValue(func() *directory.Directory {
	return directory.Generate(directory.Options{Users: 1_000_000, Groups: 20_000, Seed: 1})
})

// discardWriter is a ResponseWriter that only counts bytes, so benchmarks
// measure the handler rather than response buffering.
type discardWriter struct {
	header http.Header
	status int
	n      int
}

// Header returns the response headers.
func (w *discardWriter) Header() http.Header { return w.header }

// WriteHeader records the status.
func (w *discardWriter) WriteHeader(status int) { w.status = status }

// Write counts and drops b.
func (w *discardWriter) Write(b []byte) (int, error) {
	w.n += len(b)
	return len(b), nil
}

// serve runs one authenticated GET and returns the response size.
func serve(b *testing.B, h http.Handler, target string) int {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	w := &discardWriter{header: http.Header{}, status: http.StatusOK}
	h.ServeHTTP(w, req)
	if w.status != http.StatusOK {
		b.Fatalf("GET %s: status %d", target, w.status)
	}
	return w.n
}

// BenchmarkListUsers pages through 1M users 1000 at a time, cycling over
// all pages, and reports pages/s.
func BenchmarkListUsers(b *testing.B) {
	dir := benchDirectory()
	h := newTestHandler(b, dir)
	pages := len(dir.Users) / DefaultMaxPageSize
	b.ReportAllocs()
	b.ResetTimer()
	start, bytes, i := time.Now(), 0, 0
	for b.Loop() {
		bytes += serve(b, h, "/scim/v2/Users?count=1000&startIndex="+strconv.Itoa((i%pages)*DefaultMaxPageSize+1))
		i++
	}
	elapsed := time.Since(start).Seconds()
	b.ReportMetric(float64(i)/elapsed, "pages/s")
	b.ReportMetric(float64(bytes)/float64(i)/1024, "KiB/page")
}

// BenchmarkListGroups pages through the 20k groups 1000 at a time. The
// "without_all_employees" case skips the first page, which holds the
// 1M-member group; the "first_page" case serves only that page.
func BenchmarkListGroups(b *testing.B) {
	dir := benchDirectory()
	h := newTestHandler(b, dir)
	pages := len(dir.Groups) / DefaultMaxPageSize
	benchmarks := []struct {
		name      string
		startPage func(i int) int
		query     string
	}{
		{name: "without_all_employees", startPage: func(i int) int { return 1 + i%(pages-1) }},
		{name: "first_page", startPage: func(int) int { return 0 }},
		{name: "first_page_excluding_members", startPage: func(int) int { return 0 }, query: "&excludedAttributes=members"},
	}
	for _, bm := range benchmarks {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			start, bytes, i := time.Now(), 0, 0
			for b.Loop() {
				bytes += serve(b, h, "/scim/v2/Groups?count=1000&startIndex="+strconv.Itoa(bm.startPage(i)*DefaultMaxPageSize+1)+bm.query)
				i++
			}
			elapsed := time.Since(start).Seconds()
			b.ReportMetric(float64(i)/elapsed, "pages/s")
			b.ReportMetric(float64(bytes)/float64(i)/(1<<20), "MiB/page")
		})
	}
}

// BenchmarkGetAllEmployees serves the 1M-member "All Employees" group.
func BenchmarkGetAllEmployees(b *testing.B) {
	dir := benchDirectory()
	h := newTestHandler(b, dir)
	target := "/scim/v2/Groups/" + dir.Groups[0].ID
	b.SetBytes(int64(serve(b, h, target)))
	b.ReportAllocs()
	for b.Loop() {
		serve(b, h, target)
	}
}

// BenchmarkGetUser serves single users by id.
func BenchmarkGetUser(b *testing.B) {
	dir := benchDirectory()
	h := newTestHandler(b, dir)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		serve(b, h, "/scim/v2/Users/"+dir.Users[(i*7919)%len(dir.Users)].ID)
		i++
	}
}
