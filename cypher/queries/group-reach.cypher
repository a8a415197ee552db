// Who reaches a group: every account that is a member of the group, directly or through nested groups, with the shortest path.
// Parameters:
//   $connection  the name of the group's connection, e.g. 'okta'
//   $group       the group's displayName, e.g. 'Admins'
MATCH (g:Group {connection: $connection, displayName: $group})
MATCH p = (u:User)-[:MEMBER_OF*1..10]->(g)
WITH u, [n IN nodes(p)[1..-1] | n.displayName] AS via
ORDER BY size(via), via
WITH u, collect(via)[0] AS via
OPTIONAL MATCH (i:Identity)-[:HAS_ACCOUNT]->(u)
RETURN u.userName AS account, i.key AS identity, u.active AS active, size(via) = 0 AS direct, via
ORDER BY account, identity
