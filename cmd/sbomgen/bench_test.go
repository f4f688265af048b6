package main

// Benchmarks of fwprov's hot paths on generated base-station SBOMs of 1k,
// 10k and 100k components:
//
//	go test -run '^$' -bench . -benchmem ./cmd/sbomgen/
//	go test -run '^$' -bench 'Check/n=100000' -benchmem -cpuprofile cpu.prof ./cmd/sbomgen/
//
// Each document is generated once per process, in memory. b.SetBytes is the
// SBOM size, so MB/s compares with sha256sum and decoders.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fwprov/fwprov/sbom"
	"github.com/fwprov/fwprov/sbom/sbomgen"
	"github.com/fwprov/fwprov/verify"
)

var benchSizes = []int{1_000, 10_000, 100_000}

type genDoc struct {
	data  []byte
	fw    sbomgen.Firmware
	image []byte // the firmware image the root's hashes describe
	st    sbomgen.Stats
}

var (
	genMu    sync.Mutex
	genCache = map[int]*genDoc{}
)

// benchImageSize is the firmware image the gate benchmarks bind: the
// digest the gate compares is computed by the benchmark from this image's
// bytes, as a gate must, so keep it a realistic but modest 16 MiB.
const benchImageSize = 16 << 20

// generated returns the n-component DU SBOM (seed 1, defaults otherwise),
// generating it on first use.
func generated(b *testing.B, n int) *genDoc {
	b.Helper()
	genMu.Lock()
	defer genMu.Unlock()
	if d, ok := genCache[n]; ok {
		return d
	}
	ctx := context.Background()
	var img bytes.Buffer
	img.Grow(benchImageSize)
	fw, err := sbomgen.WriteImage(ctx, &img, 1, benchImageSize)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	buf.Grow(n*2100 + 1<<20) // about 1.9 kB per component
	st, err := sbomgen.Generate(ctx, &buf, sbomgen.Options{Components: n, Seed: 1, Firmware: &fw})
	if err != nil {
		b.Fatal(err)
	}
	d := &genDoc{data: buf.Bytes(), fw: fw, image: img.Bytes(), st: st}
	genCache[n] = d
	return d
}

func forSizes(b *testing.B, f func(b *testing.B, d *genDoc, cpu *cpuMeter)) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			d := generated(b, n)
			b.SetBytes(int64(len(d.data)))
			b.ReportAllocs()
			b.ResetTimer()
			cpu := startCPU()
			f(b, d, cpu)
			cpu.report(b)
		})
	}
}

// cpuMeter measures process CPU time over a benchmark loop.
type cpuMeter struct{ start time.Duration }

func startCPU() *cpuMeter { return &cpuMeter{start: processCPU()} }

// reset excludes set-up work done since startCPU (as b.Loop's first call
// excludes it from the timer).
func (m *cpuMeter) reset() { m.start = processCPU() }

func (m *cpuMeter) report(b *testing.B) { reportCPU(b, m.start) }

// processCPU is the process's user+system CPU time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds cpu-ns/op: the process CPU time (all goroutines, GC
// included) per operation since start. On a busy machine wall time per op
// grows with the load; CPU time per op stays comparable.
func reportCPU(b *testing.B, start time.Duration) {
	if b.N > 0 && start > 0 {
		b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkGenerate measures the generator itself (to io.Discard).
func BenchmarkGenerate(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			fw := sbomgen.Firmware{SHA256: fmt.Sprintf("%064x", 1), SHA512: fmt.Sprintf("%0128x", 1)}
			o := sbomgen.Options{Components: n, Seed: 1, Firmware: &fw}
			st, err := sbomgen.Generate(context.Background(), io.Discard, o)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(st.Bytes)
			b.ReportAllocs()
			b.ResetTimer()
			cpu := processCPU()
			for b.Loop() {
				if _, err := sbomgen.Generate(context.Background(), io.Discard, o); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkLoad is sbom.Parse: decode, index, evidence extraction.
func BenchmarkLoad(b *testing.B) {
	forSizes(b, func(b *testing.B, d *genDoc, _ *cpuMeter) {
		for b.Loop() {
			doc, err := sbom.Parse(context.Background(), "bench.cdx.json", d.data, sbom.Options{})
			if err != nil {
				b.Fatal(err)
			}
			if len(doc.Components) != d.st.Components+1 {
				b.Fatalf("parsed %d components, generated %d + root", len(doc.Components), d.st.Components)
			}
		}
	})
}

// BenchmarkEvidence re-extracts the origin evidence of every component of
// an already parsed document (the part of Parse that sbom.ExtractEvidence
// exposes).
func BenchmarkEvidence(b *testing.B) {
	forSizes(b, func(b *testing.B, d *genDoc, cpu *cpuMeter) {
		doc, err := sbom.Parse(context.Background(), "bench.cdx.json", d.data, sbom.Options{})
		if err != nil {
			b.Fatal(err)
		}
		cpu.reset()
		for b.Loop() {
			n := 0
			for _, c := range doc.Components {
				n += len(sbom.ExtractEvidence(c.CDX))
			}
			if n == 0 {
				b.Fatal("no evidence extracted")
			}
		}
	})
}

// signed is a key-signed Sigstore bundle over an SBOM, made once per size
// outside the timer.
type signed struct {
	bundle []byte
	key    *verify.PublicKey
	pubPEM []byte
}

var signedCache = map[int]*signed{}

func signedFor(b *testing.B, n int, d *genDoc) *signed {
	b.Helper()
	genMu.Lock()
	defer genMu.Unlock()
	if s, ok := signedCache[n]; ok {
		return s
	}
	kp, err := verify.GenerateKey(verify.KeyECDSAP256)
	if err != nil {
		b.Fatal(err)
	}
	bundle, err := verify.SignBundle(context.Background(), d.data, kp.Signer)
	if err != nil {
		b.Fatal(err)
	}
	pub, err := verify.NewPublicKey(kp.Signer.Public())
	if err != nil {
		b.Fatal(err)
	}
	s := &signed{bundle: bundle, key: pub, pubPEM: kp.PublicPEM}
	signedCache[n] = s
	return s
}

// BenchmarkVerifyBundle is the signature check of gate alone: a
// key-signed bundle over the SBOM bytes.
func BenchmarkVerifyBundle(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			d := generated(b, n)
			s := signedFor(b, n, d)
			b.SetBytes(int64(len(d.data)))
			b.ReportAllocs()
			b.ResetTimer()
			cpu := processCPU()
			for b.Loop() {
				res, err := verify.VerifyBundle(context.Background(), s.bundle, verify.ArtifactBytes(d.data), verify.BundleOptions{Source: "bench.sigstore.json", Key: s.key})
				if err != nil {
					b.Fatal(err)
				}
				if !res.Verified {
					b.Fatalf("bundle not verified: %s", res.Reason)
				}
			}
			reportCPU(b, cpu)
		})
	}
}
