package sbom

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"
)

// xmlNamespaces maps the CycloneDX XML namespaces to spec versions.
var xmlNamespaces = map[string]cdx.SpecVersion{
	"http://cyclonedx.org/schema/bom/1.0": cdx.SpecVersion1_0,
	"http://cyclonedx.org/schema/bom/1.1": cdx.SpecVersion1_1,
	"http://cyclonedx.org/schema/bom/1.2": cdx.SpecVersion1_2,
	"http://cyclonedx.org/schema/bom/1.3": cdx.SpecVersion1_3,
	"http://cyclonedx.org/schema/bom/1.4": cdx.SpecVersion1_4,
	"http://cyclonedx.org/schema/bom/1.5": cdx.SpecVersion1_5,
	"http://cyclonedx.org/schema/bom/1.6": cdx.SpecVersion1_6,
	"http://cyclonedx.org/schema/bom/1.7": cdx.SpecVersion1_7,
}

// maxXMLNesting bounds XML element nesting (as jsontext bounds JSON).
const maxXMLNesting = 10000

// decodeXML decodes a CycloneDX XML document with cyclonedx-go's model and
// encoding/xml, after refusing DOCTYPE/ENTITY declarations (external
// entities, entity expansion) and checking the root element.
func decodeXML(ctx context.Context, name string, data []byte, lim Limits) (*cdx.BOM, error) {
	if off, err := scanXMLMarkup(data, lim.MaxStringBytes); err != nil {
		return nil, newError(name, data, off, err)
	}
	spec, err := checkXMLRoot(name, data)
	if err != nil {
		return nil, err
	}
	bom := new(cdx.BOM)
	// The model decoder reads its tokens through the checker, which
	// refuses repeated single-valued elements and repeated attributes
	// (encoding/xml would keep the last); errors are located with the
	// reading decoder's offset.
	in := xml.NewDecoder(bytes.NewReader(data))
	chk := &xmlChecker{dec: in}
	dec := xml.NewTokenDecoder(chk)
	fail := func(err error) error {
		if chk.err != nil {
			return newError(name, data, chk.off, chk.err)
		}
		return xmlError(name, data, in, err)
	}
	if err := dec.Decode(bom); err != nil {
		return nil, fail(err)
	}
	// Nothing but whitespace, comments and processing instructions may
	// follow the root element.
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fail(err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) == 0 {
				continue
			}
		case xml.Comment, xml.ProcInst:
			continue
		}
		return nil, newError(name, data, in.InputOffset(), errorf(ErrSyntax, "invalid XML: content after the root element"))
	}
	if err := ctx.Err(); err != nil {
		return nil, &ParseError{File: name, Err: err}
	}
	// The root element's namespace (also when it is bound to a prefix, as
	// in <cdx:bom xmlns:cdx="…">) gives the version.
	bom.SpecVersion = spec
	if bom.XMLNS == "" {
		bom.XMLNS = xmlNamespaceOf(spec)
	}
	bom.BOMFormat = "CycloneDX"
	if err := checkSpecVersion(bom, false); err != nil {
		return nil, &ParseError{File: name, Err: err}
	}
	return bom, nil
}

// scanXMLMarkup refuses any markup declaration ("<!DOCTYPE", "<!ENTITY",
// ...): the only "<!" constructs allowed are comments and CDATA sections. It
// also bounds text, CDATA, comments and processing instructions by
// maxString. It returns the offending byte offset.
func scanXMLMarkup(data []byte, maxString int) (int64, error) {
	depth := 0
	pos := 0
	last := 0 // end of the last markup: text runs from here to the next '<'
	for {
		j := bytes.IndexByte(data[pos:], '<')
		if j < 0 {
			if len(data)-last > maxString {
				return int64(last), errorf(ErrTooLarge, "an XML text value is longer than the %s string limit", humanBytes(int64(maxString)))
			}
			return -1, nil
		}
		lt := pos + j
		if lt-last > maxString {
			return int64(last), errorf(ErrTooLarge, "an XML text value is longer than the %s string limit", humanBytes(int64(maxString)))
		}
		rest := data[lt:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest[4:], []byte("-->"))
			if end < 0 {
				return int64(lt), errorf(ErrTruncated, "unterminated XML comment: the document is truncated")
			}
			if end > maxString {
				return int64(lt), errorf(ErrTooLarge, "an XML comment is longer than the %s string limit", humanBytes(int64(maxString)))
			}
			pos = lt + 4 + end + 3
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			end := bytes.Index(rest[9:], []byte("]]>"))
			if end < 0 {
				return int64(lt), errorf(ErrTruncated, "unterminated CDATA section: the document is truncated")
			}
			if end > maxString {
				return int64(lt), errorf(ErrTooLarge, "an XML CDATA value is longer than the %s string limit", humanBytes(int64(maxString)))
			}
			pos = lt + 9 + end + 3
		case bytes.HasPrefix(rest, []byte("<!")):
			return int64(lt), errorf(ErrDoctype, "XML DOCTYPE/ENTITY declarations are not allowed (external entities and entity expansion are refused)")
		case bytes.HasPrefix(rest, []byte("<?")):
			end := bytes.Index(rest[2:], []byte("?>"))
			if end < 0 {
				return int64(lt), errorf(ErrTruncated, "unterminated XML processing instruction: the document is truncated")
			}
			if end > maxString {
				return int64(lt), errorf(ErrTooLarge, "an XML processing instruction is longer than the %s string limit", humanBytes(int64(maxString)))
			}
			if bytes.Contains(rest[2:2+end], []byte("<!")) {
				return int64(lt), errorf(ErrDoctype, "XML DOCTYPE/ENTITY declarations are not allowed (external entities and entity expansion are refused)")
			}
			pos = lt + 2 + end + 2
		default:
			end := tagEnd(rest)
			if end < 0 {
				return int64(lt), errorf(ErrTruncated, "unterminated XML tag: the document is truncated")
			}
			if end > maxString {
				return int64(lt), errorf(ErrTooLarge, "an XML tag is longer than the %s string limit", humanBytes(int64(maxString)))
			}
			switch {
			case len(rest) > 1 && rest[1] == '/':
				depth--
			case rest[end-1] != '/':
				depth++
				if depth > maxXMLNesting {
					return int64(lt), errorf(ErrTooDeep, "XML nested deeper than %d levels", maxXMLNesting)
				}
			}
			pos = lt + end + 1
		}
		last = pos
	}
}

