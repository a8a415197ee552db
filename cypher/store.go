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
	// retryTime bounds the retries of one transaction (0: DefaultRetryTime).
	retryTime time.Duration
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
	return &Store{driver: driver, database: cfg.Database, log: log, retryTime: cfg.MaxRetryTime}, nil
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
		if _, err := s.autoCommit(ctx, stmt, nil); err != nil && !alreadyExists(err) {
			return fmt.Errorf("schema: %w", err)
		}
	}
	return nil
}

// alreadyExists reports a schema rule that another client created between
// this one's IF NOT EXISTS check and its commit: two runs starting on a
// fresh database at once. The rule is there, which is all that is asked.
func alreadyExists(err error) bool {
	var ne *neo4j.Neo4jError
	if !errors.As(err, &ne) {
		return false
	}
	switch ne.Code {
	case "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
		"Neo.ClientError.Schema.ConstraintAlreadyExists",
		"Neo.ClientError.Schema.IndexAlreadyExists":
		return true
	}
	return false
}
