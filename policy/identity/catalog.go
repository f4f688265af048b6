package identity

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// Kind says how an evidence value is compared. The values equal those of
// sbom.Kind.
type Kind string

// Kinds of evidence the catalog resolves.
const (
	KindName   Kind = "name"
	KindDomain Kind = "domain"
	KindPURL   Kind = "purl"
	KindCPE    Kind = "cpe"
)

// Entry is what the catalog knows about one organisation: how it is named
// and where it publishes. Parent is the index of the parent entry, or -1.
type Entry struct {
	ID      string
	Names   []string // the name and its aliases
	Domains []string // registrable domains or hosts ("huawei.com")
	PURLs   []string // "pkg:TYPE/NAMESPACE" prefixes; TYPE "*" matches any type
	CPEs    []string // CPE vendor strings
	Parent  int
}

// DuplicateError reports a name, domain, purl prefix or CPE vendor that two
// entries claim: a catalog must be unambiguous. Values are compared as
// lookups compare them, so two look-alikes ("Huawel" and "Huawei",
// "hw-5" and "hw-s") are one claim.
type DuplicateError struct {
	Kind         Kind
	Value        string
	Entry, Other int // indexes of the entries; Entry is the later one
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("%s %q is already claimed by another entity", e.Kind, e.Value)
}

// InvalidError reports an unusable value in an entry.
type InvalidError struct {
	Kind  Kind
	Value string
	Entry int
	Why   string
}

func (e *InvalidError) Error() string {
	return fmt.Sprintf("%s %q: %s", e.Kind, e.Value, e.Why)
}

// Catalog resolves evidence values to entries. It is immutable after
// NewCatalog and safe for concurrent use.
type Catalog struct {
	entries []Entry
	names   map[string]int // name key (segment) -> entry
	// nameTrie holds the name keys, so a scan that can no longer grow
	// into a name stops at once: lookups stay linear on long hostile names.
	nameTrie *trie
	domains  map[string]int // keyString(foldHost(domain)) -> entry
	purls    map[string]int // keyString(PURLPrefixKey) -> entry
	cpes     map[string]int // keyString(CPEKey) -> entry
	ancestry [][]int        // entry, parent, grandparent ...
}

// minNameRunes is the shortest name the catalog accepts: one-letter names
// would match far too much.
const minNameRunes = 2

// NewCatalog precompiles entries into lookup maps. Parents must form a
// forest (the caller checks for cycles; NewCatalog reports them too).
func NewCatalog(entries []Entry) (*Catalog, error) {
	c := &Catalog{
		entries:  entries,
		names:    map[string]int{},
		nameTrie: newTrie(),
		domains:  map[string]int{},
		purls:    map[string]int{},
		cpes:     map[string]int{},
	}
	add := func(m map[string]int, kind Kind, key, value string, i int) error {
		if j, ok := m[key]; ok && j != i {
			return &DuplicateError{Kind: kind, Value: value, Entry: i, Other: j}
		}
		m[key] = i
		return nil
	}
	for i, e := range entries {
		for _, n := range e.Names {
			compact := Compact(n)
			runes := utf8.RuneCountInString(compact)
			if runes < minNameRunes {
				return nil, &InvalidError{Kind: KindName, Value: n, Entry: i, Why: fmt.Sprintf("normalizes to %q: too short to match safely", compact)}
			}
			k := string(segment(n).key)
			if err := add(c.names, KindName, k, n, i); err != nil {
				return nil, err
			}
			c.nameTrie.add(k, i, runes < minCompoundRunes)
		}
		for _, d := range e.Domains {
			k, ok := entityDomainKey(d)
			if !ok {
				return nil, &InvalidError{Kind: KindDomain, Value: d, Entry: i, Why: "not a domain name"}
			}
			if err := add(c.domains, KindDomain, k, d, i); err != nil {
				return nil, err
			}
		}
		for _, p := range e.PURLs {
			k, ok := PURLPrefixKey(p)
			if !ok {
				return nil, &InvalidError{Kind: KindPURL, Value: p, Entry: i, Why: `want "pkg:TYPE/NAMESPACE"`}
			}
			if err := add(c.purls, KindPURL, keyString(k), p, i); err != nil {
				return nil, err
			}
		}
		for _, v := range e.CPEs {
			k := CPEKey(v)
			if k == "" || strings.ContainsAny(k, ":*?") {
				return nil, &InvalidError{Kind: KindCPE, Value: v, Entry: i, Why: "want a CPE vendor string"}
			}
			if err := add(c.cpes, KindCPE, keyString(k), v, i); err != nil {
				return nil, err
			}
		}
	}
	c.nameTrie.freeze()
	c.ancestry = make([][]int, len(entries))
	for i := range entries {
		chain := []int{i}
		for p := entries[i].Parent; p >= 0; p = entries[p].Parent {
			if p >= len(entries) || len(chain) > len(entries) {
				return nil, fmt.Errorf("identity: entry %q: parent chain is broken or cyclic", entries[i].ID)
			}
			chain = append(chain, p)
		}
		c.ancestry[i] = chain
	}
	return c, nil
}

