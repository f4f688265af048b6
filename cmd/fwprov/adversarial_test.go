package main

// The adversarial suite: hostile releases and SBOMs in testdata/adversarial/,
// each with the exit code and reason fwprov must give. None may ever pass.
// The cases are regenerated (signatures are re-made with the committed TEST
// keys through the real `fwprov sign`) with
//
//	go test ./cmd/fwprov -run TestAdversarialRegenerate -update-adversarial
//
// and checked on every `go test ./cmd/fwprov` by TestAdversarialSuite.

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/fwprov/fwprov/verify"
)

var updateAdversarial = flag.Bool("update-adversarial", false, "regenerate testdata/adversarial (cases and manifest)")

// advCase is one entry of testdata/adversarial/cases.json.
type advCase struct {
	Name string `json:"name"`
	// Args is the fwprov command line, paths relative to the module root.
	Args []string `json:"args"`
	// Exit is the exit code the case must give: 1 (deny) or 2 (error).
	Exit int `json:"exit"`
	// Contains must appear in stdout or stderr: the precise reason.
	Contains string `json:"contains"`
	// Absent must not appear anywhere in stdout or stderr.
	Absent []string `json:"absent,omitempty"`
	// Why says what the attack is and why it must not pass.
	Why string `json:"why"`
}

const advDir = "testdata/adversarial"

func TestAdversarialSuite(t *testing.T) {
	root := moduleRoot(t)
	data, err := os.ReadFile(filepath.Join(root, advDir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []advCase
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cases); err != nil {
		t.Fatalf("cases.json: %v", err)
	}
	if len(cases) < 30 {
		t.Fatalf("cases.json has %d cases; the suite has lost cases", len(cases))
	}
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.Name] {
			t.Fatalf("case %q listed twice", c.Name)
		}
		seen[c.Name] = true
		t.Run(c.Name, func(t *testing.T) {
			if c.Exit != 1 && c.Exit != 2 {
				t.Fatalf("manifest: exit %d: an adversarial case must deny (1) or error (2)", c.Exit)
			}
			if c.Contains == "" || c.Why == "" {
				t.Fatal("manifest: contains and why are required")
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, binary, c.Args...)
			cmd.Dir = root
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			start := time.Now()
			err := cmd.Run()
			if ctx.Err() != nil {
				t.Fatalf("fwprov %s did not finish within 60s", strings.Join(c.Args, " "))
			}
			code := 0
			if err != nil {
				ee, ok := err.(*exec.ExitError)
				if !ok {
					t.Fatal(err)
				}
				code = ee.ExitCode()
			}
			all := out.String() + errb.String()
			if code == 0 {
				t.Fatalf("ALLOWED: fwprov %s exited 0 (%s); output:\n%s", strings.Join(c.Args, " "), c.Why, all)
			}
			if code != c.Exit {
				t.Errorf("exit %d, want %d; stderr: %s", code, c.Exit, errb.String())
			}
			if !strings.Contains(all, c.Contains) {
				t.Errorf("output does not contain %q; stderr: %s\nstdout (head): %.2000s", c.Contains, errb.String(), out.String())
			}
			for _, a := range c.Absent {
				if strings.Contains(all, a) {
					t.Errorf("output contains %q, which must not reach the terminal", a)
				}
			}
			for _, bad := range []string{"goroutine ", "panic:", "internal error", "runtime error"} {
				if strings.Contains(all, bad) {
					t.Errorf("output shows a crash (%q):\n%s", bad, errb.String())
				}
			}
			t.Logf("exit %d in %v: %s", code, time.Since(start).Round(time.Millisecond), firstLine(errb.String()))
		})
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// ---- regeneration ----

// advGen writes the cases into the module's testdata/adversarial.
type advGen struct {
	t     *testing.T
	root  string
	cases []advCase
}

func (g *advGen) path(p ...string) string {
	return filepath.Join(append([]string{g.root}, p...)...)
}

func (g *advGen) read(p string) []byte {
	g.t.Helper()
	b, err := os.ReadFile(g.path(p))
	if err != nil {
		g.t.Fatal(err)
	}
	return b
}

func (g *advGen) write(rel string, b []byte) {
	g.t.Helper()
	p := g.path(advDir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		g.t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		g.t.Fatal(err)
	}
}

// fwprov runs the real binary (from the module root) and fails on a non-zero exit.
func (g *advGen) fwprov(args ...string) {
	g.t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = g.root
	if out, err := cmd.CombinedOutput(); err != nil {
		g.t.Fatalf("fwprov %v: %v\n%s", args, err, out)
	}
}

// sign writes <advDir>/<rel>.sigstore.json with `fwprov sign --key`.
func (g *advGen) sign(rel, key string) {
	g.t.Helper()
	g.fwprov("sign", filepath.Join(advDir, rel), "--key", "testdata/releases/keys/"+key+".key")
}

func (g *advGen) add(c advCase) { g.cases = append(g.cases, c) }

func (g *advGen) signer(key string) crypto.Signer {
	g.t.Helper()
	s, err := verify.LoadPrivateKey(key, g.read("testdata/releases/keys/"+key+".key"))
	if err != nil {
		g.t.Fatal(err)
	}
	return s
}

// envelope is a DSSE envelope over payload, one signature per signer
// (ECDSA over SHA-256 of the DSSE v1 PAE).
func (g *advGen) envelope(payload []byte, signers ...crypto.Signer) []byte {
	g.t.Helper()
	const pt = "application/vnd.in-toto+json"
	pae := []byte("DSSEv1 " + itoa(len(pt)) + " " + pt + " " + itoa(len(payload)) + " ")
	pae = append(pae, payload...)
	type sig struct {
		KeyID string `json:"keyid"`
		Sig   string `json:"sig"`
	}
	env := struct {
		PayloadType string `json:"payloadType"`
		Payload     string `json:"payload"`
		Signatures  []sig  `json:"signatures"`
	}{PayloadType: pt, Payload: base64.StdEncoding.EncodeToString(payload)}
	for _, s := range signers {
		d := sha256.Sum256(pae)
		raw, err := s.Sign(rand.Reader, d[:], crypto.SHA256)
		if err != nil {
			g.t.Fatal(err)
		}
		env.Signatures = append(env.Signatures, sig{Sig: base64.StdEncoding.EncodeToString(raw)})
	}
	b, err := json.MarshalIndent(env, "", "  ")
	if err != nil {
		g.t.Fatal(err)
	}
	return append(b, '\n')
}

func itoa(n int) string { return strconv.Itoa(n) }

// replaceOnce replaces the first old in s, failing when absent.
func (g *advGen) replaceOnce(s []byte, old, new string) []byte {
	g.t.Helper()
	if !bytes.Contains(s, []byte(old)) {
		g.t.Fatalf("%q not found", old)
	}
	return bytes.Replace(s, []byte(old), []byte(new), 1)
}

// removeObject removes the JSON object (and its separating comma) that
// contains marker, by brace matching in s.
func (g *advGen) removeObject(s []byte, marker string) []byte {
	g.t.Helper()
	i := bytes.Index(s, []byte(marker))
	if i < 0 {
		g.t.Fatalf("%q not found", marker)
	}
	start := bytes.LastIndexByte(s[:i], '{')
	depth, end := 0, -1
	inStr := false
	for j := start; j < len(s) && end < 0; j++ {
		switch c := s[j]; {
		case inStr && c == '\\':
			j++
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				end = j + 1
			}
		}
	}
	// Take the comma after (or before, for the last element) with the object.
	rest := bytes.TrimLeft(s[end:], " \t\r\n")
	if len(rest) > 0 && rest[0] == ',' {
		end = len(s) - len(rest) + 1
	} else {
		before := bytes.TrimRight(s[:start], " \t\r\n")
		if len(before) > 0 && before[len(before)-1] == ',' {
			start = len(before) - 1
		}
	}
	return append(append([]byte{}, s[:start]...), s[end:]...)
}

