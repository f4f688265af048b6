package sbom

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const minimalJSON = `{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "version": 1,
  "metadata": {"component": {"type": "firmware", "bom-ref": "fw", "name": "du-fw", "version": "1.0"}},
  "components": [{"type": "library", "bom-ref": "a", "name": "a"}]
}`

const minimalXML = `<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1">
  <metadata><component type="firmware" bom-ref="fw"><name>du-fw</name></component></metadata>
  <components>
    <component type="library" bom-ref="a"><name>a</name></component>
  </components>
</bom>
`

func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// nestedComponents returns a BOM whose components nest depth levels deep.
func nestedComponents(depth int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":`)
	for i := 0; i < depth; i++ {
		b.WriteString(`[{"type":"library","name":"n","components":`)
	}
	b.WriteString(`[]`)
	for i := 0; i < depth; i++ {
		b.WriteString(`}]`)
	}
	b.WriteString(`}`)
	return b.Bytes()
}

func TestParseBadInput(t *testing.T) {
	deepJSON := []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":` +
		strings.Repeat(`{"x":`, 100000) + strings.Repeat(`}`, 100000) + `}`)
	deepXML := []byte(`<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">` +
		strings.Repeat(`<a>`, 100000) + strings.Repeat(`</a>`, 100000) + `</bom>`)
	bomb := gz(t, append([]byte(minimalJSON[:len(minimalJSON)-1]+`,"x":"`), append(bytes.Repeat([]byte{'a'}, 8<<20), `"}`...)...))

	tests := []struct {
		name string
		data []byte
		lim  Limits
		want error
		msg  string // substring of the one-line message
	}{
		{"empty file", []byte{}, Limits{}, ErrNotSBOM, "empty input"},
		{"whitespace only", []byte(" \n\t "), Limits{}, ErrNotSBOM, "only whitespace"},
		{"json array", []byte(`[{"bomFormat":"CycloneDX"}]`), Limits{}, ErrNotSBOM, "a JSON array"},
		{"non-BOM object", []byte(`{"name":"x","version":"1"}`), Limits{}, ErrNotSBOM, `without "bomFormat"`},
		{"other bomFormat", []byte(`{"bomFormat":"SWID","specVersion":"1.6"}`), Limits{}, ErrNotSBOM, `bomFormat is SWID`},
		{"spdx json", []byte(`{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT"}`), Limits{}, ErrSPDXUnsupported, "is an SPDX-2.3 document, not CycloneDX (SPDX input is not supported yet)"},
		{"spdx tag-value", []byte("# comment\nSPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0\n"), Limits{}, ErrSPDXUnsupported, "not CycloneDX"},
		{"truncated json", []byte(minimalJSON[:len(minimalJSON)/2]), Limits{}, ErrTruncated, "truncated"},
		{"truncated xml", []byte(minimalXML[:len(minimalXML)/2]), Limits{}, ErrTruncated, "truncated"},
		{"truncated xml in tag", []byte(minimalXML[:60]), Limits{}, ErrTruncated, "truncated"},
		{"over size limit", []byte(minimalJSON), Limits{MaxBytes: 100}, ErrTooLarge, "larger than the 100 bytes limit"},
		{"json nested 100000 deep", deepJSON, Limits{}, ErrTooDeep, "JSON nested deeper than 320 levels"},
		{"components nested 100000 deep", nestedComponents(100000), Limits{}, ErrTooDeep, "deeper than"},
		{"components nested past MaxDepth", nestedComponents(70), Limits{}, ErrTooDeep, "limit of 64 levels"},
		{"components nested past a small MaxDepth", nestedComponents(5), Limits{MaxDepth: 4}, ErrTooDeep, "limit of 4 levels"},
		{"xml components nested past MaxDepth", []byte(`<bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1">` +
			strings.Repeat(`<components><component type="library"><name>n</name>`, 70) + strings.Repeat(`</component></components>`, 70) + `</bom>`), Limits{}, ErrTooDeep, "limit of 64 levels"},
		{"xml nested 100000 deep", deepXML, Limits{}, ErrTooDeep, "deeper than 10000"},
		{"invalid utf-8 in json string", []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":"a` + "\xff\xfe" + `"}]}`), Limits{}, ErrInvalidUTF8, "invalid UTF-8"},
		{"binary", []byte{0x80, 0x81, 0x00, 0x01, 0xff, 0xfe}, Limits{}, ErrInvalidUTF8, "invalid UTF-8"},
		{"invalid utf-8 in xml", []byte(`<bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1"><components><component type="library"><name>` + "\xff" + `</name></component></components></bom>`), Limits{}, ErrInvalidUTF8, "invalid UTF-8"},
		{"xml doctype", []byte(`<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]><bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components><component type="library"><name>&x;</name></component></components></bom>`), Limits{}, ErrDoctype, "DOCTYPE"},
		{"xml billion laughs", []byte(`<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><bom xmlns="http://cyclonedx.org/schema/bom/1.4"/>`), Limits{}, ErrDoctype, "DOCTYPE"},
		{"xml not a bom", []byte(`<project xmlns="http://maven.apache.org/POM/4.0.0"/>`), Limits{}, ErrNotSBOM, "not a CycloneDX <bom>"},
		{"xml unknown cyclonedx version", []byte(`<bom xmlns="http://cyclonedx.org/schema/bom/2.0"/>`), Limits{}, ErrSyntax, "unsupported CycloneDX XML namespace"},
		{"duplicate key", []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":"a","supplier":{"name":"Acme"},"supplier":{"name":"Other"}}]}`), Limits{}, ErrDuplicateKey, `duplicate JSON key "supplier" in the object at /components/0`},
		{"duplicate top-level key", []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"version":2}`), Limits{}, ErrDuplicateKey, `"version"`},
		{"gzip bomb", bomb, Limits{MaxBytes: 1 << 20}, ErrTooLarge, "decompresses to more than the 1 MiB limit"},
		{"truncated gzip", gz(t, []byte(minimalJSON))[:40], Limits{}, ErrTruncated, "gzip"},
		{"long string", []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":"` + strings.Repeat("a", 2000) + `"}]}`), Limits{MaxStringBytes: 1000}, ErrTooLarge, "string limit"},
		{"50 MB string", []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":"` + strings.Repeat("a", 50<<20) + `"}]}`), Limits{}, ErrTooLarge, "longer than the 4 MiB string limit"},
		{"long xml text", []byte(`<bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1"><components><component type="library"><name>` + strings.Repeat("a", 2000) + `</name></component></components></bom>`), Limits{MaxStringBytes: 1000}, ErrTooLarge, "string limit"},
		{"escaped quotes do not end a string", []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":"` + strings.Repeat(`a\"`, 600) + `"}]}`), Limits{MaxStringBytes: 1000}, ErrTooLarge, "string limit"},
		{"too many components", []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":"a"},{"type":"library","name":"b"},{"type":"library","name":"c"}]}`), Limits{MaxComponents: 2}, ErrTooMany, "limit of 2 components"},
		{"too many edges", []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":"a","bom-ref":"a"},{"type":"library","name":"b","bom-ref":"b"}],"dependencies":[{"ref":"a","dependsOn":["b"]},{"ref":"b","dependsOn":["a"]}]}`), Limits{MaxDependencyEdges: 1}, ErrTooMany, "limit of 1 dependency edges"},
		{"wrong type", []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":7}]}`), Limits{}, ErrSyntax, "at /components/0/name: a number where a string is expected"},
		{"unknown spec version", []byte(`{"bomFormat":"CycloneDX","specVersion":"9.9","version":1}`), Limits{}, ErrSyntax, "unsupported specVersion"},
		{"missing spec version", []byte(`{"bomFormat":"CycloneDX","version":1}`), Limits{}, ErrSyntax, "missing or unsupported specVersion"},
		{"json 1.1", []byte(`{"bomFormat":"CycloneDX","specVersion":"1.1","version":1}`), Limits{}, ErrSyntax, "has no JSON format"},
		{"trailing garbage", []byte(minimalJSON + `{}`), Limits{}, ErrSyntax, "invalid JSON"},
		{"plain text", []byte("hello world\n"), Limits{}, ErrNotSBOM, "neither JSON nor XML"},
		{"json null", []byte("null"), Limits{}, ErrNotSBOM, "a single JSON value"},
		{"json string", []byte(`"bomFormat"`), Limits{}, ErrNotSBOM, "a single JSON value"},
		{"utf-16", []byte("\xff\xfe{\x00\"\x00"), Limits{}, ErrInvalidUTF8, "UTF-16"},
		{"nested gzip", gz(t, gz(t, []byte(minimalJSON))), Limits{}, ErrNotSBOM, "gzip inside gzip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == ErrSPDXUnsupported && spdxParse != nil {
				t.Skip("SPDX input is supported (sbom/spdx*.go): see TestDetectSPDX")
			}
			doc, err := Parse(context.Background(), "in.cdx", tt.data, Options{Limits: tt.lim})
			if err == nil {
				t.Fatalf("no error; %d components", len(doc.Components))
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("error %q is not %v", err, tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != "in.cdx" {
				t.Errorf("error %T %v is not a *ParseError for in.cdx", err, err)
			}
			msg := err.Error()
			if strings.ContainsAny(msg, "\n\r") {
				t.Errorf("message is not one line: %q", msg)
			}
			if !strings.HasPrefix(msg, "sbom: parse in.cdx") {
				t.Errorf("message %q does not name the file", msg)
			}
			if !strings.Contains(msg, tt.msg) {
				t.Errorf("message %q does not contain %q", msg, tt.msg)
			}
		})
	}
}

