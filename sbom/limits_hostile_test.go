package sbom

// Resource limits on hostile input, beyond TestParseBadInput: memory spent
// before a limit refuses the input, every limit in XML and SPDX as well as
// JSON, the exact boundaries, and termination on dependency cycles.

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// allocDuring returns the bytes allocated while f runs.
func allocDuring(t *testing.T, f func()) uint64 {
	if raceEnabled {
		f()
		t.Log("race detector on: allocation bounds not asserted")
		return 0
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func cdxJSON(components ...string) string {
	return `{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[` + strings.Join(components, ",") + `]}`
}

func cdxXML(inner string) string {
	return `<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">` + inner + `</bom>`
}

// TestHugeStringMemory: a single 50 MB string is refused by the string limit
// before it is decoded: parsing allocates a small fraction of the input, not
// copies of it. The input buffer itself is the caller's.
func TestHugeStringMemory(t *testing.T) {
	const n = 50 << 20
	big := strings.Repeat("a", n)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"json name", []byte(cdxJSON(`{"type":"library","name":"` + big + `"}`))},
		{"json key", []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"` + big + `":1}`)},
		{"json escaped", []byte(cdxJSON(`{"type":"library","name":"` + strings.Repeat(`\u0041`, n/6) + `"}`))},
		{"xml text", []byte(cdxXML(`<components><component type="library"><name>` + big + `</name></component></components>`))},
		{"xml attribute", []byte(cdxXML(`<components><component type="library" bom-ref="` + big + `"><name>a</name></component></components>`))},
		{"xml cdata", []byte(cdxXML(`<components><component type="library"><name><![CDATA[` + big + `]]></name></component></components>`))},
		{"xml comment", []byte(cdxXML(`<!--` + big + `--><components/>`))},
		{"xml processing instruction", []byte(cdxXML(`<?pi ` + big + `?><components/>`))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			alloc := allocDuring(t, func() {
				_, err = Parse(context.Background(), "big.cdx", tc.data, Options{})
			})
			if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "string limit") {
				t.Fatalf("err = %v, want the string limit", err)
			}
			// Refused before any copy of the value is made: a few MiB at
			// most (the limit is 4 MiB), however long the string.
			if alloc > 16<<20 {
				t.Errorf("allocated %d MiB before refusing a %d MiB input (limit 4 MiB)", alloc>>20, len(tc.data)>>20)
			}
		})
	}
}

// TestGzipBombMemory: decompression stops at MaxBytes; the memory spent is
// bounded by the limit, not by the bomb's expanded size.
func TestGzipBombMemory(t *testing.T) {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	_, _ = zw.Write([]byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"x":"`))
	chunk := make([]byte, 1<<20)
	// 64 MiB expanded: sixteen times the limit below, and small enough to
	// expand quickly under the race detector.
	for range 64 {
		_, _ = zw.Write(chunk)
	}
	_, _ = zw.Write([]byte(`"}`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	bomb := b.Bytes()
	const limit = 4 << 20
	var err error
	alloc := allocDuring(t, func() {
		_, err = Parse(context.Background(), "bomb.cdx.json.gz", bomb, Options{Limits: Limits{MaxBytes: limit}})
	})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	// Buffer growth makes a few copies of at most the limit; the 64 MiB
	// the bomb expands to is never reached.
	if alloc > 8*limit {
		t.Errorf("a %d KiB bomb (256 MiB expanded) allocated %d MiB under a %d MiB limit", len(bomb)>>10, alloc>>20, limit>>20)
	}
	// A generous limit: the same bomb is merely 64 MiB, accepted size-wise;
	// it must still fail (a NUL is not JSON), not hang.
	if _, err := Parse(context.Background(), "bomb.cdx.json.gz", bomb, Options{Limits: Limits{MaxBytes: 128 << 20}}); err == nil {
		t.Fatal("a NUL-filled document parsed")
	}
}

func xmlComponents(n int) string {
	var b strings.Builder
	b.WriteString("<components>")
	for i := range n {
		fmt.Fprintf(&b, `<component type="library" bom-ref="c%d"><name>c%d</name></component>`, i, i)
	}
	b.WriteString("</components>")
	return b.String()
}

func xmlNested(depth int) string {
	return strings.Repeat(`<components><component type="library"><name>n</name>`, depth) + strings.Repeat(`</component></components>`, depth)
}

func jsonComponents(n int) []string {
	var cs []string
	for i := range n {
		cs = append(cs, fmt.Sprintf(`{"type":"library","bom-ref":"c%d","name":"c%d"}`, i, i))
	}
	return cs
}

// TestLimitBoundaries: each limit accepts exactly its value and refuses one
// more, in JSON and in XML.
func TestLimitBoundaries(t *testing.T) {
	edgesJSON := func(n int) string {
		cs := jsonComponents(n + 1)
		var deps []string
		for i := 1; i <= n; i++ {
			deps = append(deps, fmt.Sprintf(`"c%d"`, i))
		}
		return `{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[` + strings.Join(cs, ",") +
			`],"dependencies":[{"ref":"c0","dependsOn":[` + strings.Join(deps, ",") + `]}]}`
	}
	edgesXML := func(n int) string {
		var d strings.Builder
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&d, `<dependency ref="c%d"/>`, i)
		}
		return cdxXML(xmlComponents(n+1) + `<dependencies><dependency ref="c0">` + d.String() + `</dependency></dependencies>`)
	}
	for _, tc := range []struct {
		name    string
		ok, bad string
		lim     Limits
		want    error
	}{
		{"json components", cdxJSON(jsonComponents(10)...), cdxJSON(jsonComponents(11)...), Limits{MaxComponents: 10}, ErrTooMany},
		{"xml components", cdxXML(xmlComponents(10)), cdxXML(xmlComponents(11)), Limits{MaxComponents: 10}, ErrTooMany},
		{"json nested components count", cdxJSON(string(nestedComponentsJSON(10))), cdxJSON(string(nestedComponentsJSON(11))), Limits{MaxComponents: 10}, ErrTooMany},
		{"json depth", string(nestedComponents(8)), string(nestedComponents(9)), Limits{MaxDepth: 8}, ErrTooDeep},
		{"xml depth", cdxXML(xmlNested(8)), cdxXML(xmlNested(9)), Limits{MaxDepth: 8}, ErrTooDeep},
		{"json edges", edgesJSON(20), edgesJSON(21), Limits{MaxDependencyEdges: 20}, ErrTooMany},
		{"xml edges", edgesXML(20), edgesXML(21), Limits{MaxDependencyEdges: 20}, ErrTooMany},
		{"json string", cdxJSON(`{"type":"library","name":"` + strings.Repeat("é", 50) + `"}`), cdxJSON(`{"type":"library","name":"` + strings.Repeat("é", 50) + `a"}`), Limits{MaxStringBytes: 100}, ErrTooLarge},
		{"xml string", cdxXML(`<components><component type="library"><name>` + strings.Repeat("é", 50) + `</name></component></components>`), cdxXML(`<components><component type="library"><name>` + strings.Repeat("é", 50) + `a</name></component></components>`), Limits{MaxStringBytes: 100}, ErrTooLarge},
		{"bytes", cdxJSON(), cdxJSON() + " ", Limits{MaxBytes: int64(len(cdxJSON()))}, ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Parse(context.Background(), "ok.cdx", []byte(tc.ok), Options{Limits: tc.lim}); err != nil {
				t.Fatalf("at the limit: %v", err)
			}
			_, err := Parse(context.Background(), "bad.cdx", []byte(tc.bad), Options{Limits: tc.lim})
			if !errors.Is(err, tc.want) {
				t.Fatalf("one over the limit: err = %v, want %v", err, tc.want)
			}
		})
	}
}

