package policy

import (
	"time"

	"github.com/fwprov/fwprov/sbom"
)

// VerdictSchemaVersion identifies the JSON shape of Verdict.
const VerdictSchemaVersion = "fwprov.verdict/v1"

// Decision is the gate's answer.
type Decision string

// Decisions.
const (
	Allow Decision = "allow"
	Deny  Decision = "deny"
)

// Verdict is the result of evaluating a document against a policy: plain
// data, renderer-agnostic. The CLI renders it as text, JSON, SARIF,
// Markdown or JUnit.
type Verdict struct {
	SchemaVersion string      `json:"schemaVersion"`
	Policy        PolicyRef   `json:"policy"`
	Document      DocumentRef `json:"document"`
	EvaluatedAt   time.Time   `json:"evaluatedAt"`
	// Decision is deny when any fail finding is not covered by an applied
	// exception, when a fail limit is exceeded, or when the document lists
	// no components at all; allow otherwise.
	Decision Decision `json:"decision"`
	// Reasons say why, one line each: deny reasons first, then warnings,
	// then notices (expired or unused exceptions).
	Reasons []string `json:"reasons"`
	// Findings: one per (rule, component), fail first, then warn, then
	// info; within a severity in document order.
	Findings   []Finding         `json:"findings"`
	Limits     []LimitResult     `json:"limits"`
	Exceptions []ExceptionResult `json:"exceptions"`
	Summary    Summary           `json:"summary"`
	// Problems are the document's structural problems, passed through.
	Problems []sbom.Problem `json:"problems"`
	// Resolutions lists every component's outcome, in document order,
	// when EvalOptions.Resolutions asked for it.
	Resolutions []Resolution `json:"resolutions,omitempty"`
	// Provenance is what Gate proved about where the release came from;
	// nil for an origin-only evaluation (Evaluate, fwprov check).
	Provenance *Provenance `json:"provenance,omitempty"`
}

// PolicyRef names the policy a verdict was computed with.
type PolicyRef struct {
	Name   string `json:"name"`
	Source string `json:"source"`
}

// DocumentRef names the document a verdict is about.
type DocumentRef struct {
	Source      string        `json:"source"`
	Format      sbom.Format   `json:"format"`
	SpecVersion string        `json:"specVersion,omitempty"`
	SHA256      string        `json:"sha256,omitempty"`
	Root        *ComponentRef `json:"root,omitempty"`
	Components  int           `json:"components"`
}

// ComponentRef identifies a component of the document.
type ComponentRef struct {
	BOMRef  string `json:"bom-ref,omitempty"`
	Name    string `json:"name"`
	Group   string `json:"group,omitempty"`
	Version string `json:"version,omitempty"`
	PURL    string `json:"purl,omitempty"`
	Type    string `json:"type,omitempty"`
	// Index is the position in the document's depth-first component order
	// (the root is 0 when present).
	Index int `json:"index"`
	// Label is "group/name@version" for messages.
	Label string `json:"label"`
}

// EntityRef names a catalog entity and the sources it rests on.
type EntityRef struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Country string   `json:"country,omitempty"`
	Tags    []string `json:"tags,omitempty"`
	Sources []Source `json:"sources,omitempty"`
}

// EvidenceItem is one piece of origin evidence as a finding shows it.
type EvidenceItem struct {
	Field      sbom.Field `json:"field"`
	Kind       sbom.Kind  `json:"kind"`
	Raw        string     `json:"raw"`
	Normalized string     `json:"normalized,omitempty"`
	Inherited  bool       `json:"inherited,omitempty"`
	From       string     `json:"from,omitempty"`
	// Entity is the catalog entity this item names (the most specific when
	// it names a family); nil for an organisation outside the catalog and
	// for countries.
	Entity *EntityRef `json:"entity,omitempty"`
}

// AppliedException is the exception a finding was waived by (or, in
// ExpiredException, would have been).
type AppliedException struct {
	ID       string `json:"id,omitempty"`
	Reason   string `json:"reason"`
	Expires  Date   `json:"expires"`
	Ticket   string `json:"ticket,omitempty"`
	Approver string `json:"approver,omitempty"`
}

