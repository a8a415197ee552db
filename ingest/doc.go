// Package ingest wires a SCIM source to the Neo4j store: it runs the
// stages of one connection's sync (fetch, transform, batch, write, link,
// remove what disappeared) under one errgroup, connected by bounded
// channels; runs several connections at once (SyncAll); and reconciles
// the identities a run touched, or all of them (Reconcile, ReconcileAll).
package ingest