// nestedComponentsJSON is one component holding a chain of n-1 nested ones.
func nestedComponentsJSON(n int) []byte {
	return []byte(strings.Repeat(`{"type":"library","name":"n","components":[`, n-1) + `{"type":"library","name":"leaf"}` + strings.Repeat(`]}`, n-1))
}

// TestSPDXLimits: SPDX input obeys the same limits, and CONTAINS cycles
// terminate.
func TestSPDXLimits(t *testing.T) {
	pkgs := func(n int) string {
		var ps []string
		for i := range n {
			ps = append(ps, fmt.Sprintf(`{"SPDXID":"SPDXRef-p%d","name":"p%d"}`, i, i))
		}
		return `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"d","packages":[` + strings.Join(ps, ",") + `]`
	}
	if _, err := Parse(context.Background(), "ok.spdx.json", []byte(pkgs(10)+`}`), Options{Limits: Limits{MaxComponents: 10}}); err != nil {
		t.Fatalf("10 packages under a limit of 10: %v", err)
	}
	if _, err := Parse(context.Background(), "bad.spdx.json", []byte(pkgs(11)+`}`), Options{Limits: Limits{MaxComponents: 10}}); !errors.Is(err, ErrTooMany) {
		t.Errorf("11 packages under a limit of 10: err = %v", err)
	}
	if _, err := Parse(context.Background(), "long.spdx.json", []byte(`{"spdxVersion":"SPDX-2.3","name":"`+strings.Repeat("a", 5<<20)+`"}`), Options{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a 5 MiB SPDX string: err = %v, want the string limit", err)
	}
	// CONTAINS cycles, self-containment and DEPENDS_ON cycles.
	var rels []string
	for _, r := range [][3]string{
		{"SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-p0"},
		{"SPDXRef-p0", "CONTAINS", "SPDXRef-p1"}, {"SPDXRef-p1", "CONTAINS", "SPDXRef-p2"}, {"SPDXRef-p2", "CONTAINS", "SPDXRef-p0"},
		{"SPDXRef-p3", "CONTAINS", "SPDXRef-p3"}, {"SPDXRef-p4", "CONTAINED_BY", "SPDXRef-p4"},
		{"SPDXRef-p1", "DEPENDS_ON", "SPDXRef-p2"}, {"SPDXRef-p2", "DEPENDS_ON", "SPDXRef-p1"}, {"SPDXRef-p2", "DEPENDS_ON", "SPDXRef-p2"},
		{"SPDXRef-p5", "DEPENDENCY_OF", "SPDXRef-p5"},
	} {
		rels = append(rels, fmt.Sprintf(`{"spdxElementId":%q,"relationshipType":%q,"relatedSpdxElement":%q}`, r[0], r[1], r[2]))
	}
	doc, err := Parse(context.Background(), "cycles.spdx.json", []byte(pkgs(6)+`,"relationships":[`+strings.Join(rels, ",")+`]}`), Options{})
	if err != nil {
		// Refusing a containment cycle is fine; hanging or panicking is not.
		t.Logf("cycles refused: %v", err)
		return
	}
	checkTerminates(t, doc)
}

// checkTerminates walks every path query on every component.
func checkTerminates(t *testing.T, doc *Document) {
	t.Helper()
	for _, c := range doc.Components {
		if p := c.ContainmentPath(); len(p) == 0 || p[len(p)-1] != c || len(p) > len(doc.Components)+1 {
			t.Fatalf("containment path of %s: %d long", c.Label(), len(p))
		}
		if p := doc.DependencyPath(c); p != nil && (p[len(p)-1] != c || len(p) > len(doc.Components)+1) {
			t.Fatalf("dependency path of %s: %d long", c.Label(), len(p))
		}
		doc.InheritedEvidence(c)
	}
}

// TestCyclesAndSelfReferences: a dense web of cycles — every component
// depends on every other and on itself, the root depends on itself and is
// depended on — indexes and answers path queries.
func TestCyclesAndSelfReferences(t *testing.T) {
	const n = 300 // 90 000 edges
	cs := jsonComponents(n)
	var deps []string
	all := make([]string, 0, n+1)
	for i := range n {
		all = append(all, fmt.Sprintf(`"c%d"`, i))
	}
	all = append(all, `"root"`)
	for i := range n {
		deps = append(deps, fmt.Sprintf(`{"ref":"c%d","dependsOn":[%s]}`, i, strings.Join(all, ",")))
	}
	deps = append(deps, `{"ref":"root","dependsOn":["root","c0"]}`, `{"ref":"c0","dependsOn":["c0"]}`)
	data := `{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{"component":{"type":"firmware","bom-ref":"root","name":"fw"}},"components":[` +
		strings.Join(cs, ",") + `],"dependencies":[` + strings.Join(deps, ",") + `]}`
	doc, err := Parse(context.Background(), "web.cdx.json", []byte(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkTerminates(t, doc)
	for _, c := range doc.Components {
		if c != doc.Root && doc.DependencyPath(c) == nil {
			t.Errorf("%s unreachable in a complete graph", c.Label())
		}
	}
}

// Keys that differ only in case: encoding/json (and most Go SBOM tools)
// reads "SUPPLIER" as supplier. fwprov reads it the same way, and refuses
// "supplier" next to "SUPPLIER" as a duplicate, so no parser can be shown a
// supplier fwprov does not see.
func TestCaseVariantKeys(t *testing.T) {
	const head = `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x",`
	_, err := Parse(context.Background(), "dup.cdx.json", []byte(head+`"supplier":{"name":"Acme"},"SUPPLIER":{"name":"Huawei"}}]}`), Options{})
	if !errors.Is(err, ErrDuplicateKey) {
		t.Fatalf("case-variant duplicate: err = %v, want ErrDuplicateKey", err)
	}
	doc, err := Parse(context.Background(), "case.cdx.json", []byte(head+`"Supplier":{"name":"Huawei Technologies Co., Ltd."}}]}`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := doc.Components[0]
	if len(c.Evidence) == 0 || c.Evidence[0].Field != FieldSupplierName || c.Evidence[0].Value != "Huawei Technologies Co., Ltd." {
		t.Fatalf("a \"Supplier\" key was not read as supplier: %+v", c.Evidence)
	}
}
