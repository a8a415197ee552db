package ingest

import (
	"errors"
	"time"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/scim"
)

// Status is how a connection's run ended.
type Status string

// Run outcomes.
const (
	StatusOK          Status = "ok"          // everything read and written; stale items removed
	StatusIncomplete  Status = "incomplete"  // written, but the listing was partial: nothing removed
	StatusBlocked     Status = "blocked"     // written, but removal would exceed the mass-removal guard
	StatusFailed      Status = "failed"      // an error stopped the run; nothing removed
	StatusInterrupted Status = "interrupted" // stopped by a signal or cancellation; nothing removed
)

// ErrMassRemoval is returned when a run would remove more than the allowed
// share of a connection's accounts or groups.
var ErrMassRemoval = errors.New("mass removal refused")

// Counts says what one resource type's writes did.
type Counts struct {
	Written int // rows written (nodes or relationships upserted)
	Created int // of those, newly created
}

// Result reports one connection's run.
type Result struct {
	Connection string
	RunID      string
	Status     Status
	Err        error
	// RemovalSkipped says why stale items were kept, when they were.
	RemovalSkipped string
	Started        time.Time
	Finished       time.Time

	UserListing  scim.ListStats
	GroupListing scim.ListStats

	Users       Counts
	Groups      Counts
	Memberships Counts
	// UnresolvedMembers are member entries naming an id that no listed
	// account or group has; they create nothing.
	UnresolvedMembers int
	ManagersLinked    int
	Removed           cypher.Removed
	// Touched is how many identity keys the run touched: those of the
	// accounts it wrote and of the identities that held its accounts.
	Touched int
	// Reconciled is the reconciliation that followed the run when it
	// was synced alone (Sync); SyncAll reports its one reconciliation of
	// all connections in Report.Reconciled instead.
	Reconciled Reconciliation
	// Plan is set by a dry run only: what a sync would change. A dry run
	// fills Users, Groups and Memberships with what it compared (Written:
	// listed, Created: new) and Removed not at all.
	Plan *Plan
}

// Duration is the wall time of the run.
func (r Result) Duration() time.Duration { return r.Finished.Sub(r.Started) }
