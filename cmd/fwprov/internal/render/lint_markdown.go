package render

import (
	"io"
	"strings"
)

type lintMarkdown struct{ r *Lint }

func (p lintMarkdown) Present(w io.Writer) error {
	r := p.r
	e := &errWriter{w: w}
	d := r.Document
	e.printf("# SBOM completeness: %s\n\n", md(d.Source))
	e.printf("%s %s, %s.\n\n", d.Format, md(d.SpecVersion), Count(d.Components, "component"))
	e.printf("| profile | result | score | checks met |\n|---|---|---:|---:|\n")
	for _, pr := range r.Profiles {
		status := "✅ pass"
		if !pr.Passed {
			status = "❌ fail"
		}
		e.printf("| %s | %s | %.1f | %d / %d |\n", pr.Profile, status, pr.Score, pr.Met, pr.Checks)
	}
	for _, pr := range r.Profiles {
		e.printf("\n## %s\n\n%s (%s)\n\n| element | required | met | failing components |\n|---|---|---:|---|\n", pr.Profile, md(pr.Title), md(pr.Reference))
		for _, el := range pr.Elements {
			req := "yes"
			if !el.Required {
				req = "optional"
			}
			var labels []string
			for i, c := range el.Failing {
				if i == 10 {
					labels = append(labels, "…")
					break
				}
				labels = append(labels, md(c.Label))
			}
			failing := strings.Join(labels, ", ")
			if el.Detail != "" && !el.Passed {
				failing = md(el.Detail)
			}
			e.printf("| %s — %s | %s | %d / %d | %s |\n", el.ID, md(el.Title), req, el.Met, el.Checked, failing)
		}
	}
	if len(r.Outcomes) > 0 {
		e.printf("\n## Requirements\n\n")
		for _, o := range r.Outcomes {
			if o.Met {
				e.printf("- ✅ %s\n", md(o.Requirement.String()))
			} else {
				e.printf("- ❌ %s: %s\n", md(o.Requirement.String()), md(strings.Join(o.Reasons, "; ")))
			}
		}
	}
	return e.err
}
