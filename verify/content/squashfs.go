package content

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"

	lzo "github.com/anchore/go-lzo"
	"github.com/klauspost/compress/zlib"
	"github.com/klauspost/compress/zstd"
	"github.com/pierrec/lz4/v4"
	"github.com/ulikunitz/xz"
	"github.com/ulikunitz/xz/lzma"
)

// SquashFS 4.0 reader (the on-disk format of squashfs-tools 4.x and the
// Linux kernel's fs/squashfs). Every offset is checked against bytes_used,
// every block decompresses into a buffer of the size it must have, and
// directories are walked with an explicit stack and a visited set.

const (
	sqMetaSize     = 8192
	sqNoFragment   = 0xffffffff
	sqBlockStored  = 1 << 24
	sqMetaStored   = 1 << 15
	sqMaxDirDepth  = 4096
	sqMetaCacheMax = 4096
)

type squashFS struct {
	s                               *state
	b                               blob
	blockSize                       int64
	comp                            uint16
	bytesUsed                       int64
	inodeTable, dirTable, fragTable int64
	fragCount                       uint32
	frags                           []sqFragment
	meta                            map[int64]sqMeta
	zlibR                           io.ReadCloser
	zstdD                           *zstd.Decoder
}

type sqMeta struct {
	data []byte
	next int64
}

type sqFragment struct {
	start  int64
	size   uint32
	loaded []byte
}

func (s *state) walkSquashFS(n *node, b blob) error {
	h, err := b.readAt(0, 96)
	if err != nil {
		return errors.New("truncated superblock")
	}
	le := binary.LittleEndian
	fs := &squashFS{
		s:          s,
		b:          b,
		blockSize:  int64(le.Uint32(h[12:])),
		fragCount:  le.Uint32(h[16:]),
		comp:       le.Uint16(h[20:]),
		bytesUsed:  int64(le.Uint64(h[40:])),
		inodeTable: int64(le.Uint64(h[64:])),
		dirTable:   int64(le.Uint64(h[72:])),
		fragTable:  int64(le.Uint64(h[80:])),
		meta:       map[int64]sqMeta{},
	}
	blockLog := le.Uint16(h[22:])
	rootRef := le.Uint64(h[32:])
	if fs.blockSize < 4096 || fs.blockSize > 1<<20 || fs.blockSize != 1<<blockLog {
		return fmt.Errorf("block size %d (log %d) is not a power of two in 4 KiB..1 MiB", fs.blockSize, blockLog)
	}
	if fs.bytesUsed > b.size || fs.bytesUsed < 96 {
		return fmt.Errorf("bytes_used %d but %d bytes present (truncated image)", fs.bytesUsed, b.size)
	}
	if fs.inodeTable >= fs.bytesUsed || fs.dirTable >= fs.bytesUsed || fs.inodeTable < 96 || fs.dirTable < fs.inodeTable {
		return fmt.Errorf("inode table %d / directory table %d outside the image", fs.inodeTable, fs.dirTable)
	}
	if fs.comp < 1 || fs.comp > 6 {
		return fmt.Errorf("unknown compressor id %d", fs.comp)
	}
	if fs.comp == 6 {
		d, err := newZstdBlockDecoder(max(fs.blockSize, sqMetaSize))
		if err != nil {
			return err
		}
		defer d.Close()
		fs.zstdD = d
	}
	if err := fs.readFragmentTable(); err != nil {
		return fmt.Errorf("fragment table: %w", err)
	}
	if err := fs.walk(n, rootRef); err != nil {
		return err
	}
	// Content after the filesystem (squashfs pads to 4 KiB).
	if end := alignUp(fs.bytesUsed, 4096); end < b.size && s.alive() && !n.stopped {
		s.tail(n, b, end)
	}
	return nil
}

// newZstdBlockDecoder decodes whole blocks of at most limit bytes.
func newZstdBlockDecoder(limit int64) (*zstd.Decoder, error) {
	return zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(uint64(limit)), zstd.WithDecoderMaxWindow(max(uint64(limit), 1<<20)))
}

