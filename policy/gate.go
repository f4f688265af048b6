package policy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/sigstore/sigstore-go/pkg/root"

	"github.com/fwprov/fwprov/sbom"
	"github.com/fwprov/fwprov/sbom/lint"
	"github.com/fwprov/fwprov/verify"
)

// Release is one firmware release as the vendor shipped it: the SBOM bytes,
// the signature material that came with them, and a way to reach the
// firmware image. The gate verifies exactly these SBOM bytes and then
// parses the same buffer: nothing is read twice.
type Release struct {
	// SBOMName names the SBOM for messages; SBOM is its bytes as shipped
	// (perhaps gzip-compressed: the signature covers what was shipped).
	// With an Attestation carrying the SBOM, SBOM may be nil.
	SBOMName string
	SBOM     []byte

	// BundleName/Bundle: a Sigstore bundle whose artifact is the SBOM.
	BundleName string
	Bundle     []byte
	// SignatureName/Signature: a cosign-style detached signature over the
	// SBOM (key-based signers only).
	SignatureName string
	Signature     []byte
	// AttestationName/Attestation: a DSSE in-toto attestation (a Sigstore
	// bundle or a bare envelope) with a CycloneDX predicate, whose subject
	// is the firmware image. The predicate is the SBOM that is checked.
	AttestationName string
	Attestation     []byte

	// Image locates the firmware image. It is called once, after the SBOM
	// is known (doc is nil when the image is needed earlier, to check an
	// attestation's subject), and returns the image's name and an opener,
	// or "" and nil when the release has no image. An error (an SBOM naming
	// a file outside the release, say) fails the firmware check.
	Image func(doc *sbom.Document) (name string, open func() (io.ReadCloser, error), err error)
}

// GateOptions tune Gate.
type GateOptions struct {
	// Now is the time exceptions expire against; zero means time.Now().
	Now time.Time
	// Limits bound the SBOM parse.
	Limits sbom.Limits
	// TrustedRoot, when set, replaces the policy's trust.trustedRoot (a
	// file path, as a command-line flag gives it).
	TrustedRoot string
	// OriginOnly gates on origin alone, for a policy that trusts no signer:
	// provenance is not checked and the verdict says so
	// (Provenance.OriginOnly, a notice among the reasons). Without it such
	// a policy denies every release: nothing can vouch for the SBOM. It is
	// an error with a policy that names trusted signers (they would be
	// skipped).
	OriginOnly bool
}

// Provenance checks, in report order.
const (
	CheckSignature       = "signature"        // a trusted signer signed the SBOM
	CheckSignerEntity    = "signer-entity"    // the signer belongs to the firmware's supplier
	CheckTransparencyLog = "transparency-log" // the signature is in a trusted log
	CheckFirmwareDigest  = "firmware-digest"  // the image is the one the SBOM describes
	CheckCompleteness    = "completeness"     // the SBOM is complete enough to judge
)

// Provenance is what the gate proved about where a release came from.
type Provenance struct {
	// Checks lists every provenance check with its outcome. A failed check,
	// or a required one that was not performed, denies.
	Checks []ProvenanceCheck `json:"checks"`
	// Signer is the policy signer whose signature verified.
	Signer *MatchedSigner `json:"signer,omitempty"`
	// Verifications are the verify results behind the checks (signature,
	// firmware digest): what exactly was proven.
	Verifications []verify.Result `json:"verifications"`
	// Completeness holds the completeness requirements' outcomes.
	Completeness []lint.Outcome `json:"completeness,omitempty"`
	// NotPerformed says, one line each, which provenance checks were not
	// performed and why. A gate run without a trust section lists them here
	// rather than pretending they passed.
	NotPerformed []string `json:"notPerformed"`
	// OriginOnly is set when the caller asked to gate on origin alone
	// (GateOptions.OriginOnly): no provenance check was performed, and the
	// verdict covers the components' origin only.
	OriginOnly bool `json:"originOnly,omitempty"`
}

