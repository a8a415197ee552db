package main

import (
	"log/slog"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/scim2neo4j/scim2neo4j/internal/logctx"
)

// loggingFlags configure the structured log on stderr.
func loggingFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "log-level", Value: "info", EnvVars: []string{"SCIM2NEO4J_LOG_LEVEL"}, Usage: "debug, info, warn or error"},
		&cli.StringFlag{Name: "log-format", Value: "text", EnvVars: []string{"SCIM2NEO4J_LOG_FORMAT"}, Usage: "text or json"},
	}
}

// logger is the process logger, set up before any command runs.
var logger = slog.New(slog.NewTextHandler(os.Stderr, nil))

// setupLogging builds the logger from the flags.
func setupLogging(c *cli.Context) error {
	return buildLogger(c.String("log-level"), c.String("log-format"))
}

// setupCommandLogging rebuilds the logger for a command whose own
// --log-level or --log-format was given after the command's name (they
// work before it as well); flags not given there keep the app's value.
func setupCommandLogging(c *cli.Context) error {
	if !c.IsSet("log-level") && !c.IsSet("log-format") {
		return nil
	}
	parent := c.Lineage()[1]
	pick := func(name string) string {
		if c.IsSet(name) {
			return c.String(name)
		}
		return parent.String(name)
	}
	return buildLogger(pick("log-level"), pick("log-format"))
}

// buildLogger sets the process logger to level and format.
func buildLogger(levelName, format string) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(levelName)); err != nil {
		return usagef("--log-level %q: want debug, info, warn or error", levelName)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(format) {
	case "text":
		logger = slog.New(logctx.NewHandler(slog.NewTextHandler(stderr, opts)))
	case "json":
		logger = slog.New(logctx.NewHandler(slog.NewJSONHandler(stderr, opts)))
	default:
		return usagef("--log-format %q: want text or json", format)
	}
	slog.SetDefault(logger)
	return nil
}
