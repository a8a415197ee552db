// Access path: who reaches a group, directly or through nested groups, and through which groups.
// Used by testing/browser/e2e.mjs (run through Neo4j Browser's editor; the // lines are dropped).
// The target group: the top of the deepest chain of nested groups (ties broken by name), so
// that the picture shows users, every level of nesting and the group they end up in. To ask
// about a group of yours, replace the first three lines with
//   MATCH (top:Group {displayName: 'VPN Users'})
// Shows up to 3 users per path length (1 = direct member), the longest paths first; a user
// who reaches the group along several paths shows on each. Read the arrows as "is in".
MATCH (top:Group) WHERE NOT (top)-[:MEMBER_OF]->(:Group)
OPTIONAL MATCH chain = (:Group)-[:MEMBER_OF*1..4]->(top)
WITH top, coalesce(max(length(chain)), 0) AS depth ORDER BY depth DESC, top.displayName LIMIT 1
MATCH p = (u:User)-[:MEMBER_OF*1..5]->(top)
WITH top, length(p) AS hops, p ORDER BY hops DESC, u.userName
WITH top, hops, collect(p)[..3] AS paths
UNWIND paths AS p
RETURN p
