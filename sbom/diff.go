package sbom

import (
	"context"
	"sort"
	"strings"
	"unicode"

	packageurl "github.com/package-url/packageurl-go"
)

// DiffSchema is the version of the JSON shape of a Diff.
const DiffSchema = "fwprov.diff/v1"

// MatchKind says how two components of an upgrade were found to be the same
// component.
type MatchKind string

// How components are matched across two documents, in the order the rule
// tries them (see Diff).
const (
	MatchRoot  MatchKind = "root"    // the firmware roots (metadata.component) of both documents
	MatchPURL  MatchKind = "purl"    // the same package URL without version and qualifiers
	MatchRef   MatchKind = "bom-ref" // the same bom-ref
	MatchName  MatchKind = "name"    // the same group and name
	matchNever MatchKind = ""
)

// Match pairs a component of the old document with its counterpart in the
// new one, by their positions in Document.Components.
type Match struct {
	Old int       `json:"old"`
	New int       `json:"new"`
	By  MatchKind `json:"by"`
}

// FieldChange is one field of a component that differs between the two
// documents.
type FieldChange struct {
	// Field is "version", "supplier", "country", "hashes", "purl", "name" or
	// "type".
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
	// LooksLike marks a supplier change between two confusable spellings of
	// one name (see Diff.MarkLookalikeSuppliers): a relabel a reader would
	// not see.
	LooksLike bool `json:"looksLike,omitempty"`
}

// ComponentChange is a component present in both documents whose version,
// origin, hashes or identity changed.
type ComponentChange struct {
	Old     ComponentSummary `json:"old"`
	New     ComponentSummary `json:"new"`
	By      MatchKind        `json:"matchedBy"`
	Changes []FieldChange    `json:"changes"`
	// SameVersionNewHashes marks a component whose version did not change
	// but whose declared hashes did: the same release with different bytes,
	// which an upgrade review should look at first.
	SameVersionNewHashes bool `json:"sameVersionNewHashes,omitempty"`
}

// NameCount is a supplier or country with the number of components
// attributed to it in the old and in the new document.
type NameCount struct {
	Name string `json:"name"`
	Old  int    `json:"old"`
	New  int    `json:"new"`
	// LooksLike lists the other supplier names of the same diff (either
	// document) this one is a confusable spelling of (see
	// Diff.MarkLookalikeSuppliers): "Acme RAN" written with a Cyrillic "а"
	// appearing beside the real one is how a relabelled part hides.
	LooksLike []string `json:"looksLike,omitempty"`
}

// DiffDocument identifies one side of a diff.
type DiffDocument struct {
	Source     string            `json:"source"`
	Format     Format            `json:"format"`
	SHA256     string            `json:"sha256"`
	Firmware   *ComponentSummary `json:"firmware,omitempty"`
	Components int               `json:"components"`
}

// Diff is what an upgrade from one SBOM to another changes: plain data.
//
// Matching rule. Components are paired in passes, each over the components
// no earlier pass paired:
//
//  1. the firmware roots (metadata.component) are paired with each other;
//  2. purl: components whose package URLs name the same package — type,
//     namespace, name and subpath, without version or qualifiers — are
//     paired (pkg:deb/debian/openssl@3.0.11?arch=arm64 and
//     pkg:deb/debian/openssl@3.0.15 are the same component, changed);
//  3. bom-ref: components with the same bom-ref;
//  4. name: components with the same group and name (names compared
//     case-insensitively, spaces trimmed).
//
// Two components that both carry a purl are paired only by pass 2: when
// their purls name different packages they are different components
// (one removed, one introduced), whatever their bom-refs or names say.
// When a key is shared by several components on a side (the same library
// in two assemblies), pairs with equal versions are taken first, then the
// rest in document order; whatever is left over is introduced or removed.
type Diff struct {
	SchemaVersion string       `json:"schemaVersion"`
	Old           DiffDocument `json:"old"`
	New           DiffDocument `json:"new"`
	// Firmware is the change of the firmware root itself, when both
	// documents have one and it changed.
	Firmware *ComponentChange `json:"firmware,omitempty"`
	// Introduced lists the components of the new document that have no
	// counterpart in the old one, in the new document's order.
	Introduced []ComponentSummary `json:"introduced"`
	// Removed lists the components of the old document that have no
	// counterpart in the new one, in the old document's order.
	Removed []ComponentSummary `json:"removed"`
	// Changed lists the paired components that differ, in the new
	// document's order (the firmware root is in Firmware, not here).
	Changed []ComponentChange `json:"changed"`
	// Unchanged counts the paired components that do not differ.
	Unchanged int `json:"unchanged"`
	// SuppliersAppeared and SuppliersDisappeared name the declared
	// suppliers (own or inherited, as Inventory counts them) found on
	// one side only; CountriesAppeared and CountriesDisappeared likewise
	// the declared supplier countries.
	SuppliersAppeared    []NameCount `json:"suppliersAppeared"`
	SuppliersDisappeared []NameCount `json:"suppliersDisappeared"`
	CountriesAppeared    []NameCount `json:"countriesAppeared"`
	CountriesDisappeared []NameCount `json:"countriesDisappeared"`
	// Matches pairs every component present on both sides (root
	// included), for callers that relate per-component results (policy
	// findings) across the upgrade.
	Matches []Match `json:"-"`

	newToOld map[int]int
	// suppliers are the declared supplier names of both documents.
	suppliers []string
}

