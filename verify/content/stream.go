package content

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"

	"github.com/klauspost/compress/zstd"
	"github.com/pierrec/lz4/v4"
	"github.com/ulikunitz/xz"
	"github.com/ulikunitz/xz/lzma"
)

// maxDict bounds the dictionary (window) an xz, LZMA or zstd stream may ask
// for: the decoders allocate it before producing a byte. xz -9 uses 64 MiB.
const maxDict = 256 << 20

// streamName is the member name of a compression stream's content: the
// container's base name without its compression suffix.
func streamName(container string) string {
	base := container
	if i := strings.LastIndexAny(base, "/!"); i >= 0 {
		base = base[i+1:]
	}
	lower := strings.ToLower(base)
	for _, sfx := range []struct{ from, to string }{
		{".tgz", ".tar"}, {".txz", ".tar"}, {".tbz2", ".tar"}, {".tzst", ".tar"},
		{".gz", ""}, {".xz", ""}, {".zst", ""}, {".zstd", ""}, {".bz2", ""}, {".lzma", ""}, {".z", ""},
	} {
		if strings.HasSuffix(lower, sfx.from) && len(base) > len(sfx.from) {
			return "/" + base[:len(base)-len(sfx.from)] + sfx.to
		}
	}
	return "/data"
}

// byteCounter is an io.Reader and io.ByteReader over a blob that counts
// what it hands out, so a decoder that reads through it (compress/flate
// does, byte by byte) leaves it at the exact end of its stream.
type byteCounter struct {
	b   blob
	pos int64
	buf []byte
	bo  int // read position in buf
}

