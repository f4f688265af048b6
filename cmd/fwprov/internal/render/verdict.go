package render

import (
	"github.com/fwprov/fwprov/policy"
)

// VerdictInput is what the verdict presenters render: a policy verdict
// (from check or gate) and the SBOM bytes it was computed on, so SARIF can
// point at the line that declares each component.
type VerdictInput struct {
	Verdict *policy.Verdict
	// SBOM is the exact bytes evaluated (optional: locations are then
	// file-level only).
	SBOM []byte
	// Command is "check" or "gate", for titles.
	Command string
	// Rules are the ids of the policy's rules in policy order, so JUnit can
	// show a passing test case for each rule without findings.
	Rules []string
	// ToolVersion is fwprov's version, for reports that name their tool
	// (SARIF's driver.version).
	ToolVersion string
}

// VerdictPresenter returns the presenter of a verdict in format.
func VerdictPresenter(format string, in *VerdictInput) (Presenter, error) {
	switch format {
	case "text":
		return verdictText{in}, nil
	case "json":
		return jsonPresenter(in.Verdict), nil
	case "sarif":
		return verdictSARIF{in}, nil
	case "markdown":
		return verdictMarkdown{in}, nil
	case "junit":
		return verdictJUnit{in}, nil
	}
	return nil, unknownFormat(in.Command, format, "text", "json", "sarif", "markdown", "junit")
}

// severities in report order.
var severities = []policy.Severity{policy.SeverityFail, policy.SeverityWarn, policy.SeverityInfo}

// findingsBySeverity splits findings by severity; waived findings go last,
// on their own.
func findingsBySeverity(v *policy.Verdict) (by map[policy.Severity][]*policy.Finding, waived []*policy.Finding) {
	by = map[policy.Severity][]*policy.Finding{}
	for i := range v.Findings {
		f := &v.Findings[i]
		if f.Waived() {
			waived = append(waived, f)
			continue
		}
		by[f.Severity] = append(by[f.Severity], f)
	}
	return by, waived
}

// evidenceLine renders a finding's evidence compactly on one line:
// field=raw (→ entity), inherited items marked.
func evidenceLine(f *policy.Finding) string {
	var b []byte
	for i, e := range f.Evidence {
		if i > 0 {
			b = append(b, "; "...)
		}
		b = append(b, string(e.Field)...)
		b = append(b, '=')
		b = append(b, quoteIfNeeded(Clean(e.Raw))...)
		if e.Entity != nil {
			b = append(b, " → "...)
			b = append(b, e.Entity.ID...)
		}
		if e.Inherited {
			b = append(b, " (inherited from "...)
			b = append(b, Clean(e.From)...)
			b = append(b, ')')
		}
	}
	return string(b)
}

func quoteIfNeeded(s string) string {
	for _, r := range s {
		if r == ' ' || r == ';' || r == '=' {
			return `"` + s + `"`
		}
	}
	return s
}
