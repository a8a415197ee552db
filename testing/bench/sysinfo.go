package main

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Machine describes where the benchmark ran.
type Machine struct {
	CPUs      int    `json:"cpus"`
	CPUModel  string `json:"cpuModel"`
	MemoryGiB string `json:"memoryGiB"`
	Kernel    string `json:"kernel"`
	GoVersion string `json:"goVersion"`
	// Commit is the HEAD the benchmark ran on; Dirty says whether the
	// working tree had uncommitted changes (whose code was measured).
	Commit string `json:"commit"`
	Dirty  bool   `json:"dirty"`
	// DiffHash identifies the uncommitted changes (sha256 of git diff
	// HEAD, tracked files), so runs of the same dirty tree can be matched.
	DiffHash string `json:"diffHash,omitempty"`
}

// machine reads /proc and the repository at root.
func machine(root string) Machine {
	m := Machine{CPUs: runtime.NumCPU(), GoVersion: runtime.Version()}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if kb := meminfo("MemTotal"); kb > 0 {
		m.MemoryGiB = fmt.Sprintf("%.1f", float64(kb)/(1<<20))
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	if out, err := exec.Command("git", "-C", root, "rev-parse", "--short=12", "HEAD").Output(); err == nil {
		m.Commit = strings.TrimSpace(string(out))
	}
	if out, err := exec.Command("git", "-C", root, "status", "--porcelain", "--untracked-files=no").Output(); err == nil {
		m.Dirty = len(strings.TrimSpace(string(out))) > 0
	}
	if m.Dirty {
		if out, err := exec.Command("git", "-C", root, "diff", "HEAD").Output(); err == nil {
			sum := sha256.Sum256(out)
			m.DiffHash = hex.EncodeToString(sum[:6])
		}
	}
	return m
}

// meminfo returns a /proc/meminfo field in kB, or 0.
func meminfo(field string) int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && k == field {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// loadavg is the 1-, 5- and 15-minute load average, as uptime prints it.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// clockTick is USER_HZ, the unit of /proc CPU times; Linux fixes it at 100
// on every architecture Go supports.
const clockTick = 100

// cpuSample is a point in time of the CPU counters the phases compare.
type cpuSample struct {
	at        time.Time
	machine   time.Duration // busy CPU time of the whole machine (all cores)
	self      time.Duration // this process (the demo SCIM server lives here)
	neo4j     time.Duration // the Neo4j JVM, when its pid is known
	neo4jRSS  int64         // its peak RSS so far (VmHWM), bytes
	neo4jSeen bool
	neo4jPID  int
	procs     map[int]procTime // every process, to name the other CPU users
}

// procTime is a process's CPU time so far and what to call it.
type procTime struct {
	label string
	cpu   time.Duration
}

// sampleCPU reads the counters; neo4jPID 0 skips Neo4j.
func sampleCPU(neo4jPID int) cpuSample {
	s := cpuSample{at: time.Now(), machine: machineBusy()}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		s.self = tvDuration(ru.Utime) + tvDuration(ru.Stime)
	}
	s.neo4jPID = neo4jPID
	s.procs = allProcs()
	if neo4jPID > 0 {
		if d, ok := procCPU(neo4jPID); ok {
			s.neo4j, s.neo4jSeen = d, true
			s.neo4jRSS = procHWM(neo4jPID)
		}
	}
	return s
}

// machineBusy is the non-idle CPU time of all cores from /proc/stat.
func machineBusy() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal ...
	if len(f) < 9 || f[0] != "cpu" {
		return 0
	}
	var busy int64
	for i, v := range f[1:9] {
		if i == 3 || i == 4 { // idle, iowait
			continue
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		busy += n
	}
	return time.Duration(busy) * time.Second / clockTick
}

// procCPU is the user+system CPU time of a process (all its threads).
func procCPU(pid int) (time.Duration, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(s[i+1:]) // f[0] is field 3 (state); utime is field 14
	if len(f) < 13 {
		return 0, false
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / clockTick, true
}

// procHWM is the peak resident set of a process in bytes, or 0.
func procHWM(pid int) int64 { return procStatus(pid, "VmHWM:") }

// procStatus reads a kB field of /proc/<pid>/status in bytes, or 0.
func procStatus(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n << 10
		}
	}
	return 0
}

