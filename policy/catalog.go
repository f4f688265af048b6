package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/fwprov/fwprov/policy/identity"
)

// The entity catalog as data: catalog files (kind: Catalog) hold a sources
// table and entities, one file per corporate family. The embedded ones live
// in presets/catalog/; a policy includes them with "catalog:" and changes
// them with entity overrides. This file loads catalog files, merges
// entities with their override semantics, resolves source references and
// validates and indexes the catalog fields that identity resolution does
// not use (hardware vendor IDs, personal-name marks, divestments).

// catalogKind is the kind of a catalog file.
const catalogKind = "Catalog"

// CatalogAll names every embedded catalog in a policy's catalog list.
const CatalogAll = "all"

// sharedSourcesCatalog is the embedded catalog file holding the sources
// several families cite; it is included with any embedded catalog.
const sharedSourcesCatalog = "sources"

// catalogFile is one catalog file as written.
type catalogFile struct {
	APIVersion  string      `yaml:"apiVersion"`
	Kind        string      `yaml:"kind"`
	Name        string      `yaml:"name"`
	Description string      `yaml:"description,omitempty"`
	Sources     SourceTable `yaml:"sources,omitempty"`
	Entities    []Entity    `yaml:"entities,omitempty"`
}

// CatalogInfo describes an embedded catalog file.
type CatalogInfo struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Entities    int    `json:"entities"`
}

func catalogData(name string) ([]byte, error) {
	if name == "" || strings.ContainsAny(name, `/\.`) {
		return nil, fmt.Errorf("policy: no catalog %q", name)
	}
	data, err := presetFS.ReadFile("presets/catalog/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("policy: no catalog %q (catalogs: %s)", name, strings.Join(catalogNames(), ", "))
	}
	return data, nil
}