// decompress inflates one block into at most limit bytes; more is a bomb.
func (fs *squashFS) decompress(src []byte, limit int) ([]byte, error) {
	var out []byte
	var err error
	switch fs.comp {
	case 1:
		if fs.zlibR == nil {
			fs.zlibR, err = zlib.NewReader(bytes.NewReader(src))
		} else {
			err = fs.zlibR.(zlib.Resetter).Reset(bytes.NewReader(src), nil)
		}
		if err != nil {
			return nil, err
		}
		out, err = readBounded(fs.zlibR, limit)
	case 2:
		r, e := lzma.ReaderConfig{DictCap: maxDict}.NewReader(bytes.NewReader(src))
		if e != nil {
			return nil, e
		}
		out, err = readBounded(r, limit)
	case 3:
		buf := make([]byte, limit)
		var m int
		m, err = lzo.Decompress(src, buf)
		out = buf[:m]
	case 4:
		if e := checkXZDict(bytesBlob(src)); e != nil {
			return nil, e
		}
		r, e := xz.ReaderConfig{DictCap: 1 << 20, SingleStream: true}.NewReader(bytes.NewReader(src))
		if e != nil {
			return nil, e
		}
		out, err = readBounded(r, limit)
	case 5:
		buf := make([]byte, limit)
		var m int
		m, err = lz4.UncompressBlock(src, buf)
		if m < 0 {
			m = 0
		}
		out = buf[:m]
	case 6:
		out, err = fs.zstdD.DecodeAll(src, make([]byte, 0, limit))
		if err != nil && errors.Is(err, zstd.ErrDecoderSizeExceeded) || len(out) > limit {
			return nil, bombf("a block expands beyond %d bytes", limit)
		}
	}
	if err != nil {
		var bomb *bombError
		if errors.As(err, &bomb) {
			return nil, err
		}
		return nil, fmt.Errorf("decompress: %w", err)
	}
	return out, nil
}

var readBufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// readBounded reads r to its end into at most limit bytes.
func readBounded(r io.Reader, limit int) ([]byte, error) {
	buf := readBufPool.Get().(*bytes.Buffer)
	defer readBufPool.Put(buf)
	buf.Reset()
	if _, err := io.Copy(buf, io.LimitReader(r, int64(limit)+1)); err != nil {
		return nil, err
	}
	if buf.Len() > limit {
		return nil, bombf("a block expands beyond %d bytes", limit)
	}
	return bytes.Clone(buf.Bytes()), nil
}

// readMeta returns the metadata block at abs and the position of the next.
func (fs *squashFS) readMeta(abs int64) (sqMeta, error) {
	if m, ok := fs.meta[abs]; ok {
		return m, nil
	}
	if abs < 0 || abs+2 > fs.bytesUsed {
		return sqMeta{}, fmt.Errorf("metadata block at %d outside the image", abs)
	}
	h, err := fs.b.readAt(abs, 2)
	if err != nil {
		return sqMeta{}, err
	}
	hv := binary.LittleEndian.Uint16(h)
	size := int64(hv &^ sqMetaStored)
	if size == 0 || size > sqMetaSize || abs+2+size > fs.bytesUsed {
		return sqMeta{}, fmt.Errorf("metadata block at %d: size %d", abs, size)
	}
	raw, err := fs.b.readAt(abs+2, int(size))
	if err != nil {
		return sqMeta{}, err
	}
	data := raw
	if hv&sqMetaStored == 0 {
		if data, err = fs.decompress(raw, sqMetaSize); err != nil {
			return sqMeta{}, fmt.Errorf("metadata block at %d: %w", abs, err)
		}
	} else {
		data = bytes.Clone(raw)
	}
	m := sqMeta{data: data, next: abs + 2 + size}
	if len(fs.meta) >= sqMetaCacheMax {
		clear(fs.meta)
	}
	fs.meta[abs] = m
	return m, nil
}

// metaCursor reads a run of metadata bytes starting at an offset inside a
// metadata block, continuing into the following blocks.
type metaCursor struct {
	fs    *squashFS
	block int64
	off   int
}

