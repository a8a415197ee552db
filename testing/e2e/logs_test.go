package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
	"github.com/scim2neo4j/scim2neo4j/testing/quirkserver"
)

// TestEveryRunLineNamesRunAndConnection runs a sync with JSON debug logs
// through a server that answers with 503s, 429s and undecodable titles,
// so that the SCIM client logs retries and warnings from deep inside the
// scim package: every line from the run's first to its "sync finished"
// carries the run id and the connection name, and all of them the same.
func TestEveryRunLineNamesRunAndConnection(t *testing.T) {
	store := neo4jtest.Store(t)
	name := neo4jtest.ConnectionName(t, store)
	dir := directory.Generate(directory.Options{Users: 300, Groups: 12, Seed: 9})
	srv := httptestServer(t, quirkserver.New(dir, quirkserver.Quirks{ServerErrorEvery: 3, TooManyRequestsEvery: 4, BadTitleEvery: 50}))
	r := start(t, append(neo4jEnv(neo4jtest.Config(t)), "SCIM_BEARER_TOKEN="+quirkserver.StaticToken),
		"--log-format", "json", "--log-level", "debug", "sync", "--name", name,
		"--scim-url", srv.URL+quirkserver.BasePath, "--page-size", "50")
	if code := r.wait(t); code != 0 {
		t.Fatalf("exit code %d:\n%s", code, r.stderr.String())
	}

	var runID string
	seen := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(r.stderr.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("not a JSON log line: %q", line)
		}
		msg, _ := rec["msg"].(string)
		run, _ := rec["run"].(string)
		if runID == "" && run == "" {
			continue // before the run: schema, connect
		}
		if runID == "" {
			runID = run
		}
		if run != runID || rec["connection"] != name {
			t.Errorf("line of the run without its run id %q and connection %q: %s", runID, name, line)
		}
		seen[msg]++
		if msg == "sync finished" {
			break
		}
	}
	for _, msg := range []string{"SCIM response", "SCIM request failed, retrying", "SCIM resource with unusable attributes", "writing memberships", "sync finished"} {
		if seen[msg] == 0 {
			t.Errorf("no %q line among the run's lines; the test would prove nothing about it (seen %v)", msg, seen)
		}
	}
}
