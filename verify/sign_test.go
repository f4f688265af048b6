package verify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

func TestSignAttestations(t *testing.T) {
	ctx := context.Background()
	image := []byte("core function image")
	sum := sha256.Sum256(image)
	sbomJSON := []byte("{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\",\n  \"components\": [{\"name\": \"dpdk\"}]\n}")
	stmt, err := NewCycloneDXStatement(sbomJSON, Subject{Name: "upf.img", Digests: []Digest{{Algorithm: "sha256", Value: hex.EncodeToString(sum[:])}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"p256", "p384", "ed25519", "rsa2048"} {
		t.Run(kind, func(t *testing.T) {
			s := testKey(t, kind)
			pk := mustPub(t, s)
			env, err := SignDSSE(ctx, InTotoPayloadType, stmt, s)
			if err != nil {
				t.Fatal(err)
			}
			res, err := VerifyDSSE(ctx, env, ArtifactBytes(image), DSSEOptions{Key: pk})
			if err != nil {
				t.Fatalf("envelope: %v", err)
			}
			if !bytes.Equal(res.Predicate, sbomJSON) || res.Statement.MatchedSubject != "upf.img" {
				t.Errorf("envelope result: %+v", res.Statement)
			}
			b, err := SignAttestationBundle(ctx, stmt, s)
			if err != nil {
				t.Fatal(err)
			}
			res, err = VerifyBundle(ctx, b, ArtifactBytes(image), BundleOptions{Key: pk})
			if err != nil {
				t.Fatalf("bundle: %v", err)
			}
			if !bytes.Equal(res.Predicate, sbomJSON) {
				t.Errorf("bundle predicate %s", res.Predicate)
			}
			res, err = VerifyBundle(ctx, b, ArtifactBytes([]byte("other image")), BundleOptions{Key: pk})
			wantFailure(t, res, err, CheckSubject)
			res, err = VerifyDSSE(ctx, env, ArtifactBytes(image), DSSEOptions{Key: mustPub(t, testKey(t, kind+"-other"))})
			wantFailure(t, res, err, CheckSignature)
		})
	}
	good := Subject{Name: "x", Digests: []Digest{{Algorithm: "sha256", Value: hex.EncodeToString(sum[:])}}}
	for name, tc := range map[string]struct {
		sbom string
		subs []Subject
	}{
		"no subject":       {string(sbomJSON), nil},
		"no digest":        {string(sbomJSON), []Subject{{Name: "x"}}},
		"bad digest":       {string(sbomJSON), []Subject{{Name: "x", Digests: []Digest{{Algorithm: "sha256", Value: "00"}}}}},
		"not an object":    {`[]`, []Subject{good}},
		"duplicate member": {`{"a":1,"a":2}`, []Subject{good}},
	} {
		if _, err := NewCycloneDXStatement([]byte(tc.sbom), tc.subs...); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
