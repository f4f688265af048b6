package lint

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fwprov/fwprov/sbom"
	"github.com/fwprov/fwprov/sbom/sbomgen"
)

var (
	sha256hex = strings.Repeat("a1", 32)
	sha512hex = strings.Repeat("b2", 64)
)

// completeBOM meets every element of every profile. Each mutation below
// breaks exactly one element.
var completeBOM = `{
  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "metadata": {
    "timestamp": "2026-05-01T10:00:00Z",
    "authors": [{"name": "Release Engineering", "email": "re@acme.example"}],
    "manufacturer": {"name": "Acme RAN AB", "url": ["https://acme.example"]},
    "component": {
      "type": "firmware", "bom-ref": "fw", "name": "du-fw", "version": "5.1",
      "supplier": {"name": "Acme RAN AB", "url": ["https://acme.example"], "address": {"country": "SE"}},
      "purl": "pkg:generic/acme/du-fw@5.1",
      "hashes": [{"alg": "SHA-256", "content": "` + sha256hex + `"}, {"alg": "SHA-512", "content": "` + sha512hex + `"}],
      "licenses": [{"license": {"name": "Acme proprietary", "acknowledgement": "concluded"}}],
      "properties": [
        {"name": "bsi:component:filename", "value": "du-fw-5.1.img"},
        {"name": "bsi:component:executable", "value": "executable"},
        {"name": "bsi:component:archive", "value": "archive"},
        {"name": "bsi:component:structured", "value": "structured"}
      ]
    }
  },
  "components": [{
    "type": "library", "bom-ref": "ssl", "name": "openssl", "version": "3.0.13",
    "supplier": {"name": "OpenSSL Foundation", "contact": [{"email": "x@openssl.org"}], "address": {"country": "US"}},
    "cpe": "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*",
    "hashes": [{"alg": "SHA-512", "content": "` + sha512hex + `"}],
    "licenses": [{"expression": "Apache-2.0", "acknowledgement": "declared"}],
    "properties": [
      {"name": "bsi:component:executable", "value": "non-executable"},
      {"name": "bsi:component:archive", "value": "no archive"},
      {"name": "bsi:component:structured", "value": "unstructured"}
    ]
  }],
  "dependencies": [{"ref": "fw", "dependsOn": ["ssl"]}, {"ref": "ssl", "dependsOn": []}],
  "compositions": [{"aggregate": "complete", "dependencies": ["fw", "ssl"]}]
}`

