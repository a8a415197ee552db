package directory

// Generate builds the directory described by o. Equal Options give equal
// directories; see the package documentation for the shrinking guarantees.
// Generation is sequential: on small VMs concurrent generation measured
// slower (first-touch page faults of the large slices contend).
func Generate(o Options) *Directory {
	nUsers, nGroups := max(o.Users, 0), max(o.Groups, 0)
	plan := newGroupPlan(o.Seed, nGroups)
	plan.dense = o.Dense

	users := make([]User, nUsers)
	picks := make([]int32, nUsers*maxPicks)
	pickCount := make([]uint8, nUsers)
	var buf [maxPicks]int32
	for i := range users {
		r := newRand(o.Seed, streamUser, i)
		extra := makeUser(o.Seed, i, r, &users[i])
		if extra.manager >= 0 { // always < i, so already generated
			users[i].ManagerID = users[extra.manager].ID
		}
		n := plan.pickGroups(r, extra.department, &buf)
		copy(picks[i*maxPicks:], buf[:n])
		pickCount[i] = uint8(n)
	}

	groups := make([]Group, nGroups)
	children := make([][]int, nGroups)
	for j := range groups {
		groups[j] = plan.makeGroup(o.Seed, j)
		children[j] = plan.children(o.Seed, j)
	}
	fillMembers(groups, users, picks, pickCount, children)
	return &Directory{Users: users, Groups: groups}
}
