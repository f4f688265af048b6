package content

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"path"
	"strings"
)

// Audit unpacks the image r (size bytes), inventories it and extracts its
// indicators. Problems inside the image (corrupt layers, limits, bombs) are
// data in the Inventory; the error is only for unusable input (a negative
// size, a read error of r itself, a cancelled ctx).
//
// The image itself is Files[0]; its digests (SHA-256 and Options.Hashes)
// come from the first sequential read of r, so a caller that must check the
// image digest reads the image once.
func (a *Auditor) Audit(ctx context.Context, r io.ReaderAt, size int64) (*Inventory, error) {
	if size < 0 {
		return nil, fmt.Errorf("content: audit %s: negative size %d", a.name, size)
	}
	st := &state{
		Auditor:   a,
		ctx:       ctx,
		imageSize: size,
		osRelease: map[string]string{},
		inv: &Inventory{
			Schema: Schema, Source: a.name, Size: size, Limits: a.limits,
			Files: []File{}, Indicators: []Indicator{}, Packages: []Package{}, Problems: []Problem{},
		},
	}
	st.visit(nil, "", blob{r: r, size: size}, 0)
	if st.fatal != nil {
		return nil, st.fatal
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("content: audit %s: %w", a.name, err)
	}
	st.finish()
	st.inv.BytesRead = st.read
	return st.inv, nil
}

// AuditReader spools r into memory (at most Limits.MaxImageSize bytes) and
// audits it. An image larger than the limit is an error: it cannot be
// examined.
func (a *Auditor) AuditReader(ctx context.Context, r io.Reader) (*Inventory, error) {
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(&ctxReader{ctx: ctx, r: r}, a.limits.MaxImageSize+1))
	if err != nil {
		return nil, fmt.Errorf("content: read %s: %w", a.name, err)
	}
	if n > a.limits.MaxImageSize {
		return nil, fmt.Errorf("content: read %s: image larger than the limit of %d bytes (%s)", a.name, a.limits.MaxImageSize, LimitImageSize)
	}
	data := buf.Bytes()
	return a.Audit(ctx, bytes.NewReader(data), int64(len(data)))
}

// Audit is New(opts) followed by Auditor.Audit.
func Audit(ctx context.Context, r io.ReaderAt, size int64, opts Options) (*Inventory, error) {
	a, err := New(opts)
	if err != nil {
		return nil, err
	}
	return a.Audit(ctx, r, size)
}

// blob is a file's content: a ReaderAt over exactly size bytes, and the
// bytes themselves when they are in memory.
type blob struct {
	r    io.ReaderAt
	size int64
	data []byte
	// hint is a format the container says the content has, for formats
	// without a reliable magic (legacy LZMA).
	hint Format
	// counted: the bytes were charged when they were decompressed.
	counted bool
}

func bytesBlob(b []byte) blob { return blob{r: bytes.NewReader(b), size: int64(len(b)), data: b} }

// decompressed is content that materialize produced (and charged).
func decompressed(b []byte) blob {
	bb := bytesBlob(b)
	bb.counted = true
	return bb
}

// section returns the part [off, off+n) of b.
func (b blob) section(off, n int64) blob {
	if b.data != nil {
		return bytesBlob(b.data[off : off+n])
	}
	return blob{r: io.NewSectionReader(b.r, off, n), size: n}
}

// readAt reads exactly n bytes at off (n bounded by the caller).
func (b blob) readAt(off int64, n int) ([]byte, error) {
	if off < 0 || n < 0 || off+int64(n) > b.size {
		return nil, fmt.Errorf("read of %d bytes at %d outside %d bytes", n, off, b.size)
	}
	if b.data != nil {
		return b.data[off : off+int64(n)], nil
	}
	p := make([]byte, n)
	if _, err := b.r.ReadAt(p, off); err != nil && !(errors.Is(err, io.EOF) && n == len(p)) {
		return nil, err
	}
	return p, nil
}

// node is a container being walked: what its members may add up to is
// bounded by its own size (Limits.MaxRatio).
type node struct {
	path    string
	index   int
	depth   int
	size    int64
	yielded int64
	stopped bool
}

