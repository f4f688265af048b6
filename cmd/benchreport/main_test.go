package main

import (
	"bytes"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"
)

const sample = `goos: linux
goarch: amd64
pkg: github.com/fwprov/fwprov/cmd/sbomgen
cpu: AMD EPYC
BenchmarkLoad/n=1000-2         	       3	  20000000 ns/op	  83.79 MB/s	 7646482 B/op	   47779 allocs/op
BenchmarkLoad/n=1000-2         	       3	  30000000 ns/op	  80.00 MB/s	 7646482 B/op	   47779 allocs/op
BenchmarkLoad/n=1000-2         	       3	  22000000 ns/op	  82.00 MB/s	 7646482 B/op	   47779 allocs/op
BenchmarkLoad/n=10000-2        	       3	 220000000 ns/op	  91.16 MB/s	 330000000 cpu-ns/op	86887381 B/op	  465618 allocs/op
BenchmarkPlain-2               	 1000000	      1043 ns/op
PASS
ok  	github.com/fwprov/fwprov/cmd/sbomgen	25.078s
`

func TestParseBench(t *testing.T) {
	rep, err := parseBench(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.header) != 4 || len(rep.rows) != 3 {
		t.Fatalf("header %v rows %d", rep.header, len(rep.rows))
	}
	r := rep.rows[0]
	if r.group != "Load" || r.n != "1000" || r.nsOp != 22e6 || r.mbS != 82 || r.samples != 3 || !r.hasMem {
		t.Errorf("row 0 = %+v (want the median of three runs)", *r)
	}
	if p := rep.rows[2]; p.group != "Plain" || p.n != "" || p.nsOp != 1043 || p.hasMem {
		t.Errorf("row 2 = %+v", *p)
	}
	var out bytes.Buffer
	writeBenchTable(&out, rep)
	for _, want := range []string{"| Load | 1 000 | 22.0 ms |  |  |  | 82.0 | 7.3 MiB | 47 779 |", "| Load | 10 000 | 220.0 ms | 10.0 | 330.0 ms |  | 91.2 |", "| Plain |  | 1.0 µs |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}

func TestSplitWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		bad  bool
	}{
		{"opa eval -d p.rego 'data.x.deny'", []string{"opa", "eval", "-d", "p.rego", "data.x.deny"}, false},
		{`a "b c" d\e`, []string{"a", "b c", `d\e`}, false},
		{`x "q\"uote"`, []string{"x", `q"uote`}, false},
		{`x''y ''`, []string{"xy", ""}, false},
		{"  ", nil, false},
		{"a 'b", nil, true},
		{`a "b`, nil, true},
	}
	for _, tt := range tests {
		got, err := splitWords(tt.in)
		if (err != nil) != tt.bad || (!tt.bad && !reflect.DeepEqual(got, tt.want)) {
			t.Errorf("splitWords(%q) = %q, %v", tt.in, got, err)
		}
	}
}

func TestParseCmd(t *testing.T) {
	tests := []struct {
		in, label string
		argv      []string
	}{
		{"sha=sha256sum f", "sha", []string{"sha256sum", "f"}},
		{"sha256sum f", "sha256sum", []string{"sha256sum", "f"}},
		{"jq -c 'a=b' f", "jq", []string{"jq", "-c", "a=b", "f"}},
	}
	for _, tt := range tests {
		s, err := parseCmd(tt.in)
		if err != nil || s.label != tt.label || !reflect.DeepEqual(s.argv, tt.argv) {
			t.Errorf("parseCmd(%q) = %+v, %v", tt.in, s, err)
		}
	}
	for _, bad := range []string{"x=", "c=fwprov check --output /dev/null f", "c=tool --out=/dev/null"} {
		if _, err := parseCmd(bad); err == nil {
			t.Errorf("parseCmd(%q) accepted", bad)
		}
	}
}

const timeV = `	Command being timed: "sha256sum big"
	User time (seconds): 0.50
	System time (seconds): 0.25
	Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50
	Maximum resident set size (kbytes): 2048
	Exit status: 1
`

func TestParseTimeV(t *testing.T) {
	r, err := parseTimeV(timeV)
	if err != nil || r.wall != 62500*time.Millisecond || r.rssKiB != 2048 || r.exit != 1 || r.cpu != 750*time.Millisecond {
		t.Fatalf("parseTimeV = %+v %v", r, err)
	}
	if _, err := parseTimeV("Exit status: 0\n"); err == nil {
		t.Error("report without wall time accepted")
	}
	if d, err := parseClock("1:00:01"); err != nil || d != 3601*time.Second {
		t.Errorf("parseClock = %v, %v", d, err)
	}
}

func TestRunCommands(t *testing.T) {
	if _, err := exec.LookPath("true"); err != nil {
		t.Skip("no true(1)")
	}
	for _, timeBin := range []string{"/usr/bin/time", "/nonexistent/time"} {
		var out, errb bytes.Buffer
		err := run([]string{"-bench", "", "-repeat", "1", "-time", timeBin, "-baseline", "t", "-cmd", "t=true", "--", "f=false"}, strings.NewReader(""), &out, &errb)
		if err != nil {
			if timeBin == "/usr/bin/time" && strings.Contains(err.Error(), "no such file") {
				continue
			}
			t.Fatalf("%s: %v", timeBin, err)
		}
		if !strings.Contains(out.String(), "| t |") || !strings.Contains(out.String(), "| f |") || !strings.Contains(out.String(), "| 1 |") {
			t.Errorf("%s: table:\n%s", timeBin, out.String())
		}
		if timeBin == "/nonexistent/time" && !strings.Contains(out.String(), "not found") {
			t.Errorf("missing time binary not reported:\n%s", out.String())
		}
	}
	if err := run([]string{"-bench", "", "-repeat", "1", "-cmd", "x=/nonexistent/prog"}, strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Error("a command that cannot start was not an error")
	}
}

func TestParseBenchPackages(t *testing.T) {
	in := `pkg: github.com/fwprov/fwprov/policy
BenchmarkEvaluate/n=1000-2  10  1000000 ns/op
pkg: github.com/fwprov/fwprov/cmd/sbomgen
BenchmarkEvaluate/n=1000-2  10  3000000 ns/op
`
	rep, err := parseBench(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.rows) != 2 || rep.rows[0].group != "policy.Evaluate" || rep.rows[1].group != "sbomgen.Evaluate" || rep.rows[1].nsOp != 3e6 {
		for _, r := range rep.rows {
			t.Logf("%+v", *r)
		}
		t.Fatal("same benchmark name in two packages not kept apart")
	}
}
