package oci

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
)

// RefNameAnnotation is the index.json annotation that tags a layout entry.
const RefNameAnnotation = "org.opencontainers.image.ref.name"

// layoutSource reads an OCI image layout directory.
type layoutSource struct {
	ref     string // "oci:PATH", for messages
	path    layout.Path
	lim     Limits
	budget  *budget
	entries []v1.Descriptor   // index.json "manifests", in file order
	listed  map[string]string // digest -> media type index.json gives it
	raw     map[string][]byte // manifests read, by digest

	scanned  bool
	subjects map[string][]v1.Descriptor // subject digest -> referrer entries
	plain    []v1.Descriptor            // entries with neither tag nor subject
}

func openLayout(ctx context.Context, r Reference, lim Limits, b *budget) (*layoutSource, error) {
	ref := r.source()
	st, err := os.Stat(r.Path)
	if err != nil {
		return nil, fmt.Errorf("oci: %s: %w", ref, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("oci: %s: not a directory (an OCI image layout is a directory with oci-layout, index.json and blobs/)", ref)
	}
	l := &layoutSource{ref: ref, path: layout.Path(r.Path), lim: lim, budget: b, listed: map[string]string{}, raw: map[string][]byte{}}
	marker, err := l.readFile(ctx, filepath.Join(r.Path, "oci-layout"), "oci-layout", 4096)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("oci: %s: no oci-layout file: not an OCI image layout", ref)
		}
		return nil, err
	}
	var ver struct {
		ImageLayoutVersion string `json:"imageLayoutVersion"`
	}
	if err := json.Unmarshal(marker, &ver); err != nil {
		return nil, fmt.Errorf("oci: %s: oci-layout: %w", ref, err)
	}
	if ver.ImageLayoutVersion != "1.0.0" {
		return nil, fmt.Errorf("oci: %s: oci-layout: imageLayoutVersion %q, want 1.0.0", ref, ver.ImageLayoutVersion)
	}
	if _, err := layout.FromPath(r.Path); err != nil {
		return nil, fmt.Errorf("oci: %s: %w", ref, err)
	}
	raw, err := l.readFile(ctx, filepath.Join(r.Path, "index.json"), "index.json", lim.MaxManifestBytes)
	if err != nil {
		return nil, err
	}
	var idx v1.IndexManifest
	if err := json.Unmarshal(raw, &idx); err != nil {
		return nil, fmt.Errorf("oci: %s: index.json: %w", ref, err)
	}
	if idx.SchemaVersion != 2 {
		return nil, fmt.Errorf("oci: %s: index.json: schemaVersion %d, want 2", ref, idx.SchemaVersion)
	}
	if n := len(idx.Manifests); n > lim.MaxLayoutEntries {
		return nil, &LimitError{Ref: ref, What: "index.json entries", Limit: int64(lim.MaxLayoutEntries), Got: int64(n), Unit: "entries"}
	}
	for i, d := range idx.Manifests {
		if d.Size < 0 {
			return nil, fmt.Errorf("oci: %s: index.json: entry %d (%s) has a negative size", ref, i, d.Digest)
		}
		if d.Digest.Algorithm == "" {
			return nil, fmt.Errorf("oci: %s: index.json: entry %d has no digest", ref, i)
		}
		l.listed[d.Digest.String()] = string(d.MediaType)
	}
	l.entries = idx.Manifests
	return l, nil
}

// readFile reads a regular file of at most max bytes.
func (l *layoutSource) readFile(ctx context.Context, path, what string, max int64) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("oci: %s: %w", l.ref, err)
	}
	defer f.Close()
	return l.readOpen(f, what, max, -1)
}

// readOpen reads f (which must be a regular file) bounded by max; want is
// the exact size expected, or -1.
func (l *layoutSource) readOpen(f *os.File, what string, max, want int64) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("oci: %s: %s: %w", l.ref, what, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("oci: %s: %s is not a regular file", l.ref, what)
	}
	if st.Size() > max {
		return nil, &LimitError{Ref: l.ref, What: what, Limit: max, Got: st.Size(), Unit: "bytes"}
	}
	if want >= 0 && st.Size() != want {
		return nil, fmt.Errorf("oci: %s: %s is %d bytes, its descriptor says %d", l.ref, what, st.Size(), want)
	}
	if err := l.budget.take(st.Size(), what); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("oci: %s: %s: %w", l.ref, what, err)
	}
	if int64(len(data)) > max {
		return nil, &LimitError{Ref: l.ref, What: what, Limit: max, Unit: "bytes"}
	}
	if want >= 0 && int64(len(data)) != want {
		return nil, fmt.Errorf("oci: %s: %s is %d bytes, its descriptor says %d", l.ref, what, len(data), want)
	}
	return data, nil
}

