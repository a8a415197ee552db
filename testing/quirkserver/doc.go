// Package quirkserver is a SCIM 2.0 server over a generated directory whose
// misbehaviour is switched per test: the ways real providers bend RFC 7643
// and RFC 7644 (page caps, 0-based indexes, missing or wrong totals,
// cursor-only paging, duplicates, groups listed without members, 429
// bursts, 5xx, slow or truncated answers, HTML errors, expiring tokens).
// Unlike the demo server it is hand-written, because a well-behaved SCIM
// library cannot be made to misbehave.
package quirkserver
