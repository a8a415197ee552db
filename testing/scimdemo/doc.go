// Package scimdemo serves a generated directory.Directory read-only as a
// SCIM 2.0 service provider, for demos, integration tests and benchmarks of
// the SCIM client side of scim2neo4j.
//
// It is built on github.com/elimity-com/scim and adds what that library
// leaves to the caller: bearer-token authentication, the /scim/v2 base
// path, a read-only in-memory backend that pages by slicing (O(page size)
// per request, whatever the directory size), allocation-light encoding of
// very large member lists, and a correct itemsPerPage.
//
// Endpoints (all under BasePath, all requiring "Authorization: Bearer
// <token>"): GET Users, Users/{id}, Groups, Groups/{id},
// ServiceProviderConfig, Schemas, ResourceTypes. List endpoints support
// startIndex/count paging (count capped at the MaxPageSize option), filter
// (evaluated by scanning, so O(directory size)) and top-level
// excludedAttributes (e.g. excludedAttributes=members). Write operations
// answer 501 Not Implemented.
package scimdemo
