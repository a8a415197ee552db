package scim

import (
	"context"
	"fmt"
	"io"
	"time"
)

// idleTimeout is why a request was cancelled: the server sent nothing for
// the configured time. It is a context.DeadlineExceeded, so it reads as a
// timeout everywhere (retries, diagnoses).
type idleTimeout struct{ after time.Duration }

func (e *idleTimeout) Error() string {
	return fmt.Sprintf("the server sent nothing for %s (--request-timeout)", e.after)
}
func (e *idleTimeout) Unwrap() error { return context.DeadlineExceeded }

// watchdog cancels a request when the server stays silent for longer than
// the timeout: while the response headers are awaited, and within each
// read of the body. Time the client spends between reads (decoding,
// waiting for the pipeline to take a part of a large group) does not
// count, so a page that keeps streaming is never cut off for being large.
type watchdog struct {
	timeout time.Duration
	timer   *time.Timer
}

// newWatchdog returns a disarmed watchdog that calls cancel when it fires.
func newWatchdog(timeout time.Duration, cancel context.CancelCauseFunc) *watchdog {
	cause := &idleTimeout{after: timeout}
	t := time.AfterFunc(time.Hour, func() { cancel(cause) })
	t.Stop()
	return &watchdog{timeout: timeout, timer: t}
}

// arm starts the silence clock.
func (w *watchdog) arm() { w.timer.Reset(w.timeout) }

// disarm stops it.
func (w *watchdog) disarm() { w.timer.Stop() }

// watchedReader arms the watchdog for the duration of each read.
type watchedReader struct {
	r io.Reader
	w *watchdog
}

// Read reads from the body with the watchdog armed.
func (r *watchedReader) Read(p []byte) (int, error) {
	r.w.arm()
	defer r.w.disarm()
	return r.r.Read(p)
}

// requestErr is err, or the watchdog's cause when it cancelled the request:
// a cancelled request otherwise reads as context.Canceled, which would
// hide the timeout and stop the retries.
func requestErr(ctx context.Context, err error) error {
	if ctx.Err() == nil {
		return err
	}
	if cause := context.Cause(ctx); cause != nil {
		return cause
	}
	return err
}
