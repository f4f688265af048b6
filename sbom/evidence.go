package sbom

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	cdx "github.com/CycloneDX/cyclonedx-go"
	packageurl "github.com/package-url/packageurl-go"
)

// maxComponentEvidence bounds the evidence items one part yields; beyond it
// the part gets a ProblemEvidenceTruncated (and an origin no cleaner than
// unknown). It is far above what any real part carries.
const maxComponentEvidence = 1 << 16

// extractAll fills every part's Evidence, the document's MetadataEvidence
// (added to the root's own evidence), and records the problems of
// incomplete evidence for buildIndex. All part evidence lives in a few
// backing arrays.
func extractAll(ctx context.Context, doc *Document) error {
	// Large documents are extracted on several goroutines, each over a
	// contiguous range of components with its own backing array (sized
	// once from evidenceBound); order within a component is unchanged.
	comps := doc.Components
	workers := 1
	if len(comps) >= minParallelEvidence {
		workers = min(runtime.GOMAXPROCS(0), 8)
	}
	notes := make([][]evidenceNote, max(workers, 1))
	if workers <= 1 {
		var err error
		if notes[0], err = extractRange(ctx, comps, doc.orgContacts); err != nil {
			return err
		}
	} else {
		errs := make([]error, workers)
		var wg sync.WaitGroup
		per := (len(comps) + workers - 1) / workers
		for w := 0; w < workers; w++ {
			lo, hi := w*per, min((w+1)*per, len(comps))
			if lo >= hi {
				break
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				notes[w], errs[w] = extractRange(ctx, comps[lo:hi], doc.orgContacts)
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
	}

	// The document level describes the firmware itself.
	ex := extractor{orgs: doc.orgContacts}
	ex.document(doc.BOM)
	doc.MetadataEvidence = nil
	if len(ex.buf) > 0 {
		doc.MetadataEvidence = ex.buf[:len(ex.buf):len(ex.buf)]
	}
	if r := doc.Root; r != nil {
		if len(ex.buf) > 0 {
			r.Evidence = append(r.Evidence[:len(r.Evidence):len(r.Evidence)], ex.buf...)
		}
		for _, n := range ex.notes {
			n.comp = r
			notes = append(notes, []evidenceNote{n})
		}
	} else {
		notes = append(notes, ex.notes)
	}
	doc.evProblems = doc.evProblems[:0]
	for _, ns := range notes {
		for _, n := range ns {
			doc.evProblems = append(doc.evProblems, n.problem())
			if n.comp != nil {
				n.comp.EvidenceIncomplete = true
			}
		}
	}
	return nil
}

// minParallelEvidence is the smallest document whose evidence is extracted
// concurrently.
const minParallelEvidence = 4096

// extractRange fills the Evidence of comps from one backing array and
// returns the notes of incomplete evidence.
func extractRange(ctx context.Context, comps []*Component, orgs map[*cdx.OrganizationalContact]bool) ([]evidenceNote, error) {
	total := 0
	for _, c := range comps {
		total += evidenceBound(c)
	}
	ex := extractor{buf: make([]Evidence, 0, total), orgs: orgs}
	ends := make([]int32, len(comps))
	var notes []evidenceNote
	for i, c := range comps {
		if i&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		ex.begin()
		ex.part(c)
		ends[i] = int32(len(ex.buf))
		c.EvidenceIncomplete = false
		for _, n := range ex.notes {
			n.comp = c
			notes = append(notes, n)
		}
	}
	// Slice only after the last append: the backing array is final now.
	prev := int32(0)
	for i, c := range comps {
		c.Evidence = nil
		if ends[i] > prev {
			c.Evidence = ex.buf[prev:ends[i]:ends[i]]
		}
		prev = ends[i]
	}
	return notes, nil
}

// evidenceBound estimates, cheaply (no parsing), how many evidence items
// extractor.part appends for c, so that a document's evidence is allocated
// once. It counts the common fields; when a part yields more, the backing
// array simply grows (parts are sliced from it only after the last
// append). It is deliberately not a worst-case bound: a hostile document
// must not make fwprov reserve memory it will not use.
func evidenceBound(comp *Component) int {
	if s := comp.Service; s != nil {
		n := entityBound(s.Provider) + 1
		if s.Endpoints != nil {
			n += len(*s.Endpoints)
		}
		if s.ExternalReferences != nil {
			n += len(*s.ExternalReferences)
		}
		return n
	}
	c := comp.CDX
	if c == nil {
		return 0
	}
	n := entityBound(c.Supplier) + entityBound(c.Manufacturer)
	for _, v := range [...]string{c.Author, c.Publisher, c.Group, c.PackageURL, c.CPE} {
		if v != "" {
			n++
		}
	}
	if c.Authors != nil {
		n += 2 * len(*c.Authors)
	}
	if c.ExternalReferences != nil {
		n += len(*c.ExternalReferences)
	}
	if c.Copyright != "" {
		n++
	}
	if c.Evidence != nil {
		if c.Evidence.Copyright != nil {
			n += len(*c.Evidence.Copyright)
		}
		if id := c.Evidence.Identity; id != nil {
			if id.Identity != nil {
				n++
			}
			if id.Identities != nil {
				n += len(*id.Identities)
			}
		}
	}
	if c.SWID != nil {
		n += 3 // the tagId's regid, one entity's name and regid
	}
	return n
}

func entityBound(e *cdx.OrganizationalEntity) int {
	if e == nil {
		return 0
	}
	n := 1 // name
	if e.URL != nil {
		n += len(*e.URL)
	}
	if e.Contact != nil {
		for i := range *e.Contact {
			if (*e.Contact)[i].Name != "" {
				n++
			}
			if (*e.Contact)[i].Email != "" {
				n++
			}
		}
	}
	if a := e.Address; a != nil {
		for _, v := range [...]string{a.Country, a.StreetAddress, a.Locality, a.Region, a.PostOfficeBoxNumber} {
			if v != "" {
				n++
			}
		}
	}
	return n
}

// ExtractEvidence returns the origin evidence a single cyclonedx-go
// component carries itself (not its nested components, nor the parts its
// pedigree lists), in the order Parse puts in Component.Evidence. It is
// what Parse uses; it is exported for tools and tests that hold a bare
// cdx.Component.
func ExtractEvidence(c *cdx.Component) []Evidence {
	ex := extractor{}
	ex.begin()
	ex.component(c)
	return ex.buf
}

// evidenceNote is a problem of incomplete evidence found while extracting.
type evidenceNote struct {
	comp *Component // nil: the document level of a document without a root
	kind ProblemKind
	msg  string
}

func (n evidenceNote) problem() Problem {
	p := Problem{Kind: n.kind, Message: n.msg}
	if n.comp != nil {
		p.Ref = n.comp.Ref
		p.Message = "component " + quoteLabel(n.comp) + ": " + n.msg + "; its origin is at least unknown"
	} else {
		p.Message = "the BOM metadata: " + n.msg
	}
	return p
}

// extractor appends evidence to buf.
type extractor struct {
	buf []Evidence
	// over, when set, replaces the Field of every item appended: the items
	// come from an embedded object (a tool, an annotator, a licensing
	// party, a declaration), and over names it.
	over Field
	// start is where the current part's items begin in buf; capped is set
	// once the part reached maxComponentEvidence.
	start  int
	capped bool
	// notes are the current part's problems of incomplete evidence.
	notes []evidenceNote
	// orgs are contacts known to be organisations' (Document.orgContacts).
	orgs map[*cdx.OrganizationalContact]bool
}

// begin starts a new part.
func (ex *extractor) begin() {
	ex.start, ex.capped, ex.notes, ex.over = len(ex.buf), false, ex.notes[:0], ""
}

// note records that the current part's evidence is incomplete.
func (ex *extractor) note(kind ProblemKind, msg string) {
	for _, n := range ex.notes {
		if n.kind == kind && n.msg == msg {
			return
		}
	}
	ex.notes = append(ex.notes, evidenceNote{kind: kind, msg: msg})
}

func (ex *extractor) push(e Evidence) {
	if ex.over != "" {
		e.Field = ex.over
	}
	if len(ex.buf)-ex.start >= maxComponentEvidence {
		if !ex.capped {
			ex.capped = true
			ex.note(ProblemEvidenceTruncated, "it carries more than "+strconv.Itoa(maxComponentEvidence)+" evidence items; the rest were not read")
		}
		return
	}
	ex.buf = append(ex.buf, e)
}

func (ex *extractor) add(f Field, k Kind, raw, value string) {
	ex.push(Evidence{Field: f, Kind: k, Raw: raw, Value: value})
}

// name appends an organisation name.
func (ex *extractor) name(f Field, raw string) {
	if v := normName(raw); v != "" {
		ex.add(f, KindName, raw, v)
	}
}

// person appends a name that may be a person's; org says the entry is
// evidently an organisation's.
func (ex *extractor) person(f Field, raw string, org bool) {
	if v := normName(raw); v != "" {
		ex.push(Evidence{Field: f, Kind: KindName, Raw: raw, Value: v, Person: true, Org: org})
	}
}

// part appends the evidence of one index entry.
func (ex *extractor) part(c *Component) {
	switch {
	case c.Service != nil:
		ex.service(c.Service)
	case c.CDX != nil:
		ex.component(c.CDX)
	}
}

// entityFields are the Fields an organisational entity's parts go to.
type entityFields struct {
	name, url, email, country, contact, address Field
}

var (
	supplierFields         = entityFields{FieldSupplierName, FieldSupplierURL, FieldSupplierEmail, FieldSupplierCountry, FieldSupplierContact, FieldSupplierAddress}
	manufacturerFields     = entityFields{FieldManufacturerName, FieldManufacturerURL, FieldManufacturerEmail, FieldManufacturerCountry, FieldManufacturerContact, FieldManufacturerAddress}
	providerFields         = entityFields{FieldProviderName, FieldProviderURL, FieldProviderEmail, FieldProviderCountry, FieldProviderContact, FieldProviderAddress}
	metaSupplierFields     = entityFields{FieldMetadataSupplierName, FieldMetadataSupplierURL, FieldMetadataSupplierEmail, FieldMetadataSupplierCountry, FieldMetadataSupplierContact, FieldMetadataSupplierAddress}
	metaManufacturerFields = entityFields{FieldMetadataManufacturerName, FieldMetadataManufacturerURL, FieldMetadataManufacturerEmail, FieldMetadataManufacturerCountry, FieldMetadataManufacturerContact, FieldMetadataManufacturerAddress}
)

// partyFields sends every part of an entity to one Field.
func partyFields(f Field) entityFields { return entityFields{f, f, f, f, f, f} }

// component appends the evidence of one component's own fields (not its
// nested components nor its pedigree's parts, which are index entries of
// their own).
func (ex *extractor) component(c *cdx.Component) {
	ex.entity(c.Supplier, supplierFields)
	ex.entity(c.Manufacturer, manufacturerFields)
	if c.Author != "" {
		ex.authorText(FieldAuthor, c.Author)
	}
	ex.contacts(c.Authors, FieldAuthorsName, FieldAuthorsEmail, true)
	ex.name(FieldPublisher, c.Publisher)
	ex.name(FieldGroup, c.Group)
	if c.PackageURL != "" {
		ex.purl(FieldPURL, FieldPURLQualifier, c.PackageURL)
	}
	if c.CPE != "" {
		ex.cpe(FieldCPE, c.CPE)
	}
	ex.references(FieldExternalReference, c.ExternalReferences)
	if c.Copyright != "" {
		ex.copyright(FieldCopyright, c.Copyright)
	}
	if c.SWID != nil {
		ex.swid(c.SWID)
	}
	ex.licenses(c.Licenses)
	if ev := c.Evidence; ev != nil {
		if ev.Copyright != nil {
			for _, cp := range *ev.Copyright {
				ex.copyright(FieldEvidenceCopyright, cp.Text)
			}
		}
		if id := ev.Identity; id != nil {
			if id.Identity != nil {
				ex.identity(id.Identity)
			}
			if id.Identities != nil {
				for i := range *id.Identities {
					ex.identity(&(*id.Identities)[i])
				}
			}
		}
		ex.licenses(ev.Licenses)
		if cs := ev.Callstack; cs != nil && cs.Frames != nil {
			for i := range *cs.Frames {
				ex.name(FieldCallstack, (*cs.Frames)[i].Package)
			}
		}
	}
	if p := c.Pedigree; p != nil {
		ex.pedigree(p)
	}
	ex.releaseNotes(c.ReleaseNotes)
	if c.Data != nil {
		for i := range *c.Data {
			ex.componentData(FieldData, &(*c.Data)[i])
		}
	}
	if mc := c.ModelCard; mc != nil {
		ex.modelCard(mc)
	}
	if cp := c.CryptoProperties; cp != nil && cp.CertificateProperties != nil {
		ex.name(FieldCertificate, cp.CertificateProperties.SubjectName)
		ex.name(FieldCertificate, cp.CertificateProperties.IssuerName)
	}
}

// service appends the evidence of one service's own fields (not its nested
// services, which are index entries of their own).
func (ex *extractor) service(s *cdx.Service) {
	ex.entity(s.Provider, providerFields)
	ex.name(FieldGroup, s.Group)
	if s.Endpoints != nil {
		for _, u := range *s.Endpoints {
			ex.url(FieldEndpoint, u)
		}
	}
	if s.Data != nil {
		for i := range *s.Data {
			d := &(*s.Data)[i]
			ex.governance(FieldData, d.Governance)
			for _, list := range []*[]string{d.Source, d.Destination} {
				if list != nil {
					for _, u := range *list {
						ex.url(FieldData, u)
					}
				}
			}
		}
	}
	ex.licenses(s.Licenses)
	ex.references(FieldExternalReference, s.ExternalReferences)
	ex.releaseNotes(s.ReleaseNotes)
}

// entity appends an organisational entity's name, URLs, contacts (names
// and e-mail addresses), postal address and country.
func (ex *extractor) entity(e *cdx.OrganizationalEntity, fs entityFields) {
	if e == nil {
		return
	}
	ex.name(fs.name, e.Name)
	if e.URL != nil {
		for _, u := range *e.URL {
			ex.url(fs.url, u)
		}
	}
	if e.Contact != nil {
		for i := range *e.Contact {
			ct := &(*e.Contact)[i]
			ex.person(fs.contact, ct.Name, false)
			ex.email(fs.email, fs.contact, ct.Email, false)
		}
	}
	if a := e.Address; a != nil {
		if a.Country != "" {
			if v := normCountry(a.Country); v != "" {
				ex.add(fs.country, KindCountry, a.Country, v)
			}
		}
		ex.name(fs.address, a.StreetAddress)
		ex.name(fs.address, a.Locality)
		ex.name(fs.address, a.Region)
		ex.name(fs.address, a.PostOfficeBoxNumber)
	}
}

// contacts appends a list of people-or-organisations (authors): each name,
// and each e-mail address's domain. authorLike: an entry that carries an
// e-mail address is evidently an organisation's (see Evidence.Org).
func (ex *extractor) contacts(list *[]cdx.OrganizationalContact, fName, fEmail Field, authorLike bool) {
	if list == nil {
		return
	}
	for i := range *list {
		ex.contact(&(*list)[i], fName, fEmail, authorLike)
	}
}

func (ex *extractor) contact(a *cdx.OrganizationalContact, fName, fEmail Field, authorLike bool) {
	if a == nil {
		return
	}
	org := authorLike && strings.Contains(a.Email, "@") || ex.orgs[a]
	ex.person(fName, a.Name, org)
	ex.email(fEmail, fName, a.Email, authorLike)
}

// email appends the domain of every address in an e-mail field, and the
// display names as names under fName.
func (ex *extractor) email(f, fName Field, raw string, authorLike bool) {
	if strings.TrimSpace(raw) == "" {
		return
	}
	if !emailAddresses(raw, func(name, addr, domain string) {
		if domain != "" {
			ex.add(f, KindDomain, addr, domain)
		}
		if name != "" {
			ex.push(Evidence{Field: fName, Kind: KindName, Raw: name, Value: name, Person: true, Org: authorLike})
		}
	}) {
		ex.note(ProblemEvidenceTruncated, "the "+string(f)+" value holds more than "+strconv.Itoa(maxValueItems)+" addresses; the rest were not read")
	}
}

// authorText appends the deprecated author string: one name, or a list of
// names with e-mail addresses or URLs ("Jane Doe <jane@acme.example>,
// Huawei (https://huawei.com)"). A name given with an address or URL is
// evidently an organisation's.
func (ex *extractor) authorText(f Field, raw string) {
	hasMail := strings.IndexByte(raw, '@') >= 0
	hasURL := strings.Contains(raw, "://") || strings.Contains(raw, "www.")
	if !hasMail && !hasURL {
		ex.person(f, raw, false)
		return
	}
	rest := raw
	if hasURL {
		// Each URL (up to white space or a closing bracket) is a URL;
		// the text around is the name.
		var b strings.Builder
		for _, w := range strings.FieldsFunc(raw, func(r rune) bool {
			return r == ' ' || r == '\t' || r == '\n' || r == '(' || r == ')' || r == '[' || r == ']' || r == '<' || r == '>' || r == ','
		}) {
			if strings.Contains(w, "://") || strings.HasPrefix(strings.ToLower(w), "www.") {
				ex.url(f, w)
				continue
			}
			if strings.IndexByte(w, '@') >= 0 {
				ex.email(f, f, w, true)
				continue
			}
			b.WriteString(w)
			b.WriteByte(' ')
		}
		if !hasMail {
			ex.person(f, b.String(), true)
			return
		}
		rest = b.String()
	}
	named := false
	ok := emailAddresses(rest, func(name, addr, domain string) {
		if domain != "" {
			ex.add(f, KindDomain, addr, domain)
		}
		if name != "" {
			named = true
			ex.push(Evidence{Field: f, Kind: KindName, Raw: name, Value: name, Person: true, Org: true})
		}
	})
	if !ok {
		ex.note(ProblemEvidenceTruncated, "the author value holds more than "+strconv.Itoa(maxValueItems)+" addresses; the rest were not read")
	}
	if !named {
		// "Acme Radio, ops@acme.example" style text net/mail reads as
		// addresses only: the text without the addresses is the name.
		var b strings.Builder
		for _, w := range strings.Fields(rest) {
			if strings.IndexByte(w, '@') < 0 {
				b.WriteString(w)
				b.WriteByte(' ')
			}
		}
		ex.person(f, strings.Trim(b.String(), " ,;<>()\""), true)
	}
}

// url appends the host of a URL field's value (with or without a scheme,
// see urlParts) and, for a code-hosting URL, the organisation it names as
// a purl namespace. A purl or a CPE written where a URL was expected is
// read as one.
func (ex *extractor) url(f Field, raw string) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return
	}
	if len(s) > 4 {
		switch s[0] | 0x20 {
		case 'p':
			if strings.EqualFold(s[:4], "pkg:") {
				ex.purl(f, f, s)
				return
			}
		case 'c':
			if strings.EqualFold(s[:4], "cpe:") {
				ex.cpe(f, s)
				return
			}
		case 'm':
			if len(s) > 7 && strings.EqualFold(s[:7], "mailto:") {
				ex.email(f, f, s, false)
				return
			}
		}
	}
	host, path := urlParts(s)
	if host == "" {
		return
	}
	ex.add(f, KindDomain, raw, host)
	if org := codeHostOrg(host, path); org != "" {
		ex.add(f, KindPURL, raw, org)
	}
}

