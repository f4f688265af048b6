package verify

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Kind names what was verified.
type Kind string

// Kinds of verification.
const (
	KindBundle   Kind = "sigstore-bundle"
	KindDetached Kind = "detached-signature"
	KindDSSE     Kind = "dsse-envelope"
	KindJSF      Kind = "cyclonedx-jsf"
	KindFirmware Kind = "firmware-digest"
)

// Signer kinds.
const (
	SignerKey     = "key"
	SignerKeyless = "keyless"
)

// Check names, stable for reports and policies.
const (
	CheckBundle          = "bundle"           // the bundle parses and is well formed
	CheckSignature       = "signature"        // the signature verifies over the artifact
	CheckCertificate     = "certificate"      // the certificate chains to the trusted root at a trusted time
	CheckIdentity        = "identity"         // the certificate SAN and OIDC issuer match
	CheckSCT             = "sct"              // signed certificate timestamps from a trusted CT log
	CheckTransparencyLog = "transparency-log" // inclusion proof and/or SET from a trusted log
	CheckTimestamp       = "signed-timestamp" // RFC 3161 timestamps from a trusted TSA
	CheckArtifact        = "artifact-digest"  // the signature is for this artifact
	CheckSubject         = "subject"          // an in-toto subject names this artifact
	CheckPredicateType   = "predicate-type"   // the in-toto predicate type is the one asked for
	CheckKeyPin          = "key-pin"          // the signing key is one the caller trusts
	CheckFirmwareDigest  = "firmware-digest"  // the image hashes match the SBOM
)

// Status of one check.
type Status string

// Check outcomes.
const (
	StatusPassed       Status = "passed"
	StatusFailed       Status = "failed"
	StatusNotPerformed Status = "not-performed"
)

// Check records one check: what, the outcome, and a short detail (for
// not-performed checks: why).
type Check struct {
	Name   string `json:"name"`
	Status Status `json:"status"`
	// Required is true when the caller asked for the check (or it is
	// inherent to the verification). A required check that was not
	// performed makes the verification fail.
	Required bool   `json:"required"`
	Detail   string `json:"detail,omitempty"`
}

// Signer says who signed.
type Signer struct {
	// Kind is "key" or "keyless".
	Kind string `json:"kind"`
	// Algorithm is the signature algorithm when known ("ES256", "ECDSA-P256-SHA256").
	Algorithm string `json:"algorithm,omitempty"`
	// KeyID is the key hint or JSF keyId carried by the signature, if any.
	KeyID string `json:"keyId,omitempty"`
	// KeyFingerprint is "sha256:" + hex of the SHA-256 of the signing key's
	// DER SubjectPublicKeyInfo (for keyless: of the certificate's key).
	KeyFingerprint string `json:"keyFingerprint,omitempty"`
	// Identity is the certificate's Subject Alternative Name (keyless).
	Identity string `json:"identity,omitempty"`
	// OIDCIssuer is the Fulcio OIDC issuer extension (keyless).
	OIDCIssuer string `json:"oidcIssuer,omitempty"`
	// CertificateIssuer is the certificate's issuer DN (keyless).
	CertificateIssuer string `json:"certificateIssuer,omitempty"`
	// CertificateNotBefore and CertificateNotAfter bound the certificate.
	CertificateNotBefore *time.Time `json:"certificateNotBefore,omitempty"`
	CertificateNotAfter  *time.Time `json:"certificateNotAfter,omitempty"`
}

// TlogEntry is a transparency-log entry that verified against the trusted root.
type TlogEntry struct {
	LogID          string    `json:"logId"`
	LogURL         string    `json:"logUrl,omitempty"`
	LogIndex       int64     `json:"logIndex"`
	IntegratedTime time.Time `json:"integratedTime,omitzero"`
	Kind           string    `json:"kind,omitempty"`
	InclusionProof bool      `json:"inclusionProof"`
	InclusionSET   bool      `json:"inclusionPromise"`
}

// Timestamp is a verified time the signature existed at.
type Timestamp struct {
	// Source is "rfc3161" (a TSA), "tlog" (a log's integrated time) or
	// "current-time".
	Source string    `json:"source"`
	URI    string    `json:"uri,omitempty"`
	Time   time.Time `json:"time"`
}

// Digest is an artifact digest: algorithm ("sha256", "sha512", "sha3-256")
// and lowercase hex value.
type Digest struct {
	Algorithm string `json:"algorithm"`
	Value     string `json:"value"`
}

// String renders "alg:hex".
func (d Digest) String() string { return d.Algorithm + ":" + d.Value }

// Subject is an in-toto statement subject.
type Subject struct {
	Name    string   `json:"name,omitempty"`
	Digests []Digest `json:"digests"`
}

