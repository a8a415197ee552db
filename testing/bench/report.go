package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// Report is everything one benchmark run measured; it is printed as
// markdown and written as JSON with --json.
type Report struct {
	Started   time.Time  `json:"started"`
	Finished  time.Time  `json:"finished"`
	Command   string     `json:"command"`
	Machine   Machine    `json:"machine"`
	Neo4j     ServerInfo `json:"neo4j"`
	Settings  Settings   `json:"settings"`
	Directory Shape      `json:"directory"`
	Generate  float64    `json:"generateSeconds"`
	LoadStart string     `json:"loadAverageStart"`
	LoadEnd   string     `json:"loadAverageEnd"`
	// EndToEnd and Ceiling are the fastest complete runs of
	// EndToEndRuns and CeilingRuns (more than one with --repeat).
	EndToEnd     *RunReport   `json:"endToEnd,omitempty"`
	Ceiling      *RunReport   `json:"ceiling,omitempty"`
	EndToEndRuns []*RunReport `json:"endToEndRuns,omitempty"`
	CeilingRuns  []*RunReport `json:"ceilingRuns,omitempty"`
	Fetch        *FetchReport `json:"fetchOnly,omitempty"`
	Naive        *NaiveReport `json:"naive,omitempty"`
	Dense        *DenseReport `json:"denseGroup,omitempty"`
	Profile      *RunReport   `json:"profiledEndToEnd,omitempty"`
	Ratios       Ratios       `json:"ratios"`
	GoBench      []GoBench    `json:"goBench,omitempty"`
	GoBenchEr    string       `json:"goBenchError,omitempty"`
	Profiles     string       `json:"profileDir,omitempty"`
	Notes        []string     `json:"notes,omitempty"`
}

// Settings are the knobs of the run.
type Settings struct {
	Users   int    `json:"users"`
	Groups  int    `json:"groups"`
	Seed    int64  `json:"seed"`
	Dense   bool   `json:"dense"`
	Latency string `json:"latency"` // one-way delay added between clients and Neo4j
	// RoundTrip is the measured median round trip through the latency
	// proxy, milliseconds (0 without one).
	RoundTrip   float64 `json:"proxyRoundTripMs,omitempty"`
	BatchSize   int     `json:"batchSize"`
	Writers     int     `json:"writers"`
	PageSize    int     `json:"pageSize"`
	PageCap     int     `json:"serverPageCap"`
	Concurrency int     `json:"scimConcurrency"`
	NaiveUsers  int     `json:"naiveUsers"`
	NaiveGroups int     `json:"naiveGroups"`
	Heap        string  `json:"neo4jHeap"`
	PageCache   string  `json:"neo4jPageCache"`
}

// Rates are rows per second.
type Rates struct {
	Users       float64 `json:"users"`
	Groups      float64 `json:"groups"`
	Memberships float64 `json:"memberships"`
}

// RunReport is one measured sync.
type RunReport struct {
	Name string  `json:"name"`
	Wall float64 `json:"wallSeconds"`
	// Written rows: from the sync summary (end-to-end) or the Result.
	Users       int `json:"users"`
	Groups      int `json:"groups"`
	Memberships int `json:"memberships"`
	// Rates are written rows per second of wall time.
	Rates Rates `json:"rates"`
	// PhaseRates are users and groups per second of the nodes phase and
	// memberships per second of the memberships phase (see Phases).
	PhaseRates Rates    `json:"phaseRates"`
	Phases     []Phase  `json:"phases"`
	PeakRSS    int64    `json:"peakRSSBytes,omitempty"` // of the sync process (end-to-end only)
	PeakHeap   uint64   `json:"peakHeapBytes,omitempty"`
	Retries    int      `json:"neo4jRetries"`
	Status     string   `json:"status"`
	ExitCode   *int     `json:"exitCode,omitempty"`
	Summary    *Summary `json:"summary,omitempty"`
	// Graph is what the database held afterwards; Complete says whether
	// it equals the directory.
	Graph        GraphCounts `json:"graph"`
	Complete     bool        `json:"complete"`
	CPU          CPU         `json:"cpuSeconds"`
	Neo4jPeakRSS int64       `json:"neo4jPeakRSSBytes,omitempty"`
	LoadBefore   string      `json:"loadAverageBefore"`
	LoadAfter    string      `json:"loadAverageAfter"`
	Error        string      `json:"error,omitempty"`
}

// FetchReport is the fetch-only reference point.
type FetchReport struct {
	FetchResult
	Rates      Rates  `json:"rates"` // per second of each listing's own wall time
	CPU        CPU    `json:"cpuSeconds"`
	LoadBefore string `json:"loadAverageBefore"`
	LoadAfter  string `json:"loadAverageAfter"`
}

