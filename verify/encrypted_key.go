package verify

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"

	"github.com/secure-systems-lab/go-securesystemslib/encrypted"
	"github.com/sigstore/sigstore/pkg/cryptoutils"
)

// PEM block types of password-encrypted private keys.
//
// SigstorePrivateKeyPEMType is what `cosign generate-key-pair` writes (and
// CosignPrivateKeyPEMType what older cosign releases wrote): a PKCS#8 key
// encrypted with go-securesystemslib's "encrypted" format — scrypt for the
// key derivation, NaCl secretbox for authenticated encryption — the very
// library cosign uses, so one key file serves both tools.
// PKCS8EncryptedPEMType is an encrypted PKCS#8 key (RFC 5958, PBES2), as
// `openssl genpkey -aes256` writes.
const (
	SigstorePrivateKeyPEMType = "ENCRYPTED SIGSTORE PRIVATE KEY"
	CosignPrivateKeyPEMType   = "ENCRYPTED COSIGN PRIVATE KEY"
	PKCS8EncryptedPEMType     = "ENCRYPTED PRIVATE KEY"
)

// ErrEncryptedKey is wrapped by LoadPrivateKey's error for a key that is
// password-encrypted: DecryptPrivateKey reads it.
var ErrEncryptedKey = errors.New("the private key is encrypted: a password is needed")

// IsEncryptedPrivateKey reports whether data is a PEM private key that needs
// a password: cosign's encrypted formats or an encrypted PKCS#8 key.
func IsEncryptedPrivateKey(data []byte) bool {
	block, _ := pem.Decode(data)
	if block == nil {
		return false
	}
	switch block.Type {
	case SigstorePrivateKeyPEMType, CosignPrivateKeyPEMType, PKCS8EncryptedPEMType:
		return true
	}
	return false
}

// DecryptPrivateKey decrypts a password-encrypted PEM private key — cosign's
// "ENCRYPTED SIGSTORE PRIVATE KEY" (or the older "ENCRYPTED COSIGN PRIVATE
// KEY"), or an encrypted PKCS#8 "ENCRYPTED PRIVATE KEY" — and returns its
// signer. An empty password is a password like any other (cosign allows
// it). A wrong password, a tampered file and an unsupported key are errors;
// name is for messages. The scrypt parameters are checked before any work
// is done, so a hostile key file cannot make the derivation arbitrarily
// expensive.
func DecryptPrivateKey(name string, data, password []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("verify: load private key %s: no PEM block found", name)
	}
	switch block.Type {
	case SigstorePrivateKeyPEMType, CosignPrivateKeyPEMType:
		der, err := encrypted.Decrypt(block.Bytes, password)
		if err != nil {
			return nil, fmt.Errorf("verify: load private key %s: %w", name, decryptError(err))
		}
		key, err := x509.ParsePKCS8PrivateKey(der)
		if err != nil {
			return nil, fmt.Errorf("verify: load private key %s: decrypted, but not a PKCS#8 key: %w", name, err)
		}
		return decryptedSigner(name, key)
	case PKCS8EncryptedPEMType:
		key, err := cryptoutils.UnmarshalPEMToPrivateKey(data, cryptoutils.StaticPasswordFunc(password))
		if err != nil {
			return nil, fmt.Errorf("verify: load private key %s: %w", name, err)
		}
		return decryptedSigner(name, key)
	}
	return nil, fmt.Errorf("verify: load private key %s: PEM block %q is not an encrypted private key", name, block.Type)
}

// decryptedSigner checks a decrypted key as LoadPrivateKey checks a plain
// one: it must sign, with a key type and size fwprov accepts.
func decryptedSigner(name string, key any) (crypto.Signer, error) {
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("verify: load private key %s: key type %T cannot sign", name, key)
	}
	if err := checkPublicKey(signer.Public()); err != nil {
		return nil, fmt.Errorf("verify: load private key %s: %w", name, err)
	}
	return signer, nil
}

// decryptError says what a failed decryption most likely means.
func decryptError(err error) error {
	if err.Error() == "encrypted: decryption failed" {
		return errors.New("wrong password (or the key file is damaged)")
	}
	return fmt.Errorf("not a valid encrypted key: %w", err)
}

// EncryptPrivateKey encrypts signer's key with password into the PEM format
// `cosign generate-key-pair` writes ("ENCRYPTED SIGSTORE PRIVATE KEY":
// PKCS#8, scrypt, NaCl secretbox), readable by cosign and by
// DecryptPrivateKey.
func EncryptPrivateKey(signer crypto.Signer, password []byte) ([]byte, error) {
	if err := checkPublicKey(signer.Public()); err != nil {
		return nil, fmt.Errorf("verify: encrypt private key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(signer)
	if err != nil {
		return nil, fmt.Errorf("verify: encrypt private key: %w", err)
	}
	enc, err := encrypted.Encrypt(der, password)
	if err != nil {
		return nil, fmt.Errorf("verify: encrypt private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: SigstorePrivateKeyPEMType, Bytes: enc}), nil
}
