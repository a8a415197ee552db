package directory

import (
	"math/rand/v2"
	"slices"
)

const (
	// maxRegularPicks bounds the regular groups a user joins directly.
	maxRegularPicks = 3
	// maxPicks bounds all direct memberships of one user: All Employees,
	// the big groups, the department group and the regular groups.
	maxPicks = 1 + len(bigGroups) + 1 + maxRegularPicks
	// densePermille is the share of users in the first big group ("VPN
	// Users") of a dense directory.
	densePermille = 200
)

// pickGroups appends the indexes of the groups user i belongs to directly to
// dst and returns the count. It draws from the user's own source r, so the
// result depends only on (seed, i, group count).
func (p *groupPlan) pickGroups(r *rand.Rand, dept int, dst *[maxPicks]int32) int {
	n := 0
	add := func(j int) {
		if j < p.count {
			dst[n] = int32(j)
			n++
		}
	}
	add(allEmployeesIndex)
	for b, big := range bigGroups {
		permille := big.permille
		if p.dense && b == 0 {
			permille = densePermille
		}
		if chance(r, permille) {
			add(1 + b)
		}
	}
	add(p.firstDept + dept)

	regular := len(p.cumWeight)
	if regular == 0 {
		return n
	}
	want := 1 + r.IntN(maxRegularPicks) // 1..3, mean 2
	if p.dense {
		want = 2 // 2 or 3, mean 2.7: 5 direct memberships per user in all
		if chance(r, 700) {
			want = 3
		}
	}
	want = min(want, regular)
	total := p.cumWeight[regular-1]
	first := n
	for attempt := 0; attempt < 4*want && n-first < want; attempt++ {
		// First regular group whose cumulative weight exceeds x.
		t, _ := slices.BinarySearch(p.cumWeight, r.Uint64N(total)+1)
		j := int32(p.firstRegular + t)
		if !slices.Contains(dst[first:n], j) {
			dst[n] = j
			n++
		}
	}
	return n
}

// fillMembers sets the member lists: users in ascending index (from the
// per-user picks), then nested groups in ascending index. All lists share
// one backing array, each capped to its own length.
func fillMembers(groups []Group, users []User, picks []int32, pickCount []uint8, children [][]int) {
	sizes := make([]int, len(groups))
	for i := range users {
		for _, j := range picks[i*maxPicks : i*maxPicks+int(pickCount[i])] {
			sizes[j]++
		}
	}
	total := 0
	for j := range groups {
		sizes[j] += len(children[j])
		total += sizes[j]
	}
	backing := make([]Member, total)
	off := 0
	for j := range groups {
		groups[j].Members = backing[off : off : off+sizes[j]]
		off += sizes[j]
	}
	for i := range users {
		for _, j := range picks[i*maxPicks : i*maxPicks+int(pickCount[i])] {
			groups[j].Members = append(groups[j].Members, Member{Value: users[i].ID, Type: MemberTypeUser})
		}
	}
	for j := range groups {
		for _, k := range children[j] {
			groups[j].Members = append(groups[j].Members, Member{Value: groups[k].ID, Type: MemberTypeGroup})
		}
	}
}
