package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/spf13/cobra"

	"github.com/fwprov/fwprov/cmd/fwprov/internal/render"
	"github.com/fwprov/fwprov/policy"
	"github.com/fwprov/fwprov/sbom"
)

func newScanCmd(g *globals) *cobra.Command {
	var policyArg string
	var jobs int
	var merge, originOnly bool
	var format *formatFlag
	c := &cobra.Command{
		Use:   "scan DIR --policy FILE|PRESET [--jobs N] | scan --merge SHARD.jsonl...",
		Short: "Check a folder of submissions concurrently and summarise them (for regulators)",
		Long: `scan finds every submission under DIR — each SBOM file named *.cdx.json, *.cdx.xml,
*.spdx.json or *.spdx (optionally .gz), at any depth; symbolic links are not followed —
and decides each as 'fwprov gate' decides a release: the signature material beside the SBOM
by the release convention (<sbom>.sigstore.json or .bundle, or <sbom>.sig; the firmware
image the SBOM names in the same folder) is verified as the policy's trust section
requires, then the origin of every component is checked. Like gate, scan fails closed: with
a policy that trusts no signer (the presets) every submission is denied for provenance,
unless --origin-only asks to judge origin alone (each result then says "checks": "origin").
--jobs workers (default: the number of CPUs) run at once; the report is in path order
whatever the order of completion.

A submission that cannot be read or parsed is an error entry in the report (with the file
and position) and never stops the scan. The summary gives, per submission, the verdict,
counts by severity and the top finding; across all, the suppliers and countries by share of
components (as declared, or inherited from the enclosing assembly), the policy entities
and the most frequent findings.

--format jsonl writes one JSON object per submission (schema "fwprov.scan.result/v1"),
streamed to stdout in path order as results complete, so a scan can be sharded over many
machines (scan one sub-folder each) and merged later: 'fwprov scan --merge shards/*.jsonl'
reads the shards and writes the same summary in any format. --output writes atomically
at the end. A progress bar is drawn on stderr when it is a terminal (not with --quiet).

Exit codes (fail closed): 0 when every submission is allowed; 1 when any is denied or
could not be read; 2 when the scan itself cannot run (no such folder, no submissions,
a bad policy, a bad shard).`,
		Example: `  fwprov scan testdata/scan --policy eu-5g-toolbox --origin-only
  fwprov scan testdata/scan --policy baseline --origin-only --format html -o scan.html
  fwprov scan testdata/scan/acme --policy eu-5g-toolbox --origin-only --format jsonl > part-1.jsonl
  fwprov scan testdata/scan/nordlys --policy eu-5g-toolbox --origin-only --format jsonl > part-2.jsonl
  fwprov scan --merge part-*.jsonl --format markdown
  fwprov scan testdata/releases --policy testdata/releases/policy.yaml     # provenance and origin`,
		Args: func(cmd *cobra.Command, args []string) error {
			if merge {
				if len(args) == 0 {
					return usagef("--merge: give the JSON Lines files to merge")
				}
				return nil
			}
			if len(args) != 1 {
				return usagef("give exactly one folder (or --merge FILES...)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if jobs < 1 {
				return usagef("--jobs must be at least 1")
			}
			var rep *render.ScanReport
			if merge {
				if policyArg != "" || originOnly {
					return usagef("--merge: --policy and --origin-only do not apply (the shards carry their policy and checks)")
				}
				results, pol, err := mergeShards(args)
				if err != nil {
					return err
				}
				rep = render.NewScanReport("merge", pol, results)
			} else {
				pol, err := loadPolicy(policyArg)
				if err != nil {
					return err
				}
				if err := checkOriginOnly(originOnly, pol); err != nil {
					return err
				}
				subs, err := findSubmissions(args[0])
				if err != nil {
					return err
				}
				stream := format.value == "jsonl" && (g.output == "" || g.output == "-")
				results, err := runScan(cmd.Context(), g, scanPolicy{pol, originOnly}, args[0], subs, jobs, stream)
				if err != nil {
					return err
				}
				rep = render.NewScanReport(args[0], policy.PolicyRef{Name: pol.Name, Source: pol.Source}, results)
				if stream {
					return scanExit(rep)
				}
			}
			p, err := render.ScanPresenter(format.value, rep)
			if err != nil {
				return err
			}
			if err := present(g, p); err != nil {
				return err
			}
			return scanExit(rep)
		},
	}
	c.Flags().StringVarP(&policyArg, "policy", "p", "", "policy `FILE` or preset name (default \"baseline\")")
	_ = c.RegisterFlagCompletionFunc("policy", completePresets)
	c.Flags().IntVarP(&jobs, "jobs", "j", runtime.NumCPU(), "check `N` submissions at a time")
	c.Flags().BoolVar(&merge, "merge", false, "merge JSON Lines shards (the arguments) instead of scanning a folder")
	c.Flags().BoolVar(&originOnly, "origin-only", false, "judge origin alone, with a policy that trusts no signer: provenance is not checked (said in every result)")
	format = addFormatFlag(c, "text", "json", "jsonl", "markdown", "html")
	return c
}

// scanExit: exit 1 when any submission is denied or could not be read.
func scanExit(rep *render.ScanReport) error {
	s := rep.Summary
	if s.Denied == 0 && s.Errored == 0 {
		return nil
	}
	return deny("scan: %d of %s denied, %d could not be read", s.Denied, render.Count(s.Submissions, "submission"), s.Errored)
}

// submission is one SBOM found under the scanned folder.
type submission struct {
	path string // as opened
	rel  string // the folder argument joined with the path inside it, '/'-separated
}

// findSubmissions walks dir for SBOM files (regular files only: symbolic
// links are neither followed nor read), sorted by relative path.
func findSubmissions(dir string) ([]submission, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("scan: %w", err)
	}
	if !fi.IsDir() {
		return nil, usagef("scan: %s is not a folder", dir)
	}
	var subs []submission
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("scan: %w", err)
		}
		if !d.Type().IsRegular() || !isSBOMName(d.Name()) {
			return nil
		}
		subs = append(subs, submission{path: path, rel: filepath.ToSlash(filepath.Clean(path))})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(subs) == 0 {
		return nil, fmt.Errorf("scan: %s: no submissions (*.cdx.json, *.cdx.xml, *.spdx.json, *.spdx, optionally .gz)", dir)
	}
	sort.Slice(subs, func(i, j int) bool { return subs[i].rel < subs[j].rel })
	return subs, nil
}

