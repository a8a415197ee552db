package ingest

import (
	"context"
	"hash/fnv"
	"io"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/scim"
)

// send delivers v on out unless ctx ends first.
func send[T any](ctx context.Context, out chan<- T, v T) error {
	select {
	case out <- v:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// rebatch re-cuts rows into batches of size, whatever the page size was.
type rebatch[R any] struct {
	size int
	buf  []R
}

// add appends rows and returns the full batches they completed.
func (b *rebatch[R]) add(rows ...R) [][]R {
	var full [][]R
	for _, r := range rows {
		if b.buf == nil {
			b.buf = make([]R, 0, b.size)
		}
		b.buf = append(b.buf, r)
		if len(b.buf) == b.size {
			full = append(full, b.buf)
			b.buf = nil
		}
	}
	return full
}

// flush returns the last, partial batch, if any.
func (b *rebatch[R]) flush() []R {
	out := b.buf
	b.buf = nil
	return out
}

// transformUsers turns pages of SCIM users into batches of graph rows.
func transformUsers(ctx context.Context, connection string, matchBy MatchBy, batchSize int, fetched *atomic.Int64, in <-chan []scim.User, out chan<- []cypher.UserRow) error {
	defer close(out)
	b := rebatch[cypher.UserRow]{size: batchSize}
	for page := range in {
		fetched.Add(int64(len(page)))
		for _, u := range page {
			for _, full := range b.add(userRow(connection, matchBy, u)) {
				if err := send(ctx, out, full); err != nil {
					return err
				}
			}
		}
	}
	if last := b.flush(); len(last) > 0 {
		return send(ctx, out, last)
	}
	return nil
}

// transformGroups turns pages of SCIM groups into batches of graph rows and
// records each group's members in the spill for the membership phase.
func transformGroups(ctx context.Context, connection string, batchSize int, sp *spill, fetched *atomic.Int64, in <-chan []scim.Group, out chan<- []cypher.GroupRow) error {
	defer close(out)
	b := rebatch[cypher.GroupRow]{size: batchSize}
	var members []cypher.MembershipRow
	for page := range in {
		for _, g := range page {
			row := groupRow(connection, g)
			members = members[:0]
			for _, m := range g.Members {
				if m.Value != "" {
					members = append(members, cypher.MembershipRow{Member: nodeUID(connection, string(m.Value)), Kind: memberKind(m)})
				}
			}
			if err := sp.addGroup(row.UID, members); err != nil {
				return err
			}
			if g.Partial {
				continue // a part of a large group: its last part carries the group
			}
			fetched.Add(1)
			for _, full := range b.add(row) {
				if err := send(ctx, out, full); err != nil {
					return err
				}
			}
		}
	}
	if last := b.flush(); len(last) > 0 {
		return send(ctx, out, last)
	}
	return nil
}

// writeBatches writes each batch from in with write, adding to counts.
func writeBatches[R any](ctx context.Context, in <-chan []R, counts *atomicCounts, write func(context.Context, []R) (cypher.WriteResult, error)) error {
	for batch := range in {
		res, err := write(ctx, batch)
		if err != nil {
			return err
		}
		counts.add(res)
	}
	return nil
}

// atomicCounts accumulates WriteResults from concurrent writers, and
// mirrors the rows written into a progress counter when it has one.
type atomicCounts struct {
	rows, written, created atomic.Int64
	progress               *atomic.Int64
}

// add accumulates one batch's result.
func (c *atomicCounts) add(r cypher.WriteResult) {
	c.rows.Add(int64(r.Rows))
	c.written.Add(int64(r.Written))
	c.created.Add(int64(r.Created))
	if c.progress != nil {
		c.progress.Add(int64(r.Rows))
	}
}

// counts reads the totals.
func (c *atomicCounts) counts() Counts {
	return Counts{Written: int(c.written.Load()), Created: int(c.created.Load())}
}

// partitionMemberships reads the spill and routes every membership to the
// writer that owns its group (by a hash of the group's uid), so that no two
// writers ever hold the same group, however its members were split into
// parts and records: every membership of a group locks the group node, and
// this keeps concurrent transactions off each other's dense nodes. Each
// writer's batch is sorted by member before it is sent, so that all
// transactions lock users in the same order and cannot deadlock on a user
// who is in groups of two writers. Only rows that keep accepts are sent.
func partitionMemberships(ctx context.Context, batchSize int, r *spillReader, outs []chan []cypher.MembershipRow, keep func(cypher.MembershipRow) bool) error {
	defer func() {
		for _, out := range outs {
			close(out)
		}
	}()
	batches := make([][]cypher.MembershipRow, len(outs))
	flush := func(w int) error {
		b := batches[w]
		if len(b) == 0 {
			return nil
		}
		batches[w] = nil
		slices.SortFunc(b, func(x, y cypher.MembershipRow) int { return strings.Compare(x.Member, y.Member) })
		return send(ctx, outs[w], b)
	}
	for {
		group, n, err := r.nextGroup()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		w := writerFor(group, len(outs))
		for range n {
			row, err := r.nextMember()
			if err != nil {
				return err
			}
			if !keep(row) {
				continue
			}
			if batches[w] == nil {
				batches[w] = make([]cypher.MembershipRow, 0, batchSize)
			}
			batches[w] = append(batches[w], row)
			if len(batches[w]) == batchSize {
				if err := flush(w); err != nil {
					return err
				}
			}
		}
	}
	for w := range outs {
		if err := flush(w); err != nil {
			return err
		}
	}
	return nil
}

// writerFor picks the writer that owns a group's chunks.
func writerFor(groupUID string, writers int) int {
	h := fnv.New32a()
	h.Write([]byte(groupUID))
	return int(h.Sum32() % uint32(writers))
}

// membershipPass is one pass of the membership writes over the spill.
type membershipPass struct {
	keep    func(cypher.MembershipRow) bool
	writers int // 0: Options.Writers
}

// membershipPasses write user members with every writer first, then
// nested groups with one writer. A nested group is a member in one
// writer's rows and the locked group node of another's, so concurrent
// transactions would lock it in different orders and deadlock; user
// members are locked in member order by every writer and cannot. Members
// of unknown kind go with the users (mostly accounts), and may still meet
// such a deadlock, which a retry resolves.
var membershipPasses = []membershipPass{
	{keep: func(r cypher.MembershipRow) bool { return r.Kind != cypher.MemberGroup }},
	{keep: func(r cypher.MembershipRow) bool { return r.Kind == cypher.MemberGroup }, writers: 1},
}
