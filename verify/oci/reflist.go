package oci

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxReferenceListEntries bounds a reference list.
const MaxReferenceListEntries = 100000

// ParseReferenceList reads a file of image references, one per line, as
// `scan` takes submissions: blank lines and lines starting with # are
// skipped, a # after white space starts a comment, surrounding white space
// is dropped. name is for messages; an error names the file and line. The
// same reference twice is refused (a submission would be counted twice).
func ParseReferenceList(name string, data []byte) ([]Reference, error) {
	refs, err := parseReferenceList(name, data)
	return refs, sanitize(err)
}

func parseReferenceList(name string, data []byte) ([]Reference, error) {
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("oci: %s: not UTF-8 text", name)
	}
	var out []Reference
	seen := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		if i := strings.Index(line, "\t#"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r, err := ParseReference(line)
		if err != nil {
			return nil, fmt.Errorf("oci: %s:%d: %w", name, n, err)
		}
		key := r.String()
		if first, dup := seen[key]; dup {
			return nil, fmt.Errorf("oci: %s:%d: %s is already listed on line %d", name, n, key, first)
		}
		seen[key] = n
		if len(out) == MaxReferenceListEntries {
			return nil, &LimitError{Ref: name, What: "references", Limit: MaxReferenceListEntries, Unit: "references"}
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("oci: %s: %w", name, err)
	}
	return out, nil
}
