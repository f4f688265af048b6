package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// moduleRootDir is the module root, taken when the test binary starts (in
// the package folder), before any test changes directory.
var moduleRootDir, _ = filepath.Abs("../../../..")

// runCLI runs fwprov in process from the module root.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if wd, _ := os.Getwd(); wd != moduleRootDir {
		t.Chdir(moduleRootDir)
	}
	code := Main(context.Background(), args, Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

// TestCosignFlagsRefusedOrAccepted: every cosign flag fwprov lists parses in
// each verify command; a refused one is exit 2 with one line naming the flag
// and why; an accepted no-op changes nothing.
func TestCosignFlagsRefusedOrAccepted(t *testing.T) {
	base := map[string][]string{
		"verify":                  {"verify", "testdata/verify/du.cdx.json", "--bundle", "testdata/verify/du.cdx.json.sigstore.json", "--key", "testdata/verify/test-key.pub"},
		"verify-blob":             {"verify-blob", "testdata/verify/du.cdx.json", "--bundle", "testdata/verify/du.cdx.json.sigstore.json", "--key", "testdata/verify/test-key.pub", "--insecure-ignore-tlog"},
		"verify-blob-attestation": {"verify-blob-attestation", "testdata/verify/du-firmware.img", "--bundle", "testdata/verify/du.intoto.sigstore.json", "--key", "testdata/verify/test-key.pub", "--insecure-ignore-tlog", "--type", "cyclonedx"},
	}
	for name, args := range base {
		if code, _, errs := runCLI(t, args...); code != 0 {
			t.Fatalf("%s: the base command fails: %d %s", name, code, errs)
		}
		for _, f := range cosignFlagTable {
			if f.attestationOnly && name == "verify-blob" {
				continue
			}
			value := "x"
			switch f.name {
			case "offline", "experimental-oci11", "sk", "verbose", "new-bundle-format", "insecure-ignore-sct", "allow-certificate-chain", "private-infrastructure", "insecure-ignore-tlog", "use-signed-timestamps":
				value = "true"
			case "max-workers":
				value = "4"
			case "timeout":
				value = "1m"
			}
			t.Run(name+"/"+f.name, func(t *testing.T) {
				code, _, errs := runCLI(t, append(append([]string{}, args...), "--"+f.name+"="+value)...)
				if strings.Contains(errs, "unknown flag") {
					t.Fatalf("--%s is not a flag of fwprov %s", f.name, name)
				}
				switch {
				case f.refused != "":
					if code != ExitError || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "--"+f.name+" is not supported: "+f.refused) {
						t.Errorf("refused --%s: exit %d, stderr %q", f.name, code, errs)
					}
				case f.noop != "":
					if code != ExitAllow {
						t.Errorf("accepted --%s: exit %d %s", f.name, code, errs)
					}
				}
			})
		}
	}
	// --new-bundle-format=false is refused, =true accepted.
	if code, _, errs := runCLI(t, append(base["verify-blob"], "--new-bundle-format=false")...); code != ExitError || !strings.Contains(errs, "legacy cosign bundle") {
		t.Errorf("--new-bundle-format=false: %d %s", code, errs)
	}
}

