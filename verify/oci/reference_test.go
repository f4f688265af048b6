package oci

import (
	"strings"
	"testing"
)

const hex64 = "9b4b4b40d42ca415f2f2b789ed26481e26b38af570fbd8c453e7553bf51169fe"

func TestParseReference(t *testing.T) {
	ok := []struct {
		in   string
		want Reference
		str  string
	}{
		{"oci:cu-layout", Reference{Kind: KindLayout, Path: "cu-layout"}, "oci:cu-layout"},
		{"oci:./images/cu:2.1", Reference{Kind: KindLayout, Path: "./images/cu", Tag: "2.1"}, ""},
		{"oci:/srv/mirror/cu:2.1.0-rc1", Reference{Kind: KindLayout, Path: "/srv/mirror/cu", Tag: "2.1.0-rc1"}, ""},
		{"oci:/srv/mirror/cu@sha256:" + hex64, Reference{Kind: KindLayout, Path: "/srv/mirror/cu", Digest: "sha256:" + hex64}, ""},
		{"oci:/srv/a@b/cu", Reference{Kind: KindLayout, Path: "/srv/a@b/cu"}, ""},
		{"oci:/srv/re:lease/cu:v1", Reference{Kind: KindLayout, Path: "/srv/re:lease/cu", Tag: "v1"}, ""},
		{"oci:/srv/odd:name/.", Reference{Kind: KindLayout, Path: "/srv/odd:name/."}, ""},
		{"registry.operator.example/ran/oai-gnb-cu:2.1", Reference{Kind: KindRegistry, Repository: "registry.operator.example/ran/oai-gnb-cu", Tag: "2.1"}, ""},
		{"registry.operator.example/ran/oai-gnb-cu", Reference{Kind: KindRegistry, Repository: "registry.operator.example/ran/oai-gnb-cu", Tag: "latest"}, "registry.operator.example/ran/oai-gnb-cu:latest"},
		{"localhost:5000/ran/cu@sha256:" + hex64, Reference{Kind: KindRegistry, Repository: "localhost:5000/ran/cu", Digest: "sha256:" + hex64}, ""},
		{"localhost/ran/cu:1", Reference{Kind: KindRegistry, Repository: "localhost/ran/cu", Tag: "1"}, ""},
		{"127.0.0.1:5000/cu:2.1@sha256:" + hex64, Reference{Kind: KindRegistry, Repository: "127.0.0.1:5000/cu", Tag: "2.1", Digest: "sha256:" + hex64}, ""},
		{"docker.io/library/debian:12", Reference{Kind: KindRegistry, Repository: "index.docker.io/library/debian", Tag: "12"}, "index.docker.io/library/debian:12"},
		{"[::1]:5000/ran/cu:2.1", Reference{Kind: KindRegistry, Repository: "[::1]:5000/ran/cu", Tag: "2.1"}, ""},
	}
	for _, c := range ok {
		got, err := ParseReference(c.in)
		if err != nil {
			t.Errorf("ParseReference(%q): %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("ParseReference(%q) = %+v, want %+v", c.in, got, c.want)
		}
		str := c.str
		if str == "" {
			str = c.in
		}
		if got.String() != str {
			t.Errorf("String() = %q, want %q", got.String(), str)
		}
		again, err := ParseReference(got.String())
		if err != nil || again != got {
			t.Errorf("round trip of %q: %+v, %v", got.String(), again, err)
		}
		if !LooksLikeReference(c.in) {
			t.Errorf("LooksLikeReference(%q) = false", c.in)
		}
	}
	bad := []struct{ in, want string }{
		{"", "empty"},
		{" oci:x", "spaces"},
		{"oci:", "no layout directory"},
		{"oci::2.1", "no layout directory"},
		{"oci:dir:", "not a valid tag"},
		{"oci:dir:-x", "not a valid tag"},
		{"oci:dir:" + strings.Repeat("a", 129), "not a valid tag"},
		{"oci:dir@sha256:abc", "digest"},
		{"oci:dir@sha256:" + strings.ToUpper(hex64), "digest"},
		{"ran/oai-gnb-cu:2.1", "names no registry host"},
		{"oai-gnb-cu", "names no registry host"},
		{"du-release/", "names no registry host"},
		{"https://registry.example/ran/cu:2.1", "URL scheme"},
		{"registry.example/Ran/cu:2.1", "repository"},
		{"registry.example/ran/cu:", "tag"},
		{"registry.example/ran/cu@sha256:abc", "digest"},
		{"registry.example/ran/cu@md5:" + hex64[:32], "digest"},
		{"registry.example/", "repository"},
		{"registry.example/ran/cu:2.1:3", "repository"},
		{"./du-release/x", "names no registry host"},
		{"-bad.example/ran/cu", "names no registry host"},
	}
	for _, c := range bad {
		_, err := ParseReference(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseReference(%q) = %v, want an error about %q", c.in, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("error not one line: %q", err)
		}
	}
	for _, s := range []string{"ran/cu:2.1", "./du-release", "du.cdx.json", "release"} {
		if LooksLikeReference(s) {
			t.Errorf("LooksLikeReference(%q) = true", s)
		}
	}
}

func TestTagMatches(t *testing.T) {
	cases := []struct {
		refName, tag string
		want         bool
	}{
		{"2.1", "2.1", true},
		{"registry.example/ran/cu:2.1", "2.1", true},
		{"localhost:5000/ran/cu:2.1", "2.1", true},
		{"ran/cu:2.1", "2.1", true},
		{"registry.example/ran/cu:12.1", "2.1", false},
		{"registry.example/ran/cu@sha256:" + hex64, "2.1", false},
		{"localhost:2.1", "2.1", true}, // repository "localhost", tag 2.1, as docker reads it
		{"registry.example/ran/cu:2.1/x", "2.1/x", false},
		{"2.1.1", "2.1", false},
		{":2.1", "2.1", false},
		{"registry.example/ran/cu:sha256-" + hex64 + ".sig", "sha256-" + hex64 + ".sig", true},
	}
	for _, c := range cases {
		if got := tagMatches(c.refName, c.tag); got != c.want {
			t.Errorf("tagMatches(%q, %q) = %v, want %v", c.refName, c.tag, got, c.want)
		}
	}
}

func TestIsCosignTag(t *testing.T) {
	for s, want := range map[string]bool{
		"sha256-" + hex64:                               true,
		"sha256-" + hex64 + ".sig":                      true,
		"registry.example/cu:sha256-" + hex64 + ".att":  true,
		"sha256-" + hex64[:63]:                          false,
		"sha256-" + strings.ToUpper(hex64):              false,
		"2.1":                                           false,
		"registry.example/cu:2.1":                       false,
		"sha512-" + hex64 + hex64 + ".sbom":             true,
		"registry.example/sha256-" + hex64 + "/cu:v1.0": false,
	} {
		if got := isCosignTag(s); got != want {
			t.Errorf("isCosignTag(%q) = %v, want %v", s, got, want)
		}
	}
}