func (c *metaCursor) read(n int) ([]byte, error) {
	out := make([]byte, 0, n)
	for len(out) < n {
		m, err := c.fs.readMeta(c.block)
		if err != nil {
			return nil, err
		}
		if c.off > len(m.data) {
			return nil, fmt.Errorf("metadata offset %d past a %d-byte block", c.off, len(m.data))
		}
		take := min(n-len(out), len(m.data)-c.off)
		out = append(out, m.data[c.off:c.off+take]...)
		c.off += take
		if c.off == len(m.data) {
			c.block, c.off = m.next, 0
		}
	}
	return out, nil
}

func (fs *squashFS) cursor(table int64, ref uint64) *metaCursor {
	return &metaCursor{fs: fs, block: table + int64(ref>>16), off: int(ref & 0xffff)}
}

func (fs *squashFS) readFragmentTable() error {
	if fs.fragCount == 0 || fs.fragTable == -1 || uint64(fs.fragTable) == ^uint64(0) {
		return nil
	}
	blocks := (int64(fs.fragCount) + 511) / 512
	if fs.fragTable < 0 || fs.fragTable+8*blocks > fs.bytesUsed {
		return fmt.Errorf("%d fragments need an index of %d bytes at %d, outside the image", fs.fragCount, 8*blocks, fs.fragTable)
	}
	idx, err := fs.b.readAt(fs.fragTable, int(8*blocks))
	if err != nil {
		return err
	}
	for i := int64(0); i < blocks; i++ {
		m, err := fs.readMeta(int64(binary.LittleEndian.Uint64(idx[8*i:])))
		if err != nil {
			return err
		}
		for j := 0; j+16 <= len(m.data) && len(fs.frags) < int(fs.fragCount); j += 16 {
			fs.frags = append(fs.frags, sqFragment{start: int64(binary.LittleEndian.Uint64(m.data[j:])), size: binary.LittleEndian.Uint32(m.data[j+8:])})
		}
	}
	if len(fs.frags) != int(fs.fragCount) {
		return fmt.Errorf("%d fragment entries, superblock says %d", len(fs.frags), fs.fragCount)
	}
	return nil
}

func (fs *squashFS) fragment(i uint32) ([]byte, error) {
	if int64(i) >= int64(len(fs.frags)) {
		return nil, fmt.Errorf("fragment %d of %d", i, len(fs.frags))
	}
	f := &fs.frags[i]
	if f.loaded != nil {
		return f.loaded, nil
	}
	data, err := fs.dataBlock(f.start, f.size, fs.blockSize)
	if err != nil {
		return nil, fmt.Errorf("fragment %d: %w", i, err)
	}
	// Keep only the last fragment block: files sharing one are adjacent.
	for j := range fs.frags {
		fs.frags[j].loaded = nil
	}
	f.loaded = data
	return data, nil
}

// dataBlock reads and decompresses one data block (at most limit bytes).
func (fs *squashFS) dataBlock(start int64, sizeWord uint32, limit int64) ([]byte, error) {
	size := int64(sizeWord &^ sqBlockStored)
	if size > fs.blockSize || start < 0 || start+size > fs.bytesUsed {
		return nil, fmt.Errorf("data block [%d, +%d) outside the image", start, size)
	}
	raw, err := fs.b.readAt(start, int(size))
	if err != nil {
		return nil, err
	}
	if sizeWord&sqBlockStored != 0 {
		if size > limit {
			return nil, bombf("a stored block of %d bytes where %d fit", size, limit)
		}
		return raw, nil
	}
	return fs.decompress(raw, int(limit))
}

type sqInode struct {
	typ        uint16
	dirBlock   uint32
	dirOffset  uint16
	dirSize    int64
	blocksAt   int64
	fileSize   int64
	fragment   uint32
	fragOffset uint32
	blockSizes []uint32
}

