package content

import (
	"bufio"
	"bytes"
	"encoding/json"
	"path"
	"regexp"
	"sort"
	"strings"

	packageurl "github.com/package-url/packageurl-go"
)

// Package databases: dpkg and opkg status files with their info/*.list
// file lists, the apk installed database, Python dist-info/egg-info
// metadata with RECORD, node package.json files under node_modules. RPM
// databases are recognised and reported as unreadable.

const maxDBSize = 64 << 20

// pkgState collects what the package databases say while the walk goes on;
// finish turns it into Packages.
type pkgState struct {
	lists   map[string]map[string][]string // root → package → installed paths (dpkg/opkg info/*.list)
	records map[string][]string            // dist-info directory → installed paths (Python RECORD)
	npmDirs map[int]string                 // package index → directory holding its package.json
}

// splitRoot splits a virtual path at its last layer: the container part
// (ending in "!") and the path inside it.
func splitRoot(p string) (container, inner string) {
	i := strings.LastIndexByte(p, '!')
	if i < 0 {
		return "", p
	}
	return p[:i+1], p[i+1:]
}

// inspectByPath parses files whose path says what they are: package
// databases, os-release.
func (s *state) inspectByPath(idx int, b blob) {
	f := &s.inv.Files[idx]
	container, inner := splitRoot(f.Path)
	if container == "" {
		return
	}
	read := func() []byte {
		if b.size > maxDBSize {
			s.problem(ProblemLimit, f.Path, LimitEntrySize, "package database of %d bytes exceeds %d; not parsed", b.size, maxDBSize)
			return nil
		}
		data, err := b.readAt(0, int(b.size))
		if err != nil {
			s.problem(ProblemUnreadable, f.Path, "", "package database: %v", err)
			return nil
		}
		return data
	}
	cut := func(suffix string) (string, bool) {
		if strings.HasSuffix(inner, suffix) {
			return container + strings.TrimSuffix(inner, suffix), true
		}
		return "", false
	}
	if root, ok := cut("/var/lib/dpkg/status"); ok {
		s.parseDeb(idx, read(), "dpkg", root)
		return
	}
	if strings.Contains(inner, "/var/lib/dpkg/status.d/") && !strings.HasSuffix(inner, ".md5sums") {
		root := container + inner[:strings.Index(inner, "/var/lib/dpkg/status.d/")]
		s.parseDeb(idx, read(), "dpkg", root)
		return
	}
	for _, db := range []string{"/usr/lib/opkg/status", "/var/lib/opkg/status"} {
		if root, ok := cut(db); ok {
			s.parseDeb(idx, read(), "opkg", root)
			return
		}
	}
	for _, dir := range []struct{ dir, mgr string }{{"/var/lib/dpkg/info/", "dpkg"}, {"/usr/lib/opkg/info/", "opkg"}, {"/var/lib/opkg/info/", "opkg"}} {
		if i := strings.Index(inner, dir.dir); i >= 0 && strings.HasSuffix(inner, ".list") {
			root := container + inner[:i]
			name := strings.TrimSuffix(path.Base(inner), ".list")
			if c := strings.IndexByte(name, ':'); c >= 0 {
				name = name[:c]
			}
			s.addList(root, name, read())
			return
		}
	}
	if root, ok := cut("/lib/apk/db/installed"); ok {
		s.parseAPK(idx, read(), root)
		return
	}
	base := path.Base(inner)
	dir := path.Dir(inner)
	switch {
	case base == "METADATA" && strings.HasSuffix(dir, ".dist-info"), base == "PKG-INFO" && strings.HasSuffix(dir, ".egg-info"):
		s.parsePython(idx, read(), container, dir)
	case base == "RECORD" && strings.HasSuffix(dir, ".dist-info"):
		s.addRecord(container, dir, read())
	case base == "package.json" && isNodeModuleDir(dir):
		s.parseNPM(idx, read(), container, dir)
	case (base == "Packages" || base == "Packages.db" || base == "rpmdb.sqlite") && strings.HasSuffix(dir, "/var/lib/rpm") ||
		base == "rpmdb.sqlite" && strings.HasSuffix(dir, "/usr/lib/sysimage/rpm"):
		s.problem(ProblemUnreadable, f.Path, "", "RPM database (%s) recognised but not parsed: its packages are not in the inventory", base)
	case inner == "/etc/os-release" || inner == "/usr/lib/os-release" || strings.HasSuffix(inner, "/etc/os-release") || strings.HasSuffix(inner, "/usr/lib/os-release"):
		if b.size <= 64<<10 {
			root := container + strings.TrimSuffix(strings.TrimSuffix(inner, "/etc/os-release"), "/usr/lib/os-release")
			for _, line := range strings.Split(string(read()), "\n") {
				if v, ok := strings.CutPrefix(strings.TrimSpace(line), "ID="); ok {
					if _, have := s.osRelease[root]; !have || strings.HasSuffix(inner, "/etc/os-release") {
						s.osRelease[root] = strings.ToLower(strings.Trim(v, `"' `))
					}
				}
			}
		}
	}
}

