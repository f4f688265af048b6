package sbom

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Concurrent decoding of the components arrays.
//
// scanJSON finds the top-level "components" array and, recursively, the
// "components" arrays nested in its elements, with each element's byte
// range. A firmware SBOM has few top-level parts holding most of the
// document in nested arrays, so the large arrays at every level are cut
// out: each is decoded in pieces (a run of consecutive elements wrapped in
// "[" … "]", with the large arrays nested inside replaced by "[]") into
// one preallocated slice, and the rest of the document (with the
// top-level array replaced by "[]") is decoded as one more piece. The
// pieces run on GOMAXPROCS goroutines; the decoded slices are then hung
// back where their arrays were, giving exactly the model one-piece
// decoding gives.
//
// Every byte is still checked by the JSON v2 decoder: each piece is
// decoded in full, and scanJSON allowed only white space and single
// commas between the elements of an array that is cut up. An error is
// reported at the smallest document offset any piece failed at, which is
// where one-piece decoding stops, with its JSON pointer rewritten to the
// document's.

// jsonArray is a "components" array scanJSON found: the top-level one or
// one directly inside an element of another found array.
type jsonArray struct {
	start, end int   // data[start:end] is the array ("[" … "]")
	elems      []int // start and end (exclusive) offsets of each element object, in pairs
	ok         bool  // the array holds only objects and single commas: it can be cut up
	want       bool  // while scanning: an element may come next (not a comma)
	parent     int   // the array whose element holds this one; -1: top level
	deps       bool  // the top-level "dependencies" array (elements are cdx.Dependency)
	parentElem int   // that element's index
	lastChild  int   // while scanning: the last array found in one of this array's elements (-1: none)
}

// jsonLayout is what scanJSON learned about the components arrays.
type jsonLayout struct {
	arrays  []jsonArray // in document order
	topIdx  int         // the top-level components array in arrays (-1: none)
	depsIdx int         // the top-level dependencies array in arrays (-1: none)
	bad     bool        // mismatched brackets, several values, too many arrays: cut nothing
	elems   int         // elements found in all arrays
	// tooMany: the arrays hold more than Limits.MaxComponents elements
	// (counting stopped there).
	tooMany bool
	// strictAt: offsets of the member names whose values the model decodes
	// with cyclonedx-go's own UnmarshalJSON methods (see noteName): the
	// pieces holding them are decoded with strictNames.
	strictAt []int
	// spdxAt is 1 + the offset of a top-level member name of an SPDX
	// document ("spdxVersion", "SPDXID", in any case variant; 0: none): a
	// CycloneDX document that is also SPDX is refused (see noteName).
	spdxAt int
}

// top returns the top-level components array, or nil.
func (l *jsonLayout) top() *jsonArray {
	if l.topIdx < 0 || l.topIdx >= len(l.arrays) {
		return nil
	}
	return &l.arrays[l.topIdx]
}

// consistent checks that the elements are non-empty, ordered,
// non-overlapping and inside the array: the pre-scan trusts bracket
// balance, which text that is not JSON may not have.
func (a *jsonArray) consistent() bool {
	if a.end <= a.start {
		return false
	}
	prev := a.start + 1
	for i := 0; i+1 < len(a.elems); i += 2 {
		start, end := a.elems[i], a.elems[i+1]
		if start < prev || end <= start+1 {
			return false
		}
		prev = end
	}
	return prev <= a.end-1
}

// splitParams say which arrays are cut up and how finely.
type splitParams struct {
	minDoc     int // smallest document decoded in pieces (bytes)
	minArray   int // smallest array cut up (bytes)
	pieceBytes int // bytes of elements per piece (the last element may overshoot)
}

var defaultSplit = splitParams{minDoc: 1 << 20, minArray: 64 << 10, pieceBytes: 256 << 10}

// scanFrame is an open JSON object or array while scanning.
type scanFrame struct {
	obj bool
	// For an array: its index in jsonLayout.arrays, or -1. For an object:
	// -2 for the document object, the index of the array it is an element
	// of, or -1.
	id int
}

