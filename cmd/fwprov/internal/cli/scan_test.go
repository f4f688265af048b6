package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fwprov/fwprov/cmd/fwprov/internal/render"
	"github.com/fwprov/fwprov/policy"
	"github.com/fwprov/fwprov/sbom/sbomgen"
)

// generateSubmissions writes n generated SBOMs of size components each
// under dir (in shard-NN sub-folders), generating on every CPU.
func generateSubmissions(tb testing.TB, dir string, n, size int) {
	tb.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, runtime.NumCPU())
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			p := filepath.Join(dir, fmt.Sprintf("shard-%02d", i%10), fmt.Sprintf("sub-%03d.cdx.json", i))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				errs <- err
				return
			}
			f, err := os.Create(p)
			if err != nil {
				errs <- err
				return
			}
			w := bufio.NewWriterSize(f, 1<<20)
			kinds := []sbomgen.Kind{sbomgen.KindDU, sbomgen.KindCU, sbomgen.KindRU}
			_, err = sbomgen.Generate(context.Background(), w, sbomgen.Options{Components: size, Seed: uint64(i + 1), Kind: kinds[i%3], ImageSize: 1 << 10})
			if err == nil {
				err = w.Flush()
			}
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatal(err)
	}
}

func quietGlobals() *globals {
	return &globals{streams: Streams{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}}
}

// TestRunScanDeterministic runs the worker pool in process (so -race sees
// it): any number of workers gives the same results, in path order, and a
// corrupt submission in the middle is an error entry.
func TestRunScanDeterministic(t *testing.T) {
	dir := t.TempDir()
	generateSubmissions(t, dir, 8, 100)
	if err := os.WriteFile(filepath.Join(dir, "shard-03", "sub-003b.cdx.json"), []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":`), 0o644); err != nil {
		t.Fatal(err)
	}
	pol, err := policy.Preset("baseline")
	if err != nil {
		t.Fatal(err)
	}
	subs, err := findSubmissions(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 9 {
		t.Fatalf("found %d submissions, want 9", len(subs))
	}
	var first []render.ScanResult
	for _, jobs := range []int{1, 3, 16} {
		results, err := runScan(context.Background(), quietGlobals(), scanPolicy{Policy: pol}, dir, subs, jobs, false)
		if err != nil {
			t.Fatal(err)
		}
		errored := 0
		for i, r := range results {
			if r.Path != subs[i].rel {
				t.Fatalf("jobs %d: result %d is %s, want %s", jobs, i, r.Path, subs[i].rel)
			}
			if r.Decision == render.ScanError {
				errored++
				if !strings.Contains(r.Error, "sub-003b.cdx.json") {
					t.Errorf("error entry %q does not name the file", r.Error)
				}
			} else if r.Components < 100 || len(r.Suppliers) == 0 {
				t.Errorf("%s: %d components, %d suppliers", r.Path, r.Components, len(r.Suppliers))
			}
		}
		if errored != 1 {
			t.Errorf("jobs %d: %d error entries, want 1", jobs, errored)
		}
		if first == nil {
			first = results
		} else if !reflect.DeepEqual(first, results) {
			t.Errorf("jobs %d: results differ from jobs 1", jobs)
		}
	}

	// Streaming writes every record once, in path order.
	var out strings.Builder
	g := quietGlobals()
	g.streams.Out = &out
	if _, err := runScan(context.Background(), g, scanPolicy{Policy: pol}, dir, subs, 4, true); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(subs) {
		t.Fatalf("streamed %d records, want %d", len(lines), len(subs))
	}
	for i, l := range lines {
		if !strings.Contains(l, `"path":"`+subs[i].rel+`"`) {
			t.Errorf("record %d is not %s: %.120s", i, subs[i].rel, l)
		}
	}

	// A cancelled scan stops with an error instead of a partial report.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := runScan(ctx, quietGlobals(), scanPolicy{Policy: pol}, dir, subs, 2, false); err == nil {
		t.Error("a cancelled scan reported success")
	}
}

// BenchmarkScan200 scans 200 generated submissions of 2 000 components each
// (generated once, outside the timer) with 1 and 2 workers, and measures
// the parallel efficiency the issue asks for: the wall time of a scan over
// all CPUs against the sum of the single-submission times divided by the
// number of CPUs (metric "ratio"; the target is at most 1.3).
//
//	go test ./cmd/fwprov/internal/cli -run '^$' -bench Scan200 -benchtime 1x -timeout 60m
func BenchmarkScan200(b *testing.B) {
	dir := b.TempDir()
	generateSubmissions(b, dir, 200, 2000)
	pol, err := policy.Preset("baseline")
	if err != nil {
		b.Fatal(err)
	}
	subs, err := findSubmissions(dir)
	if err != nil {
		b.Fatal(err)
	}
	g := quietGlobals()
	check := func(b *testing.B, results []render.ScanResult) {
		for _, r := range results {
			if r.Decision == render.ScanError {
				b.Fatalf("%s: %s", r.Path, r.Error)
			}
		}
	}
	for _, jobs := range []int{1, 2} {
		b.Run(fmt.Sprintf("jobs=%d", jobs), func(b *testing.B) {
			for b.Loop() {
				results, err := runScan(context.Background(), g, scanPolicy{Policy: pol}, dir, subs, jobs, false)
				if err != nil {
					b.Fatal(err)
				}
				check(b, results)
			}
		})
	}
	b.Run("efficiency", func(b *testing.B) {
		cpus := runtime.NumCPU()
		var sumSingle, parallel, cpuSeq, cpuPar time.Duration
		for b.Loop() {
			c0 := processCPU()
			for _, s := range subs {
				t0 := time.Now()
				r := scanOne(context.Background(), g, scanPolicy{Policy: pol}, s)
				sumSingle += time.Since(t0)
				if r.Decision == render.ScanError {
					b.Fatalf("%s: %s", r.Path, r.Error)
				}
			}
			c1 := processCPU()
			t0 := time.Now()
			results, err := runScan(context.Background(), g, scanPolicy{Policy: pol}, dir, subs, cpus, false)
			parallel += time.Since(t0)
			c2 := processCPU()
			cpuSeq += c1 - c0
			cpuPar += c2 - c1
			if err != nil {
				b.Fatal(err)
			}
			check(b, results)
		}
		ideal := sumSingle.Seconds() / float64(cpus)
		b.ReportMetric(parallel.Seconds()/ideal, "ratio")
		b.ReportMetric(sumSingle.Seconds()/float64(b.N), "sum-single-s")
		b.ReportMetric(parallel.Seconds()/float64(b.N), "parallel-s")
		b.ReportMetric(float64(cpus), "cpus")
		// Cores the parallel scan actually got (CPU time over wall time; on a
		// shared machine it is less than cpus) and the CPU the parallel scan
		// spends over the sequential one (its overhead, independent of load).
		if parallel > 0 && cpuSeq > 0 {
			b.ReportMetric(cpuPar.Seconds()/parallel.Seconds(), "cores-used")
			b.ReportMetric(cpuPar.Seconds()/cpuSeq.Seconds(), "cpu-overhead")
		}
	})
}
