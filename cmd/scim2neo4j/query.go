package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/scim2neo4j/scim2neo4j/cypher"
)

// queryCommand runs one query of the library, or lists them.
func queryCommand() *cli.Command {
	flags := append(neo4jFlags(),
		&cli.StringFlag{Name: "config", EnvVars: []string{"SCIM2NEO4J_CONFIG"}, Usage: "configuration file whose neo4j section to use"},
		&cli.StringSliceFlag{Name: "param", Aliases: []string{"p"}, Usage: "query parameter as name=value (repeatable)"},
		&cli.BoolFlag{Name: "show", Usage: "print the query's Cypher instead of running it"},
	)
	return &cli.Command{
		Name:      "query",
		Usage:     "run a query of the library (findings such as offboarding gaps); without a name, list them",
		ArgsUsage: "[NAME]",
		Description: `The queries are the files in cypher/queries/, the same text the README shows
for Neo4j Browser. Parameters are strings.

Examples:
   scim2neo4j query
   scim2neo4j query offboarding-gaps
   scim2neo4j query effective-groups --param key=ann@example.com`,
		Flags:  flags,
		Action: runQuery,
	}
}

// runQuery is the query command's action.
func runQuery(c *cli.Context) error {
	w := c.App.Writer
	if c.NArg() == 0 {
		listQueries(w, cypher.Queries())
		return nil
	}
	q, err := cypher.LookupQuery(c.Args().First())
	if err != nil {
		return usageError{err}
	}
	tail, err := trailingQueryFlags(c.Args().Tail())
	if err != nil {
		return err
	}
	if tail.show || c.Bool("show") {
		fmt.Fprint(w, q.Text)
		return nil
	}
	params, err := parseParams(append(c.StringSlice("param"), tail.pairs...))
	if err != nil {
		return err
	}
	var section *neo4jFileConfig
	path := c.String("config")
	if tail.config != "" {
		path = tail.config
	}
	if path != "" {
		file, err := loadConfig(path)
		if err != nil {
			return err
		}
		section = file.Neo4j
	}
	store, err := openStore(c, section)
	if err != nil {
		return err
	}
	defer store.Close(c.Context)
	table, err := store.RunQuery(c.Context, q, params)
	if errors.Is(err, cypher.ErrQueryParams) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	printTable(w, table)
	return nil
}

// listQueries prints each query's name, parameters and purpose.
func listQueries(w io.Writer, queries []cypher.Query) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, q := range queries {
		var params []string
		for _, p := range q.Params {
			params = append(params, "--param "+p+"=…")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", q.Name, strings.Join(params, " "), q.Purpose)
	}
	tw.Flush()
}

// queryTail is what the flags given after the query name say: urfave/cli
// stops parsing flags at the first argument, and "query NAME --param ..."
// is how people write it.
type queryTail struct {
	pairs  []string // --param name=value
	show   bool     // --show
	config string   // --config FILE
}

// trailingQueryFlags reads --param/-p, --show and --config given after
// the query name.
func trailingQueryFlags(args []string) (queryTail, error) {
	var tail queryTail
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") {
			name = ""
		}
		switch name {
		case "show":
			tail.show = true
			continue
		case "param", "p", "config":
		default:
			return queryTail{}, usagef("unexpected argument %q after the query name (want --param name=value, --config FILE or --show)", a)
		}
		if !hasValue {
			if i+1 == len(args) {
				return queryTail{}, usagef("%s needs a value", a)
			}
			i++
			value = args[i]
		}
		if name == "config" {
			tail.config = value
		} else {
			tail.pairs = append(tail.pairs, value)
		}
	}
	return tail, nil
}

// parseParams reads name=value pairs.
func parseParams(pairs []string) (map[string]any, error) {
	params := map[string]any{}
	for _, p := range pairs {
		name, value, ok := strings.Cut(p, "=")
		name = strings.TrimPrefix(strings.TrimSpace(name), "$")
		if !ok || name == "" {
			return nil, usagef("--param %q: want name=value", p)
		}
		if _, dup := params[name]; dup {
			return nil, usagef("--param %s given twice", name)
		}
		params[name] = value
	}
	return params, nil
}

// printTable writes a query result as an aligned table with a row count.
func printTable(w io.Writer, t cypher.Table) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(t.Columns, "\t"))
	for _, row := range t.Rows {
		cells := make([]string, len(row))
		for i, v := range row {
			cells[i] = formatValue(v)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	tw.Flush()
	fmt.Fprintf(w, "(%d rows)\n", len(t.Rows))
}

// formatValue renders a Neo4j value for the table: nil as empty, lists
// in brackets, tabs and newlines as spaces so columns stay aligned.
func formatValue(v any) string {
	var s string
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		s = x
	case time.Time:
		s = x.Format(time.RFC3339)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatValue(e)
		}
		s = "[" + strings.Join(parts, ", ") + "]"
	default:
		s = fmt.Sprint(x)
	}
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}
