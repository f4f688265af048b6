package oci

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/fwprov/fwprov/verify"
)

// go test ./verify/oci -run TestTestdataLayout -update-testdata regenerates
// testdata/oci (the signatures change, the image digests do not).
var updateTestdata = flag.Bool("update-testdata", false, "regenerate testdata/oci")

const (
	testdataDir    = "../../testdata/oci"
	testdataLayout = testdataDir + "/oai-gnb-cu"
	testdataTag    = "2.1.0"
)

// The example image: an OpenAirInterface gNB-CU (split 2 central unit)
// container on Debian 12, for linux/amd64 and linux/arm64.
var cuPackages = []struct{ name, version, source string }{
	{"libc6", "2.36-9+deb12u9", "glibc"},
	{"libgcc-s1", "12.2.0-14+deb12u1", "gcc-12"},
	{"libstdc++6", "12.2.0-14+deb12u1", "gcc-12"},
	{"libssl3", "3.0.15-1~deb12u1", "openssl"},
	{"libsctp1", "1.0.19+dfsg-2", "lksctp-tools"},
	{"libconfig9", "1.5-0.4", "libconfig"},
	{"libblas3", "3.11.0-2", "lapack"},
	{"liblapacke", "3.11.0-2", "lapack"},
	{"libyaml-cpp0.7", "0.7.0+dfsg-8+b1", "yaml-cpp"},
	{"zlib1g", "1:1.2.13.dfsg-1", "zlib"},
	{"libgnutls30", "3.7.9-2+deb12u3", "gnutls28"},
	{"iproute2", "6.1.0-3", "iproute2"},
}

