package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// reportRuns are fwprov command lines whose verdict reports must validate:
// check over every bundled SBOM with every preset and the operator policy
// (clean verdicts included: their SARIF results are []), gate over the
// bundled releases (allow, origin deny, tampered), origin-only gates, and
// every check or gate case of the hostile-input suite (terminal escapes,
// Unicode tricks, relabelled parts, tampered signatures...).
func reportRuns(t *testing.T) [][]string {
	t.Helper()
	var runs [][]string
	sboms, _ := filepath.Glob(filepath.Join(moduleRoot(t), "testdata/sboms/*.*"))
	scan, _ := filepath.Glob(filepath.Join(moduleRoot(t), "testdata/scan/*/*.*"))
	for _, s := range append(sboms, scan...) {
		if strings.HasSuffix(s, ".md") || strings.Contains(s, "truncated") {
			continue
		}
		rel, _ := filepath.Rel(moduleRoot(t), s)
		for _, p := range []string{"baseline", "eu-5g-toolbox", "strict", "testdata/policies/operator-ran.yaml"} {
			runs = append(runs, []string{"check", rel, "--policy", p})
		}
	}
	for _, r := range []string{"du-allowed", "ru-denied-origin", "du-tampered"} {
		runs = append(runs, []string{"gate", "testdata/releases/" + r, "--policy", releasePolicy},
			[]string{"gate", "testdata/releases/" + r},
			[]string{"gate", "testdata/releases/" + r, "--origin-only", "--policy", "eu-5g-toolbox"})
	}
	var cases []struct {
		Args []string `json:"args"`
	}
	b, err := os.ReadFile(filepath.Join(moduleRoot(t), "testdata/adversarial/cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if len(c.Args) > 0 && (c.Args[0] == "check" || c.Args[0] == "gate") && !contains(c.Args, "--format") {
			runs = append(runs, c.Args)
		}
	}
	return runs
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// saveReport keeps a report for the SARIF Multitool (make interop) when
// $FWPROV_REPORTS_DIR is set.
func saveReport(t *testing.T, n int, ext string, data []byte) {
	dir := os.Getenv("FWPROV_REPORTS_DIR")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("report-%03d.%s", n, ext)), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSARIFValidatesAgainstSchema validates every SARIF report of
// reportRuns against the SARIF 2.1.0 JSON schema (with format assertions),
// and checks what the schema cannot: results is an array even when empty,
// the driver names its version, and every result is located, with a
// region wherever the component's bom-ref is in the SBOM.
func TestSARIFValidatesAgainstSchema(t *testing.T) {
	schemaPath := filepath.Join(moduleRoot(t), "..", "shared", "corpus", "sarif", "sarif-2.1.0.json")
	f, err := os.Open(schemaPath)
	if err != nil {
		t.Skipf("no SARIF schema at %s (the conformance corpus is absent): SARIF is not validated", schemaPath)
	}
	doc, err := jsonschema.UnmarshalJSON(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	// The validator is not a yes-machine: the SARIF fwprov used to write
	// for a clean verdict ("results": null) is refused.
	for name, bad := range map[string]string{
		"null results":  `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"fwprov"}},"results":null}]}`,
		"bad uri":       `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"fwprov"}},"results":[{"message":{"text":"x"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a b\\c d"}}}]}]}]}`,
		"wrong version": `{"version":"2.0.0","runs":[]}`,
	} {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		if schema.Validate(v) == nil {
			t.Errorf("the schema accepts %s", name)
		}
	}
	clean := 0
	for n, args := range reportRuns(t) {
		r := run(t, nil, append(append([]string{}, args...), "--format", "sarif")...)
		if r.code == 2 {
			continue // bad input: no report, by design
		}
		saveReport(t, n, "sarif", []byte(r.stdout))
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(r.stdout))
		if err != nil {
			t.Errorf("%v: SARIF is not JSON: %v", args, err)
			continue
		}
		if err := schema.Validate(v); err != nil {
			t.Errorf("%v: SARIF does not validate: %v", args, err)
			continue
		}
		var log struct {
			Runs []struct {
				Tool struct {
					Driver struct {
						Version string `json:"version"`
					} `json:"driver"`
				} `json:"tool"`
				Results *[]struct {
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
							Region *struct {
								StartLine int `json:"startLine"`
							} `json:"region"`
						} `json:"physicalLocation"`
					} `json:"locations"`
					Properties map[string]any `json:"properties"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &log); err != nil || len(log.Runs) != 1 {
			t.Fatalf("%v: %v", args, err)
		}
		run0 := log.Runs[0]
		if run0.Results == nil {
			t.Errorf("%v: runs[0].results is missing or null", args)
			continue
		}
		if run0.Tool.Driver.Version == "" || run0.Tool.Driver.Version[0] < '0' || run0.Tool.Driver.Version[0] > '9' {
			t.Errorf("%v: driver.version %q is not numeric first", args, run0.Tool.Driver.Version)
		}
		if len(*run0.Results) == 0 {
			clean++
		}
		var sbom []byte
		if args[0] == "check" {
			sbom, _ = os.ReadFile(filepath.Join(moduleRoot(t), args[1]))
		}
		for i, res := range *run0.Results {
			if len(res.Locations) == 0 || res.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" {
				t.Errorf("%v: result %d has no location", args, i)
				continue
			}
			region := res.Locations[0].PhysicalLocation.Region
			ref, _ := res.Properties["bom-ref"].(string)
			quoted, _ := json.Marshal(ref)
			switch {
			case ref != "" && bytes.Contains(sbom, append([]byte(`"bom-ref": `), quoted...)) && (region == nil || region.StartLine <= 1):
				t.Errorf("%v: result %d (bom-ref %s) is not at the line that declares it", args, i, ref)
			case sbom != nil && region == nil:
				t.Errorf("%v: result %d has no region", args, i)
			}
		}
	}
	if clean == 0 {
		t.Error("no clean verdict was validated (results: [])")
	}
}

// TestJUnitValidatesAgainstSchema validates every JUnit report of
// reportRuns against the Jenkins xUnit junit-10.xsd (testdata/schemas): with
// xmllint --schema when it is installed, and always with xsdValidator, read
// from the same XSD.
func TestJUnitValidatesAgainstSchema(t *testing.T) {
	xsdPath := filepath.Join(moduleRoot(t), "testdata/schemas/junit-10.xsd")
	xsd, err := os.ReadFile(xsdPath)
	if err != nil {
		t.Fatal(err)
	}
	v, err := parseXSD(xsd)
	if err != nil {
		t.Fatal(err)
	}
	xmllint, _ := exec.LookPath("xmllint")
	if xmllint == "" {
		t.Log("no xmllint (apt-get install libxml2-utils): JUnit reports are checked by the XSD-derived validator only")
	}
	dir := t.TempDir()
	for n, args := range reportRuns(t) {
		r := run(t, nil, append(append([]string{}, args...), "--format", "junit")...)
		if r.code == 2 {
			continue
		}
		saveReport(t, n, "xml", []byte(r.stdout))
		if err := v.validate([]byte(r.stdout)); err != nil {
			t.Errorf("%v: JUnit does not validate: %v", args, err)
		}
		if xmllint != "" {
			p := filepath.Join(dir, fmt.Sprintf("%d.xml", n))
			if err := os.WriteFile(p, []byte(r.stdout), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(xmllint, "--noout", "--schema", xsdPath, p).CombinedOutput()
			if err != nil {
				t.Errorf("%v: xmllint: %v\n%s", args, err, out)
			}
		}
	}
	// The validator is not a yes-machine.
	for name, bad := range map[string]string{
		"unknown element":   `<testsuites><testsuite tests="1"><testcase name="a"><oops/></testcase></testsuite></testsuites>`,
		"missing attribute": `<testsuites><testsuite tests="1"><testcase/></testsuite></testsuites>`,
		"unknown attribute": `<testsuites><testsuite tests="1" colour="red"/></testsuites>`,
		"text in element":   `<testsuites>text<testsuite tests="1"/></testsuites>`,
		"wrong root":        `<testsuite2 tests="1"/>`,
		"not XML":           `<testsuites>`,
	} {
		if err := v.validate([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// xsdValidator checks an XML document against the subset of XML Schema the
// JUnit XSD uses: global elements, each either text-only (type xs:string)
// or a complex type with attributes (use="required" enforced, undeclared
// ones refused), mixed or element-only content, and the child elements its
// sequence/choice groups reference (order and counts are left to xmllint).
type xsdValidator struct {
	elements map[string]*xsdElement
}

type xsdElement struct {
	text     bool // simple type: text content only
	mixed    bool
	attrs    map[string]bool // name → required
	children map[string]bool
}

func parseXSD(data []byte) (*xsdValidator, error) {
	type node struct {
		XMLName xml.Name
		Attrs   []xml.Attr `xml:",any,attr"`
		Nodes   []node     `xml:",any"`
	}
	var root node
	if err := xml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	attr := func(n node, name string) string {
		for _, a := range n.Attrs {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	v := &xsdValidator{elements: map[string]*xsdElement{}}
	var walk func(n node, e *xsdElement)
	walk = func(n node, e *xsdElement) {
		for _, c := range n.Nodes {
			switch c.XMLName.Local {
			case "attribute":
				e.attrs[attr(c, "name")] = attr(c, "use") == "required"
			case "element":
				e.children[attr(c, "ref")] = true
			case "sequence", "choice":
				walk(c, e)
			}
		}
	}
	for _, n := range root.Nodes {
		if n.XMLName.Local != "element" {
			continue
		}
		e := &xsdElement{attrs: map[string]bool{}, children: map[string]bool{}}
		if attr(n, "type") == "xs:string" {
			e.text = true
		}
		for _, ct := range n.Nodes {
			if ct.XMLName.Local == "complexType" {
				e.mixed = attr(ct, "mixed") == "true"
				walk(ct, e)
			}
		}
		v.elements[attr(n, "name")] = e
	}
	if len(v.elements) == 0 {
		return nil, fmt.Errorf("no elements in the XSD")
	}
	return v, nil
}

func (v *xsdValidator) validate(doc []byte) error {
	d := xml.NewDecoder(bytes.NewReader(doc))
	type frame struct {
		name string
		e    *xsdElement
	}
	var stack []frame
	roots := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			name := tok.Name.Local
			e, ok := v.elements[name]
			if !ok {
				return fmt.Errorf("element <%s> is not in the schema", name)
			}
			if len(stack) == 0 {
				roots++
				if name != "testsuites" && name != "testsuite" {
					return fmt.Errorf("root element <%s>", name)
				}
			} else if parent := stack[len(stack)-1]; !parent.e.children[name] {
				return fmt.Errorf("<%s> may not contain <%s>", parent.name, name)
			}
			seen := map[string]bool{}
			for _, a := range tok.Attr {
				if _, ok := e.attrs[a.Name.Local]; !ok {
					return fmt.Errorf("<%s> has an undeclared attribute %q", name, a.Name.Local)
				}
				seen[a.Name.Local] = true
			}
			var missing []string
			for a, req := range e.attrs {
				if req && !seen[a] {
					missing = append(missing, a)
				}
			}
			if len(missing) > 0 {
				sort.Strings(missing)
				return fmt.Errorf("<%s> lacks required attribute(s) %s", name, strings.Join(missing, ", "))
			}
			stack = append(stack, frame{name, e})
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 && len(bytes.TrimSpace(tok)) > 0 {
				if top := stack[len(stack)-1]; !top.e.text && !top.e.mixed {
					return fmt.Errorf("<%s> may not contain text", top.name)
				}
			}
		}
	}
	if roots != 1 {
		return fmt.Errorf("%d root elements", roots)
	}
	if len(stack) != 0 {
		return fmt.Errorf("unclosed <%s>", stack[len(stack)-1].name)
	}
	return nil
}

// TestJSONReportsNameTheirSchemaVersion: every JSON report names its schema
// version under one key, "schemaVersion" (never "schema").
func TestJSONReportsNameTheirSchemaVersion(t *testing.T) {
	runs := [][]string{
		{"inspect", "testdata/sboms/du-5g.cdx.json"},
		{"check", "testdata/sboms/du-5g.cdx.json"},
		{"lint", "testdata/sboms/du-5g.cdx.json"},
		{"gate", "testdata/releases/du-allowed", "--policy", releasePolicy},
		{"verify", "testdata/verify/du.cdx.json", "--bundle", "testdata/verify/du.cdx.json.sigstore.json", "--key", "testdata/verify/test-key.pub"},
		{"verify-blob", "testdata/verify/du.cdx.json", "--bundle", "testdata/verify/du.cdx.json.sigstore.json", "--key", "testdata/verify/test-key.pub", "--insecure-ignore-tlog"},
		{"diff", "testdata/sboms/du-5g.cdx.json", "testdata/sboms/du-5g-hr.cdx.json"},
		{"scan", "testdata/scan/acme", "--origin-only"},
	}
	for _, args := range runs {
		r := run(t, nil, append(append([]string{}, args...), "--format", "json")...)
		if r.code == 2 {
			t.Fatalf("%v: %s", args, r.stderr)
		}
		var top map[string]json.RawMessage
		if err := json.Unmarshal([]byte(r.stdout), &top); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		var v string
		if err := json.Unmarshal(top["schemaVersion"], &v); err != nil || !strings.HasPrefix(v, "fwprov.") {
			t.Errorf("%v: schemaVersion %s", args, top["schemaVersion"])
		}
		if _, ok := top["schema"]; ok {
			t.Errorf("%v: the report also has \"schema\"", args)
		}
	}
	// Each JSON Lines record of a scan, too.
	r := run(t, nil, "scan", "testdata/scan/acme", "--origin-only", "--format", "jsonl")
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if !strings.HasPrefix(line, `{"schemaVersion":"fwprov.scan.result/v1"`) {
			t.Errorf("jsonl record: %.80s", line)
		}
	}
}
