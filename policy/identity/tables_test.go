package identity

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/mtibben/confusables"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/runenames"
)

var updateTables = flag.Bool("update", false, "rewrite form_table.go and written_table.go from the Unicode data")

// The generator of form_table.go. It reads three Unicode sources: the
// normalization data (golang.org/x/text/unicode/norm), the confusables
// skeleton (through baseFold) and the character names
// (golang.org/x/text/unicode/runenames). Every rule below is a rule over
// that data, never a list of example characters.

// Character names of Latin letters that carry no decomposition and that the
// confusables data does not map to a Latin letter, but that a reader takes
// for one: small capitals (ᴛ), letters with a stroke, hook, tail or bar
// (ƶ, ɀ, ꝁ), dotless letters (ȷ), enclosed letters without a
// decomposition (negative circled and squared 🅗 🅷, squared small 🆥) and
// regional indicator letters (🇭). The letter named is the
// reading; a name with any other qualifier (TURNED, REVERSED, OPEN,
// INSULAR, SCRIPT, ...) between LETTER and the letter does not match.
var (
	gapLatinName    = regexp.MustCompile(`^(?:LATIN|MODIFIER) (?:(CAPITAL|SMALL) )?LETTER (?:(SMALL CAPITAL|DOTLESS) )?([A-Z])( WITH .+)?$`)
	gapEnclosedName = regexp.MustCompile(`^(?:NEGATIVE CIRCLED|NEGATIVE SQUARED|CROSSED NEGATIVE SQUARED|CIRCLED|SQUARED) LATIN (CAPITAL|SMALL) LETTER ([A-Z])$`)
	gapRegionalName = regexp.MustCompile(`^REGIONAL INDICATOR SYMBOL LETTER ([A-Z])$`)
)

// styleOf names the presentation form a character name describes, the
// letter itself and its case left out: "MATHEMATICAL BOLD CAPITAL A" and
// "MATHEMATICAL BOLD SMALL Z" are both "MATHEMATICAL BOLD". The letterlike
// symbols that fill the holes of the mathematical alphabets (ℍ, ℋ, ℌ) join
// the alphabet they belong to. "" is the plain form.
func styleOf(name string) string {
	w := strings.Fields(name)
	has := func(s string) bool { return strings.Contains(" "+name+" ", " "+s+" ") }
	switch {
	case len(w) > 1 && w[0] == "MATHEMATICAL":
		st := []string{"MATHEMATICAL"}
		for _, x := range w[1:] {
			switch x {
			case "BOLD", "ITALIC", "SCRIPT", "FRAKTUR", "DOUBLE-STRUCK", "SANS-SERIF", "MONOSPACE":
				st = append(st, x) // the typeface words
			}
		}
		return strings.Join(st, " ")
	case strings.HasPrefix(name, "DOUBLE-STRUCK ITALIC "):
		return "DOUBLE-STRUCK ITALIC"
	case strings.HasPrefix(name, "DOUBLE-STRUCK "):
		return "MATHEMATICAL DOUBLE-STRUCK"
	case strings.HasPrefix(name, "SCRIPT "):
		return "MATHEMATICAL SCRIPT"
	case strings.HasPrefix(name, "BLACK-LETTER "):
		return "MATHEMATICAL FRAKTUR"
	case strings.HasPrefix(name, "FULLWIDTH "):
		return "FULLWIDTH"
	case strings.HasPrefix(name, "HALFWIDTH "):
		return "HALFWIDTH"
	case strings.HasPrefix(name, "CROSSED NEGATIVE SQUARED "), strings.HasPrefix(name, "NEGATIVE SQUARED "):
		return "NEGATIVE SQUARED"
	case strings.HasPrefix(name, "NEGATIVE CIRCLED "):
		return "NEGATIVE CIRCLED"
	case strings.HasPrefix(name, "CIRCLED "):
		return "CIRCLED"
	case strings.HasPrefix(name, "SQUARED "):
		return "SQUARED"
	case strings.HasPrefix(name, "PARENTHESIZED "):
		return "PARENTHESIZED"
	case strings.HasPrefix(name, "REGIONAL INDICATOR "):
		return "REGIONAL INDICATOR"
	case strings.HasPrefix(name, "MODIFIER LETTER "), has("SUPERSCRIPT"):
		return "SUPERSCRIPT"
	case has("SUBSCRIPT"):
		return "SUBSCRIPT"
	case strings.Contains(name, "SMALL CAPITAL"):
		return "SMALL CAPITAL"
	case strings.Contains(name, "ROMAN NUMERAL"):
		return "ROMAN NUMERAL"
	case strings.HasPrefix(name, "SEGMENTED DIGIT "):
		return "SEGMENTED"
	}
	return ""
}

