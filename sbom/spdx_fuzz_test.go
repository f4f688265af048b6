package sbom

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseSPDX feeds SPDX-shaped input (JSON, YAML, tag-value) to Parse:
// it must never panic, every error must be a one-line *ParseError naming
// the input, and every document must have a consistent index.
func FuzzParseSPDX(f *testing.F) {
	f.Add([]byte(spdxJSON))
	f.Add([]byte(spdxYAML))
	f.Add([]byte(spdxTV))
	f.Add([]byte(`{"spdxVersion":"SPDX-2.3","documentDescribes":["SPDXRef-a"],"packages":[{"SPDXID":"SPDXRef-a","name":"a"},{"SPDXID":"SPDXRef-b","name":"b"}],` +
		`"relationships":[{"spdxElementId":"SPDXRef-a","relationshipType":"CONTAINS","relatedSpdxElement":"SPDXRef-b"},` +
		`{"spdxElementId":"SPDXRef-b","relationshipType":"CONTAINS","relatedSpdxElement":"SPDXRef-a"}]}`))
	f.Add([]byte("SPDXVersion: SPDX-2.3\nPackageName: a\nSPDXID: SPDXRef-a\nFileName: f\nSPDXID: SPDXRef-f\nRelationship: SPDXRef-f CONTAINS SPDXRef-a\n"))
	f.Add([]byte("SPDXVersion: SPDX-2.3\nPackageComment: <text>a\nb</text> tail\nPackageName: <text>x</text>\n"))
	f.Add([]byte(`{"spdxVersion":"SPDX-2.3","documentDescribes":["SPDXRef-a"],"packages":[{"SPDXID":"SPDXRef-a","name":"a","hasFiles":["SPDXRef-f"],` +
		`"externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"maven-central","referenceLocator":"g:a:1"},{"referenceCategory":"OTHER","referenceType":"x","referenceLocator":"h.example/x"}],` +
		`"annotations":[{"annotator":"Organization: O","annotationType":"REVIEW","comment":"c"}],"attributionTexts":["(c) A"]}],` +
		`"files":[{"SPDXID":"SPDXRef-f","fileName":"f","fileContributors":["Organization: C"]}],` +
		`"snippets":[{"SPDXID":"SPDXRef-s","snippetFromFile":"SPDXRef-f","copyrightText":"(c) S"},{"SPDXID":"SPDXRef-t","snippetFromFile":"nowhere","copyrightText":"(c) T"}],` +
		`"externalDocumentRefs":[{"externalDocumentId":"DocumentRef-x","spdxDocument":"https://d.example/x.spdx.json"}]}`))
	f.Add([]byte("spdxVersion: SPDX-2.3\nbomFormat: CycloneDX\n"))
	f.Add([]byte("spdxVersion: SPDX-2.3\npackages:\n  - &p {name: a, SPDXID: SPDXRef-a}\n  - *p\n"))
	f.Add([]byte("spdxVersion: SPDX-2.3\npackages:\n  - Name: a\n    NAME: b\n"))
	f.Add([]byte("SPDXVersion: SPDX-2.3\nFileName: f\nSPDXID: SPDXRef-f\nFileContributor: C\n\nSnippetSPDXID: SPDXRef-s\nSnippetFromFileSPDXID: SPDXRef-f\nSnippetCopyrightText: (c) S\nAnnotator: Organization: O\nSPDXREF: SPDXRef-f\n"))
	if b, err := os.ReadFile(filepath.Join("..", "testdata", "sboms", "du-5g.spdx.json")); err == nil {
		f.Add(b)
	}
	lim := Limits{MaxBytes: 1 << 20, MaxDepth: 16, MaxComponents: 10000, MaxStringBytes: 64 << 10, MaxDependencyEdges: 100000}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse(context.Background(), "fuzz.spdx", data, Options{Limits: lim})
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError: %v", err, err)
			}
			if msg := err.Error(); strings.ContainsAny(msg, "\r\n") || !strings.HasPrefix(msg, "sbom: parse fuzz.spdx") {
				t.Fatalf("bad message %q", msg)
			}
			return
		}
		for i, c := range doc.Components {
			if c.Index != i || c.Depth > lim.MaxDepth {
				t.Fatalf("component %d: index %d depth %d", i, c.Index, c.Depth)
			}
			if p := c.ContainmentPath(); p[len(p)-1] != c {
				t.Fatalf("containment path of %s", c.Label())
			}
		}
		for _, p := range doc.Problems {
			if strings.ContainsAny(p.Message, "\r\n") {
				t.Fatalf("problem message %q", p.Message)
			}
		}
	})
}
