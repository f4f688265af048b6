package cli

// Presenters for `fwprov policy entities` and `fwprov policy resolve`:
// the entity catalog as a reviewer reads it (text, JSON, Markdown), the
// coverage table, and the explanation of one resolution.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/fwprov/fwprov/policy"
)

// selectEntities returns the entities named by ids and their descendants,
// in catalog order; all entities when ids is empty.
func selectEntities(p *policy.Policy, ids []string) ([]*policy.Entity, error) {
	for _, id := range ids {
		if _, ok := p.Entity(id); !ok {
			return nil, fmt.Errorf("policy %s: no entity %q", p.Name, id)
		}
	}
	var out []*policy.Entity
	for i := range p.Entities {
		e := &p.Entities[i]
		if len(ids) == 0 || slices.ContainsFunc(p.Ancestry(e.ID), func(a string) bool { return slices.Contains(ids, a) }) {
			out = append(out, e)
		}
	}
	return out, nil
}

// entityView is an entity as `policy entities --format json` writes it.
type entityView struct {
	*policy.Entity
	DefinedIn     string   `json:"definedIn"`
	Ancestry      []string `json:"ancestry"`
	FormerFamily  []string `json:"formerFamily,omitempty"`
	EffectiveTags []string `json:"effectiveTags,omitempty"`
}

func renderEntities(p *policy.Policy, ents []*policy.Entity, format string) ([]byte, error) {
	switch format {
	case "json":
		views := make([]entityView, len(ents))
		cited := policy.SourceTable{}
		for i, e := range ents {
			views[i] = entityView{Entity: e, DefinedIn: e.DefinedIn(), Ancestry: p.Ancestry(e.ID), FormerFamily: p.FormerFamily(e.ID), EffectiveTags: p.EffectiveTags(e.ID)}
			for _, id := range citedSources(e) {
				if s, ok := p.Sources[id]; ok {
					cited[id] = s
				}
			}
		}
		out, err := json.MarshalIndent(struct {
			Policy   string             `json:"policy"`
			Source   string             `json:"source"`
			Catalogs []string           `json:"catalogs,omitempty"`
			Entities []entityView       `json:"entities"`
			Sources  policy.SourceTable `json:"sources"`
		}{p.Name, p.Source, p.Catalogs, views, cited}, "", "  ")
		return append(out, '\n'), err
	case "markdown":
		return entitiesMarkdown(p, ents), nil
	}
	return entitiesText(p, ents), nil
}

// citedSources lists the ids of the sources an entity and its facts cite,
// entity sources first, without repeats.
func citedSources(e *policy.Entity) []string {
	var ids []string
	add := func(id string) {
		if id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, s := range e.Sources {
		add(s.ID)
	}
	for _, l := range []policy.Facts{e.Aliases, e.Domains, e.PURL, e.CPE, e.PCIVendorIDs, e.USBVendorIDs, e.DeviceTreePrefixes} {
		for _, f := range l {
			add(f.Source)
		}
	}
	if e.Divested != nil {
		add(e.Divested.Source)
	}
	return ids
}

// factText writes a fact with its marks and source: `华为 (Hans, personal
// name) [huawei-dewiki]`.
func factText(f policy.Fact, withScript bool) string {
	var marks []string
	if withScript {
		marks = append(marks, policy.ScriptOf(f))
	}
	if f.PersonalName {
		marks = append(marks, "personal name")
	}
	s := f.Value
	if len(marks) > 0 {
		s += " (" + strings.Join(marks, ", ") + ")"
	}
	if f.Source != "" {
		s += " [" + f.Source + "]"
	}
	return s
}

func factsText(fs policy.Facts, withScript bool) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = factText(f, withScript)
	}
	return out
}

func sourceText(s policy.Source) string {
	var b strings.Builder
	b.WriteString(s.Title)
	if !s.Date.IsZero() {
		b.WriteString(", " + s.Date.String())
	}
	if s.URL != "" {
		b.WriteString(", " + s.URL)
	}
	if s.Via != "" {
		b.WriteString(" (read at " + s.Via + ")")
	}
	if !s.Accessed.IsZero() {
		b.WriteString(", checked " + s.Accessed.String())
	}
	return b.String()
}

