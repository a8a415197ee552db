package quirkserver

import "time"

// Quirks selects how the server misbehaves. The zero value is a
// well-behaved server with a page cap of 1000.
type Quirks struct {
	// PageCap caps count; 0 means 1000.
	PageCap int
	// ZeroBasedIndex treats startIndex as a 0-based offset.
	ZeroBasedIndex bool
	// IgnoreStartIndex always serves from the first resource.
	IgnoreStartIndex bool
	// OmitTotal leaves totalResults out; OmitItemsPerPage leaves itemsPerPage out.
	OmitTotal, OmitItemsPerPage bool
	// TotalDelta is added to the true totalResults (a wrong total).
	TotalDelta int
	// ShortPages returns half of what was asked on every page but the last.
	ShortPages bool
	// Cursor advertises RFC 9865 cursor paging; CursorOnly also refuses index paging.
	Cursor, CursorOnly bool
	// DuplicateEvery repeats, on every Nth page, the first resource of the page before.
	DuplicateEvery int
	// OmitMembers lists groups without members; GET /Groups/{id} has them.
	OmitMembers bool
	// MembersWithoutType drops members' type; with MembersWithoutRef also their $ref.
	MembersWithoutType, MembersWithoutRef bool
	// StringlyTyped sends active as "True"/"False" and totals as strings.
	StringlyTyped bool
	// OddCase sends attribute names in upper case (RFC 7643 §2.1: case-insensitive).
	OddCase bool
	// BadTitleEvery gives every Nth user a title that is an object.
	BadTitleEvery int
	// PhantomMembers adds members that reference ids the listing never returns.
	PhantomMembers int
	// GroupCycle makes the first two groups members of each other.
	GroupCycle bool
	// VanishFirstGroup answers GET /Groups/{id} of the first group with
	// 404, as if it was deleted between the listing and the fetch.
	VanishFirstGroup bool
	// ForbidGroups answers the group listing with 403.
	ForbidGroups bool

	// TooManyRequestsEvery answers every Nth request with 429 and Retry-After.
	TooManyRequestsEvery int
	// ServerErrorEvery answers every Nth request with 503.
	ServerErrorEvery int
	// ServerErrorsAfter answers every request after the Nth with 500 (a storm).
	ServerErrorsAfter int
	// TruncateEvery cuts every Nth body in half.
	TruncateEvery int
	// HTMLErrors renders error answers as HTML pages instead of SCIM errors.
	HTMLErrors bool
	// Delay is added to every answer.
	Delay time.Duration
	// TokenLifetime, with OAuth2 tokens from /token, makes tokens expire.
	TokenLifetime time.Duration
}
