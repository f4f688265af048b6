package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/fwprov/fwprov/policy"
)

func newPolicyCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "policy",
		Short: "Validate policy files and show the embedded presets",
		Long: `policy works with policy files (YAML, apiVersion fwprov/v1; the format is in the README)
and the presets embedded in fwprov: baseline (the default), eu-5g-toolbox and strict.`,
		Example: `  fwprov policy validate testdata/policies/operator-ran.yaml
  fwprov policy list
  fwprov policy show baseline > my-policy.yaml`,
		Args: cobra.NoArgs,
	}
	c.AddCommand(&cobra.Command{
		Use:   "validate FILE...",
		Short: "Load each policy strictly and report the first error with file and line",
		Long: `validate loads each policy file exactly as check and gate would: unknown fields, bad
dates, unknown severities, rules naming missing entities, parent cycles, bad CEL expressions,
unreadable trust keys are each an error naming the file and line. Exit 0 when all are valid,
2 otherwise.`,
		Example: `  fwprov policy validate testdata/policies/operator-ran.yaml testdata/releases/policy.yaml`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, path := range args {
				p, err := policy.Load(path)
				if err != nil {
					return err
				}
				if err := p.CheckTrustMaterial(); err != nil {
					return fmt.Errorf("%s: %w", path, err)
				}
				if !g.quiet {
					fmt.Fprintf(g.streams.Out, "%s: valid: policy %q, %d entities, %d rules, %d limits, %d exceptions%s\n",
						path, p.Name, len(p.Entities), len(p.Rules), len(p.Limits), len(p.Exceptions), trustSummary(p))
				}
			}
			return nil
		},
	})
	c.AddCommand(&cobra.Command{
		Use:     "list",
		Short:   "List the embedded presets",
		Example: `  fwprov policy list`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			tw := tabwriter.NewWriter(g.streams.Out, 0, 4, 2, ' ', 0)
			for _, p := range policy.Presets() {
				def := ""
				if p.Default {
					def = " (default)"
				}
				fmt.Fprintf(tw, "%s%s\t%s\n", p.Name, def, p.Description)
			}
			return tw.Flush()
		},
	})
	c.AddCommand(&cobra.Command{
		Use:               "show PRESET",
		Short:             "Print an embedded preset's YAML (a starting point for your own policy)",
		Example:           `  fwprov policy show eu-5g-toolbox`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completePresets,
		RunE: func(cmd *cobra.Command, args []string) error {
			src, err := policy.PresetSource(args[0])
			if err != nil {
				return err
			}
			return writeOutput(g.streams.Out, g.output, src)
		},
	})
	return c
}

func trustSummary(p *policy.Policy) string {
	if p.Trust == nil {
		return ", no trust section"
	}
	return fmt.Sprintf(", %d trusted signers", len(p.Trust.Signers))
}
