package oci

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
)

// TestRelabelledIndex: an index entry whose platform disagrees with the
// image's config is refused (the selector must not be steered to another
// image).
func TestRelabelledIndex(t *testing.T) {
	for _, kind := range []string{"layout", "registry-tagschema"} {
		t.Run(kind, func(t *testing.T) {
			fx := newFixture(t, kind)
			amd := cuImage(t, "linux/amd64", "a")
			fx.tg.putImage(t, amd, "")
			idx := mutate.AppendManifests(emptyIndex(), mutate.IndexAddendum{Add: amd, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "arm64"}}})
			fx.tg.putIndex(t, idx, "2.1")
			_, err := Discover(context.Background(), fx.tg.ref("2.1"), fx.opts)
			if err == nil || !strings.Contains(err.Error(), "its config says linux/amd64") {
				t.Fatalf("relabelled platform: %v", err)
			}
		})
	}
}

func TestCancelled(t *testing.T) {
	for _, kind := range []string{"layout", "registry-referrers"} {
		fx := newFixture(t, kind)
		d := fx.tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
		cosignSign(t, fx.tg, d, newKey(t))
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := Discover(ctx, fx.tg.ref("2.1"), fx.opts)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: cancelled discovery: %v", kind, err)
		}
		img := mustDiscover(t, fx.tg.ref("2.1"), fx.opts)
		if _, err := mustVerifier(t, newKey(t).signer1("x")).Verify(ctx, img); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: cancelled verification: %v", kind, err)
		}
	}
}

// TestVerifierConcurrent: a Verifier is prepared once and used from many
// goroutines (run with -race).
func TestVerifierConcurrent(t *testing.T) {
	vendor := newKey(t)
	l := newLayout(t, false)
	d := l.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
	cosignAttest(t, l, d, vendor, cuSBOM)
	cosignSignLegacy(t, l, d.Digest, vendor)
	v := mustVerifier(t, newKey(t).signer1("other"), vendor.signer1("oai"))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			img, err := Discover(context.Background(), l.ref("2.1"), Options{})
			if err != nil {
				t.Error(err)
				return
			}
			rep, err := v.Verify(context.Background(), img)
			if err != nil || !rep.Verified || len(rep.Manifests[0].SBOMs) != 1 {
				t.Errorf("concurrent verify: %v %v", err, rep)
			}
		})
	}
	wg.Wait()
}

// paginating adds a Link header to referrers responses.
type paginating struct{ inner http.Handler }

func (p paginating) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.Contains(r.URL.Path, "/referrers/") {
		w.Header().Set("Link", `</v2/ran/oai-gnb-cu/referrers/x?n=1&last=y>; rel="next"`)
	}
	p.inner.ServeHTTP(w, r)
}

func TestReferrersPaginationNoted(t *testing.T) {
	tg, rl := newRegistry(t, true)
	rl.inner = paginating{rl.inner}
	d := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
	cosignSign(t, tg, d, newKey(t))
	img := mustDiscover(t, tg.ref("2.1"), tg.options())
	if len(img.Notes) != 1 || !strings.Contains(img.Notes[0], "paginates") {
		t.Fatalf("notes %v", img.Notes)
	}
	rep := mustVerify(t, mustVerifier(t, newKey(t).signer1("x")), img)
	if len(rep.Notes) != 1 {
		t.Errorf("report notes %v", rep.Notes)
	}
}
