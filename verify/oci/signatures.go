package oci

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/fwprov/fwprov/verify"
)

// predicateOutcome decides what a verified statement naming the digest
// counts for: a cosign signature or a CycloneDX SBOM attestation count
// (cosign accepts an attestation as a signature; so does fwprov); any
// other predicate is reported and does not count.
func predicateOutcome(res *verify.Result, signer string) sigAttempt {
	att := sigAttempt{outcome: OutcomeVerified, result: res}
	if res.Statement == nil {
		att.reason = "a message signature over the manifest's bytes"
		return att
	}
	att.predicateType = res.Statement.PredicateType
	switch pt := res.Statement.PredicateType; {
	case pt == CosignSignPredicate:
		att.reason = "cosign signature by " + signer
	case verify.IsCycloneDXPredicate(pt):
		att.reason = "CycloneDX attestation by " + signer
		att.predicate = res.Predicate
	default:
		att.outcome = OutcomeOtherPredicate
		att.reason = fmt.Sprintf("verified, but predicate type %q is neither a cosign signature (%s) nor a CycloneDX SBOM (%s): it does not count", pt, CosignSignPredicate, verify.CycloneDXPredicate)
	}
	return att
}

// failureOutcome maps a verify failure (for one signer) to an outcome. A
// subject mismatch is only a wrong subject when the signer is known to
// have made the signature (the callers make sure).
func failureOutcome(err error) (Outcome, string) {
	var f *verify.Failure
	if !errors.As(err, &f) {
		return OutcomeInvalid, oneLine(err.Error())
	}
	switch f.Check {
	case verify.CheckBundle:
		return OutcomeInvalid, f.Reason
	case verify.CheckKeyPin, verify.CheckSignature, verify.CheckIdentity:
		return OutcomeUntrusted, f.Reason
	case verify.CheckSubject, verify.CheckArtifact:
		return OutcomeWrongSubject, f.Reason
	}
	return OutcomeNotVerified, f.Reason
}

// bundle verifies a Sigstore bundle attachment with one signer.
func (v *Verifier) bundle(ctx context.Context, a *Attachment, d verify.Digest, s Signer) sigAttempt {
	return verifyBundleFor(ctx, a.Data, sourceOf(a), d, s)
}

// verifyBundleFor verifies bundle data for digest d with one signer.
func verifyBundleFor(ctx context.Context, data []byte, source string, d verify.Digest, s Signer) sigAttempt {
	opts := s.Options
	opts.Source = source
	res, err := verify.VerifyBundle(ctx, data, verify.Artifact{Digest: &d}, opts)
	if err == nil {
		return predicateOutcome(res, s.ID)
	}
	out, reason := failureOutcome(err)
	if out != OutcomeWrongSubject {
		return sigAttempt{outcome: out, reason: reason, result: res}
	}
	// sigstore-go compares the subject before it checks a keyless
	// identity: confirm the signer by verifying the bundle against the
	// digest it claims, so that "wrong subject" only ever means "this
	// trusted signer signed another digest".
	for _, claimed := range peek(AttachBundle, data).digests {
		cd, perr := verify.ParseDigest(claimed)
		if perr != nil {
			continue
		}
		if _, cerr := verify.VerifyBundle(ctx, data, verify.Artifact{Digest: &cd}, opts); cerr == nil {
			return sigAttempt{outcome: OutcomeWrongSubject, reason: fmt.Sprintf("signed by %s, but for %q, not %s (copied from another image, or the tag moved after signing)", s.ID, claimed, d), result: res}
		} else if o, r := failureOutcome(cerr); o != OutcomeWrongSubject {
			return sigAttempt{outcome: o, reason: r, result: res}
		}
	}
	return sigAttempt{outcome: OutcomeUntrusted, reason: reason, result: res}
}

// viaBundle says whether a legacy signature is verified as a rebuilt
// Sigstore bundle (keyless; a signer that requires a log entry or a
// timestamp; or one with a trusted root and log material to check) rather
// than as a bare signature with the signer's key.
func viaBundle(a *Attachment, s Signer) bool {
	o := s.Options
	return o.Identity != nil || o.RequireTlog || o.TlogThreshold > 0 || o.RequireTimestamp || o.TimestampThreshold > 0 ||
		(o.TrustedRoot != nil && hasLogMaterial(a))
}

