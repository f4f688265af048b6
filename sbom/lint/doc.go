// Package lint checks how complete an SBOM is: whether a document carries
// the data a regulator's minimum-elements list asks for, and whether it
// carries what fwprov's origin checking needs to reach a verdict at all (a
// component without a supplier cannot be judged).
//
// Check runs one or more profiles over a parsed sbom.Document and returns a
// Report: plain data with JSON tags (schema "fwprov.lint/v1"), per element
// (checked, met, failed, the failing components) and per component (the
// elements it misses), and a score per profile. Requirement and Evaluate
// turn a report into a pass/fail decision with reasons, for policies that
// require completeness.
//
// # Scoring
//
// Every required element is checked once for the document (document
// elements) or once per component, the firmware root included (component
// elements). A profile's Score is 100 × met checks / all checks of its
// required elements, rounded to one decimal. A profile Passes only when
// every required element is met by the document and by every component,
// whatever the score: one component without a supplier fails NTIA.
// Optional elements are reported but count neither towards the score nor
// towards passing.
//
// # Profile "ntia": NTIA, The Minimum Elements For a Software Bill of
// Materials (July 2021), section IV "Data Fields"
//
//	supplier      Supplier Name: component supplier.name, manufacturer.name or publisher
//	name          Component Name: component name
//	version       Version of the Component: component version
//	identifier    Other Unique Identifiers: purl, CPE, SWID tag id, OmniBOR id, SWHID or a hash
//	dependencies  Dependency Relationship: the component is related to the rest of the SBOM —
//	              nested in an assembly or under the root, named in a dependencies entry
//	              (as the subject or as a target); the root needs children or a
//	              dependencies entry of its own
//	sbom-author   Author of SBOM Data: metadata.authors (name or e-mail),
//	              metadata.manufacturer or metadata.manufacture (a name); tools alone are not an author
//	timestamp     Timestamp: metadata.timestamp, RFC 3339
//
// # Profile "bsi-tr-03183-2": BSI TR-03183-2 "Cyber Resilience Requirements
// for Manufacturers and Products, Part 2: Software Bill of Materials",
// version 2.0.0 (2024-09-20)
//
// Section numbers are those of v2.0.0.
//
//	format        §4 Format: CycloneDX 1.6 or later (JSON or XML) or SPDX 3.0.1 or later. fwprov
//	              reads SPDX 2.x only, so every SPDX document fails this element.
//	sbom-creator  §5.2.1 Creator of the SBOM: an e-mail address or URL of the entity that created
//	              the SBOM: metadata.manufacturer (or the deprecated manufacture) url or contact
//	              e-mail, or an e-mail of metadata.authors
//	timestamp     §5.2.1 Timestamp: metadata.timestamp, RFC 3339
//	creator       §5.2.2 Component creator: an e-mail address or URL of the component's creator:
//	              supplier or manufacturer url or contact e-mail
//	name          §5.2.2 Component name
//	version       §5.2.2 Component version
//	filename      §5.2.2 Filename of the component: property bsi:component:filename (a file
//	              name, not a path), else the component name (the CycloneDX "bsi" property
//	              taxonomy asks for the property only when the file name differs)
//	dependencies  §5.2.2 Dependencies on other components, with their completeness: a
//	              dependencies entry for the component's bom-ref (an empty dependsOn declares
//	              none) and a composition with aggregate "complete" listing the bom-ref in its
//	              dependencies (or assemblies)
//	licence       §5.2.2 Distribution licences: a licence (id, name or SPDX expression) whose
//	              acknowledgement is "concluded" or "declared"
//	hash-sha512   §5.2.2 Hash value of the deployable component: a SHA-512 hash (128 hex digits)
//	executable    §5.2.2 Executable property: bsi:component:executable = executable | non-executable
//	archive       §5.2.2 Archive property: bsi:component:archive = archive | no archive
//	structured    §5.2.2 Structured property: bsi:component:structured = structured | unstructured
//	              (for the three properties, "true" and "false" are accepted too)
//	sbom-uri      §5.2.3 SBOM-URI (additional, optional here): serialNumber (urn:uuid) or, for
//	              SPDX, the document namespace
//	identifier    §5.2.4 Other unique identifiers (additional, optional here): purl or CPE
//
// # Profile "fwprov": what origin checking needs
//
//	origin        the component itself names a supplier or manufacturer (inherited evidence
//	              does not count: a part must say where it comes from)
//	country       that supplier or manufacturer has an address with an ISO 3166-1 alpha-2 country
//	identifier    a purl or a CPE, the identifiers entity catalogs match on
//	firmware-hash the firmware (the root, metadata.component) has a SHA-256 or stronger hash,
//	              which binds the SBOM to an image
//
// # Performance
//
// Check is linear in the number of components plus dependency edges and
// compositions: a 100 000-component document is checked in tens of
// milliseconds (see BenchmarkCheck).
package lint
