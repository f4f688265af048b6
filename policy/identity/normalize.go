package identity

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtibben/confusables"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/rangetable"
)

// maxFoldRounds bounds the fixed-point iteration of Fold. Every step is
// idempotent on its own; the rounds only absorb interactions between them
// (a skeleton that yields upper case, a compatibility character that
// decomposes into a confusable).
const maxFoldRounds = 4

// Fold applies the character-level folding used for every comparison (the
// package documentation, steps 1–3 and 5–7): default-ignorable code points
// removed, signs (™, ℠, ...) to spaces, the confusables skeleton as
// written, NFKD, the as-written and letter-form tables, case folding, the
// UTS #39 confusables skeleton, case folding again, removal of combining
// marks and NFKC, repeated until the result no longer changes.
// Punctuation and spacing are kept; see Tokens and Normalize for names.
func Fold(s string) string {
	if isASCII(s) {
		return foldASCII(s)
	}
	return foldSlow(s)
}

// foldSlow is Fold without the ASCII fast path.
func foldSlow(s string) string { return foldRounds(s, true) }

// foldRounds repeats foldOnce to the fixed point; asciiTail: hand ASCII
// text on to foldASCII (which is built with asciiTail false).
func foldRounds(s string, asciiTail bool) string {
	for range maxFoldRounds {
		t := foldOnce(s)
		if t == s {
			return t
		}
		if asciiTail && isASCIIOrMarks(t) {
			// The rest of the way is the fold of ASCII text (most names
			// outside ASCII are there after one round: accents, fullwidth);
			// foldASCII keeps segment's unit marks, which stop its "rn"
			// rewrite as they stop the general one.
			return foldASCII(t)
		}
		s = t
	}
	return s
}

func foldOnce(s string) string { return foldOnceWith(s, formLetter) }

// foldOnceWith is one round of Fold; letterOf is the as-written letter
// table of form_table.go, beside writtenConfusables (the generator of that
// table passes none).
func foldOnceWith(s string, letterOf func(rune) byte) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	// Invisible characters go first: a reader sees "Z\u200bT\u3164E" as
	// ZTE, so it must fold to one token "zte", not to "z t e" — whose
	// trailing tokens could even be stripped as a legal suffix ("e V" is
	// e.V.). A sign becomes a space before NFKD could spell it out: ™ is
	// a mark beside a name, never the letters "TM" of it. And the
	// skeleton as written comes before compatibility decomposition: Greek
	// ϲ (lunate sigma) is a c, its decomposition ς an o.
	s = strings.Map(func(r rune) rune {
		switch {
		case r < utf8.RuneSelf:
			return r
		case isIgnorable(r):
			return -1
		case letterOf != nil && isSignRune(r):
			return ' '
		}
		if c, ok := writtenConfusables[r]; ok {
			return rune(c)
		}
		return r
	}, s)
	// Compatibility decomposition exposes base letters (Greek Ὴ is Η plus
	// a grave accent, 𝐇 is H) to the as-written tables; marks go later.
	s = norm.NFKD.String(s)
	s = strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf {
			return r
		}
		if c, ok := writtenConfusables[r]; ok {
			return rune(c)
		}
		if letterOf != nil {
			if c := letterOf(r); c != 0 {
				return rune(c)
			}
		}
		return r
	}, s)
	s = cases.Fold().String(s)
	s = confusables.Skeleton(s)
	s = cases.Fold().String(s)
	// The skeleton writes "m" as "rn"; write both as "m" so normalized
	// names stay readable in reports (comparison keys write both as "rn").
	s = strings.ReplaceAll(s, "rn", "m")
	// Drop combining marks (after canonical decomposition), then recompose.
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFKC.String(b.String())
}

// defaultIgnorable is Unicode's derivation of Default_Ignorable_Code_Point
// (DerivedCoreProperties.txt: Other_Default_Ignorable_Code_Point + Cf +
// Variation_Selector − White_Space − a few visible format characters),
// taken from the Unicode tables of the standard library, without the last
// subtraction: every format character (Cf) goes, the visible ones too
// (U+0600 ARABIC NUMBER SIGN beside a Latin name is no letter of it).
var defaultIgnorable = rangetable.Merge(unicode.Other_Default_Ignorable_Code_Point, unicode.Cf, unicode.Variation_Selector)

// isIgnorable reports the characters Fold removes: Hangul fillers, variation
// selectors, the combining grapheme joiner, tag characters, zero-width and
// bidi controls, soft hyphens, ...
func isIgnorable(r rune) bool {
	return unicode.Is(defaultIgnorable, r) && !unicode.Is(unicode.White_Space, r)
}

// formRange is a run of characters in form_table.go: lo..hi read as the
// ASCII letters letter, letter+1, ... (letter 0: the fold reads them
// already, through NFKC or the confusables data) and are written in a
// presentation style (0 plain; the others are listed in form_table.go);
// style styleSign marks signs.
type formRange struct {
	lo, hi rune
	letter byte
	style  uint8
}

// styleSign is the style of signs in form_table.go (see isSign in
// tables_test.go).
const styleSign = 1

// formOf returns r's entry in form_table.go: the ASCII letter it reads as
// (0: none there) and its presentation style (0: plain).
func formOf(r rune) (letter byte, style uint8) {
	if r < utf8.RuneSelf || r < formRanges[0].lo {
		return 0, 0
	}
	i, j := 0, len(formRanges)
	for i < j {
		h := int(uint(i+j) >> 1)
		if formRanges[h].hi < r {
			i = h + 1
		} else {
			j = h
		}
	}
	if i < len(formRanges) && formRanges[i].lo <= r {
		f := &formRanges[i]
		if f.letter != 0 {
			return f.letter + byte(r-f.lo), f.style
		}
		return 0, f.style
	}
	return 0, 0
}

