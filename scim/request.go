package scim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// acceptHeader asks for SCIM JSON and accepts plain JSON, as RFC 7644 §3.8 allows.
const acceptHeader = "application/scim+json, application/json"

// getJSON GETs path with query and decodes the JSON body into into,
// retrying 429, 5xx and network failures with backoff.
func (c *Client) getJSON(ctx context.Context, path string, query url.Values, into any) error {
	return c.getStream(ctx, path, query, func(dec *json.Decoder) error { return dec.Decode(into) })
}

// getStream GETs path with query and hands the body's JSON decoder to
// decode, which reads it as it streams in, so that a large body never has
// to be held whole. Failed attempts are retried like getJSON's; decode is
// called afresh for each attempt.
func (c *Client) getStream(ctx context.Context, path string, query url.Values, decode func(*json.Decoder) error) error {
	u := c.endpoint(path, query)
	var lastErr error
	for attempt := 0; ; attempt++ {
		wait, err := c.getOnce(ctx, u, decode)
		if err == nil {
			return nil
		}
		lastErr = err
		if attempt == 0 && isStatus(err, http.StatusUnauthorized) && c.cfg.Auth.Method == AuthOAuth2 {
			// A token the server no longer accepts: fetch a fresh one, once.
			c.authorize.invalidate()
			continue
		}
		if !retryable(err) || attempt >= c.cfg.MaxRetries || ctx.Err() != nil {
			break
		}
		if wait <= 0 {
			wait = c.backoff.delay(attempt)
		}
		c.log.WarnContext(ctx, "SCIM request failed, retrying", "url", redactURL(u), "attempt", attempt+1, "wait", wait, "error", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
	if ctx.Err() != nil && errors.Is(lastErr, ctx.Err()) {
		return ctx.Err()
	}
	return lastErr
}

// getOnce makes one request. On a 429 or 503 it returns the server's
// Retry-After as the wait before the next attempt.
func (c *Client) getOnce(ctx context.Context, u *url.URL, decode func(*json.Decoder) error) (time.Duration, error) {
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			return 0, err
		}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	watch := newWatchdog(c.cfg.RequestTimeout, cancel)
	defer watch.disarm()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, fmt.Errorf("GET %s: %w", redactURL(u), err)
	}
	req.Header.Set("Accept", acceptHeader)
	req.Header.Set("User-Agent", "scim2neo4j")
	began := time.Now()
	watch.arm()
	resp, err := c.http.Do(req)
	watch.disarm()
	if err != nil {
		err = requestErr(ctx, stripURLError(err))
		c.log.DebugContext(ctx, "SCIM request failed", "url", redactURL(u), "error", err)
		return 0, &NetworkError{URL: redactURL(u), Err: err}
	}
	defer resp.Body.Close()
	c.log.DebugContext(ctx, "SCIM response", "url", redactURL(u), "status", resp.StatusCode, "content_type", resp.Header.Get("Content-Type"),
		"content_length", resp.ContentLength, "elapsed", time.Since(began).Round(time.Microsecond))
	body := &cappedReader{r: &watchedReader{r: resp.Body, w: watch}, left: c.cfg.MaxResponseBytes}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		prefix, _ := io.ReadAll(io.LimitReader(body, 64<<10))
		return retryAfter(resp.Header.Get("Retry-After"), time.Now()), newHTTPError(http.MethodGet, u, resp.StatusCode, prefix)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		if mt, _, _ := mime.ParseMediaType(ct); mt != "application/scim+json" && mt != "application/json" && !isJSONSuffix(mt) {
			prefix, _ := io.ReadAll(io.LimitReader(body, 512))
			return 0, fmt.Errorf("GET %s: %w: Content-Type %s: %s", redactURL(u), ErrNotJSON, mt, snippet(prefix))
		}
	}
	if err := decode(json.NewDecoder(body)); err != nil {
		var partial *partialError
		switch {
		case body.exceeded:
			return 0, fmt.Errorf("GET %s: %w (%d bytes)", redactURL(u), ErrResponseTooLarge, c.cfg.MaxResponseBytes)
		case errors.As(err, &partial):
			// Never retried, also after a timeout: the group's first
			// parts are out, and a second read would drop the rest.
			if ctx.Err() != nil {
				err = &partialError{requestErr(ctx, err)}
			}
			return 0, fmt.Errorf("GET %s: %w", redactURL(u), err)
		case ctx.Err() != nil:
			return 0, &NetworkError{URL: redactURL(u), Err: requestErr(ctx, err)}
		}
		return 0, &DecodeError{URL: redactURL(u), Err: err}
	}
	return 0, nil
}

// isJSONSuffix accepts structured-syntax JSON types such as application/problem+json.
func isJSONSuffix(mt string) bool {
	return len(mt) > 5 && mt[len(mt)-5:] == "+json"
}

// isStatus reports whether err is an HTTPError with the given status.
func isStatus(err error, status int) bool {
	var he *HTTPError
	return errors.As(err, &he) && he.Status == status
}

// retryable reports whether an error from getOnce may go away on retry.
func retryable(err error) bool {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.Temporary()
	}
	var te *TokenError
	if errors.As(err, &te) {
		return te.Status == http.StatusTooManyRequests || te.Status >= 500
	}
	var ne *NetworkError
	if errors.As(err, &ne) {
		// A TLS or DNS failure does not heal in seconds; say so at once.
		p := Classify(err)
		return !errors.Is(ne.Err, context.Canceled) && p != ProblemTLS && p != ProblemDNS
	}
	var de *DecodeError
	// A body cut short mid-stream is usually a dropped connection.
	return errors.As(err, &de) && (errors.Is(de.Err, io.ErrUnexpectedEOF) || errors.Is(de.Err, io.EOF))
}

// retryAfter parses a Retry-After header given in seconds or as an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return min(time.Duration(s)*time.Second, maxRetryAfter)
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now), maxRetryAfter)
	}
	return 0
}

// maxRetryAfter bounds how long a server can make the client wait per retry.
const maxRetryAfter = 5 * time.Minute

// NetworkError is a failure to reach the server or to read its answer:
// DNS, refused connection, TLS, timeout.
type NetworkError struct {
	URL string
	Err error
}

// Error names the URL and the underlying failure.
func (e *NetworkError) Error() string { return fmt.Sprintf("GET %s: %v", e.URL, e.Err) }

// Unwrap exposes the cause, so callers can test for DNS or TLS errors.
func (e *NetworkError) Unwrap() error { return e.Err }

// DecodeError is a response body that is not the JSON the RFC describes.
type DecodeError struct {
	URL string
	Err error
}

// Error names the URL and what was wrong with the body.
func (e *DecodeError) Error() string { return fmt.Sprintf("GET %s: decode body: %v", e.URL, e.Err) }

// Unwrap exposes the JSON error.
func (e *DecodeError) Unwrap() error { return e.Err }

// stripURLError removes the *url.Error wrapper, whose message repeats the
// full URL; NetworkError names the redacted URL itself.
func stripURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// cappedReader reads at most left bytes and records whether the body was longer.
type cappedReader struct {
	r        io.Reader
	left     int64
	exceeded bool
}

// Read passes reads through until the cap, then fails.
func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		if n, _ := c.r.Read(one[:]); n > 0 {
			c.exceeded = true
			return 0, ErrResponseTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}
