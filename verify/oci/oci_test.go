package oci

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/fwprov/fwprov/verify"
)

// targetKinds are the places a test image lives: layouts written as oras
// and crane write them, a registry without the referrers API (cosign falls
// back to the referrers tag schema), and one with a correct referrers API.
var targetKinds = []string{"layout", "layout-fullref", "registry-tagschema", "registry-referrers"}

type fixture struct {
	tg   target
	opts Options
	log  *requestLog
}

func newFixture(t *testing.T, kind string) fixture {
	t.Helper()
	switch kind {
	case "layout":
		return fixture{tg: newLayout(t, false)}
	case "layout-fullref":
		return fixture{tg: newLayout(t, true)}
	case "registry-tagschema":
		r, l := newRegistry(t, false)
		return fixture{tg: r, opts: r.options(), log: l}
	case "registry-referrers":
		r, l := newRegistry(t, true)
		return fixture{tg: r, opts: r.options(), log: l}
	}
	t.Fatalf("unknown target kind %s", kind)
	return fixture{}
}

// scenario builds an image and its attachments on a target and returns the
// reference to gate.
type scenario struct {
	name         string
	build        func(t *testing.T, tg target, vendor, other testKey) string
	wantVerified bool
	// wantOutcomes are kind:outcome of the (single or first failing)
	// gated manifest's evidence, in any order.
	wantOutcomes []string
	// wantSBOM says a trusted SBOM equal to cuSBOM (as JSON) is returned.
	wantSBOM bool
	// wantReason is a substring of Report.Reason when not verified.
	wantReason string
}

