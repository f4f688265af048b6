package oci

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/fwprov/fwprov/verify"
)

// Signer is one trusted signer: the verify package's options for a pinned
// key or a keyless identity.
type Signer struct {
	// ID names the signer in reports (a policy's trust.signers id). Empty
	// means the key fingerprint or the certificate identity.
	ID string
	// Options are as for verify.VerifyBundle: exactly one of Key and
	// Identity; TrustedRoot (required for keyless); log and timestamp
	// requirements. Source is set per attachment.
	Options verify.BundleOptions
}

// Verifier checks discovered attachments against trusted signers. Prepare
// it once (NewVerifier) and Verify many images with it; it is safe for
// concurrent use.
type Verifier struct {
	signers []Signer
}

// NewVerifier validates the signers and returns a Verifier.
func NewVerifier(signers ...Signer) (*Verifier, error) {
	v, err := newVerifier(signers)
	return v, sanitize(err)
}

func newVerifier(signers []Signer) (*Verifier, error) {
	if len(signers) == 0 {
		return nil, errors.New("oci: no trusted signer given")
	}
	seen := map[string]bool{}
	out := make([]Signer, 0, len(signers))
	for i, s := range signers {
		o := s.Options
		switch {
		case (o.Key == nil) == (o.Identity == nil):
			return nil, fmt.Errorf("oci: signer %d (%s): give exactly one of a key and a keyless identity", i+1, s.ID)
		case o.Identity != nil && o.TrustedRoot == nil:
			return nil, fmt.Errorf("oci: signer %d (%s): keyless verification needs a trusted root", i+1, s.ID)
		}
		if s.ID == "" {
			if o.Key != nil {
				s.ID = o.Key.Fingerprint
			} else {
				s.ID = strings.TrimSpace(o.Identity.SAN + o.Identity.SANRegexp)
			}
		}
		if seen[s.ID] {
			return nil, fmt.Errorf("oci: signer %q given twice", s.ID)
		}
		seen[s.ID] = true
		out = append(out, s)
	}
	return &Verifier{signers: out}, nil
}

// Outcome is what became of one attachment.
type Outcome string

// Outcomes, best first.
const (
	// OutcomeVerified: a trusted signer signed it and it names the digest.
	OutcomeVerified Outcome = "verified"
	// OutcomeOtherPredicate: verified and naming the digest, but its
	// predicate is neither a cosign signature nor a CycloneDX SBOM, so it
	// does not count.
	OutcomeOtherPredicate Outcome = "other-predicate"
	// OutcomeWrongSubject: signed by a trusted signer, but for another
	// digest (copied from another image, or the tag moved).
	OutcomeWrongSubject Outcome = "wrong-subject"
	// OutcomeNotVerified: a trusted signer's signature, but a check the
	// signer requires failed (transparency log, timestamp, certificate).
	OutcomeNotVerified Outcome = "not-verified"
	// OutcomeUntrusted: no trusted signer's key or identity made it.
	// Ignored, not fatal.
	OutcomeUntrusted Outcome = "untrusted"
	// OutcomeUnsupported: a form fwprov does not verify.
	OutcomeUnsupported Outcome = "unsupported"
	// OutcomeInvalid: malformed.
	OutcomeInvalid Outcome = "invalid"
	// OutcomeUnsigned: an attached SBOM nothing trusted covers.
	OutcomeUnsigned Outcome = "unsigned"
	// OutcomeIgnored: a referrer fwprov does not read.
	OutcomeIgnored Outcome = "ignored"
)

var outcomeRank = map[Outcome]int{
	OutcomeVerified: 8, OutcomeOtherPredicate: 7, OutcomeWrongSubject: 6, OutcomeNotVerified: 5,
	OutcomeUntrusted: 4, OutcomeUnsupported: 3, OutcomeInvalid: 2, OutcomeUnsigned: 1, OutcomeIgnored: 0,
}

