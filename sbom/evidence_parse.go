package sbom

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/publicsuffix"
)

// Readers for the values evidence is taken from: e-mail address lists, URLs
// (with or without a scheme), code-hosting locations, purl qualifiers and
// licence references. They never fail: what cannot be read yields nothing,
// and where a reader gives up on a value that still carries evidence the
// caller records a problem.

// maxValueItems bounds how many items one value (an address list, a
// licence expression, a copyright text, a SWID tag) yields. Beyond it the
// component gets a ProblemEvidenceTruncated.
const maxValueItems = 256

// emailAddresses calls fn for every address in an e-mail field: an RFC 5322
// address list with display names, comments and groups
// ("\"Acme\" <a@acme.example>, b@huawei.com (PSIRT)"), a "mailto:" URL, or
// any text net/mail refuses, in which case every "@domain" in it still
// counts (fail closed). name is the display name ("" when there is none),
// addr the address as written, domain its cleaned host ("" when it has
// none). It returns false when it stopped at maxValueItems addresses.
func emailAddresses(raw string, fn func(name, addr, domain string)) bool {
	s := strings.TrimSpace(raw)
	if s == "" {
		return true
	}
	if len(s) > 7 && strings.EqualFold(s[:7], "mailto:") {
		s = s[7:]
		if i := strings.IndexByte(s, '?'); i >= 0 {
			s = s[:i]
		}
		s = percentDecodeLoose(s)
	}
	// The common case: one bare address.
	if at := plainAddress(s); at >= 0 {
		fn("", s, hostOnly(s[at+1:]))
		return true
	}
	if list, err := mail.ParseAddressList(s); err == nil {
		n := 0
		for _, a := range list {
			if n++; n > maxValueItems {
				return false
			}
			d := ""
			if at := strings.LastIndexByte(a.Address, '@'); at >= 0 {
				d = hostOnly(a.Address[at+1:])
			}
			fn(normName(a.Name), a.Address, d)
		}
		return true
	}
	return scanAddresses(s, fn)
}

// plainAddress returns the index of the '@' of a bare address (exactly one
// '@', no separators, quotes, brackets or white space), or -1.
func plainAddress(s string) int {
	at := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '@':
			if at >= 0 {
				return -1
			}
			at = i
		case ',', ';', '<', '>', '(', ')', '"', ' ', '\t', '\r', '\n', ':', '\\':
			return -1
		}
	}
	return at
}

// scanAddresses is the fallback for text net/mail refuses: every '@'
// followed by a host counts as an address, and the text between addresses
// (less brackets, quotes and comments) as display names.
func scanAddresses(s string, fn func(name, addr, domain string)) bool {
	n := 0
	rest := s
	for {
		at := strings.IndexByte(rest, '@')
		if at < 0 {
			return true
		}
		// The local part runs back to a separator.
		lp := at
		for lp > 0 && !isAddrSep(rest[lp-1]) {
			lp--
		}
		end := at + 1
		for end < len(rest) && isHostByte(rest[end]) {
			end++
		}
		name := normName(strings.Trim(rest[:lp], " \t\r\n,;:<>\"'()[]"))
		if i := strings.LastIndexAny(name, ",;"); i >= 0 {
			name = normName(name[i+1:])
		}
		if n++; n > maxValueItems {
			return false
		}
		fn(name, rest[lp:end], hostOnly(rest[at+1:end]))
		rest = rest[end:]
	}
}

func isAddrSep(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', ';', '<', '>', '"', '(', ')', '[', ']', ':':
		return true
	}
	return false
}

// isHostByte reports bytes that may appear in a host name (non-ASCII bytes
// included: internationalized names).
func isHostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c >= utf8.RuneSelf
}

// urlParts splits a URL field's value into its lower-case host and the path
// after it. It reads absolute URLs (any scheme, "git+https://", Maven's
// "scm:git:"), protocol-relative "//host/x", scp-style git locations
// ("git@github.com:org/x.git") and values without a scheme whose first
// segment is a host name ("www.vendor.example/x", "huawei.com/path"; see
// bareHost). host is "" when the value names no host.
func urlParts(raw string) (host, path string) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", ""
	}
	switch s[0] | 0x20 {
	case 's':
		// Maven SCM URLs: scm:git:https://…, scm:svn:…, scm:git:git@host:org/x.
		if len(s) > 4 && strings.EqualFold(s[:4], "scm:") {
			if i := strings.IndexByte(s[4:], ':'); i > 0 {
				s = s[4+i+1:]
			}
		}
	case 'm':
		if len(s) > 7 && strings.EqualFold(s[:7], "mailto:") {
			return EmailDomain(s[7:]), ""
		}
	}
	if i := strings.Index(s, "://"); i > 0 {
		if !isScheme(s[:i]) {
			return "", ""
		}
		return authorityHost(s[i+3:])
	}
	if strings.HasPrefix(s, "//") {
		return authorityHost(s[2:])
	}
	// scp-like: user@host:path (no scheme, no slash before the colon).
	if at := strings.IndexByte(s, '@'); at > 0 && !strings.ContainsAny(s[:at], "/: ") {
		if colon := strings.IndexByte(s[at:], ':'); colon > 1 {
			h := s[at+1 : at+colon]
			if strings.Contains(h, ".") && !strings.ContainsAny(h, "/") {
				return hostOnly(h), s[at+colon+1:]
			}
			return "", ""
		}
		// An e-mail address where a URL was expected (a security contact).
		return EmailDomain(s), ""
	}
	return bareHost(s)
}

