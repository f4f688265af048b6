package content

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
)

// ext2/3/4 reader: superblock, group descriptors (32- and 64-bit), inodes,
// extent trees and classic block maps, inline data, linear directories (an
// htree directory reads correctly as a linear one). Extent trees are walked
// with a depth bound and a visited set; extents that overlap in the file or
// point outside the filesystem are refused.

const (
	extMaxTreeDepth = 5
	extMaxExtents   = 1 << 20
	extMaxDirDepth  = 4096
	extRootInode    = 2

	extFlagExtents = 0x80000
	extFlagInline  = 0x10000000
	extIncomp64Bit = 0x80
)

type extFS struct {
	s            *state
	b            blob
	blockSize    int64
	blocks       int64
	inodesPerGrp int64
	inodeSize    int64
	inodeCount   int64
	groups       int64
	descSize     int64
	gdtStart     int64
	is64         bool
}

type extInode struct {
	mode  uint16
	size  int64
	flags uint32
	block [60]byte
}

// extent maps file blocks [logical, logical+count) to disk blocks from
// physical; a zero physical is a hole.
type extent struct {
	logical, count, physical int64
	unwritten                bool
}

// openExt reads and checks the superblock.
func openExt(s *state, b blob) (*extFS, error) {
	sb, err := b.readAt(1024, 1024)
	if err != nil {
		return nil, fmt.Errorf("truncated superblock")
	}
	le := binary.LittleEndian
	fs := &extFS{s: s, b: b}
	fs.inodeCount = int64(le.Uint32(sb[0:]))
	fs.blocks = int64(le.Uint32(sb[4:]))
	logBlock := le.Uint32(sb[24:])
	firstData := int64(le.Uint32(sb[20:]))
	blocksPerGroup := int64(le.Uint32(sb[32:]))
	fs.inodesPerGrp = int64(le.Uint32(sb[40:]))
	rev := le.Uint32(sb[76:])
	fs.inodeSize = 128
	if rev >= 1 {
		fs.inodeSize = int64(le.Uint16(sb[88:]))
	}
	incompat := le.Uint32(sb[96:])
	fs.is64 = incompat&extIncomp64Bit != 0
	if fs.is64 {
		fs.blocks |= int64(le.Uint32(sb[0x150:])) << 32
		fs.descSize = int64(le.Uint16(sb[0xfe:]))
	}
	if fs.descSize < 32 {
		fs.descSize = 32
	}
	if logBlock > 6 {
		return nil, fmt.Errorf("block size 2^(10+%d)", logBlock)
	}
	fs.blockSize = 1024 << logBlock
	if blocksPerGroup == 0 || fs.inodesPerGrp == 0 || fs.inodeSize < 128 || fs.inodeSize > fs.blockSize || fs.inodeSize&(fs.inodeSize-1) != 0 {
		return nil, fmt.Errorf("bad geometry (blocks per group %d, inodes per group %d, inode size %d)", blocksPerGroup, fs.inodesPerGrp, fs.inodeSize)
	}
	if fs.blocks <= 0 || fs.blocks > (1<<48)/fs.blockSize {
		return nil, fmt.Errorf("block count %d", fs.blocks)
	}
	if fs.blocks*fs.blockSize > b.size {
		return nil, fmt.Errorf("filesystem of %d bytes, %d present (truncated image)", fs.blocks*fs.blockSize, b.size)
	}
	fs.groups = (fs.blocks - firstData + blocksPerGroup - 1) / blocksPerGroup
	if fs.groups*fs.descSize > b.size || fs.inodeCount > fs.groups*fs.inodesPerGrp {
		return nil, fmt.Errorf("%d groups, %d inodes: inconsistent with the image size", fs.groups, fs.inodeCount)
	}
	fs.gdtStart = (firstData + 1) * fs.blockSize
	return fs, nil
}

func (s *state) walkExt(n *node, b blob) error {
	fs, err := openExt(s, b)
	if err != nil {
		return err
	}
	if err := fs.walk(n); err != nil {
		return err
	}
	if end := fs.blocks * fs.blockSize; end < b.size && s.alive() && !n.stopped {
		s.tail(n, b, end)
	}
	return nil
}

