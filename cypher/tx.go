package cypher

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// DefaultRetryTime bounds the retries of one transaction when Config
// leaves MaxRetryTime zero.
const DefaultRetryTime = 30 * time.Second

// batchTimeout bounds one write transaction on the server, so that a batch
// stuck behind a lock fails the run with an error instead of hanging it.
// Batches take seconds; this is far beyond any healthy one.
const batchTimeout = 5 * time.Minute

// ErrTransactionMemory is returned when Neo4j refused a transaction for
// lack of memory (db.memory.transaction.max or the total pool). Retrying
// the same transaction does not help; a smaller one does.
var ErrTransactionMemory = errors.New("neo4j transaction memory limit reached")

// write runs one statement in an explicit write transaction and returns
// its records and counters. Transient errors (deadlocks, a leader switch,
// Neo4j restarting) are retried with backoff within the store's retry
// time; a memory-limit error returns at once as ErrTransactionMemory, so
// that the caller can split the batch.
func (s *Store) write(ctx context.Context, stmt string, params map[string]any) (*neo4j.EagerResult, error) {
	return s.retry(ctx, func() (*neo4j.EagerResult, error) { return s.writeOnce(ctx, stmt, params) })
}

// autoCommit runs a statement in an implicit transaction, which
// CALL { } IN TRANSACTIONS and schema statements need. The statements run
// this way are idempotent, so they are retried like write.
func (s *Store) autoCommit(ctx context.Context, stmt string, params map[string]any) (*neo4j.EagerResult, error) {
	return s.retry(ctx, func() (*neo4j.EagerResult, error) { return s.runOnce(ctx, stmt, params) })
}

// defaultInnerBatch is the inner batch of CALL { } IN TRANSACTIONS when a
// Run leaves Batch zero (as Run.params does).
const defaultInnerBatch = 10000

// inTransactions runs a CALL { } IN TRANSACTIONS OF $batch ROWS statement
// of a run. When an inner transaction exceeds Neo4j's transaction memory,
// the statement runs again with half the batch: the statements are
// idempotent, and what the first attempt committed stays committed.
func (s *Store) inTransactions(ctx context.Context, stmt string, run Run) (*neo4j.EagerResult, error) {
	if run.Batch <= 0 {
		run.Batch = defaultInnerBatch
	}
	for {
		res, err := s.autoCommit(ctx, stmt, run.params())
		if errors.Is(err, ErrTransactionMemory) && run.Batch > 1 {
			run.Batch /= 2
			s.log.WarnContext(ctx, "inner transactions too large for Neo4j's transaction memory; halving them", "rows", run.Batch)
			continue
		}
		return res, err
	}
}

// retry calls attempt until it succeeds, fails for good, or the retry
// time is spent.
func (s *Store) retry(ctx context.Context, attempt func() (*neo4j.EagerResult, error)) (*neo4j.EagerResult, error) {
	budget := s.retryTime
	if budget <= 0 {
		budget = DefaultRetryTime
	}
	deadline := time.Now().Add(budget)
	for n := 0; ; n++ {
		res, err := attempt()
		if err == nil {
			return res, nil
		}
		if mem := memoryLimit(err); mem != nil {
			return nil, mem
		}
		if !neo4j.IsRetryable(err) || ctx.Err() != nil {
			return nil, err
		}
		wait := retryDelay(n)
		if time.Now().Add(wait).After(deadline) {
			return nil, fmt.Errorf("gave up after %d attempts in %s: %w", n+1, budget, err)
		}
		s.retries.Add(1)
		s.log.WarnContext(ctx, "neo4j transient error, retrying", "attempt", n+1, "wait", wait.Round(time.Millisecond), "error", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// retryDelay is the jittered, capped exponential wait before retry n.
func retryDelay(n int) time.Duration {
	d := 5 * time.Second
	if n < 10 {
		d = min(d, 100*time.Millisecond<<n)
	}
	return d/2 + rand.N(d/2+1)
}

// memoryLimit returns ErrTransactionMemory for Neo4j's memory-limit
// errors (which the driver may have wrapped after its own retries), else nil.
func memoryLimit(err error) error {
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) && isMemoryCode(ne.Code) {
		return fmt.Errorf("%w: %s", ErrTransactionMemory, ne.Msg)
	}
	if strings.Contains(err.Error(), "MemoryPoolOutOfMemoryError") || strings.Contains(err.Error(), "TransactionMemoryLimit") {
		return fmt.Errorf("%w: %v", ErrTransactionMemory, err)
	}
	return nil
}

// isMemoryCode reports whether a Neo4j status code is a memory limit.
func isMemoryCode(code string) bool {
	return strings.Contains(code, "MemoryPoolOutOfMemoryError") || strings.Contains(code, "TransactionMemoryLimit")
}

// writeOnce runs stmt once in an explicit transaction and commits it.
func (s *Store) writeOnce(ctx context.Context, stmt string, params map[string]any) (*neo4j.EagerResult, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite})
	defer session.Close(context.Background())
	tx, err := session.BeginTransaction(ctx, neo4j.WithTxTimeout(batchTimeout))
	if err != nil {
		return nil, err
	}
	defer tx.Close(context.Background())
	res, err := tx.Run(ctx, stmt, params)
	if err != nil {
		return nil, err
	}
	out, err := collect(ctx, res)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

// runOnce runs stmt once in an implicit transaction.
func (s *Store) runOnce(ctx context.Context, stmt string, params map[string]any) (*neo4j.EagerResult, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite})
	defer session.Close(context.Background())
	res, err := session.Run(ctx, stmt, params)
	if err != nil {
		return nil, err
	}
	return collect(ctx, res)
}

// collect reads a result's records and summary.
func collect(ctx context.Context, res neo4j.ResultWithContext) (*neo4j.EagerResult, error) {
	records, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	summary, err := res.Consume(ctx)
	if err != nil {
		return nil, err
	}
	return &neo4j.EagerResult{Records: records, Summary: summary}, nil
}
