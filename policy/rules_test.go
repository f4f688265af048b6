package policy

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const catalogHead = `apiVersion: fwprov/v1
kind: Policy
name: rules
entities:
  - {id: bigco, name: BigCo Telecom, country: CN, tags: [high-risk], domains: [bigco.example]}
  - {id: bigco-chips, name: BigCo Chips, parent: bigco}
  - {id: acme, name: Acme Radio, country: SE, domains: [acme.example]}
`

func partsDoc(t testing.TB) []comp {
	prop := func(v string) []any { return []any{map[string]any{"name": "ran:function", "value": v}} }
	return []comp{
		{"type": "firmware", "name": "chip-fw", "version": "1", "purl": "pkg:generic/bigco/chip-fw@1", "supplier": supplier("BigCo Chips"), "properties": prop("access"),
			"hashes": []any{map[string]any{"alg": "SHA-256", "content": strings.Repeat("a", 64)}}},
		{"type": "library", "name": "oam-lib", "group": "com.bigco", "version": "2", "purl": "pkg:maven/com.bigco/oam-lib@2", "supplier": map[string]any{"name": "BigCo Telecom", "address": map[string]any{"country": "CN"}}, "properties": prop("oam")},
		{"type": "library", "name": "ofh", "version": "3", "supplier": supplier("Acme Radio"), "properties": prop("access")},
		{"type": "library", "name": "l1", "version": "4", "supplier": supplier("Acme Radio"), "properties": prop("access"),
			"components": []comp{{"type": "file", "name": "tables.bin", "supplier": supplier("Unknown Tables Ltd")}}},
		{"type": "application", "name": "mystery"},
	}
}

func TestRuleSelectors(t *testing.T) {
	tests := []struct {
		name string
		rule string
		want []string // components with a finding, document order
	}{
		{"entity id covers descendants", "{id: r, severity: warn, when: {entity: {ids: [bigco]}}}", []string{"chip-fw", "oam-lib"}},
		{"entity id of the child only", "{id: r, severity: warn, when: {entity: {ids: [bigco-chips]}}}", []string{"chip-fw"}},
		{"entity tag through ancestor", "{id: r, severity: warn, when: {entity: {tags: [high-risk]}}}", []string{"chip-fw", "oam-lib"}},
		{"origin list", "{id: r, severity: warn, when: {origin: [unlisted, unknown]}}", []string{"tables.bin"}}, // mystery inherits the root's supplier
		{"country from evidence or entity", "{id: r, severity: warn, when: {country: [CN]}}", []string{"chip-fw", "oam-lib"}},
		{"country of a listed vendor", "{id: r, severity: warn, when: {country: [SE]}}", []string{"fw", "ofh", "l1", "mystery"}},
		{"component type", "{id: r, severity: warn, when: {component: {type: [firmware]}}}", []string{"fw", "chip-fw"}},
		{"purl type", "{id: r, severity: warn, when: {component: {purlType: [maven]}}}", []string{"oam-lib"}},
		{"name glob", "{id: r, severity: warn, when: {component: {name: '*-fw'}}}", []string{"chip-fw"}},
		{"group glob", "{id: r, severity: warn, when: {component: {group: 'com.*'}}}", []string{"oam-lib"}},
		{"property in", "{id: r, severity: warn, when: {component: {property: {name: 'ran:function', in: [oam, core]}}}}", []string{"oam-lib"}},
		{"property equals", "{id: r, severity: warn, when: {component: {property: {name: 'ran:function', equals: access}}}}", []string{"chip-fw", "ofh", "l1"}},
		{"property notIn (absent counts)", "{id: r, severity: warn, when: {component: {property: {name: 'ran:function', notIn: [access]}}}}", []string{"fw", "oam-lib", "tables.bin", "mystery"}},
		{"property present", "{id: r, severity: warn, when: {component: {property: {name: 'ran:function'}}}}", []string{"chip-fw", "oam-lib", "ofh", "l1"}},
		{"depth", "{id: r, severity: warn, when: {component: {minDepth: 2, maxDepth: 2}}}", []string{"tables.bin"}},
		{"conjunction", "{id: r, severity: warn, when: {entity: {tags: [high-risk]}, component: {property: {name: 'ran:function', equals: access}}}}", []string{"chip-fw"}},
		{"expr on hashes", `{id: r, severity: warn, when: {component: {type: [firmware, library]}}, expr: 'size(component.hashes) == 0'}`, []string{"fw", "oam-lib", "ofh", "l1"}},
		{"expr on evidence", `{id: r, severity: warn, expr: 'evidence.exists(e, e.field == "supplier.address.country" && e.value == "CN")'}`, []string{"oam-lib"}},
		{"expr on entity", `{id: r, severity: warn, expr: 'has(entity.id) && "bigco" in entity.ancestors'}`, []string{"chip-fw"}},
		{"expr on origin and ids", `{id: r, severity: warn, expr: 'origin == "resolved" && "bigco" in entityIds && component.depth == 1'}`, []string{"chip-fw", "oam-lib"}},
		// A failing expression (missing key) counts as matched: fail closed.
		{"expr error fails closed", `{id: r, severity: warn, when: {component: {name: 'ofh'}}, expr: 'component.properties["nope"] == "x"'}`, []string{"ofh"}},
	}
	root := comp{"type": "firmware", "name": "fw", "supplier": supplier("Acme Radio")}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, catalogHead+"rules:\n  - "+tt.rule+"\n")
			v := evaluate(t, bom(t, root, nil, partsDoc(t)...), p)
			var got []string
			for _, f := range v.Findings {
				got = append(got, f.Component.Name)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings on %q, want %q", got, tt.want)
			}
			if tt.name == "expr error fails closed" && (len(v.Findings) != 1 || v.Findings[0].Error == "") {
				t.Errorf("expression error not reported: %+v", v.Findings)
			}
		})
	}
}

