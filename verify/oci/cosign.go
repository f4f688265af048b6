package oci

import (
	"encoding/base64"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// What cosign v3.1.3 writes (pkg/oci/static, pkg/oci/remote, pkg/types).
const (
	// BundleArtifactType is the artifactType (and layer media type) of a
	// Sigstore bundle v0.3 stored as a referrer.
	BundleArtifactType = "application/vnd.dev.sigstore.bundle.v0.3+json"
	// BundlePredicateTypeAnnotation is the referrer manifest annotation
	// naming the bundle's predicate type.
	BundlePredicateTypeAnnotation = "dev.sigstore.bundle.predicateType"
	// CosignSignPredicate is the predicate type of `cosign sign` in the
	// bundle format.
	CosignSignPredicate = "https://sigstore.dev/cosign/sign/v1"
	// SimpleSigningMediaType is the layer media type of a legacy signature.
	SimpleSigningMediaType = "application/vnd.dev.cosign.simplesigning.v1+json"
	// DSSEMediaType is the layer media type of a legacy attestation.
	DSSEMediaType = "application/vnd.dsse.envelope.v1+json"
	// InTotoArtifactType is the artifactType cosign gives DSSE attestations
	// written as referrers.
	InTotoArtifactType = "application/vnd.in-toto+json"
	// SBOMArtifactType is the artifactType of `cosign attach sbom
	// --registry-referrers-mode=oci-1-1`.
	SBOMArtifactType = "application/vnd.dev.cosign.artifact.sbom.v1+json"
	// SignatureAnnotation holds a legacy signature (base64).
	SignatureAnnotation = "dev.cosignproject.cosign/signature"
	// CertificateAnnotation, ChainAnnotation, LogBundleAnnotation and
	// TimestampAnnotation hold a legacy signature's keyless material.
	CertificateAnnotation = "dev.sigstore.cosign/certificate"
	ChainAnnotation       = "dev.sigstore.cosign/chain"
	LogBundleAnnotation   = "dev.sigstore.cosign/bundle"
	TimestampAnnotation   = "dev.sigstore.cosign/rfc3161timestamp"
	// SimpleSigningType is critical.type of a cosign image signature.
	SimpleSigningType = "cosign container image signature"
)

// Legacy tag suffixes (cosign --new-bundle-format=false, cosign attach).
const (
	suffixSignature   = "sig"
	suffixAttestation = "att"
	suffixSBOM        = "sbom"
)

func isBundleMediaType(mt string) bool {
	return strings.HasPrefix(mt, "application/vnd.dev.sigstore.bundle")
}

// sbomMediaTypes are the SBOM layer media types cosign attach writes (and
// what oras attach users give CycloneDX and SPDX files).
var sbomMediaTypes = map[string]bool{
	"application/vnd.cyclonedx+json": true,
	"application/vnd.cyclonedx+xml":  true,
	"application/vnd.cyclonedx":      true,
	"text/spdx":                      true,
	"text/spdx+json":                 true,
	"application/spdx+json":          true,
	"text/spdx+tag-value":            true,
	"application/vnd.syft+json":      true,
}

func isSBOMMediaType(mt string) bool {
	base, _, _ := strings.Cut(mt, ";")
	return sbomMediaTypes[strings.TrimSpace(base)]
}

// kindOfLayer classifies a layer by media type ("" when not one fwprov
// reads).
func kindOfLayer(mt string) AttachmentKind {
	switch {
	case isBundleMediaType(mt):
		return AttachBundle
	case mt == DSSEMediaType:
		return AttachDSSE
	case mt == SimpleSigningMediaType:
		return AttachSimpleSigning
	case isSBOMMediaType(mt):
		return AttachSBOM
	}
	return ""
}

// simpleSigning is cosign's signature payload
// (github.com/sigstore/sigstore/pkg/signature/payload).
type simpleSigning struct {
	Critical struct {
		Identity struct {
			DockerReference string `json:"docker-reference"`
		} `json:"identity"`
		Image struct {
			DockerManifestDigest string `json:"docker-manifest-digest"`
		} `json:"image"`
		Type string `json:"type"`
	} `json:"critical"`
	Optional map[string]any `json:"optional"`
}

// parseSimpleSigning decodes a simple-signing payload (duplicate member
// names refused).
func parseSimpleSigning(payload []byte) (*simpleSigning, error) {
	var p simpleSigning
	if err := json.Unmarshal(payload, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// claim is what an attachment says about itself before verification: its
// predicate type and the digests it names. Hints only.
type claim struct {
	predicateType string
	digests       []string
}

type peekStatement struct {
	PredicateType string `json:"predicateType"`
	Subject       []struct {
		Digest map[string]string `json:"digest"`
	} `json:"subject"`
}

type peekEnvelope struct {
	Payload string `json:"payload"`
}

func statementClaim(payload []byte) claim {
	var st peekStatement
	if err := json.Unmarshal(payload, &st, jsontext.AllowDuplicateNames(true)); err != nil {
		return claim{}
	}
	c := claim{predicateType: st.PredicateType}
	for _, s := range st.Subject {
		for alg, v := range s.Digest {
			c.digests = append(c.digests, strings.ToLower(alg)+":"+strings.ToLower(v))
		}
	}
	return c
}

func envelopeClaim(env []byte) claim {
	var e peekEnvelope
	if err := json.Unmarshal(env, &e, jsontext.AllowDuplicateNames(true)); err != nil {
		return claim{}
	}
	payload, err := base64.StdEncoding.DecodeString(e.Payload)
	if err != nil {
		return claim{}
	}
	return statementClaim(payload)
}

// peek reads what an attachment claims, without verifying anything.
func peek(kind AttachmentKind, data []byte) claim {
	switch kind {
	case AttachBundle:
		var b struct {
			DSSEEnvelope *jsontext.Value `json:"dsseEnvelope"`
		}
		if err := json.Unmarshal(data, &b, jsontext.AllowDuplicateNames(true)); err != nil || b.DSSEEnvelope == nil {
			return claim{}
		}
		return envelopeClaim(*b.DSSEEnvelope)
	case AttachDSSE:
		return envelopeClaim(data)
	case AttachSimpleSigning:
		p, err := parseSimpleSigning(data)
		if err != nil {
			return claim{}
		}
		return claim{digests: []string{p.Critical.Image.DockerManifestDigest}}
	}
	return claim{}
}

func (c claim) names(digest string) bool {
	for _, d := range c.digests {
		if d == digest {
			return true
		}
	}
	return false
}
