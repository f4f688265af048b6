package policy

import (
	"encoding/json"
	"fmt"
	"regexp"
	"time"

	"github.com/google/cel-go/cel"
	"go.yaml.in/yaml/v3"

	"github.com/fwprov/fwprov/policy/identity"
	"github.com/fwprov/fwprov/sbom/lint"
)

// APIVersion is the only apiVersion this package reads.
const APIVersion = "fwprov/v1"

// Severity is how much a rule's finding weighs: a fail finding that no
// exception covers denies; warn and info findings are reported only.
type Severity string

// Severities, strongest first.
const (
	SeverityFail Severity = "fail"
	SeverityWarn Severity = "warn"
	SeverityInfo Severity = "info"
)

func (s Severity) rank() int {
	switch s {
	case SeverityFail:
		return 0
	case SeverityWarn:
		return 1
	}
	return 2
}

// UnmarshalYAML accepts fail, warn and info.
func (s *Severity) UnmarshalYAML(n *yaml.Node) error {
	switch Severity(n.Value) {
	case SeverityFail, SeverityWarn, SeverityInfo:
		if n.Kind == yaml.ScalarNode {
			*s = Severity(n.Value)
			return nil
		}
	}
	return lineErr(n, "unknown severity %q (want fail, warn or info)", n.Value)
}

// Outcome is what identity resolution concluded about one component's
// origin.
type Outcome string

// Outcomes of identity resolution. Together they partition the components
// of a document.
const (
	// OutcomeResolved: the evidence names exactly one catalog entity (or
	// one entity and its ancestors, which resolve to the most specific).
	OutcomeResolved Outcome = "resolved"
	// OutcomeUnlisted: the evidence names an organisation, and it is none
	// of the catalog's entities ("Linux Foundation", "OpenSSL Software
	// Foundation"). The origin is known; the policy has nothing on it.
	OutcomeUnlisted Outcome = "unlisted"
	// OutcomeConflict: the evidence names different organisations, at
	// least one of them a catalog entity: two unrelated entities, or a
	// declared supplier/manufacturer that is not the entity the rest of
	// the evidence names (a relabelled part).
	OutcomeConflict Outcome = "conflict"
	// OutcomeUnknown: no usable origin evidence at all, neither the
	// component's own nor inherited.
	OutcomeUnknown Outcome = "unknown"
)

// Outcomes lists every outcome in report order.
var Outcomes = []Outcome{OutcomeResolved, OutcomeConflict, OutcomeUnlisted, OutcomeUnknown}

// OutcomeList is one outcome or a list of them in YAML.
type OutcomeList []Outcome

// UnmarshalYAML accepts a scalar or a sequence of outcome names.
func (o *OutcomeList) UnmarshalYAML(n *yaml.Node) error {
	var items []*yaml.Node
	switch n.Kind {
	case yaml.ScalarNode:
		items = []*yaml.Node{n}
	case yaml.SequenceNode:
		items = n.Content
	default:
		return lineErr(n, "origin: want an outcome or a list of outcomes")
	}
	for _, it := range items {
		ok := false
		for _, x := range Outcomes {
			if it.Kind == yaml.ScalarNode && it.Value == string(x) {
				ok = true
			}
		}
		if !ok {
			return lineErr(it, "unknown origin outcome %q (want resolved, unlisted, conflict or unknown)", it.Value)
		}
		*o = append(*o, Outcome(it.Value))
	}
	return nil
}

// Date is a calendar date (YYYY-MM-DD, UTC).
type Date struct{ t time.Time }

// NewDate returns the date of t in UTC.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns midnight UTC at the start of the date.
func (d Date) Time() time.Time { return d.t }

// String formats the date as YYYY-MM-DD ("" when unset).
func (d Date) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// MarshalJSON writes "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// MarshalYAML writes YYYY-MM-DD.
func (d Date) MarshalYAML() (any, error) { return d.String(), nil }

// UnmarshalYAML accepts YYYY-MM-DD.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	t, err := time.Parse(time.DateOnly, n.Value)
	if n.Kind != yaml.ScalarNode || err != nil {
		return lineErr(n, "bad date %q (want YYYY-MM-DD)", n.Value)
	}
	d.t = t
	return nil
}

