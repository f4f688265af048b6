package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/spf13/cobra"

	"github.com/fwprov/fwprov/cmd/fwprov/internal/render"
	"github.com/fwprov/fwprov/sbom"
	"github.com/fwprov/fwprov/verify"
)

// trustedRootEnv names a default trusted root file for keyless verification,
// for air-gapped hosts that keep one copy in a known place. fwprov never
// fetches a trusted root.
const trustedRootEnv = "FWPROV_TRUSTED_ROOT"

// verifyFlags are cosign's flag names, so scripts and the Sigstore
// conformance suite can drive fwprov directly; cosignFlags (verify_cosign.go)
// adds the rest of cosign verify-blob's and verify-blob-attestation's.
type verifyFlags struct {
	bundle, key, signature, attestation string
	identity, identityRegexp            string
	issuer, issuerRegexp                string
	trustedRoot                         string
	firmware                            string
	jsf                                 bool
	jsfKeys, jsfFingerprints            []string
	staging                             bool
	requireTlog, requireTimestamp       bool
	cosign                              cosignFlags
}

// verifyMode is which command a verification runs as: fwprov's own
// verify, or one of cosign's command names, which keep cosign's defaults.
type verifyMode struct {
	name string
	// cosign: a transparency-log entry (and, keyless, an SCT) is required
	// unless --insecure-ignore-tlog (--insecure-ignore-sct) says otherwise.
	cosign bool
	// attestation: --bundle and --signature carry an in-toto attestation,
	// and --type defaults to cosign's "custom".
	attestation bool
}

var (
	modeVerify                = verifyMode{name: "verify"}
	modeVerifyBlob            = verifyMode{name: "verify-blob", cosign: true}
	modeVerifyBlobAttestation = verifyMode{name: "verify-blob-attestation", cosign: true, attestation: true}
)

const verifyLong = `verify proves where an artifact (an SBOM or a firmware image) came from, offline.

ARTIFACT is a file path, or "sha256:<hex>" when only the digest is at hand (a file of that
name wins). What is checked depends on the flags, which follow cosign's names:

  --bundle B with --key K                   a key-signed Sigstore bundle (log entry optional)
  --bundle B with --certificate-identity[-regexp] and --certificate-oidc-issuer[-regexp]
                                            a keyless bundle, against --trusted-root
                                            (or $FWPROV_TRUSTED_ROOT); log inclusion and
                                            signed timestamps as the root allows
  --signature S --key K                     a cosign-style detached signature (base64)
  --attestation A                           a DSSE in-toto attestation (bundle, or bare
                                            envelope with --key): a statement subject must
                                            be ARTIFACT's digest (--type: its predicate type)
  --jsf [--jsf-key K | --jsf-fingerprint F] the CycloneDX JSF signature embedded in the
                                            JSON BOM ARTIFACT; an embedded key counts only
                                            when pinned
  --firmware IMAGE                          ARTIFACT is an SBOM: the image's hashes must
                                            equal the firmware component's

Every requested check must pass; one that cannot be performed fails. Exit 0 verified,
1 not verified (with a one-line reason), 2 error. Nothing touches the network.

cosign's verify-blob and verify-blob-attestation are also command names of fwprov, with
cosign's defaults (a transparency-log entry is required unless --insecure-ignore-tlog; an
attestation's --type defaults to "custom"), so a cosign command line runs unchanged with
'fwprov' in place of 'cosign'. Every cosign v3.1.3 flag of those commands is accepted with
cosign's meaning or refused with a one-line reason (see the README).`

func newVerifyCmd(g *globals) *cobra.Command {
	c := newVerifyCommand(g, modeVerify)
	c.Aliases = []string{"verify-bundle"}
	return c
}

func newVerifyBlobCmd(g *globals) *cobra.Command {
	return newVerifyCommand(g, modeVerifyBlob)
}

func newVerifyBlobAttestationCmd(g *globals) *cobra.Command {
	return newVerifyCommand(g, modeVerifyBlobAttestation)
}

