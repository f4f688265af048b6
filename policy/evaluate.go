package policy

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fwprov/fwprov/sbom"
)

// EvalOptions tune Evaluate.
type EvalOptions struct {
	// Now is the time exceptions expire against; zero means time.Now().
	Now time.Time
	// Resolutions asks for Verdict.Resolutions: every component's outcome
	// (for inventories; off by default, as it is one entry per component).
	Resolutions bool
}

// Evaluate resolves the origin of every component of doc (the firmware
// root included), applies the policy's rules, limits and exceptions, and
// returns the verdict. It fails only on bad arguments or a cancelled
// context; everything about the document is in the verdict.
func Evaluate(ctx context.Context, doc *sbom.Document, p *Policy, opts EvalOptions) (*Verdict, error) {
	if doc == nil {
		return nil, errors.New("policy: evaluate: no document")
	}
	if p == nil || p.catalog == nil {
		return nil, fmt.Errorf("policy: evaluate %s: policy not loaded (use Load, Parse or Preset)", doc.Source)
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	e := &evaluator{
		ctx: ctx, doc: doc, p: p, now: now.UTC(),
		r:       newResolver(p.catalog, doc),
		withRes: opts.Resolutions,
		refs:    make([]*EntityRef, len(p.Entities)),
		limits:  make([]LimitResult, len(p.Limits)),
		excs:    make([]ExceptionResult, len(p.Exceptions)),
		perEnt:  make([]int, len(p.Entities)),
		origins: map[Outcome]int{},
	}
	for i := range doc.Components {
		if i&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("policy: evaluate %s: %w", doc.Source, err)
			}
		}
		e.component(doc.Components[i])
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("policy: evaluate %s: %w", doc.Source, err)
	}
	return e.verdict(), nil
}

type evaluator struct {
	ctx context.Context
	doc *sbom.Document
	p   *Policy
	now time.Time
	r   *resolver

	refs     []*EntityRef
	findings []Finding
	limits   []LimitResult
	excs     []ExceptionResult
	perEnt   []int
	origins  map[Outcome]int
	inherit  int
	withRes  bool
	res      []Resolution
}

func (e *evaluator) component(c *sbom.Component) {
	res := e.r.resolve(c)
	for _, x := range res.claimed {
		if co := e.entityCountry(x); co != "" && !slices.Contains(res.countries, co) {
			res.countries = append(res.countries, co)
		}
	}
	e.origins[res.outcome]++
	if res.inherited {
		e.inherit++
	}
	if res.outcome == OutcomeResolved {
		e.perEnt[res.entity]++
	}
	if e.withRes {
		rr := Resolution{Component: componentRef(c), Origin: res.outcome, Inherited: res.inherited, Countries: slices.Clone(res.countries)}
		for _, x := range res.claimed {
			rr.Entities = append(rr.Entities, e.p.Entities[x].ID)
		}
		e.res = append(e.res, rr)
	}
	var vars map[string]any
	for i := range e.p.Rules {
		r := &e.p.Rules[i]
		ok, evalErr := e.matches(r, c, &res, &vars)
		if ok {
			e.addFinding(r, c, &res, evalErr)
		}
	}
	for i := range e.p.Limits {
		l := &e.p.Limits[i]
		if l.Scope != nil && !componentMatches(l.Scope, c) {
			continue
		}
		e.limits[i].Total++
		if selects(l.entSel, &res) {
			e.limits[i].Count++
		}
	}
}

// entityCountry is the country of an entity or of its nearest ancestor
// that has one.
func (e *evaluator) entityCountry(i int) string {
	for _, a := range e.p.catalog.Ancestry(i) {
		if c := e.p.Entities[a].Country; c != "" {
			return c
		}
	}
	return ""
}

// selects reports whether an entity selection covers a resolution: the
// resolved entity, or any entity a conflict names.
func selects(sel []bool, res *resolution) bool {
	for _, x := range res.claimed {
		if sel[x] {
			return true
		}
	}
	return false
}

