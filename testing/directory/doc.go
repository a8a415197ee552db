// Package directory deterministically generates a realistic SCIM directory
// (users with the enterprise extension, groups with nested groups) for the
// SCIM demo server, tests and benchmarks.
//
// Generation is a pure function of Options. The attributes of user i depend
// only on (Seed, i), never on the total number of users, so generating the
// same seed with fewer users yields a prefix of the same users. Group j
// depends on (Seed, j, Groups); its member list is the same for every user
// count except that members with a user index >= Users are absent. This lets
// tests shrink a directory and expect exactly the vanished users and their
// memberships to disappear.
//
// Shape (approximate, independent of scale unless noted):
//   - ~6% of users are inactive; ~7% have no email, ~68% one, ~20% two,
//     ~5% three (exactly one primary; types "work" and "home").
//   - userNames are "first.last.N@example.com" with N = index+1 (unique).
//   - every user except user 0 (and ~1% without a manager) reports to a
//     manager with a lower index, giving a tree of depth ~log8(Users).
//   - group 0 is "All Employees" (every user); groups 1 and 2 hold ~15% and
//     ~10% of users; then one group per department; the remaining
//     "regular" groups get users by heavy-tailed weights, so their sizes
//     scale with Users/Groups (most are small, a few are a few times the mean).
//   - some regular groups contain other groups: chains of depth 4 plus
//     random one-level nesting, always from a lower to a higher group index,
//     so the nesting graph is acyclic.
//   - each user has ~4 direct group memberships on average.
package directory
