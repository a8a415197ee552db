package main

import (
	"bytes"
	"context"
	"net"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/scimdemo"
)

func TestCheckDiagnoses(t *testing.T) {
	dir := directory.Generate(directory.Options{Users: 30, Groups: 5, Seed: 1})
	h, err := scimdemo.NewHandler(dir, "right-token", nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	closed := closedPort(t)

	tests := []struct {
		name     string
		url      string
		token    string
		wantCode int
		wantOut  []string
	}{
		{"demo server", srv.URL + "/scim/v2", "right-token", exitOK,
			[]string{"authentication accepted", "Users: totalResults 30", "Groups: totalResults 5", "would sync"}},
		{"wrong token", srv.URL + "/scim/v2", "wrong-token", exitUnauthorized,
			[]string{"credentials refused (401)", "bearer token is wrong or expired"}},
		{"base URL without /scim/v2", srv.URL, "right-token", exitWrongURL,
			[]string{"not found (404)", "lacks its SCIM prefix"}},
		{"closed port", "http://" + closed + "/scim/v2", "right-token", exitUnreachable,
			[]string{"connection refused", "firewall"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("SCIM_BEARER_TOKEN", tt.token)
			var out bytes.Buffer
			app := newApp()
			app.Writer = &out
			err := app.RunContext(context.Background(), []string{"scim2neo4j", "--log-level", "error", "check", "--name", "t", "--scim-url", tt.url})
			if code := exitCode(err, false); code != tt.wantCode {
				t.Fatalf("exit code %d, want %d; output:\n%s", code, tt.wantCode, out.String())
			}
			for _, s := range tt.wantOut {
				if !strings.Contains(out.String(), s) {
					t.Errorf("output lacks %q:\n%s", s, out.String())
				}
			}
			if strings.Contains(out.String(), tt.token) {
				t.Errorf("output shows the token:\n%s", out.String())
			}
		})
	}
}

// closedPort returns a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}
