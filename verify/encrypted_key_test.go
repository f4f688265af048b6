package verify

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/youmark/pkcs8"
)

// cosignFixturePassword is the password of the TEST keys in
// testdata/verify/cosign, made by cosign v3.1.3 (see its README).
const cosignFixturePassword = "fwprov-test-only"

// TestEncryptedKeyRoundTrip encrypts in cosign's format and decrypts. Each
// scrypt derivation is deliberately expensive (~0.1 s; much more under
// -race, which finds nothing in single-goroutine key derivation), so the
// key-type matrix goes through the cheap part of decryption
// (TestDecryptedKeyTypes) and the full round trip runs for one key type,
// with the awkward passwords (empty, non-ASCII) only without -race.
func TestEncryptedKeyRoundTrip(t *testing.T) {
	for _, pw := range []string{"correct horse", "", "pässwörd ✓"} {
		t.Run(pw, func(t *testing.T) {
			if pw != "correct horse" && raceEnabled {
				t.Skip("-race: each scrypt derivation takes seconds; the awkward passwords run without -race")
			}
			t.Parallel()
			s := testKey(t, "p256")
			enc, err := EncryptPrivateKey(s, []byte(pw))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(enc, []byte("-----BEGIN "+SigstorePrivateKeyPEMType+"-----\n")) {
				t.Fatalf("PEM type: %.60s", enc)
			}
			if !IsEncryptedPrivateKey(enc) {
				t.Error("IsEncryptedPrivateKey = false")
			}
			// The unencrypted loader points at the password, it does not
			// fail with a parse error.
			if _, err := LoadPrivateKey("k.key", enc); !errors.Is(err, ErrEncryptedKey) {
				t.Errorf("LoadPrivateKey: %v, want ErrEncryptedKey", err)
			}
			got, err := DecryptPrivateKey("k.key", enc, []byte(pw))
			if err != nil {
				t.Fatal(err)
			}
			if mustFP(t, got.Public()) != mustFP(t, s.Public()) {
				t.Error("decrypted key differs")
			}
			if pw != "correct horse" {
				return
			}
			if _, err := DecryptPrivateKey("k.key", enc, []byte(pw+"x")); err == nil || !strings.Contains(err.Error(), "wrong password") {
				t.Errorf("wrong password: %v", err)
			}
		})
	}
}

// TestDecryptedKeyTypes: every key type fwprov signs with survives the
// PKCS#8 step of encryption and decryption, and weak keys are refused
// after decryption as before it.
func TestDecryptedKeyTypes(t *testing.T) {
	for _, kind := range []string{"p256", "p384", "p521", "ed25519", "rsa2048", "rsa1024"} {
		s := testKey(t, kind)
		der, err := x509.MarshalPKCS8PrivateKey(s)
		if err != nil {
			t.Fatal(err)
		}
		key, err := x509.ParsePKCS8PrivateKey(der)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decryptedSigner("k.key", key)
		if kind == "rsa1024" {
			if err == nil {
				t.Error("RSA-1024 accepted after decryption")
			}
			continue
		}
		if err != nil || mustFP(t, got.Public()) != mustFP(t, s.Public()) {
			t.Errorf("%s: %v", kind, err)
		}
	}
}

