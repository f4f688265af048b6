package sbom

import (
	"context"
	"encoding/base64"
	"encoding/xml"
	"runtime"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	cdx "github.com/CycloneDX/cyclonedx-go"
	packageurl "github.com/package-url/packageurl-go"
)

// maxCopyrightLines bounds how many holders one copyright text yields.
const maxCopyrightLines = 32

// maxSWIDEntities bounds how many SWID entities one tag yields.
const maxSWIDEntities = 32

// extractAll fills every component's Evidence and the document's
// MetadataEvidence. All component evidence lives in one backing array.
func extractAll(ctx context.Context, doc *Document) error {
	ex := extractor{}
	if md := doc.BOM.Metadata; md != nil {
		ex.entity(md.Supplier, FieldSupplierName, FieldSupplierURL, FieldSupplierEmail, FieldSupplierCountry)
		ex.entity(md.Manufacturer, FieldManufacturerName, FieldManufacturerURL, FieldManufacturerEmail, FieldManufacturerCountry)
		ex.entity(md.Manufacture, FieldManufacturerName, FieldManufacturerURL, FieldManufacturerEmail, FieldManufacturerCountry)
		ex.contacts(md.Authors)
		if len(ex.buf) > 0 {
			doc.MetadataEvidence = append([]Evidence(nil), ex.buf...)
		}
	}
	// Large documents are extracted on several goroutines, each over a
	// contiguous range of components with its own backing array (sized
	// once from evidenceBound); order within a component is unchanged.
	comps := doc.Components
	workers := 1
	if len(comps) >= minParallelEvidence {
		workers = min(runtime.GOMAXPROCS(0), 8)
	}
	if workers <= 1 {
		return extractRange(ctx, comps)
	}
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
			errs[w] = extractRange(ctx, comps[lo:hi])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// minParallelEvidence is the smallest document whose evidence is extracted
// concurrently.
const minParallelEvidence = 4096

// extractRange fills the Evidence of comps from one backing array.
func extractRange(ctx context.Context, comps []*Component) error {
	total := 0
	for _, c := range comps {
		total += evidenceBound(c.CDX)
	}
	ex := extractor{buf: make([]Evidence, 0, total)}
	ends := make([]int32, len(comps))
	for i, c := range comps {
		if i&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		ex.component(c.CDX)
		ends[i] = int32(len(ex.buf))
	}
	// Slice only after the last append: the backing array is final now.
	prev := int32(0)
	for i, c := range comps {
		if ends[i] > prev {
			c.Evidence = ex.buf[prev:ends[i]:ends[i]]
		}
		prev = ends[i]
	}
	return nil
}

// evidenceBound estimates, cheaply (no parsing), how many evidence items
// extractor.component appends for c, so that a document's evidence is
// allocated once. It is exact for the fixed fields and counts one holder per
// copyright text and one entity per SWID tag; when a component yields more,
// the backing array simply grows (components are sliced from it only after
// the last append). It is deliberately not a worst-case bound: a hostile
// document must not make fwprov reserve memory it will not use.
func evidenceBound(c *cdx.Component) int {
	n := entityBound(c.Supplier) + entityBound(c.Manufacturer) + 4 // author, publisher, purl, cpe
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
	n := 2 // name, country
	if e.URL != nil {
		n += len(*e.URL)
	}
	if e.Contact != nil {
		n += len(*e.Contact)
	}
	return n
}

// ExtractEvidence returns the origin evidence a single cyclonedx-go
// component carries itself (not its nested components), in the order
// Parse puts in Component.Evidence. It is what Parse uses; it is exported
// for tools and tests that hold a bare cdx.Component.
func ExtractEvidence(c *cdx.Component) []Evidence {
	ex := extractor{}
	ex.component(c)
	return ex.buf
}

// extractor appends evidence to buf.
type extractor struct {
	buf []Evidence
}

func (ex *extractor) add(f Field, k Kind, raw, value string) {
	ex.buf = append(ex.buf, Evidence{Field: f, Kind: k, Raw: raw, Value: value})
}

// component appends the evidence of one component in Field order.
func (ex *extractor) component(c *cdx.Component) {
	ex.entity(c.Supplier, FieldSupplierName, FieldSupplierURL, FieldSupplierEmail, FieldSupplierCountry)
	ex.entity(c.Manufacturer, FieldManufacturerName, FieldManufacturerURL, FieldManufacturerEmail, FieldManufacturerCountry)
	if v := normName(c.Author); v != "" {
		ex.add(FieldAuthor, KindName, c.Author, v)
	}
	ex.contacts(c.Authors)
	if v := normName(c.Publisher); v != "" {
		ex.add(FieldPublisher, KindName, c.Publisher, v)
	}
	if c.PackageURL != "" {
		ex.add(FieldPURL, KindPURL, c.PackageURL, PURLOrigin(c.PackageURL))
	}
	if c.CPE != "" {
		if v := CPEVendor(c.CPE); v != "" {
			ex.add(FieldCPE, KindCPE, c.CPE, v)
		}
	}
	if c.ExternalReferences != nil {
		for i := range *c.ExternalReferences {
			u := (*c.ExternalReferences)[i].URL
			if h := URLHost(u); h != "" {
				ex.add(FieldExternalReference, KindDomain, u, h)
			}
		}
	}
	if c.Copyright != "" {
		ex.copyright(c.Copyright)
	}
	if c.Evidence != nil && c.Evidence.Copyright != nil {
		for _, cp := range *c.Evidence.Copyright {
			ex.copyright(cp.Text)
		}
	}
	if c.SWID != nil {
		ex.swid(c.SWID)
	}
	if c.Evidence != nil && c.Evidence.Identity != nil {
		id := c.Evidence.Identity
		if id.Identity != nil {
			ex.identity(id.Identity)
		}
		if id.Identities != nil {
			for i := range *id.Identities {
				ex.identity(&(*id.Identities)[i])
			}
		}
	}
}

// entity appends an organisational entity's name, URLs, contact e-mail
// domains and country.
func (ex *extractor) entity(e *cdx.OrganizationalEntity, fName, fURL, fEmail, fCountry Field) {
	if e == nil {
		return
	}
	if v := normName(e.Name); v != "" {
		ex.add(fName, KindName, e.Name, v)
	}
	if e.URL != nil {
		for _, u := range *e.URL {
			if h := URLHost(u); h != "" {
				ex.add(fURL, KindDomain, u, h)
			}
		}
	}
	if e.Contact != nil {
		for i := range *e.Contact {
			m := (*e.Contact)[i].Email
			if d := EmailDomain(m); d != "" {
				ex.add(fEmail, KindDomain, m, d)
			}
		}
	}
	if e.Address != nil && e.Address.Country != "" {
		if v := normCountry(e.Address.Country); v != "" {
			ex.add(fCountry, KindCountry, e.Address.Country, v)
		}
	}
}

// contacts appends authors[].name and authors[].email.
func (ex *extractor) contacts(list *[]cdx.OrganizationalContact) {
	if list == nil {
		return
	}
	for i := range *list {
		a := &(*list)[i]
		if v := normName(a.Name); v != "" {
			ex.add(FieldAuthorsName, KindName, a.Name, v)
		}
		if d := EmailDomain(a.Email); d != "" {
			ex.add(FieldAuthorsEmail, KindDomain, a.Email, d)
		}
	}
}

func (ex *extractor) copyright(text string) {
	lines := 0
	for text != "" && lines < maxCopyrightLines {
		line := text
		if j := strings.IndexAny(text, "\n\r"); j >= 0 {
			line, text = text[:j], text[j+1:]
		} else {
			text = ""
		}
		if h := CopyrightHolder(line); h != "" {
			ex.add(FieldCopyright, KindName, line, h)
			lines++
		}
	}
}

func (ex *extractor) identity(id *cdx.EvidenceIdentity) {
	v := id.ConcludedValue
	if v == "" {
		return
	}
	switch id.Field {
	case cdx.EvidenceIdentityFieldTypePURL:
		ex.add(FieldEvidenceIdentity, KindPURL, v, PURLOrigin(v))
	case cdx.EvidenceIdentityFieldTypeCPE:
		if vendor := CPEVendor(v); vendor != "" {
			ex.add(FieldEvidenceIdentity, KindCPE, v, vendor)
		}
	}
}

// swid appends the entities of a SWID tag: <Entity name regid> elements
// in the tag text (plain or base64), and the regid in the tagId.
func (ex *extractor) swid(s *cdx.SWID) {
	if s.Text != nil && s.Text.Content != "" {
		text := s.Text.Content
		if strings.EqualFold(s.Text.Encoding, "base64") {
			if b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(text)); err == nil {
				text = string(b)
			} else {
				text = ""
			}
		}
		if strings.Contains(text, "Entity") {
			ex.swidEntities(text)
		}
	}
	if d := RegidDomain(s.TagID); d != "" {
		ex.add(FieldSWIDEntity, KindDomain, s.TagID, d)
	}
}

