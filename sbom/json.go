package sbom

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"runtime"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// JSON decoding uses the JSON v2 implementation (github.com/go-json-experiment/json)
// into the cyclonedx-go model. Compared with encoding/json it refuses
// duplicate object member names (I-JSON, RFC 7493) and invalid UTF-8, matches
// member names case-sensitively, and is about twice as fast. Unknown members
// are ignored, as the CycloneDX schemas allow extension.

// maxJSONNesting is jsontext's fixed nesting limit; deeper input fails with
// "exceeded max depth".
const maxJSONNesting = 10000

// detectJSON reads the top-level members of the JSON object at data[i] until
// it finds what the document is: "bomFormat": "CycloneDX" (CycloneDX),
// "spdxVersion" (SPDX), or neither.
func detectJSON(data []byte, i int) (detection, error) {
	det := detection{off: -1}
	dec := jsontext.NewDecoder(bytes.NewBuffer(data))
	if _, err := dec.ReadToken(); err != nil { // '{'
		det.off, err = jsonError(data, err)
		return det, err
	}
	spdx := false
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			det.off, err = jsonError(data, err)
			return det, err
		}
		switch tok.String() {
		case "bomFormat":
			off := dec.InputOffset()
			v, err := dec.ReadToken()
			if err != nil {
				det.off, err = jsonError(data, err)
				return det, err
			}
			if v.Kind() != '"' || v.String() != "CycloneDX" {
				det.off = int64(skipSpace(data, int(off)+1))
				return det, errorf(ErrNotSBOM, "bomFormat is %s, not \"CycloneDX\": not a CycloneDX BOM", clip(v.String(), 40))
			}
			det.format = FormatCycloneDXJSON
			return det, nil
		case "spdxVersion":
			v, err := dec.ReadToken()
			if err != nil {
				det.off, err = jsonError(data, err)
				return det, err
			}
			det.format = FormatSPDXJSON
			if v.Kind() == '"' {
				det.version = clip(v.String(), 40)
			}
			return det, nil
		case "SPDXID":
			spdx = true
		}
		if err := dec.SkipValue(); err != nil {
			det.off, err = jsonError(data, err)
			return det, err
		}
	}
	if _, err := dec.ReadToken(); err != nil { // '}' or a syntax error
		det.off, err = jsonError(data, err)
		return det, err
	}
	if spdx {
		det.format = FormatSPDXJSON
		return det, nil
	}
	det.off = int64(i)
	return det, errorf(ErrNotSBOM, "a JSON object without \"bomFormat\": \"CycloneDX\": not a CycloneDX BOM")
}

