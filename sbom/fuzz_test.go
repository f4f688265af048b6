package sbom

import (
	"context"
	"errors"
	"strings"
	"testing"

	packageurl "github.com/package-url/packageurl-go"
)

// fuzzLimits keep each fuzz iteration small.
var fuzzLimits = Limits{MaxBytes: 1 << 20, MaxDepth: 16, MaxComponents: 10000, MaxStringBytes: 64 << 10, MaxDependencyEdges: 100000}

// checkParse parses data and checks the invariants every result must keep:
// a one-line *ParseError, or a consistent index.
func checkParse(t *testing.T, data []byte) {
	doc, err := Parse(context.Background(), "fuzz", data, Options{Limits: fuzzLimits})
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("error %T is not a *ParseError: %v", err, err)
		}
		if msg := err.Error(); strings.ContainsAny(msg, "\n\r") || !strings.HasPrefix(msg, "sbom: parse fuzz") {
			t.Fatalf("bad message %q", msg)
		}
		return
	}
	for i, c := range doc.Components {
		if c.Index != i {
			t.Fatalf("index %d != %d", c.Index, i)
		}
		if c.Depth > fuzzLimits.MaxDepth {
			t.Fatalf("depth %d over the limit", c.Depth)
		}
		if p := c.ContainmentPath(); p[len(p)-1] != c || len(p) != c.Depth+1 && doc.Root != nil {
			t.Fatalf("containment path of %s", c.Label())
		}
		if p := doc.DependencyPath(c); p != nil && p[len(p)-1] != c {
			t.Fatalf("dependency path of %s does not end at it", c.Label())
		}
		for _, e := range doc.InheritedEvidence(c) {
			if !e.Inherited || e.From == "" {
				t.Fatalf("inherited evidence not marked: %+v", e)
			}
		}
		for _, e := range c.Evidence {
			if e.Field == "" || e.Kind == "" || e.Inherited {
				t.Fatalf("bad evidence %+v", e)
			}
		}
		if (c.CDX == nil) == (c.Service == nil) {
			t.Fatalf("%s: exactly one of CDX and Service must be set", c.Label())
		}
	}
	incomplete := 0
	for _, p := range doc.Problems {
		if strings.ContainsAny(p.Message, "\n\r") {
			t.Fatalf("problem message %q", p.Message)
		}
		if p.Kind == ProblemEvidenceTruncated || p.Kind == ProblemEvidenceUnreadable {
			incomplete++
		}
	}
	for _, c := range doc.Components {
		if c.EvidenceIncomplete && incomplete == 0 {
			t.Fatalf("%s is marked incomplete without a problem", c.Label())
		}
	}
	for ref, on := range doc.DependsOn {
		if doc.ByRef[ref] == nil {
			t.Fatalf("DependsOn has dangling key %q", ref)
		}
		for _, o := range on {
			if doc.ByRef[o] == nil || o == ref {
				t.Fatalf("DependsOn[%q] keeps %q", ref, o)
			}
		}
	}
}