var verifyExamples = map[string]string{
	"verify": `  # a release signed by the vendor's key (made with 'fwprov sign'), and its firmware binding
  fwprov verify testdata/releases/du-allowed/ars-du5200-24.3.1.cdx.json \
      --bundle testdata/releases/du-allowed/ars-du5200-24.3.1.cdx.json.sigstore.json \
      --key testdata/releases/keys/acme-release.pub \
      --firmware testdata/releases/du-allowed/ars-du5200-24.3.1.img

  # a tampered release: not verified, exit 1
  fwprov verify testdata/releases/du-tampered/ars-du5200-24.3.1.cdx.json \
      --bundle testdata/releases/du-tampered/ars-du5200-24.3.1.cdx.json.sigstore.json \
      --key testdata/releases/keys/acme-release.pub

  # what cosign wrote: a bundle, a detached signature, a CycloneDX attestation
  fwprov verify testdata/verify/du.cdx.json --bundle testdata/verify/cosign/du.cdx.json.sigstore.json \
      --key testdata/verify/cosign/cosign-test.pub
  fwprov verify testdata/verify/du.cdx.json --signature testdata/verify/cosign/du.cdx.json.sig \
      --key testdata/verify/cosign/cosign-test.pub
  fwprov verify testdata/verify/du-firmware.img --attestation testdata/verify/cosign/du.intoto.sigstore.json \
      --key testdata/verify/cosign/cosign-test.pub --type cyclonedx

  # the digest only, and an embedded JSF signature
  fwprov verify sha256:$(sha256sum testdata/verify/du.cdx.json | cut -d' ' -f1) \
      --bundle testdata/verify/du.cdx.json.sigstore.json --key testdata/verify/test-key.pub
  fwprov verify testdata/verify/du.jsf.cdx.json --jsf --jsf-key testdata/verify/test-key.pub`,
	"verify-blob": `  # as cosign verify-blob: a key-signed bundle without a log entry needs --insecure-ignore-tlog
  fwprov verify-blob testdata/verify/du.cdx.json --bundle testdata/verify/cosign/du.cdx.json.sigstore.json \
      --key testdata/verify/cosign/cosign-test.pub --insecure-ignore-tlog=true
  fwprov verify-blob testdata/verify/du.cdx.json --signature testdata/verify/cosign/du.cdx.json.sig \
      --key testdata/verify/cosign/cosign-test.pub --insecure-ignore-tlog
  # cosign signs P-384 with SHA-384, and assumes SHA-256 unless told
  fwprov verify-blob testdata/verify/du.cdx.json --bundle testdata/verify/cosign/du.cdx.json.p384.sigstore.json \
      --key testdata/verify/cosign/cosign-test-p384.pub --insecure-ignore-tlog --signature-digest-algorithm sha384`,
	"verify-blob-attestation": `  # as cosign verify-blob-attestation: --type names the predicate (default "custom")
  fwprov verify-blob-attestation testdata/verify/du-firmware.img \
      --bundle testdata/verify/cosign/du.intoto.sigstore.json --key testdata/verify/cosign/cosign-test.pub \
      --type cyclonedx --insecure-ignore-tlog
  fwprov verify-blob-attestation --digest 52926ec03c77ca036efb2a460ba7803df54fc5dfd179d43ed4d751ad64e1206f --digestAlg sha256 \
      --bundle testdata/verify/cosign/du.intoto.sigstore.json --key testdata/verify/cosign/cosign-test.pub \
      --type cyclonedx --insecure-ignore-tlog`,
}

