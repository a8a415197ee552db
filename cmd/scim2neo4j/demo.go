package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/scimdemo"
)

// demoCommand serves a generated directory over SCIM for trying the product.
func demoCommand() *cli.Command {
	return &cli.Command{
		Name:  "demo",
		Usage: "serve a generated directory over SCIM 2.0 (for trying scim2neo4j)",
		Description: `Serves a deterministic directory (nested groups, a few large groups, inactive
users, several emails, managers) at http://ADDR/scim/v2, read-only, behind a
bearer token. The same --seed gives the same directory; fewer --users with the
same seed gives the same users minus the last ones.

Example:
   SCIM_BEARER_TOKEN=demo-token scim2neo4j demo --users 10000 --groups 500`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", EnvVars: []string{"DEMO_ADDR"}, Usage: "listen address"},
			&cli.StringFlag{Name: "token", EnvVars: []string{"SCIM_BEARER_TOKEN"}, Usage: "bearer token clients must send (prefer the environment variable)"},
			&cli.IntFlag{Name: "users", Value: 1000, EnvVars: []string{"DEMO_USERS"}, Usage: "number of users"},
			&cli.IntFlag{Name: "groups", Value: 100, EnvVars: []string{"DEMO_GROUPS"}, Usage: "number of groups"},
			&cli.Int64Flag{Name: "seed", Value: 1, EnvVars: []string{"DEMO_SEED"}, Usage: "seed of the generated directory"},
		},
		Action: runDemo,
	}
}

// runDemo generates the directory and serves it until interrupted.
func runDemo(c *cli.Context) error {
	token := c.String("token")
	if token == "" {
		return usagef("a bearer token is required: set SCIM_BEARER_TOKEN (or --token)")
	}
	if c.Int("users") < 0 || c.Int("groups") < 0 {
		return usagef("--users and --groups must not be negative")
	}
	start := time.Now()
	dir := directory.Generate(directory.Options{Users: c.Int("users"), Groups: c.Int("groups"), Seed: c.Int64("seed")})
	handler, err := scimdemo.NewHandler(dir, token, logger)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.String("addr"))
	if err != nil {
		return usagef("--addr %s: %v", c.String("addr"), err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	logger.Info("demo SCIM server ready",
		"url", fmt.Sprintf("http://%s/scim/v2", ln.Addr()),
		"users", len(dir.Users), "groups", len(dir.Groups), "generated_in", time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(os.Stderr, "serving SCIM on http://%s/scim/v2 (Ctrl-C to stop)\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-c.Context.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
