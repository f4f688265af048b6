package identity_test

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/fwprov/fwprov/policy/identity"
	"github.com/mtibben/confusables"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/runenames"
)

// Black-box tests that names fold the way a reader sees them: invisible
// characters, signs, letter forms, look-alikes across case and names run
// together with other words, for several listed vendors — and that real
// clean names of other organisations stay clean. The expectations come
// from the Unicode data itself (property tables, character names, the
// confusables skeleton), never from the package's own tables.

// readerEntries are the baseline preset's listed vendors (names and
// aliases only).
var readerEntries = []identity.Entry{
	{ID: "huawei", Names: []string{"Huawei Technologies Co., Ltd.", "Huawei", "Huawei Technologies", "华为", "华为技术有限公司"}, Parent: -1},
	{ID: "hisilicon", Names: []string{"HiSilicon Technologies Co., Ltd.", "HiSilicon", "HiSilicon Semiconductor", "海思", "海思半导体"}, Parent: 0},
	{ID: "zte", Names: []string{"ZTE Corporation", "ZTE", "Zhongxing Telecommunication Equipment", "中兴通讯"}, Parent: -1},
	{ID: "sanechips", Names: []string{"Sanechips Technology Co., Ltd.", "Sanechips", "ZTE Microelectronics", "中兴微电子"}, Parent: 2},
	{ID: "hytera", Names: []string{"Hytera Communications Corporation Limited", "Hytera", "Hytera Communications", "海能达"}, Parent: -1},
	{ID: "hikvision", Names: []string{"Hangzhou Hikvision Digital Technology Co., Ltd.", "Hikvision", "Hikvision Digital Technology", "海康威视"}, Parent: -1},
	{ID: "dahua", Names: []string{"Zhejiang Dahua Technology Co., Ltd.", "Dahua", "Dahua Technology", "大华技术"}, Parent: -1},
}

type readerCatalog struct{ *identity.Catalog }

func newReaderCatalog(t testing.TB) readerCatalog {
	t.Helper()
	c, err := identity.NewCatalog(readerEntries)
	if err != nil {
		t.Fatal(err)
	}
	return readerCatalog{c}
}

// resolvesTo returns the ids a name resolves to, joined by commas.
func (c readerCatalog) resolvesTo(v string) string {
	var ids []string
	for _, e := range c.Lookup(identity.KindName, v).Entries {
		ids = append(ids, readerEntries[e].ID)
	}
	return strings.Join(ids, ",")
}

func (c readerCatalog) want(t *testing.T, v, id string) {
	t.Helper()
	if got := c.resolvesTo(v); !slices.Contains(strings.Split(got, ","), id) {
		t.Errorf("Lookup(%q) (%+q) = [%s], want %s", v, v, got, id)
	}
}

// listed are the vendors the tests write in many ways, by plain name.
var listed = []struct{ id, name string }{
	{"huawei", "Huawei"}, {"zte", "ZTE"}, {"hisilicon", "HiSilicon"}, {"hikvision", "Hikvision"},
	{"dahua", "Dahua"}, {"sanechips", "Sanechips"}, {"hytera", "Hytera"},
}

// defaultIgnorable is Unicode's Default_Ignorable_Code_Point as derived in
// DerivedCoreProperties.txt, plus every other format character.
func defaultIgnorable(r rune) bool {
	return (unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || unicode.Is(unicode.Cf, r) ||
		unicode.Is(unicode.Variation_Selector, r)) && !unicode.Is(unicode.White_Space, r)
}

func TestReaderIgnorables(t *testing.T) {
	c := newReaderCatalog(t)
	n := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !defaultIgnorable(r) {
			continue
		}
		n++
		x := string(r)
		for _, tc := range []struct{ v, id string }{
			{x + "Z" + x + "T" + x + "E" + x, "zte"}, {"HiSi" + x + "licon", "hisilicon"}, {"大" + x + "华技术", "dahua"},
		} {
			c.want(t, tc.v, tc.id)
		}
		if got := identity.Normalize("Dah" + x + "ua Technology Co., Ltd."); got != "dahua technology" {
			t.Errorf("Normalize(Dah%+qua Technology Co., Ltd.) = %q", x, got)
		}
	}
	// Hangul fillers, variation selectors, the combining grapheme joiner,
	// tag characters and the reserved default-ignorables are all there.
	for _, r := range []rune{0x115F, 0x1160, 0x3164, 0xFFA0, 0xFE0F, 0xE0100, 0x180B, 0x180F, 0x034F, 0xE0041, 0xE007F, 0x17B4, 0x2065, 0xFFF0, 0xE0FFF, 0x1BCA0, 0x1D173} {
		if !defaultIgnorable(r) {
			t.Errorf("%U is not default-ignorable", r)
		}
	}
	if n < 4000 {
		t.Errorf("only %d default-ignorable code points", n)
	}
}

