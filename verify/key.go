package verify

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"
)

// MinRSABits is the smallest RSA modulus fwprov accepts, for verification
// and signing alike.
const MinRSABits = 2048

// PublicKey is a verification key the caller trusts.
type PublicKey struct {
	// Key is *ecdsa.PublicKey (P-256, P-384, P-521), ed25519.PublicKey or
	// *rsa.PublicKey (≥ 2048 bits).
	Key crypto.PublicKey
	// Fingerprint is "sha256:" + hex SHA-256 of the DER SubjectPublicKeyInfo.
	Fingerprint string
	// ValidFrom and ValidUntil, when set, bound the times at which a
	// signature by this key is accepted (checked against the bundle's
	// verified timestamps; a bundle without one cannot be placed in time and
	// is not checked). Zero means unbounded.
	ValidFrom, ValidUntil time.Time
}

// NewPublicKey wraps a crypto public key, refusing unsupported types and
// weak keys.
func NewPublicKey(k crypto.PublicKey) (*PublicKey, error) {
	if err := checkPublicKey(k); err != nil {
		return nil, err
	}
	fp, err := Fingerprint(k)
	if err != nil {
		return nil, err
	}
	return &PublicKey{Key: k, Fingerprint: fp}, nil
}

// LoadPublicKey parses a PEM public key ("PUBLIC KEY", PKIX) — ECDSA
// P-256/P-384/P-521, Ed25519 or RSA ≥ 2048 bits. name is for messages.
// A "CERTIFICATE" block is accepted too: its key is used (the certificate
// itself is not validated).
func LoadPublicKey(name string, data []byte) (*PublicKey, error) {
	block, rest := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("verify: load public key %s: no PEM block found", name)
	}
	if p, _ := pem.Decode(rest); p != nil {
		return nil, fmt.Errorf("verify: load public key %s: more than one PEM block", name)
	}
	var key crypto.PublicKey
	var err error
	switch block.Type {
	case "PUBLIC KEY":
		key, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		key, err = x509.ParsePKCS1PublicKey(block.Bytes)
	case "CERTIFICATE":
		var cert *x509.Certificate
		cert, err = x509.ParseCertificate(block.Bytes)
		if err == nil {
			key = cert.PublicKey
		}
	default:
		return nil, fmt.Errorf("verify: load public key %s: unsupported PEM block %q (want PUBLIC KEY)", name, block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("verify: load public key %s: %w", name, err)
	}
	pk, err := NewPublicKey(key)
	if err != nil {
		return nil, fmt.Errorf("verify: load public key %s: %w", name, err)
	}
	return pk, nil
}

// LoadPrivateKey parses an unencrypted PEM private key: PKCS#8 ("PRIVATE
// KEY"), SEC1 ("EC PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY"). For a
// password-encrypted key (cosign's "ENCRYPTED SIGSTORE PRIVATE KEY", an
// encrypted PKCS#8 key) the error wraps ErrEncryptedKey: read it with
// DecryptPrivateKey. Legacy OpenSSL-encrypted PEM ("Proc-Type: 4,ENCRYPTED",
// an MD5-based key derivation) is refused. name is for messages.
func LoadPrivateKey(name string, data []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("verify: load private key %s: no PEM block found", name)
	}
	if IsEncryptedPrivateKey(data) {
		return nil, fmt.Errorf("verify: load private key %s (%s): %w", name, block.Type, ErrEncryptedKey)
	}
	if block.Headers["Proc-Type"] != "" || strings.Contains(block.Type, "ENCRYPTED") {
		return nil, fmt.Errorf("verify: load private key %s: legacy encrypted PEM (%s, Proc-Type header) is not supported; convert it with 'openssl pkcs8 -topk8' or import it with 'cosign import-key-pair'", name, block.Type)
	}
	var key any
	var err error
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("verify: load private key %s: unsupported PEM block %q", name, block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("verify: load private key %s: %w", name, err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("verify: load private key %s: key type %T cannot sign", name, key)
	}
	if err := checkPublicKey(signer.Public()); err != nil {
		return nil, fmt.Errorf("verify: load private key %s: %w", name, err)
	}
	return signer, nil
}

// Fingerprint returns "sha256:" + hex SHA-256 of the key's DER
// SubjectPublicKeyInfo — the same value `openssl pkey -pubin -outform DER |
// sha256sum` prints.
func Fingerprint(k crypto.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(k)
	if err != nil {
		return "", fmt.Errorf("fingerprint: %w", err)
	}
	sum := sha256.Sum256(der)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// NormalizeFingerprint accepts "sha256:HEX", "SHA256:HEX" or bare 64-char
// hex (colons allowed between bytes) and returns "sha256:hex".
func NormalizeFingerprint(s string) (string, error) {
	v := strings.TrimSpace(s)
	if i := strings.IndexByte(v, ':'); i == 6 && strings.EqualFold(v[:6], "sha256") {
		v = v[7:]
	}
	v = strings.ToLower(strings.ReplaceAll(v, ":", ""))
	if len(v) != 64 {
		return "", fmt.Errorf("verify: fingerprint %q: want a SHA-256 (64 hex digits)", s)
	}
	if _, err := hex.DecodeString(v); err != nil {
		return "", fmt.Errorf("verify: fingerprint %q: %w", s, err)
	}
	return "sha256:" + v, nil
}

var errWeakRSA = errors.New("RSA key too small")

func checkPublicKey(k crypto.PublicKey) error {
	switch key := k.(type) {
	case *ecdsa.PublicKey:
		switch key.Curve {
		case elliptic.P256(), elliptic.P384(), elliptic.P521():
			return nil
		}
		return fmt.Errorf("unsupported ECDSA curve %s", key.Curve.Params().Name)
	case ed25519.PublicKey:
		if len(key) != ed25519.PublicKeySize {
			return errors.New("malformed Ed25519 key")
		}
		return nil
	case *rsa.PublicKey:
		if key.N == nil || key.N.BitLen() < MinRSABits {
			bits := 0
			if key.N != nil {
				bits = key.N.BitLen()
			}
			return fmt.Errorf("%w: %d bits (minimum %d)", errWeakRSA, bits, MinRSABits)
		}
		return nil
	case nil:
		return errors.New("no public key")
	}
	return fmt.Errorf("unsupported public key type %T", k)
}

// keyAlgorithm describes a key for reports: "ECDSA-P256", "Ed25519", "RSA-3072".
func keyAlgorithm(k crypto.PublicKey) string {
	switch key := k.(type) {
	case *ecdsa.PublicKey:
		return "ECDSA-" + strings.ReplaceAll(key.Curve.Params().Name, "-", "")
	case ed25519.PublicKey:
		return "Ed25519"
	case *rsa.PublicKey:
		return fmt.Sprintf("RSA-%d", key.N.BitLen())
	}
	return fmt.Sprintf("%T", k)
}

// keyHash is the digest paired with a key for message signatures: SHA-384
// for P-384, SHA-512 for P-521 and Ed25519, SHA-256 otherwise.
func keyHash(k crypto.PublicKey) crypto.Hash {
	switch key := k.(type) {
	case *ecdsa.PublicKey:
		switch key.Curve {
		case elliptic.P384():
			return crypto.SHA384
		case elliptic.P521():
			return crypto.SHA512
		}
	case ed25519.PublicKey:
		return crypto.SHA512
	}
	return crypto.SHA256
}
