package content

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fwprov/fwprov/sbom"
)

type indKey struct {
	file int
	kind IndicatorKind
}

// addIndicator records an indicator, at most MaxIndicators of one kind per
// file (one ProblemLimit says when more were dropped) and each distinct
// (kind, raw text) once per file.
func (s *state) addIndicator(in Indicator) {
	if s.indCount == nil {
		s.indCount = map[indKey]int{}
		s.indSeen = map[string]bool{}
	}
	in.Value = clip(strings.TrimSpace(in.Value), 300)
	in.Raw = clip(strings.TrimSpace(in.Raw), 300)
	if in.Value == "" {
		return
	}
	seen := fmt.Sprintf("%d\x00%s\x00%s", in.File, in.Kind, in.Value)
	if s.indSeen[seen] {
		return
	}
	s.indSeen[seen] = true
	k := indKey{in.File, in.Kind}
	s.indCount[k]++
	if c := s.indCount[k]; c > s.limits.MaxIndicators {
		if c == s.limits.MaxIndicators+1 {
			s.problem(ProblemLimit, s.inv.Files[in.File].Path, LimitIndicators, "more than %d %s indicators in one file; the rest were not kept", s.limits.MaxIndicators, in.Kind)
		}
		return
	}
	if in.Party == "" {
		in.Party, in.Email = classifyParty(in.Value)
	}
	in.Path = s.inv.Files[in.File].Path
	s.inv.Indicators = append(s.inv.Indicators, in)
}

// modinfoIndicators reads a kernel module's .modinfo strings.
func (s *state) modinfoIndicators(idx int, modinfo []byte) {
	type devID struct {
		kind   IndicatorKind
		vendor string
		raw    string
	}
	var ids []devID
	vendors := map[string]bool{}
	wildcard := false
	for _, field := range bytes.Split(modinfo, []byte{0}) {
		kv := string(field)
		eq := strings.IndexByte(kv, '=')
		if eq <= 0 {
			continue
		}
		key, val := kv[:eq], kv[eq+1:]
		switch key {
		case "name":
			if s.inv.Files[idx].ELF != nil {
				s.inv.Files[idx].ELF.Module = clip(val, 100)
			}
		case "author":
			s.addIndicator(Indicator{Kind: IndicatorModuleAuthor, Value: val, Raw: kv, File: idx, Where: ".modinfo author"})
		case "vendor":
			s.addIndicator(Indicator{Kind: IndicatorModuleVendor, Value: val, Raw: kv, File: idx, Where: ".modinfo vendor", Party: PartyOrganization})
		case "alias":
			switch {
			case strings.HasPrefix(val, "pci:v"):
				v := val[len("pci:v"):]
				if len(v) >= 8 && isHex([]byte(v[:8])) {
					id := strings.ToLower(v[4:8])
					ids = append(ids, devID{IndicatorPCIVendor, id, val})
					vendors["pci:"+id] = true
				} else {
					wildcard = true
				}
			case strings.HasPrefix(val, "usb:v"):
				v := val[len("usb:v"):]
				if len(v) >= 4 && isHex([]byte(v[:4])) {
					id := strings.ToLower(v[:4])
					ids = append(ids, devID{IndicatorUSBVendor, id, val})
					vendors["usb:"+id] = true
				} else {
					wildcard = true
				}
			case strings.HasPrefix(val, "of:"):
				// of:N*T*Chisilicon,hix5hd2-gmacC* : the compatible after "C".
				if i := strings.Index(val, "C"); i >= 0 {
					compat := strings.TrimSuffix(strings.TrimSuffix(val[i+1:], "*"), "C")
					if c := strings.IndexByte(compat, ','); c > 0 {
						s.addIndicator(Indicator{Kind: IndicatorDTVendor, Value: compat[:c], Raw: val, File: idx, Where: ".modinfo alias", Party: PartyOrganization})
					}
				}
			case strings.HasPrefix(val, "acpi*:") || strings.HasPrefix(val, "acpi:"):
				id := strings.TrimPrefix(strings.TrimPrefix(val, "acpi*:"), "acpi:")
				id = strings.TrimRight(id, ":*")
				if len(id) >= 7 && !strings.ContainsAny(id[:4], "*?") {
					s.addIndicator(Indicator{Kind: IndicatorACPIVendor, Value: strings.ToUpper(id[:4]), Raw: val, File: idx, Where: ".modinfo alias", Party: PartyOrganization})
				}
			}
		}
	}
	// A driver whose ID table names several vendors, or matches any vendor
	// by class, is a class driver: its IDs are evidence for none of them.
	class := wildcard || len(vendors) >= 3
	done := map[string]bool{}
	for _, id := range ids {
		key := string(id.kind) + id.vendor
		if done[key] {
			continue
		}
		done[key] = true
		s.addIndicator(Indicator{Kind: id.kind, Value: id.vendor, Raw: id.raw, File: idx, Where: ".modinfo alias", Party: PartyOrganization, ClassDriver: class})
	}
}