// signs are the symbols whose compatibility decomposition spells two or
// more Latin letters (™ is "TM").
func signs() []string {
	var out []string
	for r := rune(0x80); r <= 0x1FFFF; r++ {
		if !unicode.In(r, unicode.S) {
			continue
		}
		s := string(r)
		d := norm.NFKD.String(s)
		if d == norm.NFD.String(s) {
			continue
		}
		n := 0
		for _, c := range d {
			if unicode.In(c, unicode.Latin) && unicode.IsLetter(c) {
				n++
			}
		}
		if n >= 2 {
			out = append(out, s)
		}
	}
	return out
}

// marks are trade and service marks and their compatibility forms as
// writers put them beside a name.
var marks = []string{"™", "℠", "®", "©", "℗", "🅪", "🅫", "🅬", "🄬", "🄫", "Ⓡ", "Ⓒ", "ⓡ", "ⓒ", "Ⓟ", "ᵀᴹ", "ˢᴹ", "ᴿ", "(TM)", "(R)"}

func TestReaderSigns(t *testing.T) {
	c := newReaderCatalog(t)
	ss := signs()
	if len(ss) < 100 {
		t.Fatalf("only %d signs", len(ss))
	}
	for _, s := range append(ss, marks...) {
		for _, l := range listed {
			for _, v := range []string{l.name + s, strings.ToUpper(l.name) + s, s + l.name, l.name + s + " Co., Ltd."} {
				c.want(t, v, l.id)
			}
		}
	}
	for _, s := range ss {
		// A sign is a separator, never letters: it leaves no token behind
		// and joins nothing.
		if got := identity.Normalize("Huawei" + s); got != "huawei" {
			t.Errorf("Normalize(Huawei%s) = %q, want huawei", s, got)
		}
		if m := c.Lookup(identity.KindName, s); m.Usable || len(m.Entries) > 0 {
			t.Errorf("Lookup(%q) = %+v: a sign alone is no name", s, m)
		}
		c.want(t, "Hua"+s+"wei", "huawei") // as "Hua wei"
	}
}

// alphabet holds, for each ASCII letter, the characters a reader takes for
// it in one writing style or script, capital and small apart.
type alphabet struct {
	upper, lower map[byte][]rune
}

func (a *alphabet) put(upper bool, letter byte, r rune) {
	if a.upper == nil {
		a.upper, a.lower = map[byte][]rune{}, map[byte][]rune{}
	}
	if upper {
		a.upper[letter] = append(a.upper[letter], r)
	} else {
		a.lower[letter] = append(a.lower[letter], r)
	}
}

// write spells an ASCII name in the alphabet, each letter in its case,
// choosing among the characters for a letter by seed. strict: a letter
// missing in its case makes ok false; otherwise the other case stands in.
func (a alphabet) write(name string, seed int, strict bool) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		same, other := a.lower[c|0x20], a.upper[c|0x20]
		if c >= 'A' && c <= 'Z' {
			same, other = other, same
		}
		if len(same) == 0 && !strict {
			same = other
		}
		if len(same) == 0 {
			return "", false
		}
		b.WriteRune(same[(seed+i)%len(same)])
	}
	return b.String(), true
}

// letterName parses the Unicode name of a character that is a Latin letter
// in some presentation: the style words, the case and the letter
// ("MATHEMATICAL BOLD SMALL H", "NEGATIVE SQUARED LATIN CAPITAL LETTER H",
// "LATIN LETTER SMALL CAPITAL H", "LATIN SMALL LETTER H WITH STROKE",
// "REGIONAL INDICATOR SYMBOL LETTER H"). A qualifier between the case and
// the letter (TURNED, REVERSED, OPEN, SCRIPT, ...) is another letter.
var letterName = regexp.MustCompile(`^((?:[A-Z-]+ )*?)(?:LATIN )?(?:(CAPITAL|SMALL) )?(?:LETTER )?(SMALL CAPITAL |DOTLESS )?([A-Z])( WITH .+)?$`)

