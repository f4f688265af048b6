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

// lintJSON is the JSON form of a lint report: the schema version under
// "schemaVersion", the key every fwprov JSON report uses for it. Schema
// shadows the embedded report's "schema" member (a shallower field of the
// same JSON name wins, and being empty it is omitted), so the version is
// written once, under one name.
type lintJSON struct {
	SchemaVersion string `json:"schemaVersion"`
	Schema        string `json:"schema,omitempty"`
	*Lint
}

// LintPresenter returns the presenter of a lint report in format.
func LintPresenter(format string, r *Lint) (Presenter, error) {
	switch format {
	case "text":
		return lintText{r}, nil
	case "json":
		return jsonPresenter(lintJSON{SchemaVersion: r.Report.Schema, Lint: r}), nil
	case "markdown":
		return lintMarkdown{r}, nil
	}
	return nil, unknownFormat("lint", format, "text", "json", "markdown")
}
