//go:build !unix

package cli

import "time"

// processCPU is not measured here: the CPU metrics are left out.
func processCPU() time.Duration { return 0 }
