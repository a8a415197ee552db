package directory

import (
	"slices"
	"strconv"
)

const (
	// allEmployeesIndex is the index of the group containing every user.
	allEmployeesIndex = 0
	// chainEvery and chainDepth: every chainEvery-th regular group starts a
	// chain of chainDepth nested groups (g0 contains g1 contains g2 ...).
	chainEvery = 40
	chainDepth = 4
	// nestParentPermille is the share of other regular groups that contain
	// one or two leaf groups.
	nestParentPermille = 40
)

// bigGroup describes a large group that a fixed share of users joins.
type bigGroup struct {
	name     string
	permille int
}

// bigGroups follow "All Employees" at indexes 1.. and hold ~10-20% of users.
var bigGroups = [...]bigGroup{
	{name: "VPN Users", permille: 150},
	{name: "Remote Workers", permille: 100},
}

// groupPlan describes which role each group index plays and holds what user
// generation needs to pick memberships. It depends only on (seed, count).
type groupPlan struct {
	count        int
	dense        bool // Options.Dense
	firstDept    int
	firstRegular int
	// cumWeight[t] is the cumulative weight of regular groups 0..t; users
	// pick regular groups proportionally to their weight.
	cumWeight []uint64
}

// newGroupPlan lays out count groups: All Employees, the big groups, one
// group per department, then regular groups with heavy-tailed weights.
func newGroupPlan(seed int64, count int) *groupPlan {
	p := &groupPlan{
		count:        count,
		firstDept:    1 + len(bigGroups),
		firstRegular: 1 + len(bigGroups) + len(departments),
	}
	var total uint64
	for j := p.firstRegular; j < count; j++ {
		total += regularWeight(seed, j)
		p.cumWeight = append(p.cumWeight, total)
	}
	return p
}

// regularWeight is the relative size of regular group j: log-uniform over
// 4..256, so most regular groups are small and a few are large.
func regularWeight(seed int64, j int) uint64 {
	r := newRand(seed, streamGroupWeight, j)
	return 1 << (2 + r.IntN(7))
}

// isRegular reports whether group j is a regular (weighted) group.
func (p *groupPlan) isRegular(j int) bool {
	return j >= p.firstRegular && j < p.count
}

// chainPos returns the position of regular group j within its block of
// chainEvery groups; positions below chainDepth form a nesting chain if the
// whole chain fits.
func (p *groupPlan) chainPos(j int) (pos int, inChain bool) {
	rel := j - p.firstRegular
	pos = rel % chainEvery
	start := rel - pos
	return pos, pos < chainDepth && start+chainDepth <= p.count-p.firstRegular
}

// isNestParent reports whether regular group j (outside chains) contains
// leaf groups. It is its own random stream so it can be asked about any j.
func (p *groupPlan) isNestParent(seed int64, j int) bool {
	if _, inChain := p.chainPos(j); inChain || !p.isRegular(j) {
		return false
	}
	return chance(newRand(seed, streamGroupNest, j), nestParentPermille)
}

// children returns the indexes of the groups nested directly in group j.
// Every child has a higher index than j, so nesting is acyclic; depth is at
// most chainDepth.
func (p *groupPlan) children(seed int64, j int) []int {
	if !p.isRegular(j) {
		return nil
	}
	if pos, inChain := p.chainPos(j); inChain {
		if pos < chainDepth-1 {
			return []int{j + 1}
		}
		return nil
	}
	if !p.isNestParent(seed, j) || j+1 >= p.count {
		return nil
	}
	r := newRand(seed, streamGroupNest, j)
	r.IntN(1000) // the isNestParent draw
	want := 1 + r.IntN(2)
	var kids []int
	for attempt := 0; attempt < 8 && len(kids) < want; attempt++ {
		k := j + 1 + r.IntN(p.count-j-1)
		if _, inChain := p.chainPos(k); inChain || p.isNestParent(seed, k) || slices.Contains(kids, k) {
			continue
		}
		kids = append(kids, k)
	}
	slices.Sort(kids)
	return kids
}

// makeGroup builds the identity of group j (no members).
func (p *groupPlan) makeGroup(seed int64, j int) Group {
	g := Group{
		ID:         newID(seed, idKindGroup, j),
		ExternalID: "grp-" + strconv.Itoa(j+1),
	}
	switch {
	case j == allEmployeesIndex:
		g.DisplayName = "All Employees"
	case j < p.firstDept:
		g.DisplayName = bigGroups[j-1].name
	case j < p.firstRegular:
		g.DisplayName = "Department " + departments[j-p.firstDept]
	default:
		r := newRand(seed, streamGroup, j)
		g.DisplayName = groupPrefixes[r.IntN(len(groupPrefixes))] + " " +
			groupNouns[r.IntN(len(groupNouns))] + " " + strconv.Itoa(j)
	}
	return g
}
