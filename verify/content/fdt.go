package content

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"strings"
)

// Flattened device tree (devicetree specification v0.4, chapter 5) and
// U-Boot images built on it (FIT) or before it (legacy uImage).

const (
	fdtBeginNode = 1
	fdtEndNode   = 2
	fdtProp      = 3
	fdtNop       = 4
	fdtEnd       = 9

	fdtMaxDepth = 64
	fdtMaxNodes = 100000
	fdtMaxProps = 1000000
	// fdtSmallProp: property values up to this size are kept in memory;
	// larger ones (FIT image data) are kept as an offset.
	fdtSmallProp = 64 << 10
)

type fdtProperty struct {
	name string
	off  int64 // offset of the value in the blob
	size int64
	val  []byte // nil when size > fdtSmallProp
}

type fdtNode struct {
	name     string
	path     string
	props    []fdtProperty
	children []*fdtNode
}

func (n *fdtNode) prop(name string) *fdtProperty {
	for i := range n.props {
		if n.props[i].name == name {
			return &n.props[i]
		}
	}
	return nil
}

func (n *fdtNode) child(name string) *fdtNode {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// str returns a string property's first string.
func (p *fdtProperty) str() string {
	if p == nil || p.val == nil {
		return ""
	}
	v := p.val
	if i := bytes.IndexByte(v, 0); i >= 0 {
		v = v[:i]
	}
	return string(v)
}

// strs returns a string-list property's strings.
func (p *fdtProperty) strs() []string {
	if p == nil || p.val == nil {
		return nil
	}
	var out []string
	for _, s := range bytes.Split(bytes.TrimRight(p.val, "\x00"), []byte{0}) {
		if len(s) > 0 {
			out = append(out, string(s))
		}
	}
	return out
}

func (p *fdtProperty) u32() (uint32, bool) {
	if p == nil || len(p.val) != 4 {
		return 0, false
	}
	return binary.BigEndian.Uint32(p.val), true
}

type fdtTree struct {
	root      *fdtNode
	totalSize int64
}

// window reads small pieces of a blob through a 64 KiB buffer.
type window struct {
	b    blob
	base int64
	buf  []byte
}

func (w *window) get(off int64, n int) ([]byte, error) {
	if off < 0 || n < 0 || off+int64(n) > w.b.size {
		return nil, fmt.Errorf("offset %d+%d outside %d bytes", off, n, w.b.size)
	}
	if w.b.data != nil {
		return w.b.data[off : off+int64(n)], nil
	}
	if off >= w.base && off+int64(n) <= w.base+int64(len(w.buf)) {
		return w.buf[off-w.base : off-w.base+int64(n)], nil
	}
	size := max(n, 64<<10)
	size = int(min(int64(size), w.b.size-off))
	buf, err := w.b.readAt(off, size)
	if err != nil {
		return nil, err
	}
	w.base, w.buf = off, buf
	return buf[:n], nil
}

// parseFDT reads a flattened device tree, validating every offset.
func parseFDT(b blob) (*fdtTree, error) {
	w := &window{b: b}
	h, err := w.get(0, 40)
	if err != nil {
		return nil, errors.New("truncated header")
	}
	be := binary.BigEndian
	total := int64(be.Uint32(h[4:]))
	offStruct := int64(be.Uint32(h[8:]))
	offStrings := int64(be.Uint32(h[12:]))
	version := be.Uint32(h[20:])
	sizeStrings := int64(be.Uint32(h[32:]))
	sizeStruct := int64(be.Uint32(h[36:]))
	if version < 16 || version > 17 {
		return nil, fmt.Errorf("version %d not supported (16, 17)", version)
	}
	if total > b.size {
		return nil, fmt.Errorf("totalsize %d exceeds the %d bytes present", total, b.size)
	}
	if version < 17 {
		sizeStruct = total - offStruct
	}
	if offStruct < 40 || offStruct+sizeStruct > total || offStrings < 40 || offStrings+sizeStrings > total {
		return nil, fmt.Errorf("blocks outside totalsize %d (struct %d+%d, strings %d+%d)", total, offStruct, sizeStruct, offStrings, sizeStrings)
	}
	strtab, err := w.get(offStrings, int(sizeStrings))
	if err != nil {
		return nil, err
	}
	strtab = bytes.Clone(strtab)
	end := offStruct + sizeStruct
	pos := offStruct
	var stack []*fdtNode
	var root *fdtNode
	nodes, props := 0, 0
	for {
		if pos+4 > end {
			return nil, errors.New("structure block ends without FDT_END")
		}
		t, err := w.get(pos, 4)
		if err != nil {
			return nil, err
		}
		tok := be.Uint32(t)
		pos += 4
		switch tok {
		case fdtBeginNode:
			// The name is NUL-terminated, at most 256 bytes here.
			nb, err := w.get(pos, int(min(end-pos, 260)))
			if err != nil {
				return nil, err
			}
			i := bytes.IndexByte(nb, 0)
			if i < 0 {
				return nil, fmt.Errorf("node name at %d not terminated within 256 bytes", pos)
			}
			name := string(nb[:i])
			pos += int64(i+1+3) &^ 3
			nodes++
			if nodes > fdtMaxNodes || len(stack) >= fdtMaxDepth {
				return nil, bombf("device tree deeper than %d or with more than %d nodes", fdtMaxDepth, fdtMaxNodes)
			}
			n := &fdtNode{name: name}
			if len(stack) == 0 {
				if root != nil {
					return nil, errors.New("second root node")
				}
				n.path = "/"
				root = n
			} else {
				parent := stack[len(stack)-1]
				n.path = strings.TrimSuffix(parent.path, "/") + "/" + name
				parent.children = append(parent.children, n)
			}
			stack = append(stack, n)
		case fdtEndNode:
			if len(stack) == 0 {
				return nil, errors.New("FDT_END_NODE without a node")
			}
			stack = stack[:len(stack)-1]
		case fdtProp:
			hb, err := w.get(pos, 8)
			if err != nil {
				return nil, err
			}
			size := int64(be.Uint32(hb))
			nameOff := int64(be.Uint32(hb[4:]))
			pos += 8
			if len(stack) == 0 {
				return nil, errors.New("property outside a node")
			}
			if pos+size > end {
				return nil, fmt.Errorf("property of %d bytes at %d runs past the structure block", size, pos)
			}
			if nameOff >= int64(len(strtab)) {
				return nil, fmt.Errorf("property name offset %d outside the strings block", nameOff)
			}
			nm := strtab[nameOff:]
			if i := bytes.IndexByte(nm, 0); i >= 0 {
				nm = nm[:i]
			}
			p := fdtProperty{name: string(nm), off: pos, size: size}
			if size <= fdtSmallProp {
				v, err := w.get(pos, int(size))
				if err != nil {
					return nil, err
				}
				p.val = bytes.Clone(v)
			}
			props++
			if props > fdtMaxProps {
				return nil, bombf("device tree with more than %d properties", fdtMaxProps)
			}
			n := stack[len(stack)-1]
			n.props = append(n.props, p)
			pos += (size + 3) &^ 3
		case fdtNop:
		case fdtEnd:
			if root == nil || len(stack) != 0 {
				return nil, errors.New("FDT_END inside a node")
			}
			return &fdtTree{root: root, totalSize: total}, nil
		default:
			return nil, fmt.Errorf("unknown token 0x%x at %d", tok, pos-4)
		}
	}
}

// isFIT reports whether a device tree is a FIT image: an /images node
// whose subnodes carry data.
func (t *fdtTree) isFIT() bool {
	images := t.root.child("images")
	if images == nil {
		return false
	}
	for _, img := range images.children {
		if img.prop("data") != nil || img.prop("data-offset") != nil || img.prop("data-position") != nil {
			return true
		}
	}
	return false
}

func isFITBlob(b blob) (bool, error) {
	t, err := parseFDT(b)
	if err != nil {
		return false, err
	}
	return t.isFIT(), nil
}

// walkFDT reads a device tree's indicators and, for a FIT image, visits
// the data of each /images node.
func (s *state) walkFDT(n *node, b blob, fit bool) {
	t, err := parseFDT(b)
	if err != nil {
		var bomb *bombError
		if errors.As(err, &bomb) {
			s.problem(ProblemBomb, n.path, "", "device tree: %s", bomb.msg)
		} else {
			s.problem(ProblemUnreadable, n.path, "", "device tree: %v", err)
		}
		return
	}
	s.dtIndicators(n.index, t)
	end := t.totalSize // what the tree and its external data cover
	defer func() {
		if s.alive() && !n.stopped {
			s.tail(n, b, end)
		}
	}()
	if !fit {
		return
	}
	if d := t.root.prop("description").str(); d != "" {
		s.addIndicator(Indicator{Kind: IndicatorFITDescription, Value: d, File: n.index, Where: "/ description", Party: PartyUnknown})
	}
	images := t.root.child("images")
	extBase := (t.totalSize + 3) &^ 3
	for _, img := range images.children {
		member := "/images/" + img.name
		var off, size int64
		switch {
		case img.prop("data") != nil:
			p := img.prop("data")
			off, size = p.off, p.size
		case img.prop("data-offset") != nil || img.prop("data-position") != nil:
			sz, ok := img.prop("data-size").u32()
			if !ok {
				s.problem(ProblemUnreadable, memberPath(n.path, member), "", "FIT image node without a valid data-size")
				continue
			}
			size = int64(sz)
			if v, ok := img.prop("data-position").u32(); ok {
				off = int64(v)
			} else if v, ok := img.prop("data-offset").u32(); ok {
				off = extBase + int64(v)
			} else {
				s.problem(ProblemUnreadable, memberPath(n.path, member), "", "FIT image node with a malformed data-offset/data-position")
				continue
			}
		default:
			continue
		}
		if off < 0 || off+size > b.size {
			s.problem(ProblemUnreadable, memberPath(n.path, member), "", "FIT image data [%d, %d) outside the %d-byte image", off, off+size, b.size)
			continue
		}
		end = max(end, off+size)
		if d := img.prop("description").str(); d != "" {
			s.addIndicator(Indicator{Kind: IndicatorFITDescription, Value: d, File: n.index, Where: "/images/" + img.name + " description", Party: PartyUnknown})
		}
		cb := b.section(off, size)
		if img.prop("compression").str() == "lzma" {
			cb.hint = FormatLZMA
		}
		before := len(s.inv.Files)
		if !s.child(n, member, cb, 0) && !s.alive() {
			return
		}
		// A sha256 hash node that disagrees with the data is an integrity problem.
		if len(s.inv.Files) > before && s.inv.Files[before].Path == memberPath(n.path, member) {
			for _, h := range img.children {
				if !strings.HasPrefix(h.name, "hash") || h.prop("algo").str() != "sha256" {
					continue
				}
				if v := h.prop("value"); v != nil && v.val != nil && hex.EncodeToString(v.val) != s.inv.Files[before].SHA256 {
					s.problem(ProblemIntegrity, memberPath(n.path, member), "", "FIT %s says sha256 %x, the data has %s", h.name, v.val, s.inv.Files[before].SHA256)
				}
			}
		}
		if n.stopped {
			return
		}
	}
}

// dtIndicators records the vendor prefixes of compatible strings, the
// model and vendor properties of a device tree.
func (s *state) dtIndicators(idx int, t *fdtTree) {
	stack := []*fdtNode{t.root}
	for len(stack) > 0 {
		nd := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for i := len(nd.children) - 1; i >= 0; i-- {
			stack = append(stack, nd.children[i])
		}
		for _, c := range nd.prop("compatible").strs() {
			if i := strings.IndexByte(c, ','); i > 0 {
				s.addIndicator(Indicator{Kind: IndicatorDTVendor, Value: c[:i], Raw: c, File: idx, Where: nd.path + " compatible", Party: PartyOrganization})
			}
		}
		if v := nd.prop("vendor").str(); v != "" {
			s.addIndicator(Indicator{Kind: IndicatorDTVendor, Value: v, Raw: v, File: idx, Where: nd.path + " vendor"})
		}
		if nd == t.root {
			if m := nd.prop("model").str(); m != "" {
				s.addIndicator(Indicator{Kind: IndicatorDTModel, Value: m, File: idx, Where: "/ model", Party: PartyUnknown})
			}
		}
	}
}

// walkUImage visits the payload of a legacy U-Boot image (each image of a
// multi-file one), checking the data CRC.
func (s *state) walkUImage(n *node, b blob) error {
	h, err := b.readAt(0, 64)
	if err != nil {
		return err
	}
	be := binary.BigEndian
	size := int64(be.Uint32(h[12:]))
	dcrc := be.Uint32(h[24:])
	typ, comp := h[30], h[31]
	name := string(bytes.TrimRight(h[32:64], "\x00"))
	if name != "" {
		s.addIndicator(Indicator{Kind: IndicatorUImageName, Value: name, File: n.index, Where: "uImage header name", Party: PartyUnknown})
	}
	if 64+size > b.size {
		return fmt.Errorf("header says %d data bytes, %d present", size, b.size-64)
	}
	data := b.section(64, size)
	if crc, err := crcOf(data); err != nil {
		return err
	} else if crc != dcrc {
		s.problem(ProblemIntegrity, n.path, "", "uImage data CRC is %08x, the header says %08x", crc, dcrc)
	}
	hint := Format("")
	if comp == 3 {
		hint = FormatLZMA
	}
	var parts []blob
	if typ == 4 { // IH_TYPE_MULTI: a zero-terminated table of sizes, then the images
		var sizes []int64
		for off := int64(0); ; off += 4 {
			v, err := data.readAt(off, 4)
			if err != nil {
				return errors.New("multi-file uImage: size table runs past the data")
			}
			if be.Uint32(v) == 0 {
				break
			}
			sizes = append(sizes, int64(be.Uint32(v)))
			if len(sizes) > 1024 {
				return errors.New("multi-file uImage: more than 1024 images")
			}
		}
		off := int64(len(sizes)+1) * 4
		for _, sz := range sizes {
			if off+sz > data.size {
				return fmt.Errorf("multi-file uImage: image of %d bytes at %d runs past the data", sz, off)
			}
			parts = append(parts, data.section(off, sz))
			off += (sz + 3) &^ 3
		}
	} else {
		parts = []blob{data}
	}
	for i, p := range parts {
		p.hint = hint
		member := "/data"
		if typ == 4 {
			member = fmt.Sprintf("/image-%d", i)
		}
		if !s.child(n, member, p, 0) {
			break
		}
	}
	if rest := 64 + size; rest < b.size && s.alive() && !n.stopped {
		s.tail(n, b, rest)
	}
	return nil
}

func crcOf(b blob) (uint32, error) {
	var crc uint32
	for off := int64(0); off < b.size; {
		n := int(min(1<<20, b.size-off))
		p, err := b.readAt(off, n)
		if err != nil {
			return 0, err
		}
		crc = crc32.Update(crc, crc32.IEEETable, p)
		off += int64(n)
	}
	return crc, nil
}
