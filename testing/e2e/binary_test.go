package e2e

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds cmd/scim2neo4j once per test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "scim2neo4j-e2e-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "scim2neo4j")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/scim2neo4j/scim2neo4j/cmd/scim2neo4j").CombinedOutput()
		if err != nil {
			buildErr = err
			t.Logf("go build: %s", out)
		}
	})
	if buildErr != nil {
		t.Fatalf("build scim2neo4j: %v", buildErr)
	}
	return binPath
}

// run is one child scim2neo4j process.
type run struct {
	cmd    *exec.Cmd
	stdout bytes.Buffer
	stderr *lockedBuffer
	lines  chan string // stderr lines, as they come
	done   chan error
}

// lockedBuffer collects output written by one goroutine and read by another.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs the binary with args and env (added to a minimal environment).
func start(t *testing.T, env []string, args ...string) *run {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	r := &run{cmd: exec.CommandContext(ctx, binary(t), args...), stderr: &lockedBuffer{}, lines: make(chan string, 1024), done: make(chan error, 1)}
	r.cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}, env...)
	r.cmd.Stdout = &r.stdout
	pipe, err := r.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(io.TeeReader(pipe, r.stderr))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			select {
			case r.lines <- sc.Text():
			default: // nobody waits for lines; the buffer keeps them
			}
		}
		r.done <- r.cmd.Wait()
	}()
	return r
}

// waitFor blocks until a stderr line contains s, or the process ends.
func (r *run) waitFor(t *testing.T, s string) bool {
	t.Helper()
	for {
		select {
		case line := <-r.lines:
			if strings.Contains(line, s) {
				return true
			}
		case err := <-r.done:
			r.done <- err
			return false
		}
	}
}

// wait waits for the process and returns its exit code.
func (r *run) wait(t *testing.T) int {
	t.Helper()
	err := <-r.done
	r.done <- err
	if r.cmd.ProcessState == nil {
		t.Fatalf("process did not run: %v", err)
	}
	return r.cmd.ProcessState.ExitCode()
}

// neo4jEnv is the environment that points the binary at the test Neo4j.
func neo4jEnv(cfg cypher.Config) []string {
	return []string{"NEO4J_URI=" + cfg.URI, "NEO4J_USERNAME=" + cfg.Username, "NEO4J_PASSWORD=" + cfg.Password, "NEO4J_DATABASE=" + cfg.Database}
}

// normalizedDump is the connection's dump with its name replaced, so that
// dumps of two connections over the same data compare equal.
func normalizedDump(t *testing.T, store *cypher.Store, connection string) string {
	t.Helper()
	return strings.ReplaceAll(strings.Join(neo4jtest.Dump(t, store, connection), "\n"), connection, "CONN")
}
