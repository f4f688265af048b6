package main

// End-to-end tests of diff and scan.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

const (
	duOld = "testdata/sboms/du-5g.cdx.json"
	duNew = "testdata/sboms/du-5g-hr.cdx.json"
)

// diffJSON is the part of the diff report the tests look at.
type diffJSON struct {
	SchemaVersion string `json:"schemaVersion"`
	Introduced    []struct {
		Ref string `json:"bomRef"`
	} `json:"introduced"`
	Removed []struct {
		Ref string `json:"bomRef"`
	} `json:"removed"`
	Changed           []json.RawMessage `json:"changed"`
	Unchanged         int               `json:"unchanged"`
	SuppliersAppeared []struct {
		Name string `json:"name"`
	} `json:"suppliersAppeared"`
	Policy *struct {
		FailOn      string        `json:"failOn"`
		OldDecision string        `json:"oldDecision"`
		NewDecision string        `json:"newDecision"`
		Decision    string        `json:"decision"`
		Introduced  []findingJSON `json:"introduced"`
		Existing    []findingJSON `json:"existing"`
		Resolved    []findingJSON `json:"resolved"`
	} `json:"policy"`
}

type findingJSON struct {
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Component struct {
		Ref string `json:"bom-ref"`
	} `json:"component"`
}

func decodeDiff(t *testing.T, r result) diffJSON {
	t.Helper()
	var d diffJSON
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		t.Fatalf("diff JSON: %v\n%s", err, r.stdout)
	}
	return d
}

func countSeverity(fs []findingJSON, sev string) int {
	n := 0
	for _, f := range fs {
		if f.Severity == sev {
			n++
		}
	}
	return n
}

func TestDiffUpgrade(t *testing.T) {
	r := run(t, nil, "diff", duOld, duNew)
	if r.code != 0 {
		t.Fatalf("diff without policy: exit %d, stderr %s", r.code, r.stderr)
	}
	for _, want := range []string{"Introduced (8):", "+ hisec-ipsec-offload 2.1.0", "Removed (1):", "- ars-oam-agent 24.3.1", "firmware  version 24.3.1 → 24.3.2", "Suppliers appearing (7):", "Unchanged: 49"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text diff lacks %q:\n%s", want, r.stdout)
		}
	}

	r = run(t, nil, "diff", duOld, duNew, "--policy", "eu-5g-toolbox", "--format", "json")
	if r.code != 1 {
		t.Fatalf("upgrade introducing high-risk parts: exit %d, want 1; stderr %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "upgrade denied: the upgrade introduces 3 fail findings") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("stderr = %q", r.stderr)
	}
	d := decodeDiff(t, r)
	if d.SchemaVersion != "fwprov.diff/v1" || len(d.Introduced) != 8 || len(d.Removed) != 1 || d.Unchanged != 49 {
		t.Errorf("diff = %d introduced, %d removed, %d unchanged (schema %q)", len(d.Introduced), len(d.Removed), d.Unchanged, d.SchemaVersion)
	}
	p := d.Policy
	if p == nil || p.FailOn != "new" || p.OldDecision != "allow" || p.NewDecision != "deny" || p.Decision != "deny" {
		t.Fatalf("policy part = %+v", p)
	}
	if countSeverity(p.Introduced, "fail") != 3 || countSeverity(p.Introduced, "warn") != 1 || len(p.Existing) != 0 || len(p.Resolved) != 0 {
		t.Errorf("findings: introduced %+v, existing %d, resolved %d", p.Introduced, len(p.Existing), len(p.Resolved))
	}
	for _, f := range p.Introduced {
		if f.Component.Ref == "huawei_cdc_ncm@6.12.20" || f.Component.Ref == "sfp28-ddm@1.9.3" || f.Component.Ref == "usb-modeswitch@2.6.1" {
			t.Errorf("a trap came out as a finding: %+v", f)
		}
	}

	// The way back removes the high-risk parts: nothing new, all resolved.
	r = run(t, nil, "diff", duNew, duOld, "--policy", "eu-5g-toolbox", "--format", "json", "--fail-on", "all")
	if r.code != 0 {
		t.Fatalf("downgrade to the clean load: exit %d; stderr %s", r.code, r.stderr)
	}
	d = decodeDiff(t, r)
	if len(d.Policy.Introduced) != 0 || len(d.Policy.Resolved) != 8 {
		t.Errorf("downgrade: %d introduced, %d resolved findings, want 0 and 8", len(d.Policy.Introduced), len(d.Policy.Resolved))
	}

	// The markdown report.
	r = run(t, nil, "diff", duOld, duNew, "--policy", "eu-5g-toolbox", "--format", "markdown")
	if r.code != 1 || !strings.HasPrefix(r.stdout, "# ⛔ Upgrade: ARS-DU5200 DU software load 24.3.1 → ARS-DU5200 DU software load 24.3.2") ||
		!strings.Contains(r.stdout, "### Introduced by the upgrade (8)") || !strings.Contains(r.stdout, "| fail | high-risk-critical-function | hisec-ipsec-offload@2.1.0 |") {
		t.Errorf("markdown (exit %d):\n%s", r.code, r.stdout)
	}
}