// NaiveReport is the naive baseline.
type NaiveReport struct {
	Scale  Shape       `json:"scale"`
	Result NaiveResult `json:"result"`
	// Rates are per resource: rows per second spent on that resource
	// (fetching and writing users; fetching and writing groups; writing
	// memberships). WholeRunRates divide by the whole wall time.
	Rates         Rates       `json:"rates"`
	WholeRunRates Rates       `json:"wholeRunRates"`
	Graph         GraphCounts `json:"graph"`
	Complete      bool        `json:"complete"`
	CPU           CPU         `json:"cpuSeconds"`
	LoadBefore    string      `json:"loadAverageBefore"`
	LoadAfter     string      `json:"loadAverageAfter"`
	Error         string      `json:"error,omitempty"`
}

// Ratios compare the runs.
type Ratios struct {
	// EndToEndOverCeiling is the end-to-end wall time over the ceiling's.
	EndToEndOverCeiling float64 `json:"endToEndOverCeiling"`
	// NodesOverCeiling and MembershipsOverCeiling compare the phases.
	NodesOverCeiling       float64 `json:"nodesPhaseOverCeiling"`
	MembershipsOverCeiling float64 `json:"membershipsPhaseOverCeiling"`
	// SpeedUpVsNaive is the end-to-end phase rate over the naive
	// per-resource rate; WholeRun compares rates over whole wall times.
	SpeedUpVsNaive         Rates `json:"speedUpVsNaive"`
	SpeedUpVsNaiveWholeRun Rates `json:"speedUpVsNaiveWholeRun"`
}

// perSecond is n/s, or 0.
func perSecond(n int, s float64) float64 {
	if s <= 0 {
		return 0
	}
	return float64(n) / s
}

// ratio is a/b, or 0.
func ratio(a, b float64) float64 {
	if a <= 0 || b <= 0 {
		return 0
	}
	return a / b
}

// computeRatios fills the ratios from the runs present.
func (r *Report) computeRatios() {
	r.EndToEnd, r.Ceiling = fastest(r.EndToEndRuns), fastest(r.CeilingRuns)
	e, c, n := r.EndToEnd, r.Ceiling, r.Naive
	if e != nil && c != nil && e.Error == "" && c.Error == "" {
		r.Ratios.EndToEndOverCeiling = ratio(e.Wall, c.Wall)
		r.Ratios.NodesOverCeiling = ratio(phaseSeconds(e.Phases, "nodes"), phaseSeconds(c.Phases, "nodes"))
		r.Ratios.MembershipsOverCeiling = ratio(phaseSeconds(e.Phases, "memberships"), phaseSeconds(c.Phases, "memberships"))
	}
	if e != nil && n != nil && e.Error == "" && n.Error == "" {
		r.Ratios.SpeedUpVsNaive = Rates{
			Users:       ratio(e.PhaseRates.Users, n.Rates.Users),
			Groups:      ratio(e.PhaseRates.Groups, n.Rates.Groups),
			Memberships: ratio(e.PhaseRates.Memberships, n.Rates.Memberships),
		}
		r.Ratios.SpeedUpVsNaiveWholeRun = Rates{
			Users:       ratio(e.Rates.Users, n.WholeRunRates.Users),
			Groups:      ratio(e.Rates.Groups, n.WholeRunRates.Groups),
			Memberships: ratio(e.Rates.Memberships, n.WholeRunRates.Memberships),
		}
	}
}

