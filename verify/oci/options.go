package oci

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"

	"github.com/google/go-containerregistry/pkg/authn"
)

// Options says how Discover reads a reference.
type Options struct {
	// Insecure allows plain HTTP to a registry — loopback included. Without
	// it every request is HTTPS and a registry that only speaks HTTP is an
	// error (go-containerregistry would otherwise fall back to HTTP for
	// localhost and private addresses on its own).
	Insecure bool
	// Keychain finds registry credentials. Nil means authn.DefaultKeychain:
	// the Docker config file and its credential helpers, as crane and
	// cosign find them.
	Keychain authn.Keychain
	// Transport is the HTTP transport under everything else (nil: a clone
	// of go-containerregistry's default). Tests pass an httptest client's.
	Transport http.RoundTripper
	// Platform selects platform manifests of an image index: "os/arch" or
	// "os/arch/variant" (linux/arm64, linux/arm/v7). Empty gates every
	// platform. For a single image it must match the image's config.
	Platform string
	// Limits bound what is read; zero fields take the defaults.
	Limits Limits
}

// Limits bound everything Discover reads. A zero field means the default
// (DefaultLimits). Exceeding one is a *LimitError, never a truncation.
type Limits struct {
	// MaxManifestBytes bounds each manifest, image index, index.json,
	// image config and registry response that is not a blob.
	MaxManifestBytes int64
	// MaxBlobBytes bounds each blob read: a signature payload, a Sigstore
	// bundle, a DSSE envelope, an attached SBOM.
	MaxBlobBytes int64
	// MaxTotalBytes bounds all bytes read for one reference.
	MaxTotalBytes int64
	// MaxReferrers bounds the manifests attached to one digest, across the
	// referrers API, the referrers tag, and (in layouts) index.json.
	MaxReferrers int
	// MaxLayers bounds the layers of one signature, attestation or SBOM
	// manifest (a legacy .sig tag holds one layer per signature).
	MaxLayers int
	// MaxPlatforms bounds the entries of one image index.
	MaxPlatforms int
	// MaxIndexDepth bounds how deeply image indexes may nest (1: an index
	// of images).
	MaxIndexDepth int
	// MaxLayoutEntries bounds the manifests listed in a layout's index.json.
	MaxLayoutEntries int
}

// DefaultLimits are the limits used for zero Limits fields.
var DefaultLimits = Limits{
	MaxManifestBytes: 4 << 20, // the size the OCI distribution spec asks registries to accept
	MaxBlobBytes:     256 << 20,
	MaxTotalBytes:    1 << 30,
	MaxReferrers:     256,
	MaxLayers:        256,
	MaxPlatforms:     256,
	MaxIndexDepth:    4,
	MaxLayoutEntries: 4096,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxManifestBytes > 0 {
		d.MaxManifestBytes = l.MaxManifestBytes
	}
	if l.MaxBlobBytes > 0 {
		d.MaxBlobBytes = l.MaxBlobBytes
	}
	if l.MaxTotalBytes > 0 {
		d.MaxTotalBytes = l.MaxTotalBytes
	}
	if l.MaxReferrers > 0 {
		d.MaxReferrers = l.MaxReferrers
	}
	if l.MaxLayers > 0 {
		d.MaxLayers = l.MaxLayers
	}
	if l.MaxPlatforms > 0 {
		d.MaxPlatforms = l.MaxPlatforms
	}
	if l.MaxIndexDepth > 0 {
		d.MaxIndexDepth = l.MaxIndexDepth
	}
	if l.MaxLayoutEntries > 0 {
		d.MaxLayoutEntries = l.MaxLayoutEntries
	}
	return d
}

// LimitError is the error for input refused because it exceeds a limit.
type LimitError struct {
	// Ref is the reference being read.
	Ref string
	// What names what was too large or too many ("manifest sha256:…",
	// "referrers of sha256:…").
	What string
	// Limit is the limit that was exceeded (bytes or a count).
	Limit int64
	// Got is the size or count seen; 0 when only "more than Limit" is known.
	Got int64
	// Unit is "bytes" or a plural noun ("referrers", "layers").
	Unit string
}

func (e *LimitError) Error() string {
	got := "more than"
	if e.Got > 0 {
		got = fmt.Sprintf("%d, more than", e.Got)
	}
	ref := ""
	if e.Ref != "" {
		ref = e.Ref + ": "
	}
	return fmt.Sprintf("oci: %s%s: %s the limit of %d %s", ref, e.What, got, e.Limit, e.Unit)
}

// ErrPlainHTTP is wrapped by the error for a registry reachable only over
// plain HTTP when Options.Insecure is not set.
var ErrPlainHTTP = errors.New("plain HTTP is refused without the insecure-registry option")

// refError prefixes an error with the reference, once.
func refError(ref string, err error) error {
	var le *LimitError
	if errors.As(err, &le) {
		if le.Ref == "" {
			le.Ref = ref
		}
		return le
	}
	if strings.HasPrefix(err.Error(), "oci: ") {
		return err
	}
	return fmt.Errorf("oci: %s: %w", ref, err)
}

// oneLineError keeps an error's chain but renders it on one line with
// control and bidi characters escaped: registries, layouts and references
// are outside input, and an error message must not carry their line breaks
// or terminal escapes.
type oneLineError struct{ err error }

func (e *oneLineError) Error() string { return escapeControls(e.err.Error()) }
func (e *oneLineError) Unwrap() error { return e.err }

func sanitize(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if escapeControls(msg) == msg {
		return err
	}
	return &oneLineError{err}
}

func escapeControls(s string) string {
	clean := true
	for _, r := range s {
		if isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case isControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isControl(r rune) bool {
	return unicode.IsControl(r) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f
}
