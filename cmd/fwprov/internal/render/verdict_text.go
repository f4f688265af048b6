package render

import (
	"io"
	"strings"

	"github.com/fwprov/fwprov/policy"
)

type verdictText struct{ in *VerdictInput }

func (p verdictText) Present(w io.Writer) error {
	v := p.in.Verdict
	e := &errWriter{w: w}
	e.printf("%s  %s\n", strings.ToUpper(string(v.Decision)), Clean(v.Document.Source))
	e.printf("policy    %s (%s)\n", Clean(v.Policy.Name), Clean(v.Policy.Source))
	if r := v.Document.Root; r != nil {
		e.printf("firmware  %s\n", Clean(r.Label))
	}
	e.printf("sbom      %s %s, %d components, sha256:%s\n", v.Document.Format, v.Document.SpecVersion, v.Document.Components, v.Document.SHA256)
	if len(v.Reasons) > 0 {
		e.printf("\nReasons:\n")
		for _, r := range v.Reasons {
			e.printf("  - %s\n", Clean(r))
		}
	}
	if v.Provenance != nil {
		writeProvenanceText(e, v.Provenance)
	}
	by, waived := findingsBySeverity(v)
	for _, sev := range severities {
		fs := by[sev]
		if len(fs) == 0 {
			continue
		}
		e.printf("\n%s (%d):\n", strings.ToUpper(string(sev)), len(fs))
		for _, f := range fs {
			writeFindingText(e, f)
		}
	}
	if len(waived) > 0 {
		e.printf("\nWAIVED by an exception (%d):\n", len(waived))
		for _, f := range waived {
			writeFindingText(e, f)
			e.printf("      exception: %s (expires %s%s)\n", Clean(f.Exception.Reason), f.Exception.Expires, ticket(f.Exception.Ticket))
		}
	}
	if len(v.Limits) > 0 {
		e.printf("\nLimits:\n")
		for _, l := range v.Limits {
			status := "ok"
			if l.Exceeded {
				status = "EXCEEDED (" + string(l.Severity) + ")"
			}
			e.printf("  %-24s %d of %d components (%.1f%%)%s  %s\n", Clean(l.ID), l.Count, l.Total, 100*l.Share, limitMax(l), status)
		}
	}
	if len(v.Exceptions) > 0 {
		e.printf("\nExceptions:\n")
		for _, x := range v.Exceptions {
			e.printf("  %-8s rule %s, expires %s, waived %d: %s\n", x.Status, Clean(x.Rule), x.Expires, x.Count, Clean(x.Reason))
		}
	}
	s := v.Summary
	e.printf("\nSummary: %d components; origins", s.Components)
	for _, o := range policy.Outcomes {
		e.printf(" %s %d", o, s.Origins[o])
	}
	e.printf("; findings fail %d, warn %d, info %d, waived %d\n", s.Findings[policy.SeverityFail], s.Findings[policy.SeverityWarn], s.Findings[policy.SeverityInfo], s.Waived)
	if len(v.Problems) > 0 {
		e.printf("Document problems: %d (see --format json)\n", len(v.Problems))
	}
	return e.err
}

func writeFindingText(e *errWriter, f *policy.Finding) {
	e.printf("  %-22s %s", Clean(f.Rule), Clean(f.Component.Label))
	e.printf("  [%s]\n", Clean(originCell(f)))
	if len(f.ContainmentPath) > 1 {
		e.printf("      in: %s\n", Clean(strings.Join(f.ContainmentPath, " › ")))
	}
	if len(f.Evidence) > 0 {
		e.printf("      evidence: %s\n", evidenceLine(f))
	}
	if f.Error != "" {
		e.printf("      error: %s\n", Clean(f.Error))
	}
	if x := f.ExpiredException; x != nil {
		e.printf("      expired exception (%s): %s\n", x.Expires, Clean(x.Reason))
	}
}

func ticket(t string) string {
	if t == "" {
		return ""
	}
	return ", " + Clean(t)
}

func limitMax(l policy.LimitResult) string {
	switch {
	case l.MaxShare != nil:
		return " max " + trimFloat(100**l.MaxShare) + "%"
	case l.MaxCount != nil:
		return " max " + itoa(*l.MaxCount)
	}
	return ""
}
