package cypher

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Statements of a dry run: they read the graph and change nothing.
const (
	// StmtCompareUsers counts how many of a batch of accounts are in the
	// graph, and how many of those a write would change (a property of the
	// row differs from the node's, null and absent being the same).
	StmtCompareUsers = `
UNWIND $rows AS row
OPTIONAL MATCH (n:User {uid: row.uid})
RETURN count(row) AS rows, count(n) AS existing,
  count(CASE WHEN n IS NOT NULL AND any(k IN keys(row.props)
    WHERE NOT coalesce(n[k] = row.props[k], n[k] IS NULL AND row.props[k] IS NULL)) THEN 1 END) AS changed`

	// StmtCompareGroups is StmtCompareUsers for groups.
	StmtCompareGroups = `
UNWIND $rows AS row
OPTIONAL MATCH (n:Group {uid: row.uid})
RETURN count(row) AS rows, count(n) AS existing,
  count(CASE WHEN n IS NOT NULL AND any(k IN keys(row.props)
    WHERE NOT coalesce(n[k] = row.props[k], n[k] IS NULL AND row.props[k] IS NULL)) THEN 1 END) AS changed`

	// StmtCompareMemberships counts how many of a batch of memberships
	// the graph already has, resolving members as StmtMergeMemberships does.
	StmtCompareMemberships = `
UNWIND $rows AS row
OPTIONAL MATCH (g:Group {uid: row.group})
OPTIONAL MATCH (u:User {uid: row.member}) WHERE row.kind <> 'group'
OPTIONAL MATCH (h:Group {uid: row.member}) WHERE row.kind <> 'user' AND u IS NULL
WITH row, g, coalesce(u, h) AS m
RETURN count(row) AS rows,
  count(CASE WHEN g IS NOT NULL AND m IS NOT NULL AND EXISTS { (m)-[:MEMBER_OF]->(g) } THEN 1 END) AS existing,
  0 AS changed`

	// StmtCountConnection counts what the graph holds of a connection.
	StmtCountConnection = `
CALL () { MATCH (u:User {connection: $connection}) RETURN count(u) AS users }
CALL () { MATCH (g:Group {connection: $connection}) RETURN count(g) AS groups }
CALL () { MATCH (:Group {connection: $connection})<-[r:MEMBER_OF]-() RETURN count(r) AS memberships }
RETURN users, groups, memberships`
)

// Diff is how a batch of rows compares with the graph, for a dry run.
type Diff struct {
	Rows     int // rows compared
	Existing int // rows whose node or relationship the graph has
	Changed  int // of those, nodes whose properties a write would change
}

// Add accumulates another batch's Diff.
func (d *Diff) Add(o Diff) {
	d.Rows += o.Rows
	d.Existing += o.Existing
	d.Changed += o.Changed
}

// CompareUsers tells how writing a batch of accounts would change the graph.
func (s *Store) CompareUsers(ctx context.Context, rows []UserRow) (Diff, error) {
	return s.compare(ctx, StmtCompareUsers, "users", params(rows))
}

// CompareGroups tells how writing a batch of groups would change the graph.
func (s *Store) CompareGroups(ctx context.Context, rows []GroupRow) (Diff, error) {
	return s.compare(ctx, StmtCompareGroups, "groups", params(rows))
}

// CompareMemberships tells how many of a batch of memberships the graph has.
func (s *Store) CompareMemberships(ctx context.Context, rows []MembershipRow) (Diff, error) {
	return s.compare(ctx, StmtCompareMemberships, "memberships", params(rows))
}

// compare runs one of the compare statements in a read transaction.
func (s *Store) compare(ctx context.Context, stmt, what string, rows []any) (Diff, error) {
	res, err := s.read(ctx, stmt, map[string]any{"rows": rows})
	if err != nil {
		return Diff{}, fmt.Errorf("compare %d %s with the graph: %w", len(rows), what, err)
	}
	var d Diff
	if len(res.Records) == 1 {
		v := res.Records[0].Values
		d = Diff{Rows: intField(v[0]), Existing: intField(v[1]), Changed: intField(v[2])}
	}
	return d, nil
}

// Totals is what the graph holds of one connection.
type Totals struct {
	Users, Groups, Memberships int
}

// CountConnection counts the connection's accounts, groups and the
// memberships in its groups.
func (s *Store) CountConnection(ctx context.Context, connection string) (Totals, error) {
	res, err := s.read(ctx, StmtCountConnection, map[string]any{"connection": connection})
	if err != nil {
		return Totals{}, fmt.Errorf("count what the graph holds of %s: %w", connection, err)
	}
	var t Totals
	if len(res.Records) == 1 {
		v := res.Records[0].Values
		t = Totals{Users: intField(v[0]), Groups: intField(v[1]), Memberships: intField(v[2])}
	}
	return t, nil
}

// read runs one statement in a managed read transaction, which the driver
// retries on transient errors.
func (s *Store) read(ctx context.Context, stmt string, params map[string]any) (*neo4j.EagerResult, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeRead})
	defer session.Close(context.Background())
	out, err := session.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, stmt, params)
		if err != nil {
			return nil, err
		}
		return collect(ctx, res)
	})
	if err != nil {
		return nil, err
	}
	return out.(*neo4j.EagerResult), nil
}