const (
	duDir   = "testdata/releases/du-allowed"
	duSBOM  = "ars-du5200-24.3.1.cdx.json"
	duImage = "ars-du5200-24.3.1.img"
	ruDir   = "testdata/releases/ru-denied-origin"
	ruSBOM  = "nrs-r4408-5.2.0.cdx.json"
	ruImage = "nrs-r4408-5.2.0.img"
	relPol  = "testdata/releases/policy.yaml"
)

// release copies a bundled release into case folder name with the SBOM
// replaced by sbomBytes; bundle is written from the original release
// (the vendor's genuine signature over the original bytes).
func (g *advGen) release(name, srcDir, sbomName, image string, sbomBytes []byte) {
	g.t.Helper()
	g.write(filepath.Join(name, sbomName), sbomBytes)
	g.write(filepath.Join(name, sbomName+".sigstore.json"), g.read(filepath.Join(srcDir, sbomName+".sigstore.json")))
	g.write(filepath.Join(name, image), g.read(filepath.Join(srcDir, image)))
}

// mini is a small CycloneDX 1.6 SBOM: a firmware root supplied by Acme with
// the given components (JSON object texts).
func mini(components ...string) string {
	return `{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "version": 1,
  "metadata": {
    "component": {"type": "firmware", "bom-ref": "fw", "name": "ars-du5200-load", "version": "24.3.1",
      "supplier": {"name": "Acme RAN Solutions GmbH", "url": ["https://www.acme-ran.example"]}}
  },
  "components": [
    ` + strings.Join(components, ",\n    ") + `
  ]
}
`
}

