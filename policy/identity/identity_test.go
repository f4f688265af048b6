package identity

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Huawei Technologies Co., Ltd.", "huawei technologies"},
		{"HUAWEI TECHNOLOGIES CO.,LTD", "huawei technologies"},
		{"Huawei Technologies Co Ltd", "huawei technologies"},
		{"Huаwеі Technologies", "huawei technologies"}, // Cyrillic а, е, і
		{"Ｈｕａｗｅｉ", "huawei"},                           // fullwidth
		{"ΖΤΕ Corporation", "zte"},                     // Greek capitals
		{"ZTE Corp.", "zte"},
		{"Hüawei GmbH", "huawei"}, // combining marks dropped
		{"Acme, Inc.", "acme"},
		{"Acme S.A.", "acme"},
		{"Acme AB", "acme"},
		{"Acme Oy", "acme"},
		{"Acme LLC", "acme"},
		{"Acme Limited", "acme"},
		{"Acme Technologies", "acme technologies"}, // distinguishing word kept
		{"Acme Networks Group", "acme networks group"},
		{"Ltd.", "ltd"}, // never strips the last token
		{"华为技术有限公司", "华 为 技 术"},
		{"  Hua-wei\t", "hua wei"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLegalSuffixesFold(t *testing.T) {
	for _, s := range LegalSuffixes {
		if len(split(Fold(s))) == 0 {
			t.Errorf("legal suffix %q folds to nothing", s)
		}
	}
}

func TestRegistrableDomain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.huawei.com/en/", "huawei.com"},
		{"psirt@huawei.com", "huawei.com"},
		{"mailto:psirt@zte.com.cn", "zte.com.cn"},
		{"vendor.com.other.example", "other.example"},
		{"http://vendor.com.other.example:8080/x", "other.example"},
		{"support.hikvision.com.", "hikvision.com"},
		{"10.0.0.1", "10.0.0.1"},
	}
	for _, tt := range tests {
		got, ok := RegistrableDomain(tt.in)
		if !ok || got != tt.want {
			t.Errorf("RegistrableDomain(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	if _, ok := RegistrableDomain(""); ok {
		t.Error("RegistrableDomain(\"\") ok")
	}
}

func testCatalog(t testing.TB) *Catalog {
	t.Helper()
	c, err := NewCatalog([]Entry{
		{ID: "huawei", Names: []string{"Huawei Technologies Co., Ltd.", "Huawei", "华为"}, Domains: []string{"huawei.com"},
			PURLs: []string{"pkg:generic/huawei", "pkg:maven/com.huawei", "pkg:*/huaweicloud", "pkg:npm/@huawei"}, CPEs: []string{"huawei"}, Parent: -1},
		{ID: "hisilicon", Names: []string{"HiSilicon"}, Domains: []string{"hisilicon.com"}, Parent: 0},
		{ID: "zte", Names: []string{"ZTE Corporation", "中兴通讯"}, Domains: []string{"zte.com.cn"}, PURLs: []string{"pkg:maven/com.zte"}, CPEs: []string{"zte"}, Parent: -1},
		{ID: "acme", Names: []string{"Acme Radio"}, Domains: []string{"radio.acme.example"}, Parent: -1},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLookup(t *testing.T) {
	c := testCatalog(t)
	ids := func(m Match) string {
		var s []string
		for _, e := range m.Entries {
			s = append(s, c.entries[e].ID)
		}
		return strings.Join(s, ",")
	}
	tests := []struct {
		kind    Kind
		value   string
		want    string
		usable  bool
		neutral bool
	}{
		{KindName, "Huawei Technologies Co., Ltd.", "huawei", true, false},
		{KindName, "Huаwеі", "huawei", true, false},
		{KindName, "ＨＵＡＷＥＩ", "huawei", true, false},
		{KindName, "Hua-Wei Device", "huawei", true, false},
		{KindName, "H u a w e i", "huawei", true, false},
		{KindName, "华为技术有限公司", "huawei", true, false},
		{KindName, "Shenzhen HiSilicon Semiconductor", "hisilicon", true, false},
		{KindName, "HiSilicon (Huawei)", "hisilicon,huawei", true, false},
		{KindName, "ZTE", "zte", true, false},
		{KindName, "Z.T.E. Corp", "zte", true, false},
		{KindName, "Aztec Networks", "", true, false},
		{KindName, "Chuaweiss Ltd", "", true, false},
		{KindName, "Acme", "", true, false},
		{KindName, "Acme Radio AB", "acme", true, false},
		{KindName, "---", "", false, false},
		{KindDomain, "https://support.huawei.com/x", "huawei", true, false},
		{KindDomain, "psirt@huаwei.com", "huawei", true, false}, // Cyrillic а in the domain
		{KindDomain, "huawei.com.other.example", "", true, false},
		{KindDomain, "notzte.com.cn", "", true, false},
		{KindDomain, "radio.acme.example", "acme", true, false},
		{KindDomain, "www.radio.acme.example", "acme", true, false},
		{KindDomain, "tv.acme.example", "", true, false},
		{KindDomain, "https://github.com/huawei", "", true, true},
		{KindPURL, "generic/huawei", "huawei", true, false},
		{KindPURL, "pkg:generic/Huawei/bsp@1.0", "huawei", true, false},
		{KindPURL, "pkg:generic/huawei@1.0", "", false, false}, // "huawei" is the name, not a namespace
		{KindPURL, "npm/@huawei", "huawei", true, false},
		{KindPURL, "pkg:npm/%40huawei/ui@2.0.0", "huawei", true, false},
		{KindPURL, "pkg:maven/com.huawei.hms/push@6.1?type=aar", "huawei", true, false},
		{KindPURL, "maven/com.huawei.hms", "huawei", true, false},
		{KindPURL, "maven/com.huaweisoft", "", true, false},
		{KindPURL, "npm/huaweicloud", "huawei", true, false},
		{KindPURL, "golang/github.com/huaweicloud/sdk", "", true, false},
		{KindPURL, "maven/com.zte.ums", "zte", true, false},
		{KindPURL, "generic/", "", false, false},
		{KindCPE, "huawei", "huawei", true, false},
		{KindCPE, "cpe:2.3:o:zte:zxr10:1.0:*:*:*:*:*:*:*", "zte", true, false},
		{KindCPE, "*", "", false, false},
		// Look-alikes across case and digits meet in domains, purl
		// namespaces and CPE vendors too (the comparison key).
		{KindDomain, "psirt@HUAWEl.com", "huawei", true, false},
		{KindDomain, "https://support.zte.corn.cn/", "zte", true, false},
		{KindPURL, "pkg:maven/com.huawe1.hms/push@6.1", "huawei", true, false},
		{KindPURL, "maven/com.huawel", "huawei", true, false},
		{KindCPE, "cpe:2.3:o:ZTE:zxr10:1.0:*:*:*:*:*:*:*", "zte", true, false},
		{KindCPE, "huawe1", "huawei", true, false},
		{KindName, "HuaweiCloud™", "huawei", true, false},
		{KindName, "ztesoft", "zte", true, false},
		{KindName, "Zteam", "", true, false},
	}
	for _, tt := range tests {
		m := c.Lookup(tt.kind, tt.value)
		if got := ids(m); got != tt.want || m.Usable != tt.usable || m.Neutral != tt.neutral {
			t.Errorf("Lookup(%s, %q) = %q usable=%v neutral=%v; want %q usable=%v neutral=%v",
				tt.kind, tt.value, got, m.Usable, m.Neutral, tt.want, tt.usable, tt.neutral)
		}
	}
}

func TestNewCatalogErrors(t *testing.T) {
	var dup *DuplicateError
	_, err := NewCatalog([]Entry{{ID: "a", Names: []string{"Huawei"}, Parent: -1}, {ID: "b", Names: []string{"HUAWEI Co., Ltd."}, Parent: -1}})
	if !errors.As(err, &dup) || dup.Entry != 1 || dup.Other != 0 {
		t.Errorf("duplicate name: err = %v", err)
	}
	var inv *InvalidError
	for _, e := range []Entry{
		{ID: "a", Names: []string{"X"}, Parent: -1},
		{ID: "a", Domains: []string{"localhost"}, Parent: -1},
		{ID: "a", PURLs: []string{"pkg:generic"}, Parent: -1},
		{ID: "a", CPEs: []string{"*"}, Parent: -1},
	} {
		if _, err := NewCatalog([]Entry{e}); !errors.As(err, &inv) {
			t.Errorf("NewCatalog(%+v) err = %v, want InvalidError", e, err)
		}
	}
	if _, err := NewCatalog([]Entry{{ID: "a", Parent: 1}, {ID: "b", Parent: 0}}); err == nil {
		t.Error("parent cycle accepted")
	}
}

func TestAncestry(t *testing.T) {
	c := testCatalog(t)
	if !c.IsAncestor(0, 1) || c.IsAncestor(1, 0) || !c.IsAncestor(1, 1) || c.IsAncestor(2, 1) {
		t.Error("IsAncestor wrong")
	}
	if got := c.Ancestry(1); len(got) != 2 || got[1] != 0 {
		t.Errorf("Ancestry(1) = %v", got)
	}
}

// lookalike replaces Latin letters by confusable letters of other scripts
// and by fullwidth forms.
var lookalike = map[rune][]rune{
	'a': {'а', 'ａ'}, 'c': {'с', 'ｃ'}, 'e': {'е', 'ｅ'}, 'i': {'і', 'ｉ'}, 'o': {'о', 'ο', 'ｏ'},
	'p': {'р', 'ｐ'}, 'x': {'х', 'ｘ'}, 'y': {'у', 'ｙ'}, 'j': {'ј'}, 's': {'ѕ', 'ｓ'},
	'h': {'һ', 'ｈ'}, 'u': {'ｕ'}, 'w': {'ｗ'}, 'z': {'ｚ'}, 't': {'ｔ'},
	'A': {'А', 'Α', 'Ａ'}, 'B': {'В', 'Β'}, 'E': {'Е', 'Ε'}, 'H': {'Н', 'Η'}, 'K': {'К', 'Κ'},
	'M': {'М', 'Μ'}, 'O': {'О', 'Ο'}, 'P': {'Р', 'Ρ'}, 'T': {'Т', 'Τ'}, 'X': {'Х', 'Χ'}, 'Z': {'Ζ', 'Ｚ'},
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Huawei Technologies Co., Ltd.", "ZTE Corporation", "华为技术有限公司", "Hikvision", "Ｈｕａｗｅｉ", "a\u0301", "0O1lI", "S.A. de C.V.", "ǆ", "ﬁ", "\u1100\u1161", "m rn",
		"HuaweiTechnologies™", "ZTEsoft", "ʜᴜᴀᴡᴇɪ", "Hua\u3164wei", "HUAWEl", "🅷🆄🅰🆆🅴🅸", "SarNsung", "x%y|z"} {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, s string, seed uint8) {
		if isASCII(s) {
			if fast, slow := foldASCII(s), foldSlow(s); fast != slow {
				t.Fatalf("ASCII fast path: foldASCII(%q) = %q, foldSlow = %q", s, fast, slow)
			}
			if fast, slow := segmentWords(s), slowSegment(s); !sameSegments(fast, slow) {
				t.Fatalf("ASCII fast path: segment(%q) = %q %v %v, general path %q %v %v", s, fast.key, fast.cuts, fast.words, slow.key, slow.cuts, slow.words)
			}
		}
		if _, toks := segmentTokens(s); !slices.Equal(toks, Tokens(s)) {
			t.Fatalf("segmentTokens(%q) tokens %q, Tokens %q", s, toks, Tokens(s))
		}
		// The comparison key of a name is the key of its normalized form:
		// normalizing loses case, styles and invisible characters, never a
		// letter of the key.
		if k, kn := string(segmentWords(s).key), string(segmentWords(Normalize(s)).key); len(kn) > len(k) {
			t.Fatalf("Normalize(%q) = %q has the longer key %q (was %q)", s, Normalize(s), kn, k)
		}
		n := Normalize(s)
		if n2 := Normalize(n); n2 != n {
			t.Fatalf("not idempotent: Normalize(%q) = %q, Normalize(that) = %q", s, n, n2)
		}
		_ = Compact(s)
		_, _ = RegistrableDomain(s)
		_, _ = PURLPrefixKey(s)
		_ = CPEKey(s)
		// A look-alike: substitute confusable letters chosen by seed.
		var b strings.Builder
		k := int(seed)
		for _, r := range s {
			if alts, ok := lookalike[r]; ok && k%2 == 1 {
				r = alts[k%len(alts)]
			}
			k = k*7 + 3
			b.WriteRune(r)
		}
		if got := Normalize(b.String()); got != n {
			t.Fatalf("look-alike differs: Normalize(%q) = %q, Normalize(%q) = %q", s, n, b.String(), got)
		}
	})
}

func BenchmarkNormalize(b *testing.B) {
	for b.Loop() {
		Normalize("HUAWEI TECHNOLOGIES CO., LTD.")
	}
}

func BenchmarkLookupName(b *testing.B) {
	c := testCatalog(b)
	for b.Loop() {
		c.Lookup(KindName, "Shenzhen Example Networks Co., Ltd.")
	}
}

func TestFoldASCII(t *testing.T) {
	var all strings.Builder
	for c := range 128 {
		all.WriteByte(byte(c))
	}
	for _, s := range []string{all.String(), "Ericsson Kernel rn m rrnn", "HUAWEI TECHNOLOGIES CO.,LTD", "0O1lI|", "ZTE-Corp_2024"} {
		if fast, slow := foldASCII(s), foldSlow(s); fast != slow {
			t.Errorf("foldASCII(%q) = %q, foldSlow = %q", s, fast, slow)
		}
	}
}

func TestLookupWholeName(t *testing.T) {
	c := testCatalog(t)
	for _, tt := range []struct {
		v    string
		want int
	}{{"ZTE Corporation", 1}, {"ＺＴＥ Corp.", 1}, {"Zhang ZTE", 0}, {"Huawei Device", 0}, {"Huawei", 1}, {"\u202eiewauH", 1}} {
		if got := len(c.LookupWholeName(tt.v).Entries); got != tt.want {
			t.Errorf("LookupWholeName(%q): %d entries, want %d", tt.v, got, tt.want)
		}
	}
}

// BenchmarkLookupLongName is a hostile 4 MiB supplier name of one-letter
// words that spell a listed name over and over ("h u a w e i x ..."): every
// token starts a run, and the prefix set stops each run as soon as it
// cannot become a catalog name (here after at most seven tokens, where the
// bound alone allowed as many as the longest name has runes).
func BenchmarkLookupLongName(b *testing.B) {
	c := testCatalog(b)
	name := strings.Repeat("h u a w e i x ", 4<<20/14) + "Huawei"
	b.SetBytes(int64(len(name)))
	for b.Loop() {
		if m := c.Lookup(KindName, name); len(m.Entries) == 0 {
			b.Fatal("the listed name at the end was not found")
		}
	}
}

// BenchmarkLookupLongCompound is a hostile 4 MiB supplier name that is one
// token of a listed name and compound words run together
// ("huaweitechcloudtech..."): every offset can end a chain of compound
// words, and the scan still looks at each byte a bounded number of times.
func BenchmarkLookupLongCompound(b *testing.B) {
	c := testCatalog(b)
	name := "huawei" + strings.Repeat("techcloudsoft", 4<<20/13)
	b.SetBytes(int64(len(name)))
	for b.Loop() {
		if m := c.Lookup(KindName, name); len(m.Entries) == 0 {
			b.Fatal("the listed name at the start was not found")
		}
	}
}

// BenchmarkLookupLongMixed is a hostile 1 MiB name that changes case,
// style and script at every letter (every offset is a unit boundary) and
// is full of invisible characters: the general (non-ASCII) path.
func BenchmarkLookupLongMixed(b *testing.B) {
	c := testCatalog(b)
	name := strings.Repeat("hU\u200bа𝐖e\u3164Ｉx ", 1<<20/24)
	b.SetBytes(int64(len(name)))
	for b.Loop() {
		if m := c.Lookup(KindName, name); len(m.Entries) == 0 {
			b.Fatal("the listed name was not found")
		}
	}
}

// BenchmarkLookupNameNonASCII is an ordinary supplier name outside ASCII.
func BenchmarkLookupNameNonASCII(b *testing.B) {
	c := testCatalog(b)
	for b.Loop() {
		c.Lookup(KindName, "Ｓｈｅｎｚｈｅｎ Exämple Nétworks Co., Ltd.")
	}
}

// TestNewCatalogLookalikeDuplicates: two entries whose names, domains,
// purl prefixes or CPE vendors are look-alikes claim the same thing.
func TestNewCatalogLookalikeDuplicates(t *testing.T) {
	var dup *DuplicateError
	for _, pair := range [][2]Entry{
		{{ID: "a", Names: []string{"Huawei"}, Parent: -1}, {ID: "b", Names: []string{"HUAWEl"}, Parent: -1}},
		{{ID: "a", Names: []string{"Samsung"}, Parent: -1}, {ID: "b", Names: []string{"Sarnsung"}, Parent: -1}},
		{{ID: "a", Names: []string{"Acme5"}, Parent: -1}, {ID: "b", Names: []string{"ACMES"}, Parent: -1}},
		{{ID: "a", Names: []string{"ZTE"}, Parent: -1}, {ID: "b", Names: []string{"ᴢᴛᴇ™"}, Parent: -1}},
		{{ID: "a", Domains: []string{"huawei.com"}, Parent: -1}, {ID: "b", Domains: []string{"huawe1.com"}, Parent: -1}},
		{{ID: "a", PURLs: []string{"pkg:maven/com.zte"}, Parent: -1}, {ID: "b", PURLs: []string{"pkg:maven/com.ZTE"}, Parent: -1}},
		{{ID: "a", CPEs: []string{"hikvision"}, Parent: -1}, {ID: "b", CPEs: []string{"hikvisi0n"}, Parent: -1}},
	} {
		if _, err := NewCatalog(pair[:]); !errors.As(err, &dup) {
			t.Errorf("NewCatalog(%+v): err = %v, want a DuplicateError", pair, err)
		}
	}
}
