package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestLoggingFlagsEitherSide: --log-format and --log-level work before the
// command's name and after it; given after it they win, and a flag given
// only before it is kept.
func TestLoggingFlagsEitherSide(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		wantJSON  bool
		wantDebug bool
	}{
		{"defaults", []string{"version"}, false, false},
		{"before the command", []string{"--log-format", "json", "--log-level", "debug", "version"}, true, true},
		{"after the command", []string{"version", "--log-format", "json", "--log-level", "debug"}, true, true},
		{"format before, level after", []string{"--log-format", "json", "version", "--log-level", "debug"}, true, true},
		{"after wins", []string{"--log-format", "json", "version", "--log-format", "text"}, false, false},
	}
	saved := stderr
	t.Cleanup(func() { stderr = saved })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			stderr = &termWriter{w: &buf}
			app := newApp()
			app.Writer = &bytes.Buffer{}
			if err := app.Run(append([]string{"scim2neo4j"}, tt.args...)); err != nil {
				t.Fatal(err)
			}
			logger.Debug("probe-debug")
			logger.Info("probe-info")
			out := buf.String()
			if got := strings.HasPrefix(out, "{"); got != tt.wantJSON {
				t.Errorf("JSON %v, want %v: %q", got, tt.wantJSON, out)
			}
			if got := strings.Contains(out, "probe-debug"); got != tt.wantDebug {
				t.Errorf("debug line logged %v, want %v: %q", got, tt.wantDebug, out)
			}
			if !strings.Contains(out, "probe-info") {
				t.Errorf("no info line: %q", out)
			}
		})
	}
}