// TestDiffFailOn: a load compared with itself introduces nothing. Its
// existing fail findings deny only with --fail-on all.
func TestDiffFailOn(t *testing.T) {
	const ru = "testdata/sboms/ru-5g.cdx.json"
	check := run(t, nil, "check", ru, "--policy", "baseline", "--format", "json")
	var v struct {
		Summary struct {
			Findings map[string]int `json:"findings"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(check.stdout), &v); err != nil || v.Summary.Findings["fail"] == 0 {
		t.Fatalf("check %s: %v, %d fail findings", ru, err, v.Summary.Findings["fail"])
	}
	for _, tt := range []struct {
		failOn []string
		code   int
	}{
		{nil, 0},
		{[]string{"--fail-on", "new"}, 0},
		{[]string{"--fail-on", "all"}, 1},
	} {
		args := append([]string{"diff", ru, ru, "--policy", "baseline", "--format", "json"}, tt.failOn...)
		r := run(t, nil, args...)
		if r.code != tt.code {
			t.Errorf("%v: exit %d, want %d; stderr %s", tt.failOn, r.code, tt.code, r.stderr)
			continue
		}
		d := decodeDiff(t, r)
		if len(d.Introduced) != 0 || len(d.Removed) != 0 || len(d.Changed) != 0 || len(d.Policy.Introduced) != 0 || countSeverity(d.Policy.Existing, "fail") != v.Summary.Findings["fail"] {
			t.Errorf("%v: self-diff: %d/%d/%d components, %d new findings, %d existing fail", tt.failOn, len(d.Introduced), len(d.Removed), len(d.Changed), len(d.Policy.Introduced), countSeverity(d.Policy.Existing, "fail"))
		}
	}
}

func TestDiffErrors(t *testing.T) {
	expectError(t, run(t, nil, "diff", duOld, duNew, "--fail-on", "all"), "--fail-on needs --policy")
	expectError(t, run(t, nil, "diff", duOld, duNew, "--policy", "baseline", "--fail-on", "some"), "--fail-on must be new or all")
	expectError(t, run(t, nil, "diff", duOld, "testdata/sboms/nope.cdx.json"), "nope.cdx.json")
	expectError(t, run(t, nil, "diff", duOld, "testdata/scan/incoming/du-truncated.cdx.json"), "du-truncated.cdx.json:693:8")
	expectError(t, run(t, nil, "diff", duOld), "accepts 2 arg")
}

// scanJSON is the part of the scan report the tests look at.
type scanJSON struct {
	SchemaVersion string          `json:"schemaVersion"`
	Summary       json.RawMessage `json:"summary"`
	Submissions   []struct {
		Path     string         `json:"path"`
		Decision string         `json:"decision"`
		Error    string         `json:"error"`
		Counts   map[string]int `json:"counts"`
	} `json:"submissions"`
}

func decodeScan(t *testing.T, out string) scanJSON {
	t.Helper()
	var s scanJSON
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("scan JSON: %v\n%s", err, out)
	}
	return s
}

// copyFile copies a module-relative file to dst.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(moduleRoot(t), src))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// scanFolder builds a folder of submissions with a corrupt one in the
// middle of the path order, and a file that is not a submission.
func scanFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyFile(t, "testdata/sboms/du-5g.cdx.json", filepath.Join(dir, "a", "du-1.cdx.json"))
	copyFile(t, "testdata/sboms/cu-5g.cdx.xml", filepath.Join(dir, "a", "cu-1.cdx.xml"))
	copyFile(t, "testdata/sboms/du-5g-hr.cdx.json", filepath.Join(dir, "b", "du-2.cdx.json"))
	if err := os.WriteFile(filepath.Join(dir, "b", "garbage.cdx.json"), []byte("\x00\x01 not an SBOM"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b", "notes.txt"), []byte("not a submission"), 0o644); err != nil {
		t.Fatal(err)
	}
	copyFile(t, "testdata/sboms/ru-5g.cdx.json", filepath.Join(dir, "c", "ru-1.cdx.json"))
	copyFile(t, "testdata/sboms/du-5g.spdx.json", filepath.Join(dir, "c", "du-spdx.spdx.json"))
	return dir
}

func TestScanTestdata(t *testing.T) {
	r := run(t, nil, "scan", "testdata/scan", "--policy", "eu-5g-toolbox", "--origin-only")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", r.code, r.stderr)
	}
	if r.stderr != "fwprov: scan: 3 of 6 submissions denied, 1 could not be read\n" {
		t.Errorf("stderr = %q (no progress bar when stderr is not a terminal)", r.stderr)
	}
	var order []string
	for _, line := range strings.Split(r.stdout, "\n") {
		if f := strings.Fields(line); len(f) == 7 && strings.HasPrefix(f[6], "testdata/scan/") {
			order = append(order, f[0]+" "+f[6])
		}
	}
	want := []string{
		"ALLOW testdata/scan/acme/cu-24.3.1.cdx.xml",
		"ALLOW testdata/scan/acme/du-24.3.1.cdx.json",
		"DENY testdata/scan/acme/du-24.3.2.cdx.json",
		"ERROR testdata/scan/incoming/du-truncated.cdx.json",
		"DENY testdata/scan/nordlys/aau-n78.cdx.json.gz",
		"DENY testdata/scan/nordlys/ru-5.2.0.cdx.json",
	}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("submissions:\n got %q\nwant %q\n%s", order, want, r.stdout)
	}
	for _, w := range []string{"du-truncated.cdx.json:693:8: unexpected end of JSON input", "Suppliers by share of components:", "Countries by share of components:", "Most frequent findings:", "high-risk-critical-function"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("report lacks %q", w)
		}
	}
}

// TestScanCorruptInTheMiddle: an unreadable submission in the middle of the
// scan is an error entry; every other submission is still decided, the
// same way whatever the number of workers.
func TestScanCorruptInTheMiddle(t *testing.T) {
	dir := scanFolder(t)
	var first string
	for _, jobs := range []string{"1", "2", "7"} {
		r := run(t, nil, "scan", dir, "--policy", "baseline", "--origin-only", "--jobs", jobs, "--format", "json")
		if r.code != 1 {
			t.Fatalf("jobs %s: exit %d, want 1; stderr %s", jobs, r.code, r.stderr)
		}
		s := decodeScan(t, r.stdout)
		got := map[string]string{}
		var paths []string
		for _, sub := range s.Submissions {
			rel, _ := filepath.Rel(dir, filepath.FromSlash(sub.Path))
			got[filepath.ToSlash(rel)] = sub.Decision
			paths = append(paths, sub.Path)
			if sub.Decision == "error" && !strings.Contains(sub.Error, "garbage.cdx.json") {
				t.Errorf("error entry does not name the file: %q", sub.Error)
			}
		}
		want := map[string]string{"a/cu-1.cdx.xml": "allow", "a/du-1.cdx.json": "allow", "b/du-2.cdx.json": "deny", "b/garbage.cdx.json": "error", "c/du-spdx.spdx.json": "allow", "c/ru-1.cdx.json": "deny"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("jobs %s: decisions %v, want %v", jobs, got, want)
		}
		if !sortedStrings(paths) {
			t.Errorf("jobs %s: not in path order: %q", jobs, paths)
		}
		if first == "" {
			first = r.stdout
		} else if r.stdout != first {
			t.Errorf("jobs %s: report differs from jobs 1 (not deterministic)", jobs)
		}
	}
}

func sortedStrings(s []string) bool {
	for i := 1; i < len(s); i++ {
		if s[i-1] > s[i] {
			return false
		}
	}
	return true
}

// TestScanShardsMerge: two shards scanned separately (one sub-folder each)
// and merged give the same summary as one scan of the whole folder, in
// every format; a record seen twice, a bad record and a missing file are
// errors.
func TestScanShardsMerge(t *testing.T) {
	dir := scanFolder(t)
	out := t.TempDir()
	shard := func(name string, sub ...string) string {
		var lines []byte
		for _, s := range sub {
			r := run(t, nil, "scan", filepath.Join(dir, s), "--policy", "baseline", "--origin-only", "--format", "jsonl")
			if r.code != 0 && r.code != 1 {
				t.Fatalf("shard %s: exit %d: %s", s, r.code, r.stderr)
			}
			for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
				var rec map[string]any
				if err := json.Unmarshal([]byte(l), &rec); err != nil || rec["schemaVersion"] != "fwprov.scan.result/v1" {
					t.Fatalf("jsonl line is not a result record: %v: %s", err, l)
				}
			}
			lines = append(lines, r.stdout...)
		}
		p := filepath.Join(out, name)
		if err := os.WriteFile(p, lines, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	s1 := shard("1.jsonl", "a", "b")
	s2 := shard("2.jsonl", "c")

	whole := run(t, nil, "scan", dir, "--policy", "baseline", "--origin-only", "--format", "json")
	merged := run(t, nil, "scan", "--merge", s2, s1, "--format", "json")
	if merged.code != whole.code {
		t.Fatalf("merge exit %d, scan exit %d; stderr %s", merged.code, whole.code, merged.stderr)
	}
	w, m := decodeScan(t, whole.stdout), decodeScan(t, merged.stdout)
	if !bytes.Equal(w.Summary, m.Summary) {
		t.Errorf("merged summary differs:\n%s\n%s", w.Summary, m.Summary)
	}
	if !reflect.DeepEqual(w.Submissions, m.Submissions) {
		t.Errorf("merged submissions differ")
	}
	// jsonl → merge → jsonl is the identity (in path order).
	again := run(t, nil, "scan", "--merge", s1, "--format", "jsonl")
	orig, _ := os.ReadFile(s1)
	if again.stdout != string(orig) {
		t.Errorf("jsonl round trip changed the records")
	}
	for _, format := range []string{"text", "markdown", "html"} {
		a := run(t, nil, "scan", dir, "--policy", "baseline", "--origin-only", "--format", format)
		b := run(t, nil, "scan", "--merge", s1, s2, "--format", format)
		// Only the source line differs: the folder versus "merge".
		if strings.Count(a.stdout, "\n") != strings.Count(b.stdout, "\n") || len(b.stdout) == 0 {
			t.Errorf("%s: merged report differs in shape from the scan's", format)
		}
	}

	expectError(t, run(t, nil, "scan", "--merge", s1, s1), "is also in")
	bad := filepath.Join(out, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"schemaVersion":"fwprov.scan.result/v1","path":"x","decision":"maybe"}`+"\n"), 0o644)
	expectError(t, run(t, nil, "scan", "--merge", bad), "bad.jsonl:1", `decision "maybe"`)
	os.WriteFile(bad, []byte("{\"schemaVersion\":\n"), 0o644)
	expectError(t, run(t, nil, "scan", "--merge", bad), "bad.jsonl:1")
	expectError(t, run(t, nil, "scan", "--merge", filepath.Join(out, "missing.jsonl")), "missing.jsonl")
	expectError(t, run(t, nil, "scan", "--merge"), "give the JSON Lines files")
}

