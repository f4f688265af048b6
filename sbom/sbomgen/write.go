package sbomgen

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

const toolVersion = "1.0.0"

func (g *generator) uuid() string {
	h := g.hexDigest(-1, 16)
	b := []byte(h)
	b[12] = '4'
	b[16] = "89ab"[b[16]%4]
	return h[:8] + "-" + string(b[8:12]) + "-" + string(b[12:16]) + "-" + string(b[16:20]) + "-" + string(b[20:32])
}

func (g *generator) write(ctx context.Context) error {
	e := g.e
	o := g.o
	e.beginObject()
	e.keyString("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json")
	e.keyString("bomFormat", "CycloneDX")
	e.keyString("specVersion", "1.6")
	e.keyString("serialNumber", "urn:uuid:"+g.uuid())
	e.keyInt("version", 1)

	// metadata
	e.keyObject("metadata")
	ts := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC).Add(time.Duration(mix(o.Seed)%(90*24*60)) * time.Minute)
	e.keyString("timestamp", ts.Format(time.RFC3339))
	e.keyArray("lifecycles")
	e.elemObject()
	e.keyString("phase", "build")
	e.endObject()
	e.endArray()
	e.keyObject("tools")
	e.keyArray("components")
	e.elemObject()
	e.keyString("type", "application")
	e.keyString("author", "fwprov")
	e.keyString("name", "fwprov-sbomgen")
	e.keyString("version", toolVersion)
	e.endObject()
	e.endArray()
	e.endObject()
	e.keyArray("authors")
	e.elemObject()
	e.keyString("name", "Acme Release Engineering")
	e.keyString("email", "release@acme-radio.example")
	e.endObject()
	e.endArray()
	g.writeRoot()
	g.writeOrg("manufacturer", &orgAcme, orgAcme.name, true)
	g.writeOrg("supplier", &orgAcme, orgAcme.name, true)
	e.keyArray("properties")
	g.prop("ran:kind", string(o.Kind))
	g.prop("fwprov:generator:seed", strconv.FormatUint(o.Seed, 10))
	g.prop("fwprov:generator:components", strconv.Itoa(o.Components))
	e.endArray()
	e.endObject()

	// components
	e.keyArray("components")
	if len(g.nodes) == 0 {
		var p part
		for i := 1; i <= o.Components; i++ {
			if i%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return fmt.Errorf("sbomgen: %w", err)
				}
			}
			g.ident(i, nil, &p)
			g.count(&p)
			g.writePart(&p)
		}
	} else {
		for _, nd := range g.top {
			if err := g.writeNode(ctx, nd); err != nil {
				return err
			}
		}
	}
	e.endArray()

	if o.Dependencies != DependenciesNone {
		if err := g.writeDependencies(ctx); err != nil {
			return err
		}
	}
	e.endObject()
	e.w.WriteByte('\n')
	return nil
}

func (g *generator) count(p *part) {
	if p.hr != nil {
		g.stats.HighRisk++
		g.stats.HighRiskByVendor[p.hr.id]++
	}
}

func (g *generator) writeRoot() {
	e := g.e
	e.keyObject("component")
	e.keyString("bom-ref", g.rootRef)
	e.keyString("type", "firmware")
	g.writeOrg("supplier", &orgAcme, orgAcme.name, true)
	g.writeOrg("manufacturer", &orgAcme, orgAcme.name, true)
	e.keyString("group", "com.acme-radio.ran")
	e.keyString("name", g.product[0]+"-firmware")
	e.keyString("version", g.version)
	e.keyString("description", "Complete software load of the "+g.product[1]+": boot chain, operating system, RAN stacks, O-RAN management plane and cloud-native workloads, as delivered to operators.")
	e.keyArray("hashes")
	e.elemObject()
	e.keyString("alg", "SHA-256")
	e.keyString("content", g.fw.SHA256)
	e.endObject()
	e.elemObject()
	e.keyString("alg", "SHA-512")
	e.keyString("content", g.fw.SHA512)
	e.endObject()
	e.endArray()
	g.writeLicense("LicenseRef-Proprietary")
	e.keyString("copyright", "Copyright (c) 2026 Acme Radio Systems AB. All rights reserved.")
	e.keyString("cpe", "cpe:2.3:o:acme:"+cpeName(g.product[0]+"_firmware")+":"+cpeName(g.version)+":*:*:*:*:*:*:*")
	e.keyString("purl", "pkg:generic/acme/"+g.product[0]+"-firmware@"+g.version)
	e.keyArray("externalReferences")
	g.extRef("distribution", "https://downloads.acme-radio.example/ran/"+g.product[0]+"/"+g.version+"/"+g.product[0]+"-"+g.version+".img")
	g.extRef("release-notes", "https://docs.acme-radio.example/ran/"+g.product[0]+"/"+g.version+"/release-notes")
	e.endArray()
	e.keyArray("properties")
	g.prop("ran:kind", string(g.o.Kind))
	g.prop("ran:function", "core")
	g.prop("acme:image:size", strconv.FormatInt(g.fw.Size, 10))
	if g.o.ImageName != "" {
		g.prop("fwprov:image", g.o.ImageName)
	}
	e.endArray()
	e.endObject()
}

