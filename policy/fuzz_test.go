package policy

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func FuzzParsePolicy(f *testing.F) {
	for _, n := range presetNames() {
		data, err := presetData(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	if data, err := os.ReadFile(filepath.Join("..", "testdata", "policies", "operator-ran.yaml")); err == nil {
		f.Add(data)
	}
	f.Add([]byte(catalogHead + "rules:\n  - {id: r, severity: warn, expr: 'component.name == \"x\"'}\n"))
	f.Add([]byte("apiVersion: fwprov/v1\nkind: Policy\nentities: [{id: a, name: &x Acme, aliases: [*x]}]\n"))
	f.Add([]byte("- [a, {b: c}]\n"))
	doc := bom(f, comp{"type": "firmware", "name": "fw", "supplier": supplier("Acme Radio")}, nil, partsDoc(f)...)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.yaml", data, LoadOptions{BaseDir: t.TempDir()})
		if err != nil {
			if p != nil {
				t.Fatal("policy and error both returned")
			}
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %T is not *policy.Error: %v", err, err)
			}
			return
		}
		// A policy that loads must evaluate without error.
		if _, err := Evaluate(context.Background(), doc, p, EvalOptions{}); err != nil {
			t.Fatal(err)
		}
	})
}