// references appends the URL of every external reference, of every type.
func (ex *extractor) references(f Field, refs *[]cdx.ExternalReference) {
	if refs == nil {
		return
	}
	for i := range *refs {
		ex.url(f, (*refs)[i].URL)
	}
}

// purl appends a package URL's origin ("type/namespace"), the code host a
// Go module path or a Maven group names, and the locations in its
// qualifiers (download_url, repository_url, vcs_url, ...) as URLs under
// fQual.
func (ex *extractor) purl(f, fQual Field, raw string) {
	origin := PURLOrigin(raw)
	ex.add(f, KindPURL, raw, origin)
	if typ, ns, ok := strings.Cut(origin, "/"); ok {
		switch typ {
		case "golang":
			if org := goModuleOrg(ns); org != "" {
				ex.add(f, KindPURL, raw, org)
			}
		case "maven":
			if org := mavenCodeHostOrg(ns); org != "" {
				ex.add(f, KindPURL, raw, org)
			}
		}
	}
	if strings.IndexByte(raw, '?') >= 0 {
		purlQualifiers(raw, func(_, v string) { ex.url(fQual, v) })
	}
}

// cpe appends a CPE's vendor.
func (ex *extractor) cpe(f Field, raw string) {
	if v := CPEVendor(raw); v != "" {
		ex.add(f, KindCPE, raw, v)
	}
}

