package render

import (
	"encoding/json"
	"io"
	"sort"

	"github.com/fwprov/fwprov/policy"
)

// Scan schemas. ScanResultSchema is the shape of one JSON Lines record (one
// submission); ScanSchema the shape of the whole JSON report. They change
// only when a field is removed or changes meaning.
const (
	ScanSchema       = "fwprov.scan/v1"
	ScanResultSchema = "fwprov.scan.result/v1"
)

// Submission decisions: a verdict's allow or deny, or error when the
// submission could not be read or evaluated (it then counts as denied).
const (
	ScanAllow = "allow"
	ScanDeny  = "deny"
	ScanError = "error"
)

// MaxScanFindings bounds the findings kept per submission (fail first, then
// warn, then info, as the verdict orders them); Rules still counts them all.
const MaxScanFindings = 50

// ScanResult is one submission of a scan: what `fwprov scan --format jsonl`
// writes on one line, and what `--merge` reads back.
type ScanResult struct {
	SchemaVersion string `json:"schemaVersion"`
	// Path is the SBOM's path as found: the scanned folder as given on the
	// command line joined with the path inside it, with '/'. Shards of one
	// scan (one sub-folder each) therefore merge without collisions.
	Path     string `json:"path"`
	Decision string `json:"decision"`
	// Error says why the submission could not be evaluated (Decision
	// "error"): one line naming the file and, where known, the position.
	Error  string           `json:"error,omitempty"`
	Policy policy.PolicyRef `json:"policy"`
	// Checks says how the submission was decided: "gate" (provenance as
	// the policy's trust section requires, then origin, as `fwprov gate`
	// decides a release).
	Checks string `json:"checks"`
	// Material lists the signature files found beside the SBOM by the
	// release convention (<sbom>.sigstore.json, .bundle, .sig) and handed
	// to the gate.
	Material []string `json:"material,omitempty"`

	Document   *policy.DocumentRef `json:"document,omitempty"`
	Firmware   string              `json:"firmware,omitempty"`
	Components int                 `json:"components"`
	// Counts counts unwaived findings by severity; Waived the waived ones.
	Counts  map[policy.Severity]int `json:"counts"`
	Waived  int                     `json:"waived"`
	Reasons []string                `json:"reasons,omitempty"`
	// Findings are the unwaived findings (at most MaxScanFindings, fail
	// first); Omitted counts the ones left out.
	Findings []policy.Finding `json:"findings,omitempty"`
	Omitted  int              `json:"omitted,omitempty"`
	// Rules counts every unwaived finding by rule.
	Rules          []RuleCount          `json:"rules,omitempty"`
	LimitsExceeded []policy.LimitResult `json:"limitsExceeded,omitempty"`
	// Suppliers and Countries count components by declared supplier and
	// country (own, else inherited; "" when none is declared), most first.
	// Entities counts components resolved to each catalog entity.
	Suppliers []Share              `json:"suppliers,omitempty"`
	Countries []Share              `json:"countries,omitempty"`
	Entities  []policy.EntityCount `json:"entities,omitempty"`
}

// RuleCount is the number of findings of one rule.
type RuleCount struct {
	Rule     string          `json:"rule"`
	Severity policy.Severity `json:"severity"`
	Findings int             `json:"findings"`
	// Submissions counts the submissions with at least one (summary only).
	Submissions int `json:"submissions,omitempty"`
}

// Share is a name (supplier, country, entity) with its number of
// components, and across a scan its share of all components.
type Share struct {
	Name       string  `json:"name"`
	Components int     `json:"components"`
	Share      float64 `json:"share,omitempty"`
	// Submissions counts the submissions it appears in (summary only).
	Submissions int `json:"submissions,omitempty"`
}

// ScanSummary aggregates a scan.
type ScanSummary struct {
	Submissions int `json:"submissions"`
	Allowed     int `json:"allowed"`
	Denied      int `json:"denied"`
	Errored     int `json:"errored"`
	Components  int `json:"components"`
	// Findings counts unwaived findings by severity over all submissions.
	Findings map[policy.Severity]int `json:"findings"`
	Waived   int                     `json:"waived"`
	// Suppliers, Countries and Entities rank by share of all components of
	// the submissions that could be read. The empty name stands for
	// "none declared".
	Suppliers []Share `json:"suppliers"`
	Countries []Share `json:"countries"`
	Entities  []Share `json:"entities"`
	// Rules ranks the findings by how many submissions have them.
	Rules []RuleCount `json:"rules"`
}

// ScanReport is the whole report of `fwprov scan`.
type ScanReport struct {
	SchemaVersion string `json:"schemaVersion"`
	// Source is the scanned folder, or "merge" for merged shards.
	Source      string           `json:"source"`
	Policy      policy.PolicyRef `json:"policy"`
	Summary     ScanSummary      `json:"summary"`
	Submissions []ScanResult     `json:"submissions"`
}

