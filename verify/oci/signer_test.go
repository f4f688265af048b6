package oci

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	protobundle "github.com/sigstore/protobuf-specs/gen/pb-go/bundle/v1"
	protocommon "github.com/sigstore/protobuf-specs/gen/pb-go/common/v1"
	protodsse "github.com/sigstore/protobuf-specs/gen/pb-go/dsse"
	protorekor "github.com/sigstore/protobuf-specs/gen/pb-go/rekor/v1"
	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore-go/pkg/testing/ca"
	"github.com/sigstore/sigstore-go/pkg/tlog"
	"google.golang.org/protobuf/encoding/protojson"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/fwprov/fwprov/verify"
)

const (
	ciIdentity = "https://github.com/openairinterface/openairinterface5g/.github/workflows/release.yml@refs/tags/v2.1.0"
	ciIssuer   = "https://token.actions.githubusercontent.com"
)

// keylessBundle is what `cosign sign` / `cosign attest` write keyless: a
// Fulcio certificate, a Rekor entry with inclusion proof and a TSA
// timestamp — here from sigstore-go's virtual Sigstore.
func keylessBundle(t testing.TB, vs *ca.VirtualSigstore, identity string, statement []byte) []byte {
	t.Helper()
	ent, err := vs.AttestAtTime(identity, ciIssuer, statement, time.Now().Add(5*time.Minute), true)
	if err != nil {
		t.Fatal(err)
	}
	vc, _ := ent.VerificationContent()
	sc, _ := ent.SignatureContent()
	env := sc.EnvelopeContent().RawEnvelope()
	payload, err := base64.StdEncoding.DecodeString(env.Payload)
	if err != nil {
		t.Fatal(err)
	}
	sig, _ := base64.StdEncoding.DecodeString(env.Signatures[0].Sig)
	entries, _ := ent.TlogEntries()
	var tl []*protorekor.TransparencyLogEntry
	for _, e := range entries {
		tle := e.TransparencyLogEntry()
		// The virtual log leaves kind and version to the body; a bundle
		// states them.
		var kv struct {
			Kind       string `json:"kind"`
			APIVersion string `json:"apiVersion"`
		}
		if err := json.Unmarshal(tle.CanonicalizedBody, &kv); err != nil {
			t.Fatal(err)
		}
		tle.KindVersion = &protorekor.KindVersion{Kind: kv.Kind, Version: kv.APIVersion}
		set, err := vs.RekorSignPayload(tlog.RekorPayload{
			Body:           base64.StdEncoding.EncodeToString(tle.CanonicalizedBody),
			IntegratedTime: tle.IntegratedTime,
			LogIndex:       tle.LogIndex,
			LogID:          hex.EncodeToString(tle.LogId.KeyId),
		})
		if err != nil {
			t.Fatal(err)
		}
		tle.InclusionPromise = &protorekor.InclusionPromise{SignedEntryTimestamp: set}
		tl = append(tl, tle)
	}
	stamps, _ := ent.Timestamps()
	var ts []*protocommon.RFC3161SignedTimestamp
	for _, s := range stamps {
		ts = append(ts, &protocommon.RFC3161SignedTimestamp{SignedTimestamp: s})
	}
	pb := &protobundle.Bundle{
		MediaType: BundleArtifactType,
		VerificationMaterial: &protobundle.VerificationMaterial{
			Content:                   &protobundle.VerificationMaterial_Certificate{Certificate: &protocommon.X509Certificate{RawBytes: vc.Certificate().Raw}},
			TlogEntries:               tl,
			TimestampVerificationData: &protobundle.TimestampVerificationData{Rfc3161Timestamps: ts},
		},
		Content: &protobundle.Bundle_DsseEnvelope{DsseEnvelope: &protodsse.Envelope{
			Payload: payload, PayloadType: env.PayloadType, Signatures: []*protodsse.Signature{{Sig: sig}},
		}},
	}
	b, err := protojson.Marshal(pb)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// virtualRoot turns a virtual Sigstore into a trusted_root.json and loads
// it back, as a root read from disk is. CT logs are left out: the virtual
// Fulcio issues certificates without SCTs.
func virtualRoot(t testing.TB, vs *ca.VirtualSigstore) *root.TrustedRoot {
	t.Helper()
	logs := map[string]*root.TransparencyLog{}
	for id, l := range vs.RekorLogs() {
		raw, err := hex.DecodeString(id)
		if err != nil {
			t.Fatal(err)
		}
		cp := *l
		cp.ID = raw
		logs[id] = &cp
	}
	tr, err := root.NewTrustedRoot(root.TrustedRootMediaType01, vs.FulcioCertificateAuthorities(), nil, vs.TimestampingAuthorities(), logs)
	if err != nil {
		t.Fatal(err)
	}
	js, err := tr.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := verify.LoadTrustedRoot("virtual", js)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func TestKeylessSigners(t *testing.T) {
	vs, err := ca.NewVirtualSigstore()
	if err != nil {
		t.Fatal(err)
	}
	vendor := newKey(t)
	release := Signer{ID: "oai-ci", Options: verify.BundleOptions{TrustedRoot: virtualRoot(t, vs), Identity: &verify.Identity{SAN: ciIdentity, Issuer: ciIssuer}}}
	keyed := vendor.signer1("oai-offline")
	for _, kind := range []string{"layout", "registry-referrers"} {
		t.Run(kind, func(t *testing.T) {
			fx := newFixture(t, kind)
			tg := fx.tg
			d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
			put := func(b []byte, pt string, subject v1.Descriptor) {
				raw, blobs := bundleReferrer(t, subject, b, pt)
				tg.putReferrer(t, raw, blobs)
			}
			put(keylessBundle(t, vs, ciIdentity, cyclonedxStatement(t, tg.repoName(), d.Digest, cuSBOM)), "https://cyclonedx.org/bom", d)
			put(keylessBundle(t, vs, "https://github.com/attacker/fork/.github/workflows/release.yml@refs/heads/main", signStatement(t, d.Digest)), CosignSignPredicate, d)
			other := tg.putImage(t, cuImage(t, "linux/amd64", "other"), "")
			put(keylessBundle(t, vs, ciIdentity, signStatement(t, other.Digest)), CosignSignPredicate, d)
			put(keylessBundle(t, vs, "https://github.com/attacker/fork/.github/workflows/release.yml@refs/heads/main", signStatement(t, other.Digest)), CosignSignPredicate, d)
			cosignSignLegacy(t, tg, d.Digest, vendor)
			img := mustDiscover(t, tg.ref("2.1"), fx.opts)

			// Keyless signer: the CI attestation verifies and yields the
			// SBOM, the fork's signature is untrusted, the copied one is a
			// wrong subject, the key-signed legacy one is untrusted (it has
			// no certificate).
			rep := mustVerify(t, mustVerifier(t, release), img)
			mr := rep.Manifests[0]
			want := []string{"sigstore-bundle:verified", "sigstore-bundle:untrusted", "sigstore-bundle:wrong-subject", "sigstore-bundle:untrusted", "simple-signing:untrusted"}
			if !rep.Verified || !sameMultiset(outcomes(mr), want) || len(mr.SBOMs) != 1 || mr.Signers[0] != "oai-ci" {
				t.Fatalf("keyless: verified %v outcomes %v sboms %d\n%s", rep.Verified, outcomes(mr), len(mr.SBOMs), evidenceDump(rep))
			}
			for _, e := range mr.Evidence {
				if e.Outcome == OutcomeVerified && (e.Result == nil || e.Result.Signers[0].Identity != ciIdentity) {
					t.Errorf("verified keyless evidence without the identity: %+v", e.Result)
				}
			}

			// Key signer only: the keyless bundles are untrusted (not
			// wrong-subject: the key did not make the copied one), the
			// legacy signature verifies.
			rep = mustVerify(t, mustVerifier(t, keyed), img)
			mr = rep.Manifests[0]
			want = []string{"sigstore-bundle:untrusted", "sigstore-bundle:untrusted", "sigstore-bundle:untrusted", "sigstore-bundle:untrusted", "simple-signing:verified"}
			if !rep.Verified || !sameMultiset(outcomes(mr), want) || len(mr.SBOMs) != 0 {
				t.Fatalf("key: verified %v outcomes %v\n%s", rep.Verified, outcomes(mr), evidenceDump(rep))
			}

			// Both: each attachment is credited to its signer.
			rep = mustVerify(t, mustVerifier(t, keyed, release), img)
			mr = rep.Manifests[0]
			if !sameMultiset(mr.Signers, []string{"oai-ci", "oai-offline"}) {
				t.Errorf("signers %v", mr.Signers)
			}
		})
	}
}

func TestSignerRequirements(t *testing.T) {
	vendor := newKey(t)
	l := newLayout(t, false)
	d := l.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
	cosignSign(t, l, d, vendor)
	cosignSignLegacy(t, l, d.Digest, vendor)
	cosignAttestLegacy(t, l, d.Digest, vendor, cuSBOM)
	img := mustDiscover(t, l.ref("2.1"), Options{})

	for _, req := range []verify.BundleOptions{{RequireTlog: true}, {RequireTimestamp: true}} {
		s := vendor.signer1("oai")
		s.Options.RequireTlog, s.Options.RequireTimestamp = req.RequireTlog, req.RequireTimestamp
		rep := mustVerify(t, mustVerifier(t, s), img)
		mr := rep.Manifests[0]
		want := []string{"sigstore-bundle:not-verified", "simple-signing:not-verified", "dsse-envelope:not-verified"}
		if rep.Verified || !sameMultiset(outcomes(mr), want) || len(mr.SBOMs) != 0 {
			t.Errorf("%+v: verified %v outcomes %v\n%s", req, rep.Verified, outcomes(mr), evidenceDump(rep))
		}
		for _, e := range mr.Evidence {
			if e.Signer != "oai" || e.Reason == "" {
				t.Errorf("not-verified evidence should name the signer and why: %+v", e)
			}
		}
	}
}

func TestNewVerifier(t *testing.T) {
	k := newKey(t)
	vs, _ := ca.NewVirtualSigstore()
	id := &verify.Identity{SAN: ciIdentity, Issuer: ciIssuer}
	bad := []struct {
		signers []Signer
		want    string
	}{
		{nil, "no trusted signer"},
		{[]Signer{{ID: "x"}}, "exactly one"},
		{[]Signer{{ID: "x", Options: verify.BundleOptions{Key: k.pub, Identity: id, TrustedRoot: vs}}}, "exactly one"},
		{[]Signer{{ID: "x", Options: verify.BundleOptions{Identity: id}}}, "trusted root"},
		{[]Signer{k.signer1("a"), k.signer1("a")}, "twice"},
	}
	for _, c := range bad {
		if _, err := NewVerifier(c.signers...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewVerifier(%+v) = %v, want %q", c.signers, err, c.want)
		}
	}
	v, err := NewVerifier(Signer{Options: verify.BundleOptions{Key: k.pub}}, Signer{Options: verify.BundleOptions{Identity: id, TrustedRoot: vs}})
	if err != nil {
		t.Fatal(err)
	}
	if v.signers[0].ID != k.pub.Fingerprint || v.signers[1].ID != ciIdentity {
		t.Errorf("default IDs %q %q", v.signers[0].ID, v.signers[1].ID)
	}
}

// legacyKeyless is what cosign v2 (and v3 with --new-bundle-format=false)
// writes keyless onto a .sig or .att tag: the layer, and annotations with
// the signature, the Fulcio certificate and chain, and the Rekor entry with
// its signed entry timestamp.
func legacyKeyless(t testing.TB, vs *ca.VirtualSigstore, identity string, kind AttachmentKind, payload []byte) ([]byte, map[string]string) {
	t.Helper()
	var ent *ca.TestEntity
	var err error
	if kind == AttachDSSE {
		ent, err = vs.Attest(identity, ciIssuer, payload)
	} else {
		ent, err = vs.Sign(identity, ciIssuer, payload)
	}
	if err != nil {
		t.Fatal(err)
	}
	vc, _ := ent.VerificationContent()
	sc, _ := ent.SignatureContent()
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: vc.Certificate().Raw})
	var chain []byte
	for _, c := range vs.FulcioCertificateAuthorities() {
		fca := c.(*root.FulcioCertificateAuthority)
		for _, ic := range fca.Intermediates {
			chain = append(chain, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ic.Raw})...)
		}
		chain = append(chain, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: fca.Root.Raw})...)
	}
	entries, _ := ent.TlogEntries()
	tle := entries[0].TransparencyLogEntry()
	rp := tlog.RekorPayload{
		Body:           base64.StdEncoding.EncodeToString(tle.CanonicalizedBody),
		IntegratedTime: tle.IntegratedTime,
		LogIndex:       tle.LogIndex,
		LogID:          hex.EncodeToString(tle.LogId.KeyId),
	}
	set, err := vs.RekorSignPayload(rp)
	if err != nil {
		t.Fatal(err)
	}
	rb, _ := json.Marshal(map[string]any{"SignedEntryTimestamp": set, "Payload": rp})
	ann := map[string]string{CertificateAnnotation: string(cert), ChainAnnotation: string(chain), LogBundleAnnotation: string(rb)}
	layer := payload
	if kind == AttachDSSE {
		env := sc.EnvelopeContent().RawEnvelope()
		layer, _ = json.Marshal(env)
		ann[SignatureAnnotation] = ""
		ann["predicateType"] = "https://cyclonedx.org/bom"
	} else {
		ann[SignatureAnnotation] = base64.StdEncoding.EncodeToString(sc.MessageSignatureContent().Signature())
	}
	return layer, ann
}

