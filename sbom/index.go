package sbom

import (
	"context"
	"slices"
	"strconv"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"
)

// maxCycleProblems bounds how many dependency cycles are listed one by one;
// the rest are counted in one summary problem.
const maxCycleProblems = 100

// maxCycleMembers bounds how many members a cycle problem names.
const maxCycleMembers = 10

// indexState is the working state of buildIndex that is not kept.
type indexState struct {
	doc *Document
	lim Limits
	ctx context.Context
	// The dependency graph over component indexes: the targets of i are
	// adj[start[i]:start[i+1]]; entry[i] says whether i has a
	// dependencies entry (nil: none has).
	start []int32
	adj   []int32
	entry []bool
}

// frame is one level of the iterative depth-first walk over the parts of
// a BOM: a list of components (with the role they play) or of services.
type frame struct {
	comps  []cdx.Component
	svcs   []cdx.Service
	role   Role
	next   int
	parent *Component
	depth  int
}

func (f *frame) len() int { return len(f.comps) + len(f.svcs) }

// children pushes, in reverse order of visit, the frames of what a part
// holds: a component's nested components, then the ancestors, descendants
// and variants of its pedigree; a service's nested services.
func children(stack []frame, c *cdx.Component, s *cdx.Service, parent *Component, depth int) []frame {
	if s != nil {
		if s.Services != nil && len(*s.Services) > 0 {
			stack = append(stack, frame{svcs: *s.Services, role: RoleService, parent: parent, depth: depth})
		}
		return stack
	}
	if p := c.Pedigree; p != nil {
		for _, l := range []struct {
			list *[]cdx.Component
			role Role
		}{{p.Variants, RoleVariant}, {p.Descendants, RoleDescendant}, {p.Ancestors, RoleAncestor}} {
			if l.list != nil && len(*l.list) > 0 {
				stack = append(stack, frame{comps: *l.list, role: l.role, parent: parent, depth: depth})
			}
		}
	}
	if c.Components != nil && len(*c.Components) > 0 {
		stack = append(stack, frame{comps: *c.Components, parent: parent, depth: depth})
	}
	return stack
}

