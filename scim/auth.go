package scim

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// AuthMethod names how a connection authenticates to its SCIM API.
type AuthMethod string

// The supported authentication methods.
const (
	AuthBearer AuthMethod = "bearer" // static bearer token
	AuthOAuth2 AuthMethod = "oauth2" // OAuth2 client-credentials grant
	AuthBasic  AuthMethod = "basic"  // HTTP Basic username and password
)

// Auth holds the credentials of one connection. Its String method never
// prints a secret, so an Auth can be logged safely.
type Auth struct {
	Method AuthMethod

	Token string // bearer

	ClientID     string // oauth2
	ClientSecret string // oauth2
	TokenURL     string // oauth2
	Scopes       []string

	Username string // basic
	Password string // basic
}

// String describes the method and non-secret identifiers only.
func (a Auth) String() string {
	switch a.Method {
	case AuthOAuth2:
		return fmt.Sprintf("oauth2(client %s, token URL %s)", a.ClientID, a.TokenURL)
	case AuthBasic:
		return fmt.Sprintf("basic(user %s)", a.Username)
	}
	return string(a.Method)
}

// Validate reports the first missing or unknown setting, naming the
// environment variable a user would set.
func (a Auth) Validate() error {
	var missing []string
	need := func(v, name string) {
		if strings.TrimSpace(v) == "" {
			missing = append(missing, name)
		}
	}
	switch a.Method {
	case AuthBearer:
		need(a.Token, "bearer token (SCIM_BEARER_TOKEN)")
	case AuthOAuth2:
		need(a.ClientID, "client id (SCIM_CLIENT_ID)")
		need(a.ClientSecret, "client secret (SCIM_CLIENT_SECRET)")
		need(a.TokenURL, "token URL (SCIM_TOKEN_URL)")
	case AuthBasic:
		need(a.Username, "username (SCIM_USERNAME)")
		need(a.Password, "password (SCIM_PASSWORD)")
	default:
		return fmt.Errorf("auth method %q: want bearer, oauth2 or basic", a.Method)
	}
	if len(missing) > 0 {
		return fmt.Errorf("auth %s: missing %s", a.Method, strings.Join(missing, ", "))
	}
	return nil
}

// authorizer yields the Authorization header value for the next request.
type authorizer interface {
	header(ctx context.Context) (string, error)
	// invalidate drops a cached credential the server refused, so the
	// next request fetches a fresh one (an OAuth2 token revoked early).
	invalidate()
}

// staticHeader is a credential that never changes (bearer, basic).
type staticHeader string

func (h staticHeader) header(context.Context) (string, error) { return string(h), nil }
func (h staticHeader) invalidate()                            {}

// authorizer builds the header source for the method.
func (a Auth) authorizer(base *http.Client) (authorizer, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	switch a.Method {
	case AuthBearer:
		return staticHeader("Bearer " + strings.TrimSpace(a.Token)), nil
	case AuthBasic:
		return staticHeader("Basic " + base64.StdEncoding.EncodeToString([]byte(a.Username+":"+a.Password))), nil
	}
	cc := clientcredentials.Config{
		ClientID:     a.ClientID,
		ClientSecret: a.ClientSecret,
		TokenURL:     a.TokenURL,
		Scopes:       a.Scopes,
	}
	// Token calls outlive any one request, so they get their own context
	// carrying only the HTTP client for token calls. cc.Token fetches a
	// new token on each call: oauthToken does the caching, so that a
	// refused token is really dropped (cc.TokenSource would hand the
	// cached one back until it expires).
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, base)
	return &oauthToken{src: tokenFunc(func() (*oauth2.Token, error) { return cc.Token(ctx) }), tokenURL: a.TokenURL}, nil
}

// tokenFunc is a function as an oauth2.TokenSource.
type tokenFunc func() (*oauth2.Token, error)

// Token calls f.
func (f tokenFunc) Token() (*oauth2.Token, error) { return f() }

// oauthToken caches a client-credentials token and fetches a new one
// shortly before it expires (oauth2.Token.Valid allows for clock skew), or
// when the server refused the cached one.
type oauthToken struct {
	src      oauth2.TokenSource
	tokenURL string
	mu       sync.Mutex
	tok      *oauth2.Token
}

// header returns "Bearer <token>", fetching a token when needed.
func (o *oauthToken) header(context.Context) (string, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.tok.Valid() {
		tok, err := o.src.Token()
		if err != nil {
			return "", fmt.Errorf("oauth2 token from %s: %w", o.tokenURL, scrubOAuthError(err))
		}
		o.tok = tok
	}
	return "Bearer " + o.tok.AccessToken, nil
}

// invalidate forgets the cached token.
func (o *oauthToken) invalidate() {
	o.mu.Lock()
	o.tok = nil
	o.mu.Unlock()
}

// TokenError is a refusal from the OAuth2 token endpoint. A 4xx refusal
// (wrong client id or secret, unknown scope) is final and not retried.
type TokenError struct {
	Status int
	Code   string // the OAuth2 "error" code, such as invalid_client
}

// Error names the status and the OAuth2 error code, never the body: a
// misbehaving token endpoint could echo the client secret in it.
func (e *TokenError) Error() string {
	msg := fmt.Sprintf("token endpoint answered HTTP %d", e.Status)
	if e.Code != "" {
		msg += ": " + e.Code
	}
	return msg
}

// scrubOAuthError turns oauth2's errors, which carry the raw response
// body, into a TokenError.
func scrubOAuthError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return &TokenError{Status: re.Response.StatusCode, Code: clip(re.ErrorCode, 100)}
	}
	return err
}

// authTransport adds the Authorization header to requests for the
// configured host only, so a redirect to another host never carries it.
type authTransport struct {
	host      string
	authorize authorizer
	base      http.RoundTripper
}

// RoundTrip authorizes requests to the configured host and passes others on untouched.
func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.EqualFold(req.URL.Host, t.host) {
		return t.base.RoundTrip(req)
	}
	header, err := t.authorize.header(req.Context())
	if err != nil {
		return nil, err
	}
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", header)
	return t.base.RoundTrip(r)
}
