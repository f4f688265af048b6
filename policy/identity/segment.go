package identity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the matching side of name folding (package
// documentation, steps 4 and 8–10): the word boundaries a reader sees inside a
// token, the comparison key, and the scan of a name for catalog names.

// unitMark separates the units of one word while a name is being folded. It
// is a noncharacter: the fold leaves it alone, and one that arrives in
// the input is read as a separator before any mark is added.
const unitMark = '\uFDD0'

// CompoundSuffixes are the words a catalog name may be run together with,
// after it, in one token: "HuaweiCloud", "huaweicloud", "ZTEsoft" and
// "hikvisiontech" all name their vendor, while "Dahuang" is not Dahua
// ("ng" is no word here) and "Aztec" is not ZTE (a name inside a token
// matches only from the token's start or after a CompoundPrefixes word).
// Every legal suffix of three letters or more (LegalSuffixes: "ltd",
// "gmbh", "coltd") counts too; two-letter ones ("AG", "SE", "AS") only
// as words of their own, they end too many words. The words are
// descriptive corporate words, product words and the letters of trade
// marks; they are folded like names.
var CompoundSuffixes = []string{
	"tech", "techs", "technology", "technologies", "technik", "technique",
	"soft", "software", "net", "nets", "network", "networks", "networking",
	"cloud", "clouds", "digital", "device", "devices", "electronic", "electronics", "electric",
	"semi", "semiconductor", "semiconductors", "micro", "microelectronics", "chip", "chips",
	"telecom", "telecoms", "telecommunication", "telecommunications",
	"comm", "comms", "communication", "communications", "mobile", "wireless", "radio",
	"system", "systems", "sys", "solution", "solutions", "service", "services",
	"group", "holding", "holdings", "international", "intl", "global", "worldwide",
	"lab", "labs", "research", "dev", "developer", "developers", "open", "oss", "source",
	"sdk", "api", "apis", "os", "fw", "firmware", "driver", "drivers", "bsp", "hw", "sw",
	"iot", "ai", "app", "apps", "web", "online", "security", "secure", "vision", "video",
	"cn", "china", "us", "usa", "uk", "de", "eu", "europe", "jp", "japan", "kr", "korea", "india",
	"tm", "sm",
}

// CompoundPrefixes are the words a catalog name may follow in one token:
// library and package-naming prefixes ("libhuawei", "pyzte",
// "MyHuawei").
var CompoundPrefixes = []string{"lib", "my", "go", "py", "js", "node", "the"}

// minCompoundRunes is the shortest catalog name (in runes, see Compact)
// that matches run together with a compound word; shorter names match
// whole units only.
const minCompoundRunes = 3

// keyRune appends the comparison key of one folded character: the letters
// a reader confuses across case and with digits are one letter in keys
// (i, l — so capital I, small l, digit 1 and | meet — and s, 5), and "m"
// is "rn" (the skeleton's own spelling, so that an "r" and an "n" in
// different units still meet an "m").
func keyRune(b []byte, r rune) []byte {
	switch r {
	case 'l':
		return append(b, 'i')
	case '5':
		return append(b, 's')
	case 'm':
		return append(b, 'r', 'n')
	}
	return utf8.AppendRune(b, r)
}

// keyString is the comparison key of folded text (domains, purl
// namespaces, CPE vendors: separators are kept).
func keyString(folded string) string {
	if !strings.ContainsAny(folded, "lm5") {
		return folded
	}
	b := make([]byte, 0, len(folded)+4)
	for _, r := range folded {
		b = keyRune(b, r)
	}
	return string(b)
}

// segmented is a name cut into units: key holds the keys of all units,
// concatenated; cuts marks the unit boundaries (offsets into key, with 0 and
// len(key)); words holds the offset at which each word starts. Words are
// what separators delimit, units what a reader sees inside a word.
type segmented struct {
	key   []byte
	cuts  []int
	words []int
	open  bool // inside a unit
	inW   bool // inside a word
}

func (g *segmented) cut() {
	if n := len(g.key); len(g.cuts) == 0 || g.cuts[len(g.cuts)-1] != n {
		g.cuts = append(g.cuts, n)
	}
}

// mark ends the current unit, not the word.
func (g *segmented) mark() {
	if g.open {
		g.cut()
		g.open = false
	}
}

// sep ends the current word.
func (g *segmented) sep() {
	g.mark()
	g.inW = false
}

// add feeds one folded character.
func (g *segmented) add(r rune) {
	switch {
	case r == unitMark:
		g.mark()
	case isIdeographic(r):
		g.sep()
		g.words = append(g.words, len(g.key))
		g.cut()
		g.key = utf8.AppendRune(g.key, r)
		g.cut()
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r):
		if !g.inW {
			g.words = append(g.words, len(g.key))
			g.inW = true
		}
		if !g.open {
			g.cut()
			g.open = true
		}
		g.key = keyRune(g.key, r)
	default:
		g.sep()
	}
}

