package main

import (
	"bufio"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// Phase is one stretch of a sync run, told apart by the log lines that
// ingest writes when a stage starts or ends.
type Phase struct {
	Key     string  `json:"key"`  // setup, nodes, memberships, finish, reconcile, exit; joined with + when a marker was missing
	Name    string  `json:"name"` // for people
	Seconds float64 `json:"seconds"`
	// PeakRSS is the sync process's largest sampled RSS during the phase
	// (end-to-end runs only), bytes.
	PeakRSS int64 `json:"peakRSSBytes,omitempty"`
}

// addPeakRSS sets each phase's peak from RSS samples of a run that started
// at start.
func addPeakRSS(phases []Phase, start time.Time, samples []rssSample) {
	from := start
	k := 0
	for i := range phases {
		to := from.Add(time.Duration(phases[i].Seconds * float64(time.Second)))
		last := i == len(phases)-1
		for ; k < len(samples) && (last || samples[k].at.Before(to)); k++ {
			phases[i].PeakRSS = max(phases[i].PeakRSS, samples[k].rss)
		}
		from = to
	}
}

// phaseMarkers are the log messages that end each phase, in order.
var phaseMarkers = []struct {
	msg, key, name string
}{
	{"writing accounts and groups", "setup", "process start, connect, schema, run start"},
	{"accounts and groups written", "nodes", "users and groups (SCIM fetch + decode + write, concurrent)"},
	{"writing memberships", "keys", "reading the identity keys the run touched"},
	{"memberships written", "memberships", "MEMBER_OF (user members, then nested groups)"},
	{"removing what the connection no longer has", "managers", "REPORTS_TO links"},
	{"removed what the connection no longer has", "removal", "stale count and removal"},
	{"sync finished", "finish", "run bookkeeping"},
	{"identities reconciled", "reconcile", "identity reconciliation"},
}

// logLine is the time and message of one slog text line.
type logLine struct {
	at  time.Time
	msg string
}

// readLogLines reads slog text-handler lines (time=... level=... msg=...);
// other lines are skipped.
func readLogLines(r io.Reader) []logLine {
	var out []logLine
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		line := sc.Text()
		ts, ok := attr(line, "time")
		if !ok {
			continue
		}
		at, err := time.Parse(time.RFC3339Nano, ts)
		if err != nil {
			continue
		}
		msg, _ := attr(line, "msg")
		out = append(out, logLine{at: at, msg: msg})
	}
	return out
}

// attr returns the value of key=value in a slog text line, unquoting it.
func attr(line, key string) (string, bool) {
	i := 0
	for {
		j := strings.Index(line[i:], key+"=")
		if j < 0 {
			return "", false
		}
		j += i
		if j == 0 || line[j-1] == ' ' {
			v := line[j+len(key)+1:]
			if strings.HasPrefix(v, `"`) {
				q, err := strconv.QuotedPrefix(v)
				if err != nil {
					return "", false
				}
				s, _ := strconv.Unquote(q)
				return s, true
			}
			if k := strings.IndexByte(v, ' '); k >= 0 {
				v = v[:k]
			}
			return v, true
		}
		i = j + len(key) + 1
	}
}

// phasesFromLog splits [start, end] at the phase markers found in the log
// file at path. A missing marker merges its phase into the next one.
func phasesFromLog(path string, start, end time.Time) []Phase {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	return splitPhases(readLogLines(f), start, end)
}

// splitPhases is phasesFromLog on parsed lines.
func splitPhases(lines []logLine, start, end time.Time) []Phase {
	var phases []Phase
	prev := start
	var keys, names []string
	next := 0
	for _, m := range phaseMarkers {
		keys, names = append(keys, m.key), append(names, m.name)
		found := -1
		for k := next; k < len(lines); k++ {
			if lines[k].msg == m.msg {
				found = k
				break
			}
		}
		if found < 0 {
			continue
		}
		at := lines[found].at
		phases = append(phases, Phase{Key: strings.Join(keys, "+"), Name: strings.Join(names, "; "), Seconds: at.Sub(prev).Seconds()})
		prev, keys, names, next = at, nil, nil, found+1
	}
	keys, names = append(keys, "exit"), append(names, "until the run returned (driver close, summary, process exit)")
	phases = append(phases, Phase{Key: strings.Join(keys, "+"), Name: strings.Join(names, "; "), Seconds: max(0, end.Sub(prev).Seconds())})
	return phases
}

// phaseSeconds returns the duration of the phase with key, or 0.
func phaseSeconds(phases []Phase, key string) float64 {
	for _, p := range phases {
		if p.Key == key {
			return p.Seconds
		}
	}
	return 0
}
