// Package sbom loads software bills of materials (CycloneDX JSON and XML,
// spec 1.0–1.7) into a Document: the cyclonedx-go model plus a flat index of
// every component, its containment path from the firmware root, the resolved
// dependency graph, the origin evidence each component carries, and the
// document's structural problems reported as data.
//
// The package never prints and never exits. It is the only place in fwprov
// that turns outside bytes into SBOM data; everything else (policy, verify,
// the CLI) works on a Document.
//
// # Input
//
// Parse detects the format from the content: gzip (decompressed with
// Limits.MaxBytes applied to the output, so a gzip bomb is refused),
// CycloneDX JSON (a JSON object with "bomFormat": "CycloneDX", spec 1.2–1.7),
// CycloneDX XML (namespace http://cyclonedx.org/schema/bom/1.0 … 1.7), and
// SPDX (handled by the SPDX reader when it is built in; otherwise refused with
// ErrSPDXUnsupported). Empty input, JSON arrays and other JSON objects,
// invalid UTF-8 and UTF-16 text each get their own one-line error.
//
// JSON is decoded into the cyclonedx-go model with the JSON v2 decoder
// (github.com/go-json-experiment/json): it refuses duplicate object keys
// (I-JSON, RFC 7493; a second "supplier" key is an attack, since parsers
// disagree on which one wins) and invalid UTF-8, and it is about twice as fast
// as encoding/json. One pre-pass at memory speed enforces the nesting and
// string limits before any decoding and finds the elements of the top-level
// components array, which are then decoded on GOMAXPROCS goroutines (document
// order kept; the errors are the ones one-piece decoding gives). XML is decoded
// by cyclonedx-go with encoding/xml after a pre-pass that refuses any DOCTYPE
// or ENTITY declaration (external entities, entity expansion) and enforces the
// nesting and string limits.
//
// One reading: every reader refuses what some other reader of the same
// bytes would read differently. A duplicate JSON member is refused, also
// when the names differ only in case (or '-', '_', escapes: the
// case-insensitive matching treats them as one), also inside the members
// cyclonedx-go decodes with its own UnmarshalJSON methods (evidence.identity,
// tools, datasets, certificate states and extensions, patent choices,
// asserters, IKEv2 transforms, environment variables: those are decoded
// strictly, and no member of a choice is dropped). In XML a single-valued
// element repeated at any level (two <supplier>s in a <component>; which
// elements are single-valued is derived from the model by reflection) and a
// repeated attribute are refused. A document that is at once CycloneDX and
// SPDX (a top-level "bomFormat" and "spdxVersion" or "SPDXID", in any order
// and any case variant; an SPDX YAML or JSON document with "bomFormat") is
// refused. SPDX YAML is converted to JSON and read by the JSON decoder, so
// both forms match member names and refuse duplicates alike; YAML aliases and
// merge keys are refused.
//
// Every error is a *ParseError whose message is one line naming the file and,
// where known, the line and column; errors.Is matches the sentinels
// (ErrTooLarge, ErrTooDeep, ErrTooMany, ErrNotSBOM, ErrSPDXUnsupported,
// ErrDuplicateKey, ErrAmbiguousFormat, ErrDoctype, ErrInvalidUTF8,
// ErrTruncated, ErrSyntax).
//
// # Index and evidence
//
// The Document holds every part of the BOM in one flat list
// (metadata.component first, as Root): components at any depth, services at
// any depth (Role RoleService) and the components a pedigree lists as
// ancestors, descendants or variants (they are components of this BOM for
// origin purposes, with evidence of their own). It holds the containment
// tree (Parent, Depth, ContainmentPath), the dependency graph resolved by
// bom-ref (DependsOn, DependencyPath), the origin evidence each part carries
// (Component.Evidence) and what it inherits from the enclosing part
// (InheritedEvidence). Structural defects (duplicate and dangling bom-refs,
// dependency cycles, self-dependencies, components without bom-ref, a missing
// root) and incomplete evidence are reported in Document.Problems, never as
// errors. Nothing in the package recurses in proportion to the input's depth.
//
// # The field map
//
// Every CycloneDX (1.0–1.7, JSON and XML) and SPDX 2.x field that can name
// an organisation, a person with an organisation, a domain or a namespace is
// origin evidence of the part that carries it. Each item says where it was
// read (Field), how it is matched (Kind: name; domain, the host of a URL or
// the domain of an e-mail address; purl, "type/namespace", also the
// organisation a code-hosting URL names; cpe, the vendor; country) and what
// it claims (Field.Claim: L label — who supplied or made the part, what an
// enclosed part inherits; I identity — what the part is; A attribution —
// someone named in or about it, which can name a catalog entity but never
// says who supplied the part).
//
//	CycloneDX field                                      Field                                Kind                  Claim
//	component.supplier.name                              supplier.name                        name                  L
//	component.supplier.url[]                             supplier.url                         domain, purl          L
//	component.supplier.contact[].email (address list)    supplier.contact.email               domain (each address) L
//	component.supplier.contact[].name, display names     supplier.contact.name                name (person)         A
//	component.supplier.address.country                   supplier.address.country             country               L
//	component.supplier.address.streetAddress, locality,  supplier.address                     name                  A
//	  region, postOfficeBoxNumber
//	component.manufacturer.* (1.6+)                      manufacturer.* (as supplier)         as supplier           L / A
//	component.author (deprecated; names and addresses)   author                               name (person), domain A
//	component.authors[].name, .email                     authors.name, authors.email          name (person), domain A
//	component.publisher                                  publisher                            name                  A
//	component.group                                      group                                name                  A
//	component.purl                                       purl                                 purl                  I
//	  a Go module path or Maven io.github.* group on a   purl                                 purl (pkg:github/ORG) I
//	  code host (pkg:golang/github.com/ORG/…)
//	purl qualifiers download_url, repository_url,        purl.qualifier                       domain, purl          A
//	  vcs_url, any other whose value is a URL
//	component.cpe (2.2 URI, 2.3 formatted string)        cpe                                  cpe                   I
//	component.swid.tagId (regid), tag text <Entity name  swid.entity                          name, domain          I
//	  regid>, <SoftwareIdentity tagId>
//	component.swid.url, tag text <Link href>             swid.url                             domain, purl          A
//	component.evidence.identity[] purl, cpe, swid        evidence.identity                    purl, cpe, domain     I
//	  (concludedValue and every methods[].value)
//	component.evidence.identity[] group                  evidence.identity.group              name                  A
//	component.externalReferences[].url (every type)      externalReference.url                domain, purl, cpe     A
//	component.copyright (each distinct holder)           copyright                            name                  A
//	component.evidence.copyright[].text                  evidence.copyright                   name                  A
//	component.evidence.callstack.frames[].package        evidence.callstack                   name                  A
//	licenses (component, evidence, service, metadata):   license                              name, domain          A
//	  license.name, .url, LicenseRef- identifiers in
//	  id, expression and expressionDetails, their url
//	licensing.licensor, licensee, purchaser              license.licensing.licensor, …        name, domain, country A
//	  (organization or individual)
//	component.pedigree.ancestors[], descendants[],       parts of their own (Role)
//	  variants[]
//	component.pedigree.commits[].author, committer       pedigree.commits.author, .committer  name (person), domain A
//	component.pedigree.commits[].url                     pedigree.commits.url                 domain, purl          A
//	component.pedigree.patches[].diff.url, resolves[]    pedigree.patches                     name, domain          A
//	  (source name and url, references)
//	component.releaseNotes.resolves[], featuredImage,    releaseNotes                         name, domain          A
//	  socialImage
//	component.data[].governance (custodians, stewards,   data                                 name, domain          A
//	  owners), contents.url
//	component.modelCard datasets (as data), energy       modelCard                            name, domain          A
//	  providers (organization, externalReferences)
//	component.cryptoProperties.certificateProperties     cryptoProperties.certificateProperties name                A
//	  subjectName, issuerName
//	components[] at any depth                            parts of their own
//	services[], services[].services[]                    parts of their own (RoleService)
//	service.provider.*                                   provider.* (as supplier)             as supplier           L / A
//	service.group, endpoints[], data[] (governance,      group, endpoints, data, license,     name, domain, purl    A
//	  source and destination URLs), licenses,            externalReference.url, releaseNotes
//	  externalReferences, releaseNotes
//	metadata.supplier.*                                  metadata.supplier.* (the root's own) as supplier           L / A
//	metadata.manufacturer.* (1.6+), manufacture.* (1.5)  metadata.manufacturer.* (root's own) as supplier           L / A
//	metadata.authors[]                                   metadata.authors.name, .email        name (person), domain A
//	metadata.tools: tools[].vendor and references,       metadata.tools (the root's own)      every kind            A
//	  tools.components[] and services[] with all they hold
//	metadata.licenses                                    license (the root's own)             name, domain          A
//	externalReferences[] (the BOM's)                     bom.externalReference.url (root's)   domain, purl, cpe     A
//	annotations[].annotator (organization, individual,   annotations.annotator, on each part  every kind            A
//	  component, service)                                  a subject names (the root when none)
//	declarations: assessors, affirmation signatories,    declarations (the root's own)        every kind            A
//	  targets (organizations, components, services),
//	  evidence (author, reviewer, data governance, URLs),
//	  claims' references
//	formulation[].components[], services[]               formulation (the root's own)         every kind            A
//
//	SPDX 2.x field                                       read as                              Field
//	creationInfo.creators Person: / Organization:        metadata.authors (Organization: an   metadata.authors.*
//	                                                       organisation's name)
//	creationInfo.creators Tool:                          metadata.tools.components
//	package.supplier                                     supplier                             supplier.*
//	package.originator Organization: / Person:, Tool:    manufacturer / authors               manufacturer.*, authors.*
//	package.downloadLocation, homepage                   externalReferences                   externalReference.url
//	package.copyrightText, file.copyrightText            copyright                            copyright
//	package and file attributionTexts; snippets'         evidence.copyright (of the file the  evidence.copyright
//	  copyrightText and attributionTexts                   snippet is from)
//	file.fileContributors                                authors (Organization: an org)       authors.*
//	externalRefs PACKAGE-MANAGER purl                    purl (the first), evidence.identity  purl, evidence.identity
//	externalRefs PACKAGE-MANAGER maven-central, npm,     the purl it is (pkg:maven/G/A@V, …)  purl, evidence.identity
//	  nuget, bower, any other type
//	externalRefs SECURITY cpe22Type, cpe23Type           cpe (the first), evidence.identity   cpe, evidence.identity
//	externalRefs SECURITY swid                           swid.tagId                           swid.entity
//	externalRefs SECURITY advisory, fix, url, other;     externalReferences (every locator)   externalReference.url
//	  OTHER and any other category
//	licenseConcluded, licenseDeclared                    licenses (LicenseRef- identifiers)   license
//	annotations[].annotator (document, package, file,    annotations                          annotations.annotator
//	  snippet)
//	externalDocumentRefs[].spdxDocument                  the BOM's externalReferences         bom.externalReference.url
//
// Values are read as the field says: a URL field's value is a URL with or
// without a scheme ("www.vendor.example/x" and "huawei.com/path" are, when
// the first segment is a host name whose last label is a top-level domain
// the public-suffix list manages, or example, test, localhost or invalid:
// "README", "v1.2" or "main.go" are not), a purl or CPE written in a URL
// field is read as one, an scp-style git location ("git@github.com:ORG/x.git")
// and Maven's "scm:git:" URLs are URLs; a code-hosting URL (github.com,
// gitlab.com with its group path, bitbucket.org, gitee.com, codeberg.org,
// gitcode.com, git.sr.ht, raw.githubusercontent.com, ORG.github.io, …) also
// names the organisation in its path as that host's purl namespace
// ("pkg:github/ORG"), which catalog purl prefixes match. An e-mail field is
// an RFC 5322 address list (display names, comments, groups, "mailto:");
// every address counts, and where net/mail refuses the text, every
// "@domain" in it still counts. A name in a field that holds people
// (authors, contacts, commit authors, individuals: Evidence.Person) names an
// organisation only as a whole name, unless it is evidently an
// organisation's (Evidence.Org: an author entry that carries an e-mail
// address or a URL, an SPDX "Organization:" prefix; and the policy also
// counts a legal-form suffix).
//
// The BOM metadata describes the firmware itself: metadata.supplier and
// metadata.manufacturer (or manufacture) are the root's own label, and the
// other document-level evidence (metadata.authors, tools, licences, the BOM's
// references, declarations, formulation, annotations without a subject in
// the document) the root's own attribution, not inherited
// (Document.MetadataEvidence lists it). A part that carries no label of its
// own inherits the nearest enclosing part's (the root's includes the
// metadata's); without a root, top-level parts inherit the metadata's.
//
// Not evidence: names, versions, descriptions, properties and tags (free
// text: a Linux driver named after a vendor's modem is not that vendor's;
// policies match properties with component.property rules), hashes,
// omniborId and swhid (content identifiers), vulnerabilities (who published,
// found, credited or rated a vulnerability did not make the part: vendors'
// researchers report bugs in every open-source project), definitions.patents,
// patentAssertions and definitions.standards (intellectual property and the
// standards a part implements: a 5G load implements standard-essential
// patents of many holders without containing anything they made),
// citations, formulation workflows and tasks (the resources they use are the
// formulation's components and services, which are read), cryptographic
// algorithm and protocol properties, contact phone numbers.
//
// No limit drops evidence silently. One value yields at most 256 items
// (addresses in an e-mail field, distinct copyright holders in a text,
// entities in a SWID tag, LicenseRef identifiers in an expression) and one
// part at most 65536; where a limit stops extraction, and where a value that
// carries evidence cannot be read (SWID tag text that is not XML, undecodable
// base64, an unknown encoding or charset — ISO-8859-x, windows-125x, GBK,
// GB18030, Big5, Shift_JIS, UTF-16 are decoded — a DOCTYPE in a tag), the part
// gets a ProblemEvidenceTruncated or ProblemEvidenceUnreadable and
// Component.EvidenceIncomplete: its origin is then no cleaner than unknown,
// and what was read still counts.
package sbom

