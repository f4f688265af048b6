//go:build race

package verify

// raceEnabled is true when the tests run under the race detector, which
// makes deliberately expensive work (scrypt key derivation) many times
// slower without finding anything in it.
const raceEnabled = true
