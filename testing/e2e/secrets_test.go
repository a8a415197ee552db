package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
	"github.com/scim2neo4j/scim2neo4j/testing/quirkserver"
)

// TestSecretsNeverLeak runs syncs and checks with debug logging (text and
// JSON), right and wrong credentials of every auth method, secrets from
// the environment and from files, and a --report file, and fails if a
// secret (including the OAuth2 access tokens the server issued) shows up
// in anything the process wrote or in the graph.
func TestSecretsNeverLeak(t *testing.T) {
	store := neo4jtest.Store(t)
	cfg := neo4jtest.Config(t)
	dir := directory.Generate(directory.Options{Users: 300, Groups: 20, Seed: 4})
	qs := quirkserver.New(dir, quirkserver.Quirks{})
	srv := httptestServer(t, qs)
	url := srv.URL + quirkserver.BasePath
	tokenURL := srv.URL + "/token"

	const wrongSecret = "wr0ng-client-secret-7f3a"
	const wrongToken = "wr0ng-bearer-token-9c1d"
	const wrongPassword = "wr0ng-basic-password-4b8e"
	secrets := []string{quirkserver.ClientSecret, quirkserver.StaticToken, quirkserver.BasicPassword, wrongSecret, wrongToken, wrongPassword}
	if len(cfg.Password) >= 8 {
		secrets = append(secrets, cfg.Password)
	}
	files := t.TempDir()
	secretFile := func(name, value string) string {
		path := filepath.Join(files, name)
		if err := os.WriteFile(path, []byte(value+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	tokenFile := secretFile("token", quirkserver.StaticToken)
	clientSecretFile := secretFile("client-secret", quirkserver.ClientSecret)
	passwordFile := secretFile("password", quirkserver.BasicPassword)

	name := neo4jtest.ConnectionName(t, store)
	oauth2 := []string{"--auth", "oauth2", "--client-id", quirkserver.ClientID, "--token-url", tokenURL}
	basic := []string{"--auth", "basic", "--username", quirkserver.BasicUser}
	tests := []struct {
		name     string
		env      []string
		args     []string
		wantCode int
	}{
		{"oauth2 sync", []string{"SCIM_CLIENT_SECRET=" + quirkserver.ClientSecret},
			append([]string{"sync", "--name", name, "--scim-url", url}, oauth2...), 0},
		{"oauth2 sync, secret from a file", nil,
			append([]string{"sync", "--name", name, "--scim-url", url, "--client-secret-file", clientSecretFile}, oauth2...), 0},
		{"oauth2 sync, wrong secret", []string{"SCIM_CLIENT_SECRET=" + wrongSecret},
			append([]string{"sync", "--name", name, "--scim-url", url}, oauth2...), 1},
		{"bearer sync", []string{"SCIM_BEARER_TOKEN=" + quirkserver.StaticToken},
			[]string{"sync", "--name", name, "--scim-url", url}, 0},
		{"bearer sync, token from a file", nil,
			[]string{"sync", "--name", name, "--scim-url", url, "--token-file", tokenFile}, 0},
		{"bearer sync, wrong token", []string{"SCIM_BEARER_TOKEN=" + wrongToken},
			[]string{"sync", "--name", name, "--scim-url", url}, 1},
		{"basic sync", []string{"SCIM_PASSWORD=" + quirkserver.BasicPassword},
			append([]string{"sync", "--name", name, "--scim-url", url}, basic...), 0},
		{"basic sync, password from a file", nil,
			append([]string{"sync", "--name", name, "--scim-url", url, "--password-file", passwordFile}, basic...), 0},
		{"basic sync, wrong password", []string{"SCIM_PASSWORD=" + wrongPassword},
			append([]string{"sync", "--name", name, "--scim-url", url}, basic...), 1},
		{"check, wrong token", []string{"SCIM_BEARER_TOKEN=" + wrongToken},
			[]string{"check", "--name", name, "--scim-url", url}, 4},
		{"check, oauth2", []string{"SCIM_CLIENT_SECRET=" + quirkserver.ClientSecret},
			append([]string{"check", "--name", name, "--scim-url", url}, oauth2...), 0},
		{"check, basic, wrong password", []string{"SCIM_PASSWORD=" + wrongPassword},
			append([]string{"check", "--name", name, "--scim-url", url}, basic...), 4},
	}
	var outputs []string
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			format := []string{"text", "json"}[i%2]
			args := append([]string{"--log-level", "debug", "--log-format", format}, tt.args...)
			report := filepath.Join(t.TempDir(), "report.json")
			if tt.args[0] == "sync" {
				args = append(args, "--report", report)
			}
			r := start(t, append(neo4jEnv(cfg), tt.env...), args...)
			code := r.wait(t)
			out := r.stdout.String() + r.stderr.String()
			if code != tt.wantCode {
				t.Fatalf("exit code %d, want %d:\n%s", code, tt.wantCode, out)
			}
			if tt.args[0] == "sync" {
				if !strings.Contains(strings.ToLower(out), `level=debug`) && !strings.Contains(out, `"level":"DEBUG"`) {
					t.Fatalf("no debug output: the test would prove little:\n%s", out)
				}
				rep, err := os.ReadFile(report)
				if err != nil || !strings.Contains(string(rep), `"connections"`) {
					t.Fatalf("no report written (%v): the test would prove little", err)
				}
				out += "\n--- report\n" + string(rep)
			}
			outputs = append(outputs, tt.name+"\n"+out)
		})
	}
	issued := qs.IssuedTokens()
	if len(issued) == 0 {
		t.Fatal("the server issued no OAuth2 access token; the oauth2 cases proved nothing")
	}
	secrets = append(secrets, issued...)
	for _, out := range outputs {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("secret %q appears in what a run wrote:\n%s", s, out)
			}
		}
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
