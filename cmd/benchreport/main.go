// Command benchreport turns `go test -bench -benchmem` output into a short
// Markdown table and, optionally, runs commands under `/usr/bin/time -v` to
// add their wall time, CPU time and peak memory:
//
//	go test -run '^$' -bench . -benchmem ./cmd/sbomgen/ | go run ./cmd/benchreport
//	go run ./cmd/benchreport -bench bench.txt -repeat 3 -baseline sha256sum \
//	    -cmd 'sha256sum=sha256sum testdata/large/du-100k.cdx.json' \
//	    -cmd 'check=bin/fwprov check testdata/large/du-100k.cdx.json --policy baseline'
//
// Commands may also follow the flags as arguments (after "--"). An argument
// /dev/null is refused: standard output is discarded already, and a tool
// writing --output atomically (temporary file + rename) would, run as root,
// replace the device with a regular file.
//
// Benchmark names of the form BenchmarkX/n=N become rows "X | N" (prefixed
// with the package's last path element when the output covers several
// packages); repeated runs (-count) are reduced to their median. The "×n/10" column is the
// ratio of time/op to the same benchmark at a tenth of the size: linear
// growth gives 10. A custom cpu-ns/op metric (process CPU time per
// operation, which a busy machine does not inflate) gets columns too.
//
// Commands are split into words with simple shell quoting ('…', "…") but
// run without a shell; their standard output is discarded. A non-zero exit
// status is reported, not treated as an error (fwprov check exits 1 on a
// deny verdict). If /usr/bin/time is missing (Debian package "time"), wall
// time and peak RSS come from the process's own rusage instead, and the
// report says so.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(2)
	}
}

type cmdList []string

