package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/scim"
)

// reportSchemaVersion is the version of the JSON report's format, which
// docs/report.schema.json describes. It changes only when a field changes
// meaning or goes away; new fields keep the version.
const reportSchemaVersion = "1"

// jsonReport is the --report file: the run summary, machine-readable.
type jsonReport struct {
	SchemaVersion    string           `json:"schemaVersion"`
	Started          time.Time        `json:"started"`
	Finished         time.Time        `json:"finished"`
	Success          bool             `json:"success"`
	DryRun           bool             `json:"dryRun,omitempty"`
	Neo4jRetries     int64            `json:"neo4jRetries"`
	Connections      []jsonConnection `json:"connections"`
	Reconciliation   jsonReconcile    `json:"reconciliation"`
	ReconcileError   string           `json:"reconcileError,omitempty"`
	Error            string           `json:"error,omitempty"`
	FailedConnection []string         `json:"failedConnections"`
}

// jsonConnection is one connection's run.
type jsonConnection struct {
	Name              string        `json:"name"`
	RunID             string        `json:"runId"`
	Status            string        `json:"status"`
	Error             string        `json:"error,omitempty"`
	RemovalSkipped    string        `json:"removalSkipped,omitempty"`
	Started           time.Time     `json:"started"`
	Finished          time.Time     `json:"finished"`
	DurationSeconds   float64       `json:"durationSeconds"`
	Users             jsonResource  `json:"users"`
	Groups            jsonResource  `json:"groups"`
	Memberships       jsonWritten   `json:"memberships"`
	UnresolvedMembers int           `json:"unresolvedMembers"`
	ManagersLinked    int           `json:"managersLinked"`
	Removed           jsonRemoved   `json:"removed"`
	TouchedIdentities int           `json:"touchedIdentities"`
	Problems          []jsonProblem `json:"problems"`
	Plan              *jsonPlan     `json:"plan,omitempty"`
}

// jsonPlan is what a dry run found a sync would change.
type jsonPlan struct {
	Users       jsonChange `json:"users"`
	Groups      jsonChange `json:"groups"`
	Memberships jsonChange `json:"memberships"`
}

// jsonChange is what a sync would do to one kind of item.
type jsonChange struct {
	Listed  int `json:"listed"`
	New     int `json:"new"`
	Changed int `json:"changed"`
	Gone    int `json:"gone"`
}

// jsonResource is what happened to one resource type.
type jsonResource struct {
	Listing jsonListing `json:"listing"`
	jsonWritten
}

// jsonWritten counts writes.
type jsonWritten struct {
	Written int `json:"written"`
	Created int `json:"created"`
}

// jsonListing describes a SCIM listing.
type jsonListing struct {
	Paging         string `json:"paging"`
	Announced      *int   `json:"announced"` // null when the server gave no totalResults
	Pages          int    `json:"pages"`
	Received       int    `json:"received"`
	Unique         int    `json:"unique"`
	Duplicates     int    `json:"duplicates"`
	Skipped        int    `json:"skipped"`
	Warnings       int    `json:"warnings"`
	Vanished       int    `json:"vanished"`
	Complete       bool   `json:"complete"`
	Incompleteness string `json:"incompleteness,omitempty"`
}

// jsonRemoved counts stale removal.
type jsonRemoved struct {
	Users       int `json:"users"`
	Groups      int `json:"groups"`
	Memberships int `json:"memberships"`
	Managers    int `json:"managerLinks"`
}

// jsonProblem is one resource the run skipped or only partly read.
type jsonProblem struct {
	Resource string `json:"resource"`
	ID       string `json:"id"`
	Severity string `json:"severity"` // "skipped" or "warning"
	Problem  string `json:"problem"`
}

// jsonReconcile counts the reconciliation of identities.
type jsonReconcile struct {
	Keys            int     `json:"keys"`
	Created         int     `json:"created"`
	Updated         int     `json:"updated"`
	Removed         int     `json:"removed"`
	LinksCreated    int     `json:"linksCreated"`
	LinksRemoved    int     `json:"linksRemoved"`
	DurationSeconds float64 `json:"durationSeconds"`
}

