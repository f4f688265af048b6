package render

import (
	"github.com/fwprov/fwprov/policy"
	"github.com/fwprov/fwprov/sbom"
)

// DiffReport is the report of `fwprov diff`: what an upgrade changes, and,
// with a policy, which findings the upgrade introduces.
type DiffReport struct {
	*sbom.Diff
	// Policy is set when the diff was evaluated against a policy.
	Policy *DiffPolicy `json:"policy,omitempty"`
}

// DiffPolicy is the policy side of a diff: both verdicts' decisions and the
// findings split by whether the upgrade introduced them.
type DiffPolicy struct {
	policy.PolicyRef
	// FailOn is "new" or "all": which findings decide the exit code.
	FailOn      string          `json:"failOn"`
	OldDecision policy.Decision `json:"oldDecision"`
	NewDecision policy.Decision `json:"newDecision"`
	// Decision is the diff's own answer under FailOn: with "new", deny
	// only when the upgrade introduces an unwaived fail finding or newly
	// exceeds a fail limit; with "all", the new document's decision.
	Decision policy.Decision `json:"decision"`
	Reasons  []string        `json:"reasons"`
	// Introduced are findings of the new document that the old one did not
	// have: the same rule on the counterpart component (see sbom.Diff) is
	// absent, or the component itself is new.
	Introduced []policy.Finding `json:"introduced"`
	// Existing are findings present before and after the upgrade (as the
	// new document has them).
	Existing []policy.Finding `json:"existing"`
	// Resolved are findings of the old document that the new one no longer
	// has (as the old document had them).
	Resolved []policy.Finding `json:"resolved"`
	// LimitsNewlyExceeded are limits the new document exceeds and the old
	// one did not; LimitsExceeded are all limits the new document exceeds.
	LimitsNewlyExceeded []policy.LimitResult `json:"limitsNewlyExceeded"`
	LimitsExceeded      []policy.LimitResult `json:"limitsExceeded"`
}

// DiffPresenter returns the presenter of a diff report in format.
func DiffPresenter(format string, r *DiffReport) (Presenter, error) {
	switch format {
	case "text":
		return diffText{r}, nil
	case "json":
		return jsonPresenter(r), nil
	case "markdown":
		return diffMarkdown{r}, nil
	}
	return nil, unknownFormat("diff", format, "text", "json", "markdown")
}

// countUnwaived counts unwaived findings by severity.
func countUnwaived(fs []policy.Finding) map[policy.Severity]int {
	m := map[policy.Severity]int{}
	for i := range fs {
		if !fs[i].Waived() {
			m[fs[i].Severity]++
		}
	}
	return m
}

// versionArrow shows a change "old → new", with "(none)" for empty sides.
func versionArrow(old, new string) string {
	if old == "" {
		old = "(none)"
	}
	if new == "" {
		new = "(none)"
	}
	return old + " → " + new
}

// changeSummary describes a component change on one line: "version 1 → 2;
// supplier A → B; hashes changed".
func changeSummary(c *sbom.ComponentChange) string {
	var s string
	for i, f := range c.Changes {
		if i > 0 {
			s += "; "
		}
		if f.Field == "hashes" {
			s += "hashes changed"
			if c.SameVersionNewHashes {
				s += " (same version!)"
			}
			continue
		}
		s += f.Field + " " + versionArrow(f.Old, f.New) + lookalikeChange(f)
	}
	return s
}

func componentName(c sbom.ComponentSummary) string {
	n := qualified(c.Group, c.Name)
	if n == "" {
		n = c.Ref
	}
	return n
}
