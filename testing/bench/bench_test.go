package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/scim"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
)

// TestReadSummary reads a connection's run from a sync --report file:
// its own row among several, with the run's retries; a report of another
// schema version, without the connection, or not JSON is an error.
func TestReadSummary(t *testing.T) {
	report := `{"schemaVersion":"1","neo4jRetries":7,"connections":[
	  {"name":"other","status":"failed","users":{"written":1},"groups":{"written":1},"memberships":{"written":1}},
	  {"name":"bench","status":"ok","durationSeconds":41.3,"unresolvedMembers":2,
	   "users":{"written":100000,"created":100000,"listing":{"unique":100000}},
	   "groups":{"written":2000},"memberships":{"written":431234}}]}`
	s, err := readSummary([]byte(report), "bench")
	if err != nil {
		t.Fatal(err)
	}
	want := Summary{Connection: "bench", Status: "ok", Users: 100000, Groups: 2000, Memberships: 431234, Unresolved: 2, Seconds: 41.3, Retries: 7}
	if s != want {
		t.Fatalf("read %+v, want %+v", s, want)
	}
	for _, bad := range []struct{ name, report, conn string }{
		{"absent connection", report, "missing"},
		{"other schema version", strings.Replace(report, `"1"`, `"2"`, 1), "bench"},
		{"not JSON", "Error: boom\n", "bench"},
		{"empty file", "", "bench"},
	} {
		if _, err := readSummary([]byte(bad.report), bad.conn); err == nil {
			t.Errorf("%s: no error", bad.name)
		}
	}
}

func TestSplitPhases(t *testing.T) {
	at := func(s int) time.Time { return time.Date(2026, 1, 1, 0, 0, s, 0, time.UTC) }
	log := "time=2026-01-01T00:00:02.000Z level=INFO msg=\"writing accounts and groups\" connection=bench\n" +
		"not a log line\n" +
		"time=2026-01-01T00:00:09.000Z level=INFO msg=\"accounts and groups written\" connection=bench users=3\n" +
		"time=2026-01-01T00:00:10.000Z level=INFO msg=\"writing memberships\" connection=bench memberships=5\n" +
		"time=2026-01-01T00:00:26.000Z level=INFO msg=\"memberships written\" connection=bench memberships=5\n" +
		"time=2026-01-01T00:00:30.000Z level=INFO msg=\"sync finished\" status=ok\n" +
		"time=2026-01-01T00:00:35.000Z level=INFO msg=\"identities reconciled\" keys=3\n"
	phases := splitPhases(readLogLines(strings.NewReader(log)), at(0), at(36))
	want := map[string]float64{"setup": 2, "nodes": 7, "keys": 1, "memberships": 16, "managers+removal+finish": 4, "reconcile": 5, "exit": 1}
	if len(phases) != len(want) {
		t.Fatalf("phases %+v", phases)
	}
	for _, p := range phases {
		if want[p.Key] != p.Seconds {
			t.Fatalf("phase %s: %v s, want %v (all: %+v)", p.Key, p.Seconds, want[p.Key], phases)
		}
	}
	if phaseSeconds(phases, "nodes") != 7 || phaseSeconds(phases, "memberships") != 16 || phaseSeconds(phases, "managers") != 0 {
		t.Fatal("phaseSeconds")
	}
	// A failed run has no "accounts and groups written": its node writing
	// and key reading merge into one phase.
	failed := splitPhases(readLogLines(strings.NewReader(strings.Replace(log, "accounts and groups written", "something else", 1))), at(0), at(36))
	if phaseSeconds(failed, "nodes+keys") != 8 {
		t.Fatalf("nodes and keys merged: %+v", failed)
	}
}

func TestAttr(t *testing.T) {
	line := `time=2026-01-01T00:00:02Z level=INFO msg="a \"quoted\" msg" xmsg=no n=3`
	if v, ok := attr(line, "msg"); !ok || v != `a "quoted" msg` {
		t.Fatalf("msg = %q, %v", v, ok)
	}
	if v, ok := attr(line, "n"); !ok || v != "3" {
		t.Fatalf("n = %q, %v", v, ok)
	}
	if _, ok := attr(line, "missing"); ok {
		t.Fatal("found a missing attribute")
	}
}

func TestParseGoBench(t *testing.T) {
	out := "goos: linux\n" +
		"BenchmarkDecodeUserPage/page-2   12  18390069 ns/op  42.08 MB/s  18390 ns/resource  6161002 B/op  59986 allocs/op\n" +
		"BenchmarkUserRows-2  880  250037 ns/op  250.0 ns/user  79200 B/op  2502 allocs/op\n" +
		"PASS\n"
	res := parseGoBench(out)
	if len(res) != 2 {
		t.Fatalf("parsed %+v", res)
	}
	if b := res[0]; b.Name != "BenchmarkDecodeUserPage/page" || b.NsPerOp != 18390069 || b.MBPerSec != 42.08 || b.Allocs != 59986 || b.Extra["ns/resource"] != 18390 {
		t.Fatalf("first %+v", b)
	}
	if b := res[1]; b.Name != "BenchmarkUserRows" || b.BPerOp != 79200 || b.Extra["ns/user"] != 250 {
		t.Fatalf("second %+v", b)
	}
}

func TestNestingDepth(t *testing.T) {
	tests := []struct {
		name     string
		children [][]int
		want     int
	}{
		{"none", nil, 0},
		{"flat", [][]int{{}, {}}, 1},
		{"chain of four", [][]int{{1}, {2}, {3}, {}}, 4},
		{"diamond", [][]int{{1, 2}, {3}, {3}, {}}, 3},
		{"cycle", [][]int{{1}, {0}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nestingDepth(tt.children); got != tt.want {
				t.Fatalf("depth %d, want %d", got, tt.want)
			}
		})
	}
}