import (
	cdx "github.com/CycloneDX/cyclonedx-go"
)

// Format names the encoding a document was read from. It is detected from
// the content, never from the file name.
type Format string

// Formats fwprov reads.
const (
	FormatCycloneDXJSON Format = "cyclonedx-json"
	FormatCycloneDXXML  Format = "cyclonedx-xml"
	FormatSPDXJSON      Format = "spdx-json"
	FormatSPDXTagValue  Format = "spdx-tag-value"
)

// Document is a parsed SBOM with its index. It is plain data: every field is
// filled by Parse and never changes afterwards, so a Document may be shared
// between goroutines for reading.
type Document struct {
	// Source names where the bytes came from (a file path, "-" for stdin),
	// for messages and reports.
	Source string `json:"source"`
	// Format is the detected encoding.
	Format Format `json:"format"`
	// SpecVersion is the declared specification version ("1.6", "SPDX-2.3").
	SpecVersion string `json:"specVersion"`
	// SHA256 is the lowercase hex SHA-256 of the exact bytes that were
	// parsed (after gzip decompression), so reports can say which bytes
	// they describe.
	SHA256 string `json:"sha256"`
	// Size is the number of bytes parsed (after decompression).
	Size int64 `json:"size"`

	// BOM is the cyclonedx-go model the document was decoded into. For SPDX
	// input it is the converted equivalent.
	BOM *cdx.BOM `json:"-"`

	// Root is the firmware itself: metadata.component. It is nil when the
	// document does not describe its subject.
	Root *Component `json:"-"`
	// Components lists every component in document order, depth first,
	// the root first when present. Component.Index is the position here.
	Components []*Component `json:"-"`
	// ByRef maps a bom-ref to its component. When a bom-ref is declared
	// twice, the first declaration wins here and the duplicate is reported
	// in Problems.
	ByRef map[string]*Component `json:"-"`
	// DependsOn maps a bom-ref to the bom-refs it depends on, as declared in
	// the document's dependencies, with dangling references removed (and
	// reported in Problems).
	DependsOn map[string][]string `json:"-"`
	// MetadataEvidence is the document-level evidence: the BOM metadata's
	// supplier, manufacturer (and the deprecated manufacture), authors,
	// tools and licences, the BOM's external references, declarations and
	// formulation, and annotations without a subject in the document. It
	// describes the firmware itself, so with a root these items are also
	// part of Root.Evidence (the root's own evidence, not inherited);
	// without a root, its label items are what the top-level parts inherit.
	MetadataEvidence []Evidence `json:"-"`
	// Problems lists structural problems found while indexing.
	Problems []Problem `json:"problems"`

	// depPred[i] is the predecessor of component i on a shortest
	// dependency path from the root (-1: none; i is a source or
	// unreachable); depReached[i] says whether i was reached.
	depPred    []int32
	depReached []bool
	// inherit[i] is the inherited evidence of component i (shared slices).
	inherit [][]Evidence
	// evProblems are the problems of incomplete evidence extractAll and
	// attachAnnotations found, added to Problems by buildIndex.
	evProblems []Problem
	// orgContacts are contacts known to be organisations' (SPDX
	// "Organization:" creators and file contributors converted to
	// authors): their names are matched as organisation names.
	orgContacts map[*cdx.OrganizationalContact]bool
}

