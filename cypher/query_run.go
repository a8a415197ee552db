package cypher

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Table is the result of a library query: column names and rows of
// Neo4j values (strings, integers, booleans, lists, temporal values, nil).
type Table struct {
	Columns []string
	Rows    [][]any
}

// ErrQueryParams is returned when a library query is run without a
// parameter it needs, or with one it does not take.
var ErrQueryParams = errors.New("query parameters")

// RunQuery runs a library query in a read transaction with the given
// parameters, which must be exactly the ones the query uses.
func (s *Store) RunQuery(ctx context.Context, q Query, params map[string]any) (Table, error) {
	var missing, unknown []string
	for _, p := range q.Params {
		if _, ok := params[p]; !ok {
			missing = append(missing, p)
		}
	}
	for p := range params {
		if !slices.Contains(q.Params, p) {
			unknown = append(unknown, p)
		}
	}
	slices.Sort(unknown)
	if len(missing) > 0 || len(unknown) > 0 {
		var problems []string
		if len(missing) > 0 {
			problems = append(problems, "missing "+strings.Join(missing, ", "))
		}
		if len(unknown) > 0 {
			problems = append(problems, "not used: "+strings.Join(unknown, ", "))
		}
		return Table{}, fmt.Errorf("%w: query %s takes %s; %s", ErrQueryParams, q.Name,
			listOrNone(q.Params), strings.Join(problems, "; "))
	}
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeRead})
	defer session.Close(context.Background())
	out, err := session.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, q.Text, params)
		if err != nil {
			return nil, err
		}
		keys, err := res.Keys()
		if err != nil {
			return nil, err
		}
		t := Table{Columns: keys}
		for res.Next(ctx) {
			t.Rows = append(t.Rows, res.Record().Values)
		}
		return t, res.Err()
	})
	if err != nil {
		return Table{}, fmt.Errorf("query %s: %w", q.Name, err)
	}
	return out.(Table), nil
}

// listOrNone joins names for a message, or says "none".
func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
