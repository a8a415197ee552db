// Inactive accounts still in groups: disabled accounts that keep direct group memberships.
// Parameters: none.
MATCH (u:User {active: false})-[:MEMBER_OF]->(g:Group)
WITH u, g
ORDER BY g.displayName
RETURN u.connection AS connection, u.userName AS account, collect(g.displayName) AS groups
ORDER BY connection, account
