package verify

import (
	"bytes"
	"context"
	"crypto"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	protobundle "github.com/sigstore/protobuf-specs/gen/pb-go/bundle/v1"
	sgbundle "github.com/sigstore/sigstore-go/pkg/bundle"
	"github.com/sigstore/sigstore-go/pkg/fulcio/certificate"
	"github.com/sigstore/sigstore-go/pkg/root"
	sgverify "github.com/sigstore/sigstore-go/pkg/verify"
	sigsig "github.com/sigstore/sigstore/pkg/signature"
	"google.golang.org/protobuf/encoding/protojson"
)

// Identity is the keyless signer a caller expects: the certificate's Subject
// Alternative Name and the OIDC issuer, each exact or a Go regexp (RE2; as in
// cosign, a regexp is not implicitly anchored: write ^…$). One of SAN and
// SANRegexp and one of Issuer and IssuerRegexp are required.
type Identity struct {
	SAN          string `json:"san,omitempty"`
	SANRegexp    string `json:"sanRegexp,omitempty"`
	Issuer       string `json:"issuer,omitempty"`
	IssuerRegexp string `json:"issuerRegexp,omitempty"`
	// The GitHub Actions claims Fulcio records in the certificate (cosign's
	// --certificate-github-workflow-* flags), each compared exactly when
	// set.
	GithubWorkflowTrigger    string `json:"githubWorkflowTrigger,omitempty"`
	GithubWorkflowSHA        string `json:"githubWorkflowSHA,omitempty"`
	GithubWorkflowName       string `json:"githubWorkflowName,omitempty"`
	GithubWorkflowRepository string `json:"githubWorkflowRepository,omitempty"`
	GithubWorkflowRef        string `json:"githubWorkflowRef,omitempty"`
}

func (id *Identity) validate() error {
	if (id.SAN == "") == (id.SANRegexp == "") {
		return errors.New("verify: keyless verification needs exactly one of certificate identity and certificate identity regexp")
	}
	if (id.Issuer == "") == (id.IssuerRegexp == "") {
		return errors.New("verify: keyless verification needs exactly one of certificate OIDC issuer and certificate OIDC issuer regexp")
	}
	return nil
}

// BundleOptions says what VerifyBundle expects.
type BundleOptions struct {
	// Source names the bundle for messages and the Result.
	Source string
	// TrustedRoot is the Sigstore trusted root (LoadTrustedRoot). Required
	// for keyless verification. With a Key it is optional: when given, log
	// entries and timestamps in the bundle are checked against it; when nil,
	// only the signature is checked and the transparency log is reported as
	// not performed.
	TrustedRoot root.TrustedMaterial
	// Key, when set, requires the bundle to be signed by this key (not a
	// certificate). Exactly one of Key and Identity must be set.
	Key *PublicKey
	// Identity, when set, requires a Fulcio certificate for this identity.
	Identity *Identity
	// TlogThreshold is the number of verified transparency-log entries
	// required. 0 means: keyless — 1 when TrustedRoot has transparency
	// logs; key-based — 1 when TrustedRoot has logs and the bundle carries
	// entries (entries that are present must verify). Otherwise the check
	// is not performed and reported so.
	TlogThreshold int
	// RequireTlog makes a verified transparency-log entry mandatory: a
	// bundle without one, or without a TrustedRoot whose logs can check
	// it, fails.
	RequireTlog bool
	// TimestampThreshold is the number of verified RFC 3161 timestamps
	// required. 0 means 1 when TrustedRoot has timestamp authorities and the
	// bundle carries timestamps, else none.
	TimestampThreshold int
	// RequireTimestamp makes an RFC 3161 timestamp mandatory.
	RequireTimestamp bool
	// SCTThreshold is the number of verified SCTs required for keyless
	// certificates. 0 means 1 when TrustedRoot has CT logs, else the check
	// is not performed (reported).
	SCTThreshold int

	// The options below are cosign's verify-blob flags, with the same
	// meaning.

	// IgnoreTlog skips transparency-log verification (cosign's
	// --insecure-ignore-tlog): log entries in the bundle are not checked
	// (reported as not performed) and, as in cosign, a keyless certificate
	// is then checked at the current time unless a verified RFC 3161
	// timestamp places it. It excludes RequireTlog and TlogThreshold.
	IgnoreTlog bool
	// IgnoreSCT skips the check that a keyless certificate carries an SCT
	// from a trusted CT log (cosign's --insecure-ignore-sct).
	IgnoreSCT bool
	// Hash, when set, is the digest a key signature over a message is
	// verified with (cosign's --signature-digest-algorithm); by default
	// the one the bundle declares.
	Hash crypto.Hash
	// AllowCertificateChain accepts a v0.3 bundle whose verification
	// material is an X.509 chain rather than one certificate (cosign's
	// --allow-certificate-chain).
	AllowCertificateChain bool
	// PredicateType, when set, is the predicate type the in-toto statement
	// of a DSSE bundle must have, exactly (cosign's verify-blob-attestation
	// --type, after its short names are resolved).
	PredicateType string
	// SkipSubject verifies a DSSE bundle's signature without requiring a
	// statement subject to name the artifact (cosign's --check-claims=false):
	// the subject check is reported as not performed, and the artifact may
	// be empty. It is refused for a message-signature bundle, whose
	// signature is over the artifact itself.
	SkipSubject bool
}