// writeJSON writes the report to path.
func (r *Report) writeJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// markdown renders the report.
func (r *Report) markdown(w io.Writer) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }
	p("## scim2neo4j benchmark, %s", r.Started.UTC().Format("2006-01-02 15:04 MST"))
	p("")
	m := r.Machine
	dirty := ""
	if m.Dirty {
		dirty = fmt.Sprintf(" plus uncommitted changes (diff %s)", m.DiffHash)
	}
	p("- machine: %d CPUs (%s), %s GiB RAM, Linux %s; %s; commit %s%s", m.CPUs, m.CPUModel, m.MemoryGiB, m.Kernel, m.GoVersion, m.Commit, dirty)
	p("- Neo4j %s %s; heap %s, page cache %s; %s", r.Neo4j.Version, r.Neo4j.Edition, r.Neo4j.Heap, r.Neo4j.PageCache, r.Neo4j.Reset)
	s := r.Settings
	p("- settings: --batch-size %d --writers %d --page-size %d (server cap %d) --concurrency %d --seed %d --dense=%t --latency %s", s.BatchSize, s.Writers, s.PageSize, s.PageCap, s.Concurrency, s.Seed, s.Dense, s.Latency)
	if s.RoundTrip > 0 {
		p("- Neo4j reached through the latency proxy: measured median round trip %.2f ms (a one-byte ping to an echo server through a proxy of the same delay)", s.RoundTrip)
	}
	p("- load average (1/5/15 min): %s at start, %s at end", r.LoadStart, r.LoadEnd)
	p("- command: `%s`", r.Command)
	p("")
	d := r.Directory
	p("### Directory (generated in %s)", secs(r.Generate))
	p("")
	p("| users | groups | user→group | group→group | memberships | per user | largest group | median / p99 group | groups > 5000 | nested groups | nesting depth |")
	p("|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|")
	p("| %s | %s | %s | %s | %s | %.2f | %s (%s) | %s / %s | %d | %s | %d |", num(d.Users), num(d.Groups), num(d.UserMemberships), num(d.GroupMemberships),
		num(d.Memberships), d.MembershipsPerUser, num(d.LargestGroup), d.LargestGroupName, num(d.MedianGroup), num(d.P99Group), d.GroupsOver5000, num(d.NestedGroups), d.NestingDepth)
	p("")

	p("### Results")
	p("")
	p("| run | scale | wall | users/s | groups/s | memberships/s | peak RSS (sync) | Neo4j retries | graph complete | status | load before → after |")
	p("|---|---|---:|---:|---:|---:|---:|---:|---|---|---|")
	scale := fmt.Sprintf("%s u / %s g", short(d.Users), short(d.Groups))
	for _, run := range r.measuredRuns() {
		rss := "-"
		if run.PeakRSS > 0 {
			rss = mib(run.PeakRSS)
		} else if run.PeakHeap > 0 {
			rss = "heap " + mib(int64(run.PeakHeap))
		}
		p("| %s | %s | %s | %s | %s | %s | %s | %d | %s | %s | %s → %s |", run.Name, scale, secs(run.Wall), rate(run.Rates.Users), rate(run.Rates.Groups),
			rate(run.Rates.Memberships), rss, run.Retries, yesNo(run.Complete), statusOf(run.Status, run.Error), run.LoadBefore, run.LoadAfter)
	}
	if f := r.Fetch; f != nil {
		p("| fetch only (scim client → demo server, no Neo4j) | %s | %s | %s | %s | %s (members listed) | - | - | - | %s | %s → %s |", scale, secs(f.Wall),
			rate(f.Rates.Users), rate(f.Rates.Groups), rate(f.Rates.Memberships), statusOf("ok", f.Err), f.LoadBefore, f.LoadAfter)
	}
	if n := r.Naive; n != nil {
		p("| naive (per resource) | %s u / %s g | %s | %s | %s | %s | - | - | %s | %s | %s → %s |", short(n.Scale.Users), short(n.Scale.Groups), secs(n.Result.Wall),
			rate(n.Rates.Users), rate(n.Rates.Groups), rate(n.Rates.Memberships), yesNo(n.Complete), statusOf("ok", n.Error), n.LoadBefore, n.LoadAfter)
	}
	p("")
	p("Rates divide rows written by the run's wall time (naive: by the time spent on that resource).")
	if len(r.EndToEndRuns) > 1 || len(r.CeilingRuns) > 1 {
		p("End-to-end and ceiling ran %d times each, alternating; ratios use the fastest complete run of each (%q, %q).", len(r.EndToEndRuns), nameOf(r.EndToEnd), nameOf(r.Ceiling))
	}
	p("")

	if r.EndToEnd != nil || r.Ceiling != nil {
		p("### Phases (seconds) and phase rates")
		p("")
		runs := r.measuredRuns()
		header, sep := "| phase |", "|---|"
		for _, run := range runs {
			header += " " + run.Name + " |"
			sep += "---:|"
		}
		p("%s", header)
		p("%s", sep)
		for _, key := range phaseKeys(runs) {
			line := "| " + key + " |"
			for _, run := range runs {
				v := "-"
				for _, ph := range run.Phases {
					if ph.Key == key {
						v = secs(ph.Seconds)
					}
				}
				line += " " + v + " |"
			}
			p("%s", line)
		}
		for _, x := range []struct {
			name string
			get  func(Rates) float64
		}{{"users/s in nodes phase", func(r Rates) float64 { return r.Users }},
			{"groups/s in nodes phase", func(r Rates) float64 { return r.Groups }},
			{"memberships/s in memberships phase", func(r Rates) float64 { return r.Memberships }}} {
			line := "| " + x.name + " |"
			for _, run := range runs {
				line += " " + rate(x.get(run.PhaseRates)) + " |"
			}
			p("%s", line)
		}
		for _, key := range phaseKeys(runs) {
			line, seen := "| peak RSS of the sync process in "+key+" |", false
			for _, run := range runs {
				v := "-"
				for _, ph := range run.Phases {
					if ph.Key == key && ph.PeakRSS > 0 {
						v, seen = mib(ph.PeakRSS), true
					}
				}
				line += " " + v + " |"
			}
			if seen {
				p("%s", line)
			}
		}
		p("")
		p("Phases come from the sync's log: setup (process start, connect, schema) ends at \"writing accounts and groups\"; nodes (fetch + decode + write users and groups) at \"accounts and groups written\"; keys (reading the identity keys the run touched) at \"writing memberships\"; memberships (MEMBER_OF) at \"memberships written\"; managers (REPORTS_TO) at \"removing what the connection no longer has\"; removal (stale count and removal) at \"removed what the connection no longer has\"; finish at \"sync finished\"; reconcile at \"identities reconciled\"; exit is the rest. A phase whose closing line is missing is merged into the next (a+b).")
		p("")
	}

	p("### CPU (seconds of CPU time during the run)")
	p("")
	p("| run | wall | machine busy | saturation | sync | demo SCIM server (bench process) | Neo4j | other processes | top other processes | Neo4j peak RSS |")
	p("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
	cpuRow := func(name string, wall float64, c CPU, neoRSS int64) {
		rss := "-"
		if neoRSS > 0 {
			rss = mib(neoRSS)
		}
		var top []string
		for _, o := range c.TopOther {
			top = append(top, fmt.Sprintf("%s %s", clip(o.Label, 50), secs(o.Seconds)))
		}
		p("| %s | %s | %s | %.0f%% | %s | %s | %s | %s | %s | %s |", name, secs(wall), secs(c.Machine), 100*c.Saturation, secs(c.Sync), secs(c.Bench), secs(c.Neo4j), secs(c.Other),
			orDash(strings.Join(top, "; ")), rss)
	}
	for _, run := range r.measuredRuns() {
		cpuRow(run.Name, run.Wall, run.CPU, run.Neo4jPeakRSS)
	}
	if f := r.Fetch; f != nil {
		cpuRow("fetch only", f.Wall, f.CPU, 0)
	}
	if n := r.Naive; n != nil {
		cpuRow("naive", n.Result.Wall, n.CPU, 0)
	}
	p("")
	p("In-process runs (ceiling, profiled end-to-end, fetch only, naive) count their own CPU under sync; the fetch-only and profiled runs also hold the demo server in the same process.")
	p("")

	p("### Ratios")
	p("")
	rt := r.Ratios
	p("| end-to-end / ceiling (wall) | nodes phase | memberships phase | speed-up vs naive: users | groups | memberships | (whole-run rates: users | groups | memberships) |")
	p("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	p("| %s | %s | %s | %s | %s | %s | %s | %s | %s |", times(rt.EndToEndOverCeiling), times(rt.NodesOverCeiling), times(rt.MembershipsOverCeiling),
		times(rt.SpeedUpVsNaive.Users), times(rt.SpeedUpVsNaive.Groups), times(rt.SpeedUpVsNaive.Memberships),
		times(rt.SpeedUpVsNaiveWholeRun.Users), times(rt.SpeedUpVsNaiveWholeRun.Groups), times(rt.SpeedUpVsNaiveWholeRun.Memberships))
	p("")
	p("Speed-up vs naive: the end-to-end rate in its phase (users and groups: the nodes phase, which writes both at once, so the groups figure is a lower bound; memberships: the memberships phase) over the naive rate for that resource; whole-run rates divide by the whole wall times instead.")
	p("")
	if n := r.Naive; n != nil {
		p("Naive baseline at %s users / %s groups / %s memberships: %d requests of %d, %s auto-commit transactions; seconds: users fetch %s + write %s, groups fetch %s + write %s, memberships write %s.",
			num(n.Scale.Users), num(n.Scale.Groups), num(n.Scale.Memberships), n.Result.Requests, naivePageSize, num(n.Result.Transactions),
			secs(n.Result.UserFetch), secs(n.Result.UserWrite), secs(n.Result.GroupFetch), secs(n.Result.GroupWrite), secs(n.Result.MembershipWrite))
		p("")
	}

	if d := r.Dense; d != nil {
		p("### Dense group")
		p("")
		if d.Err != "" {
			p("FAILED: %s", d.Err)
		} else {
			p("| group | memberships | seconds | µs per membership | Neo4j retries |")
			p("|---|---:|---:|---:|---:|")
			p("| %s (dense) | %s | %s | %.1f | %d |", d.Group, num(d.DenseRows), secs(d.DenseWall), d.DenseMicros, d.Retries)
			p("| %s groups of at most %s members | %s | %s | %.1f | |", num(d.SmallGroups), num(smallGroupMax), num(d.SmallRows), secs(d.SmallWall), d.SmallMicros)
			p("")
			p("A membership of the dense group costs %s one of small groups. Written by the product's membership statement with one writer in batches of %s, after every account and group (keys and names only) and an untimed warm-up on other small groups, in halves ordered dense, small, small, dense.", times(d.Ratio), num(r.Settings.BatchSize))
		}
		p("")
	}

	if len(r.GoBench) > 0 || r.GoBenchEr != "" {
		p("### Go micro-benchmarks")
		p("")
		p("| benchmark | ns/op | MB/s | B/op | allocs/op | other |")
		p("|---|---:|---:|---:|---:|---|")
		for _, b := range r.GoBench {
			var extra []string
			for k, v := range b.Extra {
				extra = append(extra, fmt.Sprintf("%s %s", strconv.FormatFloat(v, 'f', -1, 64), k))
			}
			mbs := "-"
			if b.MBPerSec > 0 {
				mbs = fmt.Sprintf("%.1f", b.MBPerSec)
			}
			p("| %s | %s | %s | %s | %s | %s |", b.Name, num(int(b.NsPerOp)), mbs, num(int(b.BPerOp)), num(int(b.Allocs)), strings.Join(extra, ", "))
		}
		if r.GoBenchEr != "" {
			p("")
			p("go test -bench failed: %s", r.GoBenchEr)
		}
		p("")
	}
	if r.Profiles != "" {
		p("Profiles in %s (go tool pprof -top <file>).", r.Profiles)
		p("")
	}
	for _, n := range r.Notes {
		p("- %s", n)
	}
}

