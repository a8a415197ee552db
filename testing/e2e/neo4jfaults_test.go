package e2e

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
	"github.com/scim2neo4j/scim2neo4j/testing/quirkserver"
)

func TestNeo4jUnreachableAtStart(t *testing.T) {
	closed := closedAddress(t)
	srv := httptestServer(t, quirkserver.New(directory.Generate(directory.Options{Users: 10, Groups: 2, Seed: 1}), quirkserver.Quirks{}))
	r := start(t, []string{"NEO4J_URI=bolt://" + closed, "NEO4J_PASSWORD=whatever-pw", "SCIM_BEARER_TOKEN=" + quirkserver.StaticToken},
		"sync", "--name", "unreachable", "--scim-url", srv.URL+quirkserver.BasePath)
	if code := r.wait(t); code != 1 {
		t.Fatalf("exit code %d, want 1", code)
	}
	if out := r.stderr.String(); !strings.Contains(out, "neo4j unavailable") || !strings.Contains(out, "is Neo4j running") {
		t.Fatalf("unclear error:\n%s", out)
	}
	if srvRequests := r.stdout.String(); srvRequests != "" {
		t.Fatalf("printed a summary although nothing ran:\n%s", srvRequests)
	}
}

// TestNeo4jCrashMidRun kills Neo4j with SIGKILL once a sync has committed
// some accounts: the sync fails within its retry budget, Neo4j restarts
// on the same data and recovers what was committed, and a rerun turns
// that partial graph into exactly the graph of a clean run.
func TestNeo4jCrashMidRun(t *testing.T) {
	neo := neo4jtest.StartDedicated(t)
	cfg := neo.Config()
	dir := directory.Generate(directory.Options{Users: 1500, Groups: 60, Seed: 5})
	srv := httptestServer(t, quirkserver.New(dir, quirkserver.Quirks{Delay: 5 * time.Millisecond}))
	args := []string{"sync", "--name", "crash", "--scim-url", srv.URL + quirkserver.BasePath, "--page-size", "100", "--batch-size", "100", "--neo4j-retry-time", "5s"}
	env := append(neo4jEnv(cfg), "SCIM_BEARER_TOKEN="+quirkserver.StaticToken)
	countUsers := func(store *cypher.Store) int64 {
		rows := neo4jtest.Query(t, store, `MATCH (u:User {connection: 'crash'}) RETURN count(u) AS n`, nil)
		n, _ := rows[0].Get("n")
		return n.(int64)
	}

	r := start(t, env, args...)
	if !r.waitFor(t, "writing accounts and groups") {
		t.Fatalf("the run ended early:\n%s", r.stderr.String())
	}
	store := openStore(t, cfg)
	for countUsers(store) == 0 { // kill only once something is committed
		time.Sleep(20 * time.Millisecond)
	}
	store.Close(t.Context())
	neo.Kill()
	if code := r.wait(t); code != 1 {
		t.Fatalf("exit code %d after Neo4j died, want 1:\n%s", code, r.stderr.String())
	}
	if out := r.stderr.String(); !strings.Contains(strings.ToLower(out), "neo4j") {
		t.Fatalf("the failure does not name Neo4j:\n%s", out)
	}

	neo.Start()
	store = openStore(t, cfg)
	if n := countUsers(store); n == 0 || n >= int64(len(dir.Users)) {
		t.Fatalf("%d accounts recovered after the crash; the test needs a partial graph (0 < n < %d)", n, len(dir.Users))
	}
	r = start(t, env, args...)
	if code := r.wait(t); code != 0 {
		t.Fatalf("rerun after the restart: exit code %d:\n%s", code, r.stderr.String())
	}
	got := normalizedDump(t, store, "crash")

	clean := neo4jtest.StartDedicated(t)
	r = start(t, append(neo4jEnv(clean.Config()), "SCIM_BEARER_TOKEN="+quirkserver.StaticToken), args...)
	if code := r.wait(t); code != 0 {
		t.Fatalf("clean run: exit code %d:\n%s", code, r.stderr.String())
	}
	if want := normalizedDump(t, openStore(t, clean.Config()), "crash"); got != want {
		t.Fatalf("after a crash and a rerun the graph differs from a clean run's:\n%s", firstDifference(got, want))
	}
}

// TestOversizedBatchIsSplit gives Neo4j little transaction memory and a
// huge batch: the batch is split and the run succeeds.
func TestOversizedBatchIsSplit(t *testing.T) {
	neo := neo4jtest.StartDedicated(t, "NEO4J_TX_MEMORY_MAX=24m")
	cfg := neo.Config()
	dir := directory.Generate(directory.Options{Users: 12000, Groups: 10, Seed: 6})
	for i := range dir.Users {
		dir.Users[i].Title = strings.Repeat(fmt.Sprintf("title %d ", i), 200) // about 2 KB each
	}
	srv := httptestServer(t, quirkserver.New(dir, quirkserver.Quirks{}))
	r := start(t, append(neo4jEnv(cfg), "SCIM_BEARER_TOKEN="+quirkserver.StaticToken),
		"sync", "--name", "split", "--scim-url", srv.URL+quirkserver.BasePath, "--batch-size", "12000", "--writers", "1")
	code := r.wait(t)
	out := r.stderr.String()
	if code != 0 {
		t.Fatalf("exit code %d:\n%s", code, out)
	}
	if !strings.Contains(out, "splitting it") {
		t.Fatalf("no batch was split; the memory limit was not reached and the test proves nothing:\n%s", out)
	}
	store := openStore(t, cfg)
	users := neo4jtest.Query(t, store, `MATCH (u:User {connection: 'split'}) RETURN count(u) AS n`, nil)
	if n, _ := users[0].Get("n"); n != int64(len(dir.Users)) {
		t.Fatalf("%v users, want %d", n, len(dir.Users))
	}
}

// openStore opens a store on a dedicated Neo4j for checks.
func openStore(t *testing.T, cfg cypher.Config) *cypher.Store {
	t.Helper()
	store, err := cypher.Open(t.Context(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close(t.Context()) })
	return store
}

// firstDifference names the first line where two dumps differ, and their
// lengths, so a failure says what differs without printing whole graphs.
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got  %s\n want %s\n(%d lines, want %d)", i+1, g[i], w[i], len(g), len(w))
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}

// TestReportWhenNeo4jUnreachable: a run that cannot reach Neo4j still
// writes its --report file, saying why and that the connection failed.
func TestReportWhenNeo4jUnreachable(t *testing.T) {
	closed := closedAddress(t)
	report := filepath.Join(t.TempDir(), "report.json")
	r := start(t, []string{"NEO4J_URI=bolt://" + closed, "NEO4J_PASSWORD=whatever-pw", "SCIM_BEARER_TOKEN=" + quirkserver.StaticToken},
		"sync", "--name", "unreachable", "--scim-url", "http://127.0.0.1:9/scim/v2", "--report", report)
	if code := r.wait(t); code != 1 {
		t.Fatalf("exit code %d, want 1:\n%s", code, r.stderr.String())
	}
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatalf("no report: %v", err)
	}
	var rep struct {
		Success bool     `json:"success"`
		Error   string   `json:"error"`
		Failed  []string `json:"failedConnections"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Success || !strings.Contains(rep.Error, "neo4j unavailable") || len(rep.Failed) != 1 || rep.Failed[0] != "unreachable" {
		t.Fatalf("report %s", b)
	}
}

// closedAddress is a loopback address where nothing listens: a Neo4j
// that is down.
func closedAddress(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
