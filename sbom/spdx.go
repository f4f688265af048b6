package sbom

// SPDX 2.x input (JSON, YAML and tag-value), converted into the cyclonedx-go
// model so that indexing, evidence extraction, policies and completeness
// checks work on it unchanged.
//
// # Field mapping (SPDX 2.3 → CycloneDX model)
//
// NOASSERTION and NONE are treated as absent everywhere. Strings are taken
// exactly as written (JSON escapes decoded), then trimmed.
//
//	SPDX 2.3                                   CycloneDX model (cdx.BOM)
//	-----------------------------------------  --------------------------------------------------------
//	spdxVersion                                Document.SpecVersion ("SPDX-2.3"); BOM.SpecVersion = 1.6
//	documentNamespace                          metadata.properties "spdx:documentNamespace"
//	name (document)                            metadata.properties "spdx:documentName"
//	creationInfo.created                       metadata.timestamp
//	creationInfo.creators "Person: N (e)"      metadata.authors {name N, email e}
//	creationInfo.creators "Organization: N (e)" metadata.authors {name N, email e}
//	creationInfo.creators "Tool: name-1.2"     metadata.tools.components {type application, name, version 1.2}
//	DESCRIBES / documentDescribes / DESCRIBED_BY the first described package → metadata.component (the firmware
//	                                           root); further described packages become top-level components
//	packages[]                                 components (bom-ref = the SPDXID, e.g. "SPDXRef-openssl")
//	files[]                                    components of type "file" (name = fileName)
//	package.name / versionInfo                 name / version
//	package.primaryPackagePurpose              type: APPLICATION→application, FRAMEWORK→framework,
//	                                           LIBRARY→library, CONTAINER→container, OPERATING-SYSTEM→
//	                                           operating-system, DEVICE→device, FIRMWARE→firmware,
//	                                           FILE/ARCHIVE/SOURCE→file, INSTALL→application,
//	                                           OTHER or absent→library
//	package.supplier "Organization: N (e)"     supplier {name N, contact [{email e}]}
//	package.supplier "Person: N (e)"           supplier {name N, contact [{name N, email e}]}
//	package.originator "Organization: N (e)"   manufacturer {name N, contact [{email e}]}
//	package.originator "Person:|Tool: N (e)"   authors [{name N, email e}]
//	package.packageFileName                    properties "bsi:component:filename"
//	package.checksums / file.checksums         hashes: SHA1→SHA-1, SHA256→SHA-256, SHA384→SHA-384,
//	                                           SHA512→SHA-512, SHA3-256/384/512, BLAKE2b-256/384/512,
//	                                           BLAKE3, MD5 (value lower-cased); SHA224, MD2, MD4, MD6
//	                                           and ADLER32 have no CycloneDX algorithm and are dropped
//	package.downloadLocation                   externalReferences {type distribution} ("git+…", "svn+…",
//	                                           "hg+…", "bzr+…" locations: {type vcs})
//	package.homepage                           externalReferences {type website}
//	package.copyrightText / file.copyrightText copyright
//	package.licenseConcluded                   licenses [{expression, acknowledgement concluded}]
//	package.licenseDeclared                    licenses [{expression, acknowledgement declared}]
//	file.licenseConcluded                      licenses [{expression, acknowledgement concluded}]
//	package.summary, else description          description
//	package/file attributionTexts              evidence.copyright [{text}]
//	file.fileContributors "Organization: N"    authors [{name N, email e}] (N read as an organisation's name)
//	snippets[] copyrightText, attributionTexts evidence.copyright of the file snippetFromFile names (a snippet
//	                                           from an unknown file: the root's, and a dangling-ref problem)
//	externalRefs PACKAGE-MANAGER purl          purl (the first); further purls → evidence.identity {field purl}
//	externalRefs PACKAGE-MANAGER maven-central the purl: pkg:maven/G/A@V, pkg:npm/NAME@V (@scope → %40scope),
//	  npm, nuget, bower, any other type        pkg:nuget/N@V, pkg:bower/N@V, pkg:TYPE/LOCATOR (the last @, #
//	                                           or == before a version); purl when there is no purl reference,
//	                                           else evidence.identity {field purl}
//	externalRefs SECURITY cpe23Type/cpe22Type  cpe (the first); further CPEs → evidence.identity {field cpe}
//	externalRefs SECURITY swid                 swid {tagId} (further ones: evidence.identity {field swid})
//	externalRefs PERSISTENT-ID swh / gitoid    swhid / omniborId
//	externalRefs SECURITY advisory/other       externalReferences {type advisories / other}
//	externalRefs OTHER <type> <locator>, and   externalReferences {type <type> when it is a CycloneDX reference
//	  any other category                       type (vcs, website, release-notes, security-contact, …), else
//	                                           other}: every locator, URL or not, is kept and read as a URL field
//	annotations[].annotator (document,         BOM annotations {subjects [the element], annotator: individual
//	  package, file, snippet)                  (Person:), component (Tool:) or organization}; document-level
//	                                           annotations on the document itself have no subject (the root)
//	externalDocumentRefs[].spdxDocument        BOM externalReferences {type bom}
//	bomFormat (any case)                       refused: the document would be CycloneDX too
//	package/file annotations (and document     properties: each comment line "NAME=VALUE" with a namespaced
//	  annotations whose SPDXREF / spdxElementId NAME ("ran:function=core") or "fwprov:property NAME=VALUE"
//	  names the package)                       becomes a property {NAME, VALUE}: SPDX 2 has no properties,
//	                                           so this is how an SPDX twin carries scoping properties
//	CONTAINS A B / CONTAINED_BY B A            B nested in A (components of A); hasFiles likewise
//	DEPENDS_ON A B                             dependencies {ref A, dependsOn [B]}
//	DEPENDENCY_OF, RUNTIME_DEPENDENCY_OF,      dependencies {ref B, dependsOn [A]}
//	  OPTIONAL_DEPENDENCY_OF,
//	  PROVIDED_DEPENDENCY_OF A B
//	STATIC_LINK / DYNAMIC_LINK A B             dependencies {ref A, dependsOn [B]}
//	DEPENDS_ON A NONE                          compositions {aggregate complete, dependencies [A]}
//	DEPENDS_ON A NOASSERTION                   compositions {aggregate unknown, dependencies [A]}
//	BUILD_/DEV_/TEST_DEPENDENCY_OF, others     not mapped (not part of the shipped firmware)
//
// Structural defects are reported as Document.Problems, never as crashes: a
// CONTAINS cycle (broken at the element that appears first in the document,
// which is placed at the top level), an element contained by two packages
// (kept under the first), a relationship naming an unknown SPDXID (a CONTAINS
// is dropped; a dependency is kept as a dangling reference the index
// reports), and references into other documents (DocumentRef-…), which are
// not followed.
//
// The YAML form is converted to JSON and decoded by the same JSON v2 decoder
// (member names case-insensitive, duplicates refused, errors at the YAML
// line), so the two forms cannot be read differently. The JSON and YAML
// forms are decoded with fwprov's own field types rather than
// github.com/spdx/tools-golang v0.5.7: that library reads the supplier,
// originator and creator members from the raw JSON text without decoding
// escapes (so "Hu\u0061wei" would stay "Hu\u0061wei" and slip past identity
// resolution), its tag-value reader grows multi-line text quadratically, and
// it needs a module that is not in go.sum. The JSON decoder is the same JSON
// v2 decoder the CycloneDX path uses: duplicate keys, invalid UTF-8 and
// wrong types are refused with a position.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	yaml "go.yaml.in/yaml/v3"
)

// FormatSPDXYAML is SPDX 2.x in its YAML form.
const FormatSPDXYAML Format = "spdx-yaml"

