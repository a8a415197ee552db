package main

import (
	"fmt"
	"io"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/scim2neo4j/scim2neo4j/internal/logctx"
	"github.com/scim2neo4j/scim2neo4j/scim"
)

// checkCommand tests one connection the way a "Connect" button would.
func checkCommand() *cli.Command {
	return &cli.Command{
		Name:  "check",
		Usage: "test a SCIM connection: reach, authentication, ServiceProviderConfig, first page of users and groups",
		Description: `Makes a handful of requests and says, for each failure, what to fix.
Exit codes: 0 the connection would sync; 3 unreachable (DNS, refused, TLS,
timeout); 4 credentials refused (401); 5 permission denied (403); 6 wrong base
URL (404, or not a SCIM API); 1 anything else.

Example:
   SCIM_BEARER_TOKEN=demo-token scim2neo4j check --name demo --scim-url http://127.0.0.1:8080/scim/v2`,
		Flags:  connectionFlags(),
		Action: runCheck,
	}
}

// checkFailed carries the exit code of a failed check.
type checkFailed struct {
	code int
	err  error
}

func (e checkFailed) Error() string { return e.err.Error() }
func (e checkFailed) Unwrap() error { return e.err }

// Exit codes of check, one per diagnosis.
const (
	exitUnreachable  = 3
	exitUnauthorized = 4
	exitForbidden    = 5
	exitWrongURL     = 6
)

// runCheck is the check command's action.
func runCheck(c *cli.Context) error {
	conn, client, err := connectionFromFlags(c)
	if err != nil {
		return err
	}
	client = client.WithMaxRetries(1)
	w := c.App.Writer
	auth := scim.AuthMethod(c.String("auth"))
	fmt.Fprintf(w, "checking connection %q at %s (auth %s)\n", conn.Name, conn.BaseURL, auth)

	ctx := logctx.With(c.Context, "connection", conn.Name)
	start := time.Now()
	spc, spcErr := client.ServiceProviderConfig(ctx)
	if p := scim.Classify(spcErr); p != scim.ProblemNone && p != scim.ProblemNotFound && p != scim.ProblemNotSCIM && p != scim.ProblemOther {
		return fail(w, spcErr, auth)
	}
	fmt.Fprintf(w, "  ok    reachable (answered in %s)\n", time.Since(start).Round(time.Millisecond))
	if spcErr != nil {
		fmt.Fprintf(w, "  note  no usable /ServiceProviderConfig (%v); assuming index paging\n", spcErr)
	} else {
		fmt.Fprintln(w, "  ok    authentication accepted")
		describeSPC(w, spc)
	}

	for _, resource := range []string{"Users", "Groups"} {
		page, err := client.ProbeList(ctx, resource, 10)
		if err != nil {
			return fail(w, err, auth)
		}
		total := "not given"
		if page.Total >= 0 {
			total = fmt.Sprint(page.Total)
		}
		if spcErr != nil && resource == "Users" {
			fmt.Fprintln(w, "  ok    authentication accepted")
		}
		fmt.Fprintf(w, "  ok    %s: totalResults %s, first page %d, %s paging\n", resource, total, page.Received, page.Paging)
	}
	fmt.Fprintln(w, "result: this connection would sync")
	return nil
}

// describeSPC prints what the server says of paging and filtering.
func describeSPC(w io.Writer, spc *scim.ServiceProviderConfig) {
	paging := "index (no pagination block)"
	if p := spc.Pagination; p != nil {
		paging = fmt.Sprintf("cursor %v, index %v, default %s, max page size %d", bool(p.Cursor), bool(p.Index), p.DefaultPaginationMethod, p.MaxPageSize)
	}
	fmt.Fprintf(w, "  ok    ServiceProviderConfig: paging %s; filter %v (max results %d)\n", paging, bool(spc.Filter.Supported), spc.Filter.MaxResults)
}

// fail prints the diagnosis and the fix for err and returns the check's error.
func fail(w io.Writer, err error, auth scim.AuthMethod) error {
	problem := scim.Classify(err)
	diagnosis, fix, code := explain(problem, auth)
	fmt.Fprintf(w, "  FAIL  %s\n        %v\n  fix:  %s\n", diagnosis, err, fix)
	return checkFailed{code: code, err: fmt.Errorf("check failed: %s", diagnosis)}
}

// explain gives the diagnosis, the action that fixes it, and the exit code;
// an empty auth method gives a fix that fits every method.
func explain(p scim.Problem, auth scim.AuthMethod) (string, string, int) {
	switch p {
	case scim.ProblemDNS:
		return "the host name does not resolve", "check the host in --scim-url, and DNS on this machine", exitUnreachable
	case scim.ProblemRefused:
		return "connection refused: nothing listens at that host and port", "check the port and scheme in --scim-url; a firewall or IP allow-list may block this machine", exitUnreachable
	case scim.ProblemTLS:
		return "TLS failed (certificate not trusted or wrong host name)", "check that --scim-url names the certificate's host; for a private CA, trust it on this machine", exitUnreachable
	case scim.ProblemTimeout:
		return "no answer in time", "a firewall or the provider's IP allow-list may drop this machine's requests; or raise --request-timeout", exitUnreachable
	case scim.ProblemNetwork:
		return "network error", "check connectivity from this machine to the SCIM host (proxy, firewall, IP allow-list)", exitUnreachable
	case scim.ProblemUnauthorized:
		switch auth {
		case scim.AuthOAuth2:
			return "credentials refused (401)", "check the OAuth2 client id, client secret and token URL (SCIM_CLIENT_ID, SCIM_CLIENT_SECRET, SCIM_TOKEN_URL)", exitUnauthorized
		case scim.AuthBasic:
			return "credentials refused (401)", "check the username and password (SCIM_USERNAME, SCIM_PASSWORD)", exitUnauthorized
		case "":
			return "credentials refused (401)", "check the connection's token, client secret or password", exitUnauthorized
		}
		return "credentials refused (401)", "the bearer token is wrong or expired: issue a new one with read access to /Users and /Groups (SCIM_BEARER_TOKEN)", exitUnauthorized
	case scim.ProblemForbidden:
		return "permission denied (403)", "the credentials lack permission to list users and groups; some providers need a scope such as scim:read", exitForbidden
	case scim.ProblemNotFound:
		return "not found (404)", "the base URL probably lacks its SCIM prefix, such as /scim/v2", exitWrongURL
	case scim.ProblemNotSCIM:
		return "the answer is not SCIM JSON", "--scim-url seems to point at a web page rather than the SCIM API; use the SCIM base URL, such as https://host/scim/v2", exitWrongURL
	case scim.ProblemServer:
		return "the provider keeps failing (5xx or 429)", "try again later; check the provider's status page", exitFailed
	}
	return "the request failed", "see the error above", exitFailed
}
