package policy

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/fwprov/fwprov/sbom"
)

// comp is a CycloneDX component as a JSON object, for building test
// documents.
type comp map[string]any

func supplier(name string, urls ...string) map[string]any {
	s := map[string]any{"name": name}
	if len(urls) > 0 {
		s["url"] = urls
	}
	return s
}

// bom builds a CycloneDX 1.6 JSON document around a root and components and
// parses it with sbom.Parse.
func bom(t testing.TB, root comp, meta map[string]any, comps ...comp) *sbom.Document {
	t.Helper()
	md := map[string]any{"timestamp": "2026-01-01T00:00:00Z"}
	if root != nil {
		md["component"] = root
	}
	for k, v := range meta {
		md[k] = v
	}
	d := map[string]any{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "metadata": md}
	if len(comps) > 0 {
		d["components"] = comps
	}
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := sbom.Parse(context.Background(), "test.cdx.json", data, sbom.Options{})
	if err != nil {
		t.Fatalf("sbom.Parse: %v\n%s", err, data)
	}
	return doc
}

// du is a root firmware component from a vendor outside every preset.
func du() comp {
	return comp{"type": "firmware", "name": "du-load", "version": "5.2.0", "bom-ref": "root",
		"supplier": supplier("Acme Networks Oy", "https://acme-networks.example")}
}

func mustPreset(t testing.TB, name string) *Policy {
	t.Helper()
	p, err := Preset(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustParse(t testing.TB, src string) *Policy {
	t.Helper()
	p, err := Parse("test.yaml", []byte(src), LoadOptions{BaseDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func evaluate(t testing.TB, doc *sbom.Document, p *Policy) *Verdict {
	t.Helper()
	v, err := Evaluate(context.Background(), doc, p, EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// findingsFor returns the findings of one component (by name).
func findingsFor(v *Verdict, name string) []Finding {
	var out []Finding
	for _, f := range v.Findings {
		if f.Component.Name == name {
			out = append(out, f)
		}
	}
	return out
}
