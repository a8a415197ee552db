package neo4jtest

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/cypher"
)

// volatile are the bookkeeping properties that change on every run; a dump
// leaves them out so that two runs over the same data compare equal.
var volatile = map[string]bool{"firstSeen": true, "lastSeen": true, "lastSeenRun": true}

// Dump renders the connection's User and Group nodes and every relationship
// between nodes of the connection as sorted lines of text, with their
// properties (bookkeeping timestamps and run ids aside).
func Dump(t testing.TB, store *cypher.Store, connection string) []string {
	t.Helper()
	var lines []string
	for _, r := range Query(t, store, `
MATCH (n) WHERE (n:User OR n:Group) AND n.connection = $c
RETURN labels(n) AS labels, properties(n) AS props`, map[string]any{"c": connection}) {
		labels, _ := r.Get("labels")
		props, _ := r.Get("props")
		lines = append(lines, fmt.Sprintf("node %v %s", labels, renderProps(props.(map[string]any))))
	}
	for _, r := range Query(t, store, `
MATCH (a)-[r]->(b)
WHERE (a:User OR a:Group) AND a.connection = $c
RETURN a.uid AS from, type(r) AS type, b.uid AS to, properties(r) AS props`, map[string]any{"c": connection}) {
		from, _ := r.Get("from")
		typ, _ := r.Get("type")
		to, _ := r.Get("to")
		props, _ := r.Get("props")
		lines = append(lines, fmt.Sprintf("rel %v -[%v %s]-> %v", from, typ, renderProps(props.(map[string]any)), to))
	}
	sort.Strings(lines)
	return lines
}

// renderProps prints properties in key order, without volatile ones.
func renderProps(props map[string]any) string {
	keys := make([]string, 0, len(props))
	for k := range props {
		if !volatile[k] {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %#v", k, props[k])
	}
	b.WriteByte('}')
	return b.String()
}
