package content

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Seek lets archive/tar skip member data without reading it.
func (c *byteCounter) Seek(offset int64, whence int) (int64, error) {
	var abs int64
	switch whence {
	case io.SeekStart:
		abs = offset
	case io.SeekCurrent:
		abs = c.pos + offset
	case io.SeekEnd:
		abs = c.b.size + offset
	default:
		return 0, errors.New("bad whence")
	}
	if abs < 0 {
		return 0, errors.New("negative position")
	}
	c.pos, c.buf, c.bo = abs, nil, 0
	return abs, nil
}

// walkTar visits the regular files of a tar archive. Member data is read in
// place; a sparse member is expanded through the tar reader (bounded).
func (s *state) walkTar(n *node, b blob) error {
	cr := &byteCounter{b: b}
	tr := tar.NewReader(cr)
	for s.alive() && !n.stopped {
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("after %d bytes: %w", cr.pos, err)
		}
		switch hdr.Typeflag {
		case tar.TypeReg, tar.TypeGNUSparse: // the reader reports old "\x00" entries as TypeReg
		default:
			continue
		}
		member := s.cleanMember(n.path, hdr.Name)
		if s.entryTooLarge(n, member, hdr.Size) {
			continue
		}
		sparse := hdr.Typeflag == tar.TypeGNUSparse
		for k := range hdr.PAXRecords {
			if strings.HasPrefix(k, "GNU.sparse.") {
				sparse = true
			}
		}
		if !sparse {
			if cr.pos+hdr.Size > b.size {
				return fmt.Errorf("member %s: %d bytes declared, %d present", member, hdr.Size, b.size-cr.pos)
			}
			if !s.child(n, member, b.section(cr.pos, hdr.Size), 0) {
				return nil
			}
			continue
		}
		data, err := s.materialize(n, member, tr, hdr.Size, true)
		if data != nil {
			s.buffered += int64(len(data))
			s.child(n, member, decompressed(data), 0)
			s.buffered -= int64(len(data))
		}
		if err != nil {
			return fmt.Errorf("sparse member %s: %w", member, err)
		}
	}
	return nil
}

// walkZip visits the files of a zip archive. Entries whose data overlap
// (the "zip bomb without recursion" construction) are refused as a bomb.
func (s *state) walkZip(n *node, b blob) error {
	zr, err := zip.NewReader(b.r, b.size)
	if err != nil {
		return err
	}
	type span struct {
		start, end int64
		f          *zip.File
	}
	var spans []span
	for _, f := range zr.File {
		off, err := f.DataOffset()
		if err != nil {
			return fmt.Errorf("entry %q: %w", clip(f.Name, 100), err)
		}
		spans = append(spans, span{off, off + int64(f.CompressedSize64), f})
	}
	sorted := append([]span(nil), spans...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].start < sorted[j].start })
	for i := 1; i < len(sorted); i++ {
		if sorted[i].start < sorted[i-1].end && sorted[i].end > sorted[i].start {
			return bombf("entries %q and %q share compressed data (overlapping entries)", clip(sorted[i-1].f.Name, 100), clip(sorted[i].f.Name, 100))
		}
	}
	for _, sp := range spans {
		f := sp.f
		if !s.alive() || n.stopped {
			return nil
		}
		if strings.HasSuffix(f.Name, "/") || f.Mode().IsDir() || !f.Mode().IsRegular() && f.Mode()&(1<<27) != 0 {
			continue
		}
		member := s.cleanMember(n.path, f.Name)
		if s.entryTooLarge(n, member, int64(f.UncompressedSize64)) {
			continue
		}
		if sp.end > b.size {
			s.problem(ProblemUnreadable, memberPath(n.path, member), "", "zip entry data runs past the archive")
			continue
		}
		if f.Method == zip.Store {
			if f.CompressedSize64 != f.UncompressedSize64 {
				s.problem(ProblemUnreadable, memberPath(n.path, member), "", "stored zip entry with different compressed (%d) and uncompressed (%d) sizes", f.CompressedSize64, f.UncompressedSize64)
				continue
			}
			if !s.child(n, member, b.section(sp.start, int64(f.CompressedSize64)), 0) {
				return nil
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			s.problem(ProblemUnreadable, memberPath(n.path, member), "", "zip entry: %v", err)
			continue
		}
		data, err := s.materialize(n, member, rc, int64(f.CompressedSize64), true)
		rc.Close()
		if data != nil {
			s.buffered += int64(len(data))
			s.child(n, member, decompressed(data), 0)
			s.buffered -= int64(len(data))
		}
		if err != nil {
			var lim *limitError
			if errors.As(err, &lim) {
				s.problem(ProblemLimit, memberPath(n.path, member), lim.limit, "%s", lim.msg)
			} else {
				s.problem(ProblemUnreadable, memberPath(n.path, member), "", "zip entry: %v", err)
			}
		}
	}
	return nil
}

