package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/fwprov/fwprov/policy"
	"github.com/fwprov/fwprov/sbom"
	"github.com/fwprov/fwprov/sbom/sbomgen"
)

func baseline(b *testing.B) *policy.Policy {
	b.Helper()
	p, err := policy.Preset("baseline")
	if err != nil {
		b.Fatal(err)
	}
	return p
}

func parse(b *testing.B, d *genDoc) *sbom.Document {
	b.Helper()
	doc, err := sbom.Parse(context.Background(), "bench.cdx.json", d.data, sbom.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return doc
}

func evaluate(b *testing.B, doc *sbom.Document, p *policy.Policy) *policy.Verdict {
	b.Helper()
	v, err := policy.Evaluate(context.Background(), doc, p, policy.EvalOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return v
}

// BenchmarkEvaluate is policy.Evaluate with the baseline preset on an
// already parsed document: identity resolution, rules, limits, verdict.
func BenchmarkEvaluate(b *testing.B) {
	p := baseline(b)
	forSizes(b, func(b *testing.B, d *genDoc, cpu *cpuMeter) {
		doc := parse(b, d)
		cpu.reset()
		for b.Loop() {
			evaluate(b, doc, p)
		}
	})
}

// BenchmarkCheck is `fwprov check SBOM --policy baseline` without the CLI:
// Parse + Evaluate of bytes already in memory.
func BenchmarkCheck(b *testing.B) {
	p := baseline(b)
	forSizes(b, func(b *testing.B, d *genDoc, _ *cpuMeter) {
		for b.Loop() {
			evaluate(b, parse(b, d), p)
		}
	})
}

// BenchmarkGate is `fwprov gate` without the CLI: policy.Gate over a
// generated release in memory — the key-signed bundle over the SBOM bytes
// (signed once, outside the timer), Parse, the 16 MiB firmware image hashed
// against the root's SHA-256 and SHA-512, signer-entity check, and the
// baseline origin rules (sbomgen.ReleasePolicy). MB/s counts the SBOM bytes.
func BenchmarkGate(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			ctx := context.Background()
			d := generated(b, n)
			s := signedFor(b, n, d)
			dir := b.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "release.pub"), s.pubPEM, 0o644); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "policy.yaml"), sbomgen.ReleasePolicy("release.pub"), 0o644); err != nil {
				b.Fatal(err)
			}
			p, err := policy.Load(filepath.Join(dir, "policy.yaml"))
			if err != nil {
				b.Fatal(err)
			}
			rel := &policy.Release{
				SBOMName:   "firmware.cdx.json",
				SBOM:       d.data,
				BundleName: "firmware.cdx.json.sigstore.json",
				Bundle:     s.bundle,
				Image: func(*sbom.Document) (string, func() (io.ReadCloser, error), error) {
					return "firmware.img", func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(d.image)), nil }, nil
				},
			}
			b.SetBytes(int64(len(d.data)))
			b.ReportAllocs()
			b.ResetTimer()
			cpu := processCPU()
			defer reportCPU(b, cpu)
			for b.Loop() {
				v, _, err := policy.Gate(ctx, rel, p, policy.GateOptions{})
				if err != nil {
					b.Fatal(err)
				}
				for _, c := range v.Provenance.Checks {
					if c.Denies() {
						b.Fatalf("provenance check %s: %s %s", c.Name, c.Status, c.Detail)
					}
				}
			}
		})
	}
}
