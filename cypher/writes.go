package cypher

import (
	"context"
	"errors"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// WriteResult counts what one batch did.
type WriteResult struct {
	Rows    int // rows sent
	Written int // rows that matched and were written (memberships may miss)
	Created int // nodes or relationships created by the batch
}

// UpsertUsers writes a batch of accounts.
func (s *Store) UpsertUsers(ctx context.Context, run Run, rows []UserRow) (WriteResult, error) {
	res, err := s.writeRows(ctx, StmtUpsertUsers, run, params(rows), nodesCreated)
	if err != nil {
		return res, fmt.Errorf("upsert %d users of %s: %w", len(rows), run.Connection, err)
	}
	return res, nil
}

// UpsertGroups writes a batch of groups.
func (s *Store) UpsertGroups(ctx context.Context, run Run, rows []GroupRow) (WriteResult, error) {
	res, err := s.writeRows(ctx, StmtUpsertGroups, run, params(rows), nodesCreated)
	if err != nil {
		return res, fmt.Errorf("upsert %d groups of %s: %w", len(rows), run.Connection, err)
	}
	return res, nil
}

// MergeMemberships writes a batch of memberships. Members or groups
// missing from the graph are skipped, so Written may be less than Rows.
func (s *Store) MergeMemberships(ctx context.Context, run Run, rows []MembershipRow) (WriteResult, error) {
	res, err := s.writeRows(ctx, StmtMergeMemberships, run, params(rows), linksWritten)
	if err != nil {
		return res, fmt.Errorf("merge %d memberships of %s: %w", len(rows), run.Connection, err)
	}
	return res, nil
}

// nodesCreated counts an upsert batch: every row is written.
func nodesCreated(res *neo4j.EagerResult, rows int) (written, created int) {
	return rows, res.Summary.Counters().NodesCreated()
}

// linksWritten counts a membership batch from its "written" column.
func linksWritten(res *neo4j.EagerResult, _ int) (written, created int) {
	if len(res.Records) == 1 {
		written = intField(res.Records[0].Values[0])
	}
	return written, res.Summary.Counters().RelationshipsCreated()
}

// writeRows runs stmt over rows in one transaction. When Neo4j refuses the
// transaction for lack of memory, the batch is split in halves, written
// one after the other, rather than failing the run.
func (s *Store) writeRows(ctx context.Context, stmt string, run Run, rows []any,
	count func(*neo4j.EagerResult, int) (int, int)) (WriteResult, error) {
	res, err := s.write(ctx, stmt, run.with(map[string]any{"rows": rows}))
	if errors.Is(err, ErrTransactionMemory) && len(rows) > 1 {
		s.log.WarnContext(ctx, "batch too large for Neo4j's transaction memory; splitting it", "rows", len(rows))
		half := len(rows) / 2
		first, err := s.writeRows(ctx, stmt, run, rows[:half], count)
		if err != nil {
			return first, err
		}
		second, err := s.writeRows(ctx, stmt, run, rows[half:], count)
		return WriteResult{Rows: first.Rows + second.Rows, Written: first.Written + second.Written, Created: first.Created + second.Created}, err
	}
	if err != nil {
		return WriteResult{}, err
	}
	written, created := count(res, len(rows))
	return WriteResult{Rows: len(rows), Written: written, Created: created}, nil
}

// LinkManagers derives REPORTS_TO relationships for the run's accounts and
// returns how many were created.
func (s *Store) LinkManagers(ctx context.Context, run Run) (int, error) {
	res, err := s.inTransactions(ctx, StmtLinkManagers, run)
	if err != nil {
		return 0, fmt.Errorf("link managers of %s: %w", run.Connection, err)
	}
	return res.Summary.Counters().RelationshipsCreated(), nil
}

// StaleCounts is how much of a connection's graph a run did not see.
type StaleCounts struct {
	Users, StaleUsers, Groups, StaleGroups int
}

// CountStale counts the connection's accounts and groups the run did not see.
func (s *Store) CountStale(ctx context.Context, run Run) (StaleCounts, error) {
	res, err := s.write(ctx, StmtCountStale, run.params())
	if err != nil {
		return StaleCounts{}, fmt.Errorf("count stale items of %s: %w", run.Connection, err)
	}
	var c StaleCounts
	if len(res.Records) == 1 {
		r := res.Records[0]
		c.Users = intField(r.Values[0])
		c.StaleUsers = intField(r.Values[1])
		c.Groups = intField(r.Values[2])
		c.StaleGroups = intField(r.Values[3])
	}
	return c, nil
}

// Removed counts what stale removal deleted.
type Removed struct {
	Users, Groups, Memberships, Managers int
}

// RemoveStale deletes the connection's memberships, manager links, accounts
// and groups that the run did not see. Call it only after a complete
// listing: it trusts the run to have seen everything that still exists.
func (s *Store) RemoveStale(ctx context.Context, run Run) (Removed, error) {
	var r Removed
	steps := []struct {
		what  string
		stmt  string
		count func(rels, nodes int)
	}{
		{"memberships", StmtRemoveStaleMemberships, func(rels, _ int) { r.Memberships += rels }},
		{"manager links", StmtRemoveStaleManagers, func(rels, _ int) { r.Managers += rels }},
		{"users", StmtRemoveStaleUsers, func(_, nodes int) { r.Users += nodes }},
		{"groups", StmtRemoveStaleGroups, func(_, nodes int) { r.Groups += nodes }},
	}
	for _, st := range steps {
		res, err := s.inTransactions(ctx, st.stmt, run)
		if err != nil {
			return r, fmt.Errorf("remove stale %s of %s: %w", st.what, run.Connection, err)
		}
		c := res.Summary.Counters()
		st.count(c.RelationshipsDeleted(), c.NodesDeleted())
	}
	return r, nil
}

// intField reads an integer record value.
func intField(v any) int {
	if n, ok := v.(int64); ok {
		return int(n)
	}
	return 0
}