var jsonSeeds = []string{
	minimalJSON,
	assemblyJSON,
	`{"bomFormat":"CycloneDX","specVersion":"1.2","version":1}`,
	`{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[{"type":"library","name":"a","supplier":{"name":"A","url":["https://a.example"],"contact":[{"email":"x@a.example"}],"address":{"country":"se"}},"purl":"pkg:generic/a/b@1","cpe":"cpe:2.3:a:a:b:1:*:*:*:*:*:*:*","copyright":"(c) 2020 A","externalReferences":[{"type":"website","url":"https://a.example"}],"swid":{"tagId":"regid.2020-01.com.a","name":"b","text":{"content":"<SoftwareIdentity><Entity name=\"A\" regid=\"a.example\"/></SoftwareIdentity>"}},"evidence":{"identity":[{"field":"purl","concludedValue":"pkg:maven/com.a/b"}]}}]}`,
	`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","bom-ref":"a","name":"a"}],"dependencies":[{"ref":"a","dependsOn":["a","b"]},{"ref":"a"}]}`,
	`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":"a","supplier":{"name":"A"},"supplier":{"name":"B"}}]}`,
	`{"spdxVersion":"SPDX-2.3"}`,
	`[1,2,3]`,
	`{"bomFormat":"CycloneDX","specVersion":"1.7","version":1,"components":[{"type":"library","name":"a","components":[{"type":"library","name":"b","components":[]}]}]}`,
	// The shapes of the field map: parts in pedigrees and services, tools,
	// licensing, annotations, address lists, URLs without a scheme.
	`{"bomFormat":"CycloneDX","specVersion":"1.7","version":1,"metadata":{"tools":{"components":[{"type":"application","name":"t","supplier":{"name":"T"}}]},"manufacturer":{"name":"M"},"component":{"type":"firmware","bom-ref":"fw","name":"fw"}},` +
		`"components":[{"type":"library","bom-ref":"a","name":"a","author":"A <a@a.example>, b@b.example (B)","supplier":{"name":"S","contact":[{"name":"C","email":"\"x\" <x@s.example>, y@y.example"}],"url":["www.s.example/x"]},` +
		`"pedigree":{"ancestors":[{"type":"library","bom-ref":"up","name":"up","purl":"pkg:golang/github.com/org/x@v1?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Forg%2Fx"}],"commits":[{"author":{"name":"n","email":"n@c.example"},"url":"git@github.com:org/x.git"}]},` +
		`"licenses":[{"license":{"name":"L","licensing":{"licensor":{"organization":{"name":"O"}},"licensee":{"individual":{"name":"I"}}}}},{"expression":"MIT OR LicenseRef-X-Y"}]}],` +
		`"services":[{"bom-ref":"s","name":"s","provider":{"name":"P"},"endpoints":["https://e.example"],"services":[{"name":"s2"}]}],` +
		`"annotations":[{"subjects":["a","nowhere"],"annotator":{"organization":{"name":"N"}},"timestamp":"2026-01-01T00:00:00Z","text":"t"}]}`,
	`{"bomFormat":"CycloneDX","specVersion":"1.6","spdxVersion":"SPDX-2.3"}`,
	`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":"a","evidence":{"identity":{"field":"purl","FIELD":"cpe"}}}]}`,
	`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","bom-ref":"x","name":"a","swid":{"tagId":"x","name":"x","text":{"encoding":"base64","contentType":"text/xml; charset=gbk","content":"PFNvZnR3YXJlSWRlbnRpdHk+PEVudGl0eSBuYW1lPSKwoiIvPjwvU29mdHdhcmVJZGVudGl0eT4="}}}]}`,
}

var xmlSeeds = []string{
	minimalXML,
	`<bom xmlns="http://cyclonedx.org/schema/bom/1.1" version="1"><components><component type="library"><name>x</name><version>1</version><publisher>P</publisher><cpe>cpe:/a:v:p:1</cpe></component></components></bom>`,
	`<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><metadata><supplier><name>S</name><url>https://s.example</url></supplier><component type="firmware" bom-ref="fw"><name>fw</name><components><component type="file" bom-ref="f"><name>f</name></component></components></component></metadata><dependencies><dependency ref="fw"><dependency ref="f"/></dependency></dependencies></bom>`,
	`<!DOCTYPE bom [<!ENTITY x "y">]><bom xmlns="http://cyclonedx.org/schema/bom/1.4"/>`,
	`<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components><component type="library"><name><![CDATA[a]]></name><!-- c --></component></components></bom>`,
	`<other/>`,
	`<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components><component type="library"><name>a</name><supplier><name>A</name></supplier><supplier><name>B</name></supplier></component></components></bom>`,
	`<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components><component type="library" type="file" x:type="y" xmlns:x="urn:x"><name>a</name></component></components></bom>`,
	`<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><metadata><tools><components><component type="application"><name>t</name></component></components></tools></metadata><components><component type="library"><name>a</name><evidence><identity><field>purl</field><concludedValue>pkg:maven/com.a/b</concludedValue></identity><copyright><text>(c) A</text></copyright></evidence><licenses><license><name>L</name><licensing><licensor><organization><name>O</name></organization></licensor></licensing></license><expression>MIT</expression></licenses><pedigree><ancestors><component type="library"><name>up</name></component></ancestors></pedigree></component></components><services><service><name>s</name><endpoints><endpoint>e.example/x</endpoint></endpoints></service></services></bom>`,
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkParse(t, data) })
}