// copyright appends the distinct holders of a copyright text, one per line.
func (ex *extractor) copyright(f Field, text string) {
	first := len(ex.buf)
	n := 0
	for text != "" {
		line := text
		if j := strings.IndexAny(text, "\n\r"); j >= 0 {
			line, text = text[:j], text[j+1:]
		} else {
			text = ""
		}
		h := CopyrightHolder(line)
		if h == "" {
			continue
		}
		dup := false
		for i := first; i < len(ex.buf) && !dup; i++ {
			dup = ex.buf[i].Value == h
		}
		if dup {
			continue
		}
		if n++; n > maxValueItems {
			ex.note(ProblemEvidenceTruncated, "a copyright text names more than "+strconv.Itoa(maxValueItems)+" distinct holders; the rest were not read")
			return
		}
		ex.add(f, KindName, line, h)
	}
}

func (ex *extractor) identity(id *cdx.EvidenceIdentity) {
	vals := []string{id.ConcludedValue}
	if id.Methods != nil {
		for _, m := range *id.Methods {
			if m.Value != "" && m.Value != id.ConcludedValue {
				vals = append(vals, m.Value)
			}
		}
	}
	for _, v := range vals {
		if strings.TrimSpace(v) == "" {
			continue
		}
		switch id.Field {
		case cdx.EvidenceIdentityFieldTypePURL:
			ex.purl(FieldEvidenceIdentity, FieldEvidenceIdentity, strings.TrimSpace(v))
		case cdx.EvidenceIdentityFieldTypeCPE:
			ex.cpe(FieldEvidenceIdentity, v)
		case cdx.EvidenceIdentityFieldTypeGroup:
			ex.name(FieldEvidenceIdentityGroup, v)
		case cdx.EvidenceIdentityFieldTypeSWID:
			if d := regidHost(v); d != "" {
				ex.add(FieldEvidenceIdentity, KindDomain, v, d)
			}
		}
	}
}

