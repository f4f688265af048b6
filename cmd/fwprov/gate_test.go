package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const releasePolicy = "testdata/releases/policy.yaml"

// copyRelease copies a bundled release folder into a temp dir so a test
// can change it; the policy's relative key paths stay valid because the
// policy is passed by its absolute path.
func copyRelease(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join(moduleRoot(t), "testdata/releases", name)
	dst := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func absPolicy(t *testing.T) string { return filepath.Join(moduleRoot(t), releasePolicy) }

// gateJSON runs gate with --format json and decodes the verdict.
func gateJSON(t *testing.T, args ...string) (result, map[string]any) {
	t.Helper()
	r := run(t, nil, append([]string{"gate", "--format", "json"}, args...)...)
	var v map[string]any
	if r.stdout != "" {
		if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
			t.Fatalf("gate JSON does not decode: %v\n%s", err, r.stdout)
		}
	}
	return r, v
}

func checkStatus(t *testing.T, v map[string]any, name string) string {
	t.Helper()
	prov, _ := v["provenance"].(map[string]any)
	checks, _ := prov["checks"].([]any)
	for _, c := range checks {
		m := c.(map[string]any)
		if m["name"] == name {
			return m["status"].(string)
		}
	}
	t.Fatalf("no provenance check %q in %v", name, prov)
	return ""
}

func TestGateBundledReleases(t *testing.T) {
	cases := []struct {
		release  string
		code     int
		decision string
		checks   map[string]string
		reason   string
	}{
		{"du-allowed", 0, "allow", map[string]string{"signature": "passed", "signer-entity": "passed", "firmware-digest": "passed", "completeness": "passed"}, ""},
		{"ru-denied-origin", 1, "deny", map[string]string{"signature": "passed", "signer-entity": "passed", "firmware-digest": "passed"}, "covered-entity"},
		{"du-tampered", 1, "deny", map[string]string{"signature": "failed"}, "provenance signature"},
	}
	for _, c := range cases {
		t.Run(c.release, func(t *testing.T) {
			r, v := gateJSON(t, "testdata/releases/"+c.release, "--policy", releasePolicy)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d; stderr %s", r.code, c.code, r.stderr)
			}
			if v["decision"] != c.decision || v["schemaVersion"] != "fwprov.verdict/v1" {
				t.Errorf("decision %v schema %v", v["decision"], v["schemaVersion"])
			}
			for name, want := range c.checks {
				if got := checkStatus(t, v, name); got != want {
					t.Errorf("check %s = %s, want %s", name, got, want)
				}
			}
			if c.reason != "" {
				reasons, _ := json.Marshal(v["reasons"])
				if !strings.Contains(string(reasons), c.reason) {
					t.Errorf("reasons %s lack %q", reasons, c.reason)
				}
				if !strings.HasPrefix(r.stderr, "fwprov: denied: ") || strings.Count(r.stderr, "\n") != 1 {
					t.Errorf("stderr is not one deny line: %q", r.stderr)
				}
			}
		})
	}
}

func TestGateDeniesWrongSigner(t *testing.T) {
	dir := copyRelease(t, "du-allowed")
	sbom := filepath.Join(dir, "ars-du5200-24.3.1.cdx.json")
	// The rogue key is not in the policy: its signature is a valid signature
	// by an untrusted signer.
	r := run(t, nil, "sign", sbom, "--key", "testdata/releases/keys/rogue-signer.key", "--bundle", sbom+".sigstore.json")
	if r.code != 0 {
		t.Fatalf("sign: %d %s", r.code, r.stderr)
	}
	r, v := gateJSON(t, dir, "--policy", absPolicy(t))
	if r.code != 1 || checkStatus(t, v, "signature") != "failed" {
		t.Fatalf("wrong signer: exit %d, signature %s", r.code, checkStatus(t, v, "signature"))
	}
	// Nordlys's key is trusted, but only for Nordlys's own releases.
	r = run(t, nil, "sign", sbom, "--key", "testdata/releases/keys/nordlys-release.key", "--bundle", sbom+".sigstore.json")
	if r.code != 0 {
		t.Fatalf("sign: %d %s", r.code, r.stderr)
	}
	r, v = gateJSON(t, dir, "--policy", absPolicy(t))
	if r.code != 1 || checkStatus(t, v, "signature") != "passed" || checkStatus(t, v, "signer-entity") != "failed" {
		t.Fatalf("other vendor's signer: exit %d, signature %s, signer-entity %s", r.code, checkStatus(t, v, "signature"), checkStatus(t, v, "signer-entity"))
	}
}

