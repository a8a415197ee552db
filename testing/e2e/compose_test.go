package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// repoRoot is the top of the source tree.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// composeFile is the part of docker-compose.yml the checks read.
type composeFile struct {
	Services map[string]struct {
		Image       string         `yaml:"image"`
		Build       any            `yaml:"build"`
		Command     []string       `yaml:"command"`
		Environment map[string]any `yaml:"environment"`
		Ports       []string       `yaml:"ports"`
		Volumes     []string       `yaml:"volumes"`
		Healthcheck *struct {
			Test []string `yaml:"test"`
		} `yaml:"healthcheck"`
		DependsOn map[string]struct {
			Condition string `yaml:"condition"`
		} `yaml:"depends_on"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
}

// TestComposeFile checks docker-compose.yml without a Docker engine: Neo4j
// 5.26 with a health check and a named volume, the demo server, a one-shot
// sync that waits for both, flags the binary accepts, and a README that
// says the same.
func TestComposeFile(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot(), "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("docker-compose.yml does not parse: %v", err)
	}
	neo, demo, sync := c.Services["neo4j"], c.Services["demo"], c.Services["sync"]
	if !strings.HasPrefix(neo.Image, "neo4j:5.26") {
		t.Errorf("neo4j image %q, want neo4j:5.26-…", neo.Image)
	}
	if neo.Healthcheck == nil || len(neo.Healthcheck.Test) == 0 {
		t.Error("neo4j has no health check")
	}
	if !hasPrefixIn(neo.Ports, "7474:") || !hasPrefixIn(neo.Ports, "7687:") {
		t.Errorf("neo4j ports %v, want 7474 and 7687 published", neo.Ports)
	}
	named := false
	for _, v := range neo.Volumes {
		if name, _, ok := strings.Cut(v, ":"); ok && c.Volumes != nil {
			if _, declared := c.Volumes[name]; declared {
				named = true
			}
		}
	}
	if !named {
		t.Errorf("neo4j volumes %v: want a named volume declared at the top level", neo.Volumes)
	}
	if demo.Build == nil || len(demo.Command) == 0 || demo.Command[0] != "demo" {
		t.Errorf("demo service: build %v, command %v; want the image built here running demo", demo.Build, demo.Command)
	}
	if len(sync.Command) == 0 || sync.Command[0] != "sync" {
		t.Errorf("sync service command %v", sync.Command)
	}
	if sync.DependsOn["neo4j"].Condition != "service_healthy" {
		t.Errorf("sync does not wait for a healthy Neo4j: %+v", sync.DependsOn)
	}
	if _, ok := sync.DependsOn["demo"]; !ok {
		t.Error("sync does not wait for the demo server")
	}
	if sync.Environment["NEO4J_URI"] != "bolt://neo4j:7687" {
		t.Errorf("sync NEO4J_URI %v", sync.Environment["NEO4J_URI"])
	}

	// The commands' flags exist in the binary.
	for _, svc := range [][]string{demo.Command, sync.Command} {
		help, err := exec.Command(binary(t), svc[0], "--help").CombinedOutput()
		if err != nil {
			t.Fatalf("%s --help: %v", svc[0], err)
		}
		for _, arg := range svc[1:] {
			if strings.HasPrefix(arg, "--") && !strings.Contains(string(help), arg+" ") {
				t.Errorf("compose passes %s to %s, which has no such flag", arg, svc[0])
			}
		}
	}

	// The README's Docker path matches the compose file.
	readme, err := os.ReadFile(filepath.Join(repoRoot(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	password := regexp.MustCompile(`NEO4J_PASSWORD:-([^}]+)}`).FindStringSubmatch(string(raw))
	for _, want := range []string{"docker compose up", "http://localhost:7474", password[1]} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README does not say %q", want)
		}
	}
}

// TestDockerfile checks the image recipe: multi-stage, static, non-root.
func TestDockerfile(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repoRoot(), "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	df := string(raw)
	if n := strings.Count(df, "\nFROM ") + boolInt(strings.HasPrefix(df, "FROM ")); n < 2 {
		t.Errorf("%d stages, want a multi-stage build", n)
	}
	for _, want := range []string{"CGO_ENABLED=0", "USER nonroot", "./cmd/scim2neo4j"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
}

func hasPrefixIn(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(strings.Trim(s, `"`), prefix) {
			return true
		}
	}
	return false
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
