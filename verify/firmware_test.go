package verify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/fwprov/fwprov/sbom"
)

func TestVerifyFirmware(t *testing.T) {
	img := bytes.Repeat([]byte("DU firmware block "), 70000) // ~1.2 MB
	s256 := sha256.Sum256(img)
	s512 := sha512.Sum512(img)
	s3 := sha3.Sum384(img)
	h := func(alg string, sum []byte) sbom.Hash {
		return sbom.Hash{Algorithm: alg, Value: hex.EncodeToString(sum)}
	}
	bad := bytes.Clone(s256[:])
	bad[0] ^= 1
	cases := []struct {
		name     string
		declared []sbom.Hash
		ok       bool
		reason   string
	}{
		{"sha256", []sbom.Hash{h("SHA-256", s256[:])}, true, ""},
		{"sha256 upper-case hex", []sbom.Hash{{Algorithm: "SHA-256", Value: strings.ToUpper(hex.EncodeToString(s256[:]))}}, true, ""},
		{"sha512 and sha3-384", []sbom.Hash{h("SHA-512", s512[:]), h("SHA3-384", s3[:]), {Algorithm: "MD5", Value: "00"}}, true, ""},
		{"mismatch", []sbom.Hash{h("SHA-256", bad)}, false, "SHA-256 mismatch"},
		{"one of two mismatches", []sbom.Hash{h("SHA-512", s512[:]), h("SHA-256", bad)}, false, "SHA-256 mismatch"},
		{"only weak algorithms", []sbom.Hash{{Algorithm: "MD5", Value: "d41d8cd98f00b204e9800998ecf8427e"}, {Algorithm: "SHA-1", Value: "da39a3ee5e6b4b0d3255bfef95601890afd80709"}}, false, "no hash of a supported algorithm"},
		{"no hashes", nil, false, "declares no hash"},
		{"not hex", []sbom.Hash{{Algorithm: "SHA-256", Value: "zz"}}, false, "not a 32-byte hex digest"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := VerifyFirmware(context.Background(), bytes.NewReader(img), tc.declared, FirmwareOptions{Source: "du.img"})
			if tc.ok {
				if err != nil || !res.Verified {
					t.Fatalf("want verified: %v", err)
				}
				if len(res.ArtifactDigests) == 0 {
					t.Error("no digests reported")
				}
				return
			}
			f := wantFailure(t, res, err, CheckFirmwareDigest)
			if !strings.Contains(f.Reason, tc.reason) {
				t.Errorf("reason %q lacks %q", f.Reason, tc.reason)
			}
			if tc.reason == "SHA-256 mismatch" && (!strings.Contains(f.Reason, hex.EncodeToString(bad)) || !strings.Contains(f.Reason, hex.EncodeToString(s256[:]))) {
				t.Errorf("reason does not name both digests: %q", f.Reason)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := VerifyFirmware(ctx, bytes.NewReader(img), []sbom.Hash{h("SHA-256", s256[:])}, FirmwareOptions{})
	if !errors.Is(err, context.Canceled) || IsFailure(err) {
		t.Fatalf("cancelled: %v", err)
	}
}

func BenchmarkVerifyFirmwareSHA256(b *testing.B) {
	img := bytes.Repeat([]byte{0xa5}, 64<<20)
	sum := sha256.Sum256(img)
	decl := []sbom.Hash{{Algorithm: "SHA-256", Value: hex.EncodeToString(sum[:])}}
	b.SetBytes(int64(len(img)))
	for b.Loop() {
		if _, err := VerifyFirmware(context.Background(), bytes.NewReader(img), decl, FirmwareOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