// licenses appends, for every licence, its name, URL, LicenseRef-
// identifiers and licensing parties.
func (ex *extractor) licenses(ls *cdx.Licenses) {
	if ls == nil {
		return
	}
	for i := range *ls {
		lc := &(*ls)[i]
		if l := lc.License; l != nil {
			ex.name(FieldLicense, l.Name)
			ex.licenseRefs(l.ID)
			if l.URL != "" {
				ex.url(FieldLicense, l.URL)
			}
			ex.licensing(l.Licensing)
		}
		if lc.Expression != "" {
			ex.licenseRefs(lc.Expression)
		}
		if lc.ExpressionDetails != nil {
			for _, d := range *lc.ExpressionDetails {
				ex.licenseRefs(d.LicenseIdentifier)
				if d.URL != "" {
					ex.url(FieldLicense, d.URL)
				}
			}
		}
		ex.licensing(lc.Licensing)
	}
}

func (ex *extractor) licenseRefs(s string) {
	if s == "" || indexFold(s, "licenseref-") < 0 {
		return
	}
	if !licenseRefs(s, func(name string) { ex.name(FieldLicense, licenseRefName(name)) }) {
		ex.note(ProblemEvidenceTruncated, "a licence expression holds more than "+strconv.Itoa(maxValueItems)+" LicenseRef identifiers; the rest were not read")
	}
}

// licenseRefName reads a LicenseRef identifier as the name it spells:
// "Acme-RAN-EULA" → "Acme RAN EULA".
func licenseRefName(id string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r == '.' {
			return ' '
		}
		return r
	}, id)
}

// licensing appends a licence's licensor, licensee and purchaser.
func (ex *extractor) licensing(l *cdx.Licensing) {
	if l == nil {
		return
	}
	for _, p := range []struct {
		f Field
		x *cdx.OrganizationalEntityOrContact
	}{{FieldLicensor, l.Licensor}, {FieldLicensee, l.Licensee}, {FieldPurchaser, l.Purchaser}} {
		if p.x == nil {
			continue
		}
		ex.entity(p.x.Organization, partyFields(p.f))
		ex.contact(p.x.Individual, p.f, p.f, false)
	}
}

// pedigree appends commits (author, committer, URL) and patches (diff URL,
// resolved issues). The pedigree's ancestors, descendants and variants are
// index entries of their own.
func (ex *extractor) pedigree(p *cdx.Pedigree) {
	if p.Commits != nil {
		for i := range *p.Commits {
			c := &(*p.Commits)[i]
			for _, a := range []struct {
				f Field
				x *cdx.IdentifiableAction
			}{{FieldCommitAuthor, c.Author}, {FieldCommitCommitter, c.Committer}} {
				if a.x == nil {
					continue
				}
				ex.person(a.f, a.x.Name, false)
				ex.email(a.f, a.f, a.x.Email, false)
			}
			if c.URL != "" {
				ex.url(FieldCommitURL, c.URL)
			}
		}
	}
	if p.Patches != nil {
		for i := range *p.Patches {
			pt := &(*p.Patches)[i]
			if pt.Diff != nil && pt.Diff.URL != "" {
				ex.url(FieldPatch, pt.Diff.URL)
			}
			ex.issues(FieldPatch, pt.Resolves)
		}
	}
}

