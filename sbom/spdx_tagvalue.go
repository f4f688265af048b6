package sbom

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// SPDX tag-value reading: "Tag: value" lines, with multi-line values
// between <text> and </text>. The reader is linear in the input and
// fills the same spdxDoc the JSON and YAML forms decode into. Tags fwprov
// does not map are skipped; a single-valued tag repeated within one
// package, file or the document header is refused (as duplicate JSON keys
// are), because readers disagree on which one wins.

// tvSection is the kind of element the current tags belong to.
type tvSection uint8

const (
	tvDocument tvSection = iota
	tvPackage
	tvFile
	tvSnippet
	tvOther // extracted licence, review: nothing fwprov maps
)

// tvOnce lists the single-valued tags fwprov maps; a repeat within one
// section is an error.
var tvOnce = map[string]uint{
	"SPDXVersion": 0, "DocumentName": 1, "DocumentNamespace": 2, "Created": 3, "SPDXID": 4,
	"PackageVersion": 5, "PackageFileName": 6, "PackageSupplier": 7, "PackageOriginator": 8,
	"PackageDownloadLocation": 9, "PackageHomePage": 10, "PackageLicenseConcluded": 11,
	"PackageLicenseDeclared": 12, "PackageCopyrightText": 13, "PackageSummary": 14,
	"PackageDescription": 15, "PrimaryPackagePurpose": 16, "LicenseConcluded": 17,
	"FileCopyrightText": 18, "SnippetFromFileSPDXID": 19, "SnippetCopyrightText": 20,
}

