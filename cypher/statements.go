package cypher

// Schema statements, idempotent thanks to IF NOT EXISTS.
var schemaStatements = []string{
	StmtConstraintUserUID,
	StmtConstraintGroupUID,
	StmtConstraintIdentityKey,
	StmtConstraintConnectionName,
	StmtIndexUserMatchKey,
	StmtIndexUserConnection,
	StmtIndexGroupConnection,
}

// Constraints and indexes of the graph model.
const (
	StmtConstraintUserUID        = `CREATE CONSTRAINT user_uid IF NOT EXISTS FOR (u:User) REQUIRE u.uid IS UNIQUE`
	StmtConstraintGroupUID       = `CREATE CONSTRAINT group_uid IF NOT EXISTS FOR (g:Group) REQUIRE g.uid IS UNIQUE`
	StmtConstraintIdentityKey    = `CREATE CONSTRAINT identity_key IF NOT EXISTS FOR (i:Identity) REQUIRE i.key IS UNIQUE`
	StmtConstraintConnectionName = `CREATE CONSTRAINT connection_name IF NOT EXISTS FOR (c:Connection) REQUIRE c.name IS UNIQUE`
	StmtIndexUserMatchKey        = `CREATE INDEX user_match_key IF NOT EXISTS FOR (u:User) ON (u.matchKey)`
	StmtIndexUserConnection      = `CREATE INDEX user_connection IF NOT EXISTS FOR (u:User) ON (u.connection)`
	StmtIndexGroupConnection     = `CREATE INDEX group_connection IF NOT EXISTS FOR (g:Group) ON (g.connection)`
	// StmtAwaitIndexes waits until the indexes above are online, so the
	// first MERGE does not fall back to a label scan.
	StmtAwaitIndexes = `CALL db.awaitIndexes(300)`
)

// StmtUpsertUsers creates or updates a batch of accounts. Properties absent
// from a row's props are null there, which removes them from the node.
// Each property is set by name: SET u += row.props would let the map
// overwrite uid, which the MERGE reads, and Neo4j would plan an Eager
// that materialises the whole batch between the MERGE and the SET
// (TestNoEagerPlans).
const StmtUpsertUsers = `
UNWIND $rows AS row
MERGE (u:User {uid: row.uid})
  ON CREATE SET u.firstSeen = $now
SET u.connection = row.props.connection, u.scimId = row.props.scimId,
    u.userName = row.props.userName, u.displayName = row.props.displayName,
    u.givenName = row.props.givenName, u.familyName = row.props.familyName,
    u.externalId = row.props.externalId, u.title = row.props.title,
    u.active = row.props.active, u.emails = row.props.emails,
    u.primaryEmail = row.props.primaryEmail, u.employeeNumber = row.props.employeeNumber,
    u.department = row.props.department, u.managerId = row.props.managerId,
    u.matchKey = row.props.matchKey,
    u.lastSeen = $now, u.lastSeenRun = $run`

// StmtUpsertGroups creates or updates a batch of groups, each property by
// name for the reason given at StmtUpsertUsers.
const StmtUpsertGroups = `
UNWIND $rows AS row
MERGE (g:Group {uid: row.uid})
  ON CREATE SET g.firstSeen = $now
SET g.connection = row.props.connection, g.scimId = row.props.scimId,
    g.displayName = row.props.displayName, g.externalId = row.props.externalId,
    g.memberCount = row.props.memberCount,
    g.lastSeen = $now, g.lastSeenRun = $run`

// StmtMergeMemberships links members to the groups they directly belong
// to. row.kind is "user", "group" or "unknown"; an unknown member id is
// looked up as an account first, then as a group. Both nodes must already
// exist: a member the listing never returned creates nothing. It returns
// how many links were written.
//
// The kind decides the key of each lookup, not a WHERE after it: in a
// writing query Neo4j plans unique lookups as locking seeks and filters
// afterwards, and a seek that finds nothing (a user's id among groups)
// takes an exclusive lock on that index entry. Concurrent transactions
// sharing members then queued and deadlocked on those locks; a null key
// is not looked up at all. (Measured by testing/bench: 9 deadlock retries
// at 100,000 users before, none after, with nested groups written last.)
const StmtMergeMemberships = `
UNWIND $rows AS row
MATCH (g:Group {uid: row.group})
OPTIONAL MATCH (u:User {uid: CASE WHEN row.kind <> 'group' THEN row.member END})
OPTIONAL MATCH (h:Group {uid: CASE WHEN row.kind <> 'user' AND u IS NULL THEN row.member END})
WITH g, coalesce(u, h) AS m
WHERE m IS NOT NULL
MERGE (m)-[r:MEMBER_OF]->(g)
  ON CREATE SET r.firstSeen = $now
SET r.lastSeen = $now, r.lastSeenRun = $run
RETURN count(r) AS written`

