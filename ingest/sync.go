package ingest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/internal/logctx"
	"github.com/scim2neo4j/scim2neo4j/scim"
)

// finishTimeout bounds recording a run's outcome after the run's own
// context was cancelled (Ctrl-C), so the Connection node still says so.
const finishTimeout = 10 * time.Second

// Sync runs one connection end to end: nodes, then memberships and manager
// links, then (only after a complete listing and within the mass-removal
// guard) removal of what the connection no longer has, and last the
// reconciliation of the identities the run touched. The returned Result
// is filled in whatever happened; the error is Result.Err. A failed
// reconciliation fails the Result (errors.Is ErrReconcile), although the
// Connection node, written before it, records how the sync itself ended.
func Sync(ctx context.Context, store *cypher.Store, conn Connection, opts Options) (Result, error) {
	rep := SyncAll(ctx, store, []Connection{conn}, opts, 1)
	res := rep.Results[0]
	res.Reconciled = rep.Reconciled
	if res.Err == nil && rep.ReconcileErr != nil {
		res.Err = rep.ReconcileErr
		res.Status = StatusFailed
	}
	return res, res.Err
}

// syncOne runs one connection's sync without reconciling, and returns
// the identity keys the run touched, for the reconciliation that follows.
func syncOne(ctx context.Context, store *cypher.Store, conn Connection, opts Options) (Result, []string) {
	log := opts.Logger.With("connection", conn.Name)
	res := Result{Connection: conn.Name, RunID: newRunID(), Started: time.Now()}
	log = log.With("run", res.RunID)
	ctx = logctx.With(ctx, "connection", conn.Name, "run", res.RunID)
	run := cypher.Run{ID: res.RunID, Connection: conn.Name, Now: res.Started.UTC(), Batch: opts.BatchSize}
	prog := opts.Progress.connection(conn.Name, res.RunID, conn.Source)
	defer prog.setPhase(PhaseDone)

	var keys []string
	err := checkSource(ctx, store, conn, opts, log)
	if err == nil {
		err = store.StartRun(ctx, run, cypher.ConnectionInfo{
			BaseURL:       conn.BaseURL,
			Authoritative: conn.Authoritative,
			Priority:      conn.Priority,
			MatchBy:       string(conn.MatchBy.orDefault()),
		})
	}
	if err == nil {
		keys, err = syncPhases(ctx, store, conn, run, opts, log, &res, prog)
	}
	res.Finished = time.Now()
	res.Err = err
	res.Touched = len(keys)
	res.Status = statusOf(ctx, err, res.RemovalSkipped)
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()
	if ferr := store.FinishRun(fctx, run, outcome(res)); ferr != nil {
		log.Warn("could not record the run's outcome", "error", ferr)
	}
	attrs := []any{"status", res.Status, "duration", res.Duration().Round(time.Millisecond)}
	if err != nil {
		attrs = append(attrs, "error", err)
	}
	log.Info("sync finished", attrs...)
	return res, keys
}

