package oci

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// Kind says where a reference points.
type Kind string

// Reference kinds.
const (
	KindLayout   Kind = "layout"   // an OCI image layout on disk
	KindRegistry Kind = "registry" // a repository in a registry
)

// LayoutPrefix starts a layout reference.
const LayoutPrefix = "oci:"

// DefaultTag is the tag a registry reference without tag or digest means,
// as for docker, crane and cosign.
const DefaultTag = "latest"

// Reference is a parsed image reference. It is plain data; nothing has been
// read yet.
type Reference struct {
	Kind Kind `json:"kind"`
	// Path is the layout directory (layouts only).
	Path string `json:"path,omitempty"`
	// Repository is "host[:port]/path" (registries only).
	Repository string `json:"repository,omitempty"`
	// Tag is the tag written (for registries DefaultTag when neither tag
	// nor digest is). When Digest is set too, the digest is what is read
	// and the tag is not consulted.
	Tag string `json:"tag,omitempty"`
	// Digest is the manifest digest written ("sha256:…"), if any.
	Digest string `json:"digest,omitempty"`
}

// hostPattern is a registry host: a DNS name or an IP address, with an
// optional port.
var hostPattern = regexp.MustCompile(`^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)(:[0-9]{1,5})?$`)

var tagPattern = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)

// ParseReference parses "oci:PATH[:TAG|@DIGEST]" (an OCI image layout) or
// "REGISTRY/REPO[:TAG|@DIGEST]" (a registry). The registry host must be
// written out (it contains a dot or a port, or is localhost): Docker Hub is
// "docker.io/library/NAME", so that a folder name is never mistaken for a
// Docker Hub repository. In a layout reference the tag is what follows the
// first colon of the last path element ("oci:images/cu:2.1"); write
// "oci:DIR/." for a directory whose name contains a colon.
func ParseReference(s string) (Reference, error) {
	r, err := parseReference(s)
	return r, sanitize(err)
}

func parseReference(s string) (Reference, error) {
	if strings.TrimSpace(s) != s || s == "" {
		return Reference{}, fmt.Errorf("oci: reference %q: empty or surrounded by spaces", s)
	}
	if escapeControls(s) != s {
		return Reference{}, fmt.Errorf("oci: reference %q contains control characters", s)
	}
	if rest, ok := strings.CutPrefix(s, LayoutPrefix); ok {
		return parseLayoutReference(s, rest)
	}
	return parseRegistryReference(s)
}

// LooksLikeReference reports whether s has the shape of an image
// reference: the layout prefix, or a registry reference with an explicit
// host. A caller that also accepts files checks the file system first.
func LooksLikeReference(s string) bool {
	if strings.HasPrefix(s, LayoutPrefix) {
		return true
	}
	_, err := parseRegistryReference(s)
	return err == nil && escapeControls(s) == s
}

func parseLayoutReference(s, rest string) (Reference, error) {
	r := Reference{Kind: KindLayout}
	if i := strings.LastIndex(rest, "@"); i >= 0 && looksLikeDigestPrefix(rest[i+1:]) {
		h, err := v1.NewHash(rest[i+1:])
		if err != nil {
			return Reference{}, fmt.Errorf("oci: reference %q: digest: %w", s, err)
		}
		r.Digest = h.String()
		rest = rest[:i]
	} else {
		last := strings.LastIndexAny(rest, "/"+string(filepath.Separator))
		if j := strings.Index(rest[last+1:], ":"); j >= 0 {
			tag := rest[last+1+j+1:]
			rest = rest[:last+1+j]
			if !tagPattern.MatchString(tag) {
				return Reference{}, fmt.Errorf("oci: reference %q: %q is not a valid tag (letters, digits, _ . -, at most 128, not starting with . or -)", s, tag)
			}
			r.Tag = tag
		}
	}
	if rest == "" {
		return Reference{}, fmt.Errorf("oci: reference %q: no layout directory", s)
	}
	r.Path = rest
	return r, nil
}

func looksLikeDigestPrefix(s string) bool {
	return strings.HasPrefix(s, "sha256:") || strings.HasPrefix(s, "sha512:")
}

func parseRegistryReference(s string) (Reference, error) {
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return Reference{}, fmt.Errorf("oci: reference %q: write the registry without a URL scheme (plain HTTP needs the insecure-registry option)", s)
	}
	host, _, ok := strings.Cut(s, "/")
	if !ok || !hostPattern.MatchString(host) || !(strings.ContainsAny(host, ".:") || host == "localhost") {
		return Reference{}, fmt.Errorf("oci: reference %q names no registry host (write REGISTRY/REPO[:TAG|@DIGEST], docker.io/library/NAME for Docker Hub, or oci:PATH for a layout)", s)
	}
	r := Reference{Kind: KindRegistry}
	base := s
	if i := strings.LastIndex(s, "@"); i >= 0 {
		d, err := name.NewDigest(s, name.StrictValidation)
		if err != nil {
			return Reference{}, fmt.Errorf("oci: reference %q: %w", s, err)
		}
		h, err := v1.NewHash(d.DigestStr())
		if err != nil {
			return Reference{}, fmt.Errorf("oci: reference %q: digest: %w", s, err)
		}
		r.Digest = h.String()
		base = s[:i]
	}
	// A tag is what follows the last colon when no slash follows it
	// (host:port/repo has a slash after its colon).
	if i := strings.LastIndex(base, ":"); i >= 0 && !strings.Contains(base[i+1:], "/") {
		t, err := name.NewTag(base, name.StrictValidation)
		if err != nil {
			return Reference{}, fmt.Errorf("oci: reference %q: %w", s, err)
		}
		r.Tag = t.TagStr()
		base = base[:i]
	}
	repo, err := name.NewRepository(base, name.StrictValidation)
	if err != nil {
		return Reference{}, fmt.Errorf("oci: reference %q: %w", s, err)
	}
	if reg, err := name.NewRegistry(host); err != nil || reg.RegistryStr() != repo.RegistryStr() {
		return Reference{}, fmt.Errorf("oci: reference %q: registry host %q is not valid", s, host)
	}
	r.Repository = repo.RegistryStr() + "/" + repo.RepositoryStr()
	if r.Tag == "" && r.Digest == "" {
		r.Tag = DefaultTag
	}
	return r, nil
}

// String renders the reference in the syntax ParseReference reads.
func (r Reference) String() string {
	var b strings.Builder
	if r.Kind == KindLayout {
		b.WriteString(LayoutPrefix)
		b.WriteString(r.Path)
	} else {
		b.WriteString(r.Repository)
	}
	if r.Tag != "" && (r.Kind == KindRegistry || r.Digest == "") {
		b.WriteString(":" + r.Tag)
	}
	if r.Digest != "" {
		b.WriteString("@" + r.Digest)
	}
	return b.String()
}

// source names where the reference reads from, for messages: "oci:PATH"
// or "host/repo".
func (r Reference) source() string {
	if r.Kind == KindLayout {
		return LayoutPrefix + r.Path
	}
	return r.Repository
}
