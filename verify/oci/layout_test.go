package oci

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

func TestLayoutSelection(t *testing.T) {
	vendor := newKey(t)
	ctx := context.Background()

	// One image plus its signatures: no tag needed.
	l := newLayout(t, false)
	d := l.putImage(t, cuImage(t, "linux/amd64", "a"), "")
	cosignSign(t, l, d, vendor)
	cosignSignLegacy(t, l, d.Digest, vendor)
	cosignAttachSBOM(t, l, d.Digest, cuSBOM)
	img := mustDiscover(t, l.ref(""), Options{})
	if img.Digest != d.Digest.String() || img.Tag != "" {
		t.Fatalf("only image: %s tag %q", img.Digest, img.Tag)
	}

	// A second image makes the untagged reference ambiguous.
	d2 := l.putImage(t, cuImage(t, "linux/amd64", "b"), "2.2")
	_, err := Discover(ctx, l.ref(""), Options{})
	if err == nil || !strings.Contains(err.Error(), "2 images") || !strings.Contains(err.Error(), d.Digest.String()) || !strings.Contains(err.Error(), "(2.2)") {
		t.Fatalf("two images: %v", err)
	}
	// A tag that is absent lists the tags there are (not cosign's).
	_, err = Discover(ctx, l.ref("9.9"), Options{})
	if err == nil || !strings.Contains(err.Error(), "tags: 2.2)") {
		t.Fatalf("absent tag: %v", err)
	}
	// The same tag on two different manifests is ambiguous.
	l.putImage(t, cuImage(t, "linux/amd64", "c"), "2.2")
	_, err = Discover(ctx, l.ref("2.2"), Options{})
	if err == nil || !strings.Contains(err.Error(), "2 different manifests") {
		t.Fatalf("ambiguous tag: %v", err)
	}
	// A digest still picks exactly one.
	img = mustDiscover(t, l.ref(d2.Digest.String()), Options{})
	if img.Digest != d2.Digest.String() {
		t.Fatalf("by digest: %s", img.Digest)
	}

	// Not a layout.
	for _, dir := range []string{t.TempDir(), filepath.Join(t.TempDir(), "missing")} {
		if _, err := Discover(ctx, "oci:"+dir, Options{}); err == nil || !strings.Contains(err.Error(), "oci:"+dir) {
			t.Errorf("%s: %v", dir, err)
		}
	}
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, []byte("x"), 0o644)
	if _, err := Discover(ctx, "oci:"+f, Options{}); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("file: %v", err)
	}
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "oci-layout"), []byte(`{"imageLayoutVersion":"2.0.0"}`), 0o644)
	os.WriteFile(filepath.Join(bad, "index.json"), []byte(`{"schemaVersion":2,"manifests":[]}`), 0o644)
	if _, err := Discover(ctx, "oci:"+bad, Options{}); err == nil || !strings.Contains(err.Error(), "imageLayoutVersion") {
		t.Errorf("layout version: %v", err)
	}
	os.WriteFile(filepath.Join(bad, "oci-layout"), []byte(`{"imageLayoutVersion":"1.0.0"}`), 0o644)
	if _, err := Discover(ctx, "oci:"+bad, Options{}); err == nil || !strings.Contains(err.Error(), "no image") {
		t.Errorf("empty layout: %v", err)
	}
	os.WriteFile(filepath.Join(bad, "index.json"), []byte(`{"schemaVersion":2,"schemaVersion":2,"manifests":[]}`), 0o644)
	if _, err := Discover(ctx, "oci:"+bad, Options{}); err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Errorf("duplicate member names: %v", err)
	}
}

// TestLayoutUntaggedSignatures covers layouts whose legacy signature
// manifests carry no tag (cosign save; crane pull without --annotate-ref):
// they are found by what they claim, and verified like any other.
func TestLayoutUntaggedSignatures(t *testing.T) {
	vendor := newKey(t)
	l := newLayout(t, false)
	d := l.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
	other := l.putImage(t, cuImage(t, "linux/amd64", "b"), "2.2")
	// Write the .sig and .att images, then drop their tags.
	cosignSignLegacy(t, l, d.Digest, vendor)
	cosignAttestLegacy(t, l, d.Digest, vendor, cuSBOM)
	cosignSignLegacy(t, l, other.Digest, vendor)
	idx, _ := l.path.ImageIndex()
	im, _ := idx.IndexManifest()
	var entries []v1.Descriptor
	for _, e := range im.Manifests {
		if isCosignTag(e.Annotations[RefNameAnnotation]) {
			e.Annotations = map[string]string{"dev.cosignproject.cosign/image": "sigs"}
		}
		entries = append(entries, e)
	}
	writeIndex(t, l, entries)

	rep := mustVerify(t, mustVerifier(t, vendor.signer1("oai")), mustDiscover(t, l.ref("2.1"), Options{}))
	mr := rep.Manifests[0]
	if !rep.Verified || !sameMultiset(outcomes(mr), []string{"simple-signing:verified", "dsse-envelope:verified"}) || len(mr.SBOMs) != 1 {
		t.Fatalf("verified %v %v\n%s", rep.Verified, outcomes(mr), evidenceDump(rep))
	}
	for _, e := range mr.Evidence {
		if len(e.Found) != 1 || e.Found[0] != "layout index.json (untagged)" {
			t.Errorf("found %v", e.Found)
		}
	}
}