// issues appends resolved issues' sources (name, URL) and references.
func (ex *extractor) issues(f Field, list *[]cdx.Issue) {
	if list == nil {
		return
	}
	for i := range *list {
		is := &(*list)[i]
		if s := is.Source; s != nil {
			ex.name(f, s.Name)
			if s.URL != "" {
				ex.url(f, s.URL)
			}
		}
		if is.References != nil {
			for _, u := range *is.References {
				ex.url(f, u)
			}
		}
	}
}

func (ex *extractor) releaseNotes(rn *cdx.ReleaseNotes) {
	if rn == nil {
		return
	}
	ex.issues(FieldReleaseNotes, rn.Resolves)
	for _, u := range []string{rn.FeaturedImage, rn.SocialImage} {
		if u != "" {
			ex.url(FieldReleaseNotes, u)
		}
	}
}

// componentData appends a data component's governance parties and its
// content URL.
func (ex *extractor) componentData(f Field, d *cdx.ComponentData) {
	if d == nil {
		return
	}
	ex.governance(f, d.Governance)
	if d.Contents != nil && d.Contents.URL != "" {
		ex.url(f, d.Contents.URL)
	}
}

func (ex *extractor) governance(f Field, g *cdx.DataGovernance) {
	if g == nil {
		return
	}
	for _, list := range []*[]cdx.ComponentDataGovernanceResponsibleParty{g.Custodians, g.Stewards, g.Owners} {
		if list == nil {
			continue
		}
		for i := range *list {
			p := &(*list)[i]
			ex.entity(p.Organization, partyFields(f))
			ex.contact(p.Contact, f, f, false)
		}
	}
}

// modelCard appends an ML model's datasets and energy providers.
func (ex *extractor) modelCard(mc *cdx.MLModelCard) {
	if mp := mc.ModelParameters; mp != nil && mp.Datasets != nil {
		for i := range *mp.Datasets {
			ex.componentData(FieldModelCard, (*mp.Datasets)[i].ComponentData)
		}
	}
	if cs := mc.Considerations; cs != nil && cs.EnvironmentalConsiderations != nil && cs.EnvironmentalConsiderations.EnergyConsumptions != nil {
		for _, ec := range *cs.EnvironmentalConsiderations.EnergyConsumptions {
			if ec.EnergyProviders == nil {
				continue
			}
			for i := range *ec.EnergyProviders {
				ep := &(*ec.EnergyProviders)[i]
				ex.entity(ep.Organization, partyFields(FieldModelCard))
				ex.references(FieldModelCard, ep.ExternalReferences)
			}
		}
	}
}

// embedded appends, under the Field over, the evidence of components and
// services that are not parts of the BOM but are named in it (tools, an
// annotator, declaration targets, formulation), with everything nested in
// them. It walks iteratively.
func (ex *extractor) embedded(over Field, comps *[]cdx.Component, svcs *[]cdx.Service) {
	saved := ex.over
	ex.over = over
	defer func() { ex.over = saved }()
	var cstack []*cdx.Component
	var sstack []*cdx.Service
	pushC := func(l *[]cdx.Component) {
		if l != nil {
			for i := len(*l) - 1; i >= 0; i-- {
				cstack = append(cstack, &(*l)[i])
			}
		}
	}
	pushS := func(l *[]cdx.Service) {
		if l != nil {
			for i := len(*l) - 1; i >= 0; i-- {
				sstack = append(sstack, &(*l)[i])
			}
		}
	}
	pushC(comps)
	pushS(svcs)
	for len(cstack) > 0 || len(sstack) > 0 {
		if n := len(cstack); n > 0 {
			c := cstack[n-1]
			cstack = cstack[:n-1]
			ex.component(c)
			pushC(c.Components)
			if p := c.Pedigree; p != nil {
				pushC(p.Ancestors)
				pushC(p.Descendants)
				pushC(p.Variants)
			}
			continue
		}
		s := sstack[len(sstack)-1]
		sstack = sstack[:len(sstack)-1]
		ex.service(s)
		pushS(s.Services)
	}
}

// document appends the document-level evidence: the BOM metadata, the
// BOM's external references, declarations and formulation. Annotations
// are attached to their subjects by attachAnnotations.
func (ex *extractor) document(bom *cdx.BOM) {
	ex.begin()
	if md := bom.Metadata; md != nil {
		ex.entity(md.Supplier, metaSupplierFields)
		ex.entity(md.Manufacturer, metaManufacturerFields)
		ex.entity(md.Manufacture, metaManufacturerFields)
		ex.contacts(md.Authors, FieldMetadataAuthorsName, FieldMetadataAuthorsEmail, true)
		if t := md.Tools; t != nil {
			if t.Tools != nil {
				for i := range *t.Tools {
					tl := &(*t.Tools)[i]
					ex.name(FieldTool, tl.Vendor)
					ex.references(FieldTool, tl.ExternalReferences)
				}
			}
			ex.embedded(FieldTool, t.Components, t.Services)
		}
		ex.licenses(md.Licenses)
	}
	ex.references(FieldBOMExternalReference, bom.ExternalReferences)
	if d := bom.Declarations; d != nil {
		ex.declarations(d)
	}
	if bom.Formulation != nil {
		for i := range *bom.Formulation {
			f := &(*bom.Formulation)[i]
			ex.embedded(FieldFormulation, f.Components, f.Services)
		}
	}
}