// tvDuration converts a rusage time.
func tvDuration(tv syscall.Timeval) time.Duration {
	return time.Duration(tv.Sec)*time.Second + time.Duration(tv.Usec)*time.Microsecond
}

// allProcs reads the CPU time of every process but this one.
func allProcs() map[int]procTime {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	self := os.Getpid()
	out := make(map[int]procTime, len(entries))
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		if d, ok := procCPU(pid); ok {
			out[pid] = procTime{cpu: d}
		}
	}
	return out
}

// procLabel names a process for the report: Neo4j instances of
// testing/neo4j by their data directory, others by their command line.
func procLabel(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || len(b) == 0 {
		comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		return fmt.Sprintf("[%s]", strings.TrimSpace(string(comm)))
	}
	args := strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
	for i, a := range args {
		if strings.HasSuffix(a, "neo4j-launcher.jar") && i+1 < len(args) {
			return "Neo4j (testing/neo4j) " + filepath.Base(args[i+1])
		}
	}
	args[0] = filepath.Base(args[0])
	return clip(strings.Join(args, " "), 70)
}

// ProcCPU is one other process's CPU time during a phase.
type ProcCPU struct {
	PID     int     `json:"pid"`
	Label   string  `json:"label"`
	Seconds float64 `json:"seconds"`
}

// topOther lists the processes other than ours (this one, the Neo4j we
// measure, the sync child) that used the most CPU between a and b.
func topOther(a, b cpuSample, n int) []ProcCPU {
	var out []ProcCPU
	for pid, after := range b.procs {
		if pid == b.neo4jPID {
			continue
		}
		before := a.procs[pid] // zero for processes started in between
		if d := (after.cpu - before.cpu).Seconds(); d >= 0.5 {
			out = append(out, ProcCPU{PID: pid, Seconds: d})
		}
	}
	slices.SortFunc(out, func(x, y ProcCPU) int { return cmp.Compare(y.Seconds, x.Seconds) })
	if len(out) > n {
		out = out[:n]
	}
	for i := range out {
		out[i].Label = procLabel(out[i].PID)
	}
	return out
}

// CPU is where the CPU time of a phase went, in seconds.
type CPU struct {
	// Machine is the busy time of all cores; divided by Wall*CPUs it is
	// how saturated the machine was.
	Machine float64 `json:"machine"`
	Sync    float64 `json:"sync"`  // the sync process (child or in-process work)
	Bench   float64 `json:"bench"` // this process: demo SCIM server, and in-process runs
	Neo4j   float64 `json:"neo4j"`
	// Other is Machine minus the processes above: other users of the
	// shared machine (tests, other Neo4j instances).
	Other float64 `json:"other"`
	// Saturation is Machine / (wall × CPUs).
	Saturation float64 `json:"saturation"`
	// TopOther names the other processes that used the most CPU (those
	// that ended during the run are not seen).
	TopOther []ProcCPU `json:"topOther,omitempty"`
}

// cpuBetween computes the CPU split between two samples; child is the
// CPU time of a child process run in between (0 for in-process runs).
func cpuBetween(a, b cpuSample, child time.Duration) CPU {
	wall := b.at.Sub(a.at).Seconds()
	c := CPU{
		Machine: (b.machine - a.machine).Seconds(),
		Sync:    child.Seconds(),
		Bench:   (b.self - a.self).Seconds(),
	}
	if a.neo4jSeen && b.neo4jSeen {
		c.Neo4j = (b.neo4j - a.neo4j).Seconds()
	}
	c.Other = max(0, c.Machine-c.Sync-c.Bench-c.Neo4j)
	c.TopOther = topOther(a, b, 3)
	if wall > 0 {
		c.Saturation = c.Machine / (wall * float64(runtime.NumCPU()))
	}
	return c
}
