package content

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"

	"github.com/klauspost/compress/zstd"
	"github.com/pierrec/lz4/v4"
	"sort"
	"strconv"
)

// The carver finds known formats at offsets inside data that no format
// claims, as binwalk does: a flash dump (a uImage kernel, padding, a
// squashfs), a kernel Image with a built-in initramfs. Each candidate's
// header is validated (checksums, sane sizes, a decodable start) before it
// counts, so random bytes that happen to match a magic are not reported.
// A region runs to its own end where the format states one, else to the
// next region found.

const (
	carveWindow      = 4 << 20
	carveMaxRegions  = 4096
	carveMaxAttempts = 65536
)

type carveSig struct {
	magic []byte
	back  int64 // the magic's position from the start of the format
}

var carveSigs = []carveSig{
	{[]byte{0x1f, 0x8b, 0x08}, 0},
	{[]byte{0xfd, '7', 'z', 'X', 'Z', 0}, 0},
	{[]byte{0x28, 0xb5, 0x2f, 0xfd}, 0},
	{[]byte("BZh"), 0},
	{[]byte{0x04, 0x22, 0x4d, 0x18}, 0},
	{[]byte("hsqs"), 0},
	{[]byte("0707"), 0},
	{[]byte("ustar"), 257},
	{[]byte("PK\x03\x04"), 0},
	{[]byte{0x27, 0x05, 0x19, 0x56}, 0},
	{[]byte{0xd0, 0x0d, 0xfe, 0xed}, 0},
	{[]byte{0x53, 0xef}, 0x438},
	{[]byte("UBI#"), 0},
	{[]byte("-rom1fs-"), 0},
	{[]byte("7z\xbc\xaf\x27\x1c"), 0},
	{[]byte("\x89LZO\x00"), 0},
	{[]byte{0x45, 0x3d, 0xcd, 0x28}, 0},
	{[]byte{0x31, 0x18, 0x10, 0x06}, 0},
}

type region struct {
	start, end int64 // end -1: to the next region
}

// carve scans a data blob for embedded formats and visits each region.
func (s *state) carve(n *node, b blob, head []byte) {
	if b.size < 64 {
		return
	}
	// Scan what is already in memory rather than read (and decompress)
	// the content again; regions are still cut from b.
	scan := b
	if int64(len(head)) == b.size && b.data == nil {
		scan = blob{r: bytes.NewReader(head), size: b.size, data: head}
	}
	var regions []region
	attempts := 0
	known := int64(0) // end of the last region of known length
	seen := map[int64]bool{}
	var hdrBuf []byte
	for wstart := int64(0); wstart < b.size; wstart += carveWindow {
		if !s.alive() {
			return
		}
		wlen := min(int64(carveWindow+16), b.size-wstart)
		var win []byte
		if scan.data != nil {
			win = scan.data[wstart : wstart+wlen]
		} else {
			var err error
			if win, err = scan.readAt(wstart, int(wlen)); err != nil {
				s.problem(ProblemUnreadable, n.path, "", "reading for embedded formats at %d: %v", wstart, err)
				return
			}
		}
		type cand struct {
			start int64
			sig   int
		}
		var cands []cand
		for si, sig := range carveSigs {
			for off := 0; ; {
				i := bytes.Index(win[off:], sig.magic)
				if i < 0 {
					break
				}
				pos := wstart + int64(off+i)
				off += i + 1
				if pos >= wstart+carveWindow {
					break // the overlap belongs to the next window
				}
				start := pos - sig.back
				if start <= 0 || seen[start] {
					continue
				}
				cands = append(cands, cand{start, si})
			}
		}
		sort.Slice(cands, func(i, j int) bool { return cands[i].start < cands[j].start })
		for _, c := range cands {
			if c.start < known || seen[c.start] {
				continue
			}
			if attempts++; attempts > carveMaxAttempts {
				s.problem(ProblemLimit, n.path, LimitEntries, "more than %d candidate signatures; the rest of this file was not searched", carveMaxAttempts)
				goto visit
			}
			hn := int(min(8192, b.size-c.start))
			if scan.data != nil {
				hdrBuf = scan.data[c.start : c.start+int64(hn)]
			} else {
				var err error
				if hdrBuf, err = scan.readAt(c.start, hn); err != nil {
					continue
				}
			}
			length, ok := s.validateCarve(scan, c.start, hdrBuf)
			if !ok {
				continue
			}
			seen[c.start] = true
			r := region{start: c.start, end: -1}
			if length > 0 {
				r.end = c.start + length
				known = r.end
			}
			regions = append(regions, r)
			if len(regions) >= carveMaxRegions {
				s.problem(ProblemLimit, n.path, LimitEntries, "more than %d embedded regions; the rest of this file was not searched", carveMaxRegions)
				goto visit
			}
		}
	}
visit:
	if len(regions) == 0 {
		return
	}
	s.inv.Files[n.index].Format = FormatCarved
	for i, r := range regions {
		end := r.end
		if end < 0 {
			end = b.size
			if i+1 < len(regions) {
				end = regions[i+1].start
			}
		}
		if !s.child(n, fmt.Sprintf("/@0x%x", r.start), b.section(r.start, end-r.start), r.start) {
			return
		}
	}
}

