package policy

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// catalogPolicy is the embedded catalog with no rules.
func catalogPolicy(t *testing.T) *Policy {
	t.Helper()
	return mustPreset(t, "catalog")
}

// knownOverlaps are catalog names that also name another entity outside
// their own family line: names of divested companies that contain their
// former parent's names. Identity resolution finds both until it prefers
// the longest matching name (reported to the lead); each is documented in
// the entity's divestment note. The list may only shrink.
var knownOverlaps = map[string][]string{
	"Dahua Technology USA Inc.": {"dahua", "dahua-usa"},
}

// Every fact of the embedded catalog cites a source; every source has a
// title, an http(s) address and a date or access date; every source of the
// tables is cited; every divestment has a date, a note and a source.
func TestCatalogEveryFactIsSourced(t *testing.T) {
	p := catalogPolicy(t)
	cited := map[string]bool{}
	for _, e := range p.Entities {
		if len(e.Sources) == 0 {
			t.Errorf("%s: no source", e.ID)
		}
		for _, s := range e.Sources {
			cited[s.ID] = true
		}
		for _, l := range e.factLists() {
			for _, f := range l.facts {
				if f.Source == "" {
					t.Errorf("%s: %s %q cites no source", e.ID, l.key, f.Value)
				}
				cited[f.Source] = true
			}
		}
		if d := e.Divested; d != nil {
			if d.Source == "" || strings.TrimSpace(d.Note) == "" || d.Date.IsZero() {
				t.Errorf("%s: divestment needs date, note and source: %+v", e.ID, d)
			}
			cited[d.Source] = true
		}
		if e.Relation != "" && e.Parent == "" {
			t.Errorf("%s: relation without parent", e.ID)
		}
	}
	for id, s := range p.Sources {
		if s.Title == "" || !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") {
			t.Errorf("source %s: needs a title and an http(s) URL: %+v", id, s)
		}
		if s.Via != "" && !strings.HasPrefix(s.Via, "http") {
			t.Errorf("source %s: via %q is not an address", id, s.Via)
		}
		if s.Date.IsZero() && s.Accessed.IsZero() {
			t.Errorf("source %s: needs a date or an access date", id)
		}
		if !cited[id] {
			t.Errorf("source %s is cited by no entity or fact", id)
		}
	}
}

// Every name and alias resolves to its own entity and to no entity outside
// its family line; likewise every domain (as a host, a URL and an e-mail
// address), purl prefix, CPE vendor and hardware ID. A value of one entity
// that another entity's value shadows would resolve elsewhere.
func TestCatalogValuesResolveToTheirOwnEntity(t *testing.T) {
	p := catalogPolicy(t)
	check := func(e *Entity, kind, v string) {
		t.Helper()
		x, err := p.Explain(kind, v)
		if err != nil {
			t.Fatalf("%s %s %q: %v", e.ID, kind, v, err)
		}
		if want, ok := knownOverlaps[v]; ok && kind == ExplainName {
			var got []string
			for _, m := range x.Matches {
				got = append(got, m.Entity)
			}
			slices.Sort(got)
			if !x.Conflict || !slices.Equal(got, want) {
				t.Errorf("known overlap %q: matches %v conflict %v, want %v", v, got, x.Conflict, want)
			}
			return
		}
		if x.Resolved != e.ID || x.Conflict {
			var got []string
			for _, m := range x.Matches {
				got = append(got, m.Entity)
			}
			t.Errorf("%s %s %q resolves to %q (matches %v, conflict %v), want %s", e.ID, kind, v, x.Resolved, got, x.Conflict, e.ID)
			return
		}
		for _, m := range x.Matches {
			if m.Entity == e.ID && len(m.By) == 0 && kind != ExplainPerson {
				t.Errorf("%s %s %q: the explanation names no catalog value", e.ID, kind, v)
			}
		}
	}
	for i := range p.Entities {
		e := &p.Entities[i]
		for _, n := range append(Facts{{Value: e.Name}}, e.Aliases...) {
			check(e, ExplainName, n.Value)
			if _, overlap := knownOverlaps[n.Value]; !overlap {
				check(e, ExplainPerson, n.Value)
			}
		}
		for _, d := range e.Domains {
			check(e, ExplainDomain, d.Value)
			check(e, ExplainDomain, "https://www."+d.Value+"/support/psirt?x=1")
			check(e, ExplainDomain, "psirt@"+d.Value)
		}
		for _, f := range e.PURL {
			check(e, ExplainPURL, strings.TrimSuffix(f.Value, "/")+"/some-component@1.2.3")
			check(e, ExplainPURL, strings.TrimSuffix(f.Value, "/")+"/sub/component@1.2.3?type=jar")
		}
		for _, f := range e.CPE {
			check(e, ExplainCPE, "cpe:2.3:o:"+f.Value+":some_firmware:1.0:*:*:*:*:*:*:*")
			check(e, ExplainCPE, "cpe:/a:"+f.Value+":product:2")
		}
		for _, f := range e.PCIVendorIDs {
			check(e, ExplainPCI, f.Value)
			check(e, ExplainPCI, "0x"+strings.ToUpper(f.Value))
		}
		for _, f := range e.USBVendorIDs {
			check(e, ExplainUSB, f.Value)
		}
		for _, f := range e.DeviceTreePrefixes {
			check(e, ExplainDeviceTree, f.Value)
			check(e, ExplainDeviceTree, f.Value+",some-soc")
		}
	}
}