// authorityHost reads "[userinfo@]host[:port][/path…]".
func authorityHost(rest string) (host, path string) {
	auth := rest
	if j := indexPathStart(rest); j >= 0 {
		auth, path = rest[:j], rest[j:]
	}
	if at := strings.LastIndexByte(auth, '@'); at >= 0 {
		auth = auth[at+1:]
	}
	return hostOnly(auth), path
}

// indexPathStart returns the index of the first '/', '?' or '#', or -1.
func indexPathStart(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '/' || c == '?' || c == '#' {
			return i
		}
	}
	return -1
}

// bareHost reads a value without a scheme as a URL when its first segment
// (up to '/', '?' or '#', less a ":port") is a host name: at least two
// dot-separated labels of letters, digits and hyphens (or non-ASCII
// letters), the last one a top-level domain that the public-suffix list
// manages (ICANN section) or a reserved test name (example, test,
// localhost, invalid). So "www.vendor.example/x" and "huawei.com/path"
// are URLs, while "README", "v1.2", "main.go" and "not a url" are not.
// The rule is for URL fields only: a name field is never read as a domain.
func bareHost(s string) (host, path string) {
	first := s
	if j := indexPathStart(s); j >= 0 {
		first, path = s[:j], s[j:]
	}
	if j := strings.LastIndexByte(first, ':'); j >= 0 {
		if !isDigits(first[j+1:]) {
			return "", ""
		}
		first = first[:j]
	}
	first = strings.TrimSuffix(first, ".")
	dot := strings.LastIndexByte(first, '.')
	if dot <= 0 || dot == len(first)-1 {
		return "", ""
	}
	for _, label := range strings.Split(first, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return "", ""
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c >= utf8.RuneSelf) {
				return "", ""
			}
		}
	}
	tld := toLowerASCII(first[dot+1:])
	switch tld {
	case "example", "test", "localhost", "invalid":
	default:
		if _, icann := publicsuffix.PublicSuffix(tld); !icann || isDigits(tld) {
			return "", ""
		}
	}
	h := hostOnly(first)
	if h == "" || !utf8.ValidString(h) {
		return "", ""
	}
	return h, path
}

// codeHosts maps code-hosting sites to the purl type (or namespace
// convention) their organisations are named under. The path's first
// segment is the organisation (the group path on GitLab).
var codeHosts = map[string]string{
	"github.com":                "github",
	"www.github.com":            "github",
	"raw.githubusercontent.com": "github",
	"codeload.github.com":       "github",
	"gist.github.com":           "github",
	"gitlab.com":                "gitlab",
	"www.gitlab.com":            "gitlab",
	"bitbucket.org":             "bitbucket",
	"www.bitbucket.org":         "bitbucket",
	"gitee.com":                 "gitee",
	"www.gitee.com":             "gitee",
	"codeberg.org":              "codeberg",
	"gitcode.com":               "gitcode",
	"gitcode.net":               "gitcode",
	"git.sr.ht":                 "sourcehut",
	"api.github.com":            "github",
}

// codePages are the code hosts' organisation page domains (ORG.github.io).
var codePages = []struct{ suffix, typ string }{{".github.io", "github"}, {".gitlab.io", "gitlab"}, {".gitee.io", "gitee"}}

// mavenCodeGroups are the Maven group prefixes that name an organisation on
// a code host (Maven Central's io.github.ORG convention).
var mavenCodeGroups = []struct{ prefix, typ string }{
	{"io.github.", "github"}, {"com.github.", "github"}, {"io.gitlab.", "gitlab"}, {"com.gitlab.", "gitlab"}, {"io.gitee.", "gitee"}, {"com.gitee.", "gitee"},
}

