package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/fwprov/fwprov/policy"
	"github.com/fwprov/fwprov/sbom"
	"github.com/fwprov/fwprov/verify"
)

func TestRunWritesAtomically(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "large", "du.cdx.json")
	img := filepath.Join(dir, "fw.img")
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"-n", "200", "-seed", "3", "-kind", "ru", "-firmware-image", img, "-image-size", "1MiB", "-o", out}, &bytes.Buffer{}, &stderr)
	if err != nil {
		t.Fatalf("run: %v (%s)", err, stderr.String())
	}
	image, err := os.ReadFile(img)
	if err != nil || len(image) != 1<<20 {
		t.Fatalf("image: %d bytes, %v", len(image), err)
	}
	sbom, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(image)
	if !bytes.Contains(sbom, []byte(hex.EncodeToString(sum[:]))) {
		t.Error("SBOM does not carry the image's SHA-256")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if !bytes.Contains(sbom, []byte(`"fwprov:image","value":"fw.img"`)) {
		t.Error("SBOM does not name the image in fwprov:image")
	}
	// Same flags to stdout give the same bytes.
	var stdout bytes.Buffer
	img2 := filepath.Join(t.TempDir(), "fw.img")
	if err := run(context.Background(), []string{"-n", "200", "-seed", "3", "-kind", "ru", "-firmware-image", img2, "-image-size", "1MiB"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stdout.Bytes(), sbom) {
		t.Error("stdout output differs from the file written with the same flags")
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-n", "5", "-o", filepath.Join(dir, "x.json")}, "out of range"},
		{[]string{"-kind", "core"}, "unknown kind"},
		{[]string{"-deps", "some"}, "usage"},
		{[]string{"-image-size", "lots"}, "usage"},
		{[]string{"extra"}, "usage"},
	}
	for _, tt := range tests {
		err := run(context.Background(), tt.args, &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%v) = %v, want error containing %q", tt.args, err, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.json")); !os.IsNotExist(err) {
		t.Error("failed run left an output file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("failed run left files: %v", entries)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "17": 17, "4KiB": 4096, "64MiB": 64 << 20, "1GiB": 1 << 30, "2M": 2 << 20} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "1TB", "x"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) succeeded", in)
		}
	}
}

// A special file (here a named pipe, standing in for /dev/null) is written
// in place, never replaced by a rename.
func TestRunSpecialFileInPlace(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := make(chan int64, 1)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- -1
			return
		}
		n, _ := io.Copy(io.Discard, f)
		f.Close()
		got <- n
	}()
	if err := run(context.Background(), []string{"-n", "100", "-image-size", "0", "-o", fifo}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if n := <-got; n < 10000 {
		t.Fatalf("read %d bytes from the pipe", n)
	}
	st, err := os.Lstat(fifo)
	if err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("%s was replaced: %v %v", fifo, st.Mode(), err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
}

func TestRunRelease(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rel")
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"-n", "300", "-image-size", "64KiB", "-release", dir}, &bytes.Buffer{}, &stderr); err != nil {
		t.Fatalf("run: %v (%s)", err, stderr.String())
	}
	read := func(name string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	sbomBytes, img, bundle := read(releaseSBOM), read(releaseImage), read(releaseBundle)
	pub, err := verify.LoadPublicKey(releasePub, read(releasePub))
	if err != nil {
		t.Fatal(err)
	}
	res, err := verify.VerifyBundle(context.Background(), bundle, verify.ArtifactBytes(sbomBytes), verify.BundleOptions{Key: pub})
	if err != nil || !res.Verified {
		t.Fatalf("bundle does not verify with release.pub: %v %+v", err, res)
	}
	doc, err := sbom.Parse(context.Background(), releaseSBOM, sbomBytes, sbom.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := doc.Root.PropertyValue("fwprov:image"); !ok || v != releaseImage {
		t.Errorf("fwprov:image = %q, %v", v, ok)
	}
	fres, err := verify.VerifyFirmware(context.Background(), bytes.NewReader(img), doc.Root.Hashes, verify.FirmwareOptions{})
	if err != nil || !fres.Verified {
		t.Fatalf("image does not match the root's hashes: %v %+v", err, fres)
	}
	p, err := policy.Load(filepath.Join(dir, releasePolicy))
	if err != nil {
		t.Fatalf("policy.yaml: %v", err)
	}
	if p.Trust == nil || len(p.Trust.Signers) != 1 {
		t.Fatalf("policy trust = %+v", p.Trust)
	}
	if err := run(context.Background(), []string{"-release", dir, "-o", "x.json"}, &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Error("-release with -o accepted")
	}
}

func TestRunReleases(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "scan")
	if err := run(context.Background(), []string{"-n", "100", "-kind", "mix", "-image-size", "1KiB", "-releases", "4", "-release", dir}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	pubPEM, err := os.ReadFile(filepath.Join(dir, releasePub))
	if err != nil {
		t.Fatal(err)
	}
	pub, err := verify.LoadPublicKey(releasePub, pubPEM)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, want := range []string{"du-001", "cu-002", "ru-003", "du-004"} {
		sub := filepath.Join(dir, want)
		data, err := os.ReadFile(filepath.Join(sub, releaseSBOM))
		if err != nil {
			t.Fatalf("release %d: %v", i, err)
		}
		bundle, err := os.ReadFile(filepath.Join(sub, releaseBundle))
		if err != nil {
			t.Fatal(err)
		}
		res, err := verify.VerifyBundle(context.Background(), bundle, verify.ArtifactBytes(data), verify.BundleOptions{Key: pub})
		if err != nil || !res.Verified {
			t.Fatalf("%s: bundle does not verify with the shared key: %v", want, err)
		}
		doc, err := sbom.Parse(context.Background(), want, data, sbom.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if k, _ := doc.Root.PropertyValue("ran:kind"); k != want[:2] {
			t.Errorf("%s: ran:kind %q", want, k)
		}
		if seen[doc.SHA256] {
			t.Errorf("%s: same SBOM as an earlier release", want)
		}
		seen[doc.SHA256] = true
	}
	if err := run(context.Background(), []string{"-releases", "2"}, &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Error("-releases without -release accepted")
	}
}
