package sbom

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
)

// The same small DU firmware in the three SPDX forms.
const spdxJSON = `{
  "spdxVersion": "SPDX-2.3",
  "dataLicense": "CC0-1.0",
  "SPDXID": "SPDXRef-DOCUMENT",
  "name": "du-fw 1.0",
  "documentNamespace": "https://acme.example/spdx/du-fw-1.0",
  "creationInfo": {
    "created": "2026-01-02T03:04:05Z",
    "creators": ["Organization: Acme RAN (sbom@acme.example)", "Person: Jane Doe", "Tool: fwgen-1.2.3"]
  },
  "documentDescribes": ["SPDXRef-fw"],
  "packages": [
    {"name": "du-fw", "SPDXID": "SPDXRef-fw", "versionInfo": "1.0", "primaryPackagePurpose": "FIRMWARE",
     "supplier": "Organization: Acme RAN (psirt@acme.example)", "downloadLocation": "NOASSERTION",
     "checksums": [{"algorithm": "SHA256", "checksumValue": "AB00000000000000000000000000000000000000000000000000000000000000"},
                   {"algorithm": "SHA224", "checksumValue": "00"}],
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/acme/du-fw@1.0"}]},
    {"name": "openssl", "SPDXID": "SPDXRef-openssl", "versionInfo": "3.0.13", "packageFileName": "libssl.so.3",
     "supplier": "Organization: Hu\u0061wei Technologies Co., Ltd.", "originator": "Organization: OpenSSL Foundation (x@openssl.org)",
     "downloadLocation": "https://www.openssl.org/source/openssl-3.0.13.tar.gz", "homepage": "https://www.openssl.org",
     "licenseConcluded": "Apache-2.0", "licenseDeclared": "NOASSERTION", "copyrightText": "Copyright (c) 1998-2024 The OpenSSL Project Authors",
     "externalRefs": [
       {"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/openssl/openssl@3.0.13"},
       {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:maven/com.huawei/openssl@3.0.13"},
       {"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*"},
       {"referenceCategory": "OTHER", "referenceType": "vcs", "referenceLocator": "https://github.com/openssl/openssl"}],
     "annotations": [{"annotationType": "OTHER", "annotator": "Tool: fwgen", "annotationDate": "2026-01-02T03:04:05Z", "comment": "ran:function=security\nnot a property"}]},
    {"name": "zlib", "SPDXID": "SPDXRef-zlib", "versionInfo": "1.3.1", "originator": "Person: Mark Adler (madler@alumni.caltech.edu)",
     "downloadLocation": "git+https://github.com/madler/zlib", "copyrightText": "NONE", "supplier": "NOASSERTION"}
  ],
  "relationships": [
    {"spdxElementId": "SPDXRef-fw", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-openssl"},
    {"spdxElementId": "SPDXRef-openssl", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-zlib"},
    {"spdxElementId": "SPDXRef-fw", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-openssl"},
    {"spdxElementId": "SPDXRef-zlib", "relationshipType": "DEPENDENCY_OF", "relatedSpdxElement": "SPDXRef-openssl"},
    {"spdxElementId": "SPDXRef-zlib", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "NONE"},
    {"spdxElementId": "SPDXRef-zlib", "relationshipType": "BUILD_DEPENDENCY_OF", "relatedSpdxElement": "SPDXRef-fw"}
  ]
}`

const spdxYAML = `spdxVersion: SPDX-2.3
dataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
name: du-fw 1.0
documentNamespace: https://acme.example/spdx/du-fw-1.0
creationInfo:
  created: "2026-01-02T03:04:05Z"
  creators:
    - "Organization: Acme RAN (sbom@acme.example)"
    - "Person: Jane Doe"
    - "Tool: fwgen-1.2.3"
documentDescribes: [SPDXRef-fw]
packages:
  - name: du-fw
    SPDXID: SPDXRef-fw
    versionInfo: "1.0"
    primaryPackagePurpose: FIRMWARE
    supplier: "Organization: Acme RAN (psirt@acme.example)"
    downloadLocation: NOASSERTION
    checksums:
      - {algorithm: SHA256, checksumValue: AB00000000000000000000000000000000000000000000000000000000000000}
      - {algorithm: SHA224, checksumValue: "00"}
    externalRefs:
      - {referenceCategory: PACKAGE-MANAGER, referenceType: purl, referenceLocator: "pkg:generic/acme/du-fw@1.0"}
  - name: openssl
    SPDXID: SPDXRef-openssl
    versionInfo: 3.0.13
    packageFileName: libssl.so.3
    supplier: "Organization: Hu\u0061wei Technologies Co., Ltd."
    originator: "Organization: OpenSSL Foundation (x@openssl.org)"
    downloadLocation: https://www.openssl.org/source/openssl-3.0.13.tar.gz
    homepage: https://www.openssl.org
    licenseConcluded: Apache-2.0
    licenseDeclared: NOASSERTION
    copyrightText: Copyright (c) 1998-2024 The OpenSSL Project Authors
    externalRefs:
      - {referenceCategory: PACKAGE_MANAGER, referenceType: purl, referenceLocator: "pkg:generic/openssl/openssl@3.0.13"}
      - {referenceCategory: PACKAGE-MANAGER, referenceType: purl, referenceLocator: "pkg:maven/com.huawei/openssl@3.0.13"}
      - {referenceCategory: SECURITY, referenceType: cpe23Type, referenceLocator: "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*"}
      - {referenceCategory: OTHER, referenceType: vcs, referenceLocator: "https://github.com/openssl/openssl"}
    annotations:
      - annotationType: OTHER
        annotator: "Tool: fwgen"
        annotationDate: "2026-01-02T03:04:05Z"
        comment: "ran:function=security\nnot a property"
  - name: zlib
    SPDXID: SPDXRef-zlib
    versionInfo: 1.3.1
    originator: "Person: Mark Adler (madler@alumni.caltech.edu)"
    downloadLocation: git+https://github.com/madler/zlib
    copyrightText: NONE
    supplier: NOASSERTION
relationships:
  - {spdxElementId: SPDXRef-fw, relationshipType: CONTAINS, relatedSpdxElement: SPDXRef-openssl}
  - {spdxElementId: SPDXRef-openssl, relationshipType: CONTAINS, relatedSpdxElement: SPDXRef-zlib}
  - {spdxElementId: SPDXRef-fw, relationshipType: DEPENDS_ON, relatedSpdxElement: SPDXRef-openssl}
  - {spdxElementId: SPDXRef-zlib, relationshipType: DEPENDENCY_OF, relatedSpdxElement: SPDXRef-openssl}
  - {spdxElementId: SPDXRef-zlib, relationshipType: DEPENDS_ON, relatedSpdxElement: NONE}
  - {spdxElementId: SPDXRef-zlib, relationshipType: BUILD_DEPENDENCY_OF, relatedSpdxElement: SPDXRef-fw}
`

