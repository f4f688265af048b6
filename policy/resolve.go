package policy

import (
	"github.com/fwprov/fwprov/policy/identity"
	"github.com/fwprov/fwprov/sbom"
)

// group classifies evidence fields by what they claim (sbom.Field.Claim).
type group uint8

const (
	// groupDeclared: who supplied or made the component (supplier.*,
	// manufacturer.*, a service's provider.*, and for the firmware root
	// the BOM metadata's supplier and manufacturer). This is the
	// component's label.
	groupDeclared group = iota
	// groupPackage: what the component is (purl namespace, CPE vendor,
	// SWID entity, evidence.identity).
	groupPackage
	// groupAttribution: who wrote parts of it or where it is described
	// (authors, publisher, group, copyright holders, external references,
	// licensing parties, pedigree commits, annotators, tools, ...). It can
	// name a catalog entity but never contradicts one.
	groupAttribution
)

func groupOf(f sbom.Field) group {
	switch f.Claim() {
	case sbom.ClaimLabel:
		return groupDeclared
	case sbom.ClaimIdentity:
		return groupPackage
	}
	return groupAttribution
}

// item is one evidence item with its catalog match.
type item struct {
	ev *sbom.Evidence
	m  *identity.Match
}

// claims reports whether the item names an organisation: a catalog entity,
// or a usable, non-neutral value.
func (it item) claims() bool {
	return len(it.m.Entries) > 0 || it.m.Usable && !it.m.Neutral
}

// resolution is the outcome for one component.
type resolution struct {
	outcome Outcome
	// entity is the resolved entity (most specific of its family), or -1.
	entity int
	// claimed lists the entities a conflict involves (most specific of each
	// family), or [entity] when resolved.
	claimed []int
	// items is the evidence considered: the component's own, or, when it
	// has no usable own evidence, the inherited.
	items     []item
	inherited bool
	countries []string
}

// resolver resolves components against a catalog, caching one match per
// distinct evidence value (one map per kind, keyed by the value). It is not
// safe for concurrent use.
type resolver struct {
	cat                                  *identity.Catalog
	doc                                  *sbom.Document
	names, persons, domains, purls, cpes map[string]*identity.Match
	empty                                identity.Match
	// own and inh are reused between components: a resolution's items are
	// valid until the next resolve call.
	own, inh []item
}

func newResolver(cat *identity.Catalog, doc *sbom.Document) *resolver {
	return &resolver{cat: cat, doc: doc,
		names: make(map[string]*identity.Match, 1024), persons: make(map[string]*identity.Match, 256),
		domains: make(map[string]*identity.Match, 256),
		purls:   make(map[string]*identity.Match, 256), cpes: make(map[string]*identity.Match, 64)}
}

func (r *resolver) match(ev *sbom.Evidence) *identity.Match {
	var cache map[string]*identity.Match
	person := false
	switch ev.Kind {
	case sbom.KindName:
		cache = r.names
		// Fields that hold people as often as organisations (authors,
		// contacts, commit authors, individuals): only a whole-name match
		// counts there ("Zhang Dahua" is not Dahua) — unless the entry is
		// evidently an organisation's (it carries an e-mail address or a
		// URL, SPDX says "Organization:", or the name ends in a legal-form
		// suffix), which is then matched by tokens like every other
		// organisation name.
		if ev.Person && !ev.Org {
			cache, person = r.persons, true
		}
	case sbom.KindDomain:
		cache = r.domains
	case sbom.KindPURL:
		cache = r.purls
	case sbom.KindCPE:
		cache = r.cpes
	default:
		return &r.empty // countries and kinds the catalog does not resolve
	}
	if m, ok := cache[ev.Value]; ok {
		return m
	}
	v := ev.Value
	if v == "" {
		v = ev.Raw
	}
	var m identity.Match
	if person && !hasLegalSuffix(v) {
		m = r.cat.LookupWholeName(v)
	} else {
		m = r.cat.Lookup(identity.Kind(ev.Kind), v)
	}
	cache[ev.Value] = &m
	return &m
}

func (r *resolver) items(buf []item, evs []sbom.Evidence) []item {
	buf = buf[:0]
	for i := range evs {
		buf = append(buf, item{ev: &evs[i], m: r.match(&evs[i])})
	}
	return buf
}