func (e *evaluator) matches(r *Rule, c *sbom.Component, res *resolution, vars *map[string]any) (bool, string) {
	w := &r.When
	if w.Entity != nil && !selects(r.entSel, res) {
		return false, ""
	}
	if len(w.Origin) > 0 && !slices.Contains(w.Origin, res.outcome) {
		return false, ""
	}
	if len(w.Country) > 0 && !slices.ContainsFunc(res.countries, func(c string) bool { return slices.Contains(w.Country, c) }) {
		return false, ""
	}
	if w.Component != nil && !componentMatches(w.Component, c) {
		return false, ""
	}
	if r.prog == nil {
		return true, ""
	}
	if *vars == nil {
		*vars = e.exprVars(c, res)
	}
	ok, err := evalExpr(e.ctx, r.prog, *vars)
	if err != nil {
		return true, "expression failed (rule counts as matched): " + err.Error()
	}
	return ok, ""
}

// purlType returns the type of a package URL, lower case.
func purlType(p string) string {
	p = strings.TrimSpace(p)
	if len(p) < 4 || !strings.EqualFold(p[:4], "pkg:") {
		return ""
	}
	t, _, _ := strings.Cut(strings.TrimLeft(p[4:], "/"), "/")
	return strings.ToLower(t)
}

func componentMatches(s *ComponentSelector, c *sbom.Component) bool {
	if len(s.Type) > 0 && !slices.ContainsFunc(s.Type, func(t string) bool { return strings.EqualFold(t, c.Type) }) {
		return false
	}
	if len(s.PURLType) > 0 {
		pt := purlType(c.PURL)
		if !slices.ContainsFunc(s.PURLType, func(t string) bool { return strings.EqualFold(t, pt) }) {
			return false
		}
	}
	if s.Name != "" && !globMatch(s.Name, c.Name) {
		return false
	}
	if s.Group != "" && !globMatch(s.Group, c.Group) {
		return false
	}
	if s.MinDepth != nil && c.Depth < *s.MinDepth || s.MaxDepth != nil && c.Depth > *s.MaxDepth {
		return false
	}
	if pr := s.Property; pr != nil {
		v, ok := c.PropertyValue(pr.Name)
		if len(pr.NotIn) > 0 {
			return !ok || !slices.Contains(pr.NotIn, v)
		}
		if !ok {
			return false
		}
		if len(pr.In) > 0 && !slices.Contains(pr.In, v) {
			return false
		}
		if pr.Equals != nil && v != *pr.Equals {
			return false
		}
	}
	return true
}

func (e *evaluator) entityRef(i int) *EntityRef {
	if e.refs[i] == nil {
		en := &e.p.Entities[i]
		e.refs[i] = &EntityRef{ID: en.ID, Name: en.Name, Country: e.entityCountry(i), Tags: en.Tags, Sources: en.Sources}
	}
	return e.refs[i]
}

func componentRef(c *sbom.Component) ComponentRef {
	return ComponentRef{BOMRef: c.Ref, Name: c.Name, Group: c.Group, Version: c.Version, PURL: c.PURL, Type: c.Type, Index: c.Index, Label: c.Label()}
}

func labels(cs []*sbom.Component) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Label()
	}
	return out
}

// mostSpecific picks, among the entities an item names, the most specific
// one (a descendant over its ancestors).
func (e *evaluator) mostSpecific(ents []int) int {
	best := ents[0]
	for _, x := range ents[1:] {
		if e.p.catalog.IsAncestor(best, x) {
			best = x
		}
	}
	return best
}

// relevant says whether an item belongs in a finding's evidence.
func (e *evaluator) relevant(it item, res *resolution) bool {
	if it.ev.Kind == sbom.KindCountry {
		return true
	}
	switch res.outcome {
	case OutcomeResolved:
		for _, x := range it.m.Entries {
			if e.p.catalog.IsAncestor(x, res.entity) || e.p.catalog.IsAncestor(res.entity, x) {
				return true
			}
		}
		return false
	case OutcomeConflict, OutcomeUnlisted:
		return it.claims()
	}
	// Unknown: show what there was (neutral or unusable values), so the
	// report says why nothing counted.
	return true
}