// rebuilt turns a legacy layer into a bundle for signer s, or says why not.
func rebuilt(a *Attachment, s Signer) ([]byte, *sigAttempt) {
	b, err := legacyBundle(a, s.Options.Identity != nil)
	switch {
	case errors.Is(err, errNoCertificate):
		return nil, &sigAttempt{outcome: OutcomeUntrusted, reason: err.Error() + ", and signer " + s.ID + " is keyless"}
	case err != nil:
		return nil, &sigAttempt{outcome: OutcomeInvalid, reason: "legacy signature annotations: " + oneLine(err.Error())}
	}
	return b, nil
}

// dsse verifies a bare DSSE envelope (legacy .att layer) with one signer.
func (v *Verifier) dsse(ctx context.Context, a *Attachment, d verify.Digest, s Signer) sigAttempt {
	if viaBundle(a, s) {
		b, fail := rebuilt(a, s)
		if fail != nil {
			return *fail
		}
		return verifyBundleFor(ctx, b, sourceOf(a), d, s)
	}
	res, err := verify.VerifyDSSE(ctx, a.Data, verify.Artifact{Digest: &d}, verify.DSSEOptions{Source: sourceOf(a), Key: s.Options.Key})
	if err != nil {
		out, reason := failureOutcome(err)
		if out == OutcomeWrongSubject {
			// The key verified the envelope; without a statement the
			// payload was malformed, with one it names another digest.
			if res == nil || res.Statement == nil {
				return sigAttempt{outcome: OutcomeInvalid, reason: reason, result: res}
			}
			reason = fmt.Sprintf("signed by %s, but %s (copied from another image, or the tag moved after signing)", s.ID, reason)
		}
		return sigAttempt{outcome: out, reason: reason, result: res}
	}
	return predicateOutcome(res, s.ID)
}

// simpleSigning verifies a legacy cosign signature with one signer: the
// signature over the payload bytes, then the payload naming the digest.
func (v *Verifier) simpleSigning(ctx context.Context, a *Attachment, d verify.Digest, s Signer) sigAttempt {
	sig := a.Annotations[SignatureAnnotation]
	if strings.TrimSpace(sig) == "" {
		return sigAttempt{outcome: OutcomeInvalid, reason: "no " + SignatureAnnotation + " annotation on the signature layer"}
	}
	var res *verify.Result
	var err error
	if viaBundle(a, s) {
		b, fail := rebuilt(a, s)
		if fail != nil {
			return *fail
		}
		opts := s.Options
		opts.Source = sourceOf(a)
		res, err = verify.VerifyBundle(ctx, b, verify.ArtifactBytes(a.Data), opts)
	} else {
		res, err = verify.VerifyDetached(ctx, verify.ArtifactBytes(a.Data), []byte(sig), verify.DetachedOptions{Source: sourceOf(a), Key: s.Options.Key})
	}
	if err != nil {
		out, reason := failureOutcome(err)
		if out == OutcomeWrongSubject {
			// The message digest is computed from the payload itself.
			out = OutcomeInvalid
		}
		return sigAttempt{outcome: out, reason: reason, result: res}
	}
	p, err := parseSimpleSigning(a.Data)
	if err != nil {
		return sigAttempt{outcome: OutcomeInvalid, reason: "simple-signing payload: " + oneLine(err.Error()), result: res}
	}
	if !strings.EqualFold(p.Critical.Type, SimpleSigningType) {
		return sigAttempt{outcome: OutcomeInvalid, reason: fmt.Sprintf("simple-signing payload: critical.type %q, want %q", p.Critical.Type, SimpleSigningType), result: res}
	}
	if got := p.Critical.Image.DockerManifestDigest; got != d.String() {
		return sigAttempt{outcome: OutcomeWrongSubject, reason: fmt.Sprintf("signed by %s, but for %q, not %s (copied from another image, or the tag moved after signing)", s.ID, got, d), result: res}
	}
	return sigAttempt{outcome: OutcomeVerified, reason: "legacy cosign signature by " + s.ID, result: res}
}