func entitiesText(p *policy.Policy, ents []*policy.Entity) []byte {
	var b bytes.Buffer
	line := func(label string, vals ...string) {
		if len(vals) == 0 || len(vals) == 1 && vals[0] == "" {
			return
		}
		fmt.Fprintf(&b, "  %-10s %s\n", label+":", strings.Join(vals, ", "))
	}
	for i, e := range ents {
		if i > 0 {
			b.WriteByte('\n')
		}
		head := e.ID + "  " + e.Name
		if e.Country != "" {
			head += "  [" + e.Country + "]"
		}
		fmt.Fprintf(&b, "%s  (%s)\n", head, e.DefinedIn())
		if e.Parent != "" {
			rel := "parent " + e.Parent
			if e.Relation != "" {
				rel += " (" + e.Relation + ")"
			}
			line("family", rel+"; ancestry "+strings.Join(p.Ancestry(e.ID), " → "))
		}
		if d := e.Divested; d != nil {
			line("divested", fmt.Sprintf("%s from %s [%s]: %s", d.Date, d.From, d.Source, d.Note))
		}
		line("tags", e.Tags...)
		if inh := inheritedTags(p, e); len(inh) > 0 {
			line("inherits", inh...)
		}
		line("names", append([]string{e.Name}, factsText(e.Aliases, true)...)...)
		line("domains", factsText(e.Domains, false)...)
		line("purl", factsText(e.PURL, false)...)
		line("cpe", factsText(e.CPE, false)...)
		line("pci", factsText(e.PCIVendorIDs, false)...)
		line("usb", factsText(e.USBVendorIDs, false)...)
		line("dt", factsText(e.DeviceTreePrefixes, false)...)
		if e.Description != "" {
			line("about", e.Description)
		}
		for _, id := range citedSources(e) {
			if s, ok := p.Sources[id]; ok {
				fmt.Fprintf(&b, "  %-10s [%s] %s\n", "source:", id, sourceText(s))
			}
		}
		for _, s := range e.Sources {
			if s.ID == "" {
				fmt.Fprintf(&b, "  %-10s %s\n", "source:", sourceText(s))
			}
		}
	}
	return b.Bytes()
}

// inheritedTags are the tags an entity has through its ancestors only.
func inheritedTags(p *policy.Policy, e *policy.Entity) []string {
	var out []string
	for _, t := range p.EffectiveTags(e.ID) {
		if !slices.Contains(e.Tags, t) {
			out = append(out, t)
		}
	}
	return out
}

// mdCell escapes a Markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

func entitiesMarkdown(p *policy.Policy, ents []*policy.Entity) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Entity catalog of policy %s\n", p.Name)
	file := ""
	var cited []string
	flush := func() {
		if len(cited) == 0 {
			return
		}
		b.WriteString("\nSources:\n\n")
		for _, id := range cited {
			fmt.Fprintf(&b, "- `%s`: %s\n", id, mdCell(sourceText(p.Sources[id])))
		}
		cited = nil
	}
	join := func(vals []string) string { return mdCell(strings.Join(vals, "<br>")) }
	for _, e := range ents {
		if e.DefinedIn() != file {
			flush()
			file = e.DefinedIn()
			fmt.Fprintf(&b, "\n## %s\n\n| entity | family | tags | names | domains | namespaces | hardware IDs |\n|---|---|---|---|---|---|---|\n", file)
		}
		fam := e.Parent
		if e.Relation != "" {
			fam += " (" + e.Relation + ")"
		}
		if d := e.Divested; d != nil {
			fam = strings.TrimSpace(fam + "<br>divested " + d.Date.String() + " from " + d.From)
		}
		ns := append(factsText(e.PURL, false), factsText(e.CPE, false)...)
		var hw []string
		for _, x := range []struct {
			k  string
			fs policy.Facts
		}{{"pci", e.PCIVendorIDs}, {"usb", e.USBVendorIDs}, {"dt", e.DeviceTreePrefixes}} {
			for _, f := range x.fs {
				hw = append(hw, x.k+" "+factText(f, false))
			}
		}
		fmt.Fprintf(&b, "| `%s`<br>%s | %s | %s | %s | %s | %s | %s |\n", e.ID, mdCell(e.Name), mdCell(fam), join(e.Tags),
			join(factsText(e.Aliases, true)), join(factsText(e.Domains, false)), join(ns), join(hw))
		for _, id := range citedSources(e) {
			if _, ok := p.Sources[id]; ok && !slices.Contains(cited, id) {
				cited = append(cited, id)
			}
		}
	}
	flush()
	return b.Bytes()
}