// Problem kinds specific to SPDX input.
const (
	// ProblemContainmentCycle: CONTAINS relationships form a cycle.
	ProblemContainmentCycle ProblemKind = "containment-cycle"
	// ProblemMultipleContainers: an element is contained by more than one
	// package (CycloneDX nesting allows one).
	ProblemMultipleContainers ProblemKind = "multiple-containers"
	// ProblemExternalDocumentRef: a relationship points into another SPDX
	// document, which fwprov does not follow.
	ProblemExternalDocumentRef ProblemKind = "external-document-ref"
)

// PropertyAnnotationPrefix starts an annotation comment line that carries a
// component property in an SPDX document: "fwprov:property ran:function=core".
const PropertyAnnotationPrefix = "fwprov:property "

// spdxDoc is the part of an SPDX 2.x document fwprov reads. The same type
// receives JSON, YAML (converted to JSON first, so both forms are read by
// one decoder with one set of rules) and (through spdx_tagvalue.go)
// tag-value input.
type spdxDoc struct {
	SPDXVersion       string             `json:"spdxVersion"`
	SPDXID            string             `json:"SPDXID"`
	Name              string             `json:"name"`
	DocumentNamespace string             `json:"documentNamespace"`
	CreationInfo      spdxCreationInfo   `json:"creationInfo"`
	DocumentDescribes []string           `json:"documentDescribes"`
	Packages          []spdxPackage      `json:"packages"`
	Files             []spdxFile         `json:"files"`
	Snippets          []spdxSnippet      `json:"snippets"`
	Relationships     []spdxRelationship `json:"relationships"`
	Annotations       []spdxAnnotation   `json:"annotations"`
	ExternalDocRefs   []spdxExternalDoc  `json:"externalDocumentRefs"`
	// BOMFormat is CycloneDX's format member: an SPDX document that has
	// one is also a CycloneDX document, and is refused.
	BOMFormat *jsontext.Value `json:"bomFormat"`
}

type spdxCreationInfo struct {
	Creators []string `json:"creators"`
	Created  string   `json:"created"`
}

type spdxChecksum struct {
	Algorithm string `json:"algorithm"`
	Value     string `json:"checksumValue"`
}

type spdxExternalRef struct {
	Category string `json:"referenceCategory"`
	Type     string `json:"referenceType"`
	Locator  string `json:"referenceLocator"`
}

type spdxExternalDoc struct {
	ID       string `json:"externalDocumentId"`
	Document string `json:"spdxDocument"`
}

type spdxAnnotation struct {
	Type      string `json:"annotationType"`
	Annotator string `json:"annotator"`
	Comment   string `json:"comment"`
	// Element is set on document-level annotations (JSON "spdxElementId",
	// tag-value SPDXREF).
	Element string `json:"spdxElementId"`
}

type spdxPackage struct {
	Name             string            `json:"name"`
	SPDXID           string            `json:"SPDXID"`
	Version          string            `json:"versionInfo"`
	FileName         string            `json:"packageFileName"`
	Supplier         string            `json:"supplier"`
	Originator       string            `json:"originator"`
	DownloadLocation string            `json:"downloadLocation"`
	Checksums        []spdxChecksum    `json:"checksums"`
	Homepage         string            `json:"homepage"`
	LicenseConcluded string            `json:"licenseConcluded"`
	LicenseDeclared  string            `json:"licenseDeclared"`
	CopyrightText    string            `json:"copyrightText"`
	AttributionTexts []string          `json:"attributionTexts"`
	Summary          string            `json:"summary"`
	Description      string            `json:"description"`
	ExternalRefs     []spdxExternalRef `json:"externalRefs"`
	Purpose          string            `json:"primaryPackagePurpose"`
	HasFiles         []string          `json:"hasFiles"`
	Annotations      []spdxAnnotation  `json:"annotations"`
}

type spdxFile struct {
	Name             string           `json:"fileName"`
	SPDXID           string           `json:"SPDXID"`
	Checksums        []spdxChecksum   `json:"checksums"`
	LicenseConcluded string           `json:"licenseConcluded"`
	CopyrightText    string           `json:"copyrightText"`
	AttributionTexts []string         `json:"attributionTexts"`
	Contributors     []string         `json:"fileContributors"`
	Annotations      []spdxAnnotation `json:"annotations"`
}

// spdxSnippet is a part of a file: its copyright and attribution texts and
// annotations are the evidence of the file it is from.
type spdxSnippet struct {
	SPDXID           string           `json:"SPDXID"`
	FromFile         string           `json:"snippetFromFile"`
	CopyrightText    string           `json:"copyrightText"`
	AttributionTexts []string         `json:"attributionTexts"`
	Annotations      []spdxAnnotation `json:"annotations"`
}

type spdxRelationship struct {
	A      string `json:"spdxElementId"`
	Type   string `json:"relationshipType"`
	B      string `json:"relatedSpdxElement"`
	tvLine int    // tag-value line, for messages (0: unknown)
}

func init() {
	// Parse's hooks (sbom/parse.go): SPDX input detected by detectFormat,
	// and SPDX forms it does not know (YAML).
	spdxParse = parseSPDXDocument
	spdxSniff = func(data []byte) (Format, bool) {
		if looksLikeSPDXYAML(data) {
			return FormatSPDXYAML, true
		}
		return "", false
	}
}

// parseSPDXDocument is Parse's SPDX hook (spdxParse): it decodes an SPDX
// 2.x document (JSON, YAML or tag-value; the form is detected from the
// content), converts it into the cyclonedx-go model and fills doc (Source
// and Size already set): BOM, Format, SpecVersion ("SPDX-2.3"), the index,
// evidence, and the conversion's structural problems.
func parseSPDXDocument(ctx context.Context, name string, data []byte, lim Limits, doc *Document) (*Document, error) {
	bom, version, format, conv, err := convertSPDX(ctx, name, data, lim)
	if err != nil {
		return nil, err
	}
	doc.BOM, doc.SpecVersion, doc.Format = bom, version, format
	doc.orgContacts = conv.orgs
	problems := conv.problems
	if err := buildIndex(ctx, doc, lim); err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			return nil, err
		}
		return nil, &ParseError{File: name, Err: err}
	}
	doc.Problems = append(doc.Problems, problems...)
	return doc, nil
}

