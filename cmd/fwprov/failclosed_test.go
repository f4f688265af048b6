package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// provenanceChecks returns name → status of a gate verdict's checks.
func provenanceChecks(t *testing.T, v map[string]any) map[string]string {
	t.Helper()
	prov, _ := v["provenance"].(map[string]any)
	checks, _ := prov["checks"].([]any)
	out := map[string]string{}
	for _, c := range checks {
		m := c.(map[string]any)
		out[m["name"].(string)] = m["status"].(string)
	}
	return out
}

// expectNothingVouched is the invariant of a release nothing vouches for:
// the signature did not pass, and so no other provenance check passed
// either (a firmware digest matching hashes from an unvouched SBOM proves
// nothing).
func expectNothingVouched(t *testing.T, v map[string]any) {
	t.Helper()
	checks := provenanceChecks(t, v)
	if checks["signature"] == "passed" {
		t.Fatalf("signature passed: %v", checks)
	}
	for name, status := range checks {
		if status == "passed" {
			t.Errorf("check %s passed although the signature did not: %v", name, checks)
		}
	}
}

// TestGateFailsClosedWithoutTrustedSigner: a policy that trusts no signer —
// every embedded preset, no --policy at all, a file without a trust
// section, one whose trust section names no signers — denies every
// release, whatever it carries, and says what to do.
func TestGateFailsClosedWithoutTrustedSigner(t *testing.T) {
	dir := t.TempDir()
	noTrust := filepath.Join(dir, "no-trust.yaml")
	emptyTrust := filepath.Join(dir, "empty-trust.yaml")
	writeFile(t, noTrust, "apiVersion: fwprov/v1\nkind: Policy\nname: no-trust\nextends: baseline\n")
	writeFile(t, emptyTrust, "apiVersion: fwprov/v1\nkind: Policy\nname: empty-trust\nextends: eu-5g-toolbox\ntrust:\n  require:\n    firmwareDigest: true\n")
	policies := [][]string{nil, {"--policy", "baseline"}, {"--policy", "eu-5g-toolbox"}, {"--policy", "strict"}, {"--policy", noTrust}, {"--policy", emptyTrust}}
	unsigned := copyRelease(t, "du-allowed")
	if err := os.Remove(filepath.Join(unsigned, "ars-du5200-24.3.1.cdx.json.sigstore.json")); err != nil {
		t.Fatal(err)
	}
	releases := []string{"testdata/releases/du-allowed", "testdata/releases/du-tampered", "testdata/releases/ru-denied-origin", unsigned}
	for _, rel := range releases {
		for _, pol := range policies {
			t.Run(filepath.Base(rel)+"/"+strings.Join(pol, "="), func(t *testing.T) {
				r, v := gateJSON(t, append([]string{rel}, pol...)...)
				if r.code != 1 || v["decision"] != "deny" {
					t.Fatalf("exit %d decision %v, want a deny; stderr %s", r.code, v["decision"], r.stderr)
				}
				expectNothingVouched(t, v)
				reasons, _ := json.Marshal(v["reasons"])
				if !strings.Contains(string(reasons), "the policy trusts no signer") || !strings.Contains(string(reasons), "trust.signers") {
					t.Errorf("the deny does not say why and what to do: %s", reasons)
				}
			})
		}
	}
}

