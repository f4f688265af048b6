package sbom

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
)

// One reading for every parser: what JSON refuses (a duplicate member),
// XML, SPDX and the library's own decoders refuse too.

func cdxXMLDoc(inner string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">` + inner + `</bom>`
}

func TestXMLRepeatedElements(t *testing.T) {
	comp := func(body string) string {
		return `<components><component type="library" bom-ref="x"><name>x</name>` + body + `</component></components>`
	}
	tests := []struct {
		name, doc, elem string
	}{
		{"metadata", `<metadata><timestamp>2026-01-01T00:00:00Z</timestamp></metadata><metadata/>`, "metadata"},
		{"metadata.supplier", `<metadata><supplier><name>Acme</name></supplier><supplier><name>Huawei</name></supplier></metadata>`, "supplier"},
		{"metadata.component.supplier.name", `<metadata><component type="firmware"><name>fw</name><supplier><name>Acme</name><name>Huawei</name></supplier></component></metadata>`, "name"},
		{"component.supplier", comp(`<supplier><name>Acme</name></supplier><supplier><name>Huawei</name></supplier>`), "supplier"},
		{"component.purl", comp(`<purl>pkg:generic/acme/x@1</purl><purl>pkg:generic/huawei/x@1</purl>`), "purl"},
		{"component.version", comp(`<version>1</version><version>2</version>`), "version"},
		{"component.copyright", comp(`<copyright>Acme</copyright><copyright>Huawei</copyright>`), "copyright"},
		{"component.swid", comp(`<swid tagId="a" name="a"/><swid tagId="b" name="b"/>`), "swid"},
		{"component.supplier.address.country", comp(`<supplier><name>Acme</name><address><country>DE</country><country>CN</country></address></supplier>`), "country"},
		{"the authors wrapper", comp(`<authors><author><name>a</name></author></authors><authors><author><name>Huawei</name></author></authors>`), "authors"},
		{"an author's name", comp(`<authors><author><name>a</name><name>Huawei</name></author></authors>`), "name"},
		{"nested component supplier", comp(`<components><component type="library"><name>y</name><supplier><name>A</name></supplier><supplier><name>B</name></supplier></component></components>`), "supplier"},
		{"deep nesting", comp(`<components><component type="library"><name>y</name><components><component type="library"><name>z</name><cpe>a</cpe><cpe>b</cpe></component></components></component></components>`), "cpe"},
		{"pedigree ancestor", comp(`<pedigree><ancestors><component type="library"><name>up</name><publisher>a</publisher><publisher>b</publisher></component></ancestors></pedigree>`), "publisher"},
		{"evidence (own decoder)", comp(`<evidence><copyright><text>a</text></copyright><copyright><text>b</text></copyright></evidence>`), "copyright"},
		{"evidence identity field", comp(`<evidence><identity><field>purl</field><field>cpe</field><concludedValue>x</concludedValue></identity></evidence>`), "field"},
		{"tools (own decoder)", `<metadata><tools><components><component type="application"><name>a</name></component></components><components><component type="application"><name>b</name></component></components></tools></metadata>`, "components"},
		{"legacy tool vendor", `<metadata><tools><tool><vendor>Acme</vendor><vendor>Huawei</vendor><name>t</name></tool></tools></metadata>`, "vendor"},
		{"licence name (own decoder)", comp(`<licenses><license><name>a</name><name>b</name></license></licenses>`), "name"},
		{"licensing licensor", comp(`<licenses><license><name>a</name><licensing><licensor><organization><name>A</name></organization></licensor><licensor><organization><name>B</name></organization></licensor></licensing></license></licenses>`), "licensor"},
		{"service provider", `<services><service><name>s</name><provider><name>A</name></provider><provider><name>B</name></provider></service></services>`, "provider"},
		{"annotator", `<annotations><annotation><subjects><subject ref="x"/></subjects><annotator><organization><name>A</name></organization><organization><name>B</name></organization></annotator><timestamp>2026-01-01T00:00:00Z</timestamp><text>t</text></annotation></annotations>`, "organization"},
		{"an element in another namespace fills the same field", comp(`<x:supplier xmlns:x="urn:other"><x:name>Huawei</x:name></x:supplier><supplier><name>Acme</name></supplier>`), "supplier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(context.Background(), "dup.cdx.xml", []byte(cdxXMLDoc(tt.doc)), Options{})
			var pe *ParseError
			if !errors.Is(err, ErrDuplicateKey) || !errors.As(err, &pe) || pe.Line == 0 || !strings.Contains(err.Error(), "<"+tt.elem+">") {
				t.Errorf("err = %v, want a duplicate <%s> with its position", err, tt.elem)
			}
		})
	}
	// Repeated attributes, with or without a prefix.
	for _, attrs := range []string{`type="library" type="firmware"`, `bom-ref="a" x:bom-ref="b" xmlns:x="urn:x"`} {
		_, err := Parse(context.Background(), "dup.cdx.xml", []byte(cdxXMLDoc(`<components><component `+attrs+`><name>x</name></component></components>`)), Options{})
		if !errors.Is(err, ErrDuplicateKey) || !strings.Contains(err.Error(), "attribute") {
			t.Errorf("%s: err = %v", attrs, err)
		}
	}
	// Repeated elements that repeat in the schema are fine.
	ok := comp(`<hashes><hash alg="SHA-256">` + strings.Repeat("a", 64) + `</hash><hash alg="SHA-512">` + strings.Repeat("b", 128) + `</hash></hashes>` +
		`<externalReferences><reference type="website"><url>https://a.example</url></reference><reference type="vcs"><url>https://b.example</url></reference></externalReferences>` +
		`<evidence><identity><field>purl</field><concludedValue>pkg:generic/a/x</concludedValue></identity><identity><field>cpe</field><concludedValue>cpe:/a:a:x</concludedValue></identity></evidence>` +
		`<licenses><license><id>MIT</id></license><license><id>Apache-2.0</id></license></licenses>` +
		`<x:ext xmlns:x="urn:x"><x:a/><x:a/></x:ext>`)
	if _, err := Parse(context.Background(), "ok.cdx.xml", []byte(cdxXMLDoc(ok)), Options{}); err != nil {
		t.Errorf("repeatable elements refused: %v", err)
	}
}

