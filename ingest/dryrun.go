package ingest

import (
	"context"
	"fmt"
	"hash/maphash"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/internal/logctx"
	"github.com/scim2neo4j/scim2neo4j/scim"
)

// Plan is what a sync of one connection would change in the graph, as a
// dry run found it by reading the listing and comparing it with the graph.
type Plan struct {
	Users, Groups, Memberships Change
}

// Change counts what a sync would do to one kind of item.
type Change struct {
	// Listed is what the listing has: accounts, groups, or memberships
	// whose member the listing also has (the others are unresolved).
	Listed int
	// New would be created.
	New int
	// Changed is in the graph with properties the sync would change
	// (accounts and groups only).
	Changed int
	// Gone is in the graph but no longer listed: a sync removes it,
	// unless Result.RemovalSkipped says why it would not.
	Gone int
}

// planOne is syncOne for a dry run: it reads the connection's listing in
// full, compares it with the graph batch by batch in read transactions,
// and writes nothing, not even the Connection node.
func planOne(ctx context.Context, store *cypher.Store, conn Connection, opts Options) Result {
	log := opts.Logger.With("connection", conn.Name, "dryRun", true)
	res := Result{Connection: conn.Name, RunID: newRunID(), Started: time.Now(), Plan: &Plan{}}
	log = log.With("run", res.RunID)
	ctx = logctx.With(ctx, "connection", conn.Name, "run", res.RunID, "dryRun", true)
	prog := opts.Progress.connection(conn.Name, res.RunID, conn.Source)
	defer prog.setPhase(PhaseDone)

	err := checkSource(ctx, store, conn, opts, log)
	if err == nil {
		err = planPhases(ctx, store, conn, opts, &res, prog)
	}
	res.Finished = time.Now()
	res.Err = err
	res.Status = statusOf(ctx, err, res.RemovalSkipped)
	attrs := []any{"status", res.Status, "duration", res.Duration().Round(time.Millisecond)}
	if err != nil {
		attrs = append(attrs, "error", err)
	}
	log.Info("dry run finished", attrs...)
	return res
}

// planPhases compares nodes, then memberships, then counts what would go.
func planPhases(ctx context.Context, store *cypher.Store, conn Connection, opts Options, res *Result, prog *ConnectionProgress) error {
	sp, err := newSpill(opts.SpillDir)
	if err != nil {
		return err
	}
	defer sp.close()
	listed := newUIDSet()

	prog.setPhase(PhaseCompareNodes)
	users, groups, err := compareNodes(ctx, store, conn, opts, sp, listed, res, prog)
	if err != nil {
		return err
	}
	prog.setPhase(PhaseCompareMemberships)
	prog.MembershipsToWrite.Store(int64(sp.count))
	members, err := compareMemberships(ctx, store, opts, sp, listed, res, prog)
	if err != nil {
		return err
	}
	totals, err := store.CountConnection(ctx, conn.Name)
	if err != nil {
		return err
	}
	res.Plan.Users = change(users, totals.Users)
	res.Plan.Groups = change(groups, totals.Groups)
	res.Plan.Memberships = change(members, totals.Memberships)
	res.Users = Counts{Written: users.Rows, Created: users.Rows - users.Existing}
	res.Groups = Counts{Written: groups.Rows, Created: groups.Rows - groups.Existing}
	res.Memberships = Counts{Written: members.Rows, Created: members.Rows - members.Existing}

	if !res.UserListing.Complete() || !res.GroupListing.Complete() {
		res.RemovalSkipped = listingProblem(res)
		return nil
	}
	stale := cypher.StaleCounts{Users: totals.Users, StaleUsers: res.Plan.Users.Gone,
		Groups: totals.Groups, StaleGroups: res.Plan.Groups.Gone}
	if reason := massRemoval(stale, opts.MaxRemovalShare); reason != "" && !opts.AllowMassRemoval {
		res.RemovalSkipped = reason
		return fmt.Errorf("%w: %s; a sync would need --allow-mass-removal", ErrMassRemoval, reason)
	}
	return nil
}

// change turns a listing's comparison and the graph's total into a Change.
func change(d cypher.Diff, inGraph int) Change {
	return Change{Listed: d.Rows, New: d.Rows - d.Existing, Changed: d.Changed, Gone: max(inGraph-d.Existing, 0)}
}