const spdxTV = `# SPDX tag-value twin
SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: du-fw 1.0
DocumentNamespace: https://acme.example/spdx/du-fw-1.0
Creator: Organization: Acme RAN (sbom@acme.example)
Creator: Person: Jane Doe
Creator: Tool: fwgen-1.2.3
Created: 2026-01-02T03:04:05Z
Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-fw

PackageName: du-fw
SPDXID: SPDXRef-fw
PackageVersion: 1.0
PrimaryPackagePurpose: FIRMWARE
PackageSupplier: Organization: Acme RAN (psirt@acme.example)
PackageDownloadLocation: NOASSERTION
PackageChecksum: SHA256: AB00000000000000000000000000000000000000000000000000000000000000
PackageChecksum: SHA224: 00
ExternalRef: PACKAGE-MANAGER purl pkg:generic/acme/du-fw@1.0

PackageName: openssl
SPDXID: SPDXRef-openssl
PackageVersion: 3.0.13
PackageFileName: libssl.so.3
PackageSupplier: Organization: Huawei Technologies Co., Ltd.
PackageOriginator: Organization: OpenSSL Foundation (x@openssl.org)
PackageDownloadLocation: https://www.openssl.org/source/openssl-3.0.13.tar.gz
PackageHomePage: https://www.openssl.org
PackageLicenseConcluded: Apache-2.0
PackageLicenseDeclared: NOASSERTION
PackageCopyrightText: <text>Copyright (c) 1998-2024 The OpenSSL Project Authors</text>
ExternalRef: PACKAGE_MANAGER purl pkg:generic/openssl/openssl@3.0.13
ExternalRef: PACKAGE-MANAGER purl pkg:maven/com.huawei/openssl@3.0.13
ExternalRef: SECURITY cpe23Type cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*
ExternalRef: OTHER vcs https://github.com/openssl/openssl
PackageComment: <text>multi-line
comment: with a colon
</text>

PackageName: zlib
SPDXID: SPDXRef-zlib
PackageVersion: 1.3.1
PackageOriginator: Person: Mark Adler (madler@alumni.caltech.edu)
PackageDownloadLocation: git+https://github.com/madler/zlib
PackageCopyrightText: NONE
PackageSupplier: NOASSERTION

Relationship: SPDXRef-fw CONTAINS SPDXRef-openssl
Relationship: SPDXRef-openssl CONTAINS SPDXRef-zlib
Relationship: SPDXRef-fw DEPENDS_ON SPDXRef-openssl
Relationship: SPDXRef-zlib DEPENDENCY_OF SPDXRef-openssl
RelationshipComment: zlib is linked into libcrypto
Relationship: SPDXRef-zlib DEPENDS_ON NONE
Relationship: SPDXRef-zlib BUILD_DEPENDENCY_OF SPDXRef-fw

Annotator: Tool: fwgen
AnnotationDate: 2026-01-02T03:04:05Z
AnnotationType: OTHER
SPDXREF: SPDXRef-openssl
AnnotationComment: <text>ran:function=security
not a property</text>
`

// evidenceLines renders a component's own evidence as "field kind=value".
func evidenceLines(c *Component) []string {
	var out []string
	for _, e := range c.Evidence {
		out = append(out, fmt.Sprintf("%s %s=%s", e.Field, e.Kind, e.Value))
	}
	return out
}

