package sbom

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
	packageurl "github.com/package-url/packageurl-go"
)

// corpusDir returns ../shared/corpus relative to the module root, skipping
// the test when it is absent.
func corpusDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("module root not found")
		}
		dir = parent
	}
	c := filepath.Join(dir, "..", "shared", "corpus")
	if _, err := os.Stat(c); err != nil {
		t.Skipf("conformance corpus %s is absent (it lives beside the checkout as ../shared/corpus); skipping", c)
	}
	return c
}

// corpusFiles lists the files the conformance tests load: every valid-*
// JSON/XML test vector of the CycloneDX specification, and every JSON/XML
// file of cyclonedx-examples and firmware-sboms.
func corpusFiles(t testing.TB) []string {
	root := corpusDir(t)
	var files []string
	spec, _ := filepath.Glob(filepath.Join(root, "cyclonedx-spec", "test-resources", "*", "valid-*"))
	for _, f := range spec {
		if strings.HasSuffix(f, ".json") || strings.HasSuffix(f, ".xml") {
			files = append(files, f)
		}
	}
	for _, sub := range []string{"cyclonedx-examples", "firmware-sboms"} {
		err := filepath.WalkDir(filepath.Join(root, sub), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".xml")) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 400 {
		t.Fatalf("only %d corpus files found under %s: is the corpus complete?", len(files), root)
	}
	return files
}

func TestConformanceCorpusLoads(t *testing.T) {
	files := corpusFiles(t)
	root := corpusDir(t)
	for _, f := range files {
		rel, _ := filepath.Rel(root, f)
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			doc, err := Load(context.Background(), f, Options{})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if doc.BOM == nil || doc.SpecVersion == "" {
				t.Fatalf("no BOM or spec version")
			}
			wantFormat := FormatCycloneDXJSON
			if strings.HasSuffix(f, ".xml") {
				wantFormat = FormatCycloneDXXML
			}
			if doc.Format != wantFormat {
				t.Errorf("format %s, want %s", doc.Format, wantFormat)
			}
			// The spec test vectors live in a folder named after their version.
			if v := filepath.Base(filepath.Dir(f)); strings.Contains(f, "test-resources") && doc.SpecVersion != v {
				t.Errorf("specVersion %s, want %s", doc.SpecVersion, v)
			}
			for i, c := range doc.Components {
				if c.Index != i {
					t.Fatalf("component %d has Index %d", i, c.Index)
				}
				if c.Depth > 0 && c.Parent == nil && doc.Root != nil {
					t.Errorf("component %s at depth %d has no parent", c.Label(), c.Depth)
				}
				// The purl fast path agrees with packageurl-go.
				if fast, ok := purlOriginFast(c.PURL); ok {
					if p, err := packageurl.FromString(c.PURL); err == nil {
						slow := p.Type
						if p.Namespace != "" {
							slow += "/" + p.Namespace
						}
						if fast != slow {
							t.Errorf("purl %q: fast path %q, packageurl-go %q", c.PURL, fast, slow)
						}
					}
				}
			}
		})
	}
}

// TestConformanceCounts checks the component counts the corpus READMEs give.
func TestConformanceCounts(t *testing.T) {
	root := corpusDir(t)
	tests := []struct {
		file string
		// components excluding metadata.component (the README's JSON
		// count), and dependency entries (-1: not checked).
		components int
		deps       int
		spec       string
		rootType   string
	}{
		{"firmware-sboms/uefi-ovmf-edk2/sbom.cdx.json", 311, 123, "1.6", "firmware"},
		{"firmware-sboms/edk2-uswid-minimal/sbom.cdx.json", 1, -1, "1.6", ""},
		{"cyclonedx-examples/SBOM/juice-shop/via_npm/bare/bom.1.4.json", 1115, 1116, "1.4", ""},
		{"cyclonedx-examples/SBOM/keycloak-10.0.2/bom.json", 903, 899, "1.2", ""},
		{"cyclonedx-examples/SBOM/keycloak-10.0.2/bom.xml", 903, -1, "1.2", ""},
		{"cyclonedx-examples/OBOM/Example-1-Standalone/bom.json", 904, 899, "1.4", ""},
		{"cyclonedx-examples/SBOM/laravel-7.12.0/bom.1.1.xml", 62, -1, "1.1", ""},
		{"cyclonedx-examples/SBOM/laravel-7.12.0/bom.1.2.xml", 62, -1, "1.2", ""},
		{"cyclonedx-examples/SBOM/laravel-7.12.0/bom.1.4.json", 62, 63, "1.4", ""},
		{"cyclonedx-examples/SBOM/dropwizard-1.3.15/bom.json", 167, 167, "1.2", ""},
		{"cyclonedx-examples/SBOM/dropwizard-1.3.15/bom.xml", 167, -1, "1.2", ""},
		{"cyclonedx-examples/SBOM/juice-shop/v11.1.2/bom.xml", 840, -1, "1.2", ""},
		{"cyclonedx-examples/CBOM/Protocol/bom.json", 8, -1, "1.6", ""},
		{"cyclonedx-examples/HBOM/PCIe-SATA-adapter-board/bom.json", 6, -1, "1.4", ""},
		{"cyclonedx-examples/SaaSBOM/apigateway-microservices-datastores/bom.json", 0, 5, "1.4", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc, err := Load(context.Background(), filepath.Join(root, tt.file), Options{})
			if err != nil {
				t.Fatal(err)
			}
			n := countRole(doc, RoleComponent)
			if doc.Root != nil {
				n--
			}
			if n != tt.components {
				t.Errorf("%d components (without the root), README says %d", n, tt.components)
			}
			if tt.deps >= 0 {
				if got := len(*doc.BOM.Dependencies); got != tt.deps {
					t.Errorf("%d dependency entries, README says %d", got, tt.deps)
				}
			}
			if doc.SpecVersion != tt.spec {
				t.Errorf("specVersion %s, want %s", doc.SpecVersion, tt.spec)
			}
			if tt.rootType != "" && (doc.Root == nil || doc.Root.Type != tt.rootType) {
				t.Errorf("root %+v, want type %s", doc.Root, tt.rootType)
			}
		})
	}
}