// certIndicators records the subject and issuer O, OU and CN of a
// certificate.
func (s *state) certIndicators(idx int, cert *x509.Certificate, where string) {
	add := func(kind IndicatorKind, name pkix.Name, side string) {
		for _, v := range name.Organization {
			s.addIndicator(Indicator{Kind: kind, Value: v, Raw: name.String(), File: idx, Where: where + " " + side + " O", Party: PartyOrganization})
		}
		for _, v := range name.OrganizationalUnit {
			s.addIndicator(Indicator{Kind: kind, Value: v, Raw: name.String(), File: idx, Where: where + " " + side + " OU"})
		}
		if name.CommonName != "" {
			s.addIndicator(Indicator{Kind: kind, Value: name.CommonName, Raw: name.String(), File: idx, Where: where + " " + side + " CN"})
		}
	}
	add(IndicatorCertSubject, cert.Subject, "subject")
	add(IndicatorCertIssuer, cert.Issuer, "issuer")
}

// copyrightKeys are what a copyright statement contains; runs of text are
// only examined around them, so the scan costs a few memory searches.
var copyrightKeys = [][]byte{[]byte("opyright"), []byte("OPYRIGHT"), []byte("(c) "), []byte("(C) "), []byte("\xc2\xa9"), []byte("SPDX-FileCopyrightText")}

// scanStrings looks through the scanned head of a file for copyright lines
// (text files and binaries' printable strings) and, in binaries, for DER
// certificates.
func (s *state) scanStrings(idx int, head []byte) {
	f := &s.inv.Files[idx]
	if f.Kind == KindArchive || f.Kind == KindDeviceTree || len(head) == 0 {
		return
	}
	text := bytes.IndexByte(head[:min(len(head), 8192)], 0) < 0
	var hits []int
	for _, k := range copyrightKeys {
		for off := 0; off < len(head) && len(hits) < 1<<16; {
			i := bytes.Index(head[off:], k)
			if i < 0 {
				break
			}
			hits = append(hits, off+i)
			off += i + len(k)
		}
	}
	sort.Ints(hits)
	// Binaries' strings are ASCII (a © inside is kept as its two bytes).
	printable := func(c byte) bool {
		return c >= 0x20 && c < 0x7f || c == '\t' || c >= 0x80 && (text || c == 0xc2 || c == 0xa9)
	}
	line, lineAt := 1, 0
	seen := map[string]bool{}
	done := -1 // end of the last run examined
	for _, h := range hits {
		if h < done {
			continue
		}
		start := h
		for start > 0 && h-start < 4096 && printable(head[start-1]) {
			start--
		}
		end := h
		for end < len(head) && end-h < 4096 && printable(head[end]) {
			end++
		}
		done = end
		run := head[start:end]
		if len(run) < 10 {
			continue
		}
		c := copyrightText(string(run))
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		holder := sbom.CopyrightHolder(c)
		if !usefulHolder(holder) {
			continue
		}
		where := fmt.Sprintf("string at 0x%x", start)
		if text {
			line += bytes.Count(head[lineAt:start], []byte{'\n'})
			lineAt = start
			where = fmt.Sprintf("line %d", line)
		}
		s.addIndicator(Indicator{Kind: IndicatorCopyright, Value: holder, Raw: c, File: idx, Where: where})
	}
	if !text {
		s.scanDER(idx, head)
	}
}

