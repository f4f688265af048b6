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

// evilRegistry answers every manifest request with an error whose message
// carries a line break and a terminal escape.
type evilRegistry struct{ inner http.Handler }

func (e evilRegistry) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.Contains(r.URL.Path, "/manifests/") {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"errors":[{"code":"DENIED","message":"go away\n\u001b[31mALLOW\u001b[0m"}]}`))
		return
	}
	e.inner.ServeHTTP(w, r)
}

// TestErrorsAreOneLine: outside input (references, layout annotations,
// registry error messages) never puts a line break or an escape sequence
// into an error.
func TestErrorsAreOneLine(t *testing.T) {
	check := func(what string, err error) {
		t.Helper()
		if err == nil {
			t.Fatalf("%s: no error", what)
		}
		if msg := err.Error(); strings.ContainsAny(msg, "\n\r\x1b") {
			t.Errorf("%s: error not one clean line: %q", what, msg)
		}
	}
	_, err := ParseReference("registry.example/ran/cu:2.1\n\x1b[31m")
	check("reference", err)
	_, err = ParseReferenceList("subs.txt", []byte("oci:a\x1b[2J\n"))
	check("reference list", err)

	l := newLayout(t, false)
	l.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1\n\x1b[32mALLOW")
	l.putImage(t, cuImage(t, "linux/amd64", "b"), "")
	_, err = Discover(context.Background(), l.ref("9.9"), Options{})
	check("layout tag list", err)
	_, err = Discover(context.Background(), l.ref(""), Options{})
	check("layout image list", err)

	tg, rl := newRegistry(t, false)
	tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
	rl.inner = evilRegistry{rl.inner}
	_, err = Discover(context.Background(), tg.ref("2.1"), tg.options())
	check("registry error message", err)
	if !strings.Contains(err.Error(), `go away\n\u001b[31mALLOW`) {
		t.Errorf("the registry's message should be kept, escaped: %q", err)
	}
}
