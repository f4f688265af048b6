package sbomgen

import (
	"errors"
	"fmt"
	"strings"
)

// Kind is the base-station function the firmware is for. It decides the
// mix of top-level assemblies (a radio unit is mostly board support and
// low-PHY; a central unit is mostly containers).
type Kind string

// Firmware kinds.
const (
	KindDU Kind = "du" // distributed unit: L1/L2 stacks, accelerators, containers
	KindCU Kind = "cu" // central unit: L3 stacks and containers
	KindRU Kind = "ru" // radio unit: board support, FPGA, low-PHY, RF calibration
)

// Dependencies says how much of a dependency graph to write.
type Dependencies int

// Dependency graph modes.
const (
	// DependenciesFull writes containment edges (firmware → assemblies →
	// parts) plus a few dependencies per part on parts written after it,
	// so the graph is acyclic by construction.
	DependenciesFull Dependencies = iota
	// DependenciesTree writes only the containment edges.
	DependenciesTree
	// DependenciesNone writes no dependencies section.
	DependenciesNone
)

// Limits on Options.Components.
const (
	MinComponents = 100
	MaxComponents = 5_000_000
	// MaxNestingDepth is the deepest NestingDepth accepted.
	MaxNestingDepth = 32
)

// Defaults applied to zero Options fields.
const (
	DefaultComponents    = 1000
	DefaultHighRiskShare = 0.02
	DefaultNestingDepth  = 4
	DefaultFanOut        = 4
	DefaultImageSize     = 4 << 20
)

// Options configures Generate. The zero value is usable: 1000 components
// of DU firmware, seed 0, 2% high-risk parts, nesting depth 4, fan-out 4,
// a full dependency graph, compact JSON (about 1.9 kB per component).
type Options struct {
	// Components is the number of entries in the BOM's components array,
	// counted at every nesting level; metadata.component (the firmware
	// root) is not counted. MinComponents … MaxComponents; 0 means
	// DefaultComponents.
	Components int
	// Seed selects the document. The same Options always produce the same
	// bytes.
	Seed uint64
	// HighRiskShare is the probability that a part names a listed vendor
	// (Huawei, HiSilicon, ZTE, Sanechips) in one of the ways real SBOMs do.
	// 0 means DefaultHighRiskShare; a negative value means none; at most 1.
	HighRiskShare float64
	// NestingDepth is the deepest component nesting level: 1 writes a flat
	// list, 2 puts every part inside a top-level assembly, and so on. 0
	// means DefaultNestingDepth.
	NestingDepth int
	// FanOut is the number of sub-assemblies in each assembly above the
	// deepest assembly level. 0 means DefaultFanOut. Small documents get a
	// smaller fan-out so that assemblies stay a minority of components.
	FanOut int
	// Dependencies chooses the dependency graph; the zero value is the full
	// graph.
	Dependencies Dependencies
	// Kind is the firmware kind; "" means KindDU.
	Kind Kind
	// Firmware carries the firmware image digests to put on the root
	// component (see WriteImage). When nil, the digests of the image
	// WriteImage would produce for Seed and ImageSize are computed.
	Firmware *Firmware
	// ImageName, when set, is written as the root's "fwprov:image"
	// property: the file name of the image in a release folder, which is
	// how `fwprov gate DIR` finds it. It must be a plain file name.
	ImageName string
	// ImageSize is the size of the implied firmware image when Firmware is
	// nil; 0 means DefaultImageSize.
	ImageSize int64
	// Indent writes JSON with two-space indentation. The default is
	// compact JSON, as syft and most build plug-ins write it; indentation
	// nearly doubles the size of deeply nested documents.
	Indent bool
}

// withDefaults returns o with zero fields replaced by defaults, or an error
// naming the first invalid field.
func (o Options) withDefaults() (Options, error) {
	if o.Components == 0 {
		o.Components = DefaultComponents
	}
	if o.Components < MinComponents || o.Components > MaxComponents {
		return o, fmt.Errorf("sbomgen: components %d out of range %d…%d", o.Components, MinComponents, MaxComponents)
	}
	switch {
	case o.HighRiskShare == 0:
		o.HighRiskShare = DefaultHighRiskShare
	case o.HighRiskShare < 0:
		o.HighRiskShare = 0
	case o.HighRiskShare > 1:
		return o, fmt.Errorf("sbomgen: high-risk share %g above 1", o.HighRiskShare)
	}
	if o.NestingDepth == 0 {
		o.NestingDepth = DefaultNestingDepth
	}
	if o.NestingDepth < 1 || o.NestingDepth > MaxNestingDepth {
		return o, fmt.Errorf("sbomgen: nesting depth %d out of range 1…%d", o.NestingDepth, MaxNestingDepth)
	}
	if o.FanOut == 0 {
		o.FanOut = DefaultFanOut
	}
	if o.FanOut < 1 || o.FanOut > 64 {
		return o, fmt.Errorf("sbomgen: fan-out %d out of range 1…64", o.FanOut)
	}
	switch o.Dependencies {
	case DependenciesFull, DependenciesTree, DependenciesNone:
	default:
		return o, fmt.Errorf("sbomgen: unknown dependencies mode %d", o.Dependencies)
	}
	if o.Kind == "" {
		o.Kind = KindDU
	}
	if _, ok := kindTemplates[o.Kind]; !ok {
		return o, fmt.Errorf("sbomgen: unknown kind %q (want du, cu or ru)", o.Kind)
	}
	if o.ImageSize == 0 {
		o.ImageSize = DefaultImageSize
	}
	if o.ImageSize < 0 {
		return o, errors.New("sbomgen: negative image size")
	}
	if o.ImageName != "" && (strings.ContainsAny(o.ImageName, `/\`) || o.ImageName == "." || o.ImageName == "..") {
		return o, fmt.Errorf("sbomgen: image name %q is not a plain file name", o.ImageName)
	}
	if o.Firmware != nil {
		if !isHex(o.Firmware.SHA256, 64) || !isHex(o.Firmware.SHA512, 128) {
			return o, errors.New("sbomgen: firmware digests must be lowercase hex SHA-256 and SHA-512")
		}
	}
	return o, nil
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
