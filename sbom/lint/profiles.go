package lint

import (
	"fmt"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/fwprov/fwprov/sbom"
)

// element is an ElementInfo with its check.
type element struct {
	ElementInfo
	doc  func(*facts) (bool, string)
	comp func(*facts, *sbom.Component) bool
}

type profileDef struct {
	title, reference string
	elements         []element
}

const (
	refNTIA = "NTIA, The Minimum Elements For a Software Bill of Materials (2021), IV. Data Fields"
	refBSI  = "BSI TR-03183-2 v2.0.0 (2024-09-20)"
)

var profiles = map[Profile]*profileDef{
	ProfileNTIA: {
		title:     "NTIA minimum elements",
		reference: "NTIA, The Minimum Elements For a Software Bill of Materials (SBOM), July 2021",
		elements: []element{
			{ElementInfo{"supplier", "Supplier name", refNTIA, ScopeComponent, true,
				"supplier.name, manufacturer.name or publisher"}, nil, hasSupplierName},
			{ElementInfo{"name", "Component name", refNTIA, ScopeComponent, true,
				"a component name"}, nil, hasName},
			{ElementInfo{"version", "Version of the component", refNTIA, ScopeComponent, true,
				"a component version"}, nil, hasVersion},
			{ElementInfo{"identifier", "Other unique identifiers", refNTIA, ScopeComponent, true,
				"purl, CPE, SWID tag id, OmniBOR id, SWHID or a hash"}, nil, hasAnyIdentifier},
			{ElementInfo{"dependencies", "Dependency relationship", refNTIA, ScopeComponent, true,
				"nested in the tree under the root or an assembly, or named in a dependencies entry"}, nil, hasRelationship},
			{ElementInfo{"sbom-author", "Author of SBOM data", refNTIA, ScopeDocument, true,
				"metadata.authors, metadata.manufacturer or metadata.manufacture"}, sbomAuthor, nil},
			{ElementInfo{"timestamp", "Timestamp", refNTIA, ScopeDocument, true,
				"metadata.timestamp in RFC 3339"}, timestamp, nil},
		},
	},
	ProfileBSI: {
		title:     "BSI TR-03183-2 v2.0",
		reference: "BSI TR-03183-2, Cyber Resilience Requirements for Manufacturers and Products, Part 2: Software Bill of Materials (SBOM), v2.0.0, 2024-09-20",
		elements: []element{
			{ElementInfo{"format", "SBOM format", refBSI + " §4", ScopeDocument, true,
				"CycloneDX 1.6 or later, or SPDX 3.0.1 or later"}, bsiFormat, nil},
			{ElementInfo{"sbom-creator", "Creator of the SBOM", refBSI + " §5.2.1", ScopeDocument, true,
				"an e-mail or URL of metadata.manufacturer, or an e-mail of metadata.authors"}, bsiCreator, nil},
			{ElementInfo{"timestamp", "Timestamp", refBSI + " §5.2.1", ScopeDocument, true,
				"metadata.timestamp in RFC 3339"}, timestamp, nil},
			{ElementInfo{"creator", "Component creator", refBSI + " §5.2.2", ScopeComponent, true,
				"an e-mail or URL of the supplier or manufacturer"}, nil, hasCreatorContact},
			{ElementInfo{"name", "Component name", refBSI + " §5.2.2", ScopeComponent, true,
				"a component name"}, nil, hasName},
			{ElementInfo{"version", "Component version", refBSI + " §5.2.2", ScopeComponent, true,
				"a component version"}, nil, hasVersion},
			{ElementInfo{"filename", "Filename of the component", refBSI + " §5.2.2", ScopeComponent, true,
				"property bsi:component:filename (a name, not a path), else the component name"}, nil, hasFilename},
			{ElementInfo{"dependencies", "Dependencies and their completeness", refBSI + " §5.2.2", ScopeComponent, true,
				"a dependencies entry for the bom-ref and a composition with aggregate \"complete\" naming it"}, nil, hasCompleteDependencies},
			{ElementInfo{"licence", "Distribution licences", refBSI + " §5.2.2", ScopeComponent, true,
				"a licence with acknowledgement \"concluded\" or \"declared\""}, nil, hasAcknowledgedLicence},
			{ElementInfo{"hash-sha512", "SHA-512 hash of the deployable component", refBSI + " §5.2.2", ScopeComponent, true,
				"a SHA-512 hash (128 hex digits)"}, nil, hasSHA512},
			{ElementInfo{"executable", "Executable property", refBSI + " §5.2.2", ScopeComponent, true,
				"property bsi:component:executable = executable | non-executable"}, nil, propIn("bsi:component:executable", "executable", "non-executable")},
			{ElementInfo{"archive", "Archive property", refBSI + " §5.2.2", ScopeComponent, true,
				"property bsi:component:archive = archive | no archive"}, nil, propIn("bsi:component:archive", "archive", "no archive")},
			{ElementInfo{"structured", "Structured property", refBSI + " §5.2.2", ScopeComponent, true,
				"property bsi:component:structured = structured | unstructured"}, nil, propIn("bsi:component:structured", "structured", "unstructured")},
			{ElementInfo{"sbom-uri", "SBOM-URI", refBSI + " §5.2.3", ScopeDocument, false,
				"serialNumber (urn:uuid:…) or the SPDX document namespace"}, sbomURI, nil},
			{ElementInfo{"identifier", "Other unique identifiers", refBSI + " §5.2.4", ScopeComponent, false,
				"a purl or a CPE"}, nil, hasPURLOrCPE},
		},
	},
	ProfileFwprov: {
		title:     "fwprov origin completeness",
		reference: "fwprov: the data origin checking needs to reach a verdict",
		elements: []element{
			{ElementInfo{"origin", "Supplier or manufacturer", "fwprov", ScopeComponent, true,
				"the component's own supplier or manufacturer name (inherited evidence does not count)"}, nil, hasOwnOrigin},
			{ElementInfo{"country", "Country of the supplier or manufacturer", "fwprov", ScopeComponent, true,
				"supplier or manufacturer address.country, ISO 3166-1 alpha-2"}, nil, hasCountry},
			{ElementInfo{"identifier", "purl or CPE", "fwprov", ScopeComponent, true,
				"a purl or a CPE"}, nil, hasPURLOrCPE},
			{ElementInfo{"firmware-hash", "Firmware hash", "fwprov", ScopeDocument, true,
				"metadata.component has a SHA-256 or stronger hash"}, firmwareHash, nil},
		},
	},
}

