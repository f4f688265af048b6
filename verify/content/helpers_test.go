package content

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"github.com/pierrec/lz4/v4"
	"github.com/ulikunitz/xz/lzma"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/fwprov/fwprov/sbom"
)

// Test images are built here: Go writers for tar, zip, cpio, gzip and ELF;
// the Debian tools (dtc from device-tree-compiler, mksquashfs from
// squashfs-tools, mkimage from u-boot-tools, mkfs.ext4 from e2fsprogs) for
// device trees, SquashFS, FIT images and ext4. A test that needs a missing
// tool skips, naming the package.

var toolPackage = map[string]string{
	"dtc":        "device-tree-compiler",
	"mksquashfs": "squashfs-tools",
	"mkimage":    "u-boot-tools",
	"mkfs.ext4":  "e2fsprogs",
}

func needTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed (Debian package %s)", name, toolPackage[name])
	}
}

func run(t testing.TB, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// dtb compiles testdata/content/NAME.dts.
func dtb(t testing.TB, name string) []byte {
	t.Helper()
	needTool(t, "dtc")
	out := filepath.Join(t.TempDir(), name+".dtb")
	run(t, "dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out, filepath.Join("..", "..", "testdata", "content", name+".dts"))
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const (
	emAArch64 = 183
	etRel     = 1
	etExec    = 2
	etDyn     = 3
)

// elfFile writes a minimal little-endian ELF64 file with the given
// sections (in order) and a section-name table.
func elfFile(typ uint16, sections [][2]string) []byte {
	var shstr bytes.Buffer
	shstr.WriteByte(0)
	type sec struct {
		name uint32
		off  uint64
		size uint64
		typ  uint32
	}
	var body bytes.Buffer
	body.Write(make([]byte, 64))
	var secs []sec
	for _, s := range sections {
		name := uint32(shstr.Len())
		shstr.WriteString(s[0])
		shstr.WriteByte(0)
		off := uint64(body.Len())
		body.WriteString(s[1])
		secs = append(secs, sec{name: name, off: off, size: uint64(len(s[1])), typ: 1})
	}
	shName := uint32(shstr.Len())
	shstr.WriteString(".shstrtab")
	shstr.WriteByte(0)
	shOff := uint64(body.Len())
	body.Write(shstr.Bytes())
	secs = append(secs, sec{name: shName, off: shOff, size: uint64(shstr.Len()), typ: 3})
	for body.Len()%8 != 0 {
		body.WriteByte(0)
	}
	shtab := uint64(body.Len())
	le := binary.LittleEndian
	body.Write(make([]byte, 64)) // SHN_UNDEF
	for _, s := range secs {
		var h [64]byte
		le.PutUint32(h[0:], s.name)
		le.PutUint32(h[4:], s.typ)
		le.PutUint64(h[24:], s.off)
		le.PutUint64(h[32:], s.size)
		le.PutUint64(h[48:], 1)
		body.Write(h[:])
	}
	b := body.Bytes()
	copy(b, []byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0})
	le.PutUint16(b[16:], typ)
	le.PutUint16(b[18:], emAArch64)
	le.PutUint32(b[20:], 1)
	le.PutUint64(b[40:], shtab)
	le.PutUint16(b[52:], 64)
	le.PutUint16(b[58:], 64)
	le.PutUint16(b[60:], uint16(len(secs)+1))
	le.PutUint16(b[62:], uint16(len(secs)))
	return b
}

// koFile writes a kernel module: an ELF relocatable whose .modinfo holds
// the given key=value strings.
func koFile(modinfo ...string) []byte {
	return elfFile(etRel, [][2]string{{".text", "\x1f\x20\x03\xd5\xc0\x03\x5f\xd6"}, {".modinfo", strings.Join(modinfo, "\x00") + "\x00"}})
}

// program writes an executable whose .rodata carries the given strings.
func program(typ uint16, rodata ...string) []byte {
	return elfFile(typ, [][2]string{{".text", "\xc0\x03\x5f\xd6"}, {".rodata", strings.Join(rodata, "\x00") + "\x00"}})
}

type tfile struct {
	name string
	data []byte
}

func tarBytes(t testing.TB, files []tfile) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range files {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o755, Size: int64(len(f.data)), Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
			t.Fatal(err)
		}
		tw.Write(f.data)
	}
	tw.Close()
	return buf.Bytes()
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func zipBytes(t testing.TB, files []tfile, store bool) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		m := zip.Deflate
		if store {
			m = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: m})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.data)
	}
	zw.Close()
	return buf.Bytes()
}