func isNodeModuleDir(dir string) bool {
	parent, _ := path.Split(dir)
	parent = strings.TrimSuffix(parent, "/")
	if path.Base(parent) == "node_modules" {
		return true
	}
	return strings.HasPrefix(path.Base(parent), "@") && path.Base(path.Dir(parent)) == "node_modules"
}

// stanzas splits RFC 822-style control data into paragraphs of fields;
// continuation lines are joined to their field.
func stanzas(data []byte) []map[string]string {
	var out []map[string]string
	cur := map[string]string{}
	last := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = map[string]string{}
			}
			last = ""
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			if last != "" && len(cur[last]) < 4096 {
				cur[last] += "\n" + strings.TrimSpace(line)
			}
			continue
		}
		if k, v, ok := strings.Cut(line, ":"); ok {
			last = strings.TrimSpace(k)
			cur[last] = strings.TrimSpace(v)
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func (s *state) addPackage(p Package, idx int) {
	p.File = idx
	p.Database = s.inv.Files[idx].Path
	s.inv.Packages = append(s.inv.Packages, p)
	where := "package " + p.Name
	if p.Maintainer != "" {
		s.addIndicator(Indicator{Kind: IndicatorPackageMaint, Value: p.Maintainer, File: idx, Where: where})
	}
	if p.Vendor != "" {
		s.addIndicator(Indicator{Kind: IndicatorPackageVendor, Value: p.Vendor, File: idx, Where: where})
	}
	if p.Author != "" {
		s.addIndicator(Indicator{Kind: IndicatorPackageAuthor, Value: p.Author, File: idx, Where: where})
	}
}

func (s *state) parseDeb(idx int, data []byte, mgr, root string) {
	if data == nil {
		return
	}
	for _, st := range stanzas(data) {
		name := st["Package"]
		if name == "" {
			continue
		}
		if status, ok := st["Status"]; ok && !strings.HasSuffix(status, " installed") {
			continue
		}
		s.addPackage(Package{Manager: mgr, Name: name, Version: st["Version"], Arch: st["Architecture"], Maintainer: st["Maintainer"], Root: root}, idx)
		if o := st["Origin"]; o != "" {
			s.addIndicator(Indicator{Kind: IndicatorPackageOrigin, Value: o, File: idx, Where: "package " + name})
		}
		if v := st["Vendor"]; v != "" {
			s.addIndicator(Indicator{Kind: IndicatorPackageVendor, Value: v, File: idx, Where: "package " + name})
		}
	}
}

func (s *state) addList(root, name string, data []byte) {
	if data == nil {
		return
	}
	if s.pkgs.lists == nil {
		s.pkgs.lists = map[string]map[string][]string{}
	}
	m := s.pkgs.lists[root]
	if m == nil {
		m = map[string][]string{}
		s.pkgs.lists[root] = m
	}
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); strings.HasPrefix(line, "/") && line != "/." {
			m[name] = append(m[name], path.Clean(line))
		}
	}
}

func (s *state) parseAPK(idx int, data []byte, root string) {
	if data == nil {
		return
	}
	var p *Package
	dir := ""
	flush := func() {
		if p != nil && p.Name != "" {
			s.addPackage(*p, idx)
		}
		p = nil
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" {
			flush()
			continue
		}
		if len(line) < 2 || line[1] != ':' {
			continue
		}
		if p == nil {
			p = &Package{Manager: "apk", Root: root}
			dir = ""
		}
		v := line[2:]
		switch line[0] {
		case 'P':
			p.Name = v
		case 'V':
			p.Version = v
		case 'A':
			p.Arch = v
		case 'm':
			p.Maintainer = v
		case 'o':
			if v != "" && v != p.Name {
				s.addIndicator(Indicator{Kind: IndicatorPackageOrigin, Value: v, File: idx, Where: "package " + p.Name})
			}
		case 'F':
			dir = v
		case 'R':
			if len(p.Files) < 1<<20 {
				p.Files = append(p.Files, path.Clean("/"+dir+"/"+v))
			}
		}
	}
	flush()
}

func (s *state) parsePython(idx int, data []byte, container, dir string) {
	if data == nil {
		return
	}
	head := data
	if i := bytes.Index(data, []byte("\n\n")); i >= 0 {
		head = data[:i]
	}
	st := stanzas(head)
	if len(st) == 0 || st[0]["Name"] == "" {
		return
	}
	m := st[0]
	author := strings.TrimSpace(m["Author"] + " " + angle(m["Author-email"]))
	if m["Author"] == "" {
		author = m["Author-email"]
	}
	maint := strings.TrimSpace(m["Maintainer"] + " " + angle(m["Maintainer-email"]))
	if m["Maintainer"] == "" {
		maint = m["Maintainer-email"]
	}
	p := Package{Manager: "python", Name: m["Name"], Version: m["Version"], Author: author, Maintainer: maint, Root: container}
	if recs, ok := s.pkgs.records[container+dir]; ok {
		p.Files = recs
	}
	s.addPackage(p, idx)
}