// gapLetter returns the Latin letter a character's name says it is, for
// characters the base fold leaves without a Latin reading (see
// gapLatinName); 0 if none.
func gapLetter(r rune) byte {
	name := runenames.Name(r)
	var letter byte
	if m := gapLatinName.FindStringSubmatch(name); m != nil && !strings.Contains(m[4], "LETTER") {
		letter = m[3][0]
		if m[1] != "CAPITAL" || m[2] != "" {
			letter += 'a' - 'A'
		}
	} else if m := gapEnclosedName.FindStringSubmatch(name); m != nil {
		letter = m[2][0]
		if m[1] == "SMALL" {
			letter += 'a' - 'A'
		}
	} else if m := gapRegionalName.FindStringSubmatch(name); m != nil {
		letter = m[1][0]
	} else {
		return 0
	}
	s := string(r)
	if norm.NFKD.String(s) != s {
		return 0 // it decomposes: the fold reads its decomposition
	}
	if f := baseFold(s); len(f) == 1 && isASCIIAlnum(f[0]) {
		return 0 // the confusables data already reads it
	}
	return letter
}

// isSign reports a symbol whose compatibility decomposition spells two or
// more Latin letters (™ is "TM", ℠ "SM", ℡ "TEL", ㏂ "a.m.", 🅪 "MC"): a
// mark or abbreviation a reader sees as a sign beside a name, never as
// letters of it.
func isSign(r rune) bool {
	if !unicode.In(r, unicode.S) {
		return false
	}
	s := string(r)
	d := norm.NFKD.String(s)
	if d == norm.NFD.String(s) {
		return false
	}
	n := 0
	for _, c := range d {
		if unicode.In(c, unicode.Latin) && unicode.IsLetter(c) {
			n++
		}
	}
	return n >= 2
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// baseFold is the fold without the generated table: what NFKC, case
// folding and the confusables skeleton make of a character on their own.
func baseFold(s string) string {
	for range maxFoldRounds {
		t := foldOnceWith(s, nil)
		if t == s {
			break
		}
		s = t
	}
	return s
}

// genForm is one character's entry before ranges are merged.
type genForm struct {
	r      rune
	letter byte
	style  string
}

func generateForms() []genForm {
	const last = 0x1FFFF // planes 0 and 1 hold every letter form
	gaps := map[rune]byte{}
	for r := rune(0x80); r <= last; r++ {
		if name := runenames.Name(r); name != "" && !strings.HasPrefix(name, "<") {
			if l := gapLetter(r); l != 0 {
				gaps[r] = l
			}
		}
	}
	var out []genForm
	for r := rune(0x80); r <= last; r++ {
		name := runenames.Name(r)
		if name == "" || strings.HasPrefix(name, "<") {
			continue
		}
		if isSign(r) {
			out = append(out, genForm{r: r, style: signStyle})
			continue
		}
		letter := gaps[r]
		st := styleOf(name)
		if st == "" && letter == 0 {
			continue // a plain letter the fold reads already, or no letter
		}
		// What a reader takes r for: its own gap letter, else the fold of
		// it, else the gap letter of that (ᶝ decomposes to ɕ, which is c).
		reading := baseFold(string(r))
		if letter != 0 {
			reading = strings.ToLower(string(rune(letter)))
		} else if rs := []rune(reading); len(rs) == 1 && gaps[rs[0]] != 0 {
			reading = strings.ToLower(string(rune(gaps[rs[0]])))
		}
		if len(reading) != 1 || !isASCIIAlnum(reading[0]) {
			continue
		}
		out = append(out, genForm{r: r, letter: letter, style: st})
	}
	return out
}

// signStyle marks signs in the generated table.
const signStyle = "SIGN"

func generateFormTable() ([]byte, error) {
	forms := generateForms()
	styles := []string{"", signStyle}
	index := map[string]int{"": 0, signStyle: 1}
	for _, f := range forms {
		if _, ok := index[f.style]; !ok {
			index[f.style] = len(styles)
			styles = append(styles, f.style)
		}
	}
	type rng struct {
		lo, hi rune
		letter byte
		style  int
	}
	var rs []rng
	for _, f := range forms {
		st := index[f.style]
		if n := len(rs); n > 0 {
			last := &rs[n-1]
			next := last.hi + 1
			step := byte(0)
			if last.letter != 0 {
				step = last.letter + byte(next-last.lo)
			}
			if f.r == next && last.style == st && f.letter == step && (f.letter == 0 || isASCIIAlnum(f.letter)) {
				last.hi = f.r
				continue
			}
		}
		rs = append(rs, rng{lo: f.r, hi: f.r, letter: f.letter, style: st})
	}
	var b bytes.Buffer
	b.WriteString(`// Code generated by TestFormTable (tables_test.go) from the Unicode
// normalization data, the UTS #39 confusables and the Unicode character
// names; DO NOT EDIT. Regenerate: go test ./policy/identity -run TestFormTable -update

package identity

`)
	b.WriteString("// The presentation styles of formRanges (0 is plain, 1 styleSign):\n//\n")
	for i, s := range styles[2:] {
		fmt.Fprintf(&b, "//   - %d: %s\n", i+2, s)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "// formRanges (%d characters in %d ranges), sorted: see formRange.\nvar formRanges = [...]formRange{\n", len(forms), len(rs))
	for _, r := range rs {
		l := "0"
		if r.letter != 0 {
			l = fmt.Sprintf("'%c'", r.letter)
		}
		fmt.Fprintf(&b, "\t{0x%04X, 0x%04X, %s, %d}, // %s\n", r.lo, r.hi, l, r.style, runenames.Name(r.lo))
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

// TestWrittenTable regenerates written_table.go in memory and compares it
// with the committed file (-update rewrites it).
func TestWrittenTable(t *testing.T) {
	checkGenerated(t, "written_table.go", generateWrittenTable)
}

// TestFormTable regenerates form_table.go in memory and compares it with
// the committed file (-update rewrites it). The form table is generated
// through the fold, which reads writtenConfusables: that table must be up
// to date in the compiled package first.
func TestFormTable(t *testing.T) {
	want := writtenMap()
	if len(want) != len(writtenConfusables) {
		t.Fatalf("written_table.go has %d entries, the data %d: regenerate it first (-run TestWrittenTable -update), then this table", len(writtenConfusables), len(want))
	}
	for r, c := range want {
		if writtenConfusables[r] != c {
			t.Fatalf("written_table.go: %U is %q, the data says %q: regenerate it first (-run TestWrittenTable -update)", r, writtenConfusables[r], c)
		}
	}
	checkGenerated(t, "form_table.go", generateFormTable)
}

func checkGenerated(t *testing.T, file string, gen func() ([]byte, error)) {
	t.Helper()
	want, err := gen()
	if err != nil {
		t.Fatal(err)
	}
	if *updateTables {
		if err := os.WriteFile(file, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date with the Unicode data: go test ./policy/identity -run 'Test(Form|Written)Table' -update", file)
	}
}

// generateWrittenTable writes written_table.go: every character but a
// combining mark whose UTS #39 skeleton, taken as written (before case
// folding and compatibility decomposition), is one ASCII letter or digit.
// Case folding first would lose some of them: Greek Η folds to η, whose
// skeleton is "n"; Cyrillic З folds to з, which the skeleton leaves alone,
// while З itself is "3". Compatibility decomposition first would lose
// others: Greek ϲ (lunate sigma) is a c, its decomposition ς an o.
func writtenMap() map[rune]byte {
	writtenMapOnce.Do(func() { writtenMapData = buildWrittenMap() })
	return writtenMapData
}

var (
	writtenMapOnce sync.Once
	writtenMapData map[rune]byte
)

func buildWrittenMap() map[rune]byte {
	m := map[rune]byte{}
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if unicode.Is(unicode.M, r) || !unicode.IsGraphic(r) && !unicode.Is(unicode.Cf, r) {
			continue // marks go with their letter; unassigned code points have no skeleton
		}
		if s := confusables.Skeleton(string(r)); len(s) == 1 && isASCIIAlnum(s[0]) {
			m[r] = s[0]
		}
	}
	return m
}

func generateWrittenTable() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`// Code generated by TestWrittenTable (tables_test.go) from the UTS #39
// confusables data (github.com/mtibben/confusables); DO NOT EDIT.
// Regenerate: go test ./policy/identity -run TestWrittenTable -update

package identity

// writtenConfusables maps every character (but combining marks) whose
// confusables skeleton, taken as written, is one ASCII letter or digit to
// that character. Fold applies it before compatibility decomposition and
// case folding (and again after decomposition), so that look-alikes meet
// across case: Greek Η and Cyrillic Н are H (case folding first would
// make them η and н, which look like nothing Latin), Cyrillic З is 3,
// Greek Ι is l, Greek ϲ is c.
var writtenConfusables = map[rune]byte{
`)
	m := writtenMap()
	n := 0
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		c, ok := m[r]
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "0x%04X: '%c', ", r, c)
		if n++; n%6 == 0 {
			b.WriteString("\n")
		}
	}
	b.WriteString("\n}\n")
	return format.Source(b.Bytes())
}