// swidEntities reads <Entity name="..." regid="..." role="..."> from a SWID
// tag (ISO/IEC 19770-2). Declarations (DOCTYPE) stop the scan: entities are
// never expanded.
func (ex *extractor) swidEntities(text string) {
	dec := xml.NewDecoder(strings.NewReader(text))
	dec.Strict = true
	found := 0
	for found < maxSWIDEntities {
		tok, err := dec.RawToken()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.Directive:
			return
		case xml.StartElement:
			if t.Name.Local != "Entity" {
				continue
			}
			found++
			var name, regid string
			for _, a := range t.Attr {
				switch a.Name.Local {
				case "name":
					name = a.Value
				case "regid":
					regid = a.Value
				}
			}
			if v := normName(name); v != "" {
				ex.add(FieldSWIDEntity, KindName, name, v)
			}
			if d := regidHost(regid); d != "" {
				ex.add(FieldSWIDEntity, KindDomain, regid, d)
			}
		}
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
// is already clean.
func normName(s string) string {
	clean := true
	prevSpace := true // a leading space is unclean
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			clean = false
			break
		}
		sp := c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
		if sp && (prevSpace || c != ' ') || c < 0x20 || c == 0x7f {
			clean = false
			break
		}
		prevSpace = sp
	}
	if clean && !prevSpace {
		return s
	}
	if clean && s == "" {
		return ""
	}
	return collapseSpace(s)
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
	h = strings.TrimRight(h, ">.),;")
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
	for i := 0; i < len(h); i++ {
		c := h[i]
		if c <= ' ' || c == '/' || c == '\\' || c == '@' || c == '?' || c == '#' || c == '"' || c == '<' || c == '>' || c == '%' || c == 0x7f {
			return ""
		}
	}
	if h[0] == '.' || h[0] == '-' {
		return ""
	}
	ascii := true
	upper := false
	for i := 0; i < len(h); i++ {
		c := h[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if c >= 'A' && c <= 'Z' {
			upper = true
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
		// part:vendor:... with '\' escaping.
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
