// Groups whose members are all inactive: groups that accounts reach, directly or through nested groups, none of them active.
// Parameters: none.
MATCH (g:Group)
WHERE EXISTS { MATCH (:User)-[:MEMBER_OF*1..10]->(g) }
  AND NOT EXISTS { MATCH (:User {active: true})-[:MEMBER_OF*1..10]->(g) }
RETURN g.connection AS connection, g.displayName AS group,
       COUNT { MATCH (u:User)-[:MEMBER_OF*1..10]->(g) RETURN DISTINCT u } AS inactiveMembers
ORDER BY connection, group
