// Effective groups of one person: every group each of their accounts is in, directly or through nested groups, across all connections.
// Parameters:
//   $key  the person's identity key, their lower-cased email, e.g. 'ann@example.com'
MATCH (:Identity {key: $key})-[:HAS_ACCOUNT]->(u:User)
MATCH p = (u)-[:MEMBER_OF*1..10]->(g:Group)
WITH u, g, [n IN nodes(p)[1..-1] | n.displayName] AS via
ORDER BY size(via), via
WITH u, g, collect(via)[0] AS via
RETURN u.connection AS connection, u.userName AS account, g.displayName AS group,
       size(via) = 0 AS direct, via
ORDER BY connection, account, group