func TestGateDeniesFirmwareMismatch(t *testing.T) {
	dir := copyRelease(t, "du-allowed")
	img := filepath.Join(dir, "ars-du5200-24.3.1.img")
	b, err := os.ReadFile(img)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-1] ^= 1
	if err := os.WriteFile(img, b, 0o644); err != nil {
		t.Fatal(err)
	}
	r, v := gateJSON(t, dir, "--policy", absPolicy(t))
	if r.code != 1 || checkStatus(t, v, "firmware-digest") != "failed" || checkStatus(t, v, "signature") != "passed" {
		t.Fatalf("firmware mismatch: exit %d, firmware-digest %s", r.code, checkStatus(t, v, "firmware-digest"))
	}
}

func TestGateDeniesMissingRequiredMaterial(t *testing.T) {
	for _, missing := range []string{"ars-du5200-24.3.1.cdx.json.sigstore.json", "ars-du5200-24.3.1.img"} {
		t.Run(missing, func(t *testing.T) {
			dir := copyRelease(t, "du-allowed")
			if err := os.Remove(filepath.Join(dir, missing)); err != nil {
				t.Fatal(err)
			}
			r := run(t, nil, "gate", dir, "--policy", absPolicy(t))
			if r.code != 1 {
				t.Fatalf("exit %d, want 1: %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, "missing") {
				t.Errorf("report does not say what is missing:\n%s", r.stdout)
			}
		})
	}
}

func TestGateRefusesImageOutsideRelease(t *testing.T) {
	dir := copyRelease(t, "du-allowed")
	sbom := filepath.Join(dir, "ars-du5200-24.3.1.cdx.json")
	b, _ := os.ReadFile(sbom)
	b = []byte(strings.Replace(string(b), `"value": "ars-du5200-24.3.1.img"`, `"value": "../../../../etc/passwd"`, 1))
	if err := os.WriteFile(sbom, b, 0o644); err != nil {
		t.Fatal(err)
	}
	// Re-signed by the vendor, so the signature passes and the image path
	// is what the gate refuses.
	if r := run(t, nil, "sign", sbom, "--key", "testdata/releases/keys/acme-release.key", "--bundle", sbom+".sigstore.json"); r.code != 0 {
		t.Fatalf("sign: %d %s", r.code, r.stderr)
	}
	r, v := gateJSON(t, dir, "--policy", absPolicy(t))
	if r.code != 1 || checkStatus(t, v, "signature") != "passed" || checkStatus(t, v, "firmware-digest") != "failed" {
		t.Fatalf("traversal: exit %d firmware-digest %s", r.code, checkStatus(t, v, "firmware-digest"))
	}
}

func TestGateWithoutPolicySaysWhatItSkipped(t *testing.T) {
	r := run(t, nil, "gate", "testdata/releases/du-allowed")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1 (no trusted signer): %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "NOT PERFORMED") || !strings.Contains(r.stdout, "the policy trusts no signer") || !strings.Contains(r.stdout, "--origin-only") {
		t.Errorf("baseline gate does not say why it denies and what to do:\n%s", r.stdout)
	}
}

