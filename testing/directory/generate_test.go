package directory

import (
	"reflect"
	"regexp"
	"testing"
)

var uuidShape = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestGenerateDeterministic(t *testing.T) {
	tests := []struct {
		name string
		o    Options
	}{
		{name: "empty", o: Options{}},
		{name: "users only", o: Options{Users: 50, Seed: 1}},
		{name: "small", o: Options{Users: 200, Groups: 30, Seed: 42}},
		{name: "negative seed", o: Options{Users: 1000, Groups: 120, Seed: -9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := Generate(tt.o), Generate(tt.o)
			if !reflect.DeepEqual(a, b) {
				t.Fatal("two runs with the same options differ")
			}
			if fa, fb := fingerprint(a), fingerprint(b); fa != fb {
				t.Fatalf("fingerprints differ: %s vs %s", fa, fb)
			}
		})
	}
}

func TestGenerateSeedMatters(t *testing.T) {
	a := Generate(Options{Users: 100, Groups: 20, Seed: 1})
	b := Generate(Options{Users: 100, Groups: 20, Seed: 2})
	if fingerprint(a) == fingerprint(b) {
		t.Fatal("different seeds gave the same directory")
	}
	if a.Users[0].ID == b.Users[0].ID {
		t.Fatal("different seeds gave the same first user ID")
	}
}

// TestGenerateGolden pins the output so accidental changes (word lists,
// draw order) are noticed: benchmarks and fixtures rely on stable data.
// Update the constant only for deliberate changes to the generator.
func TestGenerateGolden(t *testing.T) {
	const want = "4238421f5d117dfbd13e7be1a743dd743ebeb0eec4d340681f1f427442a9e7f3"
	if got := fingerprint(Generate(Options{Users: 300, Groups: 40, Seed: 2024})); got != want {
		t.Fatalf("fingerprint = %s, want %s", got, want)
	}
}

func TestGenerateFewerUsersIsPrefix(t *testing.T) {
	tests := []struct {
		name          string
		seed          int64
		groups        int
		more, fewer   int
		wantDisappear bool
	}{
		{name: "10000 to 9000", seed: 7, groups: 300, more: 10000, fewer: 9000, wantDisappear: true},
		{name: "to one user", seed: 3, groups: 50, more: 500, fewer: 1, wantDisappear: true},
		{name: "to zero users", seed: 1, groups: 20, more: 100, fewer: 0, wantDisappear: true},
		{name: "same size", seed: 5, groups: 20, more: 100, fewer: 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			big := Generate(Options{Users: tt.more, Groups: tt.groups, Seed: tt.seed})
			small := Generate(Options{Users: tt.fewer, Groups: tt.groups, Seed: tt.seed})
			if !reflect.DeepEqual(small.Users, big.Users[:tt.fewer]) {
				t.Fatal("users of the smaller directory are not a prefix of the larger one")
			}
			if len(small.Users) != tt.fewer {
				t.Fatalf("got %d users, want %d", len(small.Users), tt.fewer)
			}
			userIdx, _ := indexes(t, big)
			removed := 0
			for j := range big.Groups {
				bg, sg := big.Groups[j], small.Groups[j]
				if bg.ID != sg.ID || bg.DisplayName != sg.DisplayName || bg.ExternalID != sg.ExternalID {
					t.Fatalf("group %d identity changed: %+v vs %+v", j, bg, sg)
				}
				var want []Member
				for _, m := range bg.Members {
					if m.Type == MemberTypeUser && userIdx[m.Value] >= tt.fewer {
						removed++
						continue
					}
					want = append(want, m)
				}
				if len(want) != len(sg.Members) || (len(want) > 0 && !reflect.DeepEqual(want, sg.Members)) {
					t.Fatalf("group %d (%s): members are not the larger list minus vanished users", j, bg.DisplayName)
				}
			}
			if tt.wantDisappear != (removed > 0) {
				t.Fatalf("removed %d memberships, wantDisappear=%t", removed, tt.wantDisappear)
			}
		})
	}
}

