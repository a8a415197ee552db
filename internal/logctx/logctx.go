// Package logctx carries log attributes in a context.Context, so that a
// line logged deep inside the scim or cypher packages names the run and
// connection it belongs to, although those packages know nothing of runs.
// The ingest package puts the attributes in the context of each
// connection's run; the command's log handler adds them to every record
// logged with that context.
package logctx

import (
	"context"
	"log/slog"
)

type attrsKey struct{}

// With returns a context whose log records carry args (key-value pairs or
// slog.Attr values, as slog.Logger.With takes them) besides any the
// context carried already.
func With(ctx context.Context, args ...any) context.Context {
	rec := slog.Record{}
	rec.Add(args...)
	attrs := append([]slog.Attr(nil), Attrs(ctx)...)
	rec.Attrs(func(a slog.Attr) bool {
		attrs = append(attrs, a)
		return true
	})
	return context.WithValue(ctx, attrsKey{}, attrs)
}

// Attrs returns the attributes that With put in ctx, oldest first.
func Attrs(ctx context.Context) []slog.Attr {
	if ctx == nil {
		return nil
	}
	attrs, _ := ctx.Value(attrsKey{}).([]slog.Attr)
	return attrs
}

// Handler adds the context's attributes to each record before passing it
// on to the handler it wraps.
type Handler struct {
	next slog.Handler
}

// NewHandler wraps next.
func NewHandler(next slog.Handler) *Handler { return &Handler{next: next} }

// Enabled reports whether the wrapped handler handles records at level.
func (h *Handler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.next.Enabled(ctx, level)
}

// Handle adds the context's attributes to r and passes it on.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	if attrs := Attrs(ctx); len(attrs) > 0 {
		r = r.Clone()
		r.AddAttrs(attrs...)
	}
	return h.next.Handle(ctx, r)
}

// WithAttrs wraps the wrapped handler's WithAttrs.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &Handler{next: h.next.WithAttrs(attrs)}
}

// WithGroup wraps the wrapped handler's WithGroup.
func (h *Handler) WithGroup(name string) slog.Handler {
	return &Handler{next: h.next.WithGroup(name)}
}