func newVerifyCommand(g *globals, mode verifyMode) *cobra.Command {
	var f verifyFlags
	var format *formatFlag
	use, short := "verify ARTIFACT", "Verify provenance: Sigstore bundle, signature, attestation, JSF, firmware digest"
	switch mode {
	case modeVerifyBlob:
		use, short = "verify-blob BLOB", "cosign verify-blob, offline: the same flags, the same meaning, fwprov's report"
	case modeVerifyBlobAttestation:
		use, short = "verify-blob-attestation [BLOB]", "cosign verify-blob-attestation, offline: the same flags, the same meaning, fwprov's report"
	}
	c := &cobra.Command{
		Use:     use,
		Short:   short,
		Long:    verifyLong,
		Example: verifyExamples[mode.name],
		Args: func(cmd *cobra.Command, args []string) error {
			if mode.attestation {
				return cobra.RangeArgs(0, 1)(cmd, args)
			}
			return cobra.ExactArgs(1)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if f.cosign.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, f.cosign.timeout)
				defer cancel()
				cmd.SetContext(ctx)
			}
			arg := ""
			if len(args) == 1 {
				arg = args[0]
			}
			rep, err := runVerify(cmd, g, &f, mode, arg)
			if err != nil {
				return err
			}
			p, err := render.VerifyPresenter(format.value, rep)
			if err != nil {
				return err
			}
			if err := present(g, p); err != nil {
				return err
			}
			if !rep.Verified {
				return deny("not verified: %s", rep.Reason)
			}
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.bundle, "bundle", "", "Sigstore bundle `FILE` (.sigstore.json)")
	fl.StringVar(&f.key, "key", "", "PEM public key `FILE` the signature must verify with")
	sigUsage := "detached base64 signature `FILE` or content (with --key)"
	if mode.attestation {
		sigUsage = "bare DSSE envelope `FILE` (JSON, or base64 of it) carrying the attestation (with --key)"
	}
	fl.StringVar(&f.signature, "signature", "", sigUsage)
	if !mode.attestation {
		fl.StringVar(&f.attestation, "attestation", "", "DSSE in-toto attestation `FILE` (bundle or bare envelope)")
	}
	fl.StringVar(&f.identity, "certificate-identity", "", "expected certificate identity (SAN), exact")
	fl.StringVar(&f.identityRegexp, "certificate-identity-regexp", "", "expected certificate identity (SAN), RE2 regexp")
	fl.StringVar(&f.issuer, "certificate-oidc-issuer", "", "expected OIDC issuer, exact")
	fl.StringVar(&f.issuerRegexp, "certificate-oidc-issuer-regexp", "", "expected OIDC issuer, RE2 regexp")
	fl.StringVar(&f.trustedRoot, "trusted-root", "", "Sigstore trusted_root.json `FILE` (default $"+trustedRootEnv+")")
	fl.StringVar(&f.firmware, "firmware", "", "firmware image `FILE` whose hashes must match the SBOM's firmware component")
	fl.BoolVar(&f.jsf, "jsf", false, "verify the CycloneDX JSF signature embedded in the JSON BOM")
	fl.StringSliceVar(&f.jsfKeys, "jsf-key", nil, "trusted PEM public key `FILE` for --jsf (repeatable)")
	fl.StringSliceVar(&f.jsfFingerprints, "jsf-fingerprint", nil, "pinned sha256 fingerprint of an embedded JSF key (repeatable)")
	fl.BoolVar(&f.requireTlog, "require-tlog", false, "fail unless a transparency-log entry verifies")
	fl.BoolVar(&f.requireTimestamp, "require-timestamp", false, "fail unless an RFC 3161 timestamp verifies")
	fl.BoolVar(&f.staging, "staging", false, "refused: fwprov bundles no staging trust root (pass --trusted-root)")
	_ = fl.MarkHidden("staging")
	f.cosign.register(c, mode)
	format = addFormatFlag(c, "text", "json")
	c.MarkFlagsMutuallyExclusive("certificate-identity", "certificate-identity-regexp")
	c.MarkFlagsMutuallyExclusive("certificate-oidc-issuer", "certificate-oidc-issuer-regexp")
	if mode.attestation {
		c.MarkFlagsMutuallyExclusive("bundle", "signature")
	} else {
		c.MarkFlagsMutuallyExclusive("bundle", "signature", "attestation")
	}
	return c
}

