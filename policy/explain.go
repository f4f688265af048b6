package policy

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/fwprov/fwprov/policy/identity"
)

// Kinds of value Explain reads. They are the evidence kinds of identity
// resolution (name, domain, purl, cpe), person (a name in a field that
// holds people: only a whole name counts), and the content identifiers of
// the catalog (pci, usb, dt).
const (
	ExplainAuto       = "auto"
	ExplainName       = "name"
	ExplainPerson     = "person"
	ExplainDomain     = "domain"
	ExplainPURL       = "purl"
	ExplainCPE        = "cpe"
	ExplainPCI        = "pci"
	ExplainUSB        = "usb"
	ExplainDeviceTree = "dt"
)

// ExplainKinds lists the kinds Explain accepts, auto first. "email" and
// "url" are read as domain.
var ExplainKinds = []string{ExplainAuto, ExplainName, ExplainPerson, ExplainDomain, "email", "url", ExplainPURL, ExplainCPE, ExplainPCI, ExplainUSB, ExplainDeviceTree}

// maxExplainLen bounds an explained value, like a catalog value's bound
// times eight: the run enumeration below is quadratic in tokens.
const maxExplainLen = 8 * maxValueLen

// Explanation says how one string resolves against the catalog and why:
// what it folds to, which catalog values match it, the entities they
// belong to with their ancestry, and the entity it resolves to.
type Explanation struct {
	Input string `json:"input"`
	Kind  string `json:"kind"`
	// Normalized is the folded comparison form: the normalized name, the
	// registrable domain, "type/namespace" of a purl, the CPE vendor, the
	// lower-case hardware ID.
	Normalized string `json:"normalized"`
	// Usable is false for a value that carries no origin claim (empty after
	// folding, a purl without a namespace, a "*" CPE vendor).
	Usable bool `json:"usable"`
	// Neutral marks a shared service (a code forge, a public mail
	// provider): it names an entity that lists it, and no other.
	Neutral bool               `json:"neutral,omitempty"`
	Matches []ExplanationMatch `json:"matches,omitempty"`
	// Resolved is the entity the value names once an entity and its
	// ancestors fold into the most specific; empty when it names none or
	// entities of different family lines (Conflict).
	Resolved string `json:"resolved,omitempty"`
	Conflict bool   `json:"conflict,omitempty"`
}

// ExplanationMatch is one catalog entity a value names.
type ExplanationMatch struct {
	Entity string `json:"entity"`
	Name   string `json:"name"`
	// By lists the catalog values that account for the match.
	By []MatchedValue `json:"by"`
	// Ancestry is the entity, its parent, grandparent ...
	Ancestry []string `json:"ancestry"`
	// FormerFamily lists the families the entity left (Entity.Divested).
	FormerFamily []string    `json:"formerFamily,omitempty"`
	Divested     *Divestment `json:"divested,omitempty"`
	// Tags are the tags of the entity and its ancestors.
	Tags []string `json:"tags,omitempty"`
}

// MatchedValue is a catalog value that matched: the entity field it is in,
// the value as written, its folded key, its source.
type MatchedValue struct {
	Field        string `json:"field"`
	Value        string `json:"value"`
	Key          string `json:"key,omitempty"`
	Source       string `json:"source,omitempty"`
	PersonalName bool   `json:"personalName,omitempty"`
}

