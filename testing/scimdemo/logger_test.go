package scimdemo

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestSCIMLogger(t *testing.T) {
	tests := []struct {
		name        string
		args        []any
		wantContain []string
		wantAbsent  []string
	}{
		{
			name:        "message with attributes",
			args:        []any{"failed writing response", "error", "broken pipe"},
			wantContain: []string{`msg="scimdemo: failed writing response"`, `error="broken pipe"`},
		},
		{
			name:        "bulky values logged by type",
			args:        []any{"failed marshaling resource", "resource", []string{"huge-member-list"}},
			wantContain: []string{`resource=[]string`},
			wantAbsent:  []string{"huge-member-list"},
		},
		{
			name:        "non-string first argument",
			args:        []any{42, "x"},
			wantContain: []string{"SCIM library error", "42"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			scimLogger{logger: slog.New(slog.NewTextHandler(&buf, nil))}.Error(tt.args...)
			out := buf.String()
			for _, s := range tt.wantContain {
				if !strings.Contains(out, s) {
					t.Errorf("log %q does not contain %q", out, s)
				}
			}
			for _, s := range tt.wantAbsent {
				if strings.Contains(out, s) {
					t.Errorf("log %q contains %q", out, s)
				}
			}
		})
	}
}
