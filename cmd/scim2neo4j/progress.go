package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/scim2neo4j/scim2neo4j/ingest"
)

// Refresh intervals of the two progress displays.
const (
	liveRefresh = 250 * time.Millisecond
	logRefresh  = 10 * time.Second
)

// showProgress displays p on stderr until the returned stop is called: a
// live status block on a terminal, a log line per connection every few
// seconds otherwise, nothing with --quiet.
func showProgress(quiet bool, p *ingest.Progress) (stop func()) {
	if quiet {
		return func() {}
	}
	live := term.IsTerminal(int(os.Stderr.Fd()))
	every := logRefresh
	if live {
		every = liveRefresh
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				if live {
					stderr.draw(block(p))
					stderr.release()
				}
				return
			case <-t.C:
				if live {
					stderr.draw(block(p))
				} else {
					logProgress(p)
				}
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// block renders every connection's status line.
func block(p *ingest.Progress) []string {
	var lines []string
	for _, c := range p.Connections() {
		lines = append(lines, statusLine(c, time.Now()))
	}
	return lines
}

// termWriter is stderr shared by log lines and the live status block: a
// log line first erases the block, so the two never garble each other,
// and the next redraw puts the block back below it.
type termWriter struct {
	mu    sync.Mutex
	w     io.Writer
	drawn int // lines of the block now on screen
}

// stderr is where logs and progress go.
var stderr = &termWriter{w: os.Stderr}

// Write erases the block and writes p.
func (t *termWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.erase()
	return t.w.Write(p)
}

// draw replaces the block on screen with lines.
func (t *termWriter) draw(lines []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.erase()
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l)
		b.WriteString("\x1b[K\n")
	}
	_, _ = io.WriteString(t.w, b.String())
	t.drawn = len(lines)
}

// release leaves the block on screen for good (the final state).
func (t *termWriter) release() {
	t.mu.Lock()
	t.drawn = 0
	t.mu.Unlock()
}

// erase removes the block: cursor up over it, clear to the end of screen.
func (t *termWriter) erase() {
	if t.drawn > 0 {
		fmt.Fprintf(t.w, "\x1b[%dA\x1b[J", t.drawn)
		t.drawn = 0
	}
}

// logProgress writes one log line per connection still running.
func logProgress(p *ingest.Progress) {
	for _, c := range p.Connections() {
		if c.Phase() == ingest.PhaseDone {
			continue
		}
		logger.Info("progress", "connection", c.Name, "run", c.RunID, "status", statusLine(c, time.Now()))
	}
}

// statusLine renders one connection's progress: phase, counts, rate, ETA.
func statusLine(c *ingest.ConnectionProgress, now time.Time) string {
	elapsed := now.Sub(c.Started)
	users, groups := c.UsersWritten.Load(), c.GroupsWritten.Load()
	members, toWrite := c.MembershipsWritten.Load(), c.MembershipsToWrite.Load()
	line := fmt.Sprintf("%-16s %-42s users %s  groups %s  memberships %s",
		clipName(c.Name, 16), c.Phase(),
		ofTotal(users, c.UsersFetched.Load(), int64(c.Announced("Users"))),
		ofTotal(groups, c.GroupsFetched.Load(), int64(c.Announced("Groups"))),
		ofTotal(members, 0, toWrite))
	written := users + groups + members
	if secs := elapsed.Seconds(); secs >= 1 {
		line += fmt.Sprintf("  %.0f/s", float64(written)/secs)
	}
	if eta, ok := estimate(c, now.Sub(c.PhaseStarted())); ok {
		line += "  ETA " + eta.Round(time.Second).String()
	}
	return line + "  " + elapsed.Round(time.Second).String()
}

// ofTotal renders "written/fetched" with the announced total when known.
func ofTotal(written, fetched, announced int64) string {
	s := fmt.Sprintf("%d", written)
	if fetched > written {
		s += fmt.Sprintf(" (fetched %d)", fetched)
	}
	if announced >= 0 {
		s += fmt.Sprintf("/%d", announced)
	}
	return s
}

// estimate extrapolates the current phase's remaining time from its
// progress in the time it has run, when its total is known.
func estimate(c *ingest.ConnectionProgress, inPhase time.Duration) (time.Duration, bool) {
	var done, total int64
	switch c.Phase() {
	case ingest.PhaseNodes:
		done, total = c.UsersWritten.Load(), int64(c.Announced("Users"))
	case ingest.PhaseMemberships:
		done, total = c.MembershipsWritten.Load(), c.MembershipsToWrite.Load()
	default:
		return 0, false
	}
	if done <= 0 || total <= done {
		return 0, false
	}
	return time.Duration(float64(inPhase) * float64(total-done) / float64(done)), true
}

// clipName shortens a connection name for the fixed-width display.
func clipName(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}
