package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInspectBadInput is issue 2's list of bad inputs, through the binary:
// each gets exit 2, exactly one stderr line naming the file and the
// problem, no stack trace and nothing on stdout.
func TestInspectBadInput(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(filepath.Join(moduleRoot(t), "testdata/sboms/du-5g.cdx.json"))
	if err != nil {
		t.Fatal(err)
	}
	goodXML, err := os.ReadFile(filepath.Join(moduleRoot(t), "testdata/sboms/cu-5g.cdx.xml"))
	if err != nil {
		t.Fatal(err)
	}
	deep := `{"bomFormat":"CycloneDX","specVersion":"1.6","components":` + strings.Repeat(`[{"type":"library","name":"x","components":`, 100000)
	cases := []struct {
		name    string
		content []byte
		args    []string
		want    string
	}{
		{"empty.cdx.json", nil, nil, "empty"},
		{"array.json", []byte(`[{"bomFormat":"CycloneDX"}]`), nil, "array"},
		{"object.json", []byte(`{"name":"not a bom","version":"1"}`), nil, "CycloneDX"},
		{"truncated.cdx.json", good[:len(good)/2], nil, "truncated"},
		{"truncated.cdx.xml", goodXML[:len(goodXML)/2], nil, "truncated.cdx.xml"},
		{"large.cdx.json", good, []string{"--max-sbom-bytes", "1000"}, "limit"},
		{"deep.cdx.json", []byte(deep), nil, "deep"},
		{"utf8.cdx.json", []byte("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"metadata\":{\"component\":{\"type\":\"firmware\",\"name\":\"\xff\xfe\"}}}"), nil, "UTF-8"},
		{"doctype.cdx.xml", []byte(`<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]><bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components><component type="library"><name>&x;</name></component></components></bom>`), nil, "DOCTYPE"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name)
			if err := os.WriteFile(path, c.content, 0o644); err != nil {
				t.Fatal(err)
			}
			r := run(t, nil, append([]string{"inspect", path}, c.args...)...)
			expectError(t, r, c.name)
			if !strings.Contains(strings.ToLower(r.stderr), strings.ToLower(c.want)) {
				t.Errorf("stderr %q does not say %q", r.stderr, c.want)
			}
		})
	}
	// stdin: the same rules, the file named "-".
	r := run(t, []byte(`[1,2]`), "inspect", "-")
	expectError(t, r, "-")
}
