// Command bench measures scim2neo4j end to end on a generated directory,
// reproducibly: it serves the directory over SCIM on loopback, runs the
// real `scim2neo4j sync` binary as a child process into an empty Neo4j
// (wall time, peak RSS, summary), and measures reference points on the
// same data: the write ceiling (the same Cypher layer fed from memory),
// a fetch-only listing, and a deliberately naive loader. It prints a
// markdown report and optionally writes it as JSON.
//
//	go run ./testing/bench --users 100000 --groups 2000
//
// See testing/bench/README.md for what every figure means.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/scim"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
)

// token is the demo server's bearer token.
const token = "bench-token"

// pageCap is the demo server's page size cap.
const pageCap = 1000

// config is the command line.
type config struct {
	users, groups          int
	seed                   int64
	dense                  bool
	batchSize, writers     int
	pageSize, concurrency  int
	heap, pageCache        string
	neo4jURI               string
	neo4jPort              int
	naiveUsers             int
	naiveGroups            int
	skipNaive, skipCeiling bool
	skipFetch, skipGoBench bool
	skipDense              bool
	goBenchTime            string
	jsonPath               string
	profileDir             string
	keep                   bool
	repeat                 int
	latency                time.Duration
}

func parseFlags() config {
	var c config
	flag.IntVar(&c.users, "users", 1_000_000, "users in the generated directory")
	flag.IntVar(&c.groups, "groups", 20_000, "groups in the generated directory")
	flag.Int64Var(&c.seed, "seed", 1, "seed of the generated directory")
	flag.BoolVar(&c.dense, "dense", true, "generate the benchmark's dense directory (about 5 memberships per user, VPN Users at 20% of users: 5,000,000 and 200,000 at 1,000,000 users); -dense=false gives the demo's shape (about 4.25, 15%)")
	flag.IntVar(&c.batchSize, "batch-size", ingest.DefaultBatchSize, "rows per Neo4j write transaction (sync --batch-size)")
	flag.IntVar(&c.writers, "writers", ingest.DefaultWriters, "concurrent Neo4j write transactions (sync --writers)")
	flag.IntVar(&c.pageSize, "page-size", scim.DefaultPageSize, "SCIM page size asked for (sync --page-size); the demo server caps pages at 1000")
	flag.IntVar(&c.concurrency, "concurrency", scim.DefaultConcurrency, "SCIM requests in flight per listing (sync --concurrency)")
	flag.StringVar(&c.heap, "neo4j-heap", "4g", "heap of the Neo4j the benchmark starts (NEO4J_HEAP)")
	flag.StringVar(&c.pageCache, "neo4j-pagecache", "4g", "page cache of the Neo4j the benchmark starts (NEO4J_PAGECACHE)")
	flag.StringVar(&c.neo4jURI, "neo4j-uri", "", "use this existing, EMPTY Neo4j instead of starting one (NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE from the environment); it is emptied between phases, never restarted")
	flag.IntVar(&c.neo4jPort, "neo4j-port", 7720, "bolt port of the Neo4j the benchmark starts (HTTP on the next port)")
	flag.IntVar(&c.naiveUsers, "naive-users", 10_000, "users of the naive baseline's (smaller) directory, same seed")
	flag.IntVar(&c.naiveGroups, "naive-groups", 0, "groups of the naive baseline's directory (0: --groups scaled like the users)")
	flag.BoolVar(&c.skipNaive, "skip-naive", false, "skip the naive baseline")
	flag.BoolVar(&c.skipCeiling, "skip-ceiling", false, "skip the write ceiling")
	flag.BoolVar(&c.skipFetch, "skip-fetch", false, "skip the fetch-only listing")
	flag.BoolVar(&c.skipDense, "skip-dense", false, "skip the dense-group probe (a membership of the 200,000-member group against one of small groups)")
	flag.BoolVar(&c.skipGoBench, "skip-gobench", false, "skip the Go micro-benchmarks (go test -bench in scim/ and ingest/)")
	flag.StringVar(&c.goBenchTime, "gobench-time", "1s", "-benchtime of the Go micro-benchmarks")
	flag.StringVar(&c.jsonPath, "json", "", "also write the report as JSON to this file")
	flag.StringVar(&c.profileDir, "profile", "", "write CPU and heap profiles of the in-process ceiling run and of an extra in-process end-to-end run into this directory")
	flag.BoolVar(&c.keep, "keep", false, "keep the work directory (sync binary and logs)")
	flag.DurationVar(&c.latency, "latency", 0, "one-way delay a proxy adds between every client (sync, ceiling, naive, probe) and Neo4j, as a network would (e.g. 500us for a 1 ms round trip); 0: straight to Neo4j on loopback")
	flag.IntVar(&c.repeat, "repeat", 1, "run the end-to-end and ceiling phases this many times each, alternating; ratios use the fastest (for noisy, shared machines)")
	flag.Parse()
	if c.naiveGroups <= 0 && c.users > 0 {
		c.naiveGroups = max(1, int(int64(c.groups)*int64(c.naiveUsers)/int64(c.users)))
	}
	return c
}