// runScan checks the submissions over jobs workers. Results come back in
// subs' order; with stream, each is also written to stdout as a JSON Lines
// record as soon as every submission before it is done, so the stream is
// in path order too.
func runScan(ctx context.Context, g *globals, pol scanPolicy, dir string, subs []submission, jobs int, stream bool) ([]render.ScanResult, error) {
	if jobs > len(subs) {
		jobs = len(subs)
	}
	results := make([]render.ScanResult, len(subs))
	done := make(chan int, len(subs))
	work := make(chan int)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i] = scanOne(ctx, g, pol, subs[i])
				done <- i
			}
		}()
	}
	go func() {
		defer close(work)
		for i := range subs {
			select {
			case work <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(done) }()

	bar := newProgress(g, len(subs))
	finished := make([]bool, len(subs))
	next := 0
	var writeErr error
	count := 0
	for i := range done {
		finished[i] = true
		count++
		bar.update(count, subs[i].rel)
		for next < len(subs) && finished[next] {
			if stream && writeErr == nil {
				writeErr = render.WriteScanResult(g.streams.Out, &results[next])
				if writeErr != nil {
					cancel() // stdout is gone: stop scanning
				}
			}
			next++
		}
	}
	bar.finish()
	if writeErr != nil {
		return nil, fmt.Errorf("scan: write: %w", writeErr)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("scan: %w", err)
	}
	if count != len(subs) {
		return nil, fmt.Errorf("scan: %d of %s done", count, render.Count(len(subs), "submission"))
	}
	return results, nil
}

// scanOne reads, parses and evaluates one submission. It never fails: a
// submission that cannot be read or evaluated is a result with Decision
// "error".
func scanOne(ctx context.Context, g *globals, pol scanPolicy, sub submission) render.ScanResult {
	r := render.ScanResult{
		SchemaVersion: render.ScanResultSchema,
		Path:          sub.rel,
		Policy:        policy.PolicyRef{Name: pol.Name, Source: pol.Source},
		Checks:        pol.checks(),
		Counts:        map[policy.Severity]int{},
	}
	fail := func(err error) render.ScanResult {
		r.Decision = render.ScanError
		r.Error = oneLine(err.Error())
		return r
	}
	// The release convention of gate: the SBOM and, beside it, its bundle
	// or detached signature; the firmware image the SBOM names, in the
	// same folder.
	files := releaseFiles{SBOM: sub.path}
	files.Bundle, files.Signature = siblingMaterial(sub.path)
	for _, m := range []string{files.Bundle, files.Signature} {
		if m != "" {
			r.Material = append(r.Material, filepath.Base(m))
		}
	}
	rel, err := loadRelease(g, files, filepath.Dir(sub.path))
	if err != nil {
		return fail(err)
	}
	// The supplier and country shares come from the document the gate
	// parsed from the verified bytes: each SBOM is parsed once.
	v, doc, err := evaluateSubmission(ctx, g, rel, pol)
	if err != nil {
		return fail(err)
	}
	fillResult(&r, doc, v)
	return r
}

// evaluateSubmission is the one place scan decides a submission: the gate
// (provenance as the policy's trust section requires, then origin), exactly
// as 'fwprov gate' decides one release. (Check semantics, origin only, would
// be sbom.Parse of rel.SBOM and policy.Evaluate.)
func evaluateSubmission(ctx context.Context, g *globals, rel *policy.Release, pol scanPolicy) (*policy.Verdict, *sbom.Document, error) {
	return policy.Gate(ctx, rel, pol.Policy, policy.GateOptions{Limits: g.limits(), OriginOnly: pol.originOnly})
}

// scanPolicy is the policy a scan decides by, and whether origin alone
// was asked for (--origin-only).
type scanPolicy struct {
	*policy.Policy
	originOnly bool
}

// checks is what a result's "checks" says: "gate" (provenance as the
// policy's trust section requires, then origin) or "origin" (origin only).
func (p scanPolicy) checks() string {
	if p.originOnly {
		return "origin"
	}
	return "gate"
}

// fillResult copies what the report needs from a verdict and its document.
func fillResult(r *render.ScanResult, doc *sbom.Document, v *policy.Verdict) {
	r.Decision = render.ScanAllow
	if v.Decision == policy.Deny {
		r.Decision = render.ScanDeny
	}
	ref := v.Document
	r.Document = &ref
	if ref.Root != nil {
		r.Firmware = ref.Root.Label
	}
	r.Components = v.Document.Components
	r.Reasons = v.Reasons
	r.Waived = v.Summary.Waived
	rules := map[string]*render.RuleCount{}
	var order []string
	for i := range v.Findings {
		f := &v.Findings[i]
		if f.Waived() {
			continue
		}
		r.Counts[f.Severity]++
		if len(r.Findings) < render.MaxScanFindings {
			r.Findings = append(r.Findings, *f)
		} else {
			r.Omitted++
		}
		rc := rules[f.Rule]
		if rc == nil {
			rc = &render.RuleCount{Rule: f.Rule, Severity: f.Severity}
			rules[f.Rule] = rc
			order = append(order, f.Rule)
		}
		rc.Findings++
	}
	for _, id := range order {
		r.Rules = append(r.Rules, *rules[id])
	}
	for _, l := range v.Limits {
		if l.Exceeded {
			r.LimitsExceeded = append(r.LimitsExceeded, l)
		}
	}
	r.Entities = v.Summary.Entities
	if doc == nil { // the SBOM was not read: nothing to attribute
		return
	}
	sup, cty := map[string]int{}, map[string]int{}
	for _, c := range doc.Components {
		o := doc.DeclaredOrigin(c)
		sup[o.Supplier]++
		cty[o.Country]++
	}
	r.Suppliers, r.Countries = sortedShares(sup), sortedShares(cty)
}

func sortedShares(m map[string]int) []render.Share {
	out := make([]render.Share, 0, len(m))
	for n, c := range m {
		out = append(out, render.Share{Name: n, Components: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Components != out[j].Components {
			return out[i].Components > out[j].Components
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// maxShardLine bounds one JSON Lines record (a submission with many
// findings and their evidence).
const maxShardLine = 64 << 20

// mergeShards reads JSON Lines shards written by scan --format jsonl. Every
// record must carry the result schema, a path and a decision; the same path
// in two records and records of different policies are errors.
func mergeShards(files []string) ([]render.ScanResult, policy.PolicyRef, error) {
	var results []render.ScanResult
	var pol policy.PolicyRef
	seen := map[string]string{}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, pol, fmt.Errorf("scan: merge: %w", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<20), maxShardLine)
		line := 0
		for sc.Scan() {
			line++
			b := bytes.TrimSpace(sc.Bytes())
			if len(b) == 0 {
				continue
			}
			var r render.ScanResult
			if err := jsonv2.Unmarshal(b, &r, shardOptions); err != nil {
				f.Close()
				return nil, pol, fmt.Errorf("scan: merge %s:%d: %w", name, line, err)
			}
			where := fmt.Sprintf("%s:%d", name, line)
			switch {
			case r.SchemaVersion != render.ScanResultSchema:
				err = fmt.Errorf("schemaVersion %q, want %q", r.SchemaVersion, render.ScanResultSchema)
			case r.Path == "":
				err = errors.New("no path")
			case r.Decision != render.ScanAllow && r.Decision != render.ScanDeny && r.Decision != render.ScanError:
				err = fmt.Errorf("decision %q", r.Decision)
			case seen[r.Path] != "":
				err = fmt.Errorf("%s is also in %s", r.Path, seen[r.Path])
			case len(results) > 0 && r.Policy != pol:
				err = fmt.Errorf("policy %s (%s) differs from %s (%s) of the other records", r.Policy.Name, r.Policy.Source, pol.Name, pol.Source)
			}
			if err != nil {
				f.Close()
				return nil, pol, fmt.Errorf("scan: merge %s: %w", where, err)
			}
			if r.Counts == nil {
				r.Counts = map[policy.Severity]int{}
			}
			seen[r.Path] = where
			pol = r.Policy
			results = append(results, r)
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, pol, fmt.Errorf("scan: merge %s: %w", name, err)
		}
	}
	if len(results) == 0 {
		return nil, pol, fmt.Errorf("scan: merge: no records in %s", strings.Join(files, ", "))
	}
	return results, pol, nil
}

// shardOptions decode a JSON Lines record: strict JSON (no duplicate
// names, valid UTF-8), and policy dates ("YYYY-MM-DD") read back the way
// policy.Date writes them.
var shardOptions = jsonv2.WithUnmarshalers(jsonv2.UnmarshalFunc(func(b []byte, d *policy.Date) error {
	var s string
	if err := jsonv2.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = policy.Date{}
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fmt.Errorf("bad date %q (want YYYY-MM-DD)", s)
	}
	*d = policy.NewDate(t.Year(), t.Month(), t.Day())
	return nil
}))

// progress draws a bar on stderr when it is a terminal; otherwise it does
// nothing.
type progress struct {
	w     io.Writer
	total int
	on    bool
}

func newProgress(g *globals, total int) *progress {
	p := &progress{w: g.streams.Err, total: total}
	p.on = !g.quiet && isTerminal(g.streams.Err)
	return p
}

func (p *progress) update(done int, last string) {
	if !p.on {
		return
	}
	const width = 30
	n := done * width / p.total
	if len([]rune(last)) > 40 {
		last = "…" + string([]rune(last)[len([]rune(last))-39:])
	}
	fmt.Fprintf(p.w, "\r\033[Kscan [%s%s] %d/%d %s", strings.Repeat("#", n), strings.Repeat(".", width-n), done, p.total, render.Clean(last))
}

func (p *progress) finish() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
