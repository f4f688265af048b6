package policy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHostilePolicyYAML: a policy file is outside input too (a shared
// preset, a file in a pipeline repository). Alias bombs, deep nesting and
// huge scalars are refused quickly with a *policy.Error, never a hang or a
// panic.
func TestHostilePolicyYAML(t *testing.T) {
	laughs := "apiVersion: fwprov/v1\nkind: Policy\nname: lol\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	for i := 1; i <= 9; i++ {
		prev := "*a" + string(rune('0'+i-1))
		laughs += "x" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" + strings.Repeat(prev+", ", 8) + prev + "]\n"
	}
	aliasEntities := "apiVersion: fwprov/v1\nkind: Policy\nname: lol\nentities:\n  - &e {id: a, name: A, aliases: &l0 [a, b, c, d, e, f, g, h]}\n"
	l := "*l0"
	for i := 1; i <= 6; i++ {
		aliasEntities += "  - {id: e" + string(rune('0'+i)) + ", name: E" + string(rune('0'+i)) + ", aliases: &l" + string(rune('0'+i)) + " [" + strings.Repeat(l+", ", 7) + l + "]}\n"
		l = "*l" + string(rune('0'+i))
	}
	for _, tc := range []struct{ name, data string }{
		{"billion laughs", laughs},
		{"alias bomb in entity aliases", aliasEntities},
		{"deep flow nesting", "apiVersion: fwprov/v1\nkind: Policy\nname: deep\nx: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n"},
		{"deep block nesting", "apiVersion: fwprov/v1\nkind: Policy\nname: deep\n" + func() string {
			var b strings.Builder
			for i := range 5000 {
				b.WriteString(strings.Repeat(" ", i) + "k:\n")
			}
			return b.String()
		}()},
		{"huge scalar", "apiVersion: fwprov/v1\nkind: Policy\nname: " + strings.Repeat("a", 32<<20) + "\n"},
		{"anchor loop", "apiVersion: fwprov/v1\nkind: Policy\nname: x\nentities: &a [*a]\n"},
		{"huge CEL expression", "apiVersion: fwprov/v1\nkind: Policy\nname: cel\nrules:\n  - {id: r, severity: fail, expr: '" + strings.Repeat("(", 100000) + "true" + strings.Repeat(")", 100000) + "'}\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			start := time.Now()
			p, err := Parse("fuzz.yaml", []byte(tc.data), LoadOptions{BaseDir: dir})
			if d := time.Since(start); d > 30*time.Second {
				t.Errorf("took %v", d)
			}
			if err == nil {
				// Loading is fine only when evaluation then works.
				doc := bom(t, comp{"type": "firmware", "name": "fw", "supplier": supplier("Acme Radio")}, nil)
				if _, err := Evaluate(context.Background(), doc, p, EvalOptions{}); err != nil {
					t.Fatalf("loaded, then Evaluate: %v", err)
				}
				t.Logf("accepted")
				return
			}
			if _, ok := err.(*Error); !ok {
				t.Errorf("error %T is not *policy.Error: %v", err, err)
			}
			if msg := err.Error(); strings.ContainsAny(msg, "\n\r") || len(msg) > 4096 {
				t.Errorf("error is not one short line (%d bytes): %.300q", len(msg), msg)
			}
			t.Logf("%v: %.200s", time.Since(start).Round(time.Millisecond), err)
		})
	}
}

// TestExtendsCycles: a policy that extends itself, or two that extend each
// other, are refused (not loaded forever).
func TestExtendsCycles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, extends string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("apiVersion: fwprov/v1\nkind: Policy\nname: "+name+"\nextends: "+extends+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	self := write("self.yaml", "self.yaml")
	a := write("a.yaml", "b.yaml")
	write("b.yaml", "./a.yaml")
	for _, p := range []string{self, a} {
		done := make(chan error, 1)
		go func() { _, err := Load(p); done <- err }()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("%s: an extends cycle loaded", filepath.Base(p))
			} else {
				t.Logf("%s: %v", filepath.Base(p), err)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s: loading an extends cycle did not finish", filepath.Base(p))
		}
	}
}
