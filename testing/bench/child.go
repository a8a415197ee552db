package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// buildSync builds cmd/scim2neo4j into dir and returns the binary's path.
func buildSync(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "scim2neo4j")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/scim2neo4j")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build ./cmd/scim2neo4j: %w\n%s", err, out)
	}
	return bin, nil
}

// childRun is one `scim2neo4j sync` process as measured from outside.
type childRun struct {
	Args     []string
	Wall     time.Duration
	CPU      time.Duration // user + system
	MaxRSS   int64         // bytes, from the child's rusage
	ExitCode int
	Stdout   string
	LogPath  string // its stderr (structured log)
	Started  time.Time
	// RSS samples the child's resident set while it runs, to tell in
	// which phase memory peaks.
	RSS []rssSample
}

// rssSample is the child's resident set size at one moment.
type rssSample struct {
	at  time.Time
	rss int64 // bytes
	hwm int64 // bytes: the peak so far (VmHWM)
}

// peakHWM is the largest VmHWM sampled, or 0.
func peakHWM(samples []rssSample) int64 {
	var peak int64
	for _, s := range samples {
		peak = max(peak, s.hwm)
	}
	return peak
}

// rssEvery is how often the child's RSS is sampled.
const rssEvery = 200 * time.Millisecond

// sampleRSS records the VmRSS of pid until done is closed.
func sampleRSS(pid int, done <-chan struct{}) []rssSample {
	var out []rssSample
	t := time.NewTicker(rssEvery)
	defer t.Stop()
	for {
		if v := procStatus(pid, "VmRSS:"); v > 0 {
			out = append(out, rssSample{at: time.Now(), rss: v, hwm: procStatus(pid, "VmHWM:")})
		}
		select {
		case <-done:
			return out
		case <-t.C:
		}
	}
}

// runSync runs the sync binary with args and extra environment, its
// stderr going to logPath, and measures it.
func runSync(ctx context.Context, bin string, args, env []string, logPath string) (childRun, error) {
	r := childRun{Args: args, LogPath: logPath}
	logFile, err := os.Create(logPath)
	if err != nil {
		return r, fmt.Errorf("sync log: %w", err)
	}
	defer logFile.Close()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, logFile
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) } // let it record the interruption
	cmd.WaitDelay = 30 * time.Second
	r.Started = time.Now()
	if err = cmd.Start(); err == nil {
		done := make(chan struct{})
		samples := make(chan []rssSample, 1)
		go func() { samples <- sampleRSS(cmd.Process.Pid, done) }()
		err = cmd.Wait()
		close(done)
		r.RSS = <-samples
	}
	r.Wall = time.Since(r.Started)
	r.Stdout = stdout.String()
	if ps := cmd.ProcessState; ps != nil {
		r.ExitCode = ps.ExitCode()
		r.CPU = ps.UserTime() + ps.SystemTime()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			r.MaxRSS = ru.Maxrss << 10 // Linux reports kilobytes
		}
	}
	// The rusage figure is not the sync's own: Go starts children with
	// clone(CLONE_VM|CLONE_VFORK), so until exec the child shares this
	// process's memory, and Linux carries that memory's peak into the
	// child's ru_maxrss at exec. With the directory and the demo server in
	// this process, that is hundreds of MiB (GiBs at 1M users) the sync
	// never used. VmHWM, the peak of the child's own memory after exec,
	// is monotonic; its last sample misses at most the final rssEvery.
	if hwm := peakHWM(r.RSS); hwm > 0 {
		r.MaxRSS = hwm
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return r, fmt.Errorf("run %s: %w", filepath.Base(bin), err)
	}
	return r, nil
}

// Summary is the sync command's summary table row for one connection,
// plus the retry line.
type Summary struct {
	Connection  string `json:"connection"`
	Status      string `json:"status"`
	Users       int    `json:"users"`
	Groups      int    `json:"groups"`
	Memberships int    `json:"memberships"`
	Unresolved  int    `json:"unresolved"`
	Duration    string `json:"duration"`
	Retries     int    `json:"retries"`
	// Columns holds every column of the row by its header, so that
	// columns added later still reach the JSON report.
	Columns map[string]string `json:"columns"`
}

var (
	retriesLine = regexp.MustCompile(`neo4j transient-error retries:\s*(\d+)`)
	// headerSep splits the summary header: tabwriter pads columns with at
	// least two spaces, while column names hold single spaces.
	headerSep = regexp.MustCompile(`\s{2,}`)
)

// parseSummary reads the summary table the sync command prints on
// stdout: a header line starting with "connection", then one row per
// connection. It finds the row of connection name.
func parseSummary(stdout, name string) (Summary, error) {
	s := Summary{Columns: map[string]string{}}
	if m := retriesLine.FindStringSubmatch(stdout); m != nil {
		s.Retries, _ = strconv.Atoi(m[1])
	}
	var header []string
	for _, line := range strings.Split(stdout, "\n") {
		trimmed := strings.TrimSpace(line)
		if header == nil {
			if strings.HasPrefix(trimmed, "connection") {
				header = headerSep.Split(trimmed, -1)
			}
			continue
		}
		fields := strings.Fields(trimmed)
		if len(fields) != len(header) || fields[0] != name {
			continue
		}
		for i, h := range header {
			s.Columns[h] = fields[i]
		}
		s.Connection = fields[0]
		s.Status = s.Columns["status"]
		s.Duration = s.Columns["duration"]
		var err error
		for _, c := range []struct {
			col string
			dst *int
		}{{"users", &s.Users}, {"groups", &s.Groups}, {"memberships", &s.Memberships}, {"unresolved", &s.Unresolved}} {
			v, ok := s.Columns[c.col]
			if !ok {
				continue
			}
			if *c.dst, err = strconv.Atoi(v); err != nil {
				return s, fmt.Errorf("summary column %s: %q is not a number", c.col, v)
			}
		}
		return s, nil
	}
	if header == nil {
		return s, errors.New("no summary table (no line starting with \"connection\") in the sync output")
	}
	return s, fmt.Errorf("no summary row for connection %q in the sync output", name)
}
