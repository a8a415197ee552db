package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/scim"
)

// syncCommand syncs one connection given by flags and environment.
func syncCommand() *cli.Command {
	flags := append(connectionFlags(), neo4jFlags()...)
	flags = append(flags,
		&cli.IntFlag{Name: "batch-size", Value: ingest.DefaultBatchSize, Usage: "rows per Neo4j write transaction"},
		&cli.IntFlag{Name: "writers", Value: ingest.DefaultWriters, Usage: "concurrent Neo4j write transactions"},
		&cli.Float64Flag{Name: "max-removal-share", Value: ingest.DefaultMaxRemovalShare, Usage: "largest share of a connection's accounts or groups a run may remove"},
		&cli.BoolFlag{Name: "allow-mass-removal", Usage: "remove stale items even beyond --max-removal-share"},
	)
	return &cli.Command{
		Name:  "sync",
		Usage: "read one SCIM connection and write it into Neo4j",
		Description: `Reads GET /Users and GET /Groups from the SCIM API and writes User and Group
nodes and MEMBER_OF relationships. After a complete listing it removes what the
connection no longer has. Secrets come from the environment or files, never flags.

Example:
   SCIM_BEARER_TOKEN=demo-token NEO4J_PASSWORD=scim2neo4j-dev \
   scim2neo4j sync --name demo --scim-url http://127.0.0.1:8080/scim/v2`,
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
		&cli.DurationFlag{Name: "request-timeout", Value: scim.DefaultRequestTimeout, Usage: "timeout of one SCIM request"},
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
		Logger:         logger.With("connection", name),
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
	conn, _, err := connectionFromFlags(c)
	if err != nil {
		return err
	}
	share := c.Float64("max-removal-share")
	if share <= 0 || share > 1 {
		return usagef("--max-removal-share %v: want a share in (0, 1]", share)
	}
	store, err := openStore(c)
	if err != nil {
		return err
	}
	defer store.Close(c.Context)
	if err := store.EnsureSchema(c.Context); err != nil {
		return err
	}
	res, err := ingest.Sync(c.Context, store, conn, ingest.Options{
		BatchSize:        c.Int("batch-size"),
		Writers:          c.Int("writers"),
		MaxRemovalShare:  share,
		AllowMassRemoval: c.Bool("allow-mass-removal"),
		Logger:           logger,
	})
	printSummary(os.Stdout, []ingest.Result{res}, store.Retries())
	if err != nil {
		return fmt.Errorf("connection %s: %w", conn.Name, err)
	}
	return nil
}

// openStore connects to Neo4j with the command's flags.
func openStore(c *cli.Context) (*cypher.Store, error) {
	cfg, err := neo4jConfig(c)
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