// ErrSkipSubjectMessage is the error for SkipSubject on a bundle that signs
// the artifact directly.
var ErrSkipSubjectMessage = errors.New("verify: bundle: skipping the subject check applies to attestations (DSSE); this bundle signs the artifact itself")

// LoadTrustedRoot parses a Sigstore trusted_root.json (as distributed by
// the TUF repository, or a private deployment's). name is for messages.
// Nothing is fetched: this is the offline root.
func LoadTrustedRoot(name string, data []byte) (*root.TrustedRoot, error) {
	tr, err := root.NewTrustedRootFromJSON(data)
	if err != nil {
		return nil, fmt.Errorf("verify: load trusted root %s: %w", name, err)
	}
	return tr, nil
}

// LoadTrustedRootFile reads and parses a trusted root file.
func LoadTrustedRootFile(path string) (*root.TrustedRoot, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("verify: load trusted root: %w", err)
	}
	return LoadTrustedRoot(path, data)
}

// ParseBundle decodes a Sigstore bundle (v0.1–v0.3 JSON). A JSON or
// protobuf decoding error is a plain error; a bundle that decodes but is not
// a valid bundle (unsupported version, missing parts) is a *Failure.
func ParseBundle(name string, data []byte) (*sgbundle.Bundle, error) {
	return parseBundle(name, data)
}

func parseBundle(name string, data []byte, opts ...sgbundle.Option) (*sgbundle.Bundle, error) {
	pb := new(protobundle.Bundle)
	if err := protojson.Unmarshal(data, pb); err != nil {
		return nil, fmt.Errorf("verify: parse bundle %s: %w", name, err)
	}
	b, err := sgbundle.NewBundle(pb, opts...)
	if err != nil {
		return nil, &Failure{Check: CheckBundle, Reason: oneLine(fmt.Sprintf("invalid bundle %s: %v", name, err)), Err: err}
	}
	return b, nil
}

// VerifyBundle verifies a Sigstore bundle for artifact. For a bundle with a
// DSSE envelope the artifact must be named by a subject of the in-toto
// statement; a CycloneDX predicate is returned in Result.Predicate.
func VerifyBundle(ctx context.Context, bundleJSON []byte, artifact Artifact, opts BundleOptions) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := artifact.valid(); err != nil && !opts.SkipSubject {
		return nil, err
	}
	if (opts.Key == nil) == (opts.Identity == nil) {
		return nil, errors.New("verify: bundle: give exactly one of a key and a keyless identity")
	}
	if opts.IgnoreTlog && (opts.RequireTlog || opts.TlogThreshold > 0) {
		return nil, errors.New("verify: bundle: ignoring the transparency log and requiring it do not go together")
	}
	if opts.Identity != nil {
		if err := opts.Identity.validate(); err != nil {
			return nil, err
		}
		if opts.TrustedRoot == nil {
			return nil, errors.New("verify: bundle: keyless verification needs a trusted root")
		}
	}
	name := opts.Source
	if name == "" {
		name = "bundle"
	}
	res := &Result{Kind: KindBundle, Source: opts.Source}

	var bopts []sgbundle.Option
	if opts.AllowCertificateChain {
		bopts = append(bopts, sgbundle.AllowCertificateChain())
	}
	b, err := parseBundle(name, bundleJSON, bopts...)
	if err != nil {
		var f *Failure
		if errors.As(err, &f) {
			return res.fail(CheckBundle, f.Err, "invalid bundle %s", name)
		}
		return nil, err
	}
	res.MediaType = b.MediaType
	res.pass(CheckBundle, b.MediaType)
	return verifyEntity(ctx, b, artifact, opts, res)
}