func TestScanErrors(t *testing.T) {
	expectError(t, run(t, nil, "scan", "testdata/no-such-folder"), "no-such-folder")
	expectError(t, run(t, nil, "scan", duOld), "is not a folder")
	expectError(t, run(t, nil, "scan", t.TempDir()), "no submissions")
	expectError(t, run(t, nil, "scan", "testdata/scan", "--jobs", "0"), "--jobs must be at least 1")
	expectError(t, run(t, nil, "scan", "testdata/scan", "--policy", "no-such-preset"), "no-such-preset")
	expectError(t, run(t, nil, "scan", "testdata/scan", "--format", "sarif"), "unknown format")
	expectError(t, run(t, nil, "scan", "testdata/scan", "testdata/sboms"), "exactly one folder")
}

// TestScanOutputAtomic: --output writes the whole report at the end, in
// one rename; a folder that cannot be written to leaves nothing behind.
func TestScanOutputAtomic(t *testing.T) {
	out := t.TempDir()
	for _, format := range []string{"jsonl", "html"} {
		p := filepath.Join(out, "report."+format)
		r := run(t, nil, "scan", "testdata/scan", "--format", format, "-o", p)
		if r.code != 1 || r.stdout != "" {
			t.Fatalf("%s: exit %d, stdout %q", format, r.code, r.stdout)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if format == "jsonl" && strings.Count(string(b), "\n") != 6 {
			t.Errorf("jsonl has %d lines, want 6", strings.Count(string(b), "\n"))
		}
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("output folder holds %q: temporary files left behind", names)
	}
	r := run(t, nil, "scan", "testdata/scan", "-o", filepath.Join(out, "missing", "report.txt"))
	expectError(t, r, "missing")
}

// TestScanHTML: the HTML report is well-formed, self-contained (no script,
// no external resource) and escapes what submissions say, file names
// included.
func TestScanHTML(t *testing.T) {
	dir := scanFolder(t)
	evil := strings.Replace(readModuleFile(t, "testdata/sboms/du-5g-hr.cdx.json"), "HiSilicon Technologies Co., Ltd.", `<script>alert(1)</script><img src=x onerror=alert(2)>`, 1)
	if err := os.WriteFile(filepath.Join(dir, "c", `<b>evil.cdx.json`), []byte(evil), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, nil, "scan", dir, "--format", "html")
	if r.code != 1 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if strings.Contains(r.stdout, "<script>") || strings.Contains(r.stdout, "<img") || strings.Contains(r.stdout, "<b>evil") {
		t.Fatalf("unescaped markup from a submission in the HTML report")
	}
	doc, err := html.Parse(strings.NewReader(r.stdout))
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			counts[n.Data]++
			for _, a := range n.Attr {
				switch {
				case a.Key == "src", strings.HasPrefix(a.Key, "on"):
					t.Errorf("<%s %s=%q>: no sources or handlers allowed", n.Data, a.Key, a.Val)
				case a.Key == "href" && !strings.HasPrefix(a.Val, "#"):
					t.Errorf("<%s href=%q>: only in-page links allowed", n.Data, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if counts["script"] != 0 || counts["link"] != 0 || counts["iframe"] != 0 {
		t.Errorf("script/link/iframe elements: %v", counts)
	}
	if counts["svg"] != 2 || counts["section"] != 7 || counts["style"] != 1 {
		t.Errorf("want 2 charts, 7 submission sections, 1 style: %v", counts)
	}
	if !strings.Contains(r.stdout, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(r.stdout, "&lt;b&gt;evil.cdx.json") {
		t.Errorf("escaped supplier name or file name missing from the report")
	}
	// Well-formed enough for a strict tokenizer too: every tag closes.
	z := html.NewTokenizer(strings.NewReader(r.stdout))
	depth := map[string]int{}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		name, _ := z.TagName()
		switch tt {
		case html.StartTagToken:
			switch string(name) {
			case "meta", "br", "img", "input", "link":
			default:
				depth[string(name)]++
			}
		case html.EndTagToken:
			depth[string(name)]--
		}
	}
	for tag, d := range depth {
		if d != 0 {
			t.Errorf("<%s> opened %d more times than closed", tag, d)
		}
	}
}

func readModuleFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(moduleRoot(t), p))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestScanHTMLScreenshot renders the HTML report of testdata/scan in
// headless Chromium and checks the screenshot is a real page, not a blank
// one. It skips without /usr/bin/chromium. With FWPROV_SCREENSHOT set to a
// path, the PNG is kept there (make report-screenshot).
func TestScanHTMLScreenshot(t *testing.T) {
	const chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no /usr/bin/chromium (apt-get install chromium): the HTML report is not rendered")
	}
	if testing.Short() {
		t.Skip("-short: not starting a browser")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "scan.html")
	r := run(t, nil, "scan", "testdata/scan", "--policy", "eu-5g-toolbox", "--origin-only", "--format", "html", "-o", page)
	if r.code != 1 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	shot := os.Getenv("FWPROV_SCREENSHOT")
	if shot == "" {
		shot = filepath.Join(dir, "scan.png")
	} else if abs, err := filepath.Abs(shot); err == nil {
		shot = abs
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--screenshot="+shot, "--window-size=1280,2000",
		"file://"+page)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v\n%s", err, stderr.String())
	}
	defer f.Close()
	img, err := png.Decode(bufio.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() != 1280 || b.Dy() != 2000 {
		t.Errorf("screenshot is %dx%d, want 1280x2000", b.Dx(), b.Dy())
	}
	// A rendered report has many colours (text, badges, bars) and a good
	// deal of ink; a blank or error page has neither.
	colours := map[uint32]bool{}
	ink, barBlue := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[(r>>8)<<16|(g>>8)<<8|bl>>8] = true
			if r>>8 < 200 || g>>8 < 200 || bl>>8 < 200 {
				ink++
			}
			// The chart bars: #3b6fd8.
			if r>>8 == 0x3b && g>>8 == 0x6f && bl>>8 == 0xd8 {
				barBlue++
			}
		}
	}
	total := (b.Dx() / 2) * (b.Dy() / 2)
	if len(colours) < 100 || ink < total/50 || barBlue < 500 {
		t.Errorf("screenshot looks empty: %d colours, %d of %d pixels inked, %d bar pixels", len(colours), ink, total, barBlue)
	}
	t.Logf("screenshot %s: %d colours, %.1f%% inked", shot, len(colours), 100*float64(ink)/float64(total))
}
