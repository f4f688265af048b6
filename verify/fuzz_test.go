package verify

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore-go/pkg/testing/ca"
)

// corpusGlob returns files of ../shared/corpus matching pattern, or nothing
// when the corpus is absent (fuzz seeds are optional).
func corpusGlob(pattern string) []string {
	_, file, _, _ := runtime.Caller(0)
	modRoot := filepath.Dir(filepath.Dir(file))
	m, _ := filepath.Glob(filepath.Join(filepath.Dir(modRoot), "shared", "corpus", pattern))
	return m
}

var fuzzArtifact = []byte("fuzzed artifact")

type fuzzFixture struct {
	key    *PublicKey
	vs     *ca.VirtualSigstore
	tr     *root.TrustedRoot
	seeds  [][]byte
	signed []byte
}

var (
	fuzzOnce sync.Once
	fuzzFix  fuzzFixture
)

func fixture(t testing.TB) *fuzzFixture {
	fuzzOnce.Do(func() {
		s := testKey(t, "p256")
		fuzzFix.key = mustPub(t, s)
		fuzzFix.vs = newVirtual(t)
		fuzzFix.tr = virtualRoot(t, fuzzFix.vs)
		b, err := SignBundle(context.Background(), fuzzArtifact, s)
		if err != nil {
			t.Fatal(err)
		}
		fuzzFix.seeds = append(fuzzFix.seeds, b)
		ent, err := fuzzFix.vs.Sign(testSAN, testIssuer, fuzzArtifact)
		if err != nil {
			t.Fatal(err)
		}
		fuzzFix.seeds = append(fuzzFix.seeds, entityBundle(t, fuzzFix.vs, ent, bundleShape{}))
		signed, err := SignJSF(context.Background(), []byte(testBOM), s, JSFSignOptions{})
		if err != nil {
			t.Fatal(err)
		}
		fuzzFix.signed = signed
	})
	return &fuzzFix
}

// checkConsistent asserts the Result/error contract on any input.
func checkConsistent(t *testing.T, res *Result, err error) {
	t.Helper()
	switch {
	case err == nil:
		if res == nil || !res.Verified {
			t.Fatalf("nil error without a verified result: %+v", res)
		}
		for _, c := range res.Checks {
			if c.Required && c.Status != StatusPassed {
				t.Fatalf("verified with required check %s %s", c.Name, c.Status)
			}
		}
	case IsFailure(err):
		if res == nil || res.Verified || res.Reason == "" || bytes.ContainsAny([]byte(res.Reason), "\n\r") {
			t.Fatalf("failure with an inconsistent result: %+v", res)
		}
		if res.Predicate != nil {
			t.Fatal("predicate returned on failure")
		}
	default:
		if res != nil && res.Verified {
			t.Fatal("error with a verified result")
		}
	}
}

func FuzzBundle(f *testing.F) {
	fx := fixture(f)
	for _, s := range fx.seeds {
		f.Add(s)
	}
	for _, p := range corpusGlob("sigstore-conformance/assets/bundle-verify/*/bundle.sigstore.json") {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		res, err := VerifyBundle(ctx, data, ArtifactBytes(fuzzArtifact), BundleOptions{Key: fx.key})
		checkConsistent(t, res, err)
		res, err = VerifyBundle(ctx, data, ArtifactBytes(fuzzArtifact), BundleOptions{TrustedRoot: fx.tr, Identity: exactID()})
		checkConsistent(t, res, err)
		if err == nil && res.Signers[0].Identity != testSAN {
			t.Fatalf("verified a different identity: %+v", res.Signers)
		}
	})
}

func FuzzDSSE(f *testing.F) {
	fx := fixture(f)
	f.Add([]byte(`{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[{"sig":"AAAA"}]}`))
	f.Add([]byte(`{"payloadType":"application/vnd.in-toto+json","payload":"","signatures":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := VerifyDSSE(context.Background(), data, ArtifactBytes(fuzzArtifact), DSSEOptions{Key: fx.key})
		checkConsistent(t, res, err)
		// Whatever the envelope says, parsing a statement must not panic.
		_, _, _ = parseStatement(data)
	})
}

func FuzzJSF(f *testing.F) {
	fx := fixture(f)
	prefix := []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"a"}],"signature":`)
	f.Add([]byte(`{"algorithm":"ES256","value":"AAAA"}`))
	f.Add([]byte(`{"signers":[{"algorithm":"Ed25519","publicKey":{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},"value":"AA"}]}`))
	f.Add([]byte(`{"chain":[{"algorithm":"RS256","publicKey":{"kty":"RSA","n":"AQAB","e":"AQAB"},"value":"AA"}],"excludes":["x"]}`))
	if i := bytes.Index(fx.signed, []byte(`"signature": `)); i >= 0 {
		f.Add(bytes.TrimSuffix(bytes.TrimSpace(fx.signed[i+len(`"signature": `):]), []byte("}")))
	}
	for _, p := range corpusGlob("cyclonedx-spec/test-resources/*/valid-signatures-*.json") {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, block []byte) {
		ctx := context.Background()
		bom := append(append(bytes.Clone(prefix), block...), '}')
		res, err := VerifyJSF(ctx, bom, JSFOptions{Keys: []*PublicKey{fx.key}, AllowExcludes: []string{"x"}})
		checkConsistent(t, res, err)
		if err == nil {
			for _, s := range res.Signers {
				if s.KeyFingerprint != fx.key.Fingerprint {
					t.Fatalf("verified with an unpinned key %s", s.KeyFingerprint)
				}
			}
		}
		res, err = VerifyJSF(ctx, block, JSFOptions{Fingerprints: []string{cdxSampleCertKey}})
		checkConsistent(t, res, err)
	})
}
