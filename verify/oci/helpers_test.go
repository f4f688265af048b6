package oci

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/match"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"
	intoto "github.com/in-toto/attestation/go/v1"
	"github.com/sigstore/sigstore/pkg/signature/payload"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/fwprov/fwprov/verify"
)

// cuSBOM is the CycloneDX SBOM of the test CU image: an OpenAirInterface
// gNB-CU on Debian, with real components and purls.
const cuSBOM = `{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "serialNumber": "urn:uuid:6f1c2a9e-3d4b-4f7a-9c1e-2b8d5e6f7a01",
  "version": 1,
  "metadata": {
    "component": {"type": "container", "name": "oai-gnb-cu", "version": "2.1.0",
      "supplier": {"name": "OpenAirInterface Software Alliance", "url": ["https://openairinterface.org"]}}
  },
  "components": [
    {"type": "application", "name": "openairinterface5g", "version": "2.1.0",
     "purl": "pkg:github/openairinterface/openairinterface5g@v2.1.0",
     "supplier": {"name": "OpenAirInterface Software Alliance"}},
    {"type": "library", "name": "libssl3", "version": "3.0.15-1~deb12u1",
     "purl": "pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12",
     "supplier": {"name": "Debian"}},
    {"type": "library", "name": "libsctp1", "version": "1.0.19+dfsg-2",
     "purl": "pkg:deb/debian/libsctp1@1.0.19%2Bdfsg-2?arch=amd64&distro=debian-12",
     "supplier": {"name": "Debian"}},
    {"type": "library", "name": "libconfig9", "version": "1.5-0.4",
     "purl": "pkg:deb/debian/libconfig9@1.5-0.4?arch=amd64&distro=debian-12",
     "supplier": {"name": "Debian"}}
  ]
}`

// testKey is a signing key generated for one test.
type testKey struct {
	signer crypto.Signer
	pub    *verify.PublicKey
}

func newKey(t testing.TB) testKey {
	t.Helper()
	kp, err := verify.GenerateKey(verify.KeyECDSAP256)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := verify.LoadPublicKey("test.pub", kp.PublicPEM)
	if err != nil {
		t.Fatal(err)
	}
	return testKey{signer: kp.Signer, pub: pub}
}

func (k testKey) signer1(id string) Signer {
	return Signer{ID: id, Options: verify.BundleOptions{Key: k.pub}}
}