// cpioNewc writes a newc ("070701") archive; odc writes "070707".
func cpioBytes(files []tfile, odc bool) []byte {
	var buf bytes.Buffer
	pad := func() {
		for !odc && buf.Len()%4 != 0 {
			buf.WriteByte(0)
		}
	}
	write := func(ino int, name string, mode int, data []byte) {
		if odc {
			fmt.Fprintf(&buf, "070707%06o%06o%06o%06o%06o%06o%06o%011o%06o%011o", 0, ino, mode, 0, 0, 1, 0, 0, len(name)+1, len(data))
		} else {
			fmt.Fprintf(&buf, "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x", ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name)+1, 0)
		}
		buf.WriteString(name)
		buf.WriteByte(0)
		pad()
		buf.Write(data)
		pad()
	}
	for i, f := range files {
		write(i+1, f.name, 0o100755, f.data)
	}
	write(0, "TRAILER!!!", 0, nil)
	return buf.Bytes()
}

// squashfs builds a SquashFS image of files with mksquashfs.
func squashfs(t testing.TB, files []tfile, comp string) []byte {
	t.Helper()
	needTool(t, "mksquashfs")
	dir := t.TempDir()
	root := filepath.Join(dir, "root")
	writeTree(t, root, files)
	out := filepath.Join(dir, "fs.img")
	run(t, "mksquashfs", root, out, "-comp", comp, "-noappend", "-quiet", "-all-root", "-mkfs-time", "0", "-all-time", "0")
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeTree(t testing.TB, root string, files []tfile) {
	t.Helper()
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

// ext4 builds an ext4 image of files with mkfs.ext4 -d.
func ext4(t testing.TB, files []tfile, sizeMB int, extra ...string) []byte {
	t.Helper()
	needTool(t, "mkfs.ext4")
	dir := t.TempDir()
	root := filepath.Join(dir, "root")
	writeTree(t, root, files)
	out := filepath.Join(dir, "fs.img")
	args := append([]string{"-q", "-F", "-d", root}, extra...)
	args = append(args, out, fmt.Sprintf("%dM", sizeMB))
	run(t, "mkfs.ext4", args...)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fitImage builds a FIT image with mkimage from named images (kernel,
// fdt, ramdisk...), each {node name, type, data}.
func fitImage(t testing.TB, images [][3]string, external bool) []byte {
	t.Helper()
	needTool(t, "mkimage")
	needTool(t, "dtc")
	dir := t.TempDir()
	var its strings.Builder
	its.WriteString("/dts-v1/;\n/ {\n\tdescription = \"Acme RAN DU-2 firmware 4.2.0\";\n\t#address-cells = <1>;\n\timages {\n")
	for i, img := range images {
		file := filepath.Join(dir, fmt.Sprintf("part%d.bin", i))
		if err := os.WriteFile(file, []byte(img[2]), 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&its, "\t\t%s {\n\t\t\tdescription = \"%s\";\n\t\t\tdata = /incbin/(\"%s\");\n\t\t\ttype = \"%s\";\n\t\t\tarch = \"arm64\";\n\t\t\tos = \"linux\";\n\t\t\tcompression = \"none\";\n\t\t\tload = <0x80000>;\n\t\t\tentry = <0x80000>;\n\t\t\thash-1 { algo = \"sha256\"; };\n\t\t};\n", img[0], img[0], file, img[1])
	}
	its.WriteString("\t};\n\tconfigurations {\n\t\tdefault = \"conf-1\";\n\t\tconf-1 { kernel = \"" + images[0][0] + "\"; };\n\t};\n};\n")
	itsPath := filepath.Join(dir, "fw.its")
	if err := os.WriteFile(itsPath, []byte(its.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "fw.itb")
	args := []string{"-f", itsPath}
	if external {
		args = append(args, "-E")
	}
	run(t, "mkimage", append(args, out)...)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// uImage builds a legacy uImage with mkimage.
func uImage(t testing.TB, data []byte, comp string) []byte {
	t.Helper()
	needTool(t, "mkimage")
	dir := t.TempDir()
	in := filepath.Join(dir, "data")
	os.WriteFile(in, data, 0o644)
	out := filepath.Join(dir, "uImage")
	run(t, "mkimage", "-A", "arm64", "-O", "linux", "-T", "kernel", "-C", comp, "-a", "0x80000", "-e", "0x80000", "-n", "Linux-6.1.0-acme", "-d", in, out)
	b, _ := os.ReadFile(out)
	return b
}

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func audit(t testing.TB, name string, img []byte, opts Options) *Inventory {
	t.Helper()
	opts.Name = name
	inv, err := Audit(context.Background(), bytes.NewReader(img), int64(len(img)), opts)
	if err != nil {
		t.Fatalf("Audit: %v", err)
	}
	return inv
}

// comp is a component of a test SBOM.
type comp struct {
	ref, name, version, purl, supplier, typ string
	hashes                                  []string // sha256 hex
	filename                                string
	occurrences                             []string
}

// cdxSBOM writes a CycloneDX 1.6 JSON SBOM for a firmware image and parses it.
func cdxSBOM(t testing.TB, rootHash string, comps []comp) *sbom.Document {
	t.Helper()
	conv := func(c comp) map[string]any {
		m := map[string]any{"bom-ref": c.ref, "type": c.typ, "name": c.name}
		if c.typ == "" {
			m["type"] = "library"
		}
		if c.version != "" {
			m["version"] = c.version
		}
		if c.purl != "" {
			m["purl"] = c.purl
		}
		if c.supplier != "" {
			m["supplier"] = map[string]any{"name": c.supplier}
		}
		var hs []map[string]string
		for _, h := range c.hashes {
			hs = append(hs, map[string]string{"alg": "SHA-256", "content": h})
		}
		if hs != nil {
			m["hashes"] = hs
		}
		if c.filename != "" {
			m["properties"] = []map[string]string{{"name": "bsi:component:filename", "value": c.filename}}
		}
		if c.occurrences != nil {
			var occ []map[string]string
			for _, o := range c.occurrences {
				occ = append(occ, map[string]string{"location": o})
			}
			m["evidence"] = map[string]any{"occurrences": occ}
		}
		return m
	}
	var list []map[string]any
	for _, c := range comps {
		list = append(list, conv(c))
	}
	doc := map[string]any{
		"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
		"metadata": map[string]any{"component": map[string]any{"bom-ref": "fw", "type": "firmware", "name": "acme-du-firmware", "version": "4.2.0",
			"supplier": map[string]any{"name": "Acme Networks AB"}, "hashes": []map[string]string{{"alg": "SHA-256", "content": rootHash}}}},
		"components": list,
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	d, err := sbom.Parse(context.Background(), "test.cdx.json", data, sbom.Options{})
	if err != nil {
		t.Fatalf("sbom.Parse: %v", err)
	}
	return d
}

func paths(inv *Inventory) []string {
	var out []string
	for _, f := range inv.Files {
		out = append(out, f.Path)
	}
	sort.Strings(out)
	return out
}

func fileByPath(t testing.TB, inv *Inventory, p string) File {
	t.Helper()
	for _, f := range inv.Files {
		if f.Path == p {
			return f
		}
	}
	t.Fatalf("no file %s; have:\n%s", p, strings.Join(paths(inv), "\n"))
	return File{}
}

func hasProblem(inv *Inventory, kind ProblemKind, pathPart string) bool {
	for _, p := range inv.Problems {
		if p.Kind == kind && strings.Contains(p.Path, pathPart) {
			return true
		}
	}
	return false
}

func dumpProblems(inv *Inventory) string {
	var b strings.Builder
	for _, p := range inv.Problems {
		fmt.Fprintf(&b, "%s %s %s: %s\n", p.Kind, p.Limit, p.Path, p.Detail)
	}
	return b.String()
}

func parseSPDX(t testing.TB, data string) *sbom.Document {
	t.Helper()
	d, err := sbom.Parse(context.Background(), "test.spdx.json", []byte(data), sbom.Options{})
	if err != nil {
		t.Fatalf("sbom.Parse: %v", err)
	}
	return d
}

func zlibBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func lz4Block(t testing.TB, b []byte) []byte {
	dst := make([]byte, lz4.CompressBlockBound(len(b)))
	n, err := lz4.CompressBlock(b, dst, nil)
	if err != nil || n == 0 {
		t.Fatalf("lz4: %v", err)
	}
	return dst[:n]
}

// lzmaBytes writes the classic .lzma format U-Boot's lzma compression uses.
func lzmaBytes(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	w, err := lzma.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// arBytes writes an ar archive (the .deb container).
func arBytes(files []tfile) []byte {
	var buf bytes.Buffer
	buf.WriteString("!<arch>\n")
	for _, f := range files {
		fmt.Fprintf(&buf, "%-16s%-12d%-6d%-6d%-8o%-10d`\n", f.name+"/", 0, 0, 0, 0o644, len(f.data))
		buf.Write(f.data)
		if len(f.data)%2 == 1 {
			buf.WriteByte('\n')
		}
	}
	return buf.Bytes()
}
