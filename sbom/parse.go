package sbom

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"sync/atomic"
	"unicode/utf8"
)

// Parse detects the format of data from its content (never from name),
// transparently decompresses gzip (with Limits.MaxBytes applied to the
// decompressed size), decodes the document, indexes it and extracts origin
// evidence. name is used in messages and as Document.Source.
//
// Every error is a *ParseError whose message is one line naming name and,
// where known, the line and column.
func Parse(ctx context.Context, name string, data []byte, opts Options) (*Document, error) {
	lim := opts.Limits.withDefaults()
	if int64(len(data)) > lim.MaxBytes {
		return nil, &ParseError{File: name, Err: tooLarge(int64(len(data)), lim.MaxBytes)}
	}
	if isGzip(data) {
		var err error
		data, err = gunzip(data, lim.MaxBytes)
		if err != nil {
			return nil, &ParseError{File: name, Err: err}
		}
		if isGzip(data) {
			return nil, &ParseError{File: name, Err: errorf(ErrNotSBOM, "gzip inside gzip is not accepted")}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, &ParseError{File: name, Err: err}
	}

	// Hash the exact bytes while they are decoded; a failed parse stops
	// the hashing early.
	sumc := make(chan string, 1)
	var stop atomic.Bool
	go func() {
		h := sha256.New()
		for rest := data; len(rest) > 0; {
			if stop.Load() {
				sumc <- ""
				return
			}
			n := min(len(rest), 4<<20)
			h.Write(rest[:n])
			rest = rest[n:]
		}
		sumc <- hex.EncodeToString(h.Sum(nil))
	}()

	doc, err := parseData(ctx, name, data, lim)
	if err != nil {
		stop.Store(true)
	}
	sum := <-sumc
	if err != nil {
		return nil, err
	}
	doc.SHA256 = sum
	return doc, nil
}

func parseData(ctx context.Context, name string, data []byte, lim Limits) (*Document, error) {
	size := int64(len(data))
	// A UTF-8 byte order mark is allowed (and dropped) before JSON or XML.
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	det, err := detectFormat(data)
	if err != nil {
		if det.off >= 0 {
			return nil, newError(name, data, det.off, err)
		}
		return nil, &ParseError{File: name, Err: err}
	}
	doc := &Document{Source: name, Format: det.format, Size: size}
	switch det.format {
	case FormatCycloneDXJSON:
		doc.BOM, err = decodeJSON(ctx, name, data, lim)
	case FormatCycloneDXXML:
		doc.BOM, err = decodeXML(ctx, name, data, lim)
	default: // SPDX (FormatSPDXJSON, FormatSPDXTagValue, or what spdxSniff found)
		if spdxParse != nil {
			return spdxParse(ctx, name, data, lim, doc)
		}
		what := "an SPDX document"
		if det.version != "" {
			what = "an " + det.version + " document"
		}
		return nil, &ParseError{File: name, Err: errorf(ErrSPDXUnsupported,
			"%s is %s, not CycloneDX (SPDX input is not supported yet)", name, what)}
	}
	if err != nil {
		return nil, err
	}
	doc.SpecVersion = doc.BOM.SpecVersion.String()
	if err := buildIndex(ctx, doc, lim); err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			return nil, err
		}
		return nil, &ParseError{File: name, Err: err}
	}
	return doc, nil
}

// spdxParse, when set (by an init function in sbom/spdx*.go), parses SPDX
// input detected by detectFormat (or by spdxSniff) into doc: Source and
// Size are set; it fills the rest (BOM, Format, SpecVersion, index).
var spdxParse func(ctx context.Context, name string, data []byte, lim Limits, doc *Document) (*Document, error)

// spdxSniff, when set, recognises SPDX forms detectFormat does not know
// (e.g. YAML); it is consulted for text that is neither JSON nor XML.
var spdxSniff func(data []byte) (Format, bool)

// isGzip reports whether data starts with the gzip magic number.
func isGzip(data []byte) bool {
	return len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b
}

// maxGzipRatio is the largest expansion DEFLATE can achieve; used only to
// cap the initial buffer size a hostile ISIZE trailer could ask for.
const maxGzipRatio = 1032

