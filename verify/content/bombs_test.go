package content

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Bombs of every shape must be refused with little work (BytesRead is the
// measure here; time is measured in benchmarks), named in the result as a
// limit or bomb problem.

const bombBudget = 300 << 20 // what a refused bomb may cost, in bytes read

var zeros64M = make([]byte, bombChunk)

func gzipZeros(t testing.TB) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(zeros64M)
	zw.Close()
	return buf.Bytes()
}

func repeat(b []byte, n int) []byte { return bytes.Repeat(b, n) }

// zipOverlap builds a zip whose central directory lists n entries that all
// point at the same local file (the overlapping-entries bomb).
func zipOverlap(t testing.TB, n int) []byte {
	one := zipBytes(t, []tfile{{"a000", bytes.Repeat([]byte("A"), 1<<20)}}, false)
	cd := bytes.Index(one, []byte("PK\x01\x02"))
	eocd := bytes.LastIndex(one, []byte("PK\x05\x06"))
	entry := one[cd:eocd]
	var out bytes.Buffer
	out.Write(one[:cd])
	for i := 0; i < n; i++ {
		e := bytes.Clone(entry)
		copy(e[46:], fmt.Sprintf("a%03d", i%1000))
		out.Write(e)
	}
	end := bytes.Clone(one[eocd:])
	binary.LittleEndian.PutUint16(end[8:], uint16(n))
	binary.LittleEndian.PutUint16(end[10:], uint16(n))
	binary.LittleEndian.PutUint32(end[12:], uint32(n*len(entry)))
	binary.LittleEndian.PutUint32(end[16:], uint32(cd))
	out.Write(end)
	return out.Bytes()
}

// nestedGzip wraps a payload in layers of gzip, each a stored deflate
// block (cheap to build a thousand of).
func nestedGzip(layers int) []byte {
	b := []byte("the innermost layer")
	for i := 0; i < layers; i++ {
		b = storedGzip(b)
	}
	return b
}

func storedGzip(b []byte) []byte {
	out := []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}
	rest := b
	for {
		n := min(len(rest), 65535)
		final := byte(0)
		if n == len(rest) {
			final = 1
		}
		out = append(out, final, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		out = append(out, rest[:n]...)
		rest = rest[n:]
		if final == 1 {
			break
		}
	}
	out = binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(b))
	return binary.LittleEndian.AppendUint32(out, uint32(len(b)))
}

func toolBytes(t testing.TB, tool string, in []byte, args ...string) []byte {
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("%s not installed", tool)
	}
	cmd := exec.Command(tool, args...)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// extPatch builds an ext4 image and lets patch change inode 12 (the first
// file mkfs.ext4 -d creates) or any other bytes.
func extPatch(t testing.TB, files []tfile, patch func(img []byte, inode12 int64, fs *extFS)) []byte {
	img := ext4(t, files, 8)
	st := &state{Auditor: &Auditor{limits: DefaultLimits()}}
	fs, err := openExt(st, bytesBlob(img))
	if err != nil {
		t.Fatal(err)
	}
	off, err := fs.inodeOffset(12)
	if err != nil {
		t.Fatal(err)
	}
	patch(img, off, fs)
	return img
}

func putExtentHeader(b []byte, entries, depth uint16) {
	le := binary.LittleEndian
	le.PutUint16(b, 0xf30a)
	le.PutUint16(b[2:], entries)
	le.PutUint16(b[4:], 4)
	le.PutUint16(b[6:], depth)
}

