// Accounts in no group: accounts that are not a direct member of any group.
// Parameters: none.
MATCH (u:User)
WHERE NOT (u)-[:MEMBER_OF]->(:Group)
OPTIONAL MATCH (i:Identity)-[:HAS_ACCOUNT]->(u)
RETURN u.connection AS connection, u.userName AS account, u.active AS active, i.key AS identity
ORDER BY connection, account, identity