func tarGz(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, n := range names {
		b := files[n]
		mode := int64(0o644)
		if strings.Contains(n, "/bin/") {
			mode = 0o755
		}
		if err := tw.WriteHeader(&tar.Header{Name: n, Mode: mode, Size: int64(len(b)), ModTime: time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC), Uname: "root", Gname: "root"}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(b))
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

func debArch(arch string) string { return arch } // Debian and OCI agree for amd64 and arm64

// exampleImage builds the CU image for one architecture.
func exampleImage(t testing.TB, arch string) v1.Image {
	t.Helper()
	var status strings.Builder
	for _, p := range cuPackages {
		fmt.Fprintf(&status, "Package: %s\nStatus: install ok installed\nArchitecture: %s\nSource: %s\nVersion: %s\nMaintainer: Debian\n\n", p.name, debArch(arch), p.source, p.version)
	}
	base := tarGz(t, map[string]string{
		"etc/os-release":      "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nID=debian\nHOME_URL=\"https://www.debian.org/\"\n",
		"etc/debian_version":  "12.9\n",
		"var/lib/dpkg/status": status.String(),
	})
	app := tarGz(t, map[string]string{
		"opt/oai-gnb/bin/nr-softmodem": "#!/bin/sh\n# Stand-in for the OpenAirInterface nr-softmodem " + arch + " binary (test data).\nexec echo nr-softmodem v2.1.0 \"$@\"\n",
		"opt/oai-gnb/etc/gnb-cu.sa.band78.106prb.conf": `Active_gNBs = ( "gNB-OAI-CU" );
Asn1_verbosity = "none";
gNBs = ( {
  gNB_ID = 0xe00; gNB_name = "gNB-OAI-CU"; tracking_area_code = 1;
  plmn_list = ( { mcc = 001; mnc = 01; mnc_length = 2; snssaiList = ( { sst = 1; } ); } );
  tr_s_preference = "f1"; local_s_address = "192.168.72.2"; remote_s_address = "0.0.0.0";
  local_s_portc = 501; local_s_portd = 2153; remote_s_portc = 500; remote_s_portd = 2153;
  amf_ip_address = ( { ipv4 = "192.168.70.132"; } );
} );
`,
		"opt/oai-gnb/LICENSE": "OAI Public License V1.1 — see https://openairinterface.org/legal/oai-public-license/\n",
	})
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	img, err := mutate.Append(img,
		mutate.Addendum{Layer: static.NewLayer(base, types.OCILayer), MediaType: types.OCILayer, History: v1.History{CreatedBy: "debian:bookworm-slim + apt-get install (test data)"}},
		mutate.Addendum{Layer: static.NewLayer(app, types.OCILayer), MediaType: types.OCILayer, History: v1.History{CreatedBy: "COPY openairinterface5g v2.1.0 build /opt/oai-gnb"}},
	)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = "linux", arch
	if arch == "arm64" {
		cf.Variant = "v8"
	}
	cf.Config.Entrypoint = []string{"/opt/oai-gnb/bin/nr-softmodem"}
	cf.Config.Cmd = []string{"-O", "/opt/oai-gnb/etc/gnb-cu.sa.band78.106prb.conf", "--sa"}
	cf.Config.Labels = map[string]string{
		"org.opencontainers.image.title":    "oai-gnb-cu",
		"org.opencontainers.image.version":  "2.1.0",
		"org.opencontainers.image.vendor":   "OpenAirInterface Software Alliance",
		"org.opencontainers.image.source":   "https://gitlab.eurecom.fr/oai/openairinterface5g",
		"org.opencontainers.image.licenses": "OAI-PL-1.1",
	}
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// exampleSBOM is the CycloneDX SBOM of one platform image.
func exampleSBOM(arch string, digest v1.Hash) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "serialNumber": "urn:uuid:0d3c5a8e-2f4b-4c61-9a7e-%012x",
  "version": 1,
  "metadata": {
    "timestamp": "2025-03-14T09:00:00Z",
    "component": {
      "bom-ref": "oai-gnb-cu",
      "type": "container",
      "name": "oai-gnb-cu",
      "version": "2.1.0",
      "purl": "pkg:oci/oai-gnb-cu@%s?arch=%s",
      "hashes": [{"alg": "SHA-256", "content": "%s"}],
      "supplier": {"name": "OpenAirInterface Software Alliance", "url": ["https://openairinterface.org"]},
      "properties": [{"name": "ran:function", "value": "cu"}]
    },
    "supplier": {"name": "OpenAirInterface Software Alliance", "url": ["https://openairinterface.org"]}
  },
  "components": [
    {
      "bom-ref": "openairinterface5g",
      "type": "application",
      "name": "openairinterface5g",
      "version": "2.1.0",
      "purl": "pkg:generic/openairinterface5g@2.1.0?vcs_url=git%%2Bhttps://gitlab.eurecom.fr/oai/openairinterface5g.git%%40v2.1.0",
      "licenses": [{"license": {"name": "OAI Public License V1.1"}}],
      "supplier": {"name": "OpenAirInterface Software Alliance", "url": ["https://openairinterface.org"]},
      "properties": [{"name": "ran:function", "value": "cu"}]
    }`, len(arch), digest.String(), arch, digest.Hex)
	for _, p := range cuPackages {
		v := strings.ReplaceAll(strings.ReplaceAll(p.version, "+", "%2B"), ":", "%3A")
		fmt.Fprintf(&b, `,
    {
      "bom-ref": "deb:%s",
      "type": "library",
      "name": "%s",
      "version": "%s",
      "purl": "pkg:deb/debian/%s@%s?arch=%s&distro=debian-12",
      "supplier": {"name": "Debian", "url": ["https://www.debian.org"]}
    }`, p.name, p.name, p.version, p.name, v, debArch(arch))
	}
	b.WriteString("\n  ],\n  \"dependencies\": [\n    {\"ref\": \"oai-gnb-cu\", \"dependsOn\": [\"openairinterface5g\"]},\n    {\"ref\": \"openairinterface5g\", \"dependsOn\": [")
	for i, p := range cuPackages {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "\"deb:%s\"", p.name)
	}
	b.WriteString("]}\n  ]\n}\n")
	return b.String()
}

// testdataKey is the committed TEST key (created on the first -update).
func testdataKey(t testing.TB, create bool) testKey {
	t.Helper()
	priv := filepath.Join(testdataDir, "test-key.pem")
	data, err := os.ReadFile(priv)
	if errors.Is(err, fs.ErrNotExist) && create {
		kp, gerr := verify.GenerateKey(verify.KeyECDSAP256)
		if gerr != nil {
			t.Fatal(gerr)
		}
		if err := os.WriteFile(priv, kp.PrivatePEM, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(testdataDir, "test-key.pub"), kp.PublicPEM, 0o644); err != nil {
			t.Fatal(err)
		}
		data, err = kp.PrivatePEM, nil
	}
	if err != nil {
		t.Fatal(err)
	}
	signer, err := verify.LoadPrivateKey(priv, data)
	if err != nil {
		t.Fatal(err)
	}
	pubPEM, err := os.ReadFile(filepath.Join(testdataDir, "test-key.pub"))
	if err != nil {
		t.Fatal(err)
	}
	pub, err := verify.LoadPublicKey("test-key.pub", pubPEM)
	if err != nil {
		t.Fatal(err)
	}
	return testKey{signer: signer, pub: pub}
}

// writeExampleLayout writes the layout as oras cp -r --to-oci-layout writes
// a cosign-signed image: the index tagged, each platform signed and
// attested (bundle format), the referrers untagged in index.json.
func writeExampleLayout(t testing.TB, dir string, k testKey) {
	t.Helper()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	l := &layoutTarget{dir: dir, path: p}
	var adds []mutate.IndexAddendum
	var plats []v1.Descriptor
	for _, arch := range []string{"amd64", "arm64"} {
		img := exampleImage(t, arch)
		plat := &v1.Platform{OS: "linux", Architecture: arch}
		if arch == "arm64" {
			plat.Variant = "v8"
		}
		adds = append(adds, mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{Platform: plat}})
		plats = append(plats, descriptorOf(t, img))
	}
	idx := mutate.AppendManifests(emptyIndex(), adds...)
	if err := p.AppendIndex(idx, layout.WithAnnotations(map[string]string{RefNameAnnotation: testdataTag})); err != nil {
		t.Fatal(err)
	}
	id := descriptorOf(t, idx)
	cosignSign(t, l, id, k)
	for i, d := range plats {
		cosignSign(t, l, d, k)
		cosignAttest(t, l, d, k, exampleSBOM([]string{"amd64", "arm64"}[i], d.Digest))
	}
}

func TestTestdataLayout(t *testing.T) {
	if *updateTestdata {
		if err := os.MkdirAll(testdataDir, 0o755); err != nil {
			t.Fatal(err)
		}
		writeExampleLayout(t, testdataLayout, testdataKey(t, true))
	}
	k := testdataKey(t, false)
	ref := "oci:" + testdataLayout + ":" + testdataTag
	img, err := Discover(context.Background(), ref, Options{})
	if err != nil {
		t.Fatalf("%v (regenerate with -update-testdata)", err)
	}
	// The images are built deterministically: the committed ones are
	// what the code builds.
	for i, arch := range []string{"amd64", "arm64"} {
		if want := mustDigest(t, exampleImage(t, arch)).String(); img.Manifests[i].Digest != want {
			t.Errorf("%s: committed %s, built %s (regenerate with -update-testdata)", arch, img.Manifests[i].Digest, want)
		}
	}
	rep := mustVerify(t, mustVerifier(t, k.signer1("oai-release")), img)
	if !rep.Verified || len(rep.Manifests) != 2 || rep.Index == nil || !rep.Index.Verified {
		t.Fatalf("testdata layout does not verify: %s\n%s", rep.Reason, evidenceDump(rep))
	}
	for i, m := range rep.Manifests {
		arch := []string{"amd64", "arm64"}[i]
		if len(m.SBOMs) != 1 {
			t.Fatalf("%s: %d SBOMs", arch, len(m.SBOMs))
		}
		h, _ := v1.NewHash(m.Digest)
		assertSameJSON(t, m.SBOMs[0].Data, []byte(exampleSBOM(arch, h)))
	}
	// Another key verifies nothing in it.
	rep = mustVerify(t, mustVerifier(t, newKey(t).signer1("other")), img)
	if rep.Verified {
		t.Fatal("verified with an unrelated key")
	}
}
