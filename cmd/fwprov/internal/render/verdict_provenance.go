package render

import (
	"strings"

	"github.com/fwprov/fwprov/policy"
	"github.com/fwprov/fwprov/verify"
)

// Provenance sections of the verdict presenters (gate only).

func checkMark(c policy.ProvenanceCheck) string {
	switch {
	case c.Denies():
		return "✗"
	case c.Status == verify.StatusPassed:
		return "✓"
	}
	return "-"
}

// originOnlyLine is what an origin-only verdict says in place of proof.
const originOnlyLine = "ORIGIN ONLY (--origin-only): provenance was not checked; this verdict covers the components' origin alone."

func writeProvenanceText(e *errWriter, pr *policy.Provenance) {
	e.printf("\nProvenance:\n")
	if pr.OriginOnly {
		e.printf("  %s\n", originOnlyLine)
	}
	for _, c := range pr.Checks {
		req := ""
		if c.Required {
			req = " (required)"
		}
		e.printf("  %s %-17s %s%s: %s\n", checkMark(c), c.Name, c.Status, req, Clean(c.Detail))
	}
	if s := pr.Signer; s != nil {
		who := s.KeyFingerprint
		if s.Kind == verify.SignerKeyless {
			who = s.Identity + " (issuer " + s.Issuer + ")"
		}
		e.printf("  signer: %s, entity %s, %s %s\n", Clean(s.ID), Clean(s.Entity), s.Kind, Clean(who))
	}
	for _, r := range pr.Verifications {
		for _, t := range r.TransparencyLog {
			e.printf("  log entry: %s index %d, integrated %s\n", Clean(firstNonEmpty(t.LogURL, t.LogID)), t.LogIndex, formatTime(t.IntegratedTime))
		}
		if r.Kind == verify.KindFirmware {
			for _, d := range r.ArtifactDigests {
				e.printf("  firmware %s\n", d.String())
			}
		}
	}
	if n := len(pr.NotPerformed); n > 0 {
		var names []string
		for _, c := range pr.Checks {
			if c.Status == verify.StatusNotPerformed {
				names = append(names, c.Name)
			}
		}
		e.printf("  NOT PERFORMED (%d): %s — this verdict does not cover them.\n", n, strings.Join(names, ", "))
	}
}

func writeProvenanceMarkdown(e *errWriter, v *policy.Verdict) {
	pr := v.Provenance
	if pr == nil {
		return
	}
	e.printf("## Provenance\n\n")
	if pr.OriginOnly {
		e.printf("> **%s**\n\n", originOnlyLine)
	}
	e.printf("| | check | status | detail |\n|---|---|---|---|\n")
	for _, c := range pr.Checks {
		status := string(c.Status)
		if c.Required {
			status += " (required)"
		}
		e.printf("| %s | %s | %s | %s |\n", checkMark(c), c.Name, status, md(c.Detail))
	}
	if s := pr.Signer; s != nil {
		e.printf("\nSigned by **%s** (entity %s, %s %s).\n", md(s.ID), md(s.Entity), s.Kind, md(firstNonEmpty(s.Identity, s.KeyFingerprint)))
	}
	if len(pr.NotPerformed) > 0 {
		e.printf("\n> **Not performed** — this verdict does not cover:\n")
		for _, n := range pr.NotPerformed {
			e.printf("> - %s\n", md(n))
		}
	}
	e.printf("\n")
}

// junitProvenanceCases is one test case per provenance check.
func junitProvenanceCases(v *policy.Verdict, class string) []junitCase {
	if v.Provenance == nil {
		return nil
	}
	var cases []junitCase
	for _, c := range v.Provenance.Checks {
		jc := junitCase{Name: "provenance " + c.Name, ClassName: class + ".provenance"}
		switch {
		case c.Denies():
			jc.Failure = &junitFailure{Type: "provenance", Message: c.Detail, Text: c.Detail}
		case c.Status == verify.StatusNotPerformed:
			jc.Skipped = &junitSkipped{Message: c.Detail}
		default:
			jc.SystemOut = c.Detail
		}
		cases = append(cases, jc)
	}
	return cases
}

// sarifProvenanceResults reports failed provenance checks as SARIF results
// against the SBOM file, at the line of the firmware component (the
// subject of every provenance check) when the SBOM has one.
func sarifProvenanceResults(v *policy.Verdict, uri string, lines lineIndex) ([]sarifRule, []sarifResult) {
	if v.Provenance == nil {
		return nil, nil
	}
	ref := ""
	if r := v.Document.Root; r != nil {
		ref = r.BOMRef
	}
	region := lines.region(ref)
	var rules []sarifRule
	var results []sarifResult
	for _, c := range v.Provenance.Checks {
		if !c.Denies() {
			continue
		}
		id := "provenance/" + c.Name
		rules = append(rules, sarifRule{ID: id, ShortDescription: &sarifText{Text: "provenance check " + c.Name}, DefaultConfiguration: sarifRuleConfig{Level: "error"}})
		results = append(results, sarifResult{
			RuleID:    id,
			Level:     "error",
			Message:   sarifText{Text: c.Detail},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifactLoc{URI: uri}, Region: region}}},
		})
	}
	return rules, results
}
