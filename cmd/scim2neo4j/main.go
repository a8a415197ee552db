// Command scim2neo4j reads users and groups from SCIM 2.0 APIs and writes
// them into Neo4j as an identity graph.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newApp().RunContext(ctx, os.Args)
	interrupted := ctx.Err() != nil
	stop()
	os.Exit(exitCode(err, interrupted))
}

// newApp assembles the command line.
func newApp() *cli.App {
	app := &cli.App{
		Name:                 "scim2neo4j",
		Usage:                "sync users and groups from SCIM 2.0 APIs into a Neo4j identity graph",
		Version:              buildVersion(),
		EnableBashCompletion: true,
		Flags:                loggingFlags(),
		Commands: []*cli.Command{
			syncCommand(),
			checkCommand(),
			reconcileCommand(),
			queryCommand(),
			schemaCommand(),
			demoCommand(),
			versionCommand(),
			completionCommand(),
		},
		ExitErrHandler: func(*cli.Context, error) {}, // main reports errors and picks the exit code
		Before: func(c *cli.Context) error {
			return setupLogging(c)
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("unknown command %q (see scim2neo4j --help)", c.Args().First())
			}
			return cli.ShowAppHelp(c)
		},
		OnUsageError: onUsageError,
	}
	for _, cmd := range app.Commands {
		cmd.OnUsageError = onUsageError
		cmd.Flags = append(cmd.Flags, loggingFlags()...)
		cmd.Before = setupCommandLogging
	}
	return app
}

// onUsageError turns flag parsing errors into usage errors (exit code 2)
// with a pointer to the command's help instead of the whole help text.
func onUsageError(c *cli.Context, err error, _ bool) error {
	name := "scim2neo4j"
	if c.Command != nil && c.Command.Name != "" {
		name += " " + c.Command.Name
	}
	return usagef("%v (see %s --help)", err, name)
}

// Exit codes, documented in the README.
const (
	exitOK          = 0
	exitFailed      = 1 // a connection failed, or removal was refused
	exitUsage       = 2 // bad flags or configuration
	exitInterrupted = 130
)

// usageError marks errors in what the user asked for (flags, config).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef builds a usageError.
func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// exitCode maps the outcome of the app to the process exit code and prints
// the error.
func exitCode(err error, interrupted bool) int {
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(os.Stderr, "scim2neo4j:", err)
	var ue usageError
	var cf checkFailed
	switch {
	case interrupted:
		return exitInterrupted
	case errors.As(err, &ue):
		return exitUsage
	case errors.As(err, &cf):
		return cf.code
	}
	return exitFailed
}