// buildReport renders a run for the --report file.
func buildReport(rep ingest.Report, started, finished time.Time, retries int64) jsonReport {
	out := jsonReport{
		SchemaVersion: reportSchemaVersion, Started: started.UTC(), Finished: finished.UTC(),
		Success: rep.Err() == nil, Neo4jRetries: retries, Connections: []jsonConnection{},
		FailedConnection: append([]string{}, rep.Failed()...),
		Reconciliation: jsonReconcile{
			Keys: rep.Reconciled.Keys, Created: rep.Reconciled.Created, Updated: rep.Reconciled.Updated,
			Removed: rep.Reconciled.Removed, LinksCreated: rep.Reconciled.LinksCreated, LinksRemoved: rep.Reconciled.LinksRemoved,
			DurationSeconds: rep.Reconciled.Duration.Seconds(),
		},
	}
	if rep.ReconcileErr != nil {
		out.ReconcileError = rep.ReconcileErr.Error()
	}
	for _, r := range rep.Results {
		c := jsonConnection{
			Name: r.Connection, RunID: r.RunID, Status: string(r.Status), RemovalSkipped: r.RemovalSkipped,
			Started: r.Started.UTC(), Finished: r.Finished.UTC(), DurationSeconds: r.Duration().Seconds(),
			Users:             jsonResource{Listing: listing(r.UserListing), jsonWritten: jsonWritten(r.Users)},
			Groups:            jsonResource{Listing: listing(r.GroupListing), jsonWritten: jsonWritten(r.Groups)},
			Memberships:       jsonWritten(r.Memberships),
			UnresolvedMembers: r.UnresolvedMembers, ManagersLinked: r.ManagersLinked,
			Removed:           jsonRemoved(r.Removed),
			TouchedIdentities: r.Touched,
			Problems:          []jsonProblem{},
		}
		if r.Err != nil {
			c.Error = r.Err.Error()
		}
		if r.Plan != nil {
			out.DryRun = true
			c.Plan = &jsonPlan{Users: jsonChange(r.Plan.Users), Groups: jsonChange(r.Plan.Groups), Memberships: jsonChange(r.Plan.Memberships)}
		}
		for _, l := range []scim.ListStats{r.UserListing, r.GroupListing} {
			c.Problems = append(c.Problems, problems(l.Skipped, "skipped")...)
			c.Problems = append(c.Problems, problems(l.Warnings, "warning")...)
		}
		out.Connections = append(out.Connections, c)
	}
	return out
}

// listing renders listing statistics.
func listing(s scim.ListStats) jsonListing {
	l := jsonListing{
		Paging: string(s.Paging), Pages: s.Pages, Received: s.Received, Unique: s.Unique,
		Duplicates: s.Duplicates, Skipped: s.SkippedCount, Warnings: s.WarningCount, Vanished: s.Vanished,
		Complete: s.Complete(), Incompleteness: s.Incompleteness(),
	}
	if s.Announced >= 0 {
		n := s.Announced
		l.Announced = &n
	}
	return l
}

// problems renders resource errors.
func problems(errs []*scim.ResourceError, severity string) []jsonProblem {
	var out []jsonProblem
	for _, e := range errs {
		out = append(out, jsonProblem{Resource: e.Path, ID: e.ID, Severity: severity, Problem: e.Err.Error()})
	}
	return out
}

// writeReport writes the report atomically: a reader never sees half a file.
func writeReport(path string, r jsonReport) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".scim2neo4j-report-*")
	if err != nil {
		return fmt.Errorf("report %s: %w", path, err)
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("report %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("report %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("report %s: %w", path, err)
	}
	return nil
}

// startFailureReport is the report of a run that stopped before it synced
// any connection: automation that finds exit code 1 or 2 still finds a
// report that says why.
func startFailureReport(conns []ingest.Connection, started time.Time, err error) jsonReport {
	out := buildReport(ingest.Report{}, started, time.Now(), 0)
	out.Success, out.Error = false, err.Error()
	for _, c := range conns {
		out.FailedConnection = append(out.FailedConnection, c.Name)
	}
	return out
}