func TestExceptions(t *testing.T) {
	src := catalogHead + `rules:
  - {id: hr, severity: fail, when: {entity: {tags: [high-risk]}}}
exceptions:
  - {id: E1, rule: hr, match: {purl: "pkg:generic/bigco/*"}, expires: 2027-06-30, reason: legacy, ticket: T-1}
  - {id: E2, rule: hr, match: {name: oam-lib, bom-ref: nope}, expires: 2027-06-30, reason: never matches}
  - {id: E3, rule: hr, match: {name: "oam-*"}, expires: 2026-01-31, reason: expires}
`
	p := mustParse(t, src)
	doc := bom(t, comp{"type": "firmware", "name": "fw"}, nil, partsDoc(t)...)
	tests := []struct {
		now      time.Time
		decision Decision
		status   []ExceptionStatus
	}{
		// Before E3 expires: chip-fw waived by E1, oam-lib by E3.
		{time.Date(2026, 1, 31, 23, 59, 0, 0, time.UTC), Allow, []ExceptionStatus{ExceptionApplied, ExceptionUnused, ExceptionApplied}},
		// After: E3 expired, oam-lib's finding counts again.
		{time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), Deny, []ExceptionStatus{ExceptionApplied, ExceptionUnused, ExceptionExpired}},
		// After everything expired.
		{time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC), Deny, []ExceptionStatus{ExceptionExpired, ExceptionExpired, ExceptionExpired}},
	}
	for _, tt := range tests {
		t.Run(tt.now.Format(time.DateOnly), func(t *testing.T) {
			v, err := Evaluate(context.Background(), doc, p, EvalOptions{Now: tt.now})
			if err != nil {
				t.Fatal(err)
			}
			if v.Decision != tt.decision {
				t.Errorf("decision %s, want %s (%q)", v.Decision, tt.decision, v.Reasons)
			}
			var st []ExceptionStatus
			for _, x := range v.Exceptions {
				st = append(st, x.Status)
			}
			if !slices.Equal(st, tt.status) {
				t.Errorf("statuses %v, want %v", st, tt.status)
			}
			for _, f := range v.Findings {
				if f.Component.Name == "chip-fw" && tt.status[0] == ExceptionApplied && (f.Exception == nil || f.Exception.Ticket != "T-1") {
					t.Errorf("chip-fw not waived by E1: %+v", f)
				}
				if f.Component.Name == "oam-lib" && tt.status[2] == ExceptionExpired && (f.Exception != nil || f.ExpiredException == nil || f.ExpiredException.ID != "E3") {
					t.Errorf("oam-lib: expired exception should be reported and not applied: %+v", f)
				}
			}
			for i, s := range tt.status {
				if s == ExceptionUnused && !slices.ContainsFunc(v.Reasons, func(r string) bool { return strings.Contains(r, "matched no finding") }) {
					t.Errorf("exception %d unused but not in reasons %q", i, v.Reasons)
				}
				if s == ExceptionExpired && !slices.ContainsFunc(v.Reasons, func(r string) bool { return strings.Contains(r, "expired on") }) {
					t.Errorf("exception %d expired but not in reasons %q", i, v.Reasons)
				}
			}
			if v.Decision == Deny && !strings.HasPrefix(v.Reasons[0], "deny: ") {
				t.Errorf("deny reason not first: %q", v.Reasons)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	doc := bom(t, comp{"type": "firmware", "name": "fw"}, nil, partsDoc(t)...)
	tests := []struct {
		limit    string
		count    int
		total    int
		exceeded bool
		decision Decision
	}{
		// access: chip-fw (bigco), ofh, l1 → 1 of 3.
		{"{id: l, entity: {tags: [high-risk]}, scope: {property: {name: 'ran:function', equals: access}}, maxShare: 0.35}", 1, 3, false, Allow},
		{"{id: l, entity: {tags: [high-risk]}, scope: {property: {name: 'ran:function', equals: access}}, maxShare: 0.30}", 1, 3, true, Deny},
		// whole document: 2 of 7 (root included).
		{"{id: l, entity: {ids: [bigco]}, maxCount: 2}", 2, 7, false, Allow},
		{"{id: l, entity: {ids: [bigco]}, maxCount: 1}", 2, 7, true, Deny},
		{"{id: l, severity: warn, entity: {ids: [bigco]}, maxCount: 1}", 2, 7, true, Allow},
	}
	for _, tt := range tests {
		t.Run(tt.limit, func(t *testing.T) {
			p := mustParse(t, catalogHead+"rules:\n  - {id: r, severity: info, when: {origin: conflict}}\nlimits:\n  - "+tt.limit+"\n")
			v := evaluate(t, doc, p)
			l := v.Limits[0]
			if l.Count != tt.count || l.Total != tt.total || l.Exceeded != tt.exceeded || v.Decision != tt.decision {
				t.Errorf("limit %+v decision %s; want %d/%d exceeded=%v %s", l, v.Decision, tt.count, tt.total, tt.exceeded, tt.decision)
			}
			if tt.exceeded && !slices.ContainsFunc(v.Reasons, func(r string) bool { return strings.Contains(r, "limit l ") }) {
				t.Errorf("reasons %q lack the limit", v.Reasons)
			}
		})
	}
}

func TestOperatorPolicyOnRadioUnit(t *testing.T) {
	p, err := Load(filepath.Join("..", "testdata", "policies", "operator-ran.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	doc := loadTestdata(t, "ru-5g.cdx.json")
	v, err := Evaluate(context.Background(), doc, p, EvalOptions{Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if v.Decision != Deny {
		t.Fatalf("decision %s", v.Decision)
	}
	// The Hi1382 BSP parts are waived for covered-entity, but the secure
	// firmware still fails high-risk-security.
	waived := 0
	for _, f := range v.Findings {
		if f.Rule == "covered-entity" && f.Exception != nil {
			waived++
			if !strings.HasPrefix(f.Component.PURL, "pkg:generic/hisilicon/hi1382-") {
				t.Errorf("exception applied to %s", f.Component.PURL)
			}
		}
	}
	if waived == 0 || v.Exceptions[0].Status != ExceptionApplied || v.Exceptions[0].Count != waived {
		t.Errorf("waived %d, exception %+v", waived, v.Exceptions[0])
	}
	if !slices.ContainsFunc(v.Findings, func(f Finding) bool {
		return f.Rule == "high-risk-security" && f.Component.Name == "hi1382-secure-fw"
	}) {
		t.Error("high-risk-security did not fire on the secure firmware")
	}
	if v.Policy.Name != "operator-ran" || !strings.HasSuffix(v.Policy.Source, "operator-ran.yaml") {
		t.Errorf("policy ref %+v", v.Policy)
	}
}

func TestEvaluateArguments(t *testing.T) {
	doc := bom(t, comp{"type": "firmware", "name": "fw"}, nil)
	if _, err := Evaluate(context.Background(), nil, mustPreset(t, "baseline"), EvalOptions{}); err == nil {
		t.Error("nil document accepted")
	}
	if _, err := Evaluate(context.Background(), doc, &Policy{}, EvalOptions{}); err == nil {
		t.Error("unloaded policy accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Evaluate(ctx, doc, mustPreset(t, "baseline"), EvalOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v", err)
	}
}
