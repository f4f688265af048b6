package sbom

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ReadInput reads the whole of a file ("-" reads standard input), refusing
// more than maxBytes (maxBytes <= 0 means DefaultMaxBytes) without first
// reading the excess into memory. It does not decompress: Parse does.
func ReadInput(name string, maxBytes int64) ([]byte, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	var r io.Reader
	var sizeHint int64
	if name == "-" {
		r = os.Stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, &ParseError{File: name, Err: openError(err)}
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil {
			if st.IsDir() {
				return nil, &ParseError{File: name, Err: errors.New("is a directory, not an SBOM file")}
			}
			if st.Mode().IsRegular() {
				if st.Size() > maxBytes {
					return nil, &ParseError{File: name, Err: tooLarge(st.Size(), maxBytes)}
				}
				sizeHint = st.Size()
			}
		}
		r = f
	}
	data, err := readLimited(r, maxBytes, sizeHint)
	if err != nil {
		return nil, &ParseError{File: name, Err: err}
	}
	return data, nil
}

// readLimited reads r to the end, failing with ErrTooLarge as soon as more
// than max bytes arrive (it never holds more than max+1 bytes).
func readLimited(r io.Reader, max, sizeHint int64) ([]byte, error) {
	if sizeHint <= 0 || sizeHint > max {
		sizeHint = 64 << 10
		if sizeHint > max {
			sizeHint = max
		}
	}
	buf := make([]byte, 0, sizeHint+1) // +1: the read that detects EOF
	lr := io.LimitReader(r, max+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			return nil, tooLarge(-1, max)
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read: %w", err)
		}
	}
}

func openError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such file")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("permission denied")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// tooLarge says by how much a limit was exceeded (size < 0: unknown).
func tooLarge(size, max int64) error {
	if size < 0 {
		return errorf(ErrTooLarge, "input is larger than the %s limit", humanBytes(max))
	}
	return errorf(ErrTooLarge, "input is %s, larger than the %s limit", humanBytes(size), humanBytes(max))
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Load reads a file ("-" = standard input) within opts.Limits.MaxBytes and
// parses it: ReadInput followed by Parse.
func Load(ctx context.Context, name string, opts Options) (*Document, error) {
	lim := opts.Limits.withDefaults()
	data, err := ReadInput(name, lim.MaxBytes)
	if err != nil {
		return nil, err
	}
	return Parse(ctx, name, data, opts)
}
