package sbom

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Sentinel errors, usable with errors.Is on any error Parse, Load or
// ReadInput return.
var (
	// ErrTooLarge: the input (after decompression) exceeds Limits.MaxBytes,
	// or a string exceeds Limits.MaxStringBytes.
	ErrTooLarge = errors.New("too large")
	// ErrTooDeep: nesting exceeds Limits.MaxDepth (components) or the
	// decoder's absolute nesting limit.
	ErrTooDeep = errors.New("nested too deep")
	// ErrTooMany: more components or dependency edges than the limits allow.
	ErrTooMany = errors.New("too many")
	// ErrNotSBOM: the input is not a CycloneDX document (empty, a JSON
	// array, another JSON object, other XML, binary, ...).
	ErrNotSBOM = errors.New("not a CycloneDX SBOM")
	// ErrSPDXUnsupported: the input is an SPDX document, which fwprov does
	// not read yet.
	ErrSPDXUnsupported = errors.New("SPDX input is not supported yet")
	// ErrDuplicateKey: a JSON object repeats a member name (I-JSON, RFC
	// 7493; names that differ only in case count as one), an XML element
	// repeats a single-valued child element or an attribute, or an SPDX
	// tag-value section repeats a single-valued tag. Parsers disagree on
	// which one wins, so fwprov refuses the document.
	ErrDuplicateKey = errors.New("duplicate key")
	// ErrAmbiguousFormat: a document is at once CycloneDX and SPDX (it has
	// both "bomFormat" and "spdxVersion"): readers would disagree on what
	// it is.
	ErrAmbiguousFormat = errors.New("both CycloneDX and SPDX")
	// ErrDoctype: an XML document carries a DOCTYPE or ENTITY declaration
	// (external entities, entity expansion bombs).
	ErrDoctype = errors.New("XML DOCTYPE/ENTITY declarations are not allowed")
	// ErrInvalidUTF8: the text is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	// ErrTruncated: the document ends before it is complete.
	ErrTruncated = errors.New("unexpected end of input (truncated document)")
	// ErrSyntax: the document is not well-formed JSON or XML, or a value has
	// the wrong type for CycloneDX.
	ErrSyntax = errors.New("malformed document")
)

// ParseError is the error Parse, Load and ReadInput return. Error() is one
// line: "sbom: parse FILE:LINE:COL: what" (the position is left out when it
// is not known).
type ParseError struct {
	// File is the name the input was given (a path, or "-" for stdin).
	File string `json:"file"`
	// Line and Column locate the problem (1-based; 0 = unknown). Column
	// counts characters, not bytes. For gzip input they refer to the
	// decompressed text.
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
	// Err says what is wrong; it wraps one of the sentinel errors where one
	// applies.
	Err error `json:"-"`
}

// Error implements error.
func (e *ParseError) Error() string {
	b := make([]byte, 0, 64)
	b = append(b, "sbom: parse "...)
	b = append(b, e.File...)
	if e.Line > 0 {
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(e.Line), 10)
		if e.Column > 0 {
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(e.Column), 10)
		}
	}
	b = append(b, ": "...)
	msg := "unknown error"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	// One line, always: a hostile file must not be able to inject lines
	// into a report through an error message.
	for i := 0; i < len(msg); i++ {
		c := msg[i]
		if c == '\n' || c == '\r' {
			c = ' '
		}
		b = append(b, c)
	}
	return string(b)
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// newError builds a ParseError with the position of byte offset off in data
// (off < 0: position unknown).
func newError(name string, data []byte, off int64, err error) *ParseError {
	pe := &ParseError{File: name, Err: err}
	if off >= 0 && data != nil {
		pe.Line, pe.Column = position(data, off)
	}
	return pe
}

// position converts a byte offset into a 1-based line and column (the
// column counts UTF-8 characters).
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		return 0, 0
	}
	head := data[:off]
	line = bytes.Count(head, []byte{'\n'}) + 1
	start := bytes.LastIndexByte(head, '\n') + 1
	col = utf8.RuneCount(head[start:]) + 1
	return line, col
}

// kindError is an error with its own message that still matches a sentinel
// with errors.Is (the sentinel's text is not repeated in the message).
type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// errorf returns an error matching kind whose message is the formatted text.
func errorf(kind error, format string, args ...any) error {
	return &kindError{msg: fmt.Sprintf(format, args...), kind: kind}
}
