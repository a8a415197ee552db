package ingest_test

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scim2neo4j/scim2neo4j/cypher"
	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/scim"
	"github.com/scim2neo4j/scim2neo4j/testing/directory"
	"github.com/scim2neo4j/scim2neo4j/testing/neo4jtest"
	"github.com/scim2neo4j/scim2neo4j/testing/quirkserver"
)

// TestProviderQuirks syncs the same directory from servers that misbehave
// the way real providers do, and checks that the graph equals the
// directory, or that the run warns or fails exactly as documented. Runs
// that must remove nothing (failed or incomplete ones) start from the
// graph of an earlier clean sync under the same connection name, and must
// leave every node and relationship of it in place.
func TestProviderQuirks(t *testing.T) {
	dir := directory.Generate(directory.Options{Users: 450, Groups: 40, Seed: 11})
	// larger is dir plus ten users and their memberships and managers
	// (see directory.Generate): synced ahead of a populated case, it
	// leaves items that the run does not list, so that a run removing
	// what it did not see shows, whatever the quirk lists.
	larger := directory.Generate(directory.Options{Users: 460, Groups: 40, Seed: 11})
	store := neo4jtest.Store(t)

	type check func(t *testing.T, res ingest.Result, err error, srv *quirkserver.Server)
	ok := func(status ingest.Status) check {
		return func(t *testing.T, res ingest.Result, err error, _ *quirkserver.Server) {
			t.Helper()
			if err != nil || res.Status != status {
				t.Fatalf("status %s, err %v; want %s", res.Status, err, status)
			}
		}
	}
	tests := []struct {
		name   string
		quirks quirkserver.Quirks
		client func(*scim.Config)
		// want adjusts the expected graph for what the quirk changes.
		want  func(g *graph, conn string)
		check check
		// failed: the run must fail; the graph is only checked to keep
		// what the earlier sync wrote (see populated).
		failed string
		// populated: the run must remove nothing. It runs on the graph a
		// clean sync of a larger directory (the test's plus a few users)
		// left under the same connection name, all of which must survive;
		// failed runs always run so.
		populated bool
	}{
		{name: "well behaved", check: ok(ingest.StatusOK)},
		{name: "page cap below the asked count", quirks: quirkserver.Quirks{PageCap: 30}, check: ok(ingest.StatusOK)},
		{name: "0-based startIndex", quirks: quirkserver.Quirks{ZeroBasedIndex: true}, check: ok(ingest.StatusOK)},
		{name: "no totalResults, no itemsPerPage", quirks: quirkserver.Quirks{OmitTotal: true, OmitItemsPerPage: true}, check: ok(ingest.StatusOK)},
		{name: "totalResults too low", quirks: quirkserver.Quirks{TotalDelta: -150}, check: ok(ingest.StatusOK)},
		{name: "totalResults too high", quirks: quirkserver.Quirks{TotalDelta: 25}, populated: true,
			check: func(t *testing.T, res ingest.Result, err error, _ *quirkserver.Server) {
				if err != nil || res.Status != ingest.StatusIncomplete || !strings.Contains(res.RemovalSkipped, "announced") {
					t.Fatalf("status %s (%q), err %v; want incomplete: announced more than listed", res.Status, res.RemovalSkipped, err)
				}
			}},
		{name: "short middle pages", quirks: quirkserver.Quirks{ShortPages: true}, check: ok(ingest.StatusOK)},
		{name: "cursor advertised, index default", quirks: quirkserver.Quirks{Cursor: true},
			check: pagingIs(scim.PagingIndex)},
		{name: "cursor only (RFC 9865)", quirks: quirkserver.Quirks{CursorOnly: true, OmitTotal: true},
			check: pagingIs(scim.PagingCursor)},
		{name: "duplicates across pages", quirks: quirkserver.Quirks{DuplicateEvery: 2},
			check: func(t *testing.T, res ingest.Result, err error, _ *quirkserver.Server) {
				if err != nil || res.Status != ingest.StatusOK || res.UserListing.Duplicates == 0 {
					t.Fatalf("status %s, err %v, duplicates %d; want ok with duplicates counted", res.Status, err, res.UserListing.Duplicates)
				}
			}},
		{name: "groups listed without members", quirks: quirkserver.Quirks{OmitMembers: true}, check: ok(ingest.StatusOK)},
		{name: "members without type", quirks: quirkserver.Quirks{MembersWithoutType: true}, check: ok(ingest.StatusOK)},
		{name: "members without type or $ref", quirks: quirkserver.Quirks{MembersWithoutType: true, MembersWithoutRef: true}, check: ok(ingest.StatusOK)},
		{name: "booleans and numbers as strings", quirks: quirkserver.Quirks{StringlyTyped: true}, check: ok(ingest.StatusOK)},
		{name: "attribute names in upper case", quirks: quirkserver.Quirks{OddCase: true}, check: ok(ingest.StatusOK)},
		{name: "a title that is an object", quirks: quirkserver.Quirks{BadTitleEvery: 9},
			want: func(g *graph, conn string) {
				for i, u := range dir.Users {
					if i%9 == 0 {
						delete(g.users[conn+"/"+u.ID], "title")
					}
				}
			},
			check: func(t *testing.T, res ingest.Result, err error, _ *quirkserver.Server) {
				if err != nil || res.Status != ingest.StatusOK || res.UserListing.WarningCount != 50 {
					t.Fatalf("status %s, err %v, warnings %d; want ok with 50 warnings", res.Status, err, res.UserListing.WarningCount)
				}
				if w := res.UserListing.Warnings[0]; w.ID == "" || !strings.Contains(w.Error(), "title") {
					t.Fatalf("warning %v does not name the resource and attribute", w)
				}
			}},
		{name: "members the listing never returned", quirks: quirkserver.Quirks{PhantomMembers: 2},
			want: func(g *graph, _ string) {
				for _, p := range g.groups {
					p["memberCount"] = p["memberCount"].(int64) + 2 // as the provider counts them
				}
			},
			check: func(t *testing.T, res ingest.Result, err error, _ *quirkserver.Server) {
				if err != nil || res.Status != ingest.StatusOK || res.UnresolvedMembers != 2*len(dir.Groups) {
					t.Fatalf("status %s, err %v, unresolved %d; want ok with %d unresolved", res.Status, err, res.UnresolvedMembers, 2*len(dir.Groups))
				}
			}},
		{name: "nested groups in a cycle", quirks: quirkserver.Quirks{GroupCycle: true},
			want: func(g *graph, conn string) {
				g0, g1 := conn+"/"+dir.Groups[0].ID, conn+"/"+dir.Groups[1].ID
				g.memberships = append(g.memberships, g1+" -> "+g0, g0+" -> "+g1)
				slices.Sort(g.memberships)
				g.groups[g0]["memberCount"] = g.groups[g0]["memberCount"].(int64) + 1
				g.groups[g1]["memberCount"] = g.groups[g1]["memberCount"].(int64) + 1
			},
			check: ok(ingest.StatusOK)},
		{name: "429 bursts", quirks: quirkserver.Quirks{TooManyRequestsEvery: 4}, check: ok(ingest.StatusOK)},
		{name: "occasional 503", quirks: quirkserver.Quirks{ServerErrorEvery: 5}, check: ok(ingest.StatusOK)},
		{name: "truncated bodies", quirks: quirkserver.Quirks{TruncateEvery: 6}, check: ok(ingest.StatusOK)},
		{name: "expiring OAuth2 tokens", quirks: quirkserver.Quirks{TokenLifetime: time.Second},
			client: func(c *scim.Config) {
				c.Auth = scim.Auth{Method: scim.AuthOAuth2, ClientID: quirkserver.ClientID, ClientSecret: quirkserver.ClientSecret, TokenURL: strings.TrimSuffix(c.BaseURL, "/scim/v2") + "/token"}
			},
			check: func(t *testing.T, res ingest.Result, err error, srv *quirkserver.Server) {
				if err != nil || res.Status != ingest.StatusOK || srv.TokensIssued() < 2 {
					t.Fatalf("status %s, err %v, tokens %d; want ok with tokens refreshed", res.Status, err, srv.TokensIssued())
				}
			}},
		{name: "server ignores startIndex", quirks: quirkserver.Quirks{IgnoreStartIndex: true, PageCap: 100}, populated: true,
			want: func(g *graph, conn string) { *g = graph{} },
			check: func(t *testing.T, res ingest.Result, err error, _ *quirkserver.Server) {
				if err != nil || res.Status != ingest.StatusIncomplete {
					t.Fatalf("status %s, err %v; want incomplete", res.Status, err)
				}
			}},
		{name: "a group deleted between listing and fetch", quirks: quirkserver.Quirks{OmitMembers: true, VanishFirstGroup: true}, populated: true,
			want: func(g *graph, conn string) {
				gid := conn + "/" + dir.Groups[0].ID
				g.memberships = slices.DeleteFunc(g.memberships, func(m string) bool { return strings.HasSuffix(m, " -> "+gid) })
				g.groups[gid]["memberCount"] = int64(0)
			},
			check: func(t *testing.T, res ingest.Result, err error, _ *quirkserver.Server) {
				if err != nil || res.Status != ingest.StatusIncomplete || res.GroupListing.Vanished != 1 || !strings.Contains(res.RemovalSkipped, "vanished") {
					t.Fatalf("status %s (%q), err %v, vanished %d; want incomplete, one vanished", res.Status, res.RemovalSkipped, err, res.GroupListing.Vanished)
				}
			}},
		{name: "403 on the group listing", quirks: quirkserver.Quirks{ForbidGroups: true}, failed: "HTTP 403"},
		{name: "5xx storm beyond the retry budget, HTML error pages", quirks: quirkserver.Quirks{ServerErrorsAfter: 3, HTMLErrors: true},
			failed: "HTTP 500: Error 500 internal error"},
		{name: "slow answers beyond the request timeout", quirks: quirkserver.Quirks{Delay: 300 * time.Millisecond},
			client: func(c *scim.Config) { c.RequestTimeout = 50 * time.Millisecond; c.MaxRetries = 1 },
			failed: "sent nothing for"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := neo4jtest.ConnectionName(t, store)
			populated := tt.populated || tt.failed != ""
			var before graph
			if populated {
				before = syncClean(t, store, name, larger)
			}
			qs := quirkserver.New(dir, tt.quirks)
			srv := httptestServer(t, qs)
			cfg := scim.Config{
				BaseURL:        srv.URL + quirkserver.BasePath,
				Auth:           scim.Auth{Method: scim.AuthBearer, Token: quirkserver.StaticToken},
				PageSize:       100,
				MaxRetries:     4,
				RetryBaseDelay: time.Millisecond,
			}
			if tt.client != nil {
				tt.client(&cfg)
			}
			res, err := ingest.Sync(t.Context(), store, connectionWith(t, name, cfg), syncOptions)
			if tt.failed != "" {
				if err == nil || res.Status != ingest.StatusFailed || !strings.Contains(err.Error(), tt.failed) {
					t.Fatalf("status %s, err %v; want failed with %q", res.Status, err, tt.failed)
				}
				assertKept(t, readGraph(t, store, name), before)
				return
			}
			tt.check(t, res, err, qs)
			got := readGraph(t, store, name)
			if populated {
				assertKept(t, got, before)
			}
			want := expectedGraph(name, dir)
			if tt.want != nil {
				tt.want(&want, name)
			}
			if want.users == nil {
				return // the listing was partial; what it wrote is not the directory
			}
			if populated {
				want = overlay(before, want)
			}
			assertGraph(t, got, want)
		})
	}
}

