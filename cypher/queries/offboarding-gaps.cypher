// Offboarding gaps: people inactive in or removed from their primary source who still have an active account in a secondary connection.
// Parameters: none.
MATCH (i:Identity)
WHERE (i.managed AND NOT i.active) OR (NOT i.managed AND i.primaryLostAt IS NOT NULL)
MATCH (i)-[:HAS_ACCOUNT]->(u:User {active: true})
WHERE NOT EXISTS { MATCH (:Connection {name: u.connection, authoritative: 'primary'}) }
RETURN i.key AS identity, i.displayName AS name,
       CASE WHEN i.managed THEN 'inactive in ' + i.activeFrom ELSE 'removed from primary' END AS reason,
       i.primaryLostAt AS primaryLostAt, u.connection AS connection, u.userName AS account
ORDER BY identity, connection, account