// runVerify performs every verification the flags ask for and collects the
// results. A verification failure is data in the report; only bad input and
// bad flags are errors.
func runVerify(cmd *cobra.Command, g *globals, f *verifyFlags, mode verifyMode, arg string) (*render.VerifyReport, error) {
	ctx := cmd.Context()
	if f.staging {
		return nil, usagef("--staging is not supported: fwprov ships no trusted roots and never uses TUF; pass --trusted-root")
	}
	cs, err := f.cosign.settings(cmd, mode, f)
	if err != nil {
		return nil, err
	}
	if mode.attestation {
		// cosign's verify-blob-attestation: --bundle and --signature
		// carry the attestation.
		f.attestation, f.bundle = f.bundle, ""
		if f.signature != "" {
			f.attestation, f.signature = f.signature, ""
		}
		if f.attestation == "" {
			return nil, usagef("give the attestation with --bundle (or a bare DSSE envelope with --signature)")
		}
	}
	if f.bundle == "" && f.signature == "" && f.attestation == "" && !f.jsf && f.firmware == "" {
		return nil, usagef("nothing to verify: give --bundle, --signature, --attestation, --jsf or --firmware")
	}
	if f.signature != "" && f.key == "" {
		return nil, usagef("--signature needs --key")
	}
	if cs.ignoreTlog && f.requireTlog {
		return nil, usagef("--insecure-ignore-tlog and --require-tlog do not go together")
	}
	keyless := f.identity != "" || f.identityRegexp != "" || f.issuer != "" || f.issuerRegexp != ""
	if keyless && f.key != "" {
		return nil, usagef("give either --key or --certificate-identity/--certificate-oidc-issuer, not both")
	}
	if cs.skipSubject && f.attestation == "" {
		return nil, usagef("--check-claims=false applies to attestations")
	}

	// The artifact: the bytes of a file (read once), a digest, or — for an
	// attestation whose claims are not checked — nothing.
	if arg == "" && cs.digest != "" {
		arg = cs.digest
	}
	if arg == "" && !cs.skipSubject {
		return nil, usagef("give the artifact (a file or sha256:<hex>), or --digest and --digestAlg")
	}
	rep := &render.VerifyReport{SchemaVersion: render.VerifySchema, Artifact: render.ArtifactInfo{Source: arg}}
	var artifact verify.Artifact
	var data []byte
	switch _, statErr := os.Stat(arg); {
	case arg == "":
		rep.Artifact.Source = "(none: claims not checked)"
	case statErr != nil && verify.LooksLikeDigest(arg):
		a, err := verify.ArtifactDigest(arg)
		if err != nil {
			return nil, usagef("%v", err)
		}
		artifact = a
		rep.Artifact.Digest = a.Digest.String()
	default:
		b, err := os.ReadFile(arg)
		if err != nil {
			return nil, fmt.Errorf("read artifact: %w", err)
		}
		data = b
		artifact = verify.ArtifactBytes(b)
		rep.Artifact.Digest = "sha256:" + sha256Hex(b)
		rep.Artifact.Size = int64(len(b))
	}

	key, err := loadKeyFlag(f.key)
	if err != nil {
		return nil, err
	}
	var ident *verify.Identity
	if keyless {
		ident = &verify.Identity{SAN: f.identity, SANRegexp: f.identityRegexp, Issuer: f.issuer, IssuerRegexp: f.issuerRegexp,
			GithubWorkflowTrigger: f.cosign.ghTrigger, GithubWorkflowSHA: f.cosign.ghSHA, GithubWorkflowName: f.cosign.ghName,
			GithubWorkflowRepository: f.cosign.ghRepository, GithubWorkflowRef: f.cosign.ghRef}
		if ident.SAN == "" && ident.SANRegexp == "" || ident.Issuer == "" && ident.IssuerRegexp == "" {
			return nil, usagef("keyless verification needs both --certificate-identity[-regexp] and --certificate-oidc-issuer[-regexp]")
		}
	} else if f.cosign.hasGithubClaims() {
		return nil, usagef("--certificate-github-workflow-* apply to keyless verification (a certificate), not to --key")
	}
	trusted, err := loadTrustedRootFlag(f.trustedRoot, keyless)
	if err != nil {
		return nil, err
	}

	add := func(r *verify.Result, err error) error {
		if err != nil && !verify.IsFailure(err) {
			return err
		}
		if r == nil {
			// A failure without a result still has to show in the report.
			r = &verify.Result{Verified: false, Reason: err.Error()}
		}
		rep.Results = append(rep.Results, *r)
		return nil
	}

	switch {
	case f.bundle != "" || f.attestation != "":
		path := f.bundle
		if path == "" {
			path = f.attestation
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		if key == nil && ident == nil {
			return nil, usagef("%s: give --key, or --certificate-identity and --certificate-oidc-issuer", path)
		}
		if f.attestation != "" && !verify.IsBundle(b) {
			if key == nil {
				return nil, usagef("%s is a bare DSSE envelope: it needs --key", path)
			}
			if cs.requireTlog || cs.requireTimestamp {
				// cosign's defaults ask for a log entry, which a bare
				// envelope cannot carry.
				rep.Results = append(rep.Results, unmetLog(verify.KindDSSE, path, "a bare DSSE envelope carries no transparency-log entry or timestamp: "+cs.tlogHint))
				break
			}
			if err := add(verify.VerifyDSSE(ctx, envelopeJSON(b), artifact, verify.DSSEOptions{Source: path, Key: key, PredicateType: cs.predicateType, SkipSubject: cs.skipSubject})); err != nil {
				return nil, err
			}
			break
		}
		opts := verify.BundleOptions{Source: path, Key: key, Identity: ident,
			RequireTlog: f.requireTlog || cs.requireTlog, RequireTimestamp: f.requireTimestamp || cs.requireTimestamp,
			IgnoreTlog: cs.ignoreTlog, IgnoreSCT: cs.ignoreSCT, Hash: cs.hash, AllowCertificateChain: cs.allowCertificateChain,
			PredicateType: cs.predicateType, SkipSubject: cs.skipSubject}
		if keyless && cs.requireSCT {
			opts.SCTThreshold = 1
		}
		if f.attestation == "" {
			opts.PredicateType = ""
		}
		if trusted != nil {
			opts.TrustedRoot = trusted
		}
		if err := add(verify.VerifyBundle(ctx, b, artifact, opts)); err != nil {
			return nil, err
		}
	case f.signature != "":
		sig, err := readSignatureFlag(f.signature)
		if err != nil {
			return nil, err
		}
		if cs.requireTlog || cs.requireTimestamp {
			rep.Results = append(rep.Results, unmetLog(verify.KindDetached, f.signature, "a detached signature carries no transparency-log entry or timestamp: "+cs.tlogHint))
			break
		}
		if err := add(verify.VerifyDetached(ctx, artifact, sig, verify.DetachedOptions{Source: f.signature, Key: key, Hash: cs.hash})); err != nil {
			return nil, err
		}
	}

	if f.jsf {
		if data == nil {
			return nil, usagef("--jsf needs the BOM file, not a digest")
		}
		opts := verify.JSFOptions{Source: arg, Fingerprints: f.jsfFingerprints}
		for _, k := range f.jsfKeys {
			pk, err := loadKeyFlag(k)
			if err != nil {
				return nil, err
			}
			opts.Keys = append(opts.Keys, pk)
		}
		if err := add(verify.VerifyJSF(ctx, data, opts)); err != nil {
			return nil, err
		}
	}

	if f.firmware != "" {
		if data == nil {
			return nil, usagef("--firmware needs the SBOM file, not a digest")
		}
		doc, err := parseSBOM(cmd, g, arg, data)
		if err != nil {
			return nil, err
		}
		r, err := verifyFirmwareFile(ctx, doc, f.firmware)
		if err := add(r, err); err != nil {
			return nil, err
		}
	}

	rep.Verified = len(rep.Results) > 0
	for _, r := range rep.Results {
		if !r.Verified {
			rep.Verified = false
			if rep.Reason == "" {
				rep.Reason = r.Reason
			}
		}
	}
	return rep, nil
}

// unmetLog is the result of a verification that must show a log entry or
// timestamp the material cannot carry.
func unmetLog(kind verify.Kind, source, reason string) verify.Result {
	return verify.Result{Kind: kind, Source: source, Verified: false, Reason: reason,
		Checks: []verify.Check{{Name: verify.CheckTransparencyLog, Status: verify.StatusFailed, Required: true, Detail: reason}}}
}

// loadKeyFlag reads a PEM public key file; "" gives nil.
func loadKeyFlag(path string) (*verify.PublicKey, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read key: %w", err)
	}
	return verify.LoadPublicKey(path, b)
}

