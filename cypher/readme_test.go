package cypher_test

import (
	"os"
	"strings"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/cypher"
)

// TestREADMEShowsEveryQuery keeps the README's query library equal to the
// files the binary embeds: each query must appear there whole, ready to
// paste into Neo4j Browser, under a heading with its name.
func TestREADMEShowsEveryQuery(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, q := range cypher.Queries() {
		if !strings.Contains(readme, "### "+q.Name+"\n") {
			t.Errorf("README has no heading for query %s", q.Name)
		}
		if !strings.Contains(readme, "```cypher\n"+strings.TrimRight(q.Text, "\n")+"\n```") {
			t.Errorf("README does not show query %s as in cypher/queries/%s.cypher", q.Name, q.Name)
		}
	}
}
