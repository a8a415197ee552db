package ingest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/cypher"
)

// spillOf writes groups with the given sizes (and odd ids) into a spill.
func spillOf(t *testing.T, sizes []int) *spill {
	t.Helper()
	sp, err := newSpill(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sp.close() })
	for g, n := range sizes {
		var members []cypher.MembershipRow
		for m := range n {
			members = append(members, cypher.MembershipRow{Member: fmt.Sprintf("c/u\n%d\x00'`%d", g, m), Kind: cypher.MemberKind(m % 3)})
		}
		if err := sp.addGroup(fmt.Sprintf("c/g%d", g), members); err != nil {
			t.Fatal(err)
		}
	}
	return sp
}

// writerBatch is one batch partitionMemberships sent, and to which writer.
type writerBatch struct {
	writer int
	batch  []cypher.MembershipRow
}

// partitioned runs partitionMemberships over the spill with the given
// writers, batch size and filter, and returns every batch it sent.
func partitioned(t *testing.T, sp *spill, writers, batch int, keep func(cypher.MembershipRow) bool) []writerBatch {
	t.Helper()
	r, err := sp.rewind()
	if err != nil {
		t.Fatal(err)
	}
	outs := make([]chan []cypher.MembershipRow, writers)
	var mu sync.Mutex
	var got []writerBatch
	var wg sync.WaitGroup
	for i := range outs {
		outs[i] = make(chan []cypher.MembershipRow)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range outs[i] {
				mu.Lock()
				got = append(got, writerBatch{i, b})
				mu.Unlock()
			}
		}()
	}
	if err := partitionMemberships(context.Background(), batch, r, outs, keep); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	return got
}

func TestPartitionMemberships(t *testing.T) {
	tests := []struct {
		name    string
		sizes   []int
		batch   int
		writers int
	}{
		{"no groups", nil, 10, 3},
		{"empty groups", []int{0, 0, 0}, 10, 3},
		{"small groups packed", []int{3, 4, 2, 5, 1, 9, 10, 3}, 10, 3},
		{"one huge group", []int{95}, 10, 4},
		{"huge group among small", []int{3, 2, 57, 4, 10, 11, 1, 33}, 10, 3},
		{"single writer", []int{5, 25, 5}, 10, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := partitioned(t, spillOf(t, tt.sizes), tt.writers, tt.batch, keepAll)

			owner := map[string]int{} // group -> writer that got it
			perGroup := map[string]int{}
			for _, rc := range got {
				if len(rc.batch) == 0 || len(rc.batch) > tt.batch {
					t.Fatalf("batch of %d rows, want 1..%d", len(rc.batch), tt.batch)
				}
				for _, row := range rc.batch {
					perGroup[row.Group]++
					if w, ok := owner[row.Group]; ok && w != rc.writer {
						t.Fatalf("group %s went to writers %d and %d", row.Group, w, rc.writer)
					}
					owner[row.Group] = rc.writer
					if !strings.HasPrefix(row.Member, "c/u\n") {
						t.Fatalf("member id mangled: %q", row.Member)
					}
				}
				if !slices.IsSortedFunc(rc.batch, func(x, y cypher.MembershipRow) int { return strings.Compare(x.Member, y.Member) }) {
					t.Fatal("a batch is not sorted by member: writers could lock users in different orders")
				}
			}
			for g, n := range tt.sizes {
				if perGroup[fmt.Sprintf("c/g%d", g)] != n {
					t.Fatalf("group %d: %d rows delivered, want %d", g, perGroup[fmt.Sprintf("c/g%d", g)], n)
				}
			}
		})
	}
}

// TestMembershipPassesSplitByKind: the passes over one spill deliver
// every membership exactly once, nested groups only in the last pass and
// by a single writer, everything else before it.
func TestMembershipPassesSplitByKind(t *testing.T) {
	sp := spillOf(t, []int{7, 30, 2, 11})
	seen := map[cypher.MembershipRow]int{}
	for i, pass := range membershipPasses {
		writers := pass.writers
		if writers == 0 {
			writers = 3
		}
		last := i == len(membershipPasses)-1
		if last && writers != 1 {
			t.Fatalf("nested groups are written by %d writers, want 1", writers)
		}
		for _, wb := range partitioned(t, sp, writers, 4, pass.keep) {
			for _, row := range wb.batch {
				seen[row]++
				if (row.Kind == cypher.MemberGroup) != last {
					t.Errorf("pass %d got a %s member", i, row.Kind)
				}
			}
		}
	}
	if len(seen) != 7+30+2+11 {
		t.Fatalf("%d distinct memberships delivered, want %d", len(seen), 7+30+2+11)
	}
	for row, n := range seen {
		if n != 1 {
			t.Fatalf("%+v delivered %d times", row, n)
		}
	}
}