// state is one audit in progress.
type state struct {
	*Auditor
	ctx       context.Context
	inv       *Inventory
	imageSize int64
	read      int64
	buffered  int64
	stopped   bool  // a global limit was reached
	fatal     error // the image itself could not be read
	scratch   [][]byte
	osRelease map[string]string // filesystem root → os-release ID
	pkgs      pkgState
	pathBytes int64
	indCount  map[indKey]int
	indSeen   map[string]bool
}

func (s *state) problem(kind ProblemKind, p, limit, format string, args ...any) {
	s.inv.Problems = append(s.inv.Problems, Problem{Kind: kind, Path: p, Limit: limit, Detail: fmt.Sprintf(format, args...)})
}

// charge counts n bytes of work (read or decompressed) against the global
// limits; false when they are exceeded (the audit stops).
func (s *state) charge(p string, n int64) bool {
	s.read += n
	if s.read > s.limits.MaxTotalBytes {
		s.stop(p, LimitTotalBytes, "more than %d bytes read across all layers", s.limits.MaxTotalBytes)
		return false
	}
	if bound := s.limits.RatioFloor + s.limits.MaxRatio*s.imageSize; s.read > bound {
		s.stop(p, LimitRatio, "more than %d bytes read from a %d-byte image (ratio limit %d, floor %d)", bound, s.imageSize, s.limits.MaxRatio, s.limits.RatioFloor)
		return false
	}
	return true
}

// stop records a global limit: nothing more is examined.
func (s *state) stop(p, limit, format string, args ...any) {
	if s.stopped {
		return
	}
	s.stopped = true
	s.inv.Incomplete = true
	s.problem(ProblemLimit, p, limit, format+"; the rest of the image was not examined", args...)
}

func (s *state) alive() bool {
	if s.stopped || s.fatal != nil {
		return false
	}
	if s.ctx.Err() != nil {
		return false
	}
	return true
}

// memberPath joins a container path and a member name.
func memberPath(container, member string) string { return container + "!" + member }

// cleanMember turns a raw member name into the "/..." form used in virtual
// paths, reporting names that would escape their directory when extracted.
func (s *state) cleanMember(container, raw string) string {
	clean := path.Clean("/" + strings.ReplaceAll(raw, "\x00", "\\0"))
	if why := suspiciousName(raw); why != "" {
		s.problem(ProblemSuspiciousName, memberPath(container, clean), "", "member name %q %s; inventoried as %s", clip(raw, 200), why, clean)
	}
	return clean
}

func suspiciousName(raw string) string {
	switch {
	case strings.ContainsRune(raw, 0):
		return "contains a NUL byte"
	case strings.HasPrefix(raw, "/"):
		return "is an absolute path"
	case strings.Contains(raw, "\\"):
		return "contains a backslash"
	}
	for _, el := range strings.Split(raw, "/") {
		if el == ".." {
			return "climbs out of its directory with \"..\""
		}
	}
	for _, r := range raw {
		if r < 0x20 || r == 0x7f {
			return "contains a control character"
		}
	}
	return ""
}

// child visits a member of container n. It returns false when n (or the
// whole audit) must not yield more members.
func (s *state) child(n *node, member string, b blob, offset int64) bool {
	if !s.alive() || n.stopped {
		return false
	}
	p := memberPath(n.path, member)
	n.yielded += b.size
	if bound := s.limits.RatioFloor + s.limits.MaxRatio*n.size; n.yielded > bound || n.yielded < 0 {
		n.stopped = true
		s.problem(ProblemLimit, n.path, LimitRatio, "members add up to more than %d bytes from %d bytes (ratio limit %d, floor %d); members from %s on were not examined", bound, n.size, s.limits.MaxRatio, s.limits.RatioFloor, p)
		return false
	}
	s.visit(n, p, b, offset)
	return s.alive() && !n.stopped
}

// Path bounds: one member path (Linux's PATH_MAX), the paths of
// directories waiting to be walked, and all paths in the inventory.
const (
	maxPathLen     = 4096
	maxPendingPath = 64 << 20
	maxPathBytes   = 256 << 20
)