// MarkLookalikeSuppliers marks the suppliers of the diff that are
// confusable spellings of one another: names that differ, and differ in
// more than letter case, yet are the same letters and digits after fold —
// the caller's look-alike folding (NFKC, case, confusables skeleton,
// marks, invisible characters), such as policy/identity.Fold; this package
// applies no Unicode policy of its own. Spaces and punctuation do not
// count ("Hua-wei" and "Hua wei" are spellings of "Huawei"); words do
// ("Acme Inc." and "Acme GmbH" are not). It fills NameCount.LooksLike for
// the suppliers appearing and disappearing, compared with every supplier
// of both documents, and FieldChange.LooksLike for supplier changes.
// Marking twice is harmless.
func (d *Diff) MarkLookalikeSuppliers(fold func(string) string) {
	key := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, fold(s))
	}
	byKey := map[string][]string{}
	for _, n := range d.suppliers {
		k := key(n)
		byKey[k] = append(byKey[k], n)
	}
	others := func(name string) []string {
		var out []string
		for _, o := range byKey[key(name)] {
			if o != name && !strings.EqualFold(o, name) {
				out = append(out, o)
			}
		}
		return out
	}
	for _, list := range [][]NameCount{d.SuppliersAppeared, d.SuppliersDisappeared} {
		for i := range list {
			list[i].LooksLike = others(list[i].Name)
		}
	}
	changes := []*ComponentChange{d.Firmware}
	for i := range d.Changed {
		changes = append(changes, &d.Changed[i])
	}
	for _, c := range changes {
		if c == nil {
			continue
		}
		for i := range c.Changes {
			f := &c.Changes[i]
			if f.Field == "supplier" && f.Old != "" && f.New != "" && !strings.EqualFold(f.Old, f.New) && key(f.Old) == key(f.New) {
				f.LooksLike = true
			}
		}
	}
}

// Counterpart returns the index in the old document of the component the
// new document's component at index newIndex was paired with.
func (d *Diff) Counterpart(newIndex int) (int, bool) {
	i, ok := d.newToOld[newIndex]
	return i, ok
}

// candidates are the components of the old document that share a matching
// key: all of them, and those without a purl.
type candidates struct{ all, noPURL queue }

// queue hands out component indices in order, skipping taken ones.
type queue struct {
	idx []int
	pos int
}

func (q *queue) next(taken []bool) int {
	for q.pos < len(q.idx) && taken[q.idx[q.pos]] {
		q.pos++
	}
	if q.pos == len(q.idx) {
		return -1
	}
	return q.idx[q.pos]
}

// Origin is the supplier and country a component declares, or inherits from
// its nearest enclosing assembly (or the root, or the BOM metadata) when it
// declares none.
type Origin struct {
	Supplier  string `json:"supplier,omitempty"`
	Country   string `json:"country,omitempty"`
	Inherited bool   `json:"inherited,omitempty"`
}

// DeclaredOrigin returns the supplier name and country a component
// declares (the supplier, else the manufacturer, else the publisher or an
// author, as Inventory ranks them), falling back to the inherited evidence
// for whatever the component does not declare itself. Empty fields mean
// nothing was declared at all.
func (d *Document) DeclaredOrigin(c *Component) Origin {
	name, country := declaredSupplier(c.Evidence)
	o := Origin{Supplier: name, Country: country}
	if name == "" || country == "" {
		iname, icountry := declaredSupplier(d.InheritedEvidence(c))
		if o.Supplier == "" && iname != "" {
			o.Supplier, o.Inherited = iname, true
		}
		if o.Country == "" && icountry != "" && (name == "" || name == iname) {
			o.Country = icountry
		}
	}
	return o
}