// stripSuffixes removes trailing legal suffixes (whole words, longest
// first, while one word remains), as Tokens does.
func (g *segmented) stripSuffixes() {
	for {
		best := 0
		for _, suf := range suffixKeys {
			n := len(suf)
			if n >= len(g.words) || n <= best {
				continue
			}
			if g.wordsEqual(len(g.words)-n, suf) {
				best = n
			}
		}
		if best == 0 {
			break
		}
		end := g.words[len(g.words)-best]
		g.words = g.words[:len(g.words)-best]
		g.key = g.key[:end]
		for len(g.cuts) > 0 && g.cuts[len(g.cuts)-1] > end {
			g.cuts = g.cuts[:len(g.cuts)-1]
		}
		g.cut()
	}
}

// wordsEqual reports whether the words from index i on have the keys suf.
func (g *segmented) wordsEqual(i int, suf []string) bool {
	for k, w := range suf {
		start := g.words[i+k]
		end := len(g.key)
		if i+k+1 < len(g.words) {
			end = g.words[i+k+1]
		}
		if string(g.key[start:end]) != w {
			return false
		}
	}
	return true
}

// suffixKeys are the legal suffixes as word keys.
var suffixKeys [][]string

// compoundSuffixWords and compoundPrefixWords hold the compound words as
// keys (compoundSuffixWords also every legal suffix, its words joined).
var compoundSuffixWords, compoundPrefixWords *trie

func init() {
	seen := map[string]bool{}
	for _, s := range LegalSuffixes {
		g := segmentWords(s)
		if len(g.words) == 0 {
			continue
		}
		var ws []string
		for i := range g.words {
			end := len(g.key)
			if i+1 < len(g.words) {
				end = g.words[i+1]
			}
			ws = append(ws, string(g.key[g.words[i]:end]))
		}
		suffixKeys = append(suffixKeys, ws)
		if j := strings.Join(ws, ""); utf8.RuneCountInString(j) >= 3 {
			seen[j] = true
		}
	}
	compoundSuffixWords, compoundPrefixWords = newTrie(), newTrie()
	for _, w := range CompoundSuffixes {
		seen[string(segmentWords(w).key)] = true
	}
	for w := range seen {
		compoundSuffixWords.add(w, 0, false)
	}
	for _, w := range CompoundPrefixes {
		compoundPrefixWords.add(string(segmentWords(w).key), 0, false)
	}
	compoundSuffixWords.freeze()
	compoundPrefixWords.freeze()
}

// The as-written classes of characters that decide unit boundaries.
const (
	clsSep   = iota // not a letter, digit or mark as written
	clsMark         // a combining mark: part of the character before it
	clsUpper        // upper or title case letter
	clsLower        // lower case letter
	clsOther        // letter without case, letter number
	clsDigit        // decimal digit or other number
)

// written is what matters of a character as written: its class, its
// presentation style (form_table.go) and its script.
type written struct {
	cls, style, script uint8
}

