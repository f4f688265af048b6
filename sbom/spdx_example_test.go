package sbom_test

import (
	"context"
	"fmt"

	"github.com/fwprov/fwprov/sbom"
)

// SPDX 2.x (JSON, YAML or tag-value) loads into the same Document as
// CycloneDX: the described package is the root, CONTAINS nests, supplier
// and originator become origin evidence, and the document's creators
// describe the firmware itself (the root's own evidence).
func Example_spdx() {
	data := []byte(`SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: du-firmware 5.1
Creator: Organization: Acme RAN AB (sbom@acme.example)
Created: 2026-05-01T10:00:00Z
Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-du

PackageName: du-firmware
SPDXID: SPDXRef-du
PackageVersion: 5.1
PackageSupplier: Organization: Acme RAN AB (psirt@acme.example)
PackageDownloadLocation: NOASSERTION
PrimaryPackagePurpose: FIRMWARE

PackageName: radio-bsp
SPDXID: SPDXRef-bsp
PackageVersion: 2.1
PackageSupplier: NOASSERTION
PackageOriginator: Organization: HiSilicon Technologies Co., Ltd.
PackageDownloadLocation: NOASSERTION
ExternalRef: PACKAGE-MANAGER purl pkg:generic/hisilicon/radio-bsp@2.1

Relationship: SPDXRef-du CONTAINS SPDXRef-bsp
Relationship: SPDXRef-du DEPENDS_ON SPDXRef-bsp
`)
	doc, err := sbom.Parse(context.Background(), "du.spdx", data, sbom.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Format, doc.SpecVersion, doc.BOM.Metadata.Timestamp)
	for _, c := range doc.Components {
		fmt.Printf("%s %s (depth %d) depends on %v\n", c.Type, c.Label(), c.Depth, doc.DependsOn[c.Ref])
		for _, e := range c.Evidence {
			fmt.Printf("  %s = %s\n", e.Field, e.Value)
		}
	}
	// Output:
	// spdx-tag-value SPDX-2.3 2026-05-01T10:00:00Z
	// firmware du-firmware@5.1 (depth 0) depends on [SPDXRef-bsp]
	//   supplier.name = Acme RAN AB
	//   supplier.contact.email = acme.example
	//   metadata.authors.name = Acme RAN AB
	//   metadata.authors.email = acme.example
	// library radio-bsp@2.1 (depth 1) depends on []
	//   manufacturer.name = HiSilicon Technologies Co., Ltd.
	//   purl = generic/hisilicon
}
