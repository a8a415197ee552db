package scim

import (
	"math/rand/v2"
	"time"
)

// backoff computes capped exponential delays with full jitter, so that many
// clients retrying a struggling server do not retry in lockstep.
type backoff struct {
	base, cap time.Duration
}

// newBackoff starts at base (500 ms when 0) and waits at most 60 times
// base, and never more than 30 s.
func newBackoff(base time.Duration) backoff {
	if base <= 0 {
		base = 500 * time.Millisecond
	}
	return backoff{base: base, cap: min(60*base, 30*time.Second)}
}

// delay is the wait before retry number attempt (0-based).
func (b backoff) delay(attempt int) time.Duration {
	d := b.cap
	if attempt < 30 {
		d = min(b.cap, b.base<<attempt)
	}
	return d/2 + rand.N(d/2+1)
}
