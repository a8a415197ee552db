package main

import (
	"slices"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
)

// Shape is what a generated directory really holds.
type Shape struct {
	Users            int `json:"users"`
	Groups           int `json:"groups"`
	UserMemberships  int `json:"userMemberships"`  // user -> group
	GroupMemberships int `json:"groupMemberships"` // group -> group (nesting)
	// Memberships is UserMemberships + GroupMemberships: the MEMBER_OF
	// relationships a complete sync writes.
	Memberships        int     `json:"memberships"`
	LargestGroup       int     `json:"largestGroup"` // members (users and groups) of the largest group
	LargestGroupName   string  `json:"largestGroupName"`
	MedianGroup        int     `json:"medianGroup"`
	P99Group           int     `json:"p99Group"`
	GroupsOver5000     int     `json:"groupsOver5000"` // groups larger than the default batch size
	NestingDepth       int     `json:"nestingDepth"`   // groups on the longest containment chain (no nesting: 1)
	NestedGroups       int     `json:"nestedGroups"`   // groups that are a member of another group
	ActiveUsers        int     `json:"activeUsers"`
	UsersWithManager   int     `json:"usersWithManager"`
	MembershipsPerUser float64 `json:"membershipsPerUser"` // user -> group per user
}

// shapeOf measures dir.
func shapeOf(dir *directory.Directory) Shape {
	s := Shape{Users: len(dir.Users), Groups: len(dir.Groups)}
	for _, u := range dir.Users {
		if u.Active {
			s.ActiveUsers++
		}
		if u.ManagerID != "" {
			s.UsersWithManager++
		}
	}
	index := make(map[string]int, len(dir.Groups))
	for j, g := range dir.Groups {
		index[g.ID] = j
	}
	children := make([][]int, len(dir.Groups))
	nested := make([]bool, len(dir.Groups))
	sizes := make([]int, len(dir.Groups))
	for j, g := range dir.Groups {
		sizes[j] = len(g.Members)
		if len(g.Members) > s.LargestGroup {
			s.LargestGroup, s.LargestGroupName = len(g.Members), g.DisplayName
		}
		if len(g.Members) > 5000 {
			s.GroupsOver5000++
		}
		for _, m := range g.Members {
			if m.Type == directory.MemberTypeGroup {
				s.GroupMemberships++
				if k, ok := index[m.Value]; ok {
					children[j] = append(children[j], k)
					nested[k] = true
				}
			} else {
				s.UserMemberships++
			}
		}
	}
	for _, n := range nested {
		if n {
			s.NestedGroups++
		}
	}
	s.Memberships = s.UserMemberships + s.GroupMemberships
	if len(sizes) > 0 {
		slices.Sort(sizes)
		s.MedianGroup = sizes[len(sizes)/2]
		s.P99Group = sizes[min(len(sizes)-1, len(sizes)*99/100)]
	}
	s.NestingDepth = nestingDepth(children)
	if s.Users > 0 {
		s.MembershipsPerUser = float64(s.UserMemberships) / float64(s.Users)
	}
	return s
}

// nestingDepth is the number of groups on the longest chain of groups
// containing groups, following children; a cycle is cut where it closes.
func nestingDepth(children [][]int) int {
	const (
		unvisited = 0
		active    = -1
	)
	depth := make([]int, len(children)) // 0 unvisited, -1 on the stack, else depth
	var visit func(j int) int
	visit = func(j int) int {
		switch depth[j] {
		case unvisited:
		case active:
			return 0 // cycle: do not count the group twice
		default:
			return depth[j]
		}
		depth[j] = active
		d := 1
		for _, k := range children[j] {
			d = max(d, 1+visit(k))
		}
		depth[j] = d
		return d
	}
	best := 0
	if len(children) > 0 {
		best = 1
	}
	for j := range children {
		best = max(best, visit(j))
	}
	return best
}
