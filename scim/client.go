package scim

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Config describes one SCIM endpoint and how to read it.
type Config struct {
	// BaseURL is the root of the SCIM API, e.g. https://host/scim/v2.
	BaseURL string
	Auth    Auth
	// PageSize is the count asked for per page; servers may return fewer.
	PageSize int
	// Concurrency bounds the requests in flight per listing.
	Concurrency int
	// RequestTimeout bounds how long the server may stay silent: before
	// the response headers, and between two pieces of the body. A large
	// page that keeps streaming takes as long as it needs.
	RequestTimeout time.Duration
	// RateLimit caps requests per second for the connection; 0 means no cap.
	RateLimit float64
	// MaxRetries is how often a 429, 5xx or network error is retried.
	MaxRetries int
	// RetryBaseDelay is the first backoff delay; later ones double up to
	// 60 times it (at most 30 s). 0 means 500 ms.
	RetryBaseDelay time.Duration
	// MaxResponseBytes caps one response body.
	MaxResponseBytes int64
	// Paging forces index or cursor paging; empty means ask the server.
	Paging Paging
	// HTTPClient is the base client (TLS settings, proxies); nil means a default.
	HTTPClient *http.Client
	Logger     *slog.Logger
}

// Defaults used where a Config leaves a field zero.
const (
	DefaultPageSize         = 1000
	DefaultConcurrency      = 4
	DefaultRequestTimeout   = 60 * time.Second
	DefaultMaxRetries       = 5
	DefaultMaxResponseBytes = 512 << 20
)

// Client reads one SCIM service provider. It is safe for concurrent use.
type Client struct {
	base    *url.URL
	http    *http.Client
	limiter *rate.Limiter
	cfg     Config
	log     *slog.Logger
	backoff backoff
	// authorize is kept to drop a refused OAuth2 token.
	authorize authorizer

	pagingOnce     sync.Once
	resolvedPaging Paging
	// announced holds the totalResults of each listing once known.
	announced sync.Map
}

// New validates cfg and builds a client; it makes no request.
func New(cfg Config) (*Client, error) {
	u, err := parseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = DefaultPageSize
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	} else if cfg.MaxRetries == 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.MaxResponseBytes <= 0 {
		cfg.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	base := cfg.HTTPClient
	if base == nil {
		base = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	authorize, err := cfg.Auth.authorizer(base)
	if err != nil {
		return nil, err
	}
	transport := base.Transport
	if transport == nil {
		transport = http.DefaultTransport
	}
	hc := *base
	hc.Transport = &authTransport{host: u.Host, authorize: authorize, base: transport}
	var limiter *rate.Limiter
	if cfg.RateLimit > 0 {
		limiter = rate.NewLimiter(rate.Limit(cfg.RateLimit), max(1, int(cfg.RateLimit)))
	}
	return &Client{
		base:      u,
		http:      &hc,
		limiter:   limiter,
		cfg:       cfg,
		log:       cfg.Logger,
		backoff:   newBackoff(cfg.RetryBaseDelay),
		authorize: authorize,
	}, nil
}

// BaseURL is the configured base URL without credentials, for display.
func (c *Client) BaseURL() string { return redactURL(c.base) }

// parseBaseURL checks that raw is an absolute http(s) URL and normalizes
// its path so that endpoint paths can be appended.
func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("base URL %q: want an absolute http:// or https:// URL, such as https://api.example.com/scim/v2", redactIfParsed(raw, u))
	}
	if u.Host == "" {
		return nil, fmt.Errorf("base URL %q: no host", redactIfParsed(raw, u))
	}
	if u.User != nil {
		return nil, fmt.Errorf("base URL %q: credentials in the URL are not accepted; use the auth settings", redactURL(u))
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	u.RawQuery = ""
	u.Fragment = ""
	return u, nil
}

// redactIfParsed renders a base URL for an error without its credentials;
// one that did not parse is named only by its length, as it may hold a secret.
func redactIfParsed(raw string, u *url.URL) string {
	// Without "//" after the scheme (or without a scheme) Go keeps
	// user:password@host in Opaque, where redactURL cannot see it; such a
	// string is not shown at all when it holds an "@".
	if u == nil || u.Opaque != "" {
		if strings.Contains(raw, "@") {
			return fmt.Sprintf("(%d characters that do not parse)", len(raw))
		}
		if u == nil {
			return raw
		}
	}
	return redactURL(u)
}

// endpoint builds the URL of a resource path (e.g. "Users") with a query.
func (c *Client) endpoint(path string, query url.Values) *url.URL {
	u := *c.base
	u.Path = c.base.Path + "/" + path
	u.RawQuery = query.Encode()
	return &u
}

// WithMaxRetries returns a client like c that retries a failed request at
// most n times (0: never), for interactive checks that must answer fast.
func (c *Client) WithMaxRetries(n int) *Client {
	cfg := c.cfg
	cfg.MaxRetries = n
	return &Client{base: c.base, http: c.http, limiter: c.limiter, cfg: cfg, log: c.log, backoff: c.backoff, authorize: c.authorize}
}

// Announced is the totalResults the server gave for "Users" or "Groups"
// in the current or last listing, or -1 while unknown, for progress displays.
func (c *Client) Announced(resource string) int {
	if v, ok := c.announced.Load(resource); ok {
		return v.(int)
	}
	return -1
}