// Policy is a loaded, validated and compiled policy. Its exported fields
// are the policy as written (after any extends was merged); the compiled
// catalog and expressions are kept beside them. A Policy is immutable and
// may be shared between goroutines.
type Policy struct {
	APIVersion  string `yaml:"apiVersion" json:"apiVersion"`
	Kind        string `yaml:"kind" json:"kind"`
	Name        string `yaml:"name" json:"name"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Extends names a preset ("baseline") or a policy file (relative to this
	// one) whose entities, rules, limits, exceptions and trust this policy
	// starts from.
	Extends    string      `yaml:"extends,omitempty" json:"extends,omitempty"`
	Entities   []Entity    `yaml:"entities" json:"entities"`
	Rules      []Rule      `yaml:"rules" json:"rules"`
	Limits     []Limit     `yaml:"limits,omitempty" json:"limits,omitempty"`
	Exceptions []Exception `yaml:"exceptions,omitempty" json:"exceptions,omitempty"`
	Trust      *Trust      `yaml:"trust,omitempty" json:"trust,omitempty"`

	// Source says where the policy came from: the file path, or
	// "preset:NAME".
	Source string `yaml:"-" json:"source"`
	// ExtendedFrom lists the sources merged in through extends, nearest
	// first. After loading, Extends is empty: the entities, rules, limits,
	// exceptions and trust above are the merged whole, so a loaded policy
	// marshals to YAML that loads as the same policy.
	ExtendedFrom []string `yaml:"-" json:"extendedFrom,omitempty"`

	catalog  *identity.Catalog
	entityIx map[string]int
}

// Catalog returns the compiled entity catalog.
func (p *Policy) Catalog() *identity.Catalog { return p.catalog }

// Entity returns the entity with the given id.
func (p *Policy) Entity(id string) (*Entity, bool) {
	i, ok := p.entityIx[id]
	if !ok {
		return nil, false
	}
	return &p.Entities[i], true
}

// Source is a public document an entity entry rests on.
type Source struct {
	Title string `yaml:"title" json:"title"`
	URL   string `yaml:"url,omitempty" json:"url,omitempty"`
	Date  Date   `yaml:"date,omitempty" json:"date,omitzero"`
}

// Entity is one organisation of the catalog. Entities are not a deny list:
// rules decide what an entity means (usually by tags).
type Entity struct {
	ID          string   `yaml:"id" json:"id"`
	Name        string   `yaml:"name" json:"name"`
	Aliases     []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	Domains     []string `yaml:"domains,omitempty" json:"domains,omitempty"`
	PURL        []string `yaml:"purl,omitempty" json:"purl,omitempty"`
	CPE         []string `yaml:"cpe,omitempty" json:"cpe,omitempty"`
	Country     string   `yaml:"country,omitempty" json:"country,omitempty"`
	Tags        []string `yaml:"tags,omitempty" json:"tags,omitempty"`
	Parent      string   `yaml:"parent,omitempty" json:"parent,omitempty"`
	Description string   `yaml:"description,omitempty" json:"description,omitempty"`
	Sources     []Source `yaml:"sources,omitempty" json:"sources,omitempty"`

	at pos
}

// Rule turns a component matching its selectors into a finding.
type Rule struct {
	ID          string   `yaml:"id" json:"id"`
	Severity    Severity `yaml:"severity" json:"severity"`
	Description string   `yaml:"description,omitempty" json:"description,omitempty"`
	When        Selector `yaml:"when,omitempty" json:"when"`
	// Expr is a CEL expression that must also hold (see the package
	// documentation for the variables).
	Expr string `yaml:"expr,omitempty" json:"expr,omitempty"`

	at     pos
	prog   cel.Program
	entSel []bool // per entity: whether When.Entity selects it
}

// Selector is the conjunction of the conditions that are set.
type Selector struct {
	Entity    *EntitySelector    `yaml:"entity,omitempty" json:"entity,omitempty"`
	Origin    OutcomeList        `yaml:"origin,omitempty" json:"origin,omitempty"`
	Country   []string           `yaml:"country,omitempty" json:"country,omitempty"`
	Component *ComponentSelector `yaml:"component,omitempty" json:"component,omitempty"`
}

// EntitySelector selects entities by id or tag; an entity is selected when
// it or any of its ancestors has one of the ids or one of the tags.
type EntitySelector struct {
	IDs  []string `yaml:"ids,omitempty" json:"ids,omitempty"`
	Tags []string `yaml:"tags,omitempty" json:"tags,omitempty"`
}

// ComponentSelector selects components by their own fields. Name and Group
// are globs ("*" any run, "?" one character).
type ComponentSelector struct {
	Type     []string          `yaml:"type,omitempty" json:"type,omitempty"`
	PURLType []string          `yaml:"purlType,omitempty" json:"purlType,omitempty"`
	Name     string            `yaml:"name,omitempty" json:"name,omitempty"`
	Group    string            `yaml:"group,omitempty" json:"group,omitempty"`
	Property *PropertySelector `yaml:"property,omitempty" json:"property,omitempty"`
	MinDepth *int              `yaml:"minDepth,omitempty" json:"minDepth,omitempty"`
	MaxDepth *int              `yaml:"maxDepth,omitempty" json:"maxDepth,omitempty"`
}

// PropertySelector selects components by a property: with In or Equals,
// those whose value is one of those; with NotIn, those that lack the
// property or whose value is none of those; with none of the three, those
// that carry the property at all.
type PropertySelector struct {
	Name   string   `yaml:"name" json:"name"`
	In     []string `yaml:"in,omitempty" json:"in,omitempty"`
	Equals *string  `yaml:"equals,omitempty" json:"equals,omitempty"`
	NotIn  []string `yaml:"notIn,omitempty" json:"notIn,omitempty"`
}

// Limit caps how much of the document (or of a scope within it) may be
// attributable to selected entities.
type Limit struct {
	ID          string             `yaml:"id" json:"id"`
	Description string             `yaml:"description,omitempty" json:"description,omitempty"`
	Severity    Severity           `yaml:"severity,omitempty" json:"severity"`
	Entity      EntitySelector     `yaml:"entity" json:"entity"`
	Scope       *ComponentSelector `yaml:"scope,omitempty" json:"scope,omitempty"`
	MaxShare    *float64           `yaml:"maxShare,omitempty" json:"maxShare,omitempty"`
	MaxCount    *int               `yaml:"maxCount,omitempty" json:"maxCount,omitempty"`

	at     pos
	entSel []bool
}

// Exception waives one rule for the components it matches until it
// expires (at the end of the Expires day, UTC).
type Exception struct {
	ID       string         `yaml:"id,omitempty" json:"id,omitempty"`
	Rule     string         `yaml:"rule" json:"rule"`
	Match    ExceptionMatch `yaml:"match" json:"match"`
	Expires  Date           `yaml:"expires" json:"expires"`
	Reason   string         `yaml:"reason" json:"reason"`
	Ticket   string         `yaml:"ticket,omitempty" json:"ticket,omitempty"`
	Approver string         `yaml:"approver,omitempty" json:"approver,omitempty"`

	at pos
}

// ExceptionMatch selects components; every field that is set must match.
// PURL and Name are globs, BOMRef is exact.
type ExceptionMatch struct {
	PURL   string `yaml:"purl,omitempty" json:"purl,omitempty"`
	BOMRef string `yaml:"bom-ref,omitempty" json:"bom-ref,omitempty"`
	Name   string `yaml:"name,omitempty" json:"name,omitempty"`
}

func (m ExceptionMatch) String() string {
	s := ""
	add := func(k, v string) {
		if v == "" {
			return
		}
		if s != "" {
			s += " "
		}
		s += k + "=" + v
	}
	add("purl", m.PURL)
	add("bom-ref", m.BOMRef)
	add("name", m.Name)
	return s
}

// Trust says whom a release must be signed by and what must be proven. It
// is parsed and validated here; the gate enforces it.
type Trust struct {
	// TrustedRoot is the Sigstore trusted root file, resolved against the
	// policy file's folder.
	TrustedRoot string       `yaml:"trustedRoot,omitempty" json:"trustedRoot,omitempty"`
	Signers     []Signer     `yaml:"signers,omitempty" json:"signers,omitempty"`
	Require     Requirements `yaml:"require,omitempty" json:"require"`

	at pos
}

// Signer is an accepted signing identity, tied to a catalog entity. By
// default a signer may sign only releases of its own entity (or that
// entity's descendants); SignsFor names other entities it signs for (a
// third-party signing service).
type Signer struct {
	ID       string   `yaml:"id" json:"id"`
	Entity   string   `yaml:"entity" json:"entity"`
	SignsFor []string `yaml:"signsFor,omitempty" json:"signsFor,omitempty"`
	Keyless  *Keyless `yaml:"keyless,omitempty" json:"keyless,omitempty"`
	// Key is a public key file (PEM), resolved against the policy file's
	// folder.
	Key string `yaml:"key,omitempty" json:"key,omitempty"`

	at pos
}

// Keyless is a Fulcio certificate identity: the OIDC issuer (exact or
// regular expression) and the subject (exact or regular expression).
type Keyless struct {
	Issuer         string `yaml:"issuer,omitempty" json:"issuer,omitempty"`
	IssuerRegexp   string `yaml:"issuerRegexp,omitempty" json:"issuerRegexp,omitempty"`
	Identity       string `yaml:"identity,omitempty" json:"identity,omitempty"`
	IdentityRegexp string `yaml:"identityRegexp,omitempty" json:"identityRegexp,omitempty"`
}

// Requirements are the proofs a gate demands. A requirement that cannot be
// checked is a failure.
type Requirements struct {
	Signature       bool `yaml:"signature,omitempty" json:"signature"`
	TransparencyLog bool `yaml:"transparencyLog,omitempty" json:"transparencyLog"`
	FirmwareDigest  bool `yaml:"firmwareDigest,omitempty" json:"firmwareDigest"`
	// Completeness lists SBOM completeness requirements (profiles of
	// fwprov lint) the SBOM must meet; see lint.Requirement.
	Completeness []lint.Requirement `yaml:"completeness,omitempty" json:"completeness,omitempty"`
}

// pos is where an element was written, for errors found after decoding.
type pos struct {
	file string
	node *yaml.Node
}

var (
	idPattern      = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
	countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)
)

func lineErr(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("line %d: %s", n.Line, fmt.Sprintf(format, args...))
}
