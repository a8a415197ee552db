package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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

// Summary is what the sync's --report file says of one connection's
// run, plus the run's Neo4j retries.
type Summary struct {
	Connection  string  `json:"connection"`
	Status      string  `json:"status"`
	Error       string  `json:"error,omitempty"`
	Users       int     `json:"users"`
	Groups      int     `json:"groups"`
	Memberships int     `json:"memberships"`
	Unresolved  int     `json:"unresolved"`
	Seconds     float64 `json:"seconds"`
	Retries     int     `json:"retries"`
}

// syncReport is the part of the sync command's --report JSON
// (docs/report.schema.json) that the benchmark reads.
type syncReport struct {
	SchemaVersion string `json:"schemaVersion"`
	Neo4jRetries  int    `json:"neo4jRetries"`
	Connections   []struct {
		Name              string  `json:"name"`
		Status            string  `json:"status"`
		Error             string  `json:"error"`
		DurationSeconds   float64 `json:"durationSeconds"`
		UnresolvedMembers int     `json:"unresolvedMembers"`
		Users             struct {
			Written int `json:"written"`
		} `json:"users"`
		Groups struct {
			Written int `json:"written"`
		} `json:"groups"`
		Memberships struct {
			Written int `json:"written"`
		} `json:"memberships"`
	} `json:"connections"`
}

// readSummary reads connection name's run from the JSON report a sync
// wrote with --report.
func readSummary(data []byte, name string) (Summary, error) {
	var rep syncReport
	if err := json.Unmarshal(data, &rep); err != nil {
		return Summary{}, fmt.Errorf("sync report: %w", err)
	}
	if rep.SchemaVersion != "1" {
		return Summary{}, fmt.Errorf("sync report: schema version %q, want 1", rep.SchemaVersion)
	}
	for _, c := range rep.Connections {
		if c.Name != name {
			continue
		}
		return Summary{
			Connection: c.Name, Status: c.Status, Error: c.Error,
			Users: c.Users.Written, Groups: c.Groups.Written, Memberships: c.Memberships.Written,
			Unresolved: c.UnresolvedMembers, Seconds: c.DurationSeconds, Retries: rep.Neo4jRetries,
		}, nil
	}
	return Summary{}, fmt.Errorf("sync report: no connection %q", name)
}
