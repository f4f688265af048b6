package verify

import (
	"context"
	"testing"
)

// FuzzLoadPublicKey: key files come from policies and flags; arbitrary
// bytes never panic, and a key that loads has a stable fingerprint.
func FuzzLoadPublicKey(f *testing.F) {
	f.Add(pubPEM(f, testKey(f, "p256")))
	f.Add([]byte("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"))
	f.Add([]byte("comment line\n-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n"))
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
	f.Add([]byte("-----BEGIN RSA PUBLIC KEY-----\nMAoCAwEAAQIDAQAB\n-----END RSA PUBLIC KEY-----\n"))
	f.Add([]byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := LoadPublicKey("fuzz.pub", data)
		if err != nil {
			if k != nil {
				t.Fatal("key and error both returned")
			}
		} else {
			if k == nil || k.Key == nil || k.Fingerprint == "" {
				t.Fatalf("loaded key without a fingerprint: %+v", k)
			}
			fp, err := Fingerprint(k.Key)
			if err != nil || fp != k.Fingerprint {
				t.Fatalf("fingerprint %q vs %q (%v)", fp, k.Fingerprint, err)
			}
			if n, err := NormalizeFingerprint(fp); err != nil || n != fp {
				t.Fatalf("NormalizeFingerprint(%q) = %q, %v", fp, n, err)
			}
		}
		_, _ = LoadPrivateKey("fuzz.key", data)
		_, _ = NormalizeFingerprint(string(data))
	})
}

// FuzzDetached: a detached signature file is outside input; it never
// panics, keeps the Result/error contract, and never verifies (the fuzzer
// cannot forge an ECDSA signature).
func FuzzDetached(f *testing.F) {
	fx := fixture(f)
	f.Add([]byte("MEUCIQDx"))
	f.Add([]byte("AAAA\n"))
	f.Add([]byte{0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01})
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, sig []byte) {
		ctx := context.Background()
		res, err := VerifyDetached(ctx, ArtifactBytes(fuzzArtifact), sig, DetachedOptions{Key: fx.key})
		checkConsistent(t, res, err)
		if err == nil {
			t.Fatalf("a fuzzed signature verified: %q", sig)
		}
		if a, err := ArtifactDigest("sha256:" + string(sig)); err == nil {
			res, err := VerifyDetached(ctx, a, sig, DetachedOptions{Key: fx.key})
			checkConsistent(t, res, err)
		}
		_, _ = ParseDigest(string(sig))
	})
}
