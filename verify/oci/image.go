package oci

// Image is what Discover found for a reference: the manifest digests to
// gate and, for each, everything attached to it. Nothing in it is trusted
// yet: Verifier.Verify decides.
type Image struct {
	// Reference is the reference as given.
	Reference string `json:"reference"`
	// Source is where it was read: "oci:PATH" or "host/repo".
	Source string `json:"source"`
	Kind   Kind   `json:"kind"`
	// Tag is the tag that was resolved ("" when a digest was given or a
	// layout's only image was taken).
	Tag string `json:"tag,omitempty"`
	// Digest is the top-level manifest digest: what the tag resolved to
	// (once, before anything else was read), or the digest given.
	Digest    string `json:"digest"`
	MediaType string `json:"mediaType"`
	// Index is the image index itself with its own attachments, when
	// Digest is an index (nil for a single image). Its signatures do not
	// stand in for the platform manifests'.
	Index *Manifest `json:"index,omitempty"`
	// Manifests are the image manifests to gate: the image, or each
	// platform manifest of the index that the platform selector keeps.
	Manifests []*Manifest `json:"manifests"`
	// Skipped lists index entries that are not gated, and why.
	Skipped []Skipped `json:"skipped,omitempty"`
	// Notes are facts about the reading a reader should know (a registry
	// that paginates its referrers listing).
	Notes []string `json:"notes,omitempty"`
}

// Manifest is one manifest (an image, or an index) and what is attached to
// it.
type Manifest struct {
	Digest    string `json:"digest"`
	MediaType string `json:"mediaType"`
	Size      int64  `json:"size"`
	// Platform is "os/arch[/variant]" from the index entry or the image
	// config; "" when unknown.
	Platform    string        `json:"platform,omitempty"`
	Attachments []*Attachment `json:"attachments"`
}

// Skipped is an index entry that is not gated.
type Skipped struct {
	Digest   string `json:"digest"`
	Platform string `json:"platform,omitempty"`
	Reason   string `json:"reason"`
}

// AttachmentKind says what an attachment holds.
type AttachmentKind string

// Attachment kinds.
const (
	// AttachBundle is a Sigstore bundle (cosign v3's default format): a
	// signature (predicate https://sigstore.dev/cosign/sign/v1) or an
	// attestation, in a DSSE envelope.
	AttachBundle AttachmentKind = "sigstore-bundle"
	// AttachSimpleSigning is cosign's legacy signature: a simple-signing
	// payload naming the manifest digest, with the signature (and any
	// certificate, chain and log bundle) in layer annotations.
	AttachSimpleSigning AttachmentKind = "simple-signing"
	// AttachDSSE is a bare DSSE envelope (legacy .att tag, or an in-toto
	// referrer).
	AttachDSSE AttachmentKind = "dsse-envelope"
	// AttachSBOM is an attached SBOM file (cosign attach sbom). It is not
	// signed by itself.
	AttachSBOM AttachmentKind = "sbom"
	// AttachOther is a referrer fwprov does not read (listed, not used).
	AttachOther AttachmentKind = "other"
)

// Attachment is one signature, attestation or SBOM found for a manifest.
type Attachment struct {
	Kind AttachmentKind `json:"kind"`
	// Found says how it was found, e.g. "referrers API",
	// "referrers tag sha256-…", "tag sha256-….sig",
	// "layout index.json (subject)"; several when found more than one way.
	Found []string `json:"found"`
	// Manifest is the digest of the manifest holding it (the referrer, or
	// the manifest a legacy tag names).
	Manifest     string `json:"manifest"`
	ArtifactType string `json:"artifactType,omitempty"`
	// Subject is the holding manifest's subject digest, if it has one.
	Subject string `json:"subject,omitempty"`
	// Layer is the digest of the layer holding the data; Index its position.
	Layer     string `json:"layer,omitempty"`
	Index     int    `json:"index"`
	MediaType string `json:"mediaType,omitempty"`
	Size      int64  `json:"size"`
	// PredicateType is the predicate type the attachment claims (from an
	// annotation or its unverified payload): a hint for readers, never
	// used for a decision.
	PredicateType string `json:"predicateType,omitempty"`
	// Annotations are the layer's annotations (legacy signatures carry the
	// signature, certificate, chain and log bundle here).
	Annotations map[string]string `json:"-"`
	// Data is the layer's bytes (digest-checked): the bundle, the payload,
	// the envelope or the SBOM.
	Data []byte `json:"-"`
	// Signatures are signatures found over the holding manifest itself
	// (an SBOM attached as a referrer is trusted through them).
	Signatures []*Attachment `json:"signatures,omitempty"`
}
