package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"github.com/scim2neo4j/scim2neo4j/cypher"
)

// SourceChangedError refuses a run whose connection name holds accounts
// and groups in the graph that were read from another base URL. A
// connection's name is part of every node key it writes, so syncing a
// second directory under a name that already holds one would mix the two
// and then remove the first one's accounts as stale. A directory that
// really moved is synced with Options.AllowBaseURLChange.
type SourceChangedError struct {
	Connection string
	Recorded   string // the base URL the last run of the name read
	Configured string // the base URL this run would read
}

func (e *SourceChangedError) Error() string {
	return fmt.Sprintf("connection %q holds accounts and groups read from %s, this run reads %s: "+
		"a connection name stands for one directory; use another name for another directory, "+
		"or allow the change (--allow-base-url-change) if this directory moved", e.Connection, e.Recorded, e.Configured)
}

// checkSource compares the connection with what the graph recorded of
// its name, before anything is written: another base URL is refused
// (unless allowed), another authority is logged, since it changes which
// accounts the identities trust.
func checkSource(ctx context.Context, store *cypher.Store, conn Connection, opts Options, log *slog.Logger) error {
	recorded, found, err := store.RecordedConnection(ctx, conn.Name)
	if err != nil || !found {
		return err
	}
	if recorded.BaseURL != "" && !sameBaseURL(recorded.BaseURL, conn.BaseURL) {
		if !opts.AllowBaseURLChange {
			return &SourceChangedError{Connection: conn.Name, Recorded: recorded.BaseURL, Configured: conn.BaseURL}
		}
		log.Warn("connection's base URL changed", "from", recorded.BaseURL, "to", conn.BaseURL)
	}
	if recorded.Authoritative != "" && recorded.Authoritative != conn.Authoritative {
		log.Warn("connection's authority changed: its accounts rank differently in identities from now on",
			"from", recorded.Authoritative, "to", conn.Authoritative)
	}
	return nil
}

// sameBaseURL compares two base URLs as addresses: scheme and host
// without regard to case, paths without a trailing slash.
func sameBaseURL(a, b string) bool {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	if errA != nil || errB != nil {
		return strings.TrimRight(a, "/") == strings.TrimRight(b, "/")
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Host, ub.Host) &&
		strings.TrimRight(ua.Path, "/") == strings.TrimRight(ub.Path, "/") && ua.RawQuery == ub.RawQuery
}