// clip shortens s for a message.
func clip(s string, n int) string {
	if len(s) <= n {
		return strings.ToValidUTF8(s, "?")
	}
	cut := n
	for cut > 0 && !utf8RuneStart(s[cut]) {
		cut--
	}
	return strings.ToValidUTF8(s[:cut], "?") + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// decodeJSON decodes a CycloneDX JSON document into the cyclonedx-go model.
func decodeJSON(ctx context.Context, name string, data []byte, lim Limits) (*cdx.BOM, error) {
	lay, scanOff, err := scanJSON(data, lim)
	if err != nil {
		return nil, newError(name, data, int64(scanOff), err)
	}
	if n := len(lay.elems) / 2; lay.ok && n > lim.MaxComponents {
		return nil, newError(name, data, int64(lay.arrStart), errorf(ErrTooMany, "more than the limit of %d components", lim.MaxComponents))
	}
	var bom *cdx.BOM
	var off int64
	if workers := runtime.GOMAXPROCS(0); workers > 1 && lay.splittable() {
		bom, off, err = decodeSplit(ctx, data, lay, workers)
	} else {
		bom, off, err = decodeWhole(data, nil)
	}
	if err != nil && needsModelFixes(err) {
		// Rare schema-valid forms the model cannot hold: decode again
		// with the fixes (they cost a lookup per value, so they are not
		// used by default).
		bom, off, err = decodeWhole(data, modelFixes)
	}
	if err != nil {
		if off < 0 {
			return nil, &ParseError{File: name, Err: err}
		}
		return nil, newError(name, data, off, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, &ParseError{File: name, Err: err}
	}
	if err := checkSpecVersion(bom, true); err != nil {
		return nil, &ParseError{File: name, Err: err}
	}
	return bom, nil
}

// decodeWhole decodes data in one go. It returns the raw v2 error (for
// needsModelFixes) mapped through jsonError only when it is final.
func decodeWhole(data []byte, fixes *json.Unmarshalers) (*cdx.BOM, int64, error) {
	bom := new(cdx.BOM)
	var err error
	if fixes != nil {
		err = json.Unmarshal(data, bom, json.WithUnmarshalers(fixes))
	} else {
		err = json.Unmarshal(data, bom)
	}
	if err != nil {
		if fixes == nil && needsModelFixes(err) {
			return nil, -1, err
		}
		off, err := jsonError(data, err)
		return nil, off, err
	}
	return bom, -1, nil
}

// maxJSONDepth is the deepest JSON nesting accepted: room for components
// nested lim.MaxDepth levels (two JSON levels each) and the structure
// around and inside them. The index then checks the component depth
// exactly.
func maxJSONDepth(lim Limits) int { return 4*lim.MaxDepth + 64 }

// jsonLayout is where scanJSON found the top-level "components" array and
// its elements, so that they can be decoded concurrently.
type jsonLayout struct {
	arrStart, arrEnd int   // data[arrStart:arrEnd] is the array ("[" … "]")
	elems            []int // start and end (exclusive) offsets of each element object, in pairs
	ok               bool  // the array holds only objects and commas: it can be split
}

// minSplitElems is the smallest components array decoded concurrently.
const minSplitElems = 2048

func (l *jsonLayout) splittable() bool {
	return l.ok && len(l.elems)/2 >= minSplitElems && l.consistent()
}

// consistent checks that the elements are non-empty, ordered,
// non-overlapping and inside the array: the pre-scan trusts bracket
// balance, which text that is not JSON may not have.
func (l *jsonLayout) consistent() bool {
	prev := l.arrStart + 1
	for i := 0; i+1 < len(l.elems); i += 2 {
		start, end := l.elems[i], l.elems[i+1]
		if start < prev || end <= start+1 {
			return false
		}
		prev = end
	}
	return prev <= l.arrEnd-1
}

// scanJSON makes one fast pass over JSON text before decoding: it refuses
// nesting deeper than maxJSONDepth and strings longer than
// lim.MaxStringBytes, returning the offending offset, and it finds the
// elements of the top-level "components" array. It jumps over string
// contents at memchr speed. For text that is not valid JSON its verdict
// does not matter: the decoder refuses such text anyway.
func scanJSON(data []byte, lim Limits) (jsonLayout, int, error) {
	var lay jsonLayout
	maxDepth := maxJSONDepth(lim)
	maxString := lim.MaxStringBytes
	depth := 0
	componentsKey := false // the last depth-1 key was "components"
	seen := false          // a top-level components array was found
	inArr := false         // inside that array (depth 2 is its level)
	wantElem := true       // inside the array: an element may come next (not a comma)
	n := len(data)
	for pos := 0; pos < n; pos++ {
		c := data[pos]
		if c == ' ' || c == '\n' || c == '\r' || c == '\t' {
			// Pretty-printed JSON is mostly indentation: skip runs of
			// spaces eight at a time.
			for pos+9 <= n && binary.LittleEndian.Uint64(data[pos+1:]) == 0x2020202020202020 {
				pos += 8
			}
			continue
		}
		if inArr && depth == 2 {
			switch c {
			case ',':
				if wantElem {
					lay.ok = false
				}
				wantElem = true
				continue
			case '{':
				if !wantElem {
					lay.ok = false
				}
				wantElem = false
				lay.elems = append(lay.elems, pos, -1)
			case ']':
				lay.arrEnd = pos + 1
				inArr = false
			default:
				lay.ok = false
			}
		}
		switch c {
		case '"':
			end := stringEnd(data, pos)
			if end < 0 {
				return lay, -1, nil // unterminated: the decoder reports it
			}
			// An escape sequence is at most 6 bytes per decoded byte, so a
			// string over 6*maxString is refused without unquoting it into
			// a copy (a 1 GiB string must not cost another GiB).
			if raw := end - pos - 1; raw > maxString && (raw/6 > maxString || decodedLen(data[pos:end+1]) > maxString) {
				return lay, pos, errorf(ErrTooLarge, "a JSON string is longer than the %s string limit", humanBytes(int64(maxString)))
			}
			if depth == 1 {
				componentsKey = string(data[pos+1:end]) == "components"
			}
			pos = end
		case '[', '{':
			if c == '[' && depth == 1 && componentsKey && !seen {
				seen, inArr, lay.ok, wantElem = true, true, true, true
				lay.arrStart = pos
			}
			depth++
			if depth > maxDepth {
				return lay, pos, errorf(ErrTooDeep, "JSON nested deeper than %d levels (components may nest %d levels)", maxDepth, lim.MaxDepth)
			}
		case ']', '}':
			depth--
			if inArr && depth == 2 {
				if c != '}' || len(lay.elems) == 0 || lay.elems[len(lay.elems)-1] >= 0 {
					lay.ok = false // mismatched brackets: not JSON
				} else {
					lay.elems[len(lay.elems)-1] = pos + 1
				}
			}
		}
	}
	if inArr || lay.arrEnd == 0 || len(lay.elems) > 0 && lay.elems[len(lay.elems)-1] < 0 {
		lay.ok = false
	}
	return lay, -1, nil
}

// stringEnd returns the offset of the quote closing the JSON string that
// opens at data[open], or -1.
func stringEnd(data []byte, open int) int {
	p := open + 1
	for {
		j := bytes.IndexByte(data[p:], '"')
		if j < 0 {
			return -1
		}
		q := p + j
		bs := 0
		for k := q - 1; k > open && data[k] == '\\'; k-- {
			bs++
		}
		if bs%2 == 0 {
			return q
		}
		p = q + 1
	}
}

// needsModelFixes reports whether a decoding error is one modelFixes
// repairs.
func needsModelFixes(err error) bool {
	var me *json.SemanticError
	if !errors.As(err, &me) {
		return false
	}
	p := string(me.JSONPointer)
	return strings.HasSuffix(p, "/classification") || strings.HasSuffix(p, "/asserter")
}

// modelFixes decode the schema-valid forms cyclonedx-go v0.12.0's model
// rejects (its own decoder fails on these spec test vectors):
//   - declarations.evidence[].data[].classification is a plain string in
//     the 1.6/1.7 schemas (the model has an object there);
//   - patentAssertions[].asserter may be a bare bom-ref string (1.7).
var modelFixes = json.JoinUnmarshalers(
	json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *cdx.DataClassification) error {
		if dec.PeekKind() != '"' {
			return errors.ErrUnsupported
		}
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		*v = cdx.DataClassification{Classification: tok.String()}
		return nil
	}),
	json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *cdx.AsserterChoice) error {
		if dec.PeekKind() != '"' {
			return errors.ErrUnsupported
		}
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		ref := cdx.BOMReference(tok.String())
		*v = cdx.AsserterChoice{BOMRef: &ref}
		return nil
	}),
)