// ProvenanceReasonPrefix starts every provenance deny reason of a verdict
// ("deny: provenance signature: ..."), so a summary can count them.
const ProvenanceReasonPrefix = "deny: provenance "

// OriginOnlyNotice is the verdict reason of an origin-only gate.
const OriginOnlyNotice = "notice: origin only: provenance was not checked, so this verdict says nothing about who made the release or whether the image is the one described"

// ProvenanceCheck is one provenance check.
type ProvenanceCheck struct {
	Name     string        `json:"name"`
	Status   verify.Status `json:"status"`
	Required bool          `json:"required"`
	Detail   string        `json:"detail,omitempty"`
}

// Denies reports whether the check stops the release.
func (c ProvenanceCheck) Denies() bool {
	return c.Status == verify.StatusFailed || (c.Required && c.Status != verify.StatusPassed)
}

// denyReasons are the deny lines of the failed (or required and not
// performed) checks, in check order.
func (p *Provenance) denyReasons() []string {
	var reasons []string
	for _, c := range p.Checks {
		if c.Denies() {
			reasons = append(reasons, fmt.Sprintf("%s%s: %s", ProvenanceReasonPrefix, c.Name, c.Detail))
		}
	}
	return reasons
}

// MatchedSigner identifies the policy signer a signature verified against.
type MatchedSigner struct {
	ID     string `json:"id"`
	Entity string `json:"entity"`
	// Kind is "key" or "keyless".
	Kind string `json:"kind"`
	// Identity and Issuer are the certificate's (keyless); KeyFingerprint
	// the key's.
	Identity       string `json:"identity,omitempty"`
	Issuer         string `json:"issuer,omitempty"`
	KeyFingerprint string `json:"keyFingerprint,omitempty"`
}

// preparedSigner is a policy signer with its key or identity loaded.
type preparedSigner struct {
	s     *Signer
	key   *verify.PublicKey
	ident *verify.Identity
}