// TestXMLShadowsComplete: every model type with its own UnmarshalXML has a
// shadow that says which child elements it reads.
func TestXMLShadowsComplete(t *testing.T) {
	seen := map[reflect.Type]bool{}
	stack := []reflect.Type{reflect.TypeFor[cdx.BOM]()}
	for len(stack) > 0 {
		ty := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Slice || ty.Kind() == reflect.Map {
			ty = ty.Elem()
		}
		if seen[ty] {
			continue
		}
		seen[ty] = true
		if reflect.PointerTo(ty).Implements(reflect.TypeFor[xml.Unmarshaler]()) {
			if _, ok := xmlShadows[ty]; !ok {
				t.Errorf("%s has its own UnmarshalXML and no entry in xmlShadows", ty)
			}
		}
		if ty.Kind() == reflect.Struct {
			for i := 0; i < ty.NumField(); i++ {
				stack = append(stack, ty.Field(i).Type)
			}
		}
	}
	// The same for UnmarshalJSON and strictJSONTypes.
	known := map[reflect.Type]bool{}
	for _, v := range strictJSONTypes {
		known[reflect.TypeOf(v).Elem()] = true
	}
	for _, f := range modelMethodFields(reflect.TypeFor[cdx.BOM](), reflect.TypeFor[json.Unmarshaler]()) {
		if !known[f.typ] {
			t.Errorf("%s.%s: %s has its own UnmarshalJSON and no strict unmarshaler", f.owner, f.name, f.typ)
		}
	}
}

