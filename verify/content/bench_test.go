package content

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkAuditSquashFS audits a generated rootfs SquashFS (many files,
// half compressible) and, in the same run, times what the same content
// costs with the Debian tools: unsquashfs to a directory, then sha256sum
// over every file. The ratio (audit time / tools time) is reported as
// "x-tools"; on a shared machine only the ratio means something.
//
// The image size is FWPROV_BENCH_IMAGE_MB (default 256; the README's
// numbers use 1024). FWPROV_BENCH_IMAGE names an existing image instead.
func BenchmarkAuditSquashFS(b *testing.B) {
	needTool(b, "mksquashfs")
	img := os.Getenv("FWPROV_BENCH_IMAGE")
	if img == "" {
		mb := 256
		if v, err := strconv.Atoi(os.Getenv("FWPROV_BENCH_IMAGE_MB")); err == nil && v > 0 {
			mb = v
		}
		img = benchImage(b, mb)
	}
	st, err := os.Stat(img)
	if err != nil {
		b.Fatal(err)
	}
	a, err := New(Options{Name: filepath.Base(img)})
	if err != nil {
		b.Fatal(err)
	}
	var tools time.Duration
	if _, err := exec.LookPath("unsquashfs"); err == nil {
		tools = timeTools(b, img)
	}
	f, err := os.Open(img)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
			}
		}
	}()
	b.SetBytes(st.Size())
	b.ResetTimer()
	start := time.Now()
	var files int
	for b.Loop() {
		inv, err := a.Audit(context.Background(), f, st.Size())
		if err != nil {
			b.Fatal(err)
		}
		if len(inv.Problems) > 0 {
			b.Fatalf("problems: %+v", inv.Problems[0])
		}
		files = len(inv.Files)
	}
	per := time.Since(start) / time.Duration(b.N)
	close(done)
	b.ReportMetric(float64(files), "files")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
	if tools > 0 {
		b.ReportMetric(tools.Seconds(), "tools-s")
		b.ReportMetric(per.Seconds()/tools.Seconds(), "x-tools")
	}
}

// benchImage writes mb MiB of files (4 KiB to 4 MiB, half random, half
// text) and packs them with mksquashfs (gzip, as firmware builds default).
func benchImage(b *testing.B, mb int) string {
	dir := b.TempDir()
	root := filepath.Join(dir, "root")
	rng := rand.New(rand.NewPCG(1, uint64(mb)))
	text := []byte("The radio unit firmware keeps the carrier configuration in flash; the DU pushes updates over the fronthaul.\n")
	notice := []byte("Copyright (c) 2024 Acme Networks AB. Licensed under the Apache License, Version 2.0.\n")
	var total int64
	for i := 0; total < int64(mb)<<20; i++ {
		size := 4096 << rng.IntN(11)
		buf := make([]byte, size)
		for j := 0; j < size/2; j += 8 {
			v := rng.Uint64()
			for k := 0; k < 8 && j+k < size/2; k++ {
				buf[j+k] = byte(v >> (8 * k))
			}
		}
		for j := size / 2; j < size; j += len(text) {
			copy(buf[j:], text)
		}
		copy(buf[size/2:], notice)
		p := filepath.Join(root, fmt.Sprintf("usr/lib/d%03d/f%05d.bin", i%97, i))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, buf, 0o644); err != nil {
			b.Fatal(err)
		}
		total += int64(size)
	}
	out := filepath.Join(dir, "rootfs.squashfs")
	run(b, "mksquashfs", root, out, "-comp", "gzip", "-noappend", "-quiet")
	os.RemoveAll(root)
	return out
}

// timeTools is unsquashfs to a fresh directory plus sha256sum of every file.
func timeTools(b *testing.B, img string) time.Duration {
	dir := filepath.Join(b.TempDir(), "x")
	start := time.Now()
	run(b, "unsquashfs", "-q", "-n", "-d", dir, img)
	run(b, "sh", "-c", "find "+dir+" -type f -print0 | xargs -0 sha256sum > /dev/null")
	d := time.Since(start)
	os.RemoveAll(dir)
	return d
}