// verifyEntity is VerifyBundle after parsing; tests drive it with
// sigstore-go's virtual Sigstore entities too.
func verifyEntity(_ context.Context, b sgverify.SignedEntity, artifact Artifact, opts BundleOptions, res *Result) (*Result, error) {
	vc, err := b.VerificationContent()
	if err != nil {
		return res.fail(CheckBundle, err, "no verification material")
	}
	sc, err := b.SignatureContent()
	if err != nil {
		return res.fail(CheckBundle, err, "no signature content")
	}
	keyless := opts.Identity != nil
	leaf := vc.Certificate()
	switch {
	case keyless && leaf == nil:
		return res.fail(CheckIdentity, nil, "bundle is signed with a key, not a certificate; verify it with the signer's public key")
	case !keyless && leaf != nil:
		return res.fail(CheckKeyPin, nil, "bundle is signed with a certificate, not the given key")
	}

	var tm root.TrustedMaterial = opts.TrustedRoot
	rekorLogs := map[string]*root.TransparencyLog{}
	var tsas []root.TimestampingAuthority
	var ctlogs map[string]*root.TransparencyLog
	if opts.TrustedRoot != nil {
		rekorLogs = opts.TrustedRoot.RekorLogs()
		tsas = opts.TrustedRoot.TimestampingAuthorities()
		ctlogs = opts.TrustedRoot.CTLogs()
	}
	if opts.SkipSubject && sc.EnvelopeContent() == nil {
		return nil, ErrSkipSubjectMessage
	}
	if !keyless {
		kv, err := keyVerifier(opts.Key.Key, sc, opts.Hash)
		if err != nil {
			return res.fail(CheckKeyPin, err, "key %s cannot verify this bundle", opts.Key.Fingerprint)
		}
		km := root.NewTrustedPublicKeyMaterial(func(string) (root.TimeConstrainedVerifier, error) {
			return root.NewExpiringKey(kv, opts.Key.ValidFrom, opts.Key.ValidUntil), nil
		})
		if tm == nil {
			tm = km
		} else {
			tm = root.TrustedMaterialCollection{km, tm}
		}
	}

	var vopts []sgverify.VerifierOption
	timeSources := 0

	entries, err := b.TlogEntries()
	if err != nil {
		return res.fail(CheckBundle, err, "transparency-log entries")
	}
	tlogThreshold := opts.TlogThreshold
	switch {
	case opts.IgnoreTlog:
	case tlogThreshold > 0:
	case opts.RequireTlog:
		tlogThreshold = 1
	case keyless && len(rekorLogs) > 0:
		// Keyless: the log (or a TSA) is what places the short-lived
		// certificate in time; a root with logs means entries are expected.
		tlogThreshold = 1
	case !keyless && len(rekorLogs) > 0 && len(entries) > 0:
		// Key-based: a bundle that carries log entries must have them
		// verify; one without is accepted with the check reported as not
		// performed (RequireTlog makes it mandatory).
		tlogThreshold = 1
	}
	if tlogThreshold > 0 {
		vopts = append(vopts, sgverify.WithTransparencyLog(tlogThreshold))
		res.skip(CheckTransparencyLog, true, "")
		if b.HasInclusionPromise() {
			vopts = append(vopts, sgverify.WithIntegratedTimestamps(1))
			timeSources++
		}
	} else {
		why := "no trusted root given"
		switch {
		case opts.IgnoreTlog:
			why = "skipped on request (ignore the transparency log)"
		case opts.TrustedRoot != nil && len(entries) == 0:
			why = "the bundle has no transparency-log entry"
		case opts.TrustedRoot != nil:
			why = "the trusted root has no transparency logs"
		}
		res.skip(CheckTransparencyLog, false, why)
	}

	stamps, err := b.Timestamps()
	if err != nil {
		return res.fail(CheckTimestamp, err, "reading RFC 3161 timestamps")
	}
	tsThreshold := opts.TimestampThreshold
	if tsThreshold == 0 && (opts.RequireTimestamp || (len(tsas) > 0 && len(stamps) > 0)) {
		tsThreshold = 1
	}
	if tsThreshold > 0 {
		vopts = append(vopts, sgverify.WithSignedTimestamps(tsThreshold))
		res.skip(CheckTimestamp, true, "")
		timeSources++
	} else {
		why := "the bundle carries no RFC 3161 timestamp"
		if len(stamps) > 0 {
			why = "no trusted timestamp authority to check the bundle's RFC 3161 timestamp"
		}
		res.skip(CheckTimestamp, false, why)
	}

	if keyless {
		sct := opts.SCTThreshold
		if sct == 0 && len(ctlogs) > 0 && !opts.IgnoreSCT {
			sct = 1
		}
		switch {
		case sct > 0:
			vopts = append(vopts, sgverify.WithSignedCertificateTimestamps(sct))
			res.skip(CheckSCT, true, "")
		case opts.IgnoreSCT:
			res.skip(CheckSCT, false, "skipped on request (ignore SCTs)")
		default:
			res.skip(CheckSCT, false, "the trusted root has no CT logs")
		}
		if timeSources == 0 && opts.IgnoreTlog {
			// cosign's rule: without the log and without a signed
			// timestamp, the certificate must be valid now.
			vopts = append(vopts, sgverify.WithCurrentTime())
			timeSources++
		}
		if timeSources == 0 {
			return res.fail(CheckCertificate, nil, "no trusted time: the bundle has no signed entry timestamp from a trusted log and no RFC 3161 timestamp from a trusted authority, so the short-lived certificate cannot be checked")
		}
		res.skip(CheckCertificate, true, "")
		res.skip(CheckIdentity, true, "")
	} else if timeSources == 0 {
		vopts = append(vopts, sgverify.WithNoObserverTimestamps())
	}

	verifier, err := sgverify.NewVerifier(tm, vopts...)
	if err != nil {
		return nil, fmt.Errorf("verify: bundle: %w", err)
	}

	var artOpt sgverify.ArtifactPolicyOption
	if opts.SkipSubject {
		artOpt = sgverify.WithoutArtifactUnsafe()
	} else if artifact.Data != nil {
		artOpt = sgverify.WithArtifact(bytes.NewReader(artifact.Data))
	} else {
		raw, _ := hex.DecodeString(artifact.Digest.Value)
		artOpt = sgverify.WithArtifactDigest(artifact.Digest.Algorithm, raw)
	}
	var pol []sgverify.PolicyOption
	if keyless {
		id, err := opts.Identity.certificateIdentity()
		if err != nil {
			return nil, fmt.Errorf("verify: bundle: identity: %w", err)
		}
		pol = append(pol, sgverify.WithCertificateIdentity(id))
	} else {
		pol = append(pol, sgverify.WithKey())
	}

	isDSSE := sc.EnvelopeContent() != nil
	vr, err := verifier.Verify(b, sgverify.NewPolicy(artOpt, pol...))
	if err != nil {
		return res.fail(classify(err, isDSSE), err, "%s", oneLine(err.Error()))
	}

	// Everything sigstore-go was asked to check has passed.
	res.pass(CheckSignature, "")
	for i := range res.Checks {
		if res.Checks[i].Required && res.Checks[i].Status == StatusNotPerformed {
			res.Checks[i].Status = StatusPassed
		}
	}

	signer := Signer{Kind: SignerKey}
	if keyless {
		signer.Kind = SignerKeyless
		if vr.Signature != nil && vr.Signature.Certificate != nil {
			signer.Identity = vr.Signature.Certificate.SubjectAlternativeName
			signer.OIDCIssuer = vr.Signature.Certificate.Issuer
			signer.CertificateIssuer = vr.Signature.Certificate.CertificateIssuer
		}
		nb, na := leaf.NotBefore.UTC(), leaf.NotAfter.UTC()
		signer.CertificateNotBefore, signer.CertificateNotAfter = &nb, &na
		signer.Algorithm = keyAlgorithm(leaf.PublicKey)
		signer.KeyFingerprint, _ = Fingerprint(leaf.PublicKey)
		res.pass(CheckIdentity, signer.Identity+" from "+signer.OIDCIssuer)
	} else {
		signer.Algorithm = keyAlgorithm(opts.Key.Key)
		signer.KeyFingerprint = opts.Key.Fingerprint
		if pk := vc.PublicKey(); pk != nil {
			signer.KeyID = pk.Hint()
		}
		res.pass(CheckKeyPin, "signed by the given key "+opts.Key.Fingerprint)
	}
	res.Signers = []Signer{signer}

	for _, ts := range vr.VerifiedTimestamps {
		src := strings.ToLower(ts.Type)
		switch ts.Type {
		case "Tlog":
			src = "tlog"
		case "TimestampAuthority":
			src = "rfc3161"
		case "CurrentTime":
			src = "current-time"
		}
		res.Timestamps = append(res.Timestamps, Timestamp{Source: src, URI: ts.URI, Time: ts.Timestamp.UTC()})
	}
	if tlogThreshold > 0 {
		for _, e := range entries {
			logID := hex.EncodeToString([]byte(e.LogKeyID()))
			tl, ok := rekorLogs[logID]
			if !ok {
				continue
			}
			te := TlogEntry{
				LogID:          logID,
				LogURL:         tl.BaseURL,
				LogIndex:       e.LogIndex(),
				InclusionProof: e.HasInclusionProof(),
				InclusionSET:   e.HasInclusionPromise(),
			}
			if !e.IntegratedTime().IsZero() {
				te.IntegratedTime = e.IntegratedTime().UTC()
			}
			if p := e.TransparencyLogEntry(); p != nil && p.KindVersion != nil {
				te.Kind = p.KindVersion.Kind + "/" + p.KindVersion.Version
			}
			res.TransparencyLog = append(res.TransparencyLog, te)
		}
	}

	if env := sc.EnvelopeContent(); env != nil {
		raw := env.RawEnvelope()
		payload, err := decodeB64(raw.Payload)
		if err != nil {
			return res.fail(CheckSubject, err, "DSSE payload is not base64")
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
	} else if ms := sc.MessageSignatureContent(); ms != nil {
		alg := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(ms.DigestAlgorithm(), "SHA2_"), "_", ""))
		if h, ok := hashFromName(ms.DigestAlgorithm()); ok {
			alg = hashName(h)
		}
		res.ArtifactDigests = []Digest{{Algorithm: alg, Value: hex.EncodeToString(ms.Digest())}}
		res.pass(CheckArtifact, "message digest "+alg+":"+hex.EncodeToString(ms.Digest()))
	}
	return res.finish()
}

