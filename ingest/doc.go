// Package ingest wires a SCIM source to the Neo4j store: it runs the
// stages of one connection's sync (fetch, transform, batch, write, link,
// remove what disappeared) under one errgroup, connected by bounded channels.
package ingest
