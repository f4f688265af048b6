package oci

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"

	"github.com/go-json-experiment/json"
	protobundle "github.com/sigstore/protobuf-specs/gen/pb-go/bundle/v1"
	protocommon "github.com/sigstore/protobuf-specs/gen/pb-go/common/v1"
	protodsse "github.com/sigstore/protobuf-specs/gen/pb-go/dsse"
	protorekor "github.com/sigstore/protobuf-specs/gen/pb-go/rekor/v1"
	"google.golang.org/protobuf/encoding/protojson"
)

// Legacy cosign signatures (.sig and .att tags) keep what a Sigstore bundle
// holds in layer annotations: the certificate, the Rekor entry with its
// signed entry timestamp (cosign's "bundle"), an RFC 3161 timestamp. To
// verify them — keyless, or against a signer that requires the log — they
// are rebuilt into a Sigstore bundle and go through the same sigstore-go
// verification as every other bundle: the certificate chains to the trusted
// root at a trusted time, the log's signed entry timestamp verifies, and the
// log entry's body matches the signature.

// rekorBundle is cosign's dev.sigstore.cosign/bundle annotation
// (pkg/cosign/bundle.RekorBundle).
type rekorBundle struct {
	SignedEntryTimestamp []byte `json:"SignedEntryTimestamp"`
	Payload              struct {
		Body           string `json:"body"`
		IntegratedTime int64  `json:"integratedTime"`
		LogIndex       int64  `json:"logIndex"`
		LogID          string `json:"logID"`
	} `json:"Payload"`
}

// rfc3161Annotation is cosign's dev.sigstore.cosign/rfc3161timestamp
// annotation.
type rfc3161Annotation struct {
	SignedRFC3161Timestamp []byte `json:"SignedRFC3161Timestamp"`
}

// hasLogMaterial reports whether a legacy layer carries a log entry or a
// timestamp.
func hasLogMaterial(a *Attachment) bool {
	return a.Annotations[LogBundleAnnotation] != "" || a.Annotations[TimestampAnnotation] != ""
}

// errNoCertificate is returned for a keyless conversion of a layer without
// a certificate (it was signed with a key).
var errNoCertificate = errors.New("the legacy signature carries no certificate: it was signed with a key")

// legacyBundle rebuilds a Sigstore bundle from a legacy layer: a message
// signature over the simple-signing payload, or the DSSE envelope of an
// attestation. keyless takes the certificate annotation as verification
// material; otherwise the bundle names a public key (the signer's pinned
// key is what it is checked with).
func legacyBundle(a *Attachment, keyless bool) ([]byte, error) {
	vm := &protobundle.VerificationMaterial{}
	var leaf []byte
	if keyless {
		block, _ := pem.Decode([]byte(a.Annotations[CertificateAnnotation]))
		if block == nil {
			return nil, errNoCertificate
		}
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("certificate annotation holds a %q PEM block", block.Type)
		}
		leaf = block.Bytes
	} else {
		vm.Content = &protobundle.VerificationMaterial_PublicKey{PublicKey: &protocommon.PublicKeyIdentifier{}}
	}
	mediaType := BundleArtifactType
	if s := a.Annotations[LogBundleAnnotation]; s != "" {
		var rb rekorBundle
		if err := json.Unmarshal([]byte(s), &rb); err != nil {
			return nil, fmt.Errorf("log bundle annotation: %w", err)
		}
		body, err := base64.StdEncoding.DecodeString(rb.Payload.Body)
		if err != nil {
			return nil, fmt.Errorf("log bundle annotation: body: %w", err)
		}
		logID, err := hex.DecodeString(rb.Payload.LogID)
		if err != nil {
			return nil, fmt.Errorf("log bundle annotation: logID: %w", err)
		}
		var kv struct {
			Kind       string `json:"kind"`
			APIVersion string `json:"apiVersion"`
		}
		if err := json.Unmarshal(body, &kv); err != nil {
			return nil, fmt.Errorf("log bundle annotation: entry body: %w", err)
		}
		vm.TlogEntries = []*protorekor.TransparencyLogEntry{{
			LogIndex:          rb.Payload.LogIndex,
			LogId:             &protocommon.LogId{KeyId: logID},
			KindVersion:       &protorekor.KindVersion{Kind: kv.Kind, Version: kv.APIVersion},
			IntegratedTime:    rb.Payload.IntegratedTime,
			InclusionPromise:  &protorekor.InclusionPromise{SignedEntryTimestamp: rb.SignedEntryTimestamp},
			CanonicalizedBody: body,
		}}
		// A signed entry timestamp without an inclusion proof is what
		// bundle v0.1 holds.
		mediaType = "application/vnd.dev.sigstore.bundle+json;version=0.1"
	}
	if s := a.Annotations[TimestampAnnotation]; s != "" {
		var ts rfc3161Annotation
		if err := json.Unmarshal([]byte(s), &ts); err != nil {
			return nil, fmt.Errorf("timestamp annotation: %w", err)
		}
		vm.TimestampVerificationData = &protobundle.TimestampVerificationData{Rfc3161Timestamps: []*protocommon.RFC3161SignedTimestamp{{SignedTimestamp: ts.SignedRFC3161Timestamp}}}
	}
	if leaf != nil {
		// Bundle v0.1 holds a certificate chain, v0.3 the leaf alone.
		if mediaType == BundleArtifactType {
			vm.Content = &protobundle.VerificationMaterial_Certificate{Certificate: &protocommon.X509Certificate{RawBytes: leaf}}
		} else {
			vm.Content = &protobundle.VerificationMaterial_X509CertificateChain{X509CertificateChain: &protocommon.X509CertificateChain{
				Certificates: []*protocommon.X509Certificate{{RawBytes: leaf}},
			}}
		}
	}
	pb := &protobundle.Bundle{MediaType: mediaType, VerificationMaterial: vm}
	switch a.Kind {
	case AttachSimpleSigning:
		sig, err := base64.StdEncoding.DecodeString(a.Annotations[SignatureAnnotation])
		if err != nil {
			return nil, fmt.Errorf("signature annotation: %w", err)
		}
		sum := sha256.Sum256(a.Data)
		pb.Content = &protobundle.Bundle_MessageSignature{MessageSignature: &protocommon.MessageSignature{
			MessageDigest: &protocommon.HashOutput{Algorithm: protocommon.HashAlgorithm_SHA2_256, Digest: sum[:]},
			Signature:     sig,
		}}
	case AttachDSSE:
		var env struct {
			PayloadType string `json:"payloadType"`
			Payload     []byte `json:"payload"`
			Signatures  []struct {
				KeyID string `json:"keyid"`
				Sig   []byte `json:"sig"`
			} `json:"signatures"`
		}
		if err := json.Unmarshal(a.Data, &env); err != nil {
			return nil, fmt.Errorf("DSSE envelope: %w", err)
		}
		d := &protodsse.Envelope{Payload: env.Payload, PayloadType: env.PayloadType}
		for _, s := range env.Signatures {
			d.Signatures = append(d.Signatures, &protodsse.Signature{Sig: s.Sig, Keyid: s.KeyID})
		}
		pb.Content = &protobundle.Bundle_DsseEnvelope{DsseEnvelope: d}
	default:
		return nil, fmt.Errorf("a %s attachment is not a legacy signature", a.Kind)
	}
	return protojson.Marshal(pb)
}
