package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHelpExamplesRun runs every example of every command's --help, as
// written, the way a user pastes it: each command line (with its
// continuation lines) through sh, with fwprov on PATH, from a folder that
// holds a copy of the repository's testdata (examples may write files).
// Each must exit 0 or 1 — a verdict — never 2 (bad flags, a missing file)
// or a crash. The commands are found by walking "Available Commands" from
// the root's help, so a new command's examples are run without being listed.
func TestHelpExamplesRun(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to run the examples with")
	}
	bin := filepath.Dir(binary)
	commands := helpTree(t, nil)
	if len(commands) < 15 {
		t.Fatalf("found only %d commands in the help: %q", len(commands), commands)
	}
	for _, path := range commands {
		help := run(t, nil, append(path, "--help")...)
		examples := helpExamples(help.stdout)
		name := strings.Join(append([]string{"fwprov"}, path...), " ")
		if len(examples) == 0 {
			if len(path) > 0 && path[0] != "help" {
				t.Errorf("%s --help has no examples", name)
			}
			continue
		}
		t.Run(strings.Join(append([]string{"fwprov"}, path...), "_"), func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, filepath.Join(moduleRoot(t), "testdata"), filepath.Join(dir, "testdata"), "large")
			for _, ex := range examples {
				if !strings.HasPrefix(ex, "fwprov") && !strings.Contains(ex, " fwprov ") {
					t.Errorf("%s: example does not run fwprov: %q", name, ex)
					continue
				}
				cmd := exec.Command("sh", "-c", ex)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "HOME="+dir)
				var out, errb bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errb
				err := cmd.Run()
				code := 0
				var ee *exec.ExitError
				if errors.As(err, &ee) {
					code = ee.ExitCode()
				} else if err != nil {
					t.Fatal(err)
				}
				if code != 0 && code != 1 {
					t.Errorf("%s: example exits %d:\n  %s\nstderr: %s", name, code, ex, errb.String())
				}
				if strings.Contains(errb.String(), "panic") || strings.Contains(errb.String(), "internal error") {
					t.Errorf("%s: example crashes:\n  %s\n%s", name, ex, errb.String())
				}
			}
		})
	}
}

// TestRootHelpFirstExampleDeniesTampered: the first example of `fwprov
// --help`, pointed at the tampered release, denies it.
func TestRootHelpFirstExampleDeniesTampered(t *testing.T) {
	ex := helpExamples(run(t, nil, "--help").stdout)
	if len(ex) == 0 {
		t.Fatal("fwprov --help has no examples")
	}
	first := ex[0]
	if !strings.HasPrefix(first, "fwprov gate ") || !strings.Contains(first, "testdata/releases/du-allowed") {
		t.Fatalf("the first example is not a gate of the bundled release: %q", first)
	}
	args := strings.Fields(strings.Replace(first, "du-allowed", "du-tampered", 1))[1:]
	if r := run(t, nil, args...); r.code != 1 || !strings.HasPrefix(r.stdout, "DENY") {
		t.Errorf("%q on the tampered release: exit %d\n%s", first, r.code, r.stdout)
	}
	if r := run(t, nil, "gate", "testdata/releases/du-tampered"); r.code != 1 {
		t.Errorf("fwprov gate testdata/releases/du-tampered (no policy): exit %d, want 1", r.code)
	}
}

var availableRE = regexp.MustCompile(`^  (\S+)\s{2,}`)

// helpTree lists every command path under path (path included), from the
// "Available Commands" sections of the help.
func helpTree(t *testing.T, path []string) [][]string {
	t.Helper()
	out := [][]string{path}
	help := run(t, nil, append(append([]string{}, path...), "--help")...).stdout
	in := false
	for _, line := range strings.Split(help, "\n") {
		switch {
		case strings.HasPrefix(line, "Available Commands:"):
			in = true
		case in && line == "":
			in = false
		case in:
			if m := availableRE.FindStringSubmatch(line); m != nil && m[1] != "help" {
				out = append(out, helpTree(t, append(append([]string{}, path...), m[1]))...)
			}
		}
	}
	return out
}

// helpExamples returns the example command lines of a --help text: the
// indented lines after "Examples:", continuation lines joined, comment and
// blank lines dropped.
func helpExamples(help string) []string {
	var lines []string
	in := false
	for _, line := range strings.Split(help, "\n") {
		switch {
		case strings.HasPrefix(line, "Examples:"):
			in = true
			continue
		case !in:
			continue
		case line != "" && line[0] != ' ' && line[0] != '\t':
			in = false
			continue
		}
		lines = append(lines, line)
	}
	var out []string
	var cur string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if cur == "" && (l == "" || strings.HasPrefix(l, "#")) {
			continue
		}
		if strings.HasSuffix(l, `\`) {
			cur += strings.TrimSuffix(l, `\`) + " "
			continue
		}
		out = append(out, cur+l)
		cur = ""
	}
	return out
}

// copyTree copies a folder, skipping the named sub-folders.
func copyTree(t *testing.T, src, dst string, skip ...string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		for _, s := range skip {
			if rel == s {
				return filepath.SkipDir
			}
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			l, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(l, target)
		case d.Type().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(target, b, 0o644)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
