package render

import (
	"io"
	"strings"

	"github.com/fwprov/fwprov/policy"
	"github.com/fwprov/fwprov/sbom"
)

type diffMarkdown struct{ r *DiffReport }

func (p diffMarkdown) Present(w io.Writer) error {
	r := p.r
	e := &errWriter{w: w}
	name := func(d sbom.DiffDocument) string {
		if d.Firmware == nil {
			return d.Source
		}
		return componentName(*d.Firmware) + " " + d.Firmware.Version
	}
	icon := "🔀"
	if pol := r.Policy; pol != nil {
		icon = "✅"
		if pol.Decision == policy.Deny {
			icon = "⛔"
		}
	}
	e.printf("# %s Upgrade: %s → %s\n\n", icon, md(name(r.Old)), md(name(r.New)))
	e.printf("| | old | new |\n|---|---|---|\n")
	e.printf("| SBOM | `%s` | `%s` |\n", md(r.Old.Source), md(r.New.Source))
	e.printf("| SHA-256 | `%s` | `%s` |\n", r.Old.SHA256, r.New.SHA256)
	e.printf("| Components | %d | %d |\n", r.Old.Components, r.New.Components)
	if pol := r.Policy; pol != nil {
		e.printf("| Decision (%s) | %s | %s |\n", md(pol.Name), pol.OldDecision, pol.NewDecision)
	}
	e.printf("\n%d introduced, %d removed, %d changed, %d unchanged.", len(r.Introduced), len(r.Removed), len(r.Changed), r.Unchanged)
	if r.Firmware != nil {
		e.printf(" Firmware: %s.", md(changeSummary(r.Firmware)))
	}
	e.printf("\n\n")

	if pol := r.Policy; pol != nil {
		e.printf("## Policy: %s (fail on %s findings)\n\n", strings.ToUpper(string(pol.Decision)), pol.FailOn)
		for _, reason := range pol.Reasons {
			e.printf("- %s\n", md(reason))
		}
		if len(pol.Reasons) > 0 {
			e.printf("\n")
		}
		findings := func(title string, fs []policy.Finding) {
			e.printf("### %s (%d)\n\n", title, len(fs))
			if len(fs) == 0 {
				return
			}
			e.printf("| severity | rule | component | origin | evidence |\n|---|---|---|---|---|\n")
			for i := range fs {
				f := &fs[i]
				sev := string(f.Severity)
				if f.Waived() {
					sev += " (waived)"
				}
				e.printf("| %s | %s | %s | %s | %s |\n", sev, md(f.Rule), md(f.Component.Label), md(originCell(f)), md(evidenceLine(f)))
			}
			e.printf("\n")
		}
		findings("Introduced by the upgrade", pol.Introduced)
		findings("Already present", pol.Existing)
		findings("Resolved by the upgrade", pol.Resolved)
		if len(pol.LimitsExceeded) > 0 {
			e.printf("### Limits exceeded by the new load\n\n| limit | count | total | share | max | since |\n|---|---:|---:|---:|---:|---|\n")
			for _, l := range pol.LimitsExceeded {
				since := "before"
				for _, n := range pol.LimitsNewlyExceeded {
					if n.ID == l.ID {
						since = "**this upgrade**"
					}
				}
				e.printf("| %s | %d | %d | %.1f%% | %s | %s |\n", md(l.ID), l.Count, l.Total, 100*l.Share, strings.TrimSpace(strings.TrimPrefix(limitMax(l), " max")), since)
			}
			e.printf("\n")
		}
	}

	comps := func(title string, cs []sbom.ComponentSummary) {
		e.printf("## %s (%d)\n\n", title, len(cs))
		if len(cs) == 0 {
			return
		}
		e.printf("| component | version | supplier | purl |\n|---|---|---|---|\n")
		for _, c := range cs {
			e.printf("| %s | %s | %s | %s |\n", md(componentName(c)), md(c.Version), md(c.Supplier), md(c.PURL))
		}
		e.printf("\n")
	}
	comps("Introduced", r.Introduced)
	comps("Removed", r.Removed)
	e.printf("## Changed (%d)\n\n", len(r.Changed))
	if len(r.Changed) > 0 {
		e.printf("| component | changes | matched by |\n|---|---|---|\n")
		for i := range r.Changed {
			c := &r.Changed[i]
			e.printf("| %s | %s | %s |\n", md(componentName(c.New)), md(changeSummary(c)), c.By)
		}
		e.printf("\n")
	}
	names := func(title string, ns []sbom.NameCount, appeared bool) {
		if len(ns) == 0 {
			return
		}
		e.printf("## %s (%d)\n\n| name | components |\n|---|---:|\n", title, len(ns))
		for _, n := range ns {
			c := n.New
			if !appeared {
				c = n.Old
			}
			e.printf("| %s%s | %d |\n", md(n.Name), md(lookalikeNote(n)), c)
		}
		e.printf("\n")
	}
	names("Suppliers appearing", r.SuppliersAppeared, true)
	names("Suppliers disappearing", r.SuppliersDisappeared, false)
	names("Countries appearing", r.CountriesAppeared, true)
	names("Countries disappearing", r.CountriesDisappeared, false)
	return e.err
}