// keyVerifier loads a signature verifier for a pinned key, using the hash
// the bundle declares for message signatures.
func keyVerifier(k crypto.PublicKey, sc sgverify.SignatureContent, override crypto.Hash) (sigsig.Verifier, error) {
	h := keyHash(k)
	if ms := sc.MessageSignatureContent(); ms != nil {
		if mh, ok := hashFromName(ms.DigestAlgorithm()); ok {
			h = mh
		}
	}
	if override != 0 {
		h = override
	}
	return loadVerifier(k, h)
}

// certificateIdentity is the identity as sigstore-go matches it: SAN and
// issuer, and the GitHub workflow extensions that are set.
func (id *Identity) certificateIdentity() (sgverify.CertificateIdentity, error) {
	san, err := sgverify.NewSANMatcher(id.SAN, id.SANRegexp)
	if err != nil {
		return sgverify.CertificateIdentity{}, err
	}
	issuer, err := sgverify.NewIssuerMatcher(id.Issuer, id.IssuerRegexp)
	if err != nil {
		return sgverify.CertificateIdentity{}, err
	}
	return sgverify.NewCertificateIdentity(san, issuer, certificate.Extensions{
		GithubWorkflowTrigger:    id.GithubWorkflowTrigger,
		GithubWorkflowSHA:        id.GithubWorkflowSHA,
		GithubWorkflowName:       id.GithubWorkflowName,
		GithubWorkflowRepository: id.GithubWorkflowRepository,
		GithubWorkflowRef:        id.GithubWorkflowRef,
	})
}