// tagEnd returns the index of the '>' closing the tag that starts b,
// skipping quoted attribute values, or -1.
func tagEnd(b []byte) int {
	var quote byte
	for i := 1; i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i
		}
	}
	return -1
}

func xmlNamespaceOf(v cdx.SpecVersion) string {
	for ns, sv := range xmlNamespaces {
		if sv == v {
			return ns
		}
	}
	return ""
}

// checkXMLRoot makes sure the root element is a CycloneDX <bom> and returns
// the spec version its namespace names.
func checkXMLRoot(name string, data []byte) (cdx.SpecVersion, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return 0, xmlError(name, data, dec, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if v, known := xmlNamespaces[se.Name.Space]; se.Name.Local == "bom" && known {
			return v, nil
		}
		if se.Name.Local == "bom" && strings.HasPrefix(se.Name.Space, "http://cyclonedx.org/schema/bom/") {
			return 0, newError(name, data, dec.InputOffset(), errorf(ErrSyntax, "unsupported CycloneDX XML namespace %q (fwprov reads 1.0 to 1.7)", clip(se.Name.Space, 80)))
		}
		if strings.HasPrefix(se.Name.Space, "http://spdx.org/") {
			return 0, &ParseError{File: name, Err: errorf(ErrSPDXUnsupported, "%s is an SPDX document, not CycloneDX (SPDX input is not supported yet)", name)}
		}
		what := "<" + clip(se.Name.Local, 40) + ">"
		if se.Name.Space != "" {
			what += " in namespace " + clip(se.Name.Space, 80)
		}
		return 0, newError(name, data, dec.InputOffset(), errorf(ErrNotSBOM, "XML root element is %s, not a CycloneDX <bom>", what))
	}
}

// xmlError turns an encoding/xml error into one of the package's errors.
func xmlError(name string, data []byte, dec *xml.Decoder, err error) error {
	off := dec.InputOffset()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		switch {
		case strings.Contains(se.Msg, "unexpected EOF"):
			return newError(name, data, int64(len(data)), errorf(ErrTruncated, "unexpected end of XML input: the document is truncated"))
		case strings.Contains(se.Msg, "invalid UTF-8"):
			return newError(name, data, off, errorf(ErrInvalidUTF8, "invalid UTF-8 in XML"))
		case strings.Contains(se.Msg, "exceeded max depth"):
			return newError(name, data, off, errorf(ErrTooDeep, "XML nested too deep"))
		}
		return newError(name, data, off, errorf(ErrSyntax, "invalid XML: %s", clip(se.Msg, 200)))
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return newError(name, data, int64(len(data)), errorf(ErrTruncated, "unexpected end of XML input: the document is truncated"))
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "exceeded max depth"):
		return newError(name, data, off, errorf(ErrTooDeep, "XML nested too deep"))
	case errors.Is(err, cdx.ErrInvalidSpecVersion):
		return newError(name, data, off, errorf(ErrSyntax, "unsupported specVersion"))
	case strings.Contains(msg, "CharsetReader"):
		return newError(name, data, off, errorf(ErrSyntax, "XML must be encoded in UTF-8: %s", clip(strings.TrimPrefix(msg, "xml: "), 120)))
	}
	return newError(name, data, off, errorf(ErrSyntax, "invalid XML: %s", clip(strings.TrimPrefix(msg, "xml: "), 200)))
}
