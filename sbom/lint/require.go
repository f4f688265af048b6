package lint

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/fwprov/fwprov/sbom"
)

// Requirement is what a policy (or a --min-score flag) demands of an SBOM's
// completeness under one profile. At least one of Pass, MinScore and
// Elements must be set; every one that is set must hold.
//
// In a policy file it reads, for example:
//
//	completeness:
//	  - {profile: fwprov, elements: [origin]}         # every part names its supplier
//	  - {profile: bsi-tr-03183-2, pass: true}
//	  - {profile: ntia, minScore: 95}
type Requirement struct {
	Profile Profile `json:"profile" yaml:"profile"`
	// Pass: every required element of the profile is met.
	Pass bool `json:"pass,omitempty" yaml:"pass,omitempty"`
	// MinScore: the profile's score is at least this (0–100).
	MinScore float64 `json:"minScore,omitempty" yaml:"minScore,omitempty"`
	// Elements: each of these elements (required or optional, by ID) is met
	// by the document and by every component.
	Elements []string `json:"elements,omitempty" yaml:"elements,omitempty"`
}

// Validate reports a requirement that names an unknown profile or element,
// has a score outside 0–100, or requires nothing.
func (r Requirement) Validate() error {
	def, ok := profiles[r.Profile]
	if !ok {
		return fmt.Errorf("lint: unknown completeness profile %q (known: ntia, bsi-tr-03183-2, fwprov)", r.Profile)
	}
	if math.IsNaN(r.MinScore) || r.MinScore < 0 || r.MinScore > 100 {
		return fmt.Errorf("lint: %s: minScore %v is outside 0–100", r.Profile, r.MinScore)
	}
	for _, id := range r.Elements {
		if def.element(id) == nil {
			return fmt.Errorf("lint: %s has no element %q (known: %s)", r.Profile, id, strings.Join(def.ids(), ", "))
		}
	}
	if !r.Pass && r.MinScore == 0 && len(r.Elements) == 0 {
		return fmt.Errorf("lint: %s: the requirement requires nothing (set pass, minScore or elements)", r.Profile)
	}
	return nil
}

// String renders the requirement for messages: "ntia: pass, score >= 95,
// elements supplier, version".
func (r Requirement) String() string {
	parts := make([]string, 0, 3)
	if r.Pass {
		parts = append(parts, "pass")
	}
	if r.MinScore > 0 {
		parts = append(parts, "score >= "+strconv.FormatFloat(r.MinScore, 'f', -1, 64))
	}
	if len(r.Elements) > 0 {
		parts = append(parts, "elements "+strings.Join(r.Elements, ", "))
	}
	return string(r.Profile) + ": " + strings.Join(parts, ", ")
}

// Outcome is the evaluation of one Requirement.
type Outcome struct {
	Requirement Requirement `json:"requirement"`
	// Met: every part of the requirement holds.
	Met bool `json:"met"`
	// Score is the profile's score.
	Score float64 `json:"score"`
	// Reasons says, one line each, what does not hold (empty when Met).
	Reasons []string `json:"reasons,omitempty"`
}

// maxExamples is how many failing components a reason names.
const maxExamples = 3

// Evaluate checks doc against reqs: it validates them, runs each profile
// they name once, and returns one Outcome per requirement (in order) with
// the report they were computed from. An invalid requirement is an error,
// never a pass.
func Evaluate(ctx context.Context, doc *sbom.Document, reqs []Requirement) ([]Outcome, *Report, error) {
	var ps []Profile
	seen := map[Profile]bool{}
	for _, r := range reqs {
		if err := r.Validate(); err != nil {
			return nil, nil, err
		}
		if !seen[r.Profile] {
			seen[r.Profile] = true
			ps = append(ps, r.Profile)
		}
	}
	if len(ps) == 0 {
		return nil, nil, nil
	}
	rep, err := Check(ctx, doc, Options{Profiles: ps})
	if err != nil {
		return nil, nil, err
	}
	out, err := rep.Evaluate(reqs)
	return out, rep, err
}

// Evaluate checks an existing report against reqs. A requirement whose
// profile the report does not include is an error (fail closed).
func (rep *Report) Evaluate(reqs []Requirement) ([]Outcome, error) {
	out := make([]Outcome, 0, len(reqs))
	for _, r := range reqs {
		if err := r.Validate(); err != nil {
			return nil, err
		}
		pr := rep.Profile(r.Profile)
		if pr == nil {
			return nil, fmt.Errorf("lint: the report has no %s profile to evaluate %q against", r.Profile, r.String())
		}
		o := Outcome{Requirement: r, Score: pr.Score}
		if r.Pass && !pr.Passed {
			o.Reasons = append(o.Reasons, fmt.Sprintf("%s does not pass: required elements not met: %s", r.Profile, strings.Join(pr.FailedRequired, ", ")))
		}
		if r.MinScore > 0 && pr.Score < r.MinScore {
			o.Reasons = append(o.Reasons, fmt.Sprintf("%s score %.1f is below the required %s", r.Profile, pr.Score, strconv.FormatFloat(r.MinScore, 'f', -1, 64)))
		}
		for _, id := range r.Elements {
			er := pr.Element(id)
			if er == nil {
				return nil, fmt.Errorf("lint: the %s report has no element %q", r.Profile, id)
			}
			if er.Passed {
				continue
			}
			o.Reasons = append(o.Reasons, elementReason(r.Profile, er))
		}
		o.Met = len(o.Reasons) == 0
		out = append(out, o)
	}
	return out, nil
}

// elementReason says in one line why an element is not met.
func elementReason(p Profile, er *ElementResult) string {
	if er.Scope == ScopeDocument {
		return fmt.Sprintf("%s %s (%s) not met: %s", p, er.ID, er.Title, er.Detail)
	}
	var ex []string
	for i, c := range er.Failing {
		if i == maxExamples {
			break
		}
		ex = append(ex, c.Label)
	}
	more := ""
	if er.Failed > len(ex) {
		more = ", …"
	}
	return fmt.Sprintf("%s %s (%s) missing on %d of %d components (%s%s)", p, er.ID, er.Title, er.Failed, er.Checked, strings.Join(ex, ", "), more)
}

func (d *profileDef) element(id string) *element {
	for i := range d.elements {
		if d.elements[i].ID == id {
			return &d.elements[i]
		}
	}
	return nil
}

func (d *profileDef) ids() []string {
	ids := make([]string, len(d.elements))
	for i := range d.elements {
		ids[i] = d.elements[i].ID
	}
	return ids
}
