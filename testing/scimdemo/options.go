package scimdemo

import "fmt"

// BasePath is the URL path prefix under which the SCIM endpoints are served.
const BasePath = "/scim/v2"

// DefaultMaxPageSize is the page size cap used unless WithMaxPageSize is
// given; it is also the page size when a client sends no count.
const DefaultMaxPageSize = 1000

// config holds the settings Options adjust.
type config struct {
	maxPageSize int
	baseURL     string
}

// defaultConfig returns the settings used when no Option is given.
func defaultConfig() config {
	return config{maxPageSize: DefaultMaxPageSize, baseURL: BasePath}
}

// Option adjusts the handler built by NewHandler.
type Option func(*config) error

// WithMaxPageSize caps the number of resources per list response (the
// ServiceProviderConfig advertises it as filter.maxResults). A client asking
// for a larger count gets at most n resources; n must be positive.
func WithMaxPageSize(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("max page size must be positive, got %d", n)
		}
		c.maxPageSize = n
		return nil
	}
}

// WithBaseURL sets the prefix of the URLs the server emits in meta.location
// and $ref attributes, e.g. "https://scim.example.com/scim/v2". The default
// is the absolute path BasePath, which clients resolve against the URL they
// called. It does not change the path the handler serves on.
func WithBaseURL(u string) Option {
	return func(c *config) error {
		if u == "" {
			return fmt.Errorf("base URL must not be empty")
		}
		c.baseURL = trimSlash(u)
		return nil
	}
}

// trimSlash removes trailing slashes so paths can be appended with "/".
func trimSlash(s string) string {
	for len(s) > 1 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}
