package cli

import "testing"

// gate's release folders and scan's submissions follow one naming rule.
func TestIsSBOMName(t *testing.T) {
	for name, want := range map[string]bool{
		"du.cdx.json": true, "DU.CDX.JSON": true, "cu.cdx.xml": true, "du.spdx.json": true, "du.spdx": true,
		"du.cdx.json.gz": true, "cu.cdx.xml.gz": true, "du.spdx.json.gz": true, "du.spdx.gz": true,
		"du.cdx.json.sigstore.json": false, "du.cdx.json.sig": false, "du.json": false, "du.img": false, "du.gz": false,
	} {
		if got := isSBOMName(name); got != want {
			t.Errorf("isSBOMName(%q) = %v, want %v", name, got, want)
		}
	}
}