var styleWords = map[string]bool{
	"": true, "MATHEMATICAL BOLD": true, "MATHEMATICAL ITALIC": true, "MATHEMATICAL BOLD ITALIC": true, "MATHEMATICAL SCRIPT": true,
	"MATHEMATICAL BOLD SCRIPT": true, "MATHEMATICAL FRAKTUR": true, "MATHEMATICAL DOUBLE-STRUCK": true, "MATHEMATICAL BOLD FRAKTUR": true,
	"MATHEMATICAL SANS-SERIF": true, "MATHEMATICAL SANS-SERIF BOLD": true, "MATHEMATICAL SANS-SERIF ITALIC": true,
	"MATHEMATICAL SANS-SERIF BOLD ITALIC": true, "MATHEMATICAL MONOSPACE": true, "DOUBLE-STRUCK": true, "SCRIPT": true, "BLACK-LETTER": true,
	"FULLWIDTH": true, "CIRCLED": true, "NEGATIVE CIRCLED": true, "SQUARED": true, "NEGATIVE SQUARED": true, "CROSSED NEGATIVE SQUARED": true,
	"MODIFIER": true, "SUPERSCRIPT": true, "SUBSCRIPT": true, "REGIONAL INDICATOR SYMBOL": true,
}

// readerAlphabets returns one alphabet per presentation style, from the
// Unicode character names, and one per script for the letters whose UTS
// #39 skeleton, as written, is a Latin letter (Greek Η, Cyrillic Н,
// Cherokee Ꮋ, ...).
func readerAlphabets() map[string]alphabet {
	readerAlphabetsOnce.Do(func() { readerAlphabetsMap = buildReaderAlphabets() })
	return readerAlphabetsMap
}

var (
	readerAlphabetsOnce sync.Once
	readerAlphabetsMap  map[string]alphabet
)

func buildReaderAlphabets() map[string]alphabet {
	out := map[string]alphabet{}
	put := func(style string, upper bool, letter byte, r rune) {
		a := out[style]
		a.put(upper, letter, r)
		out[style] = a
	}
	for r := rune(0x80); r <= 0x1FFFF; r++ {
		if !unicode.IsGraphic(r) {
			continue
		}
		name := runenames.Name(r)
		if !strings.Contains(name, "LETTER") && !strings.Contains(name, "CAPITAL") && !strings.Contains(name, "SMALL") {
			continue // not a letter's name (a quick test before the expression)
		}
		m := letterName.FindStringSubmatch(name)
		if m == nil || unicode.Is(unicode.M, r) {
			continue
		}
		var words []string
		for _, w := range strings.Fields(m[1]) {
			if w != "LATIN" && w != "LETTER" {
				words = append(words, w)
			}
		}
		style := strings.Join(words, " ")
		if !styleWords[style] {
			continue
		}
		if strings.Contains(m[5], "LETTER") {
			continue // a digraph: ǲ is "D WITH SMALL LETTER Z"
		}
		d := norm.NFKD.String(string(r))
		if letters := strings.Map(func(c rune) rune {
			if unicode.Is(unicode.M, c) {
				return -1
			}
			return c
		}, d); d != string(r) && (utf8.RuneCountInString(letters) != 1 || !unicode.IsLetter([]rune(letters)[0])) {
			continue // decomposes to something else than one letter: ⒜ is "(a)"
		}
		if sk := confusables.Skeleton(d); len(sk) == 1 && sk[0]|0x20 >= 'a' && sk[0]|0x20 <= 'z' && sk[0]|0x20 != m[4][0]|0x20 {
			continue // the confusables data reads it as another letter: ʋ is a u
		}
		switch {
		case m[5] != "" && style == "":
			style = "LATIN WITH " + strings.Fields(m[5])[1] // stroke, hook, bar, ...
		case m[3] != "":
			style = strings.TrimSpace(style + " " + strings.TrimSpace(m[3]))
		}
		put(style, m[2] == "CAPITAL" && m[3] == "" || m[2] == "" && style != "MODIFIER" && !strings.Contains(style, "SMALL"), m[4][0]|0x20, r)
	}
	for r := rune(0x80); r <= 0x1FFFF; r++ {
		if !unicode.IsLetter(r) || unicode.In(r, unicode.Latin, unicode.Common) {
			continue
		}
		sk := confusables.Skeleton(string(r))
		if len(sk) != 1 || sk[0] < 'A' || sk[0] > 'z' || sk[0] > 'Z' && sk[0] < 'a' || sk[0] == 'l' {
			continue // (an l is an I as often: it has its own test)
		}
		for name, tab := range unicode.Scripts {
			if unicode.Is(tab, r) {
				put("SCRIPT "+name, unicode.IsUpper(r) || !unicode.IsLower(r) && sk[0] < 'a', sk[0]|0x20, r)
				break
			}
		}
	}
	for _, a := range out {
		for _, m := range []map[byte][]rune{a.upper, a.lower} {
			for _, rs := range m {
				slices.Sort(rs)
			}
		}
	}
	return out
}