// convertSPDX decodes and converts data; it returns the BOM, the declared
// SPDX version, the detected form and the converter (its structural
// problems and the contacts that are organisations').
func convertSPDX(ctx context.Context, name string, data []byte, lim Limits) (bom *cdx.BOM, version string, format Format, conv *spdxConverter, err error) {
	// The decoders below are believed not to panic; this is the safety net
	// the project's no-panic rule asks for.
	defer func() {
		if r := recover(); r != nil {
			bom, version, format, conv = nil, "", "", nil
			err = &ParseError{File: name, Err: errorf(ErrSyntax, "malformed SPDX document (decoder failure: %s)", clip(fmt.Sprint(r), 120))}
		}
	}()
	if int64(len(data)) > lim.MaxBytes {
		return nil, "", "", nil, &ParseError{File: name, Err: tooLarge(int64(len(data)), lim.MaxBytes)}
	}
	var doc *spdxDoc
	i := skipSpace(data, 0)
	switch {
	case i < len(data) && data[i] == '{':
		format = FormatSPDXJSON
		doc = new(spdxDoc)
		if err := json.Unmarshal(data, doc, matchNames); err != nil {
			off, err := jsonError(data, err)
			return nil, "", "", nil, newError(name, data, off, err)
		}
	case looksLikeSPDXTagValue(data[i:]):
		format = FormatSPDXTagValue
		doc, err = readSPDXTagValue(name, data, lim)
		if err != nil {
			return nil, "", "", nil, err
		}
	case looksLikeSPDXYAML(data[i:]):
		format = FormatSPDXYAML
		doc, err = decodeSPDXYAML(name, data)
		if err != nil {
			return nil, "", "", nil, err
		}
	default:
		return nil, "", "", nil, &ParseError{File: name, Err: errorf(ErrNotSBOM, "not an SPDX document (JSON, YAML or tag-value)")}
	}
	if doc.BOMFormat != nil {
		return nil, "", "", nil, &ParseError{File: name, Err: errorf(ErrAmbiguousFormat,
			"the document is both SPDX (spdxVersion) and CycloneDX (bomFormat): readers would disagree on what it is")}
	}
	if err := ctx.Err(); err != nil {
		return nil, "", "", nil, &ParseError{File: name, Err: err}
	}
	version = strings.TrimSpace(doc.SPDXVersion)
	switch version {
	case "SPDX-2.1", "SPDX-2.2", "SPDX-2.3":
	case "":
		return nil, "", "", nil, &ParseError{File: name, Err: errorf(ErrNotSBOM, "SPDX document without spdxVersion")}
	default:
		return nil, "", "", nil, &ParseError{File: name, Err: errorf(ErrSyntax, "unsupported SPDX version %q (fwprov reads SPDX 2.1 to 2.3)", clip(version, 40))}
	}
	if err := doc.checkLimits(lim); err != nil {
		return nil, "", "", nil, &ParseError{File: name, Err: err}
	}
	c := &spdxConverter{doc: doc, lim: lim}
	bom, err = c.convert(ctx)
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			return nil, "", "", nil, err
		}
		return nil, "", "", nil, &ParseError{File: name, Err: err}
	}
	return bom, version, format, c, nil
}

// looksLikeSPDXTagValue reports whether data starts (after comments and
// blank lines) with an "SPDXVersion:" tag.
func looksLikeSPDXTagValue(data []byte) bool {
	_, ok := spdxTagValue(data)
	return ok
}

// looksLikeSPDXYAML reports whether data is a YAML mapping with a top-level
// "spdxVersion:" key within its first 64 KiB.
func looksLikeSPDXYAML(data []byte) bool {
	data = data[:min(len(data), 64<<10)]
	for len(data) > 0 {
		line := data
		if j := bytes.IndexByte(data, '\n'); j >= 0 {
			line, data = data[:j], data[j+1:]
		} else {
			data = nil
		}
		if bytes.HasPrefix(line, []byte("spdxVersion:")) {
			return true
		}
	}
	return false
}

// decodeSPDXYAML decodes the YAML form: the YAML is converted to JSON
// (see yamlToJSON) and decoded by the same decoder, with the same rules,
// as the JSON form — member names match case-insensitively and a
// duplicate (also a case variant) is refused. Errors give the YAML line.
func decodeSPDXYAML(name string, data []byte) (*spdxDoc, error) {
	js, lines, err := yamlToJSON(data)
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			pe.File = name
			return nil, pe
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		return nil, &ParseError{File: name, Err: errorf(ErrSyntax, "invalid SPDX YAML: %s", clip(msg, 200))}
	}
	doc := new(spdxDoc)
	if err := json.Unmarshal(js, doc, matchNames); err != nil {
		off, jerr := jsonError(js, err)
		kind := errors.Unwrap(jerr)
		if kind == nil {
			kind = ErrSyntax
		}
		// The messages speak of the JSON the YAML became: say YAML.
		msg := strings.ReplaceAll(strings.ReplaceAll(jerr.Error(), " (I-JSON, RFC 7493)", ""), "JSON ", "")
		return nil, &ParseError{File: name, Line: lines.at(off), Err: errorf(kind, "invalid SPDX YAML: %s", msg)}
	}
	return doc, nil
}

// yamlLines maps offsets in the JSON yamlToJSON wrote to the YAML lines
// the values came from.
type yamlLines struct {
	off  []int
	line []int
}

func (l *yamlLines) add(off, line int) {
	l.off = append(l.off, off)
	l.line = append(l.line, line)
}

// at returns the YAML line of the value at JSON offset off (0: unknown).
func (l *yamlLines) at(off int64) int {
	i := sort.SearchInts(l.off, int(off)+1) - 1
	if i < 0 || off < 0 {
		return 0
	}
	return l.line[i]
}

// yamlToJSON converts a YAML document to JSON text. Mapping keys must be
// scalars; aliases and merge keys are refused (SPDX tools do not write
// them, and expanding them is how YAML bombs work); every scalar but null
// becomes a string.
func yamlToJSON(data []byte) ([]byte, *yamlLines, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, nil, err
	}
	lines := &yamlLines{}
	var out []byte
	type item struct {
		n     *yaml.Node
		close byte // when set, write it (and nothing else) for this item
		sep   bool // write a comma first
		key   bool // a mapping key: write it as a string and a colon
	}
	start := &root
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return []byte("null"), lines, nil
		}
		start = root.Content[0]
	}
	stack := []item{{n: start}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.close != 0 {
			out = append(out, it.close)
			continue
		}
		if it.sep {
			out = append(out, ',')
		}
		n := it.n
		lines.add(len(out), n.Line)
		if it.key {
			if n.Kind != yaml.ScalarNode {
				return nil, nil, &ParseError{Line: n.Line, Err: errorf(ErrSyntax, "invalid SPDX YAML: a mapping key must be a scalar")}
			}
			if n.Tag == "!!merge" || n.Value == "<<" && n.Style == 0 {
				return nil, nil, &ParseError{Line: n.Line, Err: errorf(ErrSyntax, "invalid SPDX YAML: merge keys (<<) are not accepted")}
			}
			var err error
			if out, err = jsontext.AppendQuote(out, n.Value); err != nil {
				return nil, nil, &ParseError{Line: n.Line, Err: errorf(ErrInvalidUTF8, "invalid UTF-8 in SPDX YAML")}
			}
			out = append(out, ':')
			continue
		}
		switch n.Kind {
		case yaml.AliasNode:
			return nil, nil, &ParseError{Line: n.Line, Err: errorf(ErrSyntax, "invalid SPDX YAML: aliases (*%s) are not accepted", clip(n.Value, 40))}
		case yaml.MappingNode:
			out = append(out, '{')
			stack = append(stack, item{close: '}'})
			for i := len(n.Content) - 2; i >= 0; i -= 2 {
				stack = append(stack, item{n: n.Content[i+1]}, item{n: n.Content[i], key: true, sep: i > 0})
			}
		case yaml.SequenceNode:
			out = append(out, '[')
			stack = append(stack, item{close: ']'})
			for i := len(n.Content) - 1; i >= 0; i-- {
				stack = append(stack, item{n: n.Content[i], sep: i > 0})
			}
		case yaml.ScalarNode:
			// Every value fwprov reads is a string: a scalar is its
			// text (1.0 stays "1.0"); null is null.
			if n.ShortTag() == "!!null" {
				out = append(out, "null"...)
				break
			}
			var err error
			if out, err = jsontext.AppendQuote(out, n.Value); err != nil {
				return nil, nil, &ParseError{Line: n.Line, Err: errorf(ErrInvalidUTF8, "invalid UTF-8 in SPDX YAML")}
			}
		default:
			return nil, nil, &ParseError{Line: n.Line, Err: errorf(ErrSyntax, "invalid SPDX YAML: unexpected node")}
		}
	}
	return out, lines, nil
}