func (fs *squashFS) inode(ref uint64) (*sqInode, error) {
	c := fs.cursor(fs.inodeTable, ref)
	h, err := c.read(16)
	if err != nil {
		return nil, err
	}
	le := binary.LittleEndian
	in := &sqInode{typ: le.Uint16(h)}
	switch in.typ {
	case 1:
		b, err := c.read(16)
		if err != nil {
			return nil, err
		}
		in.dirBlock, in.dirSize, in.dirOffset = le.Uint32(b), int64(le.Uint16(b[8:])), le.Uint16(b[10:])
	case 8:
		b, err := c.read(24)
		if err != nil {
			return nil, err
		}
		in.dirSize, in.dirBlock, in.dirOffset = int64(le.Uint32(b[4:])), le.Uint32(b[8:]), le.Uint16(b[18:])
	case 2, 9:
		if in.typ == 2 {
			b, err := c.read(16)
			if err != nil {
				return nil, err
			}
			in.blocksAt, in.fragment, in.fragOffset, in.fileSize = int64(le.Uint32(b)), le.Uint32(b[4:]), le.Uint32(b[8:]), int64(le.Uint32(b[12:]))
		} else {
			b, err := c.read(40)
			if err != nil {
				return nil, err
			}
			in.blocksAt, in.fileSize = int64(le.Uint64(b)), int64(le.Uint64(b[8:]))
			in.fragment, in.fragOffset = le.Uint32(b[28:]), le.Uint32(b[32:])
		}
		if in.fileSize < 0 || in.fileSize > fs.s.limits.MaxEntrySize {
			return in, nil // refused by the caller before any block is read
		}
		count := in.fileSize / fs.blockSize
		if in.fragment == sqNoFragment && in.fileSize%fs.blockSize != 0 {
			count++
		}
		raw, err := c.read(int(4 * count))
		if err != nil {
			return nil, err
		}
		in.blockSizes = make([]uint32, count)
		for i := range in.blockSizes {
			in.blockSizes[i] = le.Uint32(raw[4*i:])
		}
	}
	return in, nil
}

// sqFile reads a regular file's content block by block.
type sqFile struct {
	fs      *squashFS
	in      *sqInode
	offsets []int64 // on-disk start of each block
	cached  int
	cache   []byte
}

func (fs *squashFS) openFile(in *sqInode) (*sqFile, error) {
	f := &sqFile{fs: fs, in: in, cached: -1, offsets: make([]int64, len(in.blockSizes))}
	pos := in.blocksAt
	for i, w := range in.blockSizes {
		f.offsets[i] = pos
		pos += int64(w &^ sqBlockStored)
		if pos > fs.bytesUsed {
			return nil, fmt.Errorf("block %d ends at %d, past the image (%d bytes)", i, pos, fs.bytesUsed)
		}
	}
	if in.fragment != sqNoFragment && int64(in.fragment) >= int64(len(fs.frags)) {
		return nil, fmt.Errorf("fragment %d of %d", in.fragment, len(fs.frags))
	}
	return f, nil
}

func (f *sqFile) block(i int) ([]byte, error) {
	if f.cached == i {
		return f.cache, nil
	}
	bs := f.fs.blockSize
	want := min(bs, f.in.fileSize-int64(i)*bs)
	var data []byte
	var err error
	if i < len(f.in.blockSizes) {
		w := f.in.blockSizes[i]
		if w == 0 {
			data = make([]byte, want) // a sparse block
		} else if data, err = f.fs.dataBlock(f.offsets[i], w, bs); err != nil {
			return nil, fmt.Errorf("block %d: %w", i, err)
		}
	} else {
		frag, err := f.fs.fragment(f.in.fragment)
		if err != nil {
			return nil, err
		}
		end := int64(f.in.fragOffset) + want
		if end > int64(len(frag)) {
			return nil, fmt.Errorf("tail of %d bytes at %d outside a %d-byte fragment", want, f.in.fragOffset, len(frag))
		}
		data = frag[f.in.fragOffset:end]
	}
	if int64(len(data)) != want {
		return nil, fmt.Errorf("block %d has %d bytes, %d expected", i, len(data), want)
	}
	f.cached, f.cache = i, data
	return data, nil
}

