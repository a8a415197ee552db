package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/scim2neo4j/scim2neo4j/ingest"
	"github.com/scim2neo4j/scim2neo4j/scim"
)

// connections validates the file's connections, reads their secrets and
// builds their SCIM clients. It reports every problem at once, each
// naming its connection and field.
func (cfg *fileConfig) connections(log *slog.Logger) ([]ingest.Connection, error) {
	var errs []error
	if cfg.Concurrency < 0 {
		errs = append(errs, fieldError("", "concurrency", "%d: must not be negative", cfg.Concurrency))
	}
	if m := cfg.MaxRemovalShare; m != nil && (*m <= 0 || *m > 1) {
		errs = append(errs, fieldError("", "maxRemovalShare", "%v: want a share in (0, 1]", *m))
	}
	if len(cfg.Connections) == 0 {
		errs = append(errs, fieldError("", "connections", "no connections configured"))
	}
	var out []ingest.Connection
	seen := map[string]int{}
	for i, cc := range cfg.Connections {
		label := fmt.Sprintf("connection #%d", i+1)
		if name := strings.TrimSpace(cc.Name); name != "" {
			label = fmt.Sprintf("connection %q", name)
			if first, dup := seen[name]; dup {
				errs = append(errs, fieldError(label, "name", "also the name of connection #%d; names must be unique", first))
			}
			seen[name] = i + 1
		}
		conn, cerrs := cc.connection(label, i+1, log)
		errs = append(errs, cerrs...)
		if len(cerrs) == 0 {
			out = append(out, conn)
		}
	}
	if len(errs) > 0 {
		return nil, usageError{errors.Join(errs...)}
	}
	return out, nil
}

// connection validates one connection; position is its 1-based place in
// the file, its priority unless it sets one.
func (cc connectionConfig) connection(label string, position int, log *slog.Logger) (ingest.Connection, []error) {
	var errs []error
	fail := func(field, format string, args ...any) {
		errs = append(errs, fieldError(label, field, format, args...))
	}
	name := strings.TrimSpace(cc.Name)
	switch {
	case name == "":
		fail("name", "required (a unique, stable connection name)")
	case strings.Contains(name, "/"):
		fail("name", "%q must not contain '/'", name)
	}
	authority := strings.ToLower(strings.TrimSpace(cc.Authoritative))
	if authority != "primary" && authority != "secondary" {
		fail("authoritative", "%q: want primary or secondary", cc.Authoritative)
	}
	priority := position
	if cc.Priority != nil {
		priority = *cc.Priority
	}
	matchBy, err := ingest.ParseMatchBy(cc.MatchBy)
	if err != nil {
		fail("matchBy", "%v", err)
	}
	if cc.PageSize < 0 {
		fail("pageSize", "%d: must not be negative", cc.PageSize)
	}
	if cc.Concurrency < 0 {
		fail("concurrency", "%d: must not be negative", cc.Concurrency)
	}
	if cc.RateLimit < 0 {
		fail("rateLimit", "%v: must not be negative", cc.RateLimit)
	}
	var timeout time.Duration
	if cc.RequestTimeout != "" {
		if timeout, err = time.ParseDuration(cc.RequestTimeout); err != nil || timeout <= 0 {
			fail("requestTimeout", "%q: want a positive duration such as 30s", cc.RequestTimeout)
		}
	}
	auth, authErrs := cc.Auth.resolve(label)
	errs = append(errs, authErrs...)
	if strings.TrimSpace(cc.BaseURL) == "" {
		fail("baseUrl", "required (the SCIM base URL, e.g. https://api.example.com/scim/v2)")
	}
	if len(errs) > 0 {
		return ingest.Connection{}, errs
	}
	tlsOpts := scim.TLSOptions{CAFile: cc.CAFile, InsecureSkipVerify: cc.InsecureSkipTLSVerify}
	if tlsOpts.InsecureSkipVerify {
		log.Warn("TLS certificate verification is OFF for this connection: anyone on the network path can impersonate the SCIM server", "connection", name)
	}
	httpClient, err := tlsOpts.HTTPClient()
	if err != nil {
		return ingest.Connection{}, []error{fieldError(label, "caFile", "%v", err)}
	}
	client, err := scim.New(scim.Config{
		HTTPClient:     httpClient,
		BaseURL:        cc.BaseURL,
		Auth:           auth,
		PageSize:       cc.PageSize,
		Concurrency:    cc.Concurrency,
		RateLimit:      cc.RateLimit,
		RequestTimeout: timeout,
		Logger:         log, // the run's context names the connection and run
	})
	if err != nil {
		return ingest.Connection{}, []error{fieldError(label, "baseUrl", "%v", err)}
	}
	return ingest.Connection{
		Name:          name,
		BaseURL:       client.BaseURL(),
		Authoritative: authority,
		Priority:      priority,
		MatchBy:       matchBy,
		Source:        client,
	}, nil
}

