package sbom

import (
	"bytes"
	"context"
	"reflect"
	"strconv"
	"sync"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
)

// fineSplit cuts up every non-empty components array, a few elements per
// piece: the tests and the fuzz target use it to exercise nested cutting
// on small documents.
var fineSplit = splitParams{minDoc: 0, minArray: 0, pieceBytes: 600}

var treeCache sync.Map // key -> []byte

// genTreeJSON returns the pretty-printed JSON of a BOM whose components
// nest like a firmware image's: fanout[0] top-level parts, each holding
// fanout[1] parts, each holding fanout[2]… (built once per fanout).
func genTreeJSON(tb testing.TB, fanout ...int) []byte {
	key := ""
	for _, f := range fanout {
		key += strconv.Itoa(f) + "/"
	}
	if b, ok := treeCache.Load(key); ok {
		return b.([]byte)
	}
	serial := 0
	var build func(level int) []cdx.Component
	build = func(level int) []cdx.Component {
		comps := make([]cdx.Component, fanout[level])
		for i := range comps {
			serial++
			name := "part-" + strconv.Itoa(serial)
			comps[i] = cdx.Component{
				BOMRef:     name,
				Type:       cdx.ComponentTypeLibrary,
				Name:       name,
				Version:    strconv.Itoa(level) + "." + strconv.Itoa(i),
				Supplier:   &cdx.OrganizationalEntity{Name: "Vendor " + strconv.Itoa(serial%7), URL: &[]string{"https://v" + strconv.Itoa(serial%7) + ".example"}},
				PackageURL: "pkg:generic/v" + strconv.Itoa(serial%7) + "/" + name + "@1",
			}
			if level+1 < len(fanout) {
				kids := build(level + 1)
				comps[i].Components = &kids
			}
		}
		return comps
	}
	comps := build(0)
	bom := &cdx.BOM{
		BOMFormat:   cdx.BOMFormat,
		SpecVersion: cdx.SpecVersion1_6,
		Version:     1,
		Metadata:    &cdx.Metadata{Component: &cdx.Component{BOMRef: "fw", Type: cdx.ComponentTypeFirmware, Name: "fw"}},
		Components:  &comps,
		Dependencies: &[]cdx.Dependency{
			{Ref: "fw", Dependencies: &[]string{"part-1"}},
		},
	}
	var buf bytes.Buffer
	enc := cdx.NewBOMEncoder(&buf, cdx.BOMFileFormatJSON)
	enc.SetPretty(true)
	if err := enc.Encode(bom); err != nil {
		tb.Fatal(err)
	}
	treeCache.Store(key, buf.Bytes())
	return buf.Bytes()
}

// cutCount is how many arrays (top-level one included) decodeSplit cuts up.
func cutCount(lay *jsonLayout, p splitParams) int {
	cut, _ := lay.cutPlan(p)
	n := 0
	for _, c := range cut {
		if c {
			n++
		}
	}
	return n
}

// TestDecodeSplitMatchesWhole checks that the concurrent decoding gives
// exactly the model the one-piece decoding gives, on flat and deeply
// nested documents, cutting coarsely and finely.
func TestDecodeSplitMatchesWhole(t *testing.T) {
	tests := []struct {
		name    string
		data    []byte
		p       splitParams
		minCuts int
	}{
		{"flat default", genJSON(t, 5000), splitParams{minDoc: 0, minArray: 64 << 10, pieceBytes: 64 << 10}, 1},
		{"flat fine", genJSON(t, 2000), fineSplit, 50},
		{"dependencies first", moveDependenciesFirst(t, genJSON(t, 3000)), fineSplit, 50},
		{"tree default", genTreeJSON(t, 3, 20, 30, 4), splitParams{minDoc: 0, minArray: 16 << 10, pieceBytes: 32 << 10}, 20},
		{"tree fine", genTreeJSON(t, 3, 5, 6, 4), fineSplit, 1 + 3 + 15 + 90},
		{"tree one top part", genTreeJSON(t, 1, 2, 300), fineSplit, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lay, _, err := scanJSON(tt.data, DefaultLimits())
			if err != nil || !lay.splittable(tt.p) {
				t.Fatalf("layout: %v bad=%v top=%+v", err, lay.bad, lay.top())
			}
			if n := cutCount(&lay, tt.p); n < tt.minCuts {
				t.Fatalf("%d arrays cut up, want at least %d", n, tt.minCuts)
			}
			whole, _, err := decodeWhole(tt.data, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, workers := range []int{2, 3, 8} {
				split, _, err := decodeSplit(context.Background(), tt.data, &lay, workers, tt.p)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(split, whole) {
					t.Fatalf("workers=%d: split and whole decoding differ", workers)
				}
			}
		})
	}
}

