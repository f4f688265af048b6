package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/fwprov/fwprov/cmd/fwprov/internal/render"
	"github.com/fwprov/fwprov/policy"
)

func newGateCmd(g *globals) *cobra.Command {
	var files releaseFiles
	var policyArg, trustedRoot string
	var originOnly bool
	var format *formatFlag
	c := &cobra.Command{
		Use:   "gate [RELEASE-DIR] [--policy FILE|PRESET]",
		Short: "One fail-closed verdict for a firmware release: provenance and origin",
		Long: `gate is the operator's command. It verifies that a release is exactly what its vendor
signed — the signature over the SBOM by a signer the policy trusts, that signer belonging to
the firmware's supplier, transparency-log inclusion, the firmware image's digest — and then
checks the origin of every component against the policy. One verdict: allow or deny.

A release is given as a folder, by convention:

  <name>.cdx.json | .cdx.xml | .spdx.json (.gz too)  exactly one SBOM (or --sbom)
  <sbom>.sigstore.json | <sbom>.bundle                its Sigstore bundle (or --bundle)
  <sbom>.sig                                          or a detached signature (or --signature)
  the firmware image                                  --firmware, or the file the SBOM's firmware
                                                      component names in its "fwprov:image"
                                                      property, in the same folder

or by flags: --sbom names the SBOM, and the bundle or signature and the image beside it
are found by the same convention unless --bundle, --signature or --firmware name them.
--attestation takes a DSSE in-toto attestation whose CycloneDX predicate is the SBOM and
whose subject is the firmware image (--firmware). A CycloneDX JSON SBOM that carries an
embedded JSF signature (fwprov sign --jsf) is its own signature: it verifies with a key
signer of the policy, like a bundle.

The policy's trust section says which signers are trusted and what is required
(signature, transparencyLog, firmwareDigest, completeness). Required material that is
missing denies, naming what is missing. The gate fails closed: a policy that trusts no
signer — the embedded presets, which --policy defaults to ("baseline") — cannot establish
provenance, so every release is denied, saying so. To judge origin alone, use
'fwprov check', or --origin-only here (printed in the verdict; refused with a policy that
names signers). Checks that compare the image or the SBOM's content with what the vendor
signed (firmware digest, completeness) are not performed when nothing vouches for the SBOM.

Exit 0 allow, 1 deny, 2 error. The JSON verdict (schema "fwprov.verdict/v1") is documented
in the README.`,
		Example: `  fwprov gate testdata/releases/du-allowed --policy testdata/releases/policy.yaml
  fwprov gate testdata/releases/du-tampered --policy testdata/releases/policy.yaml     # denied: exit 1
  fwprov gate --sbom testdata/releases/du-allowed/ars-du5200-24.3.1.cdx.json \
      --policy testdata/releases/policy.yaml --format junit -o gate.xml                  # bundle and image found beside it
  fwprov gate testdata/releases/du-allowed            # no trusted signer (baseline): denied, says why
  fwprov gate testdata/releases/du-allowed --origin-only --policy eu-5g-toolbox          # origin alone, said so`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := ""
			if len(args) == 1 {
				dir = args[0]
				fi, err := os.Stat(dir)
				if err != nil {
					return fmt.Errorf("gate: %w", err)
				}
				if !fi.IsDir() {
					return usagef("gate: %s is not a folder (give a release folder, or the SBOM with --sbom)", dir)
				}
				if files.SBOM == "" && files.Attestation == "" {
					s, err := findSBOM(dir)
					if err != nil {
						return err
					}
					files.SBOM = s
				}
			}
			if files.SBOM == "" && files.Attestation == "" {
				return usagef("give a release folder, --sbom, or --attestation")
			}
			fromFile := files.SBOM != "" && files.SBOM != "-"
			if dir == "" && fromFile {
				// By flags: the release convention still finds what sits
				// beside the SBOM (its bundle or signature, the image it
				// names), as in a folder.
				dir = filepath.Dir(files.SBOM)
			}
			if files.Bundle == "" && files.Signature == "" && files.Attestation == "" && fromFile {
				files.Bundle, files.Signature = siblingMaterial(files.SBOM)
			}
			pol, err := loadPolicy(policyArg)
			if err != nil {
				return err
			}
			if err := checkOriginOnly(originOnly, pol); err != nil {
				return err
			}
			rel, err := loadRelease(g, files, dir)
			if err != nil {
				return err
			}
			v, _, err := policy.Gate(cmd.Context(), rel, pol, policy.GateOptions{Limits: g.limits(), TrustedRoot: trustedRoot, OriginOnly: originOnly})
			if err != nil {
				return err
			}
			p, err := render.VerdictPresenter(format.value, &render.VerdictInput{Verdict: v, SBOM: rel.SBOM, Command: "gate", Rules: ruleIDs(pol), ToolVersion: toolVersion()})
			if err != nil {
				return err
			}
			if err := present(g, p); err != nil {
				return err
			}
			return verdictExit(v)
		},
	}
	fl := c.Flags()
	fl.StringVar(&files.SBOM, "sbom", "", "the release's SBOM `FILE`")
	fl.StringVar(&files.Bundle, "bundle", "", "Sigstore bundle `FILE` over the SBOM")
	fl.StringVar(&files.Signature, "signature", "", "detached signature `FILE` over the SBOM")
	fl.StringVar(&files.Attestation, "attestation", "", "DSSE attestation `FILE` carrying the SBOM (subject: the firmware image)")
	fl.StringVar(&files.Firmware, "firmware", "", "firmware image `FILE`")
	fl.StringVarP(&policyArg, "policy", "p", "", "policy `FILE` or preset name (default \"baseline\")")
	fl.StringVar(&trustedRoot, "trusted-root", "", "Sigstore trusted_root.json `FILE` (overrides the policy's)")
	fl.BoolVar(&originOnly, "origin-only", false, "judge origin alone, with a policy that trusts no signer: provenance is not checked (said in the verdict)")
	_ = c.RegisterFlagCompletionFunc("policy", completePresets)
	c.MarkFlagsMutuallyExclusive("bundle", "signature", "attestation")
	format = addFormatFlag(c, "text", "json", "sarif", "markdown", "junit")
	return c
}

// checkOriginOnly refuses --origin-only with a policy that names trusted
// signers: it would skip the very checks the policy asks for.
func checkOriginOnly(originOnly bool, pol *policy.Policy) error {
	if originOnly && pol.Trust != nil && len(pol.Trust.Signers) > 0 {
		return usagef("--origin-only: policy %s names trusted signers, and --origin-only would skip them; drop --origin-only (or use 'fwprov check' for origin alone)", pol.Name)
	}
	return nil
}