// PURLIdentity returns the identity part of a package URL: "pkg:type/
// namespace/name#subpath" without version and qualifiers, in canonical form;
// "" for an empty purl. The subpath stays: it names a part inside a package
// (a driver file inside the Linux source), which is a different component
// from the package. A purl packageurl-go cannot parse is cut at its first
// '?' or '#' and its last '@' after the last '/'.
func PURLIdentity(purl string) string {
	purl = strings.TrimSpace(purl)
	if purl == "" {
		return ""
	}
	if p, err := packageurl.FromString(purl); err == nil {
		return packageurl.NewPackageURL(strings.ToLower(p.Type), p.Namespace, p.Name, "", nil, p.Subpath).ToString()
	}
	if i := strings.IndexAny(purl, "?#"); i >= 0 {
		purl = purl[:i]
	}
	if i := strings.LastIndexByte(purl, '@'); i > strings.LastIndexByte(purl, '/') {
		purl = purl[:i]
	}
	return purl
}

// Compare computes what changes from old to new. It is linear in the number
// of components (plus sorting the results) and fails only when ctx is
// cancelled.
func Compare(ctx context.Context, old, new *Document) (*Diff, error) {
	d := &Diff{
		SchemaVersion:        DiffSchema,
		Old:                  diffDocument(old),
		New:                  diffDocument(new),
		Introduced:           []ComponentSummary{},
		Removed:              []ComponentSummary{},
		Changed:              []ComponentChange{},
		SuppliersAppeared:    []NameCount{},
		SuppliersDisappeared: []NameCount{},
		CountriesAppeared:    []NameCount{},
		CountriesDisappeared: []NameCount{},
		newToOld:             map[int]int{},
	}
	oldTaken := make([]bool, len(old.Components))
	newTaken := make([]bool, len(new.Components))
	pair := func(o, n int, by MatchKind) {
		oldTaken[o], newTaken[n] = true, true
		d.Matches = append(d.Matches, Match{Old: o, New: n, By: by})
		d.newToOld[n] = o
	}
	if old.Root != nil && new.Root != nil {
		pair(old.Root.Index, new.Root.Index, MatchRoot)
	}
	passes := []struct {
		by  MatchKind
		key func(*Component) string
	}{
		{MatchPURL, func(c *Component) string { return PURLIdentity(c.PURL) }},
		{MatchRef, func(c *Component) string { return c.Ref }},
		{MatchName, func(c *Component) string {
			name := strings.ToLower(strings.TrimSpace(c.Name))
			if name == "" {
				return ""
			}
			return strings.ToLower(strings.TrimSpace(c.Group)) + "\x00" + name
		}},
	}
	for _, pass := range passes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// Candidates per key (and per key and version), in document order;
		// taking the first untaken candidate of a queue is amortised O(1),
		// so a pass is linear however many components share a key.
		buckets := map[string]*candidates{}
		versioned := map[string]*candidates{}
		for _, c := range old.Components {
			if oldTaken[c.Index] {
				continue
			}
			k := pass.key(c)
			if k == "" {
				continue
			}
			for _, kk := range []struct {
				m   map[string]*candidates
				key string
			}{{buckets, k}, {versioned, k + "\x00" + c.Version}} {
				b := kk.m[kk.key]
				if b == nil {
					b = &candidates{}
					kk.m[kk.key] = b
				}
				b.all.idx = append(b.all.idx, c.Index)
				if c.PURL == "" {
					b.noPURL.idx = append(b.noPURL.idx, c.Index)
				}
			}
		}
		if len(buckets) == 0 {
			continue
		}
		// Each new component's key once per pass (a purl key parses the
		// purl), for both rounds below.
		keys := make([]string, len(new.Components))
		for _, nc := range new.Components {
			if !newTaken[nc.Index] {
				keys[nc.Index] = pass.key(nc)
			}
		}
		// Equal versions first, then the rest, each in document order.
		for _, eqVersion := range []bool{true, false} {
			for _, nc := range new.Components {
				if newTaken[nc.Index] {
					continue
				}
				k := keys[nc.Index]
				if k == "" {
					continue
				}
				b := buckets[k]
				if eqVersion {
					b = versioned[k+"\x00"+nc.Version]
				}
				if b == nil {
					continue
				}
				q := &b.all
				if pass.by != MatchPURL && nc.PURL != "" {
					q = &b.noPURL // both have purls: only the purl pass may pair them
				}
				if o := q.next(oldTaken); o >= 0 {
					pair(o, nc.Index, pass.by)
				}
			}
		}
	}

	// Report in the new document's order.
	ordered := append([]Match(nil), d.Matches...)
	sort.Slice(ordered, func(i, j int) bool { return ordered[i].New < ordered[j].New })
	for _, m := range ordered {
		ch := compareComponent(old, new, old.Components[m.Old], new.Components[m.New], m.By)
		switch {
		case m.By == MatchRoot:
			if len(ch.Changes) > 0 {
				d.Firmware = &ch
			}
		case len(ch.Changes) > 0:
			d.Changed = append(d.Changed, ch)
		default:
			d.Unchanged++
		}
	}

	for _, c := range new.Components {
		if !newTaken[c.Index] {
			d.Introduced = append(d.Introduced, c.Summary())
		}
	}
	for _, c := range old.Components {
		if !oldTaken[c.Index] {
			d.Removed = append(d.Removed, c.Summary())
		}
	}

	oldSup, oldCountry := originCounts(old)
	newSup, newCountry := originCounts(new)
	d.SuppliersAppeared, d.SuppliersDisappeared = appeared(oldSup, newSup)
	for n := range oldSup {
		d.suppliers = append(d.suppliers, n)
	}
	for n := range newSup {
		if oldSup[n] == 0 {
			d.suppliers = append(d.suppliers, n)
		}
	}
	sort.Strings(d.suppliers)
	d.CountriesAppeared, d.CountriesDisappeared = appeared(oldCountry, newCountry)
	return d, nil
}