// TestDecodeSplitErrors corrupts documents in various places, at the top
// level and inside nested arrays, and requires the concurrent decoding to
// report the same first error, at the same position and with the same
// JSON pointer, as the one-piece decoding.
func TestDecodeSplitErrors(t *testing.T) {
	flat := genJSON(t, 5000)
	tree := genTreeJSON(t, 3, 5, 6, 4)
	nth := func(b []byte, sub string, n int) int {
		off := 0
		for i := 0; i <= n; i++ {
			j := bytes.Index(b[off:], []byte(sub))
			if j < 0 {
				t.Fatalf("%q not found %d times", sub, n+1)
			}
			off += j + len(sub)
		}
		return off - len(sub)
	}
	replaceAt := func(b []byte, at int, old, new string) []byte {
		out := append([]byte{}, b[:at]...)
		out = append(out, new...)
		return append(out, b[at+len(old):]...)
	}
	replace := func(b []byte, old, new string) []byte {
		return replaceAt(b, nth(b, old, 0), old, new)
	}
	coarse := splitParams{minDoc: 0, minArray: 64 << 10, pieceBytes: 64 << 10}
	tests := []struct {
		name   string
		base   []byte
		p      splitParams
		mutate func([]byte) []byte
	}{
		{"duplicate key in an element", flat, coarse, func(b []byte) []byte {
			return replace(b, `"name": "pkg-3000"`, `"name": "pkg-3000", "name": "x"`)
		}},
		{"wrong type in an element", flat, coarse, func(b []byte) []byte {
			return replace(b, `"name": "pkg-2500"`, `"name": 2500`)
		}},
		{"invalid UTF-8 in an element", flat, coarse, func(b []byte) []byte {
			return replace(b, `"pkg-4242"`, "\"pkg-\xff\"")
		}},
		{"errors in two elements", flat, coarse, func(b []byte) []byte {
			b = replace(b, `"name": "pkg-4500"`, `"name": 1`)
			return replace(b, `"name": "pkg-1500"`, `"name": 2`)
		}},
		{"duplicate key after the array", flat, coarse, func(b []byte) []byte {
			return replace(b, `"dependencies"`, `"version": 2, "dependencies"`)
		}},
		{"error in the rest and in an element", flat, coarse, func(b []byte) []byte {
			b = replace(b, `"dependencies"`, `"version": 2, "dependencies"`)
			return replace(b, `"name": "pkg-4900"`, `"name": 1`)
		}},
		{"error before the array", flat, coarse, func(b []byte) []byte {
			return replace(b, `"serialNumber"`, `"version": 3, "serialNumber"`)
		}},
		{"wrong type deep inside", tree, fineSplit, func(b []byte) []byte {
			return replace(b, `"name": "part-77"`, `"name": 77`)
		}},
		{"duplicate key deep inside", tree, fineSplit, func(b []byte) []byte {
			return replace(b, `"name": "part-120"`, `"name": "part-120", "name": "x"`)
		}},
		{"error in a parent after its nested array", tree, fineSplit, func(b []byte) []byte {
			end := afterNestedArray(t, b, `"name": "part-2"`)
			return replaceAt(b, end, "", `, "name": 1`)
		}},
		{"errors in a parent and in its nested array", tree, fineSplit, func(b []byte) []byte {
			end := afterNestedArray(t, b, `"name": "part-2"`)
			b = replaceAt(b, end, "", `, "name": 1`)
			return replace(b, `"name": "part-5"`, `"name": 5`)
		}},
		{"error in a parent after a cut array, whole array decoded in pieces", tree, coarse, func(b []byte) []byte {
			end := afterNestedArray(t, b, `"name": "part-1"`)
			return replaceAt(b, end, "", `, "name": 1`)
		}},
		{"duplicate nested components", tree, fineSplit, func(b []byte) []byte {
			return replace(b, `"name": "part-3",`, `"name": "part-3", "components": [{"type": "library", "name": "dup"}],`)
		}},
		{"nested components that is not an array", tree, fineSplit, func(b []byte) []byte {
			return replace(b, `"name": "part-3",`, `"name": "part-3", "components": 7,`)
		}},
		{"trailing comma in a nested array", tree, fineSplit, func(b []byte) []byte {
			at := nth(b, `"name": "part-9"`, 0)
			end := at + bytes.Index(b[at:], []byte("}\n"))
			return replaceAt(b, end, "}\n", "},\n")
		}},
		{"string element in a nested array", tree, fineSplit, func(b []byte) []byte {
			at := nth(b, `"name": "part-9"`, 0)
			end := at + bytes.Index(b[at:], []byte("}\n"))
			return replaceAt(b, end, "}\n", "}, \"x\"\n")
		}},
		{"wrong type in a dependency", flat, coarse, func(b []byte) []byte {
			return replace(b, `"ref": "ref-3000"`, `"ref": 3000`)
		}},
		{"duplicate key in a dependency and in a component", flat, coarse, func(b []byte) []byte {
			b = replace(b, `"ref": "ref-3000"`, `"ref": "ref-3000", "ref": "x"`)
			return replace(b, `"name": "pkg-4900"`, `"name": 1`)
		}},
		{"dependencies before components, error in both", flat, coarse, func(b []byte) []byte {
			b = moveDependenciesFirst(t, b)
			b = replace(b, `"ref": "ref-4010"`, `"ref": 4010`)
			return replace(b, `"name": "pkg-10"`, `"name": 1`)
		}},
		{"second dependencies member", tree, fineSplit, func(b []byte) []byte {
			return replace(b, `"dependencies": [`, `"dependencies": [{"ref": "a"}], "dependencies": [`)
		}},
		{"invalid UTF-8 in a key deep inside", tree, fineSplit, func(b []byte) []byte {
			return replace(b, `"version": "3.2"`, "\"v\xffrsion\": \"3.2\"")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.mutate(tt.base)
			lay, _, err := scanJSON(data, DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			_, offW, errW := decodeModel(context.Background(), data, &lay, 1, tt.p)
			if errW == nil {
				t.Fatal("one-piece decoding accepts the mutated document")
			}
			for _, workers := range []int{2, 5} {
				_, offS, errS := decodeModel(context.Background(), data, &lay, workers, tt.p)
				if errS == nil || offS != offW || errS.Error() != errW.Error() {
					t.Errorf("workers=%d split: %d %v\nwhole: %d %v", workers, offS, errS, offW, errW)
				}
			}
		})
	}
}

// moveDependenciesFirst moves the document's "dependencies" member (the
// last one, as the encoder writes it) before its "components".
func moveDependenciesFirst(t *testing.T, b []byte) []byte {
	t.Helper()
	d := bytes.LastIndex(b, []byte(`"dependencies": [`))
	c := bytes.Index(b, []byte(`"components": [`))
	end := bytes.LastIndexByte(b, '}')
	if d < 0 || c < 0 || c > d {
		t.Fatal("no components and dependencies members")
	}
	deps := bytes.TrimRight(b[d:end], " \n")
	out := append([]byte{}, b[:c]...)
	out = append(out, deps...)
	out = append(out, ",\n  "...)
	out = append(out, bytes.TrimRight(b[c:d], " \n,")...)
	return append(out, "\n}\n"...)
}

// afterNestedArray returns the offset just after the components array of
// the component whose member mark is (the generated documents have no
// brackets in strings).
func afterNestedArray(t *testing.T, b []byte, mark string) int {
	t.Helper()
	at := bytes.Index(b, []byte(mark))
	open := bytes.Index(b[at:], []byte(`"components": [`))
	if at < 0 || open < 0 {
		t.Fatalf("no components array after %s", mark)
	}
	depth := 0
	for i := at + open + len(`"components": `); i < len(b); i++ {
		switch b[i] {
		case '[', '{':
			depth++
		case ']', '}':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
	t.Fatalf("unterminated array after %s", mark)
	return 0
}

func TestScanJSONLayout(t *testing.T) {
	tests := []struct {
		doc    string
		ok     bool // the top-level array can be cut up
		elems  int  // its elements
		arrays int  // arrays found
		total  int  // elements in all arrays
	}{
		{`{"components":[{"a":1},{"b":"]}"}],"x":{"components":[{}]}}`, true, 2, 1, 2},
		{`{"metadata":{"components":[{}]},"components":[ {} , {} ]}`, true, 2, 1, 2},
		{`{"components":[{},,{}]}`, false, 2, 1, 2},
		{`{"components":[{} {}]}`, false, 2, 1, 2},
		{`{"components":[{},"s",{}]}`, false, 2, 1, 2},
		{`{"components":[{},{},]}`, false, 2, 1, 2},
		{`{"components":[1]}`, false, 0, 1, 0},
		{`{"components":[{}`, false, 1, 1, 1},
		{`{"components":[]}`, true, 0, 1, 0},
		{`{"componentsX":[{}]}`, false, 0, 0, 0},
		{`{"a":"components","b":[{}]}`, false, 0, 0, 0},
		{`{"components":[{"components":[{},{"components":[{}]}]},{"x":{"components":[{}]}}]}`, true, 2, 3, 5},
		{`{"components":[{"components":[{}],"components":[{}]}]}`, true, 1, 3, 3},
		{`{"components":[{"a":["components",[{}]]}]}`, true, 1, 1, 1},
		{`{"components":[{}],"components":[{}]}`, false, 1, 2, 2},
		{`{"components":[{}]}{"components":[{}]}`, false, 1, 1, 1},
		{`{"components":[{]}]}`, false, 1, 1, 1},
		{`{"dependencies":[{"ref":"a","components":[{}]}],"components":[{"components":[{}]}]}`, true, 1, 3, 2},
	}
	for _, tt := range tests {
		lay, _, err := scanJSON([]byte(tt.doc), DefaultLimits())
		if err != nil {
			t.Fatalf("%s: %v", tt.doc, err)
		}
		top := lay.top()
		ok, elems := false, 0
		if top != nil {
			ok, elems = top.ok && !lay.bad, len(top.elems)/2
		}
		if ok != tt.ok || elems != tt.elems || len(lay.arrays) != tt.arrays || lay.elems != tt.total {
			t.Errorf("%s: ok=%v elems=%d arrays=%d total=%d, want %v %d %d %d", tt.doc, ok, elems, len(lay.arrays), lay.elems, tt.ok, tt.elems, tt.arrays, tt.total)
		}
	}
	// Counting stops past MaxComponents, nested elements included.
	lim := DefaultLimits()
	lim.MaxComponents = 3
	lay, _, _ := scanJSON([]byte(`{"components":[{"components":[{},{"components":[{},{}]}]}],"dependencies":[{},{}]}`), lim)
	if !lay.tooMany || !lay.bad || lay.elems != 4 {
		t.Errorf("over MaxComponents: tooMany=%v bad=%v elems=%d, want true true 4", lay.tooMany, lay.bad, lay.elems)
	}
	// Nested duplicate components members are never cut up.
	lay, _, _ = scanJSON([]byte(`{"components":[{"components":[{}],"components":[{}]}]}`), DefaultLimits())
	if n := cutCount(&lay, fineSplit); n != 1 {
		t.Errorf("duplicate nested arrays: %d arrays cut, want 1 (the top level)", n)
	}
}

// FuzzDecodeSplit compares the concurrent decoding, cutting up every
// nested components array, with one-piece decoding: the same model, or
// the same first error at the same offset.
func FuzzDecodeSplit(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":"a"},{"type":"library","name":"b","name":"c"},{"type":"x","name":1}],"version":2}`))
	f.Add([]byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":"a","components":[{"type":"library","name":"b","components":[{"type":"library","name":"c"},{"type":"library","name":2}]}],"name":"x"}]}`))
	f.Add([]byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":"a","components":[{"type":"library","name":"b"},],"components":[]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		lay, _, err := scanJSON(data, fuzzLimits)
		if err != nil || !lay.splittable(fineSplit) {
			return
		}
		for _, p := range []splitParams{fineSplit, {pieceBytes: 1}} {
			split, offS, errS := decodeModel(context.Background(), data, &lay, 2, p)
			whole, offW, errW := decodeModel(context.Background(), data, &lay, 1, p)
			if (errS == nil) != (errW == nil) {
				t.Fatalf("split error %v, whole error %v", errS, errW)
			}
			if errS != nil {
				if offS != offW || errS.Error() != errW.Error() {
					t.Fatalf("split: %d %v\nwhole: %d %v", offS, errS, offW, errW)
				}
				continue
			}
			if !reflect.DeepEqual(split, whole) {
				t.Fatalf("models differ")
			}
		}
	})
}