func mustVerifier(t testing.TB, signers ...Signer) *Verifier {
	t.Helper()
	v, err := NewVerifier(signers...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// cuImage builds a small container image for a platform; content makes
// images differ.
func cuImage(t testing.TB, platform, content string) v1.Image {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	files := map[string]string{
		"etc/os-release":          "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n",
		"opt/oai-gnb/etc/cu.conf": "Active_gNBs = ( \"gNB-CU-" + content + "\");\n",
		"opt/oai-gnb/bin/VERSION": "openairinterface5g v2.1.0 " + content + "\n",
	}
	for _, n := range []string{"etc/os-release", "opt/oai-gnb/bin/VERSION", "opt/oai-gnb/etc/cu.conf"} {
		b := files[n]
		if err := tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(b)), ModTime: time.Unix(1735689600, 0)}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(b))
	}
	tw.Close()
	gz.Close()
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	img, err := mutate.Append(img, mutate.Addendum{Layer: static.NewLayer(buf.Bytes(), types.OCILayer), MediaType: types.OCILayer})
	if err != nil {
		t.Fatal(err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	p, err := v1.ParsePlatform(platform)
	if err != nil {
		t.Fatal(err)
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture, cf.Variant = p.OS, p.Architecture, p.Variant
	cf.Config.Entrypoint = []string{"/opt/oai-gnb/bin/nr-softmodem", "-O", "/opt/oai-gnb/etc/cu.conf"}
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func mustDigest(t testing.TB, d interface{ Digest() (v1.Hash, error) }) v1.Hash {
	t.Helper()
	h, err := d.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// target is where a test writes images and what cosign attaches to them:
// a registry (through go-containerregistry, as cosign writes) or a layout
// (as oras cp --to-oci-layout and crane pull write them).
type target interface {
	ref(tagOrDigest string) string // a reference Discover reads
	repoName() string              // what cosign puts in subject names
	putImage(t testing.TB, img v1.Image, tag string) v1.Descriptor
	putIndex(t testing.TB, idx v1.ImageIndex, tag string) v1.Descriptor
	// putReferrer stores a manifest (exact bytes) whose subject is set.
	putReferrer(t testing.TB, raw []byte, blobs []blob)
	// putTagged stores a manifest under a tag, replacing what was there.
	putTagged(t testing.TB, img v1.Image, tag string)
	// tagged returns the image a tag names, or nil.
	tagged(t testing.TB, tag string) v1.Image
}

type blob struct {
	data      []byte
	mediaType string
}

func descriptorOf(t testing.TB, d interface {
	Digest() (v1.Hash, error)
	Size() (int64, error)
	MediaType() (types.MediaType, error)
}) v1.Descriptor {
	t.Helper()
	h := mustDigest(t, d)
	sz, err := d.Size()
	if err != nil {
		t.Fatal(err)
	}
	mt, err := d.MediaType()
	if err != nil {
		t.Fatal(err)
	}
	return v1.Descriptor{Digest: h, Size: sz, MediaType: mt}
}

// --- registry target ---

type registryTarget struct {
	host string
	repo name.Repository
	opts []remote.Option
	srv  *httptest.Server
}

func (r *registryTarget) ref(s string) string {
	if strings.HasPrefix(s, "sha256:") {
		return r.repo.String() + "@" + s
	}
	return r.repo.String() + ":" + s
}
func (r *registryTarget) repoName() string { return r.repo.String() }

func (r *registryTarget) putImage(t testing.TB, img v1.Image, tag string) v1.Descriptor {
	t.Helper()
	h := mustDigest(t, img)
	var ref name.Reference = r.repo.Digest(h.String())
	if tag != "" {
		ref = r.repo.Tag(tag)
	}
	if err := remote.Write(ref, img, r.opts...); err != nil {
		t.Fatal(err)
	}
	return descriptorOf(t, img)
}

func (r *registryTarget) putIndex(t testing.TB, idx v1.ImageIndex, tag string) v1.Descriptor {
	t.Helper()
	h := mustDigest(t, idx)
	var ref name.Reference = r.repo.Digest(h.String())
	if tag != "" {
		ref = r.repo.Tag(tag)
	}
	if err := remote.WriteIndex(ref, idx, r.opts...); err != nil {
		t.Fatal(err)
	}
	return descriptorOf(t, idx)
}

type rawTaggable struct {
	raw []byte
	mt  types.MediaType
}

func (r rawTaggable) RawManifest() ([]byte, error)        { return r.raw, nil }
func (r rawTaggable) MediaType() (types.MediaType, error) { return r.mt, nil }

func (r *registryTarget) putReferrer(t testing.TB, raw []byte, blobs []blob) {
	t.Helper()
	for _, b := range blobs {
		if err := remote.WriteLayer(r.repo, static.NewLayer(b.data, types.MediaType(b.mediaType)), r.opts...); err != nil {
			t.Fatal(err)
		}
	}
	h, _, _ := v1.SHA256(bytes.NewReader(raw))
	// remote.Put keeps the referrers tag schema up to date on registries
	// without the referrers API, exactly as for cosign.
	if err := remote.Put(r.repo.Digest(h.String()), rawTaggable{raw, types.OCIManifestSchema1}, r.opts...); err != nil {
		t.Fatal(err)
	}
}

func (r *registryTarget) putTagged(t testing.TB, img v1.Image, tag string) {
	t.Helper()
	if err := remote.Write(r.repo.Tag(tag), img, r.opts...); err != nil {
		t.Fatal(err)
	}
}

func (r *registryTarget) tagged(t testing.TB, tag string) v1.Image {
	t.Helper()
	img, err := remote.Image(r.repo.Tag(tag), r.opts...)
	if err != nil {
		if isNotFound(err) {
			return nil
		}
		t.Fatal(err)
	}
	return img
}

// newRegistry serves go-containerregistry's registry over TLS on loopback.
// With referrersAPI it answers the referrers API correctly (pkg/registry's
// own labels artifactType wrongly and ignores the filter); without it the
// registry has none, and cosign's writes go to the referrers tag schema.
func newRegistry(t testing.TB, referrersAPI bool) (*registryTarget, *requestLog) {
	t.Helper()
	var h http.Handler = registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	if referrersAPI {
		h = newReferrersHandler(h)
	}
	rl := &requestLog{inner: h}
	srv := newTLSServer(rl)
	t.Cleanup(srv.Close)
	host := strings.TrimPrefix(srv.URL, "https://")
	repo, err := name.NewRepository(host + "/ran/oai-gnb-cu")
	if err != nil {
		t.Fatal(err)
	}
	return &registryTarget{host: host, repo: repo, srv: srv, opts: []remote.Option{remote.WithTransport(srv.Client().Transport)}}, rl
}

func (r *registryTarget) options() Options {
	return Options{Transport: r.srv.Client().Transport}
}

// newTLSServer serves h over TLS on loopback, without logging the TLS
// handshakes go-containerregistry abandons (it pings https and http in
// parallel for loopback hosts).
func newTLSServer(h http.Handler) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	return srv
}

// requestLog records requests (to check a tag is resolved once).
type requestLog struct {
	inner http.Handler
	mu    sync.Mutex
	reqs  []string
}

func (l *requestLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	l.reqs = append(l.reqs, r.Method+" "+r.URL.Path)
	l.mu.Unlock()
	l.inner.ServeHTTP(w, r)
}

func (l *requestLog) count(method, suffix string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.reqs {
		if strings.HasPrefix(r, method+" ") && strings.HasSuffix(r, suffix) {
			n++
		}
	}
	return n
}

// referrersHandler adds a correct OCI 1.1 referrers API to a registry:
// it records every manifest pushed and lists those whose subject is the
// digest asked for, with the right artifactType and the filter applied.
type referrersHandler struct {
	inner http.Handler
	mu    sync.Mutex
	refs  map[string]map[string]v1.Descriptor // repo -> subject -> referrer digest -> descriptor
	byRef map[string]map[string][]string
}

func newReferrersHandler(inner http.Handler) *referrersHandler {
	return &referrersHandler{inner: inner, byRef: map[string]map[string][]string{}, refs: map[string]map[string]v1.Descriptor{}}
}

func (h *referrersHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/v2/"), "/")
	if len(parts) >= 3 && parts[len(parts)-2] == "referrers" && r.Method == http.MethodGet {
		repo := strings.Join(parts[:len(parts)-2], "/")
		subject := parts[len(parts)-1]
		h.mu.Lock()
		im := v1.IndexManifest{SchemaVersion: 2, MediaType: types.OCIImageIndex, Manifests: []v1.Descriptor{}}
		filter := r.URL.Query().Get("artifactType")
		for _, d := range h.byRef[repo][subject] {
			desc := h.refs[repo][d]
			if filter != "" && desc.ArtifactType != filter {
				continue
			}
			im.Manifests = append(im.Manifests, desc)
		}
		h.mu.Unlock()
		w.Header().Set("Content-Type", string(types.OCIImageIndex))
		if filter != "" {
			w.Header().Set("OCI-Filters-Applied", "artifactType")
		}
		json.NewEncoder(w).Encode(im)
		return
	}
	if len(parts) >= 3 && parts[len(parts)-2] == "manifests" && r.Method == http.MethodPut {
		repo := strings.Join(parts[:len(parts)-2], "/")
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		var m struct {
			MediaType    types.MediaType   `json:"mediaType"`
			ArtifactType string            `json:"artifactType"`
			Config       v1.Descriptor     `json:"config"`
			Subject      *v1.Descriptor    `json:"subject"`
			Annotations  map[string]string `json:"annotations"`
		}
		if json.Unmarshal(body, &m) == nil && m.Subject != nil {
			sum := sha256.Sum256(body)
			d := "sha256:" + hexString(sum[:])
			at := m.ArtifactType
			if at == "" {
				at = string(m.Config.MediaType)
			}
			h.mu.Lock()
			if h.refs[repo] == nil {
				h.refs[repo] = map[string]v1.Descriptor{}
				h.byRef[repo] = map[string][]string{}
			}
			if _, dup := h.refs[repo][d]; !dup {
				hh, _ := v1.NewHash(d)
				h.refs[repo][d] = v1.Descriptor{MediaType: m.MediaType, Digest: hh, Size: int64(len(body)), ArtifactType: at, Annotations: m.Annotations}
				s := m.Subject.Digest.String()
				h.byRef[repo][s] = append(h.byRef[repo][s], d)
			}
			h.mu.Unlock()
			w.Header().Set("OCI-Subject", m.Subject.Digest.String())
		}
	}
	h.inner.ServeHTTP(w, r)
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

// --- layout target ---

type layoutTarget struct {
	dir  string
	path layout.Path
	// fullRefs writes ref.name as full references (crane pull
	// --annotate-ref) instead of bare tags.
	fullRefs bool
}

func newLayout(t testing.TB, fullRefs bool) *layoutTarget {
	t.Helper()
	dir := t.TempDir()
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	return &layoutTarget{dir: dir, path: p, fullRefs: fullRefs}
}

const layoutRepo = "registry.operator.example/ran/oai-gnb-cu"

func (l *layoutTarget) ref(s string) string {
	if strings.HasPrefix(s, "sha256:") {
		return "oci:" + l.dir + "@" + s
	}
	if s == "" {
		return "oci:" + l.dir
	}
	return "oci:" + l.dir + ":" + s
}
func (l *layoutTarget) repoName() string { return layoutRepo }

func (l *layoutTarget) refName(tag string) map[string]string {
	if tag == "" {
		return nil
	}
	if l.fullRefs {
		return map[string]string{RefNameAnnotation: layoutRepo + ":" + tag}
	}
	return map[string]string{RefNameAnnotation: tag}
}

func (l *layoutTarget) putImage(t testing.TB, img v1.Image, tag string) v1.Descriptor {
	t.Helper()
	if err := l.path.AppendImage(img, layout.WithAnnotations(l.refName(tag))); err != nil {
		t.Fatal(err)
	}
	return descriptorOf(t, img)
}

func (l *layoutTarget) putIndex(t testing.TB, idx v1.ImageIndex, tag string) v1.Descriptor {
	t.Helper()
	if err := l.path.AppendIndex(idx, layout.WithAnnotations(l.refName(tag))); err != nil {
		t.Fatal(err)
	}
	return descriptorOf(t, idx)
}

func (l *layoutTarget) putReferrer(t testing.TB, raw []byte, blobs []blob) {
	t.Helper()
	for _, b := range blobs {
		h, _, _ := v1.SHA256(bytes.NewReader(b.data))
		if err := l.path.WriteBlob(h, io.NopCloser(bytes.NewReader(b.data))); err != nil {
			t.Fatal(err)
		}
	}
	h, size, _ := v1.SHA256(bytes.NewReader(raw))
	if err := l.path.WriteBlob(h, io.NopCloser(bytes.NewReader(raw))); err != nil {
		t.Fatal(err)
	}
	var m v1.Manifest
	json.Unmarshal(raw, &m)
	at := m.ArtifactType
	if at == "" {
		at = string(m.Config.MediaType)
	}
	// As oras writes referrers into a layout: untagged index.json entries.
	if err := l.path.AppendDescriptor(v1.Descriptor{MediaType: types.OCIManifestSchema1, Digest: h, Size: size, ArtifactType: at}); err != nil {
		t.Fatal(err)
	}
}

func (l *layoutTarget) putTagged(t testing.TB, img v1.Image, tag string) {
	t.Helper()
	rn := l.refName(tag)[RefNameAnnotation]
	if err := l.path.ReplaceImage(img, match.Annotation(RefNameAnnotation, rn), layout.WithAnnotations(l.refName(tag))); err != nil {
		t.Fatal(err)
	}
}

func (l *layoutTarget) tagged(t testing.TB, tag string) v1.Image {
	t.Helper()
	idx, err := l.path.ImageIndex()
	if err != nil {
		t.Fatal(err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	rn := l.refName(tag)[RefNameAnnotation]
	for _, d := range im.Manifests {
		if d.Annotations[RefNameAnnotation] == rn {
			img, err := l.path.Image(d.Digest)
			if err != nil {
				t.Fatal(err)
			}
			return img
		}
	}
	return nil
}

// --- cosign's formats (cosign v3.1.3) ---

// signStatement is cosign sign's bundle-format statement: in-toto v1,
// predicate https://sigstore.dev/cosign/sign/v1, a digest-only subject.
func signStatement(t testing.TB, d v1.Hash) []byte {
	t.Helper()
	anno, _ := structpb.NewStruct(nil)
	st := &intoto.Statement{
		Type:          intoto.StatementTypeUri,
		Subject:       []*intoto.ResourceDescriptor{{Digest: map[string]string{d.Algorithm: d.Hex}, Annotations: anno}},
		PredicateType: CosignSignPredicate,
		Predicate:     &structpb.Struct{},
	}
	b, err := protojson.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// cyclonedxStatement is cosign attest --type cyclonedx's statement: in-toto
// v0.1, the repository (with the registry host) as subject name, the SBOM
// re-serialised as predicate.
func cyclonedxStatement(t testing.TB, repo string, d v1.Hash, sbom string) []byte {
	t.Helper()
	var data map[string]any
	if err := json.Unmarshal([]byte(sbom), &data); err != nil {
		t.Fatal(err)
	}
	pred, err := structpb.NewStruct(data)
	if err != nil {
		t.Fatal(err)
	}
	st := &intoto.Statement{
		Type:          "https://in-toto.io/Statement/v0.1",
		Subject:       []*intoto.ResourceDescriptor{{Name: repo, Digest: map[string]string{"sha256": d.Hex}}},
		PredicateType: "https://cyclonedx.org/bom",
		Predicate:     pred,
	}
	b, err := protojson.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// referrerManifest is cosign's WriteReferrer manifest.
type referrerManifest struct {
	v1.Manifest
	ArtifactType string `json:"artifactType,omitempty"`
}

var emptyConfig = []byte("{}")

// bundleReferrer builds the referrer manifest cosign writes for a bundle
// (WriteAttestationNewBundleFormat) and its blobs.
func bundleReferrer(t testing.TB, subject v1.Descriptor, bundle []byte, predicateType string) ([]byte, []blob) {
	t.Helper()
	cfgHash, _, _ := v1.SHA256(bytes.NewReader(emptyConfig))
	lh, _, _ := v1.SHA256(bytes.NewReader(bundle))
	m := referrerManifest{v1.Manifest{
		SchemaVersion: 2,
		MediaType:     types.OCIManifestSchema1,
		Config:        v1.Descriptor{MediaType: types.OCIEmptyJSON, ArtifactType: BundleArtifactType, Digest: cfgHash, Size: int64(len(emptyConfig))},
		Layers:        []v1.Descriptor{{MediaType: BundleArtifactType, Digest: lh, Size: int64(len(bundle))}},
		Subject:       &v1.Descriptor{MediaType: subject.MediaType, Digest: subject.Digest, Size: subject.Size},
		Annotations: map[string]string{
			"org.opencontainers.image.created": "2026-01-15T09:30:00Z",
			"dev.sigstore.bundle.content":      "dsse-envelope",
			BundlePredicateTypeAnnotation:      predicateType,
		},
	}, BundleArtifactType}
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return raw, []blob{{emptyConfig, string(types.OCIEmptyJSON)}, {bundle, BundleArtifactType}}
}

// cosignSign is `cosign sign --key` (bundle format) on a target.
func cosignSign(t testing.TB, tg target, subject v1.Descriptor, k testKey) {
	t.Helper()
	b, err := verify.SignAttestationBundle(context.Background(), signStatement(t, subject.Digest), k.signer)
	if err != nil {
		t.Fatal(err)
	}
	raw, blobs := bundleReferrer(t, subject, b, CosignSignPredicate)
	tg.putReferrer(t, raw, blobs)
}

// cosignAttest is `cosign attest --type cyclonedx --key` (bundle format).
func cosignAttest(t testing.TB, tg target, subject v1.Descriptor, k testKey, sbom string) {
	t.Helper()
	b, err := verify.SignAttestationBundle(context.Background(), cyclonedxStatement(t, tg.repoName(), subject.Digest, sbom), k.signer)
	if err != nil {
		t.Fatal(err)
	}
	raw, blobs := bundleReferrer(t, subject, b, "https://cyclonedx.org/bom")
	tg.putReferrer(t, raw, blobs)
}

// appendLegacy appends a layer to the legacy tag (sha256-<hex>.suffix),
// creating the signatures image cosign starts from when absent.
func appendLegacy(t testing.TB, tg target, subject v1.Hash, suffix string, layer []byte, mt string, ann map[string]string) {
	t.Helper()
	tag := cosignTag(subject, suffix)
	base := tg.tagged(t, tag)
	if base == nil {
		base = mutate.MediaType(empty.Image, types.OCIManifestSchema1)
		base = mutate.ConfigMediaType(base, types.OCIConfigJSON)
	}
	img, err := mutate.Append(base, mutate.Addendum{Layer: static.NewLayer(layer, types.MediaType(mt)), Annotations: ann, MediaType: types.MediaType(mt)})
	if err != nil {
		t.Fatal(err)
	}
	tg.putTagged(t, img, tag)
}

// simpleSigningPayload is cosign's legacy signature payload.
func simpleSigningPayload(t testing.TB, repo string, d v1.Hash) []byte {
	t.Helper()
	ref, err := name.NewDigest(repo + "@" + d.String())
	if err != nil {
		t.Fatal(err)
	}
	b, err := (&payload.Cosign{Image: ref}).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func signRaw(t testing.TB, k testKey, data []byte) string {
	t.Helper()
	sum := sha256.Sum256(data)
	sig, err := k.signer.Sign(rand.Reader, sum[:], crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(sig)
}

// cosignSignLegacy is `cosign sign --key --new-bundle-format=false
// --tlog-upload=false`: a layer on the .sig tag.
func cosignSignLegacy(t testing.TB, tg target, subject v1.Hash, k testKey) {
	t.Helper()
	p := simpleSigningPayload(t, tg.repoName(), subject)
	appendLegacy(t, tg, subject, suffixSignature, p, SimpleSigningMediaType, map[string]string{SignatureAnnotation: signRaw(t, k, p)})
}

// cosignAttestLegacy is `cosign attest --new-bundle-format=false`: a DSSE
// envelope layer on the .att tag.
func cosignAttestLegacy(t testing.TB, tg target, subject v1.Hash, k testKey, sbom string) {
	t.Helper()
	env, err := verify.SignDSSE(context.Background(), verify.InTotoPayloadType, cyclonedxStatement(t, tg.repoName(), subject, sbom), k.signer)
	if err != nil {
		t.Fatal(err)
	}
	appendLegacy(t, tg, subject, suffixAttestation, env, DSSEMediaType, map[string]string{"predicateType": "https://cyclonedx.org/bom"})
}

// cosignAttachSBOM is `cosign attach sbom --type cyclonedx` (legacy .sbom
// tag, unsigned).
func cosignAttachSBOM(t testing.TB, tg target, subject v1.Hash, sbom string) {
	t.Helper()
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img, err := mutate.Append(img, mutate.Addendum{Layer: static.NewLayer([]byte(sbom), "application/vnd.cyclonedx+json"), MediaType: "application/vnd.cyclonedx+json"})
	if err != nil {
		t.Fatal(err)
	}
	tg.putTagged(t, img, cosignTag(subject, suffixSBOM))
}

// cosignAttachSBOMReferrer is `cosign attach sbom
// --registry-referrers-mode=oci-1-1`: a referrer manifest with the image as
// subject. It returns the SBOM manifest's descriptor (to sign it).
func cosignAttachSBOMReferrer(t testing.TB, tg target, subject v1.Descriptor, sbom string) v1.Descriptor {
	t.Helper()
	img := mutate.MediaType(mutate.ConfigMediaType(empty.Image, SBOMArtifactType), types.OCIManifestSchema1)
	img, err := mutate.AppendLayers(img, static.NewLayer([]byte(sbom), "application/vnd.cyclonedx+json"))
	if err != nil {
		t.Fatal(err)
	}
	img = mutate.Subject(img, subject).(v1.Image)
	raw, err := img.RawManifest()
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := img.RawConfigFile()
	tg.putReferrer(t, raw, []blob{{cfg, SBOMArtifactType}, {[]byte(sbom), "application/vnd.cyclonedx+json"}})
	return descriptorOf(t, img)
}

func mustDiscover(t testing.TB, ref string, o Options) *Image {
	t.Helper()
	img, err := Discover(context.Background(), ref, o)
	if err != nil {
		t.Fatalf("Discover(%s): %v", ref, err)
	}
	return img
}

func mustVerify(t testing.TB, v *Verifier, img *Image) *Report {
	t.Helper()
	rep, err := v.Verify(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// outcomes lists the evidence outcomes of a manifest report.
func outcomes(r ManifestReport) []string {
	var out []string
	for _, e := range r.Evidence {
		out = append(out, string(e.Kind)+":"+string(e.Outcome))
	}
	return out
}