func parse(t testing.TB, name, data string) *sbom.Document {
	t.Helper()
	doc, err := sbom.Parse(context.Background(), name, []byte(data), sbom.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestCompleteDocument(t *testing.T) {
	rep, err := Check(context.Background(), parse(t, "complete.cdx.json", completeBOM), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Schema != Schema || len(rep.Profiles) != 3 {
		t.Fatalf("schema %q, %d profiles", rep.Schema, len(rep.Profiles))
	}
	for _, p := range rep.Profiles {
		for _, e := range p.Elements {
			if !e.Passed {
				t.Errorf("%s %s fails: %s %+v", p.Profile, e.ID, e.Detail, e.Failing)
			}
		}
		if !p.Passed || p.Score != 100 || p.Met != p.Checks || len(p.Components) != 0 {
			t.Errorf("%s: passed %v score %v %d/%d components %+v", p.Profile, p.Passed, p.Score, p.Met, p.Checks, p.Components)
		}
	}
}

// TestElements breaks one element at a time and checks that exactly the
// expected elements fail, on the expected component.
func TestElements(t *testing.T) {
	type fail struct {
		profile Profile
		element string
		comp    string // label of the failing component; "" for a document element
	}
	tests := []struct {
		name     string
		old, new string // replacement in completeBOM
		fails    []fail
	}{
		{"no supplier on the library",
			`"supplier": {"name": "OpenSSL Foundation", "contact": [{"email": "x@openssl.org"}], "address": {"country": "US"}},`, ``,
			[]fail{{ProfileNTIA, "supplier", "openssl@3.0.13"}, {ProfileBSI, "creator", "openssl@3.0.13"}, {ProfileFwprov, "origin", "openssl@3.0.13"}, {ProfileFwprov, "country", "openssl@3.0.13"}}},
		{"publisher counts as NTIA supplier only",
			`"supplier": {"name": "OpenSSL Foundation", "contact": [{"email": "x@openssl.org"}], "address": {"country": "US"}},`, `"publisher": "OpenSSL Foundation",`,
			[]fail{{ProfileBSI, "creator", "openssl@3.0.13"}, {ProfileFwprov, "origin", "openssl@3.0.13"}, {ProfileFwprov, "country", "openssl@3.0.13"}}},
		{"manufacturer instead of supplier",
			`"supplier": {"name": "OpenSSL Foundation", "contact"`, `"manufacturer": {"name": "OpenSSL Foundation", "contact"`,
			nil},
		{"supplier without contact",
			`"contact": [{"email": "x@openssl.org"}], `, ``,
			[]fail{{ProfileBSI, "creator", "openssl@3.0.13"}}},
		{"supplier contact without an e-mail address",
			`"contact": [{"email": "x@openssl.org"}], `, `"contact": [{"name": "PSIRT"}], `,
			[]fail{{ProfileBSI, "creator", "openssl@3.0.13"}}},
		{"country not alpha-2",
			`"address": {"country": "US"}`, `"address": {"country": "USA"}`,
			[]fail{{ProfileFwprov, "country", "openssl@3.0.13"}}},
		{"no version",
			`"name": "openssl", "version": "3.0.13",`, `"name": "openssl",`,
			[]fail{{ProfileNTIA, "version", "openssl"}, {ProfileBSI, "version", "openssl"}}},
		{"no identifiers at all",
			`"cpe": "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*",
    "hashes": [{"alg": "SHA-512", "content": "` + sha512hex + `"}],`, ``,
			[]fail{{ProfileNTIA, "identifier", "openssl@3.0.13"}, {ProfileBSI, "hash-sha512", "openssl@3.0.13"}, {ProfileBSI, "identifier", "openssl@3.0.13"}, {ProfileFwprov, "identifier", "openssl@3.0.13"}}},
		{"a hash is an NTIA identifier but not a purl or CPE",
			`"cpe": "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*",`, ``,
			[]fail{{ProfileBSI, "identifier", "openssl@3.0.13"}, {ProfileFwprov, "identifier", "openssl@3.0.13"}}},
		{"SHA-512 with the wrong length",
			`"hashes": [{"alg": "SHA-512", "content": "` + sha512hex + `"}],`, `"hashes": [{"alg": "SHA-512", "content": "` + sha256hex + `"}],`,
			[]fail{{ProfileBSI, "hash-sha512", "openssl@3.0.13"}}},
		{"no dependencies entry for the library",
			`, {"ref": "ssl", "dependsOn": []}`, ``,
			[]fail{{ProfileBSI, "dependencies", "openssl@3.0.13"}}},
		{"composition incomplete",
			`{"aggregate": "complete", "dependencies": ["fw", "ssl"]}`, `{"aggregate": "incomplete", "dependencies": ["fw", "ssl"]}`,
			[]fail{{ProfileBSI, "dependencies", "du-fw@5.1"}, {ProfileBSI, "dependencies", "openssl@3.0.13"}}},
		{"composition by assembly",
			`"dependencies": ["fw", "ssl"]}`, `"assemblies": ["fw", "ssl"]}`,
			nil},
		{"licence without acknowledgement",
			`"licenses": [{"expression": "Apache-2.0", "acknowledgement": "declared"}],`, `"licenses": [{"expression": "Apache-2.0"}],`,
			[]fail{{ProfileBSI, "licence", "openssl@3.0.13"}}},
		{"filename is a path",
			`"value": "du-fw-5.1.img"`, `"value": "images/du-fw-5.1.img"`,
			[]fail{{ProfileBSI, "filename", "du-fw@5.1"}}},
		{"executable property has a bad value",
			`"value": "non-executable"`, `"value": "maybe"`,
			[]fail{{ProfileBSI, "executable", "openssl@3.0.13"}}},
		{"archive property missing",
			`{"name": "bsi:component:archive", "value": "no archive"},`, ``,
			[]fail{{ProfileBSI, "archive", "openssl@3.0.13"}}},
		{"structured property as a boolean",
			`"value": "unstructured"`, `"value": "false"`,
			nil},
		{"no timestamp",
			`"timestamp": "2026-05-01T10:00:00Z",`, ``,
			[]fail{{ProfileNTIA, "timestamp", ""}, {ProfileBSI, "timestamp", ""}}},
		{"timestamp not RFC 3339",
			`"timestamp": "2026-05-01T10:00:00Z",`, `"timestamp": "2026-05-01",`,
			[]fail{{ProfileNTIA, "timestamp", ""}, {ProfileBSI, "timestamp", ""}}},
		{"no SBOM author",
			`"authors": [{"name": "Release Engineering", "email": "re@acme.example"}],
    "manufacturer": {"name": "Acme RAN AB", "url": ["https://acme.example"]},`, `"tools": {"components": [{"type": "application", "name": "syft"}]},`,
			[]fail{{ProfileNTIA, "sbom-author", ""}, {ProfileBSI, "sbom-creator", ""}}},
		{"SBOM author without contact",
			`"authors": [{"name": "Release Engineering", "email": "re@acme.example"}],
    "manufacturer": {"name": "Acme RAN AB", "url": ["https://acme.example"]},`, `"authors": [{"name": "Release Engineering"}],`,
			[]fail{{ProfileBSI, "sbom-creator", ""}}},
		{"CycloneDX 1.5",
			`"specVersion": "1.6"`, `"specVersion": "1.5"`,
			[]fail{{ProfileBSI, "format", ""}}},
		{"no serial number (optional)",
			`"serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",`, ``,
			[]fail{{ProfileBSI, "sbom-uri", ""}}},
		{"firmware hash too weak",
			`{"alg": "SHA-256", "content": "` + sha256hex + `"}, {"alg": "SHA-512", "content": "` + sha512hex + `"}`, `{"alg": "SHA-1", "content": "` + strings.Repeat("c", 40) + `"}`,
			[]fail{{ProfileBSI, "hash-sha512", "du-fw@5.1"}, {ProfileFwprov, "firmware-hash", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(completeBOM, tt.old) {
				t.Fatalf("%q is not in the document", tt.old)
			}
			doc := parse(t, "m.cdx.json", strings.Replace(completeBOM, tt.old, tt.new, 1))
			rep, err := Check(context.Background(), doc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []fail
			for _, p := range rep.Profiles {
				for _, e := range p.Elements {
					if e.Passed != (e.Failed == 0) || e.Met+e.Failed != e.Checked {
						t.Errorf("%s %s: inconsistent counts %+v", p.Profile, e.ID, e)
					}
					if e.Scope == ScopeDocument && !e.Passed {
						got = append(got, fail{p.Profile, e.ID, ""})
					}
					for _, c := range e.Failing {
						got = append(got, fail{p.Profile, e.ID, c.Label})
					}
				}
				// Passing and the score follow the required elements.
				wantPass := true
				for _, f := range tt.fails {
					if f.profile == p.Profile && p.Element(f.element).Required {
						wantPass = false
					}
				}
				if p.Passed != wantPass || (p.Score == 100) != wantPass {
					t.Errorf("%s: passed %v score %v, want passed %v", p.Profile, p.Passed, p.Score, wantPass)
				}
			}
			if !slices.Equal(got, tt.fails) {
				t.Errorf("failing:\n got %v\nwant %v", got, tt.fails)
			}
		})
	}
}

func TestSPDXFailsBSIFormat(t *testing.T) {
	doc, err := sbom.Load(context.Background(), filepath.Join("..", "..", "testdata", "sboms", "du-5g.spdx.json"), sbom.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Check(context.Background(), doc, Options{Profiles: []Profile{ProfileBSI}})
	if err != nil {
		t.Fatal(err)
	}
	p := rep.Profiles[0]
	if e := p.Element("format"); e.Passed || !strings.Contains(e.Detail, "SPDX-2.3") || p.Passed {
		t.Errorf("format %+v", e)
	}
}

func TestScoreAndListing(t *testing.T) {
	// 10 libraries without a version: NTIA checks are 5 per component × 11
	// components + 2 document checks = 57; 10 fail.
	var comps []string
	for i := 0; i < 10; i++ {
		comps = append(comps, `{"type": "library", "bom-ref": "l`+string(rune('a'+i))+`", "name": "l`+string(rune('a'+i))+`", "purl": "pkg:generic/x/l@1", "supplier": {"name": "X"}}`)
	}
	data := strings.Replace(completeBOM, `"components": [{`, `"components": [`+strings.Join(comps, ",")+`, {`, 1)
	doc := parse(t, "s.cdx.json", data)
	rep, err := Check(context.Background(), doc, Options{Profiles: []Profile{ProfileNTIA}, MaxListed: 3})
	if err != nil {
		t.Fatal(err)
	}
	p := rep.Profiles[0]
	if p.Checks != 5*12+2 || p.Met != p.Checks-10 || p.Score != 83.8 {
		t.Errorf("checks %d met %d score %v", p.Checks, p.Met, p.Score)
	}
	e := p.Element("version")
	if e.Failed != 10 || len(e.Failing) != 3 || e.Failing[0].Label != "la" || e.Failing[2].Label != "lc" {
		t.Errorf("version element %+v", e)
	}
	if len(p.Components) != 10 || p.Components[9].Label != "lj" || !slices.Equal(p.Components[0].Missing, []string{"version"}) {
		t.Errorf("components %+v", p.Components)
	}
	if !slices.Equal(p.FailedRequired, []string{"version"}) {
		t.Errorf("failed required %v", p.FailedRequired)
	}
	// Unbounded listing.
	rep, _ = Check(context.Background(), doc, Options{Profiles: []Profile{ProfileNTIA}, MaxListed: -1})
	if n := len(rep.Profiles[0].Element("version").Failing); n != 10 {
		t.Errorf("%d listed", n)
	}
	// A score just under 100 is never rounded up to 100.
	if s := score(19999, 20000); s != 99.9 {
		t.Errorf("score = %v", s)
	}
}

func TestReportJSON(t *testing.T) {
	doc := parse(t, "j.cdx.json", strings.Replace(completeBOM, `"name": "openssl", "version": "3.0.13",`, `"name": "openssl",`, 1))
	var outs [][]byte
	for i := 0; i < 2; i++ {
		rep, err := Check(context.Background(), doc, Options{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b)
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("two runs give different JSON")
	}
	var m struct {
		Schema   string `json:"schema"`
		Document struct {
			Source     string `json:"source"`
			Components int    `json:"components"`
		} `json:"document"`
		Profiles []struct {
			Profile        string   `json:"profile"`
			Passed         bool     `json:"passed"`
			Score          float64  `json:"score"`
			FailedRequired []string `json:"failedRequired"`
			Elements       []struct {
				ID       string `json:"id"`
				Required bool   `json:"required"`
				Failed   int    `json:"failed"`
				Failing  []struct {
					Index int    `json:"index"`
					Ref   string `json:"ref"`
					Label string `json:"label"`
				} `json:"failing"`
			} `json:"elements"`
			Components []struct {
				Label   string   `json:"label"`
				Missing []string `json:"missing"`
			} `json:"components"`
		} `json:"profiles"`
	}
	if err := json.Unmarshal(outs[0], &m); err != nil {
		t.Fatal(err)
	}
	if m.Schema != "fwprov.lint/v1" || m.Document.Source != "j.cdx.json" || m.Document.Components != 2 || len(m.Profiles) != 3 {
		t.Fatalf("report %s", outs[0])
	}
	ntia := m.Profiles[0]
	if ntia.Profile != "ntia" || ntia.Passed || !slices.Equal(ntia.FailedRequired, []string{"version"}) ||
		ntia.Elements[2].ID != "version" || ntia.Elements[2].Failing[0].Ref != "ssl" || ntia.Elements[2].Failing[0].Index != 1 ||
		len(ntia.Components) != 1 || ntia.Components[0].Label != "openssl" {
		t.Errorf("ntia %+v", ntia)
	}
}

func TestCheckErrors(t *testing.T) {
	doc := parse(t, "e.cdx.json", completeBOM)
	if _, err := Check(context.Background(), nil, Options{}); err == nil {
		t.Error("nil document accepted")
	}
	if _, err := Check(context.Background(), doc, Options{Profiles: []Profile{"iso"}}); err == nil {
		t.Error("unknown profile accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Check(ctx, doc, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	for in, want := range map[string]Profile{"ntia": ProfileNTIA, " BSI ": ProfileBSI, "bsi-tr-03183-2": ProfileBSI, "fwprov": ProfileFwprov} {
		if p, err := ParseProfile(in); err != nil || p != want {
			t.Errorf("ParseProfile(%q) = %q, %v", in, p, err)
		}
	}
	if _, err := ParseProfile("nist"); err == nil {
		t.Error("ParseProfile accepted nist")
	}
	info, err := Describe(ProfileBSI)
	if err != nil || len(info.Elements) != 15 || info.Elements[0].ID != "format" || !strings.Contains(info.Elements[0].Reference, "§4") {
		t.Errorf("Describe: %+v %v", info, err)
	}
}

// TestTestdata lints every testdata SBOM (the results are listed in the
// report of issue 9) and checks what must hold for all of them.
func TestTestdata(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "sboms", "*.*.*"))
	more, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "sboms", "spdx", "*.spdx*"))
	files = append(files, more...)
	if err != nil || len(files) < 2 {
		t.Fatalf("no testdata SBOMs: %v", err)
	}
	reports := map[string]*Report{}
	for _, f := range files {
		doc, err := sbom.Load(context.Background(), f, sbom.Options{})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Check(context.Background(), doc, Options{})
		if err != nil {
			t.Fatal(err)
		}
		reports[filepath.Base(f)] = rep
		for _, p := range rep.Profiles {
			t.Logf("%-28s %-15s score %5.1f passed %-5v failed %v", filepath.Base(f), p.Profile, p.Score, p.Passed, p.FailedRequired)
			if p.Score < 0 || p.Score > 100 || p.Passed != (len(p.FailedRequired) == 0) {
				t.Errorf("%s %s: score %v passed %v failed %v", f, p.Profile, p.Score, p.Passed, p.FailedRequired)
			}
		}
	}
	// The SPDX twins and their CycloneDX originals carry the same NTIA data.
	for spdx, cdx := range map[string]string{"du-5g.spdx.json": "du-5g.cdx.json", "du-5g-hr.spdx.json": "du-5g-hr.cdx.json", "du-5g.spdx": "du-5g.cdx.json"} {
		s, c := reports[spdx], reports[cdx]
		if s == nil || c == nil {
			t.Fatalf("the twins %s and %s are missing", spdx, cdx)
		}
		a, b := s.Profile(ProfileNTIA), c.Profile(ProfileNTIA)
		if a.Passed != b.Passed || a.Score != b.Score || !slices.Equal(a.FailedRequired, b.FailedRequired) {
			t.Errorf("NTIA: %s %v %v, %s %v %v", spdx, a.Passed, a.Score, cdx, b.Passed, b.Score)
		}
		// SPDX 2.3 has no supplier address: no country on any part; and
		// it is not a format the TR accepts.
		if e := s.Profile(ProfileFwprov).Element("country"); e.Met != 0 {
			t.Errorf("%s: country met %d times", spdx, e.Met)
		}
		if s.Profile(ProfileBSI).Element("format").Passed {
			t.Errorf("%s passes the BSI format element", spdx)
		}
	}
}

// BenchmarkCheck lints a generated 100 000-component DU SBOM with every
// profile.
func BenchmarkCheck(b *testing.B) {
	var buf bytes.Buffer
	if _, err := sbomgen.Generate(context.Background(), &buf, sbomgen.Options{Components: 100000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	doc, err := sbom.Parse(context.Background(), "gen.cdx.json", buf.Bytes(), sbom.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Check(context.Background(), doc, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
