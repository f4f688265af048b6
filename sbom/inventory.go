package sbom

import (
	"sort"
	"strings"
)

// Inventory summarises what a document says is inside the firmware: the
// answer to "what is in this image, and from whom?" before any policy.
type Inventory struct {
	Firmware   *ComponentSummary `json:"firmware,omitempty"`
	Components int               `json:"components"`
	// ByType counts components (the root included) by CycloneDX type, most first.
	ByType []TypeCount `json:"byType"`
	// Suppliers ranks the declared suppliers by the number of components
	// they supply, most first.
	Suppliers []SupplierCount `json:"suppliers"`
	// NoOrigin lists the components that carry no origin evidence of their
	// own (they may still inherit some from an enclosing assembly).
	NoOrigin []ComponentSummary `json:"noOrigin"`
	// NoOriginAtAll counts the components with neither own nor inherited
	// origin evidence.
	NoOriginAtAll int `json:"noOriginAtAll"`
}

// ComponentSummary identifies one component in reports.
type ComponentSummary struct {
	Ref      string `json:"bomRef,omitempty"`
	Type     string `json:"type,omitempty"`
	Name     string `json:"name"`
	Group    string `json:"group,omitempty"`
	Version  string `json:"version,omitempty"`
	PURL     string `json:"purl,omitempty"`
	Supplier string `json:"supplier,omitempty"`
	Hashes   []Hash `json:"hashes,omitempty"`
}

// TypeCount is the number of components of one type.
type TypeCount struct {
	Type  string `json:"type"`
	Count int    `json:"count"`
}

// SupplierCount is one supplier name with the components attributed to it.
type SupplierCount struct {
	// Name is the supplier as first declared (supplier or a service's
	// provider, else manufacturer, else for the firmware the BOM metadata's
	// supplier or manufacturer, else publisher or author). Spelling variants are kept apart: telling
	// which names mean the same organisation is the policy's job.
	Name string `json:"name"`
	// Components counts the components that declare this supplier themselves.
	Components int `json:"components"`
	// Inherited counts the components that declare no supplier and sit in
	// an assembly (or a BOM) that does.
	Inherited int `json:"inherited,omitempty"`
	// Countries are the distinct countries declared with this supplier.
	Countries []string `json:"countries,omitempty"`
}

// Summary returns the report identity of a component.
func (c *Component) Summary() ComponentSummary {
	s := ComponentSummary{Ref: c.Ref, Type: c.Type, Name: c.Name, Group: c.Group, Version: c.Version, PURL: c.PURL, Hashes: c.Hashes}
	s.Supplier, _ = declaredSupplier(c.Evidence)
	return s
}

// declaredSupplier picks the name a person would call the supplier of a
// component from its evidence, with the countries declared next to it.
func declaredSupplier(ev []Evidence) (name string, country string) {
	rank := func(f Field) int {
		switch f {
		case FieldSupplierName, FieldProviderName:
			return 1
		case FieldManufacturerName:
			return 2
		case FieldMetadataSupplierName:
			return 3
		case FieldMetadataManufacturerName:
			return 4
		case FieldPublisher:
			return 5
		case FieldAuthor, FieldAuthorsName:
			return 6
		}
		return 0
	}
	best := 0
	for _, e := range ev {
		if r := rank(e.Field); r > 0 && (best == 0 || r < best) && e.Value != "" {
			best, name = r, e.Value
		}
		if e.Kind == KindCountry && country == "" {
			country = e.Value
		}
	}
	return name, country
}

// Inventory computes the document's inventory. It is linear in the number
// of components.
func (d *Document) Inventory() Inventory {
	inv := Inventory{Components: len(d.Components), ByType: []TypeCount{}, Suppliers: []SupplierCount{}, NoOrigin: []ComponentSummary{}}
	if d.Root != nil {
		s := d.Root.Summary()
		inv.Firmware = &s
	}
	types := map[string]int{}
	type acc struct {
		own, inherited int
		countries      map[string]bool
	}
	suppliers := map[string]*acc{}
	get := func(name string) *acc {
		a := suppliers[name]
		if a == nil {
			a = &acc{countries: map[string]bool{}}
			suppliers[name] = a
		}
		return a
	}
	for _, c := range d.Components {
		t := c.Type
		if t == "" {
			t = "(none)"
		}
		types[t]++
		if name, country := declaredSupplier(c.Evidence); name != "" {
			a := get(name)
			a.own++
			if country != "" {
				a.countries[country] = true
			}
			continue
		}
		if len(c.Evidence) == 0 {
			inv.NoOrigin = append(inv.NoOrigin, c.Summary())
		}
		inh := d.InheritedEvidence(c)
		if name, _ := declaredSupplier(inh); name != "" {
			get(name).inherited++
		} else if len(c.Evidence) == 0 && len(inh) == 0 {
			inv.NoOriginAtAll++
		}
	}
	for t, n := range types {
		inv.ByType = append(inv.ByType, TypeCount{Type: t, Count: n})
	}
	sort.Slice(inv.ByType, func(i, j int) bool {
		if inv.ByType[i].Count != inv.ByType[j].Count {
			return inv.ByType[i].Count > inv.ByType[j].Count
		}
		return inv.ByType[i].Type < inv.ByType[j].Type
	})
	for name, a := range suppliers {
		sc := SupplierCount{Name: name, Components: a.own, Inherited: a.inherited}
		for c := range a.countries {
			sc.Countries = append(sc.Countries, c)
		}
		sort.Strings(sc.Countries)
		inv.Suppliers = append(inv.Suppliers, sc)
	}
	sort.Slice(inv.Suppliers, func(i, j int) bool {
		a, b := inv.Suppliers[i], inv.Suppliers[j]
		if a.Components+a.Inherited != b.Components+b.Inherited {
			return a.Components+a.Inherited > b.Components+b.Inherited
		}
		return strings.ToLower(a.Name) < strings.ToLower(b.Name)
	})
	return inv
}