// resolve checks the auth section against its method and reads the
// secrets it names.
func (a authConfig) resolve(label string) (scim.Auth, []error) {
	var errs []error
	fail := func(field, format string, args ...any) {
		errs = append(errs, fieldError(label, "auth."+field, format, args...))
	}
	method := scim.AuthMethod(strings.ToLower(strings.TrimSpace(a.Method)))
	if method == "" {
		method = scim.AuthBearer
	}
	out := scim.Auth{Method: method}
	secret := func(field, inline, env, file string) string {
		v, err := configSecret(field, inline, env, file)
		if err != nil {
			errs = append(errs, fieldError(label, "auth."+err.field, "%s", err.msg))
		}
		return v
	}
	// unused refuses settings that belong to another method.
	unused := func(field, value string) {
		if value != "" {
			fail(field, "not used by auth method %s", method)
		}
	}
	switch method {
	case scim.AuthBearer:
		out.Token = secret("token", a.Token, a.TokenEnv, a.TokenFile)
	case scim.AuthOAuth2:
		out.ClientID = strings.TrimSpace(a.ClientID)
		out.TokenURL = strings.TrimSpace(a.TokenURL)
		out.Scopes = a.Scopes
		if out.ClientID == "" {
			fail("clientId", "required for auth method oauth2")
		}
		if out.TokenURL == "" {
			fail("tokenUrl", "required for auth method oauth2 (the token endpoint)")
		}
		out.ClientSecret = secret("clientSecret", a.ClientSecret, a.ClientSecretEnv, a.ClientSecretFile)
	case scim.AuthBasic:
		out.Username = strings.TrimSpace(a.Username)
		if out.Username == "" {
			fail("username", "required for auth method basic")
		}
		out.Password = secret("password", a.Password, a.PasswordEnv, a.PasswordFile)
	default:
		fail("method", "%q: want bearer, oauth2 or basic", a.Method)
		return out, errs
	}
	if method != scim.AuthBearer {
		unused("tokenEnv", a.TokenEnv)
		unused("tokenFile", a.TokenFile)
		unused("token", a.Token)
	}
	if method != scim.AuthOAuth2 {
		unused("clientId", a.ClientID)
		unused("clientSecretEnv", a.ClientSecretEnv)
		unused("clientSecretFile", a.ClientSecretFile)
		unused("clientSecret", a.ClientSecret)
		unused("tokenUrl", a.TokenURL)
		if len(a.Scopes) > 0 {
			fail("scopes", "not used by auth method %s", method)
		}
	}
	if method != scim.AuthBasic {
		unused("username", a.Username)
		unused("passwordEnv", a.PasswordEnv)
		unused("passwordFile", a.PasswordFile)
		unused("password", a.Password)
	}
	return out, errs
}

// secretError names the field a secret problem is about.
type secretError struct{ field, msg string }

// configSecret reads the secret a configuration names: from the
// environment variable env or the file file, exactly one of them. An
// inline value is refused. Errors name variables and paths, never values.
func configSecret(field, inline, env, file string) (string, *secretError) {
	envField, fileField := field+"Env", field+"File"
	switch {
	case inline != "":
		return "", &secretError{field, fmt.Sprintf("inline secrets are not accepted; name an environment variable (%s) or a file (%s)", envField, fileField)}
	case env != "" && file != "":
		return "", &secretError{envField, fmt.Sprintf("set %s or %s, not both", envField, fileField)}
	case env != "":
		v, ok := os.LookupEnv(env)
		if !ok {
			return "", &secretError{envField, fmt.Sprintf("environment variable %s is not set", env)}
		}
		if strings.TrimSpace(v) == "" {
			return "", &secretError{envField, fmt.Sprintf("environment variable %s is empty", env)}
		}
		return v, nil
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", &secretError{fileField, err.Error()}
		}
		v := strings.TrimRight(string(b), "\r\n")
		if strings.TrimSpace(v) == "" {
			return "", &secretError{fileField, fmt.Sprintf("file %s is empty", file)}
		}
		return v, nil
	}
	return "", &secretError{envField, fmt.Sprintf("required: name an environment variable (%s) or a file (%s)", envField, fileField)}
}
