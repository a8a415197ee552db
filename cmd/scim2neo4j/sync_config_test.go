package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
	"github.com/scim2neo4j/scim2neo4j/testing/scimdemo"
)

// TestSyncConfigFailingConnection runs `sync --config` over three
// connections, one of which refuses its token: the two others sync and
// are reconciled, and the exit code and the summary say which one failed.
func TestSyncConfigFailingConnection(t *testing.T) {
	store := neo4jtest.Store(t)
	cfg := neo4jtest.Config(t)
	t.Setenv("NEO4J_URI", cfg.URI)
	t.Setenv("NEO4J_USERNAME", cfg.Username)
	t.Setenv("NEO4J_PASSWORD", cfg.Password)
	t.Setenv("NEO4J_DATABASE", cfg.Database)
	t.Setenv("T_GOOD_TOKEN", "good-token")
	t.Setenv("T_BAD_TOKEN", "wrong-token")
	domain := neo4jtest.IdentityDomain(t, store)

	serveDir := func(users ...directory.User) *httptest.Server {
		h, err := scimdemo.NewHandler(&directory.Directory{Users: users}, "good-token", nil)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		return srv
	}
	ann := func(id, name string) directory.User {
		return directory.User{ID: id, UserName: "ann@" + domain, DisplayName: name, Active: true,
			Emails: []directory.Email{{Value: "ann@" + domain, Primary: true}}}
	}
	hr, chat, broken := neo4jtest.ConnectionName(t, store), neo4jtest.ConnectionName(t, store), neo4jtest.ConnectionName(t, store)
	config := fmt.Sprintf(`
concurrency: 3
connections:
  - name: %s
    baseUrl: %s/scim/v2
    authoritative: primary
    auth: {tokenEnv: T_GOOD_TOKEN}
  - name: %s
    baseUrl: %s/scim/v2
    authoritative: secondary
    auth: {tokenEnv: T_BAD_TOKEN}
  - name: %s
    baseUrl: %s/scim/v2
    authoritative: secondary
    auth: {tokenEnv: T_GOOD_TOKEN}
`, hr, serveDir(ann("h1", "Ann from HR")).URL, broken, serveDir(ann("b1", "Ann elsewhere")).URL, chat, serveDir(ann("c1", "Ann in chat")).URL)
	path := filepath.Join(t.TempDir(), "scim2neo4j.yaml")
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	app := newApp()
	app.Writer = &out
	err := app.RunContext(context.Background(), []string{"scim2neo4j", "--log-level", "error", "sync", "--config", path})
	if code := exitCode(err, false); code != exitFailed {
		t.Fatalf("exit code %d, want %d; err %v; output:\n%s", code, exitFailed, err, out.String())
	}
	if !strings.Contains(err.Error(), "connection "+broken+":") {
		t.Errorf("error does not name the failed connection: %v", err)
	}
	summary := out.String()
	for _, want := range []string{
		hr + "      ok", chat + "      ok", broken + "  failed",
		"1 of 3 connections failed: " + broken + "\n",
		"identities: 1 keys reconciled: 1 created",
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	if strings.Contains(summary, "wrong-token") || strings.Contains(err.Error(), "wrong-token") {
		t.Errorf("a token shows in the output")
	}
	rows := neo4jtest.Query(t, store, `MATCH (i:Identity {key: $k}) RETURN i.displayName AS name, i.connections AS conns`, map[string]any{"k": "ann@" + domain})
	if len(rows) != 1 {
		t.Fatalf("%d identities for ann, want 1", len(rows))
	}
	if name, _ := rows[0].Get("name"); name != "Ann from HR" {
		t.Errorf("identity name %v, want the primary's", name)
	}
	if conns, _ := rows[0].Get("conns"); len(conns.([]any)) != 2 {
		t.Errorf("identity holds accounts of %v, want the two connections that synced", conns)
	}
}
