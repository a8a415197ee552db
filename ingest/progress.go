package ingest

import (
	"sync"
	"sync/atomic"
	"time"
)

// Progress is a live view of the connections of one invocation, updated by
// the pipeline and read by a display (a terminal line, periodic log lines)
// while the runs go on. A nil *Progress records nothing.
type Progress struct {
	mu    sync.Mutex
	conns []*ConnectionProgress
}

// ConnectionProgress counts one connection's run as it goes.
type ConnectionProgress struct {
	Name    string
	RunID   string // the run's id, as its log lines and Result carry it
	Started time.Time

	phase                                  atomic.Value // string
	phaseStarted                           atomic.Int64 // unix nanoseconds
	source                                 Source
	UsersFetched, GroupsFetched            atomic.Int64
	UsersWritten, GroupsWritten            atomic.Int64
	MembershipsToWrite, MembershipsWritten atomic.Int64
}

// announcer is a Source that knows the totals its server announced.
type announcer interface {
	Announced(resource string) int
}

// Announced is the total of "Users" or "Groups" the server announced, or
// -1 while unknown (or when the source cannot say).
func (c *ConnectionProgress) Announced(resource string) int {
	if a, ok := c.source.(announcer); ok {
		return a.Announced(resource)
	}
	return -1
}

// Phases a connection's run goes through, in order.
const (
	PhaseStarting    = "starting"
	PhaseNodes       = "fetching and writing accounts and groups"
	PhaseMemberships = "writing memberships"
	PhaseManagers    = "linking managers"
	PhaseRemoval     = "removing what disappeared"
	PhaseDone        = "done"

	// Phases of a dry run.
	PhaseCompareNodes       = "fetching and comparing accounts and groups"
	PhaseCompareMemberships = "comparing memberships"
)

// connection returns the counters of a connection's run, registered for
// display unless p is nil.
func (p *Progress) connection(name, runID string, source Source) *ConnectionProgress {
	c := &ConnectionProgress{Name: name, RunID: runID, Started: time.Now(), source: source}
	c.setPhase(PhaseStarting)
	if p == nil {
		return c
	}
	p.mu.Lock()
	p.conns = append(p.conns, c)
	p.mu.Unlock()
	return c
}

// Connections returns the connections registered so far.
func (p *Progress) Connections() []*ConnectionProgress {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*ConnectionProgress(nil), p.conns...)
}

// Phase is what the run is doing now.
func (c *ConnectionProgress) Phase() string { return c.phase.Load().(string) }

// setPhase records the phase and when it began.
func (c *ConnectionProgress) setPhase(phase string) {
	c.phaseStarted.Store(time.Now().UnixNano())
	c.phase.Store(phase)
}

// PhaseStarted is when the current phase began.
func (c *ConnectionProgress) PhaseStarted() time.Time { return time.Unix(0, c.phaseStarted.Load()) }