// Gate verifies a release against the policy's trust section and evaluates
// its SBOM against the policy's rules, and returns one verdict: deny when
// any provenance check fails (or a required one could not be performed) or
// when the origin evaluation denies. Provenance reasons come first.
//
// Gate also returns the document it parsed from the verified bytes, so a
// caller that reports more about the SBOM never parses it a second time; it
// is nil when the SBOM was not read (it sat in an attestation that did not
// verify).
//
// Gate returns an error only for input it cannot work with: a policy key
// or trusted root that does not load, signature material or an SBOM that
// does not parse. Every verification outcome is in the verdict.
func Gate(ctx context.Context, rel *Release, p *Policy, opts GateOptions) (*Verdict, *sbom.Document, error) {
	if rel == nil {
		return nil, nil, errors.New("policy: gate: no release")
	}
	if p == nil || p.catalog == nil {
		return nil, nil, fmt.Errorf("policy: gate %s: policy not loaded (use Load, Parse or Preset)", rel.SBOMName)
	}
	trust := Trust{}
	if p.Trust != nil {
		trust = *p.Trust
	}
	req := trust.Require
	signers, err := prepareSigners(trust.Signers)
	if err != nil {
		return nil, nil, err
	}
	if opts.OriginOnly && len(signers) > 0 {
		return nil, nil, fmt.Errorf("policy: gate %s: origin only was asked for, but policy %s names trusted signers: they would be skipped (check origin alone without the gate, or drop origin only)", rel.SBOMName, p.Name)
	}
	trusted, err := loadTrustedRoot(opts.TrustedRoot, trust.TrustedRoot)
	if err != nil {
		return nil, nil, err
	}
	g := &gateRun{ctx: ctx, rel: rel, p: p, req: req, signers: signers, trusted: trusted, originOnly: opts.OriginOnly,
		prov: &Provenance{Checks: []ProvenanceCheck{}, Verifications: []verify.Result{}, NotPerformed: []string{}, OriginOnly: opts.OriginOnly}}

	// A shipped SBOM is parsed while its signature is verified: both read
	// the same immutable buffer, so what is parsed is exactly what is
	// verified, and the verification's hashing no longer adds to the wall
	// time. The SBOM inside an attestation is known only after it verifies.
	var early struct {
		doc  *sbom.Document
		err  error
		done chan struct{}
	}
	if rel.Attestation == nil && rel.SBOM != nil {
		early.done = make(chan struct{})
		go func() {
			defer close(early.done)
			early.doc, early.err = sbom.Parse(ctx, rel.SBOMName, rel.SBOM, sbom.Options{Limits: opts.Limits})
		}()
	}
	parsed := func() (*sbom.Document, error) {
		if early.done == nil {
			return nil, nil
		}
		<-early.done
		return early.doc, early.err
	}
	sbomBytes, sbomName, matched, err := g.signature(parsed)
	if early.done != nil {
		<-early.done
	}
	if err != nil {
		return nil, nil, err
	}
	if sbomBytes == nil {
		return g.unreadVerdict(sbomName, opts.Now), nil, nil
	}
	var doc *sbom.Document
	if early.done != nil {
		doc, err = early.doc, early.err
	} else {
		doc, err = sbom.Parse(ctx, sbomName, sbomBytes, sbom.Options{Limits: opts.Limits})
	}
	if err != nil {
		return nil, nil, err
	}
	g.signerEntity(doc, matched)
	g.firmware(doc)
	if err := g.completeness(doc); err != nil {
		return nil, nil, err
	}

	v, err := Evaluate(ctx, doc, p, EvalOptions{Now: opts.Now})
	if err != nil {
		return nil, nil, err
	}
	v.Provenance = g.prov
	if reasons := g.prov.denyReasons(); len(reasons) > 0 {
		v.Decision = Deny
		v.Reasons = append(reasons, v.Reasons...)
	}
	if g.originOnly {
		v.Reasons = append(v.Reasons, OriginOnlyNotice)
	}
	return v, doc, nil
}

// unreadVerdict is the deny for a release whose SBOM cannot be trusted
// enough to be read (it is inside an attestation that did not verify).
func (g *gateRun) unreadVerdict(source string, now time.Time) *Verdict {
	if now.IsZero() {
		now = time.Now()
	}
	v := &Verdict{
		SchemaVersion: VerdictSchemaVersion,
		Policy:        PolicyRef{Name: g.p.Name, Source: g.p.Source},
		Document:      DocumentRef{Source: source},
		EvaluatedAt:   now.UTC(),
		Decision:      Deny,
		Reasons:       []string{},
		Findings:      []Finding{},
		Limits:        []LimitResult{},
		Exceptions:    []ExceptionResult{},
		Summary:       Summary{Findings: map[Severity]int{SeverityFail: 0, SeverityWarn: 0, SeverityInfo: 0}, Origins: map[Outcome]int{}},
		Problems:      []sbom.Problem{},
		Provenance:    g.prov,
	}
	for _, o := range Outcomes {
		v.Summary.Origins[o] = 0
	}
	g.check(CheckFirmwareDigest, verify.StatusNotPerformed, g.req.FirmwareDigest, "the SBOM was not read: its attestation did not verify")
	v.Reasons = append(g.prov.denyReasons(), "deny: the SBOM inside the attestation was not evaluated: it cannot be trusted")
	return v
}

type gateRun struct {
	ctx        context.Context
	rel        *Release
	p          *Policy
	req        Requirements
	signers    []preparedSigner
	trusted    *root.TrustedRoot
	prov       *Provenance
	originOnly bool
	// unvouched says why nothing vouches for the SBOM ("" when a trusted
	// signer's signature verified). Checks that compare against the SBOM's
	// content (the firmware digest, completeness) prove nothing then and
	// are not performed.
	unvouched string
}

