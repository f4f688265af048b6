package policy

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestBaselineDeny: each case is one part that the baseline must catch,
// nested in an otherwise clean firmware.
func TestBaselineDeny(t *testing.T) {
	p := mustPreset(t, "baseline")
	tests := []struct {
		name    string
		part    comp
		rule    string
		origin  Outcome
		entity  string // resolved entity, or "" for conflict
		field   string // a field that must appear in the evidence
		wrapped int    // nesting depth of the part inside assemblies
	}{
		{"homoglyph Cyrillic", comp{"name": "bsp", "supplier": supplier("Huаwеі Technologies")}, "covered-entity", OutcomeResolved, "huawei", "supplier.name", 0},
		{"homoglyph Greek capitals", comp{"name": "bsp", "supplier": supplier("ΖΤΕ")}, "covered-entity", OutcomeResolved, "zte", "supplier.name", 0},
		{"fullwidth", comp{"name": "bsp", "supplier": supplier("ＨＵＡＷＥＩ")}, "covered-entity", OutcomeResolved, "huawei", "supplier.name", 0},
		{"suffix variant", comp{"name": "bsp", "supplier": supplier("HUAWEI TECHNOLOGIES CO.,LTD")}, "covered-entity", OutcomeResolved, "huawei", "supplier.name", 0},
		{"punctuation variant", comp{"name": "bsp", "supplier": supplier("Hua-Wei Device Co.")}, "covered-entity", OutcomeResolved, "huawei-device", "supplier.name", 0},
		{"spaced letters", comp{"name": "bsp", "supplier": supplier("Z T E Corp")}, "covered-entity", OutcomeResolved, "zte", "supplier.name", 0},
		{"native script", comp{"name": "bsp", "supplier": supplier("深圳市海思半导体有限公司")}, "covered-entity", OutcomeResolved, "hisilicon", "supplier.name", 0},
		{"subsidiary", comp{"name": "baseband", "supplier": supplier("Sanechips Technology Co., Ltd.")}, "covered-entity", OutcomeResolved, "sanechips", "supplier.name", 0},
		{"purl namespace only", comp{"name": "hi-bsp", "purl": "pkg:generic/hisilicon/hi-bsp@2.1"}, "covered-entity", OutcomeResolved, "hisilicon", "purl", 0},
		{"maven purl prefix", comp{"name": "oam-agent", "purl": "pkg:maven/com.huawei.oam/agent@1.0"}, "covered-entity", OutcomeResolved, "huawei", "purl", 0},
		{"e-mail domain only", comp{"name": "dsp", "supplier": map[string]any{"contact": []any{map[string]any{"email": "fw@sanechips.com.cn"}}}}, "covered-entity", OutcomeResolved, "sanechips", "supplier.contact.email", 0},
		{"URL only", comp{"name": "dsp", "supplier": map[string]any{"url": []string{"https://support.huawei.com/enterprise"}}}, "covered-entity", OutcomeResolved, "huawei", "supplier.url", 0},
		{"external reference URL only", comp{"name": "dsp", "externalReferences": []any{map[string]any{"type": "website", "url": "https://www.hikvision.com/en/"}}}, "covered-entity", OutcomeResolved, "hikvision", "externalReference.url", 0},
		{"CPE vendor only", comp{"name": "rtos", "cpe": "cpe:2.3:o:zte:zxros:3.1:*:*:*:*:*:*:*"}, "covered-entity", OutcomeResolved, "zte", "cpe", 0},
		{"manufacturer only", comp{"name": "fpga-image", "manufacturer": map[string]any{"name": "Hytera Communications Corp."}}, "covered-entity", OutcomeResolved, "hytera", "manufacturer.name", 0},
		{"copyright only", comp{"name": "codec", "copyright": "Copyright (c) 2021 Zhejiang Dahua Technology Co., Ltd."}, "covered-entity", OutcomeResolved, "dahua", "copyright", 0},
		{"deeply nested", comp{"name": "phy-lib", "supplier": supplier("HiSilicon")}, "covered-entity", OutcomeResolved, "hisilicon", "supplier.name", 6},
		{"relabelled: supplier and purl disagree", comp{"name": "radio-ctl", "supplier": supplier("Acme Radio"), "purl": "pkg:generic/huawei/radio-ctl@3"}, "conflicting-origin", OutcomeConflict, "", "purl", 0},
		{"relabelled: name and URL disagree", comp{"name": "radio-ctl", "supplier": supplier("Acme Radio", "https://www.zte.com.cn")}, "conflicting-origin", OutcomeConflict, "", "supplier.url", 0},
		{"two listed families", comp{"name": "radio-ctl", "supplier": supplier("Huawei"), "purl": "pkg:maven/cn.com.zte/x@1"}, "conflicting-origin", OutcomeConflict, "", "purl", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			part := tt.part
			for i := range tt.wrapped {
				part = comp{"type": "library", "name": "assembly-" + string(rune('a'+i)), "supplier": supplier("Acme Networks Oy"), "components": []comp{part}}
			}
			v := evaluate(t, bom(t, du(), nil, comp{"type": "library", "name": "busybox", "supplier": supplier("Acme Networks Oy")}, part), p)
			if v.Decision != Deny {
				t.Fatalf("decision = %s, want deny; reasons %q", v.Decision, v.Reasons)
			}
			fs := findingsFor(v, tt.part["name"].(string))
			i := slices.IndexFunc(fs, func(f Finding) bool { return f.Rule == tt.rule })
			if i < 0 {
				t.Fatalf("no %s finding; findings %+v", tt.rule, fs)
			}
			f := fs[i]
			if f.Origin != tt.origin {
				t.Errorf("origin = %s, want %s", f.Origin, tt.origin)
			}
			if tt.entity != "" && (f.Entity == nil || f.Entity.ID != tt.entity) {
				t.Errorf("entity = %+v, want %s", f.Entity, tt.entity)
			}
			if !slices.ContainsFunc(f.Evidence, func(e EvidenceItem) bool { return string(e.Field) == tt.field }) {
				t.Errorf("evidence %+v lacks field %s", f.Evidence, tt.field)
			}
			if got := len(f.ContainmentPath); got != tt.wrapped+2 || f.ContainmentPath[0] != "du-load@5.2.0" {
				t.Errorf("containment path %q, want %d entries from the root", f.ContainmentPath, tt.wrapped+2)
			}
			if tt.entity != "" && len(f.Entity.Sources) == 0 {
				t.Error("entity without sources in finding")
			}
			if !slices.ContainsFunc(v.Reasons, func(r string) bool { return strings.HasPrefix(r, "deny: rule "+tt.rule) }) {
				t.Errorf("reasons %q lack a deny for %s", v.Reasons, tt.rule)
			}
		})
	}
}

