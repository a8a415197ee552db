// Package scim reads users and groups from a SCIM 2.0 service provider
// (RFC 7643, RFC 7644). It knows HTTP, authentication, paging and the SCIM
// resource formats, and nothing of where the resources go: listings are
// streamed page by page into channels for the caller to consume.
package scim