// loadTrustedRootFlag reads --trusted-root, or $FWPROV_TRUSTED_ROOT. Keyless
// verification without a trusted root is an error: there is nothing to
// chain the certificate to, and fwprov fetches nothing.
func loadTrustedRootFlag(path string, required bool) (*root.TrustedRoot, error) {
	if path == "" {
		path = os.Getenv(trustedRootEnv)
	}
	if path == "" {
		if required {
			return nil, usagef("keyless verification needs --trusted-root (or $%s): fwprov never fetches one", trustedRootEnv)
		}
		return nil, nil
	}
	tr, err := verify.LoadTrustedRootFile(path)
	if err != nil {
		return nil, err
	}
	return tr, nil
}

var errNoFirmwareHashes = errors.New("the SBOM names no firmware component (metadata.component) to bind the image to")

// verifyFirmwareFile hashes the image streaming and compares it with the
// hashes the SBOM declares for its firmware component.
func verifyFirmwareFile(ctx context.Context, doc *sbom.Document, path string) (*verify.Result, error) {
	if doc.Root == nil {
		return nil, &verify.Failure{Check: verify.CheckFirmwareDigest, Reason: fmt.Sprintf("%s: %v", doc.Source, errNoFirmwareHashes)}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open firmware image: %w", err)
	}
	defer f.Close()
	return verify.VerifyFirmware(ctx, f, doc.Root.Hashes, verify.FirmwareOptions{Source: path})
}
