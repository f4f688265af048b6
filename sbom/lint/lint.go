package lint

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/fwprov/fwprov/sbom"
)

// Schema is the version of the Report format.
const Schema = "fwprov.lint/v1"

// Profile names a set of completeness elements.
type Profile string

// Profiles fwprov checks.
const (
	ProfileNTIA   Profile = "ntia"
	ProfileBSI    Profile = "bsi-tr-03183-2"
	ProfileFwprov Profile = "fwprov"
)

// AllProfiles lists every profile in report order.
func AllProfiles() []Profile { return []Profile{ProfileNTIA, ProfileBSI, ProfileFwprov} }

// ParseProfile returns the profile named s ("ntia", "bsi-tr-03183-2" (or
// "bsi"), "fwprov").
func ParseProfile(s string) (Profile, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "ntia":
		return ProfileNTIA, nil
	case "bsi", "bsi-tr-03183-2", "tr-03183-2":
		return ProfileBSI, nil
	case "fwprov":
		return ProfileFwprov, nil
	}
	return "", fmt.Errorf("lint: unknown profile %q (known: ntia, bsi-tr-03183-2, fwprov)", s)
}

// Scope says whether an element is checked once for the document or once
// per component.
type Scope string

// Scopes.
const (
	ScopeDocument  Scope = "document"
	ScopeComponent Scope = "component"
)

// ElementInfo describes one element of a profile.
type ElementInfo struct {
	// ID is the element's stable name within its profile ("supplier").
	ID string `json:"id"`
	// Title is a short human name ("Supplier name").
	Title string `json:"title"`
	// Reference cites the source document and section.
	Reference string `json:"reference"`
	Scope     Scope  `json:"scope"`
	// Required elements count towards the score and decide whether the
	// profile passes.
	Required bool `json:"required"`
	// Requirement says, in one line, what satisfies the element.
	Requirement string `json:"requirement"`
}

// ProfileInfo describes a profile.
type ProfileInfo struct {
	Profile   Profile       `json:"profile"`
	Title     string        `json:"title"`
	Reference string        `json:"reference"`
	Elements  []ElementInfo `json:"elements"`
}

// Describe returns the description of profile p.
func Describe(p Profile) (ProfileInfo, error) {
	def, ok := profiles[p]
	if !ok {
		return ProfileInfo{}, fmt.Errorf("lint: unknown profile %q", p)
	}
	info := ProfileInfo{Profile: p, Title: def.title, Reference: def.reference}
	for _, e := range def.elements {
		info.Elements = append(info.Elements, e.ElementInfo)
	}
	return info, nil
}

// Options configure Check.
type Options struct {
	// Profiles to run, in report order; empty means AllProfiles().
	Profiles []Profile
	// MaxListed bounds the failing components listed per element (the
	// counts are always complete). 0 means 50; negative means no bound.
	MaxListed int
}

// DefaultMaxListed is the default for Options.MaxListed.
const DefaultMaxListed = 50

// Report is the result of Check.
type Report struct {
	Schema   string          `json:"schema"`
	Document DocumentInfo    `json:"document"`
	Profiles []ProfileResult `json:"profiles"`
}

// DocumentInfo identifies the document a report is about.
type DocumentInfo struct {
	Source      string      `json:"source"`
	Format      sbom.Format `json:"format"`
	SpecVersion string      `json:"specVersion"`
	SHA256      string      `json:"sha256,omitempty"`
	Components  int         `json:"components"`
}

// ProfileResult is one profile's outcome.
type ProfileResult struct {
	Profile   Profile `json:"profile"`
	Title     string  `json:"title"`
	Reference string  `json:"reference"`
	// Passed: every required element is met by the document and by every
	// component.
	Passed bool `json:"passed"`
	// Score is 100 × Met / Checks over the required elements (one decimal).
	Score float64 `json:"score"`
	// Checks and Met count the required elements' checks.
	Checks int `json:"checks"`
	Met    int `json:"met"`
	// FailedRequired lists the required elements not met, in profile order.
	FailedRequired []string `json:"failedRequired"`
	// Elements are the element results in profile order.
	Elements []ElementResult `json:"elements"`
	// Components lists, in document order, every component that misses at
	// least one element (required or optional) of this profile.
	Components []ComponentResult `json:"components"`
}

// ElementResult is one element's outcome.
type ElementResult struct {
	ElementInfo
	// Passed: the document (document elements) or every component
	// (component elements) meets the element.
	Passed bool `json:"passed"`
	// Checked, Met and Failed count checks: 1 for a document element, one
	// per component for a component element.
	Checked int `json:"checked"`
	Met     int `json:"met"`
	Failed  int `json:"failed"`
	// Failing lists failing components in document order, at most
	// Options.MaxListed of them (Failed is the full count).
	Failing []ComponentRef `json:"failing,omitempty"`
	// Detail explains a document element's outcome ("SPDX-2.3: the TR
	// requires CycloneDX 1.6+ or SPDX 3.0.1+").
	Detail string `json:"detail,omitempty"`
}

