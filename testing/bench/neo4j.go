package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/scim2neo4j/scim2neo4j/cypher"
)

// benchPassword is the password of the Neo4j the benchmark starts itself.
const benchPassword = "scim2neo4j-bench"

// neo4jServer is the database the phases write to: either one the
// benchmark starts (and restarts empty before each phase) with
// testing/neo4j/start.sh, or an existing one given by URI, which is
// emptied in batches between phases and never restarted.
type neo4jServer struct {
	root      string // module root; the launcher is in testing/neo4j
	external  bool
	uri       string
	via       string // the latency proxy's bolt URI that clients use instead of uri, if any
	username  string
	password  string
	database  string // "" for the server's default
	boltPort  int
	httpPort  int
	heap      string
	pageCache string
	running   bool
	log       *slog.Logger
}

// ServerInfo is what the report says about Neo4j.
type ServerInfo struct {
	Version   string `json:"version"`
	Edition   string `json:"edition"`
	Heap      string `json:"heap"`
	PageCache string `json:"pageCache"`
	// Managed is true when the benchmark started the server itself.
	Managed bool   `json:"managed"`
	URI     string `json:"uri"`
	// Reset says how each phase got an empty database.
	Reset string `json:"reset"`
}

// launcher returns the path of a script of the Neo4j launcher.
func (s *neo4jServer) launcher(script string) string {
	return filepath.Join(s.root, "testing", "neo4j", script)
}

// clientURI is where clients connect: through the latency proxy, if any.
func (s *neo4jServer) clientURI() string {
	if s.via != "" {
		return s.via
	}
	return s.uri
}

// config is how the store and the sync process reach the server.
func (s *neo4jServer) config() cypher.Config {
	return cypher.Config{URI: s.clientURI(), Username: s.username, Password: s.password, Database: s.database}
}

// env is the sync process's Neo4j environment.
func (s *neo4jServer) env() []string {
	return []string{"NEO4J_URI=" + s.clientURI(), "NEO4J_USERNAME=" + s.username, "NEO4J_PASSWORD=" + s.password, "NEO4J_DATABASE=" + s.database}
}

// start starts the benchmark's own server; it refuses ports in use, so it
// never adopts (and later stops) somebody else's instance.
func (s *neo4jServer) start(ctx context.Context) error {
	if _, err := os.Stat(filepath.Join(s.root, "testing", "neo4j", "run", strconv.Itoa(s.boltPort))); err == nil {
		return fmt.Errorf("an instance of testing/neo4j is registered on bolt port %d (testing/neo4j/run/%d): not touching it; choose another --neo4j-port", s.boltPort, s.boltPort)
	}
	for _, p := range []int{s.boltPort, s.httpPort} {
		if portOpen(p) {
			return fmt.Errorf("port 127.0.0.1:%d is in use; choose another --neo4j-port", p)
		}
	}
	cmd := exec.CommandContext(ctx, s.launcher("start.sh"))
	cmd.Env = append(os.Environ(),
		"NEO4J_BOLT_PORT="+strconv.Itoa(s.boltPort),
		"NEO4J_HTTP_PORT="+strconv.Itoa(s.httpPort),
		"NEO4J_HEAP="+s.heap,
		"NEO4J_PAGECACHE="+s.pageCache,
		"NEO4J_PASSWORD="+s.password,
	)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	begin := time.Now()
	s.running = true // from here on, stop must clean up even after a failed start
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("testing/neo4j/start.sh on bolt port %d: %w\n%s", s.boltPort, err, tail(errb.String(), 40))
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if v, ok := strings.CutPrefix(line, "NEO4J_URI="); ok {
			s.uri = strings.TrimSpace(v)
		}
	}
	if s.uri == "" {
		return fmt.Errorf("testing/neo4j/start.sh printed no NEO4J_URI:\n%s", out.String())
	}
	s.log.Info("neo4j started", "uri", s.uri, "heap", s.heap, "pagecache", s.pageCache, "took", time.Since(begin).Round(time.Millisecond))
	return nil
}

// stop stops the benchmark's own server and deletes its data; it does
// nothing for an external server.
func (s *neo4jServer) stop() error {
	if s.external || !s.running {
		return nil
	}
	// Not the run's context: stopping must happen also after Ctrl-C.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.launcher("stop.sh"), strconv.Itoa(s.boltPort))
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("testing/neo4j/stop.sh %d: %w\n%s", s.boltPort, err, tail(errb.String(), 20))
	}
	s.running = false
	return nil
}