// Component is one entry of the flat index: a component of the BOM wherever
// it was nested, with what fwprov derives from it.
type Component struct {
	// Index is the position in Document.Components.
	Index int
	// CDX points into Document.BOM at the model this entry was built from.
	CDX *cdx.Component
	// Ref is the bom-ref ("" when the component has none).
	Ref     string
	Type    string
	Group   string
	Name    string
	Version string
	PURL    string
	CPE     string
	Hashes  []Hash
	// Properties are the component's name/value properties in document order.
	Properties []Property
	// Parent is the enclosing part: the assembly it is nested in, the
	// component whose pedigree lists it, the service that nests it, or the
	// root for top-level components and services; nil for the root and,
	// when the document has no root, for top-level parts.
	Parent *Component
	// Depth is the number of containment steps from the root (root = 0;
	// top-level components = 1).
	Depth int
	// IsRoot reports whether this is metadata.component.
	IsRoot bool
	// Role says what kind of part of the BOM this entry is: a component
	// (""), a service, or a component listed in another's pedigree. Every
	// role is a part of the BOM for origin purposes.
	Role Role
	// Service points into Document.BOM at the service this entry was built
	// from (Role RoleService; CDX is nil then).
	Service *cdx.Service
	// Evidence is the origin evidence the component itself carries, in a
	// stable order (see Field); for the root it includes the document-level
	// evidence (see Document.MetadataEvidence). Inherited evidence is not
	// here: see Document.InheritedEvidence.
	Evidence []Evidence
	// EvidenceIncomplete reports that some of the component's evidence
	// could not be read (a limit stopped extraction, or a value could not
	// be decoded); Document.Problems says what. Its origin can then be no
	// cleaner than unknown.
	EvidenceIncomplete bool
}

