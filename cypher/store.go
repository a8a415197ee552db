package cypher

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Config says how to reach Neo4j, following Neo4j's own conventions.
type Config struct {
	URI      string // bolt://, neo4j:// (routing), or their +s/+ssc variants
	Username string
	Password string
	Database string // "" means the server's default database
	// MaxRetryTime bounds how long one transaction is retried on transient errors.
	MaxRetryTime time.Duration
}

// Store runs scim2neo4j's statements against one Neo4j database.
type Store struct {
	driver   neo4j.DriverWithContext
	database string
	log      *slog.Logger
	retries  atomic.Int64
}

// Errors of Open, so that callers can tell the user what to fix.
var (
	// ErrUnavailable: Neo4j cannot be reached at the URI.
	ErrUnavailable = errors.New("neo4j unavailable")
	// ErrCredentials: Neo4j refused the username or password.
	ErrCredentials = errors.New("neo4j refused the credentials")
	// ErrBadURI: the URI is not one the driver accepts.
	ErrBadURI = errors.New("bad neo4j URI")
)

// Open connects to Neo4j and verifies connectivity and authentication.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*Store, error) {
	if strings.TrimSpace(cfg.URI) == "" {
		return nil, fmt.Errorf("%w: no URI (set NEO4J_URI or --neo4j-uri)", ErrBadURI)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.Username, cfg.Password, ""), func(c *neo4j.Config) {
		if cfg.MaxRetryTime > 0 {
			c.MaxTransactionRetryTime = cfg.MaxRetryTime
		}
		c.UserAgent = "scim2neo4j"
	})
	if err != nil {
		return nil, fmt.Errorf("%w %q: %v (want bolt://, neo4j://, or their +s/+ssc forms)", ErrBadURI, cfg.URI, err)
	}
	if err := driver.VerifyAuthentication(ctx, nil); err != nil {
		_ = driver.Close(context.Background())
		var authErr *neo4j.InvalidAuthenticationError
		var ne *neo4j.Neo4jError
		if errors.As(err, &authErr) || (errors.As(err, &ne) && strings.HasPrefix(ne.Code, "Neo.ClientError.Security.")) {
			return nil, fmt.Errorf("%w of user %q at %s: check NEO4J_USERNAME and NEO4J_PASSWORD (Neo4j locks a user for a few seconds after repeated failures): %v",
				ErrCredentials, cfg.Username, cfg.URI, err)
		}
		return nil, fmt.Errorf("%w at %s: %v", ErrUnavailable, cfg.URI, err)
	}
	return &Store{driver: driver, database: cfg.Database, log: log}, nil
}

// NewStore wraps an existing driver; the caller keeps ownership of it.
func NewStore(driver neo4j.DriverWithContext, database string, log *slog.Logger) *Store {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Store{driver: driver, database: database, log: log}
}

// Close closes the driver.
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }

// Driver exposes the driver for callers that run their own read queries
// (the query library, tests).
func (s *Store) Driver() neo4j.DriverWithContext { return s.driver }

// Database is the configured database name ("" for the default).
func (s *Store) Database() string { return s.database }

// Retries is how many transaction attempts were retried after a transient
// error (deadlock, leader switch, lock timeout) since the store opened.
func (s *Store) Retries() int64 { return s.retries.Load() }

// EnsureSchema creates the constraints and indexes if missing and waits
// until they are online.
func (s *Store) EnsureSchema(ctx context.Context) error {
	for _, stmt := range append(schemaStatements, StmtAwaitIndexes) {
		if _, err := s.autoCommit(ctx, stmt, nil); err != nil {
			return fmt.Errorf("schema: %w", err)
		}
	}
	return nil
}

// write runs one statement in a managed write transaction, retried by the
// driver on transient errors, and returns its counters and records.
func (s *Store) write(ctx context.Context, stmt string, params map[string]any) (*neo4j.EagerResult, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite})
	defer session.Close(context.Background())
	attempts := 0
	out, err := session.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		if attempts++; attempts > 1 {
			s.retries.Add(1)
		}
		res, err := tx.Run(ctx, stmt, params)
		if err != nil {
			return nil, memoryLimit(err)
		}
		records, err := res.Collect(ctx)
		if err != nil {
			return nil, memoryLimit(err)
		}
		summary, err := res.Consume(ctx)
		if err != nil {
			return nil, memoryLimit(err)
		}
		return &neo4j.EagerResult{Records: records, Summary: summary}, nil
	})
	if err != nil {
		return nil, err
	}
	return out.(*neo4j.EagerResult), nil
}

// ErrTransactionMemory is returned when Neo4j refused a transaction for
// lack of memory (db.memory.transaction.max or the total pool). Retrying
// the same transaction does not help; a smaller one does.
var ErrTransactionMemory = errors.New("neo4j transaction memory limit reached")

// memoryLimit turns Neo4j's memory-limit errors into ErrTransactionMemory,
// which the driver does not retry, so that the caller can split the batch
// at once instead of retrying it for the whole retry budget.
func memoryLimit(err error) error {
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) && (strings.Contains(ne.Code, "MemoryPoolOutOfMemoryError") || strings.Contains(ne.Code, "TransactionMemoryLimit")) {
		return fmt.Errorf("%w: %s", ErrTransactionMemory, ne.Msg)
	}
	return err
}

// autoCommit runs a statement in an implicit transaction, which
// CALL { } IN TRANSACTIONS and schema statements need. The statements run
// this way are idempotent, so they are retried here on transient errors.
func (s *Store) autoCommit(ctx context.Context, stmt string, params map[string]any) (*neo4j.EagerResult, error) {
	var lastErr error
	for attempt := 0; attempt < autoCommitAttempts; attempt++ {
		if attempt > 0 {
			s.retries.Add(1)
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(time.Duration(attempt) * time.Second):
			}
		}
		res, err := s.runOnce(ctx, stmt, params)
		if err == nil {
			return res, nil
		}
		lastErr = err
		if !neo4j.IsRetryable(err) {
			break
		}
		s.log.Warn("neo4j transient error, retrying", "attempt", attempt+1, "error", err)
	}
	return nil, lastErr
}

// autoCommitAttempts bounds retries of implicit transactions.
const autoCommitAttempts = 5

// runOnce runs stmt once in an implicit transaction.
func (s *Store) runOnce(ctx context.Context, stmt string, params map[string]any) (*neo4j.EagerResult, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite})
	defer session.Close(context.Background())
	res, err := session.Run(ctx, stmt, params)
	if err != nil {
		return nil, err
	}
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