// Every parent chain and every chain of former families ends; the
// catalog is a forest with at least one root per family file.
func TestCatalogFamiliesAreForests(t *testing.T) {
	p := catalogPolicy(t)
	for _, e := range p.Entities {
		anc := p.Ancestry(e.ID)
		if len(anc) == 0 || anc[0] != e.ID || len(anc) > len(p.Entities) {
			t.Fatalf("%s: ancestry %v", e.ID, anc)
		}
		root, _ := p.Entity(anc[len(anc)-1])
		if root.Parent != "" {
			t.Errorf("%s: chain %v does not end at a root", e.ID, anc)
		}
		if ff := p.FormerFamily(e.ID); len(ff) > len(p.Entities) || slices.Contains(ff, e.ID) {
			t.Errorf("%s: former family %v", e.ID, ff)
		}
	}
	for _, f := range p.Families() {
		if f.Entities == 0 || len(f.Listed) == 0 && f.Catalog != "preset:catalog/hikvision" {
			// Every family file holds an entity a regulator names.
			t.Errorf("family %s: %d entities, listed %v", f.Catalog, f.Entities, f.Listed)
		}
	}
}

// The entities the regulators name are all there, with the tags policies
// select them by.
func TestCatalogCoversTheLists(t *testing.T) {
	p := catalogPolicy(t)
	want := map[string][]string{
		"fcc-covered-list": {"huawei", "zte", "hytera", "hikvision", "dahua", "kaspersky", "china-mobile-international-usa",
			"china-telecom-americas", "china-unicom-americas", "pacific-networks", "comnet-usa", "dji", "autel-robotics"},
		"service-provider":      {"china-mobile-international-usa", "china-telecom-americas", "china-unicom-americas", "pacific-networks", "comnet-usa"},
		"fcc-covered-equipment": {"huawei", "zte", "hytera", "hikvision", "dahua", "kaspersky", "dji", "autel-robotics"},
		"high-risk":             {"huawei", "zte"},
		"uk-designated-vendor":  {"huawei"},
		"de-5g-2024":            {"huawei", "zte"},
		"se-pts-2020":           {"huawei", "zte"},
		"uas":                   {"dji", "autel-robotics"},
	}
	for tag, ids := range want {
		var got []string
		for _, e := range p.Entities {
			if slices.Contains(e.Tags, tag) {
				got = append(got, e.ID)
			}
		}
		slices.Sort(got)
		slices.Sort(ids)
		if !slices.Equal(got, ids) {
			t.Errorf("tag %s: %v, want %v", tag, got, ids)
		}
	}
	// Depth: the subsidiaries the task names, each in its family.
	for id, root := range map[string]string{"hisilicon": "huawei", "huawei-device": "huawei", "huawei-digital-power": "huawei",
		"huawei-cloud": "huawei", "huawei-cloud-berlin": "huawei", "huawei-marine": "huawei", "sanechips": "zte", "nubia": "zte",
		"zte-microelectronics": "zte", "ztesoft": "zte", "sepura": "hytera", "teltronic": "hytera", "hytera-mobilfunk": "hytera",
		"norsat": "hytera", "ezviz": "hikvision", "hikrobot": "hikvision", "kaspersky-labs-uk": "kaspersky", "comnet-usa": "pacific-networks"} {
		if !slices.Contains(p.Ancestry(id), root) {
			t.Errorf("%s: ancestry %v lacks %s", id, p.Ancestry(id), root)
		}
	}
	// Scripts a family writes its names in.
	scripts := map[string][]string{"huawei": {"Latn", "Hans", "Hant", "Jpan", "Kore"}, "zte": {"Latn", "Hans", "Hant"},
		"kaspersky": {"Latn", "Cyrl"}, "hikvision": {"Latn", "Hans", "Hant"}, "dahua": {"Latn", "Hans", "Hant"}}
	for id, want := range scripts {
		e, _ := p.Entity(id)
		var got []string
		for _, n := range append(Facts{{Value: e.Name}}, e.Aliases...) {
			got = append(got, ScriptOf(n))
		}
		for _, s := range want {
			if !slices.Contains(got, s) {
				t.Errorf("%s: names in %v, lack %s", id, got, s)
			}
		}
	}
}