func (g *gateRun) check(name string, status verify.Status, required bool, format string, args ...any) {
	detail := fmt.Sprintf(format, args...)
	g.prov.Checks = append(g.prov.Checks, ProvenanceCheck{Name: name, Status: status, Required: required, Detail: detail})
	if status == verify.StatusNotPerformed {
		g.prov.NotPerformed = append(g.prov.NotPerformed, name+": "+detail)
	}
}

// signature verifies the release's signature material against each trusted
// signer in policy order and returns the SBOM bytes to parse: the shipped
// SBOM, or the predicate of a verified CycloneDX attestation. Without
// external material, a JSF signature embedded in a CycloneDX JSON SBOM is
// the signature (parsed waits for the SBOM parse that runs beside this).
func (g *gateRun) signature(parsed func() (*sbom.Document, error)) (data []byte, name string, matched *preparedSigner, err error) {
	rel := g.rel
	data, name = rel.SBOM, rel.SBOMName
	material, kind := "", ""
	switch {
	case rel.Attestation != nil:
		material, kind = rel.AttestationName, "attestation"
	case rel.Bundle != nil:
		material, kind = rel.BundleName, "bundle"
	case rel.Signature != nil:
		material, kind = rel.SignatureName, "signature"
	}
	if kind == "" && data == nil {
		return nil, "", nil, fmt.Errorf("policy: gate: the release has no SBOM")
	}
	if kind == "" {
		if doc, perr := parsed(); perr == nil && doc != nil && doc.Format == sbom.FormatCycloneDXJSON && doc.BOM != nil && doc.BOM.Signature != nil {
			material, kind = name, "jsf"
		}
	}
	if g.originOnly {
		g.unvouched = "origin only was asked for"
		detail := "not checked: origin only was asked for"
		if kind != "" {
			detail += fmt.Sprintf(" (the %s %s was not verified)", kindName(kind), material)
		}
		g.check(CheckSignature, verify.StatusNotPerformed, false, "%s", detail)
		g.tlog(nil)
		if rel.Attestation != nil && data == nil {
			return nil, "", nil, fmt.Errorf("policy: gate: %s: the SBOM is inside an attestation, and origin only skips verifying it: it cannot be read unverified", material)
		}
		return data, name, nil, nil
	}
	if kind == "" {
		g.unvouched = "no signature came with it"
		if g.req.Signature || len(g.signers) == 0 {
			g.check(CheckSignature, verify.StatusFailed, true, "required signature missing: no Sigstore bundle (%s.sigstore.json or .bundle), detached signature (.sig), attestation or embedded JSF signature came with %s%s", name, name, noSignerHint(g.signers))
		} else {
			g.check(CheckSignature, verify.StatusNotPerformed, false, "no signature material came with %s", name)
		}
		g.tlog(nil)
		return data, name, nil, nil
	}
	if len(g.signers) == 0 {
		// Nothing to verify against: the policy trusts no one, so nothing
		// vouches for the SBOM. That denies (fail closed); origin alone is
		// an explicit request (GateOptions.OriginOnly).
		g.unvouched = "the policy trusts no signer"
		g.check(CheckSignature, verify.StatusFailed, true, "the %s %s is present, but it cannot be verified%s", kindName(kind), material, noSignerHint(g.signers))
		g.tlog(nil)
		if rel.Attestation != nil && data == nil {
			// The SBOM inside an unverifiable attestation is not read.
			return nil, material, nil, nil
		}
		return data, name, nil, nil
	}

	var artifact verify.Artifact
	switch kind {
	case "attestation":
		a, err := g.imageArtifact()
		if err != nil {
			g.unvouched = "its attestation could not be checked"
			g.check(CheckSignature, verify.StatusFailed, true, "attestation %s: cannot check its subject: %v", material, err)
			g.tlog(nil)
			return nil, material, nil, nil
		}
		artifact = a
	case "jsf":
		if isGzip(data) {
			g.unvouched = "its embedded JSF signature was not checked"
			g.check(CheckSignature, verify.StatusFailed, true, "%s carries an embedded JSF signature, but it is gzip-compressed: a JSF signature is checked over the JSON as shipped (ship it uncompressed, or sign the .gz with a bundle)", name)
			g.tlog(nil)
			return data, name, nil, nil
		}
		artifact = verify.ArtifactBytes(data)
	default:
		artifact = verify.ArtifactBytes(data)
	}

	var failures []string
	for i := range g.signers {
		ps := &g.signers[i]
		if ps.ident != nil && g.trusted == nil {
			// A keyless signer cannot be checked without a trusted root;
			// that is a failed attempt, not a reason to skip the others.
			failures = append(failures, fmt.Sprintf("%s: keyless, and the policy names no trust.trustedRoot to verify its certificate against", ps.s.ID))
			continue
		}
		res, verr := g.verifyWith(ps, kind, material, artifact)
		if verr != nil && !verify.IsFailure(verr) {
			return nil, "", nil, fmt.Errorf("policy: gate: %w", verr)
		}
		if verr == nil && res != nil && res.Verified {
			g.prov.Verifications = append(g.prov.Verifications, *res)
			g.prov.Signer = matchedSigner(ps, res)
			g.check(CheckSignature, verify.StatusPassed, g.req.Signature, "%s %s verified with signer %s (entity %s)", kindName(kind), material, ps.s.ID, ps.s.Entity)
			g.tlog(res)
			if kind == "attestation" {
				if res.Predicate == nil {
					return nil, "", nil, fmt.Errorf("policy: gate: %s: the attestation carries no CycloneDX SBOM (predicateType https://cyclonedx.org/bom)", material)
				}
				if rel.SBOM != nil && !bytes.Equal(res.Predicate, rel.SBOM) {
					g.check(CheckSignature, verify.StatusFailed, true, "the SBOM %s differs from the SBOM the attestation %s carries; only the attested one can be trusted", rel.SBOMName, material)
					g.unvouched = "it differs from the attested SBOM"
				}
				return res.Predicate, material + "#predicate", ps, nil
			}
			return data, name, ps, nil
		}
		reason := ""
		switch {
		case verr != nil:
			reason = verr.Error()
		case res != nil:
			reason = res.Reason
		}
		failures = append(failures, fmt.Sprintf("%s: %s", ps.s.ID, strings.TrimPrefix(reason, "verify: ")))
	}
	g.unvouched = "its signature did not verify"
	g.check(CheckSignature, verify.StatusFailed, true, "%s %s does not verify with any trusted signer (%s)", kindName(kind), material, strings.Join(failures, "; "))
	g.tlog(nil)
	if kind == "attestation" {
		// The SBOM inside an unverified attestation is not read at all:
		// the verdict is a deny on provenance alone.
		return nil, material, nil, nil
	}
	return data, name, nil, nil
}