// walkCPIO visits the regular files of a cpio archive (newc "070701",
// crc "070702", odc "070707"), including archives concatenated after it
// (an initramfs with an early microcode archive) and, after the last
// trailer, any other content that is not padding.
func (s *state) walkCPIO(n *node, b blob) error {
	pos := int64(0)
	for s.alive() && !n.stopped {
		if pos >= b.size {
			return nil
		}
		magic, err := b.readAt(pos, int(min(6, b.size-pos)))
		if err != nil {
			return err
		}
		var size, nameSize, mode int64
		var hdrLen int64
		var align int64
		switch string(magic) {
		case "070701", "070702":
			h, err := b.readAt(pos, int(min(110, b.size-pos)))
			if err != nil || len(h) < 110 {
				return fmt.Errorf("truncated header at %d", pos)
			}
			field := func(i int) (int64, error) {
				v, err := strconv.ParseUint(string(h[6+8*i:14+8*i]), 16, 32)
				return int64(v), err
			}
			var e1, e2, e3 error
			mode, e1 = field(1)
			size, e2 = field(6)
			nameSize, e3 = field(11)
			if err := errors.Join(e1, e2, e3); err != nil {
				return fmt.Errorf("bad header at %d: %w", pos, err)
			}
			hdrLen, align = 110, 4
		case "070707":
			h, err := b.readAt(pos, int(min(76, b.size-pos)))
			if err != nil || len(h) < 76 {
				return fmt.Errorf("truncated header at %d", pos)
			}
			oct := func(from, to int) (int64, error) {
				return strconv.ParseInt(string(h[from:to]), 8, 64)
			}
			var e1, e2, e3 error
			mode, e1 = oct(18, 24)
			nameSize, e2 = oct(59, 65)
			size, e3 = oct(65, 76)
			if err := errors.Join(e1, e2, e3); err != nil {
				return fmt.Errorf("bad header at %d: %w", pos, err)
			}
			hdrLen, align = 76, 1
		default:
			// After a trailer: zero padding, another archive, or other content.
			rest := b.section(pos, b.size-pos)
			if isPadding(rest) {
				return nil
			}
			if skip := leadingZeros(rest); skip > 0 && skip < rest.size {
				pos += skip &^ 3
				if m, _ := b.readAt(pos, int(min(6, b.size-pos))); len(m) == 6 && strings.HasPrefix(string(m), "07070") {
					continue
				}
			}
			s.child(n, fmt.Sprintf("/@0x%x", pos), b.section(pos, b.size-pos), pos)
			return nil
		}
		if nameSize < 1 || nameSize > 4096 {
			return fmt.Errorf("entry at %d: name size %d", pos, nameSize)
		}
		nameRaw, err := b.readAt(pos+hdrLen, int(min(nameSize, b.size-pos-hdrLen)))
		if err != nil || int64(len(nameRaw)) < nameSize {
			return fmt.Errorf("entry at %d: truncated name", pos)
		}
		name := string(bytes.TrimRight(nameRaw, "\x00"))
		dataOff := alignUp(pos+hdrLen+nameSize, align)
		if name == "TRAILER!!!" {
			pos = alignUp(dataOff+size, align)
			continue
		}
		if dataOff+size > b.size || size < 0 {
			return fmt.Errorf("entry %q: %d data bytes declared, %d present", clip(name, 100), size, b.size-dataOff)
		}
		if mode&0o170000 == 0o100000 {
			member := s.cleanMember(n.path, name)
			if !s.entryTooLarge(n, member, size) {
				if !s.child(n, member, b.section(dataOff, size), 0) {
					return nil
				}
			}
		}
		pos = alignUp(dataOff+size, align)
	}
	return nil
}

