package main

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/fwprov/fwprov/policy"
	"github.com/fwprov/fwprov/sbom"
	"github.com/fwprov/fwprov/verify"
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
	forSizes(b, func(b *testing.B, d *genDoc) {
		b.StopTimer()
		doc := parse(b, d)
		b.StartTimer()
		for b.Loop() {
			evaluate(b, doc, p)
		}
	})
}

// BenchmarkCheck is `fwprov check SBOM --policy baseline` without the CLI:
// Parse + Evaluate of bytes already in memory.
func BenchmarkCheck(b *testing.B) {
	p := baseline(b)
	forSizes(b, func(b *testing.B, d *genDoc) {
		for b.Loop() {
			evaluate(b, parse(b, d), p)
		}
	})
}

// BenchmarkGate is `fwprov gate` without the CLI: the key-signed bundle
// over the SBOM bytes (signed once, outside the timer), Parse, the firmware
// image (16 MiB, in memory) hashed against the root's SHA-256 and SHA-512,
// and Evaluate. MB/s counts the SBOM bytes only.
func BenchmarkGate(b *testing.B) {
	p := baseline(b)
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			ctx := context.Background()
			d := generated(b, n)
			s := signedFor(b, n, d)
			b.SetBytes(int64(len(d.data)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				res, err := verify.VerifyBundle(ctx, s.bundle, verify.ArtifactBytes(d.data), verify.BundleOptions{Source: "bench.sigstore.json", Key: s.key})
				if err != nil || !res.Verified {
					b.Fatalf("bundle: %v %v", err, res)
				}
				doc := parse(b, d)
				if doc.Root == nil {
					b.Fatal("no firmware root")
				}
				fres, err := verify.VerifyFirmware(ctx, bytes.NewReader(d.image), doc.Root.Hashes, verify.FirmwareOptions{Source: "bench.img"})
				if err != nil || !fres.Verified {
					b.Fatalf("firmware: %v %v", err, fres)
				}
				evaluate(b, doc, p)
			}
		})
	}
}