func TestLegacyKeyless(t *testing.T) {
	vs, err := ca.NewVirtualSigstore()
	if err != nil {
		t.Fatal(err)
	}
	ci := Signer{ID: "oai-ci", Options: verify.BundleOptions{TrustedRoot: virtualRoot(t, vs), Identity: &verify.Identity{SAN: ciIdentity, Issuer: ciIssuer}}}
	l := newLayout(t, false)
	d := l.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
	other := l.putImage(t, cuImage(t, "linux/amd64", "b"), "")
	sign := func(identity string, about v1.Hash, tamper func(map[string]string)) {
		layer, ann := legacyKeyless(t, vs, identity, AttachSimpleSigning, simpleSigningPayload(t, l.repoName(), about))
		if tamper != nil {
			tamper(ann)
		}
		appendLegacy(t, l, d.Digest, suffixSignature, layer, SimpleSigningMediaType, ann)
	}
	sign(ciIdentity, d.Digest, nil)
	sign("https://github.com/attacker/fork/.github/workflows/release.yml@refs/heads/main", d.Digest, nil)
	sign(ciIdentity, other.Digest, nil)
	sign(ciIdentity, d.Digest, func(ann map[string]string) {
		// The log entry of another signature.
		_, a2 := legacyKeyless(t, vs, ciIdentity, AttachSimpleSigning, []byte("another payload"))
		ann[LogBundleAnnotation] = a2[LogBundleAnnotation]
	})
	sign(ciIdentity, d.Digest, func(ann map[string]string) { delete(ann, LogBundleAnnotation) })
	layer, ann := legacyKeyless(t, vs, ciIdentity, AttachDSSE, cyclonedxStatement(t, l.repoName(), d.Digest, cuSBOM))
	appendLegacy(t, l, d.Digest, suffixAttestation, layer, DSSEMediaType, ann)

	rep := mustVerify(t, mustVerifier(t, ci), mustDiscover(t, l.ref("2.1"), Options{}))
	mr := rep.Manifests[0]
	got := outcomes(mr)
	want := []string{"simple-signing:verified", "simple-signing:untrusted", "simple-signing:wrong-subject", "simple-signing:not-verified", "simple-signing:not-verified", "dsse-envelope:verified"}
	if !rep.Verified || !sameMultiset(got, want) || len(mr.SBOMs) != 1 {
		t.Fatalf("verified %v outcomes %v sboms %d\n%s", rep.Verified, got, len(mr.SBOMs), evidenceDump(rep))
	}
	assertSameJSON(t, mr.SBOMs[0].Data, []byte(cuSBOM))
}
