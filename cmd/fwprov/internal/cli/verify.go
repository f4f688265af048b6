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
// conformance suite can drive fwprov directly.
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
}

func newVerifyCmd(g *globals) *cobra.Command {
	var f verifyFlags
	var format *formatFlag
	c := &cobra.Command{
		Use:     "verify ARTIFACT",
		Aliases: []string{"verify-bundle"},
		Short:   "Verify provenance: Sigstore bundle, signature, attestation, JSF, firmware digest",
		Long: `verify proves where an artifact (an SBOM or a firmware image) came from, offline.

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
                                            be ARTIFACT's digest
  --jsf [--jsf-key K | --jsf-fingerprint F] the CycloneDX JSF signature embedded in the
                                            JSON BOM ARTIFACT; an embedded key counts only
                                            when pinned
  --firmware IMAGE                          ARTIFACT is an SBOM: the image's hashes must
                                            equal the firmware component's

Every requested check must pass; one that cannot be performed fails. Exit 0 verified,
1 not verified (with a one-line reason), 2 error. Nothing touches the network.`,
		Example: `  # a release signed by the vendor's key (made with 'fwprov sign')
  fwprov verify testdata/releases/du-allowed/du.cdx.json \
      --bundle testdata/releases/du-allowed/du.cdx.json.sigstore.json \
      --key testdata/releases/keys/acme-release.pub \
      --firmware testdata/releases/du-allowed/du-load.img

  # a keyless bundle, as cosign verify-blob would check it
  fwprov verify artifact.bin --bundle artifact.sigstore.json \
      --certificate-identity release@acme.example \
      --certificate-oidc-issuer https://issuer.example --trusted-root trusted_root.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rep, err := runVerify(cmd, g, &f, args[0])
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
	fl.StringVar(&f.signature, "signature", "", "detached base64 signature `FILE` (with --key)")
	fl.StringVar(&f.attestation, "attestation", "", "DSSE in-toto attestation `FILE` (bundle or bare envelope)")
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
	format = addFormatFlag(c, "text", "json")
	c.MarkFlagsMutuallyExclusive("certificate-identity", "certificate-identity-regexp")
	c.MarkFlagsMutuallyExclusive("certificate-oidc-issuer", "certificate-oidc-issuer-regexp")
	c.MarkFlagsMutuallyExclusive("bundle", "signature", "attestation")
	return c
}

// runVerify performs every verification the flags ask for and collects the
// results. A verification failure is data in the report; only bad input and
// bad flags are errors.
func runVerify(cmd *cobra.Command, g *globals, f *verifyFlags, arg string) (*render.VerifyReport, error) {
	ctx := cmd.Context()
	if f.staging {
		return nil, usagef("verify: --staging is not supported: fwprov ships no trusted roots and never uses TUF; pass --trusted-root")
	}
	if f.bundle == "" && f.signature == "" && f.attestation == "" && !f.jsf && f.firmware == "" {
		return nil, usagef("verify: nothing to verify: give --bundle, --signature, --attestation, --jsf or --firmware")
	}
	if f.signature != "" && f.key == "" {
		return nil, usagef("verify: --signature needs --key")
	}
	keyless := f.identity != "" || f.identityRegexp != "" || f.issuer != "" || f.issuerRegexp != ""
	if keyless && f.key != "" {
		return nil, usagef("verify: give either --key or --certificate-identity/--certificate-oidc-issuer, not both")
	}

	rep := &render.VerifyReport{SchemaVersion: render.VerifySchema, Artifact: render.ArtifactInfo{Source: arg}}

	// The artifact: the bytes of a file (read once), or only a digest.
	var artifact verify.Artifact
	var data []byte
	if _, statErr := os.Stat(arg); statErr != nil && verify.LooksLikeDigest(arg) {
		a, err := verify.ArtifactDigest(arg)
		if err != nil {
			return nil, usagef("verify: %v", err)
		}
		artifact = a
		rep.Artifact.Digest = a.Digest.String()
	} else {
		b, err := os.ReadFile(arg)
		if err != nil {
			return nil, fmt.Errorf("verify: read artifact: %w", err)
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
		ident = &verify.Identity{SAN: f.identity, SANRegexp: f.identityRegexp, Issuer: f.issuer, IssuerRegexp: f.issuerRegexp}
		if ident.SAN == "" && ident.SANRegexp == "" || ident.Issuer == "" && ident.IssuerRegexp == "" {
			return nil, usagef("verify: keyless verification needs both --certificate-identity[-regexp] and --certificate-oidc-issuer[-regexp]")
		}
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
			return nil, fmt.Errorf("verify: read %s: %w", path, err)
		}
		if key == nil && ident == nil {
			return nil, usagef("verify: %s: give --key, or --certificate-identity and --certificate-oidc-issuer", path)
		}
		if f.attestation != "" && !verify.IsBundle(b) {
			if key == nil {
				return nil, usagef("verify: %s is a bare DSSE envelope: it needs --key", path)
			}
			if err := add(verify.VerifyDSSE(ctx, b, artifact, verify.DSSEOptions{Source: path, Key: key})); err != nil {
				return nil, err
			}
			break
		}
		opts := verify.BundleOptions{Source: path, Key: key, Identity: ident, RequireTlog: f.requireTlog, RequireTimestamp: f.requireTimestamp}
		if trusted != nil {
			opts.TrustedRoot = trusted
		}
		if err := add(verify.VerifyBundle(ctx, b, artifact, opts)); err != nil {
			return nil, err
		}
	case f.signature != "":
		b, err := os.ReadFile(f.signature)
		if err != nil {
			return nil, fmt.Errorf("verify: read %s: %w", f.signature, err)
		}
		if err := add(verify.VerifyDetached(ctx, artifact, b, verify.DetachedOptions{Source: f.signature, Key: key})); err != nil {
			return nil, err
		}
	}

	if f.jsf {
		if data == nil {
			return nil, usagef("verify: --jsf needs the BOM file, not a digest")
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
			return nil, usagef("verify: --firmware needs the SBOM file, not a digest")
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

// loadKeyFlag reads a PEM public key file; "" gives nil.
func loadKeyFlag(path string) (*verify.PublicKey, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("verify: read key: %w", err)
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
			return nil, usagef("verify: keyless verification needs --trusted-root (or $%s): fwprov never fetches one", trustedRootEnv)
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
		return nil, fmt.Errorf("verify: open firmware image: %w", err)
	}
	defer f.Close()
	return verify.VerifyFirmware(ctx, f, doc.Root.Hashes, verify.FirmwareOptions{Source: path})
}
