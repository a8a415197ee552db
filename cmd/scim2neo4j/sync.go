package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/scim"
)

// syncCommand syncs one connection given by flags and environment, or
// every connection of a configuration file.
func syncCommand() *cli.Command {
	flags := append(connectionFlags(), neo4jFlags()...)
	flags = append(flags,
		&cli.StringFlag{Name: "match-by", Value: string(ingest.MatchByEmail), EnvVars: []string{"SCIM_MATCH_BY"}, Usage: "correlation key of the connection's accounts: email, userName or externalId"},
		&cli.IntFlag{Name: "priority", EnvVars: []string{"SCIM_PRIORITY"}, Usage: "rank among connections of equal authority when identity attributes are chosen (lower first)"},
		&cli.StringFlag{Name: "config", EnvVars: []string{"SCIM2NEO4J_CONFIG"}, Usage: "YAML file describing several connections (instead of the connection flags)"},
		&cli.IntFlag{Name: "batch-size", Value: ingest.DefaultBatchSize, Usage: "rows per Neo4j write transaction (and identity keys per reconciliation transaction)"},
		&cli.IntFlag{Name: "writers", Value: ingest.DefaultWriters, Usage: "concurrent Neo4j write transactions"},
		&cli.Float64Flag{Name: "max-removal-share", Value: ingest.DefaultMaxRemovalShare, Usage: "largest share of a connection's accounts or groups a run may remove"},
		&cli.StringFlag{Name: "report", Usage: "write the run's summary as JSON to this file (schema: docs/report.schema.json)"},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress display on stderr"},
		&cli.BoolFlag{Name: "allow-mass-removal", Usage: "remove stale items even beyond --max-removal-share"},
		&cli.BoolFlag{Name: "allow-base-url-change", Usage: "sync a connection name that the graph recorded for another base URL (the directory moved)"},
		&cli.IntFlag{Name: "memory-limit-mib", Value: defaultMemoryLimitMiB, Usage: "soft memory limit of the process in MiB (0: Go's default; GOMEMLIMIT overrides)"},
		&cli.BoolFlag{Name: "dry-run", Usage: "fetch and compare with the graph, report what a sync would change, write nothing"},
	)
	return &cli.Command{
		Name:  "sync",
		Usage: "read SCIM connections into Neo4j, then reconcile the identities they touched",
		Description: `Reads GET /Users and GET /Groups from each SCIM API and writes User and Group
nodes and MEMBER_OF relationships. After a complete listing it removes what the
connection no longer has. Then it reconciles the identities the run touched.
Secrets come from the environment or files, never flags.

One connection, from flags:
   SCIM_BEARER_TOKEN=demo-token NEO4J_PASSWORD=scim2neo4j-dev \
   scim2neo4j sync --name demo --scim-url http://127.0.0.1:8080/scim/v2

Several connections, from a configuration file (see the README):
   scim2neo4j sync --config scim2neo4j.yaml

What a sync would create, change and remove, without writing anything:
   scim2neo4j sync --config scim2neo4j.yaml --dry-run`,
		Flags:  flags,
		Action: runSync,
	}
}

// connectionFlags describe one SCIM connection.
func connectionFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "name", EnvVars: []string{"SCIM_CONNECTION_NAME"}, Usage: "unique, stable connection name (part of every node key)"},
		&cli.StringFlag{Name: "scim-url", EnvVars: []string{"SCIM_URL"}, Usage: "SCIM base URL, e.g. https://api.example.com/scim/v2"},
		&cli.StringFlag{Name: "auth", Value: "bearer", EnvVars: []string{"SCIM_AUTH"}, Usage: "bearer, oauth2 or basic"},
		&cli.StringFlag{Name: "authoritative", Value: "primary", EnvVars: []string{"SCIM_AUTHORITATIVE"}, Usage: "primary or secondary"},
		&cli.StringFlag{Name: "token-file", Usage: "file holding the bearer token (else SCIM_BEARER_TOKEN)"},
		&cli.StringFlag{Name: "client-id", EnvVars: []string{"SCIM_CLIENT_ID"}, Usage: "OAuth2 client id"},
		&cli.StringFlag{Name: "client-secret-file", Usage: "file holding the OAuth2 client secret (else SCIM_CLIENT_SECRET)"},
		&cli.StringFlag{Name: "token-url", EnvVars: []string{"SCIM_TOKEN_URL"}, Usage: "OAuth2 token endpoint"},
		&cli.StringSliceFlag{Name: "scope", EnvVars: []string{"SCIM_SCOPES"}, Usage: "OAuth2 scope (repeatable)"},
		&cli.StringFlag{Name: "username", EnvVars: []string{"SCIM_USERNAME"}, Usage: "HTTP Basic user"},
		&cli.StringFlag{Name: "password-file", Usage: "file holding the HTTP Basic password (else SCIM_PASSWORD)"},
		&cli.IntFlag{Name: "page-size", Value: scim.DefaultPageSize, Usage: "resources asked for per SCIM page"},
		&cli.IntFlag{Name: "concurrency", Value: scim.DefaultConcurrency, Usage: "SCIM requests in flight per listing"},
		&cli.Float64Flag{Name: "rate-limit", Usage: "SCIM requests per second (0: no limit)"},
		&cli.DurationFlag{Name: "request-timeout", Value: scim.DefaultRequestTimeout, Usage: "how long the SCIM server may stay silent (before answering, or within a page)"},
		&cli.StringFlag{Name: "ca-file", EnvVars: []string{"SCIM_CA_FILE"}, Usage: "PEM file of a CA to trust for the SCIM server (besides the system's)"},
		&cli.BoolFlag{Name: "insecure-skip-tls-verify", Usage: "accept any TLS certificate from the SCIM server (test servers only)"},
	}
}

