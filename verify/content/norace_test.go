//go:build !race

package content

// The bomb tests at full scale, with the default limits.
const (
	bombChunk      = 64 << 20
	bombRatioFloor = 0 // the default
)