// pendingPath accounts a directory path that waits on a walker's stack.
func (s *state) pendingPath(p string, pending *int) error {
	if len(p) > maxPathLen {
		return bombf("directory path longer than %d bytes: %s…", maxPathLen, clip(p, 200))
	}
	*pending += len(p)
	if *pending > maxPendingPath {
		return &limitError{limit: LimitEntries, msg: fmt.Sprintf("more than %d bytes of directory paths pending", maxPendingPath)}
	}
	return nil
}

// entryTooLarge reports a member whose declared size exceeds MaxEntrySize.
func (s *state) entryTooLarge(n *node, member string, size int64) bool {
	if size <= s.limits.MaxEntrySize && size >= 0 {
		return false
	}
	s.problem(ProblemLimit, memberPath(n.path, member), LimitEntrySize, "declared size %d exceeds the limit of %d bytes; not examined", size, s.limits.MaxEntrySize)
	return true
}

// visit inventories one file and, when it is a container, its members.
func (s *state) visit(parent *node, p string, b blob, offset int64) {
	if !s.alive() {
		return
	}
	depth, parentIdx := 0, -1
	if parent == nil {
		p = s.name
	} else {
		depth, parentIdx = parent.depth+1, parent.index
	}
	if len(s.inv.Files) >= s.limits.MaxEntries {
		s.stop(p, LimitEntries, "more than %d files", s.limits.MaxEntries)
		return
	}
	if parent != nil && len(p)-len(parent.path) > maxPathLen {
		s.problem(ProblemLimit, clip(p, 1024), LimitEntries, "member path longer than %d bytes; not examined", maxPathLen)
		return
	}
	if s.pathBytes += int64(len(p)); s.pathBytes > maxPathBytes {
		s.stop(clip(p, 1024), LimitEntries, "the inventory's paths exceed %d bytes", maxPathBytes)
		return
	}
	if b.size > s.limits.MaxEntrySize && parent != nil {
		s.problem(ProblemLimit, p, LimitEntrySize, "size %d exceeds the limit of %d bytes; not examined", b.size, s.limits.MaxEntrySize)
		return
	}
	if !b.counted && !s.charge(p, b.size) {
		return
	}

	f := File{Path: p, Parent: parentIdx, Depth: depth, Size: b.size, Offset: offset}
	head, err := s.hashAndScan(&f, b, depth)
	if err != nil {
		if parent == nil {
			s.fatal = fmt.Errorf("content: read %s: %w", s.name, err)
			return
		}
		s.problem(ProblemUnreadable, p, "", "read failed after %d of %d bytes: %v", len(head), b.size, err)
		return
	}
	idx := len(s.inv.Files)
	s.inv.Files = append(s.inv.Files, f)

	format := detect(head, b, p)
	fi := &s.inv.Files[idx]
	switch {
	case format != "":
		fi.Kind = KindArchive
		fi.Format = format
	default:
		s.classify(idx, b, head)
	}
	s.scanStrings(idx, head)
	if !s.alive() {
		return
	}
	s.inspectByPath(idx, b)

	fi = &s.inv.Files[idx]
	n := &node{path: p, index: idx, depth: depth, size: b.size}
	if fi.Kind == KindArchive || fi.Kind == KindDeviceTree || fi.Kind == KindData {
		if depth >= s.limits.MaxDepth {
			if fi.Kind == KindArchive {
				s.problem(ProblemLimit, p, LimitDepth, "%s container at nesting depth %d (limit %d); its members were not examined", fi.Format, depth, s.limits.MaxDepth)
			}
			return
		}
	}
	switch fi.Kind {
	case KindArchive:
		s.open(n, fi.Format, b)
	case KindDeviceTree:
		s.guard(n, "device tree", func() { s.walkFDT(n, b, false) })
	case KindData:
		s.guard(n, "embedded formats", func() { s.carve(n, b, head) })
	}
}

// guard reports a panic of f (a reader failing on hostile content) as an
// unreadable problem at n.
func (s *state) guard(n *node, what string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			s.problem(ProblemUnreadable, n.path, "", "%s: reader failed on this content (%v)", what, r)
		}
	}()
	f()
}