// kindName names a kind of signature material in messages.
func kindName(kind string) string {
	if kind == "jsf" {
		return "embedded JSF signature of"
	}
	return kind
}

// noSignerHint tells a user whose policy trusts no signer what to do.
func noSignerHint(signers []preparedSigner) string {
	if len(signers) > 0 {
		return ""
	}
	return ": the policy trusts no signer, so nothing vouches for the SBOM (name the vendor's key or keyless identity in the policy's trust.signers, or check origin alone: fwprov check, or --origin-only)"
}

func isGzip(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }

// verifyWith tries one signer on the release's signature material.
func (g *gateRun) verifyWith(ps *preparedSigner, kind, material string, artifact verify.Artifact) (*verify.Result, error) {
	rel := g.rel
	switch kind {
	case "jsf":
		if ps.key == nil {
			return nil, &verify.Failure{Check: verify.CheckSignature, Reason: "an embedded JSF signature needs a key signer; " + ps.s.ID + " is keyless"}
		}
		return verify.VerifyJSF(g.ctx, artifact.Data, verify.JSFOptions{Source: material, Keys: []*verify.PublicKey{ps.key}})
	case "signature":
		if ps.key == nil {
			return nil, &verify.Failure{Check: verify.CheckSignature, Reason: "a detached signature needs a key signer; " + ps.s.ID + " is keyless"}
		}
		return verify.VerifyDetached(g.ctx, artifact, rel.Signature, verify.DetachedOptions{Source: material, Key: ps.key})
	case "attestation":
		if !verify.IsBundle(rel.Attestation) {
			if ps.key == nil {
				return nil, &verify.Failure{Check: verify.CheckSignature, Reason: "a bare DSSE envelope needs a key signer; " + ps.s.ID + " is keyless"}
			}
			return verify.VerifyDSSE(g.ctx, rel.Attestation, artifact, verify.DSSEOptions{Source: material, Key: ps.key})
		}
		return verify.VerifyBundle(g.ctx, rel.Attestation, artifact, g.bundleOptions(ps, material))
	}
	return verify.VerifyBundle(g.ctx, rel.Bundle, artifact, g.bundleOptions(ps, material))
}