// checkLimits applies MaxStringBytes to every string fwprov reads, and
// MaxComponents and MaxDependencyEdges to the element and relationship
// counts, before any conversion work.
func (d *spdxDoc) checkLimits(lim Limits) error {
	if n := len(d.Packages) + len(d.Files); n > lim.MaxComponents {
		return errorf(ErrTooMany, "%d SPDX packages and files exceed the limit of %d components", n, lim.MaxComponents)
	}
	if n := len(d.Relationships); n > lim.MaxDependencyEdges {
		return errorf(ErrTooMany, "%d SPDX relationships exceed the limit of %d dependency edges", n, lim.MaxDependencyEdges)
	}
	max := lim.MaxStringBytes
	var bad string
	chk := func(what string, ss ...string) {
		if bad != "" {
			return
		}
		for _, s := range ss {
			if len(s) > max {
				bad = what
				return
			}
		}
	}
	chkAnn := func(what string, as []spdxAnnotation) {
		for _, a := range as {
			chk(what, a.Type, a.Annotator, a.Comment, a.Element)
		}
	}
	if n := len(d.Snippets); n > lim.MaxComponents {
		return errorf(ErrTooMany, "%d SPDX snippets exceed the limit of %d", n, lim.MaxComponents)
	}
	for _, r := range d.ExternalDocRefs {
		chk("externalDocumentRefs", r.ID, r.Document)
	}
	for i := range d.Snippets {
		sn := &d.Snippets[i]
		what := "snippet " + clip(sn.SPDXID, 60)
		chk(what, sn.SPDXID, sn.FromFile, sn.CopyrightText)
		chk(what, sn.AttributionTexts...)
		chkAnn(what, sn.Annotations)
	}
	chk("document", d.SPDXVersion, d.SPDXID, d.Name, d.DocumentNamespace, d.CreationInfo.Created)
	chk("creationInfo.creators", d.CreationInfo.Creators...)
	chk("documentDescribes", d.DocumentDescribes...)
	chkAnn("annotations", d.Annotations)
	for i := range d.Packages {
		p := &d.Packages[i]
		what := "package " + clip(p.SPDXID, 60)
		chk(what, p.Name, p.SPDXID, p.Version, p.FileName, p.Supplier, p.Originator, p.DownloadLocation,
			p.Homepage, p.LicenseConcluded, p.LicenseDeclared, p.CopyrightText, p.Summary, p.Description, p.Purpose)
		chk(what, p.HasFiles...)
		chk(what, p.AttributionTexts...)
		for _, c := range p.Checksums {
			chk(what, c.Algorithm, c.Value)
		}
		for _, r := range p.ExternalRefs {
			chk(what, r.Category, r.Type, r.Locator)
		}
		chkAnn(what, p.Annotations)
	}
	for i := range d.Files {
		f := &d.Files[i]
		what := "file " + clip(f.SPDXID, 60)
		chk(what, f.Name, f.SPDXID, f.LicenseConcluded, f.CopyrightText)
		chk(what, f.AttributionTexts...)
		chk(what, f.Contributors...)
		for _, c := range f.Checksums {
			chk(what, c.Algorithm, c.Value)
		}
		chkAnn(what, f.Annotations)
	}
	for _, r := range d.Relationships {
		chk("relationships", r.A, r.Type, r.B)
	}
	if bad != "" {
		return errorf(ErrTooLarge, "a string in %s is longer than the limit of %s", bad, humanBytes(int64(max)))
	}
	return nil
}

// spdxElem is a package or file on its way to becoming a component.
type spdxElem struct {
	id     string
	order  int // document order: packages first, then files
	comp   cdx.Component
	parent int   // index of the containing element, -1 for none
	kids   []int // contained elements, in document order
	state  uint8 // tree walk: 0 unvisited, 1 on the current path, 2 placed
}

type spdxConverter struct {
	doc      *spdxDoc
	lim      Limits
	elems    []spdxElem
	byID     map[string]int
	problems []Problem
	// orgs are the contacts an SPDX "Organization:" prefix names (creators,
	// file contributors): their names are organisations' (Evidence.Org).
	orgs map[*cdx.OrganizationalContact]bool
	// annotations become the BOM's annotations (their annotators are
	// evidence of their subjects).
	annotations []cdx.Annotation
}

func (c *spdxConverter) problem(kind ProblemKind, ref, format string, args ...any) {
	c.problems = append(c.problems, Problem{Kind: kind, Ref: ref, Message: fmt.Sprintf(format, args...)})
}

// absent reports whether an SPDX value says nothing.
func absent(s string) bool {
	s = strings.TrimSpace(s)
	return s == "" || s == "NOASSERTION" || s == "NONE"
}