func (c *byteCounter) fill() error {
	if c.bo < len(c.buf) {
		return nil
	}
	if c.pos >= c.b.size {
		return io.EOF
	}
	if c.b.data != nil {
		c.buf, c.bo = c.b.data[c.pos:], 0
		return nil
	}
	n := min(int64(64<<10), c.b.size-c.pos)
	if cap(c.buf) < int(n) {
		c.buf = make([]byte, n)
	}
	c.buf = c.buf[:n]
	m, err := c.b.r.ReadAt(c.buf, c.pos)
	c.buf, c.bo = c.buf[:m], 0
	if m == 0 {
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	return nil
}

func (c *byteCounter) Read(p []byte) (int, error) {
	if err := c.fill(); err != nil {
		return 0, err
	}
	n := copy(p, c.buf[c.bo:])
	c.bo += n
	c.pos += int64(n)
	return n, nil
}

func (c *byteCounter) ReadByte() (byte, error) {
	if err := c.fill(); err != nil {
		return 0, err
	}
	v := c.buf[c.bo]
	c.bo++
	c.pos++
	return v, nil
}

// walkStream decompresses a stream into memory (bounded) and visits its
// content. Data after the end of a gzip stream that is not padding is
// carved as a member of its own.
func (s *state) walkStream(n *node, format Format, b blob) error {
	member := streamName(n.path)
	var r io.Reader
	var counter *byteCounter
	switch format {
	case FormatGzip:
		counter = &byteCounter{b: b}
		zr, err := gzip.NewReader(counter)
		if err != nil {
			return err
		}
		r = &gzipMembers{zr: zr, c: counter}
	case FormatXZ:
		if err := checkXZDict(b); err != nil {
			return err
		}
		zr, err := xz.ReaderConfig{DictCap: 64 << 20}.NewReader(&byteCounter{b: b})
		if err != nil {
			return err
		}
		r = zr
	case FormatZstd:
		zr, err := zstd.NewReader(&byteCounter{b: b}, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(maxDict), zstd.WithDecoderLowmem(true))
		if err != nil {
			return err
		}
		defer zr.Close()
		r = zr
	case FormatBzip2:
		r = bzip2.NewReader(&byteCounter{b: b})
	case FormatLZ4:
		r = lz4.NewReader(&byteCounter{b: b})
	case FormatLZMA:
		zr, err := lzma.ReaderConfig{DictCap: maxDict}.NewReader(&byteCounter{b: b})
		if err != nil {
			return err
		}
		r = zr
	default:
		return fmt.Errorf("not a stream format: %s", format)
	}
	br := bufio.NewReaderSize(r, 64<<10)
	if peek, _ := br.Peek(512); isTar(peek) {
		if err := s.streamTar(n, member, br, b.size); err != nil {
			return err
		}
	} else if err := s.streamToMemory(n, member, br, b.size); err != nil {
		return err
	}
	if counter != nil && s.alive() && !n.stopped {
		s.tail(n, b, counter.pos)
	}
	return nil
}

// isCarvedPath reports whether a path's last member was found by the
// carver (its name is its offset).
func isCarvedPath(p string) bool {
	i := strings.LastIndexByte(p, '!')
	return i >= 0 && strings.HasPrefix(p[i+1:], "/@0x")
}

// streamToMemory holds a decompressed stream in memory and visits it.
func (s *state) streamToMemory(n *node, member string, r io.Reader, inSize int64) error {
	data, err := s.materialize(n, member, r, inSize, true)
	var lim *limitError
	if err != nil && len(data) > 0 && isCarvedPath(n.path) && !errors.As(err, &lim) {
		// A carved region runs to the next signature found, so bytes
		// after the stream's end are expected there; the carver has
		// already searched them.
		err = nil
	}
	if data != nil {
		s.buffered += int64(len(data))
		s.child(n, member, decompressed(data), 0)
		s.buffered -= int64(len(data))
	}
	return err
}

// gzipMembers reads concatenated gzip members and stops, without error, at
// the first byte after the last one that is not another gzip member.
type gzipMembers struct {
	zr *gzip.Reader
	c  *byteCounter
}

func (g *gzipMembers) Read(p []byte) (int, error) {
	g.zr.Multistream(false)
	for {
		n, err := g.zr.Read(p)
		if err != io.EOF {
			return n, err
		}
		if n > 0 {
			return n, nil
		}
		// A member ended: another one follows only if its magic does.
		start := g.c.pos
		hdr, herr := g.c.b.readAt(start, min(3, int(g.c.b.size-start)))
		if herr != nil || len(hdr) < 3 || hdr[0] != 0x1f || hdr[1] != 0x8b || hdr[2] != 8 {
			return 0, io.EOF
		}
		if err := g.zr.Reset(g.c); err != nil {
			return 0, err
		}
		g.zr.Multistream(false)
	}
}

// materialize reads a decompressed stream into memory, bounded by
// MaxEntrySize, MaxBuffered and the ratio limit of the container n. What
// was read before an error is returned with the error.
func (s *state) materialize(n *node, member string, r io.Reader, inSize int64, charge bool) ([]byte, error) {
	type bound struct {
		n     int64
		limit string
	}
	bounds := []bound{
		{s.limits.MaxEntrySize, LimitEntrySize},
		{s.limits.MaxBuffered - s.buffered, LimitBuffered},
		{min(s.limits.RatioFloor+s.limits.MaxRatio*n.size-n.yielded, s.limits.RatioFloor+s.limits.MaxRatio*inSize), LimitRatio},
	}
	tight := bounds[0]
	for _, b := range bounds[1:] {
		if b.n < tight.n {
			tight = b
		}
	}
	if tight.n < 0 {
		tight.n = 0
	}
	var buf bytes.Buffer
	_, err := io.Copy(&buf, io.LimitReader(&ctxReader{ctx: s.ctx, r: r}, tight.n+1))
	if charge && !s.charge(memberPath(n.path, member), int64(buf.Len())) {
		return nil, nil
	}
	if int64(buf.Len()) > tight.n {
		return nil, &limitError{limit: tight.limit, msg: fmt.Sprintf("decompressed content of %s exceeds %d bytes (%s) from %d compressed bytes; not examined", memberPath(n.path, member), tight.n, tight.limit, inSize)}
	}
	if err != nil {
		if buf.Len() > 0 {
			return buf.Bytes(), fmt.Errorf("decompression failed after %d bytes: %w", buf.Len(), err)
		}
		return nil, err
	}
	return buf.Bytes(), nil
}

// isPadding reports whether b is all 0x00 or all 0xFF (erased flash).
func isPadding(b blob) bool {
	if b.size == 0 {
		return true
	}
	first, err := b.readAt(0, 1)
	if err != nil || (first[0] != 0 && first[0] != 0xff) {
		return false
	}
	buf := make([]byte, 64<<10)
	for off := int64(0); off < b.size; {
		chunk := buf[:min(int64(len(buf)), b.size-off)]
		if m, _ := b.r.ReadAt(chunk, off); m < len(chunk) {
			return false
		}
		for _, c := range chunk {
			if c != first[0] {
				return false
			}
		}
		off += int64(len(chunk))
	}
	return true
}

// checkXZDict refuses an xz stream whose first block asks for a dictionary
// larger than maxDict (the decoder would allocate it up front).
func checkXZDict(b blob) error {
	hdr, err := b.readAt(0, int(min(b.size, 12+1024)))
	if err != nil || len(hdr) < 13 {
		return errors.New("xz: truncated stream header")
	}
	p := hdr[12:]
	if p[0] == 0 {
		return nil // index follows: an empty stream
	}
	hsize := (int(p[0]) + 1) * 4
	if hsize > len(p) {
		return errors.New("xz: truncated block header")
	}
	h := p[1:hsize]
	flags := h[0]
	h = h[1:]
	nfilters := int(flags&3) + 1
	skipVLI := func() bool {
		for i := 0; i < len(h) && i < 9; i++ {
			if h[i]&0x80 == 0 {
				h = h[i+1:]
				return true
			}
		}
		return false
	}
	readVLI := func() (uint64, bool) {
		var v uint64
		for i := 0; i < len(h) && i < 9; i++ {
			v |= uint64(h[i]&0x7f) << (7 * i)
			if h[i]&0x80 == 0 {
				h = h[i+1:]
				return v, true
			}
		}
		return 0, false
	}
	if flags&0x40 != 0 && !skipVLI() {
		return errors.New("xz: bad block header")
	}
	if flags&0x80 != 0 && !skipVLI() {
		return errors.New("xz: bad block header")
	}
	for i := 0; i < nfilters; i++ {
		id, ok1 := readVLI()
		psize, ok2 := readVLI()
		if !ok1 || !ok2 || psize > uint64(len(h)) {
			return errors.New("xz: bad filter flags")
		}
		if id == 0x21 && psize >= 1 {
			bits := uint32(h[0] & 0x3f)
			if bits > 40 {
				return errors.New("xz: bad LZMA2 dictionary size")
			}
			var dict uint64
			if bits == 40 {
				dict = 0xffffffff
			} else {
				dict = uint64(2|(bits&1)) << (bits/2 + 11)
			}
			if dict > maxDict {
				return &limitError{limit: LimitBuffered, msg: fmt.Sprintf("xz stream asks for a %d-byte dictionary (limit %d); not examined", dict, maxDict)}
			}
		}
		h = h[psize:]
	}
	return nil
}

// tail visits what follows a container's own end in b, from off: nothing
// when it is padding (0x00 or 0xFF), else a member named by the offset of
// its first byte after the padding.
func (s *state) tail(n *node, b blob, off int64) {
	if off >= b.size {
		return
	}
	rest := b.section(off, b.size-off)
	if isPadding(rest) {
		return
	}
	skip := leadingPad(rest)
	off += skip
	s.child(n, fmt.Sprintf("/@0x%x", off), b.section(off, b.size-off), off)
}

// leadingPad counts the 0x00 or 0xFF bytes at the start of b (up to 64 MiB).
func leadingPad(b blob) int64 {
	first, err := b.readAt(0, 1)
	if err != nil || first[0] != 0 && first[0] != 0xff {
		return 0
	}
	var n int64
	for n < b.size && n < 64<<20 {
		p, err := b.readAt(n, int(min(64<<10, b.size-n)))
		if err != nil {
			return n
		}
		for i, c := range p {
			if c != first[0] {
				return n + int64(i)
			}
		}
		n += int64(len(p))
	}
	return n
}

// chargeReader counts, hashes and bounds a decompressed stream that is
// walked without being held in memory.
type chargeReader struct {
	s      *state
	r      io.Reader
	path   string
	bound  int64
	limit  string
	n      int64
	hashes []hash.Hash
}

func (c *chargeReader) Read(p []byte) (int, error) {
	if err := c.s.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	for _, h := range c.hashes {
		h.Write(p[:n])
	}
	if c.n > c.bound {
		return n, &limitError{limit: c.limit, msg: fmt.Sprintf("decompressed content exceeds %d bytes (%s); the rest was not examined", c.bound, c.limit)}
	}
	if !c.s.charge(c.path, int64(n)) {
		return n, errStopped
	}
	return n, err
}

var errStopped = errors.New("audit stopped by a global limit")

// streamTar walks a tar archive as it is decompressed: only one member at
// a time is in memory. The archive itself is inventoried with the digest
// of the whole decompressed stream.
func (s *state) streamTar(n *node, member string, r io.Reader, inSize int64) error {
	p := memberPath(n.path, member)
	if len(s.inv.Files) >= s.limits.MaxEntries {
		s.stop(p, LimitEntries, "more than %d files", s.limits.MaxEntries)
		return nil
	}
	sha := hashCtors["SHA-256"]()
	hs := []hash.Hash{sha}
	for _, alg := range s.hashes {
		hs = append(hs, hashCtors[alg]())
	}
	bound := s.limits.RatioFloor + s.limits.MaxRatio*inSize
	cr := &chargeReader{s: s, r: &ctxReader{ctx: s.ctx, r: r}, path: p, bound: bound, limit: LimitRatio, hashes: hs}
	idx := len(s.inv.Files)
	s.inv.Files = append(s.inv.Files, File{Path: p, Parent: n.index, Depth: n.depth + 1, Kind: KindArchive, Format: FormatTar})
	child := &node{path: p, index: idx, depth: n.depth + 1, size: bound}
	walkErr := func() error {
		if child.depth >= s.limits.MaxDepth {
			s.problem(ProblemLimit, p, LimitDepth, "tar container at nesting depth %d (limit %d); its members were not examined", child.depth, s.limits.MaxDepth)
			_, err := io.Copy(io.Discard, cr)
			return err
		}
		tr := tar.NewReader(cr)
		for s.alive() && !child.stopped {
			hdr, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			if hdr.Typeflag != tar.TypeReg && hdr.Typeflag != tar.TypeGNUSparse {
				continue
			}
			name := s.cleanMember(p, hdr.Name)
			if s.entryTooLarge(child, name, hdr.Size) {
				continue
			}
			data, err := s.materialize(child, name, tr, hdr.Size, false)
			if data != nil {
				s.buffered += int64(len(data))
				s.child(child, name, decompressed(data), 0)
				s.buffered -= int64(len(data))
			}
			if err != nil {
				return fmt.Errorf("member %s: %w", name, err)
			}
		}
		if !s.alive() || child.stopped {
			return nil
		}
		// After the end-of-archive marker: padding, or content that
		// would otherwise go unexamined.
		buf := make([]byte, 64<<10)
		var after, nonzero int64
		for {
			m, err := cr.Read(buf)
			after += int64(m)
			if nonzero == 0 {
				for i, c := range buf[:m] {
					if c != 0 {
						nonzero = after - int64(m) + int64(i) + 1
						break
					}
				}
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
		}
		if nonzero > 0 {
			s.problem(ProblemUnreadable, p, "", "%d bytes after the tar end-of-archive marker are not padding and were not examined", after)
		}
		return nil
	}()
	f := &s.inv.Files[idx]
	f.Size = cr.n
	f.SHA256 = hex.EncodeToString(sha.Sum(nil))
	for i, alg := range s.hashes {
		f.Hashes = append(f.Hashes, hashValue(alg, hs[i+1]))
	}
	if errors.Is(walkErr, errStopped) {
		return nil
	}
	var lim *limitError
	if errors.As(walkErr, &lim) {
		s.problem(ProblemLimit, p, lim.limit, "%s", lim.msg)
		return nil
	}
	if walkErr != nil {
		s.problem(ProblemUnreadable, p, "", "tar: %v", walkErr)
	}
	return nil
}
