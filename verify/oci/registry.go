package oci

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// registrySource reads a repository through go-containerregistry.
type registrySource struct {
	ref    string // "host/repo", for messages
	repo   name.Repository
	opts   []remote.Option
	lim    Limits
	guard  *guardTransport
	cached map[string]cachedManifest // manifests already fetched through a tag
}

type cachedManifest struct {
	raw       []byte
	mediaType string
}

func openRegistry(ctx context.Context, r Reference, o Options, lim Limits, b *budget) (*registrySource, error) {
	var nopts []name.Option
	if o.Insecure {
		nopts = append(nopts, name.Insecure)
	}
	repo, err := name.NewRepository(r.Repository, nopts...)
	if err != nil {
		return nil, fmt.Errorf("oci: %s: %w", r.Repository, err)
	}
	base := o.Transport
	if base == nil {
		base = remote.DefaultTransport.(*http.Transport).Clone()
	}
	kc := o.Keychain
	if kc == nil {
		kc = authn.DefaultKeychain
	}
	g := &guardTransport{inner: base, insecure: o.Insecure, lim: lim, budget: b}
	// One puller for every request: one ping and one token exchange per
	// repository. The referrers tag schema is read separately (and always),
	// so go-containerregistry's own fallback to it is off.
	p, err := remote.NewPuller(
		remote.WithContext(ctx),
		remote.WithTransport(g),
		remote.WithAuthFromKeychain(kc),
		remote.WithUserAgent("fwprov"),
		remote.WithReferrersTagFallback(false),
	)
	if err != nil {
		return nil, fmt.Errorf("oci: %s: %w", r.Repository, err)
	}
	return &registrySource{
		ref:    r.Repository,
		repo:   repo,
		opts:   []remote.Option{remote.WithContext(ctx), remote.Reuse(p)},
		lim:    lim,
		guard:  g,
		cached: map[string]cachedManifest{},
	}, nil
}

// wrap turns a go-containerregistry error into one line naming the
// reference; a refused plain-HTTP fallback says how to allow it.
func (s *registrySource) wrap(what string, err error) error {
	var le *LimitError
	if errors.As(err, &le) {
		return refError(s.ref, le)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("oci: %s: %s: %w", s.ref, what, err)
	}
	if errors.Is(err, ErrPlainHTTP) || s.guard.refusedHTTP.Load() {
		return fmt.Errorf("oci: %s: %s: registry %s does not answer over HTTPS, and %w (%v)", s.ref, what, s.repo.RegistryStr(), ErrPlainHTTP, oneLine(err.Error()))
	}
	return fmt.Errorf("oci: %s: %s: %w", s.ref, what, err)
}

func isNotFound(err error) bool {
	var terr *transport.Error
	if errors.As(err, &terr) {
		if terr.StatusCode == http.StatusNotFound {
			return true
		}
		for _, d := range terr.Errors {
			if d.Code == transport.ManifestUnknownErrorCode {
				return true
			}
		}
	}
	return false
}

func (s *registrySource) lookupTag(_ context.Context, tag string) ([]v1.Descriptor, error) {
	d, err := remote.Get(s.repo.Tag(tag), s.opts...)
	if err != nil {
		if isNotFound(err) {
			return nil, nil
		}
		return nil, s.wrap("tag "+tag, err)
	}
	if err := checkDigest(d.Manifest, d.Digest); err != nil {
		return nil, fmt.Errorf("oci: %s: tag %s: %w", s.ref, tag, err)
	}
	s.cached[d.Digest.String()] = cachedManifest{raw: d.Manifest, mediaType: string(d.MediaType)}
	desc := d.Descriptor
	desc.Size = int64(len(d.Manifest))
	return []v1.Descriptor{desc}, nil
}

func (s *registrySource) readManifest(_ context.Context, h v1.Hash) ([]byte, string, error) {
	if c, ok := s.cached[h.String()]; ok {
		return c.raw, c.mediaType, nil
	}
	d, err := remote.Get(s.repo.Digest(h.String()), s.opts...)
	if err != nil {
		return nil, "", s.wrap("manifest "+h.String(), err)
	}
	if err := checkDigest(d.Manifest, h); err != nil {
		return nil, "", fmt.Errorf("oci: %s: manifest %s: %w", s.ref, h, err)
	}
	s.cached[h.String()] = cachedManifest{raw: d.Manifest, mediaType: string(d.MediaType)}
	return d.Manifest, string(d.MediaType), nil
}

