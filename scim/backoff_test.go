package scim

import (
	"testing"
	"time"
)

// TestBackoffCeiling: the ceiling doubles from base per attempt, stops at
// the cap, and never overflows into a negative or tiny wait for large
// attempts or bases.
func TestBackoffCeiling(t *testing.T) {
	tests := []struct {
		name      string
		base, cap time.Duration
		attempt   int
		want      time.Duration
	}{
		{"first retry waits base", time.Second, 30 * time.Second, 0, time.Second},
		{"doubles", time.Second, 30 * time.Second, 3, 8 * time.Second},
		{"capped", time.Second, 30 * time.Second, 5, 30 * time.Second},
		{"large attempt stays capped", time.Second, 30 * time.Second, 200, 30 * time.Second},
		{"large base stays capped", 20 * time.Second, 30 * time.Second, 40, 30 * time.Second},
		{"shift that would overflow stays capped", 20 * time.Second, 30 * time.Second, 29, 30 * time.Second},
		{"negative attempt is the first", time.Second, 30 * time.Second, -3, time.Second},
		{"base above cap is capped", time.Minute, 30 * time.Second, 0, 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := backoff{base: tt.base, cap: tt.cap}
			if got := b.ceiling(tt.attempt); got != tt.want {
				t.Errorf("ceiling(%d) = %v, want %v", tt.attempt, got, tt.want)
			}
		})
	}
}

// TestJitterRange: the drawn wait lies in [d/2, d], at both ends of what
// the random source can return, and is 0 for a non-positive ceiling.
func TestJitterRange(t *testing.T) {
	lowest := func(time.Duration) time.Duration { return 0 }
	highest := func(n time.Duration) time.Duration { return n - 1 }
	tests := []struct {
		name  string
		d     time.Duration
		randN func(time.Duration) time.Duration
		want  time.Duration
	}{
		{"lowest draw is half", 10 * time.Second, lowest, 5 * time.Second},
		{"highest draw is the ceiling", 10 * time.Second, highest, 10 * time.Second},
		{"odd ceiling highest", 3, highest, 3},
		{"odd ceiling lowest", 3, lowest, 1},
		{"zero ceiling", 0, highest, 0},
		{"negative ceiling", -time.Second, highest, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := jitter(tt.d, tt.randN); got != tt.want {
				t.Errorf("jitter(%v) = %v, want %v", tt.d, got, tt.want)
			}
		})
	}
	b := newBackoff(time.Second)
	for attempt := range 64 {
		c := b.ceiling(attempt)
		if d := b.delay(attempt); d < c/2 || d > c {
			t.Fatalf("delay(%d) = %v, outside [%v, %v]", attempt, d, c/2, c)
		}
	}
}
