package directory

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
)

// fingerprint hashes every field of d in order, so equal fingerprints mean
// byte-identical directories.
func fingerprint(d *Directory) string {
	h := sha256.New()
	for _, u := range d.Users {
		fmt.Fprintf(h, "%q|%q|%q|%q|%q|%q|%q|%t|%q|%q|%q|", u.ID, u.UserName, u.DisplayName, u.GivenName,
			u.FamilyName, u.ExternalID, u.Title, u.Active, u.EmployeeNumber, u.Department, u.ManagerID)
		for _, e := range u.Emails {
			fmt.Fprintf(h, "%q/%q/%t|", e.Value, e.Type, e.Primary)
		}
		fmt.Fprintln(h)
	}
	for _, g := range d.Groups {
		fmt.Fprintf(h, "%q|%q|%q|", g.ID, g.DisplayName, g.ExternalID)
		for _, m := range g.Members {
			fmt.Fprintf(h, "%q/%q|", m.Value, m.Type)
		}
		fmt.Fprintln(h)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// indexes maps user and group IDs to their indexes in d.
func indexes(t *testing.T, d *Directory) (users, groups map[string]int) {
	t.Helper()
	users = make(map[string]int, len(d.Users))
	groups = make(map[string]int, len(d.Groups))
	for i, u := range d.Users {
		users[u.ID] = i
	}
	for j, g := range d.Groups {
		groups[g.ID] = j
	}
	return users, groups
}

// nestingDepth returns the number of groups on the longest chain of nested
// groups starting at group j (1 for a group without nested groups). It
// fails the test on a cycle.
func nestingDepth(t *testing.T, d *Directory, groupIdx map[string]int, j int, memo map[int]int, onPath map[int]bool) int {
	t.Helper()
	if v, ok := memo[j]; ok {
		return v
	}
	if onPath[j] {
		t.Fatalf("nesting cycle through group %d (%s)", j, d.Groups[j].DisplayName)
	}
	onPath[j] = true
	depth := 1
	for _, m := range d.Groups[j].Members {
		if m.Type == MemberTypeGroup {
			depth = max(depth, 1+nestingDepth(t, d, groupIdx, groupIdx[m.Value], memo, onPath))
		}
	}
	onPath[j] = false
	memo[j] = depth
	return depth
}
