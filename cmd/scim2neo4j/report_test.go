package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/scim"
)

// reportSchema compiles docs/report.schema.json.
func reportSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	s, err := c.Compile(filepath.Join("..", "..", "docs", "report.schema.json"))
	if err != nil {
		t.Fatalf("compile the report schema: %v", err)
	}
	return s
}

func TestReportMatchesSchema(t *testing.T) {
	schema := reportSchema(t)
	start := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	ok := ingest.Result{Connection: "hr", RunID: "r1", Status: ingest.StatusOK, Started: start, Finished: start.Add(3 * time.Second),
		UserListing:  scim.ListStats{Paging: scim.PagingIndex, Announced: 10, Pages: 1, Received: 11, Unique: 10, Duplicates: 1},
		GroupListing: scim.ListStats{Paging: scim.PagingCursor, Announced: -1, Pages: 2, Received: 3, Unique: 3},
		Users:        ingest.Counts{Written: 10, Created: 2}, Memberships: ingest.Counts{Written: 7},
		Removed: cypher.Removed{Users: 1}, Touched: 10}
	partial := ingest.Result{Connection: "crm", RunID: "r2", Status: ingest.StatusIncomplete, Started: start, Finished: start.Add(time.Second),
		RemovalSkipped: "users: 1 resources could not be decoded",
		UserListing: scim.ListStats{Paging: scim.PagingIndex, Announced: 5, Unique: 4, SkippedCount: 1,
			Skipped:  []*scim.ResourceError{{Path: "Users", ID: "x", Err: errors.New("missing id")}},
			Warnings: []*scim.ResourceError{{Path: "Users", ID: "y", Err: errors.New("dropped attributes of an unexpected type: title")}}, WarningCount: 1}}
	failed := ingest.Result{Connection: "slack", Status: ingest.StatusFailed, Err: errors.New("fetch users: HTTP 401"), Started: start, Finished: start}
	rep := ingest.Report{Results: []ingest.Result{ok, partial, failed}}

	planned := ok
	planned.Plan = &ingest.Plan{Users: ingest.Change{Listed: 10, New: 2, Changed: 3, Gone: 1}, Memberships: ingest.Change{Listed: 7, New: 7}}
	dry := buildReport(ingest.Report{Results: []ingest.Result{planned, failed}}, start, start, 0)
	if !dry.DryRun || dry.Connections[0].Plan == nil || dry.Connections[0].Plan.Users.Changed != 3 {
		t.Fatalf("dry-run report lost its plan: %+v", dry)
	}
	for _, r := range []jsonReport{
		buildReport(rep, start, start.Add(5*time.Second), 3),
		buildReport(ingest.Report{}, start, start, 0),
		dry,
		startFailureReport([]ingest.Connection{{Name: "hr"}, {Name: "crm"}}, start, errors.New("neo4j unavailable at bolt://127.0.0.1:7687")),
	} {
		path := filepath.Join(t.TempDir(), "report.json")
		if err := writeReport(path, r); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytesReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Fatalf("report does not match docs/report.schema.json: %v\n%s", err, b)
		}
	}

	// The schema must reject what is not a report, or the test proves nothing.
	for _, bad := range []string{`{}`, `{"schemaVersion":"2"}`} {
		var doc any
		_ = json.Unmarshal([]byte(bad), &doc)
		if schema.Validate(doc) == nil {
			t.Fatalf("the schema accepts %s", bad)
		}
	}
}

// bytesReader adapts a byte slice for jsonschema.UnmarshalJSON.
func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