// catalogNames lists the embedded entity catalogs (without the shared
// sources file), sorted.
func catalogNames() []string {
	ents, _ := presetFS.ReadDir("presets/catalog")
	var names []string
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && n != sharedSourcesCatalog {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// CatalogSource returns the YAML text of an embedded catalog file ("huawei",
// "zte", ..., or "sources" for the shared sources), for `fwprov policy show
// catalog/NAME`.
func CatalogSource(name string) ([]byte, error) {
	if name == sharedSourcesCatalog {
		return presetFS.ReadFile("presets/catalog/" + name + ".yaml")
	}
	return catalogData(name)
}

// Catalogs lists the embedded entity catalogs, sorted by name.
func Catalogs() []CatalogInfo {
	var out []CatalogInfo
	for _, n := range catalogNames() {
		info := CatalogInfo{Name: n}
		if c, err := embeddedCatalog(n); err == nil {
			info.Description, info.Entities = c.Description, len(c.Entities)
		}
		out = append(out, info)
	}
	return out
}

// parseCatalogFile decodes one catalog file strictly. Entity positions
// name the file.
func parseCatalogFile(name string, data []byte) (*catalogFile, error) {
	if len(data) > maxPolicyBytes {
		return nil, &Error{File: name, Msg: fmt.Sprintf("larger than %d bytes", maxPolicyBytes)}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(name, err)
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil, &Error{File: name, Msg: "empty catalog"}
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, &Error{File: name, Line: doc.Line, Msg: "a catalog is a mapping (apiVersion, kind, sources, entities)"}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	c := &catalogFile{}
	if err := dec.Decode(c); err != nil {
		return nil, yamlError(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, &Error{File: name, Line: extra.Line, Msg: "more than one YAML document"}
	}
	at := func(keys ...any) pos { return pos{file: name, node: nodeAt(doc, keys...)} }
	if c.APIVersion != APIVersion {
		return nil, errAt(at("apiVersion"), "apiVersion %q is not supported (want %q)", c.APIVersion, APIVersion)
	}
	if c.Kind != catalogKind {
		return nil, errAt(at("kind"), "kind %q: want Catalog", c.Kind)
	}
	for i := range c.Entities {
		c.Entities[i].at = at("entities", i)
	}
	if err := checkSourceTable(c.Sources, at); err != nil {
		return nil, err
	}
	return c, nil
}

// embeddedCatalogs caches the parsed embedded catalog files: they never
// change, and YAML decoding is most of a preset's load time.
var embeddedCatalogs = struct {
	sync.Mutex
	m map[string]*catalogFile
}{m: map[string]*catalogFile{}}

// embeddedCatalog returns an embedded catalog file, parsed once per
// process. The entities are copies: loading resolves their sources in
// place.
func embeddedCatalog(name string) (*catalogFile, error) {
	embeddedCatalogs.Lock()
	c, ok := embeddedCatalogs.m[name]
	embeddedCatalogs.Unlock()
	if !ok {
		data, err := CatalogSource(name)
		if err != nil {
			return nil, err
		}
		if c, err = parseCatalogFile("preset:catalog/"+name, data); err != nil {
			return nil, err
		}
		embeddedCatalogs.Lock()
		embeddedCatalogs.m[name] = c
		embeddedCatalogs.Unlock()
	}
	out := *c
	out.Entities = make([]Entity, len(c.Entities))
	for i, e := range c.Entities {
		e.Sources = slices.Clone(e.Sources)
		e.Tags = slices.Clone(e.Tags)
		out.Entities[i] = e
	}
	return &out, nil
}

// checkSourceTable validates a sources table: ids, titles, dates.
func checkSourceTable(t SourceTable, at func(keys ...any) pos) error {
	ids := make([]string, 0, len(t))
	for id := range t {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		s := t[id]
		p := at("sources", id)
		if !idPattern.MatchString(id) {
			return errAt(p, "source id %q: want lower-case letters, digits, '.', '_', '-'", id)
		}
		if s.ID != "" {
			return errAt(p, "source %q: a sources entry is a mapping (title, url, date, accessed), not a reference", id)
		}
		if strings.TrimSpace(s.Title) == "" {
			return errAt(p, "source %q needs a title", id)
		}
		s.ID = id
		t[id] = s
	}
	return nil
}

// includeCatalogs appends the entities and sources of the catalogs refs
// names to p, skipping catalogs p already holds. baseDir resolves file
// paths; depth bounds nesting (a catalog file cannot include others, so it
// is only passed on for errors).
func includeCatalogs(p *Policy, refs []string, baseDir string, at pos) error {
	var names []string
	for i, ref := range refs {
		ref = strings.TrimSpace(ref)
		switch {
		case ref == CatalogAll:
			names = append(names, catalogNames()...)
		case strings.ContainsAny(ref, `/\`) || strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml"):
			names = append(names, "file:"+resolvePath(baseDir, ref))
		default:
			if _, err := catalogData(ref); err != nil {
				return errAt(at.field(i), "catalog %q: no embedded catalog of that name (catalogs: %s, or %s)", ref, strings.Join(catalogNames(), ", "), CatalogAll)
			}
			names = append(names, ref)
		}
	}
	embedded := false
	for _, n := range names {
		if !strings.HasPrefix(n, "file:") {
			embedded = true
		}
	}
	if embedded {
		names = append([]string{sharedSourcesCatalog}, names...)
	}
	for _, n := range names {
		src := "catalog:" + n
		var c *catalogFile
		var err error
		if path, ok := strings.CutPrefix(n, "file:"); ok {
			src = path
			if slices.Contains(p.Catalogs, src) {
				continue
			}
			data, rerr := readFile(path)
			if rerr != nil {
				var pe *Error
				if errors.As(rerr, &pe) {
					return rerr
				}
				return errAt(at, "catalog %s: %v", path, rerr)
			}
			c, err = parseCatalogFile(path, data)
		} else {
			if slices.Contains(p.Catalogs, src) {
				continue
			}
			c, err = embeddedCatalog(n)
		}
		if err != nil {
			return err
		}
		if err := addSources(p, c.Sources); err != nil {
			return err
		}
		for _, e := range c.Entities {
			if e.Override != "" {
				return errAt(e.at.field("override"), "entity %q: a catalog file defines entities; override belongs in a policy", e.ID)
			}
			if j := p.entityIndex(e.ID); j >= 0 {
				return errAt(e.at.field("id"), "entity %q is already defined by %s:%d", e.ID, p.Entities[j].at.file, p.Entities[j].at.line())
			}
			p.Entities = append(p.Entities, e)
		}
		p.Catalogs = append(p.Catalogs, src)
	}
	return nil
}

// addSources merges a sources table into p's. The same id may be defined
// twice only with the same content.
func addSources(p *Policy, t SourceTable) error {
	if len(t) == 0 {
		return nil
	}
	if p.Sources == nil {
		p.Sources = SourceTable{}
	}
	ids := make([]string, 0, len(t))
	for id := range t {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		s := t[id]
		s.ID = id
		if old, ok := p.Sources[id]; ok && old != s {
			return &Error{File: p.Source, Msg: fmt.Sprintf("source %q is defined twice with different content (%q and %q)", id, old.Title, s.Title)}
		}
		p.Sources[id] = s
	}
	return nil
}

func (p *Policy) entityIndex(id string) int {
	return slices.IndexFunc(p.Entities, func(e Entity) bool { return e.ID == id })
}

func (p pos) line() int {
	if p.node == nil {
		return 0
	}
	return p.node.Line
}

// Override modes of an entity in a policy.
const (
	OverrideReplace = "replace"
	OverrideMerge   = "merge"
	OverrideRemove  = "remove"
)

// overlayEntities lays a policy's own entities over the inherited ones:
// new ids are added; an id that exists needs override replace, merge or
// remove.
func overlayEntities(base []Entity, own []Entity, baseSrc string) ([]Entity, error) {
	out := slices.Clone(base)
	first := map[string]pos{}
	for _, e := range own {
		if prev, dup := first[e.ID]; dup {
			return nil, errAt(e.at.field("id"), "duplicate entity id %q (first at %s:%d)", e.ID, prev.file, prev.line())
		}
		first[e.ID] = e.at
		i := slices.IndexFunc(out, func(x Entity) bool { return x.ID == e.ID })
		switch e.Override {
		case "":
			if i >= 0 {
				return nil, errAt(e.at.field("id"), "entity %q is already defined by %s:%d (to change it, set override: merge, replace or remove)", e.ID, out[i].at.file, out[i].at.line())
			}
			out = append(out, e)
			continue
		case OverrideReplace, OverrideMerge, OverrideRemove:
		default:
			return nil, errAt(e.at.field("override"), "entity %q: override %q (want merge, replace or remove)", e.ID, e.Override)
		}
		if i < 0 {
			return nil, errAt(e.at.field("override"), "entity %q: override %s, but no included catalog or extended policy (%s) defines it", e.ID, e.Override, baseSrc)
		}
		switch e.Override {
		case OverrideRemove:
			out = slices.Delete(out, i, i+1)
		case OverrideReplace:
			e.Override = ""
			out[i] = e
		case OverrideMerge:
			out[i] = mergeEntity(out[i], e)
		}
	}
	return out, nil
}

// mergeEntity adds e's list values to b's and lets e's scalar fields that
// are set replace b's. Positions of merged values stay those of their own
// file; the entity's position becomes e's (where the change was made).
func mergeEntity(b, e Entity) Entity {
	add := func(a, x Facts) Facts {
		out := slices.Clone(a)
		for _, f := range x {
			if out.index(f.Value) < 0 {
				out = append(out, f)
			}
		}
		return out
	}
	b.Aliases = add(b.Aliases, e.Aliases)
	b.Domains = add(b.Domains, e.Domains)
	b.PURL = add(b.PURL, e.PURL)
	b.CPE = add(b.CPE, e.CPE)
	b.PCIVendorIDs = add(b.PCIVendorIDs, e.PCIVendorIDs)
	b.USBVendorIDs = add(b.USBVendorIDs, e.USBVendorIDs)
	b.DeviceTreePrefixes = add(b.DeviceTreePrefixes, e.DeviceTreePrefixes)
	for _, t := range e.Tags {
		if !slices.Contains(b.Tags, t) {
			b.Tags = append(slices.Clone(b.Tags), t)
		}
	}
	b.Sources = append(slices.Clone(b.Sources), e.Sources...)
	if e.Name != "" {
		b.Name = e.Name
	}
	if e.Country != "" {
		b.Country = e.Country
	}
	if e.Parent != "" {
		b.Parent = e.Parent
	}
	if e.Relation != "" {
		b.Relation = e.Relation
	}
	if e.Divested != nil {
		b.Divested = e.Divested
	}
	if e.Description != "" {
		b.Description = e.Description
	}
	b.at = e.at
	return b
}

var (
	hexIDPattern    = regexp.MustCompile(`^[0-9a-f]{4}$`)
	dtPrefixPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`) // matched in lower case: the registry has ORCL, SUNW // compared in lower case: the registry has ORCL, SUNW
	scriptPattern   = regexp.MustCompile(`^[A-Z][a-z]{3}$`)
)

// hardwareIndex maps content identifiers to entity indexes.
type hardwareIndex struct {
	pci, usb, dt map[string]int
}

// resolveSources fills source references of every entity from p.Sources
// and checks that every fact's source exists.
func (p *Policy) resolveSources() error {
	for i := range p.Entities {
		e := &p.Entities[i]
		for j := range e.Sources {
			s := &e.Sources[j]
			if s.ID == "" {
				if strings.TrimSpace(s.Title) == "" {
					return errAt(e.at.field("sources", j), "entity %q: a source needs a title", e.ID)
				}
				continue
			}
			t, ok := p.Sources[s.ID]
			if !ok {
				return errAt(e.at.field("sources", j), "entity %q: source %q is not in the sources table", e.ID, s.ID)
			}
			*s = t
		}
		for _, list := range e.factLists() {
			for j, f := range list.facts {
				if f.Source == "" {
					continue
				}
				if _, ok := p.Sources[f.Source]; !ok {
					return errAt(e.factPos(list.key, j), "entity %q: %s %q cites source %q, which is not in the sources table", e.ID, list.key, f.Value, f.Source)
				}
			}
		}
		if d := e.Divested; d != nil && d.Source != "" {
			if _, ok := p.Sources[d.Source]; !ok {
				return errAt(e.at.field("divested"), "entity %q: divestment cites source %q, which is not in the sources table", e.ID, d.Source)
			}
		}
	}
	return nil
}

type factList struct {
	key   string
	facts Facts
}

// factLists returns the entity's fact lists with their YAML keys.
func (e *Entity) factLists() []factList {
	return []factList{
		{"aliases", e.Aliases}, {"domains", e.Domains}, {"purl", e.PURL}, {"cpe", e.CPE},
		{"pciVendorIDs", e.PCIVendorIDs}, {"usbVendorIDs", e.USBVendorIDs}, {"deviceTreePrefixes", e.DeviceTreePrefixes},
	}
}

// factPos is where fact j of list key was written: its own node when it
// came from a file, else the entity's list.
func (e *Entity) factPos(key string, j int) pos {
	for _, l := range e.factLists() {
		if l.key == key && j < len(l.facts) && l.facts[j].node != nil {
			return pos{file: e.at.file, node: l.facts[j].node}
		}
	}
	return e.at.field(key, j)
}

// checkCatalogFields validates what identity.NewCatalog does not: the
// relation, the divestment, scripts, and the hardware identifiers, which
// must each name one entity; and builds the hardware and personal-name
// indexes.
func (p *Policy) checkCatalogFields() error {
	p.hw = hardwareIndex{pci: map[string]int{}, usb: map[string]int{}, dt: map[string]int{}}
	p.personal = map[string]bool{}
	for i := range p.Entities {
		e := &p.Entities[i]
		if e.Relation != "" && !slices.Contains(Relations, e.Relation) {
			return errAt(e.at.field("relation"), "entity %q: relation %q (want %s)", e.ID, e.Relation, strings.Join(Relations, ", "))
		}
		if e.Relation != "" && e.Parent == "" {
			return errAt(e.at.field("relation"), "entity %q: relation %q without a parent", e.ID, e.Relation)
		}
		if d := e.Divested; d != nil {
			if d.Date.IsZero() {
				return errAt(e.at.field("divested"), "entity %q: divestment needs a date", e.ID)
			}
			j, ok := p.entityIx[d.From]
			if !ok {
				return errAt(e.at.field("divested", "from"), "entity %q: divested from %q, which is not an entity", e.ID, d.From)
			}
			if j == i || e.Parent == d.From {
				return errAt(e.at.field("divested", "from"), "entity %q: divested from %q but still its own or its parent's", e.ID, d.From)
			}
		}
		for j, a := range e.Aliases {
			if a.Script != "" && !scriptPattern.MatchString(a.Script) {
				return errAt(e.factPos("aliases", j), "entity %q: script %q is not an ISO 15924 code (Latn, Hans, Hant, Jpan, Kore, Cyrl ...)", e.ID, a.Script)
			}
			if a.PersonalName {
				p.personal[identity.Compact(a.Value)] = true
			}
		}
		for _, l := range e.factLists()[1:] {
			for j, f := range l.facts {
				if f.Script != "" || f.PersonalName {
					return errAt(e.factPos(l.key, j), "entity %q: script and personalName apply to aliases, not to %s", e.ID, l.key)
				}
			}
		}
		index := func(key string, list Facts, m map[string]int, pattern *regexp.Regexp, want string) error {
			for j, f := range list {
				v := strings.ToLower(strings.TrimSpace(f.Value))
				v = strings.TrimPrefix(v, "0x")
				if !pattern.MatchString(v) {
					return errAt(e.factPos(key, j), "entity %q: %s %q: want %s", e.ID, key, f.Value, want)
				}
				if o, dup := m[v]; dup && o != i {
					return errAt(e.factPos(key, j), "entity %q: %s %q also names entity %q", e.ID, key, f.Value, p.Entities[o].ID)
				}
				m[v] = i
			}
			return nil
		}
		if err := index("pciVendorIDs", e.PCIVendorIDs, p.hw.pci, hexIDPattern, "4 hexadecimal digits"); err != nil {
			return err
		}
		if err := index("usbVendorIDs", e.USBVendorIDs, p.hw.usb, hexIDPattern, "4 hexadecimal digits"); err != nil {
			return err
		}
		if err := index("deviceTreePrefixes", e.DeviceTreePrefixes, p.hw.dt, dtPrefixPattern, "a lower-case devicetree vendor prefix"); err != nil {
			return err
		}
	}
	return nil
}

// IsPersonalName reports whether a name, once folded (identity.Compact),
// is an alias the catalog marks as also a common personal name ("Huawei",
// "Hua Wei", "Kaspersky"): in fields that hold people it should count only
// with organisation context.
func (p *Policy) IsPersonalName(name string) bool {
	return p.personal[identity.Compact(name)]
}

// HardwareKind is a kind of content identifier the catalog maps to
// entities.
type HardwareKind string

// Content identifiers.
const (
	HardwarePCI        HardwareKind = "pci"
	HardwareUSB        HardwareKind = "usb"
	HardwareDeviceTree HardwareKind = "dt"
)

// EntityByHardwareID returns the entity a PCI vendor ID ("19e5", "0x19E5"),
// USB vendor ID or devicetree vendor prefix ("hisilicon", or a whole
// compatible string "hisilicon,hi3660") belongs to.
func (p *Policy) EntityByHardwareID(kind HardwareKind, v string) (*Entity, bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	var m map[string]int
	switch kind {
	case HardwarePCI:
		m, v = p.hw.pci, strings.TrimPrefix(v, "0x")
	case HardwareUSB:
		m, v = p.hw.usb, strings.TrimPrefix(v, "0x")
	case HardwareDeviceTree:
		m = p.hw.dt
		if pre, _, ok := strings.Cut(v, ","); ok {
			v = pre
		}
	}
	i, ok := m[v]
	if !ok {
		return nil, false
	}
	return &p.Entities[i], true
}

// Ancestry returns the ids of an entity, its parent, grandparent ... (nil
// for an unknown id).
func (p *Policy) Ancestry(id string) []string {
	i, ok := p.entityIx[id]
	if !ok {
		return nil
	}
	var out []string
	for _, a := range p.catalog.Ancestry(i) {
		out = append(out, p.Entities[a].ID)
	}
	return out
}

// FormerFamily returns the ids of the families an entity left by
// divestment, nearest first: the former parent and its ancestry, then
// (when that entity was itself divested) the family before.
func (p *Policy) FormerFamily(id string) []string {
	i, ok := p.entityIx[id]
	if !ok {
		return nil
	}
	var out []string
	for _, j := range p.formerFamily(i) {
		out = append(out, p.Entities[j].ID)
	}
	return out
}

// formerFamily is FormerFamily by index; bounded by the entity count, so
// divestment loops end.
func (p *Policy) formerFamily(i int) []int {
	var out []int
	seen := map[int]bool{}
	queue := []int{i}
	for len(queue) > 0 && len(seen) <= len(p.Entities) {
		x := queue[0]
		queue = queue[1:]
		for _, a := range p.catalog.Ancestry(x) {
			d := p.Entities[a].Divested
			if d == nil {
				continue
			}
			j := p.entityIx[d.From]
			if seen[j] {
				continue
			}
			for _, b := range p.catalog.Ancestry(j) {
				if !seen[b] {
					seen[b] = true
					out = append(out, b)
				}
			}
			queue = append(queue, j)
		}
	}
	return out
}

// EffectiveTags returns the tags of an entity and its ancestors, in that
// order, without repeats.
func (p *Policy) EffectiveTags(id string) []string {
	var out []string
	for _, a := range p.Ancestry(id) {
		e, _ := p.Entity(a)
		for _, t := range e.Tags {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// DefinedIn names the file an entity was last defined or changed in:
// "preset:catalog/huawei", a policy file path.
func (e *Entity) DefinedIn() string { return e.at.file }

// Family summarises one catalog (an embedded family file, a catalog file,
// or the entities a policy defines itself) for coverage reports.
type Family struct {
	// Catalog is where the entities are defined (Entity.DefinedIn).
	Catalog string `json:"catalog"`
	// Listed are the entities that carry tags themselves (the ones a
	// regulator names), in catalog order.
	Listed   []string `json:"listed"`
	Entities int      `json:"entities"`
	Divested int      `json:"divested"`
	// Scripts are the writing systems of the names (ISO 15924).
	Scripts     []string `json:"scripts"`
	Names       int      `json:"names"`
	Domains     int      `json:"domains"`
	Namespaces  int      `json:"namespaces"` // purl prefixes and CPE vendors
	HardwareIDs int      `json:"hardwareIds"`
	Sources     int      `json:"sources"` // distinct sources cited
}

// Families summarises the catalog by the file each entity is defined in,
// in catalog order.
func (p *Policy) Families() []Family {
	var out []Family
	idx := map[string]int{}
	cited := map[string]map[string]bool{}
	for i := range p.Entities {
		e := &p.Entities[i]
		file := e.DefinedIn()
		j, ok := idx[file]
		if !ok {
			j = len(out)
			idx[file] = j
			out = append(out, Family{Catalog: file})
			cited[file] = map[string]bool{}
		}
		f := &out[j]
		f.Entities++
		if len(e.Tags) > 0 {
			f.Listed = append(f.Listed, e.ID)
		}
		if e.Divested != nil {
			f.Divested++
		}
		for _, n := range append(Facts{{Value: e.Name}}, e.Aliases...) {
			if s := ScriptOf(n); !slices.Contains(f.Scripts, s) {
				f.Scripts = append(f.Scripts, s)
			}
		}
		f.Names += 1 + len(e.Aliases)
		f.Domains += len(e.Domains)
		f.Namespaces += len(e.PURL) + len(e.CPE)
		f.HardwareIDs += len(e.PCIVendorIDs) + len(e.USBVendorIDs) + len(e.DeviceTreePrefixes)
		for _, s := range e.Sources {
			cited[file][sourceKey(s)] = true
		}
		for _, l := range e.factLists() {
			for _, fc := range l.facts {
				if fc.Source != "" {
					cited[file][fc.Source] = true
				}
			}
		}
		if e.Divested != nil && e.Divested.Source != "" {
			cited[file][e.Divested.Source] = true
		}
	}
	for i := range out {
		slices.Sort(out[i].Scripts)
		out[i].Sources = len(cited[out[i].Catalog])
	}
	return out
}

func sourceKey(s Source) string {
	if s.ID != "" {
		return s.ID
	}
	return s.Title + "\x00" + s.URL
}
