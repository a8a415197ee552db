package cypher_test

import (
	"context"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
)

// TestNoEagerPlans EXPLAINs every statement a sync or reconciliation runs
// over many rows: an Eager operator would make Neo4j materialise the whole
// batch (or, in CALL IN TRANSACTIONS, the whole match) before writing, which
// costs memory and serialises what should stream. It also checks that
// every lookup by key uses an index, never a label scan. (FinishRun is left
// out: it writes one node, where an Eager costs nothing.)
func TestNoEagerPlans(t *testing.T) {
	store := neo4jtest.Store(t)
	stmts := map[string]string{
		"UpsertUsers": cypher.StmtUpsertUsers, "UpsertGroups": cypher.StmtUpsertGroups,
		"MergeMemberships": cypher.StmtMergeMemberships, "LinkManagers": cypher.StmtLinkManagers,
		"CountStale": cypher.StmtCountStale, "RemoveStaleMemberships": cypher.StmtRemoveStaleMemberships,
		"RemoveStaleManagers": cypher.StmtRemoveStaleManagers, "RemoveStaleUsers": cypher.StmtRemoveStaleUsers,
		"RemoveStaleGroups": cypher.StmtRemoveStaleGroups, "StartRun": cypher.StmtStartRun,
		"ReconcileIdentities": cypher.StmtReconcileIdentities, "ConnectionIdentityKeys": cypher.StmtConnectionIdentityKeys,
		"CompareUsers": cypher.StmtCompareUsers, "CompareGroups": cypher.StmtCompareGroups,
		"CompareMemberships": cypher.StmtCompareMemberships, "CountConnection": cypher.StmtCountConnection,
	}
	for name, stmt := range stmts {
		t.Run(name, func(t *testing.T) {
			plan := explain(t, store, stmt)
			var ops []string
			walkPlan(plan, func(p neo4j.Plan) { ops = append(ops, p.Operator()) })
			if len(ops) == 0 {
				t.Fatal("EXPLAIN returned no plan")
			}
			for _, op := range ops {
				// EagerAggregation is an aggregation (count, collect), not
				// the Eager barrier between reads and conflicting writes.
				if strings.HasPrefix(op, "Eager") && !strings.HasPrefix(op, "EagerAggregation") {
					t.Errorf("plan has %s: %s", op, strings.Join(ops, " < "))
				}
				if strings.HasPrefix(op, "AllNodesScan") || strings.HasPrefix(op, "NodeByLabelScan") {
					t.Errorf("plan scans nodes (%s) instead of using an index: %s", op, strings.Join(ops, " < "))
				}
			}
		})
	}
}

// explain returns the plan Neo4j would run stmt with.
func explain(t *testing.T, store *cypher.Store, stmt string) neo4j.Plan {
	t.Helper()
	ctx := context.Background()
	session := store.Driver().NewSession(ctx, neo4j.SessionConfig{DatabaseName: store.Database()})
	defer session.Close(ctx)
	res, err := session.Run(ctx, "EXPLAIN "+stmt, nil)
	if err != nil {
		t.Fatalf("EXPLAIN: %v", err)
	}
	summary, err := res.Consume(ctx)
	if err != nil {
		t.Fatalf("EXPLAIN: %v", err)
	}
	return summary.Plan()
}

// walkPlan visits every operator of a plan.
func walkPlan(p neo4j.Plan, visit func(neo4j.Plan)) {
	if p == nil {
		return
	}
	visit(p)
	for _, c := range p.Children() {
		walkPlan(c, visit)
	}
}
