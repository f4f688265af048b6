package identity

import (
	"slices"
	"testing"
)

// TestSegmentASCII checks the ASCII fast path of segment against the
// general path, on every pair of ASCII characters and on names.
func TestSegmentASCII(t *testing.T) {
	var ins []string
	for a := range 128 {
		for b := range 128 {
			ins = append(ins, string([]byte{byte(a), byte(b)}), string([]byte{'A', byte(a), byte(b), 'c'}))
		}
	}
	ins = append(ins, "HuaweiTechnologies", "ZTECorp", "myHuaweiSDK", "HUAWEI5G", "Hua|wei", "Sarnsung Ltd", "x%y", "A\"B`C", "Acme, Inc.")
	for _, s := range ins {
		if fast, slow := segmentWords(s), slowSegment(s); !sameSegments(fast, slow) {
			t.Errorf("segment(%q): fast %q %v %v, general %q %v %v", s, fast.key, fast.cuts, fast.words, slow.key, slow.cuts, slow.words)
		}
	}
}

func slowSegment(s string) segmented {
	var g segmented
	segmentSlow(&g, s)
	g.sep()
	return g
}

func sameSegments(a, b segmented) bool {
	return string(a.key) == string(b.key) && slices.Equal(a.cuts, b.cuts) && slices.Equal(a.words, b.words)
}

func TestUnitMarkSurvivesFold(t *testing.T) {
	m := string(unitMark)
	if got := foldSlow("A" + m + "b" + m + "\u00e9" + m + "Ｈ" + m + "ᴢ" + m + "\u0301"); got != "a"+m+"b"+m+"e"+m+"h"+m+"z"+m {
		t.Errorf("fold moved or removed the unit mark: %+q", got)
	}
	// One that arrives in the input is a separator, not a unit boundary.
	if got := Normalize("Hua" + m + "wei"); got != "hua wei" {
		t.Errorf("Normalize with an input noncharacter = %q", got)
	}
}

func TestCompoundWordsFold(t *testing.T) {
	for _, w := range append(append([]string{}, CompoundSuffixes...), CompoundPrefixes...) {
		if g := segment(w); len(g.key) == 0 || len(g.cuts) != 2 {
			t.Errorf("compound word %q does not fold to one unit: %q %v", w, g.key, g.cuts)
		}
	}
}

// TestSegmentTokens checks that segmentTokens, which folds once for both,
// gives the tokens Tokens gives.
func TestSegmentTokens(t *testing.T) {
	for _, s := range []string{"Huawei Technologies Co., Ltd.", "ΗUΑWΕΙ", "Ｈｕａｗｅｉ™ Cloud", "Sar\u0301Nsung", "r𝐧", "ᴴᵘᵃʷᵉⁱ", "가나다", "\u1100\u1161Ab", "HUAWEl Ltd", "a\uFDD0b", "ǅungla"} {
		if _, got := segmentTokens(s); !slices.Equal(got, Tokens(s)) {
			t.Errorf("segmentTokens(%q) tokens %q, Tokens %q", s, got, Tokens(s))
		}
	}
}