func (e *evaluator) addFinding(r *Rule, c *sbom.Component, res *resolution, evalErr string) {
	f := Finding{
		Rule: r.ID, Severity: r.Severity, Description: r.Description,
		Component:       componentRef(c),
		ContainmentPath: labels(c.ContainmentPath()),
		DependencyPath:  labels(e.doc.DependencyPath(c)),
		Origin:          res.outcome,
		Error:           evalErr,
		Evidence:        []EvidenceItem{},
	}
	switch res.outcome {
	case OutcomeResolved:
		f.Entity = e.entityRef(res.entity)
	case OutcomeConflict:
		for _, x := range res.claimed {
			f.Claimed = append(f.Claimed, *e.entityRef(x))
		}
	}
	for _, it := range res.items {
		if !e.relevant(it, res) {
			continue
		}
		ei := EvidenceItem{Field: it.ev.Field, Kind: it.ev.Kind, Raw: it.ev.Raw, Normalized: it.m.Normalized,
			Inherited: it.ev.Inherited, From: it.ev.From}
		if it.ev.Kind == sbom.KindCountry {
			ei.Normalized = it.ev.Value
		}
		if len(it.m.Entries) > 0 {
			ei.Entity = e.entityRef(e.mostSpecific(it.m.Entries))
		}
		f.Evidence = append(f.Evidence, ei)
	}
	f.Message = message(&f)
	e.applyExceptions(&f, c)
	e.findings = append(e.findings, f)
}

// message summarises a finding in one line.
func message(f *Finding) string {
	var b strings.Builder
	b.WriteString(f.Component.Label)
	b.WriteString(": ")
	switch f.Origin {
	case OutcomeResolved:
		fmt.Fprintf(&b, "from %s (%s)", f.Entity.ID, f.Entity.Name)
	case OutcomeConflict:
		ids := make([]string, len(f.Claimed))
		for i, x := range f.Claimed {
			ids[i] = x.ID
		}
		fmt.Fprintf(&b, "conflicting origin (catalog: %s)", strings.Join(ids, ", "))
	case OutcomeUnlisted:
		b.WriteString("origin outside the catalog")
	case OutcomeUnknown:
		b.WriteString("no usable origin evidence")
	}
	sep := " by "
	if f.Origin == OutcomeUnknown {
		sep = "; only "
	}
	for _, ev := range f.Evidence {
		if ev.Kind == sbom.KindCountry {
			continue
		}
		b.WriteString(sep)
		sep = ", "
		fmt.Fprintf(&b, "%s %q", ev.Field, ev.Raw)
		switch {
		case ev.Entity != nil:
			fmt.Fprintf(&b, " → %s", ev.Entity.ID)
		case f.Origin == OutcomeConflict:
			b.WriteString(" → not in catalog")
		}
		if ev.Inherited {
			fmt.Fprintf(&b, " (inherited from %s)", ev.From)
		}
	}
	if f.Error != "" {
		b.WriteString("; ")
		b.WriteString(f.Error)
	}
	return b.String()
}

// expired reports whether an exception has expired: it is valid through
// the end of its expires day, UTC.
func (e *evaluator) expired(x *Exception) bool {
	return !e.now.Before(x.Expires.Time().Add(24 * time.Hour))
}

func exceptionMatches(m *ExceptionMatch, c *sbom.Component) bool {
	if m.BOMRef != "" && m.BOMRef != c.Ref {
		return false
	}
	if m.PURL != "" && !globMatch(m.PURL, c.PURL) {
		return false
	}
	if m.Name != "" && !globMatch(m.Name, c.Name) {
		return false
	}
	return true
}

func applied(x *Exception) *AppliedException {
	return &AppliedException{ID: x.ID, Reason: x.Reason, Expires: x.Expires, Ticket: x.Ticket, Approver: x.Approver}
}

func (e *evaluator) applyExceptions(f *Finding, c *sbom.Component) {
	for i := range e.p.Exceptions {
		x := &e.p.Exceptions[i]
		if x.Rule != f.Rule || !exceptionMatches(&x.Match, c) {
			continue
		}
		e.excs[i].Count++
		if e.expired(x) {
			if f.ExpiredException == nil {
				f.ExpiredException = applied(x)
			}
			continue
		}
		f.Exception = applied(x)
		return
	}
}