// Real clean suppliers — open-source foundations, distributions, telecom
// and chip vendors, clouds — and their domains, namespaces, CPE vendors and
// hardware IDs resolve to nothing in the catalog; so do look-alikes of
// listed names that are other organisations.
func TestCatalogCleanSuppliersResolveToNothing(t *testing.T) {
	p := catalogPolicy(t)
	clean := map[string][]string{
		ExplainName: {"The Linux Foundation", "Linux Foundation", "OpenSSL Software Foundation", "The OpenSSL Project", "Debian",
			"Software in the Public Interest, Inc.", "Red Hat, Inc.", "Canonical Ltd.", "Telefonaktiebolaget LM Ericsson", "Ericsson AB",
			"Nokia Solutions and Networks Oy", "Nokia Corporation", "Samsung Electronics Co., Ltd.", "Intel Corporation",
			"Qualcomm Technologies, Inc.", "Arm Limited", "NXP Semiconductors N.V.", "Broadcom Inc.", "Marvell Technology, Inc.",
			"Wind River Systems, Inc.", "The Apache Software Foundation", "Google LLC", "Microsoft Corporation", "Amazon.com, Inc.",
			"Amazon Web Services, Inc.", "Cisco Systems, Inc.", "Juniper Networks, Inc.", "Mavenir Systems, Inc.", "Rohde & Schwarz GmbH & Co. KG",
			"Global Marine Systems Limited", "Hengtong Optic-Electric Co., Ltd.", "Central Motion Picture USA", "Texas Instruments Incorporated",
			"MediaTek Inc.", "Xilinx, Inc.", "Quectel Wireless Solutions Co., Ltd.", "Xiaomi Corporation", "Lenovo Group Ltd.",
			// Look-alikes that are other organisations:
			"Autel Intelligent Technology Corp., Ltd.", "道通科技", "國立中興大學", "大华银行", "ZTEX GmbH", "Aztec Networks Ltd.",
			"China Mobile Limited", "China Telecom Corporation Limited", "China Unicom (Hong Kong) Limited", "Pacific Gas and Electric Company",
			"Honeywell International Inc.", "Linus Torvalds", "Wei Hua"},
		ExplainPerson: {"Zhang Dahua", "Eugene Kaspersky", "Li Huawei", "Honor Blackman"},
		ExplainDomain: {"linuxfoundation.org", "openssl.org", "debian.org", "redhat.com", "canonical.com", "ubuntu.com", "ericsson.com",
			"nokia.com", "samsung.com", "intel.com", "qualcomm.com", "arm.com", "nxp.com", "broadcom.com", "marvell.com", "windriver.com",
			"apache.org", "google.com", "microsoft.com", "amazon.com", "amazonaws.com", "cisco.com", "juniper.net", "mavenir.com",
			"kernel.org", "github.com", "gitee.com", "https://support.huawei.com.mirror.example/x", "psirt@huawei.com.evil.example",
			"https://huaweicloud-mirror.example/sdk"},
		ExplainPURL: {"pkg:maven/org.apache.commons/commons-lang3@3.12.0", "pkg:maven/com.google.guava/guava@33.0.0-jre",
			"pkg:npm/%40angular/core@16.2.0", "pkg:golang/github.com/google/go-cmp@v0.6.0", "pkg:github/torvalds/linux@v6.12",
			"pkg:github/openssl/openssl@openssl-3.3.0", "pkg:deb/debian/openssl@3.0.11-1", "pkg:rpm/redhat/openssl@3.0.7",
			"pkg:maven/com.ericsson/x@1", "pkg:maven/com.nokia/x@1", "pkg:generic/linux@6.12.20",
			// Third-party wrappers of listed vendors' SDKs, and boundary look-alikes:
			"pkg:maven/com.flybits.android/huaweipush@1.0.1-rc3", "pkg:pub/hua_wei_push_plugin@2.0.1", "pkg:pypi/hikrobot-sdk@0.1.0",
			"pkg:maven/com.github.javpower/hikrobot-mvcamera-wrapper@4.7.0", "pkg:maven/com.huaweisoft/x@1", "pkg:npm/%40huaweicloudx/y@1",
			"pkg:golang/github.com/huaweicloudx/y@v1.0.0", "pkg:github/huaweix/y@1", "pkg:maven/com.djix/y@1"},
		ExplainCPE: {"linux", "openssl", "debian", "redhat", "canonical", "ericsson", "nokia", "samsung", "intel", "qualcomm", "arm",
			"nxp", "broadcom", "marvell", "windriver", "apache", "google", "microsoft", "amazon", "cisco", "juniper", "zteusa"},
		ExplainPCI:        {"8086", "14e4", "17cb", "1957", "11ab", "1d0f", "15b3", "1cf0", "1f2f"},
		ExplainUSB:        {"8087", "0a5c", "05c6", "1472", "221a"},
		ExplainDeviceTree: {"qcom,sdm845", "nxp,imx8mp", "fsl,imx6q", "brcm,bcm2711", "marvell,armada-3720", "ti,am654", "arm,juno", "rockchip,rk3588", "xlnx,zynqmp"},
	}
	for kind, values := range clean {
		for _, v := range values {
			x, err := p.Explain(kind, v)
			if err != nil {
				t.Fatalf("%s %q: %v", kind, v, err)
			}
			if len(x.Matches) > 0 {
				t.Errorf("%s %q resolves to %s (%+v)", kind, v, x.Matches[0].Entity, x.Matches[0].By)
			}
		}
	}
}