// inodeOffset returns where inode num is stored.
func (fs *extFS) inodeOffset(num int64) (int64, error) {
	if num < 1 || num > fs.inodeCount {
		return 0, fmt.Errorf("inode %d outside 1..%d", num, fs.inodeCount)
	}
	group, index := (num-1)/fs.inodesPerGrp, (num-1)%fs.inodesPerGrp
	d, err := fs.b.readAt(fs.gdtStart+group*fs.descSize, int(fs.descSize))
	if err != nil {
		return 0, fmt.Errorf("group descriptor %d: %w", group, err)
	}
	le := binary.LittleEndian
	table := int64(le.Uint32(d[8:]))
	if fs.is64 && fs.descSize >= 64 {
		table |= int64(le.Uint32(d[0x28:])) << 32
	}
	if table <= 0 || table >= fs.blocks {
		return 0, fmt.Errorf("inode table of group %d at block %d", group, table)
	}
	return table*fs.blockSize + index*fs.inodeSize, nil
}

func (fs *extFS) inode(num int64) (*extInode, error) {
	off, err := fs.inodeOffset(num)
	if err != nil {
		return nil, err
	}
	raw, err := fs.b.readAt(off, 128)
	if err != nil {
		return nil, fmt.Errorf("inode %d: %w", num, err)
	}
	le := binary.LittleEndian
	in := &extInode{mode: le.Uint16(raw), flags: le.Uint32(raw[0x20:])}
	in.size = int64(le.Uint32(raw[4:])) | int64(le.Uint32(raw[0x6c:]))<<32
	copy(in.block[:], raw[0x28:0x28+60])
	return in, nil
}

func (fs *extFS) readBlock(num int64) ([]byte, error) {
	if num <= 0 || num >= fs.blocks {
		return nil, fmt.Errorf("block %d outside the filesystem (%d blocks)", num, fs.blocks)
	}
	return fs.b.readAt(num*fs.blockSize, int(fs.blockSize))
}

// extents returns the file's block mapping, sorted, validated.
func (fs *extFS) extents(in *extInode) ([]extent, error) {
	var out []extent
	if in.flags&extFlagExtents != 0 {
		visited := map[int64]bool{}
		if err := fs.extentNode(in.block[:], extMaxTreeDepth+1, visited, &out); err != nil {
			return nil, err
		}
	} else {
		if err := fs.blockMap(in, &out); err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].logical < out[j].logical })
	for i := 1; i < len(out); i++ {
		if out[i].logical < out[i-1].logical+out[i-1].count {
			return nil, bombf("extents overlap at file block %d", out[i].logical)
		}
	}
	return out, nil
}

func (fs *extFS) extentNode(b []byte, depthLeft int, visited map[int64]bool, out *[]extent) error {
	le := binary.LittleEndian
	if len(b) < 12 || le.Uint16(b) != 0xf30a {
		return fmt.Errorf("bad extent header")
	}
	entries := int(le.Uint16(b[2:]))
	depth := int(le.Uint16(b[6:]))
	if 12+12*entries > len(b) {
		return fmt.Errorf("extent node with %d entries in %d bytes", entries, len(b))
	}
	if depth >= depthLeft {
		return bombf("extent tree deeper than %d (a looping tree)", extMaxTreeDepth)
	}
	for i := 0; i < entries; i++ {
		e := b[12+12*i:]
		if depth == 0 {
			count := int64(le.Uint16(e[4:]))
			unwritten := count > 32768
			if unwritten {
				count -= 32768
			}
			phys := int64(le.Uint16(e[6:]))<<32 | int64(le.Uint32(e[8:]))
			if phys <= 0 || phys+count > fs.blocks {
				return fmt.Errorf("extent to blocks [%d, +%d) outside the filesystem", phys, count)
			}
			*out = append(*out, extent{logical: int64(le.Uint32(e)), count: count, physical: phys, unwritten: unwritten})
			if len(*out) > extMaxExtents {
				return bombf("more than %d extents in one file", extMaxExtents)
			}
			continue
		}
		child := int64(le.Uint16(e[8:]))<<32 | int64(le.Uint32(e[4:]))
		if visited[child] {
			return bombf("extent tree block %d is reached twice (a looping tree)", child)
		}
		visited[child] = true
		cb, err := fs.readBlock(child)
		if err != nil {
			return err
		}
		if err := fs.extentNode(cb, depth, visited, out); err != nil {
			return err
		}
	}
	return nil
}

