package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

// schemaCommand creates the constraints and indexes.
func schemaCommand() *cli.Command {
	return &cli.Command{
		Name:  "schema",
		Usage: "create the graph's constraints and indexes if missing (sync does this too)",
		Flags: neo4jFlags(),
		Action: func(c *cli.Context) error {
			store, err := openStore(c, nil)
			if err != nil {
				return err
			}
			defer store.Close(c.Context)
			if err := store.EnsureSchema(c.Context); err != nil {
				return err
			}
			fmt.Fprintln(c.App.Writer, "schema is in place")
			return nil
		},
	}
}