// TestEncryptedKeyHostile: a damaged or hostile key file is an error —
// and scrypt parameters chosen to make the key derivation take hours are
// refused before any derivation, by what they are.
func TestEncryptedKeyHostile(t *testing.T) {
	enc, err := EncryptPrivateKey(testKey(t, "p256"), []byte("pw"))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(enc)
	var doc map[string]any
	if err := json.Unmarshal(block.Bytes, &doc); err != nil {
		t.Fatal(err)
	}
	mutate := func(f func(m map[string]any)) []byte {
		var m map[string]any
		_ = json.Unmarshal(block.Bytes, &m)
		f(m)
		b, _ := json.Marshal(m)
		return pem.EncodeToMemory(&pem.Block{Type: SigstorePrivateKeyPEMType, Bytes: b})
	}
	flipped := append([]byte(nil), block.Bytes...)
	ct := doc["ciphertext"].(string)
	raw, _ := base64.StdEncoding.DecodeString(ct)
	raw[len(raw)/2] ^= 1
	flipped = bytes.Replace(flipped, []byte(ct), []byte(base64.StdEncoding.EncodeToString(raw)), 1)
	cases := map[string][]byte{
		"not JSON":        pem.EncodeToMemory(&pem.Block{Type: SigstorePrivateKeyPEMType, Bytes: []byte("AAAA")}),
		"flipped byte":    pem.EncodeToMemory(&pem.Block{Type: SigstorePrivateKeyPEMType, Bytes: flipped}),
		"huge scrypt N":   mutate(func(m map[string]any) { m["kdf"].(map[string]any)["params"].(map[string]any)["N"] = 1 << 30 }),
		"other kdf":       mutate(func(m map[string]any) { m["kdf"].(map[string]any)["name"] = "pbkdf2" }),
		"other cipher":    mutate(func(m map[string]any) { m["cipher"].(map[string]any)["name"] = "aes" }),
		"short nonce":     mutate(func(m map[string]any) { m["cipher"].(map[string]any)["nonce"] = "AAAA" }),
		"no ciphertext":   mutate(func(m map[string]any) { delete(m, "ciphertext") }),
		"not encrypted":   pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1}}),
		"no PEM":          []byte("hello"),
		"empty":           nil,
		"public key only": pubPEM(t, testKey(t, "p256")),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := DecryptPrivateKey(name, data, []byte("pw"))
			if err == nil {
				t.Fatal("accepted")
			} else if !strings.Contains(err.Error(), name) {
				t.Errorf("error does not name the file: %v", err)
			}
			if name == "huge scrypt N" && !strings.Contains(err.Error(), "unsupported scrypt parameters") {
				t.Errorf("huge scrypt N not refused by its parameters: %v", err)
			}
		})
	}
	// A weak key is refused before it is encrypted.
	if _, err := EncryptPrivateKey(testKey(t, "rsa1024"), []byte("pw")); err == nil {
		t.Error("RSA-1024 key encrypted")
	}
	// Legacy OpenSSL encryption (Proc-Type) is refused with a way out.
	legacy := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Headers: map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-256-CBC,00"}, Bytes: []byte{1, 2}})
	if _, err := LoadPrivateKey("legacy.key", legacy); err == nil || !strings.Contains(err.Error(), "legacy") {
		t.Errorf("legacy encrypted PEM: %v", err)
	}
}

// TestEncryptedPKCS8: an openssl-style encrypted PKCS#8 key reads too.
func TestEncryptedPKCS8(t *testing.T) {
	s := testKey(t, "p384")
	der, err := pkcs8.MarshalPrivateKey(s, []byte("pw"), nil)
	if err != nil {
		t.Fatal(err)
	}
	data := pem.EncodeToMemory(&pem.Block{Type: PKCS8EncryptedPEMType, Bytes: der})
	if !IsEncryptedPrivateKey(data) {
		t.Fatal("not recognised as encrypted")
	}
	got, err := DecryptPrivateKey("k.pem", data, []byte("pw"))
	if err != nil {
		t.Fatal(err)
	}
	if a, b := mustFP(t, got.Public()), mustFP(t, s.Public()); a != b {
		t.Error("different key")
	}
	if _, err := DecryptPrivateKey("k.pem", data, []byte("no")); err == nil {
		t.Error("wrong password accepted")
	}
}