// Role is the kind of BOM part an index entry is.
type Role string

// Roles.
const (
	RoleComponent  Role = ""                    // components[], metadata.component and their nested components
	RoleService    Role = "service"             // services[] and their nested services
	RoleAncestor   Role = "pedigree.ancestor"   // a component's pedigree.ancestors[]
	RoleDescendant Role = "pedigree.descendant" // a component's pedigree.descendants[]
	RoleVariant    Role = "pedigree.variant"    // a component's pedigree.variants[]
)

// Hash is a component hash as declared in the SBOM.
type Hash struct {
	// Algorithm is the CycloneDX algorithm name ("SHA-256", "SHA3-512").
	Algorithm string `json:"alg"`
	// Value is the lowercase hex digest.
	Value string `json:"content"`
}

// Property is a CycloneDX name/value property.
type Property struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Field names the place in a component (or the BOM metadata) an evidence
// item was read from. The values are stable: they appear in reports and in
// policy files. Where a whole embedded object is read for its evidence (a
// tool, an annotator, a licensing party, a declaration), every item read
// from it carries that object's Field; Kind says how the value matches.
// The package documentation has the complete map of CycloneDX and SPDX
// fields to Fields and Kinds.
type Field string

// Evidence fields. The label fields say who supplied or made the part
// (ClaimLabel), the identity fields what it is (ClaimIdentity); every other
// field attributes something in it to someone (ClaimAttribution).
const (
	// The component's label.
	FieldSupplierName        Field = "supplier.name"
	FieldSupplierURL         Field = "supplier.url"
	FieldSupplierEmail       Field = "supplier.contact.email"
	FieldSupplierCountry     Field = "supplier.address.country"
	FieldManufacturerName    Field = "manufacturer.name"
	FieldManufacturerURL     Field = "manufacturer.url"
	FieldManufacturerEmail   Field = "manufacturer.contact.email"
	FieldManufacturerCountry Field = "manufacturer.address.country"
	// A service's label: its provider.
	FieldProviderName    Field = "provider.name"
	FieldProviderURL     Field = "provider.url"
	FieldProviderEmail   Field = "provider.contact.email"
	FieldProviderCountry Field = "provider.address.country"
	// The firmware root's label given by the BOM metadata: metadata.supplier,
	// and metadata.manufacturer (1.6+) or the deprecated metadata.manufacture
	// (1.5). They are the root's own evidence.
	FieldMetadataSupplierName        Field = "metadata.supplier.name"
	FieldMetadataSupplierURL         Field = "metadata.supplier.url"
	FieldMetadataSupplierEmail       Field = "metadata.supplier.contact.email"
	FieldMetadataSupplierCountry     Field = "metadata.supplier.address.country"
	FieldMetadataManufacturerName    Field = "metadata.manufacturer.name"
	FieldMetadataManufacturerURL     Field = "metadata.manufacturer.url"
	FieldMetadataManufacturerEmail   Field = "metadata.manufacturer.contact.email"
	FieldMetadataManufacturerCountry Field = "metadata.manufacturer.address.country"

	// The component's identity.
	FieldPURL             Field = "purl"              // Value: "type/namespace"; also the code host a Go module path names
	FieldCPE              Field = "cpe"               // Value: the CPE vendor
	FieldSWIDEntity       Field = "swid.entity"       // an Entity in the SWID tag text, or a tagId's regid
	FieldEvidenceIdentity Field = "evidence.identity" // CycloneDX 1.5+ evidence.identity purl/cpe/swid (concluded value and method values)

	// Attribution.
	FieldSupplierContact             Field = "supplier.contact.name" // also the display names in supplier.contact.email
	FieldSupplierAddress             Field = "supplier.address"      // street, locality, region, post-office box
	FieldManufacturerContact         Field = "manufacturer.contact.name"
	FieldManufacturerAddress         Field = "manufacturer.address"
	FieldProviderContact             Field = "provider.contact.name"
	FieldProviderAddress             Field = "provider.address"
	FieldMetadataSupplierContact     Field = "metadata.supplier.contact.name"
	FieldMetadataSupplierAddress     Field = "metadata.supplier.address"
	FieldMetadataManufacturerContact Field = "metadata.manufacturer.contact.name"
	FieldMetadataManufacturerAddress Field = "metadata.manufacturer.address"
	FieldAuthor                      Field = "author"        // the deprecated single string (names and e-mail domains)
	FieldAuthorsName                 Field = "authors.name"  // authors[].name
	FieldAuthorsEmail                Field = "authors.email" // authors[].email
	FieldMetadataAuthorsName         Field = "metadata.authors.name"
	FieldMetadataAuthorsEmail        Field = "metadata.authors.email"
	FieldPublisher                   Field = "publisher"
	FieldGroup                       Field = "group"                      // the component's or service's group (a namespace: com.huawei, @scope)
	FieldEvidenceIdentityGroup       Field = "evidence.identity.group"    // evidence.identity with field "group"
	FieldPURLQualifier               Field = "purl.qualifier"             // download_url, repository_url, vcs_url and other URL qualifiers
	FieldExternalReference           Field = "externalReference.url"      // every type
	FieldCopyright                   Field = "copyright"                  // Value: the holder, years and boilerplate removed
	FieldEvidenceCopyright           Field = "evidence.copyright"         // evidence.copyright[].text, holders as for copyright
	FieldSWIDURL                     Field = "swid.url"                   // the swid url and every Link href in the tag text
	FieldLicense                     Field = "license"                    // a licence's name, url, and LicenseRef- identifiers
	FieldLicensor                    Field = "license.licensing.licensor" // organisation or individual
	FieldLicensee                    Field = "license.licensing.licensee"
	FieldPurchaser                   Field = "license.licensing.purchaser"
	FieldCommitAuthor                Field = "pedigree.commits.author" // name and e-mail
	FieldCommitCommitter             Field = "pedigree.commits.committer"
	FieldCommitURL                   Field = "pedigree.commits.url"
	FieldPatch                       Field = "pedigree.patches"                       // diff url, resolved issues' source and references
	FieldReleaseNotes                Field = "releaseNotes"                           // resolved issues, featured and social image URLs
	FieldData                        Field = "data"                                   // data governance parties and content URLs; service data flow URLs
	FieldModelCard                   Field = "modelCard"                              // datasets and energy providers
	FieldCertificate                 Field = "cryptoProperties.certificateProperties" // subject and issuer names
	FieldCallstack                   Field = "evidence.callstack"                     // frame packages (a namespace: com.huawei.x)
	FieldEndpoint                    Field = "endpoints"                              // a service's endpoints
	FieldAnnotator                   Field = "annotations.annotator"                  // on each subject: organisation, individual, component or service
	FieldTool                        Field = "metadata.tools"                         // on the root: legacy tools (vendor, references) and tool components and services
	FieldBOMExternalReference        Field = "bom.externalReference.url"
	FieldDeclarations                Field = "declarations" // on the root: assessors, signatories, targets, evidence authors and reviewers
	FieldFormulation                 Field = "formulation"  // on the root: the components and services that built it
)

