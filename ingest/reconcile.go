package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/scim2neo4j/scim2neo4j/cypher"
)

// ErrReconcile marks a failed reconciliation of identities, as opposed to
// a failed sync of a connection.
var ErrReconcile = errors.New("reconcile identities")

// Reconciliation reports one reconciliation of identities.
type Reconciliation struct {
	cypher.ReconcileCounts
	Duration time.Duration
}

// Reconcile brings the Identity of each key in line with the accounts in
// the graph. Keys are deduplicated, sorted and reconciled in batches of
// opts.BatchSize, one batch after another: the outcome depends on the
// graph alone, not on the order keys were touched in, and no two batches
// compete for the same Identity.
func Reconcile(ctx context.Context, store *cypher.Store, keys []string, opts Options) (Reconciliation, error) {
	opts = opts.withDefaults()
	start := time.Now()
	keys = slices.Compact(slices.Sorted(slices.Values(keys)))
	now := start.UTC() // when an identity is found to have lost its last primary account
	var rec Reconciliation
	for batch := range slices.Chunk(keys, opts.BatchSize) {
		c, err := store.ReconcileIdentities(ctx, batch, now)
		if err != nil {
			rec.Duration = time.Since(start)
			return rec, fmt.Errorf("%w: %w", ErrReconcile, err)
		}
		rec.Add(c)
	}
	rec.Duration = time.Since(start)
	opts.Logger.Info("identities reconciled", "keys", rec.Keys, "created", rec.Created, "updated", rec.Updated,
		"removed", rec.Removed, "duration", rec.Duration.Round(time.Millisecond))
	return rec, nil
}

// ReconcileAll reconciles every identity the graph's accounts call for and
// removes every Identity no account carries the key of: the on-demand
// repair that `scim2neo4j reconcile` runs.
func ReconcileAll(ctx context.Context, store *cypher.Store, opts Options) (Reconciliation, error) {
	keys, err := store.AllIdentityKeys(ctx)
	if err != nil {
		return Reconciliation{}, fmt.Errorf("%w: %w", ErrReconcile, err)
	}
	return Reconcile(ctx, store, keys, opts)
}
