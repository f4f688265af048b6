// Package policy decides whether the components of a firmware SBOM come
// from origins a policy accepts. It loads policy files (and the embedded
// presets), resolves every component's origin evidence against the
// policy's entity catalog (package identity does the folding), applies
// rules, limits and expiring exceptions, and returns a Verdict: plain data
// with JSON tags that the CLI renders as text, JSON, SARIF, Markdown or
// JUnit. The package never prints and never exits.
//
//	p, err := policy.Load("operator-ran.yaml") // or policy.Preset("baseline")
//	v, err := policy.Evaluate(ctx, doc, p, policy.EvalOptions{})
//	if v.Decision == policy.Deny { ... v.Reasons[0] ... }
//
// # Origin outcomes
//
// Every component, the firmware root included, ends in exactly one
// outcome:
//
//   - resolved: the evidence names one catalog entity (several entities of
//     one family line resolve to the most specific: supplier "Huawei" plus
//     manufacturer "HiSilicon" is hisilicon).
//   - unlisted: the evidence names an organisation that is not in the
//     catalog ("The OpenSSL Project"). The origin is known; the policy has
//     nothing on it. Most components of a clean SBOM are unlisted.
//   - conflict: the evidence names different organisations, at least one
//     of them in the catalog (see below). A gate must not trust either.
//   - unknown: no usable origin evidence at all — none of the component's
//     own and none inherited. origin: unknown means exactly that.
//
// Evidence falls into three groups (sbom.Field.Claim; the sbom package
// documentation has the complete field map). The label: supplier.*,
// manufacturer.* and a service's provider.* (name, url, e-mail, country),
// and for the firmware root the BOM metadata's supplier and manufacturer,
// which describe the firmware itself (a metadata manufacturer that
// disagrees with the root's supplier is a conflict on the root, which the
// gate's signer-entity check sees). The package identity: purl namespace,
// CPE vendor, SWID entity, evidence.identity. The attribution: everything
// else — authors, publisher, group, contacts and addresses, copyright
// holders, reference and qualifier URLs, licences and their licensing
// parties, pedigree commits and patches, annotators, and for the root the
// BOM's tools, authors, declarations and formulation. Any item of any
// group can name a catalog entity. A component is a conflict when
//
//   - its evidence names entities of two different family lines (supplier
//     Huawei, purl pkg:maven/com.zte/...; siblings such as two subsidiaries
//     of one parent count as different lines), or
//   - it names one catalog entity, and the label gives an organisation
//     name outside the catalog (supplier "Acme Radio" with purl
//     pkg:generic/huawei/...: a relabelled part; supplier name "Acme"
//     with supplier URL zte.com.cn; a distributor as supplier over a
//     catalog manufacturer), or a URL/e-mail domain outside the catalog
//     while no label name names the entity (supplier URL zte.com.cn with
//     e-mail @acme.example). A label name that names the entity vouches
//     for domains the catalog does not list (supplier "Kestrel Silicon"
//     with url kestrel-silicon.example resolves to kestrel), or
//   - it names one catalog entity, has no label naming it, and a package
//     identity names an organisation outside the catalog (purl
//     pkg:generic/huawei/x with CPE vendor acme).
//
// A catalog vendor's label over third-party code is not a conflict
// (supplier Huawei, purl pkg:maven/org.apache.commons/...): it resolves to
// the vendor, since naming a catalog entity never hides one. Attribution
// outside the catalog (a person as author, a co-copyright holder) never
// contradicts. Values on shared services — code forges (github.com,
// gitee.com, ...) and public e-mail providers — are neutral: they can name
// an entity that lists them but never claim an unlisted origin.
//
// Own evidence decides whenever it claims anything (even an unlisted
// origin: a zlib inside a vendor's BSP stays zlib's). Only a component
// with no usable own evidence inherits: the label of the nearest enclosing
// part that has one (its assembly, the component whose pedigree lists it,
// the service that nests it), else the root's, which includes the BOM
// metadata's (sbom.Document.InheritedEvidence); the outcome is then marked
// inherited and every evidence item says where it came from. Inherited
// evidence can never hide an own conflict.
//
// A component whose evidence could not be read completely (a limit stopped
// extraction, or a value could not be decoded:
// sbom.Component.EvidenceIncomplete, with a document problem saying why) is
// never cleaner than unknown: unknown when what was read names no catalog
// entity, and a conflict among the entities it does name otherwise — a
// listed entity found anyway still counts, and nothing resolves cleanly to
// one entity while part of its evidence is unread.
//
// Entity selectors in rules and limits select a resolved component by its
// entity or any ancestor, and a conflict by any catalog entity it names
// (fail closed: a part claimed to be Huawei's is treated as possibly
// Huawei's).
//
// # Identity folding
//
// Names compare after NFKC, case folding, the UTS #39 confusables
// skeleton (Cyrillic and Greek look-alikes, fullwidth forms), removal of
// combining marks, punctuation/whitespace folding and removal of trailing
// legal-form suffixes (identity.LegalSuffixes: Co., Ltd., Inc., GmbH,
// Corporation, AB, Oy, S.A., LLC, 有限公司, ...; never descriptive words
// such as Technologies or Networks). Matching is by whole tokens: any run
// of whole tokens, concatenated, may equal a catalog name ("Hua-wei
// Device" names Huawei, "Aztec Networks" does not name ZTE). Han, kana and
// Hangul characters are tokens of their own, so 华为 names
// 华为技术有限公司. Fields that hold people as often as organisations
// (authors, contacts, commit authors, licensing individuals:
// sbom.Evidence.Person) count only a whole name ("ＺＴＥ Corporation" names
// ZTE, "Zhang Dahua" does not name Dahua), unless the entry is evidently an
// organisation's: it ends in a legal-form suffix ("Huawei Device Co.,
// Ltd."), or sbom.Evidence.Org says so (an author entry with an e-mail
// address or a URL, an SPDX "Organization:"). Domains (URLs, e-mail addresses) compare by registrable
// domain from the public suffix list ("huawei.com.mirror.example" is
// mirror.example), or by a host an entity lists; package URLs by type and
// namespace prefix at a "/" or "." boundary (pkg:maven/com.huawei matches
// com.huawei.ran, not com.huaweisoft; type "*" matches any type;
// namespaces compare case-insensitively for every type); CPEs by vendor.
// Component names and descriptions are never evidence.
//
// # Policy file format
//
// A policy is one YAML document, loaded strictly: an unknown field, a bad
// date, an unknown severity or outcome, a rule, limit, exception or
// signer naming a missing entity or tag, a parent cycle, an ambiguous name
// (two entities claiming one folded name, domain, purl prefix or CPE
// vendor), a bad glob, regular expression or CEL expression, a duplicate
// id — each is an *Error whose text is one line, "policy: FILE:LINE:
// what". Relative paths (extends, trust.trustedRoot, signer keys) resolve
// from the folder of the file that contains them.
//
//	apiVersion: fwprov/v1          # required
//	kind: Policy                   # required
//	name: operator-ran             # default: the file name
//	description: ...
//	extends: baseline              # optional: a preset name or a policy file
//	catalog: [all]                 # optional: embedded catalogs by name, or catalog files
//	sources:                       # optional: documents facts cite by id
//	  contract: {title: ..., url: https://..., date: 2024-03-01, accessed: 2026-11-30}
//	entities:                      # the catalog
//	  - id: hisilicon              # lower case [a-z0-9._-]
//	    name: HiSilicon Technologies Co., Ltd.
//	    aliases: [HiSilicon, {value: 海思, script: Hans, source: contract}]
//	    domains: [hisilicon.com]   # registrable domains or hosts
//	    purl: [pkg:generic/hisilicon]   # pkg:TYPE/NAMESPACE prefixes, TYPE may be *
//	    cpe: [hisilicon]           # CPE vendors
//	    country: CN                # ISO 3166-1 alpha-2
//	    tags: [high-risk]
//	    parent: huawei             # a rule on huawei covers hisilicon
//	    relation: subsidiary       # subsidiary | affiliate | joint-venture | branch
//	    pciVendorIDs: [19e5]       # also usbVendorIDs, deviceTreePrefixes
//	    # divested: {date: 2020-11-17, from: huawei, note: ..., source: ...} for one that left a family
//	    override: merge            # only for an id a base or catalog defines
//	    description: ...
//	    sources: [contract, {title: ..., url: https://..., date: 2019-05-21}]
//	rules:                         # one finding per (rule, component)
//	  - id: high-risk-critical
//	    severity: fail             # fail | warn | info
//	    description: ...
//	    when:                      # every condition given must hold
//	      entity: {ids: [huawei], tags: [high-risk]}   # either; ancestors count
//	      origin: [resolved, conflict]                 # or one outcome
//	      country: [CN, RU]        # from the evidence or the entity
//	      component:
//	        type: [firmware, library]
//	        purlType: [generic, maven]
//	        name: "hi1382-*"       # globs: * any run, ? one character
//	        group: "com.huawei*"
//	        property: {name: "ran:function", in: [core, oam, security]}   # or equals: x, notIn: [...] (absent counts), or presence
//	        minDepth: 1            # root = 0, top level = 1
//	        maxDepth: 3
//	    expr: 'size(component.hashes) == 0'   # CEL, must also hold
//	limits:
//	  - id: high-risk-access-share
//	    severity: fail             # default fail
//	    entity: {tags: [high-risk]}
//	    scope: {property: {name: "ran:function", in: [access]}}   # a component selector; default all
//	    maxShare: 0.35             # or maxCount: 10
//	exceptions:
//	  - id: EXC-2025-031           # optional
//	    rule: covered-entity       # must name a rule
//	    match: {purl: "pkg:generic/hisilicon/hi1382-*", bom-ref: ..., name: ...}   # all given must match
//	    expires: 2027-06-30        # valid through that day (UTC); required
//	    reason: legacy radio units, swap-out planned   # required
//	    ticket: SEC-4711
//	    approver: ciso@operator.example
//	trust:                         # parsed and validated here; enforced by gate
//	  trustedRoot: trust/trusted_root.json
//	  signers:
//	    - id: acme-release
//	      entity: acme             # the signer belongs to this catalog entity
//	      signsFor: [nordlys]      # optional: other entities it may sign for
//	      keyless: {issuer: https://..., identity: release@acme.example}   # or issuerRegexp / identityRegexp
//	    - {id: acme-offline, entity: acme, key: keys/acme.pub}
//	  require:
//	    signature: true
//	    transparencyLog: true
//	    firmwareDigest: true
//	    completeness:              # fwprov lint profiles (ntia, bsi-tr-03183-2, fwprov); see lint.Requirement
//	      - {profile: ntia, pass: true}
//	      - {profile: fwprov, minScore: 90, elements: [origin, firmware-hash]}
//
// With extends, the base's entities and exceptions come first, then the
// entities of the catalogs this file includes, then this file's (a new id
// is added; an existing one changes only with override); a rule or limit
// with the id of a base one replaces it; trust replaces the base's when
// given.
// testdata/policies/operator-ran.yaml is a complete example.
//
// # Expressions
//
// expr is a CEL expression (cel-go), compiled once at load, evaluated per
// component with a cost limit. It must give a bool; an evaluation error
// (a missing map key, the cost limit) counts as a match and the finding
// carries the error (fail closed). Guard optional keys with has() or "in".
// Variables:
//
//	component  map: bomRef, name, group, version, type, purl, purlType, cpe,
//	           depth (int), isRoot (bool), properties (map name → value),
//	           hashes (list of {alg, content})
//	origin     string: resolved | unlisted | conflict | unknown
//	entity     map (empty unless resolved): id, name, country, tags, ancestors
//	entityIds  list: the catalog entities named and their ancestors
//	countries  list: ISO 3166 codes from the evidence and the entities
//	evidence   list of maps: field, kind, raw, value, normalized,
//	           inherited (bool), from, entity (id or "")
//
// # Verdict
//
// Evaluate returns a Verdict (schemaVersion "fwprov.verdict/v1"): the
// policy and document identity, the decision (deny iff a fail finding
// without an applied exception, an exceeded fail limit, or a document with
// no components), reasons (one line each: deny reasons first, then
// warnings, then notices about expired and unused exceptions), findings
// (rule, severity, component, containment and dependency path from the
// root, outcome, entity with its sources, the evidence items with their
// normalized values and matched entities, the exception applied or
// expired), limits with count/total/share, every exception with its status
// (applied, expired, unused), a summary by severity, by outcome and by
// entity, and the document's structural problems.
//
// # Presets
//
// Presets are embedded: baseline (the default: every FCC Covered List
// entity and its corporate family fails, divested former subsidiaries do
// not, conflict fails, unknown warns), strict (baseline, unknown fails),
// eu-5g-toolbox (high-risk suppliers fail in core, OAM and security
// functions, read from the component property "ran:function", and warn
// elsewhere; at most 35% of access components from them) and catalog (the
// entity catalog, no rules). See Presets, Preset and PresetSource.
//
// # Entity catalog
//
// The entities live as data: catalog files (kind: Catalog), one per
// corporate family, embedded under presets/catalog (see Catalogs and
// CatalogSource), each with a sources table that every fact cites by id
// (Fact.Source). A policy includes catalogs with "catalog:" (embedded
// names, "all", or file paths) and changes an included entity only with
// override: merge (lists added, fields given replace), replace or remove.
// Entities record their family (Parent, Relation), divestments
// (Divested: not covered by rules on the former parent unless the entity
// selector sets includeDivested), aliases that are also personal names
// (IsPersonalName), and content identifiers (EntityByHardwareID: PCI and
// USB vendor IDs, devicetree prefixes). Explain says how a string
// resolves and why; Families summarises the catalog for coverage reports.
package policy