func (ex *extractor) declarations(d *cdx.Declarations) {
	saved := ex.over
	ex.over = FieldDeclarations
	defer func() { ex.over = saved }()
	fs := partyFields(FieldDeclarations)
	if d.Assessors != nil {
		for i := range *d.Assessors {
			ex.entity((*d.Assessors)[i].Organization, fs)
		}
	}
	if a := d.Affirmation; a != nil && a.Signatories != nil {
		for i := range *a.Signatories {
			sg := &(*a.Signatories)[i]
			ex.person(FieldDeclarations, sg.Name, false)
			ex.entity(sg.Organization, fs)
			if sg.ExternalReference != nil {
				ex.url(FieldDeclarations, sg.ExternalReference.URL)
			}
		}
	}
	if d.Evidence != nil {
		for i := range *d.Evidence {
			e := &(*d.Evidence)[i]
			ex.contact(e.Author, FieldDeclarations, FieldDeclarations, false)
			ex.contact(e.Reviewer, FieldDeclarations, FieldDeclarations, false)
			if e.Data != nil {
				for j := range *e.Data {
					dd := &(*e.Data)[j]
					ex.governance(FieldDeclarations, dd.Governance)
					if dd.Contents != nil && dd.Contents.URL != "" {
						ex.url(FieldDeclarations, dd.Contents.URL)
					}
				}
			}
		}
	}
	if d.Claims != nil {
		for i := range *d.Claims {
			ex.references(FieldDeclarations, (*d.Claims)[i].ExternalReferences)
		}
	}
	if t := d.Targets; t != nil {
		if t.Organizations != nil {
			for i := range *t.Organizations {
				ex.entity(&(*t.Organizations)[i], fs)
			}
		}
		ex.embedded(FieldDeclarations, t.Components, t.Services)
	}
}

// annotator appends an annotation's annotator.
func (ex *extractor) annotator(a *cdx.Annotator) {
	saved := ex.over
	ex.over = FieldAnnotator
	defer func() { ex.over = saved }()
	ex.entity(a.Organization, partyFields(FieldAnnotator))
	ex.contact(a.Individual, FieldAnnotator, FieldAnnotator, false)
	if a.Component != nil {
		ex.embedded(FieldAnnotator, &[]cdx.Component{*a.Component}, nil)
	}
	if a.Service != nil {
		ex.embedded(FieldAnnotator, nil, &[]cdx.Service{*a.Service})
	}
}

// attachAnnotations adds each annotation's annotator to the evidence of
// every part its subjects name (every part declaring that bom-ref, so a
// duplicate bom-ref cannot deflect it), and to the root (or the document
// level) when a subject names no part or there is none. It runs after the
// reference index is built.
func (d *Document) attachAnnotations() {
	if d.BOM == nil || d.BOM.Annotations == nil {
		return
	}
	anns := *d.BOM.Annotations
	type item struct {
		ev    []Evidence
		notes []evidenceNote
	}
	items := make([]item, 0, len(anns))
	bySubject := map[string][]int{}
	var orphan []int
	for i := range anns {
		a := &anns[i]
		if a.Annotator == nil {
			items = append(items, item{})
			continue
		}
		ex := extractor{}
		ex.begin()
		ex.annotator(a.Annotator)
		items = append(items, item{ev: ex.buf, notes: append([]evidenceNote(nil), ex.notes...)})
		if len(ex.buf) == 0 && len(ex.notes) == 0 {
			continue
		}
		named := false
		if a.Subjects != nil {
			for _, s := range *a.Subjects {
				if _, ok := d.ByRef[string(s)]; ok {
					bySubject[string(s)] = append(bySubject[string(s)], i)
					named = true
				}
			}
		}
		if !named {
			orphan = append(orphan, i)
		}
	}
	attach := func(c *Component, i int) {
		it := items[i]
		if c == nil {
			d.MetadataEvidence = append(d.MetadataEvidence[:len(d.MetadataEvidence):len(d.MetadataEvidence)], it.ev...)
			for _, n := range it.notes {
				d.evProblems = append(d.evProblems, n.problem())
			}
			return
		}
		c.Evidence = append(c.Evidence[:len(c.Evidence):len(c.Evidence)], it.ev...)
		for _, n := range it.notes {
			n.comp = c
			d.evProblems = append(d.evProblems, n.problem())
			c.EvidenceIncomplete = true
		}
	}
	if len(bySubject) > 0 {
		for _, c := range d.Components {
			if c.Ref == "" {
				continue
			}
			for _, i := range bySubject[c.Ref] {
				attach(c, i)
			}
		}
	}
	for _, i := range orphan {
		if d.Root != nil {
			d.MetadataEvidence = append(d.MetadataEvidence[:len(d.MetadataEvidence):len(d.MetadataEvidence)], items[i].ev...)
		}
		attach(d.Root, i)
	}
}

// regidHost turns a SWID regid (a URI, a bare domain, or a
// regid.YYYY-MM.tld.domain name) into a host.
func regidHost(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if d := RegidDomain(s); d != "" {
		return d
	}
	if strings.Contains(s, "://") {
		return URLHost(s)
	}
	return hostOnly(s)
}

// normName trims a name and collapses inner whitespace (no case folding:
// identity folding is the policy's job). It does not allocate when the name
// is already clean: printable ASCII with single inner spaces.
func normName(s string) string {
	if s == "" {
		return ""
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return collapseSpace(s)
	}
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f {
			if c != ' ' || prev == ' ' {
				return collapseSpace(s)
			}
		}
		prev = s[i]
	}
	return s
}

// collapseSpace trims s, turns every run of white space or control
// characters into one space, and repairs invalid UTF-8.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u200b' || r == '\ufeff' {
			pendingSpace = b.Len() > 0
			continue
		}
		if pendingSpace {
			b.WriteByte(' ')
			pendingSpace = false
		}
		b.WriteRune(r) // invalid UTF-8 arrives as U+FFFD
	}
	return b.String()
}

// normCountry upper-cases and trims a country.
func normCountry(s string) string {
	s = normName(s)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' || c >= utf8.RuneSelf {
			return strings.ToUpper(s)
		}
	}
	return s
}

// toLowerASCIIOrUnicode lower-cases s, allocating only when needed.
func toLowerASCIIOrUnicode(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.ToLower(s)
		}
	}
	return toLowerASCII(s)
}

// toLowerASCII lower-cases ASCII letters, allocating only when needed.
func toLowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// EmailDomain returns the lower-case domain of an e-mail address ("" when
// there is none). "Name <user@example.com>" and "mailto:" forms are
// accepted.
func EmailDomain(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if i := strings.IndexByte(s, '<'); i >= 0 {
		if j := strings.IndexByte(s[i:], '>'); j > 0 {
			s = s[i+1 : i+j]
		}
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return ""
	}
	return hostOnly(s[at+1:])
}

