package main

import (
	"bytes"
	"testing"
)

func TestOfTotal(t *testing.T) {
	tests := []struct {
		written, fetched, announced int64
		want                        string
	}{
		{0, 0, -1, "0"},
		{10, 10, -1, "10"},
		{10, 25, -1, "10 (fetched 25)"},
		{10, 25, 100, "10 (fetched 25)/100"},
		{100, 100, 100, "100/100"},
	}
	for _, tt := range tests {
		if got := ofTotal(tt.written, tt.fetched, tt.announced); got != tt.want {
			t.Errorf("ofTotal(%d, %d, %d) = %q, want %q", tt.written, tt.fetched, tt.announced, got, tt.want)
		}
	}
}

func TestTermWriterKeepsLogsAboveTheBlock(t *testing.T) {
	var out bytes.Buffer
	w := &termWriter{w: &out}
	w.draw([]string{"a 1", "b 1"})
	_, _ = w.Write([]byte("log line\n"))
	w.draw([]string{"a 2", "b 2"})
	got := out.String()
	want := "a 1\x1b[K\nb 1\x1b[K\n" + "\x1b[2A\x1b[J" + "log line\n" + "a 2\x1b[K\nb 2\x1b[K\n"
	if got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
