package verify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

const (
	testSAN    = "release@acme.example"
	testIssuer = "https://issuer.acme.example"
)

func exactID() *Identity { return &Identity{SAN: testSAN, Issuer: testIssuer} }

func TestVerifyBundleKeyless(t *testing.T) {
	ctx := context.Background()
	vs := newVirtual(t)
	tr := virtualRoot(t, vs)
	other := virtualRoot(t, newVirtual(t))
	artifact := []byte("du-firmware sbom bytes\n")
	ent, err := vs.Sign(testSAN, testIssuer, artifact)
	if err != nil {
		t.Fatal(err)
	}
	good := entityBundle(t, vs, ent, bundleShape{})
	otherArt := []byte("another artifact")
	entOther, err := vs.Sign(testSAN, testIssuer, otherArt)
	if err != nil {
		t.Fatal(err)
	}
	forOther := entityBundle(t, vs, entOther, bundleShape{})
	// Signed at a time outside the 10-minute certificate.
	entLate, err := vs.SignAtTime(testSAN, testIssuer, artifact, time.Now().Add(30*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	late := entityBundle(t, vs, entLate, bundleShape{noTimestamps: true})
	noTime := entityBundle(t, vs, ent, bundleShape{noTlog: true, noTimestamps: true})
	flipped := bytes.Clone(artifact)
	flipped[3] ^= 0x01
	sum := sha256.Sum256(artifact)
	digestArt, err := ArtifactDigest("sha256:" + hex.EncodeToString(sum[:]))
	if err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name     string
		bundle   []byte
		artifact Artifact
		id       *Identity
		root     *Identity // unused marker
		tr       bool      // use the other (untrusted) root
		check    string    // "" = must verify
	}{
		{name: "happy path", bundle: good, artifact: ArtifactBytes(artifact), id: exactID()},
		{name: "digest form", bundle: good, artifact: digestArt, id: exactID()},
		{name: "san regexp", bundle: good, artifact: ArtifactBytes(artifact), id: &Identity{SANRegexp: `^release@acme\.example$`, Issuer: testIssuer}},
		{name: "issuer regexp", bundle: good, artifact: ArtifactBytes(artifact), id: &Identity{SAN: testSAN, IssuerRegexp: `^https://issuer\.acme\.`}},
		{name: "wrong identity", bundle: good, artifact: ArtifactBytes(artifact), id: &Identity{SAN: "mallory@acme.example", Issuer: testIssuer}, check: CheckIdentity},
		{name: "wrong issuer", bundle: good, artifact: ArtifactBytes(artifact), id: &Identity{SAN: testSAN, Issuer: "https://accounts.google.com"}, check: CheckIdentity},
		{name: "san regexp mismatch", bundle: good, artifact: ArtifactBytes(artifact), id: &Identity{SANRegexp: `^build@`, Issuer: testIssuer}, check: CheckIdentity},
		{name: "issuer regexp mismatch", bundle: good, artifact: ArtifactBytes(artifact), id: &Identity{SAN: testSAN, IssuerRegexp: `^https://github\.com`}, check: CheckIdentity},
		{name: "bundle for another artifact", bundle: forOther, artifact: ArtifactBytes(artifact), id: exactID(), check: CheckSignature},
		{name: "one flipped byte", bundle: good, artifact: ArtifactBytes(flipped), id: exactID(), check: CheckSignature},
		{name: "untrusted root", bundle: good, artifact: ArtifactBytes(artifact), id: exactID(), tr: true, check: CheckTransparencyLog},
		{name: "cert outside validity at log time", bundle: late, artifact: ArtifactBytes(artifact), id: exactID(), check: CheckTransparencyLog},
		{name: "no trusted time", bundle: noTime, artifact: ArtifactBytes(artifact), id: exactID(), check: CheckCertificate},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := BundleOptions{Source: "b.sigstore.json", TrustedRoot: tr, Identity: tc.id}
			if tc.tr {
				opts.TrustedRoot = other
			}
			res, err := VerifyBundle(ctx, tc.bundle, tc.artifact, opts)
			if tc.check != "" {
				f := wantFailure(t, res, err, tc.check)
				if strings.ContainsAny(f.Error(), "\n") {
					t.Errorf("reason is not one line: %q", f.Error())
				}
				return
			}
			if err != nil {
				t.Fatalf("want verified, got %v", err)
			}
			if !res.Verified || len(res.Signers) != 1 {
				t.Fatalf("result: %+v", res)
			}
			s := res.Signers[0]
			if s.Kind != SignerKeyless || s.Identity != testSAN || s.OIDCIssuer != testIssuer || !strings.HasPrefix(s.KeyFingerprint, "sha256:") {
				t.Errorf("signer: %+v", s)
			}
			if len(res.TransparencyLog) != 1 || res.TransparencyLog[0].LogIndex != 1000 || !res.TransparencyLog[0].InclusionSET {
				t.Errorf("tlog: %+v", res.TransparencyLog)
			}
			var srcs []string
			for _, ts := range res.Timestamps {
				srcs = append(srcs, ts.Source)
			}
			if got := strings.Join(srcs, ","); !strings.Contains(got, "rfc3161") || !strings.Contains(got, "tlog") {
				t.Errorf("timestamps: %v", got)
			}
			if c, ok := res.Check(CheckSCT); !ok || c.Status != StatusNotPerformed || c.Required {
				t.Errorf("sct check: %+v", c)
			}
			if len(res.ArtifactDigests) != 1 || res.ArtifactDigests[0].Value != hex.EncodeToString(sum[:]) {
				t.Errorf("digests: %+v", res.ArtifactDigests)
			}
			if _, err := json.Marshal(res); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestVerifyBundleUsage(t *testing.T) {
	ctx := context.Background()
	tr := virtualRoot(t, newVirtual(t))
	k := mustPub(t, testKey(t, "p256"))
	art := ArtifactBytes([]byte("x"))
	for name, opts := range map[string]BundleOptions{
		"neither key nor identity": {TrustedRoot: tr},
		"both key and identity":    {TrustedRoot: tr, Key: k, Identity: exactID()},
		"keyless without root":     {Identity: exactID()},
		"identity without issuer":  {TrustedRoot: tr, Identity: &Identity{SAN: testSAN}},
		"two sans":                 {TrustedRoot: tr, Identity: &Identity{SAN: testSAN, SANRegexp: ".*", Issuer: testIssuer}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := VerifyBundle(ctx, []byte(`{}`), art, opts)
			if err == nil || IsFailure(err) {
				t.Fatalf("want a usage error, got %v", err)
			}
		})
	}
	_, err := VerifyBundle(ctx, []byte(`{"mediaType":`), art, BundleOptions{Key: k})
	if err == nil || IsFailure(err) {
		t.Fatalf("malformed JSON: want a plain error, got %v", err)
	}
	res, err := VerifyBundle(ctx, []byte(`{"mediaType":"application/vnd.dev.sigstore.bundle+json;version=99.9"}`), art, BundleOptions{Key: k})
	wantFailure(t, res, err, CheckBundle)
	signed, err := SignBundle(ctx, []byte("x"), testKey(t, "p256"))
	if err != nil {
		t.Fatal(err)
	}
	dup := bytes.Replace(signed, []byte(`"mediaType"`), []byte(`"mediaType": "application/vnd.dev.sigstore.bundle+json;version=0.1", "mediaType"`), 1)
	if _, err := VerifyBundle(ctx, dup, art, BundleOptions{Key: k}); err == nil || IsFailure(err) {
		t.Fatalf("duplicate member: want a plain error, got %v", err)
	}
}

func TestVerifyBundleDSSE(t *testing.T) {
	ctx := context.Background()
	vs := newVirtual(t)
	tr := virtualRoot(t, vs)
	sbom := []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[]}`)
	image := []byte("firmware image bytes")
	imgSum := sha256.Sum256(image)
	stmt := `{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"du.img","digest":{"sha256":"` + hex.EncodeToString(imgSum[:]) + `"}}],"predicateType":"https://cyclonedx.org/bom/v1.6","predicate":` + string(sbom) + `}`
	ent, err := vs.Attest(testSAN, testIssuer, []byte(stmt))
	if err != nil {
		t.Fatal(err)
	}
	b := entityBundle(t, vs, ent, bundleShape{})
	res, err := VerifyBundle(ctx, b, ArtifactBytes(image), BundleOptions{TrustedRoot: tr, Identity: exactID()})
	if err != nil {
		t.Fatalf("matching subject: %v", err)
	}
	if res.Statement == nil || res.Statement.MatchedSubject != "du.img" || !IsCycloneDXPredicate(res.Statement.PredicateType) {
		t.Fatalf("statement: %+v", res.Statement)
	}
	if !bytes.Equal(res.Predicate, sbom) {
		t.Fatalf("predicate: %s", res.Predicate)
	}
	res, err = VerifyBundle(ctx, b, ArtifactBytes([]byte("other image")), BundleOptions{TrustedRoot: tr, Identity: exactID()})
	wantFailure(t, res, err, CheckSubject)
}

func TestSignBundleKeyRoundTrip(t *testing.T) {
	ctx := context.Background()
	vs := newVirtual(t)
	tr := virtualRoot(t, vs)
	artifact := []byte("signed SBOM bytes")
	for _, kind := range []string{"p256", "p384", "p521", "ed25519", "rsa2048"} {
		t.Run(kind, func(t *testing.T) {
			signer := testKey(t, kind)
			b, err := SignBundle(ctx, artifact, signer)
			if err != nil {
				t.Fatal(err)
			}
			var shape struct {
				MediaType            string `json:"mediaType"`
				VerificationMaterial struct {
					PublicKey struct {
						Hint string `json:"hint"`
					} `json:"publicKey"`
				} `json:"verificationMaterial"`
				MessageSignature struct {
					MessageDigest struct {
						Algorithm string `json:"algorithm"`
						Digest    string `json:"digest"`
					} `json:"messageDigest"`
					Signature string `json:"signature"`
				} `json:"messageSignature"`
			}
			if err := json.Unmarshal(b, &shape); err != nil {
				t.Fatal(err)
			}
			if shape.MediaType != BundleMediaType || shape.VerificationMaterial.PublicKey.Hint == "" || shape.MessageSignature.Signature == "" {
				t.Fatalf("bundle shape: %s", b)
			}
			if kind == "p256" && shape.MessageSignature.MessageDigest.Algorithm != "SHA2_256" {
				t.Fatalf("digest algorithm %s", shape.MessageSignature.MessageDigest.Algorithm)
			}
			pk, err := LoadPublicKey("k.pub", pubPEM(t, signer))
			if err != nil {
				t.Fatal(err)
			}
			res, err := VerifyBundle(ctx, b, ArtifactBytes(artifact), BundleOptions{Key: pk})
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			if res.Signers[0].Kind != SignerKey || res.Signers[0].KeyFingerprint != pk.Fingerprint {
				t.Errorf("signer %+v", res.Signers[0])
			}
			if c, _ := res.Check(CheckTransparencyLog); c.Status != StatusNotPerformed || c.Required {
				t.Errorf("tlog check %+v", c)
			}
			if got := res.NotPerformed(); len(got) == 0 {
				t.Errorf("not performed: %v", got)
			}
			if kind != "ed25519" {
				sum := sha256.Sum256(artifact)
				d, _ := ArtifactDigest("sha256:" + hex.EncodeToString(sum[:]))
				if kind == "p256" || kind == "rsa2048" {
					if _, err := VerifyBundle(ctx, b, d, BundleOptions{Key: pk}); err != nil {
						t.Errorf("digest form: %v", err)
					}
				}
			}
			// Tampered artifact, wrong key, required log.
			res, err = VerifyBundle(ctx, b, ArtifactBytes(append(bytes.Clone(artifact), '!')), BundleOptions{Key: pk})
			wantFailure(t, res, err, CheckSignature)
			res, err = VerifyBundle(ctx, b, ArtifactBytes(artifact), BundleOptions{Key: mustPub(t, testKey(t, kind+"-other"))})
			wantFailure(t, res, err, CheckSignature)
			// With a trusted root and no log entry: verified, log not performed.
			res, err = VerifyBundle(ctx, b, ArtifactBytes(artifact), BundleOptions{Key: pk, TrustedRoot: tr})
			if err != nil {
				t.Fatalf("with a root: %v", err)
			}
			if c, _ := res.Check(CheckTransparencyLog); c.Status != StatusNotPerformed || c.Detail != "the bundle has no transparency-log entry" {
				t.Errorf("tlog check with root: %+v", c)
			}
			res, err = VerifyBundle(ctx, b, ArtifactBytes(artifact), BundleOptions{Key: pk, TrustedRoot: tr, RequireTlog: true})
			wantFailure(t, res, err, CheckTransparencyLog)
			res, err = VerifyBundle(ctx, b, ArtifactBytes(artifact), BundleOptions{Key: pk, RequireTlog: true})
			wantFailure(t, res, err, CheckTransparencyLog)
			// A keyless policy on a key-signed bundle.
			res, err = VerifyBundle(ctx, b, ArtifactBytes(artifact), BundleOptions{Identity: exactID(), TrustedRoot: tr})
			wantFailure(t, res, err, CheckIdentity)
		})
	}
}

func TestKeylessBundleWithKeyPolicy(t *testing.T) {
	vs := newVirtual(t)
	artifact := []byte("a")
	ent, err := vs.Sign(testSAN, testIssuer, artifact)
	if err != nil {
		t.Fatal(err)
	}
	b := entityBundle(t, vs, ent, bundleShape{})
	res, err := VerifyBundle(context.Background(), b, ArtifactBytes(artifact), BundleOptions{Key: mustPub(t, testKey(t, "p256")), TrustedRoot: virtualRoot(t, vs)})
	wantFailure(t, res, err, CheckKeyPin)
}
