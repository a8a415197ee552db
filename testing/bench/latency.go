package main

import (
	"errors"
	"io"
	"net"
	"slices"
	"sync"
	"time"
)

// latencyProxy stands between the benchmark's clients and Neo4j and
// delivers every chunk of bytes, in both directions, a fixed delay after
// it arrived: a network with that one-way latency and no bandwidth limit,
// so that a loader which waits for every answer pays the round trip and
// one which streams large batches hardly does.
type latencyProxy struct {
	ln     net.Listener
	target string
	delay  time.Duration
	wg     sync.WaitGroup
	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
}

// startLatencyProxy listens on a loopback port and forwards every
// connection to target with the given one-way delay.
func startLatencyProxy(target string, delay time.Duration) (*latencyProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &latencyProxy{ln: ln, target: target, delay: delay, conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// addr is the proxy's host:port.
func (p *latencyProxy) addr() string { return p.ln.Addr().String() }

// accept serves connections until the listener closes.
func (p *latencyProxy) accept() {
	defer p.wg.Done()
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			client.Close()
			continue
		}
		if !p.track(client, server) {
			return
		}
		var both sync.WaitGroup
		both.Add(2)
		p.wg.Add(3)
		go func() { defer both.Done(); p.pipe(server, client) }()
		go func() { defer both.Done(); p.pipe(client, server) }()
		go func() {
			defer p.wg.Done()
			both.Wait()
			client.Close()
			server.Close()
		}()
	}
}

// track remembers open connections so that close can end them; it
// refuses (and closes) them once the proxy is closed.
func (p *latencyProxy) track(conns ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		for _, c := range conns {
			c.Close()
		}
		return false
	}
	for _, c := range conns {
		p.conns[c] = struct{}{}
	}
	return true
}

// delayed is a chunk of bytes and when it may be delivered.
type delayed struct {
	data []byte
	due  time.Time
}

// pipe copies src to dst, each chunk delay after it was read. Reading
// goes on while earlier chunks wait, so the delay adds latency, not a
// limit on throughput. When src ends, dst's write side is closed after
// the last chunk.
func (p *latencyProxy) pipe(dst, src net.Conn) {
	defer p.wg.Done()
	chunks := make(chan delayed, 4096)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for c := range chunks {
			time.Sleep(time.Until(c.due))
			if _, err := dst.Write(c.data); err != nil {
				src.Close()
				for range chunks { // drain so the reader never blocks
				}
				return
			}
		}
		if tc, ok := dst.(*net.TCPConn); ok {
			_ = tc.CloseWrite()
		} else {
			dst.Close()
		}
	}()
	buf := make([]byte, 64<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			chunks <- delayed{data: append([]byte(nil), buf[:n]...), due: time.Now().Add(p.delay)}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				dst.Close()
			}
			break
		}
	}
	close(chunks)
	<-done
}

// close stops accepting, ends every connection and waits for the pipes.
func (p *latencyProxy) close() {
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.ln.Close()
	p.wg.Wait()
}

// measureRoundTrip is the median time a one-byte ping takes through a
// proxy of the given delay and back, to a local echo server: what the
// delay really costs on this machine, timers and scheduling included.
func measureRoundTrip(delay time.Duration) (time.Duration, error) {
	ln, err := startEcho()
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	p, err := startLatencyProxy(ln.Addr().String(), delay)
	if err != nil {
		return 0, err
	}
	defer p.close()
	c, err := net.Dial("tcp", p.addr())
	if err != nil {
		return 0, err
	}
	defer c.Close()
	const pings = 101
	rtts := make([]time.Duration, pings)
	b := []byte{0}
	for i := range rtts {
		t := time.Now()
		if _, err := c.Write(b); err != nil {
			return 0, err
		}
		if _, err := io.ReadFull(c, b); err != nil {
			return 0, err
		}
		rtts[i] = time.Since(t)
	}
	slices.Sort(rtts)
	return rtts[pings/2], nil
}

// startEcho starts a loopback server that sends every connection back
// what it receives; closing the listener stops it taking connections.
func startEcho() (net.Listener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); _, _ = io.Copy(c, c) }()
		}
	}()
	return ln, nil
}