func (c *spdxConverter) convert(ctx context.Context) (*cdx.BOM, error) {
	d := c.doc
	bom := &cdx.BOM{BOMFormat: cdx.BOMFormat, SpecVersion: cdx.SpecVersion1_6, Version: 1}
	md := &cdx.Metadata{}
	bom.Metadata = md
	if !absent(d.CreationInfo.Created) {
		md.Timestamp = strings.TrimSpace(d.CreationInfo.Created)
	}
	c.creators(md)
	var mdProps []cdx.Property
	if s := strings.TrimSpace(d.DocumentNamespace); s != "" {
		mdProps = append(mdProps, cdx.Property{Name: "spdx:documentNamespace", Value: s})
	}
	if s := strings.TrimSpace(d.Name); s != "" {
		mdProps = append(mdProps, cdx.Property{Name: "spdx:documentName", Value: s})
	}
	if len(mdProps) > 0 {
		md.Properties = &mdProps
	}

	// Other SPDX documents this one refers to.
	var docRefs []cdx.ExternalReference
	for _, r := range d.ExternalDocRefs {
		if u := strings.TrimSpace(r.Document); !absent(u) {
			docRefs = append(docRefs, cdx.ExternalReference{URL: u, Type: cdx.ERTypeBOM, Comment: "SPDX " + strings.TrimSpace(r.ID)})
		}
	}
	if len(docRefs) > 0 {
		bom.ExternalReferences = &docRefs
	}

	// Elements.
	n := len(d.Packages) + len(d.Files)
	c.elems = make([]spdxElem, 0, n)
	c.byID = make(map[string]int, n)
	docAnn := make(map[string][]spdxAnnotation)
	for _, a := range d.Annotations {
		id := strings.TrimSpace(a.Element)
		if id != "" {
			docAnn[id] = append(docAnn[id], a)
		}
		c.annotate(id, a)
	}
	// A snippet is part of a file: its texts and annotations are the
	// file's evidence.
	snippetTexts := make(map[string][]string)
	fileIDs := make(map[string]bool, len(d.Files))
	for i := range d.Files {
		fileIDs[strings.TrimSpace(d.Files[i].SPDXID)] = true
	}
	var orphanTexts []string
	for i := range d.Snippets {
		sn := &d.Snippets[i]
		from := strings.TrimSpace(sn.FromFile)
		texts := append([]string{sn.CopyrightText}, sn.AttributionTexts...)
		if !fileIDs[from] {
			c.problem(ProblemDanglingRef, strings.TrimSpace(sn.SPDXID), "snippet %q is from %q, which is not a file in the document; its texts are counted for the firmware itself",
				clip(strings.TrimSpace(sn.SPDXID), 80), clip(from, 80))
			orphanTexts = append(orphanTexts, texts...)
			from = ""
		} else {
			snippetTexts[from] = append(snippetTexts[from], texts...)
		}
		for _, a := range sn.Annotations {
			c.annotate(from, a)
		}
	}
	for i := range d.Packages {
		p := &d.Packages[i]
		id := strings.TrimSpace(p.SPDXID)
		for _, a := range p.Annotations {
			c.annotate(id, a)
		}
		c.add(id, c.packageComponent(p, docAnn[id]))
	}
	for i := range d.Files {
		f := &d.Files[i]
		id := strings.TrimSpace(f.SPDXID)
		for _, a := range f.Annotations {
			c.annotate(id, a)
		}
		c.add(id, c.fileComponent(f, docAnn[id], snippetTexts[id]))
	}
	if len(c.annotations) > 0 {
		bom.Annotations = &c.annotations
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// Relationships: what the document describes, containment, dependencies.
	docID := strings.TrimSpace(d.SPDXID)
	if docID == "" {
		docID = "SPDXRef-DOCUMENT"
	}
	rootIdx := -1
	var described []int
	describe := func(id string) {
		if j, ok := c.byID[id]; ok {
			described = append(described, j)
		} else if !absent(id) {
			c.problem(ProblemDanglingRef, id, "the document describes %s, which is not a package or file in it", clip(id, 80))
		}
	}
	for _, id := range d.DocumentDescribes {
		describe(strings.TrimSpace(id))
	}
	for i := range d.Packages {
		for _, f := range d.Packages[i].HasFiles {
			c.contain(strings.TrimSpace(d.Packages[i].SPDXID), strings.TrimSpace(f), 0)
		}
	}
	deps := make(map[int][]string)
	var depOrder []int
	complete := map[string]cdx.CompositionAggregate{}
	var completeOrder []string
	type edge struct {
		from int
		to   string
	}
	seenEdge := make(map[edge]bool)
	addDep := func(from int, to string) {
		if _, seen := deps[from]; !seen {
			depOrder = append(depOrder, from)
		}
		if seenEdge[edge{from, to}] {
			return // repeated (a DEPENDS_ON and its DEPENDENCY_OF mirror)
		}
		seenEdge[edge{from, to}] = true
		deps[from] = append(deps[from], to)
	}
	edges := 0
	for _, r := range d.Relationships {
		a, b := strings.TrimSpace(r.A), strings.TrimSpace(r.B)
		typ := strings.ToUpper(strings.TrimSpace(r.Type))
		typ = strings.ReplaceAll(typ, "-", "_")
		switch typ {
		case "DESCRIBES":
			if a == docID {
				describe(b)
			}
			continue
		case "DESCRIBED_BY":
			if b == docID {
				describe(a)
			}
			continue
		case "CONTAINS":
			c.contain(a, b, r.tvLine)
			continue
		case "CONTAINED_BY":
			c.contain(b, a, r.tvLine)
			continue
		case "DEPENDS_ON", "STATIC_LINK", "DYNAMIC_LINK":
		case "DEPENDENCY_OF", "RUNTIME_DEPENDENCY_OF", "OPTIONAL_DEPENDENCY_OF", "PROVIDED_DEPENDENCY_OF":
			a, b = b, a
		default:
			continue
		}
		if strings.HasPrefix(a, "DocumentRef-") || strings.HasPrefix(b, "DocumentRef-") {
			c.problem(ProblemExternalDocumentRef, a, "%s %s %s points into another SPDX document; not followed", clip(a, 80), typ, clip(b, 80))
			continue
		}
		from, ok := c.byID[a]
		if !ok {
			if !absent(a) {
				c.problem(ProblemDanglingRef, a, "relationship %s %s %s: %s is not a package or file in the document", clip(a, 80), typ, clip(b, 80), clip(a, 80))
			}
			continue
		}
		if absent(b) {
			// "A DEPENDS_ON NONE": A has no dependencies (complete);
			// NOASSERTION: nobody knows.
			agg := cdx.CompositionAggregateUnknown
			if strings.TrimSpace(b) == "NONE" {
				agg = cdx.CompositionAggregateComplete
			}
			if _, seen := complete[a]; !seen {
				completeOrder = append(completeOrder, a)
			}
			complete[a] = agg
			if _, seen := deps[from]; !seen && agg == cdx.CompositionAggregateComplete {
				// Declared: no dependencies at all.
				depOrder = append(depOrder, from)
				deps[from] = nil
			}
			continue
		}
		edges++
		if edges > c.lim.MaxDependencyEdges {
			return nil, errorf(ErrTooMany, "more than %d dependency edges", c.lim.MaxDependencyEdges)
		}
		// An unknown b stays: the index reports it as a dangling reference.
		addDep(from, b)
	}

	if len(described) > 0 {
		rootIdx = described[0]
		if p := c.elems[rootIdx].parent; p >= 0 {
			c.problem(ProblemMultipleContainers, c.elems[rootIdx].id,
				"%s is what the document describes but is also contained by %s; it is kept as the root",
				clip(c.elems[rootIdx].id, 80), clip(c.elems[p].id, 80))
			c.detach(rootIdx)
		}
	}

	// Build the containment tree: roots are elements without a container.
	var top []cdx.Component
	var rootComp *cdx.Component
	if rootIdx >= 0 {
		built, err := c.build(rootIdx, 0)
		if err != nil {
			return nil, err
		}
		rootComp = &built
		// Children of the root are top-level components in CycloneDX.
		if built.Components != nil {
			top = append(top, *built.Components...)
			rootComp.Components = nil
		}
	}
	for i := range c.elems {
		if i == rootIdx || c.elems[i].parent >= 0 {
			continue
		}
		built, err := c.build(i, 1)
		if err != nil {
			return nil, err
		}
		top = append(top, built)
	}
	// Whatever is still unplaced sits on (or under) a CONTAINS cycle.
	for i := range c.elems {
		if c.elems[i].state != 0 {
			continue
		}
		// Walk up to the cycle, then break it at its first element in
		// document order.
		j := i
		for c.elems[j].state == 0 {
			c.elems[j].state = 3 // marks this walk
			j = c.elems[j].parent
		}
		cycle := []int{j}
		for k := c.elems[j].parent; k != j; k = c.elems[k].parent {
			cycle = append(cycle, k)
		}
		first := j
		for _, k := range cycle {
			if c.elems[k].order < c.elems[first].order {
				first = k
			}
		}
		// Reset the marks of this walk before building.
		for k := i; c.elems[k].state == 3; k = c.elems[k].parent {
			c.elems[k].state = 0
		}
		// The path from the first member, in "contains" order (cycle[k+1]
		// contains cycle[k]), naming at most 8 members: a cycle may be as
		// long as the document.
		at := slices.Index(cycle, first)
		path := make([]string, 0, 10)
		for k := range cycle {
			if k == 8 {
				path = append(path, fmt.Sprintf("… %d more", len(cycle)-8))
				break
			}
			path = append(path, clip(c.elems[cycle[(at-k+len(cycle))%len(cycle)]].id, 60))
		}
		path = append(path, path[0])
		c.problem(ProblemContainmentCycle, c.elems[first].id,
			"CONTAINS relationships form a cycle (%s); %s is placed at the top level", strings.Join(path, " contains "), clip(c.elems[first].id, 80))
		c.detach(first)
		built, err := c.build(first, 1)
		if err != nil {
			return nil, err
		}
		top = append(top, built)
	}
	if rootComp != nil {
		addCopyrights(rootComp, orphanTexts)
		md.Component = rootComp
	} else if len(orphanTexts) > 0 {
		c.problem(ProblemEvidenceUnreadable, "", "the document describes no package, so the texts of snippets from unknown files belong to no component")
	}
	if len(top) > 0 {
		bom.Components = &top
	}

	// Dependencies, in document order of the depending element.
	sort.Ints(depOrder)
	if len(depOrder) > 0 {
		ds := make([]cdx.Dependency, 0, len(depOrder))
		for _, from := range depOrder {
			on := deps[from]
			ds = append(ds, cdx.Dependency{Ref: c.elems[from].id, Dependencies: &on})
		}
		bom.Dependencies = &ds
	}
	if len(completeOrder) > 0 {
		var comps []cdx.Composition
		for _, agg := range []cdx.CompositionAggregate{cdx.CompositionAggregateComplete, cdx.CompositionAggregateUnknown} {
			var refs []cdx.BOMReference
			for _, id := range completeOrder {
				if complete[id] == agg {
					refs = append(refs, cdx.BOMReference(id))
				}
			}
			if len(refs) > 0 {
				comps = append(comps, cdx.Composition{Aggregate: agg, Dependencies: &refs})
			}
		}
		bom.Compositions = &comps
	}
	return bom, ctx.Err()
}

// add registers an element; a repeated SPDXID keeps its component (the
// index reports the duplicate bom-ref) but relationships resolve to the
// first.
func (c *spdxConverter) add(id string, comp cdx.Component) {
	i := len(c.elems)
	c.elems = append(c.elems, spdxElem{id: id, order: i, comp: comp, parent: -1})
	if _, dup := c.byID[id]; !dup && id != "" {
		c.byID[id] = i
	}
}

// contain records "a CONTAINS b".
func (c *spdxConverter) contain(a, b string, line int) {
	if strings.HasPrefix(a, "DocumentRef-") || strings.HasPrefix(b, "DocumentRef-") {
		c.problem(ProblemExternalDocumentRef, a, "%s CONTAINS %s points into another SPDX document; not followed", clip(a, 80), clip(b, 80))
		return
	}
	if absent(a) || absent(b) {
		return
	}
	pa, okA := c.byID[a]
	cb, okB := c.byID[b]
	if !okA || !okB {
		missing := a
		if okA {
			missing = b
		}
		c.problem(ProblemDanglingRef, missing, "%s CONTAINS %s: %s is not a package or file in the document%s", clip(a, 80), clip(b, 80), clip(missing, 80), lineSuffix(line))
		return
	}
	if pa == cb {
		c.problem(ProblemContainmentCycle, a, "%s CONTAINS itself%s", clip(a, 80), lineSuffix(line))
		return
	}
	e := &c.elems[cb]
	if e.parent == pa {
		return // repeated
	}
	if e.parent >= 0 {
		c.problem(ProblemMultipleContainers, b, "%s is contained by both %s and %s; it is kept under %s%s",
			clip(b, 80), clip(c.elems[e.parent].id, 80), clip(a, 80), clip(c.elems[e.parent].id, 80), lineSuffix(line))
		return
	}
	e.parent = pa
	c.elems[pa].kids = append(c.elems[pa].kids, cb)
}

func lineSuffix(line int) string {
	if line <= 0 {
		return ""
	}
	return fmt.Sprintf(" (line %d)", line)
}

// detach removes element i from its container's children.
func (c *spdxConverter) detach(i int) {
	p := c.elems[i].parent
	if p < 0 {
		return
	}
	kids := c.elems[p].kids
	for k, j := range kids {
		if j == i {
			c.elems[p].kids = append(kids[:k:k], kids[k+1:]...)
			break
		}
	}
	c.elems[i].parent = -1
}

// build returns element i's component with its contained elements nested,
// refusing nesting deeper than MaxDepth. Kids already placed (only possible
// for the root, which was detached) are skipped.
func (c *spdxConverter) build(i, depth int) (cdx.Component, error) {
	if depth > c.lim.MaxDepth {
		return cdx.Component{}, errorf(ErrTooDeep, "SPDX CONTAINS relationships nest deeper than the limit of %d levels", c.lim.MaxDepth)
	}
	e := &c.elems[i]
	e.state = 2
	comp := e.comp
	if len(e.kids) > 0 {
		kids := make([]cdx.Component, 0, len(e.kids))
		for _, k := range e.kids {
			if c.elems[k].state == 2 {
				continue
			}
			kc, err := c.build(k, depth+1)
			if err != nil {
				return cdx.Component{}, err
			}
			kids = append(kids, kc)
		}
		if len(kids) > 0 {
			comp.Components = &kids
		}
	}
	return comp, nil
}

// creators maps creationInfo.creators to metadata authors and tools.
func (c *spdxConverter) creators(md *cdx.Metadata) {
	var authors []cdx.OrganizationalContact
	var orgTypes []bool
	var tools []cdx.Component
	for _, cr := range c.doc.CreationInfo.Creators {
		typ, name, email := splitSPDXParty(cr)
		switch strings.ToLower(typ) {
		case "tool":
			tn, tv := splitToolVersion(name)
			if tn != "" {
				tools = append(tools, cdx.Component{Type: cdx.ComponentTypeApplication, Name: tn, Version: tv})
			}
		default:
			if name != "" || email != "" {
				authors = append(authors, cdx.OrganizationalContact{Name: name, Email: email})
				orgTypes = append(orgTypes, strings.EqualFold(typ, "organization"))
			}
		}
	}
	if len(authors) > 0 {
		md.Authors = &authors
		for i := range authors {
			if orgTypes[i] {
				c.org(&authors[i])
			}
		}
	}
	if len(tools) > 0 {
		md.Tools = &cdx.ToolsChoice{Components: &tools}
	}
}

// org marks a contact as an organisation's.
func (c *spdxConverter) org(ct *cdx.OrganizationalContact) {
	if c.orgs == nil {
		c.orgs = map[*cdx.OrganizationalContact]bool{}
	}
	c.orgs[ct] = true
}

// annotate records an annotation on the element subject ("" or the
// document: the firmware itself) whose annotator names someone.
func (c *spdxConverter) annotate(subject string, a spdxAnnotation) {
	typ, name, email := splitSPDXParty(a.Annotator)
	if name == "" && email == "" {
		return
	}
	an := &cdx.Annotator{}
	switch strings.ToLower(typ) {
	case "person":
		an.Individual = &cdx.OrganizationalContact{Name: name, Email: email}
	case "tool":
		tn, tv := splitToolVersion(name)
		an.Component = &cdx.Component{Type: cdx.ComponentTypeApplication, Name: tn, Version: tv}
	default:
		an.Organization = partyEntity(typ, name, email)
	}
	ann := cdx.Annotation{Annotator: an, Text: strings.TrimSpace(a.Comment)}
	if subject != "" && subject != strings.TrimSpace(c.doc.SPDXID) {
		ann.Subjects = &[]cdx.BOMReference{cdx.BOMReference(subject)}
	}
	c.annotations = append(c.annotations, ann)
}

// addCopyrights adds texts (copyright and attribution texts) to a
// component's copyright evidence.
func addCopyrights(comp *cdx.Component, texts []string) {
	var cs []cdx.Copyright
	for _, t := range texts {
		if !absent(t) {
			cs = append(cs, cdx.Copyright{Text: strings.TrimSpace(t)})
		}
	}
	if len(cs) == 0 {
		return
	}
	if comp.Evidence == nil {
		comp.Evidence = &cdx.Evidence{}
	}
	if comp.Evidence.Copyright != nil {
		cs = append(append([]cdx.Copyright(nil), *comp.Evidence.Copyright...), cs...)
	}
	comp.Evidence.Copyright = &cs
}

// spdxLocatorPURL converts an SPDX PACKAGE-MANAGER reference of a type other
// than purl into a package URL (SPDX 2.3 annex F: maven-central
// "group:artifact:version", npm "name@version", nuget "name/version", bower
// "name#version"; any other type as pkg:TYPE/LOCATOR, the locator's last
// "@", "#", "==" or ":" taken as the version separator). ok is false when
// the locator is empty.
func spdxLocatorPURL(typ, loc string) (string, bool) {
	t := strings.ToLower(strings.TrimSpace(typ))
	loc = strings.TrimSpace(loc)
	if loc == "" {
		return "", false
	}
	switch t {
	case "maven-central", "maven":
		parts := strings.Split(loc, ":")
		switch len(parts) {
		case 1:
			return "pkg:maven/" + parts[0], true
		case 2:
			return "pkg:maven/" + parts[0] + "/" + parts[1], true
		default:
			return "pkg:maven/" + parts[0] + "/" + parts[1] + "@" + parts[2], true
		}
	case "npm":
		name, ver := loc, ""
		if i := strings.LastIndexByte(loc, '@'); i > 0 {
			name, ver = loc[:i], loc[i+1:]
		}
		name = strings.Replace(name, "@", "%40", 1)
		if ver != "" {
			return "pkg:npm/" + name + "@" + ver, true
		}
		return "pkg:npm/" + name, true
	case "nuget":
		if name, ver, ok := strings.Cut(loc, "/"); ok {
			return "pkg:nuget/" + name + "@" + ver, true
		}
		return "pkg:nuget/" + loc, true
	case "bower":
		if name, ver, ok := strings.Cut(loc, "#"); ok {
			return "pkg:bower/" + name + "@" + ver, true
		}
		return "pkg:bower/" + loc, true
	case "":
		return "", false
	}
	if t == "go" {
		t = "golang"
	}
	name, ver := loc, ""
	for _, sep := range []string{"==", "@", "#"} {
		if i := strings.LastIndex(loc, sep); i > 0 {
			name, ver = loc[:i], loc[i+len(sep):]
			break
		}
	}
	if ver != "" {
		return "pkg:" + t + "/" + name + "@" + ver, true
	}
	return "pkg:" + t + "/" + name, true
}

// splitSPDXParty splits "Organization: Name (email)" into its type, name and
// e-mail. NOASSERTION/NONE give empty results. A parenthesised tail is an
// e-mail only when it contains '@' (or is empty): "Acme (Europe)" is a name.
func splitSPDXParty(s string) (typ, name, email string) {
	s = strings.TrimSpace(s)
	if absent(s) {
		return "", "", ""
	}
	if k := strings.IndexByte(s, ':'); k > 0 {
		switch t := strings.TrimSpace(s[:k]); strings.ToLower(t) {
		case "person", "organization", "tool":
			typ, s = t, strings.TrimSpace(s[k+1:])
		}
	}
	if strings.HasSuffix(s, ")") {
		if k := strings.LastIndexByte(s, '('); k >= 0 {
			inner := strings.TrimSpace(s[k+1 : len(s)-1])
			if inner == "" || strings.Contains(inner, "@") {
				email = inner
				s = strings.TrimSpace(s[:k])
			}
		}
	}
	if absent(s) {
		s = ""
	}
	return typ, s, email
}

// splitToolVersion splits "syft-1.2.0" into "syft" and "1.2.0" (the version
// is the part after the last '-' when it starts with a digit).
func splitToolVersion(s string) (string, string) {
	if k := strings.LastIndexByte(s, '-'); k > 0 && k+1 < len(s) && s[k+1] >= '0' && s[k+1] <= '9' {
		return s[:k], s[k+1:]
	}
	return s, ""
}

// cdxRefTypes are the CycloneDX external reference types an SPDX OTHER
// reference may name.
var cdxRefTypes = map[cdx.ExternalReferenceType]bool{
	cdx.ERTypeVCS: true, cdx.ERTypeWebsite: true, cdx.ERTypeDocumentation: true, cdx.ERTypeReleaseNotes: true,
	cdx.ERTypeSecurityContact: true, cdx.ERTypeIssueTracker: true, cdx.ERTypeMailingList: true,
	cdx.ERTypeDistribution: true, cdx.ERTypeSourceDistribution: true, cdx.ERTypeSupport: true,
	cdx.ERTypeAdvisories: true, cdx.ERTypeLicense: true, cdx.ERTypeBuildSystem: true, cdx.ERTypeSocial: true,
	cdx.ERTypeChat: true, cdx.ERTypeRFC9116: true, cdx.ERTypeOther: true,
}

func spdxPurpose(p string) cdx.ComponentType {
	switch strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(p), "_", "-")) {
	case "APPLICATION", "INSTALL":
		return cdx.ComponentTypeApplication
	case "FRAMEWORK":
		return cdx.ComponentTypeFramework
	case "CONTAINER":
		return cdx.ComponentTypeContainer
	case "OPERATING-SYSTEM":
		return cdx.ComponentTypeOS
	case "DEVICE":
		return cdx.ComponentTypeDevice
	case "FIRMWARE":
		return cdx.ComponentTypeFirmware
	case "FILE", "ARCHIVE", "SOURCE":
		return cdx.ComponentTypeFile
	}
	return cdx.ComponentTypeLibrary
}

