package verify

import (
	"crypto"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"strings"
)

// Artifact is what a signature is checked against: the bytes (preferred),
// or only a digest when the bytes are not at hand (the conformance
// protocol's "sha256:<hex>" argument).
type Artifact struct {
	// Data is the artifact's bytes. When non-nil, Digest is ignored.
	Data []byte
	// Digest is the artifact's digest (sha256, sha384 or sha512).
	Digest *Digest
}

// ArtifactBytes returns an Artifact for b.
func ArtifactBytes(b []byte) Artifact {
	if b == nil {
		b = []byte{}
	}
	return Artifact{Data: b}
}

// ArtifactDigest parses "sha256:<hex>" (or sha384/sha512) into an Artifact
// that carries only the digest.
func ArtifactDigest(s string) (Artifact, error) {
	d, err := ParseDigest(s)
	if err != nil {
		return Artifact{}, err
	}
	return Artifact{Digest: &d}, nil
}

// LooksLikeDigest reports whether s has the shape "sha256:" followed by 64
// hex digits (or sha384:/sha512: with 96/128). The conformance protocol
// treats such an argument as a digest unless a file of that name exists:
// the caller checks the file system.
func LooksLikeDigest(s string) bool {
	_, err := ParseDigest(s)
	return err == nil
}

// ParseDigest parses "alg:hex" for sha256, sha384 and sha512.
func ParseDigest(s string) (Digest, error) {
	alg, val, ok := strings.Cut(s, ":")
	if !ok {
		return Digest{}, fmt.Errorf("verify: digest %q: want ALG:HEX", s)
	}
	alg = strings.ToLower(alg)
	var size int
	switch alg {
	case "sha256":
		size = sha256.Size
	case "sha384":
		size = sha512.Size384
	case "sha512":
		size = sha512.Size
	default:
		return Digest{}, fmt.Errorf("verify: digest %q: unsupported algorithm %q (want sha256, sha384 or sha512)", s, alg)
	}
	raw, err := hex.DecodeString(val)
	if err != nil || len(raw) != size {
		return Digest{}, fmt.Errorf("verify: digest %q: want %d hex digits", s, 2*size)
	}
	return Digest{Algorithm: alg, Value: strings.ToLower(val)}, nil
}

func (a Artifact) valid() error {
	if a.Data == nil && a.Digest == nil {
		return fmt.Errorf("verify: no artifact given (bytes or digest)")
	}
	return nil
}

// digests returns the artifact digests for the given hash functions (or the
// given digest when only that is known).
func (a Artifact) digests(hashes ...crypto.Hash) []Digest {
	if a.Data == nil {
		if a.Digest != nil {
			return []Digest{*a.Digest}
		}
		return nil
	}
	var out []Digest
	for _, h := range hashes {
		hh := h.New()
		hh.Write(a.Data)
		out = append(out, Digest{Algorithm: hashName(h), Value: hex.EncodeToString(hh.Sum(nil))})
	}
	return out
}

func hashName(h crypto.Hash) string {
	switch h {
	case crypto.SHA256:
		return "sha256"
	case crypto.SHA384:
		return "sha384"
	case crypto.SHA512:
		return "sha512"
	case crypto.SHA3_256:
		return "sha3-256"
	case crypto.SHA3_384:
		return "sha3-384"
	case crypto.SHA3_512:
		return "sha3-512"
	}
	return h.String()
}

func hashFromName(s string) (crypto.Hash, bool) {
	switch strings.ToLower(s) {
	case "sha256", "sha2_256", "sha-256":
		return crypto.SHA256, true
	case "sha384", "sha2_384", "sha-384":
		return crypto.SHA384, true
	case "sha512", "sha2_512", "sha-512":
		return crypto.SHA512, true
	}
	return 0, false
}
