package render

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwprov/fwprov/sbom"
)

// TestInspectEveryCorpusFile renders the inspect report, in every format,
// of every valid file of the shared corpus: issue 2's "inspect --format json
// succeeds on every valid corpus file", in process.
func TestInspectEveryCorpusFile(t *testing.T) {
	corpus, err := filepath.Abs("../../../../../shared/corpus")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("shared corpus not found at %s (it lives in ../shared beside the checkout): %v", corpus, err)
	}
	var files []string
	for _, dir := range []string{"cyclonedx-spec/test-resources", "cyclonedx-examples", "firmware-sboms"} {
		err := filepath.WalkDir(filepath.Join(corpus, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			name := d.Name()
			if !strings.HasSuffix(name, ".json") && !strings.HasSuffix(name, ".xml") {
				return nil
			}
			if dir == "cyclonedx-spec/test-resources" && !strings.HasPrefix(name, "valid-") {
				return nil
			}
			files = append(files, p)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 500 {
		t.Fatalf("only %d corpus files found", len(files))
	}
	for _, f := range files {
		doc, err := sbom.Load(context.Background(), f, sbom.Options{})
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		rep := NewInspect(doc)
		for _, format := range []string{"text", "json", "markdown"} {
			p, err := InspectPresenter(format, rep)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := p.Present(&buf); err != nil {
				t.Errorf("%s (%s): %v", f, format, err)
			}
			if format == "json" {
				var back struct {
					SchemaVersion string `json:"schemaVersion"`
					Components    int    `json:"components"`
				}
				if err := json.Unmarshal(buf.Bytes(), &back); err != nil || back.SchemaVersion != InspectSchema || back.Components != len(doc.Components) {
					t.Errorf("%s: JSON report %v %+v", f, err, back)
				}
			}
		}
	}
	t.Logf("inspected %d corpus files in text, JSON and Markdown", len(files))
}

func TestCleanEscapesTerminalControls(t *testing.T) {
	for in, want := range map[string]string{
		"Acme":                "Acme",
		"evil\x1b[2Jname":     `evil\u001b[2Jname`,
		"two\nlines":          `two\u000alines`,
		"rtl\u202eoverride":   `rtl\u202eoverride`,
		"华为技术有限公司":            "华为技术有限公司",
		"bell\a and del\x7f.": `bell\u0007 and del\u007f.`,
		"lrm\u200erlm\u200f":  `lrm\u200erlm\u200f`,
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}
