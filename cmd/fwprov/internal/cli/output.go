package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// writeOutput writes a fully rendered report either to stdout or, when path
// is set, atomically to a file: the bytes go to a temporary file in the same
// folder, are synced, and only then renamed over the destination. A failure
// at any step leaves no partial file behind.
func writeOutput(stdout io.Writer, path string, report []byte) error {
	if path == "" || path == "-" {
		_, err := stdout.Write(report)
		return err
	}
	return writeFileMode(path, report, 0o644)
}

// writeFileMode writes data to path atomically with the given mode. A
// destination that exists and is not a regular file (/dev/null, a FIFO, a
// terminal) is written to in place: renaming over it would replace the
// device itself.
func writeFileMode(path string, report []byte, mode os.FileMode) error {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return fmt.Errorf("write %s: is a directory", path)
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		if _, err := f.Write(report); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
		return f.Close()
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	name := tmp.Name()
	cleanup := func() { tmp.Close(); os.Remove(name) }
	if _, err := io.Copy(tmp, bytes.NewReader(report)); err != nil {
		cleanup()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		cleanup()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		cleanup()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
