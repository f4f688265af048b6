package cli

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/fwprov/fwprov/verify"
)

func newSignCmd(g *globals) *cobra.Command {
	var keyPath, bundlePath, sigPath, jsfAlg, jsfKeyID, attestImage string
	var jsf bool
	c := &cobra.Command{
		Use:   "sign ARTIFACT --key KEY",
		Short: "Sign an SBOM or firmware image offline: a Sigstore bundle, a detached signature, or an embedded JSF signature",
		Long: `sign is for vendors' release engineers. It signs ARTIFACT with a private key without
touching the network. The key is PEM: PKCS#8, SEC1 or PKCS#1, or password-encrypted as
'cosign generate-key-pair' writes it ("ENCRYPTED SIGSTORE PRIVATE KEY"; also encrypted
PKCS#8). The password of an encrypted key comes from $COSIGN_PASSWORD, as for cosign,
or is asked for on the terminal (not echoed). One key file serves both tools.

By default it writes a Sigstore bundle (v0.3, key-based, no transparency-log entry) to
--bundle (default ARTIFACT.sigstore.json). 'fwprov verify --key' accepts it, and so does
  cosign verify-blob ARTIFACT --bundle B --key K.pub --insecure-ignore-tlog=true
--output-signature FILE writes a detached base64 signature instead (as 'cosign sign-blob
--output-signature' does; with --bundle too, both are written).

Which key cosign accepts as it is: an ECDSA P-256 key (keygen's default, and cosign's)
and Ed25519 verify with cosign's default flags. cosign verifies every other ECDSA key
with SHA-256 unless told otherwise, while fwprov signs P-384 with SHA-384 and P-521 with
SHA-512 (what the Sigstore algorithm registry pairs them with): for those keys add
'--signature-digest-algorithm sha384' (or sha512) to the cosign verify command.

With --jsf it embeds a CycloneDX JSF signature (with the public key as a JWK) in the JSON
BOM ARTIFACT and writes the signed BOM to --output (default stdout).

With --attest IMAGE it writes an in-toto attestation instead: a DSSE-signed statement whose
subject is the firmware image (name, SHA-256 and SHA-512) and whose predicate is the SBOM
ARTIFACT (predicateType https://cyclonedx.org/bom), as a Sigstore bundle to --bundle
(default ARTIFACT.intoto.sigstore.json). 'fwprov gate --attestation B --firmware IMAGE'
then checks the SBOM carried inside it, and 'cosign verify-blob-attestation IMAGE --bundle B
--key K.pub --type cyclonedx --insecure-ignore-tlog=true' accepts it.`,
		Example: `  fwprov keygen --prefix acme-release
  fwprov sign testdata/sboms/du-5g.cdx.json --key acme-release.key        # writes testdata/sboms/du-5g.cdx.json.sigstore.json
  fwprov sign testdata/verify/du-firmware.img --key acme-release.key --output-signature du-firmware.img.sig
  fwprov sign testdata/sboms/du-5g.cdx.json --key acme-release.key --jsf --output du.signed.cdx.json
  fwprov sign testdata/sboms/du-5g.cdx.json --key acme-release.key --attest testdata/verify/du-firmware.img --bundle du.intoto.sigstore.json
  COSIGN_PASSWORD=secret fwprov keygen --prefix vendor --encrypt     # cosign's encrypted key format
  COSIGN_PASSWORD=secret fwprov sign testdata/sboms/du-5g.cdx.json --key vendor.key --bundle du.vendor.sigstore.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if keyPath == "" {
				return usagef("--key is required")
			}
			if jsf && (bundlePath != "" || sigPath != "") {
				return usagef("--jsf embeds the signature in the BOM: it does not go with --bundle or --output-signature (use --output)")
			}
			if attestImage != "" && (jsf || sigPath != "") {
				return usagef("--attest writes an attestation bundle: it does not go with --jsf or --output-signature")
			}
			signer, err := loadSigningKey(g, keyPath)
			if err != nil {
				return err
			}
			artifact, err := os.ReadFile(args[0])
			if err != nil {
				return fmt.Errorf("read artifact: %w", err)
			}
			wrote := func(path string, data []byte) error {
				if err := writeOutput(g.streams.Out, path, data); err != nil {
					return err
				}
				if !g.quiet && path != "" && path != "-" {
					fmt.Fprintf(g.streams.Err, "wrote %s\n", path)
				}
				return nil
			}
			switch {
			case attestImage != "":
				img, err := os.ReadFile(attestImage)
				if err != nil {
					return fmt.Errorf("read image: %w", err)
				}
				s256, s512 := sha256.Sum256(img), sha512.Sum512(img)
				stmt, err := verify.NewCycloneDXStatement(artifact, verify.Subject{Name: filepath.Base(attestImage), Digests: []verify.Digest{
					{Algorithm: "sha256", Value: hex.EncodeToString(s256[:])},
					{Algorithm: "sha512", Value: hex.EncodeToString(s512[:])},
				}})
				if err != nil {
					return err
				}
				b, err := verify.SignAttestationBundle(cmd.Context(), stmt, signer)
				if err != nil {
					return err
				}
				if bundlePath == "" {
					bundlePath = args[0] + ".intoto.sigstore.json"
				}
				return wrote(bundlePath, b)
			case jsf:
				signed, err := verify.SignJSF(cmd.Context(), artifact, signer, verify.JSFSignOptions{Algorithm: jsfAlg, KeyID: jsfKeyID})
				if err != nil {
					return err
				}
				return writeOutput(g.streams.Out, g.output, signed)
			}
			if sigPath != "" {
				sig, err := verify.SignDetached(cmd.Context(), artifact, signer)
				if err != nil {
					return err
				}
				if err := wrote(sigPath, sig); err != nil {
					return err
				}
				if bundlePath == "" {
					return nil
				}
			}
			if bundlePath == "" {
				bundlePath = args[0] + ".sigstore.json"
			}
			b, err := verify.SignBundle(cmd.Context(), artifact, signer)
			if err != nil {
				return err
			}
			return wrote(bundlePath, b)
		},
	}
	c.Flags().StringVar(&keyPath, "key", "", "private key `FILE` (PEM; encrypted as cosign writes it, or not)")
	c.Flags().StringVar(&bundlePath, "bundle", "", "where to write the Sigstore bundle (default ARTIFACT.sigstore.json)")
	c.Flags().StringVar(&sigPath, "output-signature", "", "write a detached base64 signature to `FILE` (as cosign sign-blob does)")
	c.Flags().StringVar(&attestImage, "attest", "", "write an in-toto attestation whose subject is firmware `IMAGE` and whose predicate is the SBOM")
	c.Flags().BoolVar(&jsf, "jsf", false, "embed a CycloneDX JSF signature in the JSON BOM instead of writing a bundle")
	c.Flags().StringVar(&jsfAlg, "jsf-algorithm", "", "JSF algorithm (default by key: ES256/ES384/ES512, Ed25519, RS256)")
	c.Flags().StringVar(&jsfKeyID, "jsf-key-id", "", "keyId to record in the JSF signature")
	return c
}
