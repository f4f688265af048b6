package sbomgen

import (
	"strconv"
	"strings"
)

// part is the identity of one leaf component, a pure function of (seed,
// index, enclosing assembly).
type part struct {
	index    int
	tmpl     *asmTmpl
	asm      *node
	src      int // srcDeb, srcMod, srcVendor, srcHigh
	deb      *debPkg
	mod      *modPkg
	vp       *vendorPart
	org      *org // supplier ("" style for none)
	hr       *hrEntity
	hrStyle  int
	typ      string
	group    string
	name     string
	version  string
	purl     string
	ref      string
	function string
	arch     string
}

const (
	srcDeb = iota
	srcMod
	srcVendor
	srcHigh
)

// How a listed vendor shows up in a part.
const (
	hrSupplierName = iota // supplier.name variant, with the vendor's url/e-mail/country
	hrManufacturer        // manufacturer.name variant (CycloneDX 1.6), no supplier
	hrPURLOnly            // only the purl namespace says it
	hrEmailOnly           // only an author's e-mail domain says it
	hrCPEOnly             // only the CPE vendor says it
	hrURLOnly             // only an external reference URL says it
	hrRelabelled          // an ordinary supplier name, but the purl namespace is the vendor's
	hrStyles
)

var hrStyleWeights = [hrStyles]int{40, 10, 15, 10, 10, 10, 5}

var functions = []string{"core", "oam", "security", "access"}

var nameSuffixes = []string{"", "", "", "-common", "-utils", "-tools", "-lib", "-plugin", "-avx512", "-sve", "-test", "-dbg", "-cfg", "-runtime"}

