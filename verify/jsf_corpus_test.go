package verify

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// The JSF-signed examples of the CycloneDX specification all carry the
// same X.509 signing certificate (CN=example.com, "Trust Network Sub CA3"),
// whose key has this SPKI fingerprint. Pinning it lets the test reach the
// cryptographic check; the certificate path itself is not a PKI we trust.
const cdxSampleCertKey = "sha256:19faf7b1a9c0fc66c25233eaec99a5835ac6d5552abfe583e3efa150929ff4d6"

// signedObjects walks a JSON value and returns, by JSON pointer, every
// object that has a "signature" member, as raw JSON (the bytes are kept as
// written, so canonicalization sees the original numbers and strings).
func signedObjects(t *testing.T, v jsontext.Value, ptr string, out map[string][]byte) {
	switch v.Kind() {
	case '{':
		var m map[string]jsontext.Value
		if err := json.Unmarshal(v, &m); err != nil {
			t.Fatal(err)
		}
		if _, ok := m["signature"]; ok {
			out[ptr] = v
		}
		for k, c := range m {
			signedObjects(t, c, ptr+"/"+k, out)
		}
	case '[':
		var a []jsontext.Value
		if err := json.Unmarshal(v, &a); err != nil {
			t.Fatal(err)
		}
		for i, c := range a {
			signedObjects(t, c, fmt.Sprintf("%s/%d", ptr, i), out)
		}
	}
}

// TestJSFCycloneDXExamples verifies every JSF signature in the CycloneDX
// spec's signed examples (valid-signatures-*, valid-attestation-*,
// valid-standard-*), top level and nested, with the sample certificate key
// pinned, and asserts exactly which ones verify cryptographically:
//
//   - valid-signatures-1.4: all four (top level, component, service,
//     composition) verify;
//   - valid-signatures-1.5/1.6/1.7: the nested three verify; the top-level
//     one does not, because those files are the 1.4 document with only
//     specVersion (and $schema) changed and the 1.4 signature value kept;
//   - valid-attestation-* and valid-standard-*: placeholder samples (the
//     certificatePath is the literal "MIIB...", the value "tqIT..."), so
//     nothing can be checked; valid-standard has no top-level signature.
func TestJSFCycloneDXExamples(t *testing.T) {
	base := corpusDir(t, "cyclonedx-spec")
	var files []string
	for _, pat := range []string{"valid-signatures*.json", "valid-attestation*.json", "valid-standard*.json"} {
		m, err := filepath.Glob(filepath.Join(base, "test-resources", "*", pat))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no JSF examples found")
	}
	// Expected outcome per file#pointer: "ok", or the failed check.
	want := map[string]string{
		"1.4/valid-signatures-1.4.json#":                "ok",
		"1.4/valid-signatures-1.4.json#/components/0":   "ok",
		"1.4/valid-signatures-1.4.json#/services/0":     "ok",
		"1.4/valid-signatures-1.4.json#/compositions/0": "ok",
		"1.5/valid-signatures-1.5.json#":                CheckSignature,
		"1.5/valid-signatures-1.5.json#/components/0":   "ok",
		"1.5/valid-signatures-1.5.json#/services/0":     "ok",
		"1.5/valid-signatures-1.5.json#/compositions/0": "ok",
		"1.6/valid-signatures-1.6.json#":                CheckSignature,
		"1.6/valid-signatures-1.6.json#/components/0":   "ok",
		"1.6/valid-signatures-1.6.json#/services/0":     "ok",
		"1.6/valid-signatures-1.6.json#/compositions/0": "ok",
		"1.7/valid-signatures-1.7.json#":                CheckSignature,
		"1.7/valid-signatures-1.7.json#/components/0":   "ok",
		"1.7/valid-signatures-1.7.json#/services/0":     "ok",
		"1.7/valid-signatures-1.7.json#/compositions/0": "ok",
	}
	var got []string
	verified := 0
	for _, f := range files {
		rel := strings.TrimPrefix(filepath.ToSlash(f), filepath.ToSlash(filepath.Join(base, "test-resources"))+"/")
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		objs := map[string][]byte{}
		signedObjects(t, jsontext.Value(data), "", objs)
		for ptr, obj := range objs {
			id := rel + "#" + ptr
			res, err := VerifyJSF(context.Background(), obj, JSFOptions{Source: id, Fingerprints: []string{cdxSampleCertKey}})
			outcome := "ok"
			if err != nil {
				var f *Failure
				if !asFailure(err, &f) {
					t.Errorf("%s: want a verification result, got a plain error: %v", id, err)
					continue
				}
				outcome = f.Check
				if res.Verified {
					t.Errorf("%s: failure with a verified result", id)
				}
			} else {
				verified++
			}
			got = append(got, fmt.Sprintf("%s: %s (%v)", id, outcome, err))
			w, listed := want[id]
			if !listed {
				// Placeholder samples ("MIIB...", "tqIT..."): the
				// certificate does not decode.
				w = CheckSignature
				if err == nil || !strings.Contains(err.Error(), "certificatePath[0]") {
					t.Errorf("%s: want a certificatePath decoding failure, got %v", id, err)
				}
			}
			if outcome != w {
				t.Errorf("%s: got %s, want %s (%v)", id, outcome, w, err)
			}
			// Unpinned: the same signature must be refused for trust.
			if outcome == "ok" {
				res, err := VerifyJSF(context.Background(), obj, JSFOptions{Source: id})
				wantFailure(t, res, err, CheckKeyPin)
			}
		}
		// A file without a top-level signature is a failure, not a pass.
		if _, ok := objs[""]; !ok {
			res, err := VerifyJSF(context.Background(), data, JSFOptions{Source: rel, Fingerprints: []string{cdxSampleCertKey}})
			wantFailure(t, res, err, CheckSignature)
			got = append(got, rel+"#: no top-level signature")
		}
	}
	for id := range want {
		found := false
		for _, g := range got {
			if strings.HasPrefix(g, id+":") {
				found = true
			}
		}
		if !found {
			t.Errorf("expected signature %s not found", id)
		}
	}
	sort.Strings(got)
	t.Logf("CycloneDX JSF examples: %d signatures verified cryptographically:\n%s", verified, strings.Join(got, "\n"))
}