func (g *generator) writeNode(ctx context.Context, nd *node) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sbomgen: %w", err)
	}
	e := g.e
	g.seedFor(nd.index)
	e.elemObject()
	e.keyString("bom-ref", nd.ref)
	typ := nd.tmpl.typ
	if nd.depth > 1 && typ != "container" {
		typ = "library"
		if nd.tmpl.typ == "firmware" || nd.tmpl.typ == "operating-system" {
			typ = "framework"
		}
	}
	e.keyString("type", typ)
	g.writeOrg("supplier", nd.org, nd.org.name, true)
	e.keyString("name", nd.name)
	e.keyString("version", nd.version)
	e.keyString("description", "Assembly "+nd.name+": "+nd.tmpl.title+" of the "+g.product[1]+".")
	g.writeHashes(nd.tmpl.typ == "firmware")
	e.keyString("purl", nd.purl)
	e.keyArray("properties")
	g.prop("ran:function", nd.tmpl.function)
	g.prop("acme:assembly:level", strconv.Itoa(nd.depth))
	e.endArray()
	e.keyArray("components")
	var p part
	for i := nd.index + 1; i <= nd.index+nd.leaves; i++ {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("sbomgen: %w", err)
			}
		}
		g.ident(i, nd, &p)
		g.count(&p)
		g.writePart(&p)
	}
	for _, c := range nd.children {
		if err := g.writeNode(ctx, c); err != nil {
			return err
		}
	}
	e.endArray()
	e.endObject()
	return nil
}

// depCounts weights 0…5 direct dependencies of a part (mean ≈ 2.2).
var depCounts = []int{15, 20, 25, 20, 12, 8}

// partDeps appends the indices part i (owned by nd) depends on: mostly
// later parts of the same assembly, sometimes any later component. Every
// edge points to a higher index, so the graph is acyclic.
func (g *generator) partDeps(i int, nd *node, out []int) []int {
	g.depSeedFor(i)
	r := g.drng
	n := g.o.Components
	if i >= n {
		return out
	}
	var sum, k int
	for _, w := range depCounts {
		sum += w
	}
	x := r.IntN(sum)
	for k = 0; k < len(depCounts)-1 && x >= depCounts[k]; k++ {
		x -= depCounts[k]
	}
	end := n
	if nd != nil {
		end = nd.index + nd.leaves
	}
outer:
	for ; k > 0; k-- {
		var j int
		if i < end && r.IntN(4) != 0 {
			span := min(end-i, 64)
			j = i + 1 + r.IntN(span)
		} else {
			j = i + 1 + r.IntN(n-i)
		}
		for _, have := range out {
			if have == j {
				continue outer
			}
		}
		out = append(out, j)
	}
	return out
}

func (g *generator) writeDependencies(ctx context.Context) error {
	e := g.e
	e.keyArray("dependencies")
	entry := func(ref string, deps func()) {
		e.elemObject()
		e.keyString("ref", ref)
		e.keyArray("dependsOn")
		deps()
		e.endArray()
		e.endObject()
		g.stats.DependencyEntries++
	}
	var idx []int
	partEntry := func(i int, nd *node) {
		idx = idx[:0]
		if g.o.Dependencies == DependenciesFull {
			idx = g.partDeps(i, nd, idx)
		}
		refs := make([]string, len(idx))
		for k, j := range idx {
			refs[k] = g.refOf(j)
		}
		var p part
		g.ident(i, nd, &p)
		entry(p.ref, func() {
			for _, ref := range refs {
				e.elemString(ref)
			}
		})
		g.stats.DependencyEdges += len(refs)
	}
	if len(g.nodes) == 0 {
		// A flat document: the firmware contains, so depends on, every part.
		var p part
		entry(g.rootRef, func() {
			for i := 1; i <= g.o.Components; i++ {
				g.ident(i, nil, &p)
				e.elemString(p.ref)
			}
		})
		g.stats.DependencyEdges += g.o.Components
		for i := 1; i <= g.o.Components; i++ {
			if i%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return fmt.Errorf("sbomgen: %w", err)
				}
			}
			partEntry(i, nil)
		}
		e.endArray()
		return nil
	}
	entry(g.rootRef, func() {
		for _, nd := range g.top {
			e.elemString(nd.ref)
		}
	})
	g.stats.DependencyEdges += len(g.top)
	var p part
	for _, nd := range g.nodes {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("sbomgen: %w", err)
		}
		entry(nd.ref, func() {
			for i := nd.index + 1; i <= nd.index+nd.leaves; i++ {
				g.ident(i, nd, &p)
				e.elemString(p.ref)
			}
			for _, c := range nd.children {
				e.elemString(c.ref)
			}
		})
		g.stats.DependencyEdges += nd.leaves + len(nd.children)
		for i := nd.index + 1; i <= nd.index+nd.leaves; i++ {
			if i%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return fmt.Errorf("sbomgen: %w", err)
				}
			}
			partEntry(i, nd)
		}
	}
	e.endArray()
	return nil
}
