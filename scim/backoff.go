package scim

import (
	"math/rand/v2"
	"time"
)

// backoff computes capped exponential delays with "equal" jitter: each
// delay is drawn from the upper half of its ceiling, so that many clients
// retrying a struggling server do not retry in lockstep, yet none retries
// at once.
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
	return jitter(b.ceiling(attempt), rand.N[time.Duration])
}

// ceiling is the longest wait before retry number attempt (0-based): base
// doubled attempt times, capped. It does not overflow however large
// base or attempt are.
func (b backoff) ceiling(attempt int) time.Duration {
	d := b.base
	for range max(attempt, 0) {
		if d >= b.cap/2 {
			return b.cap
		}
		d *= 2
	}
	return min(d, b.cap)
}

// jitter draws a wait in [d/2, d] with randN, which returns a value in
// [0, n) like rand.N.
func jitter(d time.Duration, randN func(n time.Duration) time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return d/2 + randN(d-d/2+1)
}