func TestCatalogPersonalNames(t *testing.T) {
	p := catalogPolicy(t)
	for _, n := range []string{"Huawei", "Hua Wei", "HUAWEI", "华为", "華為", "Dahua", "Kaspersky", "Honor"} {
		if !p.IsPersonalName(n) {
			t.Errorf("%q should be marked a personal name", n)
		}
	}
	for _, n := range []string{"Huawei Technologies Co., Ltd.", "ZTE", "Hikvision", "Hytera", "Sepura", "Zhejiang Dahua Technology", "AO Kaspersky Lab"} {
		if p.IsPersonalName(n) {
			t.Errorf("%q is not a personal name", n)
		}
	}
	x, err := p.Explain(ExplainName, "Hua Wei")
	if err != nil || x.Resolved != "huawei" || len(x.Matches) != 1 || len(x.Matches[0].By) != 1 || !x.Matches[0].By[0].PersonalName {
		t.Errorf("Hua Wei: %+v %v", x, err)
	}
}

// Divested entities are outside the family they left: rules on the former
// parent do not select them unless includeDivested is set.
func TestCatalogDivestedEntities(t *testing.T) {
	p := catalogPolicy(t)
	for id, from := range map[string]string{"honor": "huawei", "dahua-usa": "dahua"} {
		if slices.Contains(p.Ancestry(id), from) {
			t.Errorf("%s: ancestry %v still holds %s", id, p.Ancestry(id), from)
		}
		if ff := p.FormerFamily(id); len(ff) == 0 || ff[0] != from {
			t.Errorf("%s: former family %v, want %s first", id, ff, from)
		}
	}
	base := mustPreset(t, "baseline")
	i := base.entityIx["honor"]
	if base.Rules[0].ID != "covered-entity" || base.Rules[0].entSel[i] {
		t.Errorf("baseline covered-entity selects honor")
	}
	src := "apiVersion: fwprov/v1\nkind: Policy\nname: with-divested\nextends: baseline\nrules:\n" +
		"  - id: covered-entity\n    severity: fail\n    when: {entity: {tags: [fcc-covered-list], includeDivested: true}}\n"
	q, err := Parse("with-divested.yaml", []byte(src), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := q.Rules[slices.IndexFunc(q.Rules, func(r Rule) bool { return r.ID == "covered-entity" })]
	for _, id := range []string{"honor", "dahua-usa", "huawei", "hisilicon"} {
		if !r.entSel[q.entityIx[id]] {
			t.Errorf("includeDivested does not select %s", id)
		}
	}
	if r.entSel[q.entityIx["shenzhen-zhixin"]] {
		t.Error("includeDivested selects Honor's new parent")
	}
	// A part from Honor: allowed under baseline (resolved, not covered);
	// denied by the policy that includes divested entities.
	doc := bom(t, du(), nil, comp{"type": "firmware", "name": "honor-fw", "supplier": supplier("Honor", "https://www.hihonor.com")})
	if v := evaluate(t, doc, base); v.Decision != Allow || len(v.Summary.Entities) != 1 || v.Summary.Entities[0].ID != "honor" {
		t.Errorf("baseline on an Honor part: %s %q %+v", v.Decision, v.Reasons, v.Summary.Entities)
	}
	if v := evaluate(t, doc, q); v.Decision != Deny {
		t.Errorf("includeDivested on an Honor part: %s", v.Decision)
	}
}

func TestCatalogHardwareIDs(t *testing.T) {
	p := catalogPolicy(t)
	for _, tt := range []struct {
		kind HardwareKind
		v    string
		want string
	}{
		{HardwarePCI, "19e5", "huawei"}, {HardwarePCI, "0x19E5", "huawei"}, {HardwarePCI, "1cf2", "zte"},
		{HardwareUSB, "12d1", "huawei"}, {HardwareUSB, "19d2", "zte"}, {HardwareUSB, "238b", "hytera"}, {HardwareUSB, "2ca3", "dji"},
		{HardwareDeviceTree, "hisilicon", "hisilicon"}, {HardwareDeviceTree, "hisilicon,hi3660", "hisilicon"}, {HardwareDeviceTree, "hisi,hip07-sas-v2", "hisilicon"},
		{HardwareDeviceTree, "huawei,g7", "huawei"}, {HardwareDeviceTree, "zte,zx296718", "zte"},
		{HardwarePCI, "8086", ""}, {HardwareUSB, "1472", ""}, {HardwareDeviceTree, "qcom,msm8916", ""}, {HardwarePCI, "", ""}, {HardwareDeviceTree, ",x", ""},
	} {
		e, ok := p.EntityByHardwareID(tt.kind, tt.v)
		got := ""
		if ok {
			got = e.ID
		}
		if got != tt.want {
			t.Errorf("%s %q: %q, want %q", tt.kind, tt.v, got, tt.want)
		}
	}
}

func TestDetectKind(t *testing.T) {
	for v, want := range map[string]string{
		"pkg:maven/com.huawei/x@1": ExplainPURL, "PKG:generic/zte/x": ExplainPURL, "cpe:2.3:o:zte:x:1:*:*:*:*:*:*:*": ExplainCPE,
		"https://www.zte.com.cn/": ExplainDomain, "psirt@huawei.com": ExplainDomain, "support.huawei.com": ExplainDomain,
		"hisilicon,hi3660": ExplainDeviceTree, "Huawei Technologies Co., Ltd.": ExplainName, "华为": ExplainName,
		"Zhang Dahua": ExplainName, "19e5": ExplainName, "Amazon.com, Inc.": ExplainName,
	} {
		if got := DetectKind(v); got != want {
			t.Errorf("DetectKind(%q) = %s, want %s", v, got, want)
		}
	}
	p := catalogPolicy(t)
	if _, err := p.Explain("shoe-size", "x"); err == nil || !strings.Contains(err.Error(), "unknown kind") {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := p.Explain(ExplainName, strings.Repeat("huawei ", maxExplainLen)); err == nil {
		t.Error("overlong value explained")
	}
	if x, err := p.Explain("email", "psirt@hisilicon.com"); err != nil || x.Kind != ExplainDomain || x.Resolved != "hisilicon" {
		t.Errorf("email: %+v %v", x, err)
	}
	if x, err := p.Explain(ExplainAuto, "pkg:maven/com.huaweicloud.sdk/huaweicloud-sdk-core@3.1.170"); err != nil || x.Resolved != "huawei-cloud" ||
		!slices.Contains(x.Matches[0].Ancestry, "huawei") || !slices.Contains(x.Matches[0].Tags, "fcc-covered-list") {
		t.Errorf("purl: %+v %v", x, err)
	}
}

// Override semantics: an inherited entity changes only with override;
// merge adds values and keeps the rest, replace replaces, remove drops;
// each mistake is a one-line error naming the file and line.
func TestEntityOverrides(t *testing.T) {
	head := "apiVersion: fwprov/v1\nkind: Policy\nname: t\nextends: baseline\n"
	t.Run("merge adds an alias and keeps the rest", func(t *testing.T) {
		p, err := Parse("t.yaml", []byte(head+"sources:\n  contract: {title: Supply contract 17, url: https://operator.example/c17, date: 2025-01-01}\n"+
			"entities:\n  - id: zte\n    override: merge\n    aliases: [{value: ZTE Deutschland, source: contract}]\n    tags: [operator-watch]\n"), LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		e, _ := p.Entity("zte")
		if e.Name != "ZTE Corporation" || e.Aliases.index("ZTE Deutschland") < 0 || e.Aliases.index("ZTE") < 0 ||
			!slices.Contains(e.Tags, "operator-watch") || !slices.Contains(e.Tags, "fcc-covered-list") || e.Override != "" {
			t.Errorf("merged zte: %+v", e)
		}
		if x, _ := p.Explain(ExplainName, "ZTE Deutschland GmbH"); x.Resolved != "zte" {
			t.Errorf("merged alias does not resolve: %+v", x)
		}
		if e.DefinedIn() != "t.yaml" {
			t.Errorf("DefinedIn = %q", e.DefinedIn())
		}
	})
	t.Run("replace", func(t *testing.T) {
		p, err := Parse("t.yaml", []byte(head+"entities:\n  - id: hytera\n    override: replace\n    name: Hytera Communications Corporation Limited\n"+
			"    tags: [fcc-covered-list]\n    sources: [{title: Operator review 2026, date: 2026-01-01}]\n"), LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		e, _ := p.Entity("hytera")
		if len(e.Aliases) != 0 || len(e.Domains) != 0 || len(e.Sources) != 1 {
			t.Errorf("replaced hytera keeps old values: %+v", e)
		}
		if x, _ := p.Explain(ExplainName, "Hytera"); len(x.Matches) != 0 {
			t.Errorf("replaced alias still resolves: %+v", x)
		}
		if x, _ := p.Explain(ExplainName, "Hytera Mobilfunk GmbH"); x.Resolved != "hytera-mobilfunk" {
			t.Errorf("subsidiary of replaced entity: %+v", x)
		}
	})
	t.Run("remove a leaf", func(t *testing.T) {
		p, err := Parse("t.yaml", []byte(head+"entities:\n  - {id: zonergy, override: remove}\n"), LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := p.Entity("zonergy"); ok {
			t.Error("removed entity is still there")
		}
	})
	t.Run("round trip of an overridden policy", func(t *testing.T) {
		p, err := Parse("t.yaml", []byte(head+"entities:\n  - {id: zonergy, override: remove}\n  - {id: zte, override: merge, aliases: [ZTE Deutschland]}\n"), LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		data, err := yaml.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		q, err := Parse("rt.yaml", data, LoadOptions{})
		if err != nil {
			t.Fatalf("%v\n%s", err, data)
		}
		if len(q.Entities) != len(p.Entities) || len(q.Sources) != len(p.Sources) {
			t.Errorf("round trip: %d/%d entities, %d/%d sources", len(q.Entities), len(p.Entities), len(q.Sources), len(p.Sources))
		}
	})
	errs := []struct {
		name, src string
		line      int
		want      string
	}{
		{"redefinition without override", head + "entities:\n  - {id: zte, name: ZTE}\n", 6, `already defined by preset:catalog/zte:`},
		{"override of nothing", head + "entities:\n  - {id: acme, name: Acme, override: merge}\n", 6, "no included catalog or extended policy"},
		{"override without base", "apiVersion: fwprov/v1\nkind: Policy\nname: t\nentities:\n  - {id: acme, name: Acme, override: replace}\n", 5, "no included catalog"},
		{"bad override", head + "entities:\n  - {id: zte, override: patch}\n", 6, `override "patch"`},
		{"remove a parent", head + "entities:\n  - {id: zte, override: remove}\n", 0, `parent "zte" is not an entity`},
		{"unknown catalog", "apiVersion: fwprov/v1\nkind: Policy\nname: t\ncatalog: [huawei, nosuch]\n", 4, `catalog "nosuch"`},
		{"missing catalog file", "apiVersion: fwprov/v1\nkind: Policy\nname: t\ncatalog: [./nope.yaml]\n", 0, "nope.yaml"},
		{"unresolved entity source", "apiVersion: fwprov/v1\nkind: Policy\nname: t\nentities:\n  - {id: acme, name: Acme, sources: [contract]}\n", 5, `source "contract" is not in the sources table`},
		{"unresolved fact source", "apiVersion: fwprov/v1\nkind: Policy\nname: t\nentities:\n  - id: acme\n    name: Acme\n    domains: [{value: acme.example, source: nope}]\n", 7, `cites source "nope"`},
		{"bad source reference", "apiVersion: fwprov/v1\nkind: Policy\nname: t\nentities:\n  - {id: acme, name: Acme, sources: [Not An Id]}\n", 5, "source reference"},
		{"source table entry as reference", "apiVersion: fwprov/v1\nkind: Policy\nname: t\nsources:\n  a: b\n", 5, "is a mapping"},
		{"source without title", "apiVersion: fwprov/v1\nkind: Policy\nname: t\nsources:\n  a: {url: https://x.example}\n", 5, "needs a title"},
		{"conflicting source", head + "sources:\n  pci-ids: {title: Another PCI list}\n", 0, `source "pci-ids" is defined twice`},
		{"bad pci id", "apiVersion: fwprov/v1\nkind: Policy\nname: t\nentities:\n  - id: acme\n    name: Acme\n    pciVendorIDs: [19e55]\n", 7, "4 hexadecimal digits"},
		{"pci id of a listed entity", head + "entities:\n  - id: acme\n    name: Acme\n    pciVendorIDs: [19E5]\n", 0, `also names entity "huawei"`},
		{"bad devicetree prefix", "apiVersion: fwprov/v1\nkind: Policy\nname: t\nentities:\n  - id: acme\n    name: Acme\n    deviceTreePrefixes: [acme corp]\n", 7, "devicetree vendor prefix"},
		{"bad relation", "apiVersion: fwprov/v1\nkind: Policy\nname: t\nentities:\n  - {id: a, name: Alpha Radio}\n  - {id: b, name: Beta Radio, parent: a, relation: cousin}\n", 6, `relation "cousin"`},
		{"relation without parent", "apiVersion: fwprov/v1\nkind: Policy\nname: t\nentities:\n  - {id: a, name: Alpha Radio, relation: subsidiary}\n", 5, "without a parent"},
		{"divested from nothing", "apiVersion: fwprov/v1\nkind: Policy\nname: t\nentities:\n  - {id: a, name: Alpha Radio, divested: {date: 2020-01-01, from: b}}\n", 5, `divested from "b"`},
		{"divested without date", "apiVersion: fwprov/v1\nkind: Policy\nname: t\nentities:\n  - {id: b, name: Beta Radio}\n  - {id: a, name: Alpha Radio, divested: {from: b}}\n", 6, "needs a date"},
		{"divested from own parent", "apiVersion: fwprov/v1\nkind: Policy\nname: t\nentities:\n  - {id: b, name: Beta Radio}\n  - {id: a, name: Alpha Radio, parent: b, divested: {date: 2020-01-01, from: b}}\n", 6, "still its own or its parent's"},
		{"bad script", "apiVersion: fwprov/v1\nkind: Policy\nname: t\nentities:\n  - id: a\n    name: Alpha Corp\n    aliases: [{value: Acme, script: latin}]\n", 7, "ISO 15924"},
		{"personalName on a domain", "apiVersion: fwprov/v1\nkind: Policy\nname: t\nentities:\n  - id: a\n    name: Alpha Corp\n    domains: [{value: a.example, personalName: true}]\n", 7, "apply to aliases"},
		{"fact as a list", "apiVersion: fwprov/v1\nkind: Policy\nname: t\nentities:\n  - id: a\n    name: Alpha Corp\n    aliases: [[x]]\n", 7, "want a value or a mapping"},
		{"unknown fact field", "apiVersion: fwprov/v1\nkind: Policy\nname: t\nentities:\n  - id: a\n    name: Alpha Corp\n    aliases: [{value: x, colour: red}]\n", 7, `unknown field "colour"`},
		{"alias shadowing a listed name", head + "entities:\n  - {id: acme, name: Acme, aliases: [HiSilicon]}\n", 6, `also names entity "hisilicon"`},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("t.yaml", []byte(tt.src), LoadOptions{})
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want *policy.Error", err, err)
			}
			if !strings.Contains(pe.Msg, tt.want) || tt.line != 0 && (pe.Line != tt.line || pe.File != "t.yaml") {
				t.Errorf("err = %q, want t.yaml:%d: ...%s...", err, tt.line, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

// A policy can include its own catalog files and the embedded ones it
// chooses; sources in the file resolve; including a catalog twice is one
// inclusion; errors name the catalog file and line.
func TestCatalogFiles(t *testing.T) {
	dir := t.TempDir()
	cat := `apiVersion: fwprov/v1
kind: Catalog
name: suppliers
sources:
  contract: {title: Supply contract RAN-2024-017, url: https://operator.example/contracts/17, date: 2024-03-01}
entities:
  - id: acme
    name: Acme RAN Solutions GmbH
    aliases: [{value: Acme RAN, source: contract}]
    domains: [{value: acme-ran.example, source: contract}]
    country: DE
    tags: [ran-vendor]
    sources: [contract]
`
	if err := os.MkdirAll(filepath.Join(dir, "cat"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cat", "suppliers.yaml"), []byte(cat), 0o644); err != nil {
		t.Fatal(err)
	}
	pol := "apiVersion: fwprov/v1\nkind: Policy\nname: op\ncatalog: [zte, cat/suppliers.yaml, zte]\nrules:\n  - {id: r, severity: fail, when: {entity: {tags: [ran-vendor]}}}\n"
	if err := os.WriteFile(filepath.Join(dir, "op.yaml"), []byte(pol), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Load(filepath.Join(dir, "op.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Entity("acme"); !ok {
		t.Fatal("catalog file entity missing")
	}
	if _, ok := p.Entity("huawei"); ok {
		t.Error("catalog [zte] included huawei")
	}
	want := []string{"catalog:sources", "catalog:zte", filepath.Join(dir, "cat", "suppliers.yaml")}
	if !slices.Equal(p.Catalogs, want) {
		t.Errorf("catalogs %v, want %v", p.Catalogs, want)
	}
	if e, _ := p.Entity("acme"); e.Sources[0].Title != "Supply contract RAN-2024-017" || e.DefinedIn() != want[2] {
		t.Errorf("acme: %+v in %s", e.Sources, e.DefinedIn())
	}
	for _, tt := range []struct{ name, src, want string }{
		{"override in a catalog", strings.Replace(cat, "  - id: acme\n", "  - id: acme\n    override: merge\n", 1), "override belongs in a policy"},
		{"policy kind", strings.Replace(cat, "kind: Catalog", "kind: Policy", 1), "want Catalog"},
		{"rules in a catalog", cat + "rules: []\n", `unknown field "rules"`},
		{"duplicate with embedded", strings.Replace(cat, "id: acme", "id: zte", 1), `entity "zte" is already defined by preset:catalog/zte:`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(dir, "cat", "suppliers.yaml"), []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(filepath.Join(dir, "op.yaml"))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "suppliers.yaml:") || strings.Contains(err.Error(), "\n") {
				t.Errorf("err = %v, want suppliers.yaml:LINE: ...%s", err, tt.want)
			}
		})
	}
}

func TestCatalogsList(t *testing.T) {
	infos := Catalogs()
	var names []string
	total := 0
	for _, c := range infos {
		names = append(names, c.Name)
		total += c.Entities
		if c.Description == "" || c.Entities == 0 {
			t.Errorf("catalog %s: %+v", c.Name, c)
		}
		if src, err := CatalogSource(c.Name); err != nil || !strings.Contains(string(src), "kind: Catalog") {
			t.Errorf("CatalogSource(%s): %v", c.Name, err)
		}
	}
	if total != len(catalogPolicy(t).Entities) {
		t.Errorf("catalogs hold %d entities, the catalog preset %d", total, len(catalogPolicy(t).Entities))
	}
	if !slices.Contains(names, "huawei") || slices.Contains(names, "sources") {
		t.Errorf("catalogs %v", names)
	}
	for _, bad := range []string{"", "../x", "nosuch", "huawei.yaml"} {
		if _, err := CatalogSource(bad); err == nil {
			t.Errorf("CatalogSource(%q) succeeded", bad)
		}
	}
}

// BenchmarkLoadBaseline measures loading the default preset with the
// whole catalog (the embedded catalog files are parsed once per process;
// this is the cost of every later load: merging, source resolution,
// identity compilation, rules).
func BenchmarkLoadBaseline(b *testing.B) {
	for b.Loop() {
		if _, err := Preset(DefaultPreset); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExplain measures one explanation of a name through the whole
// catalog.
func BenchmarkExplain(b *testing.B) {
	p := mustPreset(b, DefaultPreset)
	for b.Loop() {
		if _, err := p.Explain(ExplainName, "HUAWEI TECHNOLOGIES CO.,LTD"); err != nil {
			b.Fatal(err)
		}
	}
}
