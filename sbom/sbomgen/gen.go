package sbomgen

import (
	"bufio"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
)

// Stats describes a generated document.
type Stats struct {
	// Components is the number of entries in the components array (all
	// nesting levels), without the firmware root.
	Components int `json:"components"`
	// Assemblies and Parts split Components: assemblies contain other
	// components, parts do not.
	Assemblies int `json:"assemblies"`
	Parts      int `json:"parts"`
	// HighRisk counts parts that name a listed vendor.
	HighRisk int `json:"highRisk"`
	// HighRiskByVendor counts them per listed vendor id.
	HighRiskByVendor map[string]int `json:"highRiskByVendor"`
	// DependencyEntries is the number of entries in the dependencies
	// array and DependencyEdges the number of dependsOn references.
	DependencyEntries int `json:"dependencyEntries"`
	DependencyEdges   int `json:"dependencyEdges"`
	// MaxDepth is the deepest nesting level written (top level = 1).
	MaxDepth int `json:"maxDepth"`
	// RootRef is the bom-ref of metadata.component.
	RootRef string `json:"rootRef"`
	// Firmware holds the digests written on the root.
	Firmware Firmware `json:"firmware"`
	// Bytes is the number of bytes written.
	Bytes int64 `json:"bytes"`
}

// asmTmpl is a kind of top-level assembly.
type asmTmpl struct {
	slug, title, typ string
	weight           int
	mix              string // "deb", "container", or a vendorParts key
	function         string // default ran:function of its parts
	org              *org
	subs             []string
}

var kindTemplates = map[Kind][]asmTmpl{
	KindDU: {
		{"bsp", "board support package", "firmware", 3, "bsp", "access", &orgAcme, []string{"bootloader", "kernel", "secure-world", "board-blobs"}},
		{"rootfs", "Debian 12 root file system", "operating-system", 28, "deb", "core", &orgAcme, []string{"base", "runtime", "network", "tools"}},
		{"l1-phy", "5G NR high-PHY (layer 1)", "framework", 8, "l1", "core", &orgNordlys, []string{"pusch", "pdsch", "control", "fronthaul"}},
		{"l2-stack", "MAC/RLC/PDCP (layer 2)", "framework", 6, "l2", "core", &orgAcme, []string{"mac", "rlc", "pdcp", "f1"}},
		{"accel-sdk", "accelerator and platform SDKs", "framework", 6, "sdk", "core", &orgIntel, []string{"dpdk", "crypto", "timing", "hal"}},
		{"oam", "operations, administration and maintenance", "application", 10, "oam", "oam", &orgAcme, []string{"netconf", "fm", "pm", "swm"}},
		{"containers", "cloud-native workloads", "container", 35, "container", "oam", &orgAcme, []string{"du-app", "e2-agent", "ptp-sync", "log-forwarder", "metrics-exporter", "config-db", "sidecar-proxy", "cell-manager"}},
		{"security", "security services", "application", 4, "security", "security", &orgAcme, []string{"secure-boot", "ipsec", "certificates", "hsm"}},
	},
	KindCU: {
		{"rootfs", "Debian 12 root file system", "operating-system", 30, "deb", "core", &orgAcme, []string{"base", "runtime", "network", "tools"}},
		{"l3-stack", "RRC/PDCP/NGAP (layer 3)", "framework", 8, "l2", "core", &orgAcme, []string{"rrc", "pdcp", "ngap", "xnap"}},
		{"platform-sdk", "platform SDKs", "framework", 4, "sdk", "core", &orgIntel, []string{"dpdk", "crypto", "timing", "hal"}},
		{"oam", "operations, administration and maintenance", "application", 12, "oam", "oam", &orgAcme, []string{"netconf", "fm", "pm", "swm"}},
		{"containers", "cloud-native workloads", "container", 40, "container", "oam", &orgAcme, []string{"cu-cp", "cu-up", "e2-agent", "log-forwarder", "metrics-exporter", "config-db", "sidecar-proxy", "ves-agent"}},
		{"security", "security services", "application", 6, "security", "security", &orgAcme, []string{"secure-boot", "ipsec", "certificates", "hsm"}},
	},
	KindRU: {
		{"bsp", "board support package", "firmware", 15, "bsp", "access", &orgAcme, []string{"bootloader", "kernel", "fpga", "board-blobs"}},
		{"rootfs", "embedded Debian root file system", "operating-system", 35, "deb", "core", &orgAcme, []string{"base", "runtime", "network", "tools"}},
		{"low-phy", "low-PHY and digital front end", "framework", 10, "l1", "access", &orgKestrel, []string{"dfe", "beamforming", "prach", "fronthaul"}},
		{"rf-sdk", "RF calibration and timing SDKs", "framework", 10, "sdk", "access", &orgBluefin, []string{"dpd", "timing", "hal", "calibration"}},
		{"oam", "O-RAN M-plane", "application", 15, "oam", "oam", &orgAcme, []string{"netconf", "fm", "pm", "swm"}},
		{"containers", "management workloads", "container", 10, "container", "oam", &orgAcme, []string{"log-forwarder", "metrics-exporter", "sidecar-proxy", "config-db"}},
		{"security", "security services", "application", 5, "security", "security", &orgAcme, []string{"secure-boot", "ipsec", "certificates", "hsm"}},
	},
}

