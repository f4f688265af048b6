package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/fwprov/fwprov/cmd/fwprov/internal/render"
)

// Exit codes, the contract every command keeps.
const (
	ExitAllow = 0 // allowed / verified (warnings may exist)
	ExitDeny  = 1 // denied: a fail finding or a failed verification
	ExitError = 2 // error: bad input, bad flags, I/O
)

// denyError carries a deny outcome (exit 1) through cobra's error return. The
// report has already been written; msg is the one-line summary for stderr.
type denyError struct{ msg string }

func (e *denyError) Error() string { return e.msg }

// deny returns the error that makes a command exit 1.
func deny(format string, args ...any) error {
	return &denyError{msg: fmt.Sprintf(format, args...)}
}

// usageError marks a bad flag or argument combination.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}

// exitCode maps a command's error to the process exit code.
func exitCode(err error) int {
	if err == nil {
		return ExitAllow
	}
	var d *denyError
	if errors.As(err, &d) {
		return ExitDeny
	}
	return ExitError
}

// oneLine folds an error message onto one line so stderr stays one line per
// error whatever a library wrapped into it. Control characters left after
// that (escape sequences, BEL, C1 controls, bidi overrides from names in a
// hostile SBOM) are written escaped, never passed raw to the terminal.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "\r\n") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return render.Clean(s)
}