// open walks a container of a known format; a failure is ProblemUnreadable.
func (s *state) open(n *node, format Format, b blob) {
	var err error
	// A reader that fails on a hostile layer must not take the gate down:
	// the layer is reported unreadable (and so denies) instead.
	defer func() {
		if r := recover(); r != nil {
			s.problem(ProblemUnreadable, n.path, "", "%s: reader failed on this content (%v)", format, r)
		}
	}()
	switch format {
	case FormatGzip, FormatLZ4, FormatXZ, FormatZstd, FormatBzip2, FormatLZMA:
		err = s.walkStream(n, format, b)
	case FormatTar:
		err = s.walkTar(n, b)
	case FormatZip:
		err = s.walkZip(n, b)
	case FormatCPIO:
		err = s.walkCPIO(n, b)
	case FormatAr:
		err = s.walkAr(n, b)
	case FormatSquashFS:
		err = s.walkSquashFS(n, b)
	case FormatExt:
		err = s.walkExt(n, b)
	case FormatUImage:
		err = s.walkUImage(n, b)
	case FormatFIT:
		s.walkFDT(n, b, true)
	default:
		err = fmt.Errorf("the format is recognised but not read")
	}
	if err != nil && s.fatal == nil && s.ctx.Err() == nil {
		var bomb *bombError
		if errors.As(err, &bomb) {
			s.problem(ProblemBomb, n.path, "", "%s: %s", format, bomb.msg)
			return
		}
		var lim *limitError
		if errors.As(err, &lim) {
			s.problem(ProblemLimit, n.path, lim.limit, "%s: %s", format, lim.msg)
			return
		}
		s.problem(ProblemUnreadable, n.path, "", "%s: %v", format, err)
	}
}

// bombError is a structure only an attack produces.
type bombError struct{ msg string }

func (e *bombError) Error() string { return e.msg }

func bombf(format string, args ...any) error { return &bombError{fmt.Sprintf(format, args...)} }

// limitError is a limit reached inside a reader.
type limitError struct{ limit, msg string }

func (e *limitError) Error() string { return e.msg }

// hashAndScan reads b once: it hashes all of it and returns its first
// MaxScanBytes bytes (the whole content when it is in memory).
func (s *state) hashAndScan(f *File, b blob, depth int) ([]byte, error) {
	hs := make([]hash.Hash, 0, 1+len(s.hashes))
	sha := hashCtors["SHA-256"]()
	hs = append(hs, sha)
	for _, alg := range s.hashes {
		hs = append(hs, hashCtors[alg]())
	}
	write := func(p []byte) {
		for _, h := range hs {
			h.Write(p)
		}
	}
	var head []byte
	if b.data != nil {
		write(b.data)
		head = b.data
	} else {
		scan := min(b.size, s.limits.MaxScanBytes)
		for len(s.scratch) <= depth {
			s.scratch = append(s.scratch, nil)
		}
		if int64(cap(s.scratch[depth])) < scan {
			s.scratch[depth] = make([]byte, scan)
		}
		head = s.scratch[depth][:scan]
		if n, err := b.r.ReadAt(head, 0); int64(n) < scan {
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return head[:n], err
		}
		write(head)
		if b.size > scan {
			buf := make([]byte, 1<<20)
			for off := scan; off < b.size; {
				if err := s.ctx.Err(); err != nil {
					return head, err
				}
				chunk := buf[:min(int64(len(buf)), b.size-off)]
				n, err := b.r.ReadAt(chunk, off)
				if n < len(chunk) {
					if err == nil {
						err = io.ErrUnexpectedEOF
					}
					return head, err
				}
				write(chunk)
				off += int64(n)
			}
		}
	}
	f.SHA256 = hex.EncodeToString(sha.Sum(nil))
	for i, alg := range s.hashes {
		f.Hashes = append(f.Hashes, hashValue(alg, hs[i+1]))
	}
	return head, nil
}

// ctxReader stops a long read when the context is cancelled, and a
// decoder that keeps returning nothing without an error (io.Copy would
// spin on it forever).
type ctxReader struct {
	ctx   context.Context
	r     io.Reader
	empty int
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	if n == 0 && err == nil && len(p) > 0 {
		if c.empty++; c.empty > 100 {
			return 0, io.ErrNoProgress
		}
	} else {
		c.empty = 0
	}
	return n, err
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && (s[cut]&0xC0) == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