// validateCarve checks a candidate at start and returns the region's
// length when the format states it (0 when it does not).
func (s *state) validateCarve(b blob, start int64, h []byte) (int64, bool) {
	rest := b.size - start
	le, be := binary.LittleEndian, binary.BigEndian
	switch {
	case isSquashFS(h):
		used := int64(le.Uint64(h[40:]))
		return used, used >= 96 && used <= rest
	case isUImage(h):
		size := int64(be.Uint32(h[12:])) + 64
		return size, size <= rest
	case isFDT(h):
		total := int64(be.Uint32(h[4:]))
		if total > rest {
			return 0, false
		}
		_, err := parseFDT(b.section(start, total))
		return total, err == nil
	case isExt(h):
		sb := h[1024:]
		bs := int64(1024) << le.Uint32(sb[24:])
		blocks := int64(le.Uint32(sb[4:]))
		return blocks * bs, blocks*bs <= rest && blocks > 0
	case len(h) >= 3 && h[0] == 0x1f && h[1] == 0x8b && h[2] == 8:
		// Reserved flag bits clear, XFL 0/2/4, a known OS byte, and the
		// first KiB must inflate.
		if len(h) < 18 || h[3]&0xe0 != 0 || h[8] != 0 && h[8] != 2 && h[8] != 4 || h[9] > 13 && h[9] != 255 {
			return 0, false
		}
		zr, err := gzip.NewReader(bytes.NewReader(h))
		if err != nil {
			return 0, false
		}
		m, err := io.ReadFull(zr, make([]byte, 1024))
		return 0, m > 0 && (err == nil || err == io.ErrUnexpectedEOF || err == io.EOF)
	case bytes.HasPrefix(h, []byte{0xfd, '7', 'z', 'X', 'Z', 0}):
		// Stream flags and their CRC32.
		return 0, len(h) >= 12 && h[6] == 0 && h[7] <= 0x0f && crc32.ChecksumIEEE(h[6:8]) == le.Uint32(h[8:])
	case bytes.HasPrefix(h, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		// The first block must decode.
		zr, err := zstd.NewReader(io.LimitReader(io.NewSectionReader(b.r, start, rest), 256<<10), zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(maxDict))
		if err != nil {
			return 0, false
		}
		defer zr.Close()
		m, _ := io.ReadFull(zr, make([]byte, 1))
		return 0, m == 1
	case isBzip2(h):
		return 0, true
	case bytes.HasPrefix(h, []byte{0x04, 0x22, 0x4d, 0x18}):
		zr := lz4.NewReader(io.LimitReader(io.NewSectionReader(b.r, start, rest), 8<<20))
		m, _ := io.ReadFull(zr, make([]byte, 1))
		return 0, m == 1
	case isCPIO(h):
		l := cpioLength(b.section(start, rest))
		return l, l > 0
	case isTar(h):
		l := tarLength(b.section(start, rest))
		return l, l > 0
	case bytes.HasPrefix(h, []byte("PK\x03\x04")):
		l := zipLength(b.section(start, rest), h)
		return l, l > 0
	case unsupported(h) != "":
		return 0, unsupportedHeaderOK(h, rest)
	}
	return 0, false
}

// unsupportedHeaderOK checks more than the magic of a format that is
// reported rather than read, so that a magic constant in code (a kernel
// carries every decompressor's) is not reported as content.
func unsupportedHeaderOK(h []byte, rest int64) bool {
	le, be := binary.LittleEndian, binary.BigEndian
	switch {
	case bytes.HasPrefix(h, []byte("UBI#")):
		// The erase-counter header's CRC (Linux crc32_le seeded with
		// 0xffffffff, not inverted: the complement of the IEEE checksum).
		return len(h) >= 64 && h[4] == 1 && ^crc32.ChecksumIEEE(h[:60]) == be.Uint32(h[60:])
	case bytes.HasPrefix(h, []byte("-rom1fs-")):
		return len(h) >= 16 && int64(be.Uint32(h[8:])) <= rest && be.Uint32(h[8:]) >= 32
	case bytes.HasPrefix(h, []byte("\x89LZO\x00\r\n\x1a\n")):
		if len(h) < 17 {
			return false
		}
		v := be.Uint16(h[9:])
		method := h[13] // after the version-needed field from 0x0940 on
		if v >= 0x0940 {
			method = h[15]
		}
		return v >= 0x0900 && v < 0x2000 && method >= 1 && method <= 3
	case bytes.HasPrefix(h, []byte("7z\xbc\xaf\x27\x1c")):
		return len(h) >= 32 && h[6] == 0 && h[7] >= 2 && h[7] <= 4 && crc32.ChecksumIEEE(h[12:32]) == le.Uint32(h[8:])
	case len(h) >= 4 && (le.Uint32(h) == 0x28cd3d45 || be.Uint32(h) == 0x28cd3d45):
		return len(h) >= 32 && string(h[16:32]) == "Compressed ROMFS"
	case len(h) >= 4 && le.Uint32(h) == 0x06101831:
		// The common node header: its CRC covers bytes 8..len.
		if len(h) < 24 {
			return false
		}
		l := int(le.Uint32(h[16:]))
		return h[20] <= 12 && l >= 24 && l <= len(h) && ^crc32.ChecksumIEEE(h[8:l]) == le.Uint32(h[4:])
	}
	return false
}

// cpioLength walks cpio headers to the last trailer and returns the
// archive's length, 0 when the headers do not hold.
func cpioLength(b blob) int64 {
	pos := int64(0)
	end := int64(0)
	for i := 0; i < 1<<20; i++ {
		h, err := b.readAt(pos, int(min(110, b.size-pos)))
		if err != nil || !isCPIO(append(h, make([]byte, 110)...)[:max(len(h), 76)]) {
			return end
		}
		var size, nameSize, hdrLen, align int64
		if string(h[:6]) == "070707" {
			ns, e1 := strconv.ParseInt(string(h[59:65]), 8, 64)
			fs, e2 := strconv.ParseInt(string(h[65:76]), 8, 64)
			if e1 != nil || e2 != nil {
				return end
			}
			size, nameSize, hdrLen, align = fs, ns, 76, 1
		} else {
			if len(h) < 110 {
				return end
			}
			fs, e1 := strconv.ParseUint(string(h[54:62]), 16, 32)
			ns, e2 := strconv.ParseUint(string(h[94:102]), 16, 32)
			if e1 != nil || e2 != nil {
				return end
			}
			size, nameSize, hdrLen, align = int64(fs), int64(ns), 110, 4
		}
		if nameSize < 1 || nameSize > 4096 {
			return end
		}
		name, err := b.readAt(pos+hdrLen, int(min(nameSize, b.size-pos-hdrLen)))
		if err != nil {
			return end
		}
		dataOff := alignUp(pos+hdrLen+nameSize, align)
		next := alignUp(dataOff+size, align)
		if next > b.size {
			return end
		}
		pos = next
		if bytes.HasPrefix(name, []byte("TRAILER!!!")) {
			end = pos
			// Another archive may follow (after zero padding to 4 bytes).
			for pos < b.size {
				z, err := b.readAt(pos, int(min(512, b.size-pos)))
				if err != nil {
					return end
				}
				k := 0
				for k < len(z) && z[k] == 0 {
					k++
				}
				pos += int64(k)
				if k < len(z) {
					break
				}
			}
			pos &^= 3
			if m, err := b.readAt(pos, int(min(6, b.size-pos))); err != nil || len(m) < 6 || !bytes.HasPrefix(m, []byte("07070")) {
				return end
			}
		}
	}
	return end
}

// tarLength walks tar headers to the end-of-archive marker.
func tarLength(b blob) int64 {
	cr := &byteCounter{b: b}
	tr := tar.NewReader(cr)
	for i := 0; i < 1<<20; i++ {
		_, err := tr.Next()
		if err == io.EOF {
			return min(alignUp(cr.pos, 512), b.size)
		}
		if err != nil {
			return 0
		}
	}
	return 0
}

// zipLength checks a local file header and finds the end-of-central-
// directory record after it (within 256 MiB): the archive's length, or 0.
func zipLength(b blob, h []byte) int64 {
	le := binary.LittleEndian
	if len(h) < 30 {
		return 0
	}
	method := le.Uint16(h[8:])
	nameLen := int(le.Uint16(h[26:]))
	if le.Uint16(h[4:]) > 63 || nameLen == 0 || nameLen > 1024 || 30+nameLen > len(h) {
		return 0
	}
	switch method {
	case 0, 8, 9, 12, 14, 93, 95, 98:
	default:
		return 0
	}
	for _, c := range h[30 : 30+nameLen] {
		if c < 0x20 || c == 0x7f {
			return 0
		}
	}
	limit := min(b.size, 256<<20)
	for off := int64(0); off < limit; off += 1 << 20 {
		w, err := b.readAt(off, int(min(1<<20+22, b.size-off)))
		if err != nil {
			return 0
		}
		for i := 0; ; {
			j := bytes.Index(w[i:], []byte("PK\x05\x06"))
			if j < 0 || i+j >= 1<<20 {
				break
			}
			e := off + int64(i+j)
			if rec, err := b.readAt(e, int(min(22, b.size-e))); err == nil && len(rec) == 22 {
				end := e + 22 + int64(le.Uint16(rec[20:]))
				cdSize, cdOff := int64(le.Uint32(rec[12:])), int64(le.Uint32(rec[16:]))
				if end <= b.size && cdOff+cdSize == e {
					return end
				}
			}
			i += j + 1
		}
	}
	return 0
}
