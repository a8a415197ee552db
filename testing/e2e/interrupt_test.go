package e2e

import (
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
	"github.com/scim2neo4j/scim2neo4j/testing/quirkserver"
)

// interruptFixture is a connection that first holds directory A, then is
// synced to the smaller directory B, both served slowly enough to be
// interrupted at any phase.
type interruptFixture struct {
	store *cypher.Store
	cfg   cypher.Config
	name  string
	a, b  *httptest.Server
}

func newInterruptFixture(t *testing.T) *interruptFixture {
	t.Helper()
	f := &interruptFixture{store: neo4jtest.Store(t), cfg: neo4jtest.Config(t)}
	f.name = neo4jtest.ConnectionName(t, f.store)
	slow := quirkserver.Quirks{Delay: 5 * time.Millisecond}
	f.a = httptestServer(t, quirkserver.New(directory.Generate(directory.Options{Users: 2000, Groups: 80, Seed: 77}), slow))
	f.b = httptestServer(t, quirkserver.New(directory.Generate(directory.Options{Users: 1700, Groups: 80, Seed: 77}), slow))
	return f
}

// sync runs one sync of srv to completion and requires exit code 0.
func (f *interruptFixture) sync(t *testing.T, srv *httptest.Server) {
	t.Helper()
	r := f.start(t, srv)
	if code := r.wait(t); code != 0 {
		t.Fatalf("sync exit code %d:\n%s%s", code, r.stdout.String(), r.stderr.String())
	}
}

// start starts a sync of srv with debug logging, small pages and batches.
// Servers a and b are one directory at two moments, served on two ports,
// so the connection's base URL changes between runs: that is allowed.
func (f *interruptFixture) start(t *testing.T, srv *httptest.Server) *run {
	t.Helper()
	return start(t, append(neo4jEnv(f.cfg), "SCIM_BEARER_TOKEN="+quirkserver.StaticToken),
		"--log-level", "debug", "sync", "--name", f.name, "--scim-url", srv.URL+quirkserver.BasePath,
		"--allow-base-url-change", "--page-size", "100", "--batch-size", "200", "--writers", "2")
}

// TestKilledRunConverges kills a sync with SIGKILL in each phase (fetch,
// node writes, membership writes, stale removal, reconciliation) and checks
// that the next normal run leaves exactly the graph of a single clean run.
func TestKilledRunConverges(t *testing.T) {
	f := newInterruptFixture(t)
	f.sync(t, f.a)
	f.sync(t, f.b)
	clean := normalizedDump(t, f.store, f.name)

	phases := []struct{ name, killAt string }{
		{"during fetch", "SCIM response"},
		{"during node writes", "writing accounts and groups"},
		{"during membership writes", "writing memberships"},
		{"during removal of what the connection no longer has", "removing what the connection no longer has"},
		{"after the sync, during reconciliation", "sync finished"},
	}
	for _, p := range phases {
		t.Run(p.name, func(t *testing.T) {
			neo4jtest.Purge(t, f.store, f.name)
			f.sync(t, f.a)
			r := f.start(t, f.b)
			if !r.waitFor(t, p.killAt) {
				t.Fatalf("the run ended before %q:\n%s", p.killAt, r.stderr.String())
			}
			_ = r.cmd.Process.Signal(syscall.SIGKILL)
			if code := r.wait(t); code != -1 {
				t.Fatalf("the run exited with %d before the SIGKILL %s landed: the phase was not interrupted", code, p.name)
			}
			f.sync(t, f.b)
			if got := normalizedDump(t, f.store, f.name); got != clean {
				t.Fatalf("after a kill %s and a rerun the graph differs from a clean run's", p.name)
			}
		})
	}
}

// TestInterruptRemovesNothing sends SIGINT and SIGTERM mid-run: the process
// exits 130 and nothing is removed.
func TestInterruptRemovesNothing(t *testing.T) {
	f := newInterruptFixture(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			neo4jtest.Purge(t, f.store, f.name)
			f.sync(t, f.a)
			before := len(neo4jtest.Query(t, f.store, `MATCH (u:User {connection: $c}) RETURN u.uid`, map[string]any{"c": f.name}))
			r := f.start(t, f.b)
			if !r.waitFor(t, "writing memberships") {
				t.Fatalf("the run ended early:\n%s", r.stderr.String())
			}
			_ = r.cmd.Process.Signal(sig)
			if code := r.wait(t); code != 130 {
				t.Fatalf("exit code %d after %s, want 130:\n%s", code, sig, r.stderr.String())
			}
			after := len(neo4jtest.Query(t, f.store, `MATCH (u:User {connection: $c}) RETURN u.uid`, map[string]any{"c": f.name}))
			if after != before {
				t.Fatalf("%d accounts before, %d after an interrupted run: something was removed", before, after)
			}
		})
	}
}
