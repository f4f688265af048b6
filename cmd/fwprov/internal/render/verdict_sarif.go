package render

import (
	"bytes"
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/fwprov/fwprov/policy"
)

// SARIF 2.1.0, as a small typed subset: one run, the policy's rules that
// produced findings, one result per finding with a location in the SBOM.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool        `json:"tool"`
	Results    []sarifResult    `json:"results"`
	Artifacts  []sarifArtifact  `json:"artifacts,omitempty"`
	Invocation []sarifInvocated `json:"invocations,omitempty"`
}

type sarifInvocated struct {
	ExecutionSuccessful bool `json:"executionSuccessful"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	ShortDescription     *sarifText        `json:"shortDescription,omitempty"`
	DefaultConfiguration sarifRuleConfig   `json:"defaultConfiguration"`
	Properties           map[string]string `json:"properties,omitempty"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID       string             `json:"ruleId"`
	Level        string             `json:"level"`
	Message      sarifText          `json:"message"`
	Locations    []sarifLocation    `json:"locations"`
	Suppressions []sarifSuppression `json:"suppressions,omitempty"`
	Properties   map[string]any     `json:"properties,omitempty"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical     `json:"physicalLocation"`
	LogicalLocations []sarifLogicalLoc `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"`
}

type sarifArtifactLoc struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine  int  `json:"startLine,omitempty"`
	EndLine    int  `json:"endLine,omitempty"`
	ByteOffset *int `json:"byteOffset,omitempty"`
	ByteLength int  `json:"byteLength,omitempty"`
}

type sarifLogicalLoc struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName,omitempty"`
	Kind               string `json:"kind"`
}

type sarifArtifact struct {
	Location sarifArtifactLoc  `json:"location"`
	Hashes   map[string]string `json:"hashes,omitempty"`
}

type verdictSARIF struct{ in *VerdictInput }

func sarifLevel(s policy.Severity) string {
	switch s {
	case policy.SeverityFail:
		return "error"
	case policy.SeverityWarn:
		return "warning"
	}
	return "note"
}

func (p verdictSARIF) Present(w io.Writer) error {
	v := p.in.Verdict
	lines := newLineIndex(p.in.SBOM)
	uri := sarifURI(v.Document.Source)
	rules := map[string]sarifRule{}
	var results []sarifResult
	for i := range v.Findings {
		f := &v.Findings[i]
		if _, ok := rules[f.Rule]; !ok {
			r := sarifRule{ID: f.Rule, DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(f.Severity)}}
			if f.Description != "" {
				r.ShortDescription = &sarifText{Text: f.Description}
			}
			rules[f.Rule] = r
		}
		loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifactLoc{URI: uri}, Region: lines.region(f.Component.BOMRef)}}
		loc.LogicalLocations = []sarifLogicalLoc{{Name: f.Component.Label, FullyQualifiedName: strings.Join(f.ContainmentPath, " > "), Kind: "module"}}
		res := sarifResult{
			RuleID:    f.Rule,
			Level:     sarifLevel(f.Severity),
			Message:   sarifText{Text: f.Message},
			Locations: []sarifLocation{loc},
			Properties: map[string]any{
				"origin":   f.Origin,
				"evidence": f.Evidence,
			},
		}
		if f.Component.BOMRef != "" {
			res.Properties["bom-ref"] = f.Component.BOMRef
		}
		if f.Component.PURL != "" {
			res.Properties["purl"] = f.Component.PURL
		}
		if f.Entity != nil {
			res.Properties["entity"] = f.Entity
		}
		if x := f.Exception; x != nil {
			res.Suppressions = []sarifSuppression{{Kind: "external", Justification: x.Reason + " (expires " + x.Expires.String() + ")"}}
		}
		results = append(results, res)
	}
	provRules, provResults := sarifProvenanceResults(v, uri, lines)
	for _, r := range provRules {
		rules[r.ID] = r
	}
	// Provenance first; never null: a clean verdict has "results": [].
	all := make([]sarifResult, 0, len(provResults)+len(results))
	all = append(append(all, provResults...), results...)
	ids := make([]string, 0, len(rules))
	for id := range rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	version := p.in.ToolVersion
	if version == "" {
		version = "(devel)"
	}
	driver := sarifDriver{Name: "fwprov", Version: version, InformationURI: "https://github.com/fwprov/fwprov", Rules: []sarifRule{}}
	for _, id := range ids {
		driver.Rules = append(driver.Rules, rules[id])
	}
	art := sarifArtifact{Location: sarifArtifactLoc{URI: uri}}
	if v.Document.SHA256 != "" {
		art.Hashes = map[string]string{"sha-256": v.Document.SHA256}
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool:       sarifTool{Driver: driver},
			Results:    all,
			Artifacts:  []sarifArtifact{art},
			Invocation: []sarifInvocated{{ExecutionSuccessful: true}},
		}},
	}
	return jsonPresenter(log).Present(w)
}

// sarifURI turns a file path into a URI reference: '/'-separated, with
// the characters a URI may not hold (spaces, '#', '%', non-ASCII, ...)
// percent-encoded. "-" (stdin) stays as it is.
func sarifURI(path string) string {
	if path == "" || path == "-" {
		return path
	}
	u := url.URL{Path: filepath.ToSlash(path)}
	return u.EscapedPath()
}

// lineIndex finds the line that declares a bom-ref in the SBOM bytes, so
// SARIF viewers can jump to the component. It searches for the CycloneDX
// JSON member or XML attribute, or the SPDX identifier (SPDX components'
// bom-ref), literally.
type lineIndex struct {
	data []byte
}

// region is where a component is declared: its line, or — for a component
// that cannot be found (no bom-ref, a compressed SBOM) — the whole file,
// as SARIF expresses a whole-artifact location (all its lines, or all its
// bytes for a binary file). Without the SBOM bytes there is no region.
func (l lineIndex) region(ref string) *sarifRegion {
	if line := l.lineOf(ref); line > 0 {
		return &sarifRegion{StartLine: line}
	}
	if len(l.data) == 0 {
		return nil
	}
	if bytes.IndexByte(l.data, 0) >= 0 || !utf8.Valid(l.data) {
		zero := 0
		return &sarifRegion{ByteOffset: &zero, ByteLength: len(l.data)}
	}
	n := bytes.Count(l.data, []byte{'\n'})
	if !bytes.HasSuffix(l.data, []byte{'\n'}) {
		n++
	}
	return &sarifRegion{StartLine: 1, EndLine: n}
}

func newLineIndex(data []byte) lineIndex { return lineIndex{data: data} }

func (l lineIndex) lineOf(ref string) int {
	if ref == "" || len(l.data) == 0 {
		return 0
	}
	quoted, _ := json.Marshal(ref)
	for _, needle := range [][]byte{
		append([]byte(`"bom-ref": `), quoted...),
		append([]byte(`"bom-ref":`), quoted...),
		[]byte(`bom-ref="` + xmlAttrEscape(ref) + `"`),
		append([]byte(`"SPDXID": `), quoted...),
		append([]byte(`"SPDXID":`), quoted...),
		[]byte("SPDXID: " + ref + "\n"),
	} {
		if i := bytes.Index(l.data, needle); i >= 0 {
			return bytes.Count(l.data[:i], []byte{'\n'}) + 1
		}
	}
	return 0
}

func xmlAttrEscape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