func TestGenerateInvariants(t *testing.T) {
	tests := []struct {
		name string
		o    Options
	}{
		{name: "no groups", o: Options{Users: 100, Seed: 1}},
		{name: "no users", o: Options{Groups: 60, Seed: 1}},
		{name: "fewer groups than special groups", o: Options{Users: 100, Groups: 2, Seed: 1}},
		{name: "only special groups", o: Options{Users: 100, Groups: 15, Seed: 1}},
		{name: "one regular group", o: Options{Users: 100, Groups: 16, Seed: 1}},
		{name: "medium", o: Options{Users: 5000, Groups: 400, Seed: 99}},
		{name: "negative counts", o: Options{Users: -1, Groups: -1, Seed: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Generate(tt.o)
			if len(d.Users) != max(tt.o.Users, 0) || len(d.Groups) != max(tt.o.Groups, 0) {
				t.Fatalf("got %d users, %d groups; want %d, %d", len(d.Users), len(d.Groups), tt.o.Users, tt.o.Groups)
			}
			checkUsers(t, d)
			checkGroups(t, d)
		})
	}
}

// checkUsers verifies unique, well-formed users with resolvable managers.
func checkUsers(t *testing.T, d *Directory) {
	t.Helper()
	ids := map[string]bool{}
	userNames := map[string]bool{}
	userIdx, _ := indexes(t, d)
	for i, u := range d.Users {
		if !uuidShape.MatchString(u.ID) {
			t.Fatalf("user %d: id %q is not UUID-shaped", i, u.ID)
		}
		if ids[u.ID] || userNames[u.UserName] {
			t.Fatalf("user %d: duplicate id %q or userName %q", i, u.ID, u.UserName)
		}
		ids[u.ID], userNames[u.UserName] = true, true
		if u.GivenName == "" || u.FamilyName == "" || u.DisplayName == "" || u.ExternalID == "" ||
			u.Title == "" || u.Department == "" || u.EmployeeNumber == "" {
			t.Fatalf("user %d has an empty attribute: %+v", i, u)
		}
		if u.ManagerID != "" {
			m, ok := userIdx[u.ManagerID]
			if !ok || m >= i {
				t.Fatalf("user %d: manager %q missing or not lower-indexed (%d)", i, u.ManagerID, m)
			}
		}
		primaries := 0
		for _, e := range u.Emails {
			if e.Type != "work" && e.Type != "home" {
				t.Fatalf("user %d: email type %q", i, e.Type)
			}
			if e.Primary {
				primaries++
			}
		}
		if len(u.Emails) > 0 && primaries != 1 {
			t.Fatalf("user %d: %d primary emails", i, primaries)
		}
	}
}

// checkGroups verifies unique groups whose members resolve and whose
// nesting is acyclic, and that All Employees holds every user.
func checkGroups(t *testing.T, d *Directory) {
	t.Helper()
	userIdx, groupIdx := indexes(t, d)
	names := map[string]bool{}
	for j, g := range d.Groups {
		if !uuidShape.MatchString(g.ID) {
			t.Fatalf("group %d: id %q is not UUID-shaped", j, g.ID)
		}
		if _, clash := userIdx[g.ID]; clash {
			t.Fatalf("group %d: id %q equals a user id", j, g.ID)
		}
		if names[g.DisplayName] || g.DisplayName == "" {
			t.Fatalf("group %d: duplicate or empty displayName %q", j, g.DisplayName)
		}
		names[g.DisplayName] = true
		seen := map[string]bool{}
		for _, m := range g.Members {
			if seen[m.Value] {
				t.Fatalf("group %d: duplicate member %q", j, m.Value)
			}
			seen[m.Value] = true
			var ok bool
			switch m.Type {
			case MemberTypeUser:
				_, ok = userIdx[m.Value]
			case MemberTypeGroup:
				var k int
				k, ok = groupIdx[m.Value]
				if ok && k <= j {
					t.Fatalf("group %d nests lower-or-equal group %d", j, k)
				}
			default:
				t.Fatalf("group %d: member type %q", j, m.Type)
			}
			if !ok {
				t.Fatalf("group %d: member %q (%s) does not resolve", j, m.Value, m.Type)
			}
		}
	}
	if len(d.Groups) > 0 && len(d.Groups[allEmployeesIndex].Members) != len(d.Users) {
		t.Fatalf("All Employees has %d members, want %d", len(d.Groups[allEmployeesIndex].Members), len(d.Users))
	}
	memo := map[int]int{}
	for j := range d.Groups {
		nestingDepth(t, d, groupIdx, j, memo, map[int]bool{})
	}
}
