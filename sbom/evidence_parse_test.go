package sbom

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
)

func TestEmailAddresses(t *testing.T) {
	tests := []struct {
		in   string
		want []string // "name|domain"
	}{
		{"psirt@huawei.com", []string{"|huawei.com"}},
		{"PSIRT@Huawei.COM.", []string{"|huawei.com"}},
		{`"Acme" <a@acme.example>, b@huawei.com (PSIRT)`, []string{"Acme|acme.example", "PSIRT|huawei.com"}}, // a comment names the address
		{"Jane Doe <jane@example.org>", []string{"Jane Doe|example.org"}},
		{"security: a@zte.com.cn, b@acme.example;", []string{"|zte.com.cn", "|acme.example"}},
		{"mailto:psirt@hisilicon.com?subject=vuln", []string{"|hisilicon.com"}},
		{"mailto:a@x.example,b@huawei.com", []string{"|x.example", "|huawei.com"}},
		{"  ", nil},
		{"no address at all", nil},
		// net/mail refuses these; every @domain still counts.
		{"a@huawei.com <unclosed", []string{"|huawei.com"}},
		{"x@acme.example;y@zte.com.cn", []string{"|acme.example", "|zte.com.cn"}},
		{`"unterminated@quote b@huawei.com`, []string{"|quote", "|huawei.com"}},
		{"Li Wei <li.wei@huawei.com> [lead]", []string{"Li Wei|huawei.com"}},
		{"ops@@huawei.com", []string{"|", "|huawei.com"}},
	}
	for _, tt := range tests {
		var got []string
		emailAddresses(tt.in, func(name, _, domain string) { got = append(got, name+"|"+domain) })
		if !slices.Equal(got, tt.want) {
			t.Errorf("emailAddresses(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A list longer than the limit stops, and says so.
	long := strings.Repeat("x@acme.example, ", maxValueItems) + "z@huawei.com"
	n := 0
	if emailAddresses(long, func(string, string, string) { n++ }) || n != maxValueItems {
		t.Errorf("long list: %d addresses read, want a stop at %d", n, maxValueItems)
	}
}

func TestURLParts(t *testing.T) {
	tests := []struct{ in, host, path string }{
		{"https://www.Huawei.com/en/", "www.huawei.com", "/en/"},
		{"git+https://github.com/openssl/openssl", "github.com", "/openssl/openssl"},
		{"git@github.com:huaweicloud/l1.git", "github.com", "huaweicloud/l1.git"},
		{"scm:git:https://github.com/apache/commons-io.git", "github.com", "/apache/commons-io.git"},
		{"scm:git:git@gitee.com:openharmony/kernel.git", "gitee.com", "openharmony/kernel.git"},
		{"//cdn.huawei.com/x.js", "cdn.huawei.com", "/x.js"},
		{"mailto:psirt@zte.com.cn", "zte.com.cn", ""},
		{"psirt@zte.com.cn", "zte.com.cn", ""},
		// No scheme: a URL when the first segment is a host name.
		{"www.vendor.example/x", "www.vendor.example", "/x"},
		{"huawei.com/path", "huawei.com", "/path"},
		{"huawei.com", "huawei.com", ""},
		{"download.huawei.com:8443/l1.tgz", "download.huawei.com", "/l1.tgz"},
		{"repo.example.co.uk?x=1", "repo.example.co.uk", "?x=1"},
		{"README", "", ""},
		{"README.md/x", "readme.md", "/x"}, // .md is a country domain: a URL field holds URLs
		{"v1.2", "", ""},
		{"main.go", "", ""},
		{"index.html", "", ""},
		{"not a url", "", ""},
		{"10.0.0.1/x", "", ""},
		{"Platform/Hisilicon/Bsp.inf", "", ""},
		{"../relative/path", "", ""},
		{"-bad.com/x", "", ""},
		{"a..b.com", "", ""},
		{"huawei.com:notaport/x", "", ""},
		{"javascript:alert(1)", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		h, p := urlParts(tt.in)
		if h != tt.host || (tt.host != "" && p != tt.path) {
			t.Errorf("urlParts(%q) = %q %q, want %q %q", tt.in, h, p, tt.host, tt.path)
		}
	}
}

func TestCodeHostOrg(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://github.com/Huawei/l1-phy", "github/huawei"},
		{"https://github.com/huaweicloud/huaweicloud-sdk-go-v3.git", "github/huaweicloud"},
		{"git+https://github.com/huaweicloud/x.git@v1", "github/huaweicloud"},
		{"git@github.com:huaweicloud/x.git", "github/huaweicloud"},
		{"https://www.github.com/zte/x", "github/zte"},
		{"https://raw.githubusercontent.com/Huawei/x/main/README", "github/huawei"},
		{"https://api.github.com/repos/huawei/x", "github/huawei"},
		{"https://huawei.github.io/docs/", "github/huawei"},
		{"https://gitlab.com/zte-group/ran/l1/-/tree/main", "gitlab/zte-group/ran"},
		{"https://gitlab.com/zte", "gitlab/zte"},
		{"https://bitbucket.org/hisilicon/bsp", "bitbucket/hisilicon"},
		{"https://gitee.com/openharmony/kernel_linux", "gitee/openharmony"},
		{"https://codeberg.org/forgejo/forgejo", "codeberg/forgejo"},
		{"https://git.sr.ht/~sircmpwn/scdoc", "sourcehut/sircmpwn"},
		{"https://gitcode.com/openharmony/x", "gitcode/openharmony"},
		{"github.com/huaweicloud/x", "github/huaweicloud"},
		{"https://github.com/", ""},
		{"https://github.com", ""},
		{"https://example.com/huawei/x", ""},
		{"https://github.com.evil.example/huawei/x", ""},
	}
	for _, tt := range tests {
		h, p := urlParts(tt.url)
		if got := codeHostOrg(h, p); got != tt.want {
			t.Errorf("codeHostOrg(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
	for in, want := range map[string]string{
		"github.com/huaweicloud/huaweicloud-sdk-go-v3": "github/huaweicloud",
		"gitee.com/openeuler/x":                        "gitee/openeuler",
		"golang.org/x/net":                             "",
		"example.com":                                  "",
	} {
		if got := goModuleOrg(in); got != want {
			t.Errorf("goModuleOrg(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"io.github.huaweicloud":     "github/huaweicloud",
		"com.github.zte.ran":        "github/zte",
		"io.gitlab.acme":            "gitlab/acme",
		"com.huawei":                "",
		"io.github.":                "",
		"org.apache.commons.github": "",
	} {
		if got := mavenCodeHostOrg(in); got != want {
			t.Errorf("mavenCodeHostOrg(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPurlQualifiersAndLicenseRefs(t *testing.T) {
	var got []string
	purlQualifiers("pkg:generic/x@1?arch=arm64&download_url=https%3A%2F%2Fdownload.huawei.com%2Fx.tgz&VCS_URL=git%2Bhttps%3A%2F%2Fgithub.com%2Fzte%2Fx&checksum=sha256:ab&mirror=https://m.example/x#sub", func(k, v string) {
		got = append(got, k+"="+v)
	})
	want := []string{"download_url=https://download.huawei.com/x.tgz", "vcs_url=git+https://github.com/zte/x", "mirror=https://m.example/x"}
	if !slices.Equal(got, want) {
		t.Errorf("qualifiers %q, want %q", got, want)
	}
	got = nil
	licenseRefs("(Apache-2.0 OR LicenseRef-Huawei-EULA) AND DocumentRef-bsp:LicenseRef-HiSilicon.BSP licenseref-zte_sdk", func(n string) { got = append(got, licenseRefName(n)) })
	if want := []string{"Huawei EULA", "HiSilicon BSP", "zte sdk"}; !slices.Equal(got, want) {
		t.Errorf("licenceRefs %q, want %q", got, want)
	}
}

// TestExtractNewShapes checks the evidence of the shapes the field map
// added, item by item.
func TestExtractNewShapes(t *testing.T) {
	lines := func(ev []Evidence) []string {
		var out []string
		for _, e := range ev {
			s := fmt.Sprintf("%s %s=%s", e.Field, e.Kind, e.Value)
			if e.Person {
				s += " person"
			}
			if e.Org {
				s += " org"
			}
			out = append(out, s)
		}
		return out
	}
	tests := []struct {
		name string
		c    cdx.Component
		want []string
	}{
		{"author with address list", cdx.Component{Author: `Huawei Device <oss@acme.example>, Li Wei <li@zte.com.cn>`},
			[]string{"author domain=acme.example", "author name=Huawei Device person org", "author domain=zte.com.cn", "author name=Li Wei person org"}},
		{"author with a URL", cdx.Component{Author: "Hisilicon (https://www.hisilicon.com)"},
			[]string{"author domain=www.hisilicon.com", "author name=Hisilicon person org"}},
		{"author plain", cdx.Component{Author: "Zhang Dahua"}, []string{"author name=Zhang Dahua person"}},
		{"supplier url on a code host", cdx.Component{Supplier: &cdx.OrganizationalEntity{Name: "CESNET", URL: &[]string{"https://github.com/CESNET"}}},
			[]string{"supplier.name name=CESNET", "supplier.url domain=github.com", "supplier.url purl=github/cesnet"}},
		{"golang purl", cdx.Component{PackageURL: "pkg:golang/github.com/huaweicloud/huaweicloud-sdk-go-v3@v0.1.120"},
			[]string{"purl purl=golang/github.com/huaweicloud", "purl purl=github/huaweicloud"}},
		{"maven purl with a code-host group", cdx.Component{PackageURL: "pkg:maven/io.github.huaweicloud/esdk@3.1"},
			[]string{"purl purl=maven/io.github.huaweicloud", "purl purl=github/huaweicloud"}},
		{"purl qualifiers", cdx.Component{PackageURL: "pkg:deb/debian/openssl@3.0.11?arch=amd64&repository_url=https%3A%2F%2Fmirrors.huaweicloud.com%2Fdebian"},
			[]string{"purl purl=deb/debian", "purl.qualifier domain=mirrors.huaweicloud.com"}},
		{"reference that is a purl", cdx.Component{ExternalReferences: &[]cdx.ExternalReference{{Type: cdx.ERTypeOther, URL: "pkg:maven/com.zte/x@1"}}},
			[]string{"externalReference.url purl=maven/com.zte"}},
		{"reference that is a CPE", cdx.Component{ExternalReferences: &[]cdx.ExternalReference{{Type: cdx.ERTypeOther, URL: "cpe:2.3:a:zte:x:1:*:*:*:*:*:*:*"}}},
			[]string{"externalReference.url cpe=zte"}},
		{"copyright holders are distinct", cdx.Component{Copyright: "Copyright 2020 Acme\nCopyright 2021 Acme\n(c) 2022 ZTE Corporation"},
			[]string{"copyright name=Acme", "copyright name=ZTE Corporation"}},
		{"group", cdx.Component{Group: "com.zte.ran"}, []string{"group name=com.zte.ran"}},
		{"evidence identity group and swid", cdx.Component{Evidence: &cdx.Evidence{Identity: &cdx.EvidenceIdentityChoice{Identities: &[]cdx.EvidenceIdentity{
			{Field: cdx.EvidenceIdentityFieldTypeGroup, ConcludedValue: "com.zte"}, {Field: cdx.EvidenceIdentityFieldTypeSWID, ConcludedValue: "regid.2001-01.cn.com.zte"}}}}},
			[]string{"evidence.identity.group name=com.zte", "evidence.identity domain=zte.com.cn"}},
		{"contact names are people", cdx.Component{Supplier: &cdx.OrganizationalEntity{Name: "Acme", Contact: &[]cdx.OrganizationalContact{{Name: "Zhang Dahua", Email: `"Acme PSIRT" <psirt@acme.example>`}}}},
			[]string{"supplier.name name=Acme", "supplier.contact.name name=Zhang Dahua person", "supplier.contact.email domain=acme.example", "supplier.contact.name name=Acme PSIRT person"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lines(ExtractEvidence(&tt.c)); !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// parseOne parses a CycloneDX JSON document with one component and
// returns it.
func parseOne(t *testing.T, comp string) (*Document, *Component) {
	t.Helper()
	data := `{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{"component":{"type":"firmware","bom-ref":"fw","name":"fw"}},"components":[` + comp + `]}`
	doc, err := Parse(context.Background(), "t.cdx.json", []byte(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return doc, doc.ByRef["x"]
}

func problemKinds(doc *Document) []ProblemKind {
	var out []ProblemKind
	for _, p := range doc.Problems {
		if p.Kind == ProblemEvidenceTruncated || p.Kind == ProblemEvidenceUnreadable {
			out = append(out, p.Kind)
		}
	}
	return out
}

// TestEvidenceLimitsAreProblems: where a limit stops extraction, or a value
// cannot be decoded, the component gets a document problem and is marked
// incomplete; what was read before still counts.
func TestEvidenceLimitsAreProblems(t *testing.T) {
	var holders, entities, addrs strings.Builder
	for i := 0; i <= maxValueItems; i++ {
		fmt.Fprintf(&holders, "Copyright 2024 Holder %d\\n", i)
		fmt.Fprintf(&entities, `<Entity name="Entity %d"/>`, i)
		fmt.Fprintf(&addrs, "a%d@acme.example, ", i)
	}
	swid := func(text string) string {
		return `{"type":"library","bom-ref":"x","name":"x","swid":{"tagId":"x","name":"x","text":` + text + `}}`
	}
	tests := []struct {
		name string
		comp string
		kind ProblemKind
	}{
		{"copyright holders", `{"type":"library","bom-ref":"x","name":"x","copyright":"` + holders.String() + `Copyright Huawei"}`, ProblemEvidenceTruncated},
		{"SWID entities", swid(`{"content":` + quoteJSON(`<SoftwareIdentity>`+entities.String()+`</SoftwareIdentity>`) + `}`), ProblemEvidenceTruncated},
		{"addresses", `{"type":"library","bom-ref":"x","name":"x","supplier":{"name":"Acme","contact":[{"email":"` + addrs.String() + `"}]}}`, ProblemEvidenceTruncated},
		{"SWID base64", swid(`{"encoding":"base64","content":"!!not base64!!"}`), ProblemEvidenceUnreadable},
		{"SWID unknown encoding", swid(`{"encoding":"uuencode","content":"x"}`), ProblemEvidenceUnreadable},
		{"SWID unknown charset (content type)", swid(`{"contentType":"application/swid+xml; charset=x-klingon","content":"<SoftwareIdentity/>"}`), ProblemEvidenceUnreadable},
		{"SWID unknown charset (declaration)", swid(`{"content":` + quoteJSON(`<?xml version="1.0" encoding="x-klingon"?><SoftwareIdentity/>`) + `}`), ProblemEvidenceUnreadable},
		{"SWID not XML", swid(`{"content":"<SoftwareIdentity><Entity name=\"Huawei\"></SoftwareIdentity>"}`), ProblemEvidenceUnreadable},
		{"SWID DOCTYPE", swid(`{"content":` + quoteJSON(`<!DOCTYPE x [<!ENTITY e "Huawei">]><SoftwareIdentity><Entity name="&e;"/></SoftwareIdentity>`) + `}`), ProblemEvidenceUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, c := parseOne(t, tt.comp)
			if !c.EvidenceIncomplete {
				t.Error("not marked incomplete")
			}
			if got := problemKinds(doc); !slices.Equal(got, []ProblemKind{tt.kind}) {
				t.Errorf("problems %v (%+v), want [%s]", got, doc.Problems, tt.kind)
			}
			for _, p := range doc.Problems {
				if p.Kind == tt.kind && (p.Ref != "x" || !strings.Contains(p.Message, "at least unknown")) {
					t.Errorf("problem %+v", p)
				}
			}
		})
	}
	// A complete component is not marked.
	if doc, c := parseOne(t, `{"type":"library","bom-ref":"x","name":"x","copyright":"Copyright Acme"}`); c.EvidenceIncomplete || len(problemKinds(doc)) != 0 {
		t.Errorf("complete component marked: %+v", doc.Problems)
	}
	// What was read before the failure counts: the first entity.
	_, c := parseOne(t, swid(`{"content":`+quoteJSON(`<SoftwareIdentity><Entity name="Huawei"/><Entity name="x"></SoftwareIdentity>`)+`}`))
	if !slices.ContainsFunc(c.Evidence, func(e Evidence) bool { return e.Value == "Huawei" }) {
		t.Errorf("entity before the XML error lost: %+v", c.Evidence)
	}
}

func quoteJSON(s string) string {
	b := []byte{'"'}
	for _, r := range s {
		switch r {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		default:
			b = append(b, string(r)...)
		}
	}
	return string(append(b, '"'))
}

// TestSWIDCharsets decodes tag text in the charsets a tag may declare.
func TestSWIDCharsets(t *testing.T) {
	utf16 := func(s string, bom bool) []byte {
		var b []byte
		if bom {
			b = append(b, 0xFF, 0xFE)
		}
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8))
		}
		return b
	}
	gbk := []byte(`<?xml version="1.0" encoding="GBK"?><SoftwareIdentity><Entity name="` + "\xbb\xaa\xce\xaa" + `"/></SoftwareIdentity>`) // 华为 in GBK
	latin1 := []byte(`<?xml version="1.0" encoding="ISO-8859-1"?><SoftwareIdentity><Entity name="Soci` + "\xe9" + `t` + "\xe9" + ` ZTE"/></SoftwareIdentity>`)
	tests := []struct {
		name        string
		data        []byte
		contentType string
		want        string
	}{
		{"GBK declaration", gbk, "", "华为"},
		{"ISO-8859-1 declaration", latin1, "", "Société ZTE"},
		{"content-type charset wins", []byte(`<SoftwareIdentity><Entity name="` + "\xbb\xaa\xce\xaa" + `"/></SoftwareIdentity>`), "application/swid+xml; charset=gb18030", "华为"},
		{"UTF-16 with a byte order mark", utf16(`<?xml version="1.0" encoding="UTF-16"?><SoftwareIdentity><Entity name="ZTE"/></SoftwareIdentity>`, true), "", "ZTE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &cdx.Component{SWID: &cdx.SWID{TagID: "x", Text: &cdx.AttachedText{ContentType: tt.contentType, Encoding: "base64", Content: base64.StdEncoding.EncodeToString(tt.data)}}}
			ex := extractor{}
			ex.begin()
			ex.component(c)
			if len(ex.notes) != 0 {
				t.Fatalf("notes %+v", ex.notes)
			}
			if !slices.ContainsFunc(ex.buf, func(e Evidence) bool { return e.Field == FieldSWIDEntity && e.Value == tt.want }) {
				t.Errorf("evidence %+v, want entity %q", ex.buf, tt.want)
			}
		})
	}
}
