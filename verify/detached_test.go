package verify

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"testing"
)

// cosignSign signs like `cosign sign-blob --key`: ASN.1 ECDSA or PKCS#1 v1.5
// over SHA-256 of the blob, pure Ed25519 over the blob; base64 output.
func cosignSign(t *testing.T, s crypto.Signer, blob []byte) []byte {
	t.Helper()
	var sig []byte
	var err error
	if _, ok := s.Public().(ed25519.PublicKey); ok {
		sig, err = s.Sign(rand.Reader, blob, crypto.Hash(0))
	} else {
		d := sha256.Sum256(blob)
		sig, err = s.Sign(rand.Reader, d[:], crypto.SHA256)
	}
	if err != nil {
		t.Fatal(err)
	}
	return []byte(base64.StdEncoding.EncodeToString(sig) + "\n")
}

func TestVerifyDetached(t *testing.T) {
	ctx := context.Background()
	blob := []byte("cu-load sbom")
	for _, kind := range []string{"p256", "p384", "ed25519", "rsa2048"} {
		t.Run(kind, func(t *testing.T) {
			s := testKey(t, kind)
			pk := mustPub(t, s)
			sig := cosignSign(t, s, blob)
			res, err := VerifyDetached(ctx, ArtifactBytes(blob), sig, DetachedOptions{Source: "sbom.sig", Key: pk})
			if err != nil {
				t.Fatal(err)
			}
			if c, _ := res.Check(CheckTransparencyLog); c.Status != StatusNotPerformed {
				t.Errorf("tlog check: %+v", c)
			}
			res, err = VerifyDetached(ctx, ArtifactBytes([]byte("cu-load sbon")), sig, DetachedOptions{Key: pk})
			wantFailure(t, res, err, CheckSignature)
			res, err = VerifyDetached(ctx, ArtifactBytes(blob), sig, DetachedOptions{Key: mustPub(t, testKey(t, kind+"-other"))})
			wantFailure(t, res, err, CheckSignature)
			sum := sha256.Sum256(blob)
			d, _ := ArtifactDigest("sha256:" + hex.EncodeToString(sum[:]))
			res, err = VerifyDetached(ctx, d, sig, DetachedOptions{Key: pk})
			if kind == "ed25519" {
				wantFailure(t, res, err, CheckSignature)
			} else if err != nil {
				t.Errorf("digest form: %v", err)
			}
		})
	}
	// P-384 with SHA-384 is accepted too.
	s := testKey(t, "p384")
	d := sha512.Sum384(blob)
	raw, _ := s.Sign(rand.Reader, d[:], crypto.SHA384)
	if _, err := VerifyDetached(ctx, ArtifactBytes(blob), raw, DetachedOptions{Key: mustPub(t, s)}); err != nil {
		t.Errorf("raw P-384/SHA-384 signature: %v", err)
	}
	res, err := VerifyDetached(ctx, ArtifactBytes(blob), []byte("  \n"), DetachedOptions{Key: mustPub(t, s)})
	wantFailure(t, res, err, CheckSignature)
	if _, err := VerifyDetached(ctx, ArtifactBytes(blob), raw, DetachedOptions{}); err == nil || IsFailure(err) {
		t.Errorf("no key: want usage error, got %v", err)
	}
}
