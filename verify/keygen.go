package verify

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"
)

// KeyAlgorithm selects the type of key GenerateKey makes.
type KeyAlgorithm string

// Key algorithms for GenerateKey.
const (
	KeyECDSAP256 KeyAlgorithm = "ecdsa-p256" // the default; what cosign makes
	KeyECDSAP384 KeyAlgorithm = "ecdsa-p384"
	KeyEd25519   KeyAlgorithm = "ed25519"
)

// KeyPair is a freshly generated key pair in PEM. Write PrivatePEM with mode
// 0600 and PublicPEM with 0644.
type KeyPair struct {
	PrivatePEM  []byte // "PRIVATE KEY", PKCS#8, unencrypted
	PublicPEM   []byte // "PUBLIC KEY", PKIX
	Fingerprint string // "sha256:" + hex of the SPKI
	Signer      crypto.Signer
}

// GenerateKey makes a key pair; "" means KeyECDSAP256.
func GenerateKey(alg KeyAlgorithm) (*KeyPair, error) {
	var signer crypto.Signer
	var err error
	switch alg {
	case "", KeyECDSAP256:
		signer, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case KeyECDSAP384:
		signer, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case KeyEd25519:
		_, signer, err = ed25519.GenerateKey(rand.Reader)
	default:
		return nil, fmt.Errorf("verify: generate key: unknown algorithm %q (want %s, %s or %s)", alg, KeyECDSAP256, KeyECDSAP384, KeyEd25519)
	}
	if err != nil {
		return nil, fmt.Errorf("verify: generate key: %w", err)
	}
	privDER, err := x509.MarshalPKCS8PrivateKey(signer)
	if err != nil {
		return nil, fmt.Errorf("verify: generate key: %w", err)
	}
	pubDER, err := x509.MarshalPKIXPublicKey(signer.Public())
	if err != nil {
		return nil, fmt.Errorf("verify: generate key: %w", err)
	}
	fp, err := Fingerprint(signer.Public())
	if err != nil {
		return nil, fmt.Errorf("verify: generate key: %w", err)
	}
	return &KeyPair{
		PrivatePEM:  pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: privDER}),
		PublicPEM:   pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}),
		Fingerprint: fp,
		Signer:      signer,
	}, nil
}