func diffDocument(doc *Document) DiffDocument {
	dd := DiffDocument{Source: doc.Source, Format: doc.Format, SHA256: doc.SHA256, Components: len(doc.Components)}
	if doc.Root != nil {
		s := doc.Root.Summary()
		dd.Firmware = &s
	}
	return dd
}

func compareComponent(od, nd *Document, oc, nc *Component, by MatchKind) ComponentChange {
	ch := ComponentChange{Old: oc.Summary(), New: nc.Summary(), By: by, Changes: []FieldChange{}}
	add := func(field, o, n string) {
		if o != n {
			ch.Changes = append(ch.Changes, FieldChange{Field: field, Old: o, New: n})
		}
	}
	add("version", oc.Version, nc.Version)
	oo, no := od.DeclaredOrigin(oc), nd.DeclaredOrigin(nc)
	add("supplier", oo.Supplier, no.Supplier)
	add("country", oo.Country, no.Country)
	oh, nh := hashString(oc.Hashes), hashString(nc.Hashes)
	add("hashes", oh, nh)
	if by != MatchPURL && by != MatchRoot {
		add("purl", oc.PURL, nc.PURL)
	} else {
		add("purl", PURLIdentity(oc.PURL), PURLIdentity(nc.PURL))
	}
	if by != MatchName {
		add("name", joinGroup(oc.Group, oc.Name), joinGroup(nc.Group, nc.Name))
	}
	add("type", oc.Type, nc.Type)
	ch.SameVersionNewHashes = oc.Version == nc.Version && hashesConflict(oc.Hashes, nc.Hashes)
	return ch
}

func joinGroup(group, name string) string {
	if group == "" {
		return name
	}
	return group + "/" + name
}

// hashString renders hashes sorted by algorithm: "SHA-256:ab12…, SHA-512:…".
func hashString(hs []Hash) string {
	parts := make([]string, 0, len(hs))
	for _, h := range hs {
		parts = append(parts, h.Algorithm+":"+strings.ToLower(h.Value))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// hashesConflict reports whether the two sets declare a different value for
// an algorithm both declare.
func hashesConflict(a, b []Hash) bool {
	m := map[string]string{}
	for _, h := range a {
		m[strings.ToUpper(h.Algorithm)] = strings.ToLower(h.Value)
	}
	for _, h := range b {
		if v, ok := m[strings.ToUpper(h.Algorithm)]; ok && v != strings.ToLower(h.Value) {
			return true
		}
	}
	return false
}

// originCounts counts components per declared supplier and per declared
// country (own, else inherited).
func originCounts(doc *Document) (suppliers, countries map[string]int) {
	suppliers, countries = map[string]int{}, map[string]int{}
	for _, c := range doc.Components {
		o := doc.DeclaredOrigin(c)
		if o.Supplier != "" {
			suppliers[o.Supplier]++
		}
		if o.Country != "" {
			countries[o.Country]++
		}
	}
	return suppliers, countries
}

// appeared lists the names counted on one side only, most components first.
func appeared(old, new map[string]int) (in, out []NameCount) {
	in, out = []NameCount{}, []NameCount{}
	for n, c := range new {
		if old[n] == 0 {
			in = append(in, NameCount{Name: n, New: c})
		}
	}
	for n, c := range old {
		if new[n] == 0 {
			out = append(out, NameCount{Name: n, Old: c})
		}
	}
	sortCounts(in)
	sortCounts(out)
	return in, out
}

func sortCounts(s []NameCount) {
	sort.Slice(s, func(i, j int) bool {
		a, b := s[i].Old+s[i].New, s[j].Old+s[j].New
		if a != b {
			return a > b
		}
		return s[i].Name < s[j].Name
	})
}