// connectionFromFlags builds the SCIM client and connection description.
func connectionFromFlags(c *cli.Context) (ingest.Connection, *scim.Client, error) {
	name := strings.TrimSpace(c.String("name"))
	if name == "" {
		return ingest.Connection{}, nil, usagef("--name is required (a unique, stable connection name)")
	}
	if strings.ContainsAny(name, "/") {
		return ingest.Connection{}, nil, usagef("--name %q: must not contain '/'", name)
	}
	if c.String("scim-url") == "" {
		return ingest.Connection{}, nil, usagef("--scim-url is required (the SCIM base URL, e.g. https://api.example.com/scim/v2)")
	}
	authority := strings.ToLower(c.String("authoritative"))
	if authority != "primary" && authority != "secondary" {
		return ingest.Connection{}, nil, usagef("--authoritative %q: want primary or secondary", c.String("authoritative"))
	}
	auth, err := authFromFlags(c)
	if err != nil {
		return ingest.Connection{}, nil, err
	}
	tlsOpts := scim.TLSOptions{CAFile: c.String("ca-file"), InsecureSkipVerify: c.Bool("insecure-skip-tls-verify")}
	if tlsOpts.InsecureSkipVerify {
		logger.Warn("TLS certificate verification is OFF for this connection: anyone on the network path can impersonate the SCIM server", "connection", name)
	}
	httpClient, err := tlsOpts.HTTPClient()
	if err != nil {
		return ingest.Connection{}, nil, usagef("connection %s: %w", name, err)
	}
	client, err := scim.New(scim.Config{
		HTTPClient:     httpClient,
		BaseURL:        c.String("scim-url"),
		Auth:           auth,
		PageSize:       c.Int("page-size"),
		Concurrency:    c.Int("concurrency"),
		RateLimit:      c.Float64("rate-limit"),
		RequestTimeout: c.Duration("request-timeout"),
		Logger:         logger, // the run's context names the connection and run
	})
	if err != nil {
		return ingest.Connection{}, nil, usagef("connection %s: %w", name, err)
	}
	return ingest.Connection{Name: name, BaseURL: client.BaseURL(), Authoritative: authority, Source: client}, client, nil
}

// authFromFlags reads the auth method and its secrets.
func authFromFlags(c *cli.Context) (scim.Auth, error) {
	a := scim.Auth{
		Method:   scim.AuthMethod(strings.ToLower(c.String("auth"))),
		ClientID: c.String("client-id"),
		TokenURL: c.String("token-url"),
		Scopes:   c.StringSlice("scope"),
		Username: c.String("username"),
	}
	var err error
	switch a.Method {
	case scim.AuthBearer:
		a.Token, err = secret(c, "token-file", "SCIM_BEARER_TOKEN")
	case scim.AuthOAuth2:
		a.ClientSecret, err = secret(c, "client-secret-file", "SCIM_CLIENT_SECRET")
	case scim.AuthBasic:
		a.Password, err = secret(c, "password-file", "SCIM_PASSWORD")
	}
	if err != nil {
		return a, err
	}
	if err := a.Validate(); err != nil {
		return a, usageError{err}
	}
	return a, nil
}