func (c *cmdList) String() string     { return strings.Join(*c, "; ") }
func (c *cmdList) Set(s string) error { *c = append(*c, s); return nil }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("benchreport", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cmds cmdList
	benchIn := fs.String("bench", "-", "go test -bench output to read (- = stdin, \"\" = none)")
	repeat := fs.Int("repeat", 3, "runs per command; the median wall time and the largest RSS are reported")
	baseline := fs.String("baseline", "", "label of the command the others are compared with")
	timeBin := fs.String("time", "/usr/bin/time", "GNU time binary")
	fs.Var(&cmds, "cmd", "`label=command` to run and measure (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// Arguments after the flags (conventionally after "--") are commands
	// too, each one "label=command" or "command".
	cmds = append(cmds, fs.Args()...)
	if *repeat < 1 {
		return errors.New("-repeat must be at least 1")
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()

	if *benchIn != "" {
		var r io.Reader = stdin
		if *benchIn != "-" {
			f, err := os.Open(*benchIn)
			if err != nil {
				return err
			}
			defer f.Close()
			r = f
		} else if isTerminal(stdin) {
			r = strings.NewReader("")
		}
		rep, err := parseBench(r)
		if err != nil {
			return err
		}
		if len(rep.rows) > 0 {
			writeBenchTable(w, rep)
		}
	}
	if len(cmds) > 0 {
		var specs []cmdSpec
		for _, c := range cmds {
			s, err := parseCmd(c)
			if err != nil {
				return err
			}
			specs = append(specs, s)
		}
		m := measurer{timeBin: *timeBin, repeat: *repeat, stderr: stderr}
		if _, err := os.Stat(m.timeBin); err != nil {
			fmt.Fprintf(w, "\n> %s not found (Debian package `time`): wall time and peak RSS below come from the process's rusage.\n", m.timeBin)
			m.timeBin = ""
		}
		var results []cmdResult
		for _, s := range specs {
			res, err := m.measure(s)
			if err != nil {
				return fmt.Errorf("%s: %w", s.label, err)
			}
			results = append(results, res)
		}
		writeCmdTable(w, results, *baseline)
	}
	return nil
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// --- go test -bench output ---

type benchRow struct {
	pkg      string // the "pkg:" line above it
	name     string // without "Benchmark" and the -P suffix
	group, n string
	nsOp     float64
	cpuNsOp  float64 // custom metric cpu-ns/op, when reported
	mbS      float64
	bOp      float64
	allocsOp float64
	hasMem   bool
	samples  int
}

type benchReport struct {
	header []string // goos, goarch, pkg, cpu lines
	rows   []*benchRow
}

var benchLine = regexp.MustCompile(`^Benchmark(\S+?)(?:-\d+)?\s+(\d+)\s+(.*)$`)

func parseBench(r io.Reader) (*benchReport, error) {
	rep := &benchReport{}
	samples := map[string][]benchRow{}
	var order []string
	seenHeader := map[string]bool{}
	pkgs := map[string]bool{}
	pkg := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		for _, h := range []string{"goos:", "goarch:", "pkg:", "cpu:"} {
			if strings.HasPrefix(line, h) && !seenHeader[line] {
				seenHeader[line] = true
				rep.header = append(rep.header, line)
			}
		}
		if p, ok := strings.CutPrefix(line, "pkg:"); ok {
			pkg = strings.TrimSpace(p)
			pkgs[pkg] = true
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		row := benchRow{pkg: pkg, name: m[1]}
		f := strings.Fields(m[3])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				row.nsOp = v
			case "cpu-ns/op":
				row.cpuNsOp = v
			case "MB/s":
				row.mbS = v
			case "B/op":
				row.bOp, row.hasMem = v, true
			case "allocs/op":
				row.allocsOp = v
			}
		}
		key := row.pkg + "\x00" + row.name
		if _, ok := samples[key]; !ok {
			order = append(order, key)
		}
		samples[key] = append(samples[key], row)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read benchmark output: %w", err)
	}
	for _, key := range order {
		s := samples[key]
		row := s[0]
		name := row.name
		row.nsOp = median(s, func(r benchRow) float64 { return r.nsOp })
		row.mbS = median(s, func(r benchRow) float64 { return r.mbS })
		row.cpuNsOp = median(s, func(r benchRow) float64 { return r.cpuNsOp })
		row.bOp = median(s, func(r benchRow) float64 { return r.bOp })
		row.allocsOp = median(s, func(r benchRow) float64 { return r.allocsOp })
		row.samples = len(s)
		row.group, row.n = name, ""
		if i := strings.LastIndex(name, "/n="); i >= 0 {
			row.group, row.n = name[:i], name[i+3:]
		}
		if len(pkgs) > 1 && row.pkg != "" {
			// Benchmarks of several packages: qualify, since names repeat
			// (sbom's and cmd/sbomgen's BenchmarkEvidence, say).
			row.group = path.Base(row.pkg) + "." + row.group
		}
		rep.rows = append(rep.rows, &row)
	}
	return rep, nil
}

func median(s []benchRow, f func(benchRow) float64) float64 {
	v := make([]float64, len(s))
	for i, r := range s {
		v[i] = f(r)
	}
	sort.Float64s(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func writeBenchTable(w io.Writer, rep *benchReport) {
	for _, h := range rep.header {
		fmt.Fprintf(w, "<!-- %s -->\n", h)
	}
	withCPU := false
	for _, r := range rep.rows {
		withCPU = withCPU || r.cpuNsOp > 0
	}
	cpuHead, cpuSep := "", ""
	if withCPU {
		cpuHead, cpuSep = " cpu/op | ×n/10 (cpu) |", " ---: | ---: |"
	}
	fmt.Fprintf(w, "| benchmark | n | time/op | ×n/10 |%s MB/s | B/op | allocs/op |\n", cpuHead)
	fmt.Fprintf(w, "| --- | ---: | ---: | ---: |%s ---: | ---: | ---: |\n", cpuSep)
	byKey := map[string]*benchRow{}
	for _, r := range rep.rows {
		byKey[r.group+"\x00"+r.n] = r
	}
	for _, r := range rep.rows {
		var prev *benchRow
		if n, err := strconv.Atoi(r.n); err == nil && n%10 == 0 {
			prev = byKey[r.group+"\x00"+strconv.Itoa(n/10)]
		}
		growth := func(cur, before float64) string {
			if prev == nil || before <= 0 || cur <= 0 {
				return ""
			}
			return fmt.Sprintf("%.1f", cur/before)
		}
		ratio := ""
		if prev != nil {
			ratio = growth(r.nsOp, prev.nsOp)
		}
		cpu := ""
		if withCPU {
			c, g := "", ""
			if r.cpuNsOp > 0 {
				c = fmtDuration(r.cpuNsOp)
			}
			if prev != nil {
				g = growth(r.cpuNsOp, prev.cpuNsOp)
			}
			cpu = fmt.Sprintf(" %s | %s |", c, g)
		}
		mb, bop, allocs := "", "", ""
		if r.mbS > 0 {
			mb = fmt.Sprintf("%.1f", r.mbS)
		}
		if r.hasMem {
			bop, allocs = fmtBytes(r.bOp), fmtCount(r.allocsOp)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |%s %s | %s | %s |\n", r.group, fmtN(r.n), fmtDuration(r.nsOp), ratio, cpu, mb, bop, allocs)
	}
}

func fmtN(s string) string {
	n, err := strconv.Atoi(s)
	if err != nil {
		return s
	}
	return fmtCount(float64(n))
}

func fmtDuration(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.1f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func fmtBytes(b float64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.2f GiB", b/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", b/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1f KiB", b/(1<<10))
	}
	return fmt.Sprintf("%.0f B", b)
}

func fmtCount(v float64) string {
	s := strconv.FormatFloat(v, 'f', 0, 64)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// --- commands under /usr/bin/time -v ---

type cmdSpec struct {
	label string
	argv  []string
}

// parseCmd reads "label=command words"; without a label the command's
// first word is the label.
func parseCmd(s string) (cmdSpec, error) {
	spec := cmdSpec{}
	if i := strings.IndexByte(s, '='); i > 0 && !strings.ContainsAny(s[:i], " \t'\"") {
		spec.label, s = s[:i], s[i+1:]
	}
	argv, err := splitWords(s)
	if err != nil {
		return spec, fmt.Errorf("-cmd %q: %w", s, err)
	}
	if len(argv) == 0 {
		return spec, fmt.Errorf("-cmd %q: empty command", s)
	}
	for _, a := range argv {
		if a == "/dev/null" || strings.HasSuffix(a, "=/dev/null") {
			// A tool that writes its --output atomically (temporary file
			// + rename) would, run as root, replace the device with a
			// regular file. Standard output is discarded here anyway.
			return spec, fmt.Errorf("-cmd %q: do not pass /dev/null: benchreport discards the command's standard output itself, and an atomic --output /dev/null renames a file over the device", s)
		}
	}
	if spec.label == "" {
		spec.label = argv[0]
	}
	spec.argv = argv
	return spec, nil
}

// splitWords splits s into words with single and double quotes (no
// escapes inside single quotes, \" and \\ inside double quotes).
func splitWords(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("unterminated single quote")
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, errors.New("unterminated double quote")
			}
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out, nil
}

type cmdResult struct {
	spec   cmdSpec
	wall   time.Duration // median
	cpu    time.Duration // user + system time of the run with the median wall time
	maxRSS int64         // KiB, the largest of the runs
	exit   int
}

// runStat is one run of a command.
type runStat struct {
	wall, cpu time.Duration
	rssKiB    int64
	exit      int
}

type measurer struct {
	timeBin string
	repeat  int
	stderr  io.Writer
}

func (m measurer) measure(s cmdSpec) (cmdResult, error) {
	res := cmdResult{spec: s}
	var runs []runStat
	for i := 0; i < m.repeat; i++ {
		r, err := m.once(s.argv)
		if err != nil {
			return res, err
		}
		runs = append(runs, r)
		res.maxRSS = max(res.maxRSS, r.rssKiB)
		res.exit = r.exit
	}
	sort.Slice(runs, func(a, b int) bool { return runs[a].wall < runs[b].wall })
	mid := runs[len(runs)/2]
	res.wall, res.cpu = mid.wall, mid.cpu
	return res, nil
}

func (m measurer) once(argv []string) (runStat, error) {
	var cmd *exec.Cmd
	var report string
	if m.timeBin != "" {
		f, err := os.CreateTemp("", "benchreport-time-*")
		if err != nil {
			return runStat{}, err
		}
		report = f.Name()
		f.Close()
		defer os.Remove(report)
		cmd = exec.Command(m.timeBin, append([]string{"-v", "-o", report, "--"}, argv...)...)
	} else {
		cmd = exec.Command(argv[0], argv[1:]...)
	}
	var errBuf strings.Builder
	cmd.Stdout = io.Discard
	cmd.Stderr = &errBuf
	start := time.Now()
	runErr := cmd.Run()
	elapsed := time.Since(start)
	var ee *exec.ExitError
	if runErr != nil && !errors.As(runErr, &ee) {
		return runStat{}, runErr
	}
	if m.timeBin == "" {
		r := runStat{wall: elapsed, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), exit: cmd.ProcessState.ExitCode()}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.rssKiB = ru.Maxrss
		}
		return r, nil
	}
	data, err := os.ReadFile(report)
	if err != nil {
		return runStat{}, err
	}
	r, err := parseTimeV(string(data))
	if err != nil {
		return runStat{}, fmt.Errorf("%w; stderr: %s", err, strings.TrimSpace(errBuf.String()))
	}
	if r.exit == 127 || r.exit == 126 {
		return runStat{}, fmt.Errorf("cannot run %q: %s", argv[0], strings.TrimSpace(errBuf.String()))
	}
	return r, nil
}

// parseTimeV reads GNU time's -v report.
func parseTimeV(s string) (runStat, error) {
	var r runStat
	var haveWall, haveRSS bool
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		k, v, ok := strings.Cut(line, "): ")
		if ok && strings.HasPrefix(k, "Elapsed (wall clock) time") {
			w, err := parseClock(v)
			if err != nil {
				return r, err
			}
			r.wall, haveWall = w, true
			continue
		}
		k, v, ok = strings.Cut(line, ": ")
		if !ok {
			continue
		}
		switch k {
		case "Maximum resident set size (kbytes)":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return r, fmt.Errorf("time -v: bad RSS %q", v)
			}
			r.rssKiB, haveRSS = n, true
		case "User time (seconds)", "System time (seconds)":
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return r, fmt.Errorf("time -v: bad %s %q", k, v)
			}
			r.cpu += time.Duration(f * float64(time.Second))
		case "Exit status":
			r.exit, _ = strconv.Atoi(v)
		}
	}
	if !haveWall || !haveRSS {
		return r, errors.New("time -v report without wall time or RSS")
	}
	return r, nil
}