// countRole counts the index entries of one role.
func countRole(doc *Document, r Role) int {
	n := 0
	for _, c := range doc.Components {
		if c.Role == r {
			n++
		}
	}
	return n
}

// TestConformanceExamplesTable checks every row of the cyclonedx-examples
// README table: the spec version and the component count (the JSON count
// includes nested components but not metadata.component; the README's
// XML count is a raw count of <component> tags, metadata.component
// included). It also requires each JSON/XML
// twin in one folder to give the same component set.
func TestConformanceExamplesTable(t *testing.T) {
	root := filepath.Join(corpusDir(t), "cyclonedx-examples")
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, line := range strings.Split(string(readme), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 7 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		file := strings.Trim(strings.TrimSpace(cells[1]), "`")
		format := strings.TrimSpace(cells[2])
		spec := strings.TrimSpace(cells[3])
		count, err := strconv.Atoi(strings.TrimSpace(cells[4]))
		if err != nil {
			t.Fatalf("README row %q: %v", line, err)
		}
		rows++
		t.Run(file, func(t *testing.T) {
			doc, err := Load(context.Background(), filepath.Join(root, file), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.SpecVersion != spec {
				t.Errorf("specVersion %s, README says %s", doc.SpecVersion, spec)
			}
			// The README counts components: services and the components
			// pedigrees list are parts of their own in the index.
			got := countRole(doc, RoleComponent)
			if format == "json" && doc.Root != nil {
				got-- // the README's JSON count leaves out metadata.component
			}
			// The XML count is a raw count of <component> tags: the root
			// included when there is one, as in doc.Components.
			if got != count {
				t.Errorf("%d components, README says %d", got, count)
			}
			if format == "xml" {
				twin := strings.TrimSuffix(filepath.Join(root, file), ".xml") + ".json"
				jdoc, err := Load(context.Background(), twin, Options{})
				if err != nil {
					return // no JSON twin in this folder
				}
				if a, b := componentSet(doc), componentSet(jdoc); a != b {
					t.Errorf("XML and JSON twins give different component sets:\n%s", firstDiff(a, b))
				}
			}
		})
	}
	if rows < 60 {
		t.Fatalf("only %d rows read from the README table", rows)
	}
}

// componentSet lists a document's components (label, bom-ref, depth), sorted.
func componentSet(doc *Document) string {
	var s []string
	for _, c := range doc.Components {
		s = append(s, c.Label()+" "+c.Ref+" "+strconv.Itoa(c.Depth)+" "+c.PURL)
	}
	slices.Sort(s)
	return strings.Join(s, "\n")
}

// TestDecoderMatchesCycloneDXGo decodes every corpus JSON file with both the
// JSON v2 decoder Parse uses and cyclonedx-go's own (encoding/json) decoder
// and requires identical models.
func TestDecoderMatchesCycloneDXGo(t *testing.T) {
	root := corpusDir(t)
	for _, f := range corpusFiles(t) {
		if !strings.HasSuffix(f, ".json") {
			continue
		}
		rel, _ := filepath.Rel(root, f)
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Parse(context.Background(), f, data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			want := new(cdx.BOM)
			if err := cdx.NewBOMDecoder(bytes.NewReader(data), cdx.BOMFileFormatJSON).Decode(want); err != nil {
				// cyclonedx-go v0.12.0's model cannot hold a few
				// schema-valid forms (see modelFixes); Parse decodes them.
				if knownModelGap[filepath.Base(f)] {
					t.Skipf("cyclonedx-go's own decoder fails (known model gap): %v", err)
				}
				t.Fatalf("cyclonedx-go: %v", err)
			}
			if !reflect.DeepEqual(doc.BOM, want) {
				a, _ := json.MarshalIndent(doc.BOM, "", " ")
				b, _ := json.MarshalIndent(want, "", " ")
				t.Errorf("models differ (v2 %d bytes, cyclonedx-go %d bytes re-encoded)\n%s", len(a), len(b), firstDiff(string(a), string(b)))
			}
		})
	}
}

// knownModelGap lists the corpus files cyclonedx-go v0.12.0's own decoder
// rejects although they are schema-valid.
var knownModelGap = map[string]bool{
	"valid-attestation-1.6.json": true,
	"valid-attestation-1.7.json": true,
	"valid-patent-1.7.json":      true,
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + al[i] + "\n vs  " + bl[i]
		}
	}
	return "(one is a prefix of the other)"
}