func TestShapeOf(t *testing.T) {
	dir := directory.Generate(directory.Options{Users: 2000, Groups: 120, Seed: 1})
	s := shapeOf(dir)
	if s.Users != 2000 || s.Groups != 120 || s.LargestGroup != 2000 || s.LargestGroupName != "All Employees" {
		t.Fatalf("shape %+v", s)
	}
	total := 0
	for _, g := range dir.Groups {
		total += len(g.Members)
	}
	if s.Memberships != total || s.UserMemberships+s.GroupMemberships != total || s.GroupMemberships == 0 {
		t.Fatalf("memberships %d (%d + %d), want %d with some nesting", s.Memberships, s.UserMemberships, s.GroupMemberships, total)
	}
	if s.NestingDepth < 2 {
		t.Fatalf("nesting depth %d", s.NestingDepth)
	}
}

// TestMemSource checks that the ceiling's source hands out the whole
// directory as a complete listing, in the client's shape.
func TestMemSource(t *testing.T) {
	dir := directory.Generate(directory.Options{Users: 2500, Groups: 30, Seed: 3})
	src := newMemSource(dir, 1000)
	users := make(chan []scim.User, 10)
	st, err := src.Users(context.Background(), users)
	if err != nil || !st.Complete() || st.Unique != 2500 || st.Pages != 3 {
		t.Fatalf("user listing %+v, %v", st, err)
	}
	n := 0
	for p := range users {
		for _, u := range p {
			if string(u.ID) != dir.Users[n].ID || u.Active == nil || bool(*u.Active) != dir.Users[n].Active {
				t.Fatalf("user %d: %+v", n, u)
			}
			n++
		}
	}
	groups := make(chan []scim.Group, 10)
	gst, err := src.Groups(context.Background(), groups)
	if err != nil || !gst.Complete() || gst.Unique != 30 {
		t.Fatalf("group listing %+v, %v", gst, err)
	}
	for p := range groups {
		for j, g := range p {
			for k, m := range g.Members {
				want := scim.MemberUser
				if dir.Groups[j].Members[k].Type == directory.MemberTypeGroup {
					want = scim.MemberGroup
				}
				if m.Kind() != want {
					t.Fatalf("group %d member %d: kind %v, want %v", j, k, m.Kind(), want)
				}
			}
		}
	}
}

func TestNum(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4200: "-4,200"} {
		if got := num(n); got != want {
			t.Errorf("num(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFastest(t *testing.T) {
	a := &RunReport{Name: "a", Wall: 10, Complete: true}
	b := &RunReport{Name: "b", Wall: 5, Complete: true, Error: "failed"}
	c := &RunReport{Name: "c", Wall: 8, Complete: true}
	d := &RunReport{Name: "d", Wall: 1}
	if got := fastest([]*RunReport{a, b, c, d}); got != c {
		t.Fatalf("fastest = %s, want c (b failed, d incomplete)", got.Name)
	}
	if got := fastest([]*RunReport{b}); got != b {
		t.Fatal("with no complete run, the first is reported")
	}
	if fastest(nil) != nil {
		t.Fatal("fastest of nothing")
	}
	if logSuffix(" #2") != "-2" || logSuffix("") != "" {
		t.Fatal("logSuffix")
	}
}

func TestAddPeakRSS(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	phases := []Phase{{Key: "setup", Seconds: 1}, {Key: "nodes", Seconds: 2}, {Key: "exit", Seconds: 1}}
	var samples []rssSample
	for i, rss := range []int64{10, 20, 50, 40, 30, 5, 7} { // every half second
		samples = append(samples, rssSample{at: start.Add(time.Duration(i) * 500 * time.Millisecond), rss: rss})
	}
	addPeakRSS(phases, start, samples)
	if phases[0].PeakRSS != 20 || phases[1].PeakRSS != 50 || phases[2].PeakRSS != 7 {
		t.Fatalf("peaks %d %d %d, want 20 50 7", phases[0].PeakRSS, phases[1].PeakRSS, phases[2].PeakRSS)
	}
}

func TestProbeRows(t *testing.T) {
	dir := directory.Generate(directory.Options{Users: 20000, Groups: 400, Seed: 1, Dense: true})
	var rep DenseReport
	dense, small, warm, err := probeRows(dir, &rep)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Group != "VPN Users" || rep.Members < 3800 || rep.Members > 4200 {
		t.Fatalf("dense group %q of %d members, want VPN Users of about 4,000", rep.Group, rep.Members)
	}
	if len(dense) != rep.Members || len(small) != len(dense) || rep.SmallRows != len(small) {
		t.Fatalf("%d dense rows, %d small rows, report %+v", len(dense), len(small), rep)
	}
	sizes := map[string]int{}
	for _, g := range dir.Groups {
		sizes[probeUID(g.ID)] = len(g.Members)
	}
	if len(warm) == 0 {
		t.Fatal("no warm-up rows")
	}
	for _, r := range warm {
		if n := sizes[r.Group]; n == 0 || n > smallGroupMax {
			t.Fatalf("warm-up row of group %s with %d members", r.Group, n)
		}
	}
	groups := map[string]bool{}
	for _, r := range small {
		if n := sizes[r.Group]; n == 0 || n > smallGroupMax {
			t.Fatalf("small row of group %s with %d members", r.Group, n)
		}
		groups[r.Group] = true
	}
	if len(groups) != rep.SmallGroups {
		t.Fatalf("%d small groups in the rows, %d reported", len(groups), rep.SmallGroups)
	}
	for _, r := range dense {
		if r.Group != dense[0].Group || r.Kind != cypher.MemberUser {
			t.Fatalf("dense row %+v", r)
		}
	}
}