var scenarios = []scenario{
	{
		name: "bundle signature",
		build: func(t *testing.T, tg target, vendor, _ testKey) string {
			d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
			cosignSign(t, tg, d, vendor)
			return tg.ref("2.1")
		},
		wantVerified: true,
		wantOutcomes: []string{"sigstore-bundle:verified"},
	},
	{
		name: "bundle CycloneDX attestation counts as the signature and yields the SBOM",
		build: func(t *testing.T, tg target, vendor, _ testKey) string {
			d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
			cosignAttest(t, tg, d, vendor, cuSBOM)
			return tg.ref("2.1")
		},
		wantVerified: true,
		wantOutcomes: []string{"sigstore-bundle:verified"},
		wantSBOM:     true,
	},
	{
		name: "bundle signature and attestation",
		build: func(t *testing.T, tg target, vendor, _ testKey) string {
			d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
			cosignSign(t, tg, d, vendor)
			cosignAttest(t, tg, d, vendor, cuSBOM)
			return tg.ref("2.1")
		},
		wantVerified: true,
		wantOutcomes: []string{"sigstore-bundle:verified", "sigstore-bundle:verified"},
		wantSBOM:     true,
	},
	{
		name: "legacy .sig and .att tags",
		build: func(t *testing.T, tg target, vendor, _ testKey) string {
			d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
			cosignSignLegacy(t, tg, d.Digest, vendor)
			cosignAttestLegacy(t, tg, d.Digest, vendor, cuSBOM)
			return tg.ref("2.1")
		},
		wantVerified: true,
		wantOutcomes: []string{"simple-signing:verified", "dsse-envelope:verified"},
		wantSBOM:     true,
	},
	{
		name: "by digest",
		build: func(t *testing.T, tg target, vendor, _ testKey) string {
			d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
			cosignSign(t, tg, d, vendor)
			return tg.ref(d.Digest.String())
		},
		wantVerified: true,
		wantOutcomes: []string{"sigstore-bundle:verified"},
	},
	{
		name: "signed by an untrusted key only",
		build: func(t *testing.T, tg target, _, other testKey) string {
			d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
			cosignSign(t, tg, d, other)
			cosignAttest(t, tg, d, other, cuSBOM)
			cosignSignLegacy(t, tg, d.Digest, other)
			return tg.ref("2.1")
		},
		wantOutcomes: []string{"sigstore-bundle:untrusted", "sigstore-bundle:untrusted", "simple-signing:untrusted"},
		wantReason:   "no signature or attestation by a trusted signer",
	},
	{
		name: "an untrusted signature beside a trusted one is ignored",
		build: func(t *testing.T, tg target, vendor, other testKey) string {
			d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
			cosignSign(t, tg, d, other)
			cosignSign(t, tg, d, vendor)
			return tg.ref("2.1")
		},
		wantVerified: true,
		wantOutcomes: []string{"sigstore-bundle:untrusted", "sigstore-bundle:verified"},
	},
	{
		name: "nothing attached",
		build: func(t *testing.T, tg target, _, _ testKey) string {
			tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
			return tg.ref("2.1")
		},
		wantReason: "nothing is attached",
	},
	{
		name: "a signature for another digest attached to this one",
		build: func(t *testing.T, tg target, vendor, _ testKey) string {
			other := tg.putImage(t, cuImage(t, "linux/amd64", "other"), "")
			d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
			b, err := signBundleFor(t, other.Digest, vendor)
			if err != nil {
				t.Fatal(err)
			}
			raw, blobs := bundleReferrer(t, d, b, CosignSignPredicate)
			tg.putReferrer(t, raw, blobs)
			return tg.ref("2.1")
		},
		wantOutcomes: []string{"sigstore-bundle:wrong-subject"},
		wantReason:   "wrong-subject",
	},
	{
		name: "an attestation copied from another image",
		build: func(t *testing.T, tg target, vendor, _ testKey) string {
			other := tg.putImage(t, cuImage(t, "linux/amd64", "other"), "")
			d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
			// The vendor's attestation of the other image, with its
			// subject rewritten to this image (the bundle is unchanged).
			b := attestBundleFor(t, tg.repoName(), other.Digest, vendor, cuSBOM)
			raw, blobs := bundleReferrer(t, d, b, "https://cyclonedx.org/bom")
			tg.putReferrer(t, raw, blobs)
			return tg.ref("2.1")
		},
		wantOutcomes: []string{"sigstore-bundle:wrong-subject"},
	},
	{
		name: "a legacy signature and attestation copied from another image",
		build: func(t *testing.T, tg target, vendor, _ testKey) string {
			other := tg.putImage(t, cuImage(t, "linux/amd64", "other"), "")
			d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
			p := simpleSigningPayload(t, tg.repoName(), other.Digest)
			appendLegacy(t, tg, d.Digest, suffixSignature, p, SimpleSigningMediaType, map[string]string{SignatureAnnotation: signRaw(t, vendor, p)})
			cosignAttestLegacyAs(t, tg, d.Digest, other.Digest, vendor)
			return tg.ref("2.1")
		},
		wantOutcomes: []string{"simple-signing:wrong-subject", "dsse-envelope:wrong-subject"},
	},
	{
		name: "the tag moved after signing",
		build: func(t *testing.T, tg target, vendor, _ testKey) string {
			signed := tg.putImage(t, cuImage(t, "linux/amd64", "signed"), "2.1")
			cosignSign(t, tg, signed, vendor)
			cosignAttest(t, tg, signed, vendor, cuSBOM)
			cosignSignLegacy(t, tg, signed.Digest, vendor)
			moveTag(t, tg, cuImage(t, "linux/amd64", "swapped"), "2.1")
			return tg.ref("2.1")
		},
		wantReason: "nothing is attached",
	},
	{
		name: "an attached SBOM nothing signs is not evaluated",
		build: func(t *testing.T, tg target, vendor, _ testKey) string {
			d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
			cosignSign(t, tg, d, vendor)
			cosignAttachSBOM(t, tg, d.Digest, cuSBOM)
			cosignAttachSBOMReferrer(t, tg, d, cuSBOM)
			return tg.ref("2.1")
		},
		wantVerified: true,
		wantOutcomes: []string{"sigstore-bundle:verified", "sbom:unsigned", "sbom:unsigned"},
	},
	{
		name: "an SBOM attached as a referrer and signed is trusted",
		build: func(t *testing.T, tg target, vendor, _ testKey) string {
			d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
			cosignSign(t, tg, d, vendor)
			sd := cosignAttachSBOMReferrer(t, tg, d, cuSBOM)
			cosignSign(t, tg, sd, vendor)
			return tg.ref("2.1")
		},
		wantVerified: true,
		wantOutcomes: []string{"sigstore-bundle:verified", "sbom:verified"},
		wantSBOM:     true,
	},
	{
		name: "a signed legacy .sbom is still not bound to the image",
		build: func(t *testing.T, tg target, vendor, _ testKey) string {
			d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
			cosignSign(t, tg, d, vendor)
			cosignAttachSBOM(t, tg, d.Digest, cuSBOM)
			sb := tg.tagged(t, cosignTag(d.Digest, suffixSBOM))
			cosignSignLegacy(t, tg, mustDigest(t, sb), vendor)
			return tg.ref("2.1")
		},
		wantVerified: true,
		wantOutcomes: []string{"sigstore-bundle:verified", "sbom:unsigned"},
	},
	{
		name: "a signature by the trusted key over an attestation about another predicate does not count",
		build: func(t *testing.T, tg target, vendor, _ testKey) string {
			d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
			st := bytes.Replace(signStatement(t, d.Digest), []byte(CosignSignPredicate), []byte("https://slsa.dev/provenance/v1"), 1)
			b := signStatementBundle(t, st, vendor)
			raw, blobs := bundleReferrer(t, d, b, "https://slsa.dev/provenance/v1")
			tg.putReferrer(t, raw, blobs)
			return tg.ref("2.1")
		},
		wantOutcomes: []string{"sigstore-bundle:other-predicate"},
	},
}

