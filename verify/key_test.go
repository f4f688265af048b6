package verify

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"
)

func TestLoadKeys(t *testing.T) {
	for _, kind := range []string{"p256", "p384", "p521", "ed25519", "rsa2048"} {
		t.Run(kind, func(t *testing.T) {
			s := testKey(t, kind)
			pk, err := LoadPublicKey("k.pub", pubPEM(t, s))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(pk.Fingerprint, "sha256:") || len(pk.Fingerprint) != 71 {
				t.Errorf("fingerprint %q", pk.Fingerprint)
			}
			n, err := NormalizeFingerprint(strings.ToUpper(strings.TrimPrefix(pk.Fingerprint, "sha256:")))
			if err != nil || n != pk.Fingerprint {
				t.Errorf("normalize: %q %v", n, err)
			}
			der, err := x509.MarshalPKCS8PrivateKey(s)
			if err != nil {
				t.Fatal(err)
			}
			blocks := []*pem.Block{{Type: "PRIVATE KEY", Bytes: der}}
			switch k := s.(type) {
			case *ecdsa.PrivateKey:
				sec1, _ := x509.MarshalECPrivateKey(k)
				blocks = append(blocks, &pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1})
			case *rsa.PrivateKey:
				blocks = append(blocks, &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
			}
			for _, b := range blocks {
				got, err := LoadPrivateKey("k.pem", pem.EncodeToMemory(b))
				if err != nil {
					t.Fatalf("%s: %v", b.Type, err)
				}
				if fp, _ := Fingerprint(got.Public()); fp != pk.Fingerprint {
					t.Errorf("%s: private key does not match", b.Type)
				}
			}
		})
	}
}

func TestKeyRefusals(t *testing.T) {
	weak := testKey(t, "rsa1024")
	if _, err := LoadPublicKey("weak.pub", pubPEM(t, weak)); err == nil || !strings.Contains(err.Error(), "1024 bits") {
		t.Errorf("RSA-1024 public key: %v", err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(weak)
	if _, err := LoadPrivateKey("weak.pem", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})); err == nil {
		t.Error("RSA-1024 private key accepted")
	}
	if _, err := SignBundle(t.Context(), []byte("x"), weak); err == nil {
		t.Error("signing with RSA-1024 accepted")
	}
	for name, data := range map[string]string{
		"empty":        "",
		"not pem":      "hello",
		"encrypted":    "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n",
		"pkcs8 cipher": "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
	} {
		if _, err := LoadPrivateKey(name, []byte(data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if _, err := LoadPublicKey(name, []byte(data)); err == nil {
			t.Errorf("%s: accepted as public key", name)
		}
	}
	if _, err := NormalizeFingerprint("sha256:abcd"); err == nil {
		t.Error("short fingerprint accepted")
	}
}

func TestGenerateKey(t *testing.T) {
	for _, alg := range []KeyAlgorithm{"", KeyECDSAP256, KeyECDSAP384, KeyEd25519} {
		kp, err := GenerateKey(alg)
		if err != nil {
			t.Fatal(err)
		}
		priv, err := LoadPrivateKey("gen.key", kp.PrivatePEM)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := LoadPublicKey("gen.pub", kp.PublicPEM)
		if err != nil {
			t.Fatal(err)
		}
		if fp, _ := Fingerprint(priv.Public()); fp != pub.Fingerprint || fp != kp.Fingerprint {
			t.Errorf("%s: key pair does not match", alg)
		}
		if !strings.Contains(string(kp.PrivatePEM), "BEGIN PRIVATE KEY") || !strings.Contains(string(kp.PublicPEM), "BEGIN PUBLIC KEY") {
			t.Errorf("%s: PEM types", alg)
		}
	}
	if _, err := GenerateKey("rsa-1024"); err == nil {
		t.Error("unknown algorithm accepted")
	}
}