// runSync is the sync command's action.
func runSync(c *cli.Context) error {
	share := c.Float64("max-removal-share")
	if share <= 0 || share > 1 {
		return usagef("--max-removal-share %v: want a share in (0, 1]", share)
	}
	applyMemoryLimit(c.Int("memory-limit-mib"))
	conns, file, concurrency, err := syncConnections(c)
	if err != nil {
		return err
	}
	allowMassRemoval := c.Bool("allow-mass-removal")
	var neo4jSection *neo4jFileConfig
	if file != nil {
		share, allowMassRemoval = file.removalGuard(c, share, allowMassRemoval)
		neo4jSection = file.Neo4j
	}
	started := time.Now()
	store, err := openStore(c, neo4jSection)
	if err != nil {
		return reportStartFailure(c, conns, started, err)
	}
	defer store.Close(c.Context)
	dryRun := c.Bool("dry-run")
	if !dryRun {
		if err := store.EnsureSchema(c.Context); err != nil {
			return reportStartFailure(c, conns, started, err)
		}
	}
	progress := &ingest.Progress{}
	stopProgress := showProgress(c.Bool("quiet"), progress)
	rep := ingest.SyncAll(c.Context, store, conns, ingest.Options{
		BatchSize:          c.Int("batch-size"),
		Writers:            c.Int("writers"),
		MaxRemovalShare:    share,
		AllowMassRemoval:   allowMassRemoval,
		AllowBaseURLChange: c.Bool("allow-base-url-change"),
		Logger:             logger,
		Progress:           progress,
		DryRun:             dryRun,
	}, concurrency)
	stopProgress()
	if dryRun {
		printPlan(c.App.Writer, rep)
	} else {
		printSummary(c.App.Writer, rep, store.Retries())
	}
	if path := c.String("report"); path != "" {
		if err := writeReport(path, buildReport(rep, started, time.Now(), store.Retries())); err != nil {
			return errors.Join(rep.Err(), err)
		}
	}
	return rep.Err()
}

// defaultConnectionConcurrency is how many connections of a configuration
// file sync at once unless the file says otherwise.
const defaultConnectionConcurrency = 4

// syncConnections builds the run's connections: from the configuration
// file when --config is given, else the one connection of the flags. It
// returns the file (nil without one) and how many connections may sync
// at once.
func syncConnections(c *cli.Context) ([]ingest.Connection, *fileConfig, int, error) {
	path := c.String("config")
	if path == "" {
		conn, _, err := connectionFromFlags(c)
		if err != nil {
			return nil, nil, 0, err
		}
		if conn.MatchBy, err = ingest.ParseMatchBy(c.String("match-by")); err != nil {
			return nil, nil, 0, usagef("--match-by %v", err)
		}
		conn.Priority = c.Int("priority")
		return []ingest.Connection{conn}, nil, 1, nil
	}
	if conflicting := setConnectionFlags(c); len(conflicting) > 0 {
		return nil, nil, 0, usagef("--config describes the connections; it cannot be combined with %s (set as a flag or an environment variable)",
			strings.Join(conflicting, ", "))
	}
	file, err := loadConfig(path)
	if err != nil {
		return nil, nil, 0, err
	}
	conns, err := file.connections(logger)
	if err != nil {
		return nil, nil, 0, usagef("--config %s:\n%w", path, err)
	}
	concurrency := file.Concurrency
	if concurrency == 0 {
		concurrency = defaultConnectionConcurrency
	}
	return conns, file, concurrency, nil
}

// setConnectionFlags names the connection flags that were set, by flag or
// environment variable, which a configuration file would silently override.
func setConnectionFlags(c *cli.Context) []string {
	names := []string{"match-by", "priority"}
	for _, f := range connectionFlags() {
		names = append(names, f.Names()[0])
	}
	var set []string
	for _, name := range names {
		if c.IsSet(name) {
			set = append(set, "--"+name)
		}
	}
	return set
}

// openStore connects to Neo4j with the command's flags and, when given,
// a configuration file's neo4j section.
func openStore(c *cli.Context, file *neo4jFileConfig) (*cypher.Store, error) {
	cfg, err := neo4jConfig(c, file)
	if err != nil {
		return nil, err
	}
	store, err := cypher.Open(c.Context, cfg, logger)
	switch {
	case errors.Is(err, cypher.ErrUnavailable):
		return nil, fmt.Errorf("%w (is Neo4j running? start one with testing/neo4j/start.sh)", err)
	case errors.Is(err, cypher.ErrBadURI), errors.Is(err, cypher.ErrCredentials):
		return nil, usageError{err}
	case err != nil:
		return nil, err
	}
	return store, nil
}

// removalGuard is the mass-removal guard of a run from a configuration
// file: the file's settings, unless the command line gave its own.
func (cfg *fileConfig) removalGuard(c *cli.Context, share float64, allow bool) (float64, bool) {
	if cfg.MaxRemovalShare != nil && !c.IsSet("max-removal-share") {
		share = *cfg.MaxRemovalShare
	}
	return share, allow || cfg.AllowMassRemoval
}

// reportStartFailure writes the --report file, if one was asked for, of a
// run that failed before it synced anything, and returns err unchanged
// (its exit code stands); a report that cannot be written is logged.
func reportStartFailure(c *cli.Context, conns []ingest.Connection, started time.Time, err error) error {
	if path := c.String("report"); path != "" {
		if werr := writeReport(path, startFailureReport(conns, started, err)); werr != nil {
			logger.Error("could not write the report", "error", werr)
		}
	}
	return err
}