// scripts whose letters a reader tells apart from Latin ones; letters of
// other scripts share one class, and styled letters (𝐇, Ⓗ) have none.
var boundaryScripts = []*unicode.RangeTable{unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Armenian, unicode.Cherokee, unicode.Coptic}

func classify(r rune) written {
	if r < utf8.RuneSelf {
		switch {
		case 'A' <= r && r <= 'Z':
			return written{cls: clsUpper, script: 1}
		case 'a' <= r && r <= 'z':
			return written{cls: clsLower, script: 1}
		case '0' <= r && r <= '9':
			return written{cls: clsDigit}
		}
		return written{cls: clsSep}
	}
	var w written
	switch {
	case unicode.Is(unicode.M, r):
		return written{cls: clsMark}
	case unicode.IsUpper(r) || unicode.IsTitle(r):
		w.cls = clsUpper
	case unicode.IsLower(r):
		w.cls = clsLower
	case unicode.IsLetter(r) || unicode.Is(unicode.Nl, r):
		w.cls = clsOther
	case unicode.IsNumber(r):
		w.cls = clsDigit
	default:
		w.cls = clsSep
	}
	if _, w.style = formOf(r); w.style == styleSign {
		return written{cls: clsSep}
	}
	if w.style != 0 && w.cls == clsSep {
		// A symbol written as a letter (Ⓗ, 🅷, 🇭) is a letter; enclosed
		// letters have their case as a property.
		switch {
		case unicode.Is(unicode.Other_Uppercase, r):
			w.cls = clsUpper
		case unicode.Is(unicode.Other_Lowercase, r):
			w.cls = clsLower
		default:
			w.cls = clsOther
		}
	}
	if w.style == 0 && w.cls != clsDigit && w.cls != clsSep {
		w.script = uint8(len(boundaryScripts) + 1)
		for i, t := range boundaryScripts {
			if unicode.Is(t, r) {
				w.script = uint8(i + 1)
				break
			}
		}
	}
	return w
}

// cutBetween reports a unit boundary between two adjacent letters or
// digits a and b, as written (next is the character after b): a change of
// presentation style (plain, 𝐛𝐨𝐥𝐝, Ⓒⓘⓡⓒⓛⓔⓓ, ᴴᴵᴳᴴ, ...) or of script,
// letters against digits, lower case against upper case ("myHuawei"), and
// the last capital of a capital run before a lower-case letter
// ("ZTECorp" is ZTE Corp).
func cutBetween(a, b, next written) bool {
	switch {
	case a.style != b.style, a.script != b.script:
		return true
	case (a.cls == clsDigit) != (b.cls == clsDigit):
		return true
	case a.cls == clsLower && b.cls == clsUpper:
		return true
	case a.cls == clsUpper && b.cls == clsUpper && next.cls == clsLower:
		return true
	}
	return false
}

// segment folds a name and cuts it into units and words (package
// documentation, steps 1–9). It is the only reading of a name the
// catalog matches on: catalog names go through it too.
func segment(s string) segmented {
	g := segmentWords(s)
	g.stripSuffixes()
	return g
}

// segmentWords is segment without the removal of legal suffixes.
func segmentWords(s string) segmented {
	var g segmented
	if isASCII(s) {
		segmentASCII(&g, s)
	} else {
		segmentSlow(&g, s)
	}
	g.sep()
	return g
}

// segmentSlow is segmentWords without the ASCII fast path. It returns the
// folded text with its unit marks.
func segmentSlow(g *segmented, s string) string {
	f := foldSlow(markUnits(s))
	for _, r := range f {
		g.add(r)
	}
	return f
}

// segmentTokens returns segment(s) and Tokens(s) from one fold: the fold
// of the marked text is the fold of the text, marks aside (marks sit only
// between letters that nothing in the fold combines: never before a
// combining mark, never inside a Hangul syllable), but for the "rn" → "m"
// rewrite, which a mark stops. TestSegmentTokens and FuzzNormalize check
// it against Tokens.
func segmentTokens(s string) (segmented, []string) {
	var g segmented
	var toks []string
	if isASCII(s) {
		segmentASCII(&g, s)
		toks = Tokens(s)
	} else {
		f := segmentSlow(&g, s)
		f = strings.ReplaceAll(strings.ReplaceAll(f, string(unitMark), ""), "rn", "m")
		toks = stripSuffixes(split(f))
	}
	g.sep()
	g.stripSuffixes()
	return g, toks
}

