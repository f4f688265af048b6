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
	var keyPath, bundlePath, jsfAlg, jsfKeyID, attestImage string
	var jsf bool
	c := &cobra.Command{
		Use:   "sign ARTIFACT --key KEY.pem",
		Short: "Sign an SBOM or firmware image offline: a Sigstore bundle, or an embedded JSF signature",
		Long: `sign is for vendors' release engineers. It signs ARTIFACT with a private key (PEM:
PKCS#8, SEC1 or PKCS#1; unencrypted) without touching the network.

By default it writes a Sigstore bundle (v0.3, key-based, no transparency-log entry) to
--bundle (default ARTIFACT.sigstore.json). 'fwprov verify --key' accepts it, and so does
'cosign verify-blob ARTIFACT --bundle B --key K.pub --insecure-ignore-tlog=true'.

With --jsf it embeds a CycloneDX JSF signature (with the public key as a JWK) in the JSON
BOM ARTIFACT and writes the signed BOM to --output (default stdout).

With --attest IMAGE it writes an in-toto attestation instead: a DSSE-signed statement whose
subject is the firmware image (name, SHA-256 and SHA-512) and whose predicate is the SBOM
ARTIFACT (predicateType https://cyclonedx.org/bom), as a Sigstore bundle to --bundle
(default ARTIFACT.intoto.sigstore.json). 'fwprov gate --attestation B --firmware IMAGE'
then checks the SBOM carried inside it.`,
		Example: `  fwprov keygen --prefix acme-release
  fwprov sign du.cdx.json --key acme-release.key            # writes du.cdx.json.sigstore.json
  fwprov sign du-load.img --key acme-release.key --bundle du-load.img.sigstore.json
  fwprov sign du.cdx.json --key acme-release.key --jsf --output du.signed.cdx.json
  fwprov sign du.cdx.json --key acme-release.key --attest du-load.img`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if keyPath == "" {
				return usagef("sign: --key is required")
			}
			keyPEM, err := os.ReadFile(keyPath)
			if err != nil {
				return fmt.Errorf("sign: read key: %w", err)
			}
			signer, err := verify.LoadPrivateKey(keyPath, keyPEM)
			if err != nil {
				return err
			}
			artifact, err := os.ReadFile(args[0])
			if err != nil {
				return fmt.Errorf("sign: read artifact: %w", err)
			}
			if attestImage != "" {
				if jsf {
					return usagef("sign: --attest and --jsf do not go together")
				}
				img, err := os.ReadFile(attestImage)
				if err != nil {
					return fmt.Errorf("sign: read image: %w", err)
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
				if err := writeOutput(g.streams.Out, bundlePath, append(b, '\n')); err != nil {
					return err
				}
				if !g.quiet {
					fmt.Fprintf(g.streams.Err, "wrote %s\n", bundlePath)
				}
				return nil
			}
			if jsf {
				if bundlePath != "" {
					return usagef("sign: --bundle does not go with --jsf (the signature is embedded; use --output)")
				}
				signed, err := verify.SignJSF(cmd.Context(), artifact, signer, verify.JSFSignOptions{Algorithm: jsfAlg, KeyID: jsfKeyID})
				if err != nil {
					return err
				}
				return writeOutput(g.streams.Out, g.output, signed)
			}
			if bundlePath == "" {
				bundlePath = args[0] + ".sigstore.json"
			}
			b, err := verify.SignBundle(cmd.Context(), artifact, signer)
			if err != nil {
				return err
			}
			if err := writeOutput(g.streams.Out, bundlePath, append(b, '\n')); err != nil {
				return err
			}
			if !g.quiet {
				fmt.Fprintf(g.streams.Err, "wrote %s\n", bundlePath)
			}
			return nil
		},
	}
	c.Flags().StringVar(&keyPath, "key", "", "private key `FILE` (PEM)")
	c.Flags().StringVar(&bundlePath, "bundle", "", "where to write the Sigstore bundle (default ARTIFACT.sigstore.json)")
	c.Flags().StringVar(&attestImage, "attest", "", "write an in-toto attestation whose subject is firmware `IMAGE` and whose predicate is the SBOM")
	c.Flags().BoolVar(&jsf, "jsf", false, "embed a CycloneDX JSF signature in the JSON BOM instead of writing a bundle")
	c.Flags().StringVar(&jsfAlg, "jsf-algorithm", "", "JSF algorithm (default by key: ES256/ES384/ES512, Ed25519, RS256)")
	c.Flags().StringVar(&jsfKeyID, "jsf-key-id", "", "keyId to record in the JSF signature")
	return c
}

func newKeygenCmd(g *globals) *cobra.Command {
	var prefix, alg string
	var force bool
	c := &cobra.Command{
		Use:   "keygen --prefix NAME",
		Short: "Generate a signing key pair (PEM): NAME.key (0600) and NAME.pub (0644)",
		Long: `keygen writes an unencrypted private key (PKCS#8 PEM, mode 0600) and its public key
(PKIX PEM, mode 0644) for 'fwprov sign'. Keep the private key in your release
infrastructure's secret store; hand the public key (and its fingerprint, printed here)
to operators for their policy's trust section. Existing files are not overwritten
unless --force is given.`,
		Example: `  fwprov keygen --prefix acme-release
  fwprov keygen --prefix acme-release --algorithm ed25519`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if prefix == "" {
				return usagef("keygen: --prefix is required")
			}
			kp, err := verify.GenerateKey(verify.KeyAlgorithm(alg))
			if err != nil {
				return err
			}
			priv, pub := prefix+".key", prefix+".pub"
			if !force {
				for _, p := range []string{priv, pub} {
					if _, err := os.Stat(p); err == nil {
						return fmt.Errorf("keygen: %s exists (use --force to overwrite)", p)
					}
				}
			}
			if err := writeFileMode(priv, kp.PrivatePEM, 0o600); err != nil {
				return err
			}
			if err := writeFileMode(pub, kp.PublicPEM, 0o644); err != nil {
				os.Remove(priv)
				return err
			}
			fmt.Fprintf(g.streams.Out, "private key  %s\npublic key   %s\nfingerprint  %s\n", priv, pub, kp.Fingerprint)
			return nil
		},
	}
	c.Flags().StringVar(&prefix, "prefix", "", "write `NAME`.key and NAME.pub")
	c.Flags().StringVar(&alg, "algorithm", string(verify.KeyECDSAP256), "ecdsa-p256, ecdsa-p384 or ed25519")
	c.Flags().BoolVar(&force, "force", false, "overwrite existing key files")
	return c
}
