package directory

import (
	"reflect"
	"slices"
	"testing"
)

// shape summarises the statistical properties a realistic directory needs.
type shape struct {
	inactiveShare      float64
	noEmailShare       float64
	threeEmailShare    float64
	membershipsPerUser float64
	largeGroupShares   []float64 // groups 1 and 2, as a share of users
	medianRegularSize  int
	nestedGroups       int
	maxNestingDepth    int
	usersWithManager   float64
}

// measureShape computes the shape of d.
func measureShape(t *testing.T, d *Directory) shape {
	t.Helper()
	var s shape
	n := float64(len(d.Users))
	for _, u := range d.Users {
		if !u.Active {
			s.inactiveShare++
		}
		switch len(u.Emails) {
		case 0:
			s.noEmailShare++
		case 3:
			s.threeEmailShare++
		}
		if u.ManagerID != "" {
			s.usersWithManager++
		}
	}
	s.inactiveShare /= n
	s.noEmailShare /= n
	s.threeEmailShare /= n
	s.usersWithManager /= n

	p := newGroupPlan(0, len(d.Groups))
	var regular []int
	userMemberships := 0
	for j, g := range d.Groups {
		users := 0
		for _, m := range g.Members {
			if m.Type == MemberTypeUser {
				users++
			} else {
				s.nestedGroups++
			}
		}
		userMemberships += users
		if j >= 1 && j < p.firstDept {
			s.largeGroupShares = append(s.largeGroupShares, float64(users)/n)
		}
		if p.isRegular(j) {
			regular = append(regular, users)
		}
	}
	s.membershipsPerUser = float64(userMemberships) / n
	slices.Sort(regular)
	if len(regular) > 0 {
		s.medianRegularSize = regular[len(regular)/2]
	}
	_, groupIdx := indexes(t, d)
	memo := map[int]int{}
	for j := range d.Groups {
		s.maxNestingDepth = max(s.maxNestingDepth, nestingDepth(t, d, groupIdx, j, memo, map[int]bool{}))
	}
	return s
}

func TestGenerateShape(t *testing.T) {
	tests := []struct {
		name string
		o    Options
	}{
		{name: "20k users 1000 groups", o: Options{Users: 20000, Groups: 1000, Seed: 11}},
		{name: "10k users 500 groups", o: Options{Users: 10000, Groups: 500, Seed: 12}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := measureShape(t, Generate(tt.o))
			t.Logf("%+v", s)
			checks := []struct {
				what     string
				got      float64
				min, max float64
			}{
				{"inactive share", s.inactiveShare, 0.05, 0.08},
				{"no-email share", s.noEmailShare, 0.04, 0.10},
				{"three-email share", s.threeEmailShare, 0.02, 0.08},
				{"memberships per user", s.membershipsPerUser, 3, 5},
				{"large group 1 share", s.largeGroupShares[0], 0.10, 0.20},
				{"large group 2 share", s.largeGroupShares[1], 0.08, 0.20},
				{"median regular group size", float64(s.medianRegularSize), 5, 50},
				{"nested group memberships", float64(s.nestedGroups), 10, 1e9},
				{"max nesting depth", float64(s.maxNestingDepth), 3, 4},
				{"users with a manager", s.usersWithManager, 0.97, 1},
			}
			for _, c := range checks {
				if c.got < c.min || c.got > c.max {
					t.Errorf("%s = %v, want in [%v, %v]", c.what, c.got, c.min, c.max)
				}
			}
		})
	}
}

// TestDenseShape: a dense directory has about 5 direct memberships per
// user and a first big group of about 20% of users, with the same users
// and groups as the default one.
func TestDenseShape(t *testing.T) {
	o := Options{Users: 50000, Groups: 1000, Seed: 3}
	plain := Generate(o)
	o.Dense = true
	dense := Generate(o)
	s := measureShape(t, dense)
	t.Logf("%+v", s)
	if s.membershipsPerUser < 4.9 || s.membershipsPerUser > 5.1 {
		t.Errorf("memberships per user = %v, want 5 ± 0.1", s.membershipsPerUser)
	}
	if s.largeGroupShares[0] < 0.19 || s.largeGroupShares[0] > 0.21 {
		t.Errorf("first big group share = %v, want 0.20 ± 0.01", s.largeGroupShares[0])
	}
	if p := measureShape(t, plain); p.membershipsPerUser > 4.4 {
		t.Errorf("Dense leaked into the default directory: %v memberships per user", p.membershipsPerUser)
	}
	for i := range plain.Users {
		if !reflect.DeepEqual(plain.Users[i], dense.Users[i]) {
			t.Fatalf("user %d differs between the default and the dense directory", i)
		}
	}
	for j := range plain.Groups {
		if plain.Groups[j].ID != dense.Groups[j].ID || plain.Groups[j].DisplayName != dense.Groups[j].DisplayName {
			t.Fatalf("group %d differs between the default and the dense directory", j)
		}
	}
}