func formLetter(r rune) byte {
	l, _ := formOf(r)
	return l
}

// isSignRune reports a sign: a symbol whose compatibility decomposition
// spells two or more Latin letters (™ ℠ ℡ ℻ № ㏂ 🅪 ...).
func isSignRune(r rune) bool {
	_, st := formOf(r)
	return st == styleSign
}

// isIdeographic reports whether r belongs to a script written without
// spaces between words. Each such character is its own token, so that a
// name written in Han matches inside a longer Han name ("华为" in
// "华为技术有限公司") the way a Latin word matches inside a longer name.
func isIdeographic(r rune) bool {
	return r >= 0x0E00 && // the first of them, Thai
		unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

// Tokens folds s (see Fold) and splits it into tokens: maximal runs of
// letters and digits; every other character (space, punctuation, symbol)
// separates tokens, and each ideographic character is a token of its own.
// Trailing legal-form suffixes are removed (see LegalSuffixes), but never
// the last remaining token.
func Tokens(s string) []string {
	return stripSuffixes(split(Fold(s)))
}

// Normalize returns the readable folded form of an organisation name, as
// reports show it: its tokens (see Tokens) joined by single spaces.
// Normalize is idempotent, and look-alikes from other scripts and forms
// normalize alike ("Huаwеі" with Cyrillic letters, fullwidth "Ｈｕａｗｅｉ",
// "ʜᴜᴀᴡᴇɪ" are all "huawei"). Matching compares keys, which merge more
// (package documentation, step 9): "HUAWEl" normalizes to "huawel" and
// still names Huawei.
func Normalize(s string) string {
	return strings.Join(Tokens(s), " ")
}

// Compact returns the tokens of s concatenated without separators ("Hua
// wei", "Hua-Wei" and "Huawei" are all "huawei"): the form NewCatalog
// checks for the shortest acceptable name.
func Compact(s string) string {
	return strings.Join(Tokens(s), "")
}

func split(s string) []string {
	var toks []string
	start := -1
	for i, r := range s {
		switch {
		case isIdeographic(r):
			if start >= 0 {
				toks = append(toks, s[start:i])
				start = -1
			}
			toks = append(toks, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r):
			if start < 0 {
				start = i
			}
		default:
			if start >= 0 {
				toks = append(toks, s[start:i])
				start = -1
			}
		}
	}
	if start >= 0 {
		toks = append(toks, s[start:])
	}
	return toks
}

// LegalSuffixes lists the legal-form designations removed from the end of a
// name, written as they appear in names (they are folded and tokenized like
// names). The list holds only legal forms: descriptive words such as
// "Technologies", "Networks", "Group" or "Holding" distinguish companies
// and are kept.
var LegalSuffixes = []string{
	"Co., Ltd.", "Co. Ltd", "Co.,Ltd", "CoLtd", "Co.", "Company", "Ltd.", "Limited", "Inc.", "Incorporated",
	"Corp.", "Corporation", "LLC", "L.L.C.", "LLP", "L.P.", "PLC", "P.L.C.", "Pty", "Pty Ltd", "Pte", "Pte Ltd",
	"GmbH", "mbH", "AG", "KG", "GmbH & Co. KG", "e.V.", "SE",
	"AB", "Oy", "Oyj", "AS", "ASA", "A/S", "ApS",
	"S.A.", "S.A.S.", "SAS", "SARL", "S.à r.l.", "S.p.A.", "S.r.l.", "S.L.", "S.A. de C.V.",
	"B.V.", "N.V.", "K.K.", "Kabushiki Kaisha", "Sp. z o.o.", "s.r.o.", "a.s.", "OOO", "ООО", "АО", "ПАО",
	"有限公司", "有限责任公司", "股份有限公司", "集团有限公司", "公司", "株式会社", "有限会社", "주식회사",
}

var suffixTokens [][]string

func init() {
	for c := range asciiFold {
		asciiFold[c] = foldRounds(string(rune(c)), false)
		if asciiWritten[c].cls != clsSep {
			asciiKey[c] = string(keyRune(nil, []rune(asciiFold[c])[0]))
		}
	}
	for _, s := range LegalSuffixes {
		t := split(Fold(s))
		if len(t) > 0 {
			suffixTokens = append(suffixTokens, t)
		}
	}
}

// stripSuffixes removes trailing legal suffixes, longest first, while at
// least one token would remain.
func stripSuffixes(toks []string) []string {
	for {
		best := 0
		for _, suf := range suffixTokens {
			if len(suf) >= len(toks) || len(suf) <= best {
				continue
			}
			if equalTokens(toks[len(toks)-len(suf):], suf) {
				best = len(suf)
			}
		}
		if best == 0 {
			return toks
		}
		toks = toks[:len(toks)-best]
	}
}

func equalTokens(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// isASCIIOrMarks reports whether s is ASCII but for unit marks.
func isASCIIOrMarks(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf && r != unitMark {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// asciiFold is what foldSlow makes of each ASCII character on its own
// (lower case; the skeleton's 0 → o, 1 → l, | → l, ...). For ASCII, every
// step of the fold works per character except the "rn" → "m" rewrite,
// which foldASCII applies to the whole; TestFoldASCII and FuzzNormalize
// check the fast path against foldSlow. The init function of this file
// fills it, before anything is folded (the package's other init functions
// run after it, in file order).
var asciiFold [128]string

func foldASCII(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			b.WriteByte(s[i]) // a unit mark's bytes (see foldRounds)
			continue
		}
		b.WriteString(asciiFold[s[i]])
	}
	return strings.ReplaceAll(b.String(), "rn", "m")
}
