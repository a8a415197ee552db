package main

import (
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// goBenchPattern selects the decode and transform micro-benchmarks.
const goBenchPattern = `^Benchmark(DecodeUserPage|DecodeGroupPage|UserRows|GroupRows)$`

// goBenchPackages hold them.
var goBenchPackages = []string{"./scim/", "./ingest/"}

// GoBench is one line of `go test -bench` output.
type GoBench struct {
	Name     string             `json:"name"`
	N        int                `json:"n"`
	NsPerOp  float64            `json:"nsPerOp"`
	BPerOp   float64            `json:"bytesPerOp"`
	Allocs   float64            `json:"allocsPerOp"`
	MBPerSec float64            `json:"mbPerSec,omitempty"`
	Extra    map[string]float64 `json:"extra,omitempty"` // custom metrics such as ns/resource
}

// runGoBench runs the micro-benchmarks in root and parses their results.
func runGoBench(ctx context.Context, root, benchtime string) ([]GoBench, string, error) {
	args := append([]string{"test", "-run", "^$", "-bench", goBenchPattern, "-benchmem", "-benchtime", benchtime}, goBenchPackages...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return parseGoBench(string(out)), string(out), fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	return parseGoBench(string(out)), string(out), nil
}

// parseGoBench reads benchmark lines: name, iterations, then value/unit pairs.
func parseGoBench(out string) []GoBench {
	var res []GoBench
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		n, err := strconv.Atoi(f[1])
		if err != nil {
			continue
		}
		b := GoBench{Name: trimProcs(f[0]), N: n}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				break
			}
			switch unit := f[i+1]; unit {
			case "ns/op":
				b.NsPerOp = v
			case "B/op":
				b.BPerOp = v
			case "allocs/op":
				b.Allocs = v
			case "MB/s":
				b.MBPerSec = v
			default:
				if b.Extra == nil {
					b.Extra = map[string]float64{}
				}
				b.Extra[unit] = v
			}
		}
		res = append(res, b)
	}
	return res
}

// trimProcs drops the -GOMAXPROCS suffix of a benchmark name.
func trimProcs(name string) string {
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			return name[:i]
		}
	}
	return name
}