// hostOnly cleans a bare host: lower case, no port, no trailing dot, no
// surrounding brackets or punctuation; "" when it is not host-like.
func hostOnly(h string) string {
	h = strings.TrimSpace(h)
	for h != "" {
		if c := h[len(h)-1]; c == '>' || c == '.' || c == ')' || c == ',' || c == ';' {
			h = h[:len(h)-1]
			continue
		}
		break
	}
	if h == "" {
		return ""
	}
	if h[0] == '[' { // IPv6 literal
		j := strings.IndexByte(h, ']')
		if j < 3 {
			return ""
		}
		for i := 1; i < j; i++ {
			if c := h[i]; !isHex(c) && c != ':' && c != '.' {
				return ""
			}
		}
		return toLowerASCII(h[1:j])
	}
	if j := strings.IndexByte(h, ':'); j >= 0 {
		h = h[:j]
	}
	h = strings.TrimSuffix(h, ".")
	if h == "" {
		return ""
	}
	if h[0] == '.' || h[0] == '-' {
		return ""
	}
	ascii := true
	upper := false
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case c >= utf8.RuneSelf:
			ascii = false
		case c >= 'A' && c <= 'Z':
			upper = true
		case c <= ' ' || c == '/' || c == '\\' || c == '@' || c == '?' || c == '#' || c == '"' || c == '<' || c == '>' || c == '%' || c == 0x7f:
			return ""
		}
	}
	if ascii {
		if upper {
			return toLowerASCII(h)
		}
		return h
	}
	if !utf8.ValidString(h) {
		return ""
	}
	return strings.ToLower(h)
}

// URLHost returns the lower-case host of an absolute URL
// ("https://user@Example.COM:8443/x" → "example.com"), of an scp-style git
// location ("git@github.com:org/repo.git" → "github.com") or the domain of
// a "mailto:" address; "" for relative paths and anything else that is not
// a URL.
func URLHost(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if len(s) > 7 && strings.EqualFold(s[:7], "mailto:") {
		return EmailDomain(s[7:])
	}
	if i := strings.Index(s, "://"); i > 0 {
		if !isScheme(s[:i]) {
			return ""
		}
		rest := s[i+3:]
		if j := strings.IndexAny(rest, "/?#"); j >= 0 {
			rest = rest[:j]
		}
		if at := strings.LastIndexByte(rest, '@'); at >= 0 {
			rest = rest[at+1:]
		}
		return hostOnly(rest)
	}
	// scp-like: user@host:path (no scheme, no slash before the colon).
	if at := strings.IndexByte(s, '@'); at > 0 {
		if colon := strings.IndexByte(s[at:], ':'); colon > 1 {
			host := s[at+1 : at+colon]
			if !strings.ContainsAny(s[:at], "/: ") && strings.Contains(host, ".") {
				return hostOnly(host)
			}
		}
	}
	return ""
}

func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// PURLOrigin returns the origin part of a package URL: "type/namespace"
// (lower-case type; namespace as the type's rules give it), or just "type"
// when there is no namespace. An unparsable purl gives a best-effort value
// read from its text, never an error.
func PURLOrigin(purl string) string {
	if v, ok := purlOriginFast(purl); ok {
		return v
	}
	p, err := packageurl.FromString(purl)
	if err == nil {
		if p.Namespace == "" {
			return p.Type
		}
		return p.Type + "/" + p.Namespace
	}
	// Best effort: pkg:type/ns/.../name@version?q#sub
	s := strings.TrimSpace(purl)
	if len(s) >= 4 && strings.EqualFold(s[:4], "pkg:") {
		s = s[4:]
	}
	s = strings.TrimLeft(s, "/")
	if j := strings.IndexAny(s, "?#"); j >= 0 {
		s = s[:j]
	}
	typ, rest, ok := strings.Cut(s, "/")
	typ = toLowerASCII(strings.TrimSpace(typ))
	if !ok {
		return typ
	}
	if j := strings.LastIndexByte(rest, '/'); j >= 0 {
		ns := strings.Trim(rest[:j], "/")
		if ns != "" {
			return typ + "/" + ns
		}
	}
	return typ
}

// purlOriginFast computes PURLOrigin without packageurl-go for the common
// shape (no percent-escapes, no npm scope, no empty segments), returning a
// substring of purl when no case change is needed. It gives what
// packageurl-go gives whenever that parses the purl (a differential fuzz
// test checks this); ok is false when the slow path must decide.
func purlOriginFast(purl string) (string, bool) {
	if len(purl) < 4 || !strings.EqualFold(purl[:4], "pkg:") {
		return "", false
	}
	start := 4
	for start < len(purl) && purl[start] == '/' {
		start++
	}
	r := purl[start:]
	if i := strings.IndexAny(r, "?#"); i >= 0 {
		r = r[:i]
	}
	slash := strings.IndexByte(r, '/')
	if slash <= 0 {
		return "", false
	}
	typ, rest := r[:slash], r[slash+1:]
	if !validPURLType(typ) || rest == "" || rest[0] == '@' || rest[0] == '/' || strings.IndexByte(rest, '%') >= 0 {
		return "", false
	}
	if i := strings.LastIndexByte(rest, '@'); i > 0 {
		rest = rest[:i]
	}
	j := strings.LastIndexByte(rest, '/')
	if j == len(rest)-1 {
		return "", false // empty name
	}
	lowerType := toLowerASCII(typ)
	if j < 0 {
		return lowerType, true
	}
	ns := rest[:j]
	if strings.Contains(ns, "//") || strings.HasSuffix(ns, "/") {
		return "", false // empty segments: packageurl-go drops them (slow path)
	}
	switch lowerType {
	case "alpm", "apk", "bitbucket", "brew", "composer", "deb", "github", "golang", "rpm", "qpkg":
		if lower := strings.ToLower(ns); lower != ns {
			return lowerType + "/" + lower, true
		}
	}
	if lowerType != typ {
		return lowerType + "/" + ns, true
	}
	return purl[start : start+slash+1+j], true
}

