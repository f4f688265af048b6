package verify

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
)

// deep returns a JSON value nested n arrays deep.
func deep(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }

// TestJSFDeepNesting: a hostile BOM nested a million levels deep must be
// refused (or fail) without exhausting the stack in JSON decoding or JCS
// canonicalization — a Go stack overflow is fatal, not a recoverable panic.
func TestJSFDeepNesting(t *testing.T) {
	fx := fixture(t)
	for _, n := range []int{10_000, 1_000_000} {
		bom := `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"a","x":` + deep(n) + `}],"signature":{"algorithm":"ES256","value":"AAAA"}}`
		res, err := VerifyJSF(context.Background(), []byte(bom), JSFOptions{Keys: []*PublicKey{fx.key}})
		if err == nil {
			t.Fatalf("depth %d: verified", n)
		}
		checkConsistent(t, res, err)
		// The same nesting inside the signature object.
		bom = `{"bomFormat":"CycloneDX","specVersion":"1.6","signature":{"algorithm":"ES256","value":"AAAA","x":` + deep(n) + `}}`
		res, err = VerifyJSF(context.Background(), []byte(bom), JSFOptions{Keys: []*PublicKey{fx.key}})
		if err == nil {
			t.Fatalf("depth %d in the signature: verified", n)
		}
		checkConsistent(t, res, err)
	}
}

// TestDSSEDeepNesting: an envelope and a statement nested deep fail cleanly.
func TestDSSEDeepNesting(t *testing.T) {
	fx := fixture(t)
	for _, n := range []int{10_000, 1_000_000} {
		env := `{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[{"sig":"AAAA","x":` + deep(n) + `}]}`
		res, err := VerifyDSSE(context.Background(), []byte(env), ArtifactBytes(fuzzArtifact), DSSEOptions{Key: fx.key})
		if err == nil {
			t.Fatalf("depth %d: verified", n)
		}
		checkConsistent(t, res, err)
		stmt := `{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a","digest":{"sha256":"00"}}],"predicateType":"https://cyclonedx.org/bom","predicate":` + deep(n) + `}`
		if _, _, err := parseStatement([]byte(stmt)); err == nil {
			t.Logf("depth %d: a deep predicate parses (the SBOM parser bounds it later)", n)
		}
		env = `{"payloadType":"application/vnd.in-toto+json","payload":"` + base64.StdEncoding.EncodeToString([]byte(stmt)) + `","signatures":[{"sig":"AAAA"}]}`
		res, err = VerifyDSSE(context.Background(), []byte(env), ArtifactBytes(fuzzArtifact), DSSEOptions{Key: fx.key})
		if err == nil {
			t.Fatalf("depth %d statement: verified", n)
		}
		checkConsistent(t, res, err)
	}
}

// TestBundleDeepNesting: sigstore-go's protojson decoding of a deep bundle
// fails cleanly.
func TestBundleDeepNesting(t *testing.T) {
	fx := fixture(t)
	for _, n := range []int{10_000, 1_000_000} {
		b := `{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","verificationMaterial":{"x":` + deep(n) + `}}`
		res, err := VerifyBundle(context.Background(), []byte(b), ArtifactBytes(fuzzArtifact), BundleOptions{Key: fx.key})
		if err == nil {
			t.Fatalf("depth %d: verified", n)
		}
		checkConsistent(t, res, err)
	}
}
