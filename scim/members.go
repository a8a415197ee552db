package scim

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"

	"golang.org/x/sync/errgroup"
)

// fillMembers fetches, one by one, the groups a listing returned without a
// "members" attribute at all (as providers do that list groups without
// members for speed). A group deleted in between is counted as vanished
// and kept without members.
func (c *Client) fillMembers(ctx context.Context, groups []Group, stats *ListStats, mu *sync.Mutex) ([]Group, error) {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(c.cfg.Concurrency)
	for i := range groups {
		if groups[i].Members != nil {
			continue
		}
		g.Go(func() error {
			var full Group
			err := c.getJSON(gctx, "Groups/"+url.PathEscape(string(groups[i].ID)), url.Values{}, &full)
			var he *HTTPError
			switch {
			case errors.As(err, &he) && (he.Status == http.StatusNotFound || he.Status == http.StatusGone):
				mu.Lock()
				stats.Vanished++
				mu.Unlock()
				return nil
			case err != nil:
				return fmt.Errorf("fetch members of group %s: %w", groups[i].ID, err)
			}
			groups[i].Members = full.Members
			if groups[i].Members == nil {
				groups[i].Members = []Member{}
			}
			groups[i].MemberCount = len(groups[i].Members)
			return nil
		})
	}
	return groups, g.Wait()
}
