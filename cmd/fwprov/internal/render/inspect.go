package render

import (
	"github.com/fwprov/fwprov/sbom"
)

// InspectSchema is the version of the inspect JSON report. It changes only
// when a field is removed or changes meaning; new fields may appear.
const InspectSchema = "fwprov.inspect/v1"

// Inspect is the report of `fwprov inspect`.
type Inspect struct {
	SchemaVersion string       `json:"schemaVersion"`
	Document      DocumentInfo `json:"document"`
	sbom.Inventory
	Problems []sbom.Problem `json:"problems"`
}

// DocumentInfo identifies the SBOM a report is about.
type DocumentInfo struct {
	Source       string `json:"source"`
	Format       string `json:"format"`
	SpecVersion  string `json:"specVersion"`
	SerialNumber string `json:"serialNumber,omitempty"`
	Version      int    `json:"version,omitempty"`
	Timestamp    string `json:"timestamp,omitempty"`
	SHA256       string `json:"sha256"`
	Size         int64  `json:"size"`
}

// DocumentInfoOf returns the identity of a parsed document.
func DocumentInfoOf(d *sbom.Document) DocumentInfo {
	info := DocumentInfo{Source: d.Source, Format: string(d.Format), SpecVersion: d.SpecVersion, SHA256: d.SHA256, Size: d.Size}
	if d.BOM != nil {
		info.SerialNumber = d.BOM.SerialNumber
		info.Version = d.BOM.Version
		if d.BOM.Metadata != nil {
			info.Timestamp = d.BOM.Metadata.Timestamp
		}
	}
	return info
}

// NewInspect builds the inspect report of a document.
func NewInspect(d *sbom.Document) *Inspect {
	problems := d.Problems
	if problems == nil {
		problems = []sbom.Problem{}
	}
	return &Inspect{SchemaVersion: InspectSchema, Document: DocumentInfoOf(d), Inventory: d.Inventory(), Problems: problems}
}

// InspectPresenter returns the presenter of an inspect report in format.
func InspectPresenter(format string, r *Inspect) (Presenter, error) {
	switch format {
	case "text":
		return inspectText{r}, nil
	case "json":
		return jsonPresenter(r), nil
	case "markdown":
		return inspectMarkdown{r}, nil
	}
	return nil, unknownFormat("inspect", format, "text", "json", "markdown")
}