// markUnits writes s with unitMark at every unit boundary, as written:
// invisible characters removed first (so they never cut a unit), signs and
// separators kept but set apart by marks (some fold into letters: | is l).
func markUnits(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	var prev written // the last letter or digit, while no separator followed it
	havePrev := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r >= utf8.RuneSelf && isIgnorable(r) {
			continue
		}
		if r == unitMark {
			r = ' '
		}
		w := classify(r)
		switch w.cls {
		case clsMark:
			b.WriteRune(r)
			continue
		case clsSep:
			b.WriteRune(unitMark)
			b.WriteRune(r)
			b.WriteRune(unitMark)
			havePrev = false
			continue
		}
		if havePrev && cutBetween(prev, w, nextWritten(s[i:])) {
			b.WriteRune(unitMark)
		}
		b.WriteRune(r)
		prev, havePrev = w, true
	}
	return b.String()
}

// nextWritten classifies the first character of s that is neither
// ignorable nor a combining mark (the zero written, a separator, if none).
// Each call reads only the marks of one letter, so markUnits stays linear.
func nextWritten(s string) written {
	for _, r := range s {
		if r >= utf8.RuneSelf && isIgnorable(r) {
			continue
		}
		if w := classify(r); w.cls != clsMark {
			return w
		}
	}
	return written{}
}

// segmentASCII is segment for ASCII text: the same boundaries and keys
// from per-character tables (the fold of ASCII works character by
// character). TestSegmentASCII and FuzzNormalize check it against the
// general path.
func segmentASCII(g *segmented, s string) {
	prev := written{cls: clsSep}
	for i := 0; i < len(s); i++ {
		c := s[i]
		w := asciiWritten[c]
		if w.cls == clsSep {
			g.mark()
			for _, r := range asciiFold[c] {
				g.add(r)
			}
			g.mark()
			prev = w
			continue
		}
		if prev.cls != clsSep {
			next := written{}
			if i+1 < len(s) {
				next = asciiWritten[s[i+1]]
			}
			if cutBetween(prev, w, next) {
				g.mark()
			}
		}
		// g.add for a letter or digit, whose fold is one letter or digit.
		if !g.inW {
			g.words = append(g.words, len(g.key))
			g.inW = true
		}
		if !g.open {
			g.cut()
			g.open = true
		}
		g.key = append(g.key, asciiKey[c]...)
		prev = w
	}
}

// asciiWritten is classify of each ASCII character; asciiKey the key of
// the fold of each ASCII letter and digit (filled with asciiFold).
var (
	asciiWritten = func() (t [128]written) {
		for c := range t {
			t[c] = classify(rune(c))
		}
		return t
	}()
	asciiKey [128]string
)

// trie is a byte trie over keys, for scanning a name for catalog names and
// compound words in one pass. Node 0 is the root; its children are
// indexed directly, the others' are short sorted lists.
type trie struct {
	root  [256]int32
	nodes []trieNode
	edges map[uint64]int32 // (node<<8 | byte) -> child, while building
}

type trieNode struct {
	next  []trieEdge
	entry int32 // -1: no key ends here
	short bool  // the key ending here is too short for compound matching
}

type trieEdge struct {
	b  byte
	to int32
}

func newTrie() *trie {
	t := &trie{nodes: []trieNode{{entry: -1}}, edges: map[uint64]int32{}}
	for i := range t.root {
		t.root[i] = -1
	}
	return t
}