// copyrightText returns the copyright statement in a string, from its
// keyword on, or "".
func copyrightText(run string) string {
	lower := asciiLower(run) // byte for byte, so indexes into run stay valid
	at := -1
	for _, kw := range []string{"spdx-filecopyrighttext:", "copyright", "(c) ", "©"} {
		if i := strings.Index(lower, kw); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	if at < 0 {
		return ""
	}
	c := strings.TrimSpace(run[at:])
	if strings.HasPrefix(asciiLower(c), "spdx-filecopyrighttext:") {
		c = strings.TrimSpace(c[len("spdx-filecopyrighttext:"):])
	}
	c = strings.TrimRight(c, " */#;\\\"'")
	return clip(c, 300)
}

// usefulHolder drops what is not a holder: format strings, license
// boilerplate, bare words.
func usefulHolder(h string) bool {
	if len(h) < 3 || strings.ContainsAny(h, "%{}") || !utf8.ValidString(h) || strings.ContainsRune(h, utf8.RuneError) {
		return false
	}
	letters := 0
	for _, r := range h {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < 3 {
		return false
	}
	lower := strings.ToLower(h)
	for _, junk := range []string{"notice", "holder", "owner", "and license", "law", "information", "statement", "the above", "protection", "infringement", "assignment", "license", "licence", "string", "symbol", "message", "year", "date", "disclaimer"} {
		if strings.HasPrefix(lower, junk) || lower == junk {
			return false
		}
	}
	return true
}

// scanDER finds DER X.509 certificates inside binary content: SEQUENCE
// (long form, 2 length bytes) directly holding a SEQUENCE, parsed only
// when the length fits. Attempts are bounded.
func (s *state) scanDER(idx int, head []byte) {
	attempts, found := 0, 0
	for off := 0; off+8 < len(head) && attempts < 4096; {
		i := bytes.Index(head[off:], []byte{0x30, 0x82})
		if i < 0 {
			return
		}
		p := off + i
		off = p + 1
		if p+8 > len(head) || head[p+4] != 0x30 || head[p+5] != 0x82 {
			continue
		}
		l := int(head[p+2])<<8 | int(head[p+3])
		inner := int(head[p+6])<<8 | int(head[p+7])
		if l < 200 || p+4+l > len(head) || inner+4 > l {
			continue
		}
		attempts++
		cert, err := x509.ParseCertificate(head[p : p+4+l])
		if err != nil {
			continue
		}
		found++
		s.certIndicators(idx, cert, fmt.Sprintf("DER certificate at 0x%x", p))
		off = p + 4 + l
	}
}

// orgWords mark a name as an organisation's.
var orgWords = map[string]bool{
	"inc": true, "incorporated": true, "ltd": true, "limited": true, "llc": true, "gmbh": true, "corp": true, "corporation": true,
	"co": true, "company": true, "technologies": true, "technology": true, "foundation": true, "project": true, "ag": true,
	"sa": true, "bv": true, "ab": true, "oy": true, "oyj": true, "plc": true, "kk": true, "srl": true, "spa": true, "sas": true,
	"university": true, "institute": true, "labs": true, "laboratories": true, "laboratory": true, "systems": true,
	"semiconductor": true, "semiconductors": true, "electronics": true, "networks": true, "group": true, "consortium": true,
	"team": true, "developers": true, "contributors": true, "community": true, "authors": true, "organization": true,
	"organisation": true, "association": true, "society": true, "software": true, "microelectronics": true,
	"communications": true, "telecom": true, "industries": true, "holdings": true, "devices": true, "solutions": true,
	"enterprises": true, "international": true, "instruments": true, "microsystems": true, "ca": true, "authority": true,
	"trust": true, "services": true, "maintainers": true, "packagers": true, "maintenance": true, "tools": true,
	"committee": true, "council": true, "debian": true, "ubuntu": true, "alpine": true, "openwrt": true, "yocto": true, "bank": true, "government": true, "ministry": true, "gbr": true, "kg": true, "nv": true,
}

// roleMailboxes are e-mail local parts that name a function, not a person.
var roleMailboxes = map[string]bool{
	"support": true, "info": true, "admin": true, "sales": true, "contact": true, "opensource": true, "open-source": true,
	"security": true, "psirt": true, "noreply": true, "no-reply": true, "maintainers": true, "devel": true, "dev": true,
	"webmaster": true, "help": true, "office": true, "legal": true, "oss": true,
}

var nameParticles = map[string]bool{"van": true, "von": true, "de": true, "der": true, "den": true, "da": true, "di": true, "du": true, "le": true, "la": true, "bin": true, "al": true, "dos": true, "del": true}

// classifyParty says whether text names an organisation or a person, and
// returns the e-mail address in it. A person's name with an address at a
// company's domain is a person.
func classifyParty(text string) (Party, string) {
	email := ""
	var rest []string
	for _, tok := range strings.Fields(text) {
		t := strings.Trim(tok, "<>()[],;\"'")
		if strings.Count(t, "@") == 1 && strings.Contains(t[strings.IndexByte(t, '@'):], ".") {
			if email == "" {
				email = strings.ToLower(strings.TrimPrefix(t, "mailto:"))
			}
			continue
		}
		rest = append(rest, tok)
	}
	var words []string
	for _, tok := range rest {
		for _, w := range strings.FieldsFunc(tok, func(r rune) bool { return r == ',' || r == '(' || r == ')' || r == '<' || r == '>' || r == '"' }) {
			if w = strings.Trim(w, ".;:'"); w != "" {
				words = append(words, w)
			}
		}
	}
	for _, w := range words {
		if orgWords[strings.ToLower(strings.Trim(w, "."))] {
			return PartyOrganization, email
		}
	}
	if len(words) == 0 {
		if email != "" {
			local := email[:strings.IndexByte(email, '@')]
			if roleMailboxes[local] {
				return PartyUnknown, email
			}
			return PartyPerson, email
		}
		return PartyUnknown, email
	}
	if len(words) >= 2 && len(words) <= 4 && !hasThingWord(words) {
		person := true
		for _, w := range words {
			r, _ := utf8.DecodeRuneInString(w)
			if nameParticles[strings.ToLower(w)] {
				continue
			}
			if !unicode.IsUpper(r) || !strings.ContainsFunc(w, unicode.IsLower) && len(w) > 2 {
				person = false
				break
			}
			for _, c := range w {
				if !unicode.IsLetter(c) && c != '-' && c != '\'' && c != '.' {
					person = false
				}
			}
		}
		if person {
			return PartyPerson, email
		}
	}
	return PartyUnknown, email
}

var thingWords = map[string]bool{"board": true, "development": true, "kit": true, "platform": true, "evaluation": true,
	"module": true, "driver": true, "device": true, "unit": true, "edition": true, "reference": true, "design": true, "system": true,
	"firmware": true, "image": true, "kernel": true, "linux": true, "server": true, "root": true, "intermediate": true, "certificate": true}

func hasThingWord(words []string) bool {
	for _, w := range words {
		if thingWords[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

// asciiLower lower-cases A-Z only, keeping every other byte (and so the
// length) as it is.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
