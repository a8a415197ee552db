package ingest

import (
	"context"
	"log/slog"

	"github.com/scim2neo4j/scim2neo4j/scim"
)

// Source is a SCIM service provider as the pipeline reads it; *scim.Client
// is the real one. Each method streams pages into out and closes it.
type Source interface {
	Users(ctx context.Context, out chan<- []scim.User) (scim.ListStats, error)
	Groups(ctx context.Context, out chan<- []scim.Group) (scim.ListStats, error)
}

// Connection is one SCIM endpoint to sync.
type Connection struct {
	Name          string // unique and stable: part of every node key
	BaseURL       string // for the Connection node; never with credentials
	Authoritative string // "primary" or "secondary"
	// Priority ranks connections of equal authority when identity
	// attributes are chosen: lower first, ties broken by name.
	Priority int
	// MatchBy is the attribute correlation keys come from ("" = email).
	MatchBy MatchBy
	Source  Source
}

// Options tune a sync. Zero values take the defaults below.
type Options struct {
	// BatchSize is the number of rows per write transaction.
	BatchSize int
	// Writers is the number of concurrent write transactions per stage.
	Writers int
	// SpillDir holds the temporary membership file ("" = system temp dir).
	SpillDir string
	// MaxRemovalShare is the largest share (0..1] of a connection's accounts
	// or groups a run may remove without AllowMassRemoval.
	MaxRemovalShare float64
	// AllowMassRemoval lets a run remove more than MaxRemovalShare.
	AllowMassRemoval bool
	// AllowBaseURLChange lets a connection name whose accounts and groups
	// were read from one base URL be synced from another (a directory that
	// moved); see SourceChangedError.
	AllowBaseURLChange bool
	Logger             *slog.Logger
	// DryRun reads the listings and compares them with the graph, and
	// writes nothing: each Result carries a Plan, and nothing is reconciled.
	DryRun bool
	// Progress, when set, is updated as the runs go, for a display.
	Progress *Progress
}

// Defaults for Options.
const (
	DefaultBatchSize       = 5000
	DefaultWriters         = 4
	DefaultMaxRemovalShare = 0.30
)

// withDefaults fills zero fields.
func (o Options) withDefaults() Options {
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.Writers <= 0 {
		o.Writers = DefaultWriters
	}
	if o.MaxRemovalShare <= 0 {
		o.MaxRemovalShare = DefaultMaxRemovalShare
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}
