package render

import (
	"github.com/fwprov/fwprov/sbom/lint"
)

// Lint is the report of `fwprov lint`: the completeness report and the
// outcome of the requirements the flags asked for.
type Lint struct {
	*lint.Report
	Outcomes []lint.Outcome `json:"outcomes"`
}

// LintPresenter returns the presenter of a lint report in format.
func LintPresenter(format string, r *Lint) (Presenter, error) {
	switch format {
	case "text":
		return lintText{r}, nil
	case "json":
		return jsonPresenter(r), nil
	case "markdown":
		return lintMarkdown{r}, nil
	}
	return nil, unknownFormat("lint", format, "text", "json", "markdown")
}
