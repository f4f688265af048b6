package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/fwprov/fwprov/policy"
)

// runPolicy runs fwprov with args and returns the exit code, stdout and
// stderr.
func runPolicy(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, Streams{In: strings.NewReader(""), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

func TestPolicyValidatePlurals(t *testing.T) {
	dir := t.TempDir()
	one := "apiVersion: fwprov/v1\nkind: Policy\nname: one\nentities:\n  - {id: acme, name: Acme Radio AB}\n" +
		"rules:\n  - {id: r, severity: warn, when: {entity: {ids: [acme]}}}\n" +
		"limits:\n  - {id: l, entity: {ids: [acme]}, maxCount: 3}\n" +
		"exceptions:\n  - {rule: r, match: {name: x}, expires: 2030-01-01, reason: test}\n" +
		"trust:\n  signers:\n    - {id: s, entity: acme, keyless: {issuer: https://issuer.example, identity: a@acme.example}}\n"
	path := filepath.Join(dir, "one.yaml")
	if err := os.WriteFile(path, []byte(one), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runPolicy(t, "policy", "validate", path)
	want := `valid: policy "one", 1 entity, 1 rule, 1 limit, 1 exception, 1 trusted signer`
	if code != 0 || !strings.Contains(out, want) {
		t.Errorf("exit %d, out %q, err %q; want %q", code, out, errs, want)
	}
	code, out, _ = runPolicy(t, "policy", "validate", filepath.Join(modRoot(t), "testdata", "policies", "operator-ran.yaml"))
	if code != 0 || !regexp.MustCompile(`\d+ entities, \d+ rules, 2 limits, 1 exception, 3 trusted signers`).MatchString(out) {
		t.Errorf("operator policy: exit %d, %q", code, out)
	}
}

func TestPolicyEntitiesCommand(t *testing.T) {
	code, out, errs := runPolicy(t, "policy", "entities")
	if code != 0 || !strings.Contains(out, "hisilicon  HiSilicon Technologies Co., Ltd.  [CN]  (preset:catalog/huawei)") ||
		!strings.Contains(out, "divested:") || !strings.Contains(out, "[pci-ids]") || !strings.Contains(out, "source:    [fcc-covered-list]") {
		t.Fatalf("text: exit %d err %q\n%s", code, errs, out)
	}
	code, out, _ = runPolicy(t, "policy", "entities", "huawei-cloud", "--format", "markdown")
	if code != 0 || !strings.Contains(out, "## preset:catalog/huawei") || !strings.Contains(out, "`huawei-cloud-berlin`") ||
		strings.Contains(out, "`hisilicon`") || !strings.Contains(out, "- `bis-85fr51596`:") {
		t.Errorf("markdown subtree: exit %d\n%s", code, out)
	}
	code, out, _ = runPolicy(t, "policy", "entities", "--format", "json", "honor")
	var doc struct {
		Policy   string `json:"policy"`
		Entities []struct {
			ID           string             `json:"id"`
			DefinedIn    string             `json:"definedIn"`
			FormerFamily []string           `json:"formerFamily"`
			Divested     *policy.Divestment `json:"divested"`
			Aliases      []policy.Fact      `json:"aliases"`
		} `json:"entities"`
		Sources map[string]policy.Source `json:"sources"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != 0 {
		t.Fatalf("json: exit %d: %v\n%s", code, err, out)
	}
	if doc.Policy != "baseline" || len(doc.Entities) != 1 || doc.Entities[0].Divested == nil || doc.Entities[0].FormerFamily[0] != "huawei" ||
		!doc.Entities[0].Aliases[0].PersonalName || doc.Sources["honor-sale-2020"].Date.String() != "2020-11-17" {
		t.Errorf("json honor: %+v", doc)
	}
	if code, _, errs := runPolicy(t, "policy", "entities", "nosuch"); code != 2 || !strings.Contains(errs, `no entity "nosuch"`) {
		t.Errorf("unknown entity: exit %d %q", code, errs)
	}
	if code, _, errs := runPolicy(t, "policy", "entities", "--format", "sarif"); code != 2 || !strings.Contains(errs, "unknown format") {
		t.Errorf("bad format: exit %d %q", code, errs)
	}
}

func TestPolicyResolveCommand(t *testing.T) {
	code, out, errs := runPolicy(t, "policy", "resolve", "Hua-Wei Device Co.", "psirt@hisilicon.com", "Linux Foundation", "github.com", "pkg:generic/linux@6.12")
	for _, want := range []string{
		`"Hua-Wei Device Co." (name)`, "folded:   hua wei device", `by alias "Huawei" (key huawei, also a personal name) [fcc-covered-list]`,
		"family huawei-device → huawei", "resolves: huawei-device (Huawei Device Co., Ltd.)",
		`"psirt@hisilicon.com" (domain)`, `by domain "hisilicon.com"`, "resolves: hisilicon",
		`"Linux Foundation" (name)`, "resolves: nothing in the catalog", "a shared service", "no origin claim",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("resolve output lacks %q (exit %d, err %q)\n%s", want, code, errs, out)
		}
	}
	code, out, _ = runPolicy(t, "policy", "resolve", "--format", "json", "--kind", "usb", "12d1")
	var xs []policy.Explanation
	if err := json.Unmarshal([]byte(out), &xs); err != nil || code != 0 || len(xs) != 1 || xs[0].Resolved != "huawei" || xs[0].Kind != "usb" {
		t.Errorf("json: exit %d %v %+v", code, err, xs)
	}
	code, out, _ = runPolicy(t, "policy", "resolve", "Dahua Technology USA Inc.")
	if code != 0 || !strings.Contains(out, "divested from dahua on 2024-01-31") || !strings.Contains(out, "a conflict") {
		t.Errorf("divested overlap: %s", out)
	}
	if code, _, errs := runPolicy(t, "policy", "resolve", "--kind", "shoe", "x"); code != 2 || !strings.Contains(errs, `unknown kind "shoe"`) {
		t.Errorf("bad kind: exit %d %q", code, errs)
	}
	if code, _, _ := runPolicy(t, "policy", "resolve"); code != 2 {
		t.Errorf("no argument: exit %d", code)
	}
}

func TestPolicyShowAndListCatalogs(t *testing.T) {
	code, out, _ := runPolicy(t, "policy", "show", "catalog/huawei")
	if code != 0 || !strings.Contains(out, "kind: Catalog") || !strings.Contains(out, "id: hisilicon") {
		t.Errorf("show catalog/huawei: exit %d", code)
	}
	if code, _, errs := runPolicy(t, "policy", "show", "catalog/../x"); code != 2 || !strings.Contains(errs, "no catalog") {
		t.Errorf("show catalog/../x: exit %d %q", code, errs)
	}
	code, out, _ = runPolicy(t, "policy", "list")
	if code != 0 || !strings.Contains(out, "baseline (default)") || !strings.Contains(out, "catalog/zte") || !strings.Contains(out, "(8 entities)") {
		t.Errorf("list: exit %d\n%s", code, out)
	}
}

// The README's catalog coverage table is the command's output for the
// baseline preset, and the README's catalog file and override examples
// load.
func TestREADMECatalogSection(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(modRoot(t), "README.md"))
	if err != nil {
		t.Skipf("README.md: %v", err)
	}
	readme := string(data)
	const begin, end = "<!-- catalog-coverage -->\n", "<!-- /catalog-coverage -->"
	i, j := strings.Index(readme, begin), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the %s ... %s block", strings.TrimSpace(begin), end)
	}
	_, out, _ := runPolicy(t, "policy", "entities", "--summary", "--format", "markdown")
	if got := readme[i+len(begin) : j]; got != out {
		t.Errorf("README coverage table is stale; replace it with `fwprov policy entities --summary --format markdown`:\n%s", out)
	}
	sec := readme[strings.Index(readme, "## The entity catalog"):]
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(sec, 2)
	if len(blocks) != 2 {
		t.Fatalf("want the catalog file and the override examples, found %d yaml blocks", len(blocks))
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "catalog"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "catalog", "suppliers.yaml"), []byte(blocks[0][1]), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "operator.yaml"), []byte(blocks[1][1]), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := policy.Load(filepath.Join(dir, "operator.yaml"))
	if err != nil {
		t.Fatalf("README examples: %v", err)
	}
	if _, ok := p.Entity("acme-silicon"); !ok {
		t.Error("README catalog example: acme-silicon missing")
	}
	if _, ok := p.Entity("zonergy"); ok {
		t.Error("README override example: zonergy not removed")
	}
}
