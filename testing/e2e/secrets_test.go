package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
	"github.com/scim2neo4j/scim2neo4j/testing/quirkserver"
)

// TestSecretsNeverLeak runs syncs and checks with debug logging, right and
// wrong credentials, and fails if a secret shows up in anything the
// process wrote, in its command line, or in the graph.
func TestSecretsNeverLeak(t *testing.T) {
	store := neo4jtest.Store(t)
	cfg := neo4jtest.Config(t)
	dir := directory.Generate(directory.Options{Users: 300, Groups: 20, Seed: 4})
	srv := httptestServer(t, quirkserver.New(dir, quirkserver.Quirks{}))
	url := srv.URL + quirkserver.BasePath
	tokenURL := srv.URL + "/token"

	const wrongSecret = "wr0ng-client-secret-7f3a"
	const wrongToken = "wr0ng-bearer-token-9c1d"
	secrets := []string{quirkserver.ClientSecret, quirkserver.StaticToken, wrongSecret, wrongToken}
	if len(cfg.Password) >= 8 {
		secrets = append(secrets, cfg.Password)
	}

	name := neo4jtest.ConnectionName(t, store)
	tests := []struct {
		name     string
		env      []string
		args     []string
		wantCode int
	}{
		{"oauth2 sync", []string{"SCIM_CLIENT_SECRET=" + quirkserver.ClientSecret},
			[]string{"sync", "--name", name, "--scim-url", url, "--auth", "oauth2", "--client-id", quirkserver.ClientID, "--token-url", tokenURL}, 0},
		{"oauth2 sync, wrong secret", []string{"SCIM_CLIENT_SECRET=" + wrongSecret},
			[]string{"sync", "--name", name, "--scim-url", url, "--auth", "oauth2", "--client-id", quirkserver.ClientID, "--token-url", tokenURL}, 1},
		{"bearer sync", []string{"SCIM_BEARER_TOKEN=" + quirkserver.StaticToken},
			[]string{"sync", "--name", name, "--scim-url", url}, 0},
		{"bearer sync, wrong token", []string{"SCIM_BEARER_TOKEN=" + wrongToken},
			[]string{"sync", "--name", name, "--scim-url", url}, 1},
		{"check, wrong token", []string{"SCIM_BEARER_TOKEN=" + wrongToken},
			[]string{"check", "--name", name, "--scim-url", url}, 4},
		{"check, oauth2", []string{"SCIM_CLIENT_SECRET=" + quirkserver.ClientSecret},
			[]string{"check", "--name", name, "--scim-url", url, "--auth", "oauth2", "--client-id", quirkserver.ClientID, "--token-url", tokenURL}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--log-level", "debug"}, tt.args...)
			r := start(t, append(neo4jEnv(cfg), tt.env...), args...)
			cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", r.cmd.Process.Pid))
			code := r.wait(t)
			out := r.stdout.String() + r.stderr.String()
			if code != tt.wantCode {
				t.Fatalf("exit code %d, want %d:\n%s", code, tt.wantCode, out)
			}
			if !strings.Contains(out, "level=DEBUG") && strings.HasPrefix(tt.args[0], "sync") {
				t.Fatalf("no debug output: the test would prove little:\n%s", out)
			}
			for _, s := range secrets {
				for where, text := range map[string]string{"output": out, "command line": string(cmdline)} {
					if strings.Contains(text, s) {
						t.Errorf("secret %q appears in the %s:\n%s", s, where, text)
					}
				}
			}
		})
	}
	graph := normalizedDump(t, store, name)
	for _, r := range neo4jtest.Query(t, store, `MATCH (c:Connection {name: $c}) RETURN properties(c) AS p`, map[string]any{"c": name}) {
		p, _ := r.Get("p")
		graph += fmt.Sprint(p)
	}
	if !strings.Contains(graph, "lastRunStatus") || !strings.Contains(graph, "uid") {
		t.Fatalf("the graph dump is empty; the test would prove nothing:\n%.500s", graph)
	}
	for _, s := range secrets {
		if strings.Contains(graph, s) {
			t.Errorf("secret %q appears in the graph", s)
		}
	}
}
