package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/scim2neo4j/scim2neo4j/cypher"
)

// The naive baseline is what a typical hand-written import script does:
// page through /Users and then /Groups one request at a time (count=100),
// and write every account, group and membership in its own auto-commit
// transaction (session.Run per row, cypher.StmtNaive*). It has the same
// constraints and indexes as the pipeline (store.EnsureSchema), so it is
// slow for its round trips and commits, not for lack of an index. It
// writes less than the pipeline: no REPORTS_TO, no run bookkeeping, no
// identity reconciliation.

// naivePageSize is the count the naive script asks for.
const naivePageSize = 100

// NaiveResult is what the naive baseline measured.
type NaiveResult struct {
	Users            int `json:"users"`
	Groups           int `json:"groups"`
	UserMemberships  int `json:"userMemberships"`
	GroupMemberships int `json:"groupMemberships"`
	Requests         int `json:"requests"`
	Transactions     int `json:"transactions"`
	// Seconds spent per resource: fetching (HTTP + JSON) and writing.
	UserFetch       float64 `json:"userFetchSeconds"`
	UserWrite       float64 `json:"userWriteSeconds"`
	GroupFetch      float64 `json:"groupFetchSeconds"`
	GroupWrite      float64 `json:"groupWriteSeconds"`
	MembershipWrite float64 `json:"membershipWriteSeconds"`
	Schema          float64 `json:"schemaSeconds"`
	Wall            float64 `json:"wallSeconds"`
}

// naive decodings of the resources, as a script would declare them.
type naiveUser struct {
	ID          string `json:"id"`
	ExternalID  string `json:"externalId"`
	UserName    string `json:"userName"`
	DisplayName string `json:"displayName"`
	Title       string `json:"title"`
	Active      *bool  `json:"active"`
	Name        *struct {
		GivenName  string `json:"givenName"`
		FamilyName string `json:"familyName"`
	} `json:"name"`
	Emails []struct {
		Value   string `json:"value"`
		Primary bool   `json:"primary"`
	} `json:"emails"`
	Enterprise *struct {
		EmployeeNumber string `json:"employeeNumber"`
		Department     string `json:"department"`
		Manager        *struct {
			Value string `json:"value"`
		} `json:"manager"`
	} `json:"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"`
}

type naiveGroup struct {
	ID          string `json:"id"`
	ExternalID  string `json:"externalId"`
	DisplayName string `json:"displayName"`
	Members     []struct {
		Value string `json:"value"`
		Type  string `json:"type"`
	} `json:"members"`
}

type naivePage[T any] struct {
	TotalResults int `json:"totalResults"`
	Resources    []T `json:"Resources"`
}

// naiveLoader runs the naive baseline for one connection.
type naiveLoader struct {
	base, token, conn string
	http              *http.Client
	session           neo4j.SessionWithContext
	res               NaiveResult
}

// runNaive loads the directory served at base into store the naive way.
func runNaive(ctx context.Context, store *cypher.Store, base, token string) (NaiveResult, error) {
	begin := time.Now()
	if err := store.EnsureSchema(ctx); err != nil {
		return NaiveResult{}, fmt.Errorf("naive: %w", err)
	}
	l := &naiveLoader{base: base, token: token, conn: "naive", http: &http.Client{Timeout: time.Minute}}
	l.res.Schema = time.Since(begin).Seconds()
	l.session = store.Driver().NewSession(ctx, neo4j.SessionConfig{DatabaseName: store.Database()})
	defer l.session.Close(context.Background())
	err := l.users(ctx)
	if err == nil {
		err = l.groups(ctx)
	}
	l.res.Wall = time.Since(begin).Seconds()
	return l.res, err
}

// users pages through /Users and writes each account.
func (l *naiveLoader) users(ctx context.Context) error {
	for start := 1; ; start += naivePageSize {
		t := time.Now()
		var page naivePage[naiveUser]
		if err := l.get(ctx, "Users", start, &page); err != nil {
			return err
		}
		l.res.UserFetch += time.Since(t).Seconds()
		if len(page.Resources) == 0 {
			return nil
		}
		t = time.Now()
		for _, u := range page.Resources {
			if err := l.run(ctx, cypher.StmtNaiveMergeUser, map[string]any{"uid": l.uid(u.ID), "props": l.userProps(u)}); err != nil {
				return fmt.Errorf("naive: write user %s: %w", u.ID, err)
			}
			l.res.Users++
		}
		l.res.UserWrite += time.Since(t).Seconds()
		if start+len(page.Resources) > page.TotalResults {
			return nil
		}
	}
}

