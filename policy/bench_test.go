package policy

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/fwprov/fwprov/sbom"
	"github.com/fwprov/fwprov/sbom/sbomgen"
)

var (
	benchDocsMu sync.Mutex
	benchDocs   = map[int]*sbom.Document{}
)

// benchDoc generates and parses a synthetic DU SBOM with n components
// (2% high-risk parts), once per size.
func benchDoc(b *testing.B, n int) *sbom.Document {
	b.Helper()
	benchDocsMu.Lock()
	defer benchDocsMu.Unlock()
	if d := benchDocs[n]; d != nil {
		return d
	}
	var buf bytes.Buffer
	if _, err := sbomgen.Generate(context.Background(), &buf, sbomgen.Options{Components: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	d, err := sbom.Parse(context.Background(), fmt.Sprintf("gen-%d.cdx.json", n), buf.Bytes(), sbom.Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchDocs[n] = d
	return d
}

var benchSizes = []int{1_000, 10_000, 100_000}

// BenchmarkResolve measures identity resolution alone: every component's
// outcome, with a fresh per-evaluation cache each time.
func BenchmarkResolve(b *testing.B) {
	p := mustPreset(b, "baseline")
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			doc := benchDoc(b, n)
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				r := newResolver(p.catalog, doc)
				for _, c := range doc.Components {
					r.resolve(c)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkEvaluate measures a whole evaluation (resolution, rules,
// limits, findings with paths, verdict) after parsing.
func BenchmarkEvaluate(b *testing.B) {
	for _, preset := range []string{"baseline", "eu-5g-toolbox"} {
		p := mustPreset(b, preset)
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("%s/%d", preset, n), func(b *testing.B) {
				doc := benchDoc(b, n)
				b.ReportAllocs()
				var v *Verdict
				cpu := processCPU()
				for b.Loop() {
					var err error
					v, err = Evaluate(context.Background(), doc, p, EvalOptions{})
					if err != nil {
						b.Fatal(err)
					}
				}
				reportCPU(b, cpu)
				b.ReportMetric(float64(len(v.Findings)), "findings")
			})
		}
	}
}

// reportCPU reports the process CPU time per operation since start
// (includes the garbage collector's share).
func reportCPU(b *testing.B, start time.Duration) {
	if d := processCPU() - start; d > 0 && b.N > 0 {
		b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}
