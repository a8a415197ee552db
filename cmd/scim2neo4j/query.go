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
	pairs, show, err := trailingQueryFlags(c.Args().Tail())
	if err != nil {
		return err
	}
	if show || c.Bool("show") {
		fmt.Fprint(w, q.Text)
		return nil
	}
	params, err := parseParams(append(c.StringSlice("param"), pairs...))
	if err != nil {
		return err
	}
	var section *neo4jFileConfig
	if path := c.String("config"); path != "" {
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

// trailingQueryFlags reads --param/-p and --show given after the query
// name, where the flag parser has stopped: "query group-reach --param
// group=Admins" is how people type it.
func trailingQueryFlags(args []string) (pairs []string, show bool, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--show" || a == "-show":
			show = true
		case a == "--param" || a == "-param" || a == "-p":
			if i+1 == len(args) {
				return nil, false, usagef("%s needs a name=value", a)
			}
			i++
			pairs = append(pairs, args[i])
		case strings.HasPrefix(a, "--param=") || strings.HasPrefix(a, "-p="):
			_, v, _ := strings.Cut(a, "=")
			pairs = append(pairs, v)
		default:
			return nil, false, usagef("unexpected argument %q after the query name (want --param name=value or --show)", a)
		}
	}
	return pairs, show, nil
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
