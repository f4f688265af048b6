package policy

import (
	"fmt"
	"strings"
	"testing"
)

// outcomeOf evaluates doc under p and returns the origin and the claimed
// entities of the component with bom-ref ref.
func outcomeOf(t *testing.T, p *Policy, root comp, meta map[string]any, ref string, comps ...comp) (Outcome, []string) {
	t.Helper()
	doc := bom(t, root, meta, comps...)
	c := doc.ByRef[ref]
	if c == nil {
		t.Fatalf("no component %q", ref)
	}
	res := newResolver(p.catalog, doc).resolve(c)
	var ids []string
	for _, x := range res.claimed {
		ids = append(ids, p.Entities[x].ID)
	}
	return res.outcome, ids
}

// TestIncompleteEvidence: a component whose evidence could not be read
// completely is never cleaner than unknown, and a listed entity found in
// what was read still counts.
func TestIncompleteEvidence(t *testing.T) {
	base := mustPreset(t, "baseline")
	release := mustLoad(t, "../testdata/releases/policy.yaml")
	var many strings.Builder
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&many, "Copyright 2024 Contributor %d\n", i)
	}
	tests := []struct {
		name    string
		p       *Policy
		comp    comp
		want    Outcome
		claimed string
	}{
		{"truncated, names nobody listed", base,
			comp{"type": "library", "bom-ref": "x", "name": "x", "supplier": supplier("Kestrel Silicon Inc."), "copyright": many.String()}, OutcomeUnknown, ""},
		{"truncated, names Huawei before the limit", base,
			comp{"type": "library", "bom-ref": "x", "name": "x", "supplier": supplier("Huawei Technologies Co., Ltd."), "copyright": many.String()}, OutcomeConflict, "huawei"},
		{"truncated, the label resolves to a catalog entity", release,
			comp{"type": "library", "bom-ref": "x", "name": "x", "supplier": supplier("Acme RAN Solutions GmbH"), "copyright": many.String()}, OutcomeConflict, "acme"},
		{"undecodable SWID", release,
			comp{"type": "library", "bom-ref": "x", "name": "x", "supplier": supplier("Acme RAN Solutions GmbH"),
				"swid": map[string]any{"tagId": "x", "name": "x", "text": map[string]any{"encoding": "base64", "content": "%%%"}}}, OutcomeConflict, "acme"},
		{"complete: resolves", release,
			comp{"type": "library", "bom-ref": "x", "name": "x", "supplier": supplier("Acme RAN Solutions GmbH"), "copyright": "Copyright 2024 Acme RAN Solutions GmbH"}, OutcomeResolved, "acme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ids := outcomeOf(t, tt.p, du(), nil, "x", tt.comp)
			if got != tt.want || strings.Join(ids, ",") != tt.claimed {
				t.Errorf("origin %s %v, want %s [%s]", got, ids, tt.want, tt.claimed)
			}
		})
	}
	// Through Evaluate: the Huawei case fails covered-entity.
	v := evaluate(t, bom(t, du(), nil, tests[1].comp), base)
	if v.Decision != Deny || len(coveredFinding(v, "x")) == 0 {
		t.Errorf("truncated Huawei component: %s %+v", v.Decision, v.Findings)
	}
}