func alignUp(v, a int64) int64 {
	if a <= 1 {
		return v
	}
	return (v + a - 1) &^ (a - 1)
}

// leadingZeros counts the zero bytes at the start of b (up to 1 MiB).
func leadingZeros(b blob) int64 {
	p, err := b.readAt(0, int(min(1<<20, b.size)))
	if err != nil {
		return 0
	}
	for i, c := range p {
		if c != 0 {
			return int64(i)
		}
	}
	return int64(len(p))
}

// walkAr visits the members of an ar archive (Debian packages, static
// libraries): "!<arch>\n", then 60-byte headers, data padded to 2 bytes.
// GNU long names ("//" table, "/N" references) and BSD "#1/N" names are
// read.
func (s *state) walkAr(n *node, b blob) error {
	pos := int64(8)
	var longNames []byte
	for s.alive() && !n.stopped && pos < b.size {
		if b.size-pos < 60 {
			if isPadding(b.section(pos, b.size-pos)) {
				return nil
			}
			return fmt.Errorf("truncated member header at %d", pos)
		}
		h, err := b.readAt(pos, 60)
		if err != nil {
			return err
		}
		if h[58] != '`' || h[59] != '\n' {
			return fmt.Errorf("bad member header at %d", pos)
		}
		size, err := strconv.ParseInt(strings.TrimSpace(string(h[48:58])), 10, 64)
		if err != nil || size < 0 || pos+60+size > b.size {
			return fmt.Errorf("member at %d: bad size %q", pos, strings.TrimSpace(string(h[48:58])))
		}
		name := strings.TrimRight(string(h[:16]), " ")
		data := b.section(pos+60, size)
		next := pos + 60 + size + size%2
		switch {
		case name == "//":
			if size > 1<<20 {
				return fmt.Errorf("long-name table of %d bytes", size)
			}
			if longNames, err = data.readAt(0, int(size)); err != nil {
				return err
			}
			pos = next
			continue
		case name == "/" || name == "/SYM64/" || name == "__.SYMDEF" || name == "__.SYMDEF SORTED":
			pos = next
			continue
		case strings.HasPrefix(name, "#1/"):
			l, err := strconv.Atoi(name[3:])
			if err != nil || l < 0 || int64(l) > size || l > 4096 {
				return fmt.Errorf("member at %d: bad BSD name length", pos)
			}
			nb, err := data.readAt(0, l)
			if err != nil {
				return err
			}
			name = strings.TrimRight(string(nb), "\x00")
			data = data.section(int64(l), size-int64(l))
		case len(name) > 1 && name[0] == '/' && isDigits(name[1:]):
			off, _ := strconv.Atoi(name[1:])
			if off >= len(longNames) {
				return fmt.Errorf("member at %d: long name offset %d outside the table", pos, off)
			}
			rest := longNames[off:]
			if i := bytes.IndexAny(rest, "/\n"); i >= 0 {
				rest = rest[:i]
			}
			name = string(rest)
		default:
			name = strings.TrimSuffix(name, "/")
		}
		member := s.cleanMember(n.path, name)
		if !s.child(n, member, data, 0) {
			return nil
		}
		pos = next
	}
	return nil
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