func TestDetectSPDX(t *testing.T) {
	tests := []struct {
		data    string
		format  Format
		version string
	}{
		{`{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT"}`, FormatSPDXJSON, "SPDX-2.3"},
		{`{"SPDXID":"SPDXRef-DOCUMENT","name":"x"}`, FormatSPDXJSON, ""},
		{"# comment\n\nSPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0\n", FormatSPDXTagValue, "SPDX-2.2"},
		{"DataLicense: CC0-1.0\nSPDXVersion: SPDX-2.3\n", FormatSPDXTagValue, "SPDX-2.3"},
	}
	for _, tt := range tests {
		det, err := detectFormat([]byte(tt.data))
		if err != nil || det.format != tt.format || det.version != tt.version {
			t.Errorf("detectFormat(%q) = %+v, %v; want %s %s", tt.data, det, err, tt.format, tt.version)
		}
	}
	if _, err := detectFormat([]byte("hello: world\nthis is prose, not tags\n")); !errors.Is(err, ErrNotSBOM) {
		t.Errorf("prose detected as %v", err)
	}
}

func TestParseErrorPosition(t *testing.T) {
	data := []byte("{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\",\n  \"version\": 1,\n  \"version\": 2\n}")
	_, err := Parse(context.Background(), "dup.json", data, Options{})
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v", err)
	}
	if pe.Line != 5 || pe.Column < 3 {
		t.Errorf("position %d:%d, want line 5", pe.Line, pe.Column)
	}
	if !strings.HasPrefix(err.Error(), "sbom: parse dup.json:5:") {
		t.Errorf("message %q", err)
	}
}

