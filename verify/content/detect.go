package content

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"strings"
)

// detect returns the container format of content starting with head, or ""
// (device trees and FIT images are told apart by classify, which parses
// them). head is the first MaxScanBytes of the content, or all of it.
func detect(head []byte, b blob, p string) Format {
	size := b.size
	switch {
	case len(head) >= 3 && head[0] == 0x1f && head[1] == 0x8b && head[2] == 8:
		return FormatGzip
	case bytes.HasPrefix(head, []byte{0xfd, '7', 'z', 'X', 'Z', 0}):
		return FormatXZ
	case bytes.HasPrefix(head, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return FormatZstd
	case isBzip2(head):
		return FormatBzip2
	case isSquashFS(head):
		return FormatSquashFS
	case isCPIO(head):
		return FormatCPIO
	case isTar(head):
		return FormatTar
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) || (bytes.HasPrefix(head, []byte("PK\x05\x06")) && size == 22):
		return FormatZip
	case bytes.HasPrefix(head, []byte("!<arch>\n")):
		return FormatAr
	case isUImage(head):
		return FormatUImage
	case isExt(head):
		return FormatExt
	case bytes.HasPrefix(head, []byte{0x04, 0x22, 0x4d, 0x18}):
		return FormatLZ4
	case (b.hint == FormatLZMA || strings.HasSuffix(strings.ToLower(p), ".lzma")) && isLZMAHeader(head):
		return FormatLZMA
	}
	return ""
}

func isBzip2(h []byte) bool {
	return len(h) >= 10 && h[0] == 'B' && h[1] == 'Z' && h[2] == 'h' && h[3] >= '1' && h[3] <= '9' &&
		(bytes.Equal(h[4:10], []byte{0x31, 0x41, 0x59, 0x26, 0x53, 0x59}) || bytes.Equal(h[4:10], []byte{0x17, 0x72, 0x45, 0x38, 0x50, 0x90}))
}

func isSquashFS(h []byte) bool {
	if len(h) < 96 || string(h[:4]) != "hsqs" || binary.LittleEndian.Uint16(h[28:]) != 4 {
		return false
	}
	bs := binary.LittleEndian.Uint32(h[12:])
	log := binary.LittleEndian.Uint16(h[22:])
	comp := binary.LittleEndian.Uint16(h[20:])
	return log >= 12 && log <= 20 && bs == 1<<log && comp >= 1 && comp <= 6
}

func isCPIO(h []byte) bool {
	if len(h) < 76 {
		return false
	}
	switch string(h[:6]) {
	case "070701", "070702":
		return len(h) >= 110 && isHex(h[6:110])
	case "070707":
		return isOctal(h[6:76])
	}
	return false
}

func isHex(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func isOctal(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '7' {
			return false
		}
	}
	return true
}

// isTar checks the ustar magic and the header checksum.
func isTar(h []byte) bool {
	if len(h) < 512 || !bytes.HasPrefix(h[257:], []byte("ustar")) {
		return false
	}
	return tarChecksumOK(h[:512])
}

func tarChecksumOK(h []byte) bool {
	field := strings.Trim(string(h[148:156]), " \x00")
	var want int64
	for _, c := range field {
		if c < '0' || c > '7' {
			return false
		}
		want = want*8 + int64(c-'0')
	}
	var sum int64
	for i, c := range h {
		if i >= 148 && i < 156 {
			c = ' '
		}
		sum += int64(c)
	}
	return sum == want
}

// isUImage checks the legacy U-Boot magic and the header CRC.
func isUImage(h []byte) bool {
	if len(h) < 64 || binary.BigEndian.Uint32(h) != 0x27051956 {
		return false
	}
	var hdr [64]byte
	copy(hdr[:], h[:64])
	want := binary.BigEndian.Uint32(hdr[4:])
	binary.BigEndian.PutUint32(hdr[4:], 0)
	return crc32.ChecksumIEEE(hdr[:]) == want
}

func isExt(h []byte) bool {
	if len(h) < 2048 || binary.LittleEndian.Uint16(h[1080:]) != 0xef53 {
		return false
	}
	logBlock := binary.LittleEndian.Uint32(h[1024+24:])
	return logBlock <= 6 && binary.LittleEndian.Uint32(h[1024+32:]) != 0 && binary.LittleEndian.Uint32(h[1024+40:]) != 0
}

func isFDT(h []byte) bool {
	if len(h) < 40 || binary.BigEndian.Uint32(h) != 0xd00dfeed {
		return false
	}
	total := binary.BigEndian.Uint32(h[4:])
	version := binary.BigEndian.Uint32(h[20:])
	return total >= 40 && version >= 16 && version <= 17
}

// isLZMAHeader checks the classic .lzma header: properties < 225, a
// dictionary size of 4 KiB .. maxDict, an uncompressed size of -1 or < 1 TiB.
func isLZMAHeader(h []byte) bool {
	if len(h) < 13 || h[0] >= 225 {
		return false
	}
	dict := binary.LittleEndian.Uint32(h[1:])
	usize := binary.LittleEndian.Uint64(h[5:])
	return dict >= 4096 && dict <= maxDict && (usize == ^uint64(0) || usize < 1<<40)
}

// unsupported names formats that are recognised but not read.
func unsupported(h []byte) string {
	switch {
	case bytes.HasPrefix(h, []byte("UBI#")):
		return "UBI"
	case len(h) >= 4 && binary.LittleEndian.Uint32(h) == 0x06101831:
		return "UBIFS"
	case len(h) >= 4 && (binary.LittleEndian.Uint32(h) == 0x28cd3d45 || binary.BigEndian.Uint32(h) == 0x28cd3d45):
		return "CramFS"
	case bytes.HasPrefix(h, []byte("-rom1fs-")):
		return "romfs"
	case bytes.HasPrefix(h, []byte("\x89LZO\x00\r\n\x1a\n")):
		return "lzop"
	case bytes.HasPrefix(h, []byte("7z\xbc\xaf\x27\x1c")):
		return "7-Zip"
	case bytes.HasPrefix(h, []byte("Rar!\x1a\x07")):
		return "RAR"
	case len(h) >= 12 && (binary.LittleEndian.Uint16(h) == 0x1985 || binary.BigEndian.Uint16(h) == 0x1985) && jffs2NodeType(h):
		return "JFFS2"
	case bytes.HasPrefix(h, []byte("hsqs")) || bytes.HasPrefix(h, []byte("sqsh")):
		return "SquashFS (not version 4, or big-endian)"
	}
	return ""
}

func jffs2NodeType(h []byte) bool {
	for _, t := range []uint16{0xe001, 0xe002, 0x2003, 0x2004, 0x2006, 0xe008, 0xe009} {
		if binary.LittleEndian.Uint16(h[2:]) == t || binary.BigEndian.Uint16(h[2:]) == t {
			return true
		}
	}
	return false
}
