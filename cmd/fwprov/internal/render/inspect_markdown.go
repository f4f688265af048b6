package render

import (
	"io"
	"strings"
)

type inspectMarkdown struct{ r *Inspect }

func (p inspectMarkdown) Present(w io.Writer) error {
	r := p.r
	e := &errWriter{w: w}
	title := r.Document.Source
	if f := r.Firmware; f != nil {
		title = qualified(f.Group, f.Name) + " " + f.Version
	}
	e.printf("# Firmware inventory: %s\n\n", md(title))
	e.printf("| | |\n|---|---|\n")
	e.printf("| SBOM | `%s` (%s %s, %d bytes) |\n", md(r.Document.Source), r.Document.Format, md(r.Document.SpecVersion), r.Document.Size)
	e.printf("| SHA-256 | `%s` |\n", r.Document.SHA256)
	if f := r.Firmware; f != nil {
		e.printf("| Supplier | %s |\n", md(f.Supplier))
		for _, h := range f.Hashes {
			e.printf("| %s | `%s` |\n", md(h.Algorithm), md(h.Value))
		}
	}
	e.printf("| Components | %d |\n\n", r.Components)
	e.printf("## Components by type\n\n| type | count |\n|---|---:|\n")
	for _, t := range r.ByType {
		e.printf("| %s | %d |\n", md(t.Type), t.Count)
	}
	e.printf("\n## Suppliers\n\n| supplier | own | inherited | countries |\n|---|---:|---:|---|\n")
	for _, s := range r.Suppliers {
		e.printf("| %s | %d | %d | %s |\n", md(s.Name), s.Components, s.Inherited, strings.Join(s.Countries, ", "))
	}
	e.printf("\n## Components without origin evidence (%d)\n\n", len(r.NoOrigin))
	for _, c := range r.NoOrigin {
		e.printf("- %s %s%s\n", md(qualified(c.Group, c.Name)), md(c.Version), md(refSuffix(c.Ref)))
	}
	e.printf("\n## Document problems (%d)\n\n", len(r.Problems))
	for _, pr := range r.Problems {
		e.printf("- **%s**: %s\n", pr.Kind, md(pr.Message))
	}
	return e.err
}

// md escapes text for a Markdown table cell or list item.
func md(s string) string {
	s = Clean(s)
	r := strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`)
	return r.Replace(s)
}