// gunzip decompresses data, refusing output larger than max bytes without
// producing more than max+1 of them.
func gunzip(data []byte, max int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, errorf(ErrSyntax, "gzip: %v", err)
	}
	defer zr.Close()
	// ISIZE (the trailer) is the uncompressed size mod 2^32: a hint only.
	hint := int64(0)
	if len(data) >= 18 {
		hint = int64(binary.LittleEndian.Uint32(data[len(data)-4:]))
		if c := int64(len(data)) * maxGzipRatio; hint > c {
			hint = c
		}
	}
	out, err := readLimited(zr, max, hint)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, errorf(ErrTooLarge, "gzip input decompresses to more than the %s limit", humanBytes(max))
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, errorf(ErrTruncated, "gzip stream is truncated")
		}
		return nil, errorf(ErrSyntax, "gzip: %v", errors.Unwrap(err))
	}
	return out, nil
}

// detection is what detectFormat learned about the input.
type detection struct {
	format  Format
	version string // SPDX version when known ("SPDX-2.3")
	off     int64  // byte offset of a detection error (-1: none)
}

// detectFormat decides what data is from its first bytes (and, for JSON,
// from its top-level members). Adding a format is one more case here and in
// parseData's switch.
func detectFormat(data []byte) (detection, error) {
	det := detection{off: -1}
	i := skipSpace(data, 0)
	if i == len(data) {
		if len(data) == 0 {
			return det, errorf(ErrNotSBOM, "empty input")
		}
		return det, errorf(ErrNotSBOM, "input is only whitespace")
	}
	switch data[i] {
	case '{':
		return detectJSON(data, i)
	case '[':
		det.off = int64(i)
		return det, errorf(ErrNotSBOM, "a JSON array, not a CycloneDX BOM (expected a JSON object with \"bomFormat\": \"CycloneDX\")")
	case '<':
		det.format = FormatCycloneDXXML
		return det, nil
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		det.off = 0
		return det, errorf(ErrInvalidUTF8, "UTF-16 text: fwprov reads UTF-8 (convert the file to UTF-8)")
	}
	switch c := data[i]; {
	case c == '"' || c == '-' || c >= '0' && c <= '9' || bytes.HasPrefix(data[i:], []byte("true")) ||
		bytes.HasPrefix(data[i:], []byte("false")) || bytes.HasPrefix(data[i:], []byte("null")):
		det.off = int64(i)
		return det, errorf(ErrNotSBOM, "a single JSON value, not a CycloneDX BOM (expected a JSON object with \"bomFormat\": \"CycloneDX\")")
	}
	if v, ok := spdxTagValue(data[i:]); ok {
		det.format = FormatSPDXTagValue
		det.version = v
		return det, nil
	}
	if spdxSniff != nil {
		if f, ok := spdxSniff(data[i:]); ok {
			det.format = f
			return det, nil
		}
	}
	head := data[i:min(len(data), i+4096)]
	if !validUTF8Prefix(head) {
		det.off = int64(i + invalidUTF8Offset(head))
		return det, errorf(ErrInvalidUTF8, "invalid UTF-8: not a text file (binary data?)")
	}
	det.off = int64(i)
	return det, errorf(ErrNotSBOM, "neither JSON nor XML: not a CycloneDX SBOM")
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing a character cut
// off at the end.
func validUTF8Prefix(b []byte) bool {
	off := invalidUTF8Offset(b)
	if off == len(b) {
		return true
	}
	return !utf8.FullRune(b[off:]) && len(b)-off < utf8.UTFMax
}

// invalidUTF8Offset returns the offset of the first invalid UTF-8 sequence
// in b, or len(b).
func invalidUTF8Offset(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// skipSpace skips JSON/XML whitespace and a UTF-8 byte order mark.
func skipSpace(data []byte, i int) int {
	if i == 0 && len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		i = 3
	}
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// spdxTagValue reports whether data is an SPDX tag-value document: within
// its first 64 KiB, before any line that is not a "Tag: value" line or a
// comment, a line starts with "SPDXVersion:".
func spdxTagValue(data []byte) (version string, ok bool) {
	data = data[:min(len(data), 64<<10)]
	for len(data) > 0 {
		line := data
		if j := bytes.IndexByte(data, '\n'); j >= 0 {
			line, data = data[:j], data[j+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if v, found := bytes.CutPrefix(line, []byte("SPDXVersion:")); found {
			return string(bytes.TrimSpace(v)), true
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || bytes.ContainsAny(line[:colon], " \t\"{}[]<>") {
			return "", false
		}
	}
	return "", false
}