// parseClock reads "h:mm:ss" or "m:ss.ss".
func parseClock(v string) (time.Duration, error) {
	parts := strings.Split(strings.TrimSpace(v), ":")
	var secs float64
	for _, p := range parts {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return 0, fmt.Errorf("time -v: bad wall time %q", v)
		}
		secs = secs*60 + f
	}
	return time.Duration(secs * float64(time.Second)), nil
}

func writeCmdTable(w io.Writer, results []cmdResult, baseline string) {
	var base *cmdResult
	for i := range results {
		if results[i].spec.label == baseline {
			base = &results[i]
		}
	}
	fmt.Fprintln(w)
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		f := strings.Fields(string(load))
		if len(f) >= 3 {
			fmt.Fprintf(w, "<!-- load average after the runs: %s %s %s -->\n", f[0], f[1], f[2])
		}
	}
	ratioHead, ratioSep := "", ""
	if base != nil {
		ratioHead, ratioSep = fmt.Sprintf(" × %s (wall) | × %s (cpu) |", baseline, baseline), " ---: | ---: |"
	}
	fmt.Fprintf(w, "| command | wall | cpu (user+sys) |%s max RSS | exit |\n", ratioHead)
	fmt.Fprintf(w, "| --- | ---: | ---: |%s ---: | ---: |\n", ratioSep)
	for _, r := range results {
		ratios := ""
		if base != nil {
			ratios = fmt.Sprintf(" %s | %s |", ratio(r.wall, base.wall), ratio(r.cpu, base.cpu))
		}
		fmt.Fprintf(w, "| %s | %.2f s | %.2f s |%s %s | %d |\n", r.spec.label, r.wall.Seconds(), r.cpu.Seconds(), ratios, fmtBytes(float64(r.maxRSS)*1024), r.exit)
	}
}

func ratio(a, b time.Duration) string {
	if b <= 0 {
		return ""
	}
	return fmt.Sprintf("%.2f", float64(a)/float64(b))
}