// TestBaselineAllow: traps that look like a listed vendor but are not.
func TestBaselineAllow(t *testing.T) {
	p := mustPreset(t, "baseline")
	tests := []struct {
		name   string
		part   comp
		origin Outcome
	}{
		{"vendor name in component name and description", comp{"type": "library", "name": "huawei-modem-driver", "description": "Linux driver for Huawei and ZTE LTE modems",
			"supplier": supplier("The Linux Foundation", "https://www.linuxfoundation.org")}, OutcomeUnlisted},
		{"listed letters inside another word", comp{"name": "sync", "supplier": supplier("Aztec Networks Ltd")}, OutcomeUnlisted},
		{"listed letters inside another word 2", comp{"name": "sync", "supplier": supplier("Chuaweiss GmbH")}, OutcomeUnlisted},
		{"look-alike domain", comp{"name": "ptp", "supplier": map[string]any{"url": []string{"https://huawei.com.other.example/ptp"}}}, OutcomeUnlisted},
		{"look-alike e-mail", comp{"name": "ptp", "supplier": map[string]any{"contact": []any{map[string]any{"email": "x@zte.com.cn.mirror.example"}}}}, OutcomeUnlisted},
		{"purl namespace sharing a prefix", comp{"name": "x", "purl": "pkg:maven/com.huaweisoft/x@1"}, OutcomeUnlisted},
		{"a person named like a listed vendor", comp{"name": "codec", "supplier": supplier("Acme Networks Oy"), "authors": []any{map[string]any{"name": "Zhang Dahua"}}, "author": "Li Hua Wei"}, OutcomeUnlisted},
		{"open source part in a listed vendor's name", comp{"name": "openssl", "supplier": supplier("OpenSSL Software Foundation", "https://www.openssl.org"), "purl": "pkg:generic/openssl/openssl@3.0.13"}, OutcomeUnlisted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := evaluate(t, bom(t, du(), nil, tt.part), p)
			if v.Decision != Allow {
				t.Fatalf("decision = %s, want allow; reasons %q", v.Decision, v.Reasons)
			}
			if v.Summary.Origins[tt.origin] == 0 {
				t.Errorf("origins %v, want one %s", v.Summary.Origins, tt.origin)
			}
		})
	}
}