func writeIndex(t testing.TB, l *layoutTarget, entries []v1.Descriptor) {
	t.Helper()
	raw, err := json.Marshal(v1.IndexManifest{SchemaVersion: 2, MediaType: types.OCIImageIndex, Manifests: entries})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(l.dir, "index.json"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestIndexEntriesSkippedAndNested(t *testing.T) {
	vendor := newKey(t)
	for _, kind := range []string{"layout", "registry-tagschema"} {
		t.Run(kind, func(t *testing.T) {
			fx := newFixture(t, kind)
			tg := fx.tg
			amd := cuImage(t, "linux/amd64", "a")
			arm := cuImage(t, "linux/arm64", "a")
			ad, armd := tg.putImage(t, amd, ""), tg.putImage(t, arm, "")
			// buildx puts provenance manifests in the index as platform
			// unknown/unknown: they are not platforms to gate.
			prov := cuImage(t, "unknown/unknown", "prov")
			tg.putImage(t, prov, "")
			inner := mutate.AppendManifests(emptyIndex(), mutate.IndexAddendum{Add: arm, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "arm64"}}})
			tg.putIndex(t, inner, "")
			outer := mutate.AppendManifests(emptyIndex(),
				mutate.IndexAddendum{Add: amd, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "amd64"}}},
				mutate.IndexAddendum{Add: inner},
				mutate.IndexAddendum{Add: prov, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "unknown", Architecture: "unknown"}, Annotations: map[string]string{"vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": ad.Digest.String()}}},
			)
			tg.putIndex(t, outer, "2.1")
			cosignSign(t, tg, ad, vendor)
			cosignSign(t, tg, armd, vendor)
			rep := mustVerify(t, mustVerifier(t, vendor.signer1("oai")), mustDiscover(t, tg.ref("2.1"), fx.opts))
			if !rep.Verified || len(rep.Manifests) != 2 || rep.Manifests[1].Digest != armd.Digest.String() || rep.Manifests[1].Platform != "linux/arm64" {
				t.Fatalf("verified %v %+v\n%s", rep.Verified, rep.Manifests, evidenceDump(rep))
			}
			if len(rep.Skipped) != 1 || !strings.Contains(rep.Skipped[0].Reason, "attestation-manifest") {
				t.Errorf("skipped %+v", rep.Skipped)
			}
		})
	}
}

func TestLayoutWrittenByGoContainerRegistry(t *testing.T) {
	// layout.Write of an index (crane pull --format=oci of a multi-arch
	// image) with the tag crane gives it.
	vendor := newKey(t)
	dir := t.TempDir()
	amd := cuImage(t, "linux/amd64", "a")
	idx := mutate.AppendManifests(emptyIndex(), mutate.IndexAddendum{Add: amd, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "amd64"}}})
	p, err := layout.Write(dir, emptyIndex())
	if err != nil {
		t.Fatal(err)
	}
	if err := p.AppendIndex(idx, layout.WithAnnotations(map[string]string{RefNameAnnotation: "registry.operator.example/ran/oai-gnb-cu:2.1"})); err != nil {
		t.Fatal(err)
	}
	l := &layoutTarget{dir: dir, path: p}
	ad := descriptorOf(t, amd)
	cosignAttest(t, l, ad, vendor, cuSBOM)
	rep := mustVerify(t, mustVerifier(t, vendor.signer1("oai")), mustDiscover(t, "oci:"+dir+":2.1", Options{}))
	if !rep.Verified || rep.Manifests[0].Digest != ad.Digest.String() || len(rep.Manifests[0].SBOMs) != 1 {
		t.Fatalf("verified %v\n%s", rep.Verified, evidenceDump(rep))
	}
}