func main() {
	cfg := parseFlags()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if flag.NArg() > 0 || cfg.users < 0 || cfg.groups < 0 || cfg.batchSize <= 0 || cfg.writers <= 0 || cfg.pageSize <= 0 || cfg.repeat < 1 || cfg.latency < 0 {
		fmt.Fprintln(os.Stderr, "bench: bad flags; see -h")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	b := &bench{cfg: cfg, log: log}
	err := b.run(ctx)
	if err != nil {
		log.Error("benchmark failed", "error", err)
		os.Exit(1)
	}
	if b.failed {
		os.Exit(1)
	}
}

// bench holds one benchmark run.
type bench struct {
	cfg    config
	log    *slog.Logger
	root   string
	work   string
	neo    *neo4jServer
	dirty  bool // the database holds a phase's writes
	rep    Report
	failed bool // a phase failed; the report says which
}

// run runs every phase and prints the report.
func (b *bench) run(ctx context.Context) (err error) {
	c := b.cfg
	b.rep = Report{Started: time.Now(), Command: "go run ./testing/bench " + strings.Join(os.Args[1:], " "), LoadStart: loadavg(),
		Settings: Settings{Users: c.users, Groups: c.groups, Seed: c.seed, Dense: c.dense, Latency: c.latency.String(), BatchSize: c.batchSize, Writers: c.writers, PageSize: c.pageSize,
			PageCap: pageCap, Concurrency: c.concurrency, NaiveUsers: c.naiveUsers, NaiveGroups: c.naiveGroups, Heap: c.heap, PageCache: c.pageCache}}
	if b.root, err = moduleRoot(ctx); err != nil {
		return err
	}
	b.rep.Machine = machine(b.root)
	if b.work, err = os.MkdirTemp("", "scim2neo4j-bench-"); err != nil {
		return fmt.Errorf("work dir: %w", err)
	}
	if c.keep {
		b.log.Info("work directory kept", "dir", b.work)
	} else {
		defer os.RemoveAll(b.work)
	}

	b.log.Info("building the sync binary")
	bin, err := buildSync(ctx, b.root, b.work)
	if err != nil {
		return err
	}

	b.neo = &neo4jServer{root: b.root, boltPort: c.neo4jPort, httpPort: c.neo4jPort + 1, heap: c.heap, pageCache: c.pageCache,
		username: "neo4j", password: benchPassword, log: b.log}
	if c.neo4jURI != "" {
		b.neo.external, b.neo.uri = true, c.neo4jURI
		b.neo.username, b.neo.password = envOr("NEO4J_USERNAME", "neo4j"), os.Getenv("NEO4J_PASSWORD")
		b.neo.database = os.Getenv("NEO4J_DATABASE")
		b.neo.heap, b.neo.pageCache = "", ""
		b.rep.Settings.Heap, b.rep.Settings.PageCache = "(external)", "(external)"
		if err := b.neo.requireEmpty(ctx); err != nil {
			return err
		}
	} else {
		defer func() {
			if serr := b.neo.stop(); serr != nil {
				b.log.Error("stopping neo4j", "error", serr)
			}
		}()
		if err := b.neo.start(ctx); err != nil {
			return err
		}
		if err := b.neo.requireEmpty(ctx); err != nil {
			return err
		}
	}
	if c.latency > 0 {
		proxy, err := b.latencyProxy()
		if err != nil {
			return err
		}
		defer proxy.close()
	}
	if b.rep.Neo4j, err = b.neo.info(ctx); err != nil {
		return err
	}

	b.log.Info("generating the directory", "users", c.users, "groups", c.groups, "seed", c.seed)
	t := time.Now()
	dir := directory.Generate(directory.Options{Users: c.users, Groups: c.groups, Seed: c.seed, Dense: c.dense})
	b.rep.Generate = time.Since(t).Seconds()
	b.rep.Directory = shapeOf(dir)
	b.log.Info("directory generated", "took", time.Since(t).Round(time.Millisecond), "memberships", b.rep.Directory.Memberships)

	phaseErr := b.phases(ctx, bin, dir)
	if phaseErr != nil {
		b.rep.Notes = append(b.rep.Notes, "ABORTED: "+phaseErr.Error())
		b.failed = true
	}
	if b.neo.external && b.dirty && ctx.Err() == nil {
		// Leave the given database as empty as it was found.
		if err := b.neo.wipe(ctx); err != nil {
			b.log.Error("emptying the database after the last phase", "error", err)
		}
	}
	if err := b.neo.stop(); err != nil {
		b.log.Error("stopping neo4j", "error", err)
	}
	if phaseErr == nil && ctx.Err() == nil && !c.skipGoBench {
		b.log.Info("running the Go micro-benchmarks")
		res, _, gerr := runGoBench(ctx, b.root, c.goBenchTime)
		b.rep.GoBench = res
		if gerr != nil {
			b.rep.GoBenchEr = clip(gerr.Error(), 300)
		}
	}
	b.rep.Finished = time.Now()
	b.rep.LoadEnd = loadavg()
	b.rep.computeRatios()
	if c.profileDir != "" {
		b.rep.Profiles = c.profileDir
	}
	b.rep.markdown(os.Stdout)
	if c.jsonPath != "" {
		if err := b.rep.writeJSON(c.jsonPath); err != nil {
			return err
		}
		b.log.Info("report written", "json", c.jsonPath)
	}
	if phaseErr != nil {
		return phaseErr
	}
	return ctx.Err()
}

// phases serves the directory and runs the measured phases in order.
func (b *bench) phases(ctx context.Context, bin string, dir *directory.Directory) error {
	c := b.cfg
	srv, err := serveDirectory(dir, token, pageCap, b.log)
	if err != nil {
		return err
	}
	defer srv.close()
	b.log.Info("demo SCIM server ready", "url", srv.URL)

	if !c.skipFetch {
		b.fetchOnly(ctx, srv)
	}
	var src *memSource
	if !c.skipCeiling {
		b.log.Info("converting the directory to SCIM pages for the ceiling (not timed)")
		src = newMemSource(dir, min(c.pageSize, pageCap))
	}
	for i := 1; i <= c.repeat; i++ {
		suffix := ""
		if c.repeat > 1 {
			suffix = fmt.Sprintf(" #%d", i)
		}
		if err := b.endToEnd(ctx, bin, srv, suffix); err != nil {
			return err
		}
		if src != nil {
			var prof *profiler
			if c.profileDir != "" && i == 1 {
				prof = &profiler{dir: c.profileDir, log: b.log}
			}
			if err := b.ceiling(ctx, src, suffix, prof); err != nil {
				return err
			}
		}
	}
	if c.profileDir != "" {
		if err := b.profiledEndToEnd(ctx, srv); err != nil {
			return err
		}
	}
	srv.close()
	if !c.skipDense {
		if err := b.freshDatabase(ctx); err != nil {
			return err
		}
		b.log.Info("phase: dense-group probe")
		b.rep.Dense = denseProbe(ctx, b.neo, dir, c.batchSize, c.writers, b.log)
		if b.rep.Dense.Err != "" {
			b.failed = true
		}
		b.log.Info("dense-group probe done", "group", b.rep.Dense.Group, "dense µs", b.rep.Dense.DenseMicros, "small µs", b.rep.Dense.SmallMicros, "error", b.rep.Dense.Err)
	}
	if !c.skipNaive {
		if err := b.naive(ctx); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// freshDatabase gives the next phase an empty database.
func (b *bench) freshDatabase(ctx context.Context) error {
	if b.dirty {
		if err := b.neo.fresh(ctx); err != nil {
			return err
		}
	} else if err := b.neo.requireEmpty(ctx); err != nil {
		return err
	}
	b.dirty = true
	return nil
}

// fetchOnly measures the listing alone.
func (b *bench) fetchOnly(ctx context.Context, srv *demoServer) {
	client, err := b.client(srv.URL)
	if err != nil {
		b.rep.Fetch = &FetchReport{FetchResult: FetchResult{Err: err.Error()}}
		b.failed = true
		return
	}
	b.log.Info("phase: fetch only")
	fr := &FetchReport{LoadBefore: loadavg()}
	before := sampleCPU(0)
	fr.FetchResult = fetchOnly(ctx, client)
	after := sampleCPU(0)
	fr.LoadAfter = loadavg()
	fr.CPU = cpuBetween(before, after, 0)
	fr.CPU.Sync, fr.CPU.Bench = fr.CPU.Bench, 0 // client and server are both this process
	fr.Rates = Rates{Users: perSecond(fr.Users, fr.UsersWall), Groups: perSecond(fr.Groups, fr.GroupsWall), Memberships: perSecond(fr.Memberships, fr.GroupsWall)}
	if fr.Err != "" {
		b.failed = true
	}
	b.rep.Fetch = fr
	b.log.Info("fetch only done", "wall", secs(fr.Wall), "users", fr.Users, "groups", fr.Groups, "members", fr.Memberships)
}

// endToEnd runs the sync binary as a child process.
func (b *bench) endToEnd(ctx context.Context, bin string, srv *demoServer, suffix string) error {
	c := b.cfg
	if err := b.freshDatabase(ctx); err != nil {
		return err
	}
	b.log.Info("phase: end to end (scim2neo4j sync child process)")
	args := []string{"sync", "--name", "bench", "--scim-url", srv.URL, "--batch-size", strconv.Itoa(c.batchSize),
		"--writers", strconv.Itoa(c.writers), "--page-size", strconv.Itoa(c.pageSize), "--concurrency", strconv.Itoa(c.concurrency)}
	reportPath := filepath.Join(b.work, "sync-end-to-end"+logSuffix(suffix)+".report.json")
	args = append(args, "--report", reportPath)
	env := append(b.neo.env(), "SCIM_BEARER_TOKEN="+token, "SCIM2NEO4J_LOG_FORMAT=text", "SCIM2NEO4J_LOG_LEVEL=info")
	run := &RunReport{Name: "end-to-end (sync process)" + suffix, LoadBefore: loadavg()}
	before := sampleCPU(b.neo.pid())
	cr, err := runSync(ctx, bin, args, env, filepath.Join(b.work, "sync-end-to-end"+logSuffix(suffix)+".log"))
	after := sampleCPU(b.neo.pid())
	run.LoadAfter = loadavg()
	b.rep.EndToEndRuns = append(b.rep.EndToEndRuns, run)
	if err != nil {
		run.Error = err.Error()
		b.failed = true
		return nil
	}
	run.Wall = cr.Wall.Seconds()
	run.PeakRSS = cr.MaxRSS
	run.ExitCode = &cr.ExitCode
	run.CPU = cpuBetween(before, after, cr.CPU)
	run.Neo4jPeakRSS = after.neo4jRSS
	run.Phases = phasesFromLog(cr.LogPath, cr.Started, cr.Started.Add(cr.Wall))
	addPeakRSS(run.Phases, cr.Started, cr.RSS)
	sum, serr := readSummary([]byte(readFile(reportPath)), "bench")
	if serr != nil {
		run.Error = fmt.Sprintf("%v (exit code %d); log: %s", serr, cr.ExitCode, tail(readFile(cr.LogPath), 5))
	} else {
		run.Summary = &sum
		run.Status, run.Retries = sum.Status, sum.Retries
		run.Users, run.Groups, run.Memberships = sum.Users, sum.Groups, sum.Memberships
	}
	if cr.ExitCode != 0 && run.Error == "" {
		run.Error = fmt.Sprintf("sync exited with code %d: %s", cr.ExitCode, tail(readFile(cr.LogPath), 5))
	}
	b.finishRun(ctx, run)
	if c.keep {
		b.log.Info("sync log kept", "path", cr.LogPath)
	}
	return nil
}

// ceiling runs ingest.Sync in-process from memory.
func (b *bench) ceiling(ctx context.Context, src *memSource, suffix string, prof *profiler) error {
	if err := b.freshDatabase(ctx); err != nil {
		return err
	}
	b.log.Info("phase: write ceiling (in-process, from memory)")
	conn := ingest.Connection{Name: "ceiling", BaseURL: "memory:", Authoritative: "primary", Source: src}
	run := b.inProcess(ctx, "write ceiling (in-process, no HTTP/JSON)"+suffix, conn, "sync-ceiling"+logSuffix(suffix)+".log", prof, "ceiling")
	b.rep.CeilingRuns = append(b.rep.CeilingRuns, run)
	return nil
}

// logSuffix turns a run suffix (" #2") into a file name part ("-2").
func logSuffix(suffix string) string {
	return strings.ReplaceAll(strings.TrimSpace(suffix), "#", "-")
}

// profiledEndToEnd runs the scim client against the demo server into
// Neo4j inside this process, profiled.
func (b *bench) profiledEndToEnd(ctx context.Context, srv *demoServer) error {
	client, err := b.client(srv.URL)
	if err != nil {
		return err
	}
	if err := b.freshDatabase(ctx); err != nil {
		return err
	}
	b.log.Info("phase: profiled end to end (in-process)")
	conn := ingest.Connection{Name: "profiled", BaseURL: client.BaseURL(), Authoritative: "primary", Source: client}
	b.rep.Profile = b.inProcess(ctx, "end-to-end in-process (profiled)", conn, "sync-profiled.log", &profiler{dir: b.cfg.profileDir, log: b.log}, "end-to-end")
	return nil
}

// inProcess runs and reports one in-process sync.
func (b *bench) inProcess(ctx context.Context, name string, conn ingest.Connection, logName string, prof *profiler, profName string) *RunReport {
	run := &RunReport{Name: name, LoadBefore: loadavg()}
	before := sampleCPU(b.neo.pid())
	r, err := syncInProcess(ctx, b.neo, conn, ingest.Options{BatchSize: b.cfg.batchSize, Writers: b.cfg.writers, SpillDir: b.work},
		filepath.Join(b.work, logName), prof, profName)
	after := sampleCPU(b.neo.pid())
	run.LoadAfter = loadavg()
	if err == nil {
		err = r.Err
	}
	if err != nil {
		run.Error = err.Error()
	}
	run.Wall = r.Wall.Seconds()
	run.PeakHeap = r.Peak
	run.CPU = cpuBetween(before, after, 0)
	run.CPU.Sync, run.CPU.Bench = run.CPU.Bench, 0
	run.Neo4jPeakRSS = after.neo4jRSS
	run.Phases = phasesFromLog(filepath.Join(b.work, logName), r.Start, r.Start.Add(r.Wall))
	run.Status, run.Retries = string(r.Result.Status), int(r.Retries)
	run.Users, run.Groups, run.Memberships = r.Result.Users.Written, r.Result.Groups.Written, r.Result.Memberships.Written
	b.finishRun(ctx, run)
	return run
}

// finishRun computes rates and checks the graph against the directory.
func (b *bench) finishRun(ctx context.Context, run *RunReport) {
	run.Rates = Rates{Users: perSecond(run.Users, run.Wall), Groups: perSecond(run.Groups, run.Wall), Memberships: perSecond(run.Memberships, run.Wall)}
	nodes := phaseSeconds(run.Phases, "nodes")
	run.PhaseRates = Rates{Users: perSecond(run.Users, nodes), Groups: perSecond(run.Groups, nodes),
		Memberships: perSecond(run.Memberships, phaseSeconds(run.Phases, "memberships"))}
	g, err := b.counts(ctx)
	if err != nil {
		run.Error = strings.TrimSpace(run.Error + "; " + err.Error())
	}
	run.Graph = g
	d := b.rep.Directory
	run.Complete = g.Users == d.Users && g.Groups == d.Groups && g.UserMemberships == d.UserMemberships && g.GroupMemberships == d.GroupMemberships
	if run.Error != "" || !run.Complete {
		b.failed = true
	}
	b.log.Info("phase done", "run", run.Name, "wall", secs(run.Wall), "status", run.Status, "complete", run.Complete, "error", run.Error)
}

// counts reads what the database holds.
func (b *bench) counts(ctx context.Context) (GraphCounts, error) {
	store, err := b.neo.open(ctx)
	if err != nil {
		return GraphCounts{}, err
	}
	defer store.Close(context.Background())
	return graphCounts(ctx, store)
}

// naive runs the naive baseline on a smaller directory.
func (b *bench) naive(ctx context.Context) error {
	c := b.cfg
	dir := directory.Generate(directory.Options{Users: c.naiveUsers, Groups: c.naiveGroups, Seed: c.seed, Dense: c.dense})
	n := &NaiveReport{Scale: shapeOf(dir)}
	b.rep.Naive = n
	srv, err := serveDirectory(dir, token, pageCap, b.log)
	if err != nil {
		return err
	}
	defer srv.close()
	if err := b.freshDatabase(ctx); err != nil {
		return err
	}
	store, err := b.neo.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	b.log.Info("phase: naive baseline", "users", c.naiveUsers, "groups", c.naiveGroups, "memberships", n.Scale.Memberships)
	n.LoadBefore = loadavg()
	before := sampleCPU(b.neo.pid())
	res, err := runNaive(ctx, store, srv.URL, token)
	after := sampleCPU(b.neo.pid())
	n.LoadAfter = loadavg()
	n.Result = res
	n.CPU = cpuBetween(before, after, 0)
	n.CPU.Sync = n.CPU.Bench // the naive loader and its server share this process
	n.CPU.Bench = 0
	if err != nil {
		n.Error = err.Error()
		b.failed = true
	}
	memberships := res.UserMemberships + res.GroupMemberships
	n.Rates = Rates{Users: perSecond(res.Users, res.UserFetch+res.UserWrite), Groups: perSecond(res.Groups, res.GroupFetch+res.GroupWrite),
		Memberships: perSecond(memberships, res.MembershipWrite)}
	n.WholeRunRates = Rates{Users: perSecond(res.Users, res.Wall), Groups: perSecond(res.Groups, res.Wall), Memberships: perSecond(memberships, res.Wall)}
	g, err := graphCounts(ctx, store)
	if err != nil {
		n.Error = strings.TrimSpace(n.Error + "; " + err.Error())
	}
	n.Graph = g
	s := n.Scale
	n.Complete = g.Users == s.Users && g.Groups == s.Groups && g.UserMemberships == s.UserMemberships && g.GroupMemberships == s.GroupMemberships
	if !n.Complete {
		b.failed = true
	}
	b.log.Info("naive done", "wall", secs(res.Wall), "transactions", res.Transactions, "complete", n.Complete)
	return nil
}

// client builds the scim client the way the sync command does.
func (b *bench) client(url string) (*scim.Client, error) {
	client, err := scim.New(scim.Config{BaseURL: url, Auth: scim.Auth{Method: scim.AuthBearer, Token: token},
		PageSize: b.cfg.pageSize, Concurrency: b.cfg.concurrency})
	if err != nil {
		return nil, fmt.Errorf("scim client: %w", err)
	}
	return client, nil
}

// moduleRoot is the directory of the main module's go.mod.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run the benchmark inside the scim2neo4j module (go run ./testing/bench)")
	}
	return filepath.Dir(mod), nil
}

// envOr reads an environment variable with a default.
func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// readFile returns a file's content, or "".
func readFile(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// latencyProxy puts a proxy with the configured one-way delay between
// every client and Neo4j.
func (b *bench) latencyProxy() (*latencyProxy, error) {
	u, err := url.Parse(b.neo.uri)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("latency proxy: cannot tell Neo4j's address from %q", b.neo.uri)
	}
	p, err := startLatencyProxy(u.Host, b.cfg.latency)
	if err != nil {
		return nil, fmt.Errorf("latency proxy: %w", err)
	}
	b.neo.via = u.Scheme + "://" + p.addr()
	rtt, err := measureRoundTrip(b.cfg.latency)
	if err != nil {
		p.close()
		return nil, fmt.Errorf("latency proxy: measuring its round trip: %w", err)
	}
	b.rep.Settings.RoundTrip = rtt.Seconds() * 1000
	b.log.Info("clients reach Neo4j through a latency proxy", "delay", b.cfg.latency, "measured round trip", rtt, "via", b.neo.via, "neo4j", b.neo.uri)
	return p, nil
}
