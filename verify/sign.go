package verify

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	protocommon "github.com/sigstore/protobuf-specs/gen/pb-go/common/v1"
	"github.com/sigstore/sigstore-go/pkg/sign"
	"github.com/sigstore/sigstore/pkg/cryptoutils"
	"google.golang.org/protobuf/encoding/protojson"
)

// BundleMediaType is the media type of the bundles SignBundle writes.
const BundleMediaType = "application/vnd.dev.sigstore.bundle.v0.3+json"

// SignBundle signs artifact with a private key, offline, and returns a
// Sigstore bundle (v0.3 JSON): a message signature whose messageDigest is
// the artifact's SHA-256 (SHA-384 for P-384 keys, SHA-512 for P-521 and
// Ed25519), and verificationMaterial.publicKey.hint = base64 SHA-256 of the
// key's SPKI. There is no transparency-log entry and no timestamp: nothing
// is sent anywhere.
//
// VerifyBundle with the matching key accepts it (reporting the log as not
// performed). cosign accepts it with
//
//	cosign verify-blob ARTIFACT --bundle B --key K.pub --insecure-ignore-tlog=true
//
// (cosign requires a log entry unless told otherwise).
func SignBundle(ctx context.Context, artifact []byte, signer crypto.Signer) ([]byte, error) {
	kp, err := newKeypair(signer)
	if err != nil {
		return nil, fmt.Errorf("verify: sign bundle: %w", err)
	}
	pb, err := sign.Bundle(&sign.PlainData{Data: artifact}, kp, sign.BundleOptions{Context: ctx})
	if err != nil {
		return nil, fmt.Errorf("verify: sign bundle: %w", err)
	}
	out, err := protojson.MarshalOptions{Multiline: true, Indent: "  "}.Marshal(pb)
	if err != nil {
		return nil, fmt.Errorf("verify: sign bundle: %w", err)
	}
	return append(out, '\n'), nil
}

// keypair adapts a crypto.Signer to sigstore-go's sign.Keypair.
type keypair struct {
	signer  crypto.Signer
	hash    crypto.Hash
	protoH  protocommon.HashAlgorithm
	details protocommon.PublicKeyDetails
	alg     string
	hint    []byte
}

func newKeypair(s crypto.Signer) (*keypair, error) {
	pub := s.Public()
	if err := checkPublicKey(pub); err != nil {
		return nil, err
	}
	kp := &keypair{signer: s}
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		kp.alg = "ECDSA"
		switch k.Curve {
		case elliptic.P256():
			kp.hash, kp.protoH, kp.details = crypto.SHA256, protocommon.HashAlgorithm_SHA2_256, protocommon.PublicKeyDetails_PKIX_ECDSA_P256_SHA_256
		case elliptic.P384():
			kp.hash, kp.protoH, kp.details = crypto.SHA384, protocommon.HashAlgorithm_SHA2_384, protocommon.PublicKeyDetails_PKIX_ECDSA_P384_SHA_384
		default:
			kp.hash, kp.protoH, kp.details = crypto.SHA512, protocommon.HashAlgorithm_SHA2_512, protocommon.PublicKeyDetails_PKIX_ECDSA_P521_SHA_512
		}
	case ed25519.PublicKey:
		kp.alg = "ED25519"
		kp.hash, kp.protoH, kp.details = crypto.SHA512, protocommon.HashAlgorithm_SHA2_512, protocommon.PublicKeyDetails_PKIX_ED25519
	case *rsa.PublicKey:
		kp.alg = "RSA"
		kp.hash, kp.protoH = crypto.SHA256, protocommon.HashAlgorithm_SHA2_256
		switch {
		case k.N.BitLen() >= 4096:
			kp.details = protocommon.PublicKeyDetails_PKIX_RSA_PKCS1V15_4096_SHA256
		case k.N.BitLen() >= 3072:
			kp.details = protocommon.PublicKeyDetails_PKIX_RSA_PKCS1V15_3072_SHA256
		default:
			kp.details = protocommon.PublicKeyDetails_PKIX_RSA_PKCS1V15_2048_SHA256
		}
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(der)
	kp.hint = []byte(base64.StdEncoding.EncodeToString(sum[:]))
	return kp, nil
}

func (k *keypair) GetHashAlgorithm() protocommon.HashAlgorithm       { return k.protoH }
func (k *keypair) GetSigningAlgorithm() protocommon.PublicKeyDetails { return k.details }
func (k *keypair) GetHint() []byte                                   { return k.hint }
func (k *keypair) GetKeyAlgorithm() string                           { return k.alg }
func (k *keypair) GetPublicKey() crypto.PublicKey                    { return k.signer.Public() }
func (k *keypair) GetPublicKeyPem() (string, error) {
	b, err := cryptoutils.MarshalPublicKeyToPEM(k.signer.Public())
	return string(b), err
}

// SignData signs data and returns the signature and the digest recorded in
// the bundle's messageDigest.
func (k *keypair) SignData(_ context.Context, data []byte) ([]byte, []byte, error) {
	h := k.hash.New()
	h.Write(data)
	digest := h.Sum(nil)
	if _, ok := k.signer.Public().(ed25519.PublicKey); ok {
		sig, err := k.signer.Sign(rand.Reader, data, crypto.Hash(0))
		return sig, digest, err
	}
	sig, err := k.signer.Sign(rand.Reader, digest, k.hash)
	return sig, digest, err
}

