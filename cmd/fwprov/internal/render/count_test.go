package render

import "testing"

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n        int
		singular string
		want     string
	}{
		{0, "submission", "0 submissions"},
		{1, "submission", "1 submission"},
		{2, "submission", "2 submissions"},
		{1, "entity", "1 entity"},
		{3, "entity", "3 entities"},
		{2, "key", "2 keys"},
		{2, "match", "2 matches"},
		{2, "prefix", "2 prefixes"},
		{-1, "component", "-1 components"},
		{1, "limit", "1 limit"},
		{1, "trusted signer", "1 trusted signer"},
		{5, "trusted signer", "5 trusted signers"},
	} {
		if got := Count(c.n, c.singular); got != c.want {
			t.Errorf("Count(%d, %q) = %q, want %q", c.n, c.singular, got, c.want)
		}
	}
}