func TestRootFromListedVendor(t *testing.T) {
	root := comp{"type": "firmware", "name": "bts-load", "version": "V100R001", "supplier": supplier("Huawei Technologies Co., Ltd.")}
	v := evaluate(t, bom(t, root, nil, comp{"name": "busybox", "supplier": supplier("BusyBox project")}), mustPreset(t, "baseline"))
	if v.Decision != Deny {
		t.Fatalf("decision %s", v.Decision)
	}
	fs := findingsFor(v, "bts-load")
	if len(fs) != 1 || fs[0].Rule != "covered-entity" || fs[0].Component.Index != 0 || len(fs[0].ContainmentPath) != 1 {
		t.Fatalf("root findings %+v", fs)
	}
}

func TestOutcomes(t *testing.T) {
	p := mustPreset(t, "baseline")
	tests := []struct {
		name      string
		meta      map[string]any
		part      comp
		want      Outcome
		entity    string
		inherited bool
	}{
		{"consistent listed evidence resolves", nil, comp{"name": "a", "supplier": supplier("Huawei", "https://www.huawei.com"), "copyright": "Copyright Huawei Technologies Co., Ltd."}, OutcomeResolved, "huawei", false},
		{"family resolves to the most specific", nil, comp{"name": "a", "supplier": supplier("Huawei"), "manufacturer": map[string]any{"name": "HiSilicon"}}, OutcomeResolved, "hisilicon", false},
		{"listed supplier ships third-party code", nil, comp{"name": "a", "supplier": supplier("Huawei"), "purl": "pkg:maven/org.apache.commons/commons-lang3@3.14"}, OutcomeResolved, "huawei", false},
		{"unlisted author never contradicts", nil, comp{"name": "a", "purl": "pkg:generic/zte/a@1", "author": "Zhang San"}, OutcomeResolved, "zte", false},
		{"neutral hosting URL never contradicts", nil, comp{"name": "a", "supplier": supplier("Huawei", "https://github.com/huawei")}, OutcomeResolved, "huawei", false},
		{"package identities disagree without a label", nil, comp{"name": "a", "purl": "pkg:generic/huawei/a@1", "cpe": "cpe:2.3:a:acme:a:1:*:*:*:*:*:*:*"}, OutcomeConflict, "", false},
		{"distributor label over listed manufacturer", nil, comp{"name": "a", "supplier": supplier("Avnet"), "manufacturer": map[string]any{"name": "HiSilicon"}}, OutcomeConflict, "", false},
		{"label name vouches for an uncatalogued domain", nil, comp{"name": "a", "supplier": supplier("Huawei Technologies", "https://www.huawei-partner.example")}, OutcomeResolved, "huawei", false},
		{"label domains disagree without a name", nil, comp{"name": "a", "supplier": map[string]any{"url": []string{"https://www.zte.com.cn"}, "contact": []any{map[string]any{"email": "fw@acme.example"}}}}, OutcomeConflict, "", false},
		{"unlisted manufacturer name under a listed supplier", nil, comp{"name": "a", "supplier": supplier("Huawei"), "manufacturer": map[string]any{"name": "Acme Foundry"}}, OutcomeConflict, "", false},
		{"no evidence, nothing to inherit", nil, comp{"name": "a"}, OutcomeUnknown, "", false},
		{"only a neutral e-mail", nil, comp{"name": "a", "supplier": map[string]any{"contact": []any{map[string]any{"email": "dev@gmail.com"}}}}, OutcomeUnknown, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := comp{"type": "firmware", "name": "fw"}
			v := evaluate(t, bom(t, root, tt.meta, tt.part), p)
			got, ent, inh := componentOutcome(t, v, "a")
			if got != tt.want || ent != tt.entity || inh != tt.inherited {
				t.Errorf("outcome %s entity %q inherited %v; want %s %q %v (findings %+v)", got, ent, inh, tt.want, tt.entity, tt.inherited, v.Findings)
			}
		})
	}
}

// componentOutcome re-resolves one component directly.
func componentOutcome(t *testing.T, v *Verdict, name string) (Outcome, string, bool) {
	t.Helper()
	for _, f := range v.Findings {
		if f.Component.Name == name {
			id := ""
			if f.Entity != nil {
				id = f.Entity.ID
			}
			return f.Origin, id, slices.ContainsFunc(f.Evidence, func(e EvidenceItem) bool { return e.Inherited })
		}
	}
	t.Fatalf("no finding for %s", name)
	return "", "", false
}

