package verify

import (
	"context"
	"crypto"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"sort"
	"strings"

	"github.com/fwprov/fwprov/sbom"
)

// FirmwareOptions controls VerifyFirmware.
type FirmwareOptions struct {
	// Source names the image for messages and the Result.
	Source string
}

// firmwareHashes maps CycloneDX hash algorithm names to the ones fwprov
// accepts as a binding. MD5, SHA-1 and the BLAKE family are not accepted.
var firmwareHashes = map[string]crypto.Hash{
	"SHA-256":  crypto.SHA256,
	"SHA-384":  crypto.SHA384,
	"SHA-512":  crypto.SHA512,
	"SHA3-256": crypto.SHA3_256,
	"SHA3-384": crypto.SHA3_384,
	"SHA3-512": crypto.SHA3_512,
}

func newHasher(h crypto.Hash) hash.Hash {
	switch h {
	case crypto.SHA256:
		return sha256.New()
	case crypto.SHA384:
		return sha512.New384()
	case crypto.SHA512:
		return sha512.New()
	case crypto.SHA3_256:
		return sha3.New256()
	case crypto.SHA3_384:
		return sha3.New384()
	case crypto.SHA3_512:
		return sha3.New512()
	}
	return nil
}

// VerifyFirmware hashes image in one streaming pass — computing only the
// algorithms the SBOM declares among SHA-256/384/512 and SHA3-256/384/512 —
// and compares every declared hash of a supported algorithm with it
// (typically the SBOM's firmware component, Component.Hashes). Any
// mismatch, or no declared hash of a supported algorithm, is a *Failure
// naming the algorithm and both digests. A read error is a plain error.
func VerifyFirmware(ctx context.Context, image io.Reader, declared []sbom.Hash, opts FirmwareOptions) (*Result, error) {
	name := opts.Source
	if name == "" {
		name = "firmware image"
	}
	res := &Result{Kind: KindFirmware, Source: opts.Source}
	res.skip(CheckFirmwareDigest, true, "")

	type want struct {
		alg   string
		value string
	}
	var wants []want
	need := map[crypto.Hash]string{}
	var unsupported []string
	for _, d := range declared {
		alg := strings.ToUpper(strings.TrimSpace(d.Algorithm))
		h, ok := firmwareHashes[alg]
		if !ok {
			unsupported = append(unsupported, d.Algorithm)
			continue
		}
		v := strings.ToLower(strings.TrimSpace(d.Value))
		if raw, err := hex.DecodeString(v); err != nil || len(raw) != h.Size() {
			return res.fail(CheckFirmwareDigest, nil, "the SBOM's %s value %q is not a %d-byte hex digest", alg, d.Value, h.Size())
		}
		wants = append(wants, want{alg, v})
		need[h] = alg
	}
	if len(wants) == 0 {
		if len(unsupported) > 0 {
			return res.fail(CheckFirmwareDigest, nil, "the SBOM declares no hash of a supported algorithm (has %s; need SHA-256/384/512 or SHA3-256/384/512)", strings.Join(unsupported, ", "))
		}
		return res.fail(CheckFirmwareDigest, nil, "the SBOM declares no hash for the firmware")
	}

	hashers := map[string]hash.Hash{}
	writers := make([]io.Writer, 0, len(need))
	for h, alg := range need {
		hh := newHasher(h)
		hashers[alg] = hh
		writers = append(writers, hh)
	}
	n, err := io.Copy(io.MultiWriter(writers...), &ctxReader{ctx: ctx, r: image})
	if err != nil {
		return nil, fmt.Errorf("verify: hash %s: %w", name, err)
	}
	got := map[string]string{}
	for alg, hh := range hashers {
		got[alg] = hex.EncodeToString(hh.Sum(nil))
	}
	algs := make([]string, 0, len(got))
	for alg := range got {
		algs = append(algs, alg)
	}
	sort.Strings(algs)
	for _, alg := range algs {
		res.ArtifactDigests = append(res.ArtifactDigests, Digest{Algorithm: strings.ToLower(alg), Value: got[alg]})
	}
	for _, w := range wants {
		if got[w.alg] != w.value {
			return res.fail(CheckFirmwareDigest, nil, "%s mismatch for %s: SBOM declares %s, image (%s) has %s", w.alg, name, w.value, byteCount(n), got[w.alg])
		}
	}
	verb := "match"
	if len(algs) == 1 {
		verb = "matches"
	}
	res.pass(CheckFirmwareDigest, fmt.Sprintf("%s of %s (%s) %s the SBOM", strings.Join(algs, ", "), name, byteCount(n), verb))
	return res.finish()
}

// byteCount is "1 byte" or "N bytes".
func byteCount(n int64) string {
	if n == 1 {
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}

// ctxReader stops a long read when the context is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