// pid is the JVM's process id for CPU accounting, or 0 if unknown
// (external servers).
func (s *neo4jServer) pid() int {
	if s.external || !s.running {
		return 0
	}
	b, err := os.ReadFile(filepath.Join(s.root, "testing", "neo4j", "run", strconv.Itoa(s.boltPort), "pid"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

// fresh gives the next phase an empty database: a restarted instance, or
// an external one emptied in batches (constraints and indexes stay). It
// fails if the database is still not empty.
func (s *neo4jServer) fresh(ctx context.Context) error {
	if !s.external {
		if s.running {
			if err := s.stop(); err != nil {
				return err
			}
		}
		if err := s.start(ctx); err != nil {
			return err
		}
	} else if err := s.wipe(ctx); err != nil {
		return err
	}
	return s.requireEmpty(ctx)
}

// open connects a store.
func (s *neo4jServer) open(ctx context.Context) (*cypher.Store, error) {
	store, err := cypher.Open(ctx, s.config(), s.log)
	if err != nil {
		return nil, fmt.Errorf("open neo4j %s: %w", s.uri, err)
	}
	return store, nil
}

// requireEmpty fails unless the database holds no node at all.
func (s *neo4jServer) requireEmpty(ctx context.Context) error {
	store, err := s.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	n, err := countNodes(ctx, store)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("the database at %s is not empty (%d nodes): the benchmark measures writes into an empty database and deletes what it wrote; give it an empty database", s.uri, n)
	}
	return nil
}

// wipe deletes every relationship, then every node, in batches.
func (s *neo4jServer) wipe(ctx context.Context) error {
	store, err := s.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	begin := time.Now()
	for _, stmt := range []string{cypher.StmtBenchDeleteRelationships, cypher.StmtBenchDeleteNodes} {
		if err := runImplicit(ctx, store, stmt, map[string]any{"batch": 10000}); err != nil {
			return fmt.Errorf("empty the database between phases: %w", err)
		}
	}
	s.log.Info("database emptied", "took", time.Since(begin).Round(time.Millisecond))
	return nil
}

// info reads the server's version and memory settings.
func (s *neo4jServer) info(ctx context.Context) (ServerInfo, error) {
	inf := ServerInfo{Managed: !s.external, URI: s.uri, Heap: s.heap, PageCache: s.pageCache,
		Reset: "restarted empty (testing/neo4j/stop.sh + start.sh) before each phase"}
	if s.external {
		inf.Reset = "emptied in batches (constraints and indexes kept) before each phase after the first"
	}
	store, err := s.open(ctx)
	if err != nil {
		return inf, err
	}
	defer store.Close(context.Background())
	rec, err := query(ctx, store, cypher.StmtBenchServerVersion, nil)
	if err != nil {
		return inf, fmt.Errorf("neo4j version: %w", err)
	}
	if len(rec) == 1 {
		inf.Version, _ = rec[0].AsMap()["version"].(string)
		inf.Edition, _ = rec[0].AsMap()["edition"].(string)
	}
	// Memory settings as the server sees them; best effort (some
	// deployments forbid JMX or SHOW SETTINGS).
	if rec, err := query(ctx, store, cypher.StmtBenchHeapMax, nil); err == nil && len(rec) == 1 {
		if n, ok := rec[0].Values[0].(int64); ok && n > 0 {
			inf.Heap = fmt.Sprintf("%s (JVM max %.1f GiB)", orDash(inf.Heap), float64(n)/(1<<30))
		}
	}
	if rec, err := query(ctx, store, cypher.StmtBenchPageCache, nil); err == nil && len(rec) == 1 {
		if v, ok := rec[0].Values[0].(string); ok && v != "" {
			inf.PageCache = fmt.Sprintf("%s (server.memory.pagecache.size %s)", orDash(inf.PageCache), v)
		}
	}
	return inf, nil
}

// GraphCounts is what a phase left in the database.
type GraphCounts struct {
	Users            int `json:"users"`
	Groups           int `json:"groups"`
	UserMemberships  int `json:"userMemberships"`
	GroupMemberships int `json:"groupMemberships"`
}

// graphCounts counts accounts, groups and memberships.
func graphCounts(ctx context.Context, store *cypher.Store) (GraphCounts, error) {
	rec, err := query(ctx, store, cypher.StmtBenchGraphCounts, nil)
	if err != nil {
		return GraphCounts{}, fmt.Errorf("count the graph: %w", err)
	}
	if len(rec) != 1 {
		return GraphCounts{}, errors.New("count the graph: no result")
	}
	v := rec[0].Values
	return GraphCounts{Users: asInt(v[0]), Groups: asInt(v[1]), UserMemberships: asInt(v[2]), GroupMemberships: asInt(v[3])}, nil
}

// countNodes counts every node.
func countNodes(ctx context.Context, store *cypher.Store) (int, error) {
	rec, err := query(ctx, store, cypher.StmtBenchCountNodes, nil)
	if err != nil {
		return 0, fmt.Errorf("count nodes: %w", err)
	}
	if len(rec) != 1 {
		return 0, errors.New("count nodes: no result")
	}
	return asInt(rec[0].Values[0]), nil
}

// query runs a statement in a managed transaction and returns its records.
func query(ctx context.Context, store *cypher.Store, stmt string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := neo4j.ExecuteQuery(ctx, store.Driver(), stmt, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(store.Database()))
	if err != nil {
		return nil, err
	}
	return res.Records, nil
}

// runImplicit runs a statement in an implicit (auto-commit) transaction,
// which CALL { } IN TRANSACTIONS needs.
func runImplicit(ctx context.Context, store *cypher.Store, stmt string, params map[string]any) error {
	session := store.Driver().NewSession(ctx, neo4j.SessionConfig{DatabaseName: store.Database()})
	defer session.Close(context.Background())
	res, err := session.Run(ctx, stmt, params)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

// asInt reads an integer value.
func asInt(v any) int {
	n, _ := v.(int64)
	return int(n)
}

// portOpen reports whether something listens on 127.0.0.1:port.
func portOpen(port int) bool {
	c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// orDash renders "" as "-".
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
