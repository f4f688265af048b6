package main

// The cosign interoperability test: it drives a real cosign binary (v3.1.3,
// what `make interop` builds) and fwprov against each other, in both
// directions, offline — keys (cosign's encrypted format both ways),
// Sigstore bundles, detached signatures, CycloneDX attestations, the gate on
// a cosign-made attestation, tampered inputs that each tool must reject,
// and the P-384 digest promise (cosign's flag list against fwprov's is
// checked in internal/cli). It is skipped, saying so, when no cosign is on
// PATH.
//
// cosign is kept offline by these flags (what v3.1.3 needs):
//
//	sign-blob / attest-blob:  --use-signing-config=false --tlog-upload=false -y
//	                          (+ --new-bundle-format=false for --output-signature)
//	verify-blob[-attestation]: --insecure-ignore-tlog=true
//
// and by a private HOME (no ~/.sigstore, no TUF cache).

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// interop is one working folder shared by cosign and fwprov.
type interop struct {
	t      *testing.T
	cosign string
	dir    string
	env    []string
}

const interopPassword = "interop-test-password"

func newInterop(t *testing.T) *interop {
	t.Helper()
	bin, err := exec.LookPath("cosign")
	if err != nil {
		t.Skip("no cosign binary on PATH: the interop test needs cosign v3.1.3 (`make interop` builds it: go install github.com/sigstore/cosign/v3/cmd/cosign@v3.1.3)")
	}
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	x := &interop{t: t, cosign: bin, dir: dir, env: []string{"HOME=" + home, "TUF_ROOT=" + filepath.Join(home, "tuf"), "COSIGN_PASSWORD=" + interopPassword, "SIGSTORE_NO_CACHE=true"}}
	if v := x.run(x.cosign, nil, "version"); !strings.Contains(v.stdout+v.stderr, "v3.1.3") {
		t.Logf("cosign is not v3.1.3 (the version this test was written against):\n%s", v.stdout)
	}
	// The fixtures both tools work on.
	x.copy("testdata/releases/du-allowed/ars-du5200-24.3.1.cdx.json", "du.cdx.json")
	x.copy("testdata/releases/du-allowed/ars-du5200-24.3.1.img", "du.img")
	x.copy("testdata/releases/du-tampered/ars-du5200-24.3.1.img", "other.img")
	b := x.read("du.cdx.json")
	x.write("du-tampered.cdx.json", bytes.Replace(b, []byte(`"24.3.1"`), []byte(`"24.3.0"`), 1))
	return x
}

func (x *interop) path(name string) string { return filepath.Join(x.dir, name) }

func (x *interop) read(name string) []byte {
	x.t.Helper()
	b, err := os.ReadFile(x.path(name))
	if err != nil {
		x.t.Fatal(err)
	}
	return b
}

func (x *interop) write(name string, b []byte) {
	x.t.Helper()
	if err := os.WriteFile(x.path(name), b, 0o644); err != nil {
		x.t.Fatal(err)
	}
}

func (x *interop) copy(src, dst string) {
	x.t.Helper()
	b, err := os.ReadFile(filepath.Join(moduleRoot(x.t), src))
	if err != nil {
		x.t.Fatal(err)
	}
	x.write(dst, b)
}

