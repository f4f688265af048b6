package sbom

import (
	"slices"
)

// Label names a component for messages: "group/name@version", or as much of
// it as the component has; the bom-ref when it has no name.
func (c *Component) Label() string {
	if c == nil {
		return "(none)"
	}
	name := c.Name
	if name == "" {
		if c.Ref != "" {
			return c.Ref
		}
		return "(unnamed component)"
	}
	if c.Group == "" && c.Version == "" {
		return name
	}
	n := len(name) + len(c.Group) + len(c.Version) + 2
	b := make([]byte, 0, n)
	if c.Group != "" {
		b = append(b, c.Group...)
		b = append(b, '/')
	}
	b = append(b, name...)
	if c.Version != "" {
		b = append(b, '@')
		b = append(b, c.Version...)
	}
	return string(b)
}

// PropertyValue returns the value of the first property named name.
func (c *Component) PropertyValue(name string) (string, bool) {
	for i := range c.Properties {
		if c.Properties[i].Name == name {
			return c.Properties[i].Value, true
		}
	}
	return "", false
}

// ContainmentPath returns the chain of enclosing components from the
// outermost (the root, when the document has one) down to c itself.
func (c *Component) ContainmentPath() []*Component {
	n := 0
	for p := c; p != nil; p = p.Parent {
		n++
	}
	path := make([]*Component, n)
	for p := c; p != nil; p = p.Parent {
		n--
		path[n] = p
	}
	return path
}

// DependencyPath returns a shortest path over DependsOn from the root to c
// (root first, c last), or nil when c cannot be reached. When the root has
// no dependencies entry (or there is no root), the top-level components are
// taken as what the root depends on, and the path starts at the root (or,
// without a root, at a top-level component).
func (d *Document) DependencyPath(c *Component) []*Component {
	if c == nil || c.Index < 0 || c.Index >= len(d.Components) || d.Components[c.Index] != c || d.depReached == nil {
		return nil
	}
	if !d.depReached[c.Index] {
		return nil
	}
	var path []*Component
	for i := int32(c.Index); i >= 0; i = d.depPred[i] {
		path = append(path, d.Components[i])
	}
	if d.Root != nil && path[len(path)-1] != d.Root {
		path = append(path, d.Root)
	}
	slices.Reverse(path)
	return path
}

// computeDependencyPaths runs one breadth-first search from the root (or
// from the top-level components when the root has no dependencies entry)
// over the dependency graph.
func (st *indexState) computeDependencyPaths() {
	d := st.doc
	n := len(d.Components)
	d.depPred = make([]int32, n)
	d.depReached = make([]bool, n)
	for i := range d.depPred {
		d.depPred[i] = -1
	}
	queue := make([]int32, 0, 64)
	if d.Root != nil && st.entry != nil && st.entry[d.Root.Index] {
		d.depReached[d.Root.Index] = true
		queue = append(queue, int32(d.Root.Index))
	} else {
		if d.Root != nil {
			d.depReached[d.Root.Index] = true
		}
		for _, c := range d.Components {
			if c.Depth == 1 {
				d.depReached[c.Index] = true
				queue = append(queue, int32(c.Index))
			}
		}
	}
	for head := 0; head < len(queue); head++ {
		v := queue[head]
		for _, w := range st.adj[st.start[v]:st.start[v+1]] {
			if d.depReached[w] {
				continue
			}
			d.depReached[w] = true
			d.depPred[w] = v
			queue = append(queue, w)
		}
	}
}

// isOriginField reports whether f is label evidence (supplier,
// manufacturer, provider, the BOM metadata's supplier and manufacturer):
// what an enclosed part inherits.
func isOriginField(f Field) bool { return f.Claim() == ClaimLabel }

// inheritable returns the label evidence of ev marked as inherited from
// from, or nil when there is none.
func inheritable(ev []Evidence, from string) []Evidence {
	n := 0
	for i := range ev {
		if isOriginField(ev[i].Field) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Evidence, 0, n)
	for _, e := range ev {
		if isOriginField(e.Field) {
			e.Inherited = true
			e.From = from
			out = append(out, e)
		}
	}
	return out
}

// computeInheritance decides once, for every part, what it inherits: the
// label evidence of the nearest enclosing part that has some (the root
// included, whose own evidence holds the BOM metadata's supplier and
// manufacturer), else, in a document without a root, that of the BOM
// metadata. The root inherits nothing: the metadata is its own evidence.
func (d *Document) computeInheritance() {
	d.inherit = make([][]Evidence, len(d.Components))
	var meta []Evidence
	if d.Root == nil {
		meta = inheritable(d.MetadataEvidence, "metadata")
	}
	own := make(map[int][]Evidence) // inheritable evidence of assemblies, built on demand
	for _, c := range d.Components {
		p := c.Parent
		if p == nil {
			if !c.IsRoot {
				d.inherit[c.Index] = meta
			}
			continue
		}
		// Parts come in pre-order: the parent is settled already.
		ev, ok := own[p.Index]
		if !ok {
			from := p.Ref
			if from == "" {
				from = p.Label()
			}
			ev = inheritable(p.Evidence, from)
			own[p.Index] = ev
		}
		if ev != nil {
			d.inherit[c.Index] = ev
		} else {
			d.inherit[c.Index] = d.inherit[p.Index]
		}
	}
}

// InheritedEvidence returns the origin evidence c inherits: the label
// evidence (supplier, manufacturer, provider) of the nearest enclosing part
// that has some — the assembly it is nested in, the component whose
// pedigree lists it, the service that nests it, else the root, whose own
// evidence includes the BOM metadata's supplier and manufacturer — or, in
// a document without a root, the BOM metadata's. Every item is marked
// Inherited, with From naming the part (bom-ref, or label) or "metadata".
// The root inherits nothing. The returned slice is shared: do not modify
// it.
func (d *Document) InheritedEvidence(c *Component) []Evidence {
	if c == nil || c.Index < 0 || c.Index >= len(d.inherit) || d.Components[c.Index] != c {
		return nil
	}
	return d.inherit[c.Index]
}
