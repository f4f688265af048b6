package identity

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// evasions are ways a supplier name can be written so that it looks like
// (or, in a terminal, is displayed as) "Huawei" while its bytes differ.
var evasions = []struct{ name, value string }{
	{"zero-width space", "Hua\u200bwei"},
	{"zero-width joiner", "Hua\u200dwei Technologies"},
	{"zero-width non-joiner", "Hu\u200cawei"},
	{"word joiner", "Hua\u2060wei"},
	{"byte-order mark", "\ufeffHuawei"},
	{"soft hyphen", "Hua\u00adwei"},
	{"fullwidth", "Ｈｕａｗｅｉ"},
	{"cyrillic homoglyphs", "Huаwеі"},
	{"greek capitals", "ΗUΑWΕΙ"},
	{"bidi embedding", "Hua\u202awei\u202c"},
	{"bidi isolate", "\u2066Huawei\u2069"},
	{"combining overlays", "Hu\u0334a\u0335wei"},
	{"combining grapheme joiner", "Hua\u034fwei"},
	{"variation selector", "Hua\ufe0fwei"},
	{"tag character", "Hua\U000E0041wei"},
	// A right-to-left override displays what follows it reversed: these
	// bytes spell "iewauH" and a terminal or report viewer shows "Huawei".
	{"right-to-left override", "\u202eiewauH"},
	{"right-to-left override, terminated", "\u202eiewauH\u202c Technologies Co., Ltd."},
	{"right-to-left override, partial", "Hua\u202eiew\u202c"},
	{"right-to-left override, isolate-terminated", "\u2067\u202eiewauH\u2069"},
	// The logical order still counts: shown as "iewauH", read as Huawei.
	{"right-to-left override over the real name", "\u202eHuawei\u202c"},
}

func TestLookupEvasions(t *testing.T) {
	c := testCatalog(t)
	huawei := slices.IndexFunc(c.entries, func(e Entry) bool { return e.ID == "huawei" })
	for _, tc := range evasions {
		t.Run(tc.name, func(t *testing.T) {
			m := c.Lookup(KindName, tc.value)
			if !slices.Contains(m.Entries, huawei) {
				t.Errorf("Lookup(%q) = %+v: does not resolve to huawei", tc.value, m)
			}
		})
	}
	// Not an evasion: no override, just a different name.
	if m := c.Lookup(KindName, "iewauH"); slices.Contains(m.Entries, huawei) {
		t.Errorf("Lookup(iewauH) resolves to huawei without any override: %+v", m)
	}
}

// invisibles are characters an attacker can insert anywhere in a name.
var invisibles = []rune{'\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u034f', '\ufe0f', '\u202a', '\u202c', '\u2066', '\u2069', '\u0334', '\U000E0041', '\u180e', '\u200e', '\u200f'}

// FuzzNameEvasion: inserting invisible or format characters anywhere in a
// listed name, substituting look-alikes, or writing it reversed behind a
// right-to-left override never stops it resolving to its entity.
func FuzzNameEvasion(f *testing.F) {
	f.Add("Huawei Technologies Co., Ltd.", uint64(0), uint8(0))
	f.Add("ZTE Corporation", uint64(12345), uint8(3))
	f.Add("HiSilicon", uint64(99), uint8(1))
	f.Add("华为", uint64(7), uint8(2))
	c := testCatalog(f)
	f.Fuzz(func(t *testing.T, name string, seed uint64, mode uint8) {
		if !utf8.ValidString(name) {
			return
		}
		want := c.Lookup(KindName, name)
		if len(want.Entries) == 0 {
			return
		}
		runes := []rune(name)
		var b strings.Builder
		switch mode % 3 {
		case 0, 1: // insert invisibles at seed-chosen positions
			for i, r := range runes {
				if seed>>(uint(i)%64)&1 == 1 {
					b.WriteRune(invisibles[(seed>>8+uint64(i))%uint64(len(invisibles))])
				}
				b.WriteRune(r)
			}
		case 2: // reversed behind a right-to-left override
			if strings.ContainsFunc(name, isParagraphSeparator) {
				return // a paragraph separator ends the override
			}
			b.WriteRune('\u202e')
			for i := len(runes) - 1; i >= 0; i-- {
				b.WriteRune(runes[i])
			}
			b.WriteRune('\u202c')
		}
		got := c.Lookup(KindName, b.String())
		for _, e := range want.Entries {
			if !slices.Contains(got.Entries, e) {
				t.Fatalf("Lookup(%q) = %v lost entry %s that Lookup(%q) = %v found", b.String(), got.Entries, c.entries[e].ID, name, want.Entries)
			}
		}
	})
}
