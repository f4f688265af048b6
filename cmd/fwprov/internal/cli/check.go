package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fwprov/fwprov/cmd/fwprov/internal/render"
	"github.com/fwprov/fwprov/policy"
)

func newCheckCmd(g *globals) *cobra.Command {
	var policyArg string
	var format *formatFlag
	c := &cobra.Command{
		Use:   "check SBOM [--policy FILE|PRESET]",
		Short: "Check the origin of every component against a supplier policy",
		Long: `check resolves the origin of every component of an SBOM (the firmware itself, nested
parts included) against the policy's entity catalog — names compared after Unicode and
look-alike folding, e-mail and web domains, purl namespaces, CPE vendors, subsidiaries —
and applies its rules, limits and exceptions. It checks no signatures: see 'fwprov gate'.

The SBOM is CycloneDX (JSON or XML, spec 1.0-1.7) or SPDX 2.x (JSON, YAML or tag-value),
optionally gzip-compressed; "-" reads stdin.

--policy takes a policy file or the name of an embedded preset (see 'fwprov policy list');
the default is the "baseline" preset. Exit 0 allowed (warnings possible), 1 denied,
2 error. Every finding carries the evidence it rests on.`,
		Example: `  fwprov check testdata/sboms/ru-5g.cdx.json
  fwprov check testdata/sboms/du-5g-hr.cdx.json --policy eu-5g-toolbox --format markdown
  fwprov check testdata/sboms/du-5g.cdx.json --policy testdata/policies/operator-ran.yaml --format sarif -o check.sarif
  fwprov check testdata/sboms/du-5g.spdx.json --policy strict --format junit -o check.xml`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pol, err := loadPolicy(policyArg)
			if err != nil {
				return err
			}
			data, err := readInput(g, args[0])
			if err != nil {
				return err
			}
			doc, err := parseSBOM(cmd, g, args[0], data)
			if err != nil {
				return err
			}
			v, err := policy.Evaluate(cmd.Context(), doc, pol, policy.EvalOptions{})
			if err != nil {
				return err
			}
			p, err := render.VerdictPresenter(format.value, &render.VerdictInput{Verdict: v, SBOM: data, Command: "check", Rules: ruleIDs(pol), ToolVersion: toolVersion()})
			if err != nil {
				return err
			}
			if err := present(g, p); err != nil {
				return err
			}
			return verdictExit(v)
		},
	}
	c.Flags().StringVarP(&policyArg, "policy", "p", "", "policy `FILE` or preset name (default \"baseline\")")
	_ = c.RegisterFlagCompletionFunc("policy", completePresets)
	format = addFormatFlag(c, "text", "json", "sarif", "markdown", "junit")
	return c
}

// verdictExit turns a deny into exit 1 with its first reason.
func verdictExit(v *policy.Verdict) error {
	if v.Decision == policy.Allow {
		return nil
	}
	reason := "denied"
	if len(v.Reasons) > 0 {
		reason = "denied: " + strings.TrimPrefix(v.Reasons[0], "deny: ")
		if n := len(v.Reasons); n > 1 {
			reason += fmt.Sprintf(" (+%d more in the report)", n-1)
		}
	}
	return deny("%s", reason)
}

// loadPolicy reads --policy: a file when one exists at that path, else an
// embedded preset by name; "" is the default preset.
func loadPolicy(arg string) (*policy.Policy, error) {
	if arg == "" {
		return policy.Preset(policy.DefaultPreset)
	}
	if _, err := os.Stat(arg); err == nil {
		return policy.Load(arg)
	}
	for _, p := range policy.Presets() {
		if p.Name == arg {
			return policy.Preset(arg)
		}
	}
	if strings.ContainsAny(arg, `/\.`) {
		return nil, fmt.Errorf("policy: %s: no such file", arg)
	}
	return nil, fmt.Errorf("policy: %q is neither a file nor a preset (presets: %s)", arg, presetNames())
}

func presetNames() string {
	var names []string
	for _, p := range policy.Presets() {
		names = append(names, p.Name)
	}
	return strings.Join(names, ", ")
}

func completePresets(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	var names []string
	for _, p := range policy.Presets() {
		names = append(names, p.Name+"\t"+p.Description)
	}
	return names, cobra.ShellCompDirectiveDefault
}

// ruleIDs lists a policy's rule ids in policy order.
func ruleIDs(p *policy.Policy) []string {
	ids := make([]string, 0, len(p.Rules))
	for _, r := range p.Rules {
		ids = append(ids, r.ID)
	}
	return ids
}