func (g *generator) pickWeighted(weights []int) int {
	var sum int
	for _, w := range weights {
		sum += w
	}
	x := g.rng.IntN(sum)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// ident fills p with the identity of part i inside assembly nd (nil for a
// flat document). It reseeds the part stream; writePart continues it.
func (g *generator) ident(i int, nd *node, p *part) {
	g.seedFor(i)
	r := g.rng
	*p = part{index: i, asm: nd}
	high := r.Float64() < g.o.HighRiskShare
	if nd != nil {
		p.tmpl, p.org = nd.tmpl, nd.org
	} else {
		tmpls := kindTemplates[g.o.Kind]
		ws := make([]int, len(tmpls))
		for k := range tmpls {
			ws[k] = tmpls[k].weight
		}
		p.tmpl = &tmpls[g.pickWeighted(ws)]
		p.org = p.tmpl.org
	}
	p.function = p.tmpl.function
	if r.IntN(10) < 3 {
		p.function = functions[r.IntN(len(functions))]
	}
	p.arch = "arm64"
	if g.o.Kind == KindCU || r.IntN(8) == 0 {
		p.arch = "amd64"
	}
	switch {
	case high:
		p.src = srcHigh
	case p.tmpl.mix == "deb":
		p.src = srcDeb
	case p.tmpl.mix == "container":
		if r.IntN(4) == 0 {
			p.src = srcMod
		} else {
			p.src = srcDeb
		}
	default:
		if r.IntN(10) < 3 {
			p.src = srcDeb
		} else {
			p.src = srcVendor
		}
	}
	switch p.src {
	case srcDeb:
		d := &debPkgs[r.IntN(len(debPkgs))]
		p.deb, p.org = d, &orgDebian
		p.typ = "library"
		if d.section != "libs" {
			p.typ = "application"
		}
		p.name = d.name
		p.version = d.version
		if r.IntN(3) == 0 {
			p.version += "+b" + strconv.Itoa(1+r.IntN(4))
		}
		p.purl = "pkg:deb/debian/" + p.name + "@" + escVersion(p.version) + "?arch=" + p.arch + "&distro=debian-12"
	case srcMod:
		m := &modPkgs[r.IntN(len(modPkgs))]
		p.mod = m
		p.typ = "library"
		p.name = m.name
		p.group = m.namespace
		p.version = m.versions[r.IntN(len(m.versions))]
		switch m.purlType {
		case "golang":
			p.org = &orgCNCF
			p.purl = "pkg:golang/" + m.namespace + "/" + m.name + "@" + p.version
		case "npm":
			p.org = nil
			if m.namespace != "" {
				p.purl = "pkg:npm/" + strings.ReplaceAll(m.namespace, "@", "%40") + "/" + m.name + "@" + p.version
			} else {
				p.purl = "pkg:npm/" + m.name + "@" + p.version
			}
		default:
			p.org = &orgPSF
			p.purl = "pkg:pypi/" + m.name + "@" + p.version
		}
	case srcVendor:
		parts := vendorParts[p.tmpl.mix]
		v := &parts[r.IntN(len(parts))]
		p.vp = v
		p.typ = v.typ
		p.name = v.name + nameSuffixes[r.IntN(len(nameSuffixes))]
		p.version = strconv.Itoa(1+r.IntN(24)) + "." + strconv.Itoa(r.IntN(12)) + "." + strconv.Itoa(r.IntN(40))
		ns := strings.TrimPrefix(p.org.purl, "generic/")
		if !strings.HasPrefix(p.org.purl, "generic/") {
			ns = "acme"
		}
		p.purl = "pkg:generic/" + ns + "/" + p.name + "@" + p.version
	case srcHigh:
		e := &hrEntities[g.pickWeighted([]int{40, 25, 25, 10})]
		p.hr = e
		p.hrStyle = g.pickWeighted(hrStyleWeights[:])
		p.typ = "library"
		if r.IntN(3) == 0 {
			p.typ = "firmware"
		}
		p.name = e.pkgs[r.IntN(len(e.pkgs))] + nameSuffixes[r.IntN(len(nameSuffixes))]
		p.version = "V" + strconv.Itoa(100+r.IntN(800)) + "R" + strconv.Itoa(1+r.IntN(30)) + "C" + strconv.Itoa(10*r.IntN(10))
		switch p.hrStyle {
		case hrPURLOnly, hrRelabelled:
			ns := e.purls[r.IntN(len(e.purls))]
			if strings.HasPrefix(ns, "maven/") {
				p.group = strings.TrimPrefix(ns, "maven/")
			}
			p.purl = "pkg:" + ns + "/" + p.name + "@" + p.version
		default:
			// No namespace: the purl says nothing about the origin.
			p.purl = "pkg:generic/" + p.name + "@" + p.version
		}
		p.org = nil
		if p.hrStyle == hrRelabelled {
			p.org = vendorOrgs[r.IntN(len(vendorOrgs))]
			if p.org == &orgRockchip { // keep relabelled parts free of CN hints
				p.org = &orgAztec
			}
		}
	}
	p.ref = p.purl + string(sep(p.purl)) + "package-id=" + g.hexID(i)
}

// escVersion percent-encodes the characters of a Debian version that a
// purl version may not carry raw.
func escVersion(v string) string {
	if !strings.ContainsAny(v, ":+~") {
		return v
	}
	return versionEscaper.Replace(v)
}

var versionEscaper = strings.NewReplacer(":", "%3A", "+", "%2B")

// hexRand returns n random bytes from the part stream as hex.
func (g *generator) hexRand(n int) string {
	b := g.scratch[:0]
	for k := 0; k < n; k += 8 {
		v := g.rng.Uint64()
		for j := 0; j < 8 && k+j < n; j++ {
			c := byte(v >> (8 * j))
			b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
		}
	}
	g.scratch = b
	return string(b)
}

func (g *generator) writeOrg(key string, o *org, name string, withCountry bool) {
	e := g.e
	e.keyObject(key)
	e.keyString("name", name)
	if withCountry && o.country != "" {
		e.keyObject("address")
		e.keyString("country", o.country)
		e.endObject()
	}
	e.keyArray("url")
	e.elemString(o.url)
	e.endArray()
	e.keyArray("contact")
	e.elemObject()
	e.keyString("name", o.contact)
	e.keyString("email", o.email)
	e.endObject()
	e.endArray()
	e.endObject()
}

func (g *generator) writeLicense(lic string) {
	e := g.e
	e.keyArray("licenses")
	e.elemObject()
	switch {
	case strings.HasPrefix(lic, "LicenseRef-Proprietary"):
		e.keyObject("license")
		e.keyString("name", "Proprietary - see vendor agreement")
		e.endObject()
	case strings.Contains(lic, " "):
		e.keyString("expression", lic)
	default:
		e.keyObject("license")
		e.keyString("id", lic)
		e.endObject()
	}
	e.endObject()
	e.endArray()
}

func (g *generator) writeHashes(firmware bool) {
	e := g.e
	e.keyArray("hashes")
	e.elemObject()
	e.keyString("alg", "SHA-256")
	e.keyString("content", g.hexRand(32))
	e.endObject()
	if firmware {
		e.elemObject()
		e.keyString("alg", "SHA-512")
		e.keyString("content", g.hexRand(64))
		e.endObject()
	} else if g.rng.IntN(2) == 0 {
		e.elemObject()
		e.keyString("alg", "SHA-1")
		e.keyString("content", g.hexRand(20))
		e.endObject()
	}
	e.endArray()
}

func (g *generator) prop(name, value string) {
	e := g.e
	e.elemObject()
	e.keyString("name", name)
	e.keyString("value", value)
	e.endObject()
}

func (g *generator) extRef(typ, url string) {
	e := g.e
	e.elemObject()
	e.keyString("url", url)
	e.keyString("type", typ)
	e.endObject()
}

// writePart writes part p (ident already called, so the stream continues).
func (g *generator) writePart(p *part) {
	e, r := g.e, g.rng
	e.elemObject()
	e.keyString("bom-ref", p.ref)
	e.keyString("type", p.typ)
	var copyright, lic, desc, site, vcs, cpeVendor, product string
	product = g.product[1]
	switch p.src {
	case srcDeb:
		d := p.deb
		if r.IntN(12) != 0 { // some packages carry no supplier and inherit it
			g.writeOrg("supplier", &orgDebian, orgDebian.name, false)
		}
		e.keyArray("authors")
		e.elemObject()
		e.keyString("name", strings.ToUpper(d.source[:1])+d.source[1:]+" Maintainers")
		e.keyString("email", "pkg-"+d.source+"-maintainers@lists.alioth.debian.org")
		e.endObject()
		e.endArray()
		e.keyString("publisher", "Debian")
		lic, desc = d.license, d.desc
		copyright = "Copyright " + strconv.Itoa(1990+r.IntN(20)) + "-2023 The " + d.source + " authors and Debian contributors"
		site = "https://packages.debian.org/bookworm/" + d.name
		vcs = "https://salsa.debian.org/debian/" + d.source + ".git"
		if r.IntN(4) == 0 {
			cpeVendor = d.source
		}
	case srcMod:
		m := p.mod
		if p.org != nil {
			g.writeOrg("supplier", p.org, p.org.name, false)
		}
		lic, desc = m.license, m.desc
		copyright = "Copyright (c) " + strconv.Itoa(2014+r.IntN(10)) + " The " + m.name + " Authors"
		site, vcs = m.repo, m.repo+".git"
	case srcVendor:
		v := p.vp
		g.writeOrg("supplier", p.org, p.org.name, true)
		if r.IntN(3) == 0 {
			g.writeOrg("manufacturer", p.org, p.org.name, true)
		}
		lic, desc = v.license, v.desc
		copyright = "Copyright (c) " + strconv.Itoa(2015+r.IntN(10)) + " " + p.org.name + ". All rights reserved."
		site = p.org.url + "/products/" + p.name
		vcs = p.org.url + "/git/" + v.name + ".git"
		if r.IntN(3) == 0 {
			cpeVendor = p.org.cpe
		}
	case srcHigh:
		h := p.hr
		lic = "LicenseRef-Proprietary"
		desc = "vendor module " + p.name + " delivered as part of the radio platform integration package"
		name := h.names[r.IntN(len(h.names))]
		domain := h.domains[r.IntN(len(h.domains))]
		// A neutral integration mirror: no catalog entity, so the styles
		// below stay the only origin evidence.
		site = "https://mirror.ran-integration.example/thirdparty/" + p.name
		vcs = "https://mirror.ran-integration.example/git/" + p.name + ".git"
		copyright = "Copyright (c) " + strconv.Itoa(2012+r.IntN(12)) + " the original authors. All rights reserved."
		switch p.hrStyle {
		case hrSupplierName:
			e.keyObject("supplier")
			e.keyString("name", name)
			if r.IntN(2) == 0 {
				e.keyObject("address")
				e.keyString("country", "CN")
				e.endObject()
			}
			if r.IntN(2) == 0 {
				e.keyArray("url")
				e.elemString("https://" + domain)
				e.endArray()
			}
			e.endObject()
			copyright = "Copyright (c) " + strconv.Itoa(2012+r.IntN(12)) + " " + name + ". All rights reserved."
		case hrManufacturer:
			e.keyObject("manufacturer")
			e.keyString("name", name)
			e.endObject()
		case hrEmailOnly:
			e.keyArray("authors")
			e.elemObject()
			e.keyString("name", "Integration Team")
			e.keyString("email", "rnd-integration@"+domain)
			e.endObject()
			e.endArray()
		case hrCPEOnly:
			cpeVendor = h.cpe[0]
		case hrURLOnly:
			site = "https://" + domain + "/en/download/" + p.name
		case hrRelabelled:
			g.writeOrg("supplier", p.org, p.org.name, true)
		}
	}
	e.keyStringOpt("group", p.group)
	e.keyString("name", p.name)
	e.keyString("version", p.version)
	e.keyString("description", desc+". Shipped in "+product+" firmware "+g.version+" ("+p.arch+"), "+p.tmpl.title+" layer.")
	e.keyString("scope", "required")
	g.writeHashes(p.typ == "firmware")
	g.writeLicense(lic)
	e.keyString("copyright", copyright)
	if cpeVendor != "" {
		part := "a"
		if p.typ == "firmware" {
			part = "o"
		}
		e.keyString("cpe", "cpe:2.3:"+part+":"+cpeVendor+":"+cpeName(p.name)+":"+cpeName(p.version)+":*:*:*:*:*:*:*")
	}
	e.keyString("purl", p.purl)
	e.keyArray("externalReferences")
	g.extRef("website", site)
	g.extRef("vcs", vcs)
	if p.src == srcDeb {
		g.extRef("distribution", "http://deb.debian.org/debian/pool/main/"+p.deb.source[:1]+"/"+p.deb.source+"/"+p.name+"_"+p.version+"_"+p.arch+".deb")
	}
	e.endArray()
	e.keyArray("properties")
	g.prop("ran:function", p.function)
	switch p.src {
	case srcDeb:
		g.prop("syft:package:foundBy", "dpkg-db-cataloger")
		g.prop("syft:package:type", "deb")
		g.prop("syft:location:0:path", "/var/lib/dpkg/status.d/"+p.name)
		g.prop("syft:metadata:installedSize", strconv.Itoa(16+r.IntN(40000)))
		g.prop("syft:metadata:source", p.deb.source)
	case srcMod:
		g.prop("syft:package:foundBy", "go-module-binary-cataloger")
		g.prop("syft:location:0:path", "/usr/local/bin/"+p.asmName())
	default:
		g.prop("acme:build:toolchain", "gcc-12.2-aarch64-linux-gnu")
		g.prop("acme:install:path", "/opt/acme/"+p.asmName()+"/lib/"+p.name+".so")
	}
	e.endArray()
	e.endObject()
}

func (p *part) asmName() string {
	if p.asm == nil {
		return p.tmpl.slug
	}
	return p.asm.name
}

// cpeName escapes a CPE 2.3 formatted-string component.
func cpeName(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		switch c {
		case ':', '+', '~', '*', '?', '!', '"', '#', '$', '%', '&', '\'', '(', ')', ',', '/', ';', '<', '=', '>', '@', '[', '\\', ']', '^', '`', '{', '|', '}':
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}
