package cli

import (
	"bytes"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/fwprov/fwprov/policy"
)

func newPolicyCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "policy",
		Short: "Validate policy files, show the embedded presets and entity catalog, explain a resolution",
		Long: `policy works with policy files (YAML, apiVersion fwprov/v1; the format is in the README),
the presets embedded in fwprov (baseline, the default; catalog; eu-5g-toolbox; strict) and
the entity catalog they share (one file per corporate family, every fact with its source).`,
		Example: `  fwprov policy validate testdata/policies/operator-ran.yaml
  fwprov policy list
  fwprov policy show baseline > my-policy.yaml
  fwprov policy show catalog/huawei
  fwprov policy entities --format markdown
  fwprov policy resolve "HUAWEI TECHNOLOGIES CO.,LTD" psirt@hisilicon.com pkg:maven/com.huaweicloud.sdk/core@3.1`,
		Args: cobra.NoArgs,
	}
	c.AddCommand(newPolicyValidateCmd(g), newPolicyListCmd(g), newPolicyShowCmd(g), newPolicyEntitiesCmd(g), newPolicyResolveCmd(g))
	return c
}

func newPolicyValidateCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Load each policy strictly and report the first error with file and line",
		Long: `validate loads each policy file exactly as check and gate would: unknown fields, bad
dates, unknown severities, rules naming missing entities, parent cycles, bad CEL expressions,
unreadable trust keys, catalog files and entity overrides are each an error naming the file and
line. Exit 0 when all are valid, 2 otherwise.`,
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
					fmt.Fprintf(g.streams.Out, "%s: valid: policy %q, %s, %s, %s, %s%s\n", path, p.Name,
						plural(len(p.Entities), "entity", "entities"), plural(len(p.Rules), "rule", "rules"),
						plural(len(p.Limits), "limit", "limits"), plural(len(p.Exceptions), "exception", "exceptions"), trustSummary(p))
				}
			}
			return nil
		},
	}
}

func newPolicyListCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the embedded presets and entity catalogs",
		Example: `  fwprov policy list`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var b bytes.Buffer
			tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
			for _, p := range policy.Presets() {
				def := ""
				if p.Default {
					def = " (default)"
				}
				fmt.Fprintf(tw, "%s%s\t%s\n", p.Name, def, p.Description)
			}
			fmt.Fprintf(tw, "\ncatalogs (policy show catalog/NAME; include with catalog: [NAME] or [all]):\n")
			for _, c := range policy.Catalogs() {
				fmt.Fprintf(tw, "catalog/%s\t%s (%s)\n", c.Name, c.Description, plural(c.Entities, "entity", "entities"))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			return writeOutput(g.streams.Out, g.output, b.Bytes())
		},
	}
}

func newPolicyShowCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "show PRESET|catalog/NAME",
		Short: "Print an embedded preset's or catalog file's YAML (a starting point for your own)",
		Example: `  fwprov policy show eu-5g-toolbox
  fwprov policy show catalog/zte
  fwprov policy show catalog/sources`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completePresets,
		RunE: func(cmd *cobra.Command, args []string) error {
			var src []byte
			var err error
			if name, ok := strings.CutPrefix(args[0], "catalog/"); ok {
				src, err = policy.CatalogSource(name)
			} else {
				src, err = policy.PresetSource(args[0])
			}
			if err != nil {
				return err
			}
			return writeOutput(g.streams.Out, g.output, src)
		},
	}
}

