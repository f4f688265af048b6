package sbom

import (
	"bytes"
	"context"
	stdjson "encoding/json"
	"errors"
	"io"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

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

// spdxMember returns the raw member name whose opening quote is at off.
func spdxMember(data []byte, off int) []byte {
	end := stringEnd(data, off)
	if end < 0 {
		return nil
	}
	return data[off+1 : end]
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
	if lay.spdxAt > 0 {
		return nil, newError(name, data, int64(lay.spdxAt-1), errorf(ErrAmbiguousFormat,
			"the document is both CycloneDX (bomFormat) and SPDX (%s): readers would disagree on what it is", clip(string(unquoteName(spdxMember(data, lay.spdxAt-1))), 40)))
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

// strictNames are matchNames with strictUnmarshalers: the model types that
// cyclonedx-go decodes with its own UnmarshalJSON methods (which use
// encoding/json: a case-variant duplicate member is not refused there, the
// last one wins, and a choice keeps one member) are decoded under the same
// rules as everything else. They cost a lookup per decoded value, so they
// are used only for the parts of a document that hold such a member
// (jsonLayout.strictAt): decoding is the same either way where there is
// none.
var strictNames = json.JoinOptions(matchNames, json.WithUnmarshalers(strictUnmarshalers))

// unmarshalers returns the unmarshalers one-piece decoding of the document
// needs: strictUnmarshalers when some member is decoded by a model type's
// own method, else none.
func (l *jsonLayout) unmarshalers() *json.Unmarshalers {
	if len(l.strictAt) > 0 {
		return strictUnmarshalers
	}
	return nil
}

// optionsFor returns the options to decode data[from:to] with: strictNames
// when a member name recorded in strictAt lies in it, else matchNames.
func (l *jsonLayout) optionsFor(from, to int) json.Options {
	i := sort.SearchInts(l.strictAt, from)
	if i < len(l.strictAt) && l.strictAt[i] < to {
		return strictNames
	}
	return matchNames
}

// noteName records, for scanJSON, a member name (the raw bytes between the
// quotes, at offset off; top: a member of the document object) that names
// a field whose value a model type with its own UnmarshalJSON method
// decodes, or, at the top level, a member of an SPDX document. The
// comparison folds as the JSON v2 decoder's case-insensitive matching
// does: JSON escapes decoded, '-' and '_' ignored, Unicode simple case
// folding (so the Kelvin sign is a "k").
func (l *jsonLayout) noteName(raw []byte, off int, top bool) {
	if top && l.spdxAt == 0 {
		if f := string(foldName(unquoteName(raw))); f == "SPDXVERSION" || f == "SPDXID" {
			l.spdxAt = off + 1
		}
	}
	// Most names are rejected by their first byte: v1Start marks the first
	// letters of v1Names (both cases) and every byte that folding may drop
	// or change ('-', '_', '\\', non-ASCII).
	if len(raw) == 0 || !v1Start[raw[0]] {
		return
	}
	n := 0 // the folded length, for a cheap second filter
	special := false
	for _, c := range raw {
		switch {
		case c == '-' || c == '_':
		case c == '\\' || c >= utf8.RuneSelf:
			special = true
			n++
		default:
			n++
		}
	}
	if !special {
		// The common case, without allocating: a plain ASCII name equal,
		// but for case, dashes and underscores, to one of v1Names.
		if n >= len(v1NameLens) || !v1NameLens[n] {
			return
		}
		for _, k := range v1NameList {
			if len(k) == n && foldEqualASCII(raw, k) {
				l.strictAt = append(l.strictAt, off)
				return
			}
		}
		return
	}
	if v1Names[string(foldName(unquoteName(raw)))] {
		l.strictAt = append(l.strictAt, off)
	}
}

// foldEqualASCII reports whether the ASCII name raw, less '-' and '_' and
// upper-cased, equals the folded name k.
func foldEqualASCII(raw []byte, k string) bool {
	j := 0
	for _, c := range raw {
		if c == '-' || c == '_' {
			continue
		}
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if j >= len(k) || k[j] != c {
			return false
		}
		j++
	}
	return j == len(k)
}

// unquoteName decodes the JSON escapes of a member name's raw bytes.
func unquoteName(raw []byte) []byte {
	if bytes.IndexByte(raw, '\\') < 0 {
		return raw
	}
	if b, err := jsontext.AppendUnquote(nil, append(append([]byte{'"'}, raw...), '"')); err == nil {
		return b
	}
	return raw
}

// foldName folds a member name the way the JSON v2 decoder matches names
// case-insensitively: '-' and '_' dropped, ASCII upper-cased, other
// letters folded to one member of their simple case-folding orbit.
func foldName(in []byte) []byte {
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); {
		c := in[i]
		if c < utf8.RuneSelf {
			if c != '_' && c != '-' {
				if 'a' <= c && c <= 'z' {
					c -= 'a' - 'A'
				}
				out = append(out, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(in[i:])
		out = utf8.AppendRune(out, foldRune(r))
		i += n
	}
	return out
}

// foldRune returns the same rune for every rune of one simple case-folding
// orbit (the smallest one above 'A'-'Z' style upper-casing: the orbit's
// smallest rune, upper-cased when ASCII).
func foldRune(r rune) rune {
	min := r
	for r2 := unicode.SimpleFold(r); r2 != r; r2 = unicode.SimpleFold(r2) {
		if r2 < min {
			min = r2
		}
	}
	if 'a' <= min && min <= 'z' {
		min -= 'a' - 'A'
	}
	return min
}

// v1Start marks the bytes a member name folding to one of v1Names may
// start with.
var v1Start = func() (t [256]bool) {
	for _, k := range v1NameList {
		t[k[0]] = true
		t[k[0]+'a'-'A'] = true
	}
	t['-'], t['_'], t['\\'] = true, true, true
	for c := utf8.RuneSelf; c < 256; c++ {
		t[c] = true
	}
	return t
}()

// v1Names are the folded JSON names of the model fields whose values a
// type with its own UnmarshalJSON method decodes (found by reflection over
// cdx.BOM), except a scalar such as specVersion, which has no members to
// be strict about; v1NameLens marks their lengths.
var v1Names, v1NameLens, v1NameList = func() (map[string]bool, []bool, []string) {
	names := map[string]bool{}
	var lens []bool
	var list []string
	for _, f := range modelMethodFields(reflect.TypeFor[cdx.BOM](), reflect.TypeFor[stdjson.Unmarshaler]()) {
		if f.scalar {
			continue
		}
		k := string(foldName([]byte(f.name)))
		if !names[k] {
			list = append(list, k)
		}
		names[k] = true
		for len(lens) <= len(k) {
			lens = append(lens, false)
		}
		lens[len(k)] = true
	}
	return names, lens, list
}()

// methodField is a model struct field whose value (or element) type has
// a method of a given interface.
type methodField struct {
	owner  reflect.Type // the struct
	name   string       // the field's JSON (or XML) name
	typ    reflect.Type // the type with the method
	scalar bool         // typ is a string or number kind
}

// modelMethodFields walks the model types reachable from root and returns
// every struct field (by its JSON name) whose type, pointer, slice element
// or map value implements iface through a pointer receiver.
func modelMethodFields(root, iface reflect.Type) []methodField {
	var out []methodField
	seen := map[reflect.Type]bool{}
	stack := []reflect.Type{root}
	for len(stack) > 0 {
		t := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[t] || t.Kind() != reflect.Struct {
			continue
		}
		seen[t] = true
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			ft := f.Type
			for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice || ft.Kind() == reflect.Array || ft.Kind() == reflect.Map {
				if reflect.PointerTo(ft).Implements(iface) {
					break
				}
				ft = ft.Elem()
			}
			if reflect.PointerTo(ft).Implements(iface) {
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if name == "" {
					name = f.Name
				}
				if name != "-" {
					k := ft.Kind()
					out = append(out, methodField{owner: t, name: name, typ: ft, scalar: k == reflect.String || k >= reflect.Int && k <= reflect.Float64})
				}
			}
			if ft.Kind() == reflect.Struct {
				stack = append(stack, ft)
			}
		}
	}
	return out
}

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

// modelFixes is what decodeModel retries with when needsModelFixes: the
// strict unmarshalers already decode the schema-valid forms cyclonedx-go
// v0.12.0's model rejects, so a retry decodes the same way.
var modelFixes = strictUnmarshalers

// strictUnmarshalers decode, with the JSON v2 decoder and the options in
// force (case-insensitive names, duplicate names refused, invalid UTF-8
// refused, positions kept), every cyclonedx-go v0.12.0 model type that has
// its own UnmarshalJSON method (strictJSONTypes lists them; a test checks
// that the list is complete). Each one accepts what the library's method
// accepts, keeps every member the choice holds (the library drops the
// other members of a choice it has made), and also decodes the
// schema-valid forms the library rejects:
//   - declarations.evidence[].data[].classification is a plain string in
//     the 1.6/1.7 schemas (the model has an object there);
//   - patentAssertions[].asserter may be a bare bom-ref string (1.7).
var strictUnmarshalers = json.JoinUnmarshalers(
	json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *cdx.DataClassification) error {
		if dec.PeekKind() != '"' {
			return errors.ErrUnsupported // the plain struct: no method of its own
		}
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		*v = cdx.DataClassification{Classification: tok.String()}
		return nil
	}),
	json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *cdx.SpecVersion) error {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		if tok.Kind() != '"' {
			return errors.New("specVersion must be a string")
		}
		for sv := cdx.SpecVersion1_0; sv <= cdx.SpecVersion1_7; sv++ {
			if tok.String() == sv.String() {
				*v = sv
				return nil
			}
		}
		return cdx.ErrInvalidSpecVersion
	}),
	json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *cdx.ToolsChoice) error {
		switch dec.PeekKind() {
		case 'n':
			_, err := dec.ReadToken()
			return err
		case '[':
			//lint:ignore SA1019 the legacy tools array is still valid input and evidence
			var tools []cdx.Tool
			if err := json.UnmarshalDecode(dec, &tools); err != nil {
				return err
			}
			*v = cdx.ToolsChoice{Tools: &tools}
			return nil
		}
		var obj struct {
			Components *[]cdx.Component `json:"components"`
			Services   *[]cdx.Service   `json:"services"`
		}
		if err := json.UnmarshalDecode(dec, &obj); err != nil {
			return err
		}
		if obj.Components != nil || obj.Services != nil {
			*v = cdx.ToolsChoice{Components: obj.Components, Services: obj.Services}
		}
		return nil
	}),
	json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *cdx.EvidenceIdentityChoice) error {
		switch dec.PeekKind() {
		case 'n':
			_, err := dec.ReadToken()
			return err
		case '[':
			var ids []cdx.EvidenceIdentity
			if err := json.UnmarshalDecode(dec, &ids); err != nil {
				return err
			}
			*v = cdx.EvidenceIdentityChoice{Identities: &ids}
			return nil
		}
		var id cdx.EvidenceIdentity
		if err := json.UnmarshalDecode(dec, &id); err != nil {
			return err
		}
		*v = cdx.EvidenceIdentityChoice{Identity: &id}
		return nil
	}),
	json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *cdx.EnvironmentVariableChoice) error {
		switch dec.PeekKind() {
		case '"':
			tok, err := dec.ReadToken()
			if err != nil {
				return err
			}
			*v = cdx.EnvironmentVariableChoice{Value: tok.String()}
			return nil
		case 'n':
			_, err := dec.ReadToken()
			return err
		}
		var p cdx.Property
		if err := json.UnmarshalDecode(dec, &p); err != nil {
			return err
		}
		*v = cdx.EnvironmentVariableChoice{}
		if p != (cdx.Property{}) {
			v.Property = &p
		}
		return nil
	}),
	json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *cdx.MLDatasetChoice) error {
		if dec.PeekKind() == 'n' {
			_, err := dec.ReadToken()
			return err
		}
		var obj struct {
			Ref string `json:"ref"`
			cdx.ComponentData
		}
		if err := json.UnmarshalDecode(dec, &obj); err != nil {
			return err
		}
		*v = cdx.MLDatasetChoice{Ref: obj.Ref}
		if obj.ComponentData != (cdx.ComponentData{}) {
			v.ComponentData = &obj.ComponentData
		}
		return nil
	}),
	json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *cdx.CertificateState) error {
		var obj struct {
			State       cdx.CertificateStateType `json:"state"`
			Name        string                   `json:"name"`
			Description string                   `json:"description"`
			Reason      string                   `json:"reason"`
		}
		if err := json.UnmarshalDecode(dec, &obj); err != nil {
			return err
		}
		if obj.State != "" {
			*v = cdx.CertificateState{Predefined: &cdx.PredefinedCertificateState{State: obj.State, Reason: obj.Reason}}
			if obj.Name != "" || obj.Description != "" {
				v.Custom = &cdx.CustomCertificateState{Name: obj.Name, Description: obj.Description, Reason: obj.Reason}
			}
			return nil
		}
		*v = cdx.CertificateState{Custom: &cdx.CustomCertificateState{Name: obj.Name, Description: obj.Description, Reason: obj.Reason}}
		return nil
	}),
	json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *cdx.CertificateExtension) error {
		var obj struct {
			CommonName  cdx.CertificateExtensionName `json:"commonExtensionName"`
			CommonValue string                       `json:"commonExtensionValue"`
			CustomName  string                       `json:"customExtensionName"`
			CustomValue string                       `json:"customExtensionValue"`
		}
		if err := json.UnmarshalDecode(dec, &obj); err != nil {
			return err
		}
		*v = cdx.CertificateExtension{}
		if obj.CommonName != "" {
			v.Common = &cdx.CommonCertificateExtension{Name: obj.CommonName, Value: obj.CommonValue}
		}
		if obj.CommonName == "" || obj.CustomName != "" || obj.CustomValue != "" {
			v.Custom = &cdx.CustomCertificateExtension{Name: obj.CustomName, Value: obj.CustomValue}
		}
		return nil
	}),
	json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *cdx.AsserterChoice) error {
		switch dec.PeekKind() {
		case '"':
			tok, err := dec.ReadToken()
			if err != nil {
				return err
			}
			ref := cdx.BOMReference(tok.String())
			*v = cdx.AsserterChoice{BOMRef: &ref}
			return nil
		case 'n':
			_, err := dec.ReadToken()
			return err
		}
		var obj struct {
			Organization *cdx.OrganizationalEntity  `json:"organization"`
			Individual   *cdx.OrganizationalContact `json:"individual"`
			BOMRef       *cdx.BOMReference          `json:"ref"`
		}
		if err := json.UnmarshalDecode(dec, &obj); err != nil {
			return err
		}
		*v = cdx.AsserterChoice{Organization: obj.Organization, Individual: obj.Individual, BOMRef: obj.BOMRef}
		return nil
	}),
	json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *cdx.PatentChoice) error {
		var obj struct {
			BOMRef               string                               `json:"bom-ref"`
			PatentNumber         string                               `json:"patentNumber"`
			ApplicationNumber    string                               `json:"applicationNumber"`
			Jurisdiction         string                               `json:"jurisdiction"`
			PriorityApplication  *cdx.PriorityApplication             `json:"priorityApplication"`
			PublicationNumber    string                               `json:"publicationNumber"`
			Title                string                               `json:"title"`
			Abstract             string                               `json:"abstract"`
			FilingDate           string                               `json:"filingDate"`
			GrantDate            string                               `json:"grantDate"`
			PatentExpirationDate string                               `json:"patentExpirationDate"`
			PatentLegalStatus    cdx.PatentLegalStatus                `json:"patentLegalStatus"`
			PatentAssignee       *[]cdx.OrganizationalEntityOrContact `json:"patentAssignee"`
			ExternalReferences   *[]cdx.ExternalReference             `json:"externalReferences"`
			FamilyID             string                               `json:"familyId"`
			Members              *[]cdx.BOMReference                  `json:"members"`
		}
		if err := json.UnmarshalDecode(dec, &obj); err != nil {
			return err
		}
		if obj.FamilyID != "" {
			*v = cdx.PatentChoice{PatentFamily: &cdx.PatentFamily{BOMRef: obj.BOMRef, FamilyID: obj.FamilyID,
				PriorityApplication: obj.PriorityApplication, Members: obj.Members, ExternalReferences: obj.ExternalReferences}}
			return nil
		}
		*v = cdx.PatentChoice{Patent: &cdx.Patent{BOMRef: obj.BOMRef, PatentNumber: obj.PatentNumber, ApplicationNumber: obj.ApplicationNumber,
			Jurisdiction: obj.Jurisdiction, PriorityApplication: obj.PriorityApplication, PublicationNumber: obj.PublicationNumber,
			Title: obj.Title, Abstract: obj.Abstract, FilingDate: obj.FilingDate, GrantDate: obj.GrantDate,
			PatentExpirationDate: obj.PatentExpirationDate, PatentLegalStatus: obj.PatentLegalStatus,
			PatentAssignee: obj.PatentAssignee, ExternalReferences: obj.ExternalReferences}}
		return nil
	}),
	json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *cdx.IKEv2Auth) error {
		type fields cdx.IKEv2Auth
		return ikev2(dec, &v.BOMRef, (*fields)(v))
	}),
	json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *cdx.IKEv2Enc) error {
		type fields cdx.IKEv2Enc
		return ikev2(dec, &v.BOMRef, (*fields)(v))
	}),
	json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *cdx.IKEv2Integ) error {
		type fields cdx.IKEv2Integ
		return ikev2(dec, &v.BOMRef, (*fields)(v))
	}),
	json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *cdx.IKEv2Ke) error {
		type fields cdx.IKEv2Ke
		return ikev2(dec, &v.BOMRef, (*fields)(v))
	}),
	json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v *cdx.IKEv2Prf) error {
		type fields cdx.IKEv2Prf
		return ikev2(dec, &v.BOMRef, (*fields)(v))
	}),
)

// strictJSONTypes are the model types strictUnmarshalers decode: every
// type reachable from cdx.BOM with its own UnmarshalJSON method.
var strictJSONTypes = []any{
	(*cdx.SpecVersion)(nil), (*cdx.ToolsChoice)(nil), (*cdx.EvidenceIdentityChoice)(nil),
	(*cdx.EnvironmentVariableChoice)(nil), (*cdx.MLDatasetChoice)(nil), (*cdx.CertificateState)(nil),
	(*cdx.CertificateExtension)(nil), (*cdx.AsserterChoice)(nil), (*cdx.PatentChoice)(nil),
	(*cdx.IKEv2Auth)(nil), (*cdx.IKEv2Enc)(nil), (*cdx.IKEv2Integ)(nil), (*cdx.IKEv2Ke)(nil), (*cdx.IKEv2Prf)(nil),
}

// ikev2 decodes an IKEv2 transform: a bom-ref string or the object's
// fields (fields is the value as a type without methods).
func ikev2(dec *jsontext.Decoder, ref *cdx.BOMReference, fields any) error {
	if dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		*ref = cdx.BOMReference(tok.String())
		return nil
	}
	return json.UnmarshalDecode(dec, fields)
}

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
