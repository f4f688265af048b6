package verify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwprov/fwprov/sbom"
)

var updateTestdata = flag.Bool("update-testdata", false, "regenerate the signatures in testdata/verify with its test key")

// testdataDir is testdata/verify at the module root.
func testdataDir() string { return filepath.Join("..", "testdata", "verify") }

// fixtureImage is a deterministic few-KiB stand-in for a DU firmware image.
func fixtureImage() []byte {
	var b bytes.Buffer
	b.WriteString("FWPROV-TEST-IMAGE du-acme-24.1\n")
	for i := 0; b.Len() < 4096; i++ {
		sum := sha256.Sum256([]byte{byte(i), byte(i >> 8)})
		b.Write(sum[:])
	}
	return b.Bytes()
}

func fixtureSBOM(img []byte) []byte {
	sum := sha256.Sum256(img)
	return []byte(`{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "serialNumber": "urn:uuid:6f0f3c3e-2b1e-4a53-9a43-0d1f7f1b2a10",
  "version": 1,
  "metadata": {
    "component": {
      "type": "firmware",
      "bom-ref": "du-load",
      "name": "du-load",
      "version": "24.1",
      "supplier": {"name": "Acme Radio Systems", "url": ["https://acme-radio.example"]},
      "hashes": [{"alg": "SHA-256", "content": "` + hex.EncodeToString(sum[:]) + `"}]
    }
  },
  "components": [
    {"type": "library", "bom-ref": "openssl", "name": "openssl", "version": "3.0.13", "purl": "pkg:generic/openssl@3.0.13", "supplier": {"name": "OpenSSL Software Foundation"}}
  ],
  "dependencies": [{"ref": "du-load", "dependsOn": ["openssl"]}]
}
`)
}

// TestTestdataFixtures checks the signed examples in testdata/verify (used
// by the README and the CLI's end-to-end tests) and, with
// -update-testdata, regenerates them with the committed TEST key.
func TestTestdataFixtures(t *testing.T) {
	dir := testdataDir()
	ctx := context.Background()
	path := func(n string) string { return filepath.Join(dir, n) }
	if *updateTestdata {
		keyPEM, err := os.ReadFile(path("test-key.pem"))
		if os.IsNotExist(err) {
			kp, err := GenerateKey(KeyECDSAP256)
			if err != nil {
				t.Fatal(err)
			}
			keyPEM = kp.PrivatePEM
			write(t, path("test-key.pem"), kp.PrivatePEM)
			write(t, path("test-key.pub"), kp.PublicPEM)
		} else if err != nil {
			t.Fatal(err)
		}
		signer, err := LoadPrivateKey("test-key.pem", keyPEM)
		if err != nil {
			t.Fatal(err)
		}
		img := fixtureImage()
		doc := fixtureSBOM(img)
		write(t, path("du-firmware.img"), img)
		write(t, path("du.cdx.json"), doc)
		b, err := SignBundle(ctx, doc, signer)
		if err != nil {
			t.Fatal(err)
		}
		write(t, path("du.cdx.json.sigstore.json"), b)
		write(t, path("du.cdx.json.sig"), cosignSign(t, signer, doc))
		jsf, err := SignJSF(ctx, doc, signer, JSFSignOptions{KeyID: "fwprov-test-key"})
		if err != nil {
			t.Fatal(err)
		}
		write(t, path("du.jsf.cdx.json"), jsf)
		imgSum := sha256.Sum256(img)
		stmt, err := NewCycloneDXStatement(doc, Subject{Name: "du-firmware.img", Digests: []Digest{{Algorithm: "sha256", Value: hex.EncodeToString(imgSum[:])}}})
		if err != nil {
			t.Fatal(err)
		}
		env, err := SignDSSE(ctx, InTotoPayloadType, stmt, signer)
		if err != nil {
			t.Fatal(err)
		}
		write(t, path("du.intoto.json"), env)
		ab, err := SignAttestationBundle(ctx, stmt, signer)
		if err != nil {
			t.Fatal(err)
		}
		write(t, path("du.intoto.sigstore.json"), ab)
	}
	if _, err := os.Stat(path("test-key.pub")); err != nil {
		t.Skipf("testdata/verify fixtures absent: %v", err)
	}
	read := func(n string) []byte {
		b, err := os.ReadFile(path(n))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	pub, err := LoadPublicKey("test-key.pub", read("test-key.pub"))
	if err != nil {
		t.Fatal(err)
	}
	doc, img := read("du.cdx.json"), read("du-firmware.img")
	if _, err := VerifyBundle(ctx, read("du.cdx.json.sigstore.json"), ArtifactBytes(doc), BundleOptions{Key: pub}); err != nil {
		t.Errorf("bundle: %v", err)
	}
	if _, err := VerifyDetached(ctx, ArtifactBytes(doc), read("du.cdx.json.sig"), DetachedOptions{Key: pub}); err != nil {
		t.Errorf("detached: %v", err)
	}
	jres, err := VerifyJSF(ctx, read("du.jsf.cdx.json"), JSFOptions{Fingerprints: []string{pub.Fingerprint}})
	if err != nil {
		t.Errorf("jsf: %v", err)
	} else if jres.Signers[0].KeyID != "fwprov-test-key" {
		t.Errorf("jsf key id %q", jres.Signers[0].KeyID)
	}
	ares, err := VerifyDSSE(ctx, read("du.intoto.json"), ArtifactBytes(img), DSSEOptions{Key: pub})
	if err != nil {
		t.Fatalf("attestation: %v", err)
	}
	if !bytes.Equal(bytes.TrimSpace(ares.Predicate), bytes.TrimSpace(doc)) {
		t.Errorf("attestation predicate is not du.cdx.json")
	}
	bres, err := VerifyBundle(ctx, read("du.intoto.sigstore.json"), ArtifactBytes(img), BundleOptions{Key: pub})
	if err != nil {
		t.Fatalf("attestation bundle: %v", err)
	}
	if !bytes.Equal(bres.Predicate, ares.Predicate) {
		t.Errorf("the two attestations carry different SBOMs")
	}
	sum := sha256.Sum256(img)
	if _, err := VerifyFirmware(ctx, bytes.NewReader(img), []sbom.Hash{{Algorithm: "SHA-256", Value: hex.EncodeToString(sum[:])}}, FirmwareOptions{}); err != nil {
		t.Errorf("firmware: %v", err)
	}
	if !bytes.Contains(doc, []byte(hex.EncodeToString(sum[:]))) {
		t.Error("du.cdx.json does not declare the image's SHA-256")
	}
	// The bundle does not verify a tampered SBOM.
	tampered := bytes.Replace(doc, []byte("3.0.13"), []byte("3.0.14"), 1)
	res, err := VerifyBundle(ctx, read("du.cdx.json.sigstore.json"), ArtifactBytes(tampered), BundleOptions{Key: pub})
	wantFailure(t, res, err, CheckSignature)
}

func write(t *testing.T, p string, b []byte) {
	t.Helper()
	mode := os.FileMode(0o644)
	if strings.HasSuffix(p, ".pem") {
		mode = 0o600
	}
	if err := os.WriteFile(p, b, mode); err != nil {
		t.Fatal(err)
	}
}
