package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/scim2neo4j/scim2neo4j/ingest"
)

// printSummary writes one table row per connection of the run, what went
// wrong with any of them, and what the reconciliation of identities did.
func printSummary(w io.Writer, rep ingest.Report, retries int64) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "connection\tstatus\tusers\tgroups\tmemberships\tunresolved\tremoved users\tremoved groups\tremoved memberships\tidentities\tduration\t")
	for _, r := range rep.Results {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t\n",
			r.Connection, r.Status, r.Users.Written, r.Groups.Written, r.Memberships.Written,
			r.UnresolvedMembers, r.Removed.Users, r.Removed.Groups, r.Removed.Memberships,
			r.Touched, r.Duration().Round(time.Millisecond))
	}
	tw.Flush()
	for _, r := range rep.Results {
		if r.Err != nil {
			fmt.Fprintf(w, "%s: %s: %v\n", r.Connection, r.Status, r.Err)
		}
		if r.RemovalSkipped != "" {
			fmt.Fprintf(w, "%s: nothing removed: %s\n", r.Connection, r.RemovalSkipped)
		}
		if d := r.UserListing.Duplicates + r.GroupListing.Duplicates; d > 0 {
			fmt.Fprintf(w, "%s: %d duplicate resources in the listing were written once\n", r.Connection, d)
		}
	}
	printReconciliation(w, rep.Reconciled, rep.ReconcileErr)
	if failed := rep.Failed(); len(failed) > 0 {
		fmt.Fprintf(w, "%d of %d connections failed: %s\n", len(failed), len(rep.Results), strings.Join(failed, ", "))
	}
	if retries > 0 {
		fmt.Fprintf(w, "neo4j transient-error retries: %d\n", retries)
	}
}

// printReconciliation says what a reconciliation of identities did.
func printReconciliation(w io.Writer, rec ingest.Reconciliation, err error) {
	if err != nil {
		fmt.Fprintf(w, "identities: %v (after %d keys)\n", err, rec.Keys)
		return
	}
	fmt.Fprintf(w, "identities: %d keys reconciled: %d created, %d updated, %d removed; %d accounts linked, %d unlinked (%s)\n",
		rec.Keys, rec.Created, rec.Updated, rec.Removed, rec.LinksCreated, rec.LinksRemoved, rec.Duration.Round(time.Millisecond))
}
