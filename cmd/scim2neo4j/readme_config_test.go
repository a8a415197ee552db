package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMEConfigExample: the configuration file shown in the README
// decodes (no unknown or misspelt field) and validates once the secrets it
// names exist, so the example a user copies works.
func TestREADMEConfigExample(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "```yaml\n# scim2neo4j.yaml\n")
	example, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		t.Fatal("README has no ```yaml block starting with # scim2neo4j.yaml")
	}
	cfg, err := decodeConfig(strings.NewReader(example))
	if err != nil {
		t.Fatalf("the README's configuration does not decode: %v", err)
	}
	secretFile := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secretFile, []byte("s3cret-value\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"HR_SCIM_TOKEN", "WIKI_SCIM_PASSWORD", "NEO4J_PASSWORD"} {
		t.Setenv(name, "s3cret-value")
	}
	for i := range cfg.Connections { // the files it names do not exist here
		a := &cfg.Connections[i].Auth
		for _, f := range []*string{&a.TokenFile, &a.ClientSecretFile, &a.PasswordFile} {
			if *f != "" {
				*f = secretFile
			}
		}
		cfg.Connections[i].CAFile = ""
	}
	conns, err := cfg.connections(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("the README's configuration does not validate: %v", err)
	}
	if len(conns) != len(cfg.Connections) || len(conns) < 2 {
		t.Fatalf("%d connections from the README's example", len(conns))
	}
}