func FuzzParseXML(f *testing.F) {
	for _, s := range xmlSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkParse(t, data) })
}

func FuzzParseGzip(f *testing.F) {
	for _, s := range append(append([]string{}, jsonSeeds[:3]...), xmlSeeds[:2]...) {
		f.Add(gz(f, []byte(s)))
	}
	f.Add([]byte{0x1f, 0x8b})
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) { checkParse(t, data) })
}

// FuzzEvidence checks the evidence normalizers on arbitrary text: no panic,
// and values are normalized (idempotent where they should be).
func FuzzEvidence(f *testing.F) {
	for _, s := range []string{"pkg:generic/huawei/x@1", "cpe:2.3:a:v\\:x:p", "cpe:/a:v%41:p", "https://A.example:1/x", "git@h.example:x", "Copyright (c) 2020 A. All rights reserved.", "regid.2020-01.com.a_b", "x@Y.example", "  a  b  "} {
		f.Add(s)
	}
	for _, s := range []string{"pkg:GitHub/Foo/Bar@1", "pkg:npm/%40a/b", "pkg://generic/ns/n?x=1#p", "pkg:deb/Debian/x", "pkg:generic/a//b/c"} {
		f.Add(s)
	}
	for _, s := range []string{`"A" <a@a.example>, b@h.example (C)`, "www.v.example/x", "h.example:8/x", "scm:git:git@github.com:o/r.git", "https://gitlab.com/g/s/p/-/x",
		"git+https://github.com/o/r.git", "pkg:golang/github.com/o/r@v1?download_url=https%3A%2F%2Fd.example", "LicenseRef-A-B OR MIT", "Name (https://n.example)", "mailto:a@b.example?x=y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		PURLOrigin(s)
		// The fast path agrees with packageurl-go wherever that parses.
		if fast, ok := purlOriginFast(s); ok {
			if p, err := packageurl.FromString(s); err == nil {
				slow := p.Type
				if p.Namespace != "" {
					slow += "/" + p.Namespace
				}
				if fast != slow {
					t.Fatalf("purlOriginFast(%q) = %q, packageurl-go gives %q", s, fast, slow)
				}
			}
		}
		CPEVendor(s)
		if h := URLHost(s); h != "" && (h != strings.ToLower(h) || strings.ContainsAny(h, "/@ ")) {
			t.Fatalf("URLHost(%q) = %q", s, h)
		}
		if d := EmailDomain(s); d != "" && d != strings.ToLower(d) {
			t.Fatalf("EmailDomain(%q) = %q", s, d)
		}
		CopyrightHolder(s)
		RegidDomain(s)
		if h, p := urlParts(s); h != "" {
			if h != hostOnly(h) || strings.ContainsAny(h, "/@ ") {
				t.Fatalf("urlParts(%q) host %q", s, h)
			}
			if org := codeHostOrg(h, p); org != "" && (!strings.Contains(org, "/") || strings.ContainsAny(org, " @")) {
				t.Fatalf("codeHostOrg(%q) = %q", s, org)
			}
		}
		emailAddresses(s, func(_, _, d string) {
			if d != "" && d != hostOnly(d) {
				t.Fatalf("emailAddresses(%q) domain %q", s, d)
			}
		})
		purlQualifiers(s, func(string, string) {})
		licenseRefs(s, func(string) {})
		ex := extractor{}
		ex.begin()
		ex.url(FieldExternalReference, s)
		ex.authorText(FieldAuthor, s)
		n := normName(s)
		if normName(n) != n {
			t.Fatalf("normName not idempotent on %q: %q -> %q", s, n, normName(n))
		}
	})
}