func (g *gateRun) bundleOptions(ps *preparedSigner, material string) verify.BundleOptions {
	o := verify.BundleOptions{Source: material, Key: ps.key, Identity: ps.ident, RequireTlog: g.req.TransparencyLog}
	if g.trusted != nil {
		o.TrustedRoot = g.trusted
	}
	return o
}

// tlog records the transparency-log check from a verified result (nil when
// no signature verified).
func (g *gateRun) tlog(res *verify.Result) {
	required := g.req.TransparencyLog
	if res == nil {
		if required {
			g.check(CheckTransparencyLog, verify.StatusFailed, true, "required transparency-log inclusion not shown: no signature verified")
		} else {
			g.check(CheckTransparencyLog, verify.StatusNotPerformed, false, "no verified signature to look up in a log")
		}
		return
	}
	if c, ok := res.Check(verify.CheckTransparencyLog); ok && c.Status == verify.StatusPassed {
		g.check(CheckTransparencyLog, verify.StatusPassed, required, "log entries verified against the trusted root: %d", len(res.TransparencyLog))
		return
	}
	if required {
		g.check(CheckTransparencyLog, verify.StatusFailed, true, "required transparency-log inclusion not shown by %s", res.Source)
		return
	}
	g.check(CheckTransparencyLog, verify.StatusNotPerformed, false, "%s carries no log entry checked against a trusted root", res.Source)
}

// signerEntity ties the verified signer to the firmware's supplier: the
// vendor signs its own release, unless the policy names the signer as
// signing for that vendor.
func (g *gateRun) signerEntity(doc *sbom.Document, ps *preparedSigner) {
	if ps == nil {
		// Not required on its own: when a signature is required and none
		// verified, the signature check already denies.
		g.check(CheckSignerEntity, verify.StatusNotPerformed, false, "no verified signer to tie to the firmware's supplier")
		return
	}
	if doc.Root == nil {
		g.check(CheckSignerEntity, verify.StatusFailed, true, "the SBOM names no firmware component (metadata.component), so signer %s cannot be tied to its supplier", ps.s.ID)
		return
	}
	res := newResolver(g.p.catalog, doc).resolve(doc.Root)
	if res.outcome != OutcomeResolved {
		g.check(CheckSignerEntity, verify.StatusFailed, true, "the firmware %s has origin %q, not a catalog entity, so signer %s (entity %s) cannot be tied to its supplier", doc.Root.Label(), res.outcome, ps.s.ID, ps.s.Entity)
		return
	}
	supplier := res.entity
	allowed := append([]string{ps.s.Entity}, ps.s.SignsFor...)
	for _, id := range allowed {
		if i, ok := g.p.entityIx[id]; ok && g.p.catalog.IsAncestor(i, supplier) {
			how := "its own release"
			if id != ps.s.Entity {
				how = "a release of " + id + ", which it is named to sign for"
			}
			g.check(CheckSignerEntity, verify.StatusPassed, true, "signer %s (entity %s) signed %s (%s)", ps.s.ID, ps.s.Entity, how, g.p.Entities[supplier].ID)
			return
		}
	}
	g.check(CheckSignerEntity, verify.StatusFailed, true, "signer %s (entity %s) signed firmware supplied by %s (%s), which it is not named to sign for", ps.s.ID, ps.s.Entity, g.p.Entities[supplier].ID, g.p.Entities[supplier].Name)
}

