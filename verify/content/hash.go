package content

import (
	"encoding/hex"

	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"github.com/fwprov/fwprov/sbom"
	"hash"
	"sort"
	"strings"
)

// hashCtors are the CycloneDX algorithms Audit can compute. MD5 and SHA-1
// are here only so that an SBOM that uses them can be matched; they prove
// nothing about integrity.
var hashCtors = map[string]func() hash.Hash{
	"MD5":      md5.New,
	"SHA-1":    sha1.New,
	"SHA-256":  sha256.New,
	"SHA-384":  sha512.New384,
	"SHA-512":  sha512.New,
	"SHA3-256": func() hash.Hash { return sha3.New256() },
	"SHA3-384": func() hash.Hash { return sha3.New384() },
	"SHA3-512": func() hash.Hash { return sha3.New512() },
}

// canonicalAlg maps the spellings SBOMs and users write ("sha256",
// "SHA256", "sha-512", "sha3_256") to the CycloneDX name.
func canonicalAlg(s string) string {
	u := strings.ToUpper(strings.TrimSpace(s))
	u = strings.ReplaceAll(u, "_", "-")
	switch u {
	case "SHA1":
		return "SHA-1"
	case "SHA256":
		return "SHA-256"
	case "SHA384":
		return "SHA-384"
	case "SHA512":
		return "SHA-512"
	case "SHA3256":
		return "SHA3-256"
	case "SHA3384":
		return "SHA3-384"
	case "SHA3512":
		return "SHA3-512"
	}
	return u
}

func supportedAlgs() []string {
	out := make([]string, 0, len(hashCtors))
	for k := range hashCtors {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func hashValue(alg string, h hash.Hash) sbom.Hash {
	return sbom.Hash{Algorithm: alg, Value: hex.EncodeToString(h.Sum(nil))}
}
