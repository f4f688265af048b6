package cli

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// panicWriter panics on the first write: a presenter (or anything else
// writing the report) blowing up half-way through a verdict.
type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("presenter exploded\x1b[2J\nsecond line") }

// panicReader panics when the SBOM is read from stdin.
type panicReader struct{}

func (panicReader) Read([]byte) (int, error) { panic(fmt.Errorf("reader exploded")) }

func modRoot(t *testing.T) string {
	t.Helper()
	r, err := filepath.Abs(filepath.Join("..", "..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestMainRecoversPanics drives real commands (check, gate, inspect) into a
// panic through the injected streams: Main must recover it into exit 2 with
// one escaped line on stderr — never exit 0, never a stack trace.
func TestMainRecoversPanics(t *testing.T) {
	root := modRoot(t)
	sbomPath := filepath.Join(root, "testdata", "sboms", "du-5g.cdx.json")
	release := filepath.Join(root, "testdata", "releases", "du-allowed")
	policyPath := filepath.Join(root, "testdata", "releases", "policy.yaml")
	for _, tc := range []struct {
		name string
		args []string
		in   bool // panic while reading stdin instead of writing stdout
	}{
		{"check writes a verdict", []string{"check", sbomPath}, false},
		{"check json", []string{"check", sbomPath, "--format", "json"}, false},
		{"gate writes an allow verdict", []string{"gate", release, "--policy", policyPath}, false},
		{"gate junit", []string{"gate", release, "--policy", policyPath, "--format", "junit"}, false},
		{"inspect", []string{"inspect", sbomPath}, false},
		{"check reads stdin", []string{"check", "-"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("FWPROV_DEBUG", "")
			var errb bytes.Buffer
			s := Streams{In: strings.NewReader(""), Out: panicWriter{}, Err: &errb}
			if tc.in {
				s = Streams{In: panicReader{}, Out: &bytes.Buffer{}, Err: &errb}
			}
			code := Main(context.Background(), tc.args, s)
			if code != ExitError {
				t.Fatalf("exit %d after a panic, want %d; stderr: %s", code, ExitError, errb.String())
			}
			msg := errb.String()
			if !strings.Contains(msg, "internal error") || !strings.Contains(msg, "exploded") {
				t.Errorf("stderr does not report the panic: %q", msg)
			}
			if strings.Count(msg, "\n") != 1 || strings.ContainsRune(msg, '\x1b') || strings.Contains(msg, "goroutine ") {
				t.Errorf("stderr is not one clean line: %q", msg)
			}
		})
	}
}

// TestMainPanicDebugStack: FWPROV_DEBUG=1 adds the stack, still exit 2.
func TestMainPanicDebugStack(t *testing.T) {
	t.Setenv("FWPROV_DEBUG", "1")
	var errb bytes.Buffer
	code := Main(context.Background(), []string{"inspect", filepath.Join(modRoot(t), "testdata", "sboms", "du-5g.cdx.json")}, Streams{Out: panicWriter{}, Err: &errb})
	if code != ExitError || !strings.Contains(errb.String(), "goroutine ") {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
}

// TestOneLineEscapesControls: names from a hostile SBOM end up in the
// one-line stderr summary of a deny; terminal control sequences in them must
// be escaped (regression: ESC[2J reached the terminal raw from `check`).
func TestOneLineEscapesControls(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain reason", "plain reason"},
		{"a\nb\r\nc", "a b c"},
		{"first: \x1b[2J\x1b[32mALLOW\x1b[0m@1\a", `first: \u001b[2J\u001b[32mALLOW\u001b[0m@1\u0007`},
		{"csi \u009b31m del \x7f", `csi \u009b31m del \u007f`},
		{"rlo \u202eiewauH\u202c iso \u2066x\u2069", `rlo \u202eiewauH\u202c iso \u2066x\u2069`},
		{"Ｈｕａｗｅｉ 华为", "Ｈｕａｗｅｉ 华为"},
	} {
		got := oneLine(tc.in)
		if got != tc.want {
			t.Errorf("oneLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if oneLine(got) != got {
			t.Errorf("oneLine not idempotent on %q", got)
		}
	}
}
