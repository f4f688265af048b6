package sbom

import (
	"bytes"
	"context"
	"reflect"
	"testing"
)

// TestDecodeSplitMatchesWhole checks that the concurrent decoding of the
// components array gives exactly the model the one-piece decoding gives.
func TestDecodeSplitMatchesWhole(t *testing.T) {
	data := genJSON(t, 5000)
	lay, _, err := scanJSON(data, DefaultLimits())
	if err != nil || !lay.splittable() {
		t.Fatalf("layout: %v ok=%v elems=%d", err, lay.ok, len(lay.elems)/2)
	}
	split, _, err := decodeSplit(context.Background(), data, lay, 3)
	if err != nil {
		t.Fatal(err)
	}
	whole, _, err := decodeWhole(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(split, whole) {
		t.Fatal("split and whole decoding differ")
	}
	if n := len(*split.Components); n != len(lay.elems)/2 {
		t.Fatalf("%d components decoded, %d elements found", n, len(lay.elems)/2)
	}
}

// TestDecodeSplitErrors corrupts a large document in various places and
// requires the concurrent decoding to report the same first error, at the
// same position, as the one-piece decoding.
func TestDecodeSplitErrors(t *testing.T) {
	base := genJSON(t, 5000)
	// The 300th top-level element's "name" member.
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
	tests := []struct {
		name   string
		mutate func([]byte) []byte
	}{
		{"duplicate key in an element", func(b []byte) []byte {
			at := nth(b, `"name": "pkg-3000"`, 0)
			return replaceAt(b, at, `"name": "pkg-3000"`, `"name": "pkg-3000", "name": "x"`)
		}},
		{"wrong type in an element", func(b []byte) []byte {
			at := nth(b, `"name": "pkg-2500"`, 0)
			return replaceAt(b, at, `"name": "pkg-2500"`, `"name": 2500`)
		}},
		{"invalid UTF-8 in an element", func(b []byte) []byte {
			at := nth(b, `"pkg-4242"`, 0)
			return replaceAt(b, at, `"pkg-4242"`, "\"pkg-\xff\"")
		}},
		{"errors in two elements", func(b []byte) []byte {
			b = replaceAt(b, nth(b, `"name": "pkg-4500"`, 0), `"name": "pkg-4500"`, `"name": 1`)
			return replaceAt(b, nth(b, `"name": "pkg-1500"`, 0), `"name": "pkg-1500"`, `"name": 2`)
		}},
		{"duplicate key after the array", func(b []byte) []byte {
			at := nth(b, `"dependencies"`, 0)
			return replaceAt(b, at, `"dependencies"`, `"version": 2, "dependencies"`)
		}},
		{"error in the rest and in an element", func(b []byte) []byte {
			b = replaceAt(b, nth(b, `"dependencies"`, 0), `"dependencies"`, `"version": 2, "dependencies"`)
			return replaceAt(b, nth(b, `"name": "pkg-4900"`, 0), `"name": "pkg-4900"`, `"name": 1`)
		}},
		{"error before the array", func(b []byte) []byte {
			return replaceAt(b, nth(b, `"serialNumber"`, 0), `"serialNumber"`, `"version": 3, "serialNumber"`)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.mutate(base)
			lay, _, err := scanJSON(data, DefaultLimits())
			if err != nil || !lay.splittable() {
				t.Fatalf("not splittable: %v", err)
			}
			_, offS, errS := decodeSplit(context.Background(), data, lay, 2)
			_, offW, errW := decodeWhole(data, nil)
			if errS == nil || errW == nil {
				t.Fatalf("errors: split %v, whole %v", errS, errW)
			}
			if offS != offW || errS.Error() != errW.Error() {
				t.Errorf("split: %d %v\nwhole: %d %v", offS, errS, offW, errW)
			}
		})
	}
}

func TestScanJSONLayout(t *testing.T) {
	tests := []struct {
		doc   string
		ok    bool
		elems int
	}{
		{`{"components":[{"a":1},{"b":"]}"}],"x":{"components":[{}]}}`, true, 2},
		{`{"metadata":{"components":[{}]},"components":[ {} , {} ]}`, true, 2},
		{`{"components":[{},,{}]}`, false, 2},
		{`{"components":[{} {}]}`, false, 2},
		{`{"components":[{},"s",{}]}`, false, 2},
		{`{"components":[1]}`, false, 0},
		{`{"components":[{}`, false, 1},
		{`{"components":[]}`, true, 0},
		{`{"componentsX":[{}]}`, false, 0},
		{`{"a":"components","b":[{}]}`, false, 0},
	}
	for _, tt := range tests {
		lay, _, err := scanJSON([]byte(tt.doc), DefaultLimits())
		if err != nil {
			t.Fatalf("%s: %v", tt.doc, err)
		}
		if lay.ok != tt.ok || len(lay.elems)/2 != tt.elems {
			t.Errorf("%s: ok=%v elems=%d, want %v %d", tt.doc, lay.ok, len(lay.elems)/2, tt.ok, tt.elems)
		}
	}
}

// FuzzDecodeSplit compares the concurrent decoding of the components array
// with one-piece decoding on any input the pre-scan finds splittable: the
// same model, or the same first error at the same offset.
func FuzzDecodeSplit(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[{"type":"library","name":"a"},{"type":"library","name":"b","name":"c"},{"type":"x","name":1}],"version":2}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		lay, _, err := scanJSON(data, fuzzLimits)
		if err != nil || !lay.ok || len(lay.elems) == 0 || !lay.consistent() {
			return
		}
		split, offS, errS := decodeSplit(context.Background(), data, lay, 2)
		whole, offW, errW := decodeWhole(data, nil)
		if (errS == nil) != (errW == nil) {
			t.Fatalf("split error %v, whole error %v", errS, errW)
		}
		if errS != nil {
			if offS != offW || errS.Error() != errW.Error() {
				t.Fatalf("split: %d %v\nwhole: %d %v", offS, errS, offW, errW)
			}
			return
		}
		if !reflect.DeepEqual(split, whole) {
			t.Fatalf("models differ")
		}
	})
}