var productNames = map[Kind][2]string{
	KindDU: {"du-7200", "Acme AirCore DU-7200 distributed unit"},
	KindCU: {"cu-5100", "Acme AirCore CU-5100 central unit"},
	KindRU: {"ru-3460", "Acme AirWave RU-3460 64T64R radio unit"},
}

// node is an assembly of the skeleton. Only assemblies are held in memory;
// parts are regenerated from (seed, index) whenever they are needed.
type node struct {
	tmpl     *asmTmpl
	name     string
	depth    int // 1 = top level
	index    int // preorder index; parts are index+1 … index+leaves
	leaves   int
	weight   int
	children []*node
	org      *org
	ref      string
	purl     string
	version  string
}

type generator struct {
	o       Options
	fw      Firmware
	product [2]string
	version string
	rootRef string
	top     []*node
	nodes   []*node // preorder
	rng     *rand.Rand
	pcg     *rand.PCG
	drng    *rand.Rand
	dpcg    *rand.PCG
	stats   Stats
	e       *jw
	scratch []byte
}

// Generate writes one CycloneDX 1.6 JSON SBOM of base-station firmware to
// w, streaming: memory use does not grow with Options.Components. The
// output depends only on opts.
func Generate(ctx context.Context, w io.Writer, opts Options) (Stats, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return Stats{}, err
	}
	g := &generator{o: o}
	if o.Firmware != nil {
		g.fw = *o.Firmware
	} else {
		g.fw, err = WriteImage(ctx, io.Discard, o.Seed, o.ImageSize)
		if err != nil {
			return Stats{}, err
		}
	}
	g.pcg = rand.NewPCG(0, 0)
	g.rng = rand.New(g.pcg)
	g.dpcg = rand.NewPCG(0, 0)
	g.drng = rand.New(g.dpcg)
	if err := g.build(); err != nil {
		return Stats{}, err
	}
	cw := &countWriter{w: w}
	bw := bufio.NewWriterSize(cw, 256<<10)
	g.e = &jw{w: bw, pretty: o.Indent, first: true}
	if err := g.write(ctx); err != nil {
		return Stats{}, err
	}
	if err := bw.Flush(); err != nil {
		return Stats{}, fmt.Errorf("sbomgen: write: %w", err)
	}
	g.stats.Bytes = cw.n
	return g.stats, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// mix is SplitMix64's finaliser: it spreads seeds and indices over the
