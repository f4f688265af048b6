package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/fwprov/fwprov/policy/identity"
)

// maxPolicyBytes bounds a policy file: policies are a few kilobytes; the
// bound keeps hostile input from costing more than a moment.
const maxPolicyBytes = 4 << 20

// maxValueLen bounds one catalog value (a name, alias, domain, purl or CPE
// vendor), in bytes.
const maxValueLen = 512

// maxExtendsDepth bounds chains of extends.
const maxExtendsDepth = 8

// Error is a policy file error: the file, the line (0 when unknown) and
// what is wrong. Error() is one line: "policy: FILE:LINE: what".
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("policy: %s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("policy: %s: %s", e.File, e.Msg)
}

// LoadOptions tune Parse.
type LoadOptions struct {
	// BaseDir is the folder relative paths in the policy (trust files, an
	// extended policy file) resolve from. Empty means the current folder.
	BaseDir string
}

// Load reads, validates and compiles a policy file. Relative paths inside
// it resolve from the file's folder.
func Load(path string) (*Policy, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, LoadOptions{BaseDir: filepath.Dir(path)})
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("policy: load %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPolicyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("policy: load %s: %w", path, err)
	}
	if len(data) > maxPolicyBytes {
		return nil, &Error{File: path, Msg: fmt.Sprintf("larger than %d bytes", maxPolicyBytes)}
	}
	return data, nil
}

// Parse decodes, validates and compiles a policy. name is used in errors
// and as Policy.Source.
func Parse(name string, data []byte, opts LoadOptions) (*Policy, error) {
	if len(data) > maxPolicyBytes {
		return nil, &Error{File: name, Msg: fmt.Sprintf("larger than %d bytes", maxPolicyBytes)}
	}
	p, err := parseTree(name, data, opts.BaseDir, 0)
	if err != nil {
		return nil, err
	}
	if err := p.compile(opts.BaseDir); err != nil {
		return nil, err
	}
	return p, nil
}

var lineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlError turns a decoder error into an *Error with the line.
func yamlError(file string, err error) *Error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	e := &Error{File: file, Msg: msg}
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		e.Msg = m[2]
	}
	if m := unknownFieldRE.FindStringSubmatch(e.Msg); m != nil {
		e.Msg = fmt.Sprintf("unknown field %q", m[1])
	}
	if m := typeRE.FindStringSubmatch(e.Msg); m != nil {
		e.Msg = fmt.Sprintf("cannot use %s as %s", m[1], m[2])
	}
	return e
}

var (
	unknownFieldRE = regexp.MustCompile(`^field (\S+) not found in type `)
	typeRE         = regexp.MustCompile(`^cannot unmarshal (.*) into (?:Go struct field )?\S+ of type (.*)$`)
)