func renderFamilies(p *policy.Policy, format string) ([]byte, error) {
	fams := p.Families()
	switch format {
	case "json":
		out, err := json.MarshalIndent(fams, "", "  ")
		return append(out, '\n'), err
	case "markdown":
		return familiesMarkdown(fams), nil
	}
	var b bytes.Buffer
	for _, f := range fams {
		fmt.Fprintf(&b, "%s: %s, %d divested; listed %s; scripts %s; %s, %s, %s, %s; %s\n", f.Catalog,
			plural(f.Entities, "entity", "entities"), f.Divested, orNone(f.Listed), strings.Join(f.Scripts, " "),
			plural(f.Names, "name", "names"), plural(f.Domains, "domain", "domains"), plural(f.Namespaces, "namespace", "namespaces"),
			plural(f.HardwareIDs, "hardware ID", "hardware IDs"), plural(f.Sources, "source", "sources"))
	}
	return b.Bytes(), nil
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// familiesMarkdown is the coverage table the README shows.
func familiesMarkdown(fams []policy.Family) []byte {
	var b bytes.Buffer
	b.WriteString("| catalog | entities regulators name | family size | divested | scripts | names | domains | namespaces | hardware IDs | sources |\n")
	b.WriteString("|---|---|---:|---:|---|---:|---:|---:|---:|---:|\n")
	var t policy.Family
	for _, f := range fams {
		listed := make([]string, len(f.Listed))
		for i, id := range f.Listed {
			listed[i] = "`" + id + "`"
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %s | %d | %d | %d | %d | %d |\n", strings.TrimPrefix(f.Catalog, "preset:"), strings.Join(listed, ", "),
			f.Entities, f.Divested, strings.Join(f.Scripts, " "), f.Names, f.Domains, f.Namespaces, f.HardwareIDs, f.Sources)
		t.Entities += f.Entities
		t.Divested += f.Divested
		t.Names += f.Names
		t.Domains += f.Domains
		t.Namespaces += f.Namespaces
		t.HardwareIDs += f.HardwareIDs
	}
	fmt.Fprintf(&b, "| **total** | | %d | %d | | %d | %d | %d | %d | |\n", t.Entities, t.Divested, t.Names, t.Domains, t.Namespaces, t.HardwareIDs)
	return b.Bytes()
}

// fieldNoun names one value of an entity field.
var fieldNoun = map[string]string{"name": "name", "aliases": "alias", "domains": "domain", "purl": "purl prefix", "cpe": "CPE vendor",
	"pciVendorIDs": "PCI vendor ID", "usbVendorIDs": "USB vendor ID", "deviceTreePrefixes": "devicetree prefix"}

func renderExplanations(p *policy.Policy, xs []*policy.Explanation, format string) ([]byte, error) {
	if format == "json" {
		out, err := json.MarshalIndent(xs, "", "  ")
		return append(out, '\n'), err
	}
	var b bytes.Buffer
	for i, x := range xs {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%q (%s)\n", x.Input, x.Kind)
		fmt.Fprintf(&b, "  %-9s %s\n", "folded:", x.Normalized)
		for j, m := range x.Matches {
			label := ""
			if j == 0 {
				label = "matches:"
			}
			fmt.Fprintf(&b, "  %-9s %s  %s\n", label, m.Entity, m.Name)
			for _, v := range m.By {
				s := fmt.Sprintf("by %s %q (key %s", fieldNoun[v.Field], v.Value, v.Key)
				if v.PersonalName {
					s += ", also a personal name"
				}
				s += ")"
				if v.Source != "" {
					s += " [" + v.Source + "]"
				}
				fmt.Fprintf(&b, "  %-9s   %s\n", "", s)
			}
			if len(m.By) == 0 {
				fmt.Fprintf(&b, "  %-9s   %s\n", "", "by the text as displayed (a bidi override reverses it)")
			}
			fmt.Fprintf(&b, "  %-9s   family %s\n", "", strings.Join(m.Ancestry, " → "))
			if d := m.Divested; d != nil {
				fmt.Fprintf(&b, "  %-9s   divested from %s on %s (rules on %s skip it unless includeDivested)\n", "", d.From, d.Date, d.From)
			}
			if len(m.Tags) > 0 {
				fmt.Fprintf(&b, "  %-9s   tags %s\n", "", strings.Join(m.Tags, ", "))
			}
		}
		switch {
		case x.Resolved != "":
			e, _ := p.Entity(x.Resolved)
			fmt.Fprintf(&b, "  %-9s %s (%s)\n", "resolves:", x.Resolved, e.Name)
		case x.Conflict:
			fmt.Fprintf(&b, "  %-9s a conflict: it names entities of different family lines\n", "resolves:")
		case !x.Usable:
			fmt.Fprintf(&b, "  %-9s nothing: the value carries no origin claim\n", "resolves:")
		case x.Neutral:
			fmt.Fprintf(&b, "  %-9s nothing: a shared service (code forge, mail provider) names no organisation by itself\n", "resolves:")
		default:
			fmt.Fprintf(&b, "  %-9s nothing in the catalog (as evidence: an unlisted organisation)\n", "resolves:")
		}
	}
	return b.Bytes(), nil
}
