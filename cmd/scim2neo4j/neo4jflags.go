package main

import (
	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/urfave/cli/v2"
)

// neo4jFlags follow Neo4j's own environment conventions. The password has
// no flag of its own (flags show in ps): it comes from NEO4J_PASSWORD or a file.
func neo4jFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "neo4j-uri", Value: "bolt://127.0.0.1:7687", EnvVars: []string{"NEO4J_URI"}, Usage: "Neo4j URI (bolt://, neo4j:// for clusters and Aura)"},
		&cli.StringFlag{Name: "neo4j-username", Value: "neo4j", EnvVars: []string{"NEO4J_USERNAME"}, Usage: "Neo4j user"},
		&cli.StringFlag{Name: "neo4j-password-file", EnvVars: []string{"NEO4J_PASSWORD_FILE"}, Usage: "file holding the Neo4j password (else NEO4J_PASSWORD)"},
		&cli.StringFlag{Name: "neo4j-database", EnvVars: []string{"NEO4J_DATABASE"}, Usage: "database name (default: the server's default database)"},
		&cli.DurationFlag{Name: "neo4j-retry-time", Value: cypher.DefaultRetryTime, Usage: "how long one Neo4j transaction is retried on transient errors (deadlocks, leader switch, restart)"},
	}
}

// neo4jConfig reads the Neo4j settings from flags, environment and files.
// With a configuration file's neo4j section (file, may be nil), a flag or
// its environment variable still wins; the section comes next, then the
// flags' defaults. The password comes from --neo4j-password-file
// (NEO4J_PASSWORD_FILE), else the section's passwordFile or passwordEnv,
// else NEO4J_PASSWORD.
func neo4jConfig(c *cli.Context, file *neo4jFileConfig) (cypher.Config, error) {
	cfg := cypher.Config{
		URI:          c.String("neo4j-uri"),
		Username:     c.String("neo4j-username"),
		Database:     c.String("neo4j-database"),
		MaxRetryTime: c.Duration("neo4j-retry-time"),
	}
	if file != nil {
		pick := func(flag string, v *string, fromFile string) {
			if !c.IsSet(flag) && fromFile != "" {
				*v = fromFile
			}
		}
		pick("neo4j-uri", &cfg.URI, file.URI)
		pick("neo4j-username", &cfg.Username, file.Username)
		pick("neo4j-database", &cfg.Database, file.Database)
		if !c.IsSet("neo4j-password-file") && (file.Password != "" || file.PasswordEnv != "" || file.PasswordFile != "") {
			password, err := configSecret("password", file.Password, file.PasswordEnv, file.PasswordFile)
			if err != nil {
				return cypher.Config{}, usageError{fieldError("neo4j", err.field, "%s", err.msg)}
			}
			cfg.Password = password
			return cfg, nil
		}
	}
	password, err := secret(c, "neo4j-password-file", "NEO4J_PASSWORD")
	if err != nil {
		return cypher.Config{}, err
	}
	if password == "" {
		return cypher.Config{}, usagef("no Neo4j password: set NEO4J_PASSWORD (or --neo4j-password-file)")
	}
	cfg.Password = password
	return cfg, nil
}