func TestAdversarialRegenerate(t *testing.T) {
	if !*updateAdversarial {
		t.Skip("run with -update-adversarial to regenerate testdata/adversarial")
	}
	g := &advGen{t: t, root: moduleRoot(t)}
	// Everything but the hand-written README is regenerated.
	entries, _ := os.ReadDir(g.path(advDir))
	for _, e := range entries {
		if e.Name() != "README.md" {
			if err := os.RemoveAll(g.path(advDir, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	g.generate()
	b, err := json.MarshalIndent(g.cases, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	g.write("cases.json", append(b, '\n'))
}

func (g *advGen) generate() {
	a := func(p string) string { return advDir + "/" + p }
	du := g.read(filepath.Join(duDir, duSBOM))
	ru := g.read(filepath.Join(ruDir, ruSBOM))
	gate := func(dir string) []string { return []string{"gate", a(dir), "--policy", relPol} }

	// --- tampered SBOMs under the vendor's genuine bundle ---
	flipped := bytes.Clone(du)
	i := bytes.Index(flipped, []byte(`"version": "24.3.1"`)) + len(`"version": "24.3.`)
	flipped[i] ^= 0x01 // 24.3.1 -> 24.3.0
	g.release("tampered-flipped-byte", duDir, duSBOM, duImage, flipped)
	g.add(advCase{Name: "tampered-flipped-byte", Args: gate("tampered-flipped-byte"), Exit: 1, Contains: "does not verify with any trusted signer",
		Why: "one byte of the signed SBOM changed (a version 24.3.1 -> 24.3.0): the vendor's bundle no longer covers these bytes"})

	g.release("tampered-supplier-renamed", ruDir, ruSBOM, ruImage,
		bytes.ReplaceAll(bytes.ReplaceAll(ru, []byte("HiSilicon Technologies Co., Ltd."), []byte("Nordlys Radio Systems AB")),
			[]byte("Huawei Technologies Co., Ltd."), []byte("Nordlys Radio Systems AB")))
	g.add(advCase{Name: "tampered-supplier-renamed", Args: gate("tampered-supplier-renamed"), Exit: 1, Contains: "does not verify with any trusted signer",
		Why: "the HiSilicon and Huawei supplier names were renamed to the signing vendor's own name to hide listed suppliers; the signature covers the original bytes"})

	g.release("tampered-component-removed", ruDir, ruSBOM, ruImage, g.removeObject(ru, `"bom-ref": "hi1382-secure-fw@V100R002C10SPC200"`))
	g.add(advCase{Name: "tampered-component-removed", Args: gate("tampered-component-removed"), Exit: 1, Contains: "does not verify with any trusted signer",
		Why: "a HiSilicon component was deleted from the signed SBOM to hide it"})

	g.release("tampered-whitespace", duDir, duSBOM, duImage, g.replaceOnce(du, "{\n", "{ \n"))
	g.add(advCase{Name: "tampered-whitespace", Args: gate("tampered-whitespace"), Exit: 1, Contains: "does not verify with any trusted signer",
		Why: "only whitespace changed: semantically the same JSON, but signatures cover bytes and fwprov parses exactly the verified bytes"})

	// --- a valid bundle for another artifact ---
	cu := g.read("testdata/sboms/du-5g-hr.cdx.json")
	g.write("other-artifact/other.cdx.json", cu)
	g.sign("other-artifact/other.cdx.json", "acme-release")
	g.release("bundle-for-other-artifact", duDir, duSBOM, duImage, du)
	g.write(filepath.Join("bundle-for-other-artifact", duSBOM+".sigstore.json"), g.read(a("other-artifact/other.cdx.json.sigstore.json")))
	g.add(advCase{Name: "bundle-for-other-artifact", Args: gate("bundle-for-other-artifact"), Exit: 1, Contains: "does not verify with any trusted signer",
		Why: "a genuine Acme bundle, but over a different SBOM (another DU load's): it proves nothing about this SBOM"})
	g.add(advCase{Name: "verify-bundle-for-other-artifact",
		Args: []string{"verify", a("bundle-for-other-artifact/" + duSBOM), "--bundle", a("other-artifact/other.cdx.json.sigstore.json"), "--key", "testdata/releases/keys/acme-release.pub"},
		Exit: 1, Contains: "not verified: signature", Why: "verify: the same bundle for another artifact"})
	g.add(advCase{Name: "verify-wrong-signer",
		Args: []string{"verify", duDir + "/" + duSBOM, "--bundle", duDir + "/" + duSBOM + ".sigstore.json", "--key", "testdata/releases/keys/rogue-signer.pub"},
		Exit: 1, Contains: "not verified: signature", Why: "the genuine bundle checked against a key that did not make it"})

	// --- a release signed by a key the policy does not trust ---
	g.write("rogue-signed/"+duSBOM, du)
	g.write("rogue-signed/"+duImage, g.read(filepath.Join(duDir, duImage)))
	g.sign("rogue-signed/"+duSBOM, "rogue-signer")
	g.add(advCase{Name: "rogue-signed", Args: gate("rogue-signed"), Exit: 1, Contains: "does not verify with any trusted signer",
		Why: "the attacker re-signed the release with a key of their own; the policy trusts only the vendors' keys"})

	// --- a release signed by the other vendor's (trusted) key ---
	g.write("cross-vendor-signed/"+duSBOM, du)
	g.write("cross-vendor-signed/"+duImage, g.read(filepath.Join(duDir, duImage)))
	g.sign("cross-vendor-signed/"+duSBOM, "nordlys-release")
	g.add(advCase{Name: "cross-vendor-signed", Args: gate("cross-vendor-signed"), Exit: 1, Contains: "signer-entity",
		Why: "Acme's release signed by Nordlys's key: trusted for Nordlys's own releases only"})

	// --- attestations ---
	img := g.read(filepath.Join(duDir, duImage))
	other := sha256.Sum256([]byte("another firmware image"))
	stmt := func(sum []byte) []byte {
		return []byte(`{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"` + duImage + `","digest":{"sha256":"` + hex.EncodeToString(sum) +
			`"}}],"predicateType":"https://cyclonedx.org/bom/v1.6","predicate":` + string(bytes.TrimSpace(du)) + `}`)
	}
	acme := g.signer("acme-release")
	g.write("attestation-subject-mismatch/"+duImage, img)
	g.write("attestation-subject-mismatch/du.intoto.json", g.envelope(stmt(other[:]), acme))
	g.add(advCase{Name: "attestation-subject-mismatch",
		Args: []string{"gate", "--attestation", a("attestation-subject-mismatch/du.intoto.json"), "--firmware", a("attestation-subject-mismatch/" + duImage), "--policy", relPol},
		Exit: 1, Contains: "no subject names the artifact",
		Why: "a genuine Acme attestation whose subject is another image's digest: it says nothing about this image"})
	g.add(advCase{Name: "verify-attestation-subject-mismatch",
		Args: []string{"verify", a("attestation-subject-mismatch/" + duImage), "--attestation", a("attestation-subject-mismatch/du.intoto.json"), "--key", "testdata/releases/keys/acme-release.pub"},
		Exit: 1, Contains: "no subject names the artifact", Why: "verify: the same attestation"})
	imgSum := sha256.Sum256(img)
	g.write("dsse-two-signatures/"+duImage, img)
	g.write("dsse-two-signatures/du.intoto.json", g.envelope(stmt(imgSum[:]), acme, g.signer("rogue-signer")))
	g.add(advCase{Name: "dsse-two-signatures",
		Args: []string{"verify", a("dsse-two-signatures/" + duImage), "--attestation", a("dsse-two-signatures/du.intoto.json"), "--key", "testdata/releases/keys/acme-release.pub"},
		Exit: 1, Contains: "2 signatures",
		Why: "a DSSE envelope with the vendor's signature and a second one: verifiers disagree on such envelopes, so exactly one is accepted"})
	g.add(advCase{Name: "gate-dsse-two-signatures",
		Args: []string{"gate", "--attestation", a("dsse-two-signatures/du.intoto.json"), "--firmware", a("dsse-two-signatures/" + duImage), "--policy", relPol},
		Exit: 1, Contains: "2 signatures; exactly one is accepted", Why: "gate: the same two-signature envelope (denied without reading the SBOM inside)"})

	// --- CycloneDX JSF ---
	g.write("jsf/du.cdx.json", du)
	g.fwprov("sign", a("jsf/du.cdx.json"), "--key", "testdata/releases/keys/acme-release.key", "--jsf", "--output", a("jsf/du.jsf.cdx.json"))
	signed := g.read(a("jsf/du.jsf.cdx.json"))
	if err := os.Remove(g.path(advDir, "jsf/du.cdx.json")); err != nil {
		g.t.Fatal(err)
	}
	jsfVerify := func(file string, extra ...string) []string {
		return append([]string{"verify", a("jsf/" + file), "--jsf"}, extra...)
	}
	pin := []string{"--jsf-key", "testdata/releases/keys/acme-release.pub"}
	var sigObj struct {
		Signature map[string]any `json:"signature"`
	}
	if err := json.Unmarshal(signed, &sigObj); err != nil {
		g.t.Fatal(err)
	}
	if sigObj.Signature == nil {
		g.t.Fatalf("signed BOM has no top-level signature")
	}
	sigKey := `"signature": {`
	if !bytes.Contains(signed, []byte(sigKey)) {
		sigKey = `"signature":{`
	}
	for _, ex := range []string{"components", "metadata"} {
		b := g.replaceOnce(signed, sigKey, sigKey+`"excludes": ["`+ex+`"], `)
		if ex == "components" {
			b = g.replaceOnce(b, "Acme RAN Solutions GmbH", "Huawei Technologies Co., Ltd.")
		}
		name := "excludes-" + ex + ".jsf.cdx.json"
		g.write("jsf/"+name, b)
		g.add(advCase{Name: "jsf-excludes-" + ex, Args: jsfVerify(name, pin...), Exit: 1, Contains: "may not be left unsigned",
			Why: `"excludes": ["` + ex + `"] added to a genuine JSF signature to leave the ` + ex + ` unsigned, so they can be edited`})
	}
	g.write("jsf/du.cdx.json", du)
	g.fwprov("sign", a("jsf/du.cdx.json"), "--key", "testdata/releases/keys/rogue-signer.key", "--jsf", "--output", a("jsf/swapped-key.jsf.cdx.json"))
	if err := os.Remove(g.path(advDir, "jsf/du.cdx.json")); err != nil {
		g.t.Fatal(err)
	}
	g.add(advCase{Name: "jsf-swapped-key-unpinned", Args: jsfVerify("swapped-key.jsf.cdx.json"), Exit: 1, Contains: "is not pinned",
		Why: "the attacker re-signed the BOM with their own key and embedded it: an embedded key proves nothing unless pinned"})
	g.add(advCase{Name: "jsf-swapped-key-pinned", Args: jsfVerify("swapped-key.jsf.cdx.json", pin...), Exit: 1, Contains: "is not pinned",
		Why: "the same, checked against the vendor's pinned key"})
	val, _ := sigObj.Signature["value"].(string)
	if val == "" {
		g.t.Fatalf("no signature value")
	}
	var rogue struct {
		Signature map[string]any `json:"signature"`
	}
	if err := json.Unmarshal(g.read(a("jsf/swapped-key.jsf.cdx.json")), &rogue); err != nil {
		g.t.Fatal(err)
	}
	g.write("jsf/value-replaced.jsf.cdx.json", g.replaceOnce(signed, val, rogue.Signature["value"].(string)))
	g.add(advCase{Name: "jsf-value-replaced", Args: jsfVerify("value-replaced.jsf.cdx.json", pin...), Exit: 1, Contains: "does not verify with key",
		Why: "the JSF signature value replaced by another (valid-looking) one"})

	for _, alg := range []string{"none", "HS256", "Ed25519"} {
		name := "algorithm-" + strings.ToLower(alg) + ".jsf.cdx.json"
		g.write("jsf/"+name, g.replaceOnce(signed, `"algorithm": "ES256"`, `"algorithm": "`+alg+`"`))
		contains := "unsupported JSF algorithm"
		if alg == "Ed25519" {
			contains = "not verified"
		}
		g.add(advCase{Name: "jsf-algorithm-" + strings.ToLower(alg), Args: jsfVerify(name, pin...), Exit: 1, Contains: contains,
			Why: "the genuine JSF signature with its algorithm changed to " + alg + " (algorithm confusion: 'none', an HMAC keyed with public key bytes, a different curve family)"})
	}

	// --- duplicate object keys (I-JSON) ---
	dup := mini(`{"type": "library", "bom-ref": "ksx", "name": "ksx-pcie", "version": "3.8.2",
      "supplier": {"name": "Acme RAN Solutions GmbH"},
      "supplier": {"name": "Huawei Technologies Co., Ltd."}}`)
	g.write("duplicate-key/sbom.cdx.json", []byte(dup))
	g.add(advCase{Name: "duplicate-key-check", Args: []string{"check", a("duplicate-key/sbom.cdx.json")}, Exit: 2, Contains: "duplicate",
		Why: `two "supplier" keys in one object: parsers disagree on which wins (first vs last), so the document is refused outright (I-JSON, RFC 7493)`})
	g.add(advCase{Name: "duplicate-key-inspect", Args: []string{"inspect", a("duplicate-key/sbom.cdx.json")}, Exit: 2, Contains: "duplicate",
		Why: "inspect refuses the same document"})
	g.write("duplicate-key-signed/"+duSBOM, g.replaceOnce(du, `"supplier": {`, `"supplier": {"name": "Huawei Technologies Co., Ltd."},
      "supplier": {`))
	g.write("duplicate-key-signed/"+duImage, img)
	g.sign("duplicate-key-signed/"+duSBOM, "acme-release")
	g.add(advCase{Name: "duplicate-key-signed", Args: gate("duplicate-key-signed"), Exit: 2, Contains: "duplicate",
		Why: "a validly signed SBOM with a duplicate key: a signature over ambiguous bytes is still ambiguous"})

	// --- XML: DOCTYPE, external entities, entity expansion ---
	g.write("xml/xxe.cdx.xml", []byte(`<?xml version="1.0"?>
<!DOCTYPE bom [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
  <components>
    <component type="library"><name>&xxe;</name><supplier><name>Acme RAN Solutions GmbH</name></supplier></component>
  </components>
</bom>
`))
	g.add(advCase{Name: "xml-xxe", Args: []string{"check", a("xml/xxe.cdx.xml")}, Exit: 2, Contains: "DOCTYPE", Absent: []string{"root:x:0:0"},
		Why: "an external entity reading file:///etc/passwd: no DOCTYPE is accepted, so no entity is ever resolved"})
	var lol strings.Builder
	lol.WriteString("<?xml version=\"1.0\"?>\n<!DOCTYPE bom [\n  <!ENTITY lol \"lol\">\n")
	prev := "lol"
	for i := 1; i <= 9; i++ {
		lol.WriteString("  <!ENTITY lol" + itoa(i) + " \"" + strings.Repeat("&"+prev+";", 10) + "\">\n")
		prev = "lol" + itoa(i)
	}
	lol.WriteString("]>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" version=\"1\"><components><component type=\"library\"><name>&lol9;</name></component></components></bom>\n")
	g.write("xml/billion-laughs.cdx.xml", []byte(lol.String()))
	g.add(advCase{Name: "xml-billion-laughs", Args: []string{"inspect", a("xml/billion-laughs.cdx.xml")}, Exit: 2, Contains: "DOCTYPE",
		Why: "nested internal entities expanding to 10^9 'lol's"})
	g.write("xml/doctype-only.cdx.xml", []byte(`<?xml version="1.0"?>
<!DOCTYPE bom SYSTEM "http://attacker.example/bom.dtd">
<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components/></bom>
`))
	g.add(advCase{Name: "xml-external-dtd", Args: []string{"check", a("xml/doctype-only.cdx.xml")}, Exit: 2, Contains: "DOCTYPE",
		Why: "an external DTD: nothing is fetched, the DOCTYPE is refused"})

	// --- the same bom-ref twice with different suppliers ---
	g.write("duplicate-bom-ref/sbom.cdx.json", []byte(mini(
		`{"type": "library", "bom-ref": "bsp", "name": "board-support", "version": "1.0", "supplier": {"name": "Acme RAN Solutions GmbH"}}`,
		`{"type": "library", "bom-ref": "bsp", "name": "board-support", "version": "1.0", "supplier": {"name": "Huawei Technologies Co., Ltd."}}`)))
	g.add(advCase{Name: "duplicate-bom-ref", Args: []string{"check", a("duplicate-bom-ref/sbom.cdx.json")}, Exit: 1, Contains: "Huawei",
		Why: "two components share a bom-ref, one clean and one Huawei: a lookup by ref must not let the clean one stand for both"})

	for _, tc := range []struct{ name, data, why string }{
		{"duplicate-bom-ref-reversed", mini(
			`{"type": "library", "bom-ref": "bsp", "name": "board-support", "version": "1.0", "supplier": {"name": "Huawei Technologies Co., Ltd."}}`,
			`{"type": "library", "bom-ref": "bsp", "name": "board-support", "version": "1.0", "supplier": {"name": "Acme RAN Solutions GmbH"}}`),
			"the same, Huawei first: neither first-wins nor last-wins may hide it"},
		{"duplicate-bom-ref-nested", mini(
			`{"type": "library", "bom-ref": "bsp", "name": "board-support", "version": "1.0", "supplier": {"name": "Acme RAN Solutions GmbH"},
      "components": [{"type": "library", "bom-ref": "bsp", "name": "board-support", "version": "1.0", "supplier": {"name": "Huawei Technologies Co., Ltd."}}]}`),
			"a Huawei component nested inside a clean one under the same bom-ref"},
		{"duplicate-bom-ref-root", strings.Replace(mini(
			`{"type": "library", "bom-ref": "fw", "name": "ars-du5200-load", "version": "24.3.1", "supplier": {"name": "Huawei Technologies Co., Ltd."}}`),
			"\n}\n", `,
  "dependencies": [{"ref": "fw", "dependsOn": ["fw"]}]
}
`, 1), "a Huawei component reusing the firmware root's bom-ref (and a self-dependency on it)"},
	} {
		g.write("duplicate-bom-ref/"+tc.name+".cdx.json", []byte(tc.data))
		g.add(advCase{Name: tc.name, Args: []string{"check", a("duplicate-bom-ref/" + tc.name + ".cdx.json")}, Exit: 1, Contains: "Huawei", Why: tc.why})
	}

	// --- dependency cycles and self-references terminate ---
	g.write("dependency-cycle/sbom.cdx.json", []byte(strings.Replace(mini(
		`{"type": "library", "bom-ref": "a", "name": "a", "version": "1", "supplier": {"name": "Acme RAN Solutions GmbH"}}`,
		`{"type": "library", "bom-ref": "b", "name": "b", "version": "1", "supplier": {"name": "Acme RAN Solutions GmbH"}}`,
		`{"type": "library", "bom-ref": "c", "name": "c", "version": "1", "supplier": {"name": "Huawei Technologies Co., Ltd."}}`),
		"\n}\n", `,
  "dependencies": [
    {"ref": "fw", "dependsOn": ["fw", "a"]},
    {"ref": "a", "dependsOn": ["b", "a"]},
    {"ref": "b", "dependsOn": ["c", "a"]},
    {"ref": "c", "dependsOn": ["a", "c", "fw"]}
  ]
}
`, 1)))
	g.add(advCase{Name: "dependency-cycle", Args: []string{"check", a("dependency-cycle/sbom.cdx.json")}, Exit: 1, Contains: "Huawei",
		Why: "dependency cycles (fw -> a -> b -> c -> a, c -> fw) and self-references must terminate, and the Huawei part is still found"})

	// --- firmware image names that leave the release folder ---
	for _, tc := range []struct{ name, image string }{{"image-path-traversal", "../../../../etc/passwd"}, {"image-absolute-path", "/etc/passwd"}} {
		b := g.replaceOnce(du, `"value": "`+duImage+`"`, `"value": "`+tc.image+`"`)
		g.write(tc.name+"/"+duSBOM, b)
		g.write(tc.name+"/"+duImage, img)
		g.sign(tc.name+"/"+duSBOM, "acme-release")
		g.add(advCase{Name: tc.name, Args: gate(tc.name), Exit: 1, Contains: "is not a plain file name in the release folder",
			Why: "a validly signed SBOM naming its image " + tc.image + ": the gate must not hash (or disclose) any file outside the release folder"})
	}

	// --- a gzip bomb ---
	var gzb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gzb, gzip.BestCompression)
	if _, err := zw.Write([]byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{"component":{"type":"firmware","name":"`)); err != nil {
		g.t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("A"), 1<<20)
	for range 64 {
		if _, err := zw.Write(chunk); err != nil {
			g.t.Fatal(err)
		}
	}
	_, _ = zw.Write([]byte(`"}}}`))
	if err := zw.Close(); err != nil {
		g.t.Fatal(err)
	}
	g.write("gzip-bomb/bomb.cdx.json.gz", gzb.Bytes())
	g.add(advCase{Name: "gzip-bomb", Args: []string{"inspect", a("gzip-bomb/bomb.cdx.json.gz"), "--max-sbom-bytes", "16777216"}, Exit: 2, Contains: "decompresses to more than the 16 MiB limit",
		Why: "a ~64 KiB gzip expanding to 64 MiB, over --max-sbom-bytes 16 MiB: refused while decompressing, not after"})
	g.add(advCase{Name: "gzip-bomb-check", Args: []string{"check", a("gzip-bomb/bomb.cdx.json.gz"), "--max-sbom-bytes", "16777216"}, Exit: 2, Contains: "decompresses to more than the 16 MiB limit",
		Why: "check refuses the same bomb"})

	// --- Unicode tricks in supplier names ---
	for _, tc := range []struct{ name, supplier, why string }{
		{"zero-width-space", "Hua\u200bwei Technologies Co., Ltd.", "a zero-width space inside the name"},
		{"zero-width-joiner", "Hua\u200dwei", "a zero-width joiner inside the name"},
		{"zero-width-non-joiner", "Hu\u200cawei", "a zero-width non-joiner inside the name"},
		{"word-joiner", "Hua\u2060wei", "a word joiner (U+2060) inside the name"},
		{"byte-order-mark", "\ufeffHuawei", "a byte-order mark (U+FEFF) in front of the name"},
		{"soft-hyphen", "Hua\u00adwei", "a soft hyphen inside the name"},
		{"fullwidth", "Ｈｕａｗｅｉ Ｔｅｃｈｎｏｌｏｇｉｅｓ", "fullwidth letters"},
		{"homoglyph-cyrillic", "Huаwеі Technologies Co., Ltd.", "Cyrillic а, е and і for the Latin letters"},
		{"homoglyph-greek", "ΗUΑWΕΙ", "Greek capitals Eta, Alpha, Epsilon, Iota"},
		{"rtl-override", "\u202eiewauH\u202c", "a right-to-left override: the bytes spell 'iewauH', the terminal shows 'Huawei'"},
		{"bidi-embedding", "Hua\u202awei\u202c", "a left-to-right embedding inside the name"},
		{"bidi-isolate", "\u2066Huawei\u2069", "directional isolates around the name"},
		{"combining-marks", "Hu\u0334a\u0335wei", "combining overlay marks on the letters"},
		{"combining-grapheme-joiner", "Hua\u034fwei", "a combining grapheme joiner (U+034F) inside the name"},
		{"variation-selector", "Hua\ufe0fwei", "a variation selector inside the name"},
		{"tag-characters", "Hua\U000E0041wei", "a Unicode tag character inside the name"},
	} {
		sup, _ := json.Marshal(tc.supplier)
		g.write("unicode/"+tc.name+".cdx.json", []byte(mini(`{"type": "library", "bom-ref": "x", "name": "baseband-dsp", "version": "1", "supplier": {"name": `+string(sup)+`}}`)))
		g.add(advCase{Name: "unicode-" + tc.name, Args: []string{"check", a("unicode/" + tc.name + ".cdx.json"), "--format", "json"}, Exit: 1, Contains: `"huawei"`,
			Why: tc.why + ": the supplier must still resolve to the listed entity huawei (deny under the baseline preset)"})
	}

	// --- encoding tricks in JSON strings ---
	for _, tc := range []struct {
		name, supplier string
		exit           int
		contains, why  string
	}{
		{"json-escaped-zero-width", `Hua\u200bwei`, 1, "huawei", "the zero-width space written as a JSON escape (\\u200b) rather than raw UTF-8"},
		{"json-escaped-nul", `Huawei\u0000 Acme RAN`, 1, "huawei", "a NUL (\\u0000) inside the name: C-string consumers would stop at it"},
		{"json-lone-surrogate", `Hua\ud800wei`, 2, "invalid surrogate", "a lone UTF-16 surrogate escape: not a Unicode string, refused (I-JSON)"},
		{"json-invalid-utf8", "Hua\xffwei", 2, "invalid UTF-8", "a raw 0xFF byte inside the name: not UTF-8, refused (I-JSON)"},
	} {
		data := mini(`{"type": "library", "bom-ref": "x", "name": "baseband-dsp", "version": "1", "supplier": {"name": "` + tc.supplier + `"}}`)
		g.write("encoding/"+tc.name+".cdx.json", []byte(data))
		args := []string{"check", a("encoding/" + tc.name + ".cdx.json")}
		if tc.exit == 1 {
			args = append(args, "--format", "json")
			tc.contains = `"` + tc.contains + `"`
		}
		g.add(advCase{Name: tc.name, Args: args, Exit: tc.exit, Contains: tc.contains, Why: tc.why})
	}

	// --- release-folder tricks ---
	g.write("image-symlink/"+duSBOM, du)
	g.write("image-symlink/"+duSBOM+".sigstore.json", g.read(filepath.Join(duDir, duSBOM+".sigstore.json")))
	if err := os.Symlink("../../releases/du-allowed/"+duImage, g.path(advDir, "image-symlink", duImage)); err != nil {
		g.t.Fatal(err)
	}
	g.add(advCase{Name: "image-symlink", Args: gate("image-symlink"), Exit: 1, Contains: "not a regular file",
		Why: "the image in the release folder is a symlink (here to the genuine image; it could point anywhere on the host): only regular files are hashed"})
	g.write("bundle-symlink/"+duSBOM, du)
	g.write("bundle-symlink/"+duImage, img)
	if err := os.Symlink("../../releases/du-allowed/"+duSBOM+".sigstore.json", g.path(advDir, "bundle-symlink", duSBOM+".sigstore.json")); err != nil {
		g.t.Fatal(err)
	}
	g.add(advCase{Name: "bundle-symlink", Args: gate("bundle-symlink"), Exit: 1, Contains: "required signature missing",
		Why: "the bundle is a symlink: signature material is never followed through links, so the required signature is missing"})
	g.write("two-sboms/"+duSBOM, du)
	g.write("two-sboms/"+duSBOM+".sigstore.json", g.read(filepath.Join(duDir, duSBOM+".sigstore.json")))
	g.write("two-sboms/"+duImage, img)
	g.write("two-sboms/zz-other.cdx.json", []byte(mini(`{"type": "library", "bom-ref": "x", "name": "dsp", "version": "1", "supplier": {"name": "Huawei Technologies Co., Ltd."}}`)))
	g.add(advCase{Name: "two-sboms", Args: gate("two-sboms"), Exit: 2, Contains: "2 SBOMs",
		Why: "a second, unsigned SBOM beside the signed one: the gate must not pick one silently"})
	g.write("xml-doctype-signed/fw.cdx.xml", g.read(a("xml/xxe.cdx.xml")))
	g.sign("xml-doctype-signed/fw.cdx.xml", "acme-release")
	g.add(advCase{Name: "xml-doctype-signed", Args: gate("xml-doctype-signed"), Exit: 2, Contains: "DOCTYPE",
		Why: "an XXE SBOM validly signed by the vendor's key: a signature does not make entity expansion safe"})

	// --- terminal escape sequences in names ---
	esc := mini(`{"type": "library", "bom-ref": "x", "name": "\u001b[2J\u001b[H\u001b[32mALLOW\u001b[0m", "version": "1\u0007",
      "supplier": {"name": "Huawei Technologies Co., Ltd.\u001b]0;pwned\u0007\u009b31m"}}`)
	g.write("terminal-escapes/sbom.cdx.json", []byte(esc))
	g.add(advCase{Name: "terminal-escapes", Args: []string{"check", a("terminal-escapes/sbom.cdx.json")}, Exit: 1,
		Contains: "Huawei", Absent: []string{"\x1b", "\a", "\u009b"},
		Why: "ESC[2J (clear screen), an OSC title sequence, BEL and a C1 CSI in names: the text report must escape them, never pass them raw to the terminal"})
	for _, f := range []string{"markdown", "junit", "sarif"} {
		absent := []string{"\x1b", "\a", "\u009b"}
		if f == "sarif" {
			// JSON escapes C0 controls; it may carry U+009B as a character.
			absent = absent[:2]
		}
		g.add(advCase{Name: "terminal-escapes-" + f, Args: []string{"check", a("terminal-escapes/sbom.cdx.json"), "--format", f}, Exit: 1,
			Contains: "Huawei", Absent: absent,
			Why: "the same names in the " + f + " report (printed to a terminal, or parsed by CI: raw control characters are not even valid XML 1.0)"})
	}
	g.write("terminal-escapes-release/fw.cdx.json", []byte(esc))
	g.sign("terminal-escapes-release/fw.cdx.json", "acme-release")
	g.add(advCase{Name: "terminal-escapes-gate", Args: gate("terminal-escapes-release"), Exit: 1,
		Contains: "Huawei", Absent: []string{"\x1b", "\a", "\u009b"},
		Why: "a validly signed release whose names carry terminal escapes: the gate report escapes them too"})

	g.hiddenVendor(du, img)
}

// hiddenVendor writes validly signed releases (Acme's genuine DU load,
// re-signed with Acme's key after the edit) that name Huawei only in a
// place a reader of supplier fields would miss, or that would be read
// differently by different parsers: each must deny (or be refused).
func (g *advGen) hiddenVendor(du, img []byte) {
	const hw = "Huawei Technologies Co., Ltd."
	// signed writes the edited SBOM with the image into hidden/<name>/,
	// signs it with Acme's key, and adds the case.
	signed := func(name, sbomName string, sbom []byte, exit int, contains, why string) {
		dir := "hidden/" + name
		g.write(dir+"/"+sbomName, sbom)
		g.write(dir+"/"+duImage, img)
		g.sign(dir+"/"+sbomName, "acme-release")
		g.add(advCase{Name: "hidden-" + name, Args: []string{"gate", advDir + "/" + dir, "--policy", relPol}, Exit: exit, Contains: contains, Why: why})
	}
	after := func(anchor, insert string) []byte { return g.replaceOnce(du, anchor, anchor+insert) }
	const zlib = `"bom-ref": "zlib@1.3.1",`

	signed("metadata-manufacturer", duSBOM, g.replaceOnce(du, `    "manufacturer": {
      "name": "Acme RAN Solutions GmbH",`, `    "manufacturer": {
      "name": "`+hw+`",`), 1, "signer-entity",
		"metadata.manufacturer names Huawei while the firmware's own supplier is Acme: the BOM metadata describes the firmware, so the firmware's origin is a conflict and the signer cannot be tied to it")
	signed("tool-supplier", duSBOM, g.replaceOnce(du, `"name": "Acme RAN Solutions GmbH"
          },
          "name": "ars-sbom-assembler"`, `"name": "`+hw+`"
          },
          "name": "ars-sbom-assembler"`), 1, "covered-entity",
		"the tool that assembled the SBOM (metadata.tools.components) is supplied by Huawei")
	signed("pedigree-ancestor", duSBOM, after(zlib, `
          "pedigree": {"ancestors": [{"type": "library", "bom-ref": "zlib-vendor-fork@1.3.1", "name": "zlib", "version": "1.3.1-hw",
            "supplier": {"name": "`+hw+`"}, "purl": "pkg:generic/huawei/zlib@1.3.1-hw"}]},`), 1, "zlib@1.3.1-hw",
		"zlib's pedigree names a Huawei fork as its ancestor: components in a pedigree are components of the BOM")
	signed("pedigree-commit", duSBOM, after(zlib, `
          "pedigree": {"commits": [{"uid": "5c9a1e0", "url": "https://github.com/madler/zlib/commit/5c9a1e0",
            "author": {"name": "Li Wei", "email": "li.wei@huawei.com", "timestamp": "2024-01-22T10:00:00Z"}}]},`), 1, "covered-entity",
		"a commit in zlib's pedigree was authored from a huawei.com address")
	signed("service-endpoint", duSBOM, g.replaceOnce(du, "\n  \"dependencies\": [", `
  "services": [{"bom-ref": "oam-telemetry", "name": "oam-telemetry", "provider": {"name": "Acme RAN Solutions GmbH"},
    "endpoints": ["https://oam-telemetry.huaweicloud.com/v1/ingest"]}],
  "dependencies": [`), 1, "oam-telemetry",
		"the DU reports to a telemetry service whose endpoint is on huaweicloud.com: services are parts of the BOM")
	signed("service-provider", duSBOM, g.replaceOnce(du, "\n  \"dependencies\": [", `
  "services": [{"bom-ref": "ota", "name": "ota-update", "provider": {"name": "Acme RAN Solutions GmbH"},
    "services": [{"bom-ref": "ota-cdn", "name": "ota-cdn", "provider": {"name": "`+hw+`"}}]}],
  "dependencies": [`), 1, "ota-cdn",
		"a nested service (the update CDN) is provided by Huawei")
	signed("licensor", duSBOM, after(zlib, `
          "evidence": {"licenses": [{"license": {"name": "Vendor redistribution licence", "licensing": {"licensor": {"organization": {"name": "`+hw+`"}}}}}]},`), 1, "covered-entity",
		"the licence zlib is distributed under is granted by Huawei (licensing.licensor)")
	signed("annotator", duSBOM, g.replaceOnce(du, "\n  \"dependencies\": [", `
  "annotations": [{"subjects": ["openssl@3.0.15"], "annotator": {"organization": {"name": "`+hw+`", "url": ["https://www.huawei.com"]}},
    "timestamp": "2026-10-06T09:14:22Z", "text": "Hardened build provided by the platform vendor"}],
  "dependencies": [`), 1, "covered-entity",
		"an annotation on openssl is made by Huawei: an annotator is evidence of its subjects")
	signed("email-list", duSBOM, g.replaceOnce(du, `"email": "psirt@acme-ran.example"`, `"email": "\"Acme RAN PSIRT\" <psirt@acme-ran.example>, escalation@huawei.com (L3)"`), 1, "covered-entity",
		"the firmware's supplier contact is an address list whose second address is at huawei.com")
	signed("url-without-scheme", duSBOM, after(zlib, `
          "externalReferences": [{"type": "distribution", "url": "download.huawei.com/opensource/zlib-1.3.1.tar.gz"}],`), 1, "covered-entity",
		"zlib's distribution reference has no scheme: download.huawei.com/… is still a URL")
	signed("code-host-org", duSBOM, g.replaceOnce(du, `"purl": "pkg:github/madler/zlib@v1.3.1"`, `"purl": "pkg:github/madler/zlib@v1.3.1",
          "externalReferences": [{"type": "vcs", "url": "git@github.com:huaweicloud/zlib.git"}]`), 1, "covered-entity",
		"zlib's VCS is in the huaweicloud organisation on GitHub (an scp-style git location): the organisation, not the shared host, is the evidence")
	signed("purl-qualifier", duSBOM, g.replaceOnce(du, `"purl": "pkg:github/madler/zlib@v1.3.1"`, `"purl": "pkg:github/madler/zlib@v1.3.1?download_url=https%3A%2F%2Fmirrors.huaweicloud.com%2Fzlib%2Fzlib-1.3.1.tar.gz"`), 1, "covered-entity",
		"zlib's purl says it was downloaded from mirrors.huaweicloud.com (download_url qualifier)")
	signed("author-organisation", duSBOM, after(zlib, `
          "authors": [{"name": "Huawei Device Co., Ltd."}],`), 1, "covered-entity",
		"zlib's author is an organisation (a legal-form suffix): its name is matched by tokens, not only as a whole name")
	var holders strings.Builder
	for i := 1; i <= 300; i++ {
		fmt.Fprintf(&holders, "Copyright (c) 2024 Contributor %d\\n", i)
	}
	holders.WriteString("Copyright (c) 2021 " + hw)
	signed("truncated-copyright", duSBOM, g.replaceOnce(du, `"bom-ref": "ars-du5200-bsp@24.3.1",`, `"bom-ref": "ars-du5200-bsp@24.3.1",
      "copyright": "`+holders.String()+`",`), 1, "conflicting-origin",
		"the BSP's copyright text names Huawei after 300 other holders: where a limit stops reading evidence, the part cannot resolve cleanly to its label")
	tag := base64.StdEncoding.EncodeToString([]byte(`<?xml version="1.0" encoding="x-vendor-cp"?><SoftwareIdentity name="bsp" tagId="bsp"><Entity name="` + hw + `" role="softwareCreator"/></SoftwareIdentity>`))
	signed("swid-charset", duSBOM, g.replaceOnce(du, `"bom-ref": "ars-du5200-bsp@24.3.1",`, `"bom-ref": "ars-du5200-bsp@24.3.1",
      "swid": {"tagId": "bsp", "name": "bsp", "text": {"contentType": "application/swid+xml", "encoding": "base64", "content": "`+tag+`"}},`), 1, "conflicting-origin",
		"the BSP's SWID tag is in a charset fwprov cannot decode: unread evidence is a problem, and the part cannot resolve cleanly")
	// One reading: what parsers would read differently is refused.
	signed("identity-case-duplicate", duSBOM, after(zlib, `
          "evidence": {"identity": {"field": "purl", "concludedValue": "pkg:github/madler/zlib@v1.3.1", "ConcludedValue": "pkg:maven/com.huawei/zlib@1.3.1"}},`), 2, "duplicate",
		"evidence.identity (decoded by cyclonedx-go's own method) repeats concludedValue in another case: encoding/json keeps the last, case-sensitive parsers the first")
	signed("hybrid-spdx", duSBOM, g.replaceOnce(du, `"bomFormat": "CycloneDX",`, `"bomFormat": "CycloneDX",
  "spdxVersion": "SPDX-2.3",`), 2, "both CycloneDX",
		"the SBOM is at once CycloneDX and SPDX: readers would disagree on what it is")
	xmlSBOM := g.xmlTwin(du)
	signed("xml-repeated-supplier", "ars-du5200-24.3.1.cdx.xml", g.replaceOnce(xmlSBOM, "<supplier>", "<supplier><name>"+hw+"</name></supplier><supplier>"), 2, "repeated",
		"an XML SBOM repeats <supplier> in the firmware component: encoding/xml keeps the last one, other readers the first")

	// SPDX: the firmware's twin with a file contributed by Huawei.
	sum := sha256.Sum256(img)
	spdx := `{
  "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": "ars-du5200-load 24.3.1",
  "documentNamespace": "https://acme-ran.example/spdx/ars-du5200-load-24.3.1",
  "creationInfo": {"created": "2026-10-06T09:14:22Z", "creators": ["Organization: Acme RAN Solutions GmbH (release-eng@acme-ran.example)", "Tool: ars-sbom-assembler-3.4.0"]},
  "documentDescribes": ["SPDXRef-du"],
  "packages": [
    {"name": "ARS-DU5200 DU software load", "SPDXID": "SPDXRef-du", "versionInfo": "24.3.1", "primaryPackagePurpose": "FIRMWARE",
     "packageFileName": "` + duImage + `", "supplier": "Organization: Acme RAN Solutions GmbH (psirt@acme-ran.example)", "downloadLocation": "NOASSERTION",
     "checksums": [{"algorithm": "SHA256", "checksumValue": "` + hex.EncodeToString(sum[:]) + `"}],
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/acme-ran/ars-du5200-load@24.3.1"}]},
    {"name": "ars-du-l1", "SPDXID": "SPDXRef-l1", "versionInfo": "24.3.1", "supplier": "Organization: Acme RAN Solutions GmbH", "downloadLocation": "NOASSERTION",
     "hasFiles": ["SPDXRef-l1-sched"],
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/acme-ran/ars-du-l1@24.3.1"}]}
  ],
  "files": [{"fileName": "./usr/lib/libl1sched.so", "SPDXID": "SPDXRef-l1-sched", "checksums": [{"algorithm": "SHA256", "checksumValue": "7d2f1c1b4c8a9e0f3a6b5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a"}],
     "fileContributors": ["` + hw + `"]}],
  "relationships": [
    {"spdxElementId": "SPDXRef-du", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-l1"},
    {"spdxElementId": "SPDXRef-du", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-l1"}
  ]
}
`
	signed("spdx-file-contributor", "ars-du5200-24.3.1.spdx.json", []byte(spdx), 1, "covered-entity",
		"an SPDX release whose L1 library file lists Huawei among its fileContributors")
}

// xmlTwin re-encodes a CycloneDX JSON SBOM as XML with cyclonedx-go.
func (g *advGen) xmlTwin(data []byte) []byte {
	g.t.Helper()
	bom := new(cdx.BOM)
	if err := cdx.NewBOMDecoder(bytes.NewReader(data), cdx.BOMFileFormatJSON).Decode(bom); err != nil {
		g.t.Fatal(err)
	}
	bom.XMLNS = "http://cyclonedx.org/schema/bom/" + bom.SpecVersion.String()
	var buf bytes.Buffer
	enc := cdx.NewBOMEncoder(&buf, cdx.BOMFileFormatXML)
	enc.SetPretty(true)
	if err := enc.Encode(bom); err != nil {
		g.t.Fatal(err)
	}
	return buf.Bytes()
}
