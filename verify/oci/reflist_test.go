package oci

import (
	"strings"
	"testing"
)

func TestParseReferenceList(t *testing.T) {
	list := "# submissions, 2025-Q1\n\noci:subs/acme-cu:2.1   # layout from the vendor\nregistry.operator.example/ran/oai-gnb-cu:2.1.0\n\t registry.operator.example/ran/du@sha256:" + hex64 + "\t# pinned\n"
	refs, err := ParseReferenceList("subs.txt", []byte(list))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range refs {
		got = append(got, r.String())
	}
	want := []string{"oci:subs/acme-cu:2.1", "registry.operator.example/ran/oai-gnb-cu:2.1.0", "registry.operator.example/ran/du@sha256:" + hex64}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %v", got)
	}
	bad := []struct{ in, want string }{
		{"oci:a:2.1\nran/cu:1\n", "subs.txt:2: oci: reference \"ran/cu:1\" names no registry host"},
		{"oci:a:2.1\n# x\noci:a:2.1\n", "subs.txt:3: oci:a:2.1 is already listed on line 1"},
		{"oci:a\xff\n", "not UTF-8"},
		{strings.Repeat("x", 70<<10), "subs.txt: bufio.Scanner: token too long"},
	}
	for _, c := range bad {
		_, err := ParseReferenceList("subs.txt", []byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.in[:min(len(c.in), 40)], err, c.want)
		}
	}
}
