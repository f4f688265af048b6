package verify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const (
	conformanceDefaultIdentity = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main"
	conformanceDefaultIssuer   = "https://token.actions.githubusercontent.com"
)

// conformanceSkip lists cases that cannot run offline, with why. Every
// other case must give its expected result.
var conformanceSkip = map[string]string{}

// runConformanceCase does what `fwprov verify-bundle` does for one case of
// the sigstore-conformance CLI protocol and reports whether it verified.
func runConformanceCase(ctx context.Context, dir, prodRoot string, digestForm bool) (bool, error) {
	bundleJSON, err := os.ReadFile(filepath.Join(dir, "bundle.sigstore.json"))
	if err != nil {
		return false, err
	}
	artPath := filepath.Join(dir, "artifact")
	if _, err := os.Stat(artPath); err != nil {
		artPath = filepath.Join(filepath.Dir(dir), "a.txt")
	}
	data, err := os.ReadFile(artPath)
	if err != nil {
		return false, err
	}
	art := ArtifactBytes(data)
	if digestForm {
		sum := sha256.Sum256(data)
		arg := "sha256:" + hex.EncodeToString(sum[:])
		if !LooksLikeDigest(arg) {
			return false, os.ErrInvalid
		}
		art, err = ArtifactDigest(arg)
		if err != nil {
			return false, err
		}
	}
	rootPath := filepath.Join(dir, "trusted_root.json")
	if _, err := os.Stat(rootPath); err != nil {
		rootPath = prodRoot
	}
	tr, err := LoadTrustedRootFile(rootPath)
	if err != nil {
		return false, err
	}
	opts := BundleOptions{Source: filepath.Base(dir), TrustedRoot: tr}
	if keyPEM, err := os.ReadFile(filepath.Join(dir, "key.pub")); err == nil {
		k, err := LoadPublicKey("key.pub", keyPEM)
		if err != nil {
			return false, err
		}
		opts.Key = k
	} else {
		id := &Identity{SAN: conformanceDefaultIdentity, Issuer: conformanceDefaultIssuer}
		if b, err := os.ReadFile(filepath.Join(dir, "identity")); err == nil {
			id.SAN = strings.TrimSpace(string(b))
		}
		if b, err := os.ReadFile(filepath.Join(dir, "issuer")); err == nil {
			id.Issuer = strings.TrimSpace(string(b))
		}
		opts.Identity = id
	}
	res, err := VerifyBundle(ctx, bundleJSON, art, opts)
	if err != nil {
		return false, err
	}
	return res.Verified, nil
}

func TestSigstoreConformance(t *testing.T) {
	base := corpusDir(t, "sigstore-conformance")
	prodRoot := filepath.Join(base, "production-trusted-root", "trusted_root.json")
	entries, err := os.ReadDir(filepath.Join(base, "assets", "bundle-verify"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var passed, total int
	var skipped []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		dir := filepath.Join(base, "assets", "bundle-verify", name)
		wantPass := !strings.HasSuffix(name, "_fail")
		for _, form := range []string{"PATH", "DIGEST"} {
			id := form + "-" + name
			if why, ok := conformanceSkip[name]; ok {
				skipped = append(skipped, id+" ("+why+")")
				continue
			}
			total++
			t.Run(id, func(t *testing.T) {
				ok, err := runConformanceCase(ctx, dir, prodRoot, form == "DIGEST")
				if ok != wantPass {
					t.Errorf("%s: verified=%v, want %v (err: %v)", id, ok, wantPass, err)
					return
				}
				if !wantPass && err != nil && strings.ContainsAny(err.Error(), "\n") {
					t.Errorf("%s: reason is not one line: %q", id, err)
				}
				passed++
			})
		}
	}
	sort.Strings(skipped)
	t.Logf("sigstore-conformance bundle-verify: %d/%d runs gave the expected result (%d cases × PATH and DIGEST); skipped %d: %v", passed, total, total/2, len(skipped), skipped)
}
