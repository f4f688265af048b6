package main

import (
	"strings"
	"testing"
)

// TestErrorsNameTheCommand: an error line starts with the command the user
// ran ("fwprov sign: ..."), once, never with an internal package name
// ("verify: ", "policy: ", "sbom: ") or a doubled prefix.
func TestErrorsNameTheCommand(t *testing.T) {
	dir := t.TempDir()
	notPEM := dir + "/not.pem"
	writeFile(t, notPEM, "hello")
	cases := []struct {
		args []string
		cmd  string
		want string
	}{
		{[]string{"sign", "testdata/sboms/du-5g.cdx.json", "--key", notPEM}, "sign", "load private key"},
		{[]string{"sign", "testdata/sboms/du-5g.cdx.json", "--bogus"}, "sign", "unknown flag: --bogus"},
		{[]string{"sign", "testdata/sboms/du-5g.cdx.json"}, "sign", "--key is required"},
		{[]string{"keygen", "--prefix", dir + "/k", "--algorithm", "rsa-1024"}, "keygen", "unknown algorithm"},
		{[]string{"keygen"}, "keygen", "--prefix is required"},
		{[]string{"keygen", "--nope"}, "keygen", "unknown flag"},
		{[]string{"verify", "testdata/verify/du.cdx.json", "--bundle", "testdata/verify/du.cdx.json.sigstore.json", "--key", notPEM}, "verify", "load public key"},
		{[]string{"verify"}, "verify", "accepts 1 arg"},
		{[]string{"verify-blob", "testdata/verify/du.cdx.json", "--sk"}, "verify-blob", "--sk is not supported"},
		{[]string{"gate", "testdata/releases/du-allowed", "--policy", "no-such.yaml"}, "gate", "no-such.yaml"},
		{[]string{"check", "testdata/scan/incoming/du-truncated.cdx.json"}, "check", "du-truncated.cdx.json:693:8"},
		{[]string{"inspect", "no-such.cdx.json"}, "inspect", "no-such.cdx.json"},
		{[]string{"scan", "--merge"}, "scan", "give the JSON Lines files"},
		{[]string{"diff", "testdata/sboms/du-5g.cdx.json"}, "diff", "accepts 2 arg"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			r := run(t, nil, c.args...)
			expectError(t, r, c.want)
			prefix := "fwprov " + c.cmd + ": "
			if !strings.HasPrefix(r.stderr, prefix) {
				t.Fatalf("stderr %q does not start with %q", r.stderr, prefix)
			}
			rest := strings.TrimPrefix(r.stderr, prefix)
			for _, p := range []string{"fwprov", c.cmd + ": ", "verify: ", "policy: ", "sbom: "} {
				if strings.HasPrefix(rest, p) {
					t.Errorf("stderr %q: %q after the command name", r.stderr, p)
				}
			}
		})
	}
}
