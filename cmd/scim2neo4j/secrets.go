package main

import (
	"os"
	"strings"

	"github.com/urfave/cli/v2"
)

// secret reads a credential from the file named by fileFlag when set, else
// from the environment variable env. Secrets never come from a plain flag.
func secret(c *cli.Context, fileFlag, env string) (string, error) {
	if path := c.String(fileFlag); path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", usagef("--%s: %v", fileFlag, err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	return os.Getenv(env), nil
}
