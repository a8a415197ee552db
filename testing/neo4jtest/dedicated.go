package neo4jtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/cypher"
)

// Dedicated is a Neo4j of a test's own, started with testing/neo4j/start.sh
// on free ports, for tests that must crash or restart the server or change
// its memory settings without disturbing other tests. It needs Java and
// Maven, as CI has; the test fails, never skips, without them.
type Dedicated struct {
	t        testing.TB
	bolt     int
	http     int
	password string
	env      []string
}

// StartDedicated starts a dedicated Neo4j; extraEnv are launcher settings
// such as NEO4J_TX_MEMORY_MAX=64m. It is stopped when the test ends.
func StartDedicated(t testing.TB, extraEnv ...string) *Dedicated {
	t.Helper()
	d := &Dedicated{t: t, bolt: freePort(t), http: freePort(t), password: "dedicated-test-pw"}
	d.env = append(os.Environ(),
		"NEO4J_BOLT_PORT="+strconv.Itoa(d.bolt), "NEO4J_HTTP_PORT="+strconv.Itoa(d.http),
		"NEO4J_DATA_DIR="+filepath.Join(t.TempDir(), "neo4j-home"),
		"NEO4J_PASSWORD="+d.password, "NEO4J_HEAP=512m", "NEO4J_PAGECACHE=128m")
	d.env = append(d.env, extraEnv...)
	t.Cleanup(func() { d.script("stop.sh", strconv.Itoa(d.bolt)) })
	d.Start()
	return d
}

// Config is how to reach the dedicated Neo4j.
func (d *Dedicated) Config() cypher.Config {
	return cypher.Config{URI: fmt.Sprintf("bolt://127.0.0.1:%d", d.bolt), Username: "neo4j", Password: d.password}
}

// Start starts the server; again after Kill, it keeps the database,
// which Neo4j recovers from its transaction log as after a real crash.
func (d *Dedicated) Start() {
	d.t.Helper()
	if out, err := d.script("start.sh"); err != nil {
		d.t.Fatalf("start a dedicated Neo4j with testing/neo4j/start.sh: %v\n%s", err, out)
	}
}

// Kill stops the server at once with SIGKILL, as a crash would.
func (d *Dedicated) Kill() {
	d.t.Helper()
	pidFile := filepath.Join(launcherDir(), "run", strconv.Itoa(d.bolt), "pid")
	b, err := os.ReadFile(pidFile)
	if err != nil {
		d.t.Fatalf("read the dedicated Neo4j's pid: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		d.t.Fatalf("pid file %s: %v", pidFile, err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		d.t.Fatalf("kill Neo4j (pid %d): %v", pid, err)
	}
}

// script runs a launcher script with the instance's environment.
func (d *Dedicated) script(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(launcherDir(), name), args...)
	cmd.Env = d.env
	return cmd.CombinedOutput()
}

// launcherDir is testing/neo4j in this source tree.
func launcherDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "neo4j")
}

// freePort asks the kernel for a free loopback port.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