func newPolicyEntitiesCmd(g *globals) *cobra.Command {
	var policyArg string
	var summary bool
	c := &cobra.Command{
		Use:   "entities [ID...]",
		Short: "List the policy's entity catalog as a reviewer reads it",
		Long: `entities lists every entity of the policy's catalog (default: the baseline preset's) with its
parent and relation, tags, divestment, names (with their scripts and personal-name marks),
domains, package namespaces (purl prefixes, CPE vendors), hardware IDs (PCI and USB vendor
IDs, devicetree prefixes) and the source of each fact. Given entity ids, only those entities
and their descendants. --summary prints the coverage table instead: per catalog file, the
entities regulators name, the family size, the scripts, and how many names, domains,
namespaces, hardware IDs and sources it has.`,
		Example: `  fwprov policy entities
  fwprov policy entities huawei --format markdown
  fwprov policy entities --summary --format markdown
  fwprov policy entities --policy testdata/policies/operator-ran.yaml --format json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := loadPolicy(policyArg)
			if err != nil {
				return err
			}
			var out []byte
			if summary {
				out, err = renderFamilies(p, formatOf(cmd))
			} else {
				var ents []*policy.Entity
				ents, err = selectEntities(p, args)
				if err == nil {
					out, err = renderEntities(p, ents, formatOf(cmd))
				}
			}
			if err != nil {
				return err
			}
			return writeOutput(g.streams.Out, g.output, out)
		},
	}
	c.Flags().StringVarP(&policyArg, "policy", "p", "", "policy `FILE` or preset name (default \"baseline\")")
	_ = c.RegisterFlagCompletionFunc("policy", completePresets)
	c.Flags().BoolVar(&summary, "summary", false, "print the coverage table by catalog file")
	addFormatFlag(c, "text", "json", "markdown")
	return c
}

func newPolicyResolveCmd(g *globals) *cobra.Command {
	var policyArg, kind string
	c := &cobra.Command{
		Use:   "resolve TEXT...",
		Short: "Show how each string resolves against the catalog, and why",
		Long: `resolve looks each argument up the way check and gate look evidence up, and shows the
folded form, the catalog values that match it (with their sources), the entities they belong to
with ancestry, tags and any divestment, and the entity it resolves to (the most specific of one
family line; values naming two lines are a conflict). --kind says what the strings are:
name (an organisation name, any run of whole words counts), person (a name in an author field:
only the whole name counts), domain, email, url, purl, cpe, pci or usb (a 4-digit vendor ID),
dt (a devicetree compatible string); auto (the default) reads pkg: as purl, cpe: as cpe, URLs,
e-mail addresses and host names as domain, "vendor,device" as dt, and anything else as a name.`,
		Example: `  fwprov policy resolve "Hua-Wei Device Co." "ZTE Corporation"
  fwprov policy resolve psirt@hisilicon.com https://support.huawei.com/x
  fwprov policy resolve --kind person "Zhang Dahua"
  fwprov policy resolve --kind pci 19e5
  fwprov policy resolve --format json pkg:golang/github.com/huaweicloud/huaweicloud-sdk-go-v3@v0.1.170`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := loadPolicy(policyArg)
			if err != nil {
				return err
			}
			var xs []*policy.Explanation
			for _, a := range args {
				x, err := p.Explain(kind, a)
				if err != nil {
					return err
				}
				xs = append(xs, x)
			}
			out, err := renderExplanations(p, xs, formatOf(cmd))
			if err != nil {
				return err
			}
			return writeOutput(g.streams.Out, g.output, out)
		},
	}
	c.Flags().StringVarP(&policyArg, "policy", "p", "", "policy `FILE` or preset name (default \"baseline\")")
	_ = c.RegisterFlagCompletionFunc("policy", completePresets)
	c.Flags().StringVarP(&kind, "kind", "k", policy.ExplainAuto, "what the strings are: "+strings.Join(policy.ExplainKinds, "|"))
	_ = c.RegisterFlagCompletionFunc("kind", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return policy.ExplainKinds, cobra.ShellCompDirectiveNoFileComp
	})
	addFormatFlag(c, "text", "json")
	return c
}

// formatOf returns the value of the command's --format flag.
func formatOf(cmd *cobra.Command) string {
	if f := cmd.Flags().Lookup("format"); f != nil {
		return f.Value.String()
	}
	return "text"
}

func trustSummary(p *policy.Policy) string {
	if p.Trust == nil {
		return ", no trust section"
	}
	return ", " + plural(len(p.Trust.Signers), "trusted signer", "trusted signers")
}

// plural writes a count with the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