// TestStrictNestedJSON: members decoded by the model types' own
// UnmarshalJSON methods obey the same rules: a duplicate, also a case
// variant, is refused with its position; case variants are read.
func TestStrictNestedJSON(t *testing.T) {
	head := `{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,`
	comp := func(extra string) string {
		return head + `"components":[{"type":"library","bom-ref":"x","name":"x",` + extra + `}]}`
	}
	refused := []struct{ name, doc, member string }{
		{"evidence.identity duplicate", comp(`"evidence":{"identity":{"field":"purl","field":"cpe","concludedValue":"x"}}`), "field"},
		{"evidence.identity case variant", comp(`"evidence":{"identity":{"field":"purl","FIELD":"cpe","concludedValue":"x"}}`), "FIELD"},
		{"evidence.identity array case variant", comp(`"evidence":{"identity":[{"concludedValue":"pkg:generic/a/x","ConcludedValue":"pkg:maven/com.huawei/x"}]}`), "ConcludedValue"},
		{"evidence.identity methods", comp(`"evidence":{"identity":[{"field":"purl","methods":[{"technique":"filename","Value":"a","value":"b","confidence":1}]}]}`), "value"},
		{"tools legacy", head + `"metadata":{"tools":[{"vendor":"Acme","Vendor":"Huawei","name":"t"}]}}`, "Vendor"},
		{"tools components", head + `"metadata":{"tools":{"components":[{"type":"application","name":"t","supplier":{"name":"Acme"},"Supplier":{"name":"Huawei"}}]}}}`, "Supplier"},
		{"tools object", head + `"metadata":{"tools":{"components":[],"COMPONENTS":[]}}}`, "COMPONENTS"},
		{"modelCard datasets", comp(`"modelCard":{"modelParameters":{"datasets":[{"type":"dataset","name":"a","NAME":"b"}]}}`), "NAME"},
		{"asserter", comp(`"patentAssertions":[{"assertionType":"ownership","asserter":{"organization":{"name":"A"},"Organization":{"name":"B"}}}]`), "Organization"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(context.Background(), "dup.cdx.json", []byte(tt.doc), Options{})
			var pe *ParseError
			if !errors.Is(err, ErrDuplicateKey) || !errors.As(err, &pe) || pe.Line == 0 || !strings.Contains(err.Error(), `"`+tt.member+`"`) {
				t.Errorf("err = %v, want a duplicate %q with its position", err, tt.member)
			}
		})
	}
	// Case variants and an escaped member name are read, as everywhere.
	doc, err := Parse(context.Background(), "case.cdx.json", []byte(comp(`"Evidence":{"IDENTITY":{"FIELD":"purl","concluded_value":"pkg:maven/com.huawei/x@1"}}`)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(doc.ByRef["x"].Evidence, func(e Evidence) bool { return e.Field == FieldEvidenceIdentity && e.Value == "maven/com.huawei" }) {
		t.Errorf("case-variant identity not read: %+v", doc.ByRef["x"].Evidence)
	}
	doc, err = Parse(context.Background(), "esc.cdx.json", []byte(head+`"metadata":{"t\u006fols":{"components":[{"type":"application","name":"t","supplier":{"name":"Huawei"}}]}}}`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(doc.MetadataEvidence, func(e Evidence) bool { return e.Field == FieldTool && e.Value == "Huawei" }) {
		t.Errorf("escaped tools member not read: %+v", doc.MetadataEvidence)
	}
}

// TestStrictNestedJSONSplit: the parallel decoder decodes the pieces that
// hold such members strictly too.
func TestStrictNestedJSONSplit(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{"component":{"type":"firmware","bom-ref":"fw","name":"fw"}},"components":[`)
	n := 6000
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"type":"library","bom-ref":"c%d","name":"pkg-%d","version":"1.%d","supplier":{"name":"Kestrel Silicon Inc."},"purl":"pkg:generic/kestrel-silicon/pkg-%d@1.%d"}`, i, i, i, i, i)
		if i == n-17 {
			b.WriteString(`,{"type":"library","bom-ref":"bad","name":"bad","evidence":{"identity":{"concludedValue":"pkg:generic/a/x","CONCLUDEDVALUE":"pkg:maven/com.huawei/x"}}}`)
		}
	}
	b.WriteString(`]}`)
	data := []byte(b.String())
	lay, _, err := scanJSON(data, DefaultLimits())
	if err != nil || !lay.splittable(defaultSplit) {
		t.Fatalf("test document is not split: %v", err)
	}
	_, err = Parse(context.Background(), "big.cdx.json", data, Options{})
	if !errors.Is(err, ErrDuplicateKey) || !strings.Contains(err.Error(), "CONCLUDEDVALUE") {
		t.Errorf("err = %v, want the case-variant duplicate refused", err)
	}
}

// TestHybridFormats: a document that is both CycloneDX and SPDX is refused,
// in either order, in every case variant the case-insensitive readers
// accept, and in every SPDX form.
func TestHybridFormats(t *testing.T) {
	tests := []struct{ name, doc string }{
		{"bomFormat first", `{"bomFormat":"CycloneDX","specVersion":"1.6","spdxVersion":"SPDX-2.3","components":[]}`},
		{"spdxVersion first", `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","bomFormat":"CycloneDX","specVersion":"1.6"}`},
		{"SPDXID only", `{"bomFormat":"CycloneDX","specVersion":"1.6","SPDXID":"SPDXRef-DOCUMENT"}`},
		{"case variant of spdxVersion", `{"bomFormat":"CycloneDX","specVersion":"1.6","SPDXVERSION":"SPDX-2.3"}`},
		{"dash variant of spdxVersion", `{"bomFormat":"CycloneDX","specVersion":"1.6","spdx-version":"SPDX-2.3"}`},
		{"escaped spdxVersion", `{"bomFormat":"CycloneDX","specVersion":"1.6","spdx\u0056ersion":"SPDX-2.3"}`},
		{"case variant of bomFormat", `{"spdxVersion":"SPDX-2.3","BOMFORMAT":"CycloneDX"}`},
		{"bomFormat of another value", `{"spdxVersion":"SPDX-2.3","bomFormat":"x"}`},
		{"yaml", "spdxVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\nbomFormat: CycloneDX\n"},
		{"yaml case variant", "spdxVersion: SPDX-2.3\nBomFormat: CycloneDX\n"},
		{"gzip", string(gz(t, []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","spdxVersion":"SPDX-2.3"}`)))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(context.Background(), "hybrid.json", []byte(tt.doc), Options{})
			if !errors.Is(err, ErrAmbiguousFormat) {
				t.Errorf("err = %v, want ErrAmbiguousFormat", err)
			}
		})
	}
	// A CycloneDX document mentioning SPDX below the top level is fine.
	ok := `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x","properties":[{"name":"spdxVersion","value":"SPDX-2.3"}]}]}`
	if _, err := Parse(context.Background(), "ok.json", []byte(ok), Options{}); err != nil {
		t.Errorf("nested spdxVersion refused: %v", err)
	}
}

// TestJSONXMLSameEvidence: the same content gives the same evidence in
// JSON and XML. Every shipped CycloneDX JSON SBOM is re-encoded as XML by
// cyclonedx-go and both are parsed.
func TestJSONXMLSameEvidence(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "sboms", "*.cdx.json"))
	rel, _ := filepath.Glob(filepath.Join("..", "testdata", "releases", "*", "*.cdx.json"))
	files = append(files, rel...)
	if len(files) < 5 {
		t.Fatalf("only %d fixtures", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			jdoc, err := Parse(context.Background(), f, data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			b := *jdoc.BOM
			b.XMLNS = xmlNamespaceOf(b.SpecVersion)
			if err := cdx.NewBOMEncoder(&buf, cdx.BOMFileFormatXML).Encode(&b); err != nil {
				t.Fatal(err)
			}
			xdoc, err := Parse(context.Background(), f+".xml", buf.Bytes(), Options{})
			if err != nil {
				t.Fatalf("the XML twin does not parse: %v", err)
			}
			if len(jdoc.Components) != len(xdoc.Components) {
				t.Fatalf("%d JSON parts, %d XML", len(jdoc.Components), len(xdoc.Components))
			}
			for i, jc := range jdoc.Components {
				xc := xdoc.Components[i]
				if !reflect.DeepEqual(jc.Evidence, xc.Evidence) {
					t.Errorf("%s: evidence differs:\nJSON %+v\nXML  %+v", jc.Label(), jc.Evidence, xc.Evidence)
				}
				if !reflect.DeepEqual(jdoc.InheritedEvidence(jc), xdoc.InheritedEvidence(xc)) {
					t.Errorf("%s: inherited evidence differs", jc.Label())
				}
			}
			if !reflect.DeepEqual(jdoc.MetadataEvidence, xdoc.MetadataEvidence) {
				t.Errorf("metadata evidence differs:\nJSON %+v\nXML  %+v", jdoc.MetadataEvidence, xdoc.MetadataEvidence)
			}
		})
	}
}
