package main

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scim2neo4j/scim2neo4j/ingest"
)

// secretValue is the value of every secret in these tests; no error may show it.
const secretValue = "s3cr3t-value-never-shown"

func TestConfigConnections(t *testing.T) {
	t.Setenv("T_HR_TOKEN", secretValue)
	t.Setenv("T_EMPTY", "")
	t.Setenv("T_SECRET", secretValue)
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte(secretValue+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	emptyFile := filepath.Join(dir, "empty")
	if err := os.WriteFile(emptyFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		yaml    string
		want    []ingest.Connection // Name, BaseURL, Authoritative, Priority, MatchBy compared
		wantErr []string            // each must appear in the error
	}{
		{
			name: "two connections, defaults and explicit settings",
			yaml: `
concurrency: 2
connections:
  - name: hr
    baseUrl: https://hr.example.com/scim/v2
    authoritative: primary
    auth: {method: bearer, tokenEnv: T_HR_TOKEN}
  - name: slack
    baseUrl: https://slack.example.com/scim/v2/
    authoritative: Secondary
    priority: 7
    matchBy: userName
    auth: {method: oauth2, clientId: app, clientSecretFile: ` + tokenFile + `, tokenUrl: https://login.example.com/token, scopes: [scim]}
    pageSize: 100
    concurrency: 2
    rateLimit: 5
    requestTimeout: 30s
  - name: wiki
    baseUrl: https://wiki.example.com/scim/v2
    authoritative: secondary
    matchBy: externalId
    auth: {method: basic, username: sync, passwordEnv: T_SECRET}
`,
			want: []ingest.Connection{
				{Name: "hr", BaseURL: "https://hr.example.com/scim/v2", Authoritative: "primary", Priority: 1, MatchBy: ingest.MatchByEmail},
				{Name: "slack", BaseURL: "https://slack.example.com/scim/v2", Authoritative: "secondary", Priority: 7, MatchBy: ingest.MatchByUserName},
				{Name: "wiki", BaseURL: "https://wiki.example.com/scim/v2", Authoritative: "secondary", Priority: 3, MatchBy: ingest.MatchByExternalID},
			},
		},
		{
			name: "typo names its line",
			yaml: `
connections:
  - name: hr
    baseUrl: https://hr.example.com/scim/v2
    authoritative: primary
    auth: {tokenEnv: T_HR_TOKEN}
    pagesize: 10
`,
			wantErr: []string{"line 7", "pagesize"},
		},
		{
			name: "inline secret refused",
			yaml: `
connections:
  - name: hr
    baseUrl: https://hr.example.com/scim/v2
    authoritative: primary
    auth: {method: bearer, token: ` + secretValue + `}
`,
			wantErr: []string{`connection "hr": auth.token: inline secrets are not accepted`, "tokenEnv", "tokenFile"},
		},
		{
			name: "empty and missing secrets",
			yaml: `
connections:
  - name: hr
    baseUrl: https://hr.example.com/scim/v2
    authoritative: primary
    auth: {tokenEnv: T_EMPTY}
  - name: crm
    baseUrl: https://crm.example.com/scim/v2
    authoritative: secondary
    auth: {tokenEnv: T_NOT_SET_ANYWHERE}
  - name: wiki
    baseUrl: https://wiki.example.com/scim/v2
    authoritative: secondary
    auth: {tokenFile: ` + emptyFile + `}
  - name: chat
    baseUrl: https://chat.example.com/scim/v2
    authoritative: secondary
    auth: {}
`,
			wantErr: []string{
				`connection "hr": auth.tokenEnv: environment variable T_EMPTY is empty`,
				`connection "crm": auth.tokenEnv: environment variable T_NOT_SET_ANYWHERE is not set`,
				`connection "wiki": auth.tokenFile: file ` + emptyFile + ` is empty`,
				`connection "chat": auth.tokenEnv: required`,
			},
		},
		{
			name: "every field problem of every connection at once",
			yaml: `
concurrency: -1
connections:
  - baseUrl: https://a.example.com/scim/v2
    authoritative: primary
    auth: {tokenEnv: T_HR_TOKEN}
  - name: b/c
    baseUrl: ""
    authoritative: boss
    matchBy: phone
    pageSize: -5
    rateLimit: -1
    requestTimeout: soon
    auth: {method: kerberos}
  - name: d
    baseUrl: https://d.example.com/scim/v2
    authoritative: secondary
    auth: {method: basic, passwordEnv: T_SECRET, tokenEnv: T_HR_TOKEN}
  - name: d
    baseUrl: https://d2.example.com/scim/v2
    authoritative: secondary
    auth: {method: oauth2, clientSecretEnv: T_SECRET}
`,
			wantErr: []string{
				"concurrency: -1: must not be negative",
				"connection #1: name: required",
				`connection "b/c": name: "b/c" must not contain '/'`,
				`connection "b/c": authoritative: "boss": want primary or secondary`,
				`connection "b/c": matchBy: "phone": want email, userName or externalId`,
				`connection "b/c": pageSize: -5`,
				`connection "b/c": rateLimit: -1`,
				`connection "b/c": requestTimeout: "soon"`,
				`connection "b/c": auth.method: "kerberos": want bearer, oauth2 or basic`,
				`connection "b/c": baseUrl: required`,
				`connection "d": auth.username: required for auth method basic`,
				`connection "d": auth.tokenEnv: not used by auth method basic`,
				`connection "d": name: also the name of connection #3`,
				`connection "d": auth.clientId: required for auth method oauth2`,
				`connection "d": auth.tokenUrl: required`,
			},
		},
		{
			name: "bad base URL",
			yaml: `
connections:
  - name: hr
    baseUrl: hr.example.com/scim/v2
    authoritative: primary
    auth: {tokenEnv: T_HR_TOKEN}
`,
			wantErr: []string{`connection "hr": baseUrl: base URL "hr.example.com/scim/v2"`},
		},
		{
			name:    "no connections",
			yaml:    "concurrency: 2\n",
			wantErr: []string{"connections: no connections configured"},
		},
		{
			name:    "empty file",
			yaml:    "",
			wantErr: []string{"the file is empty"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := decodeConfig(strings.NewReader(tt.yaml))
			var conns []ingest.Connection
			if err == nil {
				conns, err = cfg.connections(slog.New(slog.DiscardHandler))
			}
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatalf("no error, want %q", tt.wantErr)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error lacks %q:\n%v", w, err)
					}
				}
				if strings.Contains(err.Error(), secretValue) {
					t.Errorf("error shows a secret:\n%v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(conns) != len(tt.want) {
				t.Fatalf("%d connections, want %d", len(conns), len(tt.want))
			}
			for i, w := range tt.want {
				g := conns[i]
				if g.Name != w.Name || g.BaseURL != w.BaseURL || g.Authoritative != w.Authoritative || g.Priority != w.Priority || g.MatchBy != w.MatchBy || g.Source == nil {
					t.Errorf("connection %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func TestConfigErrorsAreUsageErrors(t *testing.T) {
	cfg, err := decodeConfig(strings.NewReader("connections: [{name: x}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = cfg.connections(slog.New(slog.DiscardHandler))
	var ue usageError
	if !errors.As(err, &ue) || exitCode(err, false) != exitUsage {
		t.Fatalf("err %v: want a usage error (exit code %d)", err, exitUsage)
	}
}

func TestParseParams(t *testing.T) {
	tests := []struct {
		in      []string
		want    map[string]any
		wantErr bool
	}{
		{nil, map[string]any{}, false},
		{[]string{"key=ann@example.com"}, map[string]any{"key": "ann@example.com"}, false},
		{[]string{"$group=A=B", "connection=okta"}, map[string]any{"group": "A=B", "connection": "okta"}, false},
		{[]string{"key"}, nil, true},
		{[]string{"=x"}, nil, true},
		{[]string{"k=1", "k=2"}, nil, true},
	}
	for _, tt := range tests {
		got, err := parseParams(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("%q: err %v", tt.in, err)
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("%q: got %v, want %v", tt.in, got, tt.want)
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("%q: %s = %v, want %v", tt.in, k, got[k], v)
			}
		}
	}
}

// TestTrailingQueryFlags: --param (also -p and name=value forms), --show
// and --config after the query name are read; anything else, or a flag
// without its value, is a usage error.
func TestTrailingQueryFlags(t *testing.T) {
	tests := []struct {
		args       []string
		want       []string
		wantShow   bool
		wantConfig string
		wantErr    bool
	}{
		{nil, nil, false, "", false},
		{[]string{"--param", "group=Admins", "-p", "connection=okta"}, []string{"group=Admins", "connection=okta"}, false, "", false},
		{[]string{"--param=key=a@b.c", "--show"}, []string{"key=a@b.c"}, true, "", false},
		{[]string{"--config", "two.yaml", "-p=k=v"}, []string{"k=v"}, false, "two.yaml", false},
		{[]string{"--config=a.yaml"}, nil, false, "a.yaml", false},
		{[]string{"--param"}, nil, false, "", true},
		{[]string{"--config"}, nil, false, "", true},
		{[]string{"--neo4j-uri", "bolt://x"}, nil, false, "", true},
		{[]string{"other-query"}, nil, false, "", true},
	}
	for _, tt := range tests {
		got, err := trailingQueryFlags(tt.args)
		if (err != nil) != tt.wantErr || got.show != tt.wantShow || got.config != tt.wantConfig || strings.Join(got.pairs, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%q: got %+v, err %v", tt.args, got, err)
		}
	}
}