func TestReaderLetterForms(t *testing.T) {
	c := newReaderCatalog(t)
	alphabets := readerAlphabets()
	covered := map[string]int{}
	for style, alpha := range alphabets {
		for _, l := range listed {
			for _, name := range []string{l.name, strings.ToUpper(l.name), strings.ToLower(l.name)} {
				for seed := range 3 {
					whole, ok := alpha.write(name, seed, false)
					if !ok {
						continue
					}
					covered[l.name]++
					c.want(t, whole, l.id)
					c.want(t, whole+" Technologies Co., Ltd.", l.id)
					// One letter at a time, in the plain name.
					for i := range len(name) {
						one, _ := alpha.write(name[i:i+1], seed, false)
						c.want(t, name[:i]+one+name[i+1:], l.id)
					}
				}
			}
		}
		// A name that is not listed stays unlisted in every alphabet, written
		// in one case and one style as a reader would write it.
		for _, clean := range []string{"Aztec", "Dahuang", "Zteam", "Nokia", "Hitachi", "Hisense", "Huawen"} {
			for _, name := range []string{clean, strings.ToUpper(clean), strings.ToLower(clean)} {
				if v, ok := alpha.write(name, 0, true); ok {
					if got := c.resolvesTo(v); got != "" {
						t.Errorf("%s: Lookup(%q) (%s) = [%s], want nothing", style, v, name, got)
					}
				}
			}
		}
	}
	for _, style := range []string{"SMALL CAPITAL", "MODIFIER", "MODIFIER SMALL CAPITAL", "SUBSCRIPT", "FULLWIDTH", "CIRCLED", "NEGATIVE CIRCLED",
		"NEGATIVE SQUARED", "SQUARED", "REGIONAL INDICATOR SYMBOL", "MATHEMATICAL BOLD", "MATHEMATICAL FRAKTUR", "MATHEMATICAL DOUBLE-STRUCK",
		"MATHEMATICAL MONOSPACE", "DOUBLE-STRUCK", "BLACK-LETTER", "LATIN WITH STROKE", "LATIN WITH HOOK", "SCRIPT Greek", "SCRIPT Cyrillic", "SCRIPT Cherokee"} {
		if _, ok := alphabets[style]; !ok {
			t.Errorf("no alphabet for %s", style)
		}
	}
	for _, l := range listed {
		if covered[l.name] < 100 {
			t.Errorf("%s written in only %d alphabets", l.name, covered[l.name])
		}
	}
	// The examples of the issue, spelled out.
	for _, tc := range []struct{ v, id string }{
		{"ᴢᴛᴇ", "zte"}, {"ᶻᵗᵉ", "zte"}, {"ʜᴜᴀᴡᴇɪ", "huawei"}, {"ℍ𝔲𝔞𝔴𝔢𝔦", "huawei"}, {"ℌuawei", "huawei"},
		{"ℎuawei", "huawei"}, {"Hi\u212Avision", "hikvision"}, {"Ⓗⓤⓐⓦⓔⓘ", "huawei"}, {"🅷🆄🅰🆆🅴🅸", "huawei"},
		{"🇭🇮🇰🇻🇮🇸🇮🇴🇳", "hikvision"}, {"ᴴᵘᵃʷᵉⁱ", "huawei"}, {"ₕᵤₐwₑᵢ", "huawei"}, {"ƶŧɇ", "zte"}, {"ɀŧɇ", "zte"},
		{"Hiꝁvision", "hikvision"}, {"Ɗahua", "dahua"}, {"ΗΥΤΕRΑ", "hytera"},
		{"ΗΥΤΕΡΑ", ""}, // Greek rho is a P: HYTEPA
	} {
		if got := c.resolvesTo(tc.v); got != tc.id {
			t.Errorf("Lookup(%q) = [%s], want [%s]", tc.v, got, tc.id)
		}
	}
}

