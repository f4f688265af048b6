package render

import (
	"io"
	"strings"
)

type inspectText struct{ r *Inspect }

// maxListed bounds the lists a terminal report prints; JSON has them all.
const maxListed = 25

func (p inspectText) Present(w io.Writer) error {
	r := p.r
	e := &errWriter{w: w}
	d := r.Document
	e.printf("SBOM      %s (%s %s, %d bytes, sha256:%s)\n", Clean(d.Source), d.Format, d.SpecVersion, d.Size, d.SHA256)
	if d.SerialNumber != "" {
		e.printf("serial    %s version %d\n", Clean(d.SerialNumber), d.Version)
	}
	if d.Timestamp != "" {
		e.printf("created   %s\n", Clean(d.Timestamp))
	}
	if f := r.Firmware; f != nil {
		e.printf("firmware  %s %s (%s)\n", Clean(qualified(f.Group, f.Name)), Clean(f.Version), Clean(f.Type))
		if f.Supplier != "" {
			e.printf("supplier  %s\n", Clean(f.Supplier))
		}
		if f.PURL != "" {
			e.printf("purl      %s\n", Clean(f.PURL))
		}
		for _, h := range f.Hashes {
			e.printf("hash      %s %s\n", Clean(h.Algorithm), Clean(h.Value))
		}
	} else {
		e.printf("firmware  (the SBOM names no metadata.component)\n")
	}
	e.printf("\nComponents: %d\n", r.Components)
	for _, t := range r.ByType {
		e.printf("  %-22s %6d\n", Clean(t.Type), t.Count)
	}
	e.printf("\nSuppliers by components (own + inherited):\n")
	if len(r.Suppliers) == 0 {
		e.printf("  (none declared)\n")
	}
	for i, s := range r.Suppliers {
		if i == maxListed {
			e.printf("  … %d more (see --format json)\n", len(r.Suppliers)-maxListed)
			break
		}
		countries := "-"
		if len(s.Countries) > 0 {
			countries = strings.Join(s.Countries, ",")
		}
		e.printf("  %6d + %-5d %-8s %s\n", s.Components, s.Inherited, countries, Clean(s.Name))
	}
	e.printf("\nWithout origin evidence of their own: %d (%d with none inherited either)\n", len(r.NoOrigin), r.NoOriginAtAll)
	for i, c := range r.NoOrigin {
		if i == maxListed {
			e.printf("  … %d more (see --format json)\n", len(r.NoOrigin)-maxListed)
			break
		}
		e.printf("  %s %s%s\n", Clean(qualified(c.Group, c.Name)), Clean(c.Version), refSuffix(c.Ref))
	}
	e.printf("\nDocument problems: %d\n", len(r.Problems))
	for i, pr := range r.Problems {
		if i == maxListed {
			e.printf("  … %d more (see --format json)\n", len(r.Problems)-maxListed)
			break
		}
		e.printf("  %-18s %s\n", pr.Kind, Clean(pr.Message))
	}
	return e.err
}

func qualified(group, name string) string {
	if group == "" {
		return name
	}
	return group + "/" + name
}

func refSuffix(ref string) string {
	if ref == "" {
		return ""
	}
	return " [" + ref + "]"
}