func signBundleFor(t testing.TB, d v1.Hash, k testKey) ([]byte, error) {
	return signStatementBundle(t, signStatement(t, d), k), nil
}

func attestBundleFor(t testing.TB, repo string, d v1.Hash, k testKey, sbom string) []byte {
	return signStatementBundle(t, cyclonedxStatement(t, repo, d, sbom), k)
}

// cosignAttestLegacyAs puts on subject's .att tag the vendor's attestation
// of another image (about).
func cosignAttestLegacyAs(t testing.TB, tg target, subject, about v1.Hash, k testKey) {
	t.Helper()
	env, err := verify.SignDSSE(context.Background(), verify.InTotoPayloadType, cyclonedxStatement(t, tg.repoName(), about, cuSBOM), k.signer)
	if err != nil {
		t.Fatal(err)
	}
	appendLegacy(t, tg, subject, suffixAttestation, env, DSSEMediaType, map[string]string{"predicateType": "https://cyclonedx.org/bom"})
}

func signStatementBundle(t testing.TB, st []byte, k testKey) []byte {
	t.Helper()
	b, err := verify.SignAttestationBundle(context.Background(), st, k.signer)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// moveTag points tag at a new image, as a push of another image does.
func moveTag(t testing.TB, tg target, img v1.Image, tag string) {
	t.Helper()
	if l, ok := tg.(*layoutTarget); ok {
		l.putTagged(t, img, tag)
		return
	}
	tg.putImage(t, img, tag)
}

func TestScenarios(t *testing.T) {
	vendor, other := newKey(t), newKey(t)
	v := mustVerifier(t, vendor.signer1("oai-release"))
	for _, kind := range targetKinds {
		for _, sc := range scenarios {
			t.Run(kind+"/"+sc.name, func(t *testing.T) {
				fx := newFixture(t, kind)
				ref := sc.build(t, fx.tg, vendor, other)
				img := mustDiscover(t, ref, fx.opts)
				rep := mustVerify(t, v, img)
				if rep.Verified != sc.wantVerified {
					t.Fatalf("Verified = %v, want %v; reason %q; evidence %v", rep.Verified, sc.wantVerified, rep.Reason, evidenceDump(rep))
				}
				if len(rep.Manifests) != 1 {
					t.Fatalf("%d manifests gated, want 1", len(rep.Manifests))
				}
				mr := rep.Manifests[0]
				if mr.Digest != rep.Digest || !strings.HasPrefix(mr.Digest, "sha256:") {
					t.Errorf("manifest digest %q, report digest %q", mr.Digest, rep.Digest)
				}
				if got := outcomes(mr); !sameMultiset(got, sc.wantOutcomes) {
					t.Errorf("outcomes %v, want %v\n%s", got, sc.wantOutcomes, evidenceDump(rep))
				}
				if sc.wantReason != "" && !strings.Contains(rep.Reason, sc.wantReason) {
					t.Errorf("reason %q lacks %q", rep.Reason, sc.wantReason)
				}
				if !rep.Verified && rep.Reason == "" {
					t.Error("not verified without a reason")
				}
				if sc.wantSBOM {
					if len(mr.SBOMs) != 1 {
						t.Fatalf("%d trusted SBOMs, want 1: %s", len(mr.SBOMs), evidenceDump(rep))
					}
					assertSameJSON(t, mr.SBOMs[0].Data, []byte(cuSBOM))
				} else if len(mr.SBOMs) != 0 {
					t.Errorf("%d trusted SBOMs, want none: %s", len(mr.SBOMs), evidenceDump(rep))
				}
				if mr.Verified && (len(mr.Signers) != 1 || mr.Signers[0] != "oai-release") {
					t.Errorf("signers %v", mr.Signers)
				}
			})
		}
	}
}

func sameMultiset(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func assertSameJSON(t testing.TB, got, want []byte) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("SBOM is not JSON: %v", err)
	}
	json.Unmarshal(want, &w)
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if !bytes.Equal(gb, wb) {
		t.Errorf("SBOM differs:\n got %s\nwant %s", gb, wb)
	}
}

