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
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.String("log-level"))); err != nil {
		return usagef("--log-level %q: want debug, info, warn or error", c.String("log-level"))
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(c.String("log-format")) {
	case "text":
		logger = slog.New(logctx.NewHandler(slog.NewTextHandler(stderr, opts)))
	case "json":
		logger = slog.New(logctx.NewHandler(slog.NewJSONHandler(stderr, opts)))
	default:
		return usagef("--log-format %q: want text or json", c.String("log-format"))
	}
	slog.SetDefault(logger)
	return nil
}
