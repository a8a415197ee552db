package cypher

// OwnKeyPrefix starts the key of an Identity made for an account that has
// no correlation key: OwnKeyPrefix + the account's uid. Correlation keys
// are always lower-cased (see the ingest package), so a key holding the
// capital letter of this prefix can never equal one.
const OwnKeyPrefix = "Account:"

// lowestPriority ranks connections whose node records no priority after
// every connection that has one.
const lowestPriority = 1<<31 - 1

// StmtConnectionIdentityKeys lists the identity keys a run of one
// connection may have changed: the current key of each of its accounts,
// and the key of every Identity that holds one of its accounts (which
// differs when an account's key changed). Read before stale removal, it
// also names the identities of accounts about to disappear.
const StmtConnectionIdentityKeys = `
CALL () {
  MATCH (u:User {connection: $connection})
  RETURN coalesce(u.matchKey, $ownKeyPrefix + u.uid) AS key
  UNION
  MATCH (i:Identity)-[:HAS_ACCOUNT]->(:User {connection: $connection})
  RETURN i.key AS key
}
RETURN key`

// StmtAllIdentityKeys lists every identity key in the graph: those the
// accounts call for and those of existing Identity nodes.
const StmtAllIdentityKeys = `
CALL () {
  MATCH (u:User)
  RETURN coalesce(u.matchKey, $ownKeyPrefix + u.uid) AS key
  UNION
  MATCH (i:Identity)
  RETURN i.key AS key
}
RETURN key`

// StmtReconcileIdentities makes the Identity of each key in $keys a
// function of the accounts that carry the key (and of their Connection
// nodes), plus the one remembered fact, primaryLostAt:
//
//   - Accounts are ranked: primary connections first, then by connection
//     priority (lower first), connection name, account uid.
//   - Each attribute comes from the highest-ranked account that has a
//     value; <attribute>From names that account's connection.
//   - active comes from the highest-ranked primary account when there is
//     one, else from the highest-ranked account; activeFrom says which.
//   - managed: at least one account is in a primary connection.
//   - primaryLostAt: set to $now when an Identity that was managed keeps
//     accounts but none in a primary; kept while it stays unmanaged;
//     cleared when a primary account returns.
//   - HAS_ACCOUNT points at exactly the key's accounts (links to them from
//     Identities of other keys are removed); an Identity left without
//     accounts is deleted.
//
// Properties are written only when they differ, so a second run writes
// nothing. It returns how many identities were created and updated.
const StmtReconcileIdentities = `
UNWIND $keys AS key
CALL (key) {
  OPTIONAL MATCH (u:User {matchKey: key})
  WITH collect(u) AS keyed
  OPTIONAL MATCH (v:User {uid: CASE WHEN key STARTS WITH $ownKeyPrefix THEN substring(key, size($ownKeyPrefix)) END})
  WHERE v.matchKey IS NULL
  WITH keyed, collect(v) AS own
  UNWIND keyed + own AS u
  OPTIONAL MATCH (c:Connection {name: u.connection})
  WITH u, coalesce(c.authoritative = 'primary', false) AS primary, coalesce(c.priority, $lowestPriority) AS priority,
       u {.uid, .connection, .active, .displayName, .givenName, .familyName, .primaryEmail, .userName,
          .externalId, .employeeNumber, .department, .title} AS a
  ORDER BY CASE WHEN primary THEN 0 ELSE 1 END, priority, u.connection, u.uid
  RETURN collect(u) AS nodes, collect(a) AS accounts, collect(CASE WHEN primary THEN a END) AS primaries
}
OPTIONAL MATCH (old:Identity {key: key})
CALL (old, accounts) {
  WITH old WHERE old IS NOT NULL AND size(accounts) = 0
  DETACH DELETE old
}
WITH key, old, nodes, accounts, primaries WHERE size(accounts) > 0
WITH key, old, nodes, accounts, primaries,
     head([u IN CASE WHEN size(primaries) > 0 THEN primaries ELSE accounts END WHERE u.active IS NOT NULL]) AS activeSource
WITH key, old, nodes, {
  key: key,
  displayName: head([u IN accounts WHERE u.displayName IS NOT NULL | u.displayName]),
  displayNameFrom: head([u IN accounts WHERE u.displayName IS NOT NULL | u.connection]),
  givenName: head([u IN accounts WHERE u.givenName IS NOT NULL | u.givenName]),
  givenNameFrom: head([u IN accounts WHERE u.givenName IS NOT NULL | u.connection]),
  familyName: head([u IN accounts WHERE u.familyName IS NOT NULL | u.familyName]),
  familyNameFrom: head([u IN accounts WHERE u.familyName IS NOT NULL | u.connection]),
  email: head([u IN accounts WHERE u.primaryEmail IS NOT NULL | u.primaryEmail]),
  emailFrom: head([u IN accounts WHERE u.primaryEmail IS NOT NULL | u.connection]),
  userName: head([u IN accounts WHERE u.userName IS NOT NULL | u.userName]),
  userNameFrom: head([u IN accounts WHERE u.userName IS NOT NULL | u.connection]),
  externalId: head([u IN accounts WHERE u.externalId IS NOT NULL | u.externalId]),
  externalIdFrom: head([u IN accounts WHERE u.externalId IS NOT NULL | u.connection]),
  employeeNumber: head([u IN accounts WHERE u.employeeNumber IS NOT NULL | u.employeeNumber]),
  employeeNumberFrom: head([u IN accounts WHERE u.employeeNumber IS NOT NULL | u.connection]),
  department: head([u IN accounts WHERE u.department IS NOT NULL | u.department]),
  departmentFrom: head([u IN accounts WHERE u.department IS NOT NULL | u.connection]),
  title: head([u IN accounts WHERE u.title IS NOT NULL | u.title]),
  titleFrom: head([u IN accounts WHERE u.title IS NOT NULL | u.connection]),
  active: activeSource.active,
  activeFrom: activeSource.connection,
  managed: size(primaries) > 0,
  accountCount: size(accounts),
  connections: COLLECT { UNWIND accounts AS a WITH DISTINCT a.connection AS name ORDER BY name RETURN name },
  primaryLostAt: CASE
    WHEN size(primaries) > 0 THEN null
    WHEN old.primaryLostAt IS NOT NULL THEN old.primaryLostAt
    WHEN old.managed THEN $now
  END
} AS props
MERGE (i:Identity {key: key})
WITH i, old, nodes, props,
     old IS NOT NULL
       AND all(k IN keys(props) WHERE coalesce(old[k] = props[k], old[k] IS NULL AND props[k] IS NULL))
       AND all(k IN keys(old) WHERE k IN keys(props)) AS same
FOREACH (_ IN CASE WHEN same THEN [] ELSE [1] END | SET i = props)
WITH i, old, nodes, same
CALL (i, nodes) {
  MATCH (i)-[r:HAS_ACCOUNT]->(u)
  WHERE NOT u IN nodes
  DELETE r
}
CALL (i, nodes) {
  UNWIND nodes AS u
  WITH i, u
  WHERE NOT EXISTS { (i)-[:HAS_ACCOUNT]->(u) }
  OPTIONAL MATCH (other:Identity)-[r:HAS_ACCOUNT]->(u)
  WHERE other <> i
  DELETE r
  MERGE (i)-[:HAS_ACCOUNT]->(u)
}
RETURN count(CASE WHEN old IS NULL THEN 1 END) AS created,
       count(CASE WHEN old IS NOT NULL AND NOT same THEN 1 END) AS updated`
