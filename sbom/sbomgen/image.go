package sbomgen

import (
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
)

// Firmware is a firmware image's size and digests, as they go on the root
// component of a generated SBOM.
type Firmware struct {
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	SHA512 string `json:"sha512"`
}

// WriteImage writes size deterministic pseudo-random bytes (the stand-in
// for a firmware image, chosen by seed) to w and returns their digests.
// Pass the result as Options.Firmware so that the SBOM binds the image. w
// may be io.Discard to compute the digests only.
func WriteImage(ctx context.Context, w io.Writer, seed uint64, size int64) (Firmware, error) {
	if size < 0 {
		return Firmware{}, fmt.Errorf("sbomgen: image: negative size %d", size)
	}
	var key [32]byte
	copy(key[:], "fwprov-sbomgen-firmware-image:")
	binary.LittleEndian.PutUint64(key[24:], seed)
	key = sha256.Sum256(key[:])
	src := rand.NewChaCha8(key)
	h256, h512 := sha256.New(), sha512.New()
	buf := make([]byte, 1<<20)
	for left := size; left > 0; {
		if err := ctx.Err(); err != nil {
			return Firmware{}, fmt.Errorf("sbomgen: image: %w", err)
		}
		chunk := buf
		if left < int64(len(chunk)) {
			chunk = chunk[:left]
		}
		src.Read(chunk)
		h256.Write(chunk)
		h512.Write(chunk)
		if _, err := w.Write(chunk); err != nil {
			return Firmware{}, fmt.Errorf("sbomgen: write image: %w", err)
		}
		left -= int64(len(chunk))
	}
	return Firmware{
		Size:   size,
		SHA256: hex.EncodeToString(h256.Sum(nil)),
		SHA512: hex.EncodeToString(h512.Sum(nil)),
	}, nil
}
