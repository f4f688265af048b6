package policy

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
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

// UnmarshalJSON reads "YYYY-MM-DD" ("" is the zero date).
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fmt.Errorf("bad date %q (want YYYY-MM-DD)", s)
	}
	d.t = t
	return nil
}

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
	Extends string `yaml:"extends,omitempty" json:"extends,omitempty"`
	// Catalog names entity catalogs to include: embedded ones by name
	// ("huawei", "zte", ...; "all" for every embedded catalog) or catalog
	// files (a path ending in .yaml, relative to this file). Their entities
	// come before this file's own.
	CatalogRefs []string `yaml:"catalog,omitempty" json:"catalog,omitempty"`
	// Sources is the table of documents that entity facts cite by id.
	Sources    SourceTable `yaml:"sources,omitempty" json:"sources,omitempty"`
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
	// Catalogs lists the catalogs merged in ("catalog:huawei" or a file
	// path), in order. After loading, CatalogRefs is empty: their entities and
	// sources are in Entities and Sources.
	Catalogs []string `yaml:"-" json:"catalogs,omitempty"`

	catalog  *identity.Catalog
	entityIx map[string]int
	hw       hardwareIndex
	personal map[string]bool // identity.Compact keys of personal-name aliases
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

// Source is a public document an entity entry, or one fact of it, rests
// on. In YAML it is either a mapping (title, url, date, accessed) or the
// id of an entry of the policy's or catalog file's sources table.
type Source struct {
	// ID is the key of the source in a sources table ("" for a source
	// written inline).
	ID    string `yaml:"-" json:"id,omitempty"`
	Title string `yaml:"title" json:"title"`
	URL   string `yaml:"url,omitempty" json:"url,omitempty"`
	// Via is the copy that was read when it is not URL itself (an archive,
	// a mirror, a reproduction).
	Via string `yaml:"via,omitempty" json:"via,omitempty"`
	// Date is the document's own date (publication, version or last
	// update), when it has one.
	Date Date `yaml:"date,omitempty" json:"date,omitzero"`
	// Accessed is the day the fact was checked against the document
	// (a stored copy or the live page).
	Accessed Date `yaml:"accessed,omitempty" json:"accessed,omitzero"`
}

// UnmarshalYAML accepts a mapping or a scalar reference to a sources
// table entry (resolved when the policy is compiled).
func (s *Source) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		if !idPattern.MatchString(n.Value) {
			return lineErr(n, "source reference %q: want the id of a sources entry ([a-z0-9._-])", n.Value)
		}
		*s = Source{ID: n.Value}
		return nil
	}
	if err := checkKeys(n, "title", "url", "via", "date", "accessed"); err != nil {
		return err
	}
	type plain Source
	var v plain
	if err := n.Decode(&v); err != nil {
		return err
	}
	*s = Source(v)
	return nil
}

// checkKeys rejects keys of a mapping outside allowed: a custom
// unmarshaler decodes without the strict decoder's KnownFields.
func checkKeys(n *yaml.Node, allowed ...string) error {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !slices.Contains(allowed, k.Value) {
			return lineErr(k, "unknown field %q", k.Value)
		}
	}
	return nil
}

// MarshalYAML writes a reference as its id, an inline source as a mapping.
func (s Source) MarshalYAML() (any, error) {
	if s.ID != "" {
		return s.ID, nil
	}
	type plain Source
	return plain(s), nil
}

// SourceTable maps source ids to sources.
type SourceTable map[string]Source

// MarshalYAML writes every entry as a mapping.
func (t SourceTable) MarshalYAML() (any, error) {
	type plain Source
	out := make(map[string]plain, len(t))
	for id, s := range t {
		s.ID = ""
		out[id] = plain(s)
	}
	return out, nil
}

// Fact is one value of an entity (an alias, a domain, a purl prefix, a
// CPE vendor, a hardware vendor ID) with the source that documents it. In
// YAML it is a plain scalar, or a mapping {value, source} (aliases also
// take script and personalName).
type Fact struct {
	Value string `yaml:"value" json:"value"`
	// Source is the id of a sources table entry; empty means the entity's
	// own sources.
	Source string `yaml:"source,omitempty" json:"source,omitempty"`
	// Script is the ISO 15924 code of a name's writing system (Latn, Hans,
	// Hant, Jpan, Kore, Cyrl ...); empty means detected from the text.
	Script string `yaml:"script,omitempty" json:"script,omitempty"`
	// PersonalName marks an alias that is also a common personal name
	// (the given name Huawei, the family name Kaspersky): in fields that
	// hold people it needs organisation context before it counts.
	PersonalName bool `yaml:"personalName,omitempty" json:"personalName,omitempty"`

	node *yaml.Node
}

