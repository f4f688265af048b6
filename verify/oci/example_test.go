package oci_test

import (
	"context"
	"fmt"
	"os"

	"github.com/fwprov/fwprov/verify"
	"github.com/fwprov/fwprov/verify/oci"
)

// An operator gates a CU container image received as an OCI layout: find
// what is attached to each platform manifest, verify it with the vendor's
// key, and take the SBOM the vendor's attestation carries.
func Example() {
	ctx := context.Background()
	pem, err := os.ReadFile("../../testdata/oci/test-key.pub")
	if err != nil {
		panic(err)
	}
	key, err := verify.LoadPublicKey("test-key.pub", pem)
	if err != nil {
		panic(err)
	}
	// Prepare once: the trusted signers.
	v, err := oci.NewVerifier(oci.Signer{ID: "oai-release", Options: verify.BundleOptions{Key: key}})
	if err != nil {
		panic(err)
	}

	// The tag is resolved to a digest once; everything after is by digest.
	img, err := oci.Discover(ctx, "oci:../../testdata/oci/oai-gnb-cu:2.1.0", oci.Options{})
	if err != nil {
		panic(err) // bad input: exit 2
	}
	rep, err := v.Verify(ctx, img)
	if err != nil {
		panic(err)
	}
	fmt.Println("index", rep.Digest, "verified:", rep.Verified)
	for _, m := range rep.Manifests {
		fmt.Println(m.Platform, m.Digest, m.Verified, m.Signers, len(m.SBOMs), "SBOM from", m.SBOMs[0].From)
	}
	// Output:
	// index sha256:9193a41a396f1e28ef451cf78f20513af15d4a8bab348ac39c53e24b9adc22c7 verified: true
	// linux/amd64 sha256:426d651debca08b2a951f572ab96517bceccfdeed06310a27afd773f0a9a3211 true [oai-release] 1 SBOM from attestation
	// linux/arm64/v8 sha256:b057d87f52c8b46f28dfa44db0bb95c85ff4c5c508c4b60bc4ec908af610e4d3 true [oai-release] 1 SBOM from attestation
}

// References name a layout on disk or a registry repository, by tag or by
// digest.
func ExampleParseReference() {
	for _, s := range []string{
		"oci:mirror/oai-gnb-cu:2.1.0",
		"registry.operator.example/ran/oai-gnb-cu@sha256:426d651debca08b2a951f572ab96517bceccfdeed06310a27afd773f0a9a3211",
		"ran/oai-gnb-cu:2.1.0",
	} {
		r, err := oci.ParseReference(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(r.Kind, r.Path+r.Repository, r.Tag+r.Digest)
	}
	// Output:
	// layout mirror/oai-gnb-cu 2.1.0
	// registry registry.operator.example/ran/oai-gnb-cu sha256:426d651debca08b2a951f572ab96517bceccfdeed06310a27afd773f0a9a3211
	// oci: reference "ran/oai-gnb-cu:2.1.0" names no registry host (write REGISTRY/REPO[:TAG|@DIGEST], docker.io/library/NAME for Docker Hub, or oci:PATH for a layout)
}
