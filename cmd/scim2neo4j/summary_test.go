package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/scim"
)

// TestSummaryTable: the summary has one row per connection and kind of
// item with what was fetched, written, created, kept (written but not
// created), removed and warned about, and says below the table what
// went wrong with which connection.
func TestSummaryTable(t *testing.T) {
	start := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	rep := ingest.Report{Results: []ingest.Result{
		{Connection: "hr", Status: ingest.StatusOK, Started: start, Finished: start.Add(1500 * time.Millisecond),
			UserListing:  scim.ListStats{Unique: 10, WarningCount: 2, SkippedCount: 1},
			GroupListing: scim.ListStats{Unique: 3},
			Users:        ingest.Counts{Written: 10, Created: 4}, Groups: ingest.Counts{Written: 3, Created: 3},
			Memberships: ingest.Counts{Written: 7, Created: 1}, UnresolvedMembers: 5,
			Removed: cypher.Removed{Users: 2, Groups: 1, Memberships: 6}},
		{Connection: "crm", Status: ingest.StatusFailed, Started: start, Finished: start.Add(time.Second),
			Err: errors.New("list users page 2: 503 Service Unavailable")},
		{Connection: "wiki", Status: ingest.StatusFailed, Started: start, Finished: start,
			Err: fmt.Errorf("list users page 1: %w", &scim.HTTPError{Method: "GET", URL: "https://wiki.example.com/scim/v2/Users", Status: 401})},
	}}
	var out bytes.Buffer
	printSummary(&out, rep, 3)
	got := out.String()

	rows := map[string][]string{}
	for _, line := range strings.Split(got, "\n") {
		f := strings.Fields(line)
		if len(f) >= 9 && (f[0] == "hr" || f[0] == "crm") {
			rows[f[0]+" "+f[2]] = f[1:]
		}
	}
	tests := []struct {
		row  string
		want string // status items fetched written created kept removed warnings [duration]
	}{
		{"hr users", "ok users 10 10 4 6 2 3 1.5s"},
		{"hr groups", "ok groups 3 3 3 0 1 0"},
		{"hr memberships", "ok memberships - 7 1 6 6 5"},
		{"crm users", "failed users 0 0 0 0 0 0 1s"},
		{"crm memberships", "failed memberships - 0 0 0 0 0"},
	}
	for _, tt := range tests {
		if g := strings.Join(rows[tt.row], " "); g != tt.want {
			t.Errorf("row %s: %q, want %q\n%s", tt.row, g, tt.want, got)
		}
	}
	if strings.Contains(got, "crm: fix:") {
		t.Errorf("a fix for an error nobody classified:\n%s", got)
	}
	for _, line := range []string{
		"hr: 5 member entries name an id the listing lacks; they link nothing",
		"hr: 1 resources skipped, 2 read without some attributes",
		"crm: failed: list users page 2: 503 Service Unavailable",
		"2 of 3 connections failed: crm, wiki",
		"wiki: fix: check the connection's token, client secret or password",
		"neo4j transient-error retries: 3",
	} {
		if !strings.Contains(got, line) {
			t.Errorf("summary lacks %q:\n%s", line, got)
		}
	}
}
