package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/scim2neo4j/scim2neo4j/ingest"
)

// printSummary writes one table row per connection run.
func printSummary(w io.Writer, results []ingest.Result, retries int64) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "connection\tstatus\tusers\tgroups\tmemberships\tunresolved\tremoved users\tremoved groups\tremoved memberships\tduration\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t\n",
			r.Connection, r.Status, r.Users.Written, r.Groups.Written, r.Memberships.Written,
			r.UnresolvedMembers, r.Removed.Users, r.Removed.Groups, r.Removed.Memberships,
			r.Duration().Round(time.Millisecond))
	}
	tw.Flush()
	for _, r := range results {
		if r.RemovalSkipped != "" {
			fmt.Fprintf(w, "%s: nothing removed: %s\n", r.Connection, r.RemovalSkipped)
		}
		if d := r.UserListing.Duplicates + r.GroupListing.Duplicates; d > 0 {
			fmt.Fprintf(w, "%s: %d duplicate resources in the listing were written once\n", r.Connection, d)
		}
	}
	if retries > 0 {
		fmt.Fprintf(w, "neo4j transient-error retries: %d\n", retries)
	}
}