func (e *evaluator) verdict() *Verdict {
	doc, p := e.doc, e.p
	v := &Verdict{
		SchemaVersion: VerdictSchemaVersion,
		Policy:        PolicyRef{Name: p.Name, Source: p.Source},
		Document: DocumentRef{Source: doc.Source, Format: doc.Format, SpecVersion: doc.SpecVersion, SHA256: doc.SHA256,
			Components: len(doc.Components)},
		EvaluatedAt: e.now,
		Problems:    doc.Problems,
		Reasons:     []string{},
	}
	if doc.Root != nil {
		r := componentRef(doc.Root)
		v.Document.Root = &r
	}
	if v.Problems == nil {
		v.Problems = []sbom.Problem{}
	}
	slices.SortStableFunc(e.findings, func(a, b Finding) int {
		if c := cmp.Compare(a.Severity.rank(), b.Severity.rank()); c != 0 {
			return c
		}
		return cmp.Compare(a.Component.Index, b.Component.Index)
	})
	v.Findings = e.findings
	if v.Findings == nil {
		v.Findings = []Finding{}
	}

	// Summary.
	v.Summary = Summary{Components: len(doc.Components), Findings: map[Severity]int{SeverityFail: 0, SeverityWarn: 0, SeverityInfo: 0},
		Origins: map[Outcome]int{}, Inherited: e.inherit}
	for _, o := range Outcomes {
		v.Summary.Origins[o] = e.origins[o]
	}
	type ruleCount struct {
		n     int
		first *Finding
	}
	perRule := map[string]*ruleCount{}
	for i := range v.Findings {
		f := &v.Findings[i]
		if f.Waived() {
			v.Summary.Waived++
			continue
		}
		v.Summary.Findings[f.Severity]++
		rc := perRule[f.Rule]
		if rc == nil {
			rc = &ruleCount{first: f}
			perRule[f.Rule] = rc
		}
		rc.n++
	}
	for i, n := range e.perEnt {
		if n > 0 {
			v.Summary.Entities = append(v.Summary.Entities, EntityCount{ID: p.Entities[i].ID, Name: p.Entities[i].Name, Count: n})
		}
	}
	slices.SortFunc(v.Summary.Entities, func(a, b EntityCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})

	// Limits.
	for i := range p.Limits {
		l := &p.Limits[i]
		lr := &e.limits[i]
		lr.ID, lr.Description, lr.Severity, lr.Entity, lr.Scope = l.ID, l.Description, l.Severity, l.Entity, l.Scope
		lr.MaxShare, lr.MaxCount = l.MaxShare, l.MaxCount
		if lr.Total > 0 {
			lr.Share = float64(lr.Count) / float64(lr.Total)
		}
		lr.Exceeded = l.MaxShare != nil && lr.Share > *l.MaxShare || l.MaxCount != nil && lr.Count > *l.MaxCount
	}
	v.Limits = e.limits

	// Exceptions.
	for i := range p.Exceptions {
		x := &p.Exceptions[i]
		er := &e.excs[i]
		er.ID, er.Rule, er.Match, er.Expires, er.Reason, er.Ticket = x.ID, x.Rule, x.Match, x.Expires, x.Reason, x.Ticket
		switch {
		case e.expired(x):
			er.Status = ExceptionExpired
		case er.Count > 0:
			er.Status = ExceptionApplied
		default:
			er.Status = ExceptionUnused
		}
	}
	v.Exceptions = e.excs
	v.Resolutions = e.res

	// Decision and reasons: deny reasons, then warnings, then notices.
	deny := false
	var warns, notices []string
	if len(doc.Components) == 0 {
		deny = true
		v.Reasons = append(v.Reasons, "deny: the document lists no components: there is nothing to judge")
	}
	for _, sev := range []Severity{SeverityFail, SeverityWarn, SeverityInfo} {
		for i := range p.Rules {
			r := &p.Rules[i]
			rc := perRule[r.ID]
			if r.Severity != sev || rc == nil {
				continue
			}
			line := fmt.Sprintf("rule %s (%s): %s; first: %s", r.ID, r.Severity, plural(rc.n, "component"), rc.first.Message)
			switch sev {
			case SeverityFail:
				deny = true
				v.Reasons = append(v.Reasons, "deny: "+line)
			case SeverityWarn:
				warns = append(warns, "warn: "+line)
			default:
				notices = append(notices, "info: "+line)
			}
		}
	}
	for _, lr := range v.Limits {
		if !lr.Exceeded {
			continue
		}
		var max string
		if lr.MaxShare != nil {
			max = fmt.Sprintf("maxShare %.1f%%", *lr.MaxShare*100)
		} else {
			max = fmt.Sprintf("maxCount %d", *lr.MaxCount)
		}
		line := fmt.Sprintf("limit %s (%s): %d of %s in scope (%.1f%%) attributable to %s exceed %s",
			lr.ID, lr.Severity, lr.Count, plural(lr.Total, "component"), lr.Share*100, selectorString(lr.Entity), max)
		switch lr.Severity {
		case SeverityFail:
			deny = true
			v.Reasons = append(v.Reasons, "deny: "+line)
		case SeverityWarn:
			warns = append(warns, "warn: "+line)
		default:
			notices = append(notices, "info: "+line)
		}
	}
	for _, er := range v.Exceptions {
		switch er.Status {
		case ExceptionExpired:
			notices = append(notices, fmt.Sprintf("notice: exception for rule %s (%s) expired on %s; %s no longer waived",
				er.Rule, er.Match, er.Expires, plural(er.Count, "finding")))
		case ExceptionUnused:
			notices = append(notices, fmt.Sprintf("notice: exception for rule %s (%s) matched no finding", er.Rule, er.Match))
		}
	}
	if v.Summary.Waived > 0 {
		notices = append(notices, fmt.Sprintf("notice: %s waived by exceptions", plural(v.Summary.Waived, "finding")))
	}
	v.Reasons = append(append(v.Reasons, warns...), notices...)
	v.Decision = Allow
	if deny {
		v.Decision = Deny
	}
	return v
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func selectorString(s EntitySelector) string {
	var parts []string
	if len(s.IDs) > 0 {
		parts = append(parts, "entities "+strings.Join(s.IDs, ", "))
	}
	if len(s.Tags) > 0 {
		parts = append(parts, "tags "+strings.Join(s.Tags, ", "))
	}
	return strings.Join(parts, " or ")
}

// exprVars builds the variables a CEL expression sees for one component.
func (e *evaluator) exprVars(c *sbom.Component, res *resolution) map[string]any {
	props := make(map[string]any, len(c.Properties))
	for _, pr := range c.Properties {
		if _, dup := props[pr.Name]; !dup {
			props[pr.Name] = pr.Value
		}
	}
	hashes := make([]any, len(c.Hashes))
	for i, h := range c.Hashes {
		hashes[i] = map[string]any{"alg": h.Algorithm, "content": h.Value}
	}
	comp := map[string]any{
		"bomRef": c.Ref, "name": c.Name, "group": c.Group, "version": c.Version, "type": c.Type,
		"purl": c.PURL, "purlType": purlType(c.PURL), "cpe": c.CPE, "depth": int64(c.Depth), "isRoot": c.IsRoot,
		"properties": props, "hashes": hashes,
	}
	ent := map[string]any{}
	if res.outcome == OutcomeResolved {
		en := &e.p.Entities[res.entity]
		var anc []string
		for _, a := range e.p.catalog.Ancestry(res.entity)[1:] {
			anc = append(anc, e.p.Entities[a].ID)
		}
		ent = map[string]any{"id": en.ID, "name": en.Name, "country": e.entityCountry(res.entity), "tags": stringsOrEmpty(en.Tags), "ancestors": stringsOrEmpty(anc)}
	}
	var ids []string
	for _, x := range res.claimed {
		for _, a := range e.p.catalog.Ancestry(x) {
			if id := e.p.Entities[a].ID; !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	evs := make([]any, len(res.items))
	for i, it := range res.items {
		id := ""
		if len(it.m.Entries) > 0 {
			id = e.p.Entities[e.mostSpecific(it.m.Entries)].ID
		}
		evs[i] = map[string]any{"field": string(it.ev.Field), "kind": string(it.ev.Kind), "raw": it.ev.Raw, "value": it.ev.Value,
			"normalized": it.m.Normalized, "inherited": it.ev.Inherited, "from": it.ev.From, "entity": id}
	}
	return map[string]any{
		"component": comp, "origin": string(res.outcome), "entity": ent,
		"entityIds": stringsOrEmpty(ids), "countries": stringsOrEmpty(res.countries), "evidence": evs,
	}
}

func stringsOrEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
