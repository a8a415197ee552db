package cypher

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// queryFiles is the library of findings: one read-only query per file,
// shipped in the binary so that `scim2neo4j query NAME` runs exactly the
// text the README shows for pasting into Neo4j Browser.
//
//go:embed queries/*.cypher
var queryFiles embed.FS

// Query is one query of the library.
type Query struct {
	Name    string   // the file name without .cypher, e.g. "offboarding-gaps"
	Purpose string   // the header's first line: what the query finds
	Params  []string // parameter names the query uses, without '$', sorted
	Text    string   // the whole file, header comment included
}

// ErrUnknownQuery is returned for a name that is not in the library.
var ErrUnknownQuery = errors.New("unknown query")

// paramPattern finds $name parameters.
var paramPattern = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)

// Queries returns the library, sorted by name.
func Queries() []Query {
	entries, err := fs.ReadDir(queryFiles, "queries")
	if err != nil {
		panic(fmt.Sprintf("embedded query library: %v", err)) // the embed pattern guarantees the directory
	}
	var out []Query
	for _, e := range entries {
		if q, ok := loadQuery(e.Name()); ok {
			out = append(out, q)
		}
	}
	return out
}

// LookupQuery returns the named query of the library.
func LookupQuery(name string) (Query, error) {
	if q, ok := loadQuery(name + ".cypher"); ok && !strings.ContainsAny(name, "/\\") {
		return q, nil
	}
	var names []string
	for _, q := range Queries() {
		names = append(names, q.Name)
	}
	return Query{}, fmt.Errorf("%w %q (have: %s)", ErrUnknownQuery, name, strings.Join(names, ", "))
}

// loadQuery reads and parses one file of the library.
func loadQuery(file string) (Query, bool) {
	if path.Ext(file) != ".cypher" {
		return Query{}, false
	}
	b, err := queryFiles.ReadFile("queries/" + file)
	if err != nil {
		return Query{}, false
	}
	text := string(b)
	q := Query{Name: strings.TrimSuffix(file, ".cypher"), Text: text}
	var body []string
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if c, ok := strings.CutPrefix(trimmed, "//"); ok {
			if q.Purpose == "" {
				q.Purpose = strings.TrimSpace(c)
			}
			continue
		}
		body = append(body, line)
	}
	for _, m := range paramPattern.FindAllStringSubmatch(strings.Join(body, "\n"), -1) {
		if !slices.Contains(q.Params, m[1]) {
			q.Params = append(q.Params, m[1])
		}
	}
	slices.Sort(q.Params)
	return q, true
}

// Header is the query's leading comment block, without the comment marks.
func (q Query) Header() []string {
	var out []string
	for _, line := range strings.Split(q.Text, "\n") {
		c, ok := strings.CutPrefix(strings.TrimSpace(line), "//")
		if !ok {
			break
		}
		out = append(out, strings.TrimSpace(c))
	}
	return out
}