var (
	emailPattern   = regexp.MustCompile(`^[^\s@]+@[^\s@]+\.[^\s@]+$`)
	hostPattern    = regexp.MustCompile(`^[\pL\pN-]+(\.[\pL\pN-]+)+\.?$`)
	compatiblePart = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*,[^\s,]+$`)
)

// DetectKind guesses what a value is: a purl ("pkg:"), a CPE ("cpe:"), a
// URL or e-mail address or host name (domain), a devicetree compatible
// string (dt), else a name. Hardware vendor IDs need an explicit kind.
func DetectKind(v string) string {
	t := strings.TrimSpace(v)
	l := strings.ToLower(t)
	switch {
	case strings.HasPrefix(l, "pkg:"):
		return ExplainPURL
	case strings.HasPrefix(l, "cpe:"):
		return ExplainCPE
	case strings.Contains(t, "://"), emailPattern.MatchString(t), hostPattern.MatchString(t):
		return ExplainDomain
	case compatiblePart.MatchString(l):
		return ExplainDeviceTree
	}
	return ExplainName
}

// Explain resolves one value of the given kind (see ExplainKinds) against
// the catalog and says why it resolves as it does.
func (p *Policy) Explain(kind, value string) (*Explanation, error) {
	if p == nil || p.catalog == nil {
		return nil, fmt.Errorf("policy: explain: policy not loaded")
	}
	if len(value) > maxExplainLen {
		return nil, fmt.Errorf("policy: explain: value longer than %d bytes", maxExplainLen)
	}
	switch kind {
	case "", ExplainAuto:
		kind = DetectKind(value)
	case "email", "url":
		kind = ExplainDomain
	}
	x := &Explanation{Input: value, Kind: kind}
	var entries []int
	switch kind {
	case ExplainName, ExplainPerson, ExplainDomain, ExplainPURL, ExplainCPE:
		var m identity.Match
		switch kind {
		case ExplainPerson:
			m = p.catalog.LookupWholeName(value)
		case ExplainName:
			m = p.catalog.Lookup(identity.KindName, value)
		default:
			m = p.catalog.Lookup(identity.Kind(kind), value)
		}
		x.Normalized, x.Usable, x.Neutral, entries = m.Normalized, m.Usable, m.Neutral, m.Entries
	case ExplainPCI, ExplainUSB, ExplainDeviceTree:
		hk := map[string]HardwareKind{ExplainPCI: HardwarePCI, ExplainUSB: HardwareUSB, ExplainDeviceTree: HardwareDeviceTree}[kind]
		x.Normalized = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(value)), "0x")
		if kind == ExplainDeviceTree {
			x.Normalized, _, _ = strings.Cut(x.Normalized, ",")
		}
		x.Usable = x.Normalized != ""
		if e, ok := p.EntityByHardwareID(hk, value); ok {
			entries = []int{p.entityIx[e.ID]}
		}
	default:
		return nil, fmt.Errorf("policy: explain: unknown kind %q (want %s)", kind, strings.Join(ExplainKinds, ", "))
	}
	for _, i := range entries {
		e := &p.Entities[i]
		em := ExplanationMatch{Entity: e.ID, Name: e.Name, By: p.matchedValues(kind, value, x.Normalized, e),
			Ancestry: p.Ancestry(e.ID), FormerFamily: p.FormerFamily(e.ID), Divested: e.Divested, Tags: p.EffectiveTags(e.ID)}
		x.Matches = append(x.Matches, em)
	}
	var minimal []int
	for _, e := range entries {
		if !slices.ContainsFunc(entries, func(o int) bool { return o != e && p.catalog.IsAncestor(e, o) }) {
			minimal = append(minimal, e)
		}
	}
	switch len(minimal) {
	case 0:
	case 1:
		x.Resolved = p.Entities[minimal[0]].ID
	default:
		x.Conflict = true
	}
	return x, nil
}

// matchedValues finds the values of e that account for a match. The
// identity catalog decides what matches; this only names the values, for
// a reader.
func (p *Policy) matchedValues(kind, value, normalized string, e *Entity) []MatchedValue {
	var out []MatchedValue
	add := func(field string, f Fact, key string) {
		out = append(out, MatchedValue{Field: field, Value: f.Value, Key: key, Source: f.Source, PersonalName: f.PersonalName})
	}
	names := append(Facts{{Value: e.Name}}, e.Aliases...)
	field := func(i int) string {
		if i == 0 {
			return "name"
		}
		return "aliases"
	}
	switch kind {
	case ExplainName:
		// A value matched only through its displayed form (a bidi override)
		// finds no run here; the caller shows the match without values.
		runs := tokenRuns(identity.Tokens(value))
		for i, n := range names {
			if k := identity.Compact(n.Value); runs[k] {
				add(field(i), n, k)
			}
		}
	case ExplainPerson:
		k := identity.Compact(value)
		for i, n := range names {
			if identity.Compact(n.Value) == k {
				add(field(i), n, k)
			}
		}
	case ExplainDomain:
		host := identity.Fold(strings.TrimSuffix(strings.ToLower(hostOfValue(value)), "."))
		for _, d := range e.Domains {
			dk := identity.Fold(strings.TrimSuffix(strings.ToLower(d.Value), "."))
			if host == dk || strings.HasSuffix(host, "."+dk) {
				add("domains", d, dk)
			}
		}
	case ExplainPURL:
		typ, ns, _ := strings.Cut(normalized, "/")
		for _, f := range e.PURL {
			k, ok := identity.PURLPrefixKey(f.Value)
			if !ok {
				continue
			}
			pt, pns, _ := strings.Cut(k, "/")
			if (pt == typ || pt == "*") && (ns == pns || strings.HasPrefix(ns, pns+"/") || strings.HasPrefix(ns, pns+".")) {
				add("purl", f, k)
			}
		}
	case ExplainCPE:
		for _, f := range e.CPE {
			if k := identity.CPEKey(f.Value); k == normalized {
				add("cpe", f, k)
			}
		}
	case ExplainPCI, ExplainUSB, ExplainDeviceTree:
		list, key := e.PCIVendorIDs, "pciVendorIDs"
		if kind == ExplainUSB {
			list, key = e.USBVendorIDs, "usbVendorIDs"
		} else if kind == ExplainDeviceTree {
			list, key = e.DeviceTreePrefixes, "deviceTreePrefixes"
		}
		for _, f := range list {
			if strings.TrimPrefix(strings.ToLower(f.Value), "0x") == normalized {
				add(key, f, normalized)
			}
		}
	}
	return out
}

// tokenRuns returns every contiguous run of tokens, concatenated.
func tokenRuns(toks []string) map[string]bool {
	runs := map[string]bool{}
	for i := range toks {
		var b strings.Builder
		for j := i; j < len(toks); j++ {
			b.WriteString(toks[j])
			runs[b.String()] = true
		}
	}
	return runs
}

// hostOfValue extracts the host of a URL, e-mail address or host name.
func hostOfValue(v string) string {
	v = strings.TrimSpace(v)
	if _, after, ok := strings.Cut(v, "://"); ok {
		v = after
	} else if i := strings.LastIndexByte(v, '@'); i >= 0 {
		v = v[i+1:]
	}
	if i := strings.IndexAny(v, "/?#"); i >= 0 {
		v = v[:i]
	}
	if i := strings.LastIndexByte(v, '@'); i >= 0 {
		v = v[i+1:]
	}
	if h, _, ok := strings.Cut(v, ":"); ok && !strings.Contains(h, "[") {
		v = h
	}
	return v
}

// ScriptOf returns the ISO 15924 code of the writing system of a name: the
// fact's own Script when set, else detected (Latn, Cyrl, Grek, Hani for Han
// without kana, Jpan with kana, Kore for Hangul, Zyyy when none).
func ScriptOf(f Fact) string {
	if f.Script != "" {
		return f.Script
	}
	var han, kana, hangul, cyr, greek, latin bool
	for _, r := range f.Value {
		switch {
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			kana = true
		case unicode.Is(unicode.Han, r):
			han = true
		case unicode.Is(unicode.Hangul, r):
			hangul = true
		case unicode.Is(unicode.Cyrillic, r):
			cyr = true
		case unicode.Is(unicode.Greek, r):
			greek = true
		case unicode.Is(unicode.Latin, r):
			latin = true
		}
	}
	switch {
	case kana:
		return "Jpan"
	case hangul:
		return "Kore"
	case han:
		return "Hani"
	case cyr:
		return "Cyrl"
	case greek:
		return "Grek"
	case latin:
		return "Latn"
	}
	return "Zyyy"
}