func (l *layoutSource) openBlob(h v1.Hash, what string) (*os.File, error) {
	rc, err := l.path.Blob(h)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("oci: %s: %s is not in the layout (no blobs/%s/%s)", l.ref, what, h.Algorithm, h.Hex)
		}
		return nil, fmt.Errorf("oci: %s: %s: %w", l.ref, what, err)
	}
	f, ok := rc.(*os.File)
	if !ok {
		rc.Close()
		return nil, fmt.Errorf("oci: %s: %s: unexpected blob reader", l.ref, what)
	}
	return f, nil
}

func (l *layoutSource) readManifest(ctx context.Context, h v1.Hash) ([]byte, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	if raw, ok := l.raw[h.String()]; ok {
		return raw, l.listed[h.String()], nil
	}
	what := "manifest " + h.String()
	f, err := l.openBlob(h, what)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	raw, err := l.readOpen(f, what, l.lim.MaxManifestBytes, -1)
	if err != nil {
		return nil, "", err
	}
	if err := checkDigest(raw, h); err != nil {
		return nil, "", fmt.Errorf("oci: %s: %s: %w", l.ref, what, err)
	}
	l.raw[h.String()] = raw
	return raw, l.listed[h.String()], nil
}

func (l *layoutSource) readBlob(ctx context.Context, desc v1.Descriptor) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	what := "blob " + desc.Digest.String()
	if desc.Size > l.lim.MaxBlobBytes {
		return nil, &LimitError{Ref: l.ref, What: what, Limit: l.lim.MaxBlobBytes, Got: desc.Size, Unit: "bytes"}
	}
	f, err := l.openBlob(desc.Digest, what)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := l.readOpen(f, what, l.lim.MaxBlobBytes, desc.Size)
	if err != nil {
		return nil, err
	}
	if err := checkDigest(data, desc.Digest); err != nil {
		return nil, fmt.Errorf("oci: %s: %s: %w", l.ref, what, err)
	}
	return data, nil
}

// tagMatches reports whether a ref.name annotation names tag: equal to it,
// or a full reference ending in ":tag" (crane pull --annotate-ref).
func tagMatches(refName, tag string) bool {
	if !tagPattern.MatchString(tag) {
		return false
	}
	if refName == tag {
		return true
	}
	base, ok := strings.CutSuffix(refName, ":"+tag)
	if !ok || base == "" || strings.Contains(base, "@") {
		return false
	}
	_, err := name.NewRepository(base)
	return err == nil
}

func (l *layoutSource) lookupTag(_ context.Context, tag string) ([]v1.Descriptor, error) {
	var out []v1.Descriptor
	for _, d := range l.entries {
		if rn, ok := d.Annotations[RefNameAnnotation]; ok && tagMatches(rn, tag) {
			out = append(out, d)
		}
	}
	return out, nil
}

// scan reads every top-level manifest once to find referrers (entries with
// a subject) and untagged entries.
func (l *layoutSource) scan(ctx context.Context) error {
	if l.scanned {
		return nil
	}
	l.subjects = map[string][]v1.Descriptor{}
	for _, d := range l.entries {
		raw, _, err := l.readManifest(ctx, d.Digest)
		if err != nil {
			return err
		}
		m, err := parseManifest(raw, d.Digest, string(d.MediaType))
		if err != nil {
			return fmt.Errorf("oci: %s: index.json entry: %w", l.ref, err)
		}
		if s := m.subject(); s != nil {
			e := d
			if e.ArtifactType == "" {
				e.ArtifactType = m.artifactType()
			}
			l.subjects[s.Digest.String()] = append(l.subjects[s.Digest.String()], e)
			continue
		}
		if _, tagged := d.Annotations[RefNameAnnotation]; !tagged && !m.isIndex() {
			l.plain = append(l.plain, d)
		}
	}
	for k := range l.subjects {
		s := l.subjects[k]
		sort.SliceStable(s, func(i, j int) bool { return s[i].Digest.String() < s[j].Digest.String() })
	}
	l.scanned = true
	return nil
}

func (l *layoutSource) referrers(ctx context.Context, h v1.Hash) ([]v1.Descriptor, string, bool, error) {
	if err := l.scan(ctx); err != nil {
		return nil, "", true, err
	}
	return l.subjects[h.String()], "layout index.json (subject)", true, nil
}

func (l *layoutSource) untagged(ctx context.Context) ([]v1.Descriptor, error) {
	if err := l.scan(ctx); err != nil {
		return nil, err
	}
	return l.plain, nil
}