// Len returns the number of entries.
func (c *Catalog) Len() int { return len(c.entries) }

// Ancestry returns entry i followed by its parent, grandparent, ... The
// slice is shared: do not modify it.
func (c *Catalog) Ancestry(i int) []int { return c.ancestry[i] }

// IsAncestor reports whether a is b or one of b's ancestors.
func (c *Catalog) IsAncestor(a, b int) bool {
	for _, x := range c.ancestry[b] {
		if x == a {
			return true
		}
	}
	return false
}

// Match is the result of looking one evidence value up.
type Match struct {
	// Normalized is the comparison form of the value: the normalized name,
	// the registrable domain, "type/namespace" of a purl, the CPE vendor.
	Normalized string
	// Entries are the catalog entries the value names, in first-seen order.
	Entries []int
	// Usable is false for values that carry no origin claim at all: empty
	// after folding, a purl without a namespace, an "*" or "-" CPE vendor.
	Usable bool
	// Neutral marks a usable value that names a shared service rather than
	// an organisation (a code-hosting site, a public e-mail provider): it
	// can name an entry but never counts as a claim for an unlisted one.
	Neutral bool
}

// Lookup resolves one evidence value of the given kind: a name; a host,
// URL or e-mail address; a full package URL or its "type/namespace"; a CPE
// vendor or a whole CPE. Unknown kinds are not usable.
func (c *Catalog) Lookup(kind Kind, value string) Match {
	switch kind {
	case KindName:
		return c.lookupName(value)
	case KindDomain:
		return c.lookupDomain(value)
	case KindPURL:
		return c.lookupPURL(value)
	case KindCPE:
		return c.lookupCPE(value)
	}
	return Match{}
}

// LookupWholeName resolves a name that must equal a catalog name as a
// whole (after folding), for fields that hold person names as often as
// organisation names (authors): "Zhang Dahua" does not name Dahua there,
// while "ZTE Corporation" still names ZTE.
func (c *Catalog) LookupWholeName(v string) Match {
	g, toks := segmentTokens(v)
	m := Match{Normalized: strings.Join(toks, " "), Usable: len(toks) > 0}
	if e, ok := c.names[string(g.key)]; ok {
		m.Entries = []int{e}
	}
	// The displayed form counts too (see lookupName).
	if vis, ok := overrideVisual(v); ok {
		for _, e := range c.LookupWholeName(vis).Entries {
			m.Entries = appendUnique(m.Entries, e)
		}
	}
	return m
}

func (c *Catalog) lookupName(v string) Match {
	g, toks := segmentTokens(v)
	m := Match{Normalized: strings.Join(toks, " "), Usable: len(toks) > 0}
	// Every run of whole units, concatenated, is a candidate: "Hua wei",
	// "HuaweiTechnologies" and "Huawei Technologies" all contain "huawei"
	// as a run of whole units; "Aztec" does not contain "zte". A name run
	// together with compound words counts too ("huaweicloud").
	c.nameTrie.scan(&g, func(e int) { m.Entries = appendUnique(m.Entries, e) })
	// A right-to-left override makes a terminal or viewer show the text
	// after it reversed: "\u202eiewauH" is displayed "Huawei". The name a
	// reader sees counts as well as the bytes.
	if vis, ok := overrideVisual(v); ok {
		for _, e := range c.lookupName(vis).Entries {
			m.Entries = appendUnique(m.Entries, e)
		}
	}
	return m
}