// scanJSON makes one fast pass over JSON text before decoding: it refuses
// nesting deeper than maxJSONDepth and strings longer than
// lim.MaxStringBytes, returning the offending offset, and it finds the
// components arrays (see jsonArray) and the top-level dependencies array. It jumps over string contents at
// memchr speed. For text that is not valid JSON its layout does not
// matter: the decoder refuses such text anyway.
func scanJSON(data []byte, lim Limits) (jsonLayout, int, error) {
	lay := jsonLayout{topIdx: -1, depsIdx: -1}
	maxDepth := maxJSONDepth(lim)
	maxString := lim.MaxStringBytes
	// Recording stops (and nothing is cut up) past this many arrays or
	// elements: hostile input must not make the layout large.
	maxRecords := max(lim.MaxComponents, 1)
	stack := make([]scanFrame, 0, 64)
	top := scanFrame{id: -1} // the innermost open value (id -1 when none is open)
	seenRoot := false
	// keyState 1: the last token was the key "components" of the document
	// or of a components element, 2: and then ':'; 3, 4: the same for the
	// document's "dependencies".
	keyState := 0
	depElems := 0
	lastStr, lastEnd := -1, -1 // the last string: a member name when ':' follows
	n := len(data)
	for pos := 0; pos < n; pos++ {
		c := data[pos]
		if c == ' ' || c == '\n' || c == '\r' || c == '\t' {
			// Pretty-printed JSON is mostly indentation: skip runs of
			// spaces eight at a time.
			for pos+9 <= n && binary.LittleEndian.Uint64(data[pos+1:]) == 0x2020202020202020 {
				pos += 8
			}
			continue
		}
		ks := keyState
		keyState = 0
		if c != ':' {
			lastEnd = -1 // a member name is a string directly followed by ':'
		}
		if !top.obj && top.id >= 0 {
			a := &lay.arrays[top.id]
			switch c {
			case ',':
				if a.want {
					a.ok = false
				}
				a.want = true
				continue
			case '{':
				if !a.want {
					a.ok = false
				}
				a.want = false
				if a.deps {
					if depElems++; depElems > maxRecords {
						lay.bad = true
						top.id = untrack(stack)
					}
				} else if lay.elems++; lay.elems > lim.MaxComponents {
					// More components than allowed (nested ones
					// included): decodeJSON refuses the document.
					lay.tooMany, lay.bad = true, true
					top.id = untrack(stack)
				}
				a.elems = append(a.elems, pos, -1)
			case ']':
				if a.want && len(a.elems) > 0 {
					a.ok = false // a trailing comma
				}
				a.end = pos + 1
			default:
				a.ok = false
			}
		}
		switch c {
		case '"':
			end := stringEnd(data, pos)
			if end < 0 {
				lay.bad = true
				return lay, -1, nil // unterminated: the decoder reports it
			}
			// An escape sequence is at most 6 bytes per decoded byte, so a
			// string over 6*maxString is refused without unquoting it into
			// a copy (a 1 GiB string must not cost another GiB).
			if raw := end - pos - 1; raw > maxString && (raw/6 > maxString || decodedLen(data[pos:end+1]) > maxString) {
				return lay, pos, errorf(ErrTooLarge, "a JSON string is longer than the %s string limit", humanBytes(int64(maxString)))
			}
			if l := end - pos - 1; (l == len("components") || l == len("dependencies")) && top.obj && (top.id == -2 || top.id >= 0 && !lay.arrays[top.id].deps) {
				switch key := data[pos+1 : end]; {
				case string(key) == "components":
					keyState = 1
				case top.id == -2 && string(key) == "dependencies":
					keyState = 3
				}
			}
			lastStr, lastEnd = pos, end
			pos = end
		case ':':
			if ks == 1 || ks == 3 {
				keyState = ks + 1
			}
			if lastEnd >= 0 {
				lay.noteName(data[lastStr+1:lastEnd], lastStr, top.obj && top.id == -2)
			}
		case '[', '{':
			f := scanFrame{obj: c == '{', id: -1}
			switch {
			case c == '[' && (ks == 2 || ks == 4):
				f.id = lay.addArray(pos, top.id, ks == 4)
				if len(lay.arrays) > maxRecords {
					lay.bad = true
					f.id = untrack(stack)
				}
			case c == '{' && len(stack) == 0:
				f.id = -2
				if seenRoot {
					lay.bad = true // several JSON values
					f.id = -1
				}
				seenRoot = true
			case c == '{' && !top.obj && top.id >= 0:
				f.id = top.id
			}
			stack = append(stack, f)
			top = f
			if len(stack) > maxDepth {
				return lay, pos, errorf(ErrTooDeep, "JSON nested deeper than %d levels (components may nest %d levels)", maxDepth, lim.MaxDepth)
			}
		case ']', '}':
			if len(stack) == 0 {
				lay.bad = true
				continue
			}
			f := top
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				top = stack[len(stack)-1]
			} else {
				top = scanFrame{id: -1}
			}
			if f.obj != (c == '}') {
				lay.bad = true // mismatched brackets: not JSON
				top.id = untrack(stack)
				continue
			}
			if f.obj && f.id >= 0 {
				a := &lay.arrays[f.id]
				if len(a.elems) == 0 || a.elems[len(a.elems)-1] >= 0 {
					lay.bad = true
					top.id = untrack(stack)
				} else {
					a.elems[len(a.elems)-1] = pos + 1
				}
			}
		}
	}
	if len(stack) != 0 {
		lay.bad = true
	}
	for i := range lay.arrays {
		if a := &lay.arrays[i]; a.end == 0 {
			a.ok = false
		}
	}
	return lay, -1, nil
}