func (t *trie) add(key string, entry int, short bool) {
	n := int32(0)
	for i := 0; i < len(key); i++ {
		k := uint64(n)<<8 | uint64(key[i])
		c, ok := t.edges[k]
		if !ok {
			c = int32(len(t.nodes))
			t.nodes = append(t.nodes, trieNode{entry: -1})
			t.edges[k] = c
			if n == 0 {
				t.root[key[i]] = c
			} else {
				nd := &t.nodes[n]
				j := 0
				for j < len(nd.next) && nd.next[j].b < key[i] {
					j++
				}
				nd.next = append(nd.next, trieEdge{})
				copy(nd.next[j+1:], nd.next[j:])
				nd.next[j] = trieEdge{key[i], c}
			}
		}
		n = c
	}
	t.nodes[n].entry = int32(entry)
	t.nodes[n].short = short
}

// freeze drops what only add needs.
func (t *trie) freeze() { t.edges = nil }

// step returns the child of node n for byte b, or -1.
func (t *trie) step(n int32, b byte) int32 {
	if n == 0 {
		return t.root[b]
	}
	for _, e := range t.nodes[n].next {
		if e.b == b {
			return e.to
		}
		if e.b > b {
			break
		}
	}
	return -1
}

// bitset is a set of offsets.
type bitset []uint64

func newBitset(n int) bitset       { return make(bitset, n/64+1) }
func (s bitset) set(i int)         { s[i>>6] |= 1 << (uint(i) & 63) }
func (s bitset) has(i int) bool    { return s[i>>6]&(1<<(uint(i)&63)) != 0 }
func (s bitset) copyFrom(o bitset) { copy(s, o) }

// scan calls found for every catalog name in g, at the boundaries a
// reader sees (package documentation, step 10): a name matches where it
// starts at a unit boundary or after compound prefix words, and ends at a
// unit boundary or before compound suffix words reaching one. A name of
// fewer than minCompoundRunes runes matches at unit boundaries only. Each
// start walks the trie only while the text can still become a name, so a
// scan is linear in the length of the name with a small constant, however
// long and hostile the name.
func (names *trie) scan(g *segmented, found func(entry int)) {
	n := len(g.key)
	if n == 0 {
		return
	}
	key := g.key
	cuts := newBitset(n)
	for _, c := range g.cuts {
		cuts.set(c)
	}
	// starts: unit boundaries, and ends of compound prefix chains.
	starts := newBitset(n)
	starts.copyFrom(cuts)
	for p := 0; p < n; p++ {
		if !starts.has(p) {
			continue
		}
		for q, nd := p, int32(0); q < n; q++ {
			if nd = compoundPrefixWords.step(nd, key[q]); nd < 0 {
				break
			}
			if compoundPrefixWords.nodes[nd].entry >= 0 {
				starts.set(q + 1)
			}
		}
	}
	var ends bitset // unit boundaries, and starts of compound suffix chains; built when first needed
	for p := 0; p < n; p++ {
		if !starts.has(p) {
			continue
		}
		whole := cuts.has(p)
		for q, nd := p, int32(0); q < n; q++ {
			if nd = names.step(nd, key[q]); nd < 0 {
				break
			}
			node := &names.nodes[nd]
			if node.entry < 0 {
				continue
			}
			e := q + 1
			switch {
			case whole && cuts.has(e):
				found(int(node.entry))
			case node.short:
			default:
				if ends == nil {
					ends = compoundEnds(key, cuts)
				}
				if ends.has(e) {
					found(int(node.entry))
				}
			}
		}
	}
}

// compoundEnds returns the offsets from which compound suffix words, run
// together, reach a unit boundary (the boundaries themselves included).
func compoundEnds(key []byte, cuts bitset) bitset {
	n := len(key)
	ends := newBitset(n)
	ends.copyFrom(cuts)
	for p := n - 1; p >= 0; p-- {
		if ends.has(p) {
			continue
		}
		for q, nd := p, int32(0); q < n; q++ {
			if nd = compoundSuffixWords.step(nd, key[q]); nd < 0 {
				break
			}
			if compoundSuffixWords.nodes[nd].entry >= 0 && ends.has(q+1) {
				ends.set(p)
				break
			}
		}
	}
	return ends
}
