package sbom

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseTestdata seeds Parse with every SBOM the project ships — the
// realistic ones (testdata/sboms, testdata/releases) and the hostile ones
// (testdata/adversarial) — so mutations start from real structure: deep
// assemblies, dependency graphs, evidence of every kind, and each attack.
// The invariants are checkParse's.
func FuzzParseTestdata(f *testing.F) {
	root := filepath.Join("..", "testdata")
	n := 0
	for _, dir := range []string{"sboms", "releases", "adversarial"} {
		_ = filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return nil
			}
			name := d.Name()
			if !strings.Contains(name, ".cdx.") && !strings.Contains(name, ".spdx") {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil || len(b) > 256<<10 {
				return nil
			}
			f.Add(b)
			n++
			return nil
		})
	}
	if n == 0 {
		f.Log("no testdata SBOMs found; fuzzing from an empty corpus")
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkParse(t, data) })
}