// NewCycloneDXStatement builds an in-toto v1 statement whose predicate is
// the CycloneDX JSON BOM sbom (predicateType https://cyclonedx.org/bom) and
// whose subjects are the artifacts it describes (typically the firmware
// image: name and sha256/sha512 digest). The BOM must be a JSON object; its
// bytes are embedded as they are.
func NewCycloneDXStatement(sbom []byte, subjects ...Subject) ([]byte, error) {
	if len(subjects) == 0 {
		return nil, errors.New("verify: statement: at least one subject is required")
	}
	if v := jsontext.Value(bytes.TrimSpace(sbom)); !v.IsValid() || v.Kind() != '{' {
		return nil, errors.New("verify: statement: the SBOM is not a JSON object (or has duplicate member names)")
	}
	type subj struct {
		Name   string            `json:"name,omitempty"`
		Digest map[string]string `json:"digest"`
	}
	st := struct {
		Type          string `json:"_type"`
		Subject       []subj `json:"subject"`
		PredicateType string `json:"predicateType"`
	}{Type: InTotoStatementV1, PredicateType: CycloneDXPredicate}
	for _, s := range subjects {
		if len(s.Digests) == 0 {
			return nil, fmt.Errorf("verify: statement: subject %q has no digest", s.Name)
		}
		m := map[string]string{}
		for _, d := range s.Digests {
			if _, err := ParseDigest(d.String()); err != nil {
				return nil, fmt.Errorf("verify: statement: subject %q: %w", s.Name, err)
			}
			m[d.Algorithm] = d.Value
		}
		st.Subject = append(st.Subject, subj{Name: s.Name, Digest: m})
	}
	head, err := json.Marshal(st, json.Deterministic(true))
	if err != nil {
		return nil, err
	}
	// The predicate is the SBOM's bytes exactly as given (a re-encoding
	// would change the bytes the verifier hands on for parsing).
	out := append(head[:len(head)-1:len(head)-1], `,"predicate":`...)
	out = append(out, bytes.TrimSpace(sbom)...)
	return append(out, '}'), nil
}

// SignDSSE signs payload as a bare DSSE envelope (JSON) with one signature:
// ECDSA (ASN.1, SHA-256 for P-256, SHA-384 for P-384, SHA-512 for P-521),
// Ed25519, or RSA PKCS#1 v1.5 over SHA-256 of the DSSE pre-authentication
// encoding. keyid carries the key fingerprint. VerifyDSSE accepts it.
func SignDSSE(ctx context.Context, payloadType string, payload []byte, signer crypto.Signer) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	kp, err := newKeypair(signer)
	if err != nil {
		return nil, fmt.Errorf("verify: sign DSSE: %w", err)
	}
	sig, _, err := kp.SignData(ctx, dssePAE(payloadType, payload))
	if err != nil {
		return nil, fmt.Errorf("verify: sign DSSE: %w", err)
	}
	fp, err := Fingerprint(signer.Public())
	if err != nil {
		return nil, fmt.Errorf("verify: sign DSSE: %w", err)
	}
	type dsseSig struct {
		KeyID string `json:"keyid"`
		Sig   string `json:"sig"`
	}
	env := struct {
		PayloadType string    `json:"payloadType"`
		Payload     string    `json:"payload"`
		Signatures  []dsseSig `json:"signatures"`
	}{payloadType, base64.StdEncoding.EncodeToString(payload), []dsseSig{{KeyID: fp, Sig: base64.StdEncoding.EncodeToString(sig)}}}
	out, err := json.Marshal(env)
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// SignAttestationBundle signs an in-toto statement (NewCycloneDXStatement)
// offline into a Sigstore bundle (v0.3) with a DSSE envelope and the key's
// hint, no log entry. VerifyBundle with the key and the subject artifact
// accepts it and returns the CycloneDX predicate.
func SignAttestationBundle(ctx context.Context, statement []byte, signer crypto.Signer) ([]byte, error) {
	kp, err := newKeypair(signer)
	if err != nil {
		return nil, fmt.Errorf("verify: sign attestation: %w", err)
	}
	pb, err := sign.Bundle(&sign.DSSEData{Data: statement, PayloadType: InTotoPayloadType}, kp, sign.BundleOptions{Context: ctx})
	if err != nil {
		return nil, fmt.Errorf("verify: sign attestation: %w", err)
	}
	out, err := protojson.MarshalOptions{Multiline: true, Indent: "  "}.Marshal(pb)
	if err != nil {
		return nil, fmt.Errorf("verify: sign attestation: %w", err)
	}
	return append(out, '\n'), nil
}

// SignDetached signs artifact offline and returns a detached signature in
// base64 with a trailing newline, as `cosign sign-blob --output-signature`
// writes it: ECDSA (ASN.1) over the artifact's SHA-256 (SHA-384 for P-384,
// SHA-512 for P-521), Ed25519 over the bytes, RSA PKCS#1 v1.5 over SHA-256.
// VerifyDetached accepts it, and so does `cosign verify-blob --signature`
// (for P-384 and P-521 keys with --signature-digest-algorithm sha384 or
// sha512: cosign assumes SHA-256 unless told).
func SignDetached(ctx context.Context, artifact []byte, signer crypto.Signer) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	kp, err := newKeypair(signer)
	if err != nil {
		return nil, fmt.Errorf("verify: sign: %w", err)
	}
	sig, _, err := kp.SignData(ctx, artifact)
	if err != nil {
		return nil, fmt.Errorf("verify: sign: %w", err)
	}
	return append([]byte(base64.StdEncoding.EncodeToString(sig)), '\n'), nil
}