// Report is what Verify proved about an image. It is plain data.
type Report struct {
	Reference string `json:"reference"`
	Source    string `json:"source"`
	Kind      Kind   `json:"kind"`
	Tag       string `json:"tag,omitempty"`
	// Digest is the top-level digest gated (what the tag resolved to).
	Digest    string `json:"digest"`
	MediaType string `json:"mediaType"`
	// Verified is true when every gated manifest is covered by a trusted
	// signature or attestation.
	Verified bool `json:"verified"`
	// Reason says, in one line, why not ("" when verified).
	Reason string `json:"reason,omitempty"`
	// Index reports the image index's own attachments. They are listed
	// as evidence; they do not stand in for a platform's.
	Index *ManifestReport `json:"index,omitempty"`
	// Manifests has one entry per gated manifest, in Image order.
	Manifests []ManifestReport `json:"manifests"`
	Skipped   []Skipped        `json:"skipped,omitempty"`
	Notes     []string         `json:"notes,omitempty"`
}

// ManifestReport is the verdict on one manifest digest.
type ManifestReport struct {
	Digest   string `json:"digest"`
	Platform string `json:"platform,omitempty"`
	// Verified is true when at least one attachment counts: a verified
	// cosign signature, or a verified CycloneDX attestation, naming Digest.
	Verified bool   `json:"verified"`
	Reason   string `json:"reason,omitempty"`
	// Signers lists the IDs of the trusted signers whose signatures count.
	Signers  []string   `json:"signers,omitempty"`
	Evidence []Evidence `json:"evidence"`
	// SBOMs are the SBOMs a trusted signer covers: the predicates of
	// verified CycloneDX attestations and attached SBOMs whose manifest
	// (naming this digest as subject) carries a verified signature.
	// Identical SBOMs appear once.
	SBOMs []SBOM `json:"sboms,omitempty"`
}

