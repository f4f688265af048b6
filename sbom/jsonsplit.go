package sbom

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Concurrent decoding of the top-level components array. scanJSON found
// the array's elements; the rest of the document (with the array replaced
// by "[]") is decoded on this goroutine while workers decode the elements
// in chunks into one preallocated slice, keeping document order. Every
// byte is still checked by the JSON v2 decoder: the rest and each chunk
// (wrapped in "[" … "]") are decoded in full, and scanJSON allowed only
// white space and single commas between elements.

// splitChunk is how many elements a worker decodes at a time.
const splitChunk = 256

// decodeSplit decodes data as decodeWhole does, using workers goroutines
// for the components array. On error it returns the raw error when
// needsModelFixes applies, else the mapped error and its offset in data.
// fixPointer rewrites the JSON pointer of a chunk's error ("/3/name") to
// the document's ("/components/259/name"): base is the chunk's first
// element.
func fixPointer(err error, base int) error {
	fix := func(p jsontext.Pointer) jsontext.Pointer {
		s := string(p)
		if len(s) < 2 || s[0] != '/' {
			return "/components" + p
		}
		tok, rest, more := strings.Cut(s[1:], "/")
		i, convErr := strconv.Atoi(tok)
		if convErr != nil {
			return "/components" + p
		}
		if more {
			rest = "/" + rest
		}
		return jsontext.Pointer("/components/" + strconv.Itoa(base+i) + rest)
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

func decodeSplit(ctx context.Context, data []byte, lay jsonLayout, workers int) (*cdx.BOM, int64, error) {
	n := len(lay.elems) / 2
	comps := make([]cdx.Component, n)
	chunks := (n + splitChunk - 1) / splitChunk
	errs := make([]error, chunks)
	offs := make([]int64, chunks)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for {
				k := int(next.Add(1) - 1)
				if k >= chunks {
					return
				}
				if ctx.Err() != nil {
					errs[k], offs[k] = ctx.Err(), -1
					continue
				}
				i, j := k*splitChunk, min((k+1)*splitChunk, n)
				from, to := lay.elems[2*i], lay.elems[2*j-1]
				buf = append(append(append(buf[:0], '['), data[from:to]...), ']')
				sub := comps[i:i:j]
				if err := json.Unmarshal(buf, &sub); err != nil {
					errs[k], offs[k] = fixPointer(err, i), int64(from-1)
					continue
				}
				if len(sub) != j-i {
					errs[k], offs[k] = errors.New("internal error: element count mismatch"), int64(from)
					continue
				}
				if &sub[0] != &comps[i] {
					copy(comps[i:j], sub)
				}
			}
		}()
	}

	// The rest of the document, on this goroutine.
	rest := make([]byte, 0, len(data)-(lay.arrEnd-lay.arrStart)+2)
	rest = append(rest, data[:lay.arrStart]...)
	rest = append(rest, "[]"...)
	rest = append(rest, data[lay.arrEnd:]...)
	bom := new(cdx.BOM)
	restErr := json.Unmarshal(rest, bom)
	wg.Wait()

	// Report the first error in document order.
	var first error
	firstOff := int64(-1)
	if restErr != nil {
		if needsModelFixes(restErr) {
			return nil, -1, restErr
		}
		off, err := jsonError(rest, restErr)
		if off > int64(lay.arrStart) {
			off += int64(lay.arrEnd - lay.arrStart - 2)
		}
		first, firstOff = err, off
	}
	for k, err := range errs {
		if err == nil {
			continue
		}
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, -1, err
		}
		if needsModelFixes(err) {
			return nil, -1, err
		}
		off, mapped := jsonError(nil, err)
		if off >= 0 {
			off += offs[k] // buf offset 0 is the '[' added before data[from]
		} else {
			off = offs[k] + 1
		}
		if first == nil || off < firstOff {
			first, firstOff = mapped, off
		}
		break // chunks are in document order: the first failing one has the first error
	}
	if first != nil {
		return nil, firstOff, first
	}
	bom.Components = &comps
	return bom, -1, nil
}