// blockMap reads an ext2/3 block map: 12 direct, one indirect, one double
// and one triple indirect pointer.
func (fs *extFS) blockMap(in *extInode, out *[]extent) error {
	le := binary.LittleEndian
	per := fs.blockSize / 4
	nblocks := (in.size + fs.blockSize - 1) / fs.blockSize
	logical := int64(0)
	visited := map[int64]bool{}
	add := func(phys int64) error {
		if logical >= nblocks {
			return nil
		}
		if phys != 0 {
			if phys >= fs.blocks {
				return fmt.Errorf("block %d outside the filesystem", phys)
			}
			if k := len(*out); k > 0 && (*out)[k-1].physical+(*out)[k-1].count == phys && (*out)[k-1].logical+(*out)[k-1].count == logical {
				(*out)[k-1].count++
			} else {
				*out = append(*out, extent{logical: logical, count: 1, physical: phys})
			}
		}
		logical++
		return nil
	}
	var indirect func(blk int64, level int) error
	indirect = func(blk int64, level int) error {
		span := int64(1)
		for i := 0; i < level; i++ {
			span *= per
		}
		if blk == 0 {
			logical += span
			return nil
		}
		if visited[blk] {
			return bombf("indirect block %d is reached twice", blk)
		}
		visited[blk] = true
		b, err := fs.readBlock(blk)
		if err != nil {
			return err
		}
		for i := int64(0); i < per && logical < nblocks; i++ {
			p := int64(le.Uint32(b[4*i:]))
			if level == 1 {
				if err := add(p); err != nil {
					return err
				}
			} else if err := indirect(p, level-1); err != nil {
				return err
			}
		}
		return nil
	}
	for i := 0; i < 12; i++ {
		if err := add(int64(le.Uint32(in.block[4*i:]))); err != nil {
			return err
		}
	}
	for level := 1; level <= 3 && logical < nblocks; level++ {
		if err := indirect(int64(le.Uint32(in.block[4*(11+level):])), level); err != nil {
			return err
		}
	}
	return nil
}

// extFile reads a file through its extents; holes and unwritten extents
// read as zeros.
type extFile struct {
	fs   *extFS
	size int64
	ext  []extent
}

func (f *extFile) ReadAt(p []byte, off int64) (int, error) {
	if off >= f.size {
		return 0, io.EOF
	}
	origLen := int64(len(p))
	want := min(origLen, f.size-off)
	p = p[:want]
	clear(p)
	bs := f.fs.blockSize
	i := sort.Search(len(f.ext), func(i int) bool { return (f.ext[i].logical+f.ext[i].count)*bs > off })
	for ; i < len(f.ext); i++ {
		e := f.ext[i]
		start := e.logical * bs
		if start >= off+want {
			break
		}
		if e.unwritten {
			continue
		}
		from := max(start, off)
		to := min(start+e.count*bs, off+want)
		disk := e.physical*bs + (from - start)
		if _, err := f.fs.b.r.ReadAt(p[from-off:to-off], disk); err != nil && err != io.EOF {
			return 0, err
		}
	}
	if want < origLen {
		return int(want), io.EOF
	}
	return int(want), nil
}

// open returns a reader for a regular file or directory.
func (fs *extFS) open(in *extInode) (blob, error) {
	if in.flags&extFlagInline != 0 {
		if in.size > 60 {
			return blob{}, fmt.Errorf("inline data of %d bytes continues in an extended attribute, which is not read", in.size)
		}
		return bytesBlob(bytes.Clone(in.block[:in.size])), nil
	}
	ext, err := fs.extents(in)
	if err != nil {
		return blob{}, err
	}
	return blob{r: &extFile{fs: fs, size: in.size, ext: ext}, size: in.size}, nil
}

