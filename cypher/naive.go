package cypher

// This file holds the statements of the benchmark harness (testing/bench)
// and nothing the product runs.
//
// The StmtNaive* statements are the benchmark's DELIBERATELY NAIVE loader:
// what a typical hand-written import script does, one auto-commit
// transaction (session.Run) per account, per group and per membership.
// They exist only as the baseline the real pipeline (StmtUpsertUsers,
// StmtUpsertGroups, StmtMergeMemberships: batched UNWIND ... MERGE from
// several writers) is compared against. Never use them in the product.
//
// The StmtBench* statements let the harness check that a database is
// empty, empty it between measured phases, count what a phase wrote, and
// record the server's version and memory settings.

// StmtNaiveMergeUser writes one account: $uid and a map of properties
// ($props, null values remove the property).
const StmtNaiveMergeUser = `
MERGE (u:User {uid: $uid})
SET u += $props`

// StmtNaiveMergeGroup writes one group: $uid and $props.
const StmtNaiveMergeGroup = `
MERGE (g:Group {uid: $uid})
SET g += $props`

// StmtNaiveMergeUserMembership links one account ($member, a User uid) to
// one group ($group); it writes nothing if either node is missing.
const StmtNaiveMergeUserMembership = `
MATCH (u:User {uid: $member})
MATCH (g:Group {uid: $group})
MERGE (u)-[:MEMBER_OF]->(g)`

// StmtNaiveMergeGroupMembership links one nested group ($member, a Group
// uid) to its parent ($group). The nested group is merged by uid first,
// because a script that pages through groups once meets a parent before
// the groups it contains; the placeholder gets its properties when its own
// page comes.
const StmtNaiveMergeGroupMembership = `
MERGE (m:Group {uid: $member})
WITH m
MATCH (g:Group {uid: $group})
MERGE (m)-[:MEMBER_OF]->(g)`

// StmtBenchCountNodes counts every node of the database (from the count
// store: constant time).
const StmtBenchCountNodes = `MATCH (n) RETURN count(n) AS nodes`

// StmtBenchGraphCounts counts accounts, groups and MEMBER_OF relationships
// by the label of their start node, all from the count store.
const StmtBenchGraphCounts = `
CALL () { MATCH (u:User) RETURN count(u) AS users }
CALL () { MATCH (g:Group) RETURN count(g) AS groups }
CALL () { MATCH (:User)-[r:MEMBER_OF]->() RETURN count(r) AS userMemberships }
CALL () { MATCH (:Group)-[r:MEMBER_OF]->() RETURN count(r) AS groupMemberships }
RETURN users, groups, userMemberships, groupMemberships`

// StmtBenchDeleteRelationships deletes every relationship, $batch per
// inner transaction (run it in an implicit transaction).
const StmtBenchDeleteRelationships = `
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF $batch ROWS`

// StmtBenchDeleteNodes deletes every node, $batch per inner transaction
// (run it in an implicit transaction). Constraints and indexes stay.
const StmtBenchDeleteNodes = `
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS`

// StmtBenchServerVersion returns the Neo4j version and edition.
const StmtBenchServerVersion = `
CALL dbms.components() YIELD name, versions, edition
WHERE name = 'Neo4j Kernel'
RETURN versions[0] AS version, edition`

// StmtBenchHeapMax returns the JVM's maximum heap in bytes.
const StmtBenchHeapMax = `
CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes
RETURN attributes.HeapMemoryUsage.value.properties.max AS heapMax`

// StmtBenchPageCache returns the configured page cache size.
const StmtBenchPageCache = `
SHOW SETTINGS YIELD name, value
WHERE name = 'server.memory.pagecache.size'
RETURN value`
