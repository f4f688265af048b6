package sbom

// Limits bound the resources a single document may make fwprov spend. Every
// limit is checked before the work it bounds is done, so a hostile file is
// refused early instead of exhausting memory.
type Limits struct {
	// MaxBytes is the largest input accepted, measured after gzip
	// decompression (so a gzip bomb is refused). Default 1 GiB.
	MaxBytes int64 `json:"maxBytes"`
	// MaxDepth is the deepest component nesting accepted (top-level
	// components are at depth 1). Default 64.
	MaxDepth int `json:"maxDepth"`
	// MaxComponents is the largest number of components (nested ones
	// included) accepted. Default 5 000 000.
	MaxComponents int `json:"maxComponents"`
	// MaxStringBytes is the longest single JSON or XML string value
	// accepted. Default 4 MiB.
	MaxStringBytes int `json:"maxStringBytes"`
	// MaxDependencyEdges is the largest number of dependsOn edges accepted.
	// Default 50 000 000.
	MaxDependencyEdges int `json:"maxDependencyEdges"`
}

// Default limit values.
const (
	DefaultMaxBytes           int64 = 1 << 30
	DefaultMaxDepth                 = 64
	DefaultMaxComponents            = 5_000_000
	DefaultMaxStringBytes           = 4 << 20
	DefaultMaxDependencyEdges       = 50_000_000
)

// DefaultLimits returns the limits used for zero fields of Options.Limits.
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:           DefaultMaxBytes,
		MaxDepth:           DefaultMaxDepth,
		MaxComponents:      DefaultMaxComponents,
		MaxStringBytes:     DefaultMaxStringBytes,
		MaxDependencyEdges: DefaultMaxDependencyEdges,
	}
}

// withDefaults returns l with every zero (or negative) field replaced by its
// default.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxComponents <= 0 {
		l.MaxComponents = d.MaxComponents
	}
	if l.MaxStringBytes <= 0 {
		l.MaxStringBytes = d.MaxStringBytes
	}
	if l.MaxDependencyEdges <= 0 {
		l.MaxDependencyEdges = d.MaxDependencyEdges
	}
	return l
}

// Options configure Parse and Load.
type Options struct {
	// Limits bound the work done on one document; zero fields mean the
	// default (see DefaultLimits).
	Limits Limits
}
