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
	// Inputs run one after the other in a worker: rewrite index.json in
	// place (the blobs stay).
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(filepath.Join(l.dir, "index.json"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Discover(context.Background(), "oci:"+l.dir, Options{Limits: Limits{MaxLayoutEntries: 64}})
		if err != nil && !strings.Contains(err.Error(), "oci:"+l.dir) {
			t.Fatalf("error without the reference: %v", err)
		}
	})
}

// FuzzLegacyAnnotations feeds hostile legacy-signature annotations and
// layers through discovery-side peeking and the bundle rebuild.
func FuzzLegacyAnnotations(f *testing.F) {
	f.Add([]byte(`{"critical":{"image":{"docker-manifest-digest":"sha256:`+hex64+`"},"type":"cosign container image signature"}}`), "MEUCIQ==", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", `{"SignedEntryTimestamp":"AAAA","Payload":{"body":"e30=","integratedTime":1,"logIndex":1,"logID":"00"}}`, `{"SignedRFC3161Timestamp":"AAAA"}`)
	f.Fuzz(func(t *testing.T, layer []byte, sig, cert, logBundle, ts string) {
		for _, kind := range []AttachmentKind{AttachSimpleSigning, AttachDSSE, AttachBundle} {
			a := &Attachment{Kind: kind, Data: layer, Annotations: map[string]string{
				SignatureAnnotation: sig, CertificateAnnotation: cert, LogBundleAnnotation: logBundle, TimestampAnnotation: ts,
			}}
			_ = peek(kind, layer)
			for _, keyless := range []bool{false, true} {
				if b, err := legacyBundle(a, keyless); err == nil && len(b) == 0 {
					t.Fatal("empty bundle without an error")
				}
			}
		}
	})
}
