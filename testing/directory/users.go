package directory

import (
	"math/rand/v2"
	"strconv"
)

const (
	// inactivePermille is the share of inactive users (6%).
	inactivePermille = 60
	// noManagerPermille is the share of non-root users without a manager.
	noManagerPermille = 10
	// managerSpan is the average number of direct reports per manager.
	managerSpan = 8
	// employeeNumberBase offsets employee numbers so they have six digits.
	employeeNumberBase = 100000
)

// userExtra carries per-user draws that are not User fields.
type userExtra struct {
	// manager is the manager's user index, or -1 if none.
	manager int
	// department indexes departments.
	department int
}

// makeUser fills u with user i, drawn from its own random source r.
// ManagerID is left empty: the caller sets it to the manager's ID string so
// it is shared, not rebuilt. Everything drawn here depends only on (seed, i).
func makeUser(seed int64, i int, r *rand.Rand, u *User) userExtra {
	fi := r.IntN(len(firstNames))
	li := r.IntN(len(lastNames))
	n := strconv.Itoa(i + 1)
	userName := firstNamesLower[fi] + "." + lastNamesLower[li] + "." + n + "@example.com"
	employeeNumber := strconv.Itoa(employeeNumberBase + i)
	title := titles[r.IntN(len(titles))]
	dept := r.IntN(len(departments))

	*u = User{
		ID:             newID(seed, idKindUser, i),
		UserName:       userName,
		DisplayName:    firstNames[fi] + " " + lastNames[li],
		GivenName:      firstNames[fi],
		FamilyName:     lastNames[li],
		ExternalID:     "hr-" + employeeNumber,
		Title:          title,
		Department:     departments[dept],
		EmployeeNumber: employeeNumber,
		Active:         !chance(r, inactivePermille),
	}
	u.Emails = makeEmails(r, userName, firstNamesLower[fi], lastNamesLower[li], n)
	return userExtra{manager: managerIndex(r, i), department: dept}
}

// makeEmails returns zero to three addresses. The work address equals the
// userName (sharing the string); the first address is the primary one.
func makeEmails(r *rand.Rand, userName, first, last, n string) []Email {
	roll := r.IntN(100)
	var count int
	switch {
	case roll < 7:
		return nil
	case roll < 75:
		count = 1
	case roll < 95:
		count = 2
	default:
		count = 3
	}
	emails := make([]Email, 0, count)
	emails = append(emails, Email{Value: userName, Type: "work", Primary: true})
	if count >= 2 {
		domain := homeDomains[r.IntN(len(homeDomains))]
		emails = append(emails, Email{Value: first + "." + last + n + "@" + domain, Type: "home"})
	}
	if count == 3 {
		emails = append(emails, Email{Value: first[:1] + last + n + "@alumni.example.edu", Type: "home"})
	}
	return emails
}

// managerIndex picks a manager with a lower index than i, about i/managerSpan,
// so the reporting lines form a tree rooted at user 0. It returns -1 for
// user 0 and for the ~1% of users without a manager.
func managerIndex(r *rand.Rand, i int) int {
	jitter := r.IntN(3) - 1
	if i == 0 || chance(r, noManagerPermille) {
		return -1
	}
	m := (i-1)/managerSpan + jitter
	return min(max(m, 0), i-1)
}
