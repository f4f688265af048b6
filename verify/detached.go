package verify

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/hex"
	"errors"
	"fmt"

	sigsig "github.com/sigstore/sigstore/pkg/signature"
	"github.com/sigstore/sigstore/pkg/signature/options"
)

// DetachedOptions says what VerifyDetached expects.
type DetachedOptions struct {
	// Source names the signature file for messages and the Result.
	Source string
	// Key is the public key the signature must verify with. Required.
	Key *PublicKey
	// Hash, when set, is the only digest an ECDSA or RSA signature is
	// verified over (cosign's --signature-digest-algorithm); by default
	// the key's usual digest, and SHA-256.
	Hash crypto.Hash
}

// VerifyDetached verifies a cosign-style detached signature (`cosign
// sign-blob --key`, `openssl dgst -sign`): the base64 (or raw) signature over
// the artifact — ECDSA ASN.1 over SHA-256 (SHA-384 also accepted for P-384,
// SHA-512 for P-521), Ed25519 over the bytes, RSA PKCS#1 v1.5 over SHA-256.
// With only a digest (sha256) the Ed25519 case cannot be checked and fails.
// A detached signature carries no log entry or timestamp: the transparency
// log is reported as not performed.
func VerifyDetached(ctx context.Context, artifact Artifact, sig []byte, opts DetachedOptions) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := artifact.valid(); err != nil {
		return nil, err
	}
	if opts.Key == nil {
		return nil, errors.New("verify: detached signature: a public key is required")
	}
	name := opts.Source
	if name == "" {
		name = "signature"
	}
	res := &Result{Kind: KindDetached, Source: opts.Source}
	res.skip(CheckSignature, true, "")
	res.skip(CheckKeyPin, true, "")
	res.skip(CheckTransparencyLog, false, "a detached signature carries no log entry")
	raw, err := decodeB64(string(bytes.TrimSpace(sig)))
	if err != nil || len(raw) == 0 {
		// cosign writes base64; accept raw binary signatures too.
		raw = sig
	}
	if len(raw) == 0 {
		return res.fail(CheckSignature, nil, "signature file %s is empty", name)
	}
	var verr error
	if artifact.Data != nil {
		verr = verifyRaw(opts.Key.Key, artifact.Data, raw, opts.Hash)
		res.ArtifactDigests = artifact.digests(crypto.SHA256)
	} else {
		verr = verifyDigest(opts.Key.Key, *artifact.Digest, raw)
		res.ArtifactDigests = []Digest{*artifact.Digest}
	}
	if verr != nil {
		return res.fail(CheckSignature, verr, "signature %s does not verify over the artifact with key %s", name, opts.Key.Fingerprint)
	}
	res.pass(CheckSignature, "")
	res.pass(CheckKeyPin, "signed by the given key "+opts.Key.Fingerprint)
	res.Signers = []Signer{{Kind: SignerKey, Algorithm: keyAlgorithm(opts.Key.Key), KeyFingerprint: opts.Key.Fingerprint}}
	return res.finish()
}

// candidateHashes lists the digests accepted for a key, preferred first.
func candidateHashes(k crypto.PublicKey) []crypto.Hash {
	h := keyHash(k)
	if h == crypto.SHA256 {
		return []crypto.Hash{crypto.SHA256}
	}
	return []crypto.Hash{h, crypto.SHA256}
}

// verifyRaw checks sig over message with k (see VerifyDetached for the
// algorithms).
// only, when set, is the one digest to try.
func verifyRaw(k crypto.PublicKey, message, sig []byte, only crypto.Hash) error {
	switch key := k.(type) {
	case ed25519.PublicKey:
		if !ed25519.Verify(key, message, sig) {
			return errors.New("invalid Ed25519 signature")
		}
		return nil
	case *ecdsa.PublicKey, *rsa.PublicKey:
		var last error
		hashes := candidateHashes(k)
		if only != 0 {
			hashes = []crypto.Hash{only}
		}
		for _, h := range hashes {
			v, err := loadVerifier(k, h)
			if err != nil {
				return err
			}
			if last = v.VerifySignature(bytes.NewReader(sig), bytes.NewReader(message)); last == nil {
				return nil
			}
		}
		return last
	}
	return fmt.Errorf("unsupported key type %T", k)
}

func verifyDigest(k crypto.PublicKey, d Digest, sig []byte) error {
	h, ok := hashFromName(d.Algorithm)
	if !ok {
		return fmt.Errorf("unsupported digest %s", d.Algorithm)
	}
	raw, err := hex.DecodeString(d.Value)
	if err != nil {
		return err
	}
	if _, ok := k.(ed25519.PublicKey); ok {
		return errors.New("an Ed25519 signature can only be checked against the artifact's bytes, not its digest")
	}
	v, err := loadVerifier(k, h)
	if err != nil {
		return err
	}
	return v.VerifySignature(bytes.NewReader(sig), nil, options.WithDigest(raw))
}

func loadVerifier(k crypto.PublicKey, h crypto.Hash) (sigsig.Verifier, error) {
	switch key := k.(type) {
	case *ecdsa.PublicKey:
		return sigsig.LoadECDSAVerifier(key, h)
	case *rsa.PublicKey:
		return sigsig.LoadRSAPKCS1v15Verifier(key, h)
	case ed25519.PublicKey:
		return sigsig.LoadED25519Verifier(key)
	}
	return nil, fmt.Errorf("unsupported key type %T", k)
}
