package verify

import (
	"bytes"
	"context"
	"crypto"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// In-toto and DSSE constants.
const (
	InTotoPayloadType     = "application/vnd.in-toto+json"
	InTotoStatementV1     = "https://in-toto.io/Statement/v1"
	InTotoStatementV01    = "https://in-toto.io/Statement/v0.1"
	CycloneDXPredicate    = "https://cyclonedx.org/bom"
	maxStatementSubjects  = 1024
	maxStatementDigestSet = 32
)

// IsCycloneDXPredicate reports whether an in-toto predicateType names a
// CycloneDX BOM ("https://cyclonedx.org/bom" or "https://cyclonedx.org/bom/v1.x").
func IsCycloneDXPredicate(t string) bool {
	return t == CycloneDXPredicate || strings.HasPrefix(t, CycloneDXPredicate+"/v1.")
}

type rawStatement struct {
	Type    string `json:"_type"`
	Subject []struct {
		Name   string            `json:"name"`
		Digest map[string]string `json:"digest"`
	} `json:"subject"`
	PredicateType string         `json:"predicateType"`
	Predicate     jsontext.Value `json:"predicate"`
}

// parseStatement decodes an in-toto statement (duplicate JSON member names
// are refused) and returns its summary and, for a CycloneDX predicate, the
// predicate bytes.
func parseStatement(payload []byte) (*Statement, []byte, error) {
	var rs rawStatement
	if err := json.Unmarshal(payload, &rs); err != nil {
		return nil, nil, fmt.Errorf("decode statement: %w", err)
	}
	if rs.Type != InTotoStatementV1 && rs.Type != InTotoStatementV01 {
		return nil, nil, fmt.Errorf("statement _type %q is not an in-toto statement", rs.Type)
	}
	if len(rs.Subject) == 0 {
		return nil, nil, errors.New("statement has no subject")
	}
	if len(rs.Subject) > maxStatementSubjects {
		return nil, nil, fmt.Errorf("statement has %d subjects (limit %d)", len(rs.Subject), maxStatementSubjects)
	}
	st := &Statement{Type: rs.Type, PredicateType: rs.PredicateType}
	for _, s := range rs.Subject {
		if len(s.Digest) > maxStatementDigestSet {
			return nil, nil, fmt.Errorf("subject %q has %d digests (limit %d)", s.Name, len(s.Digest), maxStatementDigestSet)
		}
		sub := Subject{Name: s.Name}
		for alg, v := range s.Digest {
			sub.Digests = append(sub.Digests, Digest{Algorithm: strings.ToLower(alg), Value: strings.ToLower(v)})
		}
		sort.Slice(sub.Digests, func(i, j int) bool { return sub.Digests[i].Algorithm < sub.Digests[j].Algorithm })
		st.Subjects = append(st.Subjects, sub)
	}
	var pred []byte
	if IsCycloneDXPredicate(rs.PredicateType) {
		if rs.Predicate.Kind() != '{' {
			return nil, nil, fmt.Errorf("CycloneDX predicate is not a JSON object")
		}
		pred = bytes.Clone(rs.Predicate)
	}
	return st, pred, nil
}

// matchSubject finds the subject whose digest equals the artifact's (sha256,
// sha384 or sha512). It returns the subject's name (or its digest when it has
// no name).
func matchSubject(st *Statement, a Artifact) (string, error) {
	var cache = map[string]string{}
	digestOf := func(alg string) (string, bool) {
		if a.Data == nil {
			if a.Digest != nil && a.Digest.Algorithm == alg {
				return a.Digest.Value, true
			}
			return "", false
		}
		if v, ok := cache[alg]; ok {
			return v, true
		}
		var sum []byte
		switch alg {
		case "sha256":
			s := sha256.Sum256(a.Data)
			sum = s[:]
		case "sha384":
			s := sha512.Sum384(a.Data)
			sum = s[:]
		case "sha512":
			s := sha512.Sum512(a.Data)
			sum = s[:]
		default:
			return "", false
		}
		cache[alg] = hex.EncodeToString(sum)
		return cache[alg], true
	}
	comparable := false
	for _, s := range st.Subjects {
		for _, d := range s.Digests {
			want, ok := digestOf(d.Algorithm)
			if !ok {
				continue
			}
			comparable = true
			if want == d.Value {
				if s.Name != "" {
					return s.Name, nil
				}
				return d.String(), nil
			}
		}
	}
	var names []string
	for i, s := range st.Subjects {
		if i == 3 {
			names = append(names, fmt.Sprintf("and %d more", len(st.Subjects)-3))
			break
		}
		var ds []string
		for _, d := range s.Digests {
			ds = append(ds, d.String())
		}
		names = append(names, strings.TrimSpace(s.Name+" "+strings.Join(ds, ",")))
	}
	have := a.digests(crypto.SHA256)
	if !comparable {
		return "", fmt.Errorf("no subject has a digest algorithm comparable with the artifact's %s (subjects: %s)", have[0], strings.Join(names, "; "))
	}
	return "", fmt.Errorf("no subject names the artifact %s (subjects: %s)", have[0], strings.Join(names, "; "))
}

// DSSEOptions says what VerifyDSSE expects.
type DSSEOptions struct {
	// Source names the envelope for messages and the Result.
	Source string
	// Key is the public key the envelope must be signed with. Required.
	Key *PublicKey
	// PredicateType and SkipSubject are as in BundleOptions.
	PredicateType string
	SkipSubject   bool
}

type dsseEnvelope struct {
	PayloadType string `json:"payloadType"`
	Payload     string `json:"payload"`
	Signatures  []struct {
		KeyID string `json:"keyid"`
		Sig   string `json:"sig"`
	} `json:"signatures"`
}

// IsBundle reports whether data looks like a Sigstore bundle (a JSON object
// with a Sigstore bundle mediaType) rather than a bare DSSE envelope.
func IsBundle(data []byte) bool {
	var probe struct {
		MediaType string `json:"mediaType"`
	}
	if err := json.Unmarshal(data, &probe, jsontext.AllowDuplicateNames(true)); err != nil {
		return false
	}
	return strings.HasPrefix(probe.MediaType, "application/vnd.dev.sigstore.bundle")
}

// VerifyDSSE verifies a bare DSSE envelope (as written by `cosign attest
// --no-upload` or in-toto tooling) signed by opts.Key, carrying an in-toto
// statement one of whose subjects is artifact. Exactly one signature is
// accepted. A CycloneDX predicate is returned in Result.Predicate.
// Envelopes inside Sigstore bundles go through VerifyBundle.
func VerifyDSSE(ctx context.Context, envelopeJSON []byte, artifact Artifact, opts DSSEOptions) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := artifact.valid(); err != nil && !opts.SkipSubject {
		return nil, err
	}
	if opts.Key == nil {
		return nil, errors.New("verify: dsse: a public key is required")
	}
	name := opts.Source
	if name == "" {
		name = "envelope"
	}
	var env dsseEnvelope
	if err := json.Unmarshal(envelopeJSON, &env); err != nil {
		return nil, fmt.Errorf("verify: parse DSSE envelope %s: %w", name, err)
	}
	res := &Result{Kind: KindDSSE, Source: opts.Source}
	res.skip(CheckSignature, true, "")
	res.skip(CheckKeyPin, true, "")
	res.skip(CheckSubject, true, "")
	switch n := len(env.Signatures); {
	case n == 0:
		return res.fail(CheckSignature, nil, "DSSE envelope %s has no signature", name)
	case n > 1:
		return res.fail(CheckSignature, nil, "DSSE envelope %s has %d signatures; exactly one is accepted", name, n)
	}
	payload, err := decodeB64(env.Payload)
	if err != nil {
		return res.fail(CheckSignature, err, "DSSE payload is not base64")
	}
	sig, err := decodeB64(env.Signatures[0].Sig)
	if err != nil {
		return res.fail(CheckSignature, err, "DSSE signature is not base64")
	}
	pae := dssePAE(env.PayloadType, payload)
	if err := verifyRaw(opts.Key.Key, pae, sig, 0); err != nil {
		return res.fail(CheckSignature, err, "DSSE signature does not verify with key %s", opts.Key.Fingerprint)
	}
	res.pass(CheckSignature, "")
	res.pass(CheckKeyPin, "signed by the given key "+opts.Key.Fingerprint)
	res.Signers = []Signer{{Kind: SignerKey, Algorithm: keyAlgorithm(opts.Key.Key), KeyID: env.Signatures[0].KeyID, KeyFingerprint: opts.Key.Fingerprint}}
	if env.PayloadType != InTotoPayloadType {
		return res.fail(CheckSubject, nil, "payload type %q is not an in-toto statement (%s)", env.PayloadType, InTotoPayloadType)
	}
	st, pred, err := parseStatement(payload)
	if err != nil {
		return res.fail(CheckSubject, err, "in-toto statement")
	}
	res.Statement = st
	if err := checkPredicateType(res, st, opts.PredicateType); err != nil {
		return res.fail(CheckPredicateType, err, "in-toto statement")
	}
	if opts.SkipSubject {
		res.Predicate = pred
		res.skip(CheckSubject, false, "skipped on request (the statement's subjects were not compared with the artifact)")
		return res.finish()
	}
	matched, err := matchSubject(st, artifact)
	if err != nil {
		return res.fail(CheckSubject, err, "in-toto statement")
	}
	st.MatchedSubject = matched
	res.Predicate = pred
	res.ArtifactDigests = artifact.digests(crypto.SHA256, crypto.SHA512)
	res.pass(CheckSubject, "subject "+matched)
	return res.finish()
}

// dssePAE is the DSSE v1 pre-authentication encoding.
func dssePAE(payloadType string, payload []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "DSSEv1 %d %s %d ", len(payloadType), payloadType, len(payload))
	b.Write(payload)
	return b.Bytes()
}

func decodeB64(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	if b, err := base64.URLEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}