func evidenceDump(rep *Report) string {
	var b strings.Builder
	for _, m := range rep.Manifests {
		b.WriteString(m.Digest + " " + m.Platform + ":\n")
		for _, e := range m.Evidence {
			b.WriteString("  " + string(e.Kind) + " " + string(e.Outcome) + " " + strings.Join(e.Found, ",") + ": " + e.Reason + "\n")
		}
	}
	return b.String()
}

func TestIndexPlatforms(t *testing.T) {
	vendor := newKey(t)
	v := mustVerifier(t, vendor.signer1("oai-release"))
	for _, kind := range targetKinds {
		t.Run(kind, func(t *testing.T) {
			fx := newFixture(t, kind)
			tg := fx.tg
			amd := cuImage(t, "linux/amd64", "a")
			arm := cuImage(t, "linux/arm64/v8", "a")
			ad := tg.putImage(t, amd, "")
			armd := tg.putImage(t, arm, "")
			idx := mutate.IndexMediaType(mutate.AppendManifests(emptyIndex(),
				mutate.IndexAddendum{Add: amd, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "amd64"}}},
				mutate.IndexAddendum{Add: arm, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "arm64", Variant: "v8"}}},
			), types.OCIImageIndex)
			id := tg.putIndex(t, idx, "2.1")
			// cosign sign --recursive signs the index and each platform;
			// here the arm64 platform is left unsigned.
			cosignSign(t, tg, id, vendor)
			cosignAttest(t, tg, ad, vendor, cuSBOM)

			rep := mustVerify(t, v, mustDiscover(t, tg.ref("2.1"), fx.opts))
			if rep.Verified {
				t.Fatal("an index with an unsigned platform verified")
			}
			if len(rep.Manifests) != 2 || rep.Manifests[0].Platform != "linux/amd64" || rep.Manifests[1].Platform != "linux/arm64/v8" {
				t.Fatalf("manifests %+v", rep.Manifests)
			}
			if !rep.Manifests[0].Verified || rep.Manifests[1].Verified {
				t.Errorf("amd64 %v arm64 %v", rep.Manifests[0].Verified, rep.Manifests[1].Verified)
			}
			if rep.Manifests[1].Digest != armd.Digest.String() || !strings.Contains(rep.Reason, "linux/arm64/v8") || !strings.Contains(rep.Reason, armd.Digest.String()) {
				t.Errorf("reason %q does not name the unsigned platform %s", rep.Reason, armd.Digest)
			}
			if rep.Index == nil || rep.Index.Digest != id.Digest.String() || !rep.Index.Verified {
				t.Errorf("index report %+v", rep.Index)
			}

			// --platform linux/amd64 gates the signed one only.
			o := fx.opts
			o.Platform = "linux/amd64"
			rep = mustVerify(t, v, mustDiscover(t, tg.ref("2.1"), o))
			if !rep.Verified || len(rep.Manifests) != 1 || rep.Manifests[0].Digest != ad.Digest.String() || len(rep.Manifests[0].SBOMs) != 1 {
				t.Fatalf("platform linux/amd64: verified %v, %+v", rep.Verified, rep.Manifests)
			}
			if len(rep.Skipped) != 1 || rep.Skipped[0].Digest != armd.Digest.String() {
				t.Errorf("skipped %+v", rep.Skipped)
			}
			// linux/arm64 (no variant) selects linux/arm64/v8.
			o.Platform = "linux/arm64"
			rep = mustVerify(t, v, mustDiscover(t, tg.ref("2.1"), o))
			if rep.Verified || len(rep.Manifests) != 1 || rep.Manifests[0].Digest != armd.Digest.String() {
				t.Fatalf("platform linux/arm64: verified %v, %+v", rep.Verified, rep.Manifests)
			}
			o.Platform = "linux/s390x"
			_, err := Discover(context.Background(), tg.ref("2.1"), o)
			if err == nil || !strings.Contains(err.Error(), "linux/amd64, linux/arm64/v8") {
				t.Errorf("missing platform: %v", err)
			}
			// A platform selector on a single image must match its config.
			o.Platform = "linux/arm64"
			_, err = Discover(context.Background(), tg.ref(ad.Digest.String()), o)
			if err == nil || !strings.Contains(err.Error(), "is linux/amd64") {
				t.Errorf("single image, other platform: %v", err)
			}
		})
	}
}

func emptyIndex() v1.ImageIndex {
	return mutate.IndexMediaType(empty.Index, types.OCIImageIndex)
}
