package render

import (
	"io"
	"strings"
)

type lintText struct{ r *Lint }

func (p lintText) Present(w io.Writer) error {
	r := p.r
	e := &errWriter{w: w}
	d := r.Document
	e.printf("SBOM  %s (%s %s, %s)\n", Clean(d.Source), d.Format, Clean(d.SpecVersion), Count(d.Components, "component"))
	for _, pr := range r.Profiles {
		status := "PASS"
		if !pr.Passed {
			status = "FAIL"
		}
		e.printf("\n%s  %s — score %.1f (%d of %s)\n", status, pr.Profile, pr.Score, pr.Met, Count(pr.Checks, "check"))
		e.printf("      %s\n", Clean(pr.Title))
		for _, el := range pr.Elements {
			mark := "✓"
			if !el.Passed {
				mark = "✗"
				if !el.Required {
					mark = "-"
				}
			}
			opt := ""
			if !el.Required {
				opt = " (optional)"
			}
			e.printf("  %s %-14s %5d/%-5d %s%s\n", mark, el.ID, el.Met, el.Checked, Clean(el.Title), opt)
			if !el.Passed {
				if el.Detail != "" {
					e.printf("        %s\n", Clean(el.Detail))
				}
				if len(el.Failing) > 0 {
					var labels []string
					for i, c := range el.Failing {
						if i == 5 {
							break
						}
						labels = append(labels, Clean(c.Label))
					}
					more := ""
					if el.Failed > len(labels) {
						more = ", …"
					}
					e.printf("        missing in: %s%s\n", strings.Join(labels, ", "), more)
				}
			}
		}
	}
	if len(r.Outcomes) > 0 {
		e.printf("\nRequirements:\n")
		for _, o := range r.Outcomes {
			status := "met"
			if !o.Met {
				status = "NOT MET: " + strings.Join(o.Reasons, "; ")
			}
			e.printf("  %s: %s\n", Clean(o.Requirement.String()), Clean(status))
		}
	}
	return e.err
}