func angle(email string) string {
	if email == "" || strings.Contains(email, "<") {
		return email
	}
	return "<" + email + ">"
}

func (s *state) addRecord(container, dir string, data []byte) {
	if data == nil {
		return
	}
	if s.pkgs.records == nil {
		s.pkgs.records = map[string][]string{}
	}
	site := path.Dir(dir)
	var files []string
	for _, line := range strings.Split(string(data), "\n") {
		f, _, _ := strings.Cut(line, ",")
		if f = strings.TrimSpace(f); f != "" {
			files = append(files, path.Clean(site+"/"+f))
		}
	}
	s.pkgs.records[container+dir] = files
	// METADATA may have come first.
	for i := range s.inv.Packages {
		p := &s.inv.Packages[i]
		if p.Manager == "python" && p.Root == container && path.Dir(strings.TrimPrefix(p.Database, container)) == dir {
			p.Files = files
		}
	}
}

func (s *state) parseNPM(idx int, data []byte, container, dir string) {
	if data == nil {
		return
	}
	var pj struct {
		Name        string          `json:"name"`
		Version     string          `json:"version"`
		Author      json.RawMessage `json:"author"`
		Publisher   json.RawMessage `json:"publisher"`
		Maintainers json.RawMessage `json:"maintainers"`
	}
	if err := json.Unmarshal(data, &pj); err != nil || pj.Name == "" {
		if err != nil {
			s.problem(ProblemUnreadable, s.inv.Files[idx].Path, "", "package.json: %v", err)
		}
		return
	}
	p := Package{Manager: "npm", Name: pj.Name, Version: pj.Version, Author: npmPerson(pj.Author), Vendor: npmPerson(pj.Publisher), Root: container}
	s.addPackage(p, idx)
	if s.pkgs.npmDirs == nil {
		s.pkgs.npmDirs = map[int]string{}
	}
	s.pkgs.npmDirs[len(s.inv.Packages)-1] = container + dir
}

// npmPerson reads an npm person field: "Name <email> (url)" or
// {"name", "email"}.
func npmPerson(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var str string
	if json.Unmarshal(raw, &str) == nil {
		return str
	}
	var obj struct{ Name, Email string }
	if json.Unmarshal(raw, &obj) == nil {
		return strings.TrimSpace(obj.Name + " " + angle(obj.Email))
	}
	return ""
}

var pypiNameRE = regexp.MustCompile(`[-_.]+`)

// finish builds the purls (namespaces from os-release where the
// filesystem has one) and attaches file lists.
func (s *state) finish() {
	sorted := make([]int, len(s.inv.Files))
	for i := range sorted {
		sorted[i] = i
	}
	sort.Slice(sorted, func(i, j int) bool { return s.inv.Files[sorted[i]].Path < s.inv.Files[sorted[j]].Path })
	for i := range s.inv.Packages {
		p := &s.inv.Packages[i]
		ns := s.osRelease[p.Root]
		var q []packageurl.Qualifier
		if p.Arch != "" {
			q = append(q, packageurl.Qualifier{Key: "arch", Value: p.Arch})
		}
		switch p.Manager {
		case "dpkg":
			p.PURL = packageurl.NewPackageURL("deb", ns, p.Name, p.Version, q, "").ToString()
			if l := s.pkgs.lists[p.Root][p.Name]; l != nil {
				p.Files = l
			}
		case "opkg":
			p.PURL = packageurl.NewPackageURL("opkg", ns, p.Name, p.Version, q, "").ToString()
			if l := s.pkgs.lists[p.Root][p.Name]; l != nil {
				p.Files = l
			}
		case "apk":
			p.PURL = packageurl.NewPackageURL("apk", ns, strings.ToLower(p.Name), p.Version, q, "").ToString()
		case "python":
			p.PURL = packageurl.NewPackageURL("pypi", "", strings.ToLower(pypiNameRE.ReplaceAllString(p.Name, "-")), p.Version, nil, "").ToString()
		case "npm":
			ns, name := "", p.Name
			if strings.HasPrefix(name, "@") {
				if a, b, ok := strings.Cut(name, "/"); ok {
					ns, name = a, b
				}
			}
			p.PURL = packageurl.NewPackageURL("npm", ns, name, p.Version, nil, "").ToString()
			dir := s.pkgs.npmDirs[i] + "/"
			lo := sort.Search(len(sorted), func(k int) bool { return s.inv.Files[sorted[k]].Path >= dir })
			for k := lo; k < len(sorted) && strings.HasPrefix(s.inv.Files[sorted[k]].Path, dir) && len(p.Files) < 1<<20; k++ {
				p.Files = append(p.Files, strings.TrimPrefix(s.inv.Files[sorted[k]].Path, p.Root))
			}
		}
	}
}