// untrack stops the recording of the layout once it is known to be
// unusable (jsonLayout.bad): it forgets what the open values were and returns
// the id of an untracked one.
func untrack(stack []scanFrame) int {
	for i := range stack {
		stack[i].id = -1
	}
	return -1
}

// addArray records a components array opening at pos as a member of the
// object whose frame id is owner (-2: the document) and returns its index.
// A second components member in the same object makes both unusable (the
// decoder refuses the duplicate key).
func (l *jsonLayout) addArray(pos, owner int, deps bool) int {
	a := jsonArray{start: pos, ok: true, want: true, parent: -1, parentElem: -1, lastChild: -1, deps: deps}
	id := len(l.arrays)
	if deps {
		if l.depsIdx >= 0 {
			l.arrays[l.depsIdx].ok = false
			a.ok = false
		} else {
			l.depsIdx = id
		}
	} else if owner == -2 {
		if l.topIdx >= 0 {
			l.arrays[l.topIdx].ok = false
			a.ok = false
		} else {
			l.topIdx = id
		}
	} else {
		p := &l.arrays[owner]
		a.parent, a.parentElem = owner, len(p.elems)/2-1
		if last := p.lastChild; last >= 0 && l.arrays[last].parentElem == a.parentElem {
			l.arrays[last].ok = false
			a.ok = false
		}
		p.lastChild = id
	}
	l.arrays = append(l.arrays, a)
	return id
}

// stringEnd returns the offset of the quote closing the JSON string that
// opens at data[open], or -1.
func stringEnd(data []byte, open int) int {
	p := open + 1
	for {
		j := bytes.IndexByte(data[p:], '"')
		if j < 0 {
			return -1
		}
		q := p + j
		bs := 0
		for k := q - 1; k > open && data[k] == '\\'; k-- {
			bs++
		}
		if bs%2 == 0 {
			return q
		}
		p = q + 1
	}
}

// decodeModel decodes data into the model, in pieces on workers goroutines
// when the layout allows it and the document is large enough, and again
// with modelFixes when the plain model cannot hold a value. It returns the
// error and its offset in data (-1: unknown).
func decodeModel(ctx context.Context, data []byte, lay *jsonLayout, workers int, p splitParams) (*cdx.BOM, int64, error) {
	var bom *cdx.BOM
	var off int64
	var err error
	if workers > 1 && len(data) >= p.minDoc && lay.splittable(p) {
		bom, off, err = decodeSplit(ctx, data, lay, workers, p)
	} else {
		bom, off, err = decodeWhole(data, lay.unmarshalers())
	}
	if err != nil && needsModelFixes(err) {
		// Rare schema-valid forms the model cannot hold: decode again
		// with the fixes (they cost a lookup per value, so they are not
		// used by default).
		bom, off, err = decodeWhole(data, modelFixes)
	}
	return bom, off, err
}

// splittable reports whether the top-level array can be cut up.
func (l *jsonLayout) splittable(p splitParams) bool {
	t := l.top()
	return !l.bad && t != nil && t.ok && len(t.elems) > 0 && t.end-t.start >= p.minArray && t.consistent()
}