// isParagraphSeparator reports the characters of bidi class B, which end
// every embedding and override.
func isParagraphSeparator(r rune) bool {
	switch r {
	case '\n', '\r', 0x1c, 0x1d, 0x1e, 0x85, '\u2029':
		return true
	}
	return false
}

// overrideVisual returns s as displayed when it contains a right-to-left
// override (U+202E): each overridden run, up to the closing PDF, PDI, a
// left-to-right override or the end of the paragraph, is reversed. ok is false
// when s has no override.
func overrideVisual(s string) (vis string, ok bool) {
	if !strings.ContainsRune(s, '\u202e') {
		return "", false
	}
	out := make([]rune, 0, len(s))
	var run []rune
	in := false
	flush := func() {
		for i := len(run) - 1; i >= 0; i-- {
			out = append(out, run[i])
		}
		run = run[:0]
	}
	for _, r := range s {
		switch {
		case r == '\u202e':
			in = true
		case in && (r == '\u202c' || r == '\u2069' || r == '\u202d' || isParagraphSeparator(r)):
			flush()
			in = false
		case in:
			run = append(run, r)
		default:
			out = append(out, r)
		}
	}
	flush()
	return string(out), true
}

func appendUnique(s []int, v int) []int {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// neutralDomains host many unrelated organisations: a URL or e-mail address
// there says nothing about who the organisation is.
var neutralDomains = map[string]bool{
	"github.com": true, "githubusercontent.com": true, "gitlab.com": true, "bitbucket.org": true,
	"sourceforge.net": true, "gitee.com": true, "googlesource.com": true, "codeberg.org": true,
	"gmail.com": true, "googlemail.com": true, "outlook.com": true, "hotmail.com": true, "live.com": true,
	"yahoo.com": true, "icloud.com": true, "proton.me": true, "protonmail.com": true,
	"qq.com": true, "163.com": true, "126.com": true, "foxmail.com": true, "yandex.ru": true, "mail.ru": true,
}

// foldHost folds a host name: IDNA to Unicode, then Fold per label.
func foldHost(h string) string {
	h = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
	if u, err := idna.Lookup.ToUnicode(h); err == nil {
		h = u
	}
	labels := strings.Split(h, ".")
	for i, l := range labels {
		labels[i] = Fold(l)
	}
	return strings.Join(labels, ".")
}

// hostOf extracts the host from a bare host, a URL or an e-mail address.
func hostOf(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.LastIndexByte(v, '@'); i >= 0 && !strings.Contains(v, "://") {
		v = v[i+1:]
	}
	if strings.Contains(v, "://") {
		if u, err := url.Parse(v); err == nil {
			return u.Hostname()
		}
	}
	if h, _, err := net.SplitHostPort(v); err == nil {
		v = h
	}
	if i := strings.IndexAny(v, "/?#"); i >= 0 {
		v = v[:i]
	}
	return strings.Trim(v, "[]")
}

// RegistrableDomain returns the registrable domain (eTLD+1, public suffix
// list) of a host, URL or e-mail address, lower case; an IP address or a
// bare public suffix is returned as is. ok is false when no host is found.
func RegistrableDomain(v string) (string, bool) {
	h := strings.TrimSuffix(strings.ToLower(hostOf(v)), ".")
	if h == "" {
		return "", false
	}
	if net.ParseIP(h) != nil {
		return h, true
	}
	ascii := h
	if a, err := idna.Lookup.ToASCII(h); err == nil {
		ascii = a
	}
	r, err := publicsuffix.EffectiveTLDPlusOne(ascii)
	if err != nil {
		return ascii, true
	}
	return r, true
}

func entityDomainKey(d string) (string, bool) {
	h := hostOf(d)
	if h == "" || strings.ContainsAny(h, " @*") || !strings.Contains(h, ".") {
		return "", false
	}
	return keyString(foldHost(h)), true
}

func (c *Catalog) lookupDomain(v string) Match {
	h := strings.TrimSuffix(strings.ToLower(hostOf(v)), ".")
	reg, ok := RegistrableDomain(h)
	if !ok {
		return Match{}
	}
	regFolded := foldHost(reg)
	regKey := keyString(regFolded)
	m := Match{Normalized: regFolded, Usable: true, Neutral: neutralDomains[reg]}
	// Candidates: the host and every parent down to the registrable domain,
	// so an entity may list a host ("consumer.vendor.com") or a registrable
	// domain ("vendor.com"), and nothing above the registrable domain of the
	// evidence is ever consulted ("vendor.com.other.example" stays
	// other.example).
	hk := keyString(foldHost(h))
	for {
		if e, ok := c.domains[hk]; ok {
			m.Entries = appendUnique(m.Entries, e)
		}
		if hk == regKey || len(hk) <= len(regKey) {
			break
		}
		i := strings.IndexByte(hk, '.')
		if i < 0 {
			break
		}
		hk = hk[i+1:]
	}
	if e, ok := c.domains[regKey]; ok {
		m.Entries = appendUnique(m.Entries, e)
	}
	return m
}

// PURLPrefixKey parses "pkg:TYPE/NAMESPACE" (the "pkg:" is optional) into
// the catalog's key "type/namespace": type lower case, namespace
// percent-decoded and folded (case and confusables) segment by segment.
// Namespaces compare case-insensitively for every purl type: a change of
// case never makes a different vendor.
func PURLPrefixKey(p string) (string, bool) {
	p = strings.TrimSpace(p)
	p = strings.TrimPrefix(strings.TrimPrefix(p, "pkg:"), "PKG:")
	p = strings.TrimLeft(p, "/")
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	typ, ns, ok := strings.Cut(p, "/")
	ns = strings.Trim(ns, "/")
	if !ok || typ == "" || ns == "" {
		return "", false
	}
	if d, err := url.PathUnescape(ns); err == nil {
		ns = d
	}
	return strings.ToLower(typ) + "/" + Fold(ns), true
}

// purlOrigin reduces a full package URL ("pkg:type/namespace/name@v?q#s")
// to "type/namespace"; anything else is taken to be "type/namespace"
// already (sbom.Evidence.Value). A purl without a namespace gives just the
// type, which names no vendor.
func purlOrigin(v string) string {
	v = strings.TrimSpace(v)
	if len(v) < 4 || !strings.EqualFold(v[:4], "pkg:") {
		return v
	}
	v = strings.TrimLeft(v[4:], "/")
	if i := strings.IndexAny(v, "?#"); i >= 0 {
		v = v[:i]
	}
	v = strings.TrimRight(v, "/")
	if i := strings.LastIndexByte(v, '/'); i >= 0 {
		return v[:i] // drop name@version
	}
	return v
}

func (c *Catalog) lookupPURL(v string) Match {
	k, ok := PURLPrefixKey(purlOrigin(v))
	if !ok {
		return Match{}
	}
	m := Match{Normalized: k, Usable: true}
	typ, ns, _ := strings.Cut(keyString(k), "/")
	// Every prefix of the namespace ending at a segment boundary ("/" or
	// "."), under the exact type and under "*".
	for i := 0; i <= len(ns); i++ {
		if i < len(ns) && ns[i] != '/' && ns[i] != '.' {
			continue
		}
		pre := ns[:i]
		if pre == "" {
			continue
		}
		if e, ok := c.purls[typ+"/"+pre]; ok {
			m.Entries = appendUnique(m.Entries, e)
		}
		if e, ok := c.purls["*/"+pre]; ok {
			m.Entries = appendUnique(m.Entries, e)
		}
	}
	return m
}

// CPEKey folds a CPE vendor for comparison.
func CPEKey(v string) string {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(strings.ToLower(v), "cpe:") {
		v = cpeVendor(v)
	}
	v = strings.ReplaceAll(v, `\`, "")
	return Fold(v)
}

// cpeVendor extracts the vendor of a CPE 2.3 formatted string or a CPE 2.2
// URI.
func cpeVendor(s string) string {
	parts := strings.Split(s, ":")
	if strings.HasPrefix(strings.ToLower(s), "cpe:2.3:") {
		if len(parts) > 3 {
			return parts[3]
		}
		return ""
	}
	if len(parts) > 2 { // cpe:/a:vendor:product
		return parts[2]
	}
	return ""
}

func (c *Catalog) lookupCPE(v string) Match {
	k := CPEKey(v)
	if k == "" || k == "*" || k == "-" {
		return Match{}
	}
	m := Match{Normalized: k, Usable: true}
	if e, ok := c.cpes[keyString(k)]; ok {
		m.Entries = []int{e}
	}
	return m
}
