package render

import (
	"io"
	"strings"

	"github.com/fwprov/fwprov/policy"
)

type scanText struct{ r *ScanReport }

// maxShares bounds the supplier and country lists of text and Markdown
// scan reports; JSON has them all.
const maxShares = 15

func (p scanText) Present(w io.Writer) error {
	r := p.r
	s := r.Summary
	e := &errWriter{w: w}
	e.printf("SCAN  %s  (policy %s, %s)\n", Clean(r.Source), Clean(r.Policy.Name), Clean(r.Policy.Source))
	e.printf("%s: %d allowed, %d denied, %d could not be read; %s\n", Count(s.Submissions, "submission"), s.Allowed, s.Denied, s.Errored, Count(s.Components, "component"))
	e.printf("findings: fail %d, warn %d, info %d, waived %d\n\n", s.Findings[policy.SeverityFail], s.Findings[policy.SeverityWarn], s.Findings[policy.SeverityInfo], s.Waived)

	e.printf("%-7s %5s %5s %5s %5s %10s  %s\n", "VERDICT", "PROV", "FAIL", "WARN", "INFO", "COMPONENTS", "SUBMISSION")
	for i := range r.Submissions {
		sub := &r.Submissions[i]
		if sub.Decision == ScanError {
			e.printf("%-7s %5s %5s %5s %5s %10s  %s\n", "ERROR", "-", "-", "-", "-", "-", Clean(sub.Path))
		} else {
			e.printf("%-7s %5d %5d %5d %5d %10d  %s\n", strings.ToUpper(sub.Decision), provenanceDenials(sub), sub.Counts[policy.SeverityFail], sub.Counts[policy.SeverityWarn], sub.Counts[policy.SeverityInfo], sub.Components, Clean(sub.Path))
		}
		if t := topFinding(sub); t != "" {
			e.printf("%44s└ %s\n", "", Clean(t))
		}
	}
	shares := func(title string, xs []Share) {
		if len(xs) == 0 {
			return
		}
		e.printf("\n%s:\n", title)
		for i, x := range xs {
			if i == maxShares {
				e.printf("  … and %d more (see --format json)\n", len(xs)-maxShares)
				break
			}
			e.printf("  %6.1f%% %7d  %-40s in %s\n", 100*x.Share, x.Components, Clean(displayName(x.Name)), Count(x.Submissions, "submission"))
		}
	}
	shares("Suppliers by share of components", s.Suppliers)
	shares("Countries by share of components", s.Countries)
	shares("Policy entities by share of components", s.Entities)
	if len(s.Rules) > 0 {
		e.printf("\nMost frequent findings:\n")
		for i, rc := range s.Rules {
			if i == maxShares {
				e.printf("  … and %d more\n", len(s.Rules)-maxShares)
				break
			}
			e.printf("  %-4s %-32s %5d %s in %s\n", strings.ToUpper(string(rc.Severity)), Clean(rc.Rule), rc.Findings, Noun(rc.Findings, "finding"), Count(rc.Submissions, "submission"))
		}
	}
	return e.err
}

type scanMarkdown struct{ r *ScanReport }

func (p scanMarkdown) Present(w io.Writer) error {
	r := p.r
	s := r.Summary
	e := &errWriter{w: w}
	e.printf("# Submission scan: %s\n\n", md(r.Source))
	e.printf("Policy **%s** (`%s`). %s: **%d allowed**, **%d denied**, **%d could not be read**; %s.\n", md(r.Policy.Name), md(r.Policy.Source), Count(s.Submissions, "submission"), s.Allowed, s.Denied, s.Errored, Count(s.Components, "component"))
	e.printf("Findings: fail %d, warn %d, info %d, waived %d.\n\n", s.Findings[policy.SeverityFail], s.Findings[policy.SeverityWarn], s.Findings[policy.SeverityInfo], s.Waived)
	e.printf("## Submissions\n\n| submission | verdict | provenance | fail | warn | info | components | top finding |\n|---|---|---:|---:|---:|---:|---:|---|\n")
	for i := range r.Submissions {
		sub := &r.Submissions[i]
		verdict := map[string]string{ScanAllow: "✅ allow", ScanDeny: "⛔ deny", ScanError: "⚠️ error"}[sub.Decision]
		if sub.Decision == ScanError {
			e.printf("| `%s` | %s | – | – | – | – | – | %s |\n", md(sub.Path), verdict, md(sub.Error))
			continue
		}
		e.printf("| `%s` | %s | %d | %d | %d | %d | %d | %s |\n", md(sub.Path), verdict, provenanceDenials(sub), sub.Counts[policy.SeverityFail], sub.Counts[policy.SeverityWarn], sub.Counts[policy.SeverityInfo], sub.Components, md(topFinding(sub)))
	}
	shares := func(title string, xs []Share) {
		if len(xs) == 0 {
			return
		}
		e.printf("\n## %s\n\n| name | share | components | submissions |\n|---|---:|---:|---:|\n", title)
		for i, x := range xs {
			if i == maxShares {
				e.printf("| … %d more | | | |\n", len(xs)-maxShares)
				break
			}
			e.printf("| %s | %.1f%% | %d | %d |\n", md(displayName(x.Name)), 100*x.Share, x.Components, x.Submissions)
		}
	}
	shares("Suppliers by share of components", s.Suppliers)
	shares("Countries by share of components", s.Countries)
	shares("Policy entities by share of components", s.Entities)
	if len(s.Rules) > 0 {
		e.printf("\n## Most frequent findings\n\n| rule | severity | findings | submissions |\n|---|---|---:|---:|\n")
		for _, rc := range s.Rules {
			e.printf("| %s | %s | %d | %d |\n", md(rc.Rule), rc.Severity, rc.Findings, rc.Submissions)
		}
	}
	for i := range r.Submissions {
		sub := &r.Submissions[i]
		if len(sub.Findings) == 0 {
			continue
		}
		e.printf("\n## `%s`: %s\n\n", md(sub.Path), sub.Decision)
		if sub.Firmware != "" {
			e.printf("Firmware %s.\n\n", md(sub.Firmware))
		}
		e.printf("| severity | rule | component | origin | evidence |\n|---|---|---|---|---|\n")
		for j := range sub.Findings {
			f := &sub.Findings[j]
			e.printf("| %s | %s | %s | %s | %s |\n", f.Severity, md(f.Rule), md(f.Component.Label), md(originCell(f)), md(evidenceLine(f)))
		}
		if sub.Omitted > 0 {
			e.printf("\n%s more not kept in the report.\n", Count(sub.Omitted, "finding"))
		}
	}
	return e.err
}

// provenanceDenials counts the provenance checks that deny a submission
// (column PROV): a release denied for its signature alone shows it, not
// "DENY 0 0 0".
func provenanceDenials(sub *ScanResult) int {
	n := 0
	for _, r := range sub.Reasons {
		if strings.HasPrefix(r, policy.ProvenanceReasonPrefix) {
			n++
		}
	}
	return n
}
