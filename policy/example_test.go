package policy_test

import (
	"context"
	"fmt"

	"github.com/fwprov/fwprov/policy"
	"github.com/fwprov/fwprov/sbom"
)

// Check a radio-unit SBOM against the embedded baseline preset. One part
// hides its vendor behind Cyrillic look-alike letters; another is
// relabelled (its supplier and its purl disagree).
func Example() {
	const ru = `{
	  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
	  "metadata": {"component": {"type": "firmware", "name": "ru-load", "version": "5.2.0",
	    "supplier": {"name": "Nordlys Radio Systems AB", "url": ["https://nordlys-radio.example"]}}},
	  "components": [
	    {"type": "library", "name": "openssl", "version": "3.0.15",
	     "supplier": {"name": "The OpenSSL Project"}, "purl": "pkg:generic/openssl/openssl@3.0.15"},
	    {"type": "firmware", "name": "ptp-servo", "version": "3.0.4",
	     "supplier": {"name": "Huаwei Technologies Co., Ltd."}},
	    {"type": "library", "name": "bfw-engine", "version": "2.8.0",
	     "supplier": {"name": "Nordlys Radio Systems AB"}, "purl": "pkg:generic/huawei/bfw-engine@2.8.0"}
	  ]
	}`
	ctx := context.Background()
	doc, err := sbom.Parse(ctx, "ru.cdx.json", []byte(ru), sbom.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := policy.Preset("baseline")
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := policy.Evaluate(ctx, doc, p, policy.EvalOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.Decision, v.Summary.Origins)
	for _, f := range v.Findings {
		fmt.Printf("%s %s: %s\n", f.Severity, f.Rule, f.Message)
	}
	// Output:
	// deny map[conflict:1 resolved:1 unknown:0 unlisted:2]
	// fail covered-entity: ptp-servo@3.0.4: from huawei (Huawei Technologies Co., Ltd.) by supplier.name "Huаwei Technologies Co., Ltd." → huawei
	// fail covered-entity: bfw-engine@2.8.0: conflicting origin (catalog: huawei) by supplier.name "Nordlys Radio Systems AB" → not in catalog, purl "pkg:generic/huawei/bfw-engine@2.8.0" → huawei
	// fail conflicting-origin: bfw-engine@2.8.0: conflicting origin (catalog: huawei) by supplier.name "Nordlys Radio Systems AB" → not in catalog, purl "pkg:generic/huawei/bfw-engine@2.8.0" → huawei
}
