package scim

import (
	"context"
	"fmt"
	"net/url"
)

// ServiceProviderConfig is what a server says of itself (RFC 7644 §5),
// with the pagination block of RFC 9865.
type ServiceProviderConfig struct {
	Filter struct {
		Supported  Bool `json:"supported"`
		MaxResults Int  `json:"maxResults"`
	} `json:"filter"`
	Pagination *struct {
		Cursor                  Bool   `json:"cursor"`
		Index                   Bool   `json:"index"`
		DefaultPaginationMethod String `json:"defaultPaginationMethod"`
		DefaultPageSize         Int    `json:"defaultPageSize"`
		MaxPageSize             Int    `json:"maxPageSize"`
	} `json:"pagination"`
	AuthenticationSchemes []struct {
		Type String `json:"type"`
		Name String `json:"name"`
	} `json:"authenticationSchemes"`
}

// ServiceProviderConfig fetches the server's /ServiceProviderConfig.
func (c *Client) ServiceProviderConfig(ctx context.Context) (*ServiceProviderConfig, error) {
	var spc ServiceProviderConfig
	if err := c.getJSON(ctx, "ServiceProviderConfig", url.Values{}, &spc); err != nil {
		return nil, fmt.Errorf("read ServiceProviderConfig: %w", err)
	}
	return &spc, nil
}

// Paging says how a listing is paged.
type Paging string

// Paging methods. PagingAuto asks the ServiceProviderConfig, and uses
// cursors where the server prefers or requires them.
const (
	PagingAuto   Paging = ""
	PagingIndex  Paging = "index"
	PagingCursor Paging = "cursor"
)

// paging resolves the paging method once per client.
func (c *Client) paging(ctx context.Context) Paging {
	if c.cfg.Paging != PagingAuto {
		return c.cfg.Paging
	}
	c.pagingOnce.Do(func() {
		c.resolvedPaging = PagingIndex
		spc, err := c.ServiceProviderConfig(ctx)
		if err != nil {
			c.log.DebugContext(ctx, "no usable ServiceProviderConfig; using index paging", "error", err)
			return
		}
		if p := spc.Pagination; p != nil && bool(p.Cursor) && (!bool(p.Index) || lower(string(p.DefaultPaginationMethod)) == "cursor") {
			c.resolvedPaging = PagingCursor
		}
	})
	return c.resolvedPaging
}
