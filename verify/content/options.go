package content

import (
	"fmt"
	"strings"

	"github.com/fwprov/fwprov/sbom"
)

// Limits bound the work one image can cause. A zero field takes its
// default from DefaultLimits; a negative one is an error.
type Limits struct {
	// MaxTotalBytes bounds the bytes read across all layers.
	MaxTotalBytes int64 `json:"maxTotalBytes"`
	// MaxRatio bounds what a container or compression stream may yield:
	// at most RatioFloor + MaxRatio × its own size. The whole image is held
	// to the same bound on BytesRead.
	MaxRatio int64 `json:"maxRatio"`
	// RatioFloor is what any container may yield regardless of its size.
	RatioFloor int64 `json:"ratioFloor"`
	// MaxDepth bounds nested container layers (the image is depth 0).
	MaxDepth int `json:"maxDepth"`
	// MaxEntries bounds the files in the inventory.
	MaxEntries int `json:"maxEntries"`
	// MaxEntrySize bounds one file's size, declared or actual.
	MaxEntrySize int64 `json:"maxEntrySize"`
	// MaxBuffered bounds the decompressed bytes held in memory at once.
	MaxBuffered int64 `json:"maxBuffered"`
	// MaxImageSize bounds what AuditReader spools into memory.
	MaxImageSize int64 `json:"maxImageSize"`
	// MaxScanBytes bounds the bytes of each file scanned for copyright
	// lines and embedded certificates.
	MaxScanBytes int64 `json:"maxScanBytes"`
	// MaxIndicators bounds the indicators of one kind kept per file; more
	// are reported as one ProblemLimit.
	MaxIndicators int `json:"maxIndicators"`
}

// DefaultLimits returns the limits documented in the package comment.
func DefaultLimits() Limits {
	return Limits{
		MaxTotalBytes: 16 << 30,
		MaxRatio:      100,
		RatioFloor:    16 << 20,
		MaxDepth:      16,
		MaxEntries:    500000,
		MaxEntrySize:  1 << 30,
		MaxBuffered:   1 << 30,
		MaxImageSize:  8 << 30,
		MaxScanBytes:  8 << 20,
		MaxIndicators: 4096,
	}
}

func (l Limits) withDefaults() (Limits, error) {
	d := DefaultLimits()
	set64 := func(name string, v *int64, def int64) error {
		if *v < 0 {
			return fmt.Errorf("content: limit %s is negative (%d)", name, *v)
		}
		if *v == 0 {
			*v = def
		}
		return nil
	}
	setInt := func(name string, v *int, def int) error {
		if *v < 0 {
			return fmt.Errorf("content: limit %s is negative (%d)", name, *v)
		}
		if *v == 0 {
			*v = def
		}
		return nil
	}
	for _, e := range []error{
		set64(LimitTotalBytes, &l.MaxTotalBytes, d.MaxTotalBytes),
		set64(LimitRatio, &l.MaxRatio, d.MaxRatio),
		set64("ratioFloor", &l.RatioFloor, d.RatioFloor),
		setInt(LimitDepth, &l.MaxDepth, d.MaxDepth),
		setInt(LimitEntries, &l.MaxEntries, d.MaxEntries),
		set64(LimitEntrySize, &l.MaxEntrySize, d.MaxEntrySize),
		set64(LimitBuffered, &l.MaxBuffered, d.MaxBuffered),
		set64(LimitImageSize, &l.MaxImageSize, d.MaxImageSize),
		set64(LimitScanBytes, &l.MaxScanBytes, d.MaxScanBytes),
		setInt(LimitIndicators, &l.MaxIndicators, d.MaxIndicators),
	} {
		if e != nil {
			return l, e
		}
	}
	return l, nil
}

// Options controls an Auditor.
type Options struct {
	// Name names the image: the first element of every virtual path.
	// Default "image".
	Name string
	// Hashes lists CycloneDX hash algorithms to compute for every file
	// besides SHA-256 ("SHA-512", "SHA-1", "SHA-384", "SHA3-256", "SHA3-384",
	// "SHA3-512", "MD5"), typically HashAlgorithms(doc). Each costs a pass
	// of its own speed.
	Hashes []string
	Limits Limits
}

// Auditor is prepared once from Options and audits many images; it is safe
// for concurrent use.
type Auditor struct {
	name   string
	hashes []string // canonical CycloneDX names, SHA-256 excluded
	limits Limits
}

// New validates opts and returns an Auditor.
func New(opts Options) (*Auditor, error) {
	lim, err := opts.Limits.withDefaults()
	if err != nil {
		return nil, err
	}
	a := &Auditor{name: opts.Name, limits: lim}
	if a.name == "" {
		a.name = "image"
	}
	seen := map[string]bool{}
	for _, h := range opts.Hashes {
		alg := canonicalAlg(h)
		if _, ok := hashCtors[alg]; !ok {
			return nil, fmt.Errorf("content: hash algorithm %q is not supported (have %s)", h, strings.Join(supportedAlgs(), ", "))
		}
		if alg == "SHA-256" || seen[alg] {
			continue
		}
		seen[alg] = true
		a.hashes = append(a.hashes, alg)
	}
	return a, nil
}

// Limits returns the limits in force (defaults filled in).
func (a *Auditor) Limits() Limits { return a.limits }

// HashAlgorithms returns the hash algorithms the document's components use
// that Audit can compute, for Options.Hashes. SHA-256 is always computed and
// is not listed.
func HashAlgorithms(doc *sbom.Document) []string {
	if doc == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, c := range doc.Components {
		for _, h := range c.Hashes {
			alg := canonicalAlg(h.Algorithm)
			if _, ok := hashCtors[alg]; !ok || alg == "SHA-256" || seen[alg] {
				continue
			}
			seen[alg] = true
			out = append(out, alg)
		}
	}
	return out
}
