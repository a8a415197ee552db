package main

import (
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

// TestNoFlagTakesASecret: no flag of any command takes a secret's value
// (flags show in ps and in shell history); secrets come from the
// environment or from a file flag. The demo server's --token is the one
// exception: it serves a throw-away demo directory.
func TestNoFlagTakesASecret(t *testing.T) {
	allowed := map[string]bool{"token-url": true, "demo --token": true}
	app := newApp()
	var checked int
	for _, cmd := range app.Commands {
		for _, f := range append(append([]cli.Flag{}, app.Flags...), cmd.Flags...) {
			for _, name := range f.Names() {
				lower := strings.ToLower(name)
				if !strings.Contains(lower, "token") && !strings.Contains(lower, "secret") && !strings.Contains(lower, "password") {
					continue
				}
				checked++
				if strings.HasSuffix(lower, "-file") || allowed[lower] || allowed[cmd.Name+" --"+lower] {
					continue
				}
				if _, isBool := f.(*cli.BoolFlag); isBool {
					continue
				}
				t.Errorf("%s --%s takes a secret on the command line", cmd.Name, name)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no secret-related flag found; the test checked nothing")
	}
}
