package main

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"
)

// TestLatencyProxy: bytes cross the proxy intact both ways, and an answer
// comes no sooner than two one-way delays after the question.
func TestLatencyProxy(t *testing.T) {
	ln, err := startEcho()
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	const delay = 30 * time.Millisecond
	p, err := startLatencyProxy(ln.Addr().String(), delay)
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	c, err := net.Dial("tcp", p.addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	start := time.Now()
	if _, err := c.Write([]byte("ping")); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 4)
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatal(err)
	}
	if rtt := time.Since(start); string(got) != "ping" || rtt < 2*delay {
		t.Fatalf("got %q after %v, want \"ping\" after at least %v", got, rtt, 2*delay)
	}

	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	go func() { _, _ = c.Write(big) }()
	back := make([]byte, len(big))
	if _, err := io.ReadFull(c, back); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back, big) {
		t.Fatal("a large transfer came back changed")
	}
}

// TestMeasureRoundTrip: the measured round trip is at least the two
// one-way delays.
func TestMeasureRoundTrip(t *testing.T) {
	const delay = 5 * time.Millisecond
	rtt, err := measureRoundTrip(delay)
	if err != nil {
		t.Fatal(err)
	}
	if rtt < 2*delay {
		t.Fatalf("round trip %v, want at least %v", rtt, 2*delay)
	}
}
