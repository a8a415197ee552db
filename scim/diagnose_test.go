package scim

import (
	"context"
	"crypto/x509"
	"fmt"
	"net"
	"syscall"
	"testing"
)

func TestClassify(t *testing.T) {
	netErr := func(err error) error { return &NetworkError{URL: "https://x", Err: err} }
	tests := []struct {
		err  error
		want Problem
	}{
		{nil, ProblemNone},
		{&HTTPError{Status: 401}, ProblemUnauthorized},
		{fmt.Errorf("list: %w", &HTTPError{Status: 403}), ProblemForbidden},
		{&HTTPError{Status: 404}, ProblemNotFound},
		{&HTTPError{Status: 503}, ProblemServer},
		{&HTTPError{Status: 429}, ProblemServer},
		{&HTTPError{Status: 400}, ProblemOther},
		{fmt.Errorf("x: %w", ErrNotJSON), ProblemNotSCIM},
		{&DecodeError{Err: fmt.Errorf("bad")}, ProblemNotSCIM},
		{netErr(&net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}), ProblemDNS},
		{netErr(&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}), ProblemRefused},
		{netErr(x509.UnknownAuthorityError{}), ProblemTLS},
		{netErr(context.DeadlineExceeded), ProblemTimeout},
		{netErr(fmt.Errorf("reset")), ProblemNetwork},
		{fmt.Errorf("other"), ProblemOther},
	}
	for _, tt := range tests {
		if got := Classify(tt.err); got != tt.want {
			t.Errorf("Classify(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
