# The comparison rule of `make bench`: a supplier deny rule as an OPA user
# would write it for fwprov's generated SBOMs (sbomgen), to time
#
#   opa eval -d cmd/benchreport/testdata/supplier_deny.rego \
#            -i testdata/large/du-100k.cdx.json data.fwprov.deny
#
# against `fwprov check` on the same file. It walks every nested component
# and matches whole words of the lower-cased supplier name (a plain
# substring test would also flag "Aztec Networks" as ZTE). It sees supplier
# names only: not purl namespaces, e-mail or URL domains, CPE vendors,
# homoglyphs or other scripts, which fwprov's baseline resolves too.
# OPA is installed outside the project: (cd /tmp && go install
# github.com/open-policy-agent/opa@v1.22.3).
package fwprov

import rego.v1

listed := {"huawei", "hisilicon", "zte", "sanechips"}

deny contains msg if {
	walk(input.components, [_, c])
	is_object(c)
	name := lower(c.supplier.name)
	some word in regex.split(`[^a-z0-9]+`, name)
	listed[word]
	msg := sprintf("%s: supplier %q is a listed vendor", [c["bom-ref"], c.supplier.name])
}
