package sbom

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"io"
	"mime"
	"strconv"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// swid appends the evidence of a SWID tag (ISO/IEC 19770-2): the regid of
// the tagId, the swid url, and from the tag text (plain or base64, in any
// charset its content type or XML declaration names) every <Entity>'s name
// and regid, the <SoftwareIdentity> tagId and every <Link> href. Text that
// cannot be read — undecodable base64, an unknown encoding or charset, XML
// that is not well-formed, a DOCTYPE (entities are never expanded) — is a
// ProblemEvidenceUnreadable on the component, and what was read before the
// failure still counts.
func (ex *extractor) swid(s *cdx.SWID) {
	if d := RegidDomain(s.TagID); d != "" {
		ex.add(FieldSWIDEntity, KindDomain, s.TagID, d)
	}
	if s.URL != "" {
		ex.url(FieldSWIDURL, s.URL)
	}
	t := s.Text
	if t == nil || strings.TrimSpace(t.Content) == "" {
		return
	}
	data := []byte(t.Content)
	switch enc := strings.ToLower(strings.TrimSpace(t.Encoding)); enc {
	case "":
	case "base64":
		b, err := decodeBase64Loose(t.Content)
		if err != nil {
			ex.note(ProblemEvidenceUnreadable, "its SWID tag text is not valid base64")
			return
		}
		data = b
	default:
		ex.note(ProblemEvidenceUnreadable, "its SWID tag text has the unknown encoding "+strconv.Quote(clip(t.Encoding, 40)))
		return
	}
	charset := ""
	if t.ContentType != "" {
		if _, params, err := mime.ParseMediaType(t.ContentType); err == nil {
			charset = params["charset"]
		} else if i := indexFold(t.ContentType, "charset="); i >= 0 {
			charset = strings.Trim(strings.TrimSpace(t.ContentType[i+len("charset="):]), "\"';")
		}
	}
	ex.swidText(data, charset)
}

// decodeBase64Loose decodes standard or URL-safe base64, padded or not,
// with any white space in it.
func decodeBase64Loose(s string) ([]byte, error) {
	clean := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n', '\f', '\v':
			return -1
		}
		return r
	}, s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(clean); err == nil {
			return b, nil
		}
	}
	return nil, errors.New("not base64")
}

// swidText reads the entities of a SWID tag's XML text. charset is the
// content type's charset parameter ("" when none), which takes precedence
// over the XML declaration (RFC 7303); a byte order mark is honoured.
func (ex *extractor) swidText(data []byte, charset string) {
	var r io.Reader = bytes.NewReader(data)
	decoded := false
	switch {
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}), bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		r = transform.NewReader(r, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder())
		decoded = true
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		r = bytes.NewReader(data[3:])
		decoded = true
	case charset != "" && !isUTF8Label(charset):
		enc, err := charsetEncoding(charset)
		if err != nil {
			ex.note(ProblemEvidenceUnreadable, "its SWID tag text is in the charset "+strconv.Quote(clip(charset, 40))+", which fwprov cannot decode")
			return
		}
		r = transform.NewReader(r, enc.NewDecoder())
		decoded = true
	}
	dec := xml.NewDecoder(r)
	dec.Strict = true
	var badCharset string
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if decoded || isUTF8Label(label) {
			return in, nil
		}
		enc, err := charsetEncoding(label)
		if err != nil {
			badCharset = label
			return nil, err
		}
		return transform.NewReader(in, enc.NewDecoder()), nil
	}
	found := 0
	for {
		tok, err := dec.Token() // Token, not RawToken: end tags must match
		if err == io.EOF {
			return
		}
		if err != nil {
			if badCharset != "" {
				ex.note(ProblemEvidenceUnreadable, "its SWID tag text declares the encoding "+strconv.Quote(clip(badCharset, 40))+", which fwprov cannot decode")
			} else {
				ex.note(ProblemEvidenceUnreadable, "its SWID tag text is not well-formed XML")
			}
			return
		}
		switch t := tok.(type) {
		case xml.Directive:
			ex.note(ProblemEvidenceUnreadable, "its SWID tag text carries a DOCTYPE or other declaration, which fwprov does not process")
			return
		case xml.StartElement:
			switch t.Name.Local {
			case "Entity":
				if found++; found > maxValueItems {
					ex.note(ProblemEvidenceTruncated, "its SWID tag names more than "+strconv.Itoa(maxValueItems)+" entities; the rest were not read")
					return
				}
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "name":
						ex.name(FieldSWIDEntity, a.Value)
					case "regid":
						if d := regidHost(a.Value); d != "" {
							ex.add(FieldSWIDEntity, KindDomain, a.Value, d)
						}
					}
				}
			case "SoftwareIdentity":
				for _, a := range t.Attr {
					if a.Name.Local == "tagId" {
						if d := RegidDomain(a.Value); d != "" {
							ex.add(FieldSWIDEntity, KindDomain, a.Value, d)
						}
					}
				}
			case "Link":
				for _, a := range t.Attr {
					if a.Name.Local == "href" {
						ex.url(FieldSWIDURL, a.Value)
					}
				}
			}
		}
	}
}

func isUTF8Label(l string) bool {
	l = strings.ToLower(strings.TrimSpace(l))
	return l == "utf-8" || l == "utf8" || l == "us-ascii" || l == "ascii"
}

// charsetEncoding finds a decoder for a charset label (WHATWG labels:
// ISO-8859-x, windows-125x, GBK, GB18030, Big5, Shift_JIS, EUC-KR, UTF-16,
// ...).
func charsetEncoding(label string) (encoding.Encoding, error) {
	enc, err := htmlindex.Get(strings.TrimSpace(label))
	if err != nil {
		return nil, err
	}
	return enc, nil
}