// TestGateUnvouchedChecksNotPassed: whenever the signature fails — wrong
// key, tampered SBOM, missing signature, another vendor's SBOM signed by
// a trusted key — no other provenance check shows as passed.
func TestGateUnvouchedChecksNotPassed(t *testing.T) {
	tampered := copyRelease(t, "du-allowed")
	sbomPath := filepath.Join(tampered, "ars-du5200-24.3.1.cdx.json")
	b := readModuleFile(t, "testdata/releases/du-allowed/ars-du5200-24.3.1.cdx.json")
	writeFile(t, sbomPath, strings.Replace(b, `"24.3.1"`, `"24.3.0"`, 1))
	rogue := copyRelease(t, "du-allowed")
	rogueSBOM := filepath.Join(rogue, "ars-du5200-24.3.1.cdx.json")
	if r := run(t, nil, "sign", rogueSBOM, "--key", "testdata/releases/keys/rogue-signer.key", "--bundle", rogueSBOM+".sigstore.json"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	unsigned := copyRelease(t, "du-allowed")
	if err := os.Remove(filepath.Join(unsigned, "ars-du5200-24.3.1.cdx.json.sigstore.json")); err != nil {
		t.Fatal(err)
	}
	for name, dir := range map[string]string{"tampered": tampered, "rogue": rogue, "unsigned": unsigned, "du-tampered": filepath.Join(moduleRoot(t), "testdata/releases/du-tampered")} {
		t.Run(name, func(t *testing.T) {
			r, v := gateJSON(t, dir, "--policy", absPolicy(t))
			if r.code != 1 {
				t.Fatalf("exit %d", r.code)
			}
			expectNothingVouched(t, v)
			checks := provenanceChecks(t, v)
			if checks["firmware-digest"] != "not-performed" {
				t.Errorf("firmware-digest %s, want not-performed", checks["firmware-digest"])
			}
			if !strings.Contains(r.stdout, "not checked: the firmware hashes are in an SBOM nothing vouches for") {
				t.Errorf("the reason is not given:\n%s", r.stdout)
			}
		})
	}
	// The bundled tampered release, through the README's command, with and
	// without a policy.
	for _, args := range [][]string{{"gate", "testdata/releases/du-tampered"}, {"gate", "testdata/releases/du-tampered", "--policy", releasePolicy}} {
		if r := run(t, nil, args...); r.code != 1 || !strings.HasPrefix(r.stdout, "DENY") {
			t.Errorf("%v: exit %d\n%s", args, r.code, r.stdout)
		}
	}
}

// TestGateOriginOnly: the opt-out is explicit, printed in the verdict in
// every format, and refused where it would skip checks the policy asks for.
func TestGateOriginOnly(t *testing.T) {
	r, v := gateJSON(t, "testdata/releases/du-allowed", "--origin-only")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	prov := v["provenance"].(map[string]any)
	if prov["originOnly"] != true {
		t.Errorf("provenance.originOnly = %v", prov["originOnly"])
	}
	reasons, _ := json.Marshal(v["reasons"])
	if !strings.Contains(string(reasons), "notice: origin only") {
		t.Errorf("reasons %s lack the origin-only notice", reasons)
	}
	expectNothingVouched(t, v)
	for _, f := range []string{"text", "markdown"} {
		r := run(t, nil, "gate", "testdata/releases/du-allowed", "--origin-only", "--format", f)
		if r.code != 0 || !strings.Contains(r.stdout, "ORIGIN ONLY (--origin-only)") {
			t.Errorf("%s: exit %d, the verdict does not say origin only:\n%s", f, r.code, r.stdout)
		}
	}
	// Origin still denies.
	if r := run(t, nil, "gate", "testdata/releases/ru-denied-origin", "--origin-only", "--policy", "eu-5g-toolbox"); r.code != 1 {
		t.Errorf("ru-denied-origin --origin-only: exit %d", r.code)
	}
	// A policy with signers: --origin-only would skip them.
	expectError(t, run(t, nil, "gate", "testdata/releases/du-allowed", "--origin-only", "--policy", releasePolicy), "--origin-only", "names trusted signers")
	expectError(t, run(t, nil, "scan", "testdata/releases", "--origin-only", "--policy", releasePolicy), "--origin-only")
	// scan: every result says how it was decided.
	r = run(t, nil, "scan", "testdata/scan/acme", "--origin-only", "--format", "jsonl")
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if !strings.Contains(line, `"checks":"origin"`) {
			t.Errorf("scan --origin-only result does not say so: %.200s", line)
		}
	}
	r = run(t, nil, "scan", "testdata/scan/acme", "--format", "jsonl")
	if r.code != 1 || strings.Contains(r.stdout, `"decision":"allow"`) {
		t.Errorf("scan without trusted signers allowed a submission: exit %d\n%s", r.code, r.stdout)
	}
}

