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
	Paging     Paging // how the listing was paged
	Announced  int    // totalResults of the first page; -1 when the server gave none
	Pages      int    // pages fetched
	Received   int    // resources received, duplicates included
	Unique     int    // distinct ids passed on
	Duplicates int    // resources dropped as repeats of an id already passed on
	// Skipped are resources that could not be decoded at all (the first
	// maxReported of them); SkippedCount counts them all.
	Skipped      []*ResourceError
	SkippedCount int
	// Warnings are resources passed on without some attributes of an
	// unexpected type (the first maxReported); WarningCount counts them all.
	Warnings     []*ResourceError
	WarningCount int
	// Vanished counts resources deleted between listing and fetching their details.
	Vanished int
	// RepeatedPage is set when a page held only ids seen before, or a
	// cursor came back twice: the marks of a server that ignores paging.
	RepeatedPage bool
}

// maxReported bounds how many resource problems are kept for the report.
const maxReported = 100

// Complete reports whether the listing can be trusted to hold every
// resource: nothing undecodable, no fewer distinct resources than
// announced, and no sign that the server ignored paging.
func (s ListStats) Complete() bool { return s.Incompleteness() == "" }

// Incompleteness explains why the listing is not complete, or returns "".
func (s ListStats) Incompleteness() string {
	switch {
	case s.SkippedCount > 0:
		return fmt.Sprintf("%d resources could not be decoded", s.SkippedCount)
	case s.RepeatedPage:
		return "the server returned a page of resources already seen (it may ignore paging parameters)"
	case s.Announced >= 0 && s.Unique < s.Announced:
		return fmt.Sprintf("the server announced %d resources but listed %d distinct ones", s.Announced, s.Unique)
	case s.Vanished > 0:
		return fmt.Sprintf("%d resources vanished between the listing and the fetch of their details; removal waits for a steady listing", s.Vanished)
	}
	return ""
}

// Users streams every user, a page at a time, into out and closes out when
// done. Pages may arrive in any order; each id is passed on once.
func (c *Client) Users(ctx context.Context, out chan<- []User) (ListStats, error) {
	return list(ctx, c, "Users", out, nil, func(_ context.Context, _ *lister[User], dec *json.Decoder, page *pageState[User]) error {
		return decodeRaw("Users", dec, page)
	})
}

// Groups streams every group with its members into out and closes out when
// done. A group listed without its members (as some providers do) is
// fetched on its own to get them.
func (c *Client) Groups(ctx context.Context, out chan<- []Group) (ListStats, error) {
	return list(ctx, c, "Groups", out, c.fillMembers, decodeGroupStream)
}

// lister holds the state of one listing shared by its concurrent page fetches.
type lister[T resourceID] struct {
	c      *Client
	path   string
	out    chan<- []T
	enrich func(context.Context, []T, *ListStats, *sync.Mutex) ([]T, error)
	// decodeOne decodes one element of a page's Resources into the page.
	decodeOne func(context.Context, *lister[T], *json.Decoder, *pageState[T]) error

	mu    sync.Mutex
	seen  map[uint64]struct{} // hashes of ids passed on; 8 bytes of bookkeeping per id
	stats ListStats
	end   int // lowest startIndex that came back empty; 0 while none has
}

// list pages through path with the server's paging method.
func list[T resourceID](ctx context.Context, c *Client, path string, out chan<- []T,
	enrich func(context.Context, []T, *ListStats, *sync.Mutex) ([]T, error),
	decodeOne func(context.Context, *lister[T], *json.Decoder, *pageState[T]) error) (ListStats, error) {
	defer close(out)
	l := &lister[T]{c: c, path: path, out: out, enrich: enrich, decodeOne: decodeOne, seen: make(map[uint64]struct{})}
	l.stats.Announced = -1
	var err error
	if c.paging(ctx) == PagingCursor {
		l.stats.Paging = PagingCursor
		err = l.cursor(ctx, "")
	} else {
		l.stats.Paging = PagingIndex
		err = l.index(ctx)
	}
	return l.snapshot(), err
}

