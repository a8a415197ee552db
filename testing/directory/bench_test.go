package directory

import (
	"runtime"
	"testing"
)

// BenchmarkGenerate measures generation time and allocations, and reports
// the heap the resulting directory retains ("retained-MB").
func BenchmarkGenerate(b *testing.B) {
	benchmarks := []struct {
		name string
		o    Options
	}{
		{name: "10k_users_500_groups", o: Options{Users: 10_000, Groups: 500, Seed: 1}},
		{name: "100k_users_2k_groups", o: Options{Users: 100_000, Groups: 2_000, Seed: 1}},
		{name: "1M_users_20k_groups", o: Options{Users: 1_000_000, Groups: 20_000, Seed: 1}},
	}
	for _, bm := range benchmarks {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			var d *Directory
			for b.Loop() {
				d = Generate(bm.o)
			}
			b.StopTimer()
			b.ReportMetric(retainedMB(func() any { return d }), "retained-MB")
		})
	}
}

// retainedMB reports how much live heap keep's result accounts for, by
// comparing live heap with and without it.
func retainedMB(keep func() any) float64 {
	var with, without runtime.MemStats
	v := keep()
	runtime.GC()
	runtime.ReadMemStats(&with)
	runtime.KeepAlive(v)
	v = nil
	runtime.GC()
	runtime.ReadMemStats(&without)
	return float64(int64(with.HeapAlloc)-int64(without.HeapAlloc)) / (1 << 20)
}