// whole 64-bit space so neighbouring components get unrelated streams.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func (g *generator) seedFor(i int)    { g.pcg.Seed(mix(g.o.Seed), mix(uint64(i)^0x5eed)) }
func (g *generator) depSeedFor(i int) { g.dpcg.Seed(mix(g.o.Seed^0xdeadbeef), mix(uint64(i)^0xde95)) }

// build lays out the assembly skeleton and the part counts.
func (g *generator) build() error {
	o := g.o
	tmpls := kindTemplates[o.Kind]
	g.product = productNames[o.Kind]
	r := rand.New(rand.NewPCG(mix(o.Seed), 1))
	g.version = fmt.Sprintf("%d.%d.%d", 22+r.IntN(5), 1+r.IntN(4), r.IntN(20))
	g.rootRef = fmt.Sprintf("pkg:generic/acme/%s-firmware@%s?package-id=%s", g.product[0], g.version, g.hexID(0))
	g.stats.RootRef = g.rootRef
	g.stats.Components = o.Components
	g.stats.HighRiskByVendor = map[string]int{}
	g.stats.Firmware = g.fw

	n := o.Components
	d := o.NestingDepth
	if d == 1 {
		g.stats.Parts = n
		g.stats.MaxDepth = 1
		return nil
	}
	t, f := len(tmpls), o.FanOut
	count := func(t, f int) int {
		a, level := 0, t
		for k := 0; k < d-1; k++ {
			a += level
			level *= f
			if a > n {
				return a
			}
		}
		return a
	}
	limit := n / 10
	for count(t, f) > limit && f > 1 {
		f--
	}
	for count(t, f) > limit && t > 1 {
		t--
	}
	if count(t, f) > limit {
		return fmt.Errorf("sbomgen: %d components are too few for nesting depth %d", n, d)
	}
	// Assemblies: top level from the templates, then f sub-assemblies per
	// assembly down to depth d-1. Parts sit in every assembly, more of them
	// in the deepest.
	var mk func(tm *asmTmpl, name string, depth int, o *org) *node
	mk = func(tm *asmTmpl, name string, depth int, og *org) *node {
		nd := &node{tmpl: tm, name: name, depth: depth, org: og, weight: 1}
		if depth == d-1 {
			nd.weight = 3
			return nd
		}
		for k := 0; k < f; k++ {
			sub := tm.subs[k%len(tm.subs)]
			if k >= len(tm.subs) {
				sub += "-" + strconv.Itoa(k/len(tm.subs)+1)
			}
			childOrg := og
			if tm.mix != "deb" && tm.mix != "container" && depth == 1 && k > 0 {
				childOrg = vendorOrgs[(k*7+len(name)+int(o.Seed%13))%len(vendorOrgs)]
			}
			nd.children = append(nd.children, mk(tm, name+"-"+sub, depth+1, childOrg))
		}
		return nd
	}
	for k := 0; k < t; k++ {
		tm := &tmpls[k]
		g.top = append(g.top, mk(tm, g.product[0]+"-"+tm.slug, 1, tm.org))
	}
	var all []*node
	var walk func(nd *node)
	walk = func(nd *node) {
		all = append(all, nd)
		for _, c := range nd.children {
			walk(c)
		}
	}
	for _, nd := range g.top {
		walk(nd)
	}
	assemblies := len(all)
	parts := n - assemblies
	// One part in each deepest assembly first, so the configured depth is
	// always reached; the rest by template weight, then node weight.
	deepest := 0
	for _, nd := range all {
		if nd.depth == d-1 {
			nd.leaves = 1
			deepest++
		}
	}
	rest := parts - deepest
	var tw int
	for _, nd := range g.top {
		tw += nd.tmpl.weight
	}
	perTop := largestRemainder(rest, len(g.top), func(k int) int { return g.top[k].tmpl.weight })
	for k, top := range g.top {
		var sub []*node
		var w func(nd *node)
		w = func(nd *node) {
			sub = append(sub, nd)
			for _, c := range nd.children {
				w(c)
			}
		}
		w(top)
		shares := largestRemainder(perTop[k], len(sub), func(i int) int { return sub[i].weight })
		for i, nd := range sub {
			nd.leaves += shares[i]
		}
	}
	// Preorder indices (component 0 is the root), refs and versions.
	next := 1
	for _, nd := range all {
		nd.index = next
		next += 1 + nd.leaves
		nd.version = fmt.Sprintf("%s.%d", g.version, 1+int(mix(uint64(nd.index)^o.Seed)%90))
		switch nd.tmpl.typ {
		case "container":
			nd.purl = fmt.Sprintf("pkg:oci/%s@sha256%%3A%s?repository_url=registry.acme-radio.example/ran&tag=%s", nd.name, g.hexDigest(nd.index, 32), nd.version)
		default:
			nd.purl = fmt.Sprintf("pkg:generic/%s/%s@%s", strings.TrimPrefix(nd.org.purl, "generic/"), nd.name, nd.version)
			if !strings.HasPrefix(nd.org.purl, "generic/") {
				nd.purl = fmt.Sprintf("pkg:generic/acme/%s@%s", nd.name, nd.version)
			}
		}
		nd.ref = fmt.Sprintf("%s%cpackage-id=%s", nd.purl, sep(nd.purl), g.hexID(nd.index))
	}
	if next != n+1 {
		return fmt.Errorf("sbomgen: internal: laid out %d components, want %d", next-1, n)
	}
	g.nodes = all
	g.stats.Assemblies = assemblies
	g.stats.Parts = parts
	g.stats.MaxDepth = d
	return nil
}

