//go:build unix

package policy

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user + system) the test process has
// used, so benchmarks can report CPU per operation on a loaded machine
// where wall time is noise.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
