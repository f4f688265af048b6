package oci

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// bigImage is an image whose manifest is about n bytes (a long annotation).
func bigImage(t testing.TB, n int) v1.Image {
	t.Helper()
	img := cuImage(t, "linux/amd64", "big")
	return mutate.Annotations(img, map[string]string{"org.opencontainers.image.description": strings.Repeat("x", n)}).(v1.Image)
}

func wantLimit(t *testing.T, err error, ref, what string) {
	t.Helper()
	var le *LimitError
	if !errors.As(err, &le) {
		t.Fatalf("want a *LimitError about %s, got %v", what, err)
	}
	if !strings.Contains(err.Error(), ref) || !strings.Contains(err.Error(), what) {
		t.Errorf("limit error %q does not name the reference %q and %q", err, ref, what)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("limit error is not one line: %q", err)
	}
}

// TestLimits drives every limit on every kind of target.
func TestLimits(t *testing.T) {
	vendor := newKey(t)
	type limitCase struct {
		name   string
		limits Limits
		build  func(t *testing.T, tg target) string
		what   string
	}
	cases := []limitCase{
		{
			name:   "huge manifest, default limit",
			limits: Limits{},
			build: func(t *testing.T, tg target) string {
				tg.putImage(t, bigImage(t, 5<<20), "2.1")
				return tg.ref("2.1")
			},
			what: "manifest",
		},
		{
			name:   "manifest over a small limit",
			limits: Limits{MaxManifestBytes: 16 << 10},
			build: func(t *testing.T, tg target) string {
				d := tg.putImage(t, bigImage(t, 20<<10), "")
				return tg.ref(d.Digest.String())
			},
			what: "manifest",
		},
		{
			name:   "too many referrers",
			limits: Limits{MaxReferrers: 3},
			build: func(t *testing.T, tg target) string {
				d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
				for range 4 {
					cosignSign(t, tg, d, vendor)
				}
				return tg.ref("2.1")
			},
			what: "referrers",
		},
		{
			name:   "too many layers in a .sig tag",
			limits: Limits{MaxLayers: 3},
			build: func(t *testing.T, tg target) string {
				d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
				for range 4 {
					cosignSignLegacy(t, tg, d.Digest, vendor)
				}
				return tg.ref("2.1")
			},
			what: "layers",
		},
		{
			name:   "attestation bundle over the blob limit",
			limits: Limits{MaxBlobBytes: 2 << 10},
			build: func(t *testing.T, tg target) string {
				d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
				cosignAttest(t, tg, d, vendor, cuSBOM)
				return tg.ref("2.1")
			},
			what: "blob",
		},
		{
			name:   "too many platforms",
			limits: Limits{MaxPlatforms: 2},
			build: func(t *testing.T, tg target) string {
				var adds []mutate.IndexAddendum
				for i, p := range []string{"linux/amd64", "linux/arm64", "linux/arm/v7"} {
					img := cuImage(t, p, fmt.Sprint(i))
					tg.putImage(t, img, "")
					pl, _ := v1.ParsePlatform(p)
					adds = append(adds, mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{Platform: pl}})
				}
				tg.putIndex(t, mutate.AppendManifests(emptyIndex(), adds...), "2.1")
				return tg.ref("2.1")
			},
			what: "entries of image index",
		},
		{
			name:   "indexes nested too deep",
			limits: Limits{MaxIndexDepth: 2},
			build: func(t *testing.T, tg target) string {
				img := cuImage(t, "linux/amd64", "a")
				tg.putImage(t, img, "")
				var idx v1.ImageIndex = mutate.AppendManifests(emptyIndex(), mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "amd64"}}})
				for range 2 {
					tg.putIndex(t, idx, "")
					idx = mutate.AppendManifests(emptyIndex(), mutate.IndexAddendum{Add: idx})
				}
				tg.putIndex(t, idx, "2.1")
				return tg.ref("2.1")
			},
			what: "nesting",
		},
		{
			name:   "total bytes",
			limits: Limits{MaxTotalBytes: 6 << 10},
			build: func(t *testing.T, tg target) string {
				d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
				cosignAttest(t, tg, d, vendor, cuSBOM)
				cosignAttest(t, tg, d, vendor, cuSBOM)
				return tg.ref("2.1")
			},
			what: "total read",
		},
	}
	for _, kind := range targetKinds {
		for _, c := range cases {
			t.Run(kind+"/"+c.name, func(t *testing.T) {
				fx := newFixture(t, kind)
				ref := c.build(t, fx.tg)
				o := fx.opts
				o.Limits = c.limits
				_, err := Discover(context.Background(), ref, o)
				r, _ := ParseReference(ref)
				wantLimit(t, err, r.source(), c.what)
			})
		}
	}
}

// TestLayoutLimits covers what only a layout has: index.json itself.
func TestLayoutLimits(t *testing.T) {
	l := newLayout(t, false)
	for i := range 5 {
		l.putImage(t, cuImage(t, "linux/amd64", fmt.Sprint(i)), fmt.Sprint("v", i))
	}
	_, err := Discover(context.Background(), l.ref("v1"), Options{Limits: Limits{MaxLayoutEntries: 4}})
	wantLimit(t, err, "oci:"+l.dir, "index.json entries")
	_, err = Discover(context.Background(), l.ref("v1"), Options{Limits: Limits{MaxManifestBytes: 512}})
	wantLimit(t, err, "oci:"+l.dir, "index.json")
}

// chunked strips Content-Length from manifest responses so the body limit,
// not the header check, must stop the read.
type chunked struct{ inner http.Handler }

