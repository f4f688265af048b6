// Package sbomgen generates realistic, deterministic CycloneDX 1.6 JSON
// SBOMs of 5G base-station firmware (distributed, central and radio units)
// for benchmarks and scale tests: from a hundred to millions of
// components, streamed to an io.Writer without holding them in memory.
//
// A generated document has the firmware image as metadata.component (type
// firmware, with SHA-256 and SHA-512 of an image WriteImage can produce),
// nested assemblies (board support package, Debian root file system, L1
// and L2 stacks, vendor SDKs, O-RAN management plane, containers, security
// services), Debian and language-ecosystem packages with real-looking
// purls, suppliers with names, URLs, e-mail contacts and countries,
// ran:function properties, licences, hashes, CPEs on some parts, external
// references, and a full, acyclic dependency graph.
//
// A configurable share of parts comes from listed vendors (Huawei,
// HiSilicon, ZTE, Sanechips), written the many ways real SBOMs write them:
// name variants in case, punctuation and legal suffix, Chinese script, an
// occasional Cyrillic homoglyph, subsidiaries, or no name at all but a purl
// namespace, an e-mail domain, a CPE vendor or a download URL, and a few
// relabelled parts whose supplier name contradicts their purl.
//
// The same Options always produce the same bytes.
package sbomgen