// TestCosignFlagMeanings: the implemented flags do what cosign's do.
func TestCosignFlagMeanings(t *testing.T) {
	const (
		sbom = "testdata/verify/du.cdx.json"
		img  = "testdata/verify/du-firmware.img"
		cb   = "testdata/verify/cosign/du.cdx.json.sigstore.json"
		c384 = "testdata/verify/cosign/du.cdx.json.p384.sigstore.json"
		csig = "testdata/verify/cosign/du.cdx.json.sig"
		catt = "testdata/verify/cosign/du.intoto.sigstore.json"
		cpub = "testdata/verify/cosign/cosign-test.pub"
		p384 = "testdata/verify/cosign/cosign-test-p384.pub"
	)
	imgDigest := "52926ec03c77ca036efb2a460ba7803df54fc5dfd179d43ed4d751ad64e1206f"
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"verify-blob needs a log entry by default (as cosign)", []string{"verify-blob", sbom, "--bundle", cb, "--key", cpub}, 1, "transparency-log"},
		{"--insecure-ignore-tlog", []string{"verify-blob", sbom, "--bundle", cb, "--key", cpub, "--insecure-ignore-tlog"}, 0, ""},
		{"--private-infrastructure (deprecated alias)", []string{"verify-blob", sbom, "--bundle", cb, "--key", cpub, "--private-infrastructure"}, 0, ""},
		{"fwprov verify does not need a log entry for a key", []string{"verify", sbom, "--bundle", cb, "--key", cpub}, 0, ""},
		{"--insecure-ignore-tlog with --require-tlog", []string{"verify", sbom, "--bundle", cb, "--key", cpub, "--insecure-ignore-tlog", "--require-tlog"}, 2, "do not go together"},
		{"--use-signed-timestamps requires one", []string{"verify", sbom, "--bundle", cb, "--key", cpub, "--use-signed-timestamps"}, 1, "signed-timestamp"},
		{"detached signature under verify-blob needs --insecure-ignore-tlog", []string{"verify-blob", sbom, "--signature", csig, "--key", cpub}, 1, "--insecure-ignore-tlog"},
		{"detached signature", []string{"verify-blob", sbom, "--signature", csig, "--key", cpub, "--insecure-ignore-tlog"}, 0, ""},
		{"--signature as base64 content", []string{"verify", sbom, "--signature", readFileT(t, filepath.Join(moduleRootDir, csig)), "--key", cpub}, 0, ""},
		{"--signature as a URL", []string{"verify", sbom, "--signature", "https://example.invalid/sig", "--key", cpub}, 2, "fetches nothing"},
		{"P-384: the bundle's digest by default", []string{"verify", sbom, "--bundle", c384, "--key", p384}, 0, ""},
		{"--signature-digest-algorithm sha384", []string{"verify", sbom, "--bundle", c384, "--key", p384, "--signature-digest-algorithm", "sha384"}, 0, ""},
		{"--signature-digest-algorithm sha256 on a SHA-384 signature", []string{"verify", sbom, "--bundle", c384, "--key", p384, "--signature-digest-algorithm", "sha256"}, 1, "signature"},
		{"--signature-digest-algorithm md5", []string{"verify", sbom, "--bundle", c384, "--key", p384, "--signature-digest-algorithm", "md5"}, 2, "sha384"},
		{"attestation --type cyclonedx", []string{"verify-blob-attestation", img, "--bundle", catt, "--key", cpub, "--type", "cyclonedx", "--insecure-ignore-tlog"}, 0, ""},
		{"attestation --type as a URI", []string{"verify-blob-attestation", img, "--bundle", catt, "--key", cpub, "--type", "https://cyclonedx.org/bom", "--insecure-ignore-tlog"}, 0, ""},
		{"attestation default --type custom (as cosign)", []string{"verify-blob-attestation", img, "--bundle", catt, "--key", cpub, "--insecure-ignore-tlog"}, 1, "predicate-type"},
		{"attestation --type spdx", []string{"verify", img, "--attestation", catt, "--key", cpub, "--type", "spdx"}, 1, "https://spdx.dev/Document"},
		{"attestation --type nonsense", []string{"verify", img, "--attestation", catt, "--key", cpub, "--type", "nonsense"}, 2, "not a predicate type"},
		{"--type without an attestation", []string{"verify", sbom, "--bundle", cb, "--key", cpub, "--type", "cyclonedx"}, 2, "applies to attestations"},
		{"attestation --digest/--digestAlg", []string{"verify-blob-attestation", "--digest", imgDigest, "--digestAlg", "sha256", "--bundle", catt, "--key", cpub, "--type", "cyclonedx", "--insecure-ignore-tlog"}, 0, ""},
		{"attestation --digest of another image", []string{"verify-blob-attestation", "--digest", strings.Repeat("0", 64), "--digestAlg", "sha256", "--bundle", catt, "--key", cpub, "--type", "cyclonedx", "--insecure-ignore-tlog"}, 1, "subject"},
		{"--digest without --digestAlg", []string{"verify-blob-attestation", "--digest", imgDigest, "--bundle", catt, "--key", cpub}, 2, "go together"},
		{"attestation of another blob", []string{"verify-blob-attestation", sbom, "--bundle", catt, "--key", cpub, "--type", "cyclonedx", "--insecure-ignore-tlog"}, 1, "subject"},
		{"--check-claims=false: the envelope only", []string{"verify-blob-attestation", "--bundle", catt, "--key", cpub, "--type", "cyclonedx", "--insecure-ignore-tlog", "--check-claims=false"}, 0, ""},
		{"--check-claims=false on a message signature", []string{"verify", sbom, "--bundle", cb, "--key", cpub, "--check-claims=false"}, 2, "applies to attestations"},
		{"no blob, no digest", []string{"verify-blob-attestation", "--bundle", catt, "--key", cpub}, 2, "--digest"},
		{"--key as a KMS URI", []string{"verify-blob", sbom, "--bundle", cb, "--key", "awskms:///alias/x"}, 2, "only PEM"},
		{"GitHub claims with a key", []string{"verify", sbom, "--bundle", cb, "--key", cpub, "--certificate-github-workflow-ref", "refs/heads/main"}, 2, "keyless"},
		{"bare DSSE envelope as --signature", []string{"verify-blob-attestation", img, "--signature", "testdata/verify/du.intoto.json", "--key", "testdata/verify/test-key.pub", "--type", "cyclonedx", "--insecure-ignore-tlog"}, 0, ""},
		{"bare DSSE envelope needs --insecure-ignore-tlog under cosign's name", []string{"verify-blob-attestation", img, "--signature", "testdata/verify/du.intoto.json", "--key", "testdata/verify/test-key.pub", "--type", "cyclonedx"}, 1, "--insecure-ignore-tlog"},
		{"--timeout", []string{"verify", sbom, "--bundle", cb, "--key", cpub, "--timeout", "1m"}, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runCLI(t, c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, c.code, out, errs)
			}
			if c.want != "" && !strings.Contains(out+errs, c.want) {
				t.Errorf("output lacks %q:\n%s%s", c.want, out, errs)
			}
			if code != 0 && strings.Count(errs, "\n") != 1 {
				t.Errorf("stderr is not one line: %q", errs)
			}
		})
	}
}

