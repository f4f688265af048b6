package oci

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// source is where manifests and blobs come from: a layout on disk or a
// registry repository. Every read is bounded and digest-checked by the
// implementation.
type source interface {
	// lookupTag returns the manifests a tag names: none when the tag is
	// absent (not an error). A registry tag names one manifest; a layout
	// may list several entries whose ref.name matches.
	lookupTag(ctx context.Context, tag string) ([]v1.Descriptor, error)
	// readManifest reads the manifest with digest d. mediaType is what the
	// referring descriptor (or the registry) says, "" when unknown.
	readManifest(ctx context.Context, d v1.Hash) (raw []byte, mediaType string, err error)
	// readBlob reads a blob whose descriptor gives its digest and size.
	readBlob(ctx context.Context, desc v1.Descriptor) ([]byte, error)
	// referrers lists the manifests whose subject is d, with a label for
	// how they were found. supported is false when the source has no such
	// listing (a registry without the referrers API).
	referrers(ctx context.Context, d v1.Hash) (descs []v1.Descriptor, label string, supported bool, err error)
}

// untaggedSource is implemented by layouts: top-level entries that no tag
// names, which may be legacy signature manifests (cosign save, crane pull
// without --annotate-ref).
type untaggedSource interface {
	untagged(ctx context.Context) ([]v1.Descriptor, error)
}

// budget bounds the total bytes read for one reference.
type budget struct {
	ref  string
	max  int64
	used atomic.Int64
}

func (b *budget) take(n int64, what string) error {
	if got := b.used.Add(n); got > b.max {
		return &LimitError{Ref: b.ref, What: "total read (at " + what + ")", Limit: b.max, Got: got, Unit: "bytes"}
	}
	return nil
}

// checkDigest reports whether data hashes to h (sha256 or sha512).
func checkDigest(data []byte, h v1.Hash) error {
	hasher, err := v1.Hasher(h.Algorithm)
	if err != nil {
		return err
	}
	hasher.Write(data)
	got := fmt.Sprintf("%s:%x", h.Algorithm, hasher.Sum(nil))
	if got != h.String() {
		return fmt.Errorf("content of %s hashes to %s", h, got)
	}
	return nil
}

// manifest is a parsed manifest or index.
type manifest struct {
	digest    v1.Hash
	size      int64
	mediaType types.MediaType
	raw       []byte
	index     *v1.IndexManifest // set for image indexes
	image     *v1.Manifest      // set for image manifests
}

func (m *manifest) isIndex() bool { return m.index != nil }

// artifactType is the manifest's artifactType, or its config media type
// (the OCI rule for manifests without one).
func (m *manifest) artifactType() string {
	switch {
	case m.image != nil && m.image.ArtifactType != "":
		return m.image.ArtifactType
	case m.image != nil:
		return string(m.image.Config.MediaType)
	case m.index != nil:
		return m.index.ArtifactType
	}
	return ""
}

func (m *manifest) subject() *v1.Descriptor {
	if m.image != nil {
		return m.image.Subject
	}
	if m.index != nil {
		return m.index.Subject
	}
	return nil
}

func isIndexType(mt types.MediaType) bool {
	return mt == types.OCIImageIndex || mt == types.DockerManifestList
}

func isImageType(mt types.MediaType) bool {
	return mt == types.OCIManifestSchema1 || mt == types.DockerManifestSchema2
}

// parseManifest decodes raw as an image manifest or index. The manifest's
// own mediaType decides; the referring descriptor's (hint) is used only
// when the manifest has none, and the two must agree when both are given.
// Duplicate JSON member names are refused: two parsers must not be able to
// read the same bytes differently.
func parseManifest(raw []byte, h v1.Hash, hint string) (*manifest, error) {
	var probe struct {
		SchemaVersion int64           `json:"schemaVersion"`
		MediaType     types.MediaType `json:"mediaType"`
		Manifests     *jsontext.Value `json:"manifests"`
		Config        *jsontext.Value `json:"config"`
		Layers        *jsontext.Value `json:"layers"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, fmt.Errorf("manifest %s: %w", h, err)
	}
	mt := probe.MediaType
	hintMT := types.MediaType(hint)
	known := func(t types.MediaType) bool { return isIndexType(t) || isImageType(t) }
	switch {
	case mt != "" && hintMT != "" && known(hintMT) && mt != hintMT:
		return nil, fmt.Errorf("manifest %s: its mediaType %q differs from the %q its descriptor names", h, mt, hintMT)
	case mt == "" && known(hintMT):
		mt = hintMT
	case mt == "" && probe.Manifests != nil && probe.Config == nil:
		mt = types.OCIImageIndex
	case mt == "" && probe.Config != nil && probe.Manifests == nil:
		mt = types.OCIManifestSchema1
	}
	m := &manifest{digest: h, size: int64(len(raw)), mediaType: mt, raw: raw}
	switch {
	case mt == types.DockerManifestSchema1 || mt == types.DockerManifestSchema1Signed:
		return nil, fmt.Errorf("manifest %s: Docker schema 1 manifests are not supported", h)
	case probe.SchemaVersion != 2:
		return nil, fmt.Errorf("manifest %s: schemaVersion %d, want 2", h, probe.SchemaVersion)
	case isIndexType(mt):
		m.index = new(v1.IndexManifest)
		if err := json.Unmarshal(raw, m.index); err != nil {
			return nil, fmt.Errorf("image index %s: %w", h, err)
		}
		for _, d := range m.index.Manifests {
			if d.Size < 0 {
				return nil, fmt.Errorf("image index %s: entry %s has negative size", h, d.Digest)
			}
		}
	case isImageType(mt):
		m.image = new(v1.Manifest)
		if err := json.Unmarshal(raw, m.image); err != nil {
			return nil, fmt.Errorf("manifest %s: %w", h, err)
		}
		if m.image.Config.Size < 0 {
			return nil, fmt.Errorf("manifest %s: config has negative size", h)
		}
		for _, l := range m.image.Layers {
			if l.Size < 0 {
				return nil, fmt.Errorf("manifest %s: layer %s has negative size", h, l.Digest)
			}
		}
	default:
		return nil, fmt.Errorf("manifest %s: media type %q is neither an image manifest nor an image index", h, mt)
	}
	return m, nil
}
