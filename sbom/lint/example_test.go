package lint_test

import (
	"context"
	"fmt"

	"github.com/fwprov/fwprov/sbom"
	"github.com/fwprov/fwprov/sbom/lint"
)

func Example() {
	data := []byte(`{
	  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
	  "metadata": {"timestamp": "2026-05-01T10:00:00Z", "authors": [{"name": "Acme RAN release team"}],
	    "component": {"type": "firmware", "bom-ref": "du", "name": "du-firmware", "version": "5.1",
	      "supplier": {"name": "Acme RAN AB", "address": {"country": "SE"}}, "purl": "pkg:generic/acme/du-firmware@5.1"}},
	  "components": [
	    {"type": "library", "bom-ref": "ssl", "name": "openssl", "version": "3.0.13",
	     "supplier": {"name": "OpenSSL Foundation"}, "purl": "pkg:generic/openssl/openssl@3.0.13"},
	    {"type": "firmware", "bom-ref": "phy", "name": "l1-phy", "version": "5.2"}
	  ]
	}`)
	doc, err := sbom.Parse(context.Background(), "du.cdx.json", data, sbom.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := lint.Check(context.Background(), doc, lint.Options{Profiles: []lint.Profile{lint.ProfileNTIA, lint.ProfileFwprov}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range rep.Profiles {
		fmt.Printf("%s: score %.1f, passed %v, failed %v\n", p.Profile, p.Score, p.Passed, p.FailedRequired)
		for _, c := range p.Components {
			fmt.Printf("  %s misses %v\n", c.Label, c.Missing)
		}
	}

	// What a policy's completeness section asks for.
	out, _, err := lint.Evaluate(context.Background(), doc, []lint.Requirement{
		{Profile: lint.ProfileFwprov, Elements: []string{"origin"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out[0].Met, out[0].Reasons)
	// Output:
	// ntia: score 88.2, passed false, failed [supplier identifier]
	//   l1-phy@5.2 misses [supplier identifier]
	// fwprov: score 50.0, passed false, failed [origin country identifier firmware-hash]
	//   openssl@3.0.13 misses [country]
	//   l1-phy@5.2 misses [origin country identifier]
	// false [fwprov origin (Supplier or manufacturer) missing on 1 of 3 components (l1-phy@5.2)]
}