// firmware binds the image to the SBOM's firmware hashes.
func (g *gateRun) firmware(doc *sbom.Document) {
	required := g.req.FirmwareDigest
	if g.unvouched != "" {
		// The hashes would come from an SBOM nobody vouched for: a match
		// would prove nothing (a tampered release edits both).
		g.check(CheckFirmwareDigest, verify.StatusNotPerformed, required, "not checked: the firmware hashes are in an SBOM nothing vouches for (%s), so matching them proves nothing", g.unvouched)
		return
	}
	var name string
	var open func() (io.ReadCloser, error)
	var err error
	if g.rel.Image != nil {
		name, open, err = g.rel.Image(doc)
	}
	switch {
	case err != nil:
		g.check(CheckFirmwareDigest, verify.StatusFailed, required, "%v", err)
		return
	case open == nil:
		if required {
			g.check(CheckFirmwareDigest, verify.StatusFailed, true, "required firmware image missing: give it with --firmware or name it in the firmware component's fwprov:image property")
		} else {
			g.check(CheckFirmwareDigest, verify.StatusNotPerformed, false, "no firmware image was given")
		}
		return
	case doc.Root == nil:
		g.check(CheckFirmwareDigest, verify.StatusFailed, true, "the SBOM names no firmware component (metadata.component) whose hashes %s could be compared with", name)
		return
	}
	rc, err := open()
	if err != nil {
		g.check(CheckFirmwareDigest, verify.StatusFailed, true, "%s: %v", name, err)
		return
	}
	defer rc.Close()
	res, err := verify.VerifyFirmware(g.ctx, rc, doc.Root.Hashes, verify.FirmwareOptions{Source: name})
	if res != nil {
		g.prov.Verifications = append(g.prov.Verifications, *res)
	}
	if err != nil || res == nil || !res.Verified {
		reason := "not verified"
		if err != nil {
			reason = err.Error()
		} else if res != nil && res.Reason != "" {
			reason = res.Reason
		}
		g.check(CheckFirmwareDigest, verify.StatusFailed, true, "%s", strings.TrimPrefix(reason, "verify: "))
		return
	}
	var algs []string
	for _, d := range res.ArtifactDigests {
		algs = append(algs, d.Algorithm)
	}
	g.check(CheckFirmwareDigest, verify.StatusPassed, required, "%s matches the firmware component's %s", name, strings.Join(algs, ", "))
}

// completeness applies the policy's completeness requirements.
func (g *gateRun) completeness(doc *sbom.Document) error {
	reqs := g.req.Completeness
	if len(reqs) == 0 {
		g.check(CheckCompleteness, verify.StatusNotPerformed, false, "the policy requires no completeness profile")
		return nil
	}
	if g.unvouched != "" && !g.originOnly {
		g.check(CheckCompleteness, verify.StatusNotPerformed, true, "not checked: nothing vouches for the SBOM (%s)", g.unvouched)
		return nil
	}
	outcomes, _, err := lint.Evaluate(g.ctx, doc, reqs)
	if err != nil {
		return fmt.Errorf("policy: gate %s: completeness: %w", doc.Source, err)
	}
	g.prov.Completeness = outcomes
	var unmet []string
	for _, o := range outcomes {
		if !o.Met {
			unmet = append(unmet, o.Requirement.String()+": "+strings.Join(o.Reasons, "; "))
		}
	}
	if len(unmet) > 0 {
		g.check(CheckCompleteness, verify.StatusFailed, true, "%s", strings.Join(unmet, " | "))
		return nil
	}
	var met []string
	for _, o := range outcomes {
		met = append(met, o.Requirement.String())
	}
	g.check(CheckCompleteness, verify.StatusPassed, true, "%s", strings.Join(met, "; "))
	return nil
}