// facts are computed once per document and shared by every profile.
type facts struct {
	doc *sbom.Document
	// depTarget: bom-refs some dependencies entry depends on; built on
	// first use (only parentless components need it).
	depTarget map[string]bool
	// complete: bom-refs a composition with aggregate "complete" names.
	complete map[string]bool
	// rootHasChildren: some component is nested directly under the root.
	rootHasChildren bool
}

func newFacts(doc *sbom.Document) *facts {
	f := &facts{doc: doc, complete: make(map[string]bool)}
	for _, c := range doc.Components {
		if c.Parent != nil && c.Parent.IsRoot {
			f.rootHasChildren = true
			break
		}
	}
	if doc.BOM != nil && doc.BOM.Compositions != nil {
		for _, c := range *doc.BOM.Compositions {
			if c.Aggregate != cdx.CompositionAggregateComplete {
				continue
			}
			for _, list := range []*[]cdx.BOMReference{c.Dependencies, c.Assemblies} {
				if list == nil {
					continue
				}
				for _, r := range *list {
					f.complete[string(r)] = true
				}
			}
		}
	}
	return f
}

func (f *facts) metadata() *cdx.Metadata {
	if f.doc.BOM == nil {
		return nil
	}
	return f.doc.BOM.Metadata
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

func entityName(e *cdx.OrganizationalEntity) bool { return e != nil && !blank(e.Name) }

// entityContact reports whether e has a URL or a contact e-mail.
func entityContact(e *cdx.OrganizationalEntity) bool {
	if e == nil {
		return false
	}
	if e.URL != nil {
		for _, u := range *e.URL {
			if !blank(u) {
				return true
			}
		}
	}
	if e.Contact != nil {
		for _, c := range *e.Contact {
			if strings.Contains(c.Email, "@") {
				return true
			}
		}
	}
	return false
}

func hasSupplierName(_ *facts, c *sbom.Component) bool {
	x := c.CDX
	return x != nil && (entityName(x.Supplier) || entityName(x.Manufacturer) || !blank(x.Publisher))
}

func hasName(_ *facts, c *sbom.Component) bool    { return !blank(c.Name) }
func hasVersion(_ *facts, c *sbom.Component) bool { return !blank(c.Version) }

func hasPURLOrCPE(_ *facts, c *sbom.Component) bool { return !blank(c.PURL) || !blank(c.CPE) }

func hasAnyIdentifier(f *facts, c *sbom.Component) bool {
	if hasPURLOrCPE(f, c) || len(c.Hashes) > 0 {
		return true
	}
	x := c.CDX
	if x == nil {
		return false
	}
	if x.SWID != nil && !blank(x.SWID.TagID) {
		return true
	}
	for _, l := range []*[]string{x.OmniborID, x.SWHID} {
		if l != nil {
			for _, s := range *l {
				if !blank(s) {
					return true
				}
			}
		}
	}
	return false
}

func hasRelationship(f *facts, c *sbom.Component) bool {
	if c.Parent != nil {
		return true // nested under an assembly or the root
	}
	if c.Ref == "" {
		return false
	}
	if len(f.doc.DependsOn[c.Ref]) > 0 || c.IsRoot && f.rootHasChildren {
		return true
	}
	// Something depends on it? Only parentless components get here (the
	// root, or top-level components of a document without one), so the
	// reverse index is built on first use.
	if f.depTarget == nil {
		f.depTarget = make(map[string]bool)
		for _, on := range f.doc.DependsOn {
			for _, t := range on {
				f.depTarget[t] = true
			}
		}
	}
	return f.depTarget[c.Ref]
}

// validTimestamp reports whether s is an RFC 3339 date-time (a date alone is
// not a timestamp).
func validTimestamp(s string) bool {
	_, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	return err == nil
}

func timestamp(f *facts) (bool, string) {
	md := f.metadata()
	if md == nil || blank(md.Timestamp) {
		return false, "no metadata.timestamp"
	}
	if !validTimestamp(md.Timestamp) {
		return false, fmt.Sprintf("metadata.timestamp %q is not an RFC 3339 date-time", clipStr(md.Timestamp, 60))
	}
	return true, strings.TrimSpace(md.Timestamp)
}

func sbomAuthor(f *facts) (bool, string) {
	md := f.metadata()
	if md == nil {
		return false, "no metadata"
	}
	if md.Authors != nil {
		for _, a := range *md.Authors {
			if !blank(a.Name) || !blank(a.Email) {
				return true, "metadata.authors"
			}
		}
	}
	if entityName(md.Manufacturer) {
		return true, "metadata.manufacturer"
	}
	if entityName(md.Manufacture) {
		return true, "metadata.manufacture"
	}
	if md.Tools != nil {
		return false, "only tools are named; NTIA asks for the entity that wrote the SBOM"
	}
	return false, "no metadata.authors or metadata.manufacturer"
}

func bsiFormat(f *facts) (bool, string) {
	d := f.doc
	switch d.Format {
	case sbom.FormatCycloneDXJSON, sbom.FormatCycloneDXXML:
		if d.BOM != nil && d.BOM.SpecVersion >= cdx.SpecVersion1_6 {
			return true, "CycloneDX " + d.SpecVersion
		}
		return false, "CycloneDX " + d.SpecVersion + ": the TR requires CycloneDX 1.6 or later"
	}
	if strings.HasPrefix(string(d.Format), "spdx") {
		return false, d.SpecVersion + ": the TR requires SPDX 3.0.1 or later (or CycloneDX 1.6+); fwprov reads SPDX 2.x"
	}
	return false, "unknown format " + string(d.Format)
}

func bsiCreator(f *facts) (bool, string) {
	md := f.metadata()
	if md == nil {
		return false, "no metadata"
	}
	if entityContact(md.Manufacturer) {
		return true, "metadata.manufacturer"
	}
	if entityContact(md.Manufacture) {
		return true, "metadata.manufacture"
	}
	if md.Authors != nil {
		for _, a := range *md.Authors {
			if strings.Contains(a.Email, "@") {
				return true, "metadata.authors"
			}
		}
	}
	return false, "no e-mail address or URL for the SBOM's creator (metadata.manufacturer url/contact, metadata.authors email)"
}

func sbomURI(f *facts) (bool, string) {
	d := f.doc
	if d.BOM != nil && strings.HasPrefix(d.BOM.SerialNumber, "urn:uuid:") {
		return true, d.BOM.SerialNumber
	}
	if md := f.metadata(); md != nil && md.Properties != nil {
		for _, p := range *md.Properties {
			if p.Name == "spdx:documentNamespace" && !blank(p.Value) {
				return true, p.Value
			}
		}
	}
	return false, "no serialNumber"
}

func hasCreatorContact(_ *facts, c *sbom.Component) bool {
	x := c.CDX
	return x != nil && (entityContact(x.Supplier) || entityContact(x.Manufacturer))
}

func hasFilename(_ *facts, c *sbom.Component) bool {
	if v, ok := c.PropertyValue("bsi:component:filename"); ok {
		v = strings.TrimSpace(v)
		return v != "" && !strings.ContainsAny(v, "/\\")
	}
	return !blank(c.Name)
}

func hasCompleteDependencies(f *facts, c *sbom.Component) bool {
	if c.Ref == "" {
		return false
	}
	if _, declared := f.doc.DependsOn[c.Ref]; !declared {
		return false
	}
	return f.complete[c.Ref]
}

func hasAcknowledgedLicence(_ *facts, c *sbom.Component) bool {
	x := c.CDX
	if x == nil || x.Licenses == nil {
		return false
	}
	ok := func(a cdx.LicenseAcknowledgement) bool {
		return a == cdx.LicenseAcknowledgementConcluded || a == cdx.LicenseAcknowledgementDeclared
	}
	for _, l := range *x.Licenses {
		if l.License != nil && (!blank(l.License.ID) || !blank(l.License.Name)) && ok(l.License.Acknowledgement) {
			return true
		}
		if !blank(l.Expression) && l.Acknowledgement != nil && ok(*l.Acknowledgement) {
			return true
		}
	}
	return false
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func hasSHA512(_ *facts, c *sbom.Component) bool {
	for _, h := range c.Hashes {
		if h.Algorithm == string(cdx.HashAlgoSHA512) && isHex(strings.TrimSpace(h.Value), 128) {
			return true
		}
	}
	return false
}

// propIn checks that property name has one of the values (case-insensitive;
// "true"/"false" accepted too).
func propIn(name string, values ...string) func(*facts, *sbom.Component) bool {
	return func(_ *facts, c *sbom.Component) bool {
		v, ok := c.PropertyValue(name)
		if !ok {
			return false
		}
		v = strings.ToLower(strings.TrimSpace(v))
		if v == "true" || v == "false" {
			return true
		}
		for _, w := range values {
			if v == w {
				return true
			}
		}
		return false
	}
}

func hasOwnOrigin(_ *facts, c *sbom.Component) bool {
	x := c.CDX
	return x != nil && (entityName(x.Supplier) || entityName(x.Manufacturer))
}

func validCountry(e *cdx.OrganizationalEntity) bool {
	if !entityName(e) || e.Address == nil {
		return false
	}
	s := strings.TrimSpace(e.Address.Country)
	return len(s) == 2 && isUpperOrLowerLetter(s[0]) && isUpperOrLowerLetter(s[1])
}

func isUpperOrLowerLetter(b byte) bool { return 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' }

func hasCountry(_ *facts, c *sbom.Component) bool {
	x := c.CDX
	return x != nil && (validCountry(x.Supplier) || validCountry(x.Manufacturer))
}

// strongHashes are the algorithms accepted as binding a firmware image.
var strongHashes = map[string]int{
	string(cdx.HashAlgoSHA256): 64, string(cdx.HashAlgoSHA384): 96, string(cdx.HashAlgoSHA512): 128,
	string(cdx.HashAlgoSHA3_256): 64, string(cdx.HashAlgoSHA3_384): 96, string(cdx.HashAlgoSHA3_512): 128,
	string(cdx.HashAlgoBlake2b_256): 64, string(cdx.HashAlgoBlake2b_384): 96, string(cdx.HashAlgoBlake2b_512): 128,
	string(cdx.HashAlgoBlake3): 64,
}

func firmwareHash(f *facts) (bool, string) {
	r := f.doc.Root
	if r == nil {
		return false, "the document has no root component (metadata.component)"
	}
	for _, h := range r.Hashes {
		if n, ok := strongHashes[h.Algorithm]; ok && isHex(strings.TrimSpace(h.Value), n) {
			return true, h.Algorithm + " of " + r.Label()
		}
	}
	return false, "the firmware root " + clipStr(r.Label(), 80) + " has no SHA-256 or stronger hash"
}

func clipStr(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
