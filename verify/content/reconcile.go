package content

import (
	"path"
	"strings"

	packageurl "github.com/package-url/packageurl-go"

	"github.com/fwprov/fwprov/sbom"
)

// ReconcileSchema names the JSON form of a Reconciliation.
const ReconcileSchema = "fwprov.reconcile/v1"

// Via says how a file or package was matched to a component.
type Via string

// Match kinds.
const (
	ViaHash          Via = "hash"           // a component hash equals the file's digest
	ViaFilename      Via = "filename"       // the bsi:component:filename property
	ViaOccurrence    Via = "occurrence"     // CycloneDX evidence.occurrences[].location
	ViaFileComponent Via = "file-component" // a component of type file (SPDX files) named by path
	ViaPackage       Via = "package"        // a package database entry matched by purl lists the file
	ViaPURL          Via = "purl"           // a package matched by purl identity and version
)

// ComponentRef names a component of the SBOM.
type ComponentRef struct {
	// Index is the position in sbom.Document.Components.
	Index   int    `json:"index"`
	Ref     string `json:"bomRef,omitempty"`
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	PURL    string `json:"purl,omitempty"`
	IsRoot  bool   `json:"isRoot,omitempty"`
}

// Match is one reason a component accounts for a file or package.
type Match struct {
	Component ComponentRef `json:"component"`
	Via       Via          `json:"via"`
	// Detail says what matched: the hash algorithm, the property value, the
	// package.
	Detail string `json:"detail,omitempty"`
}

// FileAccount says which components account for one file.
type FileAccount struct {
	File int    `json:"file"`
	Path string `json:"path"`
	Kind Kind   `json:"kind"`
	// Matches are the components matched to this file itself.
	Matches []Match `json:"matches,omitempty"`
	// AccountedBy is the index of the file whose matches account for this
	// one: itself, the nearest enclosing matched file, or -1 (not
	// accounted for). The image itself (file 0) accounts only for itself:
	// the firmware root does not declare what is inside it.
	AccountedBy int `json:"accountedBy"`
}

// PackageAccount says which components declare one package.
type PackageAccount struct {
	Package int     `json:"package"`
	PURL    string  `json:"purl"`
	Matches []Match `json:"matches,omitempty"`
	// VersionMismatch lists components with the package's identity but
	// another version.
	VersionMismatch []ComponentRef `json:"versionMismatch,omitempty"`
}

// IndicatorAccount gives an indicator the components that account for the
// file it was found in, so the caller can check that they resolve to the
// indicator's entity.
type IndicatorAccount struct {
	Indicator int `json:"indicator"`
	// Components account for the file (or its package): empty when nothing
	// does.
	Components []ComponentRef `json:"components,omitempty"`
	// Enclosing is set when Components come from an enclosing file, not
	// from a match of the indicator's own file (a certificate inside a
	// declared blob).
	Enclosing bool `json:"enclosing,omitempty"`
	// AccountingFile is the index of the file whose matches are Components
	// (-1 when none).
	AccountingFile int `json:"accountingFile"`
}

// MissingComponent is a component whose hashes match no file in the image.
type MissingComponent struct {
	Component ComponentRef `json:"component"`
	Hashes    []sbom.Hash  `json:"hashes"`
}

// Reconciliation is the inventory set against an SBOM. It is plain data.
type Reconciliation struct {
	Schema     string             `json:"schemaVersion"`
	Files      []FileAccount      `json:"files"`
	Packages   []PackageAccount   `json:"packages"`
	Indicators []IndicatorAccount `json:"indicators"`
	// Unaccounted lists the files no component accounts for.
	Unaccounted []int `json:"unaccounted"`
	// UndeclaredPackages lists the packages no component declares.
	UndeclaredPackages []int `json:"undeclaredPackages"`
	// MissingContent lists components (the firmware root excepted) that
	// declare a hash Audit computed and match no file.
	MissingContent []MissingComponent `json:"missingContent"`
	// Unverifiable lists components whose hashes are all of algorithms
	// Audit did not compute (see HashAlgorithms and Options.Hashes).
	Unverifiable []ComponentRef `json:"unverifiable,omitempty"`
}

