package oci

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/fwprov/fwprov/verify"
)

// The interop test drives the real tools — cosign v3, crane and oras — the
// way an operator's pipeline does, against `crane registry serve` on
// loopback, and checks that this package finds and verifies what they
// write, and refuses each tamper. It is skipped unless all three are on
// PATH (`make interop` runs it: go test -run TestInterop -count=1 -v
// ./verify/oci/). Nothing leaves the machine: cosign signs offline (an
// empty signing config and trusted root for the bundle format;
// --tlog-upload=false --use-signing-config=false for legacy tags).

type workbench struct {
	t    *testing.T
	dir  string
	env  []string
	host string
	repo string
}

func newWorkbench(t *testing.T) *workbench {
	t.Helper()
	var missing []string
	for _, tool := range []string{"cosign", "crane", "oras"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) > 0 {
		t.Skipf("interop test skipped: %s not on PATH (go install github.com/sigstore/cosign/v3/cmd/cosign@v3.1.3 github.com/google/go-containerregistry/cmd/crane@v0.22.1 oras.land/oras/cmd/oras@latest)", strings.Join(missing, ", "))
	}
	if testing.Short() {
		t.Skip("interop test skipped in -short mode")
	}
	dir := t.TempDir()
	w := &workbench{t: t, dir: dir}
	for _, d := range []string{"home", "docker"} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	w.env = append(os.Environ(), "HOME="+filepath.Join(dir, "home"), "DOCKER_CONFIG="+filepath.Join(dir, "docker"), "COSIGN_PASSWORD=", "COSIGN_YES=true")
	w.write("signing-config.json", `{"mediaType":"application/vnd.dev.sigstore.signingconfig.v0.2+json","caUrls":[],"oidcUrls":[],"rekorTlogUrls":[],"rekorTlogConfig":{"selector":"ANY"},"tsaUrls":[],"tsaConfig":{"selector":"ANY"}}`)
	w.write("trusted-root.json", `{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1","tlogs":[],"certificateAuthorities":[],"ctlogs":[],"timestampAuthorities":[]}`)
	w.write("sbom.cdx.json", cuSBOM)

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	w.host = l.Addr().String()
	l.Close()
	w.repo = w.host + "/ran/oai-gnb-cu"
	ctx, cancel := context.WithCancel(context.Background())
	srv := exec.CommandContext(ctx, "crane", "registry", "serve", "--address", w.host)
	srv.Env = w.env
	var log bytes.Buffer
	srv.Stdout, srv.Stderr = &log, &log
	if err := srv.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		srv.Wait()
	})
	for i := 0; ; i++ {
		resp, err := http.Get("http://" + w.host + "/v2/")
		if err == nil {
			resp.Body.Close()
			break
		}
		if i == 100 {
			t.Fatalf("crane registry serve did not start: %v\n%s", err, log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return w
}

func (w *workbench) write(name, content string) string {
	w.t.Helper()
	p := filepath.Join(w.dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		w.t.Fatal(err)
	}
	return p
}

func (w *workbench) run(tool string, args ...string) string {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tool, args...)
	cmd.Dir, cmd.Env = w.dir, w.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		w.t.Fatalf("%s %s: %v\n%s", tool, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// key makes a cosign key pair and returns the private key path and the
// public key.
func (w *workbench) key(prefix string) (string, *verify.PublicKey) {
	w.t.Helper()
	w.run("cosign", "generate-key-pair", "--output-key-prefix", prefix)
	pem, err := os.ReadFile(filepath.Join(w.dir, prefix+".pub"))
	if err != nil {
		w.t.Fatal(err)
	}
	pub, err := verify.LoadPublicKey(prefix+".pub", pem)
	if err != nil {
		w.t.Fatal(err)
	}
	return prefix + ".key", pub
}

func (w *workbench) target() *registryTarget {
	repo, err := name.NewRepository(w.repo, name.Insecure)
	if err != nil {
		w.t.Fatal(err)
	}
	return &registryTarget{host: w.host, repo: repo}
}

// bundleFlags sign offline in the bundle format.
func (w *workbench) bundleFlags() []string {
	return []string{"--allow-http-registry", "--signing-config", "signing-config.json", "--trusted-root", "trusted-root.json"}
}

// legacyFlags sign offline onto legacy tags.
var legacyFlags = []string{"--allow-http-registry", "--new-bundle-format=false", "--tlog-upload=false", "--use-signing-config=false"}

func (w *workbench) sign(key string, ref string, extra ...string) {
	w.t.Helper()
	w.run("cosign", append(append([]string{"sign", "--key", key, "-y"}, extra...), ref)...)
}

func (w *workbench) attest(key string, ref string, extra ...string) {
	w.t.Helper()
	w.run("cosign", append(append([]string{"attest", "--key", key, "--type", "cyclonedx", "--predicate", "sbom.cdx.json", "-y"}, extra...), ref)...)
}

func (w *workbench) verify(ref string, o Options, signers ...Signer) *Report {
	w.t.Helper()
	img, err := Discover(context.Background(), ref, o)
	if err != nil {
		w.t.Fatalf("Discover(%s): %v", ref, err)
	}
	return mustVerify(w.t, mustVerifier(w.t, signers...), img)
}

func TestInteropCosign(t *testing.T) {
	w := newWorkbench(t)
	vendorKey, vendorPub := w.key("vendor")
	attackerKey, attackerPub := w.key("attacker")
	vendor := Signer{ID: "oai-release", Options: verify.BundleOptions{Key: vendorPub}}
	attacker := Signer{ID: "attacker", Options: verify.BundleOptions{Key: attackerPub}}
	insecure := Options{Insecure: true}
	tg := w.target()

	// The bundle format (cosign v3's default): a signature and a CycloneDX
	// attestation, both referrers in the referrers tag schema (crane's
	// registry has no referrers API).
	a := tg.putImage(t, cuImage(t, "linux/amd64", "a"), "2.1")
	aRef := w.repo + "@" + a.Digest.String()
	w.sign(vendorKey, aRef, w.bundleFlags()...)
	w.attest(vendorKey, aRef, w.bundleFlags()...)
	w.sign(attackerKey, aRef, w.bundleFlags()...)

	t.Run("plain HTTP needs the option", func(t *testing.T) {
		_, err := Discover(context.Background(), w.repo+":2.1", Options{})
		if !errors.Is(err, ErrPlainHTTP) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("bundle format from the registry", func(t *testing.T) {
		rep := w.verify(w.repo+":2.1", insecure, vendor)
		mr := rep.Manifests[0]
		if !rep.Verified || rep.Digest != a.Digest.String() || len(mr.SBOMs) != 1 {
			t.Fatalf("verified %v digest %s sboms %d\n%s", rep.Verified, rep.Digest, len(mr.SBOMs), evidenceDump(rep))
		}
		assertSameJSON(t, mr.SBOMs[0].Data, []byte(cuSBOM))
		if !sameMultiset(outcomes(mr), []string{"sigstore-bundle:verified", "sigstore-bundle:verified", "sigstore-bundle:untrusted"}) {
			t.Errorf("outcomes %v", outcomes(mr))
		}
		for _, e := range mr.Evidence {
			if len(e.Found) != 1 || !strings.HasPrefix(e.Found[0], "referrers tag sha256-") {
				t.Errorf("found %v", e.Found)
			}
		}
	})
	t.Run("a signature by an untrusted key only", func(t *testing.T) {
		other := Signer{ID: "other", Options: verify.BundleOptions{Key: newKey(t).pub}}
		rep := w.verify(w.repo+":2.1", insecure, other)
		if rep.Verified || len(rep.Manifests[0].SBOMs) != 0 {
			t.Fatalf("verified with an unrelated key\n%s", evidenceDump(rep))
		}
		// The attacker's own key verifies only the attacker's signature.
		rep = w.verify(w.repo+":2.1", insecure, attacker)
		if !rep.Verified || len(rep.Manifests[0].SBOMs) != 0 || rep.Manifests[0].Signers[0] != "attacker" {
			t.Fatalf("attacker key\n%s", evidenceDump(rep))
		}
	})
	t.Run("oras cp to a layout", func(t *testing.T) {
		w.run("oras", "cp", "-r", "--from-plain-http", w.repo+":2.1", "--to-oci-layout", "oras-layout:2.1")
		rep := w.verify("oci:"+filepath.Join(w.dir, "oras-layout")+":2.1", Options{}, vendor)
		if !rep.Verified || rep.Digest != a.Digest.String() || len(rep.Manifests[0].SBOMs) != 1 {
			t.Fatalf("verified %v\n%s", rep.Verified, evidenceDump(rep))
		}
		for _, e := range rep.Manifests[0].Evidence {
			if e.Found[0] != "layout index.json (subject)" {
				t.Errorf("found %v", e.Found)
			}
		}
	})

	// Legacy tags: .sig, .att, and an unsigned .sbom.
	l := tg.putImage(t, cuImage(t, "linux/amd64", "legacy"), "2.1-legacy")
	lRef := w.repo + "@" + l.Digest.String()
	w.sign(vendorKey, lRef, legacyFlags...)
	w.attest(vendorKey, lRef, legacyFlags...)
	w.run("cosign", "attach", "sbom", "--sbom", "sbom.cdx.json", "--type", "cyclonedx", "--allow-http-registry", lRef)
	s := tg.putImage(t, cuImage(t, "linux/amd64", "sbom-only"), "2.1-sbom-only")
	sRef := w.repo + "@" + s.Digest.String()
	w.sign(vendorKey, sRef, legacyFlags...)
	w.run("cosign", "attach", "sbom", "--sbom", "sbom.cdx.json", "--type", "cyclonedx", "--allow-http-registry", sRef)

	t.Run("legacy tags from the registry", func(t *testing.T) {
		rep := w.verify(w.repo+":2.1-legacy", insecure, vendor)
		mr := rep.Manifests[0]
		if !rep.Verified || len(mr.SBOMs) != 1 || mr.SBOMs[0].From != "attestation" {
			t.Fatalf("verified %v\n%s", rep.Verified, evidenceDump(rep))
		}
		assertSameJSON(t, mr.SBOMs[0].Data, []byte(cuSBOM))
		if !sameMultiset(outcomes(mr), []string{"simple-signing:verified", "dsse-envelope:verified", "sbom:unsigned"}) {
			t.Errorf("outcomes %v", outcomes(mr))
		}
	})
	t.Run("an attached SBOM nothing signs", func(t *testing.T) {
		rep := w.verify(w.repo+":2.1-sbom-only", insecure, vendor)
		mr := rep.Manifests[0]
		if !rep.Verified || len(mr.SBOMs) != 0 || !sameMultiset(outcomes(mr), []string{"simple-signing:verified", "sbom:unsigned"}) {
			t.Fatalf("verified %v sboms %d\n%s", rep.Verified, len(mr.SBOMs), evidenceDump(rep))
		}
	})
	t.Run("crane pull of the legacy tags to a layout", func(t *testing.T) {
		h := l.Digest
		w.run("crane", "pull", "--insecure", "--format=oci", "--annotate-ref",
			w.repo+":2.1-legacy", w.repo+":"+cosignTag(h, "sig"), w.repo+":"+cosignTag(h, "att"), w.repo+":"+cosignTag(h, "sbom"), "crane-layout")
		rep := w.verify("oci:"+filepath.Join(w.dir, "crane-layout")+":2.1-legacy", Options{}, vendor)
		if !rep.Verified || len(rep.Manifests[0].SBOMs) != 1 {
			t.Fatalf("verified %v\n%s", rep.Verified, evidenceDump(rep))
		}
	})

	// An index with one unsigned platform.
	amd, arm := cuImage(t, "linux/amd64", "multi"), cuImage(t, "linux/arm64", "multi")
	ad, armd := tg.putImage(t, amd, ""), tg.putImage(t, arm, "")
	idx := mutate.AppendManifests(emptyIndex(),
		mutate.IndexAddendum{Add: amd, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "amd64"}}},
		mutate.IndexAddendum{Add: arm, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: "arm64"}}})
	id := tg.putIndex(t, idx, "2.1-multi")
	w.sign(vendorKey, w.repo+"@"+id.Digest.String(), w.bundleFlags()...)
	w.attest(vendorKey, w.repo+"@"+ad.Digest.String(), w.bundleFlags()...)

	t.Run("an index with one unsigned platform", func(t *testing.T) {
		rep := w.verify(w.repo+":2.1-multi", insecure, vendor)
		if rep.Verified || len(rep.Manifests) != 2 || !rep.Manifests[0].Verified || rep.Manifests[1].Verified || !strings.Contains(rep.Reason, armd.Digest.String()) {
			t.Fatalf("verified %v reason %q\n%s", rep.Verified, rep.Reason, evidenceDump(rep))
		}
		o := insecure
		o.Platform = "linux/amd64"
		if rep := w.verify(w.repo+":2.1-multi", o, vendor); !rep.Verified {
			t.Fatalf("linux/amd64 alone: %s", rep.Reason)
		}
	})
	t.Run("cosign sign --recursive signs every platform", func(t *testing.T) {
		w.sign(vendorKey, w.repo+"@"+id.Digest.String(), append(w.bundleFlags(), "--recursive")...)
		if rep := w.verify(w.repo+":2.1-multi", insecure, vendor); !rep.Verified {
			t.Fatalf("after --recursive: %s\n%s", rep.Reason, evidenceDump(rep))
		}
	})

	// cosign itself accepts what this package's tests and testdata write:
	// the example layout, copied to the registry with oras.
	t.Run("cosign verifies the testdata layout", func(t *testing.T) {
		dst := w.host + "/ran/testdata-cu:" + testdataTag
		w.run("oras", "cp", "-r", "--from-oci-layout", abs(t, testdataLayout)+":"+testdataTag, "--to-plain-http", dst)
		tr := []string{"--key", abs(t, filepath.Join(testdataDir, "test-key.pub")), "--insecure-ignore-tlog=true", "--allow-http-registry", "--trusted-root", "trusted-root.json"}
		w.run("cosign", append(append([]string{"verify"}, tr...), dst)...)
		img := mustDiscover(t, "oci:"+testdataLayout+":"+testdataTag, Options{})
		for _, m := range img.Manifests {
			w.run("cosign", append(append([]string{"verify-attestation", "--type", "cyclonedx"}, tr...), w.host+"/ran/testdata-cu@"+m.Digest)...)
		}
	})

	// Tampers on the bundle-format image.
	t.Run("an attestation and a signature copied from another image", func(t *testing.T) {
		b := tg.putImage(t, cuImage(t, "linux/amd64", "b"), "2.1-copied")
		copyReferrers(t, tg, a, b)
		rep := w.verify(w.repo+":2.1-copied", insecure, vendor)
		mr := rep.Manifests[0]
		if rep.Verified || len(mr.SBOMs) != 0 || !sameMultiset(outcomes(mr), []string{"sigstore-bundle:wrong-subject", "sigstore-bundle:wrong-subject", "sigstore-bundle:untrusted"}) {
			t.Fatalf("verified %v %v\n%s", rep.Verified, outcomes(mr), evidenceDump(rep))
		}
	})
	t.Run("the tag moved after signing", func(t *testing.T) {
		moved := tg.putImage(t, cuImage(t, "linux/amd64", "moved"), "2.1")
		rep := w.verify(w.repo+":2.1", insecure, vendor)
		if rep.Verified || rep.Digest != moved.Digest.String() || !strings.Contains(rep.Reason, moved.Digest.String()) {
			t.Fatalf("verified %v digest %s reason %q", rep.Verified, rep.Digest, rep.Reason)
		}
	})
}

// copyReferrers does what an attacker with push access can: copy every
// referrer of from (in the referrers tag schema) onto to, rewriting only
// the subject.
func copyReferrers(t *testing.T, tg *registryTarget, from, to v1.Descriptor) {
	t.Helper()
	idx, err := remote.Index(tg.repo.Tag(cosignTag(from.Digest, "")), tg.opts...)
	if err != nil {
		t.Fatal(err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range im.Manifests {
		desc, err := remote.Get(tg.repo.Digest(d.Digest.String()), tg.opts...)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(desc.Manifest, &m); err != nil {
			t.Fatal(err)
		}
		m["subject"] = map[string]any{"mediaType": string(to.MediaType), "digest": to.Digest.String(), "size": to.Size}
		raw, _ := json.Marshal(m)
		h, _, _ := v1.SHA256(bytes.NewReader(raw))
		if err := remote.Put(tg.repo.Digest(h.String()), rawTaggable{raw, desc.MediaType}, tg.opts...); err != nil {
			t.Fatal(fmt.Errorf("put copied referrer: %w", err))
		}
	}
}

func abs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