// compareNodes streams users and groups from the source and compares each
// batch with the graph; listed records their uids for the memberships.
func compareNodes(ctx context.Context, store *cypher.Store, conn Connection, opts Options, sp *spill, listed *uidSet, res *Result, prog *ConnectionProgress) (users, groups cypher.Diff, err error) {
	g, gctx := errgroup.WithContext(ctx)
	userPages := make(chan []scim.User, 2)
	userRows := make(chan []cypher.UserRow, opts.Writers)
	groupPages := make(chan []scim.Group, 2)
	groupRows := make(chan []cypher.GroupRow, opts.Writers)
	var mu sync.Mutex

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
			for rows := range userRows {
				d, err := store.CompareUsers(gctx, rows)
				if err != nil {
					return err
				}
				mu.Lock()
				users.Add(d)
				for _, r := range rows {
					listed.add(cypher.MemberUser, r.UID)
				}
				mu.Unlock()
				prog.UsersWritten.Add(int64(len(rows)))
			}
			return nil
		})
		g.Go(func() error {
			for rows := range groupRows {
				d, err := store.CompareGroups(gctx, rows)
				if err != nil {
					return err
				}
				mu.Lock()
				groups.Add(d)
				for _, r := range rows {
					listed.add(cypher.MemberGroup, r.UID)
				}
				mu.Unlock()
				prog.GroupsWritten.Add(int64(len(rows)))
			}
			return nil
		})
	}
	err = g.Wait()
	return users, groups, err
}

// compareMemberships reads the spilled memberships, counts those whose
// member the listing lacks as unresolved, and compares the others with
// the graph.
func compareMemberships(ctx context.Context, store *cypher.Store, opts Options, sp *spill, listed *uidSet, res *Result, prog *ConnectionProgress) (cypher.Diff, error) {
	r, err := sp.rewind()
	if err != nil {
		return cypher.Diff{}, err
	}
	g, gctx := errgroup.WithContext(ctx)
	outs := make([]chan []cypher.MembershipRow, opts.Writers)
	var mu sync.Mutex
	var total cypher.Diff
	for i := range outs {
		outs[i] = make(chan []cypher.MembershipRow, 1)
		in := outs[i]
		g.Go(func() error {
			for rows := range in {
				resolved := rows[:0]
				for _, row := range rows {
					if listed.has(row.Kind, row.Member) {
						resolved = append(resolved, row)
					}
				}
				unresolved := len(rows) - len(resolved)
				var d cypher.Diff
				if len(resolved) > 0 {
					var err error
					if d, err = store.CompareMemberships(gctx, resolved); err != nil {
						return err
					}
				}
				mu.Lock()
				total.Add(d)
				res.UnresolvedMembers += unresolved
				mu.Unlock()
				prog.MembershipsWritten.Add(int64(len(rows)))
			}
			return nil
		})
	}
	g.Go(func() error { return partitionMemberships(gctx, opts.BatchSize, r, outs, keepAll) })
	err = g.Wait()
	return total, err
}

// uidSet remembers the listed node uids by a 64-bit hash each, so that a
// dry run can tell resolved members from unresolved ones in bounded memory
// per resource. Not safe for concurrent use.
type uidSet struct {
	seed          maphash.Seed
	users, groups map[uint64]struct{}
}

// newUIDSet returns an empty set.
func newUIDSet() *uidSet {
	return &uidSet{seed: maphash.MakeSeed(), users: map[uint64]struct{}{}, groups: map[uint64]struct{}{}}
}

// add records a listed account or group.
func (s *uidSet) add(kind cypher.MemberKind, uid string) {
	h := maphash.String(s.seed, uid)
	if kind == cypher.MemberGroup {
		s.groups[h] = struct{}{}
		return
	}
	s.users[h] = struct{}{}
}

// has reports whether a member of the kind was listed; a member of
// unknown kind may be either, as the membership statement resolves it.
func (s *uidSet) has(kind cypher.MemberKind, uid string) bool {
	h := maphash.String(s.seed, uid)
	_, user := s.users[h]
	_, group := s.groups[h]
	switch kind {
	case cypher.MemberUser:
		return user
	case cypher.MemberGroup:
		return group
	}
	return user || group
}

// keepAll keeps every membership: a dry run only reads, and reads take no
// locks that could deadlock.
func keepAll(cypher.MembershipRow) bool { return true }