// resolve decides a component's outcome. Own evidence decides whenever it
// claims anything; inherited evidence is consulted only when the own
// evidence claims nothing at all, so it can never hide an own conflict
// (nor override an own unlisted origin).
func (r *resolver) resolve(c *sbom.Component) resolution {
	r.own = r.items(r.own, c.Evidence)
	res := r.decide(r.own)
	if res.outcome == OutcomeUnknown {
		if inh := r.doc.InheritedEvidence(c); len(inh) > 0 {
			r.inh = r.items(r.inh, inh)
			ir := r.decide(r.inh)
			if ir.outcome != OutcomeUnknown {
				ir.inherited = true
				res = ir
			}
		}
	}
	if c.EvidenceIncomplete {
		res = incomplete(res)
	}
	res.countries = r.countries(res)
	return res
}

// incomplete applies the rule for a component whose evidence could not be
// read completely (a limit stopped extraction, or a value could not be
// decoded: sbom.Component.EvidenceIncomplete): its origin is never
// cleaner than unknown. What was read and names no catalog entity gives
// unknown (not unlisted); what names catalog entities gives a conflict
// among them, so that a listed entity found anyway still counts (entity
// selectors match a conflict by every entity it names) and nothing
// resolves cleanly to one entity while part of the evidence is unread.
func incomplete(res resolution) resolution {
	switch res.outcome {
	case OutcomeUnlisted:
		res.outcome = OutcomeUnknown
	case OutcomeResolved:
		res.outcome = OutcomeConflict
		res.entity = -1
	}
	return res
}

// hasLegalSuffix reports whether a name ends in a legal-form designation
// (identity.LegalSuffixes: "Co., Ltd.", "GmbH", "有限公司", ...), which
// makes a name in a person field evidently an organisation's. Tokens
// strips trailing legal suffixes, but never past a last token; a trailing
// "0" token is never a suffix, so the tokens of name+" 0" are the
// unstripped tokens of name plus one.
func hasLegalSuffix(name string) bool {
	return len(identity.Tokens(name)) < len(identity.Tokens(name+" 0"))-1
}

// decide applies the outcome model to one set of evidence (see the package
// documentation, "Outcomes").
func (r *resolver) decide(items []item) resolution {
	res := resolution{outcome: OutcomeUnknown, entity: -1, items: items}
	var listed []int
	claimed := false
	for _, it := range items {
		if it.claims() {
			claimed = true
		}
		for _, e := range it.m.Entries {
			listed = appendUniq(listed, e)
		}
	}
	if !claimed {
		return res
	}
	if len(listed) == 0 {
		res.outcome = OutcomeUnlisted
		return res
	}
	// Keep the most specific entity of each family line.
	var minimal []int
	for _, e := range listed {
		covered := false
		for _, o := range listed {
			if o != e && r.cat.IsAncestor(e, o) {
				covered = true // e is an ancestor of o: o is more specific
				break
			}
		}
		if !covered {
			minimal = append(minimal, e)
		}
	}
	res.claimed = minimal
	if len(minimal) > 1 {
		res.outcome = OutcomeConflict
		return res
	}
	// One entity line. It is contradicted when the label (supplier or
	// manufacturer) names someone else: an organisation name outside the
	// catalog, or a domain outside the catalog while no label name vouches
	// for the entity; or when no label vouches for it at all and a package
	// identity names someone else.
	var declListed, declNameListed, declNameOther, declDomainOther, pkgOther bool
	for _, it := range items {
		if !it.claims() {
			continue
		}
		listedItem := len(it.m.Entries) > 0
		switch groupOf(it.ev.Field) {
		case groupDeclared:
			isName := it.ev.Kind == sbom.KindName
			switch {
			case listedItem:
				declListed = true
				declNameListed = declNameListed || isName
			case it.m.Neutral:
			case isName:
				declNameOther = true
			default:
				declDomainOther = true
			}
		case groupPackage:
			if !listedItem && !it.m.Neutral {
				pkgOther = true
			}
		}
	}
	if declNameOther || declDomainOther && !declNameListed || pkgOther && !declListed {
		res.outcome = OutcomeConflict
		return res
	}
	res.outcome = OutcomeResolved
	res.entity = minimal[0]
	return res
}

func appendUniq(s []int, v int) []int {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// countries collects the ISO 3166 codes of the considered evidence (the
// evaluator adds those of the entities involved).
func (r *resolver) countries(res resolution) []string {
	var out []string
	add := func(c string) {
		if c == "" {
			return
		}
		for _, x := range out {
			if x == c {
				return
			}
		}
		out = append(out, c)
	}
	for _, it := range res.items {
		if it.ev.Kind == sbom.KindCountry {
			add(it.ev.Value)
		}
	}
	return out
}