// checkSpecVersion refuses documents without a known specVersion (and JSON
// documents claiming 1.0 or 1.1, which have no JSON format).
func checkSpecVersion(bom *cdx.BOM, isJSON bool) error {
	if bom.SpecVersion < cdx.SpecVersion1_0 || bom.SpecVersion > cdx.SpecVersion1_7 {
		return errorf(ErrSyntax, "missing or unsupported specVersion (fwprov reads CycloneDX 1.0 to 1.7)")
	}
	if isJSON && bom.SpecVersion < cdx.SpecVersion1_2 {
		return errorf(ErrSyntax, "specVersion %s has no JSON format (CycloneDX JSON starts at 1.2)", bom.SpecVersion)
	}
	return nil
}

// jsonError turns a JSON v2 error into one of the package's errors and the
// byte offset it happened at (-1: unknown).
func jsonError(data []byte, err error) (int64, error) {
	off := int64(-1)
	var ptr jsontext.Pointer
	var inner error = err
	var se *jsontext.SyntacticError
	var me *json.SemanticError
	switch {
	case errors.As(err, &se):
		off, ptr, inner = se.ByteOffset, se.JSONPointer, se.Err
	case errors.As(err, &me):
		off, ptr, inner = me.ByteOffset, me.JSONPointer, me.Err
	}
	where := ""
	if ptr != "" {
		where = " at " + clip(string(ptr), 120)
	}
	msg := ""
	if inner != nil {
		msg = inner.Error()
	}
	switch {
	case errors.Is(err, jsontext.ErrDuplicateName):
		member := ""
		if ptr != "" {
			member = " " + clip(ptr.LastToken(), 60)
			if p := ptr.Parent(); p != "" {
				where = " at " + clip(string(p), 120)
			} else {
				where = " at the top level"
			}
		}
		return off, errorf(ErrDuplicateKey, "duplicate JSON key%s in the object%s: a key may appear only once (I-JSON, RFC 7493)", quoteIfAny(member), where)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return int64(len(data)), errorf(ErrTruncated, "unexpected end of JSON input: the document is truncated")
	case strings.Contains(msg, "exceeded max depth"):
		return off, errorf(ErrTooDeep, "JSON nested deeper than %d levels", maxJSONNesting)
	case strings.Contains(msg, "invalid UTF-8"):
		return off, errorf(ErrInvalidUTF8, "invalid UTF-8 in a JSON string%s", where)
	case errors.Is(err, cdx.ErrInvalidSpecVersion):
		return off, errorf(ErrSyntax, "unsupported specVersion%s (fwprov reads CycloneDX 1.0 to 1.7)", where)
	case se != nil:
		return off, errorf(ErrSyntax, "invalid JSON: %s", clip(msg, 200))
	case me != nil:
		return off, errorf(ErrSyntax, "wrong JSON type%s: %s", where, semanticWhat(me))
	}
	return off, errorf(ErrSyntax, "invalid JSON: %s", clip(err.Error(), 200))
}