var spdxHashAlgs = map[string]cdx.HashAlgorithm{
	"SHA1":        cdx.HashAlgoSHA1,
	"SHA256":      cdx.HashAlgoSHA256,
	"SHA384":      cdx.HashAlgoSHA384,
	"SHA512":      cdx.HashAlgoSHA512,
	"SHA3-256":    cdx.HashAlgoSHA3_256,
	"SHA3-384":    cdx.HashAlgoSHA3_384,
	"SHA3-512":    cdx.HashAlgoSHA3_512,
	"BLAKE2B-256": cdx.HashAlgoBlake2b_256,
	"BLAKE2B-384": cdx.HashAlgoBlake2b_384,
	"BLAKE2B-512": cdx.HashAlgoBlake2b_512,
	"BLAKE3":      cdx.HashAlgoBlake3,
	"MD5":         cdx.HashAlgoMD5,
}

func spdxHashes(cs []spdxChecksum) *[]cdx.Hash {
	var hs []cdx.Hash
	for _, ck := range cs {
		alg, ok := spdxHashAlgs[strings.ToUpper(strings.TrimSpace(ck.Algorithm))]
		v := strings.ToLower(strings.TrimSpace(ck.Value))
		if !ok || v == "" {
			continue
		}
		hs = append(hs, cdx.Hash{Algorithm: alg, Value: v})
	}
	if len(hs) == 0 {
		return nil
	}
	return &hs
}