func TestGateBrokenPolicyIsExit2(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("apiVersion: fwprov/v1\nkind: Policy\nname: x\nrulez: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	expectError(t, run(t, nil, "gate", "testdata/releases/du-allowed", "--policy", bad), "bad.yaml")
}

func TestGateOutputIsAtomic(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "verdict.json")
	// An error run leaves no file at all.
	r := run(t, nil, "gate", "testdata/releases/du-allowed", "--policy", "no-such-policy.yaml", "--output", out)
	if r.code != 2 {
		t.Fatalf("exit %d", r.code)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("an error run left %s behind", out)
	}
	// A previous report survives an error run untouched.
	if err := os.WriteFile(out, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, nil, "gate", "testdata/releases/du-allowed", "--policy", "no-such-policy.yaml", "--output", out)
	if b, _ := os.ReadFile(out); string(b) != "previous" {
		t.Fatalf("an error run changed the previous report: %q", b)
	}
	// A deny writes the whole report, and no temp files remain.
	r = run(t, nil, "gate", "testdata/releases/du-tampered", "--policy", releasePolicy, "--format", "json", "--output", out)
	if r.code != 1 || r.stdout != "" {
		t.Fatalf("exit %d stdout %q", r.code, r.stdout)
	}
	var v map[string]any
	b, _ := os.ReadFile(out)
	if err := json.Unmarshal(b, &v); err != nil || v["decision"] != "deny" {
		t.Fatalf("report: %v %v", err, v["decision"])
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temp files left behind: %v", entries)
	}
}

func TestGateFormats(t *testing.T) {
	for _, f := range []string{"text", "json", "sarif", "markdown", "junit"} {
		r := run(t, nil, "gate", "testdata/releases/du-tampered", "--policy", releasePolicy, "--format", f)
		if r.code != 1 || len(r.stdout) < 100 {
			t.Errorf("%s: exit %d, %d bytes", f, r.code, len(r.stdout))
		}
		switch f {
		case "sarif":
			var log struct {
				Version string `json:"version"`
				Runs    []struct {
					Results []struct {
						RuleID string `json:"ruleId"`
					} `json:"results"`
				} `json:"runs"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &log); err != nil || log.Version != "2.1.0" || len(log.Runs[0].Results) == 0 || log.Runs[0].Results[0].RuleID != "provenance/signature" {
				t.Errorf("sarif: %v %+v", err, log)
			}
		case "junit":
			if !strings.Contains(r.stdout, `<testcase name="provenance signature"`) || !strings.Contains(r.stdout, "<failure") {
				t.Errorf("junit lacks the failed provenance case:\n%s", r.stdout)
			}
		}
	}
}

func TestGateAttestation(t *testing.T) {
	dir := copyRelease(t, "du-allowed")
	sbom := filepath.Join(dir, "ars-du5200-24.3.1.cdx.json")
	img := filepath.Join(dir, "ars-du5200-24.3.1.img")
	att := filepath.Join(dir, "release.intoto.sigstore.json")
	if r := run(t, nil, "sign", sbom, "--key", "testdata/releases/keys/acme-release.key", "--attest", img, "--bundle", att); r.code != 0 {
		t.Fatalf("sign --attest: %d %s", r.code, r.stderr)
	}
	r, v := gateJSON(t, "--attestation", att, "--firmware", img, "--policy", absPolicy(t))
	if r.code != 0 || checkStatus(t, v, "signature") != "passed" || v["document"].(map[string]any)["components"].(float64) != 51 {
		t.Fatalf("attestation gate: exit %d: %s", r.code, r.stderr)
	}
	// Another image is not the attestation's subject: deny, and the SBOM
	// inside is not evaluated.
	r, v = gateJSON(t, "--attestation", att, "--firmware", "testdata/releases/du-tampered/ars-du5200-24.3.1.img", "--policy", absPolicy(t))
	if r.code != 1 || checkStatus(t, v, "signature") != "failed" || len(v["findings"].([]any)) != 0 {
		t.Fatalf("attestation for another image: exit %d: %s %v", r.code, r.stderr, v["reasons"])
	}
	// Without the image the subject cannot be checked: deny.
	r, _ = gateJSON(t, "--attestation", att, "--policy", absPolicy(t))
	if r.code != 1 {
		t.Fatalf("attestation without image: exit %d: %s", r.code, r.stderr)
	}
}