// measuredRuns lists the sync runs in the order they are shown.
func (r *Report) measuredRuns() []*RunReport {
	var runs []*RunReport
	runs = append(runs, r.EndToEndRuns...)
	runs = append(runs, r.CeilingRuns...)
	if r.Profile != nil {
		runs = append(runs, r.Profile)
	}
	return runs
}

// fastest is the complete run with the least wall time, else the first.
func fastest(runs []*RunReport) *RunReport {
	var best *RunReport
	for _, run := range runs {
		if run.Error == "" && run.Complete && (best == nil || run.Wall < best.Wall) {
			best = run
		}
	}
	if best == nil && len(runs) > 0 {
		best = runs[0]
	}
	return best
}

// nameOf names a run, or "-".
func nameOf(run *RunReport) string {
	if run == nil {
		return "-"
	}
	return run.Name
}

// phaseKeys lists the phase keys of runs in first-seen order.
func phaseKeys(runs []*RunReport) []string {
	var keys []string
	seen := map[string]bool{}
	for _, run := range runs {
		for _, ph := range run.Phases {
			if !seen[ph.Key] {
				seen[ph.Key] = true
				keys = append(keys, ph.Key)
			}
		}
	}
	return keys
}

// num renders an integer with thousands separators.
func num(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// short renders a count as 1M, 100k, 2000.
func short(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 10_000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return num(n)
}

// rate renders rows per second.
func rate(v float64) string {
	if v <= 0 {
		return "-"
	}
	if v < 100 {
		return fmt.Sprintf("%.1f", v)
	}
	return num(int(v + 0.5))
}

// secs renders seconds.
func secs(v float64) string {
	if v < 10 {
		return fmt.Sprintf("%.2fs", v)
	}
	return fmt.Sprintf("%.1fs", v)
}

// mib renders bytes.
func mib(b int64) string {
	if b >= 10<<30 {
		return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
	}
	return fmt.Sprintf("%d MiB", b>>20)
}

// times renders a ratio.
func times(v float64) string {
	if v <= 0 {
		return "-"
	}
	if v >= 10 {
		return fmt.Sprintf("%.0f×", v)
	}
	return fmt.Sprintf("%.2f×", v)
}

// yesNo renders a bool.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "NO"
}

// statusOf renders a status, or the error.
func statusOf(status, err string) string {
	if err != "" {
		return "FAILED: " + clip(err, 120)
	}
	return status
}

// clip shortens s to n bytes.
func clip(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	s = strings.ReplaceAll(s, "|", "/")
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
