// Unmanaged identities: people whose accounts no primary connection (source of truth) vouches for.
// Parameters: none.
MATCH (i:Identity)
WHERE NOT i.managed
RETURN i.key AS identity, i.displayName AS name, i.active AS active,
       i.connections AS connections, i.primaryLostAt AS primaryLostAt
ORDER BY identity
