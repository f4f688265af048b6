package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestSigstoreConformanceCLI drives `fwprov verify-bundle` exactly as the
// sigstore-conformance harness does (see ../shared/corpus/sigstore-conformance/
// README.md): every case twice, with the artifact path and with its
// sha256: digest, and success means exit 0. Cases without their own trusted
// root use the production root, given through $FWPROV_TRUSTED_ROOT as an
// air-gapped host would.
func TestSigstoreConformanceCLI(t *testing.T) {
	corpus := filepath.Join(moduleRoot(t), "..", "shared", "corpus", "sigstore-conformance")
	assets := filepath.Join(corpus, "assets")
	if _, err := os.Stat(assets); err != nil {
		t.Skipf("sigstore conformance corpus not found at %s (it lives in ../shared beside the checkout): %v", assets, err)
	}
	cases, err := filepath.Glob(filepath.Join(assets, "bundle-verify", "*", "bundle.sigstore.json"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases under %s: %v", assets, err)
	}
	sort.Strings(cases)
	production := filepath.Join(corpus, "production-trusted-root", "trusted_root.json")
	const (
		defaultIdentity = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main"
		defaultIssuer   = "https://token.actions.githubusercontent.com"
	)
	read := func(p, def string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			return def
		}
		return strings.TrimSpace(string(b))
	}
	passed, total := 0, 0
	for _, bundle := range cases {
		dir := filepath.Dir(bundle)
		name := filepath.Base(dir)
		artifact := filepath.Join(dir, "artifact")
		if _, err := os.Stat(artifact); err != nil {
			artifact = filepath.Join(assets, "bundle-verify", "a.txt")
		}
		data, err := os.ReadFile(artifact)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		digest := "sha256:" + hex.EncodeToString(sum[:])
		args := []string{"verify-bundle", "--quiet", "--bundle", bundle}
		if key := filepath.Join(dir, "key.pub"); fileExists(key) {
			args = append(args, "--key", key)
		} else {
			args = append(args, "--certificate-identity", read(filepath.Join(dir, "identity"), defaultIdentity),
				"--certificate-oidc-issuer", read(filepath.Join(dir, "issuer"), defaultIssuer))
		}
		env := []string{}
		if tr := filepath.Join(dir, "trusted_root.json"); fileExists(tr) {
			args = append(args, "--trusted-root", tr)
		} else {
			env = append(env, "FWPROV_TRUSTED_ROOT="+production)
		}
		wantOK := !strings.HasSuffix(name, "_fail")
		for _, form := range []struct{ label, arg string }{{"PATH", artifact}, {"DIGEST", digest}} {
			total++
			r := runEnv(t, env, append(append([]string{}, args...), form.arg)...)
			ok := r.code == 0
			if ok != wantOK || (r.code != 0 && r.code != 1 && r.code != 2) {
				t.Errorf("%s-%s: exit %d, want success=%v; stderr: %s", form.label, name, r.code, wantOK, r.stderr)
				continue
			}
			if strings.Contains(r.stderr, "panic") {
				t.Errorf("%s-%s: panic: %s", form.label, name, r.stderr)
				continue
			}
			passed++
		}
	}
	t.Logf("sigstore-conformance through the CLI: %d of %d runs gave the expected result", passed, total)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