// TestPersonFields: names in fields that hold people match as whole names,
// unless the entry is evidently an organisation's.
func TestPersonFields(t *testing.T) {
	p := mustPreset(t, "baseline")
	tests := []struct {
		name string
		comp comp
		want Outcome
	}{
		{"author person", comp{"author": "Zhang Dahua"}, OutcomeUnlisted},
		{"authors person", comp{"authors": []any{map[string]any{"name": "Zhang Dahua"}}}, OutcomeUnlisted},
		{"authors whole name", comp{"authors": []any{map[string]any{"name": "ZTE Corporation"}}}, OutcomeResolved},
		{"authors with a legal suffix", comp{"authors": []any{map[string]any{"name": "Zhejiang Dahua Vision Co., Ltd."}}}, OutcomeResolved},
		{"authors with an e-mail", comp{"authors": []any{map[string]any{"name": "Dahua Imaging", "email": "oss@acme.example"}}}, OutcomeResolved},
		{"author with an address", comp{"author": "Dahua Imaging <oss@acme.example>"}, OutcomeResolved},
		{"author with a URL", comp{"author": "Dahua Imaging (https://www.acme.example)"}, OutcomeResolved},
		{"contact person with an e-mail", comp{"supplier": map[string]any{"name": "Acme", "contact": []any{map[string]any{"name": "Zhang Dahua", "email": "zd@acme.example"}}}}, OutcomeUnlisted},
		{"contact with a legal suffix", comp{"supplier": map[string]any{"name": "Acme", "contact": []any{map[string]any{"name": "Dahua Technology Co., Ltd."}}}}, OutcomeConflict},
		{"commit author person", comp{"pedigree": map[string]any{"commits": []any{map[string]any{"author": map[string]any{"name": "Li Dahua"}}}}}, OutcomeUnlisted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := comp{"type": "library", "bom-ref": "x", "name": "x"}
			for k, v := range tt.comp {
				c[k] = v
			}
			if got, ids := outcomeOf(t, p, du(), nil, "x", c); got != tt.want {
				t.Errorf("origin %s %v, want %s", got, ids, tt.want)
			}
		})
	}
}

// TestMetadataIsTheRootsOwn: the BOM metadata's supplier and manufacturer
// are the firmware's own label; disagreeing with the root's supplier is a
// conflict on the root, which the gate's signer-entity check resolves.
func TestMetadataIsTheRootsOwn(t *testing.T) {
	release := mustLoad(t, "../testdata/releases/policy.yaml")
	root := comp{"type": "firmware", "bom-ref": "fw", "name": "ars-du5200-load", "version": "24.3.1", "supplier": supplier("Acme RAN Solutions GmbH")}
	tests := []struct {
		name    string
		meta    map[string]any
		want    Outcome
		claimed string
	}{
		{"agreeing metadata", map[string]any{"supplier": supplier("Acme RAN Solutions GmbH"), "manufacturer": supplier("Acme RAN Solutions GmbH")}, OutcomeResolved, "acme"},
		{"metadata.manufacturer Huawei", map[string]any{"manufacturer": supplier("Huawei Technologies Co., Ltd.")}, OutcomeConflict, "acme,huawei"},
		{"metadata.manufacture Huawei (1.5)", map[string]any{"manufacture": supplier("Huawei Technologies Co., Ltd.")}, OutcomeConflict, "acme,huawei"},
		{"metadata.supplier another catalog vendor", map[string]any{"supplier": supplier("Nordlys Radio Systems AB")}, OutcomeConflict, "acme,nordlys"},
		{"metadata.supplier outside the catalog", map[string]any{"supplier": supplier("Foo Distribution GmbH")}, OutcomeConflict, "acme"},
		{"a tool by Huawei", map[string]any{"tools": map[string]any{"components": []any{map[string]any{"type": "application", "name": "sbom-builder", "supplier": supplier("Huawei Technologies Co., Ltd.")}}}}, OutcomeConflict, "acme,huawei"},
		{"a tool by a third party", map[string]any{"tools": map[string]any{"components": []any{map[string]any{"type": "application", "name": "syft", "supplier": supplier("Anchore, Inc.")}}}}, OutcomeResolved, "acme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ids := outcomeOf(t, release, root, tt.meta, "fw")
			if got != tt.want || strings.Join(ids, ",") != tt.claimed {
				t.Errorf("root origin %s %v, want %s [%s]", got, ids, tt.want, tt.claimed)
			}
		})
	}
	// A root with no label of its own takes the metadata's as its own
	// (not inherited).
	doc := bom(t, comp{"type": "firmware", "bom-ref": "fw", "name": "fw"}, map[string]any{"manufacturer": supplier("Huawei Technologies Co., Ltd.")})
	res := newResolver(release.catalog, doc).resolve(doc.Root)
	if res.outcome != OutcomeResolved || res.inherited || release.Entities[res.entity].ID != "huawei" {
		t.Errorf("root %s inherited %v", res.outcome, res.inherited)
	}
}

func mustLoad(t testing.TB, path string) *Policy {
	t.Helper()
	p, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