func (c chunked) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.Contains(r.URL.Path, "/manifests/") || r.Method != http.MethodGet {
		c.inner.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	c.inner.ServeHTTP(rec, r)
	for k, vs := range rec.Header() {
		if k != "Content-Length" {
			w.Header()[k] = vs
		}
	}
	w.WriteHeader(rec.Code)
	body := rec.Body.Bytes()
	for len(body) > 0 {
		n := min(len(body), 8192)
		w.Write(body[:n])
		w.(http.Flusher).Flush()
		body = body[n:]
	}
}

func TestHugeManifestWithoutContentLength(t *testing.T) {
	srv := newTLSServer(chunked{registry.New(registry.Logger(log.New(io.Discard, "", 0)))})
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "https://")
	repo, _ := name.NewRepository(host + "/ran/oai-gnb-cu")
	tg := &registryTarget{host: host, repo: repo, srv: srv, opts: []remote.Option{remote.WithTransport(srv.Client().Transport)}}
	tg.putImage(t, bigImage(t, 64<<10), "2.1")
	o := tg.options()
	o.Limits.MaxManifestBytes = 16 << 10
	_, err := Discover(context.Background(), tg.ref("2.1"), o)
	wantLimit(t, err, tg.repo.String(), "manifest")
	// Within the limit the same registry reads fine.
	o.Limits.MaxManifestBytes = 0
	if _, err := Discover(context.Background(), tg.ref("2.1"), o); err != nil {
		t.Fatal(err)
	}
}

func TestPlainHTTPRegistry(t *testing.T) {
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	repo, err := name.NewRepository(host+"/ran/oai-gnb-cu", name.Insecure)
	if err != nil {
		t.Fatal(err)
	}
	vendor := newKey(t)
	tg := &registryTarget{host: host, repo: repo, opts: nil}
	d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
	cosignSign(t, tg, d, vendor)
	ref := host + "/ran/oai-gnb-cu:2.1"

	_, err = Discover(context.Background(), ref, Options{})
	if !errors.Is(err, ErrPlainHTTP) {
		t.Fatalf("plain HTTP without the option: %v", err)
	}
	if !strings.Contains(err.Error(), host+"/ran/oai-gnb-cu") || !strings.Contains(err.Error(), "insecure-registry") || strings.Contains(err.Error(), "\n") {
		t.Errorf("error %q should name the reference and the option, on one line", err)
	}

	img, err := Discover(context.Background(), ref, Options{Insecure: true})
	if err != nil {
		t.Fatalf("plain HTTP with the option: %v", err)
	}
	rep := mustVerify(t, mustVerifier(t, vendor.signer1("v")), img)
	if !rep.Verified || rep.Digest != d.Digest.String() {
		t.Fatalf("verified %v digest %s: %s", rep.Verified, rep.Digest, rep.Reason)
	}
}

// TestTagResolvedOnce checks that the image tag is read once and that
// everything after is by digest.
func TestTagResolvedOnce(t *testing.T) {
	for _, api := range []bool{false, true} {
		tg, rl := newRegistry(t, api)
		vendor := newKey(t)
		d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
		cosignSign(t, tg, d, vendor)
		cosignSignLegacy(t, tg, d.Digest, vendor)
		rl.mu.Lock()
		rl.reqs = nil
		rl.mu.Unlock()
		img := mustDiscover(t, tg.ref("2.1"), tg.options())
		if n := rl.count("GET", "/manifests/2.1") + rl.count("HEAD", "/manifests/2.1"); n != 1 {
			t.Errorf("api=%v: the tag was read %d times, want once: %v", api, n, rl.reqs)
		}
		for _, r := range rl.reqs {
			if strings.Contains(r, "/manifests/") && !strings.Contains(r, "/manifests/sha256") && !strings.HasSuffix(r, "/manifests/2.1") {
				t.Errorf("api=%v: a tag other than the image's and cosign's: %s", api, r)
			}
		}
		if n := rl.count("GET", "/v2/"); n != 1 {
			t.Errorf("api=%v: %d pings, want one for the whole discovery", api, n)
		}
		if img.Digest != d.Digest.String() || img.Tag != "2.1" {
			t.Errorf("image %s tag %s", img.Digest, img.Tag)
		}
	}
}

func TestLayoutTamperedBlob(t *testing.T) {
	vendor := newKey(t)
	l := newLayout(t, false)
	d := l.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
	cosignAttest(t, l, d, vendor, cuSBOM)
	img := mustDiscover(t, l.ref("2.1"), Options{})
	layer := img.Manifests[0].Attachments[0].Layer
	h, _ := v1.NewHash(layer)
	p := filepath.Join(l.dir, "blobs", h.Algorithm, h.Hex)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, 0o644)
	data[len(data)/2] ^= 1
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Discover(context.Background(), l.ref("2.1"), Options{})
	if err == nil || !strings.Contains(err.Error(), "hashes to") || !strings.Contains(err.Error(), "oci:"+l.dir) {
		t.Fatalf("tampered blob: %v", err)
	}
	// A blob that is not a regular file is refused, not read.
	os.Remove(p)
	if err := os.Mkdir(p, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err = Discover(context.Background(), l.ref("2.1"), Options{})
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("directory as blob: %v", err)
	}
}

func TestManifestMediaTypeMismatch(t *testing.T) {
	l := newLayout(t, false)
	img := cuImage(t, "linux/amd64", "a")
	d := l.putImage(t, img, "")
	// An index.json entry that calls the image an index.
	if err := l.path.AppendDescriptor(v1.Descriptor{MediaType: types.OCIImageIndex, Digest: d.Digest, Size: d.Size, Annotations: map[string]string{RefNameAnnotation: "2.1"}}); err != nil {
		t.Fatal(err)
	}
	_, err := Discover(context.Background(), l.ref("2.1"), Options{})
	if err == nil || !strings.Contains(err.Error(), "differs") {
		t.Fatalf("media type confusion: %v", err)
	}
}