// Claim says what a field claims about the part that carries it.
type Claim uint8

// Claims.
const (
	// ClaimAttribution: someone is named in or about the part (authors,
	// copyright holders, references, licensing parties, ...). It can name
	// an organisation; it never says who supplied the part.
	ClaimAttribution Claim = iota
	// ClaimLabel: who supplied or made the part (supplier, manufacturer, a
	// service's provider, and for the root the BOM metadata's supplier and
	// manufacturer). It is what an enclosed part inherits.
	ClaimLabel
	// ClaimIdentity: what the part is (purl namespace, CPE vendor, SWID
	// entity, evidence.identity).
	ClaimIdentity
)

// Claim returns what the field claims.
func (f Field) Claim() Claim {
	switch f {
	case FieldSupplierName, FieldSupplierURL, FieldSupplierEmail, FieldSupplierCountry,
		FieldManufacturerName, FieldManufacturerURL, FieldManufacturerEmail, FieldManufacturerCountry,
		FieldProviderName, FieldProviderURL, FieldProviderEmail, FieldProviderCountry,
		FieldMetadataSupplierName, FieldMetadataSupplierURL, FieldMetadataSupplierEmail, FieldMetadataSupplierCountry,
		FieldMetadataManufacturerName, FieldMetadataManufacturerURL, FieldMetadataManufacturerEmail, FieldMetadataManufacturerCountry:
		return ClaimLabel
	case FieldPURL, FieldCPE, FieldSWIDEntity, FieldEvidenceIdentity:
		return ClaimIdentity
	}
	return ClaimAttribution
}

