package main

import (
	"github.com/urfave/cli/v2"

	"github.com/scim2neo4j/scim2neo4j/ingest"
)

// reconcileCommand reconciles every identity in the graph on demand.
func reconcileCommand() *cli.Command {
	flags := append(neo4jFlags(),
		&cli.StringFlag{Name: "config", EnvVars: []string{"SCIM2NEO4J_CONFIG"}, Usage: "configuration file whose neo4j section to use (its connections are not read)"},
		&cli.IntFlag{Name: "batch-size", Value: ingest.DefaultBatchSize, Usage: "identity keys per reconciliation transaction"},
	)
	return &cli.Command{
		Name:  "reconcile",
		Usage: "reconcile every identity from the accounts in the graph (sync reconciles what it touched)",
		Description: `Correlates the accounts of all connections into (:Identity) nodes by their
correlation keys, chooses each identity's attributes by authority, priority and
connection name, and removes identities no account carries the key of. It reads
only the graph and is idempotent: a second run changes nothing.`,
		Flags:  flags,
		Action: runReconcile,
	}
}

// runReconcile is the reconcile command's action.
func runReconcile(c *cli.Context) error {
	var section *neo4jFileConfig
	if path := c.String("config"); path != "" {
		file, err := loadConfig(path)
		if err != nil {
			return err
		}
		section = file.Neo4j
	}
	store, err := openStore(c, section)
	if err != nil {
		return err
	}
	defer store.Close(c.Context)
	if err := store.EnsureSchema(c.Context); err != nil {
		return err
	}
	rec, err := ingest.ReconcileAll(c.Context, store, ingest.Options{BatchSize: c.Int("batch-size"), Logger: logger})
	printReconciliation(c.App.Writer, rec, err)
	return err
}
