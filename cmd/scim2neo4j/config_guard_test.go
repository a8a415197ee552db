package main

import (
	"errors"
	"flag"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

// TestRemovalGuardFromConfig: the configuration file's maxRemovalShare and
// allowMassRemoval apply to the run, a share given on the command line
// wins over the file's, and either place can allow mass removal.
func TestRemovalGuardFromConfig(t *testing.T) {
	tests := []struct {
		name      string
		yaml      string
		args      []string
		wantShare float64
		wantAllow bool
	}{
		{"defaults", "", nil, 0.30, false},
		{"file share", "maxRemovalShare: 0.5\n", nil, 0.5, false},
		{"flag share wins", "maxRemovalShare: 0.5\n", []string{"--max-removal-share", "0.1"}, 0.1, false},
		{"file allows", "allowMassRemoval: true\n", nil, 0.30, true},
		{"flag allows", "", []string{"--allow-mass-removal"}, 0.30, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := flag.NewFlagSet("sync", flag.ContinueOnError)
			share := set.Float64("max-removal-share", 0.30, "")
			allow := set.Bool("allow-mass-removal", false, "")
			if err := set.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			cfg, err := decodeConfig(strings.NewReader(tt.yaml + "connections: []\n"))
			if err != nil {
				t.Fatal(err)
			}
			gotShare, gotAllow := cfg.removalGuard(cli.NewContext(cli.NewApp(), set, nil), *share, *allow)
			if gotShare != tt.wantShare || gotAllow != tt.wantAllow {
				t.Fatalf("share %v, allow %v; want %v, %v", gotShare, gotAllow, tt.wantShare, tt.wantAllow)
			}
		})
	}
}

// TestConfigRemovalShareValidated: a share outside (0, 1] in the file is
// a configuration error naming the field.
func TestConfigRemovalShareValidated(t *testing.T) {
	for _, share := range []string{"0", "-0.2", "1.5"} {
		cfg, err := decodeConfig(strings.NewReader("maxRemovalShare: " + share + "\nconnections: []\n"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = cfg.connections(slog.New(slog.DiscardHandler))
		if err == nil || !strings.Contains(err.Error(), "maxRemovalShare") {
			t.Errorf("share %s: error %v, want one naming maxRemovalShare", share, err)
		}
	}
}

// TestConfigReportsEverythingAtOnce: a file with misspelt fields also
// reports its other problems, so that one round of fixes is enough; the
// error is a usage error.
func TestConfigReportsEverythingAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "typo.yaml")
	yaml := "concurency: 2\nconnections:\n  - name: hr\n    baseUrl: https://hr.example.com/scim/v2\n" +
		"    pagesize: 10\n    authoritative: secondry\n    auth: {method: bearer, tokenEnv: T_UNSET_TOKEN_FOR_TEST}\n"
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := loadConfig(path)
	var ue usageError
	if !errors.As(err, &ue) {
		t.Fatalf("err %v: want a usage error", err)
	}
	for _, want := range []string{
		"line 1: field concurency not found at the top level",
		"line 5: field pagesize not found in a connection",
		`connection "hr": authoritative: "secondry"`,
		`connection "hr": auth.tokenEnv: environment variable T_UNSET_TOKEN_FOR_TEST is not set`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}