// syncPhases runs the phases in order; each starts only if the one
// before succeeded. It returns the identity keys the run touched, read
// once the accounts are written (also when writing failed part way, since
// what was written stays) and before anything is removed.
func syncPhases(ctx context.Context, store *cypher.Store, conn Connection, run cypher.Run, opts Options, log *slog.Logger, res *Result, prog *ConnectionProgress) ([]string, error) {
	sp, err := newSpill(opts.SpillDir)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := sp.close(); cerr != nil {
			log.Warn("could not remove membership spill file", "error", cerr)
		}
	}()

	log.Info("writing accounts and groups")
	prog.setPhase(PhaseNodes)
	werr := writeNodes(ctx, store, conn, run, opts, sp, res, prog)
	if err := ctx.Err(); err != nil {
		// Interrupted: nothing was removed, so the next run of the
		// connection still finds every identity this one touched.
		if werr == nil {
			werr = err
		}
		return nil, werr
	}
	if werr != nil && res.Users.Written == 0 {
		return nil, werr // no account was written: no identity can have changed
	}
	if werr == nil {
		log.Info("accounts and groups written", "users", res.Users.Written, "groups", res.Groups.Written)
	}
	keys, kerr := store.ConnectionIdentityKeys(ctx, conn.Name)
	if werr != nil {
		if kerr != nil {
			log.Warn("could not list the identities the failed run touched", "error", kerr)
		}
		return keys, werr
	}
	if kerr != nil {
		return nil, kerr
	}
	log.Info("writing memberships", "memberships", sp.count)
	prog.setPhase(PhaseMemberships)
	prog.MembershipsToWrite.Store(int64(sp.count))
	if err := writeMemberships(ctx, store, run, opts, sp, res, prog); err != nil {
		return keys, err
	}
	log.Info("memberships written", "memberships", res.Memberships.Written)
	prog.setPhase(PhaseManagers)
	linked, err := store.LinkManagers(ctx, run)
	if err != nil {
		return keys, err
	}
	res.ManagersLinked = linked

	if !res.UserListing.Complete() || !res.GroupListing.Complete() {
		res.RemovalSkipped = listingProblem(res)
		log.Warn("listing incomplete: nothing removed this run", "reason", res.RemovalSkipped)
		return keys, nil
	}
	prog.setPhase(PhaseRemoval)
	log.Info("removing what the connection no longer has")
	return keys, removeStale(ctx, store, run, opts, log, res)
}

// writeNodes streams users and groups from the source into the store
// concurrently and records group members in the spill.
func writeNodes(ctx context.Context, store *cypher.Store, conn Connection, run cypher.Run, opts Options, sp *spill, res *Result, prog *ConnectionProgress) error {
	g, gctx := errgroup.WithContext(ctx)
	userPages := make(chan []scim.User, 2)
	userRows := make(chan []cypher.UserRow, opts.Writers)
	groupPages := make(chan []scim.Group, 2)
	groupRows := make(chan []cypher.GroupRow, opts.Writers)
	users := atomicCounts{progress: &prog.UsersWritten}
	groups := atomicCounts{progress: &prog.GroupsWritten}

	g.Go(func() error {
		stats, err := conn.Source.Users(gctx, userPages)
		res.UserListing = stats
		return wrapIfErr(err, "fetch users")
	})
	g.Go(func() error {
		return transformUsers(gctx, conn.Name, conn.MatchBy, opts.BatchSize, &prog.UsersFetched, userPages, userRows)
	})
	g.Go(func() error {
		stats, err := conn.Source.Groups(gctx, groupPages)
		res.GroupListing = stats
		return wrapIfErr(err, "fetch groups")
	})
	g.Go(func() error {
		return transformGroups(gctx, conn.Name, opts.BatchSize, sp, &prog.GroupsFetched, groupPages, groupRows)
	})
	for range opts.Writers {
		g.Go(func() error {
			return writeBatches(gctx, userRows, &users, func(ctx context.Context, rows []cypher.UserRow) (cypher.WriteResult, error) {
				return store.UpsertUsers(ctx, run, rows)
			})
		})
		g.Go(func() error {
			return writeBatches(gctx, groupRows, &groups, func(ctx context.Context, rows []cypher.GroupRow) (cypher.WriteResult, error) {
				return store.UpsertGroups(ctx, run, rows)
			})
		})
	}
	err := g.Wait()
	res.Users, res.Groups = users.counts(), groups.counts()
	return err
}

// writeMemberships writes the spilled memberships, partitioned by group,
// in the passes of membershipPasses.
func writeMemberships(ctx context.Context, store *cypher.Store, run cypher.Run, opts Options, sp *spill, res *Result, prog *ConnectionProgress) error {
	counts := atomicCounts{progress: &prog.MembershipsWritten}
	var err error
	for _, pass := range membershipPasses {
		if err = writeMembershipPass(ctx, store, run, opts, sp, pass, &counts); err != nil {
			break
		}
	}
	res.Memberships = counts.counts()
	res.UnresolvedMembers = int(counts.rows.Load()) - res.Memberships.Written
	return err
}

