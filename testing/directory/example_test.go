package directory_test

import (
	"fmt"

	"github.com/scim2neo4j/scim2neo4j/testing/directory"
)

func ExampleGenerate() {
	dir := directory.Generate(directory.Options{Users: 1000, Groups: 50, Seed: 42})
	fewer := directory.Generate(directory.Options{Users: 900, Groups: 50, Seed: 42})

	fmt.Println(len(dir.Users), len(dir.Groups), dir.Groups[0].DisplayName, len(dir.Groups[0].Members))
	// Same seed, fewer users: the same users, and groups lose only the
	// memberships of the users that no longer exist.
	fmt.Println(fewer.Users[899].ID == dir.Users[899].ID, fewer.Users[899].UserName == dir.Users[899].UserName)
	fmt.Println(len(fewer.Groups[0].Members))
	// Output:
	// 1000 50 All Employees 1000
	// true true
	// 900
}