// ComponentRef identifies a component in a report.
type ComponentRef struct {
	// Index is the position in sbom.Document.Components.
	Index int    `json:"index"`
	Ref   string `json:"ref,omitempty"`
	Label string `json:"label"`
	Root  bool   `json:"root,omitempty"`
}

// ComponentResult lists the elements one component misses.
type ComponentResult struct {
	ComponentRef
	Missing []string `json:"missing"`
}

// Element returns the result of element id, or nil.
func (p *ProfileResult) Element(id string) *ElementResult {
	for i := range p.Elements {
		if p.Elements[i].ID == id {
			return &p.Elements[i]
		}
	}
	return nil
}

// Profile returns the result of profile p, or nil when the report does not
// include it.
func (r *Report) Profile(p Profile) *ProfileResult {
	for i := range r.Profiles {
		if r.Profiles[i].Profile == p {
			return &r.Profiles[i]
		}
	}
	return nil
}

// Check runs the profiles of opts over doc. It fails only on an unknown
// profile, a nil document or a cancelled context.
func Check(ctx context.Context, doc *sbom.Document, opts Options) (*Report, error) {
	if doc == nil {
		return nil, fmt.Errorf("lint: no document")
	}
	ps := opts.Profiles
	if len(ps) == 0 {
		ps = AllProfiles()
	}
	max := opts.MaxListed
	if max == 0 {
		max = DefaultMaxListed
	}
	rep := &Report{
		Schema: Schema,
		Document: DocumentInfo{
			Source: doc.Source, Format: doc.Format, SpecVersion: doc.SpecVersion,
			SHA256: doc.SHA256, Components: len(doc.Components),
		},
		Profiles: make([]ProfileResult, 0, len(ps)),
	}
	facts := newFacts(doc)
	for _, p := range ps {
		def, ok := profiles[p]
		if !ok {
			return nil, fmt.Errorf("lint: unknown profile %q", p)
		}
		res, err := runProfile(ctx, doc, facts, p, def, max)
		if err != nil {
			return nil, err
		}
		rep.Profiles = append(rep.Profiles, res)
	}
	return rep, nil
}

func runProfile(ctx context.Context, doc *sbom.Document, f *facts, p Profile, def *profileDef, max int) (ProfileResult, error) {
	res := ProfileResult{
		Profile: p, Title: def.title, Reference: def.reference,
		FailedRequired: []string{},
		Elements:       make([]ElementResult, len(def.elements)),
		Components:     []ComponentResult{},
	}
	for i, e := range def.elements {
		res.Elements[i].ElementInfo = e.ElementInfo
	}
	// Document elements.
	for i, e := range def.elements {
		if e.Scope != ScopeDocument {
			continue
		}
		er := &res.Elements[i]
		ok, detail := e.doc(f)
		er.Checked, er.Detail = 1, detail
		if ok {
			er.Met = 1
		} else {
			er.Failed = 1
		}
	}
	// Component elements, one pass over the components.
	var compIdx []int
	for i, e := range def.elements {
		if e.Scope == ScopeComponent {
			compIdx = append(compIdx, i)
		}
	}
	if len(compIdx) > 0 {
		missing := make([]string, 0, len(compIdx))
		for n, c := range doc.Components {
			if n&0xfff == 0 {
				if err := ctx.Err(); err != nil {
					return ProfileResult{}, err
				}
			}
			missing = missing[:0]
			for _, i := range compIdx {
				e := &def.elements[i]
				er := &res.Elements[i]
				er.Checked++
				if e.comp(f, c) {
					er.Met++
					continue
				}
				er.Failed++
				if max < 0 || len(er.Failing) < max {
					er.Failing = append(er.Failing, refOf(c))
				}
				missing = append(missing, e.ID)
			}
			if len(missing) > 0 {
				res.Components = append(res.Components, ComponentResult{ComponentRef: refOf(c), Missing: append([]string(nil), missing...)})
			}
		}
	}
	for i := range res.Elements {
		er := &res.Elements[i]
		er.Passed = er.Failed == 0
		if !er.Required {
			continue
		}
		res.Checks += er.Checked
		res.Met += er.Met
		if !er.Passed {
			res.FailedRequired = append(res.FailedRequired, er.ID)
		}
	}
	res.Passed = len(res.FailedRequired) == 0
	res.Score = score(res.Met, res.Checks)
	return res, nil
}

// score is 100 × met / checks rounded down to one decimal (so a failing
// profile never shows 100); 100 when nothing was checked.
func score(met, checks int) float64 {
	if checks <= 0 {
		return 100
	}
	return math.Floor(1000*float64(met)/float64(checks)) / 10
}

func refOf(c *sbom.Component) ComponentRef {
	return ComponentRef{Index: c.Index, Ref: c.Ref, Label: c.Label(), Root: c.IsRoot}
}
