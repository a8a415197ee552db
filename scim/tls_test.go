package scim

import (
	"encoding/pem"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func TestTLSVerification(t *testing.T) {
	srv := httptest.NewTLSServer(&fakeList{n: 3})
	defer srv.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		opts    TLSOptions
		wantErr Problem
	}{
		{"verified by default: self-signed refused", TLSOptions{}, ProblemTLS},
		{"private CA trusted", TLSOptions{CAFile: caFile}, ProblemNone},
		{"verification skipped on request", TLSOptions{InsecureSkipVerify: true}, ProblemNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hc, err := tt.opts.HTTPClient()
			if err != nil {
				t.Fatal(err)
			}
			c := newTestClient(t, srv, func(c *Config) { c.HTTPClient = hc })
			_, _, err = collectUsers(t, c)
			if got := Classify(err); got != tt.wantErr {
				t.Fatalf("Classify(%v) = %v, want %v", err, got, tt.wantErr)
			}
		})
	}
	if _, err := (TLSOptions{CAFile: filepath.Join(t.TempDir(), "missing.pem")}).HTTPClient(); err == nil {
		t.Fatal("a missing CA file was accepted")
	}
}
