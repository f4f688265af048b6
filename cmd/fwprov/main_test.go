package main

// End-to-end tests: they build the fwprov binary once and run it as a user
// would, checking exit codes, stdout and stderr.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "fwprov-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	binary = filepath.Join(dir, "fwprov")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building fwprov:", err)
		os.RemoveAll(dir)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is one run of the binary.
type result struct {
	code           int
	stdout, stderr string
}

// run executes fwprov with args from the module root (so testdata paths
// read as in the README), with stdin when given.
func run(t *testing.T, stdin []byte, args ...string) result {
	t.Helper()
	return runIn(t, nil, stdin, args...)
}

// runEnv is run with extra environment variables.
func runEnv(t *testing.T, env []string, args ...string) result {
	t.Helper()
	return runIn(t, env, nil, args...)
}

func runIn(t *testing.T, env []string, stdin []byte, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = moduleRoot(t)
	cmd.Env = append(os.Environ(), env...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("running fwprov %v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// expectError asserts exit 2 with exactly one stderr line mentioning each
// of want, no stack trace, and nothing on stdout.
func expectError(t *testing.T, r result, want ...string) {
	t.Helper()
	if r.code != 2 {
		t.Fatalf("exit code = %d, want 2; stderr: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
	if len(lines) != 1 {
		t.Errorf("stderr has %d lines, want 1:\n%s", len(lines), r.stderr)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr %q does not mention %q", r.stderr, w)
		}
	}
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic") {
		t.Errorf("stderr shows a panic: %s", r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout is not empty on error: %q", r.stdout)
	}
}

func TestVersionAndHelp(t *testing.T) {
	r := run(t, nil, "--version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "fwprov ") {
		t.Fatalf("--version: code %d, stdout %q", r.code, r.stdout)
	}
	for _, c := range []string{"inspect"} {
		r := run(t, nil, c, "--help")
		if r.code != 0 || !strings.Contains(r.stdout, "Examples:") {
			t.Errorf("%s --help: code %d, no Examples section:\n%s", c, r.code, r.stdout)
		}
	}
	r = run(t, nil, "completion", "bash")
	if r.code != 0 || !strings.Contains(r.stdout, "fwprov") {
		t.Errorf("completion bash: code %d", r.code)
	}
}

func TestUnknownFlagIsExit2(t *testing.T) {
	r := run(t, nil, "inspect", "--no-such-flag", "x")
	expectError(t, r, "no-such-flag")
	r = run(t, nil, "inspect", "--format", "yaml", "x")
	expectError(t, r, "yaml")
}
