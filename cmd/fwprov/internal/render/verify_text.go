package render

import (
	"io"
	"strings"
	"time"

	"github.com/fwprov/fwprov/verify"
)

type verifyText struct{ r *VerifyReport }

func (p verifyText) Present(w io.Writer) error {
	r := p.r
	e := &errWriter{w: w}
	verdict := "VERIFIED"
	if !r.Verified {
		verdict = "NOT VERIFIED"
	}
	e.printf("%s  %s (%s)\n", verdict, Clean(r.Artifact.Source), r.Artifact.Digest)
	if !r.Verified && r.Reason != "" {
		e.printf("reason    %s\n", Clean(r.Reason))
	}
	for _, res := range r.Results {
		e.printf("\n")
		writeResultText(e, &res)
	}
	return e.err
}

// writeResultText prints what one verification proved; gate reuses it.
func writeResultText(e *errWriter, res *verify.Result) {
	status := "ok"
	if !res.Verified {
		status = "FAILED"
	}
	e.printf("%s %s %s\n", res.Kind, Clean(res.Source), status)
	if res.Reason != "" {
		e.printf("  reason        %s\n", Clean(res.Reason))
	}
	for _, s := range res.Signers {
		switch s.Kind {
		case verify.SignerKeyless:
			e.printf("  signer        %s (issuer %s)\n", Clean(s.Identity), Clean(s.OIDCIssuer))
			if s.CertificateIssuer != "" {
				e.printf("  certificate   issued by %s\n", Clean(s.CertificateIssuer))
			}
		default:
			e.printf("  signer        key %s", s.KeyFingerprint)
			if s.Algorithm != "" {
				e.printf(" (%s)", s.Algorithm)
			}
			e.printf("\n")
		}
	}
	for _, t := range res.TransparencyLog {
		e.printf("  log entry     %s index %d integrated %s\n", Clean(firstNonEmpty(t.LogURL, t.LogID)), t.LogIndex, formatTime(t.IntegratedTime))
	}
	for _, t := range res.Timestamps {
		e.printf("  timestamp     %s %s %s\n", t.Source, formatTime(t.Time), Clean(t.URI))
	}
	for _, d := range res.ArtifactDigests {
		e.printf("  digest        %s\n", d.String())
	}
	if st := res.Statement; st != nil {
		e.printf("  statement     %s, predicate %s, subject %s\n", Clean(st.Type), Clean(st.PredicateType), Clean(st.MatchedSubject))
	}
	if len(res.Excluded) > 0 {
		e.printf("  not covered   %s\n", Clean(strings.Join(res.Excluded, ", ")))
	}
	for _, c := range res.Checks {
		mark := "✓"
		switch c.Status {
		case verify.StatusFailed:
			mark = "✗"
		case verify.StatusNotPerformed:
			mark = "-"
			if c.Required {
				mark = "✗"
			}
		}
		e.printf("  %s %-17s %s", mark, c.Name, c.Status)
		if c.Detail != "" {
			e.printf(": %s", Clean(c.Detail))
		}
		e.printf("\n")
	}
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
