package scim

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"
)

// TLSOptions say how to verify the SCIM server's certificate. Verification
// is on by default; turning it off is for throw-away test servers only.
type TLSOptions struct {
	// CAFile is a PEM bundle trusted in addition to the system roots
	// (a private CA).
	CAFile string
	// InsecureSkipVerify accepts any certificate. Callers should warn.
	InsecureSkipVerify bool
}

// HTTPClient builds the base HTTP client for a connection: sane timeouts,
// the TLS settings above, and no automatic proxy surprises beyond
// HTTP(S)_PROXY from the environment.
func (o TLSOptions) HTTPClient() (*http.Client, error) {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.TLSHandshakeTimeout = 15 * time.Second
	transport.ResponseHeaderTimeout = 0 // bounded by the request timeout instead
	transport.MaxIdleConnsPerHost = 16
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, fmt.Errorf("CA file: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, errors.New("CA file " + o.CAFile + ": no PEM certificate found")
		}
		cfg.RootCAs = pool
	}
	cfg.InsecureSkipVerify = o.InsecureSkipVerify
	transport.TLSClientConfig = cfg
	return &http.Client{Transport: transport}, nil
}
