package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/scim2neo4j/scim2neo4j/cypher"
)

// ErrDuplicateConnection is the error of a connection whose name an
// earlier connection of the same run already has.
var ErrDuplicateConnection = errors.New("duplicate connection name")

// Report is the outcome of one run over several connections.
type Report struct {
	// Results has one entry per connection, in the order given.
	Results []Result
	// Reconciled is the one reconciliation of the identities all the
	// connections touched, run after every connection finished.
	Reconciled Reconciliation
	// ReconcileErr is why that reconciliation failed or did not run
	// (errors.Is ErrReconcile).
	ReconcileErr error
}

// Err joins the errors of the failed connections, each naming its
// connection, and of the reconciliation; nil when everything succeeded.
func (r Report) Err() error {
	var errs []error
	for _, res := range r.Results {
		if res.Err != nil {
			errs = append(errs, fmt.Errorf("connection %s: %w", res.Connection, res.Err))
		}
	}
	if r.ReconcileErr != nil {
		errs = append(errs, r.ReconcileErr)
	}
	return errors.Join(errs...)
}

// Failed names the connections whose run failed.
func (r Report) Failed() []string {
	var names []string
	for _, res := range r.Results {
		if res.Err != nil {
			names = append(names, res.Connection)
		}
	}
	return names
}

// SyncAll syncs the connections, at most concurrency at a time (at least
// one). A failing connection does not stop the others: each reports in its
// own Result. After all of them finished, the identities any of them
// touched are reconciled once, in sorted batches, so that connections
// sharing identities neither wait on each other's locks nor leave a result
// that depends on which finished first. Runs that failed are reconciled
// too, for what they wrote; an interrupted run (ctx done) reconciles
// nothing, and the connection's next run picks its identities up again.
func SyncAll(ctx context.Context, store *cypher.Store, conns []Connection, opts Options, concurrency int) Report {
	opts = opts.withDefaults()
	rep := Report{Results: make([]Result, len(conns))}
	touched := make([][]string, len(conns))
	seen := map[string]bool{}
	var g errgroup.Group
	g.SetLimit(max(concurrency, 1))
	for i, conn := range conns {
		if seen[conn.Name] {
			rep.Results[i] = Result{Connection: conn.Name, Status: StatusFailed,
				Err: fmt.Errorf("%w: %s", ErrDuplicateConnection, conn.Name)}
			continue
		}
		seen[conn.Name] = true
		g.Go(func() error {
			if opts.DryRun {
				rep.Results[i] = planOne(ctx, store, conn, opts)
				return nil
			}
			rep.Results[i], touched[i] = syncOne(ctx, store, conn, opts)
			return nil // a failed connection is reported in its Result, not by cancelling the others
		})
	}
	_ = g.Wait()
	if opts.DryRun {
		return rep // nothing was written, so there is nothing to reconcile
	}
	if err := ctx.Err(); err != nil {
		rep.ReconcileErr = fmt.Errorf("%w: not run: %w", ErrReconcile, err)
		return rep
	}
	rep.Reconciled, rep.ReconcileErr = Reconcile(ctx, store, slices.Concat(touched...), opts)
	return rep
}
