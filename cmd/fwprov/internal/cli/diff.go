package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/fwprov/fwprov/cmd/fwprov/internal/render"
	"github.com/fwprov/fwprov/policy"
	"github.com/fwprov/fwprov/policy/identity"
	"github.com/fwprov/fwprov/sbom"
)

func newDiffCmd(g *globals) *cobra.Command {
	var policyArg, failOn string
	var format *formatFlag
	c := &cobra.Command{
		Use:   "diff OLD NEW [--policy FILE|PRESET] [--fail-on new|all]",
		Short: "Show what a firmware upgrade introduces, removes and changes, and the findings it brings",
		Long: `diff compares the SBOM of the running firmware (OLD) with the SBOM of an upgrade (NEW).

Components are matched in passes: the two firmware roots with each other; then by package URL
without version and qualifiers (pkg:deb/debian/openssl@3.0.11?arch=arm64 and
pkg:deb/debian/openssl@3.0.15 are one component whose version changed; a purl subpath names a
different part); then by bom-ref; then by group and name (case-insensitive). Two components that
both carry a purl are matched only by purl. diff lists the introduced, removed and changed
components (version, supplier, country, hashes — a new hash under the same version is flagged),
and the suppliers and countries that appear or disappear.

With --policy, both SBOMs are evaluated as 'fwprov check' would, and each finding of NEW is
either introduced by the upgrade (the same rule did not fire on the matched OLD component, or
the component is new) or already present; findings OLD had and NEW lacks are resolved.
--fail-on new (the default) exits 1 only when the upgrade introduces an unwaived fail finding
or newly exceeds a fail limit; --fail-on all exits 1 when NEW is denied for any reason.
Without --policy, diff reports changes only and exits 0. Exit 2 on bad input.`,
		Example: `  fwprov diff testdata/sboms/du-5g.cdx.json testdata/sboms/du-5g-hr.cdx.json
  fwprov diff testdata/sboms/du-5g.cdx.json testdata/sboms/du-5g-hr.cdx.json --policy eu-5g-toolbox
  fwprov diff testdata/sboms/du-5g.cdx.json testdata/scan/acme/du-24.3.2.cdx.json --policy testdata/policies/operator-ran.yaml \
      --fail-on all --format markdown -o upgrade.md`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if failOn != "new" && failOn != "all" {
				return usagef("diff: --fail-on must be new or all, not %q", failOn)
			}
			if cmd.Flags().Changed("fail-on") && policyArg == "" {
				return usagef("diff: --fail-on needs --policy")
			}
			var pol *policy.Policy
			if policyArg != "" {
				p, err := loadPolicy(policyArg)
				if err != nil {
					return err
				}
				pol = p
			}
			old, err := loadSBOM(cmd, g, args[0])
			if err != nil {
				return err
			}
			new, err := loadSBOM(cmd, g, args[1])
			if err != nil {
				return err
			}
			d, err := sbom.Compare(cmd.Context(), old, new)
			if err != nil {
				return err
			}
			// A supplier that is a look-alike of another in the same diff
			// is marked, with the folding identity resolution uses.
			d.MarkLookalikeSuppliers(identity.Fold)
			rep := &render.DiffReport{Diff: d}
			if pol != nil {
				now := policy.EvalOptions{}
				ov, err := policy.Evaluate(cmd.Context(), old, pol, now)
				if err != nil {
					return err
				}
				nv, err := policy.Evaluate(cmd.Context(), new, pol, now)
				if err != nil {
					return err
				}
				rep.Policy = diffPolicy(d, ov, nv, failOn)
			}
			p, err := render.DiffPresenter(format.value, rep)
			if err != nil {
				return err
			}
			if err := present(g, p); err != nil {
				return err
			}
			if rep.Policy != nil && rep.Policy.Decision == policy.Deny {
				return deny("upgrade denied: %s", rep.Policy.Reasons[0])
			}
			return nil
		},
	}
	c.Flags().StringVarP(&policyArg, "policy", "p", "", "policy `FILE` or preset name: also show the findings the upgrade introduces")
	_ = c.RegisterFlagCompletionFunc("policy", completePresets)
	c.Flags().StringVar(&failOn, "fail-on", "new", "exit 1 on `new` fail findings only, or on all of NEW's (all)")
	_ = c.RegisterFlagCompletionFunc("fail-on", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"new", "all"}, cobra.ShellCompDirectiveNoFileComp
	})
	format = addFormatFlag(c, "text", "json", "markdown")
	return c
}