// pagingIs checks a clean run that used the given paging method.
func pagingIs(p scim.Paging) func(*testing.T, ingest.Result, error, *quirkserver.Server) {
	return func(t *testing.T, res ingest.Result, err error, _ *quirkserver.Server) {
		t.Helper()
		if err != nil || res.Status != ingest.StatusOK || res.UserListing.Paging != p || res.GroupListing.Paging != p {
			t.Fatalf("status %s, err %v, paging %s/%s; want ok with %s paging", res.Status, err,
				res.UserListing.Paging, res.GroupListing.Paging, p)
		}
	}
}

// syncClean syncs dir under the connection name from a well-behaved
// server, checks that the graph holds exactly dir, and returns that graph.
func syncClean(t *testing.T, store *cypher.Store, name string, dir *directory.Directory) graph {
	t.Helper()
	res, err := ingest.Sync(t.Context(), store, connection(t, name, serve(t, dir, nil), 100), syncOptions)
	if err != nil || res.Status != ingest.StatusOK {
		t.Fatalf("clean sync ahead of the quirk: status %s, err %v", res.Status, err)
	}
	g := readGraph(t, store, name)
	assertGraph(t, g, expectedGraph(name, dir))
	return g
}

// assertKept fails the test when got lacks a user, group, MEMBER_OF or
// REPORTS_TO relationship that before holds.
func assertKept(t *testing.T, got, before graph) {
	t.Helper()
	kept := func(what string, have, had []string) {
		t.Helper()
		set := make(map[string]bool, len(have))
		for _, s := range have {
			set[s] = true
		}
		var gone []string
		for _, s := range had {
			if !set[s] {
				gone = append(gone, s)
			}
		}
		if len(gone) > 0 {
			slices.Sort(gone)
			t.Errorf("the run removed %d of the %d %ss an earlier sync wrote, among them %q",
				len(gone), len(had), what, gone[:min(3, len(gone))])
		}
	}
	kept("user", slices.Collect(maps.Keys(got.users)), slices.Collect(maps.Keys(before.users)))
	kept("group", slices.Collect(maps.Keys(got.groups)), slices.Collect(maps.Keys(before.groups)))
	kept("membership", got.memberships, before.memberships)
	kept("REPORTS_TO", got.reportsTo, before.reportsTo)
}

// overlay is the graph a run that removes nothing leaves: before, with
// the nodes the run wrote (written) carrying their new properties, and
// the relationships of both.
func overlay(before, written graph) graph {
	g := graph{users: maps.Clone(before.users), groups: maps.Clone(before.groups)}
	maps.Copy(g.users, written.users)
	maps.Copy(g.groups, written.groups)
	union := func(a, b []string) []string {
		s := slices.Concat(a, b)
		slices.Sort(s)
		return slices.Compact(s)
	}
	g.memberships = union(before.memberships, written.memberships)
	g.reportsTo = union(before.reportsTo, written.reportsTo)
	return g
}