// Kind says how an evidence value is to be matched against an entity
// catalog.
type Kind string

// Evidence kinds.
const (
	// KindName is an organisation or person name (Value: trimmed, inner
	// whitespace collapsed; identity folding is the policy's job).
	KindName Kind = "name"
	// KindDomain is a DNS host from a URL or the domain of an e-mail
	// address (Value: lowercase host without port or trailing dot).
	KindDomain Kind = "domain"
	// KindCountry is an ISO 3166-1 alpha-2 code (Value: upper case).
	KindCountry Kind = "country"
	// KindPURL is a package URL (Value: "type/namespace", lower case type;
	// just "type" when the purl has no namespace). A code-hosting URL or a
	// Go module path that names an organisation gives the equivalent purl
	// namespace ("https://github.com/ORG/x" → "github/org").
	KindPURL Kind = "purl"
	// KindCPE is a CPE vendor (Value: the vendor, lower case, unescaped).
	KindCPE Kind = "cpe"
)

// Evidence is one item of origin evidence: where it was read, what it said,
// and the lightly normalized value that identity resolution works on.
type Evidence struct {
	Field Field  `json:"field"`
	Kind  Kind   `json:"kind"`
	Raw   string `json:"raw"`
	Value string `json:"value"`
	// Inherited marks evidence that belongs to an enclosing assembly or to
	// the BOM metadata rather than to the component itself.
	Inherited bool `json:"inherited,omitempty"`
	// Person marks a name that may be a person's (authors, contacts,
	// commit authors, individuals): it names an organisation only as a
	// whole name, unless Org is set or it carries a legal-form suffix.
	Person bool `json:"person,omitempty"`
	// Org marks a name that is evidently an organisation's although its
	// field may hold people: the entry carries an e-mail address or a URL,
	// or an SPDX "Organization:" prefix says so.
	Org bool `json:"org,omitempty"`
	// From names where inherited evidence came from: the bom-ref (or name)
	// of the enclosing component, or "metadata".
	From string `json:"from,omitempty"`
}