// cutPlan says which arrays decodeSplit cuts up (the top-level one, which
// splittable checked, and the large usable arrays in the elements of cut
// arrays) and, for each, the arrays cut out of its elements.
func (l *jsonLayout) cutPlan(p splitParams) (cut []bool, kids [][]int) {
	cut = make([]bool, len(l.arrays))
	kids = make([][]int, len(l.arrays))
	for x := range l.arrays {
		a := &l.arrays[x]
		switch {
		case x == l.topIdx:
			cut[x] = true
		case x == l.depsIdx:
			cut[x] = a.ok && len(a.elems) > 0 && a.end-a.start >= p.minArray && a.consistent()
		case a.parent >= 0 && cut[a.parent] && a.ok && len(a.elems) > 0 && a.end-a.start >= p.minArray && a.consistent():
			cut[x] = true
			kids[a.parent] = append(kids[a.parent], x)
		}
	}
	return cut, kids
}

// splitPiece is a part of the document decoded on its own.
type splitPiece struct {
	arr   int   // the array whose elements i…j-1 this is; -1: the rest of the document
	i, j  int   // element range
	holes []int // arrays cut out of the piece (decoded as "[]"), in document order
}

// pieceResult is how a piece's decoding failed.
type pieceResult struct {
	raw    error // as the decoder returned it
	mapped error // as jsonError maps it, pointer fixed (nil for raw errors passed on)
	off    int64 // document offset of mapped (-1: unknown)
}

// segment maps a run of a piece's buffer to the document.
type segment struct{ buf, doc int }

// decodeSplit decodes data as decodeWhole does, cutting up the arrays in
// lay (see the comment at the top of this file). On error it returns the
// raw error when needsModelFixes applies or the context ended, else the
// mapped error and its offset in data.
func decodeSplit(ctx context.Context, data []byte, lay *jsonLayout, workers int, p splitParams) (*cdx.BOM, int64, error) {
	arrs := lay.arrays
	cut, kids := lay.cutPlan(p)

	// The pieces: the rest of the document first (it is the largest),
	// then each cut array in runs of elements.
	restHoles := []int{lay.topIdx}
	var deps []cdx.Dependency
	if d := lay.depsIdx; d >= 0 && cut[d] {
		restHoles = append(restHoles, d)
		if arrs[d].start < arrs[lay.topIdx].start {
			restHoles[0], restHoles[1] = d, lay.topIdx
		}
		deps = make([]cdx.Dependency, len(arrs[d].elems)/2)
	}
	pieces := []splitPiece{{arr: -1, holes: restHoles}}
	slices := make([][]cdx.Component, len(arrs))
	for x := range arrs {
		if !cut[x] {
			continue
		}
		a := &arrs[x]
		n := len(a.elems) / 2
		if !a.deps {
			slices[x] = make([]cdx.Component, n)
		}
		ks := kids[x]
		k := 0 // next kid
		start, acc, firstKid := 0, 0, 0
		for e := 0; e < n; e++ {
			acc += a.elems[2*e+1] - a.elems[2*e]
			for k < len(ks) && arrs[ks[k]].parentElem == e {
				acc -= arrs[ks[k]].end - arrs[ks[k]].start
				k++
			}
			if acc >= p.pieceBytes || e == n-1 {
				pieces = append(pieces, splitPiece{arr: x, i: start, j: e + 1, holes: ks[firstKid:k]})
				start, acc, firstKid = e+1, 0, k
			}
		}
	}

	results := make([]pieceResult, len(pieces))
	bom := new(cdx.BOM)
	var next atomic.Int64
	var wg sync.WaitGroup
	work := func() {
		var buf []byte
		var segs []segment
		for {
			k := int(next.Add(1) - 1)
			if k >= len(pieces) {
				return
			}
			if err := ctx.Err(); err != nil {
				results[k] = pieceResult{raw: err, off: -1}
				continue
			}
			pc := &pieces[k]
			from, to := 0, len(data)
			buf, segs = buf[:0], segs[:0]
			if pc.arr >= 0 {
				a := &arrs[pc.arr]
				from, to = a.elems[2*pc.i], a.elems[2*pc.j-1]
				buf = append(buf, '[')
			}
			pos := from
			for _, h := range pc.holes {
				segs = append(segs, segment{len(buf), pos})
				buf = append(buf, data[pos:arrs[h].start]...)
				segs = append(segs, segment{len(buf), arrs[h].start})
				buf = append(buf, "[]"...)
				pos = arrs[h].end
			}
			segs = append(segs, segment{len(buf), pos})
			buf = append(buf, data[pos:to]...)
			var err error
			opts := lay.optionsFor(from, to)
			switch {
			case pc.arr < 0:
				err = json.Unmarshal(buf, bom, opts)
			case arrs[pc.arr].deps:
				buf = append(buf, ']')
				err = decodeElems(buf, deps[pc.i:pc.j], opts)
			default:
				buf = append(buf, ']')
				err = decodeElems(buf, slices[pc.arr][pc.i:pc.j], opts)
			}
			if errors.Is(err, errElemCount) {
				results[k] = pieceResult{raw: err, mapped: err, off: int64(from)}
				continue
			}
			if err != nil {
				results[k] = mapPieceError(err, pc, arrs, buf, segs, from)
			}
		}
	}
	for w := 1; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work()
		}()
	}
	work()
	wg.Wait()

	// Report the first error in document order.
	first := -1
	for k := range results {
		r := &results[k]
		if r.raw == nil {
			continue
		}
		if r.mapped == nil {
			return nil, -1, r.raw // the context ended, or modelFixes are needed
		}
		if first < 0 || results[first].off >= 0 && r.off < results[first].off {
			first = k
		}
	}
	if first >= 0 {
		return nil, results[first].off, results[first].mapped
	}

	// Hang the cut arrays back where they were.
	for x := range arrs {
		if !cut[x] {
			continue
		}
		if arrs[x].deps {
			bom.Dependencies = &deps
			continue
		}
		s := slices[x]
		if a := &arrs[x]; a.parent < 0 {
			bom.Components = &s
		} else {
			slices[a.parent][a.parentElem].Components = &s
		}
	}
	return bom, -1, nil
}