// Statement summarizes a verified in-toto statement.
type Statement struct {
	Type          string    `json:"type"`
	PredicateType string    `json:"predicateType"`
	Subjects      []Subject `json:"subjects"`
	// MatchedSubject is the subject that names the artifact.
	MatchedSubject string `json:"matchedSubject,omitempty"`
}

// Result is what a verification proved. It is plain data: render it with any
// presenter.
type Result struct {
	Kind Kind `json:"kind"`
	// Source names the signature material (bundle, signature or BOM file).
	Source string `json:"source,omitempty"`
	// Verified is true only when every required check passed.
	Verified bool `json:"verified"`
	// Reason is one precise line saying why verification failed ("" when verified).
	Reason string `json:"reason,omitempty"`
	// MediaType is the bundle media type (bundles only).
	MediaType string   `json:"mediaType,omitempty"`
	Signers   []Signer `json:"signers,omitempty"`
	// TransparencyLog lists log entries that verified against the trusted root.
	TransparencyLog []TlogEntry `json:"transparencyLog,omitempty"`
	// Timestamps lists verified times.
	Timestamps []Timestamp `json:"timestamps,omitempty"`
	// ArtifactDigests are the digests of the artifact that the signature
	// was verified against (or, for firmware, the computed image digests).
	ArtifactDigests []Digest `json:"artifactDigests,omitempty"`
	// Statement summarizes a verified in-toto statement (DSSE only).
	Statement *Statement `json:"statement,omitempty"`
	// Excluded lists top-level BOM properties a JSF signature did not cover.
	Excluded []string `json:"excluded,omitempty"`
	// Checks lists every check, in the order they were considered.
	Checks []Check `json:"checks"`
	// Predicate holds the verified predicate bytes of a CycloneDX attestation
	// (predicateType https://cyclonedx.org/bom...): the SBOM the caller must
	// parse and check instead of any other copy. Nil otherwise.
	Predicate []byte `json:"-"`
}

// NotPerformed returns the names of checks that were not performed.
func (r *Result) NotPerformed() []string {
	var out []string
	for _, c := range r.Checks {
		if c.Status == StatusNotPerformed {
			out = append(out, c.Name)
		}
	}
	return out
}

// Check returns the named check and whether it was recorded.
func (r *Result) Check(name string) (Check, bool) {
	for _, c := range r.Checks {
		if c.Name == name {
			return c, true
		}
	}
	return Check{}, false
}

func (r *Result) pass(name, detail string) {
	r.set(Check{Name: name, Status: StatusPassed, Required: true, Detail: detail})
}

func (r *Result) skip(name string, required bool, detail string) {
	r.set(Check{Name: name, Status: StatusNotPerformed, Required: required, Detail: detail})
}

func (r *Result) set(c Check) {
	for i := range r.Checks {
		if r.Checks[i].Name == c.Name {
			r.Checks[i] = c
			return
		}
	}
	r.Checks = append(r.Checks, c)
}

// Failure is the error for "not verified": the input was understood and a
// check failed or could not be performed. Use errors.As to detect it.
type Failure struct {
	// Check is the name of the check that failed (see the Check* constants).
	Check string
	// Reason is one line, without the "verify:" prefix.
	Reason string
	// Err is the underlying cause, if any.
	Err error
}

func (f *Failure) Error() string {
	return "verify: not verified: " + f.Check + ": " + f.Reason
}

// Unwrap returns the underlying cause.
func (f *Failure) Unwrap() error { return f.Err }

// IsFailure reports whether err is (or wraps) a *Failure.
func IsFailure(err error) bool {
	var f *Failure
	return errors.As(err, &f)
}

// fail records a failed check on r and returns the Failure to hand back.
func (r *Result) fail(check string, err error, format string, args ...any) (*Result, error) {
	reason := oneLine(fmt.Sprintf(format, args...))
	if err != nil && !strings.Contains(reason, oneLine(err.Error())) {
		reason = oneLine(reason + ": " + err.Error())
	}
	r.Verified = false
	r.Reason = check + ": " + reason
	r.set(Check{Name: check, Status: StatusFailed, Required: true, Detail: reason})
	return r, &Failure{Check: check, Reason: reason, Err: err}
}

// finish marks r verified when every required check passed, and fails it
// (closed) when a required check was not performed.
func (r *Result) finish() (*Result, error) {
	for _, c := range r.Checks {
		if c.Required && c.Status != StatusPassed {
			detail := c.Detail
			if detail == "" {
				detail = "required but not performed"
			}
			return r.fail(c.Name, nil, "%s", detail)
		}
	}
	r.Verified = true
	r.Reason = ""
	return r, nil
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\r", " ")
	s = strings.ReplaceAll(s, "\n", " ")
	const max = 400
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}
