package render

import (
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/fwprov/fwprov/policy"
)

// scanHTML writes the scan report as one self-contained HTML file: inline
// CSS and SVG, no scripts, no external resources (a Content-Security-Policy
// forbids them), every value from a submission escaped by html/template.
type scanHTML struct{ r *ScanReport }

// chartRows is how many bars a chart shows; the rest is one "others" bar.
const chartRows = 12

type htmlBar struct {
	Label   string
	Value   string
	Y, W    int
	TextY   int
	ValueX  int
	Missing bool // the "(none declared)" bar
	Other   bool
}

type htmlChart struct {
	Title  string
	Height int
	Bars   []htmlBar
	Empty  bool
}

type htmlSubmission struct {
	*ScanResult
	ID    string
	Fail  int
	Warn  int
	Info  int
	Top   string
	Class string
}

type htmlData struct {
	R           *ScanReport
	Fail        int
	Warn        int
	Info        int
	Charts      []htmlChart
	Submissions []htmlSubmission
}

// Chart geometry in pixels: bars start at barX; the largest is barMax wide.
const (
	barX    = 218
	barMax  = 290
	barStep = 26
)

func newChart(title string, xs []Share) htmlChart {
	c := htmlChart{Title: title}
	if len(xs) == 0 {
		c.Empty = true
		return c
	}
	rows := xs
	var other Share
	if len(xs) > chartRows {
		rows = xs[:chartRows-1]
		for _, x := range xs[chartRows-1:] {
			other.Components += x.Components
			other.Share += x.Share
		}
	}
	maxShare := rows[0].Share
	if other.Share > maxShare {
		maxShare = other.Share
	}
	bar := func(i int, label string, share float64, components int) htmlBar {
		w := 0
		if maxShare > 0 {
			w = int(share / maxShare * barMax)
		}
		if w < 2 && components > 0 {
			w = 2
		}
		return htmlBar{Label: truncate(label, 30), Value: fmt.Sprintf("%.1f%% (%d)", 100*share, components), Y: 8 + i*barStep, TextY: 8 + i*barStep + 13, W: w, ValueX: barX + w + 6}
	}
	for i, x := range rows {
		b := bar(i, displayName(x.Name), x.Share, x.Components)
		b.Missing = x.Name == ""
		c.Bars = append(c.Bars, b)
	}
	if other.Components > 0 {
		b := bar(len(rows), fmt.Sprintf("%d others", len(xs)-len(rows)), other.Share, other.Components)
		b.Other = true
		c.Bars = append(c.Bars, b)
	}
	c.Height = 16 + len(c.Bars)*barStep
	return c
}

// truncate shortens s to n runes with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func (p scanHTML) Present(w io.Writer) error {
	r := p.r
	s := r.Summary
	d := htmlData{R: r, Fail: s.Findings[policy.SeverityFail], Warn: s.Findings[policy.SeverityWarn], Info: s.Findings[policy.SeverityInfo]}
	d.Charts = []htmlChart{
		newChart("Component share by supplier", s.Suppliers),
		newChart("Component share by country", s.Countries),
	}
	for i := range r.Submissions {
		sub := &r.Submissions[i]
		hs := htmlSubmission{ScanResult: sub, ID: fmt.Sprintf("s%d", i+1), Fail: sub.Counts[policy.SeverityFail], Warn: sub.Counts[policy.SeverityWarn], Info: sub.Counts[policy.SeverityInfo], Top: topFinding(sub), Class: sub.Decision}
		d.Submissions = append(d.Submissions, hs)
	}
	return scanTemplate.Execute(w, d)
}

var scanTemplate = template.Must(template.New("scan").Funcs(template.FuncMap{
	"upper": func(s string) string { return strings.ToUpper(s) },
	"pct":   func(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) },
	"name":  displayName,
	"path":  func(p []string) string { return strings.Join(p, " › ") },
	"origin": func(f policy.Finding) string {
		return originCell(&f)
	},
	"sev": func(s policy.Severity) string { return string(s) },
}).Parse(scanHTMLTemplate))

const scanHTMLTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>fwprov scan: {{.R.Source}}</title>
<style>
:root { --fg:#1d2330; --muted:#5b6475; --line:#dde1e8; --bg:#f6f7f9; --card:#fff;
  --allow:#1a7f37; --allow-bg:#dafbe1; --deny:#b42318; --deny-bg:#fee4e2; --error:#9a6700; --error-bg:#fff4ce;
  --bar:#3b6fd8; --bar-missing:#a0a8b8; --bar-other:#7d8aa5; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color:var(--fg); background:var(--bg); }
header { background:#1d2330; color:#fff; padding:20px 32px; }
header h1 { margin:0 0 4px; font-size:22px; font-weight:600; }
header p { margin:0; color:#c9cfdb; }
main { padding:24px 32px 48px; max-width:1280px; }
h2 { font-size:17px; margin:28px 0 10px; }
h3 { font-size:15px; margin:0; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size:12.5px; word-break:break-all; }
.cards { display:flex; flex-wrap:wrap; gap:12px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 16px; min-width:130px; }
.card .n { font-size:26px; font-weight:650; }
.card .l { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.04em; }
.card.allow .n { color:var(--allow); } .card.deny .n { color:var(--deny); } .card.error .n { color:var(--error); }
table { border-collapse:collapse; width:100%; background:var(--card); border:1px solid var(--line); border-radius:8px; overflow:hidden; }
th, td { text-align:left; padding:7px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#eef0f4; font-size:12px; text-transform:uppercase; letter-spacing:.03em; color:var(--muted); }
td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; }
tr:last-child td { border-bottom:0; }
.badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; text-transform:uppercase; white-space:nowrap; }
.badge.allow { color:var(--allow); background:var(--allow-bg); }
.badge.deny { color:var(--deny); background:var(--deny-bg); }
.badge.error { color:var(--error); background:var(--error-bg); }
.badge.fail { color:var(--deny); background:var(--deny-bg); }
.badge.warn { color:var(--error); background:var(--error-bg); }
.badge.info { color:#3b5998; background:#e3ebfb; }
.charts { display:flex; flex-wrap:wrap; gap:16px; align-items:flex-start; }
code.rule { white-space:nowrap; word-break:normal; }
td.path { min-width:320px; } td.path code { word-break:normal; overflow-wrap:anywhere; }
.chart { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 16px; flex:1 1 520px; max-width:640px; }
.chart svg text { font-size:12px; fill:var(--fg); font-family:inherit; }
.chart svg text.v { fill:var(--muted); }
.chart svg rect { fill:var(--bar); } .chart svg rect.missing { fill:var(--bar-missing); } .chart svg rect.other { fill:var(--bar-other); }
section.sub { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:14px 18px; margin:14px 0; }
section.sub.deny { border-left:4px solid var(--deny); } section.sub.allow { border-left:4px solid var(--allow); } section.sub.error { border-left:4px solid var(--error); }
section.sub .meta { color:var(--muted); margin:4px 0 10px; }
section.sub table { font-size:13px; }
ul.ev { margin:0; padding-left:16px; } ul.ev li { margin:0; }
.muted { color:var(--muted); }
.err { color:var(--error); font-weight:600; }
a { color:#2452b8; text-decoration:none; } a:hover { text-decoration:underline; }
footer { color:var(--muted); font-size:12px; margin-top:32px; }
</style>
</head>
<body>
<header>
<h1>Submission scan: {{.R.Source}}</h1>
<p>Policy <strong>{{.R.Policy.Name}}</strong> ({{.R.Policy.Source}}) · {{.R.Summary.Submissions}} submissions · {{.R.Summary.Components}} components</p>
</header>
<main>
<div class="cards">
<div class="card"><div class="n">{{.R.Summary.Submissions}}</div><div class="l">submissions</div></div>
<div class="card allow"><div class="n">{{.R.Summary.Allowed}}</div><div class="l">allowed</div></div>
<div class="card deny"><div class="n">{{.R.Summary.Denied}}</div><div class="l">denied</div></div>
<div class="card error"><div class="n">{{.R.Summary.Errored}}</div><div class="l">unreadable</div></div>
<div class="card"><div class="n">{{.Fail}} / {{.Warn}} / {{.Info}}</div><div class="l">fail / warn / info findings</div></div>
<div class="card"><div class="n">{{.R.Summary.Waived}}</div><div class="l">waived</div></div>
</div>

<h2>Submissions</h2>
<table>
<thead><tr><th>verdict</th><th>submission</th><th class="num">fail</th><th class="num">warn</th><th class="num">info</th><th class="num">components</th><th>top finding</th></tr></thead>
<tbody>
{{range .Submissions}}<tr>
<td><span class="badge {{.Class}}">{{.Decision}}</span></td>
<td class="path"><a href="#{{.ID}}"><code>{{.Path}}</code></a>{{if .Firmware}}<br><span class="muted">{{.Firmware}}</span>{{end}}</td>
{{if eq .Decision "error"}}<td class="num">–</td><td class="num">–</td><td class="num">–</td><td class="num">–</td><td class="err">{{.Error}}</td>
{{else}}<td class="num">{{.Fail}}</td><td class="num">{{.Warn}}</td><td class="num">{{.Info}}</td><td class="num">{{.Components}}</td><td>{{.Top}}</td>{{end}}
</tr>
{{end}}</tbody>
</table>

<h2>Who supplies the components</h2>
<div class="charts">
{{range .Charts}}<div class="chart">
<h3>{{.Title}}</h3>
{{if .Empty}}<p class="muted">No components.</p>{{else}}
<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="{{.Height}}" viewBox="0 0 600 {{.Height}}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="{{.Title}}">
{{range .Bars}}<text x="210" y="{{.TextY}}" text-anchor="end">{{.Label}}</text>
<rect x="218" y="{{.Y}}" width="{{.W}}" height="18" rx="3"{{if .Missing}} class="missing"{{else if .Other}} class="other"{{end}}></rect>
<text class="v" x="{{.ValueX}}" y="{{.TextY}}">{{.Value}}</text>
{{end}}</svg>{{end}}
</div>
{{end}}</div>

{{if .R.Summary.Rules}}<h2>Most frequent findings</h2>
<table>
<thead><tr><th>rule</th><th>severity</th><th class="num">findings</th><th class="num">submissions</th></tr></thead>
<tbody>
{{range .R.Summary.Rules}}<tr><td><code class="rule">{{.Rule}}</code></td><td><span class="badge {{sev .Severity}}">{{.Severity}}</span></td><td class="num">{{.Findings}}</td><td class="num">{{.Submissions}}</td></tr>
{{end}}</tbody>
</table>{{end}}

{{if .R.Summary.Entities}}<h2>Policy entities by share of components</h2>
<table>
<thead><tr><th>entity</th><th class="num">share</th><th class="num">components</th><th class="num">submissions</th></tr></thead>
<tbody>
{{range .R.Summary.Entities}}<tr><td>{{.Name}}</td><td class="num">{{pct .Share}}</td><td class="num">{{.Components}}</td><td class="num">{{.Submissions}}</td></tr>
{{end}}</tbody>
</table>{{end}}

<h2>Submissions in detail</h2>
{{range .Submissions}}<section class="sub {{.Class}}" id="{{.ID}}">
<h3><span class="badge {{.Class}}">{{.Decision}}</span> <code>{{.Path}}</code></h3>
{{if eq .Decision "error"}}<p class="err">{{.Error}}</p>{{else}}
<p class="meta">{{if .Firmware}}{{.Firmware}} · {{end}}{{with .Document}}{{.Format}} {{.SpecVersion}} · sha256 <span class="mono">{{.SHA256}}</span> · {{end}}{{.Components}} components · fail {{.Fail}}, warn {{.Warn}}, info {{.Info}}, waived {{.Waived}}{{if .Material}} · signature material: {{range $i, $m := .Material}}{{if $i}}, {{end}}<code>{{$m}}</code>{{end}}{{end}}</p>
{{if .Reasons}}<ul>{{range .Reasons}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if .Findings}}<table>
<thead><tr><th>severity</th><th>rule</th><th>component</th><th>origin</th><th>evidence</th></tr></thead>
<tbody>
{{range .Findings}}<tr>
<td><span class="badge {{sev .Severity}}">{{.Severity}}</span></td>
<td><code class="rule">{{.Rule}}</code></td>
<td>{{.Component.Label}}{{if .Component.PURL}}<br><code class="muted">{{.Component.PURL}}</code>{{end}}{{if gt (len .ContainmentPath) 1}}<br><span class="muted">in {{path .ContainmentPath}}</span>{{end}}</td>
<td>{{origin .}}</td>
<td><ul class="ev">{{range .Evidence}}<li><code>{{.Field}}</code> {{.Raw}}{{with .Entity}} → <strong>{{.ID}}</strong>{{end}}{{if .Inherited}} <span class="muted">(inherited from {{.From}})</span>{{end}}</li>{{end}}</ul>{{if .Error}}<span class="err">{{.Error}}</span>{{end}}</td>
</tr>
{{end}}</tbody>
</table>{{if .Omitted}}<p class="muted">{{.Omitted}} more findings are not kept in the report.</p>{{end}}
{{else}}<p class="muted">No findings.</p>{{end}}
{{end}}</section>
{{end}}
<footer>fwprov scan report ({{.R.SchemaVersion}}). Component shares count each component under the supplier and country it declares, or inherits from its enclosing assembly; spelling variants are kept apart. This file is self-contained: no scripts, no external resources.</footer>
</main>
</body>
</html>
`