// UnmarshalYAML accepts a scalar or a {value, source, script,
// personalName} mapping.
func (f *Fact) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*f = Fact{Value: n.Value, node: n}
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return lineErr(n, "want a value or a mapping {value, source}")
	}
	if err := checkKeys(n, "value", "source", "script", "personalName"); err != nil {
		return err
	}
	type plain Fact
	var v plain
	if err := n.Decode(&v); err != nil {
		return err
	}
	*f = Fact(v)
	f.node = n
	if f.Source != "" && !idPattern.MatchString(f.Source) {
		return lineErr(n, "source %q: want the id of a sources entry", f.Source)
	}
	return nil
}

// MarshalYAML writes a bare value as a scalar.
func (f Fact) MarshalYAML() (any, error) {
	if f.Source == "" && f.Script == "" && !f.PersonalName {
		return f.Value, nil
	}
	type plain Fact
	return plain(f), nil
}

// Facts is a list of facts.
type Facts []Fact

// Values returns the values of the facts.
func (fs Facts) Values() []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Value
	}
	return out
}

func (fs Facts) index(v string) int {
	for i, f := range fs {
		if f.Value == v {
			return i
		}
	}
	return -1
}

// Divestment records that an entity left a corporate family. A divested
// entity has no parent in the family it left: rules on the former parent
// do not cover it unless an entity selector sets includeDivested.
type Divestment struct {
	// Date is the day the divestment took effect.
	Date Date `yaml:"date" json:"date"`
	// From is the entity it left (the former parent).
	From string `yaml:"from" json:"from"`
	Note string `yaml:"note,omitempty" json:"note,omitempty"`
	// Source is the id of a sources table entry documenting it.
	Source string `yaml:"source,omitempty" json:"source,omitempty"`
}

// Relations an entity may have to its parent.
var Relations = []string{"subsidiary", "affiliate", "joint-venture", "branch"}

// Entity is one organisation of the catalog. Entities are not a deny list:
// rules decide what an entity means (usually by tags).
type Entity struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
	// Override says how an entity whose id an extended policy or an
	// included catalog already defines changes it: replace (this
	// definition replaces it), merge (lists are added, fields given
	// replace), remove (the entity is dropped). Empty means the id must be
	// new. Cleared after loading.
	Override string `yaml:"override,omitempty" json:"-"`
	Aliases  Facts  `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	Domains  Facts  `yaml:"domains,omitempty" json:"domains,omitempty"`
	// PURL holds pkg:TYPE/NAMESPACE prefixes: Maven groups
	// (pkg:maven/com.vendor), npm scopes (pkg:npm/@vendor), Go module paths
	// (pkg:golang/github.com/vendor), GitHub and GitLab organisations
	// (pkg:github/vendor), container namespaces (pkg:docker/vendor) ...
	PURL Facts `yaml:"purl,omitempty" json:"purl,omitempty"`
	CPE  Facts `yaml:"cpe,omitempty" json:"cpe,omitempty"`
	// PCIVendorIDs and USBVendorIDs are 4-digit hexadecimal vendor IDs (the
	// PCI ID Repository, the USB ID Repository); DeviceTreePrefixes are
	// devicetree vendor prefixes (the part before the comma of a
	// compatible string). They identify content, not package metadata.
	PCIVendorIDs       Facts    `yaml:"pciVendorIDs,omitempty" json:"pciVendorIDs,omitempty"`
	USBVendorIDs       Facts    `yaml:"usbVendorIDs,omitempty" json:"usbVendorIDs,omitempty"`
	DeviceTreePrefixes Facts    `yaml:"deviceTreePrefixes,omitempty" json:"deviceTreePrefixes,omitempty"`
	Country            string   `yaml:"country,omitempty" json:"country,omitempty"`
	Tags               []string `yaml:"tags,omitempty" json:"tags,omitempty"`
	Parent             string   `yaml:"parent,omitempty" json:"parent,omitempty"`
	// Relation is what the entity is to its parent: subsidiary, affiliate
	// (a minority holding or an entity under common control),
	// joint-venture or branch.
	Relation    string      `yaml:"relation,omitempty" json:"relation,omitempty"`
	Divested    *Divestment `yaml:"divested,omitempty" json:"divested,omitempty"`
	Description string      `yaml:"description,omitempty" json:"description,omitempty"`
	Sources     []Source    `yaml:"sources,omitempty" json:"sources,omitempty"`

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
// it or any of its ancestors has one of the ids or one of the tags. With
// IncludeDivested, an entity that left a selected family (Entity.Divested)
// is selected too, as are its own descendants.
type EntitySelector struct {
	IDs             []string `yaml:"ids,omitempty" json:"ids,omitempty"`
	Tags            []string `yaml:"tags,omitempty" json:"tags,omitempty"`
	IncludeDivested bool     `yaml:"includeDivested,omitempty" json:"includeDivested,omitempty"`
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
