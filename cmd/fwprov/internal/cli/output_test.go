package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestWriteOutputAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	if err := writeOutput(nil, path, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := writeOutput(nil, path, []byte("two")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "two" {
		t.Fatalf("content %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}
	// A folder that does not exist: an error, nothing written.
	if err := writeOutput(nil, filepath.Join(dir, "missing", "r.json"), []byte("x")); err == nil {
		t.Fatal("writing into a missing folder succeeded")
	}
	var out bytes.Buffer
	if err := writeOutput(&out, "", []byte("stdout")); err != nil || out.String() != "stdout" {
		t.Fatalf("stdout: %v %q", err, out.String())
	}
}

// Writing a report to /dev/null must leave the device a device: renaming a
// temporary file over it, as root, would replace it with a regular file.
func TestWriteOutputToDevice(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/null")
	}
	before, err := os.Stat(os.DevNull)
	if err != nil {
		t.Skip(err)
	}
	if err := writeOutput(nil, os.DevNull, []byte("report")); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(os.DevNull)
	if err != nil || after.Mode() != before.Mode() || after.Mode().IsRegular() {
		t.Fatalf("%s changed: %v -> %v (%v)", os.DevNull, before.Mode(), after.Mode(), err)
	}
	if err := writeOutput(nil, t.TempDir(), []byte("x")); err == nil {
		t.Fatal("writing over a folder succeeded")
	}
}
