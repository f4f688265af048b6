package sbom

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"
)

// genBOM builds a deterministic, base-station-like CycloneDX 1.6 BOM with n
// components: suppliers with URLs, contacts and countries, purls, CPEs,
// hashes, properties, external references, copyright, nested assemblies
// (every 20th component holds 9 children) and a dependency graph. It is a
// small generator for this package's benchmarks; sbom/sbomgen has the
// full one.
func genBOM(n int) *cdx.BOM {
	type vendor struct{ name, domain, country, purlNS string }
	vendors := []vendor{
		{"Acme RAN AB", "acme-ran.example", "SE", "com.acme-ran"},
		{"The OpenSSL Project", "openssl.org", "US", "openssl"},
		{"Wind River Systems, Inc.", "windriver.com", "US", "windriver"},
		{"DENX Software Engineering", "denx.de", "DE", "denx"},
		{"Intel Corporation", "intel.com", "US", "intel"},
		{"HiSilicon Technologies Co., Ltd.", "hisilicon.com", "CN", "hisilicon"},
		{"Xilinx, Inc.", "xilinx.com", "US", "xilinx"},
		{"Free Software Foundation, Inc.", "gnu.org", "US", "gnu"},
	}
	types := []cdx.ComponentType{cdx.ComponentTypeLibrary, cdx.ComponentTypeLibrary, cdx.ComponentTypeFirmware, cdx.ComponentTypeFile, cdx.ComponentTypeApplication}
	functions := []string{"core", "oam", "security", "access"}
	mk := func(i int) cdx.Component {
		v := vendors[i%len(vendors)]
		if i%50 == 7 {
			v = vendors[5] // a share of parts from one listed vendor
		}
		name := "pkg-" + strconv.Itoa(i)
		ver := strconv.Itoa(1+i%7) + "." + strconv.Itoa(i%13) + "." + strconv.Itoa(i%5)
		ref := "ref-" + strconv.Itoa(i)
		h := fmt.Sprintf("%064x", uint64(i)*0x9e3779b97f4a7c15)
		return cdx.Component{
			BOMRef:  ref,
			Type:    types[i%len(types)],
			Name:    name,
			Group:   v.purlNS,
			Version: ver,
			Supplier: &cdx.OrganizationalEntity{
				Name:    v.name,
				URL:     &[]string{"https://www." + v.domain + "/"},
				Contact: &[]cdx.OrganizationalContact{{Name: "PSIRT", Email: "psirt@" + v.domain}},
				Address: &cdx.PostalAddress{Country: v.country, Locality: "Somewhere"},
			},
			Description: "Component " + name + " of the distributed unit software load, built from source for the target platform.",
			Hashes:      &[]cdx.Hash{{Algorithm: cdx.HashAlgoSHA256, Value: h}},
			Licenses:    &cdx.Licenses{{License: &cdx.License{ID: "Apache-2.0"}}},
			Copyright:   "Copyright (c) 2019-2025 " + v.name + " All rights reserved.",
			PackageURL:  "pkg:generic/" + v.purlNS + "/" + name + "@" + ver,
			CPE:         "cpe:2.3:a:" + v.purlNS + ":" + name + ":" + ver + ":*:*:*:*:*:*:*",
			ExternalReferences: &[]cdx.ExternalReference{
				{Type: cdx.ERTypeWebsite, URL: "https://www." + v.domain + "/products/" + name},
				{Type: cdx.ERTypeVCS, URL: "https://git." + v.domain + "/" + name + ".git"},
			},
			Properties: &[]cdx.Property{
				{Name: "ran:function", Value: functions[i%len(functions)]},
				{Name: "build:id", Value: strconv.Itoa(i * 31)},
			},
		}
	}
	comps := make([]cdx.Component, 0, n)
	deps := make([]cdx.Dependency, 0, n+1)
	var top []string
	for i := 0; i < n; {
		if i%20 == 0 && i+10 <= n {
			asm := mk(i)
			asm.Type = cdx.ComponentTypeFirmware
			kids := make([]cdx.Component, 0, 9)
			var kidRefs []string
			for k := 1; k < 10; k++ {
				kids = append(kids, mk(i+k))
				kidRefs = append(kidRefs, kids[k-1].BOMRef)
			}
			asm.Components = &kids
			comps = append(comps, asm)
			deps = append(deps, cdx.Dependency{Ref: asm.BOMRef, Dependencies: &kidRefs})
			top = append(top, asm.BOMRef)
			i += 10
			continue
		}
		c := mk(i)
		comps = append(comps, c)
		on := []string{"ref-" + strconv.Itoa((i*7+3)%n), "ref-" + strconv.Itoa((i*13+5)%n)}
		deps = append(deps, cdx.Dependency{Ref: c.BOMRef, Dependencies: &on})
		top = append(top, c.BOMRef)
		i++
	}
	deps = append(deps, cdx.Dependency{Ref: "du-firmware", Dependencies: &top})
	return &cdx.BOM{
		BOMFormat:    cdx.BOMFormat,
		SpecVersion:  cdx.SpecVersion1_6,
		SerialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
		Version:      1,
		Metadata: &cdx.Metadata{
			Supplier:  &cdx.OrganizationalEntity{Name: "Acme RAN AB", URL: &[]string{"https://acme-ran.example"}},
			Component: &cdx.Component{BOMRef: "du-firmware", Type: cdx.ComponentTypeFirmware, Name: "du-firmware", Version: "24.1.0"},
		},
		Components:   &comps,
		Dependencies: &deps,
	}
}