// Finding is one rule matching one component.
type Finding struct {
	Rule        string       `json:"rule"`
	Severity    Severity     `json:"severity"`
	Description string       `json:"description,omitempty"`
	Component   ComponentRef `json:"component"`
	// ContainmentPath lists the labels of the enclosing components, the
	// firmware root first and the component last.
	ContainmentPath []string `json:"containmentPath"`
	// DependencyPath is a shortest path over the dependency graph from the
	// root to the component (labels); empty when unreachable.
	DependencyPath []string `json:"dependencyPath,omitempty"`
	// Origin is the component's resolution outcome.
	Origin Outcome `json:"origin"`
	// Entity is the resolved entity; for a conflict, Claimed lists every
	// catalog entity the evidence names.
	Entity  *EntityRef  `json:"entity,omitempty"`
	Claimed []EntityRef `json:"claimed,omitempty"`
	// Evidence is what the outcome rests on (inherited items are marked).
	Evidence []EvidenceItem `json:"evidence"`
	// Exception is set when an exception waives this finding: it then
	// neither denies nor counts in the severity summary.
	Exception *AppliedException `json:"exception,omitempty"`
	// ExpiredException is an exception that matched but had expired.
	ExpiredException *AppliedException `json:"expiredException,omitempty"`
	// Error is set when the rule's expression could not be evaluated on
	// this component; the rule then counts as matched (fail closed).
	Error string `json:"error,omitempty"`
	// Message is a one-line summary: the component and the evidence.
	Message string `json:"message"`
}

// Waived reports whether an exception covers the finding.
func (f *Finding) Waived() bool { return f.Exception != nil }

// LimitResult is one limit's measurement.
type LimitResult struct {
	ID          string             `json:"id"`
	Description string             `json:"description,omitempty"`
	Severity    Severity           `json:"severity"`
	Entity      EntitySelector     `json:"entity"`
	Scope       *ComponentSelector `json:"scope,omitempty"`
	// Count is the number of components in scope attributable to the
	// selected entities (resolved to one, or a conflict naming one); Total
	// is the number of components in scope.
	Count    int      `json:"count"`
	Total    int      `json:"total"`
	Share    float64  `json:"share"`
	MaxShare *float64 `json:"maxShare,omitempty"`
	MaxCount *int     `json:"maxCount,omitempty"`
	Exceeded bool     `json:"exceeded"`
}

// ExceptionStatus says what became of an exception.
type ExceptionStatus string

// Exception statuses.
const (
	ExceptionApplied ExceptionStatus = "applied"
	ExceptionExpired ExceptionStatus = "expired"
	ExceptionUnused  ExceptionStatus = "unused"
)

// ExceptionResult reports one exception of the policy.
type ExceptionResult struct {
	ID      string          `json:"id,omitempty"`
	Rule    string          `json:"rule"`
	Match   ExceptionMatch  `json:"match"`
	Expires Date            `json:"expires"`
	Reason  string          `json:"reason"`
	Ticket  string          `json:"ticket,omitempty"`
	Status  ExceptionStatus `json:"status"`
	// Count is the number of findings it waived (applied) or would have
	// waived (expired).
	Count int `json:"count"`
}

// Summary counts the verdict.
type Summary struct {
	Components int `json:"components"`
	// Findings counts findings not waived by an exception, by severity.
	Findings map[Severity]int `json:"findings"`
	// Waived counts findings an exception waived.
	Waived int `json:"waived"`
	// Origins counts components by resolution outcome.
	Origins map[Outcome]int `json:"origins"`
	// Entities counts resolved components per catalog entity, most first.
	Entities []EntityCount `json:"entities,omitempty"`
	// Inherited counts components whose outcome rests on inherited
	// evidence.
	Inherited int `json:"inherited"`
}

// EntityCount is the number of components resolved to one entity.
type EntityCount struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Resolution is one component's origin outcome.
type Resolution struct {
	Component ComponentRef `json:"component"`
	Origin    Outcome      `json:"origin"`
	// Entities is the resolved entity, or the catalog entities a conflict
	// names (most specific of each family line).
	Entities  []string `json:"entities,omitempty"`
	Inherited bool     `json:"inherited,omitempty"`
	Countries []string `json:"countries,omitempty"`
}