func quoteIfAny(s string) string {
	if s == "" {
		return ""
	}
	return " \"" + strings.TrimSpace(s) + "\""
}

// semanticWhat describes a type mismatch in CycloneDX terms.
func semanticWhat(me *json.SemanticError) string {
	got := "a JSON value"
	switch me.JSONKind {
	case '"':
		got = "a string"
	case '0':
		got = "a number"
	case 't', 'f':
		got = "a boolean"
	case 'n':
		got = "null"
	case '{':
		got = "an object"
	case '[':
		got = "an array"
	}
	if me.GoType == nil {
		if me.Err != nil {
			return clip(me.Err.Error(), 200)
		}
		return got + " is not allowed here"
	}
	want := me.GoType.Kind().String()
	switch want {
	case "struct", "map":
		want = "an object"
	case "slice", "array":
		want = "an array"
	case "string":
		want = "a string"
	case "bool":
		want = "a boolean"
	case "int", "int64", "int32", "uint", "uint64", "float64", "float32":
		want = "a number"
	case "ptr":
		want = "a " + me.GoType.Elem().Kind().String()
	}
	s := got + " where " + want + " is expected"
	if me.Err != nil {
		s += " (" + clip(me.Err.Error(), 120) + ")"
	}
	return s
}

// decodedLen is the length of a quoted JSON string once unescaped.
func decodedLen(quoted []byte) int {
	b, err := jsontext.AppendUnquote(nil, quoted)
	if err != nil {
		return len(quoted)
	}
	return len(b)
}
