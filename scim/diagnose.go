package scim

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
)

// Problem classifies why a request to a service provider failed, so that
// a user can be told what to fix.
type Problem int

// The problems a connection check tells apart.
const (
	ProblemNone         Problem = iota
	ProblemDNS                  // the host name does not resolve
	ProblemRefused              // nothing listens at host:port
	ProblemTLS                  // TLS handshake or certificate failure
	ProblemTimeout              // no answer in time
	ProblemNetwork              // another network failure
	ProblemUnauthorized         // 401: credentials refused
	ProblemForbidden            // 403: credentials lack permission
	ProblemNotFound             // 404: wrong base URL
	ProblemNotSCIM              // an answer that is not SCIM JSON
	ProblemServer               // 5xx or 429 after retries
	ProblemOther
)

// Classify maps an error from this package to a Problem.
func Classify(err error) Problem {
	if err == nil {
		return ProblemNone
	}
	var te *TokenError
	if errors.As(err, &te) {
		switch {
		case te.Status == http.StatusUnauthorized || te.Status == http.StatusBadRequest:
			return ProblemUnauthorized // RFC 6749 §5.2: invalid_client is 401 or 400
		case te.Status == http.StatusForbidden:
			return ProblemForbidden
		case te.Status == http.StatusNotFound:
			return ProblemNotFound
		}
		return ProblemServer
	}
	var he *HTTPError
	if errors.As(err, &he) {
		switch {
		case he.Status == http.StatusUnauthorized:
			return ProblemUnauthorized
		case he.Status == http.StatusForbidden:
			return ProblemForbidden
		case he.Status == http.StatusNotFound:
			return ProblemNotFound
		case he.Temporary():
			return ProblemServer
		}
		return ProblemOther
	}
	if errors.Is(err, ErrNotJSON) {
		return ProblemNotSCIM
	}
	var de *DecodeError
	if errors.As(err, &de) {
		return ProblemNotSCIM
	}
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	var recordErr tls.RecordHeaderError
	var netErr net.Error
	switch {
	case errors.As(err, &dnsErr):
		return ProblemDNS
	case errors.Is(err, syscall.ECONNREFUSED):
		return ProblemRefused
	case errors.As(err, &certErr), errors.As(err, &unknownAuthority), errors.As(err, &hostnameErr), errors.As(err, &recordErr),
		strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return ProblemTLS
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return ProblemTimeout
	}
	var ne *NetworkError
	if errors.As(err, &ne) {
		return ProblemNetwork
	}
	return ProblemOther
}

// FirstPage is the first page of a listing as a connection check sees it.
type FirstPage struct {
	Total    int // totalResults, -1 when absent
	Received int
	Paging   Paging
}

// ProbeList reads the first page (of at most count resources) of
// "Users" or "Groups", with the paging method the server asks for.
func (c *Client) ProbeList(ctx context.Context, resource string, count int) (FirstPage, error) {
	q := url.Values{"count": {strconv.Itoa(count)}}
	p := c.paging(ctx)
	if p == PagingCursor {
		q.Set("cursor", "")
	} else {
		q.Set("startIndex", "1")
	}
	var page listResponse
	if err := c.getJSON(ctx, resource, q, &page); err != nil {
		return FirstPage{}, err
	}
	fp := FirstPage{Total: -1, Received: len(page.Resources), Paging: p}
	if page.TotalResults != nil {
		fp.Total = int(*page.TotalResults)
	}
	return fp, nil
}
