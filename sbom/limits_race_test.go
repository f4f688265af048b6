//go:build race

package sbom

// raceEnabled: the race detector changes allocation counts, so memory bounds
// are only asserted without it.
const raceEnabled = true