var genCache sync.Map // n -> []byte

// genJSON returns the pretty-printed JSON of genBOM(n), built once.
func genJSON(tb testing.TB, n int) []byte {
	if b, ok := genCache.Load(n); ok {
		return b.([]byte)
	}
	var buf bytes.Buffer
	enc := cdx.NewBOMEncoder(&buf, cdx.BOMFileFormatJSON)
	enc.SetPretty(true)
	if err := enc.Encode(genBOM(n)); err != nil {
		tb.Fatal(err)
	}
	genCache.Store(n, buf.Bytes())
	return buf.Bytes()
}

// cpuTime returns the process's user+system CPU time. Benchmarks report
// it per operation ("cpu-ns/op") next to wall time, because on a shared
// machine wall time varies with other load.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the cpu-ns/op metric for the work since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

var benchSizes = []int{1000, 10000, 100000}

func sizeName(n int) string { return strconv.Itoa(n/1000) + "k" }

// BenchmarkParse measures the whole of Parse: detection, decoding,
// indexing and evidence extraction.
func BenchmarkParse(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			data := genJSON(b, n)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			defer reportCPU(b, cpuTime())
			for range b.N {
				doc, err := Parse(context.Background(), "gen.json", data, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if len(doc.Components) != n+1 {
					b.Fatalf("%d components", len(doc.Components))
				}
			}
		})
	}
}

// BenchmarkDecode measures the JSON decoding alone: with JSON v2 as Parse
// does it (pre-scan, then the components array split over GOMAXPROCS
// workers), with JSON v2 in one piece (pre-scan included), and with
// cyclonedx-go's own encoding/json decoder.
func BenchmarkDecode(b *testing.B) {
	for _, n := range benchSizes {
		data := genJSON(b, n)
		b.Run("v2/"+sizeName(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			defer reportCPU(b, cpuTime())
			for range b.N {
				if _, err := decodeJSON(context.Background(), "gen.json", data, DefaultLimits()); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("v2-one-piece/"+sizeName(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			defer reportCPU(b, cpuTime())
			for range b.N {
				if _, _, err := scanJSON(data, DefaultLimits()); err != nil {
					b.Fatal(err)
				}
				if _, _, err := decodeWhole(data, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("cyclonedx-go/"+sizeName(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			defer reportCPU(b, cpuTime())
			for range b.N {
				bom := new(cdx.BOM)
				if err := cdx.NewBOMDecoder(bytes.NewReader(data), cdx.BOMFileFormatJSON).Decode(bom); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkIndex measures indexing (and evidence extraction, which is part
// of it) over an already decoded model.
func BenchmarkIndex(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			bom := genBOM(n)
			b.ReportAllocs()
			b.ResetTimer()
			defer reportCPU(b, cpuTime())
			for range b.N {
				doc := &Document{BOM: bom}
				if err := buildIndex(context.Background(), doc, DefaultLimits()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEvidence measures evidence extraction alone.
func BenchmarkEvidence(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			doc := &Document{BOM: genBOM(n)}
			if err := buildIndex(context.Background(), doc, DefaultLimits()); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			defer reportCPU(b, cpuTime())
			for range b.N {
				if err := extractAll(context.Background(), doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkScanJSON measures the pre-decoding pass (limits and layout).
func BenchmarkScanJSON(b *testing.B) {
	data := genJSON(b, 100000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	for range b.N {
		if _, _, err := scanJSON(data, DefaultLimits()); err != nil {
			b.Fatal(err)
		}
	}
}
