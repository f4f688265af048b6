package render

import (
	"reflect"
	"strings"
	"testing"

	"github.com/fwprov/fwprov/policy"
)

func TestSummarize(t *testing.T) {
	results := []ScanResult{
		{Path: "b", Decision: ScanDeny, Components: 30,
			Counts:    map[policy.Severity]int{policy.SeverityFail: 2, policy.SeverityWarn: 1},
			Rules:     []RuleCount{{Rule: "listed", Severity: policy.SeverityFail, Findings: 2}, {Rule: "country", Severity: policy.SeverityWarn, Findings: 1}},
			Suppliers: []Share{{Name: "Acme", Components: 20}, {Name: "Huawei", Components: 10}},
			Countries: []Share{{Name: "DE", Components: 20}, {Name: "", Components: 10}},
			Entities:  []policy.EntityCount{{ID: "huawei", Name: "Huawei", Count: 10}}},
		{Path: "a", Decision: ScanAllow, Components: 10, Counts: map[policy.Severity]int{}, Waived: 1,
			Suppliers: []Share{{Name: "Acme", Components: 10}},
			Countries: []Share{{Name: "DE", Components: 10}}},
		{Path: "c", Decision: ScanError, Error: "sbom: parse c:1:1: truncated"},
		{Path: "d", Decision: ScanDeny, Components: 10, Counts: map[policy.Severity]int{policy.SeverityFail: 1},
			Rules:     []RuleCount{{Rule: "listed", Severity: policy.SeverityFail, Findings: 1}},
			Suppliers: []Share{{Name: "Huawei", Components: 10}}},
	}
	rep := NewScanReport("dir", policy.PolicyRef{Name: "p"}, results)
	var paths []string
	for _, r := range rep.Submissions {
		paths = append(paths, r.Path)
	}
	if !reflect.DeepEqual(paths, []string{"a", "b", "c", "d"}) {
		t.Errorf("order %q", paths)
	}
	s := rep.Summary
	if s.Submissions != 4 || s.Allowed != 1 || s.Denied != 2 || s.Errored != 1 || s.Components != 50 || s.Waived != 1 {
		t.Errorf("counts %+v", s)
	}
	if s.Findings[policy.SeverityFail] != 3 || s.Findings[policy.SeverityWarn] != 1 {
		t.Errorf("findings %v", s.Findings)
	}
	wantSup := []Share{{Name: "Acme", Components: 30, Share: 0.6, Submissions: 2}, {Name: "Huawei", Components: 20, Share: 0.4, Submissions: 2}}
	if !reflect.DeepEqual(s.Suppliers, wantSup) {
		t.Errorf("suppliers %+v, want %+v", s.Suppliers, wantSup)
	}
	wantCty := []Share{{Name: "DE", Components: 30, Share: 0.6, Submissions: 2}, {Name: "", Components: 10, Share: 0.2, Submissions: 1}}
	if !reflect.DeepEqual(s.Countries, wantCty) {
		t.Errorf("countries %+v, want %+v", s.Countries, wantCty)
	}
	wantRules := []RuleCount{{Rule: "listed", Severity: policy.SeverityFail, Findings: 3, Submissions: 2}, {Rule: "country", Severity: policy.SeverityWarn, Findings: 1, Submissions: 1}}
	if !reflect.DeepEqual(s.Rules, wantRules) {
		t.Errorf("rules %+v, want %+v", s.Rules, wantRules)
	}
	if len(s.Entities) != 1 || s.Entities[0].Name != "Huawei" || s.Entities[0].Share != 0.2 {
		t.Errorf("entities %+v", s.Entities)
	}

	// Every format renders, the error entry and the unnamed country included.
	for _, f := range []string{"text", "json", "jsonl", "markdown", "html"} {
		p, err := ScanPresenter(f, rep)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := p.Present(&b); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if f != "json" && f != "jsonl" && !strings.Contains(b.String(), "(none declared)") {
			t.Errorf("%s: the undeclared country is not named", f)
		}
		if !strings.Contains(b.String(), "truncated") {
			t.Errorf("%s: the error entry is missing", f)
		}
	}
	if _, err := ScanPresenter("sarif", rep); err == nil {
		t.Error("sarif accepted for a scan")
	}
}