func refOf(c *sbom.Component) ComponentRef {
	return ComponentRef{Index: c.Index, Ref: c.Ref, Name: c.Name, Version: c.Version, PURL: c.PURL, IsRoot: c.IsRoot}
}

// Reconcile sets an inventory against an SBOM. A nil doc accounts for
// nothing.
func Reconcile(inv *Inventory, doc *sbom.Document) *Reconciliation {
	rec := &Reconciliation{Schema: ReconcileSchema, Files: make([]FileAccount, len(inv.Files)), Packages: []PackageAccount{},
		Indicators: []IndicatorAccount{}, Unaccounted: []int{}, UndeclaredPackages: []int{}, MissingContent: []MissingComponent{}}
	computed := map[string]bool{"SHA-256": true}
	byHash := map[string][]int{} // "ALG:hex" → file indexes
	byInner := map[string][]int{}
	byBase := map[string][]int{}
	byPath := map[string]int{}
	for i, f := range inv.Files {
		rec.Files[i] = FileAccount{File: i, Path: f.Path, Kind: f.Kind, AccountedBy: -1}
		byHash["SHA-256:"+f.SHA256] = append(byHash["SHA-256:"+f.SHA256], i)
		for _, h := range f.Hashes {
			computed[h.Algorithm] = true
			k := h.Algorithm + ":" + h.Value
			byHash[k] = append(byHash[k], i)
		}
		_, inner := splitRoot(f.Path)
		if i > 0 {
			byInner[inner] = append(byInner[inner], i)
			byBase[path.Base(inner)] = append(byBase[path.Base(inner)], i)
		}
		byPath[f.Path] = i
	}
	add := func(i int, m Match) {
		for _, have := range rec.Files[i].Matches {
			if have.Component.Index == m.Component.Index && have.Via == m.Via {
				return
			}
		}
		rec.Files[i].Matches = append(rec.Files[i].Matches, m)
	}
	byLocation := func(loc string) []int {
		loc = strings.TrimSpace(loc)
		if loc == "" {
			return nil
		}
		if !strings.Contains(loc, "/") {
			return byBase[loc]
		}
		clean := path.Clean("/" + strings.TrimPrefix(loc, "./"))
		if hits := byInner[clean]; hits != nil {
			return hits
		}
		// A location relative to a deeper root ("usr/bin/x" for a rootfs
		// under a prefix): match path suffixes on whole elements.
		var out []int
		for _, i := range byBase[path.Base(clean)] {
			if _, inner := splitRoot(inv.Files[i].Path); strings.HasSuffix(inner, clean) {
				out = append(out, i)
			}
		}
		return out
	}

	if doc != nil {
		for _, c := range doc.Components {
			ref := refOf(c)
			usable, found := false, false
			for _, h := range c.Hashes {
				alg := canonicalAlg(h.Algorithm)
				if !computed[alg] {
					continue
				}
				usable = true
				for _, i := range byHash[alg+":"+strings.ToLower(strings.TrimSpace(h.Value))] {
					add(i, Match{Component: ref, Via: ViaHash, Detail: alg})
					found = true
				}
			}
			if len(c.Hashes) > 0 && !c.IsRoot {
				if !usable {
					rec.Unverifiable = append(rec.Unverifiable, ref)
				} else if !found {
					rec.MissingContent = append(rec.MissingContent, MissingComponent{Component: ref, Hashes: c.Hashes})
				}
			}
			for _, p := range c.Properties {
				if p.Name == "bsi:component:filename" {
					for _, i := range byLocation(p.Value) {
						add(i, Match{Component: ref, Via: ViaFilename, Detail: p.Value})
					}
				}
			}
			if c.CDX != nil && c.CDX.Evidence != nil && c.CDX.Evidence.Occurrences != nil {
				for _, o := range *c.CDX.Evidence.Occurrences {
					for _, i := range byLocation(o.Location) {
						add(i, Match{Component: ref, Via: ViaOccurrence, Detail: o.Location})
					}
				}
			}
			if c.Type == "file" && strings.Contains(c.Name, "/") {
				for _, i := range byLocation(c.Name) {
					add(i, Match{Component: ref, Via: ViaFileComponent, Detail: c.Name})
				}
			}
		}
	}

	// Packages by purl identity and version.
	type declared struct {
		c       *sbom.Component
		version string
	}
	byIdent := map[string][]declared{}
	byName := map[string][]declared{} // type/name, for packages whose namespace is unknown
	if doc != nil {
		for _, c := range doc.Components {
			if c.PURL == "" {
				continue
			}
			q, err := packageurl.FromString(c.PURL)
			if err != nil {
				continue
			}
			d := declared{c, q.Version}
			byIdent[identKey(q.Type, q.Namespace, q.Name)] = append(byIdent[identKey(q.Type, q.Namespace, q.Name)], d)
			byName[identKey(q.Type, "", q.Name)] = append(byName[identKey(q.Type, "", q.Name)], d)
		}
	}
	pkgMatches := make([][]Match, len(inv.Packages))
	for pi, p := range inv.Packages {
		pa := PackageAccount{Package: pi, PURL: p.PURL}
		q, err := packageurl.FromString(p.PURL)
		if err == nil {
			cands := byIdent[identKey(q.Type, q.Namespace, q.Name)]
			if q.Namespace == "" {
				cands = byName[identKey(q.Type, "", q.Name)]
			}
			for _, d := range cands {
				if d.version == p.Version {
					pa.Matches = append(pa.Matches, Match{Component: refOf(d.c), Via: ViaPURL, Detail: d.c.PURL})
				} else {
					pa.VersionMismatch = append(pa.VersionMismatch, refOf(d.c))
				}
			}
		}
		if len(pa.Matches) == 0 {
			rec.UndeclaredPackages = append(rec.UndeclaredPackages, pi)
		}
		pkgMatches[pi] = pa.Matches
		for _, m := range pa.Matches {
			for _, fp := range p.Files {
				if i, ok := byPath[p.Root+fp]; ok {
					add(i, Match{Component: m.Component, Via: ViaPackage, Detail: p.PURL})
				}
			}
		}
		rec.Packages = append(rec.Packages, pa)
	}

	// Enclosure: parents come before their members.
	for i := range rec.Files {
		fa := &rec.Files[i]
		switch {
		case len(fa.Matches) > 0:
			fa.AccountedBy = i
		case i > 0:
			if parent := inv.Files[i].Parent; parent > 0 {
				fa.AccountedBy = rec.Files[parent].AccountedBy
			}
		}
		if fa.AccountedBy < 0 {
			rec.Unaccounted = append(rec.Unaccounted, i)
		}
	}

	// Indicators: the components of the accounting file, or of the package
	// the indicator was read for.
	pkgByWhere := map[[2]string]int{}
	for pi, p := range inv.Packages {
		pkgByWhere[[2]string{p.Database, "package " + p.Name}] = pi
	}
	for ii, in := range inv.Indicators {
		ia := IndicatorAccount{Indicator: ii, AccountingFile: -1}
		if pi, ok := pkgByWhere[[2]string{in.Path, in.Where}]; ok {
			for _, m := range pkgMatches[pi] {
				ia.Components = append(ia.Components, m.Component)
			}
			if len(ia.Components) > 0 {
				ia.AccountingFile = in.File
			}
		} else if in.File >= 0 && in.File < len(rec.Files) {
			acc := rec.Files[in.File].AccountedBy
			if in.File == 0 && len(rec.Files[0].Matches) > 0 {
				acc = 0
			}
			if acc >= 0 {
				ia.AccountingFile = acc
				ia.Enclosing = acc != in.File
				seen := map[int]bool{}
				for _, m := range rec.Files[acc].Matches {
					if !seen[m.Component.Index] {
						seen[m.Component.Index] = true
						ia.Components = append(ia.Components, m.Component)
					}
				}
			}
		}
		rec.Indicators = append(rec.Indicators, ia)
	}
	return rec
}

func identKey(typ, ns, name string) string {
	typ = strings.ToLower(typ)
	switch typ {
	case "deb", "apk", "opkg", "npm", "pypi", "generic", "github":
		ns, name = strings.ToLower(ns), strings.ToLower(name)
	}
	if typ == "pypi" {
		name = pypiNameRE.ReplaceAllString(name, "-")
	}
	return typ + "/" + ns + "/" + name
}