// TestGateFlagModeFindsMaterial: --sbom alone finds the bundle and the
// image beside the SBOM, as a folder does; what is really missing is
// named, and nothing that exists is ever called missing.
func TestGateFlagModeFindsMaterial(t *testing.T) {
	sbom := "testdata/releases/du-allowed/ars-du5200-24.3.1.cdx.json"
	r, v := gateJSON(t, "--sbom", sbom, "--policy", releasePolicy)
	if r.code != 0 {
		t.Fatalf("exit %d: %s\n%s", r.code, r.stderr, r.stdout)
	}
	for _, c := range []string{"signature", "firmware-digest"} {
		if checkStatus(t, v, c) != "passed" {
			t.Errorf("%s %s", c, checkStatus(t, v, c))
		}
	}
	// A detached signature beside the SBOM, found the same way.
	dir := copyRelease(t, "du-allowed")
	s := filepath.Join(dir, "ars-du5200-24.3.1.cdx.json")
	if err := os.Remove(s + ".sigstore.json"); err != nil {
		t.Fatal(err)
	}
	if r := run(t, nil, "sign", s, "--key", "testdata/releases/keys/acme-release.key", "--output-signature", s+".sig"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r, v = gateJSON(t, "--sbom", s, "--policy", absPolicy(t))
	if r.code != 0 || checkStatus(t, v, "signature") != "passed" {
		t.Fatalf("detached signature beside the SBOM: exit %d %s", r.code, r.stdout)
	}
	// Missing for real: named, and the image that exists is not "missing".
	if err := os.Remove(s + ".sig"); err != nil {
		t.Fatal(err)
	}
	r = run(t, nil, "gate", "--sbom", s, "--policy", absPolicy(t))
	if r.code != 1 || !strings.Contains(r.stdout, "required signature missing") || strings.Contains(r.stdout, "firmware image missing") {
		t.Errorf("exit %d:\n%s", r.code, r.stdout)
	}
}

// TestGateJSF: an SBOM carrying an embedded JSF signature is its own
// signature when a key signer of the policy made it; otherwise, or when
// anything in it changed, it is denied.
func TestGateJSF(t *testing.T) {
	sign := func(key string) string {
		t.Helper()
		dir := copyRelease(t, "du-allowed")
		s := filepath.Join(dir, "ars-du5200-24.3.1.cdx.json")
		if err := os.Remove(s + ".sigstore.json"); err != nil {
			t.Fatal(err)
		}
		r := run(t, nil, "sign", s, "--key", key, "--jsf", "-o", s+".signed")
		if r.code != 0 {
			t.Fatal(r.stderr)
		}
		if err := os.Rename(s+".signed", s); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	good := sign("testdata/releases/keys/acme-release.key")
	r, v := gateJSON(t, good, "--policy", absPolicy(t))
	if r.code != 0 {
		t.Fatalf("JSF-signed release: exit %d\n%s", r.code, r.stdout)
	}
	for _, c := range []string{"signature", "signer-entity", "firmware-digest", "completeness"} {
		if checkStatus(t, v, c) != "passed" {
			t.Errorf("%s %s", c, checkStatus(t, v, c))
		}
	}
	text := run(t, nil, "gate", good, "--policy", absPolicy(t)).stdout
	if !strings.Contains(text, "embedded JSF signature of") || !strings.Contains(text, "acme-release") {
		t.Errorf("the verdict does not say a JSF signature was verified:\n%s", text)
	}

	rogue := sign("testdata/releases/keys/rogue-signer.key")
	tampered := sign("testdata/releases/keys/acme-release.key")
	ts := filepath.Join(tampered, "ars-du5200-24.3.1.cdx.json")
	b, _ := os.ReadFile(ts)
	writeFile(t, ts, strings.Replace(string(b), `"24.3.1"`, `"24.3.0"`, 1))
	gz := sign("testdata/releases/keys/acme-release.key")
	gs := filepath.Join(gz, "ars-du5200-24.3.1.cdx.json")
	plain, _ := os.ReadFile(gs)
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write(plain)
	zw.Close()
	if err := os.Remove(gs); err != nil {
		t.Fatal(err)
	}
	writeFile(t, gs+".gz", zb.String())
	for name, dir := range map[string]string{"rogue key": rogue, "tampered": tampered, "gzip": gz} {
		t.Run(name, func(t *testing.T) {
			r, v := gateJSON(t, dir, "--policy", absPolicy(t))
			if r.code != 1 || checkStatus(t, v, "signature") != "failed" {
				t.Fatalf("exit %d, signature %s", r.code, checkStatus(t, v, "signature"))
			}
			expectNothingVouched(t, v)
		})
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestScanCountsProvenanceDenies: a submission denied for provenance alone
// shows it in the table (PROV), not as "DENY 0 0 0"; counts read as
// English ("1 of 1 submission").
func TestScanCountsProvenanceDenies(t *testing.T) {
	r := run(t, nil, "scan", "testdata/releases", "--policy", releasePolicy)
	if r.code != 1 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	rows := map[string][]string{}
	for _, line := range strings.Split(r.stdout, "\n") {
		if f := strings.Fields(line); len(f) == 7 && strings.HasPrefix(f[6], "testdata/releases/") {
			rows[strings.Split(f[6], "/")[2]] = f[:6]
		}
	}
	if !strings.Contains(r.stdout, "VERDICT  PROV  FAIL") {
		t.Fatalf("no PROV column:\n%s", r.stdout)
	}
	if got := rows["du-tampered"]; len(got) == 0 || got[0] != "DENY" || got[1] == "0" {
		t.Errorf("du-tampered row %q: the provenance deny is not counted", got)
	}
	if got := rows["du-allowed"]; len(got) == 0 || got[0] != "ALLOW" || got[1] != "0" {
		t.Errorf("du-allowed row %q", got)
	}
	one := t.TempDir()
	copyFile(t, "testdata/sboms/ru-5g.cdx.json", filepath.Join(one, "ru.cdx.json"))
	r = run(t, nil, "scan", one, "--origin-only")
	if r.stderr != "fwprov: scan: 1 of 1 submission denied, 0 could not be read\n" || !strings.Contains(r.stdout, "1 submission: 0 allowed, 1 denied") {
		t.Errorf("counts do not read as English: %q\n%s", r.stderr, r.stdout)
	}
}
