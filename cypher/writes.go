package cypher

import (
	"context"
	"fmt"
)

// WriteResult counts what one batch did.
type WriteResult struct {
	Rows    int // rows sent
	Written int // rows that matched and were written (memberships may miss)
	Created int // nodes or relationships created by the batch
}

// UpsertUsers writes a batch of accounts in one transaction.
func (s *Store) UpsertUsers(ctx context.Context, run Run, rows []UserRow) (WriteResult, error) {
	res, err := s.write(ctx, StmtUpsertUsers, run.with(map[string]any{"rows": params(rows)}))
	if err != nil {
		return WriteResult{}, fmt.Errorf("upsert %d users of %s: %w", len(rows), run.Connection, err)
	}
	return WriteResult{Rows: len(rows), Written: len(rows), Created: res.Summary.Counters().NodesCreated()}, nil
}

// UpsertGroups writes a batch of groups in one transaction.
func (s *Store) UpsertGroups(ctx context.Context, run Run, rows []GroupRow) (WriteResult, error) {
	res, err := s.write(ctx, StmtUpsertGroups, run.with(map[string]any{"rows": params(rows)}))
	if err != nil {
		return WriteResult{}, fmt.Errorf("upsert %d groups of %s: %w", len(rows), run.Connection, err)
	}
	return WriteResult{Rows: len(rows), Written: len(rows), Created: res.Summary.Counters().NodesCreated()}, nil
}

// MergeMemberships writes a batch of memberships in one transaction.
// Members or groups missing from the graph are skipped, so Written may be
// less than Rows.
func (s *Store) MergeMemberships(ctx context.Context, run Run, rows []MembershipRow) (WriteResult, error) {
	res, err := s.write(ctx, StmtMergeMemberships, run.with(map[string]any{"rows": params(rows)}))
	if err != nil {
		return WriteResult{}, fmt.Errorf("merge %d memberships of %s: %w", len(rows), run.Connection, err)
	}
	written := 0
	if len(res.Records) == 1 {
		if v, ok := res.Records[0].Get("written"); ok {
			written = int(v.(int64))
		}
	}
	return WriteResult{Rows: len(rows), Written: written, Created: res.Summary.Counters().RelationshipsCreated()}, nil
}

// LinkManagers derives REPORTS_TO relationships for the run's accounts and
// returns how many were created.
func (s *Store) LinkManagers(ctx context.Context, run Run) (int, error) {
	res, err := s.autoCommit(ctx, StmtLinkManagers, run.params())
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
		res, err := s.autoCommit(ctx, st.stmt, run.params())
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
