package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeygenSignVerifyRoundTrip(t *testing.T) {
	dir := t.TempDir()
	prefix := filepath.Join(dir, "vendor")
	r := run(t, nil, "keygen", "--prefix", prefix)
	if r.code != 0 || !strings.Contains(r.stdout, "fingerprint  sha256:") {
		t.Fatalf("keygen: %d %s %s", r.code, r.stdout, r.stderr)
	}
	for file, mode := range map[string]os.FileMode{prefix + ".key": 0o600, prefix + ".pub": 0o644} {
		fi, err := os.Stat(file)
		if err != nil || fi.Mode().Perm() != mode {
			t.Errorf("%s: mode %v, want %v (%v)", file, fi.Mode().Perm(), mode, err)
		}
	}
	if r := run(t, nil, "keygen", "--prefix", prefix); r.code != 2 || !strings.Contains(r.stderr, "exists") {
		t.Errorf("keygen over existing keys: %d %s", r.code, r.stderr)
	}

	sbom := filepath.Join(dir, "du.cdx.json")
	src, err := os.ReadFile(filepath.Join(moduleRoot(t), "testdata/sboms/du-5g.cdx.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sbom, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, nil, "sign", sbom, "--key", prefix+".key"); r.code != 0 {
		t.Fatalf("sign: %d %s", r.code, r.stderr)
	}
	r = run(t, nil, "verify", sbom, "--bundle", sbom+".sigstore.json", "--key", prefix+".pub", "--format", "json")
	if r.code != 0 {
		t.Fatalf("verify: %d %s", r.code, r.stderr)
	}
	var rep struct {
		Verified bool `json:"verified"`
		Results  []struct {
			Signers []struct {
				KeyFingerprint string `json:"keyFingerprint"`
			} `json:"signers"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || !rep.Verified || len(rep.Results) != 1 || !strings.HasPrefix(rep.Results[0].Signers[0].KeyFingerprint, "sha256:") {
		t.Fatalf("verify report: %v %+v", err, rep)
	}
	// The digest form verifies too (the conformance protocol).
	digest := strings.TrimSpace(strings.Split(run(t, nil, "inspect", "--format", "json", sbom).stdout, `"sha256": "`)[1][:64])
	if r := run(t, nil, "verify", "sha256:"+digest, "--bundle", sbom+".sigstore.json", "--key", prefix+".pub"); r.code != 0 {
		t.Errorf("verify by digest: %d %s", r.code, r.stderr)
	}
	// One flipped byte: exit 1 with a one-line reason.
	tampered := append([]byte{}, src...)
	tampered[100] ^= 0x20
	if err := os.WriteFile(sbom, tampered, 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, nil, "verify", sbom, "--bundle", sbom+".sigstore.json", "--key", prefix+".pub")
	if r.code != 1 || !strings.HasPrefix(r.stderr, "fwprov: not verified: ") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("tampered: exit %d stderr %q", r.code, r.stderr)
	}
	// Another key: exit 1.
	r = run(t, nil, "verify", sbom, "--bundle", sbom+".sigstore.json", "--key", "testdata/releases/keys/rogue-signer.pub")
	if r.code != 1 {
		t.Errorf("wrong key: exit %d", r.code)
	}
}

func TestSignAndVerifyJSF(t *testing.T) {
	dir := t.TempDir()
	signed := filepath.Join(dir, "du.signed.cdx.json")
	r := run(t, nil, "sign", "testdata/sboms/du-5g.cdx.json", "--jsf", "--key", "testdata/releases/keys/acme-release.key", "--output", signed)
	if r.code != 0 {
		t.Fatalf("sign --jsf: %d %s", r.code, r.stderr)
	}
	// Pinned by key: verified.
	if r := run(t, nil, "verify", signed, "--jsf", "--jsf-key", "testdata/releases/keys/acme-release.pub"); r.code != 0 {
		t.Errorf("verify --jsf pinned: %d %s", r.code, r.stderr)
	}
	// The embedded key alone proves nothing: not pinned, not verified.
	if r := run(t, nil, "verify", signed, "--jsf"); r.code != 1 {
		t.Errorf("verify --jsf unpinned: exit %d, want 1", r.code)
	}
	// The signed BOM is still an SBOM fwprov reads.
	if r := run(t, nil, "inspect", signed); r.code != 0 {
		t.Errorf("inspect signed BOM: %d %s", r.code, r.stderr)
	}
}

func TestVerifyFirmwareFlag(t *testing.T) {
	rel := "testdata/releases/du-allowed/"
	r := run(t, nil, "verify", rel+"ars-du5200-24.3.1.cdx.json", "--firmware", rel+"ars-du5200-24.3.1.img")
	if r.code != 0 {
		t.Fatalf("firmware match: %d %s", r.code, r.stderr)
	}
	r = run(t, nil, "verify", rel+"ars-du5200-24.3.1.cdx.json", "--firmware", "testdata/releases/du-tampered/ars-du5200-24.3.1.img")
	if r.code != 1 {
		t.Fatalf("firmware mismatch: exit %d", r.code)
	}
}

func TestVerifyUsageErrors(t *testing.T) {
	expectError(t, run(t, nil, "verify", "testdata/sboms/du-5g.cdx.json"), "nothing to verify")
	expectError(t, run(t, nil, "verify", "x", "--bundle", "b", "--certificate-identity", "a"), "")
	expectError(t, run(t, nil, "verify", "--staging", "x", "--bundle", "b", "--key", "k"), "staging")
}