// imageArtifact hashes the firmware image for an attestation subject check.
func (g *gateRun) imageArtifact() (verify.Artifact, error) {
	if g.rel.Image == nil {
		return verify.Artifact{}, errors.New("the attestation's subject is the firmware image, and no image was given")
	}
	name, open, err := g.rel.Image(nil)
	if err != nil {
		return verify.Artifact{}, err
	}
	if open == nil {
		return verify.Artifact{}, errors.New("the attestation's subject is the firmware image, and no image was given")
	}
	rc, err := open()
	if err != nil {
		return verify.Artifact{}, fmt.Errorf("%s: %w", name, err)
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rc); err != nil {
		return verify.Artifact{}, fmt.Errorf("hash %s: %w", name, err)
	}
	return verify.ArtifactDigest("sha256:" + hex.EncodeToString(h.Sum(nil)))
}

func matchedSigner(ps *preparedSigner, res *verify.Result) *MatchedSigner {
	m := &MatchedSigner{ID: ps.s.ID, Entity: ps.s.Entity, Kind: verify.SignerKey}
	if ps.ident != nil {
		m.Kind = verify.SignerKeyless
	}
	if len(res.Signers) > 0 {
		s := res.Signers[0]
		m.Identity, m.Issuer, m.KeyFingerprint = s.Identity, s.OIDCIssuer, s.KeyFingerprint
	}
	return m
}

// prepareSigners loads each signer's key file or identity.
func prepareSigners(signers []Signer) ([]preparedSigner, error) {
	out := make([]preparedSigner, 0, len(signers))
	for i := range signers {
		s := &signers[i]
		ps := preparedSigner{s: s}
		switch {
		case s.Key != "":
			b, err := os.ReadFile(s.Key)
			if err != nil {
				return nil, fmt.Errorf("policy: trust signer %s: read key: %w", s.ID, err)
			}
			k, err := verify.LoadPublicKey(s.Key, b)
			if err != nil {
				return nil, fmt.Errorf("policy: trust signer %s: %w", s.ID, err)
			}
			ps.key = k
		case s.Keyless != nil:
			ps.ident = &verify.Identity{SAN: s.Keyless.Identity, SANRegexp: s.Keyless.IdentityRegexp, Issuer: s.Keyless.Issuer, IssuerRegexp: s.Keyless.IssuerRegexp}
		default:
			return nil, fmt.Errorf("policy: trust signer %s: neither key nor keyless", s.ID)
		}
		out = append(out, ps)
	}
	return out, nil
}

// loadTrustedRoot reads the trusted root (the override first); none is
// fine for key signers without a log.
func loadTrustedRoot(override, fromPolicy string) (*root.TrustedRoot, error) {
	path := override
	if path == "" {
		path = fromPolicy
	}
	if path == "" {
		return nil, nil
	}
	tr, err := verify.LoadTrustedRootFile(path)
	if err != nil {
		return nil, fmt.Errorf("policy: trust: %w", err)
	}
	return tr, nil
}

// CheckTrustMaterial loads the files the trust section names (signer keys,
// the trusted root), so a policy can be validated before a release arrives.
// Load checks the trust section's shape; this checks that its files exist
// and parse.
func (p *Policy) CheckTrustMaterial() error {
	if p.Trust == nil {
		return nil
	}
	if _, err := prepareSigners(p.Trust.Signers); err != nil {
		return err
	}
	_, err := loadTrustedRoot("", p.Trust.TrustedRoot)
	return err
}