// StmtLinkManagers derives REPORTS_TO from the managerId that accounts of
// the connection carried in this run (same connection only).
const StmtLinkManagers = `
MATCH (u:User {connection: $connection})
WHERE u.lastSeenRun = $run AND u.managerId IS NOT NULL
CALL (u) {
  MATCH (m:User {uid: $connection + '/' + u.managerId})
  MERGE (u)-[r:REPORTS_TO]->(m)
    ON CREATE SET r.firstSeen = $now
  SET r.lastSeen = $now, r.lastSeenRun = $run
} IN TRANSACTIONS OF $batch ROWS`

// StmtCountStale counts the connection's accounts and groups, and how many
// of them this run did not see; the mass-removal guard reads it.
const StmtCountStale = `
CALL (){
  MATCH (u:User {connection: $connection})
  RETURN count(u) AS users, count(CASE WHEN coalesce(u.lastSeenRun, '') <> $run THEN 1 END) AS staleUsers
}
CALL (){
  MATCH (g:Group {connection: $connection})
  RETURN count(g) AS groups, count(CASE WHEN coalesce(g.lastSeenRun, '') <> $run THEN 1 END) AS staleGroups
}
RETURN users, staleUsers, groups, staleGroups`

// Stale removal, run only after a complete listing: what the connection
// no longer has. Relationships first, then nodes (with what still hangs on them).
const (
	StmtRemoveStaleMemberships = `
MATCH (g:Group {connection: $connection})<-[r:MEMBER_OF]-()
WHERE coalesce(r.lastSeenRun, '') <> $run
CALL (r) { DELETE r } IN TRANSACTIONS OF $batch ROWS`

	StmtRemoveStaleManagers = `
MATCH (u:User {connection: $connection})-[r:REPORTS_TO]->()
WHERE coalesce(r.lastSeenRun, '') <> $run
CALL (r) { DELETE r } IN TRANSACTIONS OF $batch ROWS`

	StmtRemoveStaleUsers = `
MATCH (u:User {connection: $connection})
WHERE coalesce(u.lastSeenRun, '') <> $run
CALL (u) { DETACH DELETE u } IN TRANSACTIONS OF $batch ROWS`

	StmtRemoveStaleGroups = `
MATCH (g:Group {connection: $connection})
WHERE coalesce(g.lastSeenRun, '') <> $run
CALL (g) { DETACH DELETE g } IN TRANSACTIONS OF $batch ROWS`
)

// StmtStartRun records on the Connection node that a run began, with the
// connection's authority, priority and correlation attribute, which
// reconciliation reads from here. The node carries no credentials.
const StmtStartRun = `
MERGE (c:Connection {name: $connection})
  ON CREATE SET c.firstRun = $now
SET c.baseUrl = $baseUrl, c.authoritative = $authoritative,
    c.priority = $priority, c.matchBy = $matchBy,
    c.lastRunId = $run, c.lastRunStart = $now, c.lastRunStatus = 'running',
    c.lastRunEnd = null`

// StmtRecordedConnection reads what the Connection node recorded of the
// source a connection name was last read from, and whether the graph holds
// any account or group of the connection (a first run that failed before
// writing any leaves a Connection node but no data).
const StmtRecordedConnection = `
MATCH (c:Connection {name: $connection})
RETURN c.baseUrl AS baseUrl, c.authoritative AS authoritative,
       EXISTS { MATCH (:User {connection: $connection}) } OR EXISTS { MATCH (:Group {connection: $connection}) } AS holdsData`

// StmtFinishRun records the outcome and counts of a run on its Connection node.
const StmtFinishRun = `
MATCH (c:Connection {name: $connection})
WHERE c.lastRunId = $run
SET c += $outcome, c.lastRunEnd = $now`