// index pages by startIndex. With a totalResults it fans out over the
// remaining ranges with bounded concurrency; without one it pages
// sequentially until the server runs dry. A server that answers an index
// request with a nextCursor is followed by cursor.
func (l *lister[T]) index(ctx context.Context) error {
	first, err := l.fetch(ctx, url.Values{"startIndex": {"1"}, "count": {strconv.Itoa(l.c.cfg.PageSize)}})
	if err != nil {
		return err
	}
	n := first.Resources
	if first.NextCursor != "" {
		l.setPaging(PagingCursor, first.TotalResults)
		return l.cursor(ctx, string(first.NextCursor))
	}
	if first.TotalResults == nil || *first.TotalResults < 0 {
		return l.sequential(ctx, 1+n)
	}
	total := int(*first.TotalResults)
	l.setPaging(PagingIndex, first.TotalResults)
	if n > 0 && n < total {
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(l.c.cfg.Concurrency)
		for start := 1 + n; start <= total && !l.endedBefore(start); start += n {
			g.Go(func() error { return l.fetchRange(gctx, start, min(n, total-start+1)) })
		}
		if err := g.Wait(); err != nil {
			return err
		}
	}
	if s := l.snapshot(); s.Unique < total && s.Unique > 0 {
		// A server that reads startIndex as a 0-based offset skipped
		// its first resource; index 0 brings it back (and is read as 1
		// by a server that follows the RFC, costing a repeat).
		if err := l.fetchPage(ctx, 0, l.c.cfg.PageSize); err != nil {
			return err
		}
	}
	// A totalResults that is too low must not hide the rest of the
	// directory: look past it, and keep going while there is more.
	return l.sequential(ctx, max(total, n)+1)
}

// setPaging records the method and the announced total.
func (l *lister[T]) setPaging(p Paging, total *Int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stats.Paging = p
	if total != nil {
		l.stats.Announced = int(*total)
		l.c.announced.Store(l.path, int(*total))
	}
}

// fetchRange reads count resources from start, following up when the server
// returns fewer than asked, until the range is read or the listing ends.
func (l *lister[T]) fetchRange(ctx context.Context, start, count int) error {
	for count > 0 {
		page, err := l.fetch(ctx, url.Values{"startIndex": {strconv.Itoa(start)}, "count": {strconv.Itoa(count)}})
		if err != nil {
			return err
		}
		k := page.Resources
		if k == 0 {
			l.markEnd(start)
			return nil
		}
		start += k
		count -= k
	}
	return nil
}

// fetchPage reads and emits one page at start.
func (l *lister[T]) fetchPage(ctx context.Context, start, count int) error {
	_, err := l.fetch(ctx, url.Values{"startIndex": {strconv.Itoa(start)}, "count": {strconv.Itoa(count)}})
	return err
}

// sequential pages from start until an empty page or a page of repeats.
func (l *lister[T]) sequential(ctx context.Context, start int) error {
	for {
		page, err := l.fetch(ctx, url.Values{"startIndex": {strconv.Itoa(start)}, "count": {strconv.Itoa(l.c.cfg.PageSize)}})
		if err != nil {
			return err
		}
		k := page.Resources
		if k == 0 {
			return nil
		}
		if page.fresh == 0 {
			l.markRepeated()
			return nil
		}
		start += k
	}
}

// cursor pages with RFC 9865 cursors from cursor ("" for the first page)
// until a page has no nextCursor. A cursor seen twice ends the listing as
// repeated, so a broken server cannot keep the client paging forever.
func (l *lister[T]) cursor(ctx context.Context, cursor string) error {
	used := map[string]bool{}
	for {
		used[cursor] = true
		page, err := l.fetch(ctx, url.Values{"cursor": {cursor}, "count": {strconv.Itoa(l.c.cfg.PageSize)}})
		if err != nil {
			return err
		}
		if cursor == "" && page.TotalResults != nil {
			l.setPaging(PagingCursor, page.TotalResults)
		}
		next := string(page.NextCursor)
		if next == "" {
			return nil
		}
		if used[next] {
			l.markRepeated()
			return nil
		}
		cursor = next
	}
}

// pageResult is a page as the lister saw it.
type pageResult struct {
	listMeta
	fresh int // resources passed on that were not seen before
}