// checkPredicateType compares a statement's predicate type with the one
// asked for ("" accepts any) and records the check.
func checkPredicateType(res *Result, st *Statement, want string) error {
	if want == "" {
		return nil
	}
	if st.PredicateType != want {
		return fmt.Errorf("predicate type %q, want %q", st.PredicateType, want)
	}
	res.pass(CheckPredicateType, st.PredicateType)
	return nil
}

// classify maps a sigstore-go verification error to the check that failed.
func classify(err error, dsse bool) string {
	msg := err.Error()
	has := func(s string) bool { return strings.Contains(msg, s) }
	switch {
	case strings.HasPrefix(msg, "failed to verify log inclusion"):
		return CheckTransparencyLog
	case has("no valid observer timestamps"), has("threshold not met for verified log entry integrated"):
		return CheckCertificate
	case strings.HasPrefix(msg, "failed to verify timestamps"):
		return CheckTimestamp
	case has("failed to verify leaf certificate"), has("must provide timestamp to verify certificate"), has("failed to summarize certificate"):
		return CheckCertificate
	case has("failed to verify signed certificate timestamp"), has("SCTs required"):
		return CheckSCT
	case has("certificate identit"):
		return CheckIdentity
	case has("expected key signature"), has("public key validity window"):
		return CheckKeyPin
	case has("digest") && (has("does not match") || has("do not match") || has("no matching")):
		if dsse {
			return CheckSubject
		}
		return CheckArtifact
	}
	return CheckSignature
}
