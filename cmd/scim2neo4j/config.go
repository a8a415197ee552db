package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// fileConfig is the YAML configuration file (--config) for a run over
// several connections. Secrets are never in it: only the names of the
// environment variables or files that hold them.
type fileConfig struct {
	// Neo4j is optional; flags and NEO4J_* environment variables still work.
	Neo4j *neo4jFileConfig `yaml:"neo4j"`
	// Concurrency is how many connections sync at once (0: the default).
	Concurrency int `yaml:"concurrency"`
	// MaxRemovalShare and AllowMassRemoval are the mass-removal guard of
	// every connection, as --max-removal-share and --allow-mass-removal
	// (which win when given); a missing share means the default.
	MaxRemovalShare  *float64           `yaml:"maxRemovalShare"`
	AllowMassRemoval bool               `yaml:"allowMassRemoval"`
	Connections      []connectionConfig `yaml:"connections"`
}

// neo4jFileConfig is the neo4j section of the configuration file.
type neo4jFileConfig struct {
	URI          string `yaml:"uri"`
	Username     string `yaml:"username"`
	Password     string `yaml:"password"` // refused: secrets are never inline
	PasswordEnv  string `yaml:"passwordEnv"`
	PasswordFile string `yaml:"passwordFile"`
	Database     string `yaml:"database"`
}

// connectionConfig is one entry of the connections list.
type connectionConfig struct {
	Name          string `yaml:"name"`
	BaseURL       string `yaml:"baseUrl"`
	Authoritative string `yaml:"authoritative"`
	// Priority ranks connections of equal authority, lower first; absent
	// means the connection's position in the file (1, 2, ...).
	Priority       *int       `yaml:"priority"`
	MatchBy        string     `yaml:"matchBy"`
	Auth           authConfig `yaml:"auth"`
	PageSize       int        `yaml:"pageSize"`
	Concurrency    int        `yaml:"concurrency"`
	RateLimit      float64    `yaml:"rateLimit"`
	RequestTimeout string     `yaml:"requestTimeout"` // a Go duration such as 30s
	// CAFile is a PEM file of a CA to trust for this SCIM server.
	CAFile string `yaml:"caFile"`
	// InsecureSkipTLSVerify accepts any certificate (test servers only).
	InsecureSkipTLSVerify bool `yaml:"insecureSkipTlsVerify"`
}

// authConfig is a connection's auth section. The inline secret fields
// exist only to be refused with a pointer to their *Env and *File forms.
type authConfig struct {
	Method string `yaml:"method"` // bearer (default), oauth2 or basic

	Token     string `yaml:"token"` // refused
	TokenEnv  string `yaml:"tokenEnv"`
	TokenFile string `yaml:"tokenFile"`

	ClientID         string   `yaml:"clientId"`
	ClientSecret     string   `yaml:"clientSecret"` // refused
	ClientSecretEnv  string   `yaml:"clientSecretEnv"`
	ClientSecretFile string   `yaml:"clientSecretFile"`
	TokenURL         string   `yaml:"tokenUrl"`
	Scopes           []string `yaml:"scopes"`

	Username     string `yaml:"username"`
	Password     string `yaml:"password"` // refused
	PasswordEnv  string `yaml:"passwordEnv"`
	PasswordFile string `yaml:"passwordFile"`
}

// loadConfig reads and decodes the configuration file. Unknown fields are
// errors that name their line, so that a typo is not silently ignored.
func loadConfig(path string) (*fileConfig, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usagef("--config: %v", err)
	}
	defer f.Close()
	cfg, err := decodeConfig(f)
	if err != nil {
		var fields *unknownFieldsError
		if errors.As(err, &fields) {
			// Report the file's other problems with the misspelt fields,
			// so that one round of fixes is enough.
			if _, verr := fields.cfg.connections(slog.New(slog.DiscardHandler)); verr != nil {
				err = fmt.Errorf("%w\n%v", err, verr)
			}
		}
		return nil, usagef("--config %s: %v", path, err)
	}
	return cfg, nil
}

// unknownFieldsError is a file that decoded but for fields it does not
// know; cfg holds what the known fields say.
type unknownFieldsError struct {
	msg string
	cfg *fileConfig
}

func (e *unknownFieldsError) Error() string { return e.msg }

// decodeConfig decodes one YAML document strictly.
func decodeConfig(r io.Reader) (*fileConfig, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var cfg fileConfig
	if err := dec.Decode(&cfg); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the file is empty")
		}
		msg := sectionNames.Replace(err.Error())
		var typeErr *yaml.TypeError
		if errors.As(err, &typeErr) {
			return nil, &unknownFieldsError{msg: msg, cfg: &cfg}
		}
		return nil, errors.New(msg)
	}
	return &cfg, nil
}

// sectionNames renders the decoder's Go type names as the file's sections.
var sectionNames = strings.NewReplacer(
	"in type main.fileConfig", "at the top level",
	"in type main.neo4jFileConfig", "in the neo4j section",
	"in type main.connectionConfig", "in a connection",
	"in type main.authConfig", "in a connection's auth section",
)

// fieldError is a validation error that names the connection and field.
func fieldError(conn, field, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if conn == "" {
		return fmt.Errorf("%s: %s", field, msg)
	}
	return fmt.Errorf("%s: %s: %s", conn, field, msg)
}
