package cypher

import (
	"context"
	"fmt"
	"time"
)

// Run identifies one sync of one connection. Every node and relationship
// the run writes records Run.ID as lastSeenRun, which is how stale items
// are told apart afterwards.
type Run struct {
	ID         string
	Connection string
	Now        time.Time
	// Batch is the number of rows per inner transaction of the
	// CALL { } IN TRANSACTIONS statements (derivation and removal).
	Batch int
}

// params is the base parameter map every run statement takes.
func (r Run) params() map[string]any {
	batch := r.Batch
	if batch <= 0 {
		batch = 10000
	}
	return map[string]any{"run": r.ID, "connection": r.Connection, "now": r.Now, "batch": batch}
}

// with returns the run's parameters plus extra.
func (r Run) with(extra map[string]any) map[string]any {
	p := r.params()
	for k, v := range extra {
		p[k] = v
	}
	return p
}

// ConnectionInfo is what the Connection node records about a source; it
// never holds credentials. Reconciliation ranks accounts by Authoritative
// and Priority as recorded here, so that it depends on the graph alone.
type ConnectionInfo struct {
	BaseURL       string
	Authoritative string // "primary" or "secondary"
	Priority      int    // lower ranks first among connections of equal authority
	MatchBy       string // the attribute the connection's correlation keys come from
}

// StartRun marks the run as started on the Connection node.
func (s *Store) StartRun(ctx context.Context, run Run, info ConnectionInfo) error {
	_, err := s.write(ctx, StmtStartRun, run.with(map[string]any{
		"baseUrl":       info.BaseURL,
		"authoritative": info.Authoritative,
		"priority":      info.Priority,
		"matchBy":       info.MatchBy,
	}))
	if err != nil {
		return fmt.Errorf("record start of run on connection %s: %w", run.Connection, err)
	}
	return nil
}

// RecordedConnection returns what the graph recorded of the connection
// name's source by its last run; found is false for a name that holds no
// account or group in the graph (never synced, or every run failed before
// writing).
func (s *Store) RecordedConnection(ctx context.Context, name string) (info ConnectionInfo, found bool, err error) {
	res, err := s.read(ctx, StmtRecordedConnection, map[string]any{"connection": name})
	if err != nil {
		return ConnectionInfo{}, false, fmt.Errorf("read connection %s: %w", name, err)
	}
	if len(res.Records) == 0 {
		return ConnectionInfo{}, false, nil
	}
	rec := res.Records[0]
	info.BaseURL, _ = rec.Values[0].(string)
	info.Authoritative, _ = rec.Values[1].(string)
	holdsData, _ := rec.Values[2].(bool)
	return info, holdsData, nil
}

// FinishRun records the run's status and counts (keys are property names,
// values must be Neo4j property values).
func (s *Store) FinishRun(ctx context.Context, run Run, outcome map[string]any) error {
	finish := run
	finish.Now = time.Now().UTC() // a named zone such as "Local" is not a valid Neo4j zone id
	_, err := s.write(ctx, StmtFinishRun, finish.with(map[string]any{"outcome": outcome}))
	if err != nil {
		return fmt.Errorf("record end of run on connection %s: %w", run.Connection, err)
	}
	return nil
}
