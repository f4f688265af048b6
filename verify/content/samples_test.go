package content

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// sampleImages are the images the binwalk comparison runs on (README,
// "audit: the image against its SBOM"), each with the formats it holds.
func sampleImages(t *testing.T) map[string]struct {
	img     []byte
	formats []Format
} {
	mod := tfile{"lib/modules/" + kver + "/extra/hi_gmac.ko", hiGmac}
	tarball := tarBytes(t, []tfile{mod, {"bin/busybox", busybox}})
	du, _, _, _ := duImage(t, rootfsFiles(t, mod))
	flash := uImage(t, bytes.Repeat([]byte("kernel"), 1000), "none")
	flash = append(flash, bytes.Repeat([]byte{0xff}, 0x20000-len(flash))...)
	flash = append(flash, squashfs(t, []tfile{mod}, "xz")...)
	return map[string]struct {
		img     []byte
		formats []Format
	}{
		"du-fit.itb":           {du, []Format{FormatFIT, FormatGzip, FormatSquashFS}},
		"cu.tar.gz":            {gzipBytes(tarball), []Format{FormatGzip, FormatTar}},
		"cu.tar.zst":           {zstdBytes(t, tarball), []Format{FormatZstd, FormatTar}},
		"ru-initramfs.cpio":    {append(cpioBytes([]tfile{{"early", []byte("x")}}, false), gzipBytes(cpioBytes([]tfile{mod}, true))...), []Format{FormatCPIO, FormatGzip}},
		"flash-dump.bin":       {flash, []Format{FormatUImage, FormatSquashFS}},
		"rootfs-zstd.sqfs":     {squashfs(t, []tfile{mod}, "zstd"), []Format{FormatSquashFS}},
		"rootfs-lzo.sqfs":      {squashfs(t, []tfile{mod}, "lzo"), []Format{FormatSquashFS}},
		"rootfs.ext4":          {ext4(t, []tfile{mod}, 8), []Format{FormatExt}},
		"bsp.zip":              {zipBytes(t, []tfile{mod}, false), []Format{FormatZip}},
		"kernel-initramfs.bin": {append(bytes.Repeat([]byte("ARM64\x00Image\x00"), 4000), xzBytes(t, cpioBytes([]tfile{mod}, false))...), []Format{FormatCarved, FormatXZ, FormatCPIO}},
		"uImage-lzma":          {uImage(t, lzmaBytes(t, tarball), "lzma"), []Format{FormatUImage, FormatLZMA, FormatTar}},
	}
}

// TestSampleImages audits each sample image: every format it holds is
// found, the module inside is found, nothing is unreadable. With
// FWPROV_CONTENT_SAMPLES=DIR it also writes them there (for binwalk).
func TestSampleImages(t *testing.T) {
	out := os.Getenv("FWPROV_CONTENT_SAMPLES")
	for name, s := range sampleImages(t) {
		t.Run(name, func(t *testing.T) {
			if out != "" {
				if err := os.WriteFile(filepath.Join(out, name), s.img, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			inv := audit(t, name, s.img, Options{})
			var have []Format
			module := false
			for _, f := range inv.Files {
				if f.Format != "" && !slices.Contains(have, f.Format) {
					have = append(have, f.Format)
				}
				module = module || f.Kind == KindKernelModule && f.SHA256 == sha(hiGmac)
			}
			for _, f := range s.formats {
				if !slices.Contains(have, f) {
					t.Errorf("format %s not found (have %v)", f, have)
				}
			}
			if !module {
				t.Errorf("module not found in %v", paths(inv))
			}
			for _, p := range inv.Problems {
				if p.Kind != ProblemIntegrity {
					t.Errorf("problem %+v", p)
				}
			}
		})
	}
}