// NewScanReport sorts results by path and summarises them.
func NewScanReport(source string, pol policy.PolicyRef, results []ScanResult) *ScanReport {
	sort.SliceStable(results, func(i, j int) bool { return results[i].Path < results[j].Path })
	return &ScanReport{SchemaVersion: ScanSchema, Source: source, Policy: pol, Summary: Summarize(results), Submissions: results}
}

// Summarize aggregates per-submission results.
func Summarize(results []ScanResult) ScanSummary {
	s := ScanSummary{Submissions: len(results), Findings: map[policy.Severity]int{}}
	type acc struct{ components, submissions int }
	sup, cty, ent := map[string]*acc{}, map[string]*acc{}, map[string]*acc{}
	add := func(m map[string]*acc, name string, n int) {
		a := m[name]
		if a == nil {
			a = &acc{}
			m[name] = a
		}
		a.components += n
		a.submissions++
	}
	rules := map[string]*RuleCount{}
	for i := range results {
		r := &results[i]
		switch r.Decision {
		case ScanAllow:
			s.Allowed++
		case ScanDeny:
			s.Denied++
		default:
			s.Errored++
		}
		s.Components += r.Components
		for sev, n := range r.Counts {
			s.Findings[sev] += n
		}
		s.Waived += r.Waived
		for _, x := range r.Suppliers {
			add(sup, x.Name, x.Components)
		}
		for _, x := range r.Countries {
			add(cty, x.Name, x.Components)
		}
		for _, x := range r.Entities {
			add(ent, x.Name, x.Count)
		}
		for _, rc := range r.Rules {
			a := rules[rc.Rule]
			if a == nil {
				a = &RuleCount{Rule: rc.Rule, Severity: rc.Severity}
				rules[rc.Rule] = a
			}
			a.Findings += rc.Findings
			a.Submissions++
		}
	}
	shares := func(m map[string]*acc) []Share {
		out := make([]Share, 0, len(m))
		for name, a := range m {
			sh := Share{Name: name, Components: a.components, Submissions: a.submissions}
			if s.Components > 0 {
				sh.Share = float64(a.components) / float64(s.Components)
			}
			out = append(out, sh)
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Components != out[j].Components {
				return out[i].Components > out[j].Components
			}
			return out[i].Name < out[j].Name
		})
		return out
	}
	s.Suppliers, s.Countries, s.Entities = shares(sup), shares(cty), shares(ent)
	s.Rules = make([]RuleCount, 0, len(rules))
	for _, rc := range rules {
		s.Rules = append(s.Rules, *rc)
	}
	sort.Slice(s.Rules, func(i, j int) bool {
		a, b := s.Rules[i], s.Rules[j]
		if a.Submissions != b.Submissions {
			return a.Submissions > b.Submissions
		}
		if a.Findings != b.Findings {
			return a.Findings > b.Findings
		}
		return a.Rule < b.Rule
	})
	return s
}

// ScanPresenter returns the presenter of a scan report in format.
func ScanPresenter(format string, r *ScanReport) (Presenter, error) {
	switch format {
	case "text":
		return scanText{r}, nil
	case "json":
		return jsonPresenter(r), nil
	case "jsonl":
		return PresenterFunc(func(w io.Writer) error {
			for i := range r.Submissions {
				if err := WriteScanResult(w, &r.Submissions[i]); err != nil {
					return err
				}
			}
			return nil
		}), nil
	case "markdown":
		return scanMarkdown{r}, nil
	case "html":
		return scanHTML{r}, nil
	}
	return nil, unknownFormat("scan", format, "text", "json", "jsonl", "markdown", "html")
}

// WriteScanResult writes one JSON Lines record.
func WriteScanResult(w io.Writer, r *ScanResult) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// displayName shows the empty supplier or country name as "(none declared)".
func displayName(n string) string {
	if n == "" {
		return "(none declared)"
	}
	return n
}

// topFinding summarises a submission's first finding on one line.
func topFinding(r *ScanResult) string {
	if r.Error != "" {
		return r.Error
	}
	// A deny that no fail finding explains (a provenance check, a limit)
	// is told by its first reason.
	if r.Decision == ScanDeny && len(r.Reasons) > 0 && (len(r.Findings) == 0 || r.Findings[0].Severity != policy.SeverityFail) {
		return r.Reasons[0]
	}
	if len(r.Findings) == 0 {
		return ""
	}
	f := &r.Findings[0]
	s := f.Rule + ": " + f.Component.Label
	if f.Entity != nil {
		s += " (" + f.Entity.Name + ")"
	}
	return s
}