func TestInheritance(t *testing.T) {
	p := mustPreset(t, "baseline")
	// A part without evidence inside a HiSilicon assembly inherits it.
	asm := comp{"type": "library", "name": "hi-bsp", "supplier": supplier("HiSilicon"), "components": []comp{{"type": "file", "name": "blob.bin"}}}
	v := evaluate(t, bom(t, du(), nil, asm), p)
	fs := findingsFor(v, "blob.bin")
	if len(fs) != 1 || fs[0].Origin != OutcomeResolved || fs[0].Entity.ID != "hisilicon" || !fs[0].Evidence[0].Inherited || fs[0].Evidence[0].From == "" {
		t.Fatalf("inherited finding %+v", fs)
	}
	if v.Summary.Inherited != 1 {
		t.Errorf("summary inherited %d", v.Summary.Inherited)
	}
	// Own unlisted evidence wins over an inherited listed origin.
	asm["components"] = []comp{{"type": "library", "name": "zlib", "supplier": supplier("Jean-loup Gailly and Mark Adler")}}
	v = evaluate(t, bom(t, du(), nil, asm), p)
	if fs := findingsFor(v, "zlib"); len(fs) != 0 {
		t.Errorf("own unlisted origin overridden by inheritance: %+v", fs)
	}
	// Inherited evidence never hides an own conflict.
	asm["components"] = []comp{{"type": "library", "name": "x", "supplier": supplier("Acme Radio"), "purl": "pkg:generic/zte/x@1"}}
	v = evaluate(t, bom(t, du(), nil, asm), p)
	if fs := findingsFor(v, "x"); len(fs) != 2 || fs[0].Origin != OutcomeConflict || fs[1].Rule != "conflicting-origin" {
		t.Errorf("conflict hidden: %+v", fs)
	}
	// No root evidence of its own, metadata supplier: the metadata is the
	// root's own evidence, which its parts inherit.
	root := comp{"type": "firmware", "name": "fw"}
	v = evaluate(t, bom(t, root, map[string]any{"supplier": supplier("ZTE Corporation")}, comp{"name": "y"}), p)
	if fs := findingsFor(v, "y"); len(fs) != 1 || fs[0].Entity == nil || fs[0].Entity.ID != "zte" || fs[0].Evidence[0].From != "fw" ||
		fs[0].Evidence[0].Field != "metadata.supplier.name" {
		t.Errorf("metadata inheritance: %+v", fs)
	}
	// Only a public e-mail provider: unknown, and the finding shows it.
	v = evaluate(t, bom(t, root, nil, comp{"name": "w", "supplier": map[string]any{"contact": []any{map[string]any{"email": "dev@gmail.com"}}}}), p)
	if fs := findingsFor(v, "w"); len(fs) != 1 || fs[0].Origin != OutcomeUnknown || len(fs[0].Evidence) != 1 || fs[0].Evidence[0].Normalized != "gmail.com" {
		t.Errorf("unknown with neutral evidence: %+v", fs)
	}
	// Nothing anywhere: unknown → warn, allow.
	v = evaluate(t, bom(t, root, nil, comp{"name": "z"}), p)
	if v.Decision != Allow || v.Summary.Findings[SeverityWarn] != 2 || v.Summary.Origins[OutcomeUnknown] != 2 {
		t.Errorf("unknown: %s %+v", v.Decision, v.Summary)
	}
	if v := evaluate(t, bom(t, root, nil, comp{"name": "z"}), mustPreset(t, "strict")); v.Decision != Deny {
		t.Errorf("strict allows unknown origin")
	}
}

func TestEmptyDocumentDenies(t *testing.T) {
	v := evaluate(t, bom(t, nil, nil), mustPreset(t, "baseline"))
	if v.Decision != Deny || !strings.Contains(v.Reasons[0], "no components") {
		t.Fatalf("%s %q", v.Decision, v.Reasons)
	}
}

func TestResolutions(t *testing.T) {
	doc := bom(t, du(), nil,
		comp{"name": "a", "supplier": supplier("ZTE")},
		comp{"name": "b", "supplier": supplier("Acme Radio"), "purl": "pkg:generic/huawei/b@1"},
		comp{"name": "c"})
	v, err := Evaluate(context.Background(), doc, mustPreset(t, "baseline"), EvalOptions{Resolutions: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range v.Resolutions {
		got = append(got, fmt.Sprintf("%s:%s:%s:%v", r.Component.Name, r.Origin, strings.Join(r.Entities, "+"), r.Inherited))
	}
	want := []string{"du-load:unlisted::false", "a:resolved:zte:false", "b:conflict:huawei:false", "c:unlisted::true"}
	if !slices.Equal(got, want) {
		t.Errorf("resolutions %q, want %q", got, want)
	}
	if v := evaluate(t, doc, mustPreset(t, "baseline")); v.Resolutions != nil {
		t.Error("resolutions without asking")
	}
}