func (f *sqFile) ReadAt(p []byte, off int64) (int, error) {
	if off >= f.in.fileSize {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) && off < f.in.fileSize {
		i := off / f.fs.blockSize
		data, err := f.block(int(i))
		if err != nil {
			return n, err
		}
		c := copy(p[n:], data[off-i*f.fs.blockSize:])
		n += c
		off += int64(c)
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// walk visits every regular file, depth first, in directory order.
func (fs *squashFS) walk(n *node, rootRef uint64) error {
	s := fs.s
	type dir struct {
		ref   uint64
		path  string
		depth int
	}
	visited := map[uint64]bool{}
	stack := []dir{{rootRef, "", 0}}
	entries := 0
	pending := 0 // bytes of the paths of directories waiting on the stack
	for len(stack) > 0 && s.alive() && !n.stopped {
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		pending -= len(d.path)
		if visited[d.ref] {
			return bombf("directory %s is reached twice (a directory loop)", d.path+"/")
		}
		visited[d.ref] = true
		if d.depth > sqMaxDirDepth {
			return bombf("directories nested deeper than %d", sqMaxDirDepth)
		}
		in, err := fs.inode(d.ref)
		if err != nil {
			return fmt.Errorf("directory %s/: %w", d.path, err)
		}
		if in.typ != 1 && in.typ != 8 {
			return fmt.Errorf("%s/ is not a directory inode (type %d)", d.path, in.typ)
		}
		if in.dirSize <= 3 {
			continue
		}
		c := fs.cursor(fs.dirTable, uint64(in.dirBlock)<<16|uint64(in.dirOffset))
		remaining := in.dirSize - 3
		var subdirs []dir
		for remaining > 0 {
			h, err := c.read(12)
			if err != nil {
				return fmt.Errorf("directory %s/: %w", d.path, err)
			}
			remaining -= 12
			count := int(binary.LittleEndian.Uint32(h)) + 1
			start := binary.LittleEndian.Uint32(h[4:])
			if count > 256 {
				return fmt.Errorf("directory %s/: header with %d entries (at most 256)", d.path, count)
			}
			for i := 0; i < count && remaining > 0; i++ {
				e, err := c.read(8)
				if err != nil {
					return fmt.Errorf("directory %s/: %w", d.path, err)
				}
				off := binary.LittleEndian.Uint16(e)
				typ := binary.LittleEndian.Uint16(e[4:])
				nameLen := int(binary.LittleEndian.Uint16(e[6:])) + 1
				if nameLen > 256 {
					return fmt.Errorf("directory %s/: name of %d bytes", d.path, nameLen)
				}
				nb, err := c.read(nameLen)
				if err != nil {
					return fmt.Errorf("directory %s/: %w", d.path, err)
				}
				remaining -= int64(8 + nameLen)
				entries++
				if entries > s.limits.MaxEntries {
					return &limitError{limit: LimitEntries, msg: fmt.Sprintf("more than %d directory entries", s.limits.MaxEntries)}
				}
				name := string(nb)
				p := d.path + "/" + name
				if name == "." || name == ".." || bytes.ContainsAny(nb, "/\x00") {
					s.problem(ProblemSuspiciousName, memberPath(n.path, p), "", "directory entry name %q in %s/", clip(name, 100), d.path)
					p = s.cleanMember(n.path, p)
				}
				ref := uint64(start)<<16 | uint64(off)
				switch typ {
				case 1, 8:
					if err := s.pendingPath(p, &pending); err != nil {
						return err
					}
					subdirs = append(subdirs, dir{ref, p, d.depth + 1})
				case 2, 9:
					if !fs.visitFile(n, p, ref) {
						return nil
					}
				}
			}
		}
		for i := len(subdirs) - 1; i >= 0; i-- {
			stack = append(stack, subdirs[i])
		}
	}
	return nil
}

func (fs *squashFS) visitFile(n *node, p string, ref uint64) bool {
	s := fs.s
	in, err := fs.inode(ref)
	if err != nil {
		s.problem(ProblemUnreadable, memberPath(n.path, p), "", "squashfs inode: %v", err)
		return true
	}
	if in.typ != 2 && in.typ != 9 {
		s.problem(ProblemUnreadable, memberPath(n.path, p), "", "directory says file, inode type is %d", in.typ)
		return true
	}
	if s.entryTooLarge(n, p, in.fileSize) {
		return true
	}
	f, err := fs.openFile(in)
	if err != nil {
		s.problem(ProblemUnreadable, memberPath(n.path, p), "", "squashfs file: %v", err)
		return true
	}
	return s.child(n, p, blob{r: f, size: in.fileSize}, 0)
}
