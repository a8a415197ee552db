package scim

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/url"
	"strconv"
	"sync"

	"golang.org/x/sync/errgroup"
)

// ListStats describes how a listing went. The caller uses Complete to decide
// whether it may remove what the listing did not return.
type ListStats struct {
	Announced  int // totalResults of the first page; -1 when the server gave none
	Pages      int // pages fetched
	Received   int // resources received, duplicates included
	Unique     int // distinct ids passed on
	Duplicates int // resources dropped as repeats of an id already passed on
	// Skipped lists resources that could not be decoded (at most maxReportedSkips kept).
	Skipped      []*ResourceError
	SkippedCount int
	// RepeatedPage is set when a page held only ids seen before, the mark
	// of a server that ignores paging parameters.
	RepeatedPage bool
}

// maxReportedSkips bounds how many decode failures are kept for the report.
const maxReportedSkips = 100

// Complete reports whether the listing can be trusted to hold every
// resource: nothing undecodable, no fewer distinct resources than
// announced, and no sign that the server ignored paging.
func (s ListStats) Complete() bool {
	if s.SkippedCount > 0 || s.RepeatedPage {
		return false
	}
	return s.Announced < 0 || s.Unique >= s.Announced
}

// Incompleteness explains why Complete is false, for logs and reports.
func (s ListStats) Incompleteness() string {
	switch {
	case s.SkippedCount > 0:
		return fmt.Sprintf("%d resources could not be decoded", s.SkippedCount)
	case s.RepeatedPage:
		return "the server returned a page of resources already seen (it may ignore paging parameters)"
	case s.Announced >= 0 && s.Unique < s.Announced:
		return fmt.Sprintf("the server announced %d resources but listed %d distinct ones", s.Announced, s.Unique)
	}
	return ""
}

// Users streams every user, a page at a time, into out and closes out when
// done. Pages may arrive in any order; each id is passed on once.
func (c *Client) Users(ctx context.Context, out chan<- []User) (ListStats, error) {
	return list(ctx, c, "Users", out)
}

// Groups streams every group with its members into out and closes out when done.
func (c *Client) Groups(ctx context.Context, out chan<- []Group) (ListStats, error) {
	return list(ctx, c, "Groups", out)
}

// lister holds the state of one listing shared by its concurrent page fetches.
type lister[T resourceID] struct {
	c    *Client
	path string
	out  chan<- []T

	mu    sync.Mutex
	seen  map[uint64]struct{} // hashes of ids passed on; 8 bytes of bookkeeping per id
	stats ListStats
	end   int // lowest startIndex that came back empty; 0 while none has
}

// list pages through path. With a totalResults it fans out over the
// remaining index ranges with bounded concurrency; without one it pages
// sequentially until the server runs dry.
func list[T resourceID](ctx context.Context, c *Client, path string, out chan<- []T) (ListStats, error) {
	defer close(out)
	l := &lister[T]{c: c, path: path, out: out, seen: make(map[uint64]struct{})}
	l.stats.Announced = -1
	first, err := l.fetch(ctx, 1, c.cfg.PageSize)
	if err != nil {
		return l.stats, err
	}
	n := len(first.Resources)
	if err := l.emit(ctx, first.Resources); err != nil {
		return l.stats, err
	}
	if first.TotalResults == nil {
		return l.stats, l.sequential(ctx, 1+n)
	}
	total := int(*first.TotalResults)
	l.stats.Announced = total
	if n == 0 || n >= total {
		return l.stats, nil
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(c.cfg.Concurrency)
	for start := 1 + n; start <= total && !l.endedBefore(start); start += n {
		g.Go(func() error { return l.fetchRange(gctx, start, min(n, total-start+1)) })
	}
	err = g.Wait()
	return l.snapshot(), err
}

// fetchRange reads count resources from start, following up when the server
// returns fewer than asked, until the range is read or the listing ends.
func (l *lister[T]) fetchRange(ctx context.Context, start, count int) error {
	for count > 0 {
		page, err := l.fetch(ctx, start, count)
		if err != nil {
			return err
		}
		k := len(page.Resources)
		if err := l.emit(ctx, page.Resources); err != nil {
			return err
		}
		if k == 0 {
			l.markEnd(start)
			return nil
		}
		start += k
		count -= k
	}
	return nil
}

// sequential pages from start until an empty page or a page of repeats.
func (l *lister[T]) sequential(ctx context.Context, start int) error {
	for {
		page, err := l.fetch(ctx, start, l.c.cfg.PageSize)
		if err != nil {
			return err
		}
		k := len(page.Resources)
		if k == 0 {
			return nil
		}
		before := l.snapshot().Unique
		if err := l.emit(ctx, page.Resources); err != nil {
			return err
		}
		if l.snapshot().Unique == before {
			l.mu.Lock()
			l.stats.RepeatedPage = true
			l.mu.Unlock()
			return nil
		}
		start += k
	}
}

// fetch GETs one page.
func (l *lister[T]) fetch(ctx context.Context, start, count int) (*listResponse, error) {
	q := url.Values{}
	q.Set("startIndex", strconv.Itoa(start))
	q.Set("count", strconv.Itoa(count))
	var page listResponse
	if err := l.c.getJSON(ctx, l.path, q, &page); err != nil {
		return nil, fmt.Errorf("list %s from index %d: %w", l.path, start, err)
	}
	l.mu.Lock()
	l.stats.Pages++
	l.mu.Unlock()
	return &page, nil
}

// emit decodes a page's resources, drops repeats and undecodable ones, and
// sends the rest downstream.
func (l *lister[T]) emit(ctx context.Context, raws []json.RawMessage) error {
	if len(raws) == 0 {
		return nil
	}
	batch := make([]T, 0, len(raws))
	l.mu.Lock()
	for _, raw := range raws {
		l.stats.Received++
		r, err := decodeResource[T](l.path, raw)
		if err != nil {
			l.stats.SkippedCount++
			if len(l.stats.Skipped) < maxReportedSkips {
				l.stats.Skipped = append(l.stats.Skipped, err.(*ResourceError))
			}
			l.c.log.Warn("skipping undecodable SCIM resource", "error", err)
			continue
		}
		h := hashID(r.resourceID())
		if _, dup := l.seen[h]; dup {
			l.stats.Duplicates++
			continue
		}
		l.seen[h] = struct{}{}
		l.stats.Unique++
		batch = append(batch, r)
	}
	l.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	select {
	case l.out <- batch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// markEnd records that the listing had nothing at start, so that no range
// beyond it is requested (a wrong or hostile totalResults cannot make the
// client page forever).
func (l *lister[T]) markEnd(start int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.end == 0 || start < l.end {
		l.end = start
	}
}

// endedBefore reports whether an empty page was seen at or before start.
func (l *lister[T]) endedBefore(start int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.end != 0 && l.end <= start
}

// snapshot copies the stats under the lock.
func (l *lister[T]) snapshot() ListStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.stats
	s.Skipped = append([]*ResourceError(nil), s.Skipped...)
	return s
}

// hashID maps an id to 64 bits for duplicate detection; a collision merely
// drops one resource in 2^64 and is reported as a duplicate.
func hashID(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}