func (fs *extFS) walk(n *node) error {
	s := fs.s
	type dir struct {
		ino   int64
		path  string
		depth int
	}
	visited := map[int64]bool{}
	stack := []dir{{extRootInode, "", 0}}
	entries := 0
	pending := 0 // bytes of the paths of directories waiting on the stack
	for len(stack) > 0 && s.alive() && !n.stopped {
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		pending -= len(d.path)
		if visited[d.ino] {
			return bombf("directory %s/ is reached twice (a directory loop)", d.path)
		}
		visited[d.ino] = true
		if d.depth > extMaxDirDepth {
			return bombf("directories nested deeper than %d", extMaxDirDepth)
		}
		in, err := fs.inode(d.ino)
		if err != nil {
			return fmt.Errorf("directory %s/: %w", d.path, err)
		}
		if in.mode&0xf000 != 0x4000 {
			return fmt.Errorf("%s/ (inode %d) is not a directory", d.path, d.ino)
		}
		if in.size > 64<<20 {
			return fmt.Errorf("directory %s/ of %d bytes", d.path, in.size)
		}
		db, err := fs.open(in)
		if err != nil {
			return fmt.Errorf("directory %s/: %w", d.path, err)
		}
		data, err := db.readAt(0, int(db.size))
		if err != nil {
			return fmt.Errorf("directory %s/: %w", d.path, err)
		}
		var subdirs []dir
		if in.flags&extFlagInline != 0 && len(data) >= 4 {
			data = data[4:] // the parent inode number, then entries
		}
		for off := 0; off+8 <= len(data); {
			ino := int64(binary.LittleEndian.Uint32(data[off:]))
			recLen := int(binary.LittleEndian.Uint16(data[off+4:]))
			nameLen := int(data[off+6])
			ftype := data[off+7]
			if recLen < 8 || off+recLen > len(data) || 8+nameLen > recLen {
				if in.flags&extFlagInline != 0 {
					break
				}
				return fmt.Errorf("directory %s/: bad entry at %d (record length %d)", d.path, off, recLen)
			}
			name := string(data[off+8 : off+8+nameLen])
			off += recLen
			if ino == 0 || name == "." || name == ".." {
				continue
			}
			entries++
			if entries > s.limits.MaxEntries {
				return &limitError{limit: LimitEntries, msg: fmt.Sprintf("more than %d directory entries", s.limits.MaxEntries)}
			}
			p := d.path + "/" + name
			if bytes.ContainsAny([]byte(name), "/\x00") {
				s.problem(ProblemSuspiciousName, memberPath(n.path, p), "", "directory entry name %q in %s/", clip(name, 100), d.path)
				p = s.cleanMember(n.path, p)
			}
			guessed := ftype == 0
			if ftype == 0 { // no filetype feature (ext2): ask the inode
				if ci, err := fs.inode(ino); err == nil && ci.mode&0xf000 == 0x4000 {
					ftype = 2
				} else {
					ftype = 1
				}
			}
			switch ftype {
			case 2:
				if err := s.pendingPath(p, &pending); err != nil {
					return err
				}
				subdirs = append(subdirs, dir{ino, p, d.depth + 1})
			case 1:
				if !fs.visitFile(n, p, ino, guessed) {
					return nil
				}
			}
		}
		for i := len(subdirs) - 1; i >= 0; i-- {
			stack = append(stack, subdirs[i])
		}
	}
	return nil
}

func (fs *extFS) visitFile(n *node, p string, ino int64, unknownType bool) bool {
	s := fs.s
	in, err := fs.inode(ino)
	if err != nil {
		s.problem(ProblemUnreadable, memberPath(n.path, p), "", "ext inode: %v", err)
		return true
	}
	if in.mode&0xf000 != 0x8000 {
		if !unknownType {
			s.problem(ProblemUnreadable, memberPath(n.path, p), "", "directory says regular file, inode %d has mode %o", ino, in.mode)
		}
		return true
	}
	if s.entryTooLarge(n, p, in.size) {
		return true
	}
	b, err := fs.open(in)
	if err != nil {
		var bomb *bombError
		if errors.As(err, &bomb) {
			s.problem(ProblemBomb, memberPath(n.path, p), "", "ext file: %s", bomb.msg)
		} else {
			s.problem(ProblemUnreadable, memberPath(n.path, p), "", "ext file: %v", err)
		}
		return true
	}
	return s.child(n, p, b, 0)
}
