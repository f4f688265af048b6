package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/fwprov/fwprov/cmd/fwprov/internal/render"
	"github.com/fwprov/fwprov/policy"
)

func newGateCmd(g *globals) *cobra.Command {
	var files releaseFiles
	var policyArg, trustedRoot string
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

or entirely by flags. --attestation takes a DSSE in-toto attestation whose CycloneDX
predicate is the SBOM and whose subject is the firmware image (--firmware).

The policy's trust section says which signers are trusted and what is required
(signature, transparencyLog, firmwareDigest, completeness). Required material that is
missing denies, naming what is missing. Without --policy the embedded "baseline" preset
is used: it trusts no signer and requires nothing it cannot check, and the report says
plainly which provenance checks were not performed.

Exit 0 allow, 1 deny, 2 error. The JSON verdict (schema "fwprov.verdict/v1") is documented
in the README.`,
		Example: `  fwprov gate testdata/releases/du-allowed --policy testdata/releases/policy.yaml
  fwprov gate --sbom du.cdx.json --bundle du.cdx.json.sigstore.json --firmware du.img \
      --policy operator.yaml --format junit -o gate.xml
  fwprov gate testdata/releases/du-allowed            # baseline: origin only, says what it skipped`,
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
				if files.Bundle == "" && files.Signature == "" && files.Attestation == "" && files.SBOM != "" {
					files.Bundle, files.Signature = siblingMaterial(files.SBOM)
				}
			}
			if files.SBOM == "" && files.Attestation == "" {
				return usagef("gate: give a release folder, --sbom, or --attestation")
			}
			pol, err := loadPolicy(policyArg)
			if err != nil {
				return err
			}
			rel, err := loadRelease(g, files, dir)
			if err != nil {
				return err
			}
			v, _, err := policy.Gate(cmd.Context(), rel, pol, policy.GateOptions{Limits: g.limits(), TrustedRoot: trustedRoot})
			if err != nil {
				return err
			}
			p, err := render.VerdictPresenter(format.value, &render.VerdictInput{Verdict: v, SBOM: rel.SBOM, Command: "gate", Rules: ruleIDs(pol)})
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
	_ = c.RegisterFlagCompletionFunc("policy", completePresets)
	c.MarkFlagsMutuallyExclusive("bundle", "signature", "attestation")
	format = addFormatFlag(c, "text", "json", "sarif", "markdown", "junit")
	return c
}