// codeHostOrg returns the purl-style "type/org" that a code-hosting URL
// names ("github.com", "/Huawei/x.git" → "github/huawei"), or "" when host
// is not a code-hosting site or the path names no organisation. Pages of
// an organisation (ORG.github.io, ORG.gitlab.io) count too.
func codeHostOrg(host, path string) string {
	typ, ok := codeHosts[host]
	if !ok {
		if !strings.HasSuffix(host, ".io") {
			return ""
		}
		for _, p := range codePages {
			if strings.HasSuffix(host, p.suffix) && len(host) > len(p.suffix) {
				org := host[:len(host)-len(p.suffix)]
				if !strings.Contains(org, ".") {
					return p.typ + "/" + org
				}
			}
		}
		return ""
	}
	if host == "api.github.com" {
		path = strings.TrimPrefix(path, "/repos")
	}
	if j := strings.IndexAny(path, "?#"); j >= 0 {
		path = path[:j]
	}
	path = strings.Trim(path, "/")
	if path == "" {
		return ""
	}
	if typ == "github" || typ == "bitbucket" || typ == "gitee" || typ == "codeberg" || typ == "gitcode" || typ == "sourcehut" {
		// One level of organisations: the first segment.
		if j := strings.IndexByte(path, '/'); j >= 0 {
			path = path[:j]
		}
	}
	segs := strings.Split(path, "/")
	if len(segs) == 0 || segs[0] == "" {
		return ""
	}
	org := segs[0]
	switch typ {
	case "gitlab":
		// GitLab groups nest: gitlab.com/group/sub/project/-/tree/…
		n := len(segs)
		for i, s := range segs {
			if s == "-" {
				n = i
				break
			}
		}
		if n >= 2 {
			org = strings.Join(segs[:n-1], "/")
		}
	case "sourcehut":
		org = strings.TrimPrefix(org, "~")
	}
	org = strings.TrimSuffix(org, ".git")
	if org == "" || strings.ContainsAny(org, " @:") {
		return ""
	}
	return typ + "/" + strings.ToLower(percentDecodeLoose(org))
}

// goModuleOrg returns the code-host "type/org" a Go module path names
// ("github.com/huaweicloud/huaweicloud-sdk-go-v3" → "github/huaweicloud"),
// or "".
func goModuleOrg(module string) string {
	host, rest, ok := strings.Cut(strings.Trim(module, "/"), "/")
	if !ok {
		return ""
	}
	return codeHostOrg(strings.ToLower(host), "/"+rest)
}

// mavenCodeHostOrg returns the code-host "type/org" of a Maven group that
// follows the code-hosting convention ("io.github.huaweicloud" →
// "github/huaweicloud"), or "".
func mavenCodeHostOrg(group string) string {
	if len(group) < 10 || !hasPrefixFold(group, "io.") && !hasPrefixFold(group, "com.") {
		return ""
	}
	g := strings.ToLower(group)
	for _, m := range mavenCodeGroups {
		if org, ok := strings.CutPrefix(g, m.prefix); ok && org != "" {
			org, _, _ = strings.Cut(org, ".")
			return m.typ + "/" + org
		}
	}
	return ""
}

// purlQualifiers calls fn with every qualifier of a purl whose value is a
// location: download_url, repository_url, vcs_url, and any other whose
// value is an absolute URL. Values are percent-decoded.
func purlQualifiers(purl string, fn func(key, value string)) {
	q := strings.IndexByte(purl, '?')
	if q < 0 {
		return
	}
	rest := purl[q+1:]
	if h := strings.IndexByte(rest, '#'); h >= 0 {
		rest = rest[:h]
	}
	for rest != "" {
		kv := rest
		if a := strings.IndexByte(rest, '&'); a >= 0 {
			kv, rest = rest[:a], rest[a+1:]
		} else {
			rest = ""
		}
		k, v, ok := strings.Cut(kv, "=")
		if !ok || v == "" {
			continue
		}
		k = toLowerASCII(strings.TrimSpace(k))
		v = percentDecodeLoose(v)
		switch k {
		case "download_url", "repository_url", "vcs_url":
			fn(k, v)
		default:
			if strings.Contains(v, "://") {
				fn(k, v)
			}
		}
	}
}

// licenseRefs calls fn with the name part of every LicenseRef- (and
// DocumentRef-…:LicenseRef-) identifier in a licence id or expression: a
// licence its author named ("LicenseRef-Huawei-EULA" → "Huawei-EULA").
// It returns false when it stopped at maxValueItems.
func licenseRefs(expr string, fn func(name string)) bool {
	n := 0
	for {
		i := indexFold(expr, "licenseref-")
		if i < 0 {
			return true
		}
		expr = expr[i+len("licenseref-"):]
		end := 0
		for end < len(expr) && expr[end] != ' ' && expr[end] != '(' && expr[end] != ')' && expr[end] != '\t' && expr[end] != '\n' {
			end++
		}
		if name := expr[:end]; name != "" {
			if n++; n > maxValueItems {
				return false
			}
			fn(name)
		}
		expr = expr[end:]
	}
}

// indexFold is strings.Index for an ASCII lower-case needle, ignoring
// ASCII case in s.
func indexFold(s, lowerNeedle string) int {
	n := len(lowerNeedle)
	for i := 0; i+n <= len(s); i++ {
		if c := s[i] | 0x20; c != lowerNeedle[0] {
			continue
		}
		if strings.EqualFold(s[i:i+n], lowerNeedle) {
			return i
		}
	}
	return -1
}