func readFileT(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

var helpFlagRE = regexp.MustCompile(`(?m)^\s+(?:-\w, )?--([A-Za-z0-9-]+)`)

// TestCosignFlagListMatchesCosign asks a real cosign (skipped without one):
// every flag cosign shows for verify-blob and verify-blob-attestation is a
// flag of fwprov's same-named command, and every cosign flag fwprov lists —
// the deprecated ones cosign hides from --help included — is one cosign
// accepts.
func TestCosignFlagListMatchesCosign(t *testing.T) {
	bin, err := exec.LookPath("cosign")
	if err != nil {
		t.Skip("no cosign binary on PATH (make interop builds cosign v3.1.3): fwprov's cosign flag list is not compared with cosign's")
	}
	home := t.TempDir()
	for _, name := range []string{"verify-blob", "verify-blob-attestation"} {
		cmd := exec.Command(bin, name, "--help")
		cmd.Env = append(cmd.Environ(), "HOME="+home)
		help, _ := cmd.CombinedOutput()
		g := &globals{streams: Streams{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}}
		root := newRoot(g)
		c, _, err := root.Find([]string{name})
		if err != nil || c.Name() != name {
			t.Fatalf("fwprov has no %s command: %v", name, err)
		}
		shown := 0
		for _, m := range helpFlagRE.FindAllStringSubmatch(string(help), -1) {
			shown++
			if f := m[1]; f != "help" && c.Flags().Lookup(f) == nil && root.PersistentFlags().Lookup(f) == nil {
				t.Errorf("cosign %s has --%s; fwprov %s does not know it", name, f, name)
			}
		}
		if shown < 10 {
			t.Fatalf("could not read cosign's flags from its --help:\n%s", help)
		}
		visitCosignFlags(c, func(fl *pflag.Flag, e cosignFlag) {
			if e.attestationOnly && name == "verify-blob" {
				return
			}
			probe := exec.Command(bin, name, "--"+e.name+"="+probeValue(fl), "--help")
			probe.Env = append(probe.Environ(), "HOME="+home)
			out, _ := probe.CombinedOutput()
			if strings.Contains(string(out), "unknown flag") {
				t.Errorf("fwprov lists --%s as a cosign %s flag; cosign does not know it", e.name, name)
			}
		})
	}
}

func probeValue(fl *pflag.Flag) string {
	switch fl.Value.Type() {
	case "bool":
		return "true"
	case "int":
		return "1"
	case "duration":
		return "1m"
	}
	return "x"
}