func (s *registrySource) readBlob(_ context.Context, desc v1.Descriptor) ([]byte, error) {
	what := "blob " + desc.Digest.String()
	if desc.Size > s.lim.MaxBlobBytes {
		return nil, &LimitError{Ref: s.ref, What: what, Limit: s.lim.MaxBlobBytes, Got: desc.Size, Unit: "bytes"}
	}
	l, err := remote.Layer(s.repo.Digest(desc.Digest.String()), s.opts...)
	if err != nil {
		return nil, s.wrap(what, err)
	}
	rc, err := l.Compressed()
	if err != nil {
		return nil, s.wrap(what, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, desc.Size+1))
	if err != nil {
		return nil, s.wrap(what, err)
	}
	if int64(len(data)) != desc.Size {
		return nil, fmt.Errorf("oci: %s: %s: the registry sent %d bytes or more, its descriptor says %d", s.ref, what, len(data), desc.Size)
	}
	if err := checkDigest(data, desc.Digest); err != nil {
		return nil, fmt.Errorf("oci: %s: %s: %w", s.ref, what, err)
	}
	return data, nil
}

// referrersUnsupported is how go-containerregistry (v0.22) reports a
// registry without the referrers API when the tag fallback is off; the tag
// schema is read separately (and always), so this is not an error.
const referrersUnsupported = "does not support the Referrers API"

func (s *registrySource) referrers(_ context.Context, h v1.Hash) ([]v1.Descriptor, string, bool, error) {
	idx, err := remote.Referrers(s.repo.Digest(h.String()), s.opts...)
	if err != nil {
		if strings.Contains(err.Error(), referrersUnsupported) {
			return nil, "", false, nil
		}
		return nil, "", true, s.wrap("referrers of "+h.String(), err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		return nil, "", true, s.wrap("referrers of "+h.String(), err)
	}
	return im.Manifests, "referrers API", true, nil
}

// paginated reports whether a referrers response announced more pages.
func (s *registrySource) paginated() bool { return s.guard.paginated.Load() }

// guardTransport is the innermost transport: it refuses plain HTTP unless
// allowed, and bounds every response body (manifests and listings by
// MaxManifestBytes, blobs by MaxBlobBytes, all of them by the budget), so
// that no layer above it can read more.
type guardTransport struct {
	inner       http.RoundTripper
	insecure    bool
	lim         Limits
	budget      *budget
	refusedHTTP atomic.Bool
	paginated   atomic.Bool
}

func (g *guardTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != "https" && !g.insecure {
		g.refusedHTTP.Store(true)
		return nil, fmt.Errorf("%s %s://%s: %w", req.Method, req.URL.Scheme, req.URL.Host, ErrPlainHTTP)
	}
	resp, err := g.inner.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	// Classify by the request the client first made: a blob request
	// redirected to storage elsewhere is still a blob.
	orig := req
	for orig.Response != nil && orig.Response.Request != nil {
		orig = orig.Response.Request
	}
	path := orig.URL.Path
	what, max := "response "+path, g.lim.MaxManifestBytes
	switch {
	case strings.Contains(path, "/blobs/"):
		what, max = "blob "+path[strings.LastIndex(path, "/")+1:], g.lim.MaxBlobBytes
	case strings.Contains(path, "/manifests/"):
		what = "manifest " + path[strings.LastIndex(path, "/")+1:]
	case strings.Contains(path, "/referrers/"):
		what = "referrers of " + path[strings.LastIndex(path, "/")+1:]
		if resp.Header.Get("Link") != "" {
			g.paginated.Store(true)
		}
	}
	if req.Method != http.MethodHead && resp.ContentLength > max {
		resp.Body.Close()
		return nil, &LimitError{What: what, Limit: max, Got: resp.ContentLength, Unit: "bytes"}
	}
	resp.Body = &boundedBody{rc: resp.Body, left: max, what: what, max: max, budget: g.budget}
	return resp, nil
}

// boundedBody fails a read past its limit (instead of truncating) and
// charges every byte to the budget.
type boundedBody struct {
	rc     io.ReadCloser
	left   int64
	what   string
	max    int64
	budget *budget
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, &LimitError{What: b.what, Limit: b.max, Unit: "bytes"}
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if berr := b.budget.take(int64(n), b.what); berr != nil {
		return n, berr
	}
	if b.left < 0 {
		return n, &LimitError{What: b.what, Limit: b.max, Unit: "bytes"}
	}
	return n, err
}

func (b *boundedBody) Close() error { return b.rc.Close() }

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\r", " ")
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 400 {
		s = s[:400] + "…"
	}
	return s
}