// fetch GETs one page, decoding it as it streams in, and passes its new
// resources downstream once the whole page has been read, so that a page
// that breaks off and is fetched again passes nothing on twice. Only a
// very large group is passed on in parts while the page is still being
// read (see Group.Partial).
func (l *lister[T]) fetch(ctx context.Context, q url.Values) (*pageResult, error) {
	var page *pageState[T]
	var meta listMeta
	err := l.c.getStream(ctx, l.path, q, func(dec *json.Decoder) error {
		page = &pageState[T]{}
		meta = listMeta{}
		err := decodeList(dec, &meta, func(dec *json.Decoder) error { return l.decodeOne(ctx, l, dec, page) })
		if err != nil && page.partsSent {
			return &partialError{err}
		}
		return err
	})
	if err != nil {
		where := "index " + q.Get("startIndex")
		if q.Has("cursor") {
			where = fmt.Sprintf("cursor %q", clip(q.Get("cursor"), 40))
		}
		return nil, fmt.Errorf("list %s at %s: %w", l.path, where, err)
	}
	fresh, err := l.commit(ctx, page)
	if err != nil {
		return nil, err
	}
	return &pageResult{listMeta: meta, fresh: fresh}, nil
}

// pageState collects one page's resources while it is decoded.
type pageState[T resourceID] struct {
	resources []T
	skipped   []*ResourceError
	warnings  []*ResourceError
	// partial holds the ids of groups passed on in parts from this page;
	// their duplicate check was done when the first part went out.
	partial   map[string]bool
	partsSent bool
}

// decodeRaw decodes one resource held whole (users, and groups of a
// normal size) into the page.
func decodeRaw[T resourceID](path string, dec *json.Decoder, page *pageState[T]) error {
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	r, warn, fail := decodeResource[T](path, raw)
	switch {
	case fail != nil:
		page.skipped = append(page.skipped, fail)
	default:
		if warn != nil {
			page.warnings = append(page.warnings, warn)
		}
		page.resources = append(page.resources, r)
	}
	return nil
}

// commit drops repeats, records the page's statistics, completes what the
// listing left out, and sends the page's resources downstream. It returns
// how many resources were new.
func (l *lister[T]) commit(ctx context.Context, page *pageState[T]) (int, error) {
	batch := make([]T, 0, len(page.resources))
	l.mu.Lock()
	l.stats.Pages++
	l.stats.Received += len(page.resources) + len(page.skipped)
	for _, fail := range page.skipped {
		l.stats.SkippedCount++
		if len(l.stats.Skipped) < maxReported {
			l.stats.Skipped = append(l.stats.Skipped, fail)
		}
		l.c.log.WarnContext(ctx, "skipping undecodable SCIM resource", "error", fail)
	}
	for _, warn := range page.warnings {
		l.stats.WarningCount++
		if len(l.stats.Warnings) < maxReported {
			l.stats.Warnings = append(l.stats.Warnings, warn)
		}
		l.c.log.WarnContext(ctx, "SCIM resource with unusable attributes", "warning", warn)
	}
	for _, r := range page.resources {
		if id := r.resourceID(); !page.partial[id] {
			h := hashID(id)
			if _, dup := l.seen[h]; dup {
				l.stats.Duplicates++
				continue
			}
			l.seen[h] = struct{}{}
		}
		l.stats.Unique++
		batch = append(batch, r)
	}
	l.mu.Unlock()
	if len(batch) == 0 {
		return 0, nil
	}
	if l.enrich != nil {
		var err error
		if batch, err = l.enrich(ctx, batch, &l.stats, &l.mu); err != nil {
			return 0, err
		}
	}
	return len(batch), l.send(ctx, batch)
}

// send passes resources downstream unless ctx ends first.
func (l *lister[T]) send(ctx context.Context, batch []T) error {
	select {
	case l.out <- batch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// firstSight reports whether id has not been passed on before, and marks
// it passed on (for a group whose parts go out before its page ends).
func (l *lister[T]) firstSight(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	h := hashID(id)
	if _, dup := l.seen[h]; dup {
		l.stats.Duplicates++
		return false
	}
	l.seen[h] = struct{}{}
	return true
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

// markRepeated records that the server repeated itself.
func (l *lister[T]) markRepeated() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stats.RepeatedPage = true
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
	s.Warnings = append([]*ResourceError(nil), s.Warnings...)
	return s
}

// hashID maps an id to 64 bits for duplicate detection. A collision (about
// one in 10^7 for a million ids) drops a resource, which then shows as
// fewer distinct resources than announced: the run removes nothing.
func hashID(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}
