package render

import (
	"io"
	"strings"

	"github.com/fwprov/fwprov/policy"
)

type verdictMarkdown struct{ in *VerdictInput }

func (p verdictMarkdown) Present(w io.Writer) error {
	v := p.in.Verdict
	e := &errWriter{w: w}
	title := v.Document.Source
	if r := v.Document.Root; r != nil {
		title = r.Label
	}
	icon := "✅"
	if v.Decision == policy.Deny {
		icon = "⛔"
	}
	e.printf("# %s %s: %s\n\n", icon, strings.ToUpper(string(v.Decision)), md(title))
	e.printf("| | |\n|---|---|\n")
	e.printf("| SBOM | `%s` (%s %s, %d components) |\n", md(v.Document.Source), v.Document.Format, md(v.Document.SpecVersion), v.Document.Components)
	e.printf("| SHA-256 | `%s` |\n", v.Document.SHA256)
	e.printf("| Policy | %s (`%s`) |\n", md(v.Policy.Name), md(v.Policy.Source))
	e.printf("| Evaluated | %s |\n\n", v.EvaluatedAt.UTC().Format("2006-01-02 15:04:05 UTC"))
	if len(v.Reasons) > 0 {
		e.printf("## Reasons\n\n")
		for _, r := range v.Reasons {
			e.printf("- %s\n", md(r))
		}
		e.printf("\n")
	}
	writeProvenanceMarkdown(e, v)
	by, waived := findingsBySeverity(v)
	for _, sev := range severities {
		fs := by[sev]
		if len(fs) == 0 {
			continue
		}
		e.printf("## %s findings (%d)\n\n", strings.ToUpper(string(sev)), len(fs))
		e.printf("| rule | component | origin | path | evidence |\n|---|---|---|---|---|\n")
		for _, f := range fs {
			e.printf("| %s | %s | %s | %s | %s |\n", md(f.Rule), md(f.Component.Label), md(originCell(f)), md(strings.Join(f.ContainmentPath, " › ")), md(evidenceLine(f)))
		}
		e.printf("\n")
	}
	if len(waived) > 0 {
		e.printf("## Waived by exceptions (%d)\n\n| rule | component | exception | expires |\n|---|---|---|---|\n", len(waived))
		for _, f := range waived {
			e.printf("| %s | %s | %s | %s |\n", md(f.Rule), md(f.Component.Label), md(f.Exception.Reason), f.Exception.Expires)
		}
		e.printf("\n")
	}
	if len(v.Limits) > 0 {
		e.printf("## Limits\n\n| limit | count | total | share | max | status |\n|---|---:|---:|---:|---:|---|\n")
		for _, l := range v.Limits {
			status := "ok"
			if l.Exceeded {
				status = "**exceeded** (" + string(l.Severity) + ")"
			}
			e.printf("| %s | %d | %d | %.1f%% | %s | %s |\n", md(l.ID), l.Count, l.Total, 100*l.Share, strings.TrimSpace(strings.TrimPrefix(limitMax(l), " max")), status)
		}
		e.printf("\n")
	}
	if len(v.Exceptions) > 0 {
		e.printf("## Exceptions\n\n| rule | status | expires | waived | reason |\n|---|---|---|---:|---|\n")
		for _, x := range v.Exceptions {
			e.printf("| %s | %s | %s | %d | %s |\n", md(x.Rule), x.Status, x.Expires, x.Count, md(x.Reason))
		}
		e.printf("\n")
	}
	s := v.Summary
	e.printf("## Summary\n\n| origin | components |\n|---|---:|\n")
	for _, o := range policy.Outcomes {
		e.printf("| %s | %d |\n", o, s.Origins[o])
	}
	e.printf("\nFindings: fail %d, warn %d, info %d, waived %d.\n", s.Findings[policy.SeverityFail], s.Findings[policy.SeverityWarn], s.Findings[policy.SeverityInfo], s.Waived)
	return e.err
}

func originCell(f *policy.Finding) string {
	if f.Entity != nil {
		return string(f.Origin) + ": " + f.Entity.Name
	}
	if len(f.Claimed) > 0 {
		var ids []string
		for _, c := range f.Claimed {
			ids = append(ids, c.ID)
		}
		return string(f.Origin) + ": " + strings.Join(ids, " vs ")
	}
	return string(f.Origin)
}