// validPURLType is packageurl-go's rule for a purl type.
func validPURLType(typ string) bool {
	if typ == "" {
		return false
	}
	for i := 0; i < len(typ); i++ {
		c := typ[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '.', c == '-', c == '+':
		case i > 0 && c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return true
}

// CPEVendor returns the lower-case, unescaped vendor of a CPE 2.3
// formatted string ("cpe:2.3:a:vendor:product:...") or CPE 2.2 URI
// ("cpe:/a:vendor:product"); "" when there is none (ANY, NA, or not a
// CPE).
func CPEVendor(cpe string) string {
	s := strings.TrimSpace(cpe)
	switch {
	case len(s) > 8 && strings.EqualFold(s[:8], "cpe:2.3:"):
		// part:vendor:... with '\' escaping. The common case, an
		// unescaped vendor, is a substring of the CPE.
		if p := strings.IndexByte(s[8:], ':'); p >= 0 {
			v := s[8+p+1:]
			if q := strings.IndexByte(v, ':'); q >= 0 {
				v = v[:q]
			}
			if strings.IndexByte(s[8:8+p], '\\') < 0 && strings.IndexByte(v, '\\') < 0 {
				if v == "*" || v == "-" || v == "" {
					return ""
				}
				return toLowerASCIIOrUnicode(v)
			}
		}
		fields := 0
		var b []byte
		for i := 8; i < len(s); i++ {
			c := s[i]
			if c == '\\' {
				if i+1 < len(s) {
					if fields == 1 {
						b = append(b, s[i+1])
					}
					i++
				}
				continue
			}
			if c == ':' {
				fields++
				if fields == 2 {
					break
				}
				continue
			}
			if fields == 1 {
				b = append(b, c)
			}
		}
		v := string(b)
		if fields < 1 || v == "*" || v == "-" || v == "" {
			return ""
		}
		return strings.ToLower(v)
	case len(s) > 5 && strings.EqualFold(s[:5], "cpe:/"):
		parts := strings.SplitN(s[5:], ":", 3)
		if len(parts) < 2 {
			return ""
		}
		v := parts[1]
		if strings.IndexByte(v, '%') >= 0 {
			v = percentDecodeLoose(v)
		}
		if v == "" || v == "*" || v == "-" {
			return ""
		}
		return strings.ToLower(v)
	}
	return ""
}

// percentDecodeLoose decodes %XX escapes, leaving malformed ones as they
// are.
func percentDecodeLoose(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// RegidDomain turns a SWID regid name "regid.YYYY-MM.tld.domain[...]" (as
// used in tagIds) into the domain "domain.tld"; "" when s is not one.
func RegidDomain(s string) string {
	s = strings.TrimSpace(s)
	if len(s) < 15 || !strings.EqualFold(s[:6], "regid.") {
		return ""
	}
	d := s[6:]
	// YYYY-MM.
	if len(d) < 8 || !isDigits(d[0:4]) || d[4] != '-' || !isDigits(d[5:7]) || d[7] != '.' {
		return ""
	}
	d = d[8:]
	end := 0
	for end < len(d) {
		c := d[end]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' {
			end++
			continue
		}
		break
	}
	d = strings.Trim(d[:end], ".")
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return ""
	}
	for i, j := 0, len(labels)-1; i < j; i, j = i+1, j-1 {
		labels[i], labels[j] = labels[j], labels[i]
	}
	for _, l := range labels {
		if l == "" {
			return ""
		}
	}
	return toLowerASCII(strings.Join(labels, "."))
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// CopyrightHolder returns the holder named in a copyright line: the text
// with "Copyright", "(c)", "©", "Copr.", years and year ranges and "All
// rights reserved" removed, trimmed; "" when nothing is left.
func CopyrightHolder(line string) string {
	s := normName(line)
	if s == "" {
		return ""
	}
	// Leading boilerplate, repeatedly: "Copyright (C) 2010-2024, ".
	for {
		t := trimLeftPunct(s)
		switch {
		case hasPrefixFold(t, "copyright"):
			t = t[len("copyright"):]
			t = strings.TrimPrefix(t, "s") // "Copyrights"
		case hasPrefixFold(t, "copr."):
			t = t[len("copr."):]
		case hasPrefixFold(t, "(c)"):
			t = t[3:]
		case strings.HasPrefix(t, "©"):
			t = t[len("©"):]
		case strings.HasPrefix(t, "(©)"):
			t = t[len("(©)"):]
		default:
			if n := yearPrefix(t); n > 0 {
				t = t[n:]
			}
		}
		if t == s {
			break
		}
		s = t
	}
	// Trailing boilerplate: "…, 2024. All rights reserved."
	for {
		t := strings.TrimRight(s, " ,;:")
		if u := strings.TrimRight(t, ". "); hasSuffixFold(u, "all rights reserved") {
			t = strings.TrimRight(u[:len(u)-len("all rights reserved")], " ,;:")
		}
		if n := yearSuffix(t); n > 0 {
			t = strings.TrimRight(t[:len(t)-n], " ,;:")
		}
		if t == s {
			break
		}
		s = t
	}
	// A trailing '.' is boilerplate unless it ends an abbreviation
	// ("Co., Ltd.", "Inc.").
	if strings.HasSuffix(s, ".") {
		word := s[strings.LastIndexByte(s, ' ')+1:]
		if len(word) > 5 || strings.Count(word, ".") > 1 && len(word) > 6 {
			s = strings.TrimRight(s, ".")
		}
	}
	s = strings.TrimSpace(s)
	if s == "" || !hasLetter(s) {
		return ""
	}
	return s
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// trimLeftPunct drops leading spaces, separators and dashes (en dash
// included).
func trimLeftPunct(s string) string {
	for len(s) > 0 {
		switch s[0] {
		case ' ', ',', ';', ':', '-':
			s = s[1:]
			continue
		}
		if strings.HasPrefix(s, "–") {
			s = s[len("–"):]
			continue
		}
		break
	}
	return s
}

// yearPrefix returns the length of a leading year or year list/range
// ("2019", "2010-2024", "2019, 2021", "2020-present") plus separators.
func yearPrefix(s string) int {
	i := 0
	n := 0
	for {
		j := i
		for j < len(s) && (s[j] == ' ' || s[j] == ',') {
			j++
		}
		if j+4 > len(s) || !isDigits(s[j:j+4]) || j+4 < len(s) && s[j+4] >= '0' && s[j+4] <= '9' {
			return n
		}
		j += 4
		for j < len(s) {
			if s[j] == '-' || s[j] == ' ' {
				j++
			} else if strings.HasPrefix(s[j:], "–") { // en dash
				j += len("–")
			} else {
				break
			}
		}
		if k := j; k+4 <= len(s) && isDigits(s[k:k+4]) && (k+4 == len(s) || s[k+4] < '0' || s[k+4] > '9') {
			j = k + 4
		} else if hasPrefixFold(s[j:], "present") {
			j += len("present")
		}
		i, n = j, j
	}
}

// yearSuffix returns the length of a trailing year or range.
func yearSuffix(s string) int {
	end := len(s)
	n := 0
	for {
		j := end
		if j < 4 || !isDigits(s[j-4:j]) || j > 4 && s[j-5] >= '0' && s[j-5] <= '9' {
			return n
		}
		j -= 4
		for j > 0 && (s[j-1] == '-' || s[j-1] == ' ' || s[j-1] == ',') {
			j--
		}
		end, n = j, len(s)-j
	}
}
