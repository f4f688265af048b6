package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/fwprov/fwprov/verify"
)

func newKeygenCmd(g *globals) *cobra.Command {
	var prefix, alg string
	var force, encrypt bool
	c := &cobra.Command{
		Use:   "keygen --prefix NAME [--encrypt]",
		Short: "Generate a signing key pair (PEM): NAME.key (0600) and NAME.pub (0644)",
		Long: `keygen writes a private key (mode 0600) and its public key (PKIX PEM, mode 0644) for
'fwprov sign'. Keep the private key in your release infrastructure's secret store; hand
the public key (and its fingerprint, printed here) to operators for their policy's trust
section. Existing files are not overwritten unless --force is given.

The private key is unencrypted PKCS#8 PEM, or with --encrypt password-encrypted in the
format 'cosign generate-key-pair' writes ("ENCRYPTED SIGSTORE PRIVATE KEY": scrypt and
NaCl secretbox, through the library cosign uses), so the same key signs with cosign and
fwprov. The password comes from $COSIGN_PASSWORD, as for cosign, or is asked for twice on
the terminal (not echoed).

The default algorithm, ecdsa-p256, is cosign's default too: its signatures verify with
cosign's default flags. cosign verifies other ECDSA keys with SHA-256 unless told
otherwise; fwprov signs P-384 with SHA-384, so verifying an ecdsa-p384 signature with
cosign needs '--signature-digest-algorithm sha384'.`,
		Example: `  fwprov keygen --prefix acme-release
  fwprov keygen --prefix acme-ed --algorithm ed25519
  COSIGN_PASSWORD=secret fwprov keygen --prefix cosign --encrypt    # cosign.key, as cosign generate-key-pair writes it`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if prefix == "" {
				return usagef("--prefix is required")
			}
			priv, pub := prefix+".key", prefix+".pub"
			if !force {
				for _, p := range []string{priv, pub} {
					if _, err := os.Stat(p); err == nil {
						return fmt.Errorf("%s exists (use --force to overwrite)", p)
					}
				}
			}
			kp, err := verify.GenerateKey(verify.KeyAlgorithm(alg))
			if err != nil {
				return err
			}
			privPEM := kp.PrivatePEM
			if encrypt {
				pw, err := readPassword(g, "the new private key "+priv, true)
				if err != nil {
					return err
				}
				if privPEM, err = verify.EncryptPrivateKey(kp.Signer, pw); err != nil {
					return err
				}
			}
			if err := writeFileMode(priv, privPEM, 0o600); err != nil {
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
	c.Flags().StringVar(&alg, "algorithm", string(verify.KeyECDSAP256), "ecdsa-p256 (cosign's default), ecdsa-p384 or ed25519")
	c.Flags().BoolVar(&encrypt, "encrypt", false, "encrypt the private key with a password, in cosign's format ($COSIGN_PASSWORD or a prompt)")
	c.Flags().BoolVar(&force, "force", false, "overwrite existing key files")
	return c
}
