package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/scim"
)

// printSummary writes, per connection of the run, one table row for each
// kind of item (fetched, written, created, kept, removed, warnings),
// what went wrong with any of them, and what the reconciliation of
// identities did.
func printSummary(w io.Writer, rep ingest.Report, retries int64) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "connection\tstatus\titems\tfetched\twritten\tcreated\tkept\tremoved\twarnings\tduration\t")
	for _, r := range rep.Results {
		for i, row := range summaryRows(r) {
			duration := ""
			if i == 0 {
				duration = r.Duration().Round(time.Millisecond).String()
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\t\n", r.Connection, r.Status, row.items,
				row.fetched, row.written.Written, row.written.Created, row.written.Written-row.written.Created,
				row.removed, row.warnings, duration)
		}
	}
	tw.Flush()
	printProblems(w, rep)
	printReconciliation(w, rep.Reconciled, rep.ReconcileErr)
	if retries > 0 {
		fmt.Fprintf(w, "neo4j transient-error retries: %d\n", retries)
	}
}

// summaryRow is one kind of item of a connection's run in the summary.
type summaryRow struct {
	items    string
	fetched  string // distinct resources listed; "-" for memberships, which come inside groups
	written  ingest.Counts
	removed  int
	warnings int // resources skipped or read in part; for memberships, members naming unknown ids
}

// summaryRows splits a connection's run into its users, groups and
// memberships. Kept items are those that were in the graph already and
// were written again with what the source says now, changed or not.
func summaryRows(r ingest.Result) []summaryRow {
	listed := func(s scim.ListStats) string { return strconv.Itoa(s.Unique) }
	return []summaryRow{
		{"users", listed(r.UserListing), r.Users, r.Removed.Users, r.UserListing.SkippedCount + r.UserListing.WarningCount},
		{"groups", listed(r.GroupListing), r.Groups, r.Removed.Groups, r.GroupListing.SkippedCount + r.GroupListing.WarningCount},
		{"memberships", "-", r.Memberships, r.Removed.Memberships, r.UnresolvedMembers},
	}
}

// printPlan writes what a dry run found a sync would change, one table
// row per connection and kind of item, and what went wrong.
func printPlan(w io.Writer, rep ingest.Report) {
	fmt.Fprintln(w, "dry run: nothing was written")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "connection\tstatus\titems\tlisted\tnew\tchanged\tgone\t")
	for _, r := range rep.Results {
		if r.Plan == nil {
			fmt.Fprintf(tw, "%s\t%s\t\t\t\t\t\t\n", r.Connection, r.Status)
			continue
		}
		for _, k := range []struct {
			what string
			c    ingest.Change
		}{{"users", r.Plan.Users}, {"groups", r.Plan.Groups}, {"memberships", r.Plan.Memberships}} {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t\n", r.Connection, r.Status, k.what, k.c.Listed, k.c.New, k.c.Changed, k.c.Gone)
		}
	}
	tw.Flush()
	printProblems(w, rep)
}

// printProblems says what went wrong with each connection, why nothing was
// (or would be) removed, and which connections failed.
func printProblems(w io.Writer, rep ingest.Report) {
	for _, r := range rep.Results {
		if r.UnresolvedMembers > 0 {
			verb := "link"
			if r.Plan != nil {
				verb = "would link"
			}
			fmt.Fprintf(w, "%s: %d member entries name an id the listing lacks; they %s nothing\n", r.Connection, r.UnresolvedMembers, verb)
		}
		skipped := r.UserListing.SkippedCount + r.GroupListing.SkippedCount
		partial := r.UserListing.WarningCount + r.GroupListing.WarningCount
		if skipped+partial > 0 {
			fmt.Fprintf(w, "%s: %d resources skipped, %d read without some attributes (each with its id in --report)\n", r.Connection, skipped, partial)
		}
		if r.Err != nil {
			fmt.Fprintf(w, "%s: %s: %v\n", r.Connection, r.Status, r.Err)
			if p := scim.Classify(r.Err); p != scim.ProblemNone && p != scim.ProblemOther {
				_, fix, _ := explain(p, "")
				fmt.Fprintf(w, "%s: fix: %s (scim2neo4j check diagnoses one connection)\n", r.Connection, fix)
			}
		}
		removed, written := "nothing removed", "were written once"
		if r.Plan != nil {
			removed, written = "a sync would remove nothing", "would be written once"
		}
		if r.RemovalSkipped != "" {
			fmt.Fprintf(w, "%s: %s: %s\n", r.Connection, removed, r.RemovalSkipped)
		}
		if d := r.UserListing.Duplicates + r.GroupListing.Duplicates; d > 0 {
			fmt.Fprintf(w, "%s: %d duplicate resources in the listing %s\n", r.Connection, d, written)
		}
	}
	if failed := rep.Failed(); len(failed) > 0 {
		fmt.Fprintf(w, "%d of %d connections failed: %s\n", len(failed), len(rep.Results), strings.Join(failed, ", "))
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
