package policy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwprov/fwprov/sbom"
	"github.com/fwprov/fwprov/verify"
)

// gateFixture is a signed release made in the test: an SBOM whose firmware
// root (Acme) declares the image's SHA-256, its bundle, an embedded-JSF
// variant, and a policy trusting the key.
type gateFixture struct {
	sbom, jsf, bundle, image []byte
	policy                   *Policy
}

func newGateFixture(t *testing.T) *gateFixture {
	t.Helper()
	kp, err := verify.GenerateKey(verify.KeyECDSAP256)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "acme.pub"), kp.PublicPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	image := []byte("ACME DU firmware image 24.3.1\n")
	sum := sha256.Sum256(image)
	doc := []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{"component":{"type":"firmware","bom-ref":"du","name":"du","version":"24.3.1",
"supplier":{"name":"Acme RAN Solutions GmbH","url":["https://acme-ran.example"]},"hashes":[{"alg":"SHA-256","content":"` + hex.EncodeToString(sum[:]) + `"}]}},
"components":[{"type":"library","bom-ref":"openssl","name":"openssl","version":"3.0.13","purl":"pkg:generic/openssl@3.0.13","supplier":{"name":"OpenSSL Software Foundation"}}]}`)
	bundle, err := verify.SignBundle(context.Background(), doc, kp.Signer)
	if err != nil {
		t.Fatal(err)
	}
	jsf, err := verify.SignJSF(context.Background(), doc, kp.Signer, verify.JSFSignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse("p.yaml", []byte(`apiVersion: fwprov/v1
kind: Policy
name: p
extends: baseline
entities:
  - {id: acme, name: Acme RAN Solutions GmbH, domains: [acme-ran.example]}
trust:
  signers:
    - {id: acme-release, entity: acme, key: acme.pub}
  require: {signature: true, firmwareDigest: true}
`), LoadOptions{BaseDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return &gateFixture{sbom: doc, jsf: jsf, bundle: bundle, image: image, policy: p}
}

func (f *gateFixture) release(sbomBytes, bundle []byte) *Release {
	return &Release{SBOMName: "du.cdx.json", SBOM: sbomBytes, BundleName: "du.cdx.json.sigstore.json", Bundle: bundle,
		Image: func(*sbom.Document) (string, func() (io.ReadCloser, error), error) {
			return "du.img", func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(string(f.image))), nil }, nil
		}}
}

func checksOf(v *Verdict) map[string]ProvenanceCheck {
	m := map[string]ProvenanceCheck{}
	for _, c := range v.Provenance.Checks {
		m[c.Name] = c
	}
	return m
}

// TestGateFailClosed: the library's gate denies whenever nothing vouches
// for the SBOM, shows no other provenance check as passed then, takes an
// embedded JSF signature as the signature, and gates on origin alone only
// when asked, saying so.
func TestGateFailClosed(t *testing.T) {
	f := newGateFixture(t)
	ctx := context.Background()
	tampered := []byte(strings.Replace(string(f.sbom), `"3.0.13"`, `"3.0.12"`, 1))
	tamperedJSF := []byte(strings.Replace(string(f.jsf), `"3.0.13"`, `"3.0.12"`, 1))
	baseline := mustPreset(t, "baseline")
	cases := []struct {
		name       string
		rel        *Release
		pol        *Policy
		originOnly bool
		allow      bool
		signature  verify.Status
	}{
		{"signed", f.release(f.sbom, f.bundle), f.policy, false, true, verify.StatusPassed},
		{"embedded JSF", f.release(f.jsf, nil), f.policy, false, true, verify.StatusPassed},
		{"tampered under the bundle", f.release(tampered, f.bundle), f.policy, false, false, verify.StatusFailed},
		{"tampered JSF", f.release(tamperedJSF, nil), f.policy, false, false, verify.StatusFailed},
		{"unsigned", f.release(f.sbom, nil), f.policy, false, false, verify.StatusFailed},
		{"no trusted signer, signed", f.release(f.sbom, f.bundle), baseline, false, false, verify.StatusFailed},
		{"no trusted signer, unsigned", f.release(f.sbom, nil), baseline, false, false, verify.StatusFailed},
		{"no trusted signer, JSF", f.release(f.jsf, nil), baseline, false, false, verify.StatusFailed},
		{"origin only", f.release(f.sbom, f.bundle), baseline, true, true, verify.StatusNotPerformed},
		{"origin only, tampered", f.release(tampered, f.bundle), baseline, true, true, verify.StatusNotPerformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, _, err := Gate(ctx, c.rel, c.pol, GateOptions{OriginOnly: c.originOnly})
			if err != nil {
				t.Fatal(err)
			}
			if (v.Decision == Allow) != c.allow {
				t.Fatalf("decision %s, want allow=%v: %v", v.Decision, c.allow, v.Reasons)
			}
			checks := checksOf(v)
			if got := checks[CheckSignature].Status; got != c.signature {
				t.Errorf("signature %s, want %s: %s", got, c.signature, checks[CheckSignature].Detail)
			}
			if c.signature != verify.StatusPassed {
				for name, ch := range checks {
					if ch.Status == verify.StatusPassed {
						t.Errorf("%s passed although nothing vouches for the SBOM: %s", name, ch.Detail)
					}
				}
				if !strings.Contains(checks[CheckFirmwareDigest].Detail, "nothing vouches for") {
					t.Errorf("firmware-digest does not say why it was not checked: %s", checks[CheckFirmwareDigest].Detail)
				}
			} else if checks[CheckFirmwareDigest].Status != verify.StatusPassed {
				t.Errorf("firmware-digest %s: %s", checks[CheckFirmwareDigest].Status, checks[CheckFirmwareDigest].Detail)
			}
			if c.pol == baseline && !c.originOnly && !strings.Contains(strings.Join(v.Reasons, " "), "the policy trusts no signer") {
				t.Errorf("the deny does not say the policy trusts no signer: %v", v.Reasons)
			}
			if v.Provenance.OriginOnly != c.originOnly || strings.Contains(strings.Join(v.Reasons, "\n"), OriginOnlyNotice) != c.originOnly {
				t.Errorf("origin only not reported as %v: %v", c.originOnly, v.Reasons)
			}
		})
	}
	// Origin only with a policy that names signers would skip them.
	if _, _, err := Gate(ctx, f.release(f.sbom, f.bundle), f.policy, GateOptions{OriginOnly: true}); err == nil {
		t.Error("origin only with trusted signers accepted")
	}
}