var errElemCount = errors.New("internal error: element count mismatch")

// decodeElems decodes the JSON array buf into dst, which must receive
// exactly len(dst) elements.
func decodeElems[T any](buf []byte, dst []T, opts json.Options) error {
	sub := dst[:0:len(dst)]
	if err := json.Unmarshal(buf, &sub, opts); err != nil {
		return err
	}
	if len(sub) != len(dst) {
		return errElemCount
	}
	if len(sub) > 0 && &sub[0] != &dst[0] {
		copy(dst, sub)
	}
	return nil
}

// mapPieceError maps a piece's decoding error to the document: its JSON
// pointer and its offset.
func mapPieceError(err error, pc *splitPiece, arrs []jsonArray, buf []byte, segs []segment, from int) pieceResult {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || needsModelFixes(err) {
		return pieceResult{raw: err, off: -1}
	}
	var bo int64
	var mapped error
	if pc.arr < 0 {
		bo, mapped = jsonError(buf, err)
	} else {
		bo, mapped = jsonError(nil, fixPointer(err, arrayPointer(arrs, pc.arr), pc.i))
	}
	off := int64(-1)
	switch {
	case bo >= 0:
		i := sort.Search(len(segs), func(i int) bool { return int64(segs[i].buf) > bo }) - 1
		if i < 0 {
			off = int64(from) - 1 + bo // the '[' added before data[from]
		} else {
			off = int64(segs[i].doc) + bo - int64(segs[i].buf)
		}
	case pc.arr >= 0:
		off = int64(from)
	}
	return pieceResult{raw: err, mapped: mapped, off: off}
}

// arrayPointer is the JSON pointer of a found array ("/components/3/components").
func arrayPointer(arrs []jsonArray, x int) string {
	a := &arrs[x]
	if a.deps {
		return "/dependencies"
	}
	if a.parent < 0 {
		return "/components"
	}
	return arrayPointer(arrs, a.parent) + "/" + strconv.Itoa(a.parentElem) + "/components"
}

// fixPointer rewrites the JSON pointer of a piece's error ("/3/name") to
// the document's ("/components/7/components/259/name"): prefix is the
// array's pointer and base the piece's first element.
func fixPointer(err error, prefix string, base int) error {
	fix := func(p jsontext.Pointer) jsontext.Pointer {
		s := string(p)
		if len(s) < 2 || s[0] != '/' {
			return jsontext.Pointer(prefix) + p
		}
		tok, rest, more := strings.Cut(s[1:], "/")
		i, convErr := strconv.Atoi(tok)
		if convErr != nil {
			return jsontext.Pointer(prefix) + p
		}
		if more {
			rest = "/" + rest
		}
		return jsontext.Pointer(prefix + "/" + strconv.Itoa(base+i) + rest)
	}
	var se *jsontext.SyntacticError
	var me *json.SemanticError
	switch {
	case errors.As(err, &se):
		se.JSONPointer = fix(se.JSONPointer)
	case errors.As(err, &me):
		me.JSONPointer = fix(me.JSONPointer)
	}
	return err
}