// readSPDXTagValue reads an SPDX tag-value document.
func readSPDXTagValue(name string, data []byte, lim Limits) (*spdxDoc, error) {
	doc := &spdxDoc{}
	section := tvDocument
	var seen uint64
	var pkg *spdxPackage
	var file *spdxFile
	var snip *spdxSnippet
	var ann *spdxAnnotation
	lastPkg := -1
	line := 1
	fail := func(off int, kind error, format string, args ...any) error {
		return newError(name, data, int64(off), errorf(kind, format, args...))
	}
	flushAnn := func() {
		if ann != nil {
			doc.Annotations = append(doc.Annotations, *ann)
			ann = nil
		}
	}
	i := 0
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		i = 3
	}
	for i < len(data) {
		start := i
		end := bytes.IndexByte(data[i:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += i
		}
		raw := data[i:end]
		i = end + 1
		thisLine := line
		line++
		if !utf8.Valid(raw) {
			return nil, fail(start+invalidUTF8Offset(raw), ErrInvalidUTF8, "invalid UTF-8 in SPDX tag-value line %d", thisLine)
		}
		text := bytes.TrimSpace(raw)
		if len(text) == 0 || text[0] == '#' {
			continue
		}
		colon := bytes.IndexByte(text, ':')
		if colon <= 0 {
			return nil, fail(start, ErrSyntax, "SPDX tag-value line %d is not \"Tag: value\"", thisLine)
		}
		tag := string(bytes.TrimSpace(text[:colon]))
		rest := bytes.TrimSpace(text[colon+1:])
		var value string
		if t, ok := bytes.CutPrefix(rest, []byte("<text>")); ok {
			// The value runs to </text>, possibly over many lines.
			if k := bytes.Index(t, []byte("</text>")); k >= 0 {
				value = string(t[:k])
			} else {
				valStart := start + bytes.Index(raw, []byte("<text>")) + len("<text>")
				k := bytes.Index(data[valStart:], []byte("</text>"))
				if k < 0 {
					return nil, fail(len(data), ErrTruncated, "SPDX tag-value: <text> opened on line %d is never closed", thisLine)
				}
				value = string(data[valStart : valStart+k])
				if !utf8.ValidString(value) {
					return nil, fail(valStart, ErrInvalidUTF8, "invalid UTF-8 in the <text> value opened on line %d", thisLine)
				}
				line += strings.Count(value, "\n")
				// Continue after the line holding </text>.
				closeEnd := valStart + k
				if nl := bytes.IndexByte(data[closeEnd:], '\n'); nl >= 0 {
					i = closeEnd + nl + 1
				} else {
					i = len(data)
				}
			}
		} else {
			value = string(rest)
		}
		if len(value) > lim.MaxStringBytes {
			return nil, fail(start, ErrTooLarge, "SPDX tag-value %s on line %d is longer than the limit of %s", clip(tag, 40), thisLine, humanBytes(int64(lim.MaxStringBytes)))
		}

		// Section starts.
		switch tag {
		case "PackageName":
			flushAnn()
			if len(doc.Packages)+len(doc.Files) >= lim.MaxComponents {
				return nil, fail(start, ErrTooMany, "more than %d SPDX packages and files", lim.MaxComponents)
			}
			doc.Packages = append(doc.Packages, spdxPackage{Name: value})
			lastPkg = len(doc.Packages) - 1
			pkg, file, section, seen = &doc.Packages[lastPkg], nil, tvPackage, 0
			continue
		case "FileName":
			flushAnn()
			if len(doc.Packages)+len(doc.Files) >= lim.MaxComponents {
				return nil, fail(start, ErrTooMany, "more than %d SPDX packages and files", lim.MaxComponents)
			}
			doc.Files = append(doc.Files, spdxFile{Name: value})
			// A file following a package belongs to it (hasFiles); the
			// link is made when the file's SPDXID is read.
			file, section, seen = &doc.Files[len(doc.Files)-1], tvFile, 0
			continue
		case "SnippetSPDXID":
			flushAnn()
			doc.Snippets = append(doc.Snippets, spdxSnippet{SPDXID: value})
			snip, section, seen = &doc.Snippets[len(doc.Snippets)-1], tvSnippet, 0
			continue
		case "LicenseID", "Reviewer":
			flushAnn()
			section, seen = tvOther, 0
			continue
		case "ExternalDocumentRef":
			// "DocumentRef-x https://… SHA1: …"
			f := strings.Fields(value)
			if len(f) >= 2 {
				doc.ExternalDocRefs = append(doc.ExternalDocRefs, spdxExternalDoc{ID: f[0], Document: f[1]})
			}
			continue
		case "Relationship":
			f := strings.Fields(value)
			if len(f) != 3 {
				return nil, fail(start, ErrSyntax, "SPDX tag-value line %d: a Relationship needs three fields (A TYPE B)", thisLine)
			}
			if len(doc.Relationships) >= lim.MaxDependencyEdges {
				return nil, fail(start, ErrTooMany, "more than %d SPDX relationships", lim.MaxDependencyEdges)
			}
			doc.Relationships = append(doc.Relationships, spdxRelationship{A: f[0], Type: f[1], B: f[2], tvLine: thisLine})
			continue
		case "Annotator":
			flushAnn()
			ann = &spdxAnnotation{Annotator: value}
			continue
		case "AnnotationType":
			if ann != nil {
				ann.Type = value
			}
			continue
		case "SPDXREF":
			if ann != nil {
				ann.Element = value
			}
			continue
		case "AnnotationComment":
			if ann != nil {
				ann.Comment = value
			}
			continue
		case "AnnotationDate", "RelationshipComment":
			continue
		}
		if bit, ok := tvOnce[tag]; ok && section != tvOther {
			if seen&(1<<bit) != 0 {
				return nil, fail(start, ErrDuplicateKey, "SPDX tag %s repeated on line %d in the same %s", clip(tag, 40), thisLine, section)
			}
			seen |= 1 << bit
		}
		switch section {
		case tvDocument:
			switch tag {
			case "SPDXVersion":
				doc.SPDXVersion = value
			case "SPDXID":
				doc.SPDXID = value
			case "DocumentName":
				doc.Name = value
			case "DocumentNamespace":
				doc.DocumentNamespace = value
			case "Creator":
				doc.CreationInfo.Creators = append(doc.CreationInfo.Creators, value)
			case "Created":
				doc.CreationInfo.Created = value
			}
		case tvPackage:
			switch tag {
			case "SPDXID":
				pkg.SPDXID = value
			case "PackageVersion":
				pkg.Version = value
			case "PackageFileName":
				pkg.FileName = value
			case "PackageSupplier":
				pkg.Supplier = value
			case "PackageOriginator":
				pkg.Originator = value
			case "PackageDownloadLocation":
				pkg.DownloadLocation = value
			case "PackageChecksum":
				pkg.Checksums = append(pkg.Checksums, tvChecksum(value))
			case "PackageHomePage":
				pkg.Homepage = value
			case "PackageLicenseConcluded":
				pkg.LicenseConcluded = value
			case "PackageLicenseDeclared":
				pkg.LicenseDeclared = value
			case "PackageCopyrightText":
				pkg.CopyrightText = value
			case "PackageSummary":
				pkg.Summary = value
			case "PackageDescription":
				pkg.Description = value
			case "PrimaryPackagePurpose":
				pkg.Purpose = value
			case "PackageAttributionText":
				pkg.AttributionTexts = append(pkg.AttributionTexts, value)
			case "ExternalRef":
				f := strings.Fields(value)
				if len(f) != 3 {
					return nil, fail(start, ErrSyntax, "SPDX tag-value line %d: an ExternalRef needs three fields (CATEGORY TYPE LOCATOR)", thisLine)
				}
				pkg.ExternalRefs = append(pkg.ExternalRefs, spdxExternalRef{Category: f[0], Type: f[1], Locator: f[2]})
			}
		case tvFile:
			switch tag {
			case "SPDXID":
				file.SPDXID = value
				if lastPkg >= 0 {
					doc.Packages[lastPkg].HasFiles = append(doc.Packages[lastPkg].HasFiles, value)
				}
			case "FileChecksum":
				file.Checksums = append(file.Checksums, tvChecksum(value))
			case "LicenseConcluded":
				file.LicenseConcluded = value
			case "FileCopyrightText":
				file.CopyrightText = value
			case "FileContributor":
				file.Contributors = append(file.Contributors, value)
			case "FileAttributionText":
				file.AttributionTexts = append(file.AttributionTexts, value)
			}
		case tvSnippet:
			switch tag {
			case "SnippetFromFileSPDXID":
				snip.FromFile = value
			case "SnippetCopyrightText":
				snip.CopyrightText = value
			case "SnippetAttributionText":
				snip.AttributionTexts = append(snip.AttributionTexts, value)
			}
		}
	}
	flushAnn()
	return doc, nil
}

// tvChecksum splits "SHA256: abc…".
func tvChecksum(v string) spdxChecksum {
	alg, val, _ := strings.Cut(v, ":")
	return spdxChecksum{Algorithm: strings.TrimSpace(alg), Value: strings.TrimSpace(val)}
}

func (s tvSection) String() string {
	switch s {
	case tvPackage:
		return "package"
	case tvFile:
		return "file"
	case tvSnippet:
		return "snippet"
	case tvOther:
		return "section"
	}
	return "document header"
}
