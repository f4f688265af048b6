package render

import (
	"io"
	"strings"

	"github.com/fwprov/fwprov/policy"
	"github.com/fwprov/fwprov/sbom"
)

type diffText struct{ r *DiffReport }

func (p diffText) Present(w io.Writer) error {
	r := p.r
	e := &errWriter{w: w}
	title := "UPGRADE"
	if r.Policy != nil {
		title = strings.ToUpper(string(r.Policy.Decision))
	}
	e.printf("%s  %s → %s\n", title, Clean(r.Old.Source), Clean(r.New.Source))
	side := func(label string, d sbom.DiffDocument) {
		fw := "(no firmware root)"
		if d.Firmware != nil {
			fw = Clean(componentName(*d.Firmware)) + " " + Clean(d.Firmware.Version)
		}
		e.printf("%-9s %s, %d components, sha256:%s\n", label, fw, d.Components, d.SHA256)
	}
	side("old", r.Old)
	side("new", r.New)
	if r.Firmware != nil {
		e.printf("firmware  %s\n", Clean(changeSummary(r.Firmware)))
	}

	list := func(title string, cs []sbom.ComponentSummary, mark string) {
		e.printf("\n%s (%d):\n", title, len(cs))
		for i, c := range cs {
			if i == maxListed {
				e.printf("  … and %d more (see --format json)\n", len(cs)-maxListed)
				break
			}
			e.printf("  %s %s %s", mark, Clean(componentName(c)), Clean(c.Version))
			if c.Supplier != "" {
				e.printf("  [%s]", Clean(c.Supplier))
			}
			if c.PURL != "" {
				e.printf("  %s", Clean(c.PURL))
			}
			e.printf("\n")
		}
	}
	list("Introduced", r.Introduced, "+")
	list("Removed", r.Removed, "-")
	e.printf("\nChanged (%d):\n", len(r.Changed))
	for i := range r.Changed {
		if i == maxListed {
			e.printf("  … and %d more (see --format json)\n", len(r.Changed)-maxListed)
			break
		}
		c := &r.Changed[i]
		e.printf("  ~ %s  %s  (matched by %s)\n", Clean(componentName(c.New)), Clean(changeSummary(c)), c.By)
	}
	e.printf("Unchanged: %d\n", r.Unchanged)

	names := func(title string, ns []sbom.NameCount, appeared bool) {
		if len(ns) == 0 {
			return
		}
		e.printf("\n%s (%d):\n", title, len(ns))
		for _, n := range ns {
			c := n.New
			if !appeared {
				c = n.Old
			}
			e.printf("  %-40s %d component%s%s\n", Clean(n.Name), c, plural(c), lookalikeNote(n))
		}
	}
	names("Suppliers appearing", r.SuppliersAppeared, true)
	names("Suppliers disappearing", r.SuppliersDisappeared, false)
	names("Countries appearing", r.CountriesAppeared, true)
	names("Countries disappearing", r.CountriesDisappeared, false)

	if pol := r.Policy; pol != nil {
		e.printf("\nPolicy %s (%s): old %s, new %s; failing on %s findings\n", Clean(pol.Name), Clean(pol.Source), pol.OldDecision, pol.NewDecision, pol.FailOn)
		if len(pol.Reasons) > 0 {
			for _, reason := range pol.Reasons {
				e.printf("  - %s\n", Clean(reason))
			}
		}
		findings := func(title string, fs []policy.Finding) {
			e.printf("\n%s (%d):\n", title, len(fs))
			for i := range fs {
				f := &fs[i]
				e.printf("  %-4s", strings.ToUpper(string(f.Severity)))
				writeFindingText(e, f)
				if f.Exception != nil {
					e.printf("      waived: %s (expires %s)\n", Clean(f.Exception.Reason), f.Exception.Expires)
				}
			}
		}
		findings("Findings introduced by the upgrade", pol.Introduced)
		findings("Findings already present", pol.Existing)
		findings("Findings resolved by the upgrade", pol.Resolved)
		if len(pol.LimitsExceeded) > 0 {
			e.printf("\nLimits exceeded by the new load:\n")
			for _, l := range pol.LimitsExceeded {
				state := "already before"
				for _, n := range pol.LimitsNewlyExceeded {
					if n.ID == l.ID {
						state = "NEW"
					}
				}
				e.printf("  %-24s %d of %d components (%.1f%%)%s  %s (%s)\n", Clean(l.ID), l.Count, l.Total, 100*l.Share, limitMax(l), state, l.Severity)
			}
		}
		n, o := countUnwaived(pol.Introduced), countUnwaived(pol.Existing)
		e.printf("\nSummary: %d introduced, %d removed, %d changed; new findings fail %d, warn %d, info %d; already present fail %d, warn %d, info %d; resolved %d\n",
			len(r.Introduced), len(r.Removed), len(r.Changed),
			n[policy.SeverityFail], n[policy.SeverityWarn], n[policy.SeverityInfo],
			o[policy.SeverityFail], o[policy.SeverityWarn], o[policy.SeverityInfo], len(pol.Resolved))
	} else {
		e.printf("\nSummary: %d introduced, %d removed, %d changed, %d unchanged (no policy: give --policy for findings)\n", len(r.Introduced), len(r.Removed), len(r.Changed), r.Unchanged)
	}
	return e.err
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
