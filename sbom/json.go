package sbom

import (
	"bytes"
	"context"
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
	if lay.tooMany {
		at := int64(0)
		if top := lay.top(); top != nil {
			at = int64(top.start)
		}
		return nil, newError(name, data, at, errorf(ErrTooMany, "more than the limit of %d components", lim.MaxComponents))
	}
	workers := runtime.GOMAXPROCS(0)
	if maxJSONDepth(lim) > maxJSONNesting/2 {
		// Pieces decoded apart sit less deep than in the document: near
		// the decoder's own nesting limit that would change the verdict.
		workers = 1
	}
	bom, off, err := decodeModel(ctx, data, &lay, workers, defaultSplit)
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

// matchNames makes member names match case-insensitively, as encoding/json
// (and so most Go SBOM tools) does: "Supplier" is read as supplier, and
// "supplier" next to "SUPPLIER" is a duplicate member and refused. With
// exact matching fwprov would ignore a "SUPPLIER" that other parsers read —
// the same disagreement the duplicate-key rule exists to stop.
var matchNames = json.MatchCaseInsensitiveNames(true)

// decodeWhole decodes data in one go. It returns the raw v2 error (for
// needsModelFixes) mapped through jsonError only when it is final.
func decodeWhole(data []byte, fixes *json.Unmarshalers) (*cdx.BOM, int64, error) {
	bom := new(cdx.BOM)
	var err error
	if fixes != nil {
		err = json.Unmarshal(data, bom, json.WithUnmarshalers(fixes), matchNames)
	} else {
		err = json.Unmarshal(data, bom, matchNames)
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
