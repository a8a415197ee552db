// Package cypher is scim2neo4j's only door to Neo4j: the schema, every
// Cypher statement (as named constants taking parameters only), and the
// transactions that run them. It knows rows and runs, and nothing of SCIM
// or HTTP.
package cypher