func TestBombsAreRefused(t *testing.T) {
	small := Limits{MaxEntrySize: 16 << 20}
	cases := []struct {
		name   string
		build  func(t *testing.T) []byte
		limits Limits
		kind   ProblemKind
	}{
		{"gzip-1GiB-of-zeros", func(t *testing.T) []byte { return repeat(gzipZeros(t), 16) }, Limits{}, ProblemLimit},
		{"zstd-1GiB-of-zeros", func(t *testing.T) []byte { return repeat(zstdBytes(t, zeros64M), 16) }, Limits{}, ProblemLimit},
		{"xz-1GiB-of-zeros", func(t *testing.T) []byte { return repeat(toolBytes(t, "xz", zeros64M, "-c"), 16) }, Limits{}, ProblemLimit},
		{"bzip2-1GiB-of-zeros", func(t *testing.T) []byte { return repeat(toolBytes(t, "bzip2", zeros64M, "-c"), 16) }, Limits{}, ProblemLimit},
		{"tar.gz-of-zeros", func(t *testing.T) []byte {
			return gzipBytes(tarBytes(t, []tfile{{"a", zeros64M}, {"b", zeros64M}, {"c", zeros64M}}))
		}, Limits{}, ProblemLimit},
		{"thousand-nested-gzip", func(t *testing.T) []byte { return nestedGzip(1000) }, Limits{}, ProblemLimit},
		{"zip-overlapping-entries", func(t *testing.T) []byte { return zipOverlap(t, 1000) }, Limits{}, ProblemBomb},
		{"xz-huge-dictionary", func(t *testing.T) []byte {
			b := toolBytes(t, "xz", []byte("x"), "-c", "--lzma2=dict=1536MiB")
			return b
		}, Limits{}, ProblemLimit},
		{"tar-huge-declared-size", func(t *testing.T) []byte {
			b := tarBytes(t, []tfile{{"big", []byte("small")}})
			// size field: 11 octal digits of 077777777777 (8 GiB - 1)
			copy(b[124:136], "77777777777\x00")
			sum := 0
			copy(b[148:156], "        ")
			for _, c := range b[:512] {
				sum += int(c)
			}
			copy(b[148:156], fmt.Sprintf("%06o\x00 ", sum))
			return b
		}, Limits{}, ProblemLimit},
		{"squashfs-sparse-file", func(t *testing.T) []byte {
			needTool(t, "mksquashfs")
			dir := t.TempDir()
			root := filepath.Join(dir, "root")
			os.MkdirAll(root, 0o755)
			f, _ := os.Create(filepath.Join(root, "sparse"))
			f.Truncate(64 << 20)
			f.Close()
			out := filepath.Join(dir, "fs.img")
			run(t, "mksquashfs", root, out, "-noappend", "-quiet")
			b, _ := os.ReadFile(out)
			return b
		}, small, ProblemLimit},
		{"ext4-sparse-file", func(t *testing.T) []byte {
			needTool(t, "mkfs.ext4")
			dir := t.TempDir()
			root := filepath.Join(dir, "root")
			os.MkdirAll(root, 0o755)
			f, _ := os.Create(filepath.Join(root, "sparse"))
			f.Truncate(4 << 30)
			f.Close()
			out := filepath.Join(dir, "fs.img")
			run(t, "mkfs.ext4", "-q", "-F", "-d", root, out, "8M")
			b, _ := os.ReadFile(out)
			return b
		}, Limits{}, ProblemLimit},
		{"ext4-looping-extent-tree", func(t *testing.T) []byte {
			return extPatch(t, []tfile{{"file", bytes.Repeat([]byte("x"), 40000)}}, func(img []byte, ino int64, fs *extFS) {
				blk := fs.blocks - 2 // an unused block near the end
				iblock := img[ino+0x28:]
				putExtentHeader(iblock, 1, 1)
				binary.LittleEndian.PutUint32(iblock[12:], 0)
				binary.LittleEndian.PutUint32(iblock[16:], uint32(blk))
				binary.LittleEndian.PutUint32(iblock[20:], 0)
				node := img[blk*fs.blockSize:]
				putExtentHeader(node, 1, 1)
				binary.LittleEndian.PutUint32(node[12:], 0)
				binary.LittleEndian.PutUint32(node[16:], uint32(blk)) // points at itself
				binary.LittleEndian.PutUint32(node[20:], 0)
			})
		}, Limits{}, ProblemBomb},
		{"ext4-overlapping-extents", func(t *testing.T) []byte {
			return extPatch(t, []tfile{{"file", bytes.Repeat([]byte("x"), 40000)}}, func(img []byte, ino int64, fs *extFS) {
				iblock := img[ino+0x28:]
				phys := binary.LittleEndian.Uint32(iblock[12+8:])
				putExtentHeader(iblock, 2, 0)
				for i, logical := range []uint32{0, 2} {
					e := iblock[12+12*i:]
					binary.LittleEndian.PutUint32(e, logical)
					binary.LittleEndian.PutUint16(e[4:], 8)
					binary.LittleEndian.PutUint16(e[6:], 0)
					binary.LittleEndian.PutUint32(e[8:], phys)
				}
			})
		}, Limits{}, ProblemBomb},
		{"ext4-directory-loop", func(t *testing.T) []byte {
			return extPatch(t, []tfile{{"loopdir/x", []byte("x")}}, func(img []byte, _ int64, _ *extFS) {
				i := bytes.Index(img, []byte("loopdir"))
				binary.LittleEndian.PutUint32(img[i-8:], 2) // the entry now names the root
			})
		}, Limits{}, ProblemBomb},
		{"deep-device-tree", func(t *testing.T) []byte {
			needTool(t, "dtc")
			var dts strings.Builder
			dts.WriteString("/dts-v1/;\n/ {\n")
			for i := 0; i < 100; i++ {
				fmt.Fprintf(&dts, "n%d {\n", i)
			}
			dts.WriteString(strings.Repeat("};\n", 100) + "};\n")
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "deep.dts"), []byte(dts.String()), 0o644)
			run(t, "dtc", "-q", "-I", "dts", "-O", "dtb", "-o", filepath.Join(dir, "deep.dtb"), filepath.Join(dir, "deep.dts"))
			b, _ := os.ReadFile(filepath.Join(dir, "deep.dtb"))
			return b
		}, Limits{}, ProblemBomb},
		{"many-small-bombs-in-a-tar", func(t *testing.T) []byte {
			g := gzipZeros(t)
			var files []tfile
			for i := 0; i < 40; i++ {
				files = append(files, tfile{fmt.Sprintf("layer%02d.gz", i), g})
			}
			return tarBytes(t, files)
		}, Limits{}, ProblemLimit},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			img := tc.build(t)
			lim := tc.limits
			if lim.RatioFloor == 0 {
				lim.RatioFloor = bombRatioFloor
			}
			inv := audit(t, "bomb", img, Options{Limits: lim})
			if !hasProblem(inv, tc.kind, "bomb") {
				t.Fatalf("not refused as %s; problems:\n%s", tc.kind, dumpProblems(inv))
			}
			if inv.BytesRead > bombBudget+int64(len(img)) {
				t.Errorf("read %d bytes before refusing a %d-byte bomb", inv.BytesRead, len(img))
			}
		})
	}
}

// TestDecompressorsAreBounded: a SquashFS block may not expand beyond its
// block size, whatever the compressor says.
func TestDecompressorsAreBounded(t *testing.T) {
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, 9)
	zw.Close()
	big := bytes.Repeat([]byte{0}, 1<<20)
	for name, fs := range map[string]*squashFS{
		"zlib": {comp: 1},
		"xz":   {comp: 4},
		"zstd": {comp: 6},
		"lz4":  {comp: 5},
	} {
		t.Run(name, func(t *testing.T) {
			var src []byte
			switch name {
			case "zlib":
				src = zlibBytes(big)
			case "xz":
				src = xzBytes(t, big)
			case "zstd":
				src = zstdBytes(t, big)
				d, _ := newZstdBlockDecoder(4096)
				fs.zstdD = d
			case "lz4":
				src = lz4Block(t, big)
			}
			if _, err := fs.decompress(src, 4096); err == nil {
				t.Fatal("a 1 MiB block accepted where 4 KiB fit")
			}
		})
	}
}