// writeMembershipPass reads the spill once and writes the rows the pass
// keeps, each writer owning its groups.
func writeMembershipPass(ctx context.Context, store *cypher.Store, run cypher.Run, opts Options, sp *spill, pass membershipPass, counts *atomicCounts) error {
	r, err := sp.rewind()
	if err != nil {
		return err
	}
	writers := pass.writers
	if writers == 0 {
		writers = opts.Writers
	}
	g, gctx := errgroup.WithContext(ctx)
	outs := make([]chan []cypher.MembershipRow, writers)
	for i := range outs {
		outs[i] = make(chan []cypher.MembershipRow, 1)
		in := outs[i]
		g.Go(func() error {
			return writeBatches(gctx, in, counts, func(ctx context.Context, rows []cypher.MembershipRow) (cypher.WriteResult, error) {
				return store.MergeMemberships(ctx, run, rows)
			})
		})
	}
	g.Go(func() error { return partitionMemberships(gctx, opts.BatchSize, r, outs, pass.keep) })
	return g.Wait()
}

// removeStale removes what the run did not see, unless that is more than
// the guard allows.
func removeStale(ctx context.Context, store *cypher.Store, run cypher.Run, opts Options, log *slog.Logger, res *Result) error {
	stale, err := store.CountStale(ctx, run)
	if err != nil {
		return err
	}
	if !opts.AllowMassRemoval {
		if reason := massRemoval(stale, opts.MaxRemovalShare); reason != "" {
			res.RemovalSkipped = reason
			return fmt.Errorf("%w: %s; rerun with --allow-mass-removal if this is intended", ErrMassRemoval, reason)
		}
	}
	removed, err := store.RemoveStale(ctx, run)
	res.Removed = removed
	if err != nil {
		return err
	}
	log.Info("removed what the connection no longer has", "users", removed.Users, "groups", removed.Groups, "memberships", removed.Memberships)
	return nil
}

// massRemoval explains why removing the stale items would exceed the
// allowed share, or returns "".
func massRemoval(c cypher.StaleCounts, maxShare float64) string {
	check := func(what string, stale, total int) string {
		if total > 0 && float64(stale)/float64(total) > maxShare {
			return fmt.Sprintf("this run would remove %d of %d %s (%.0f%%, more than the %.0f%% allowed)",
				stale, total, what, 100*float64(stale)/float64(total), 100*maxShare)
		}
		return ""
	}
	if r := check("accounts", c.StaleUsers, c.Users); r != "" {
		return r
	}
	return check("groups", c.StaleGroups, c.Groups)
}

// statusOf is how a run ended, from its error and why it removed nothing.
func statusOf(ctx context.Context, err error, removalSkipped string) Status {
	switch {
	case err != nil && ctx.Err() != nil:
		return StatusInterrupted
	case err == nil && removalSkipped == "":
		return StatusOK
	case err == nil:
		return StatusIncomplete
	case errors.Is(err, ErrMassRemoval):
		return StatusBlocked
	}
	return StatusFailed
}

// listingProblem explains which listing was incomplete.
func listingProblem(res *Result) string {
	if why := res.UserListing.Incompleteness(); why != "" {
		return "users: " + why
	}
	return "groups: " + res.GroupListing.Incompleteness()
}

// outcome renders the result as Connection node properties.
func outcome(res Result) map[string]any {
	o := map[string]any{
		"lastRunStatus":        string(res.Status),
		"lastRunUsers":         res.Users.Written,
		"lastRunGroups":        res.Groups.Written,
		"lastRunMemberships":   res.Memberships.Written,
		"lastRunRemovedUsers":  res.Removed.Users,
		"lastRunRemovedGroups": res.Removed.Groups,
		"lastRunError":         nil,
		"lastRunNote":          nil,
	}
	if res.Err != nil {
		o["lastRunError"] = clipText(res.Err.Error(), 1000)
	}
	if res.RemovalSkipped != "" {
		o["lastRunNote"] = res.RemovalSkipped
	}
	return o
}

// clipText shortens s to at most n bytes.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// wrapIfErr adds context to a non-nil error.
func wrapIfErr(err error, what string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

// newRunID returns a unique id for a run: its start time and random bits.
func newRunID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return time.Now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}