func TestParseFormats(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		format Format
		spec   string
	}{
		{"json", []byte(minimalJSON), FormatCycloneDXJSON, "1.6"},
		{"json with BOM and space", append([]byte("\xEF\xBB\xBF \n"), minimalJSON...), FormatCycloneDXJSON, "1.6"},
		{"xml", []byte(minimalXML), FormatCycloneDXXML, "1.4"},
		{"gzip json", gz(t, []byte(minimalJSON)), FormatCycloneDXJSON, "1.6"},
		{"gzip xml", gz(t, []byte(minimalXML)), FormatCycloneDXXML, "1.4"},
		{"xml 1.0", []byte(`<bom xmlns="http://cyclonedx.org/schema/bom/1.0" version="1"><components><component type="library"><name>x</name><version>1</version></component></components></bom>`), FormatCycloneDXXML, "1.0"},
		{"xml with comment and cdata", []byte(`<?xml version="1.0"?><!-- <!DOCTYPE in a comment is fine --><bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1"><components><component type="library"><name><![CDATA[a <!DOCTYPE b]]></name></component></components></bom>`), FormatCycloneDXXML, "1.5"},
		{"xml with a namespace prefix", []byte(`<cdx:bom xmlns:cdx="http://cyclonedx.org/schema/bom/1.3" version="1"><cdx:components><cdx:component type="library"><cdx:name>x</cdx:name><cdx:version>1</cdx:version></cdx:component></cdx:components></cdx:bom>`), FormatCycloneDXXML, "1.3"},
		{"bomFormat not first", []byte(`{"specVersion":"1.5","components":[{"type":"library","name":"x"}],"bomFormat":"CycloneDX","version":1}`), FormatCycloneDXJSON, "1.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(context.Background(), "x", tt.data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != tt.format || doc.SpecVersion != tt.spec {
				t.Errorf("format %s spec %s, want %s %s", doc.Format, doc.SpecVersion, tt.format, tt.spec)
			}
			if len(doc.SHA256) != 64 || doc.Size == 0 {
				t.Errorf("sha256 %q size %d", doc.SHA256, doc.Size)
			}
			if len(doc.Components) == 0 {
				t.Errorf("no components")
			}
		})
	}
}

func TestParseCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Parse(ctx, "x", []byte(minimalJSON), Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestReadInput(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.json")
	if err := os.WriteFile(small, []byte(minimalJSON), 0o600); err != nil {
		t.Fatal(err)
	}
	data, err := ReadInput(small, 1<<20)
	if err != nil || string(data) != minimalJSON {
		t.Fatalf("ReadInput: %v", err)
	}
	if _, err := ReadInput(small, 10); !errors.Is(err, ErrTooLarge) {
		t.Errorf("limit: got %v", err)
	}
	if _, err := ReadInput(filepath.Join(dir, "missing.json"), 0); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing: got %v", err)
	}
	if _, err := ReadInput(dir, 0); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("dir: got %v", err)
	}
	// A reader that never ends is cut at the limit.
	if _, err := readLimited(endless{}, 1000, 0); !errors.Is(err, ErrTooLarge) {
		t.Errorf("endless: got %v", err)
	}
	doc, err := Load(context.Background(), small, Options{})
	if err != nil || doc.Source != small {
		t.Fatalf("Load: %v", err)
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func TestDuplicateRefsAtScale(t *testing.T) {
	const n = 50000
	var b bytes.Buffer
	b.WriteString(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{"component":{"type":"firmware","bom-ref":"fw","name":"fw"}},"components":[`)
	for i := 0; i <= n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"type":"library","bom-ref":"dup","name":"c` + strconv.Itoa(i) + `"}`)
	}
	b.WriteString(`]}`)
	doc, err := Parse(context.Background(), "dups.json", b.Bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	dups := 0
	for _, p := range doc.Problems {
		if p.Kind == ProblemDuplicateRef {
			dups++
			if p.Ref != "dup" {
				t.Fatalf("problem %+v", p)
			}
		}
	}
	if dups != n {
		t.Errorf("%d duplicate problems, want %d", dups, n)
	}
	if doc.ByRef["dup"].Name != "c0" {
		t.Errorf("first declaration must win, got %s", doc.ByRef["dup"].Name)
	}
}
