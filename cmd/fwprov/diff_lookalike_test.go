package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiffMarksLookalikeSupplier: an upgrade that relabels a part with a
// Cyrillic look-alike of its supplier's name is marked in every format.
func TestDiffMarksLookalikeSupplier(t *testing.T) {
	dir := t.TempDir()
	old := readModuleFile(t, "testdata/sboms/du-5g.cdx.json")
	newPath := filepath.Join(dir, "du-new.cdx.json")
	if err := os.WriteFile(newPath, []byte(strings.Replace(old, "Kestrel Silicon Inc.", "K\u0435strel Silicon Inc.", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	text := run(t, nil, "diff", "testdata/sboms/du-5g.cdx.json", newPath)
	if text.code != 0 || !strings.Contains(text.stdout, `LOOK-ALIKE of "Kestrel Silicon Inc." (written "K\u0435strel Silicon Inc.")`) {
		t.Errorf("text: exit %d, no look-alike mark:\n%s", text.code, text.stdout)
	}
	if !strings.Contains(text.stdout, `(LOOK-ALIKE: "Kestrel Silicon Inc." → "K\u0435strel Silicon Inc.")`) {
		t.Errorf("text: the supplier change is not marked:\n%s", text.stdout)
	}
	md := run(t, nil, "diff", "testdata/sboms/du-5g.cdx.json", newPath, "--format", "markdown")
	if !strings.Contains(md.stdout, "LOOK-ALIKE") {
		t.Errorf("markdown: no look-alike mark:\n%s", md.stdout)
	}
	js := run(t, nil, "diff", "testdata/sboms/du-5g.cdx.json", newPath, "--format", "json")
	var d struct {
		SuppliersAppeared []struct {
			Name      string   `json:"name"`
			LooksLike []string `json:"looksLike"`
		} `json:"suppliersAppeared"`
	}
	if err := json.Unmarshal([]byte(js.stdout), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.SuppliersAppeared) != 1 || len(d.SuppliersAppeared[0].LooksLike) != 1 || d.SuppliersAppeared[0].LooksLike[0] != "Kestrel Silicon Inc." {
		t.Errorf("json: %+v", d.SuppliersAppeared)
	}
	// The field variant of the bundled DU load brings a Huawei part whose
	// supplier is written with a Cyrillic "а" beside a genuine one.
	r := run(t, nil, "diff", "testdata/sboms/du-5g.cdx.json", "testdata/sboms/du-5g-hr.cdx.json")
	if !strings.Contains(r.stdout, `LOOK-ALIKE of "Huawei Technologies Co., Ltd." (written "Hu\u0430wei Technologies Co., Ltd.")`) {
		t.Errorf("du-5g-hr's look-alike Huawei is not marked:\n%s", r.stdout)
	}
	// No look-alike, no mark.
	if r := run(t, nil, "diff", "testdata/sboms/du-5g.cdx.json", "testdata/scan/acme/du-24.3.1.cdx.json"); strings.Contains(r.stdout, "LOOK-ALIKE") {
		t.Errorf("a look-alike mark without a look-alike:\n%s", r.stdout)
	}
}