// caseLookalikes are what a reader may take for an i or l, an o and an s,
// across case and digits.
var caseLookalikes = map[byte][]string{
	'i': {"I", "l", "1", "|", "ǀ", "Ӏ", "Ι", "І", "ｌ", "Ⅰ", "ⅼ", "𝐈", "𝗅", "ı", "ɪ"},
	'l': {"I", "l", "1", "|", "ǀ", "Ӏ", "Ι", "І", "Ⅼ", "ℓ", "ʟ", "𝐥"},
	'o': {"0", "O", "О", "Ο", "０", "ᴏ", "ℴ", "𝟎"},
	's': {"5", "S", "Ѕ", "ꜱ", "ｓ"},
}

func TestReaderCaseLookalikes(t *testing.T) {
	c := newReaderCatalog(t)
	n := 0
	for _, l := range listed {
		for _, base := range []string{l.name, strings.ToUpper(l.name), strings.ToLower(l.name)} {
			for i := 0; i < len(base); i++ {
				for _, a := range caseLookalikes[base[i]|0x20] {
					n++
					c.want(t, base[:i]+a+base[i+1:], l.id)
					// Every such letter at once.
					var b strings.Builder
					for j := 0; j < len(base); j++ {
						if base[j]|0x20 == base[i]|0x20 {
							b.WriteString(a)
						} else {
							b.WriteByte(base[j])
						}
					}
					c.want(t, b.String()+" Technologies", l.id)
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d variants", n)
	}
	for _, v := range []string{"HUAWEl", "HUAWE1", "HUAWE|", "HuaweI", "HlSlLlCON", "H1S1L1C0N", "HIKVIS1ON", "HlKVlSlON", "hikvisi0n", "5ANECHIP5", "SANECHlPS", "ΗІКVІЅІΟΝ"} {
		if c.resolvesTo(v) == "" {
			t.Errorf("Lookup(%q) resolves to nothing", v)
		}
	}
}

// TestReaderSkeletonAsWritten: every character whose UTS #39 skeleton,
// taken as written, is one ASCII letter or digit reads as that character
// in a name.
func TestReaderSkeletonAsWritten(t *testing.T) {
	cats := map[byte]*identity.Catalog{}
	n := 0
	for r := rune(0x80); r <= 0x2FFFF; r++ {
		if !unicode.IsPrint(r) {
			continue
		}
		ascii := func(sk string) bool {
			return len(sk) == 1 && (sk[0] >= 'a' && sk[0] <= 'z' || sk[0] >= 'A' && sk[0] <= 'Z' || sk[0] >= '0' && sk[0] <= '9')
		}
		// As written; else after compatibility decomposition (𝐇 is H).
		sk := confusables.Skeleton(string(r))
		if unicode.Is(unicode.M, r) || !ascii(sk) {
			if sk = confusables.Skeleton(norm.NFKD.String(string(r))); !ascii(sk) {
				continue
			}
		}
		c := cats[sk[0]]
		if c == nil {
			var err error
			if c, err = identity.NewCatalog([]identity.Entry{{ID: "x", Names: []string{"qzx" + sk + "jvw"}, Parent: -1}}); err != nil {
				t.Fatal(err)
			}
			cats[sk[0]] = c
		}
		n++
		if v := "qzx" + string(r) + "jvw"; len(c.Lookup(identity.KindName, v).Entries) == 0 {
			t.Errorf("%U %c (skeleton %q): Lookup(%q) does not meet %q", r, r, sk, v, "qzx"+sk+"jvw")
		}
	}
	if n < 1500 {
		t.Errorf("only %d characters checked", n)
	}
}

func TestReaderCompounds(t *testing.T) {
	c := newReaderCatalog(t)
	for _, tc := range []struct{ v, want string }{
		// CamelCase and capital runs: a reader sees the words.
		{"HuaweiTechnologies", "huawei"}, {"HUAWEITechnologies", "huawei"}, {"HuaweiCloud", "huawei"}, {"myHuaweiSDK", "huawei"},
		{"MyHuawei", "huawei"}, {"ZTECorp", "zte"}, {"ZteCorp", "zte"}, {"ZTEsoft", "zte"}, {"ZteSoft", "zte"}, {"NetZTE", "zte"},
		{"HikvisionDigital", "hikvision"}, {"DaHua", "dahua"}, {"DahuaTech", "dahua"}, {"HiSiliconChips", "hisilicon"},
		{"TheHytera", "hytera"}, {"SanechipsZX297520", "sanechips"}, {"ShenzhenHuaweiDevice", "huawei"},
		// One token: the name and compound words.
		{"huaweicloud", "huawei"}, {"HUAWEICLOUD", "huawei"}, {"huaweitech", "huawei"}, {"Huaweitech", "huawei"},
		{"huaweitechnologies", "huawei"}, {"huaweidevice", "huawei"}, {"huaweicloudsdk", "huawei"}, {"ztesoft", "zte"},
		{"ZTESOFT", "zte"}, {"ztecorp", "zte"}, {"ztecorporation", "zte"}, {"ztetelecom", "zte"}, {"zte-soft", "zte"},
		{"hikvisiondigitaltechnology", "hikvision"}, {"dahuatech", "dahua"}, {"DAHUATECHNOLOGY", "dahua"},
		{"hyteracommunications", "hytera"}, {"sanechipstech", "sanechips"}, {"hisiliconsemi", "hisilicon"},
		{"HUAWEITM", "huawei"}, {"HuaweiTM", "huawei"}, {"huaweicoltd", "huawei"}, {"huaweigmbh", "huawei"},
		{"libhuawei", "huawei"}, {"pyzte", "zte"}, {"gohikvision", "hikvision"}, {"libhuaweicloud", "huawei"},
		// Digits beside the name.
		{"Huawei2", "huawei"}, {"HUAWEI5G", "huawei"}, {"5GHuawei", "huawei"}, {"ZTE2024", "zte"}, {"Hikvision8MP", "hikvision"},
		{"dahua4k", "dahua"}, {"Hytera_DMR2", "hytera"},
		// Not run together: a name inside a word, a remainder that is no
		// compound word, or a start that is no word boundary.
		{"Aztec Networks", ""}, {"AZTEC", ""}, {"AzTEC", ""}, {"aZTEc", ""}, {"Aztech", ""}, {"Zteam", ""}, {"ZTEAM", ""},
		{"ZTEam", ""}, {"Ztex", ""}, {"Dahuang", ""}, {"DAHUANG", ""}, {"Dahuan", ""}, {"Chuaweiss Ltd", ""},
		{"xhuawei", ""}, {"huaweix", ""}, {"hikvisionary", ""}, {"Sanechipset", ""}, {"hyterax", ""}, {"HytErase", ""},
		{"bizte", ""}, {"Hisilicons", ""}, {"Prozte", ""},
	} {
		if got := c.resolvesTo(tc.v); got != tc.want {
			t.Errorf("Lookup(%q) = [%s], want [%s]", tc.v, got, tc.want)
		}
	}
	// A name of two letters matches whole units only.
	short, err := identity.NewCatalog([]identity.Entry{{ID: "hw", Names: []string{"HW"}, Parent: -1}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		v    string
		want bool
	}{{"HW", true}, {"HW Cloud", true}, {"HWCloud", true}, {"HwCloud", true}, {"hwcloud", false}, {"hwsoft", false}, {"libhw", false}, {"HW5", true}} {
		if got := len(short.Lookup(identity.KindName, tc.v).Entries) > 0; got != tc.want {
			t.Errorf("two-letter name: Lookup(%q) = %v, want %v", tc.v, got, tc.want)
		}
	}
}

// cleanNames are real organisations and projects (and words) that must not
// resolve to a listed vendor, whatever the folding merges.
var cleanNames = []string{
	"Nokia", "Nokia Solutions and Networks Oy", "Ericsson AB", "Telefonaktiebolaget LM Ericsson", "Samsung Electronics Co., Ltd.",
	"The OpenSSL Project", "OpenSSL Software Foundation", "Debian", "Debian Project", "Red Hat, Inc.", "Linux Foundation",
	"The Linux Foundation", "Intel Corporation", "NXP Semiconductors N.V.", "Marvell Technology, Inc.", "Qualcomm Technologies, Inc.",
	"Broadcom Inc.", "Cisco Systems, Inc.", "Juniper Networks", "Mavenir Systems", "Parallel Wireless", "Fujitsu Limited",
	"NEC Corporation", "Xilinx", "Advanced Micro Devices, Inc.", "Wind River Systems, Inc.", "Canonical Ltd.", "SUSE LLC",
	"Apache Software Foundation", "Python Software Foundation", "Free Software Foundation", "GNU Project", "Mozilla Foundation",
	"Eclipse Foundation", "OpenAirInterface Software Alliance", "DPDK Project", "Arm Limited", "MediaTek Inc.", "Realtek Semiconductor Corp.",
	"Rockchip Electronics Co., Ltd.", "Allwinner Technology", "Amlogic", "Aztec Networks Ltd", "Zhone Technologies", "Hitachi, Ltd.",
	"Hisense", "Hikari Networks", "Hyundai", "Hytec Electronics", "Silicon Labs", "Silicon Laboratories Inc.", "3Com", "F5 Networks",
	"A10 Networks", "8x8, Inc.", "7-Zip", "Level 3 Communications", "2Wire", "Qihoo 360", "O2", "Vodafone Group Plc", "T-Mobile US",
	"Telefónica", "Orange S.A.", "Deutsche Telekom AG", "BT Group plc", "Telia Company AB", "Elisa Oyj", "KPN", "Swisscom",
	"Verizon", "AT&T", "Rakuten Mobile", "NTT Docomo", "KDDI", "SoftBank Corp.", "SK Telecom", "KT Corporation", "LG Uplus",
	"Tencent", "Alibaba Cloud", "Baidu", "Lenovo", "Xiaomi", "OPPO", "vivo", "OnePlus", "Foxconn", "Sierra Wireless", "Telit",
	"u-blox", "Nordic Semiconductor", "Texas Instruments", "Analog Devices", "Microchip Technology", "STMicroelectronics",
	"Infineon Technologies AG", "Renesas Electronics", "Lattice Semiconductor", "Micron Technology", "SK hynix", "Kioxia",
	"Western Digital", "Seagate", "Hewlett Packard Enterprise", "Dell Technologies", "IBM", "Oracle", "Microsoft Corporation",
	"Google LLC", "Amazon Web Services", "Meta Platforms", "Apple Inc.", "GitHub", "GitLab", "Zetta", "Ztec", "Azteca", "Dahl",
	"Datang", "Huawen", "Dahuan", "Hikma", "Sanechip", "Hyter", "Zhongxing", "Cloudflare", "Digital Ocean",
	"Technicolor", "Semtech", "Zyxel", "ZTT", "ZTX", "Ztek", "Hikvisual", "Visionary", "The Tor Project", "curl", "BusyBox",
	"zlib", "musl libc", "U-Boot", "Yocto Project", "OpenWrt", "systemd", "strongSwan", "FRRouting", "Open5GS", "srsRAN",
	"Magma", "O-RAN Alliance", "ONAP", "Zephyr Project", "FreeRTOS", "Hytrust", "Dahlia", "Huawaii", "Zeta Technologies",
}

func TestReaderCleanNames(t *testing.T) {
	c := newReaderCatalog(t)
	for _, n := range cleanNames {
		camel := camelCase(n)
		for _, v := range []string{n, strings.ToUpper(n), strings.ToLower(n), camel, n + "™", "lib" + strings.ToLower(camel)} {
			if got := c.resolvesTo(v); got != "" {
				t.Errorf("clean name %q resolves to [%s]", v, got)
			}
		}
	}
}

// camelCase joins the words of s, each with a capital first letter.
func camelCase(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		r, n := utf8.DecodeRuneInString(w)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(w[n:])
	}
	return b.String()
}

// caseKeeping are the look-alikes of caseLookalikes that keep the case
// of the letter they stand for (capital I for capital I, small l for small
// i): in a name whose words show only by case ("xiZTE"), a look-alike in
// the other case moves the boundary a reader sees.
var caseKeeping = map[rune][]string{
	'i': {"ı", "ɪ", "l", "ℓ", "𝗅", "ｌ"}, 'l': {"ℓ", "ʟ", "𝐥", "i", "ı"}, 'o': {"ᴏ", "ℴ", "ο", "о"}, 's': {"ꜱ", "ｓ", "ѕ"},
	'I': {"Ι", "І", "Ӏ", "L", "𝐈", "Ｉ"}, 'L': {"Ｌ", "𝐋", "I"}, 'O': {"0", "О", "Ο", "０"}, 'S': {"5", "Ѕ", "Ｓ"},
}

// readerVariant writes name in one of the ways the reader tests cover, for
// FuzzReaderEvasion: it returns the name it started from (base) and the
// variant, which must resolve to at least what base does. seed picks the
// way and its details.
func readerVariant(name string, seed uint64, mode uint8, alphabets []alphabet) (base, v string) {
	var b strings.Builder
	switch mode % 5 {
	case 0: // look-alikes for i, l, o, s in the same case
		for i, r := range name {
			if alts := caseKeeping[r]; len(alts) > 0 && seed>>(uint(i)%64)&1 == 1 {
				b.WriteString(alts[(seed>>8+uint64(i))%uint64(len(alts))])
				continue
			}
			b.WriteRune(r)
		}
	case 1: // letter forms, one alphabet for the small letters of the name
		name = strings.Map(func(r rune) rune {
			if r >= 'A' && r <= 'Z' {
				return r | 0x20
			}
			return r
		}, name)
		alpha := alphabets[seed%uint64(len(alphabets))]
		for i, r := range name {
			if rs := alpha.lower[byte(r)]; r >= 'a' && r <= 'z' && len(rs) > 0 {
				b.WriteRune(rs[(int(seed>>8)+i)%len(rs)])
				continue
			}
			b.WriteRune(r)
		}
	case 2: // a sign or mark beside it
		b.WriteString(name)
		b.WriteString(marks[seed%uint64(len(marks))])
	case 3: // run together with a compound word
		words := []string{"tech", "technologies", "cloud", "soft", "net", "networks", "device", "digital", "telecom", "sdk", "corp", "ltd", "gmbh", "tm"}
		w := words[seed%uint64(len(words))]
		if seed>>32&1 == 1 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(name)
		b.WriteString(w)
	case 4: // default-ignorables (Hangul fillers, variation selectors, tags, ...) between letters
		ign := []rune{0x115F, 0x1160, 0x3164, 0xFFA0, 0xFE0F, 0xE0100, 0x180B, 0x034F, 0xE0041, 0x17B4, 0x2065, 0x200B, 0x00AD, 0x061C}
		for i, r := range name {
			if seed>>(uint(i)%64)&1 == 1 {
				b.WriteRune(ign[(seed>>8+uint64(i))%uint64(len(ign))])
			}
			b.WriteRune(r)
		}
	}
	return name, b.String()
}

// FuzzReaderEvasion: a name that resolves keeps resolving to the same
// entities when written with look-alikes across case, in another letter
// form, with a mark beside it, run together with a compound word or with
// invisible characters inside.
func FuzzReaderEvasion(f *testing.F) {
	for _, e := range readerEntries {
		for i, n := range e.Names {
			f.Add(n, uint64(i*7919+len(n)), uint8(i))
		}
	}
	c := newReaderCatalog(f)
	all := readerAlphabets()
	keys := make([]string, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	alphabets := make([]alphabet, len(keys))
	for i, k := range keys {
		alphabets[i] = all[k]
	}
	f.Fuzz(func(t *testing.T, name string, seed uint64, mode uint8) {
		if !utf8.ValidString(name) {
			return
		}
		base, v := readerVariant(name, seed, mode, alphabets)
		want := c.Lookup(identity.KindName, base)
		if len(want.Entries) == 0 {
			return
		}
		got := c.Lookup(identity.KindName, v)
		for _, e := range want.Entries {
			if !slices.Contains(got.Entries, e) {
				t.Fatalf("Lookup(%q) = %v lost %s that Lookup(%q) = %v found", v, got.Entries, readerEntries[e].ID, base, want.Entries)
			}
		}
	})
}
