// Package oci reads container images — OCI image layouts on disk and
// images in registries — together with everything cosign attaches to them,
// and verifies those attachments against trusted signers.
//
// 5G core and cloud-native RAN functions (CU, DU) ship as container images,
// signed with cosign and with their SBOM attached as a CycloneDX
// attestation. This package is the image half of the fwprov gate:
//
//   - [ParseReference] reads "oci:PATH[:TAG|@DIGEST]" (a layout as `oras cp
//     --to-oci-layout`, `crane pull --format=oci` and `skopeo copy … oci:`
//     write it) and "REGISTRY/REPO[:TAG|@DIGEST]" (a registry over HTTPS;
//     plain HTTP only with [Options.Insecure]); [ParseReferenceList] reads a
//     file of them (one per line, # comments) for scanning many submissions.
//   - [Discover] resolves a tag to a digest once, then reads by digest: the
//     image manifest (or every platform manifest of an index) and, for each,
//     what cosign v3 writes — Sigstore bundles stored as OCI 1.1 referrers
//     (through the referrers API or the referrers tag schema), the legacy
//     "sha256-<hex>.sig", ".att" and ".sbom" tags, and, in layouts, referrer
//     manifests listed in index.json. Nothing it finds is trusted yet.
//   - [Verifier.Verify] checks each attachment against the trusted signers
//     (the [verify] package's key and keyless options) and the manifest
//     digest being gated, and returns a [Report]: plain data naming every
//     digest, every attachment and what became of it, and the SBOMs that a
//     trusted signer covers. Legacy signatures checked keyless, or for a
//     signer that requires the transparency log, are rebuilt into Sigstore
//     bundles from cosign's annotations, so sigstore-go checks them like any
//     other bundle.
//
// The image's identity is its manifest digest, bound by the signature or
// attestation subject: digests are compared, never names (mirroring an
// image changes its name, not its digest).
//
// Everything read is bounded ([Limits]): manifest and blob sizes, the
// number of referrers, layers, platforms and layout entries, the depth of
// nested indexes and the total bytes read. A refusal is an error naming the
// reference, never a silent truncation. Every manifest and blob is checked
// against its digest, on disk as over the network.
//
// The package never prints and never exits. It touches the network only for
// a registry reference, and only over HTTPS unless told otherwise.
package oci