// parseTree decodes one file strictly and merges what it extends.
func parseTree(name string, data []byte, baseDir string, depth int) (*Policy, error) {
	if depth > maxExtendsDepth {
		return nil, &Error{File: name, Msg: "extends nests too deep (a cycle?)"}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(name, err)
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil, &Error{File: name, Msg: "empty policy"}
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, &Error{File: name, Line: doc.Line, Msg: "a policy is a mapping (apiVersion, kind, entities, rules ...)"}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	p := &Policy{}
	if err := dec.Decode(p); err != nil {
		return nil, yamlError(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, &Error{File: name, Line: extra.Line, Msg: "more than one YAML document"}
	}
	at := func(keys ...any) pos { return pos{file: name, node: nodeAt(doc, keys...)} }
	if p.APIVersion != APIVersion {
		return nil, errAt(at("apiVersion"), "apiVersion %q is not supported (want %q)", p.APIVersion, APIVersion)
	}
	if p.Kind != "Policy" {
		return nil, errAt(at("kind"), "kind %q: want Policy", p.Kind)
	}
	p.Source = name
	for i := range p.Entities {
		p.Entities[i].at = at("entities", i)
	}
	for i := range p.Rules {
		p.Rules[i].at = at("rules", i)
	}
	for i := range p.Limits {
		p.Limits[i].at = at("limits", i)
	}
	for i := range p.Exceptions {
		p.Exceptions[i].at = at("exceptions", i)
	}
	if err := checkSourceTable(p.Sources, at); err != nil {
		return nil, err
	}
	if p.Trust != nil {
		p.Trust.at = at("trust")
		for i := range p.Trust.Signers {
			p.Trust.Signers[i].at = at("trust", "signers", i)
		}
		// Paths resolve from this file's folder, whoever extends it.
		p.Trust.TrustedRoot = resolvePath(baseDir, p.Trust.TrustedRoot)
		for i := range p.Trust.Signers {
			p.Trust.Signers[i].Key = resolvePath(baseDir, p.Trust.Signers[i].Key)
		}
	}
	var base *Policy
	if p.Extends != "" {
		b, err := loadBase(p.Extends, baseDir, depth)
		if err != nil {
			var pe *Error
			if errors.As(err, &pe) {
				return nil, err
			}
			return nil, errAt(at("extends"), "extends %q: %v", p.Extends, err)
		}
		base = b
	}
	return merge(base, p, baseDir, at("catalog"))
}

func resolvePath(baseDir, p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(baseDir, p)
}

// loadBase loads what extends names: a preset name, or a file path.
func loadBase(ref, baseDir string, depth int) (*Policy, error) {
	if data, err := presetData(ref); err == nil {
		return parseTree("preset:"+ref, data, "", depth+1)
	}
	if !strings.ContainsAny(ref, `/\`) && !strings.HasSuffix(ref, ".yaml") && !strings.HasSuffix(ref, ".yml") {
		return nil, fmt.Errorf("no preset of that name (presets: %s)", strings.Join(presetNames(), ", "))
	}
	path := resolvePath(baseDir, ref)
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return parseTree(path, data, filepath.Dir(path), depth+1)
}

// merge lays p over base (nil when p extends nothing): the base's
// entities come first, then those of the catalogs p includes, then p's
// own, which add new ids or change existing ones through override
// (replace, merge, remove); sources tables are united; a rule or limit
// with the id of a base one replaces it; exceptions are added; trust
// replaces the base's when given.
func merge(base, p *Policy, baseDir string, catalogAt pos) (*Policy, error) {
	out := *p
	out.Extends, out.CatalogRefs = "", nil
	acc := &Policy{Source: p.Source}
	baseSrc := "none"
	if base != nil {
		out.ExtendedFrom = append([]string{base.Source}, base.ExtendedFrom...)
		acc.Entities = slices.Clone(base.Entities)
		acc.Catalogs = slices.Clone(base.Catalogs)
		if err := addSources(acc, base.Sources); err != nil {
			return nil, err
		}
		baseSrc = base.Source
	}
	if err := includeCatalogs(acc, p.CatalogRefs, baseDir, catalogAt); err != nil {
		return nil, err
	}
	if err := addSources(acc, p.Sources); err != nil {
		return nil, err
	}
	if len(acc.Catalogs) > 0 {
		baseSrc = strings.Join(append([]string{baseSrc}, acc.Catalogs...), ", ")
	}
	ents, err := overlayEntities(acc.Entities, p.Entities, baseSrc)
	if err != nil {
		return nil, err
	}
	out.Entities, out.Sources, out.Catalogs = ents, acc.Sources, acc.Catalogs
	if base == nil {
		return &out, nil
	}
	out.Rules = slices.Clone(base.Rules)
	for _, r := range p.Rules {
		if i := slices.IndexFunc(out.Rules, func(x Rule) bool { return x.ID == r.ID }); i >= 0 {
			out.Rules[i] = r
		} else {
			out.Rules = append(out.Rules, r)
		}
	}
	out.Limits = slices.Clone(base.Limits)
	for _, l := range p.Limits {
		if i := slices.IndexFunc(out.Limits, func(x Limit) bool { return x.ID == l.ID }); i >= 0 {
			out.Limits[i] = l
		} else {
			out.Limits = append(out.Limits, l)
		}
	}
	out.Exceptions = append(slices.Clone(base.Exceptions), p.Exceptions...)
	if out.Trust == nil {
		out.Trust = base.Trust
	}
	if out.Description == "" {
		out.Description = base.Description
	}
	return &out, nil
}

// nodeAt walks a mapping/sequence tree by keys (string) and indexes (int)
// and returns the deepest node reached (the key node for a mapping entry,
// so the line is where the key is written).
func nodeAt(n *yaml.Node, keys ...any) *yaml.Node {
	cur := n
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			if cur.Kind != yaml.MappingNode {
				return cur
			}
			found := false
			for i := 0; i+1 < len(cur.Content); i += 2 {
				if cur.Content[i].Value == k {
					cur = cur.Content[i+1]
					found = true
					break
				}
			}
			if !found {
				return cur
			}
		case int:
			if cur.Kind != yaml.SequenceNode || k >= len(cur.Content) {
				return cur
			}
			cur = cur.Content[k]
		}
	}
	return cur
}

// field returns the position of a field inside an element (or the element).
func (p pos) field(keys ...any) pos {
	if p.node == nil {
		return p
	}
	return pos{file: p.file, node: nodeAt(p.node, keys...)}
}

func errAt(p pos, format string, args ...any) *Error {
	e := &Error{File: p.file, Msg: fmt.Sprintf(format, args...)}
	if p.node != nil {
		e.Line = p.node.Line
	}
	return e
}

// compile validates the merged policy and builds the catalog, selectors
// and expressions.
func (p *Policy) compile(baseDir string) error {
	if p.Name == "" {
		p.Name = strings.TrimSuffix(strings.TrimSuffix(filepath.Base(p.Source), ".yaml"), ".yml")
	}
	if err := p.compileEntities(); err != nil {
		return err
	}
	tags := map[string]bool{}
	for _, e := range p.Entities {
		for _, t := range e.Tags {
			tags[t] = true
		}
	}
	ids := map[string]pos{}
	for i := range p.Rules {
		r := &p.Rules[i]
		if err := p.compileRule(r, tags); err != nil {
			return err
		}
		if prev, dup := ids[r.ID]; dup {
			return errAt(r.at.field("id"), "duplicate rule id %q (first at %s:%d)", r.ID, prev.file, prev.node.Line)
		}
		ids[r.ID] = r.at
	}
	for i := range p.Limits {
		l := &p.Limits[i]
		if err := p.compileLimit(l, tags); err != nil {
			return err
		}
		if prev, dup := ids[l.ID]; dup {
			return errAt(l.at.field("id"), "duplicate rule/limit id %q (first at %s:%d)", l.ID, prev.file, prev.node.Line)
		}
		ids[l.ID] = l.at
	}
	excIDs := map[string]bool{}
	for i := range p.Exceptions {
		x := &p.Exceptions[i]
		if err := p.checkException(x); err != nil {
			return err
		}
		if x.ID != "" {
			if excIDs[x.ID] {
				return errAt(x.at.field("id"), "duplicate exception id %q", x.ID)
			}
			excIDs[x.ID] = true
		}
	}
	if p.Trust != nil {
		if err := p.checkTrust(); err != nil {
			return err
		}
	}
	return nil
}

func (p *Policy) compileEntities() error {
	p.entityIx = make(map[string]int, len(p.Entities))
	for i := range p.Entities {
		e := &p.Entities[i]
		if !idPattern.MatchString(e.ID) {
			return errAt(e.at.field("id"), "entity id %q: want lower-case letters, digits, '.', '_', '-'", e.ID)
		}
		if j, dup := p.entityIx[e.ID]; dup {
			return errAt(e.at.field("id"), "duplicate entity id %q (first at %s:%d)", e.ID, p.Entities[j].at.file, p.Entities[j].at.line())
		}
		p.entityIx[e.ID] = i
		if e.Override != "" {
			return errAt(e.at.field("override"), "entity %q: override %s, but no included catalog or extended policy defines it", e.ID, e.Override)
		}
		if strings.TrimSpace(e.Name) == "" {
			return errAt(e.at, "entity %q has no name", e.ID)
		}
		if len(e.Name) > maxValueLen {
			return errAt(e.at.field("name"), "entity %q: name value longer than %d bytes", e.ID, maxValueLen)
		}
		if e.Country != "" && !countryPattern.MatchString(e.Country) {
			return errAt(e.at.field("country"), "entity %q: country %q is not an ISO 3166-1 alpha-2 code", e.ID, e.Country)
		}
		for _, l := range e.factLists() {
			for j, f := range l.facts {
				if len(f.Value) > maxValueLen {
					return errAt(e.factPos(l.key, j), "entity %q: %s value longer than %d bytes", e.ID, l.key, maxValueLen)
				}
			}
		}
	}
	if err := p.resolveSources(); err != nil {
		return err
	}
	entries := make([]identity.Entry, len(p.Entities))
	for i := range p.Entities {
		e := &p.Entities[i]
		parent := -1
		if e.Parent != "" {
			j, ok := p.entityIx[e.Parent]
			if !ok {
				return errAt(e.at.field("parent"), "entity %q: parent %q is not an entity", e.ID, e.Parent)
			}
			parent = j
		}
		entries[i] = identity.Entry{ID: e.ID, Names: append([]string{e.Name}, e.Aliases.Values()...), Domains: e.Domains.Values(),
			PURLs: e.PURL.Values(), CPEs: e.CPE.Values(), Parent: parent}
	}
	// Parent cycles.
	for i := range entries {
		seen := map[int]bool{}
		for j := i; j >= 0; j = entries[j].Parent {
			if seen[j] {
				e := &p.Entities[i]
				return errAt(e.at.field("parent"), "entity %q: parent cycle through %q", e.ID, p.Entities[j].ID)
			}
			seen[j] = true
		}
	}
	c, err := identity.NewCatalog(entries)
	if err != nil {
		var dup *identity.DuplicateError
		var inv *identity.InvalidError
		switch {
		case errors.As(err, &dup):
			e := &p.Entities[dup.Entry]
			return errAt(e.valuePos(dup.Kind, dup.Value), "entity %q: %s %q also names entity %q", e.ID, dup.Kind, dup.Value, p.Entities[dup.Other].ID)
		case errors.As(err, &inv):
			e := &p.Entities[inv.Entry]
			return errAt(e.valuePos(inv.Kind, inv.Value), "entity %q: %v", e.ID, inv)
		}
		return &Error{File: p.Source, Msg: err.Error()}
	}
	p.catalog = c
	return p.checkCatalogFields()
}

// valuePos finds where a catalog value of an entity was written.
func (e *Entity) valuePos(k identity.Kind, v string) pos {
	key := ""
	var list Facts
	switch k {
	case identity.KindName:
		if v == e.Name {
			return e.at.field("name")
		}
		key, list = "aliases", e.Aliases
	case identity.KindDomain:
		key, list = "domains", e.Domains
	case identity.KindPURL:
		key, list = "purl", e.PURL
	case identity.KindCPE:
		key, list = "cpe", e.CPE
	default:
		return e.at
	}
	if i := list.index(v); i >= 0 {
		return e.factPos(key, i)
	}
	return e.at.field(key)
}

// entitySelection precompiles an entity selector into a per-entity table.
func (p *Policy) entitySelection(s *EntitySelector, at pos, tags map[string]bool) ([]bool, error) {
	if len(s.IDs) == 0 && len(s.Tags) == 0 {
		return nil, errAt(at, "entity selector needs ids or tags")
	}
	for i, id := range s.IDs {
		if _, ok := p.entityIx[id]; !ok {
			return nil, errAt(at.field("ids", i), "entity %q is not in the catalog", id)
		}
	}
	for i, t := range s.Tags {
		if !tags[t] {
			return nil, errAt(at.field("tags", i), "no entity carries tag %q", t)
		}
	}
	sel := make([]bool, len(p.Entities))
	for i := range p.Entities {
		family := p.catalog.Ancestry(i)
		if s.IncludeDivested {
			family = append(slices.Clone(family), p.formerFamily(i)...)
		}
		for _, a := range family {
			e := &p.Entities[a]
			if slices.Contains(s.IDs, e.ID) || slices.ContainsFunc(e.Tags, func(t string) bool { return slices.Contains(s.Tags, t) }) {
				sel[i] = true
				break
			}
		}
	}
	return sel, nil
}

func checkComponentSelector(c *ComponentSelector, at pos) error {
	if c.Name != "" {
		if err := checkGlob(c.Name); err != nil {
			return errAt(at.field("name"), "name glob %q: %v", c.Name, err)
		}
	}
	if c.Group != "" {
		if err := checkGlob(c.Group); err != nil {
			return errAt(at.field("group"), "group glob %q: %v", c.Group, err)
		}
	}
	if c.Property != nil && strings.TrimSpace(c.Property.Name) == "" {
		return errAt(at.field("property"), "property selector needs a name")
	}
	if pr := c.Property; pr != nil {
		n := 0
		for _, set := range []bool{len(pr.In) > 0, pr.Equals != nil, len(pr.NotIn) > 0} {
			if set {
				n++
			}
		}
		if n > 1 {
			return errAt(at.field("property"), "property selector: give at most one of in, equals and notIn")
		}
	}
	if c.MinDepth != nil && *c.MinDepth < 0 || c.MaxDepth != nil && *c.MaxDepth < 0 {
		return errAt(at, "depth must not be negative")
	}
	if c.MinDepth != nil && c.MaxDepth != nil && *c.MinDepth > *c.MaxDepth {
		return errAt(at.field("minDepth"), "minDepth %d is above maxDepth %d", *c.MinDepth, *c.MaxDepth)
	}
	return nil
}

func (p *Policy) compileRule(r *Rule, tags map[string]bool) error {
	if !idPattern.MatchString(r.ID) {
		return errAt(r.at.field("id"), "rule id %q: want lower-case letters, digits, '.', '_', '-'", r.ID)
	}
	if r.Severity == "" {
		return errAt(r.at, "rule %q has no severity (fail, warn or info)", r.ID)
	}
	w := &r.When
	if w.Entity == nil && len(w.Origin) == 0 && len(w.Country) == 0 && w.Component == nil && r.Expr == "" {
		return errAt(r.at, "rule %q has no condition (when or expr)", r.ID)
	}
	if w.Entity != nil {
		sel, err := p.entitySelection(w.Entity, r.at.field("when", "entity"), tags)
		if err != nil {
			return err
		}
		r.entSel = sel
	}
	for i, c := range w.Country {
		if !countryPattern.MatchString(c) {
			return errAt(r.at.field("when", "country", i), "country %q is not an ISO 3166-1 alpha-2 code", c)
		}
	}
	if w.Component != nil {
		if err := checkComponentSelector(w.Component, r.at.field("when", "component")); err != nil {
			return err
		}
	}
	if r.Expr != "" {
		prog, err := compileExpr(r.Expr)
		if err != nil {
			return errAt(r.at.field("expr"), "rule %q: bad expression: %v", r.ID, err)
		}
		r.prog = prog
	}
	return nil
}

func (p *Policy) compileLimit(l *Limit, tags map[string]bool) error {
	if !idPattern.MatchString(l.ID) {
		return errAt(l.at.field("id"), "limit id %q: want lower-case letters, digits, '.', '_', '-'", l.ID)
	}
	if l.Severity == "" {
		l.Severity = SeverityFail
	}
	sel, err := p.entitySelection(&l.Entity, l.at.field("entity"), tags)
	if err != nil {
		return err
	}
	l.entSel = sel
	switch {
	case (l.MaxShare == nil) == (l.MaxCount == nil):
		return errAt(l.at, "limit %q: give exactly one of maxShare and maxCount", l.ID)
	case l.MaxShare != nil && (math.IsNaN(*l.MaxShare) || *l.MaxShare < 0 || *l.MaxShare > 1):
		return errAt(l.at.field("maxShare"), "limit %q: maxShare %v is not between 0 and 1", l.ID, *l.MaxShare)
	case l.MaxCount != nil && *l.MaxCount < 0:
		return errAt(l.at.field("maxCount"), "limit %q: maxCount must not be negative", l.ID)
	}
	if l.Scope != nil {
		return checkComponentSelector(l.Scope, l.at.field("scope"))
	}
	return nil
}

func (p *Policy) checkException(x *Exception) error {
	if !slices.ContainsFunc(p.Rules, func(r Rule) bool { return r.ID == x.Rule }) {
		return errAt(x.at.field("rule"), "exception names rule %q, which the policy does not have", x.Rule)
	}
	m := x.Match
	if m.PURL == "" && m.BOMRef == "" && m.Name == "" {
		return errAt(x.at.field("match"), "exception for rule %q matches nothing: give purl, bom-ref or name", x.Rule)
	}
	for k, g := range map[string]string{"purl": m.PURL, "name": m.Name} {
		if g == "" {
			continue
		}
		if err := checkGlob(g); err != nil {
			return errAt(x.at.field("match", k), "%s glob %q: %v", k, g, err)
		}
	}
	if x.Expires.IsZero() {
		return errAt(x.at, "exception for rule %q has no expires date", x.Rule)
	}
	if strings.TrimSpace(x.Reason) == "" {
		return errAt(x.at, "exception for rule %q has no reason", x.Rule)
	}
	return nil
}

func (p *Policy) checkTrust() error {
	t := p.Trust
	seen := map[string]bool{}
	for i := range t.Signers {
		s := &t.Signers[i]
		if !idPattern.MatchString(s.ID) {
			return errAt(s.at.field("id"), "signer id %q: want lower-case letters, digits, '.', '_', '-'", s.ID)
		}
		if seen[s.ID] {
			return errAt(s.at.field("id"), "duplicate signer id %q", s.ID)
		}
		seen[s.ID] = true
		if _, ok := p.entityIx[s.Entity]; !ok {
			return errAt(s.at.field("entity"), "signer %q: entity %q is not in the catalog", s.ID, s.Entity)
		}
		for j, f := range s.SignsFor {
			if _, ok := p.entityIx[f]; !ok {
				return errAt(s.at.field("signsFor", j), "signer %q: entity %q is not in the catalog", s.ID, f)
			}
		}
		if (s.Keyless == nil) == (s.Key == "") {
			return errAt(s.at, "signer %q: give exactly one of keyless and key", s.ID)
		}
		if k := s.Keyless; k != nil {
			at := s.at.field("keyless")
			if (k.Issuer == "") == (k.IssuerRegexp == "") {
				return errAt(at, "signer %q: give exactly one of issuer and issuerRegexp", s.ID)
			}
			if (k.Identity == "") == (k.IdentityRegexp == "") {
				return errAt(at, "signer %q: give exactly one of identity and identityRegexp", s.ID)
			}
			for key, re := range map[string]string{"issuerRegexp": k.IssuerRegexp, "identityRegexp": k.IdentityRegexp} {
				if re == "" {
					continue
				}
				if _, err := regexp.Compile(re); err != nil {
					return errAt(at.field(key), "signer %q: %s: %v", s.ID, key, err)
				}
			}
		}
	}
	if t.Require.Signature && len(t.Signers) == 0 {
		return errAt(t.at.field("require", "signature"), "trust requires a signature but names no signers")
	}
	for i, r := range t.Require.Completeness {
		if err := r.Validate(); err != nil {
			return errAt(t.at.field("require", "completeness", i), "completeness requirement: %v", err)
		}
	}
	return nil
}