// partyEntity builds an OrganizationalEntity from a name and an e-mail.
func partyEntity(typ, name, email string) *cdx.OrganizationalEntity {
	if name == "" && email == "" {
		return nil
	}
	oe := &cdx.OrganizationalEntity{Name: name}
	if email != "" || strings.EqualFold(typ, "person") {
		ct := cdx.OrganizationalContact{Email: email}
		if strings.EqualFold(typ, "person") {
			ct.Name = name
		}
		oe.Contact = &[]cdx.OrganizationalContact{ct}
	}
	return oe
}

func licenseChoices(concluded, declared string) *cdx.Licenses {
	var ls cdx.Licenses
	add := func(expr string, ack cdx.LicenseAcknowledgement) {
		if absent(expr) {
			return
		}
		a := ack
		ls = append(ls, cdx.LicenseChoice{Expression: strings.TrimSpace(expr), Acknowledgement: &a})
	}
	add(concluded, cdx.LicenseAcknowledgementConcluded)
	add(declared, cdx.LicenseAcknowledgementDeclared)
	if len(ls) == 0 {
		return nil
	}
	return &ls
}

// annotationProperties reads component properties from annotation
// comments: each line "fwprov:property NAME=VALUE", or "NAME=VALUE" where
// NAME is a namespaced property name ("ran:function=core": letters, digits,
// '.', '_', '-', with at least one ':' and no spaces).
func annotationProperties(props []cdx.Property, anns ...[]spdxAnnotation) []cdx.Property {
	for _, as := range anns {
		for _, a := range as {
			for _, line := range strings.Split(a.Comment, "\n") {
				line = strings.TrimSpace(line)
				rest, explicit := strings.CutPrefix(line, PropertyAnnotationPrefix)
				k, v, ok := strings.Cut(rest, "=")
				k = strings.TrimSpace(k)
				if !ok || k == "" || (!explicit && !propertyName(k)) {
					continue
				}
				props = append(props, cdx.Property{Name: k, Value: strings.TrimSpace(v)})
			}
		}
	}
	return props
}

