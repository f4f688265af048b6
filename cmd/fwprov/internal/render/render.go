// Package render turns fwprov's plain-data results (an SBOM inventory, a
// policy verdict, a verification result) into the formats people and tools
// read. Each format is one small file behind one interface, so adding a
// format never touches the engines.
package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Presenter writes one report in one format.
type Presenter interface {
	Present(w io.Writer) error
}

// PresenterFunc adapts a function to Presenter.
type PresenterFunc func(w io.Writer) error

// Present calls f(w).
func (f PresenterFunc) Present(w io.Writer) error { return f(w) }

// jsonPresenter writes v as indented JSON with a trailing newline. HTML
// escaping is off: reports carry URLs and names, not markup.
func jsonPresenter(v any) Presenter {
	return PresenterFunc(func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(v)
	})
}

// unknownFormat is the error for a format a report does not support.
func unknownFormat(report, format string, allowed ...string) error {
	return fmt.Errorf("%s: unknown format %q (want %s)", report, format, strings.Join(allowed, ", "))
}

// errWriter remembers the first write error so text presenters can write
// line after line and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// IsControl reports the characters a terminal would interpret rather than
// show: C0 and C1 controls, DEL, line and paragraph separators, and the
// bidirectional marks, embeddings, overrides and isolates that reorder what
// follows them.
func IsControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' ||
		r == '\u061c' || r == '\u200e' || r == '\u200f' ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// Clean makes a value from an SBOM safe to print on one terminal line:
// control characters (escape sequences, newlines, bidi controls) are shown
// escaped as \uXXXX, never interpreted by the terminal.
func Clean(s string) string {
	if !strings.ContainsFunc(s, IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if IsControl(r) {
			fmt.Fprintf(&b, "\\u%04x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
