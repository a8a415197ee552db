package main

import (
	"os"
	"runtime/debug"
)

// defaultMemoryLimitMiB is the sync's soft memory limit unless set
// otherwise. The pipeline streams, so its live heap stays small at any
// directory size; the limit makes the garbage collector return memory
// before the heap doubles, as it would by default, which keeps the
// process's footprint flat. It is soft: a run that needs more gets more,
// at the price of more collection.
const defaultMemoryLimitMiB = 200

// applyMemoryLimit sets the Go runtime's soft memory limit to mib MiB,
// unless GOMEMLIMIT already sets one or mib is 0.
func applyMemoryLimit(mib int) {
	if mib <= 0 || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(int64(mib) << 20)
}
