package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fwprov/fwprov/cmd/fwprov/internal/render"
	"github.com/fwprov/fwprov/sbom/lint"
)

func newLintCmd(g *globals) *cobra.Command {
	var profiles, elements []string
	var minScore float64
	var format *formatFlag
	c := &cobra.Command{
		Use:   "lint SBOM [--profile ntia|bsi-tr-03183-2|fwprov]",
		Short: "Check SBOM completeness: NTIA minimum elements, BSI TR-03183-2, fwprov's origin needs",
		Long: `lint reports how complete an SBOM is, per element and per component, with a score
(0-100: the share of required element checks met) per profile:

  ntia            NTIA minimum elements (2021): supplier, name, version, other unique
                  identifiers, dependency relationship, SBOM author, timestamp
  bsi-tr-03183-2  BSI TR-03183-2 v2.0: CycloneDX 1.6+ (or SPDX 3), creator e-mail/URL,
                  per component creator, name, version, filename, dependencies and their
                  completeness, distribution licence, SHA-512, executable/archive/structured
  fwprov          what origin checking needs: supplier or manufacturer with a country on
                  every part, a purl or CPE, a firmware hash

Exit 1 when a profile does not pass — every required element met by the document and every
component — or, with --min-score, when a profile scores below it; --element names elements
that must be met regardless. Exit 0 otherwise, 2 on error.`,
		Example: `  fwprov lint testdata/sboms/du-5g.cdx.json
  fwprov lint testdata/sboms/cu-5g.cdx.xml --profile ntia --min-score 90
  fwprov lint testdata/sboms/du-5g.spdx.json --profile fwprov --element origin --format markdown -o lint.md`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var ps []lint.Profile
			for _, s := range profiles {
				p, err := lint.ParseProfile(s)
				if err != nil {
					return usagef("lint: %v", err)
				}
				ps = append(ps, p)
			}
			if len(ps) == 0 {
				ps = lint.AllProfiles()
			}
			if minScore < 0 || minScore > 100 {
				return usagef("lint: --min-score %v is not between 0 and 100", minScore)
			}
			doc, err := loadSBOM(cmd, g, args[0])
			if err != nil {
				return err
			}
			rep, err := lint.Check(cmd.Context(), doc, lint.Options{Profiles: ps})
			if err != nil {
				return err
			}
			for _, id := range elements {
				known := false
				for _, p := range ps {
					known = known || len(elementsOf(p, []string{id})) > 0
				}
				if !known {
					return usagef("lint: --element %q is not an element of the selected profiles (see --help and the README)", id)
				}
			}
			var reqs []lint.Requirement
			for _, p := range ps {
				r := lint.Requirement{Profile: p, Elements: elementsOf(p, elements)}
				if minScore > 0 {
					r.MinScore = minScore
				} else {
					r.Pass = true
				}
				reqs = append(reqs, r)
			}
			outcomes, err := rep.Evaluate(reqs)
			if err != nil {
				return usagef("lint: %v", err)
			}
			p, err := render.LintPresenter(format.value, &render.Lint{Report: rep, Outcomes: outcomes})
			if err != nil {
				return err
			}
			if err := present(g, p); err != nil {
				return err
			}
			var unmet []string
			for _, o := range outcomes {
				if !o.Met {
					unmet = append(unmet, fmt.Sprintf("%s (%s)", o.Requirement.Profile, strings.Join(o.Reasons, "; ")))
				}
			}
			if len(unmet) > 0 {
				return deny("incomplete: %s", strings.Join(unmet, " | "))
			}
			return nil
		},
	}
	c.Flags().StringSliceVar(&profiles, "profile", nil, "profile(s) to check: ntia, bsi-tr-03183-2, fwprov (default all)")
	c.Flags().Float64Var(&minScore, "min-score", 0, "pass a profile when its score is at least `N` (0-100) instead of requiring every element")
	c.Flags().StringSliceVar(&elements, "element", nil, "element `ID` that must be met whatever the score (repeatable; applies to the profiles that define it)")
	_ = c.RegisterFlagCompletionFunc("profile", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var names []string
		for _, p := range lint.AllProfiles() {
			names = append(names, string(p))
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	})
	format = addFormatFlag(c, "text", "json", "markdown")
	return c
}

// elementsOf keeps the requested element ids that profile p defines.
func elementsOf(p lint.Profile, ids []string) []string {
	if len(ids) == 0 {
		return nil
	}
	info, err := lint.Describe(p)
	if err != nil {
		return nil
	}
	var out []string
	for _, id := range ids {
		for _, e := range info.Elements {
			if e.ID == id {
				out = append(out, id)
			}
		}
	}
	return out
}