// buildIndex fills the Document's index from doc.BOM: the flat list of
// parts (components, services, pedigree components), ByRef, DependsOn,
// evidence, the dependency BFS, and Problems.
func buildIndex(ctx context.Context, doc *Document, lim Limits) error {
	bom := doc.BOM
	var rootCDX *cdx.Component
	if bom.Metadata != nil {
		rootCDX = bom.Metadata.Component
	}
	var top []cdx.Component
	var svcs []cdx.Service
	if bom.Components != nil {
		top = *bom.Components
	}
	if bom.Services != nil {
		svcs = *bom.Services
	}

	// Count first, so the parts are allocated in one block, and so a
	// document over the limits is refused before the work.
	n, props, hashes, err := countComponents(rootCDX, top, svcs, lim)
	if err != nil {
		return err
	}
	slab := make([]Component, n)
	doc.Components = make([]*Component, 0, n)
	propSlab := make([]Property, 0, props)
	hashSlab := make([]Hash, 0, hashes)
	addProps := func(comp *Component, ps *[]cdx.Property) {
		if ps != nil && len(*ps) > 0 {
			start := len(propSlab)
			for _, p := range *ps {
				propSlab = append(propSlab, Property{Name: p.Name, Value: p.Value})
			}
			comp.Properties = propSlab[start:len(propSlab):len(propSlab)]
		}
	}
	next := func(parent *Component, depth int, role Role) *Component {
		i := len(doc.Components)
		comp := &slab[i]
		comp.Index = i
		comp.Parent = parent
		comp.Depth = depth
		comp.Role = role
		doc.Components = append(doc.Components, comp)
		return comp
	}
	add := func(c *cdx.Component, parent *Component, depth int, role Role) *Component {
		comp := next(parent, depth, role)
		comp.CDX = c
		comp.Ref = c.BOMRef
		comp.Type = string(c.Type)
		comp.Group = c.Group
		comp.Name = c.Name
		comp.Version = c.Version
		comp.PURL = c.PackageURL
		comp.CPE = c.CPE
		addProps(comp, c.Properties)
		if c.Hashes != nil && len(*c.Hashes) > 0 {
			start := len(hashSlab)
			for _, h := range *c.Hashes {
				hashSlab = append(hashSlab, Hash{Algorithm: string(h.Algorithm), Value: strings.ToLower(h.Value)})
			}
			comp.Hashes = hashSlab[start:len(hashSlab):len(hashSlab)]
		}
		return comp
	}
	addService := func(s *cdx.Service, parent *Component, depth int) *Component {
		comp := next(parent, depth, RoleService)
		comp.Service = s
		comp.Ref = s.BOMRef
		comp.Type = string(RoleService)
		comp.Group = s.Group
		comp.Name = s.Name
		comp.Version = s.Version
		addProps(comp, s.Properties)
		return comp
	}

	var root *Component
	stack := make([]frame, 0, 16)
	topDepth := 1
	if rootCDX != nil {
		root = add(rootCDX, nil, 0, RoleComponent)
		root.IsRoot = true
		doc.Root = root
	}
	// Document order: metadata (the root's own parts) precede components,
	// which precede services.
	if len(svcs) > 0 {
		stack = append(stack, frame{svcs: svcs, role: RoleService, parent: root, depth: topDepth})
	}
	if len(top) > 0 {
		stack = append(stack, frame{comps: top, parent: root, depth: topDepth})
	}
	if rootCDX != nil {
		stack = children(stack, rootCDX, nil, root, topDepth)
	}
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if f.next == f.len() {
			stack = stack[:len(stack)-1]
			continue
		}
		var comp *Component
		var c *cdx.Component
		var s *cdx.Service
		if f.svcs != nil {
			s = &f.svcs[f.next]
			comp = addService(s, f.parent, f.depth)
		} else {
			c = &f.comps[f.next]
			comp = add(c, f.parent, f.depth, f.role)
		}
		f.next++
		depth := f.depth + 1
		if comp.Index&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		stack = children(stack, c, s, comp, depth)
	}

	// Evidence extraction (Component.Evidence, MetadataEvidence) shares
	// nothing with the reference and dependency index (ByRef, DependsOn,
	// Problems): on a large document they run side by side.
	st := &indexState{doc: doc, lim: lim, ctx: ctx}
	var exErr error
	exDone := make(chan struct{})
	if len(doc.Components) >= minParallelEvidence {
		go func() {
			defer close(exDone)
			exErr = extractAll(ctx, doc)
		}()
	} else {
		exErr = extractAll(ctx, doc)
		close(exDone)
	}
	st.indexRefs()
	depErr := st.indexDependencies()
	<-exDone
	if depErr != nil {
		return depErr
	}
	if exErr != nil {
		return exErr
	}
	// Annotations name their subjects by bom-ref: they are attached once
	// the reference index is complete.
	doc.attachAnnotations()
	doc.Problems = append(doc.Problems, doc.evProblems...)
	doc.evProblems = nil
	doc.computeInheritance()
	st.computeDependencyPaths()
	return nil
}

// countComponents counts the parts (nested components, pedigree
// components and services included), properties and hashes, enforcing
// MaxComponents and MaxDepth. It walks iteratively.
func countComponents(root *cdx.Component, top []cdx.Component, svcs []cdx.Service, lim Limits) (n, props, hashes int, err error) {
	stack := make([]frame, 0, 16)
	if len(svcs) > 0 {
		stack = append(stack, frame{svcs: svcs, depth: 1})
	}
	if len(top) > 0 {
		stack = append(stack, frame{comps: top, depth: 1})
	}
	if root != nil {
		n++
		if root.Properties != nil {
			props += len(*root.Properties)
		}
		if root.Hashes != nil {
			hashes += len(*root.Hashes)
		}
		stack = children(stack, root, nil, nil, 1)
	}
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if f.next == f.len() {
			stack = stack[:len(stack)-1]
			continue
		}
		if f.depth > lim.MaxDepth {
			return 0, 0, 0, errorf(ErrTooDeep, "components nested deeper than the limit of %d levels", lim.MaxDepth)
		}
		var c *cdx.Component
		var s *cdx.Service
		if f.svcs != nil {
			s = &f.svcs[f.next]
			if s.Properties != nil {
				props += len(*s.Properties)
			}
		} else {
			c = &f.comps[f.next]
			if c.Properties != nil {
				props += len(*c.Properties)
			}
			if c.Hashes != nil {
				hashes += len(*c.Hashes)
			}
		}
		f.next++
		n++
		if n > lim.MaxComponents {
			return 0, 0, 0, errorf(ErrTooMany, "more than the limit of %d components", lim.MaxComponents)
		}
		stack = children(stack, c, s, nil, f.depth+1)
	}
	return n, props, hashes, nil
}