// largestRemainder splits total over k slots in proportion to weight.
func largestRemainder(total, k int, weight func(int) int) []int {
	out := make([]int, k)
	if k == 0 || total <= 0 {
		return out
	}
	var sum int
	for i := 0; i < k; i++ {
		sum += weight(i)
	}
	type rem struct{ i, r int }
	rems := make([]rem, k)
	given := 0
	for i := 0; i < k; i++ {
		q := total * weight(i)
		out[i] = q / sum
		given += out[i]
		rems[i] = rem{i, q % sum}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r > rems[b].r })
	for j := 0; given < total; j++ {
		out[rems[j%k].i]++
		given++
	}
	return out
}

func sep(purl string) byte {
	if strings.IndexByte(purl, '?') >= 0 {
		return '&'
	}
	return '?'
}

// hexID is a short stable identifier for component i, as SBOM tools put in
// bom-refs to keep them unique.
func (g *generator) hexID(i int) string {
	var b [8]byte
	v := mix(mix(g.o.Seed^0x1d) ^ uint64(i))
	for k := 0; k < 8; k++ {
		b[k] = byte(v >> (8 * k))
	}
	return hex.EncodeToString(b[:])
}

// hexDigest is a stable pseudo-random digest of n bytes for component i.
func (g *generator) hexDigest(i, n int) string {
	b := make([]byte, n)
	v := mix(g.o.Seed ^ uint64(i)<<20)
	for k := 0; k < n; k++ {
		if k%8 == 0 {
			v = mix(v)
		}
		b[k] = byte(v >> (8 * (k % 8)))
	}
	return hex.EncodeToString(b)
}

// owner returns the assembly whose own index or part range holds i.
func (g *generator) owner(i int) *node {
	k := sort.Search(len(g.nodes), func(k int) bool { return g.nodes[k].index > i }) - 1
	if k < 0 {
		return nil
	}
	return g.nodes[k]
}

// refOf returns the bom-ref of component i (0 = the root).
func (g *generator) refOf(i int) string {
	if i == 0 {
		return g.rootRef
	}
	nd := g.owner(i)
	if nd != nil && nd.index == i {
		return nd.ref
	}
	var p part
	g.ident(i, nd, &p)
	return p.ref
}
