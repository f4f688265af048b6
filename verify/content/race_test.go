//go:build race

package content

// Under the race detector decompression is many times slower: the bomb
// tests keep their shapes at a smaller scale (the limits scale with them).
const (
	bombChunk      = 4 << 20
	bombRatioFloor = 1 << 20
)
