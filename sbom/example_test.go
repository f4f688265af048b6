package sbom_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/fwprov/fwprov/sbom"
)

func Example() {
	data := []byte(`{
	  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
	  "metadata": {"component": {"type": "firmware", "bom-ref": "du", "name": "du-firmware", "version": "5.1",
	    "supplier": {"name": "Acme RAN AB", "url": ["https://acme.example"]}}},
	  "components": [
	    {"type": "firmware", "bom-ref": "bsp", "name": "radio-bsp", "version": "2.1",
	     "purl": "pkg:generic/hisilicon/radio-bsp@2.1",
	     "components": [{"type": "file", "bom-ref": "cal", "name": "rf-calibration"}]}
	  ],
	  "dependencies": [{"ref": "du", "dependsOn": ["bsp"]}, {"ref": "bsp", "dependsOn": ["cal"]}]
	}`)
	doc, err := sbom.Parse(context.Background(), "du.cdx.json", data, sbom.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range doc.Components {
		fmt.Printf("%s (depth %d)\n", c.Label(), c.Depth)
		for _, e := range c.Evidence {
			fmt.Printf("  %s = %s\n", e.Field, e.Value)
		}
		for _, e := range doc.InheritedEvidence(c) {
			fmt.Printf("  inherited from %s: %s = %s\n", e.From, e.Field, e.Value)
		}
	}
	cal := doc.ByRef["cal"]
	var path []string
	for _, c := range doc.DependencyPath(cal) {
		path = append(path, c.Name)
	}
	fmt.Println(strings.Join(path, " > "))

	_, err = sbom.Parse(context.Background(), "dup.json", []byte(`{"bomFormat":"CycloneDX","bomFormat":"CycloneDX"}`), sbom.Options{})
	fmt.Println(err)
	// Output:
	// du-firmware@5.1 (depth 0)
	//   supplier.name = Acme RAN AB
	//   supplier.url = acme.example
	// radio-bsp@2.1 (depth 1)
	//   purl = generic/hisilicon
	//   inherited from du: supplier.name = Acme RAN AB
	//   inherited from du: supplier.url = acme.example
	// rf-calibration (depth 2)
	//   inherited from du: supplier.name = Acme RAN AB
	//   inherited from du: supplier.url = acme.example
	// du-firmware > radio-bsp > rf-calibration
	// sbom: parse dup.json:1:26: duplicate JSON key "bomFormat" in the object at the top level: a key may appear only once (I-JSON, RFC 7493)
}
