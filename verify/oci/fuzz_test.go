package oci

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

func FuzzParseReference(f *testing.F) {
	for _, s := range []string{
		"oci:cu", "oci:./a/b:2.1", "oci:/x@sha256:" + hex64, "registry.example/ran/cu:2.1",
		"localhost:5000/cu@sha256:" + hex64, "[::1]:5000/a/b:c", "docker.io/library/debian", "a/b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseReference(s)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		again, err := ParseReference(r.String())
		if err != nil || again != r {
			t.Fatalf("%q -> %+v -> %q -> %+v, %v", s, r, r.String(), again, err)
		}
	})
}

func FuzzParseManifest(f *testing.F) {
	img := cuImage(f, "linux/amd64", "a")
	raw, _ := img.RawManifest()
	f.Add(raw, "")
	f.Add([]byte(`{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:`+hex64+`","size":1}]}`), "application/vnd.oci.image.index.v1+json")
	f.Add([]byte(`{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[{"size":-1}]}`), "")
	h, _ := v1.NewHash("sha256:" + hex64)
	f.Fuzz(func(t *testing.T, raw []byte, hint string) {
		m, err := parseManifest(raw, h, hint)
		if err != nil {
			return
		}
		if (m.index == nil) == (m.image == nil) {
			t.Fatalf("parsed as both or neither: %+v", m)
		}
		_ = m.artifactType()
		_ = m.subject()
		_ = isAttachmentManifest(m)
	})
}

// FuzzLayoutIndex discovers a layout whose index.json is the input: no
// panic, and every failure an error naming the layout.
func FuzzLayoutIndex(f *testing.F) {
	l := newLayout(f, false)
	d := l.putImage(f, cuImage(f, "linux/amd64", "a"), "2.1")
	cosignSignLegacy(f, l, d.Digest, newKey(f))
	index, err := os.ReadFile(filepath.Join(l.dir, "index.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(index)
	f.Add([]byte(`{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"` + d.Digest.String() + `","size":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.CopyFS(dir, os.DirFS(l.dir)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "index.json"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Discover(context.Background(), "oci:"+dir, Options{Limits: Limits{MaxLayoutEntries: 64}})
		if err != nil && !strings.Contains(err.Error(), "oci:"+dir) {
			t.Fatalf("error without the reference: %v", err)
		}
	})
}