func TestParseSPDXForms(t *testing.T) {
	for _, tt := range []struct {
		name   string
		data   string
		format Format
	}{
		{"json", spdxJSON, FormatSPDXJSON},
		{"yaml", spdxYAML, FormatSPDXYAML},
		{"tag-value", spdxTV, FormatSPDXTagValue},
		{"tag-value with CRLF", strings.ReplaceAll(spdxTV, "\n", "\r\n"), FormatSPDXTagValue},
		{"gzip json", string(gz(t, []byte(spdxJSON))), FormatSPDXJSON},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(context.Background(), "du.spdx", []byte(tt.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != tt.format || doc.SpecVersion != "SPDX-2.3" {
				t.Errorf("format %q %q, want %q SPDX-2.3", doc.Format, doc.SpecVersion, tt.format)
			}
			if len(doc.Problems) != 0 {
				t.Errorf("problems: %+v", doc.Problems)
			}
			// Structure: fw is the root, openssl under it, zlib under openssl.
			var got []string
			for _, c := range doc.Components {
				got = append(got, fmt.Sprintf("%d %s %s %s", c.Depth, c.Ref, c.Type, c.Label()))
			}
			want := []string{
				"0 SPDXRef-fw firmware du-fw@1.0",
				"1 SPDXRef-openssl library openssl@3.0.13",
				"2 SPDXRef-zlib library zlib@1.3.1",
			}
			if !slices.Equal(got, want) {
				t.Fatalf("components:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			fw, ossl, zlib := doc.Components[0], doc.Components[1], doc.Components[2]
			if doc.Root != fw || !fw.IsRoot || ossl.Parent != fw || zlib.Parent != ossl {
				t.Error("containment is wrong")
			}
			// Dependencies: fw → openssl, openssl → zlib (DEPENDENCY_OF),
			// zlib → nothing (NONE); BUILD_DEPENDENCY_OF is not mapped.
			wantDeps := map[string][]string{"SPDXRef-fw": {"SPDXRef-openssl"}, "SPDXRef-openssl": {"SPDXRef-zlib"}, "SPDXRef-zlib": nil}
			if len(doc.DependsOn) != len(wantDeps) {
				t.Errorf("DependsOn = %v", doc.DependsOn)
			}
			for k, v := range wantDeps {
				if got, ok := doc.DependsOn[k]; !ok || !slices.Equal(got, v) {
					t.Errorf("DependsOn[%s] = %v, want %v", k, got, v)
				}
			}
			if cs := doc.BOM.Compositions; cs == nil || len(*cs) != 1 || (*cs)[0].Aggregate != cdx.CompositionAggregateComplete ||
				!slices.Equal(*(*cs)[0].Dependencies, []cdx.BOMReference{"SPDXRef-zlib"}) {
				t.Errorf("compositions = %+v", doc.BOM.Compositions)
			}
			// Evidence: escapes decoded, e-mails split off, originator as
			// manufacturer (organisation) or author (person), the second
			// purl kept as identity evidence, NOASSERTION/NONE absent.
			wantEv := map[*Component][]string{
				// The creators describe the firmware itself: the root's own.
				fw: {"supplier.name name=Acme RAN", "supplier.contact.email domain=acme.example", "purl purl=generic/acme",
					"metadata.authors.name name=Acme RAN", "metadata.authors.email domain=acme.example", "metadata.authors.name name=Jane Doe"},
				ossl: {"supplier.name name=Huawei Technologies Co., Ltd.",
					"manufacturer.name name=OpenSSL Foundation", "manufacturer.contact.email domain=openssl.org",
					"purl purl=generic/openssl", "cpe cpe=openssl",
					"externalReference.url domain=www.openssl.org", "externalReference.url domain=www.openssl.org", "externalReference.url domain=github.com",
					"externalReference.url purl=github/openssl",
					"copyright name=The OpenSSL Project Authors", "evidence.identity purl=maven/com.huawei"},
				zlib: {"authors.name name=Mark Adler", "authors.email domain=alumni.caltech.edu", "externalReference.url domain=github.com",
					"externalReference.url purl=github/madler"},
			}
			for c, w := range wantEv {
				got := evidenceLines(c)
				sort.Strings(got)
				sort.Strings(w)
				if !slices.Equal(got, w) {
					t.Errorf("%s evidence:\n%s\nwant:\n%s", c.Label(), strings.Join(got, "\n"), strings.Join(w, "\n"))
				}
			}
			// Other fields.
			if len(fw.Hashes) != 1 || fw.Hashes[0] != (Hash{"SHA-256", "ab" + strings.Repeat("0", 62)}) {
				t.Errorf("fw hashes = %v (SHA224 has no CycloneDX algorithm and is dropped)", fw.Hashes)
			}
			if v, _ := ossl.PropertyValue("ran:function"); v != "security" {
				t.Errorf("ran:function = %q", v)
			}
			if v, _ := ossl.PropertyValue("bsi:component:filename"); v != "libssl.so.3" {
				t.Errorf("filename = %q", v)
			}
			if len(ossl.Properties) != 2 {
				t.Errorf("openssl properties = %v", ossl.Properties)
			}
			if l := ossl.CDX.Licenses; l == nil || len(*l) != 1 || (*l)[0].Expression != "Apache-2.0" || *(*l)[0].Acknowledgement != cdx.LicenseAcknowledgementConcluded {
				t.Errorf("licences = %+v", ossl.CDX.Licenses)
			}
			if zlib.CDX.Copyright != "" || zlib.CDX.Supplier != nil {
				t.Errorf("NONE/NOASSERTION must be absent: %+v", zlib.CDX)
			}
			if r := *zlib.CDX.ExternalReferences; r[0].Type != cdx.ERTypeVCS {
				t.Errorf("git+ download location type = %q", r[0].Type)
			}
			md := doc.BOM.Metadata
			if md.Timestamp != "2026-01-02T03:04:05Z" {
				t.Errorf("timestamp %q", md.Timestamp)
			}
			if a := *md.Authors; len(a) != 2 || a[0] != (cdx.OrganizationalContact{Name: "Acme RAN", Email: "sbom@acme.example"}) || a[1].Name != "Jane Doe" {
				t.Errorf("authors %+v", a)
			}
			if tl := *md.Tools.Components; len(tl) != 1 || tl[0].Name != "fwgen" || tl[0].Version != "1.2.3" {
				t.Errorf("tools %+v", tl)
			}
			if !slices.ContainsFunc(doc.MetadataEvidence, func(e Evidence) bool { return e.Value == "acme.example" }) {
				t.Errorf("metadata evidence %+v", doc.MetadataEvidence)
			}
			// "Organization:" says the creator is an organisation: its name
			// is matched by tokens; a "Person:" is matched as a whole name.
			for _, e := range fw.Evidence {
				if e.Field != FieldMetadataAuthorsName {
					continue
				}
				if !e.Person || e.Org != (e.Value == "Acme RAN") {
					t.Errorf("creator %q: person %v org %v", e.Value, e.Person, e.Org)
				}
			}
		})
	}
}

// TestSPDXTwin is issue 9's acceptance test at the sbom level: the SPDX 2.3
// twin of du-5g.cdx.json loads into the same components, containment,
// dependencies, properties and hashes, and every component's origin
// evidence matches, keyed by purl. What SPDX 2.3 cannot say is the only
// difference allowed: it has no supplier address (so no country), and the
// CycloneDX twin may carry extra reference URLs (VCS, release notes).
//
// du-5g-hr.spdx.json (testdata/sboms/spdx; its README says how it was made) is
// the twin of the high-risk DU: HiSilicon by name and URL, Huawei as
// manufacturer, ZTE as a fullwidth author.
func TestSPDXTwin(t *testing.T) {
	dir := filepath.Join("..", "testdata", "sboms")
	for _, tt := range []struct{ spdx, cdx string }{
		{"du-5g.spdx.json", "du-5g.cdx.json"},
		{filepath.Join("spdx", "du-5g-hr.spdx.json"), "du-5g-hr.cdx.json"},
	} {
		t.Run(tt.cdx, func(t *testing.T) { checkTwin(t, filepath.Join(dir, tt.spdx), filepath.Join(dir, tt.cdx)) })
	}
}

func checkTwin(t *testing.T, spdxFile, cdxFile string) {
	ctx := context.Background()
	s, err := Load(ctx, spdxFile, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(ctx, cdxFile, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Problems) != 0 || len(c.Problems) != 0 {
		t.Errorf("problems: spdx %+v cdx %+v", s.Problems, c.Problems)
	}
	if len(s.Components) != len(c.Components) {
		t.Fatalf("%d SPDX components, %d CycloneDX", len(s.Components), len(c.Components))
	}
	byPURL := func(d *Document) map[string]*Component {
		m := map[string]*Component{}
		for _, x := range d.Components {
			if x.PURL == "" {
				t.Errorf("%s: %s has no purl", d.Source, x.Label())
			}
			if _, dup := m[x.PURL]; dup {
				t.Errorf("%s: purl %s twice", d.Source, x.PURL)
			}
			m[x.PURL] = x
		}
		return m
	}
	sp, cp := byPURL(s), byPURL(c)
	purlOf := func(x *Component) string {
		if x == nil {
			return ""
		}
		return x.PURL
	}
	depPURLs := func(d *Document, x *Component) []string {
		var out []string
		for _, r := range d.DependsOn[x.Ref] {
			out = append(out, d.ByRef[r].PURL)
		}
		sort.Strings(out)
		return out
	}
	kv := func(ev []Evidence, skip func(Evidence) bool) []string {
		seen := map[string]bool{}
		var out []string
		for _, e := range ev {
			k := string(e.Kind) + "=" + e.Value
			if skip(e) || seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	for p, cc := range cp {
		sc := sp[p]
		if sc == nil {
			t.Errorf("%s is missing from the SPDX twin", p)
			continue
		}
		// SPDX 2.3 purposes have no "data", "device-driver", … .
		typeOK := sc.Type == cc.Type || !slices.Contains([]string{"application", "framework", "library", "container", "operating-system", "device", "firmware", "file"}, cc.Type)
		if sc.Name != cc.Name || sc.Version != cc.Version || !typeOK || sc.CPE != cc.CPE || sc.Depth != cc.Depth || sc.IsRoot != cc.IsRoot {
			t.Errorf("%s: SPDX %s %s %s %s depth %d, CycloneDX %s %s %s %s depth %d", p,
				sc.Name, sc.Version, sc.Type, sc.CPE, sc.Depth, cc.Name, cc.Version, cc.Type, cc.CPE, cc.Depth)
		}
		if purlOf(sc.Parent) != purlOf(cc.Parent) {
			t.Errorf("%s: parent %s in SPDX, %s in CycloneDX", p, purlOf(sc.Parent), purlOf(cc.Parent))
		}
		if a, b := depPURLs(s, sc), depPURLs(c, cc); !slices.Equal(a, b) {
			t.Errorf("%s: depends on %v in SPDX, %v in CycloneDX", p, a, b)
		}
		if !slices.Equal(sc.Hashes, cc.Hashes) {
			t.Errorf("%s: hashes %v vs %v", p, sc.Hashes, cc.Hashes)
		}
		for _, name := range []string{"ran:function"} {
			a, _ := sc.PropertyValue(name)
			b, _ := cc.PropertyValue(name)
			if a != b {
				t.Errorf("%s: %s %q vs %q", p, name, a, b)
			}
		}
		// Names, purls, CPEs: the same sets, but for what SPDX 2.3 has no
		// field for (contact names, postal addresses) and licence names
		// (SPDX names a licence by a LicenseRef identifier, CycloneDX by
		// its title).
		notDomainOrCountry := func(e Evidence) bool {
			switch e.Field {
			case FieldSupplierContact, FieldSupplierAddress, FieldManufacturerContact, FieldManufacturerAddress,
				FieldMetadataSupplierContact, FieldMetadataSupplierAddress, FieldMetadataManufacturerContact, FieldMetadataManufacturerAddress,
				FieldLicense, FieldMetadataAuthorsName:
				return true
			}
			// The organisation a code-hosting URL names comes with the
			// URL: supplier URLs SPDX has no field for, reference URLs the
			// CycloneDX twin may have alone.
			if e.Kind == KindPURL && e.Field != FieldPURL && e.Field != FieldEvidenceIdentity {
				return true
			}
			return e.Kind == KindDomain || e.Kind == KindCountry
		}
		if a, b := kv(sc.Evidence, notDomainOrCountry), kv(cc.Evidence, notDomainOrCountry); !slices.Equal(a, b) {
			t.Errorf("%s: evidence differs:\nSPDX      %v\nCycloneDX %v", p, a, b)
		}
		// Domains: every SPDX domain is in the CycloneDX twin, and every
		// CycloneDX supplier/manufacturer/author domain is in SPDX.
		sd := kv(sc.Evidence, func(e Evidence) bool { return e.Kind != KindDomain })
		cd := kv(cc.Evidence, func(e Evidence) bool { return e.Kind != KindDomain })
		for _, d := range sd {
			if !slices.Contains(cd, d) {
				t.Errorf("%s: SPDX domain %s is not in the CycloneDX twin", p, d)
			}
		}
		for _, e := range cc.Evidence {
			if e.Kind == KindDomain && e.Field != FieldExternalReference && e.Field != FieldSupplierURL && e.Field != FieldManufacturerURL &&
				!slices.Contains(sd, "domain="+e.Value) {
				t.Errorf("%s: CycloneDX %s %s is not in the SPDX twin", p, e.Field, e.Value)
			}
		}
		if kv(sc.Evidence, func(e Evidence) bool { return e.Kind != KindCountry }) != nil {
			t.Errorf("%s: SPDX 2.3 evidence has a country", p)
		}
	}
}

func TestParseSPDXBadInput(t *testing.T) {
	pkg := func(id, extra string) string {
		return `{"name":"` + id + `","SPDXID":"SPDXRef-` + id + `","downloadLocation":"NOASSERTION"` + extra + `}`
	}
	doc := func(pkgs, rels string) string {
		return `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","creationInfo":{"created":"2026-01-01T00:00:00Z","creators":["Tool: x"]},` +
			`"packages":[` + pkgs + `],"relationships":[` + rels + `]}`
	}
	rel := func(a, typ, b string) string {
		return `{"spdxElementId":"` + a + `","relationshipType":"` + typ + `","relatedSpdxElement":"` + b + `"}`
	}
	tests := []struct {
		name string
		data string
		lim  Limits
		want error
		msg  string
	}{
		{"truncated json", spdxJSON[:len(spdxJSON)/2], Limits{}, ErrTruncated, "truncated"},
		{"wrong type", doc(pkg("a", `,"versionInfo":7`), ""), Limits{}, ErrSyntax, "at /packages/0/versionInfo: a number where a string is expected"},
		{"wrong type for packages", `{"spdxVersion":"SPDX-2.3","packages":{"name":"a"}}`, Limits{}, ErrSyntax, "an object where an array is expected"},
		{"duplicate key", `{"spdxVersion":"SPDX-2.3","packages":[{"name":"a","supplier":"Organization: A","supplier":"Organization: B"}]}`, Limits{}, ErrDuplicateKey, `duplicate JSON key "supplier"`},
		{"invalid utf-8", `{"spdxVersion":"SPDX-2.3","packages":[{"name":"a` + "\xff" + `"}]}`, Limits{}, ErrInvalidUTF8, "invalid UTF-8"},
		{"unsupported version", `{"spdxVersion":"SPDX-3.0","SPDXID":"SPDXRef-DOCUMENT"}`, Limits{}, ErrSyntax, `unsupported SPDX version "SPDX-3.0"`},
		{"long string", doc(pkg("a", `,"supplier":"Organization: `+strings.Repeat("x", 2000)+`"`), ""), Limits{MaxStringBytes: 1000}, ErrTooLarge, "longer than the limit"},
		{"too many packages", doc(pkg("a", "")+","+pkg("b", "")+","+pkg("c", ""), ""), Limits{MaxComponents: 2}, ErrTooMany, "limit of 2 components"},
		{"too many edges", doc(pkg("a", "")+","+pkg("b", ""), rel("SPDXRef-a", "DEPENDS_ON", "SPDXRef-b")+","+rel("SPDXRef-b", "DEPENDS_ON", "SPDXRef-a")), Limits{MaxDependencyEdges: 1}, ErrTooMany, "limit of 1 dependency edges"},
		{"contains too deep", func() string {
			var ps, rs []string
			for i := 0; i < 70; i++ {
				ps = append(ps, pkg(fmt.Sprint("p", i), ""))
				if i > 0 {
					rs = append(rs, rel(fmt.Sprint("SPDXRef-p", i-1), "CONTAINS", fmt.Sprint("SPDXRef-p", i)))
				}
			}
			return doc(strings.Join(ps, ","), strings.Join(rs, ","))
		}(), Limits{}, ErrTooDeep, "limit of 64 levels"},
		{"yaml duplicate key", "spdxVersion: SPDX-2.3\npackages:\n  - name: a\n    name: b\n", Limits{}, ErrDuplicateKey, "duplicate key \"name\""},
		{"yaml wrong type", "spdxVersion: SPDX-2.3\npackages: {name: a}\n", Limits{}, ErrSyntax, "invalid SPDX YAML"},
		{"tag-value unterminated text", "SPDXVersion: SPDX-2.3\nPackageName: a\nPackageComment: <text>never closed\n", Limits{}, ErrTruncated, "never closed"},
		{"tag-value no colon", "SPDXVersion: SPDX-2.3\nPackageName: a\nnot a tag line\n", Limits{}, ErrSyntax, "line 3 is not"},
		{"tag-value repeated tag", "SPDXVersion: SPDX-2.3\nPackageName: a\nPackageSupplier: Organization: A\nPackageSupplier: Organization: B\n", Limits{}, ErrDuplicateKey, "PackageSupplier repeated on line 4"},
		{"tag-value bad relationship", "SPDXVersion: SPDX-2.3\nRelationship: SPDXRef-a CONTAINS\n", Limits{}, ErrSyntax, "three fields"},
		{"tag-value invalid utf-8", "SPDXVersion: SPDX-2.3\nPackageName: a\xff\n", Limits{}, ErrInvalidUTF8, "line 2"},
		{"tag-value long text", "SPDXVersion: SPDX-2.3\nPackageName: a\nPackageComment: <text>" + strings.Repeat("x\n", 1000) + "</text>\n", Limits{MaxStringBytes: 1000}, ErrTooLarge, "PackageComment on line 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse(context.Background(), "in.spdx", []byte(tt.data), Options{Limits: tt.lim})
			if err == nil {
				t.Fatalf("no error; %d components", len(d.Components))
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("error %q is not %v", err, tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != "in.spdx" {
				t.Errorf("error %q is not a ParseError naming the file", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "sbom: parse in.spdx") || !strings.Contains(msg, tt.msg) || strings.ContainsAny(msg, "\r\n") {
				t.Errorf("message %q: want one line naming the file and containing %q", msg, tt.msg)
			}
		})
	}
}

// TestParseSPDXProblems: structural defects load, and are reported.
func TestParseSPDXProblems(t *testing.T) {
	pkg := func(id string) string {
		return `{"name":"` + id + `","SPDXID":"SPDXRef-` + id + `","downloadLocation":"NOASSERTION"}`
	}
	rel := func(a, typ, b string) string {
		return `{"spdxElementId":"SPDXRef-` + a + `","relationshipType":"` + typ + `","relatedSpdxElement":"SPDXRef-` + b + `"}`
	}
	doc := func(pkgs []string, rels ...string) string {
		return `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","documentDescribes":["SPDXRef-fw"],` +
			`"packages":[` + strings.Join(pkgs, ",") + `],"relationships":[` + strings.Join(rels, ",") + `]}`
	}
	tests := []struct {
		name     string
		data     string
		problems []ProblemKind
		labels   []string // "depth name" in document order
	}{
		{"contains cycle", doc([]string{pkg("fw"), pkg("a"), pkg("b"), pkg("c")},
			rel("a", "CONTAINS", "b"), rel("b", "CONTAINS", "c"), rel("c", "CONTAINS", "a")),
			[]ProblemKind{ProblemContainmentCycle}, []string{"0 fw", "1 a", "2 b", "3 c"}},
		{"cycle through the root", doc([]string{pkg("fw"), pkg("a")},
			rel("fw", "CONTAINS", "a"), rel("a", "CONTAINS", "fw")),
			[]ProblemKind{ProblemMultipleContainers}, []string{"0 fw", "1 a"}},
		{"self containment", doc([]string{pkg("fw"), pkg("a")}, rel("a", "CONTAINS", "a")),
			[]ProblemKind{ProblemContainmentCycle}, []string{"0 fw", "1 a"}},
		{"two containers", doc([]string{pkg("fw"), pkg("a"), pkg("b"), pkg("x")},
			rel("a", "CONTAINS", "x"), rel("b", "CONTAINS", "x")),
			[]ProblemKind{ProblemMultipleContainers}, []string{"0 fw", "1 a", "2 x", "1 b"}},
		{"unknown SPDXIDs", doc([]string{pkg("fw"), pkg("a")},
			rel("a", "CONTAINS", "ghost"), rel("fw", "DEPENDS_ON", "ghost"), rel("ghost", "DEPENDS_ON", "a"), rel("a", "CONTAINED_BY", "nobody")),
			[]ProblemKind{ProblemDanglingRef, ProblemDanglingRef, ProblemDanglingRef, ProblemDanglingRef}, []string{"0 fw", "1 a"}},
		{"external document", doc([]string{pkg("fw")},
			`{"spdxElementId":"SPDXRef-fw","relationshipType":"DEPENDS_ON","relatedSpdxElement":"DocumentRef-other:SPDXRef-x"}`),
			[]ProblemKind{ProblemExternalDocumentRef}, []string{"0 fw"}},
		{"described package missing", strings.Replace(doc([]string{pkg("a")}), "SPDXRef-fw", "SPDXRef-gone", 1),
			[]ProblemKind{ProblemDanglingRef, ProblemNoRoot}, []string{"1 a"}},
		{"duplicate SPDXID", doc([]string{pkg("fw"), pkg("a"), pkg("a")}),
			[]ProblemKind{ProblemDuplicateRef}, []string{"0 fw", "1 a", "1 a"}},
		{"NOASSERTION everywhere", `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","documentDescribes":["NOASSERTION"],
			"creationInfo":{"created":"NOASSERTION","creators":["NOASSERTION","Organization: NOASSERTION"]},
			"packages":[{"name":"a","SPDXID":"SPDXRef-a","versionInfo":"NOASSERTION","supplier":"NOASSERTION","originator":"NOASSERTION",
			  "downloadLocation":"NOASSERTION","homepage":"NOASSERTION","licenseConcluded":"NOASSERTION","licenseDeclared":"NONE",
			  "copyrightText":"NOASSERTION","externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"NOASSERTION"}]}],
			"relationships":[{"spdxElementId":"SPDXRef-a","relationshipType":"DEPENDS_ON","relatedSpdxElement":"NOASSERTION"},
			  {"spdxElementId":"NOASSERTION","relationshipType":"CONTAINS","relatedSpdxElement":"SPDXRef-a"}]}`,
			[]ProblemKind{ProblemNoRoot}, []string{"1 a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse(context.Background(), "p.spdx.json", []byte(tt.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			var kinds []ProblemKind
			for _, p := range d.Problems {
				kinds = append(kinds, p.Kind)
				if p.Message == "" || strings.ContainsAny(p.Message, "\r\n") {
					t.Errorf("problem message %q", p.Message)
				}
			}
			slices.Sort(kinds)
			want := slices.Clone(tt.problems)
			slices.Sort(want)
			if !slices.Equal(kinds, want) {
				t.Errorf("problems %v, want %v: %+v", kinds, want, d.Problems)
			}
			var labels []string
			for _, c := range d.Components {
				labels = append(labels, fmt.Sprint(c.Depth, " ", c.Name))
			}
			if !slices.Equal(labels, tt.labels) {
				t.Errorf("components %v, want %v", labels, tt.labels)
			}
		})
	}
	// NOASSERTION everywhere leaves no evidence, no timestamp, no authors.
	d, err := Parse(context.Background(), "p.spdx.json", []byte(tests[len(tests)-1].data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := d.Components[0]
	if len(c.Evidence) != 0 || c.Version != "" || c.PURL != "" || c.CDX.Licenses != nil || c.CDX.ExternalReferences != nil {
		t.Errorf("NOASSERTION component: %+v evidence %v", c.CDX, c.Evidence)
	}
	if md := d.BOM.Metadata; md.Timestamp != "" || md.Authors != nil || len(d.MetadataEvidence) != 0 {
		t.Errorf("NOASSERTION metadata: %+v", md)
	}
	if cs := d.BOM.Compositions; cs == nil || (*cs)[0].Aggregate != cdx.CompositionAggregateUnknown {
		t.Errorf("DEPENDS_ON NOASSERTION: compositions %+v", cs)
	}
}

func TestSplitSPDXParty(t *testing.T) {
	for _, tt := range []struct{ in, typ, name, email string }{
		{"Organization: Acme (a@acme.example)", "Organization", "Acme", "a@acme.example"},
		{"Person: Jane Doe", "Person", "Jane Doe", ""},
		{"Organization: Acme (Europe) GmbH", "Organization", "Acme (Europe) GmbH", ""},
		{"Organization: Acme (Europe)", "Organization", "Acme (Europe)", ""},
		{"Organization: Acme ()", "Organization", "Acme", ""},
		{"  NOASSERTION ", "", "", ""},
		{"Organization: NOASSERTION", "Organization", "", ""},
		{"Acme Corp", "", "Acme Corp", ""},
		{"Vendor: Acme", "", "Vendor: Acme", ""},
		{"Tool: syft-1.2.0", "Tool", "syft-1.2.0", ""},
	} {
		typ, name, email := splitSPDXParty(tt.in)
		if typ != tt.typ || name != tt.name || email != tt.email {
			t.Errorf("splitSPDXParty(%q) = %q %q %q, want %q %q %q", tt.in, typ, name, email, tt.typ, tt.name, tt.email)
		}
	}
	for _, tt := range []struct{ in, name, version string }{
		{"syft-1.2.0", "syft", "1.2.0"}, {"ars-sbom-assembler-3.4.0", "ars-sbom-assembler", "3.4.0"}, {"my-tool", "my-tool", ""}, {"tool-", "tool-", ""},
	} {
		if n, v := splitToolVersion(tt.in); n != tt.name || v != tt.version {
			t.Errorf("splitToolVersion(%q) = %q %q", tt.in, n, v)
		}
	}
}

// TestSPDXTagValueTwin: the tag-value form of the du-5g twin
// (testdata/sboms/spdx/du-5g.spdx) loads into exactly what the JSON form
// does.
func TestSPDXTagValueTwin(t *testing.T) {
	ctx := context.Background()
	j, err := Load(ctx, filepath.Join("..", "testdata", "sboms", "du-5g.spdx.json"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	tv, err := Load(ctx, filepath.Join("..", "testdata", "sboms", "spdx", "du-5g.spdx"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tv.Format != FormatSPDXTagValue || len(tv.Problems) != 0 {
		t.Errorf("format %s problems %+v", tv.Format, tv.Problems)
	}
	render := func(d *Document) []string {
		var out []string
		for _, c := range d.Components {
			parent := ""
			if c.Parent != nil {
				parent = c.Parent.Ref
			}
			out = append(out, fmt.Sprintf("%s %s %s %s %s %d %s %s %v %v %v deps=%v desc=%q",
				c.Ref, c.Type, c.Name, c.Version, parent, c.Depth, c.PURL, c.CPE, c.Hashes, c.Properties, evidenceLines(c), d.DependsOn[c.Ref], c.CDX.Description))
		}
		out = append(out, fmt.Sprint(d.MetadataEvidence), d.BOM.Metadata.Timestamp)
		return out
	}
	a, b := render(j), render(tv)
	if len(a) != len(b) {
		t.Fatalf("%d vs %d lines", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("JSON:      %s\ntag-value: %s", a[i], b[i])
		}
	}
}

// genSPDX writes an SPDX JSON document with n packages: the first is
// described and CONTAINS all others, each depends on the next, and the
// first also depends on every other one (a wide node).
func genSPDX(n int, cycle bool) []byte {
	var b strings.Builder
	b.WriteString(`{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","documentDescribes":["SPDXRef-p0"],"packages":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"name":"p%d","SPDXID":"SPDXRef-p%d","versionInfo":"1.%d","supplier":"Organization: Vendor %d (psirt@v%d.example)",`+
			`"downloadLocation":"NOASSERTION","externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:generic/v%d/p%d@1"}]}`, i, i, i, i%50, i%50, i%50, i)
	}
	b.WriteString(`],"relationships":[`)
	for i := 1; i < n; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		from := "p0"
		if cycle && i > 1 {
			from = fmt.Sprint("p", i-1) // p1 ⊃ p2 ⊃ … ⊃ p(n-1) ⊃ p1
		}
		if !cycle || i > 1 {
			fmt.Fprintf(&b, `{"spdxElementId":"SPDXRef-%s","relationshipType":"CONTAINS","relatedSpdxElement":"SPDXRef-p%d"},`, from, i)
		}
		fmt.Fprintf(&b, `{"spdxElementId":"SPDXRef-p0","relationshipType":"DEPENDS_ON","relatedSpdxElement":"SPDXRef-p%d"},`, i)
		fmt.Fprintf(&b, `{"spdxElementId":"SPDXRef-p%d","relationshipType":"DEPENDS_ON","relatedSpdxElement":"SPDXRef-p%d"}`, i, (i+1)%n)
	}
	if cycle {
		fmt.Fprintf(&b, `,{"spdxElementId":"SPDXRef-p%d","relationshipType":"CONTAINS","relatedSpdxElement":"SPDXRef-p1"}`, n-1)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

func TestParseSPDXLarge(t *testing.T) {
	d, err := Parse(context.Background(), "big.spdx.json", genSPDX(5000, false), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Components) != 5000 || len(d.DependsOn["SPDXRef-p0"]) != 4999 || d.Components[4999].Depth != 1 {
		t.Errorf("%d components, p0 depends on %d", len(d.Components), len(d.DependsOn["SPDXRef-p0"]))
	}
	// A CONTAINS cycle through 2 999 packages: one problem, a short
	// message, and the cycle is broken at its first member, which is placed
	// at the top level.
	d, err = Parse(context.Background(), "cycle.spdx.json", genSPDX(3000, true), Options{Limits: Limits{MaxDepth: 5000}})
	if err != nil {
		t.Fatal(err)
	}
	var cyc []Problem
	for _, p := range d.Problems {
		if p.Kind == ProblemContainmentCycle {
			cyc = append(cyc, p)
		}
	}
	if len(cyc) != 1 || len(cyc[0].Message) > 1000 || cyc[0].Ref != "SPDXRef-p1" || !strings.Contains(cyc[0].Message, "(SPDXRef-p1 contains SPDXRef-p2 contains SPDXRef-p3 contains") || !strings.Contains(cyc[0].Message, "… 2991 more contains SPDXRef-p1)") {
		t.Errorf("cycle problems %+v", cyc)
	}
	if len(d.Components) != 3000 || d.Components[len(d.Components)-1].Depth != 2999 {
		t.Errorf("%d components, last at depth %d", len(d.Components), d.Components[len(d.Components)-1].Depth)
	}
}

// BenchmarkParseSPDX parses a generated 100 000-package SPDX JSON document
// (one package depends on all others).
func BenchmarkParseSPDX(b *testing.B) {
	data := genSPDX(100000, false)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(context.Background(), "big.spdx.json", data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