// indexRefs fills ByRef and reports duplicate and missing bom-refs and a
// missing root.
func (st *indexState) indexRefs() {
	doc := st.doc
	doc.ByRef = make(map[string]*Component, len(doc.Components))
	for _, c := range doc.Components {
		if c.Ref == "" {
			doc.Problems = append(doc.Problems, Problem{
				Kind:    ProblemMissingRef,
				Message: "component " + quoteLabel(c) + " has no bom-ref: nothing can refer to it",
			})
			continue
		}
		if first, dup := doc.ByRef[c.Ref]; dup {
			doc.Problems = append(doc.Problems, Problem{
				Kind: ProblemDuplicateRef,
				Ref:  c.Ref,
				Message: "bom-ref " + strconv.Quote(clip(c.Ref, 200)) + " is declared again by component " + quoteLabel(c) +
					" (first declared by " + quoteLabel(first) + "); the first declaration is used",
			})
			continue
		}
		doc.ByRef[c.Ref] = c
	}
	if doc.Root == nil {
		doc.Problems = append(doc.Problems, Problem{
			Kind:    ProblemNoRoot,
			Message: "the document does not describe its subject: metadata.component is missing",
		})
	}
}

func quoteLabel(c *Component) string {
	return strconv.Quote(clip(c.Label(), 200))
}

// indexDependencies resolves dependencies by bom-ref into DependsOn,
// reporting dangling references and self-dependencies, builds the graph
// over component indexes (each reference looked up once), and finds cycles.
func (st *indexState) indexDependencies() error {
	doc := st.doc
	bom := doc.BOM
	n := len(doc.Components)
	st.start = make([]int32, n+1)
	if bom.Dependencies == nil || len(*bom.Dependencies) == 0 {
		doc.DependsOn = map[string][]string{}
		return nil
	}
	deps := *bom.Dependencies
	doc.DependsOn = make(map[string][]string, len(deps))
	type edge struct{ from, to int32 }
	edges := make([]edge, 0, len(deps)*2)
	var targets []int32 // scratch: resolved targets of one entry (-1: dropped)
	for i := range deps {
		d := &deps[i]
		if i&0xfff == 0 {
			if err := st.ctx.Err(); err != nil {
				return err
			}
		}
		fromC, ok := doc.ByRef[d.Ref]
		if !ok {
			doc.Problems = append(doc.Problems, Problem{
				Kind:    ProblemDanglingRef,
				Ref:     d.Ref,
				Message: "dependencies entry for " + strconv.Quote(clip(d.Ref, 200)) + ", which no component declares",
			})
			continue
		}
		from := int32(fromC.Index)
		var on []string
		if d.Dependencies != nil {
			on = *d.Dependencies
		}
		if len(edges)+len(on) > st.lim.MaxDependencyEdges {
			return errorf(ErrTooMany, "more than the limit of %d dependency edges", st.lim.MaxDependencyEdges)
		}
		targets = targets[:0]
		clean := true
		for _, t := range on {
			tc, ok := doc.ByRef[t]
			switch {
			case !ok:
				clean = false
				targets = append(targets, -1)
				doc.Problems = append(doc.Problems, Problem{
					Kind:    ProblemDanglingRef,
					Ref:     t,
					Message: strconv.Quote(clip(d.Ref, 200)) + " depends on " + strconv.Quote(clip(t, 200)) + ", which no component declares",
				})
			case t == d.Ref || tc.Index == int(from):
				clean = false
				targets = append(targets, -1)
				doc.Problems = append(doc.Problems, Problem{
					Kind:    ProblemSelfDependency,
					Ref:     t,
					Message: strconv.Quote(clip(t, 200)) + " depends on itself",
				})
			default:
				targets = append(targets, int32(tc.Index))
				edges = append(edges, edge{from, int32(tc.Index)})
			}
		}
		if !clean {
			// Keep the document's slice unless something was dropped.
			kept := make([]string, 0, len(on))
			for k, t := range on {
				if targets[k] >= 0 {
					kept = append(kept, t)
				}
			}
			on = kept
		}
		if prev, seen := doc.DependsOn[d.Ref]; seen {
			// The same ref listed twice: merge (copy, never append into
			// the document's slice).
			merged := make([]string, 0, len(prev)+len(on))
			merged = append(append(merged, prev...), on...)
			on = merged
		}
		doc.DependsOn[d.Ref] = on
		st.hasEntry(int(from))
	}
	// Compressed adjacency: the targets of component i are
	// adj[start[i]:start[i+1]], in document order.
	for _, e := range edges {
		st.start[e.from+1]++
	}
	for i := 0; i < n; i++ {
		st.start[i+1] += st.start[i]
	}
	st.adj = make([]int32, len(edges))
	fill := make([]int32, n)
	copy(fill, st.start[:n])
	for _, e := range edges {
		st.adj[fill[e.from]] = e.to
		fill[e.from]++
	}
	st.findCycles()
	return nil
}