// findingKey identifies a finding across an upgrade: its rule and the
// component it is about, the latter as the OLD document's component index
// (NEW components are mapped to their OLD counterpart; a component with no
// counterpart gets a key no OLD finding has).
type findingKey struct {
	rule string
	old  int
}

// diffPolicy splits NEW's findings into introduced and already present,
// finds the resolved ones, and decides under failOn.
func diffPolicy(d *sbom.Diff, ov, nv *policy.Verdict, failOn string) *render.DiffPolicy {
	dp := &render.DiffPolicy{
		PolicyRef:           nv.Policy,
		FailOn:              failOn,
		OldDecision:         ov.Decision,
		NewDecision:         nv.Decision,
		Decision:            policy.Allow,
		Reasons:             []string{},
		Introduced:          []policy.Finding{},
		Existing:            []policy.Finding{},
		Resolved:            []policy.Finding{},
		LimitsNewlyExceeded: []policy.LimitResult{},
		LimitsExceeded:      []policy.LimitResult{},
	}
	// oldKeys: true when OLD had the finding unwaived, false when waived.
	oldKeys := map[findingKey]bool{}
	for _, f := range ov.Findings {
		oldKeys[findingKey{f.Rule, f.Component.Index}] = !f.Waived()
	}
	newKeys := map[findingKey]bool{}
	for _, f := range nv.Findings {
		o, ok := d.Counterpart(f.Component.Index)
		if !ok {
			dp.Introduced = append(dp.Introduced, f)
			continue
		}
		k := findingKey{f.Rule, o}
		newKeys[k] = true
		// Already present: OLD had it too, and the upgrade did not lose an
		// exception that waived it (an exception pinned to the old version).
		if unwaived, had := oldKeys[k]; had && (unwaived || f.Waived()) {
			dp.Existing = append(dp.Existing, f)
		} else {
			dp.Introduced = append(dp.Introduced, f)
		}
	}
	for _, f := range ov.Findings {
		if !newKeys[findingKey{f.Rule, f.Component.Index}] {
			dp.Resolved = append(dp.Resolved, f)
		}
	}
	wasExceeded := map[string]bool{}
	for _, l := range ov.Limits {
		if l.Exceeded {
			wasExceeded[l.ID] = true
		}
	}
	for _, l := range nv.Limits {
		if !l.Exceeded {
			continue
		}
		dp.LimitsExceeded = append(dp.LimitsExceeded, l)
		if !wasExceeded[l.ID] {
			dp.LimitsNewlyExceeded = append(dp.LimitsNewlyExceeded, l)
		}
	}

	switch failOn {
	case "all":
		if nv.Decision == policy.Deny {
			dp.Decision = policy.Deny
			dp.Reasons = append(dp.Reasons, nv.Reasons...)
			if len(dp.Reasons) == 0 {
				dp.Reasons = append(dp.Reasons, "the new load is denied")
			}
		}
	default:
		newFails := 0
		first := ""
		for i := range dp.Introduced {
			f := &dp.Introduced[i]
			if f.Severity == policy.SeverityFail && !f.Waived() {
				if newFails == 0 {
					first = f.Rule + " on " + f.Component.Label
				}
				newFails++
			}
		}
		if newFails > 0 {
			dp.Decision = policy.Deny
			dp.Reasons = append(dp.Reasons, fmt.Sprintf("the upgrade introduces %s; first: %s", render.Count(newFails, "fail finding"), first))
		}
		for _, l := range dp.LimitsNewlyExceeded {
			if l.Severity == policy.SeverityFail {
				dp.Decision = policy.Deny
				dp.Reasons = append(dp.Reasons, fmt.Sprintf("the upgrade exceeds limit %s: %d of %s (%.1f%%)", l.ID, l.Count, render.Count(l.Total, "component"), 100*l.Share))
			}
		}
		if nv.Decision == policy.Deny && ov.Decision == policy.Allow && dp.Decision == policy.Allow {
			// Denied for a reason that is neither a finding nor a limit
			// (an SBOM that lists no components): new with this upgrade,
			// so fail closed.
			dp.Decision = policy.Deny
			dp.Reasons = append(dp.Reasons, "the new load is denied and the old one was not")
			dp.Reasons = append(dp.Reasons, nv.Reasons...)
		}
		if nv.Decision == policy.Deny && dp.Decision == policy.Allow {
			dp.Reasons = append(dp.Reasons, "note: the new load is denied by findings it already had before the upgrade (use --fail-on all to fail on them)")
		}
	}
	return dp
}
