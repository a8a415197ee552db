package logctx

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"
)

// TestHandlerAddsContextAttrs: a record logged with a context that With
// filled carries its attributes, in order and accumulated over nested
// With calls; a record logged without that context carries none; the
// logger's own attributes stay.
func TestHandlerAddsContextAttrs(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewHandler(slog.NewJSONHandler(&buf, nil))).With("component", "scim")
	ctx := With(context.Background(), "connection", "hr")
	ctx = With(ctx, slog.String("run", "r1"))

	tests := []struct {
		name string
		log  func()
		want map[string]any
	}{
		{"with context", func() { log.InfoContext(ctx, "request", "status", 200) },
			map[string]any{"msg": "request", "component": "scim", "connection": "hr", "run": "r1", "status": float64(200)}},
		{"without context", func() { log.Info("plain") },
			map[string]any{"msg": "plain", "component": "scim"}},
		{"background context", func() { log.WarnContext(context.Background(), "bg") },
			map[string]any{"msg": "bg", "component": "scim"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buf.Reset()
			tt.log()
			var got map[string]any
			if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
				t.Fatalf("%v: %s", err, buf.String())
			}
			delete(got, "time")
			delete(got, "level")
			if len(got) != len(tt.want) {
				t.Fatalf("record %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s = %v, want %v (record %v)", k, got[k], v, got)
				}
			}
		})
	}
	parent := With(context.Background(), "a", 1)
	_ = With(parent, "b", 2)
	if n := len(Attrs(parent)); n != 1 {
		t.Fatalf("a child context changed its parent's attributes: %d", n)
	}
}