// hasEntry records that component i has a dependencies entry.
func (st *indexState) hasEntry(i int) {
	if st.entry == nil {
		st.entry = make([]bool, len(st.doc.Components))
	}
	st.entry[i] = true
}

// findCycles reports every dependency cycle (strongly connected component
// with more than one member) once, with Tarjan's algorithm run iteratively.
func (st *indexState) findCycles() {
	doc := st.doc
	n := len(doc.Components)
	start, adj := st.start, st.adj
	const unvisited = -1
	index := make([]int32, n)
	low := make([]int32, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = unvisited
	}
	var sccStack []int32
	type tf struct {
		v    int32
		edge int32
	}
	var call []tf
	next := int32(0)
	cycles := 0
	for s := 0; s < n; s++ {
		if index[s] != unvisited || start[s] == start[s+1] {
			continue
		}
		call = append(call[:0], tf{v: int32(s), edge: start[s]})
		index[s], low[s] = next, next
		next++
		sccStack = append(sccStack, int32(s))
		onStack[s] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			v := f.v
			if f.edge < start[v+1] {
				w := adj[f.edge]
				f.edge++
				if index[w] == unvisited {
					index[w], low[w] = next, next
					next++
					sccStack = append(sccStack, w)
					onStack[w] = true
					call = append(call, tf{v: w, edge: start[w]})
				} else if onStack[w] && index[w] < low[v] {
					low[v] = index[w]
				}
				continue
			}
			// v is finished.
			call = call[:len(call)-1]
			if len(call) > 0 {
				p := call[len(call)-1].v
				if low[v] < low[p] {
					low[p] = low[v]
				}
			}
			if low[v] != index[v] {
				continue
			}
			// v roots a strongly connected component.
			k := len(sccStack) - 1
			for sccStack[k] != v {
				k--
			}
			members := sccStack[k:]
			if len(members) > 1 {
				cycles++
				if cycles <= maxCycleProblems {
					doc.Problems = append(doc.Problems, cycleProblem(doc, members))
				}
			}
			for _, m := range members {
				onStack[m] = false
			}
			sccStack = sccStack[:k]
		}
	}
	if cycles > maxCycleProblems {
		doc.Problems = append(doc.Problems, Problem{
			Kind:    ProblemDependencyCycle,
			Message: "… and " + strconv.Itoa(cycles-maxCycleProblems) + " more dependency cycles (" + strconv.Itoa(cycles) + " in total)",
		})
	}
}

// cycleProblem describes one strongly connected component. members are in
// Tarjan stack order; they are listed in document order.
func cycleProblem(doc *Document, members []int32) Problem {
	idx := make([]int, len(members))
	for i, m := range members {
		idx[i] = int(m)
	}
	slices.Sort(idx)
	var b strings.Builder
	b.WriteString("dependency cycle among ")
	b.WriteString(strconv.Itoa(len(idx)))
	b.WriteString(" components: ")
	for i, m := range idx {
		if i == maxCycleMembers {
			b.WriteString(", … ")
			b.WriteString(strconv.Itoa(len(idx) - maxCycleMembers))
			b.WriteString(" more")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(clip(doc.Components[m].Ref, 120)))
	}
	return Problem{Kind: ProblemDependencyCycle, Ref: doc.Components[idx[0]].Ref, Message: b.String()}
}