// Evidence is what became of one attachment.
type Evidence struct {
	Kind     AttachmentKind `json:"kind"`
	Found    []string       `json:"found"`
	Manifest string         `json:"manifest"`
	Layer    string         `json:"layer,omitempty"`
	// PredicateType is the verified statement's predicate type, or what
	// the attachment claims when it did not verify.
	PredicateType string  `json:"predicateType,omitempty"`
	Outcome       Outcome `json:"outcome"`
	// Counts is true when this attachment proves the manifest's provenance.
	Counts bool `json:"counts"`
	// Signer is the trusted signer's ID (when one verified it).
	Signer string `json:"signer,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Result is the verify package's result for the signer that got
	// furthest (nil when no signer could be tried).
	Result *verify.Result `json:"result,omitempty"`
}

// SBOM is an SBOM a trusted signer covers.
type SBOM struct {
	// Data is the SBOM's bytes: what the gate parses.
	Data []byte `json:"-"`
	// Digest is sha256 of Data.
	Digest    string `json:"digest"`
	Size      int64  `json:"size"`
	MediaType string `json:"mediaType"`
	// From is "attestation" (a verified CycloneDX predicate) or "attached"
	// (an attached SBOM covered by a verified signature).
	From string `json:"from"`
	// Manifest is the manifest that held it.
	Manifest string `json:"manifest"`
	Signer   string `json:"signer"`
}

// CycloneDXJSONMediaType is the media type given to attestation predicates.
const CycloneDXJSONMediaType = "application/vnd.cyclonedx+json"

// Verify checks every attachment of every gated manifest of img. It
// returns an error only for a cancelled context; "not verified" is
// Report.Verified == false with a Reason.
func (v *Verifier) Verify(ctx context.Context, img *Image) (*Report, error) {
	rep := &Report{Reference: img.Reference, Source: img.Source, Kind: img.Kind, Tag: img.Tag, Digest: img.Digest, MediaType: img.MediaType, Skipped: img.Skipped, Notes: img.Notes}
	if img.Index != nil {
		r, err := v.verifyManifest(ctx, img.Index)
		if err != nil {
			return nil, err
		}
		rep.Index = &r
	}
	rep.Verified = len(img.Manifests) > 0
	for _, m := range img.Manifests {
		r, err := v.verifyManifest(ctx, m)
		if err != nil {
			return nil, err
		}
		if !r.Verified && rep.Verified {
			rep.Verified = false
			rep.Reason = r.Reason
			if len(img.Manifests) > 1 {
				rep.Reason = fmt.Sprintf("platform %s %s: %s", r.Platform, r.Digest, r.Reason)
			}
		}
		rep.Manifests = append(rep.Manifests, r)
	}
	if len(img.Manifests) == 0 {
		rep.Reason = "no manifest to gate"
	}
	return rep, nil
}

func (v *Verifier) verifyManifest(ctx context.Context, m *Manifest) (ManifestReport, error) {
	r := ManifestReport{Digest: m.Digest, Platform: m.Platform, Evidence: []Evidence{}}
	counts := map[Outcome]int{}
	for _, a := range m.Attachments {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		ev, sbom := v.evaluate(ctx, a, m.Digest)
		counts[ev.Outcome]++
		if ev.Counts {
			r.Verified = true
			if !contains(r.Signers, ev.Signer) {
				r.Signers = append(r.Signers, ev.Signer)
			}
		}
		if sbom != nil && !containsSBOM(r.SBOMs, sbom.Digest) {
			r.SBOMs = append(r.SBOMs, *sbom)
		}
		r.Evidence = append(r.Evidence, ev)
	}
	if !r.Verified {
		r.Reason = "no signature or attestation by a trusted signer names " + m.Digest
		if len(m.Attachments) == 0 {
			r.Reason += " (nothing is attached to it: no referrer, referrers tag or legacy signature tag)"
		} else {
			var parts []string
			for _, o := range []Outcome{OutcomeWrongSubject, OutcomeNotVerified, OutcomeUntrusted, OutcomeOtherPredicate, OutcomeUnsupported, OutcomeInvalid, OutcomeUnsigned, OutcomeIgnored} {
				if n := counts[o]; n > 0 {
					parts = append(parts, fmt.Sprintf("%d %s", n, o))
				}
			}
			r.Reason += " (attachments: " + strings.Join(parts, ", ") + ")"
		}
	}
	return r, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsSBOM(list []SBOM, digest string) bool {
	for _, s := range list {
		if s.Digest == digest {
			return true
		}
	}
	return false
}

func evidenceOf(a *Attachment) Evidence {
	return Evidence{Kind: a.Kind, Found: a.Found, Manifest: a.Manifest, Layer: a.Layer, PredicateType: a.PredicateType}
}

// source names an attachment in verify results.
func sourceOf(a *Attachment) string {
	s := a.Manifest
	if a.Layer != "" {
		s += " layer " + a.Layer
	}
	if len(a.Found) > 0 {
		s += " (" + a.Found[0] + ")"
	}
	return s
}

// evaluate verifies one attachment for digest and, when it yields a trusted
// SBOM, returns it.
func (v *Verifier) evaluate(ctx context.Context, a *Attachment, digest string) (Evidence, *SBOM) {
	ev := evidenceOf(a)
	switch a.Kind {
	case AttachBundle, AttachDSSE, AttachSimpleSigning:
		att := v.signature(ctx, a, digest)
		ev.Outcome, ev.Signer, ev.Reason, ev.Result = att.outcome, att.signer, att.reason, att.result
		if att.predicateType != "" {
			ev.PredicateType = att.predicateType
		}
		ev.Counts = att.outcome == OutcomeVerified
		if ev.Counts && att.predicate != nil {
			return ev, newSBOM(att.predicate, CycloneDXJSONMediaType, "attestation", a.Manifest, att.signer)
		}
		return ev, nil
	case AttachSBOM:
		return v.attachedSBOM(ctx, a, digest)
	}
	ev.Outcome = OutcomeIgnored
	ev.Reason = fmt.Sprintf("a referrer of artifact type %q, which fwprov does not read", a.ArtifactType)
	return ev, nil
}

func newSBOM(data []byte, mediaType, from, manifest, signer string) *SBOM {
	sum := sha256.Sum256(data)
	return &SBOM{Data: data, Digest: fmt.Sprintf("sha256:%x", sum), Size: int64(len(data)), MediaType: mediaType, From: from, Manifest: manifest, Signer: signer}
}

// attachedSBOM decides whether an attached SBOM is trusted: only when its
// manifest names digest as subject (so the manifest's bytes bind the SBOM
// to the image) and a trusted signer signed that manifest. A legacy .sbom
// tag binds nothing: anyone who can push a tag can point it elsewhere, and
// a signature over its manifest does not name the image.
func (v *Verifier) attachedSBOM(ctx context.Context, a *Attachment, digest string) (Evidence, *SBOM) {
	ev := evidenceOf(a)
	ev.Outcome = OutcomeUnsigned
	if a.Subject != digest {
		ev.Reason = "an attached SBOM whose manifest does not name " + digest + " as subject (a legacy .sbom tag is unsigned and binds nothing); it is not evaluated: attest it (cosign attest --type cyclonedx) or attach it as a referrer and sign that"
		return ev, nil
	}
	best := sigAttempt{outcome: OutcomeUnsigned}
	for _, s := range a.Signatures {
		att := v.signature(ctx, s, a.Manifest)
		if att.outcome == OutcomeVerified && att.predicate != nil {
			// An attestation over the SBOM manifest is not a signature of it.
			att.outcome, att.reason = OutcomeOtherPredicate, "an attestation about the SBOM manifest, not a signature of it"
		}
		if outcomeRank[att.outcome] > outcomeRank[best.outcome] {
			best = att
		}
	}
	if best.outcome != OutcomeVerified {
		ev.Reason = fmt.Sprintf("an attached SBOM no trusted signature covers (%d signature(s) over its manifest %s", len(a.Signatures), a.Manifest)
		if best.reason != "" {
			ev.Reason += "; best: " + string(best.outcome) + ": " + best.reason
		}
		ev.Reason += "); it is not evaluated"
		ev.Result = best.result
		return ev, nil
	}
	ev.Outcome, ev.Signer, ev.Result = OutcomeVerified, best.signer, best.result
	ev.Reason = "attached SBOM; its manifest (subject " + digest + ") is signed by " + best.signer + ": the SBOM is trusted, the signature over the SBOM manifest does not count as the image's signature"
	return ev, newSBOM(a.Data, a.MediaType, "attached", a.Manifest, best.signer)
}

// sigAttempt is the best result over all signers for one signature.
type sigAttempt struct {
	outcome       Outcome
	signer        string
	reason        string
	result        *verify.Result
	predicateType string
	predicate     []byte
}

// signature verifies a signature or attestation attachment for digest with
// every signer and keeps the best outcome.
func (v *Verifier) signature(ctx context.Context, a *Attachment, digest string) sigAttempt {
	h, err := v1.NewHash(digest)
	if err != nil {
		return sigAttempt{outcome: OutcomeInvalid, reason: err.Error()}
	}
	d := verify.Digest{Algorithm: h.Algorithm, Value: h.Hex}
	var best sigAttempt
	for i, s := range v.signers {
		var att sigAttempt
		switch a.Kind {
		case AttachBundle:
			att = v.bundle(ctx, a, d, s)
		case AttachDSSE:
			att = v.dsse(ctx, a, d, s)
		case AttachSimpleSigning:
			att = v.simpleSigning(ctx, a, d, s)
		}
		att.signer = s.ID
		if i == 0 || outcomeRank[att.outcome] > outcomeRank[best.outcome] {
			best = att
		}
		if best.outcome == OutcomeVerified {
			break
		}
	}
	if best.outcome == OutcomeUntrusted {
		best.reason = fmt.Sprintf("not made by a trusted signer's key or identity (%d signer(s) tried; %s: %s)", len(v.signers), best.signer, best.reason)
	}
	if outcomeRank[best.outcome] < outcomeRank[OutcomeNotVerified] {
		best.signer = ""
	}
	return best
}
