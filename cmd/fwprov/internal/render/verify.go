package render

import (
	"github.com/fwprov/fwprov/verify"
)

// VerifySchema is the version of the verify JSON report.
const VerifySchema = "fwprov.verify/v1"

// VerifyReport is the report of `fwprov verify`: the artifact and one
// verify.Result per verification performed.
type VerifyReport struct {
	SchemaVersion string          `json:"schemaVersion"`
	Artifact      ArtifactInfo    `json:"artifact"`
	Verified      bool            `json:"verified"`
	Reason        string          `json:"reason,omitempty"`
	Results       []verify.Result `json:"results"`
}

// ArtifactInfo identifies what was verified.
type ArtifactInfo struct {
	Source string `json:"source"`
	Digest string `json:"digest"`
	Size   int64  `json:"size,omitempty"`
}

// VerifyPresenter returns the presenter of a verify report in format.
func VerifyPresenter(format string, r *VerifyReport) (Presenter, error) {
	switch format {
	case "text":
		return verifyText{r}, nil
	case "json":
		return jsonPresenter(r), nil
	}
	return nil, unknownFormat("verify", format, "text", "json")
}
