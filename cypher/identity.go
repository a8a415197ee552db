package cypher

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// ReconcileCounts says what reconciling a batch of identity keys did.
type ReconcileCounts struct {
	Keys         int // keys reconciled
	Created      int // Identity nodes created
	Updated      int // Identity nodes whose properties changed
	Removed      int // Identity nodes deleted because no account carries their key any more
	LinksCreated int // HAS_ACCOUNT relationships created
	LinksRemoved int // HAS_ACCOUNT relationships deleted
}

// Add accumulates another batch's counts.
func (c *ReconcileCounts) Add(o ReconcileCounts) {
	c.Keys += o.Keys
	c.Created += o.Created
	c.Updated += o.Updated
	c.Removed += o.Removed
	c.LinksCreated += o.LinksCreated
	c.LinksRemoved += o.LinksRemoved
}

// Changed reports whether the reconciliation wrote anything.
func (c ReconcileCounts) Changed() bool {
	return c.Created+c.Updated+c.Removed+c.LinksCreated+c.LinksRemoved > 0
}

// ReconcileIdentities reconciles the Identity of each key in one write
// transaction (see StmtReconcileIdentities for the rules). now is the time
// recorded when an Identity loses its last primary account. Callers cut
// large key sets into batches and run them one after another; a batch too
// large for Neo4j's transaction memory is split in halves, reconciled one
// after the other (keys are independent of each other).
func (s *Store) ReconcileIdentities(ctx context.Context, keys []string, now time.Time) (ReconcileCounts, error) {
	res, err := s.write(ctx, StmtReconcileIdentities, map[string]any{
		"keys":           keys,
		"now":            now.UTC(),
		"ownKeyPrefix":   OwnKeyPrefix,
		"lowestPriority": lowestPriority,
	})
	if errors.Is(err, ErrTransactionMemory) && len(keys) > 1 {
		s.log.WarnContext(ctx, "identity batch too large for Neo4j's transaction memory; splitting it", "keys", len(keys))
		half := len(keys) / 2
		first, err := s.ReconcileIdentities(ctx, keys[:half], now)
		if err != nil {
			return first, err
		}
		second, err := s.ReconcileIdentities(ctx, keys[half:], now)
		first.Add(second)
		return first, err
	}
	if err != nil {
		return ReconcileCounts{}, fmt.Errorf("reconcile %d identities: %w", len(keys), err)
	}
	c := res.Summary.Counters()
	out := ReconcileCounts{
		Keys:         len(keys),
		Removed:      c.NodesDeleted(),
		LinksCreated: c.RelationshipsCreated(),
		LinksRemoved: c.RelationshipsDeleted(),
	}
	if len(res.Records) == 1 {
		out.Created = intField(res.Records[0].Values[0])
		out.Updated = intField(res.Records[0].Values[1])
	}
	return out, nil
}

// ConnectionIdentityKeys lists the identity keys that a run of the
// connection may have changed: the keys its accounts carry now and the
// keys of the identities holding its accounts. Call it after the run's
// accounts are written and before stale ones are removed.
func (s *Store) ConnectionIdentityKeys(ctx context.Context, connection string) ([]string, error) {
	keys, err := s.readKeys(ctx, StmtConnectionIdentityKeys, map[string]any{"connection": connection, "ownKeyPrefix": OwnKeyPrefix})
	if err != nil {
		return nil, fmt.Errorf("identity keys of connection %s: %w", connection, err)
	}
	return keys, nil
}

// AllIdentityKeys lists every identity key the graph's accounts and
// Identity nodes hold, for a full reconciliation.
func (s *Store) AllIdentityKeys(ctx context.Context) ([]string, error) {
	keys, err := s.readKeys(ctx, StmtAllIdentityKeys, map[string]any{"ownKeyPrefix": OwnKeyPrefix})
	if err != nil {
		return nil, fmt.Errorf("identity keys: %w", err)
	}
	return keys, nil
}

// readKeys runs a statement returning one string column "key" in a read
// transaction and streams the values into a slice.
func (s *Store) readKeys(ctx context.Context, stmt string, params map[string]any) ([]string, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeRead})
	defer session.Close(context.Background())
	out, err := session.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, stmt, params)
		if err != nil {
			return nil, err
		}
		var keys []string
		for res.Next(ctx) {
			if k, ok := res.Record().Values[0].(string); ok {
				keys = append(keys, k)
			}
		}
		return keys, res.Err()
	})
	if err != nil {
		return nil, err
	}
	keys, _ := out.([]string)
	return keys, nil
}
