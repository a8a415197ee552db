// Package e2e holds end-to-end tests that run the built scim2neo4j binary
// as a child process against a quirk SCIM server and the test Neo4j: what
// a user (or a SIGKILL) does to a real run.
package e2e