// groups pages through /Groups and writes each group, then each of its
// memberships.
func (l *naiveLoader) groups(ctx context.Context) error {
	for start := 1; ; start += naivePageSize {
		t := time.Now()
		var page naivePage[naiveGroup]
		if err := l.get(ctx, "Groups", start, &page); err != nil {
			return err
		}
		l.res.GroupFetch += time.Since(t).Seconds()
		if len(page.Resources) == 0 {
			return nil
		}
		for _, g := range page.Resources {
			t = time.Now()
			props := map[string]any{"connection": l.conn, "scimId": g.ID, "displayName": orNil(g.DisplayName),
				"externalId": orNil(g.ExternalID), "memberCount": len(g.Members)}
			if err := l.run(ctx, cypher.StmtNaiveMergeGroup, map[string]any{"uid": l.uid(g.ID), "props": props}); err != nil {
				return fmt.Errorf("naive: write group %s: %w", g.ID, err)
			}
			l.res.Groups++
			l.res.GroupWrite += time.Since(t).Seconds()
			t = time.Now()
			for _, m := range g.Members {
				stmt := cypher.StmtNaiveMergeUserMembership
				if strings.EqualFold(m.Type, "Group") {
					stmt = cypher.StmtNaiveMergeGroupMembership
				}
				if err := l.run(ctx, stmt, map[string]any{"member": l.uid(m.Value), "group": l.uid(g.ID)}); err != nil {
					return fmt.Errorf("naive: write membership %s in %s: %w", m.Value, g.ID, err)
				}
				if stmt == cypher.StmtNaiveMergeGroupMembership {
					l.res.GroupMemberships++
				} else {
					l.res.UserMemberships++
				}
			}
			l.res.MembershipWrite += time.Since(t).Seconds()
		}
		if start+len(page.Resources) > page.TotalResults {
			return nil
		}
	}
}

// get fetches one page.
func (l *naiveLoader) get(ctx context.Context, path string, start int, into any) error {
	q := url.Values{"startIndex": {strconv.Itoa(start)}, "count": {strconv.Itoa(naivePageSize)}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.base+"/"+path+"?"+q.Encode(), nil)
	if err != nil {
		return fmt.Errorf("naive: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+l.token)
	resp, err := l.http.Do(req)
	if err != nil {
		return fmt.Errorf("naive: GET %s at %d: %w", path, start, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("naive: GET %s at %d: HTTP %d: %s", path, start, resp.StatusCode, body)
	}
	l.res.Requests++
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		return fmt.Errorf("naive: decode %s at %d: %w", path, start, err)
	}
	return nil
}

// run runs one statement in its own auto-commit transaction.
func (l *naiveLoader) run(ctx context.Context, stmt string, params map[string]any) error {
	res, err := l.session.Run(ctx, stmt, params)
	if err != nil {
		return err
	}
	l.res.Transactions++
	_, err = res.Consume(ctx)
	return err
}

// uid keys a resource like the pipeline does.
func (l *naiveLoader) uid(id string) string { return l.conn + "/" + id }

// userProps are the account's properties.
func (l *naiveLoader) userProps(u naiveUser) map[string]any {
	p := map[string]any{
		"connection": l.conn, "scimId": u.ID, "userName": orNil(u.UserName), "displayName": orNil(u.DisplayName),
		"externalId": orNil(u.ExternalID), "title": orNil(u.Title), "active": u.Active == nil || *u.Active,
	}
	if u.Name != nil {
		p["givenName"], p["familyName"] = orNil(u.Name.GivenName), orNil(u.Name.FamilyName)
	}
	var emails []string
	for _, e := range u.Emails {
		emails = append(emails, e.Value)
		if e.Primary {
			p["primaryEmail"] = e.Value
			p["matchKey"] = strings.ToLower(e.Value)
		}
	}
	if len(emails) > 0 {
		p["emails"] = emails
	}
	if x := u.Enterprise; x != nil {
		p["employeeNumber"], p["department"] = orNil(x.EmployeeNumber), orNil(x.Department)
		if x.Manager != nil {
			p["managerId"] = orNil(x.Manager.Value)
		}
	}
	return p
}

// orNil maps "" to nil (no property).
func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}