// ProblemKind classifies a structural problem of a document.
type ProblemKind string

// Problem kinds.
const (
	ProblemDuplicateRef    ProblemKind = "duplicate-bom-ref"
	ProblemDanglingRef     ProblemKind = "dangling-ref"
	ProblemDependencyCycle ProblemKind = "dependency-cycle"
	ProblemMissingRef      ProblemKind = "missing-bom-ref"
	ProblemNoRoot          ProblemKind = "no-root-component"
	ProblemSelfDependency  ProblemKind = "self-dependency"
	// ProblemEvidenceTruncated: a limit stopped evidence extraction for a
	// component (a copyright text with more distinct holders, a SWID tag
	// with more entities, a value with more addresses than fwprov reads).
	// The component's origin is at least unknown.
	ProblemEvidenceTruncated ProblemKind = "evidence-truncated"
	// ProblemEvidenceUnreadable: a value that carries evidence could not be
	// read (SWID tag text that is not XML, an undecodable base64 or
	// charset, a DOCTYPE in a tag). The component's origin is at least
	// unknown.
	ProblemEvidenceUnreadable ProblemKind = "evidence-unreadable"
)

// Problem is a structural defect of a document. Problems never stop loading;
// policies decide what they mean.
type Problem struct {
	Kind ProblemKind `json:"kind"`
	// Ref is the bom-ref concerned, where there is one.
	Ref string `json:"ref,omitempty"`
	// Message says what is wrong in one line.
	Message string `json:"message"`
}