// run executes a binary in the working folder with the shared environment
// (plus extra).
func (x *interop) run(bin string, extra []string, args ...string) result {
	x.t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = x.dir
	cmd.Env = append(append(os.Environ(), x.env...), extra...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			x.t.Fatalf("%s %v: %v", bin, args, err)
		}
		code = ee.ExitCode()
	}
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// cosignOK runs cosign and fails the test unless it succeeds.
func (x *interop) cosignOK(args ...string) {
	x.t.Helper()
	if r := x.run(x.cosign, nil, args...); r.code != 0 {
		x.t.Fatalf("cosign %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
}

func (x *interop) fwprovOK(args ...string) {
	x.t.Helper()
	if r := x.run(binary, nil, args...); r.code != 0 {
		x.t.Fatalf("fwprov %s: exit %d\n%s%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
}

// offline are the flags that keep cosign's signing commands offline.
var offline = []string{"--use-signing-config=false", "--tlog-upload=false", "-y"}

// verdict runs a verification with both tools. cosignArgs is a cosign
// command line; fwprov runs the very same arguments (its verify-blob and
// verify-blob-attestation take cosign's flags), and fwprovArgs, when set,
// is fwprov's own spelling of the same check. ok says whether it must pass.
func (x *interop) verdict(name string, ok bool, cosignArgs []string, fwprovArgs ...[]string) {
	x.t.Helper()
	check := func(tool string, r result) {
		x.t.Helper()
		switch {
		case ok && r.code != 0:
			x.t.Errorf("%s: %s must accept: exit %d\n%s%s", name, tool, r.code, r.stdout, r.stderr)
		case !ok && r.code == 0:
			x.t.Errorf("%s: %s must reject, it accepted:\n%s", name, tool, r.stdout)
		case !ok && tool != "cosign" && r.code != 1:
			x.t.Errorf("%s: %s must say \"not verified\" (exit 1), exit %d: %s", name, tool, r.code, r.stderr)
		}
	}
	check("cosign", x.run(x.cosign, nil, cosignArgs...))
	check("fwprov (cosign's command line)", x.run(binary, nil, cosignArgs...))
	for _, a := range fwprovArgs {
		check("fwprov "+strings.Join(a[:1], ""), x.run(binary, nil, a...))
	}
}

func TestInteropCosign(t *testing.T) {
	x := newInterop(t)

	// Keys, both ways: cosign's encrypted key pair, fwprov's (encrypted in
	// cosign's format, and plain PKCS#8 imported into cosign).
	x.cosignOK("generate-key-pair", "--output-key-prefix", "cosign")
	x.fwprovOK("keygen", "--prefix", "fwprov", "--encrypt")
	x.fwprovOK("keygen", "--prefix", "plain")
	x.cosignOK("import-key-pair", "--key", "plain.key", "--output-key-prefix", "imported", "-y")
	for _, f := range []string{"cosign.key", "fwprov.key", "imported.key"} {
		if !bytes.HasPrefix(x.read(f), []byte("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----")) {
			t.Fatalf("%s is not in cosign's encrypted format", f)
		}
	}
	// A wrong password fails in both tools, on both tools' keys.
	for _, key := range []string{"cosign.key", "fwprov.key"} {
		if r := x.run(x.cosign, []string{"COSIGN_PASSWORD=wrong"}, append([]string{"sign-blob", "du.cdx.json", "--key", key, "--bundle", "wrong.json"}, offline...)...); r.code == 0 {
			t.Errorf("cosign signed with %s and a wrong password", key)
		}
		if r := x.run(binary, []string{"COSIGN_PASSWORD=wrong"}, "sign", "du.cdx.json", "--key", key, "--bundle", "wrong.json"); r.code != 2 || !strings.Contains(r.stderr, "wrong password") {
			t.Errorf("fwprov signed with %s and a wrong password: exit %d %s", key, r.code, r.stderr)
		}
	}

	x.copy("testdata/releases/keys/rogue-signer.pub", "testdata-rogue.pub")

	// Bundles: each tool signs with each tool's key; both verify.
	type signed struct{ name, bundle, sig, pub string }
	var bundles []signed
	for _, k := range []struct{ key, pub string }{{"cosign.key", "cosign.pub"}, {"fwprov.key", "fwprov.pub"}, {"imported.key", "plain.pub"}} {
		cb := "cosign-" + strings.TrimSuffix(k.key, ".key") + ".sigstore.json"
		x.cosignOK(append([]string{"sign-blob", "du.cdx.json", "--key", k.key, "--bundle", cb}, offline...)...)
		fb := "fwprov-" + strings.TrimSuffix(k.key, ".key") + ".sigstore.json"
		x.fwprovOK("sign", "du.cdx.json", "--key", k.key, "--bundle", fb)
		cs := "cosign-" + strings.TrimSuffix(k.key, ".key") + ".sig"
		x.cosignOK(append([]string{"sign-blob", "du.cdx.json", "--key", k.key, "--output-signature", cs, "--new-bundle-format=false"}, offline...)...)
		fs := "fwprov-" + strings.TrimSuffix(k.key, ".key") + ".sig"
		x.fwprovOK("sign", "du.cdx.json", "--key", k.key, "--output-signature", fs)
		bundles = append(bundles, signed{"cosign/" + k.key, cb, cs, k.pub}, signed{"fwprov/" + k.key, fb, fs, k.pub})
	}
	for _, s := range bundles {
		t.Run("bundle/"+s.name, func(t *testing.T) {
			x := *x
			x.t = t
			x.verdict("bundle", true,
				[]string{"verify-blob", "du.cdx.json", "--bundle", s.bundle, "--key", s.pub, "--insecure-ignore-tlog=true"},
				[]string{"verify", "du.cdx.json", "--bundle", s.bundle, "--key", s.pub})
			// cosign requires a log entry unless told otherwise; so does
			// fwprov under cosign's command name.
			x.verdict("bundle without --insecure-ignore-tlog", false,
				[]string{"verify-blob", "du.cdx.json", "--bundle", s.bundle, "--key", s.pub})
			x.verdict("tampered SBOM", false,
				[]string{"verify-blob", "du-tampered.cdx.json", "--bundle", s.bundle, "--key", s.pub, "--insecure-ignore-tlog=true"},
				[]string{"verify", "du-tampered.cdx.json", "--bundle", s.bundle, "--key", s.pub})
			x.verdict("another key", false,
				[]string{"verify-blob", "du.cdx.json", "--bundle", s.bundle, "--key", "testdata-rogue.pub", "--insecure-ignore-tlog=true"},
				[]string{"verify", "du.cdx.json", "--bundle", s.bundle, "--key", "testdata-rogue.pub"})
			flipped := "flipped-" + filepath.Base(s.bundle)
			x.write(flipped, flipSignature(t, x.read(s.bundle)))
			x.verdict("tampered signature", false,
				[]string{"verify-blob", "du.cdx.json", "--bundle", flipped, "--key", s.pub, "--insecure-ignore-tlog=true"},
				[]string{"verify", "du.cdx.json", "--bundle", flipped, "--key", s.pub})

			x.verdict("detached signature", true,
				[]string{"verify-blob", "du.cdx.json", "--signature", s.sig, "--key", s.pub, "--insecure-ignore-tlog=true"},
				[]string{"verify", "du.cdx.json", "--signature", s.sig, "--key", s.pub})
			x.verdict("detached signature, tampered SBOM", false,
				[]string{"verify-blob", "du-tampered.cdx.json", "--signature", s.sig, "--key", s.pub, "--insecure-ignore-tlog=true"},
				[]string{"verify", "du-tampered.cdx.json", "--signature", s.sig, "--key", s.pub})
		})
	}
	// Attestations: an in-toto statement with the SBOM as CycloneDX
	// predicate, subject the firmware image, each tool making one.
	x.cosignOK(append([]string{"attest-blob", "du.img", "--predicate", "du.cdx.json", "--type", "cyclonedx", "--key", "cosign.key", "--bundle", "cosign.intoto.sigstore.json"}, offline...)...)
	x.fwprovOK("sign", "du.cdx.json", "--key", "fwprov.key", "--attest", "du.img", "--bundle", "fwprov.intoto.sigstore.json")
	for _, a := range []struct{ name, bundle, pub string }{{"cosign", "cosign.intoto.sigstore.json", "cosign.pub"}, {"fwprov", "fwprov.intoto.sigstore.json", "fwprov.pub"}} {
		t.Run("attestation/"+a.name, func(t *testing.T) {
			x := *x
			x.t = t
			x.verdict("attestation", true,
				[]string{"verify-blob-attestation", "du.img", "--bundle", a.bundle, "--key", a.pub, "--type", "cyclonedx", "--insecure-ignore-tlog=true"},
				[]string{"verify", "du.img", "--attestation", a.bundle, "--key", a.pub, "--type", "cyclonedx"})
			x.verdict("attestation, another image", false,
				[]string{"verify-blob-attestation", "other.img", "--bundle", a.bundle, "--key", a.pub, "--type", "cyclonedx", "--insecure-ignore-tlog=true"},
				[]string{"verify", "other.img", "--attestation", a.bundle, "--key", a.pub})
			// cosign's --type defaults to "custom"; so does fwprov under
			// cosign's command name.
			x.verdict("attestation, default --type", false,
				[]string{"verify-blob-attestation", "du.img", "--bundle", a.bundle, "--key", a.pub, "--insecure-ignore-tlog=true"})
			x.verdict("attestation, wrong --type", false,
				[]string{"verify-blob-attestation", "du.img", "--bundle", a.bundle, "--key", a.pub, "--type", "spdxjson", "--insecure-ignore-tlog=true"},
				[]string{"verify", "du.img", "--attestation", a.bundle, "--key", a.pub, "--type", "spdxjson"})
			x.verdict("attestation, another key", false,
				[]string{"verify-blob-attestation", "du.img", "--bundle", a.bundle, "--key", "testdata-rogue.pub", "--type", "cyclonedx", "--insecure-ignore-tlog=true"})

			// The operator's gate on the attestation: the SBOM inside is
			// what is checked, the image its subject.
			pol := "policy-" + a.name + ".yaml"
			x.write(pol, []byte(`apiVersion: fwprov/v1
kind: Policy
name: interop-`+a.name+`
extends: baseline
entities:
  - {id: acme, name: Acme RAN Solutions GmbH, aliases: [Acme RAN], domains: [acme-ran.example], purl: [pkg:generic/acme-ran], country: DE}
trust:
  signers:
    - {id: acme-release, entity: acme, key: `+a.pub+`}
  require: {signature: true, firmwareDigest: true}
`))
			if r := x.run(binary, nil, "gate", "--attestation", a.bundle, "--firmware", "du.img", "--policy", pol); r.code != 0 {
				t.Errorf("gate on the %s attestation: exit %d\n%s%s", a.name, r.code, r.stdout, r.stderr)
			}
			if r := x.run(binary, nil, "gate", "--attestation", a.bundle, "--firmware", "other.img", "--policy", pol); r.code != 1 {
				t.Errorf("gate on the %s attestation with another image: exit %d\n%s", a.name, r.code, r.stdout)
			}
		})
	}

	// The gate on a release cosign signed: the bundle beside the SBOM.
	t.Run("gate/cosign-bundle", func(t *testing.T) {
		rel := filepath.Join(x.dir, "release")
		if err := os.MkdirAll(rel, 0o755); err != nil {
			t.Fatal(err)
		}
		for src, dst := range map[string]string{"du.cdx.json": "ars-du5200-24.3.1.cdx.json", "cosign-cosign.sigstore.json": "ars-du5200-24.3.1.cdx.json.sigstore.json", "du.img": "ars-du5200-24.3.1.img"} {
			if err := os.WriteFile(filepath.Join(rel, dst), x.read(src), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if r := x.run(binary, nil, "gate", "release", "--policy", "policy-cosign.yaml"); r.code != 0 {
			t.Errorf("gate on a cosign-signed release: exit %d\n%s", r.code, r.stdout)
		}
	})

	// Ed25519: fwprov's bundles and signatures verify in cosign as they are.
	// (cosign's own Ed25519 bundles carry an empty message digest that
	// neither cosign nor sigstore-go verifies: not tested, see the README.)
	t.Run("ed25519", func(t *testing.T) {
		x := *x
		x.t = t
		x.fwprovOK("keygen", "--prefix", "ed", "--algorithm", "ed25519")
		x.fwprovOK("sign", "du.cdx.json", "--key", "ed.key", "--bundle", "ed.sigstore.json")
		x.fwprovOK("sign", "du.cdx.json", "--key", "ed.key", "--output-signature", "ed.sig")
		x.verdict("Ed25519 bundle", true,
			[]string{"verify-blob", "du.cdx.json", "--bundle", "ed.sigstore.json", "--key", "ed.pub", "--insecure-ignore-tlog=true"})
		x.verdict("Ed25519 detached signature", true,
			[]string{"verify-blob", "du.cdx.json", "--signature", "ed.sig", "--key", "ed.pub", "--insecure-ignore-tlog=true"})
		x.verdict("Ed25519 bundle, tampered SBOM", false,
			[]string{"verify-blob", "du-tampered.cdx.json", "--bundle", "ed.sigstore.json", "--key", "ed.pub", "--insecure-ignore-tlog=true"})
	})

	// P-384: fwprov signs with SHA-384 (the Sigstore pairing, what cosign
	// signs P-384 keys with too); cosign verifies with SHA-256 unless told,
	// as keygen's and sign's --help say. The default key (P-256) needs
	// nothing (checked above).
	t.Run("p384", func(t *testing.T) {
		x := *x
		x.t = t
		x.fwprovOK("keygen", "--prefix", "p384", "--algorithm", "ecdsa-p384")
		x.fwprovOK("sign", "du.cdx.json", "--key", "p384.key", "--bundle", "p384.sigstore.json")
		x.fwprovOK("sign", "du.cdx.json", "--key", "p384.key", "--output-signature", "p384.sig")
		if r := x.run(x.cosign, nil, "verify-blob", "du.cdx.json", "--bundle", "p384.sigstore.json", "--key", "p384.pub", "--insecure-ignore-tlog=true"); r.code == 0 {
			t.Error("cosign now verifies a P-384 bundle without --signature-digest-algorithm: update keygen's and sign's --help")
		}
		x.verdict("P-384 bundle with --signature-digest-algorithm sha384", true,
			[]string{"verify-blob", "du.cdx.json", "--bundle", "p384.sigstore.json", "--key", "p384.pub", "--insecure-ignore-tlog=true", "--signature-digest-algorithm", "sha384"},
			[]string{"verify", "du.cdx.json", "--bundle", "p384.sigstore.json", "--key", "p384.pub"})
		x.verdict("P-384 detached signature with --signature-digest-algorithm sha384", true,
			[]string{"verify-blob", "du.cdx.json", "--signature", "p384.sig", "--key", "p384.pub", "--insecure-ignore-tlog=true", "--signature-digest-algorithm", "sha384"},
			[]string{"verify", "du.cdx.json", "--signature", "p384.sig", "--key", "p384.pub"})
		// cosign signing with fwprov's P-384 key (imported): fwprov reads
		// the digest the bundle declares.
		x.cosignOK("import-key-pair", "--key", "p384.key", "--output-key-prefix", "p384-imported", "-y")
		x.cosignOK(append([]string{"sign-blob", "du.cdx.json", "--key", "p384-imported.key", "--bundle", "p384-cosign.sigstore.json"}, offline...)...)
		x.fwprovOK("verify", "du.cdx.json", "--bundle", "p384-cosign.sigstore.json", "--key", "p384.pub")
	})
}

// flipSignature changes one byte of a bundle's signature.
func flipSignature(t *testing.T, bundle []byte) []byte {
	t.Helper()
	re := regexp.MustCompile(`"(signature|sig)":\s*"([A-Za-z0-9+/]{8})`)
	loc := re.FindSubmatchIndex(bundle)
	if loc == nil {
		t.Fatalf("no signature in bundle:\n%s", bundle)
	}
	out := bytes.Clone(bundle)
	i := loc[4] + 4
	if out[i] == 'A' {
		out[i] = 'B'
	} else {
		out[i] = 'A'
	}
	return out
}
