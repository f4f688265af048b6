package content

import (
	"bytes"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/pierrec/lz4/v4"
	"github.com/ulikunitz/xz"
)

func xzBytes(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	w, err := xz.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func zstdBytes(t testing.TB, b []byte) []byte {
	e, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	return e.EncodeAll(b, nil)
}

func lz4Bytes(b []byte) []byte {
	var buf bytes.Buffer
	w := lz4.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func bzip2Bytes(t testing.TB, b []byte) []byte {
	if _, err := exec.LookPath("bzip2"); err != nil {
		t.Skip("bzip2 not installed (Debian package bzip2)")
	}
	cmd := exec.Command("bzip2", "-c")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEveryFormatFindsTheModule wraps the same kernel module in each
// supported layer and checks it is found, hashed and classified.
func TestEveryFormatFindsTheModule(t *testing.T) {
	mod := tfile{"lib/modules/" + kver + "/extra/hi_gmac.ko", hiGmac}
	tarball := tarBytes(t, []tfile{mod})
	cases := []struct {
		name  string
		build func(t *testing.T) []byte
		want  string // path of the module
	}{
		{"tar", func(t *testing.T) []byte { return tarball }, "x!/" + mod.name},
		{"tar.gz", func(t *testing.T) []byte { return gzipBytes(tarball) }, "x!/data!/" + mod.name},
		{"tar.xz", func(t *testing.T) []byte { return xzBytes(t, tarball) }, "x!/data!/" + mod.name},
		{"tar.zst", func(t *testing.T) []byte { return zstdBytes(t, tarball) }, "x!/data!/" + mod.name},
		{"tar.lz4", func(t *testing.T) []byte { return lz4Bytes(tarball) }, "x!/data!/" + mod.name},
		{"tar.bz2", func(t *testing.T) []byte { return bzip2Bytes(t, tarball) }, "x!/data!/" + mod.name},
		{"zip-deflate", func(t *testing.T) []byte { return zipBytes(t, []tfile{mod}, false) }, "x!/" + mod.name},
		{"zip-store", func(t *testing.T) []byte { return zipBytes(t, []tfile{mod}, true) }, "x!/" + mod.name},
		{"cpio-newc", func(t *testing.T) []byte { return cpioBytes([]tfile{mod}, false) }, "x!/" + mod.name},
		{"cpio-odc", func(t *testing.T) []byte { return cpioBytes([]tfile{mod}, true) }, "x!/" + mod.name},
		{"squashfs-gzip", func(t *testing.T) []byte { return squashfs(t, []tfile{mod}, "gzip") }, "x!/" + mod.name},
		{"squashfs-xz", func(t *testing.T) []byte { return squashfs(t, []tfile{mod}, "xz") }, "x!/" + mod.name},
		{"squashfs-zstd", func(t *testing.T) []byte { return squashfs(t, []tfile{mod}, "zstd") }, "x!/" + mod.name},
		{"squashfs-lzo", func(t *testing.T) []byte { return squashfs(t, []tfile{mod}, "lzo") }, "x!/" + mod.name},
		{"squashfs-lz4", func(t *testing.T) []byte { return squashfs(t, []tfile{mod}, "lz4") }, "x!/" + mod.name},
		{"squashfs-lzma", func(t *testing.T) []byte { return squashfs(t, []tfile{mod}, "lzma") }, "x!/" + mod.name},
		{"ext4", func(t *testing.T) []byte { return ext4(t, []tfile{mod}, 8) }, "x!/" + mod.name},
		{"ext4-1k-blocks", func(t *testing.T) []byte { return ext4(t, []tfile{mod}, 8, "-b", "1024") }, "x!/" + mod.name},
		{"ext4-inline-data", func(t *testing.T) []byte {
			return ext4(t, []tfile{mod, {"etc/hostname", []byte("du-1\n")}}, 8, "-O", "inline_data")
		}, "x!/" + mod.name},
		{"deb", func(t *testing.T) []byte {
			return arBytes([]tfile{{"debian-binary", []byte("2.0\n")}, {"control.tar.gz", gzipBytes(tarBytes(t, []tfile{{"control", []byte("Package: hi-bsp\n")}}))}, {"data.tar.xz", xzBytes(t, tarball)}})
		}, "x!/data.tar.xz!/data.tar!/" + mod.name},
		{"zip-inside-data", func(t *testing.T) []byte {
			z := zipBytes(t, []tfile{mod}, false)
			blob := append(bytes.Repeat([]byte("header"), 1000), z...)
			return append(blob, bytes.Repeat([]byte("trailer"), 1000)...)
		}, "x!/@0x1770!/" + mod.name},
		{"ext2", func(t *testing.T) []byte { return ext4(t, []tfile{mod}, 8, "-t", "ext2") }, "x!/" + mod.name},
		{"ext3", func(t *testing.T) []byte { return ext4(t, []tfile{mod}, 8, "-t", "ext3") }, "x!/" + mod.name},
		{"uimage-gzip-cpio", func(t *testing.T) []byte { return uImage(t, gzipBytes(cpioBytes([]tfile{mod}, false)), "gzip") }, "x!/data!/data!/" + mod.name},
		{"fit-external-data", func(t *testing.T) []byte {
			return fitImage(t, [][3]string{{"kernel-1", "kernel", "kernel"}, {"ramdisk-1", "ramdisk", string(cpioBytes([]tfile{mod}, false))}}, true)
		}, "x!/images/ramdisk-1!/" + mod.name},
		{"flash-dump", func(t *testing.T) []byte {
			// A uImage kernel, erased flash, a squashfs at an erase-block boundary.
			k := uImage(t, bytes.Repeat([]byte("kernel"), 1000), "none")
			k = append(k, bytes.Repeat([]byte{0xff}, 0x20000-len(k))...)
			return append(k, squashfs(t, []tfile{mod}, "xz")...)
		}, "x!/@0x20000!/" + mod.name},
		{"kernel-with-initramfs", func(t *testing.T) []byte {
			// Data, then a built-in gzip initramfs.
			head := bytes.Repeat([]byte("ARM64\x00Image\x00"), 4000)
			return append(head, gzipBytes(cpioBytes([]tfile{mod}, false))...)
		}, "x!/@0xbb80!/data!/" + mod.name},
		{"nested-tgz-in-squashfs-in-fit", func(t *testing.T) []byte {
			sq := squashfs(t, []tfile{{"opt/bsp.tgz", gzipBytes(tarball)}}, "gzip")
			return fitImage(t, [][3]string{{"rootfs", "ramdisk", string(sq)}}, false)
		}, "x!/images/rootfs!/opt/bsp.tgz!/bsp.tar!/" + mod.name},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			img := tc.build(t)
			inv := audit(t, "x", img, Options{})
			f := fileByPath(t, inv, tc.want)
			if f.Kind != KindKernelModule || f.SHA256 != sha(hiGmac) || f.Size != int64(len(hiGmac)) {
				t.Errorf("module: %+v", f)
			}
			found := false
			for _, in := range inv.Indicators {
				found = found || in.Kind == IndicatorPCIVendor && in.Value == "19e5" && in.Path == tc.want
			}
			if !found {
				t.Errorf("no pci-vendor 19e5 indicator at %s", tc.want)
			}
			for _, p := range inv.Problems {
				if p.Kind != ProblemIntegrity {
					t.Errorf("problem: %+v", p)
				}
			}
		})
	}
}

func TestCUTarballPackages(t *testing.T) {
	pkgJSON := `{"name":"@grpc/grpc-js","version":"1.9.14","author":{"name":"Google Inc."}}`
	express := `{"name":"express","version":"4.18.2","author":"TJ Holowaychuk <tj@vision-media.ca>"}`
	apkDB := "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:aarch64\nm:Timo Teräs <timo.teras@iki.fi>\no:musl\nF:lib\nR:ld-musl-aarch64.so.1\nR:libc.musl-aarch64.so.1\n\nP:busybox\nV:1.36.1-r5\nA:aarch64\nm:Sören Tempel <soeren+alpine@soeren-tempel.net>\nF:bin\nR:busybox\n\n"
	metadata := "Metadata-Version: 2.1\nName: PyYAML\nVersion: 6.0.1\nAuthor: Kirill Simonov\nAuthor-email: xi@resolvent.net\n\nYAML parser\n"
	files := []tfile{
		{"opt/cu/bin/cu-app", program(etExec, "Acme CU 4.2")},
		{"opt/cu/lib/node_modules/@grpc/grpc-js/package.json", []byte(pkgJSON)},
		{"opt/cu/lib/node_modules/@grpc/grpc-js/build/src/index.js", []byte("module.exports = {}\n")},
		{"opt/cu/lib/node_modules/express/package.json", []byte(express)},
		{"opt/cu/lib/node_modules/express/test/fixtures/package.json", []byte(`{"name":"fixture","version":"0.0.0"}`)},
		{"usr/lib/python3/dist-packages/PyYAML-6.0.1.dist-info/METADATA", []byte(metadata)},
		{"usr/lib/python3/dist-packages/PyYAML-6.0.1.dist-info/RECORD", []byte("yaml/__init__.py,sha256=x,100\nPyYAML-6.0.1.dist-info/METADATA,,\n")},
		{"usr/lib/python3/dist-packages/yaml/__init__.py", []byte("# yaml\n")},
		{"lib/apk/db/installed", []byte(apkDB)},
		{"lib/ld-musl-aarch64.so.1", program(etDyn, "musl libc (aarch64)")},
		{"bin/busybox", busybox},
		{"etc/os-release", []byte("ID=alpine\nVERSION_ID=3.19.1\n")},
	}
	img := gzipBytes(tarBytes(t, files))
	inv := audit(t, "cu-4.2.0.tar.gz", img, Options{})
	if len(inv.Problems) != 0 {
		t.Fatalf("problems:\n%s", dumpProblems(inv))
	}
	var purls []string
	for _, p := range inv.Packages {
		purls = append(purls, p.PURL)
	}
	for _, want := range []string{
		"pkg:npm/%40grpc/grpc-js@1.9.14", "pkg:npm/express@4.18.2", "pkg:pypi/pyyaml@6.0.1",
		"pkg:apk/alpine/musl@1.2.4-r2?arch=aarch64", "pkg:apk/alpine/busybox@1.36.1-r5?arch=aarch64",
	} {
		if !slices.Contains(purls, want) {
			t.Errorf("no package %s in %v", want, purls)
		}
	}
	if len(purls) != 5 {
		t.Errorf("packages %v: the test fixture package.json is not a package", purls)
	}
	comps := []comp{
		{ref: "musl", name: "musl", version: "1.2.4-r2", purl: "pkg:apk/alpine/musl@1.2.4-r2?arch=aarch64"},
		{ref: "grpc", name: "grpc-js", version: "1.9.14", purl: "pkg:npm/%40grpc/grpc-js@1.9.14"},
		{ref: "yaml", name: "PyYAML", version: "6.0.1", purl: "pkg:pypi/PyYAML@6.0.1"},
		{ref: "busybox", name: "busybox", version: "1.36.0-r0", purl: "pkg:apk/alpine/busybox@1.36.0-r0?arch=aarch64"},
	}
	rec := Reconcile(inv, cdxSBOM(t, sha(img), comps))
	undeclared := map[string]bool{}
	for _, i := range rec.UndeclaredPackages {
		undeclared[inv.Packages[i].Name] = true
	}
	if !undeclared["express"] || !undeclared["busybox"] || undeclared["musl"] || undeclared["@grpc/grpc-js"] || undeclared["PyYAML"] {
		t.Errorf("undeclared packages %v, want express and busybox (other version)", undeclared)
	}
	u := undeclaredContent(inv, rec)
	if slices.Contains(u, "cu-4.2.0.tar.gz!/cu-4.2.0.tar!/lib/ld-musl-aarch64.so.1") {
		t.Errorf("musl's loader is listed by the declared apk package: %v", u)
	}
	if !slices.Contains(u, "cu-4.2.0.tar.gz!/cu-4.2.0.tar!/opt/cu/bin/cu-app") {
		t.Errorf("cu-app is undeclared: %v", u)
	}
	for _, i := range rec.Unaccounted {
		if strings.Contains(inv.Files[i].Path, "grpc-js/build/src/index.js") || strings.HasSuffix(inv.Files[i].Path, "yaml/__init__.py") {
			t.Errorf("%s belongs to a declared package", inv.Files[i].Path)
		}
	}
	for _, in := range inv.Indicators {
		if in.Kind == IndicatorPackageAuthor && in.Value == "Google Inc." && in.Party != PartyOrganization {
			t.Errorf("%+v", in)
		}
		if in.Kind == IndicatorPackageMaint && strings.HasPrefix(in.Value, "Timo") && in.Party != PartyPerson {
			t.Errorf("%+v", in)
		}
	}
}

func TestRadioUnitInitramfs(t *testing.T) {
	ru := []tfile{
		{"init", []byte("#!/bin/sh\nexec /sbin/ru-init\n")},
		{"sbin/ru-init", program(etExec, "ru-init", "Copyright (c) 2024 Acme Networks AB")},
		{"lib/firmware/ru-zynqmp.dtb", dtb(t, "ru-zynqmp")},
	}
	// An early microcode-style archive, then the compressed main one, as
	// the kernel accepts them.
	early := cpioBytes([]tfile{{"kernel/x86/microcode/GenuineIntel.bin", []byte("ucode")}}, false)
	img := append(append(early, make([]byte, 512)...), gzipBytes(cpioBytes(ru, true))...)
	inv := audit(t, "ru-initramfs.img", img, Options{})
	if len(inv.Problems) != 0 {
		t.Fatalf("problems:\n%s", dumpProblems(inv))
	}
	if f := fileByPath(t, inv, "ru-initramfs.img!/@0x318!/data!/init"); f.Kind != KindScript {
		t.Errorf("init: %+v", f)
	}
	var dtbPath string
	for _, f := range inv.Files {
		if strings.HasSuffix(f.Path, "/lib/firmware/ru-zynqmp.dtb") {
			dtbPath = f.Path
			if f.Kind != KindDeviceTree {
				t.Errorf("dtb: %+v", f)
			}
		}
	}
	if dtbPath == "" {
		t.Fatalf("the compressed archive after the first was not read: %v", paths(inv))
	}
	var vendors []string
	for _, in := range inv.Indicators {
		if in.Kind == IndicatorDTVendor {
			vendors = append(vendors, in.Value)
		}
	}
	slices.Sort(vendors)
	if !slices.Equal(vendors, []string{"acme", "cdns", "xlnx"}) {
		t.Errorf("dt vendors %v", vendors)
	}
}

// TestTraversalNamesAreOnlyNames: a member named to escape its directory
// is inventoried under its cleaned virtual path and reported.
func TestTraversalNamesAreOnlyNames(t *testing.T) {
	evil := []tfile{{"../../etc/passwd", []byte("root:x:0:0::/root:/bin/sh\n")}, {"/etc/shadow", []byte("root:*:19000::::::\n")}, {"ok/file", []byte("fine")}}
	for name, img := range map[string][]byte{
		"tar":  tarBytes(t, evil),
		"cpio": cpioBytes(evil, false),
		"zip":  zipBytes(t, evil, false),
	} {
		t.Run(name, func(t *testing.T) {
			inv := audit(t, "x", img, Options{})
			fileByPath(t, inv, "x!/etc/passwd")
			fileByPath(t, inv, "x!/etc/shadow")
			if !hasProblem(inv, ProblemSuspiciousName, "x!/etc/passwd") || !hasProblem(inv, ProblemSuspiciousName, "x!/etc/shadow") {
				t.Errorf("traversal names not reported:\n%s", dumpProblems(inv))
			}
			if hasProblem(inv, ProblemSuspiciousName, "ok/file") {
				t.Error("a plain name reported")
			}
		})
	}
}

// TestCorruptLayers: a part that cannot be read is reported unreadable at
// its path; what was read before stays.
func TestCorruptLayers(t *testing.T) {
	mod := tfile{"lib/modules/hi_gmac.ko", hiGmac}
	sq := squashfs(t, []tfile{mod, {"bin/busybox", busybox}}, "gzip")
	tgz := gzipBytes(tarBytes(t, []tfile{mod, {"bin/busybox", busybox}}))
	flip := func(b []byte, at int) []byte {
		c := bytes.Clone(b)
		c[at] ^= 0xff
		return c
	}
	cases := map[string][]byte{
		"squashfs-truncated":    sq[:leUint64(sq[40:])-100],
		"squashfs-bad-dirtable": flip(sq, int(leUint64(sq[72:]))+3),
		"gzip-truncated":        tgz[:len(tgz)-200],
		"gzip-corrupt":          flip(tgz, len(tgz)/2),
		"tar-truncated":         tarBytes(t, []tfile{mod, {"bin/busybox", busybox}})[:3000],
		"cpio-truncated":        cpioBytes([]tfile{mod}, false)[:600],
		"zip-truncated":         zipBytes(t, []tfile{mod}, false)[:300],
		"fdt-truncated":         dtb(t, "du-lx2160a")[:200],
		"ext4-truncated":        ext4(t, []tfile{mod}, 8)[:1<<20],
		"xz-corrupt":            flip(xzBytes(t, hiGmac), 40),
	}
	for name, img := range cases {
		t.Run(name, func(t *testing.T) {
			inv := audit(t, "x", img, Options{})
			if !hasProblem(inv, ProblemUnreadable, "x") && !hasProblem(inv, ProblemIntegrity, "x") {
				t.Errorf("corrupt layer not reported; problems:\n%s\nfiles %v", dumpProblems(inv), paths(inv))
			}
		})
	}
}

func leUint64(b []byte) uint64 {
	var v uint64
	for i := 7; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

func TestUnsupportedFormatsAreReported(t *testing.T) {
	for name, img := range map[string][]byte{
		"ubi":    append([]byte("UBI#\x01\x00\x00\x00"), make([]byte, 100)...),
		"lzop":   append([]byte("\x89LZO\x00\r\n\x1a\n"), make([]byte, 100)...),
		"7z":     append([]byte("7z\xbc\xaf\x27\x1c"), make([]byte, 100)...),
		"rpmdb":  tarBytes(t, []tfile{{"var/lib/rpm/rpmdb.sqlite", []byte("SQLite format 3\x00")}}),
		"cramfs": append([]byte{0x45, 0x3d, 0xcd, 0x28}, make([]byte, 100)...),
	} {
		t.Run(name, func(t *testing.T) {
			inv := audit(t, "x", img, Options{})
			if !hasProblem(inv, ProblemUnreadable, "x") {
				t.Errorf("not reported:\n%s", dumpProblems(inv))
			}
		})
	}
}

func TestSPDXFileEntries(t *testing.T) {
	img := tarBytes(t, []tfile{{"usr/bin/openssl", libssl}, {"usr/bin/other", busybox}})
	doc := parseSPDX(t, `{"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"cu","documentNamespace":"https://acme.example/spdx/cu",
"creationInfo":{"created":"2024-01-01T00:00:00Z","creators":["Tool: test"]},
"packages":[{"SPDXID":"SPDXRef-fw","name":"cu","downloadLocation":"NOASSERTION","checksums":[{"algorithm":"SHA256","checksumValue":"`+sha(img)+`"}]}],
"files":[{"SPDXID":"SPDXRef-openssl","fileName":"./usr/bin/openssl","checksums":[{"algorithm":"SHA1","checksumValue":"0000000000000000000000000000000000000000"}]}],
"relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-fw"},{"spdxElementId":"SPDXRef-fw","relationshipType":"CONTAINS","relatedSpdxElement":"SPDXRef-openssl"}]}`)
	inv := audit(t, "cu.tar", img, Options{Hashes: HashAlgorithms(doc)})
	rec := Reconcile(inv, doc)
	got := map[string][]Via{}
	for _, fa := range rec.Files {
		for _, m := range fa.Matches {
			got[fa.Path] = append(got[fa.Path], m.Via)
		}
	}
	if !slices.Contains(got["cu.tar!/usr/bin/openssl"], ViaFileComponent) {
		t.Errorf("SPDX file entry not matched by name: %v", got)
	}
	if len(rec.MissingContent) != 1 || rec.MissingContent[0].Component.Ref != "SPDXRef-openssl" {
		t.Errorf("the SHA-1 of the SPDX file entry matches nothing: %+v", rec.MissingContent)
	}
	if !slices.Contains(HashAlgorithms(doc), "SHA-1") {
		t.Errorf("HashAlgorithms %v", HashAlgorithms(doc))
	}
}
