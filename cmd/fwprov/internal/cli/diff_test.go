package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/fwprov/fwprov/policy"
	"github.com/fwprov/fwprov/sbom"
)

func parseForDiff(t *testing.T, name, comps string) *sbom.Document {
	t.Helper()
	doc, err := sbom.Parse(context.Background(), name, []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
"metadata":{"component":{"type":"firmware","bom-ref":"fw","name":"fw","version":"1"}},"components":[`+comps+`]}`), sbom.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func finding(rule string, sev policy.Severity, doc *sbom.Document, ref string, waived bool) policy.Finding {
	c := doc.ByRef[ref]
	f := policy.Finding{Rule: rule, Severity: sev, Component: policy.ComponentRef{BOMRef: ref, Name: c.Name, Index: c.Index, Label: c.Label()}}
	if waived {
		f.Exception = &policy.AppliedException{Reason: "legacy part"}
	}
	return f
}

// TestDiffPolicy checks how findings are split across an upgrade and how
// --fail-on decides.
func TestDiffPolicy(t *testing.T) {
	old := parseForDiff(t, "old", `{"type":"library","bom-ref":"a@1","name":"a","version":"1","purl":"pkg:generic/x/a@1"},
		{"type":"library","bom-ref":"b","name":"b","version":"1"},
		{"type":"library","bom-ref":"gone","name":"gone","version":"1"}`)
	new := parseForDiff(t, "new", `{"type":"library","bom-ref":"a@2","name":"a","version":"2","purl":"pkg:generic/x/a@2"},
		{"type":"library","bom-ref":"b","name":"b","version":"1"},
		{"type":"library","bom-ref":"fresh","name":"fresh","version":"1"}`)
	d, err := sbom.Compare(context.Background(), old, new)
	if err != nil {
		t.Fatal(err)
	}
	const fail, warn = policy.SeverityFail, policy.SeverityWarn
	tests := []struct {
		name                         string
		oldF, newF                   []policy.Finding
		oldDeny, newDeny             bool
		failOn                       string
		introduced, existing, solved int
		deny                         bool
		reason                       string
	}{
		{
			name:    "same rule on the upgraded component is already present",
			oldF:    []policy.Finding{finding("listed", fail, old, "a@1", false)},
			newF:    []policy.Finding{finding("listed", fail, new, "a@2", false)},
			oldDeny: true, newDeny: true, failOn: "new",
			introduced: 0, existing: 1, solved: 0, deny: false, reason: "already had",
		},
		{
			name: "the same, failing on all",
			oldF: []policy.Finding{finding("listed", fail, old, "a@1", false)}, newF: []policy.Finding{finding("listed", fail, new, "a@2", false)},
			oldDeny: true, newDeny: true, failOn: "all",
			existing: 1, deny: true,
		},
		{
			name:       "a new component's finding is introduced",
			newF:       []policy.Finding{finding("listed", fail, new, "fresh", false)},
			newDeny:    true,
			failOn:     "new",
			introduced: 1, deny: true, reason: "introduces 1 fail finding; first: listed on fresh@1",
		},
		{
			name:       "another rule on a kept component is introduced; warn does not deny",
			oldF:       []policy.Finding{finding("listed", fail, old, "b", true)},
			newF:       []policy.Finding{finding("listed", fail, new, "b", true), finding("country", warn, new, "b", false)},
			failOn:     "new",
			introduced: 1, existing: 1,
		},
		{
			name:       "an exception that no longer covers the upgraded part makes the finding new",
			oldF:       []policy.Finding{finding("listed", fail, old, "a@1", true)},
			newF:       []policy.Finding{finding("listed", fail, new, "a@2", false)},
			newDeny:    true,
			failOn:     "new",
			introduced: 1, deny: true,
		},
		{
			name:   "findings on removed components are resolved",
			oldF:   []policy.Finding{finding("listed", fail, old, "gone", false)},
			failOn: "new", oldDeny: true,
			solved: 1,
		},
		{
			name:    "a deny without findings that the old load did not have fails closed",
			newDeny: true, failOn: "new",
			deny: true, reason: "the new load is denied and the old one was not",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec := func(deny bool) policy.Decision {
				if deny {
					return policy.Deny
				}
				return policy.Allow
			}
			ov := &policy.Verdict{Decision: dec(tt.oldDeny), Findings: tt.oldF}
			nv := &policy.Verdict{Decision: dec(tt.newDeny), Findings: tt.newF, Reasons: []string{"deny: something"}}
			dp := diffPolicy(d, ov, nv, tt.failOn)
			if len(dp.Introduced) != tt.introduced || len(dp.Existing) != tt.existing || len(dp.Resolved) != tt.solved {
				t.Errorf("introduced %d, existing %d, resolved %d; want %d, %d, %d", len(dp.Introduced), len(dp.Existing), len(dp.Resolved), tt.introduced, tt.existing, tt.solved)
			}
			if (dp.Decision == policy.Deny) != tt.deny {
				t.Errorf("decision %s, want deny=%v (reasons %q)", dp.Decision, tt.deny, dp.Reasons)
			}
			if tt.reason != "" && !strings.Contains(strings.Join(dp.Reasons, "\n"), tt.reason) {
				t.Errorf("reasons %q lack %q", dp.Reasons, tt.reason)
			}
		})
	}
}

func TestDiffPolicyLimits(t *testing.T) {
	doc := parseForDiff(t, "x", `{"type":"library","bom-ref":"b","name":"b","version":"1"}`)
	d, err := sbom.Compare(context.Background(), doc, doc)
	if err != nil {
		t.Fatal(err)
	}
	lim := func(exceeded bool) []policy.LimitResult {
		return []policy.LimitResult{{ID: "share", Severity: policy.SeverityFail, Count: 2, Total: 4, Share: 0.5, Exceeded: exceeded}}
	}
	dp := diffPolicy(d, &policy.Verdict{Decision: policy.Allow, Limits: lim(false)}, &policy.Verdict{Decision: policy.Deny, Limits: lim(true)}, "new")
	if dp.Decision != policy.Deny || len(dp.LimitsNewlyExceeded) != 1 || !strings.Contains(dp.Reasons[0], "exceeds limit share") {
		t.Errorf("newly exceeded limit: %+v", dp)
	}
	dp = diffPolicy(d, &policy.Verdict{Decision: policy.Deny, Limits: lim(true)}, &policy.Verdict{Decision: policy.Deny, Limits: lim(true)}, "new")
	if dp.Decision != policy.Allow || len(dp.LimitsNewlyExceeded) != 0 || len(dp.LimitsExceeded) != 1 {
		t.Errorf("limit exceeded before and after: %+v", dp)
	}
}