// propertyName reports whether s looks like a namespaced property name.
func propertyName(s string) bool {
	colon := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ':':
			if i == 0 || i == len(s)-1 {
				return false
			}
			colon = true
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-':
		default:
			return false
		}
	}
	return colon
}

func (c *spdxConverter) packageComponent(p *spdxPackage, docAnn []spdxAnnotation) cdx.Component {
	comp := cdx.Component{
		BOMRef:  strings.TrimSpace(p.SPDXID),
		Type:    spdxPurpose(p.Purpose),
		Name:    strings.TrimSpace(p.Name),
		Version: strings.TrimSpace(p.Version),
	}
	if absent(comp.Version) {
		comp.Version = ""
	}
	if typ, name, email := splitSPDXParty(p.Supplier); name != "" || email != "" {
		comp.Supplier = partyEntity(typ, name, email)
	}
	if typ, name, email := splitSPDXParty(p.Originator); name != "" || email != "" {
		if strings.EqualFold(typ, "organization") {
			comp.Manufacturer = partyEntity(typ, name, email)
		} else {
			comp.Authors = &[]cdx.OrganizationalContact{{Name: name, Email: email}}
		}
	}
	comp.Hashes = spdxHashes(p.Checksums)
	comp.Licenses = licenseChoices(p.LicenseConcluded, p.LicenseDeclared)
	if !absent(p.CopyrightText) {
		comp.Copyright = strings.TrimSpace(p.CopyrightText)
	}
	switch {
	case !absent(p.Summary):
		comp.Description = strings.TrimSpace(p.Summary)
	case !absent(p.Description):
		comp.Description = strings.TrimSpace(p.Description)
	}
	var refs []cdx.ExternalReference
	if loc := strings.TrimSpace(p.DownloadLocation); !absent(loc) {
		t := cdx.ERTypeDistribution
		for _, vcs := range []string{"git+", "svn+", "hg+", "bzr+"} {
			if strings.HasPrefix(loc, vcs) {
				t = cdx.ERTypeVCS
			}
		}
		refs = append(refs, cdx.ExternalReference{URL: loc, Type: t})
	}
	if h := strings.TrimSpace(p.Homepage); !absent(h) {
		refs = append(refs, cdx.ExternalReference{URL: h, Type: cdx.ERTypeWebsite})
	}
	var ids []cdx.EvidenceIdentity
	var converted []string
	for _, r := range p.ExternalRefs {
		cat := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(r.Category), "_", "-"))
		typ := strings.TrimSpace(r.Type)
		ltyp := strings.ToLower(typ)
		loc := strings.TrimSpace(r.Locator)
		if absent(loc) {
			continue
		}
		switch {
		case cat == "PACKAGE-MANAGER" && ltyp == "purl":
			if comp.PackageURL == "" {
				comp.PackageURL = loc
			} else if loc != comp.PackageURL {
				ids = append(ids, cdx.EvidenceIdentity{Field: cdx.EvidenceIdentityFieldTypePURL, ConcludedValue: loc})
			}
		case cat == "PACKAGE-MANAGER":
			// maven-central, npm, nuget, bower, and any other package
			// manager: the locator as the package URL it is.
			if pu, ok := spdxLocatorPURL(typ, loc); ok {
				converted = append(converted, pu)
			}
		case cat == "SECURITY" && (ltyp == "cpe23type" || ltyp == "cpe22type"):
			if comp.CPE == "" {
				comp.CPE = loc
			} else if loc != comp.CPE {
				ids = append(ids, cdx.EvidenceIdentity{Field: cdx.EvidenceIdentityFieldTypeCPE, ConcludedValue: loc})
			}
		case cat == "SECURITY" && ltyp == "swid":
			if comp.SWID == nil {
				comp.SWID = &cdx.SWID{TagID: loc}
			} else {
				ids = append(ids, cdx.EvidenceIdentity{Field: cdx.EvidenceIdentityFieldTypeSWID, ConcludedValue: loc})
			}
		case cat == "SECURITY" && ltyp == "advisory":
			refs = append(refs, cdx.ExternalReference{URL: loc, Type: cdx.ERTypeAdvisories})
		case cat == "SECURITY":
			refs = append(refs, cdx.ExternalReference{URL: loc, Type: cdx.ERTypeOther, Comment: "SPDX " + typ})
		case cat == "PERSISTENT-ID" && ltyp == "swh":
			if comp.SWHID == nil {
				comp.SWHID = &[]string{}
			}
			*comp.SWHID = append(*comp.SWHID, loc)
		case cat == "PERSISTENT-ID" && ltyp == "gitoid":
			if comp.OmniborID == nil {
				comp.OmniborID = &[]string{}
			}
			*comp.OmniborID = append(*comp.OmniborID, loc)
		default:
			// OTHER (and any other category): every locator is kept as a
			// reference and read as a URL field — a host, a code-hosting
			// organisation, a purl or a CPE in it is evidence. A reference
			// type that is a CycloneDX external reference type ("vcs",
			// "website", "release-notes", …) is kept.
			t := cdx.ExternalReferenceType(ltyp)
			if !cdxRefTypes[t] {
				t = cdx.ERTypeOther
			}
			refs = append(refs, cdx.ExternalReference{URL: loc, Type: t})
		}
	}
	for _, pu := range converted {
		if comp.PackageURL == "" {
			comp.PackageURL = pu
		} else if pu != comp.PackageURL {
			ids = append(ids, cdx.EvidenceIdentity{Field: cdx.EvidenceIdentityFieldTypePURL, ConcludedValue: pu})
		}
	}
	if len(refs) > 0 {
		comp.ExternalReferences = &refs
	}
	if len(ids) > 0 {
		comp.Evidence = &cdx.Evidence{Identity: &cdx.EvidenceIdentityChoice{Identities: &ids}}
	}
	addCopyrights(&comp, p.AttributionTexts)
	var props []cdx.Property
	if fn := strings.TrimSpace(p.FileName); !absent(fn) {
		props = append(props, cdx.Property{Name: "bsi:component:filename", Value: fn})
	}
	props = annotationProperties(props, p.Annotations, docAnn)
	if len(props) > 0 {
		comp.Properties = &props
	}
	return comp
}

// fileComponent converts a file; snippetTexts are the copyright and
// attribution texts of the snippets from it.
func (c *spdxConverter) fileComponent(f *spdxFile, docAnn []spdxAnnotation, snippetTexts []string) cdx.Component {
	comp := cdx.Component{
		BOMRef: strings.TrimSpace(f.SPDXID),
		Type:   cdx.ComponentTypeFile,
		Name:   strings.TrimSpace(f.Name),
	}
	comp.Hashes = spdxHashes(f.Checksums)
	comp.Licenses = licenseChoices(f.LicenseConcluded, "")
	if !absent(f.CopyrightText) {
		comp.Copyright = strings.TrimSpace(f.CopyrightText)
	}
	var contributors []cdx.OrganizationalContact
	var orgTypes []bool
	for _, fc := range f.Contributors {
		typ, name, email := splitSPDXParty(fc)
		if name != "" || email != "" {
			contributors = append(contributors, cdx.OrganizationalContact{Name: name, Email: email})
			orgTypes = append(orgTypes, strings.EqualFold(typ, "organization"))
		}
	}
	if len(contributors) > 0 {
		comp.Authors = &contributors
		for i := range contributors {
			if orgTypes[i] {
				c.org(&contributors[i])
			}
		}
	}
	addCopyrights(&comp, append(append([]string(nil), f.AttributionTexts...), snippetTexts...))
	if props := annotationProperties(nil, f.Annotations, docAnn); len(props) > 0 {
		comp.Properties = &props
	}
	return comp
}