func mustFP(t *testing.T, k any) string {
	t.Helper()
	fp, err := Fingerprint(k)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

// TestCosignFixtures reads what cosign v3.1.3 itself wrote: its encrypted
// key pairs (generate-key-pair, import-key-pair of a P-384 key), a bundle
// and a detached signature from sign-blob and a CycloneDX attestation from
// attest-blob, all over testdata/verify's SBOM and image. fwprov decrypts
// cosign's keys, verifies cosign's signatures, and what fwprov signs with
// cosign's key verifies with cosign's public key.
func TestCosignFixtures(t *testing.T) {
	dir := filepath.Join(testdataDir(), "cosign")
	read := func(name string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	ctx := context.Background()
	doc, err := os.ReadFile(filepath.Join(testdataDir(), "du.cdx.json"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := os.ReadFile(filepath.Join(testdataDir(), "du-firmware.img"))
	if err != nil {
		t.Fatal(err)
	}
	for _, prefix := range []string{"cosign-test", "cosign-test-p384"} {
		t.Run(prefix, func(t *testing.T) {
			keyPEM := read(prefix + ".key")
			pub, err := LoadPublicKey(prefix+".pub", read(prefix+".pub"))
			if err != nil {
				t.Fatal(err)
			}
			signer, err := DecryptPrivateKey(prefix+".key", keyPEM, []byte(cosignFixturePassword))
			if err != nil {
				t.Fatal(err)
			}
			if mustFP(t, signer.Public()) != pub.Fingerprint {
				t.Fatal("cosign's private and public key do not match")
			}
			if prefix == "cosign-test" {
				if _, err := DecryptPrivateKey(prefix+".key", keyPEM, []byte("wrong")); err == nil {
					t.Error("wrong password accepted")
				}
			}
			b, err := SignBundle(ctx, doc, signer)
			if err != nil {
				t.Fatal(err)
			}
			if res, err := VerifyBundle(ctx, b, ArtifactBytes(doc), BundleOptions{Key: pub}); err != nil || !res.Verified {
				t.Errorf("bundle signed with cosign's key: %v", err)
			}
		})
	}
	pub, err := LoadPublicKey("cosign-test.pub", read("cosign-test.pub"))
	if err != nil {
		t.Fatal(err)
	}
	p384, err := LoadPublicKey("cosign-test-p384.pub", read("cosign-test-p384.pub"))
	if err != nil {
		t.Fatal(err)
	}
	tampered := bytes.Replace(doc, []byte(`"openssl"`), []byte(`"openssI"`), 1)
	for _, c := range []struct {
		name string
		do   func(artifact []byte) (*Result, error)
		art  []byte
	}{
		{"sign-blob bundle", func(a []byte) (*Result, error) {
			return VerifyBundle(ctx, read("du.cdx.json.sigstore.json"), ArtifactBytes(a), BundleOptions{Key: pub})
		}, doc},
		{"sign-blob P-384 bundle (SHA-384)", func(a []byte) (*Result, error) {
			return VerifyBundle(ctx, read("du.cdx.json.p384.sigstore.json"), ArtifactBytes(a), BundleOptions{Key: p384})
		}, doc},
		{"sign-blob detached signature", func(a []byte) (*Result, error) {
			return VerifyDetached(ctx, ArtifactBytes(a), read("du.cdx.json.sig"), DetachedOptions{Key: pub})
		}, doc},
		{"attest-blob CycloneDX", func(a []byte) (*Result, error) {
			return VerifyBundle(ctx, read("du.intoto.sigstore.json"), ArtifactBytes(a), BundleOptions{Key: pub})
		}, img},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := c.do(c.art)
			if err != nil || !res.Verified {
				t.Fatalf("cosign's output does not verify: %v", err)
			}
			if c.art[0] == img[0] && bytes.Equal(c.art, img) {
				// cosign re-encodes the predicate (keys sorted, compact):
				// the same JSON value, other bytes.
				var got, want any
				_ = json.Unmarshal(res.Predicate, &got)
				_ = json.Unmarshal(doc, &want)
				if !IsCycloneDXPredicate(res.Statement.PredicateType) || !reflect.DeepEqual(got, want) {
					t.Errorf("predicate %q: not the SBOM", res.Statement.PredicateType)
				}
				bad := append([]byte(nil), img...)
				bad[10] ^= 1
				if _, err := c.do(bad); !IsFailure(err) {
					t.Errorf("another image: %v", err)
				}
				return
			}
			if _, err := c.do(tampered); !IsFailure(err) {
				t.Errorf("tampered SBOM: %v", err)
			}
		})
	}
}

// FuzzDecryptPrivateKey: a hostile key file never panics, and nothing but
// the right password opens a real one.
func FuzzDecryptPrivateKey(f *testing.F) {
	key, err := os.ReadFile(filepath.Join(testdataDir(), "cosign", "cosign-test.key"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(key, []byte("x"))
	f.Add([]byte("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJrZGYiOnt9fQ==\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n"), []byte(""))
	f.Add([]byte("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n"), []byte("pw"))
	f.Fuzz(func(t *testing.T, data, password []byte) {
		s, err := DecryptPrivateKey("fuzz.key", data, password)
		if err == nil && bytes.Equal(data, key) && string(password) != cosignFixturePassword {
			t.Fatalf("cosign's key opened with %q", password)
		}
		if err == nil && s == nil {
			t.Fatal("no signer and no error")
		}
	})
}
