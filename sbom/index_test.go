package sbom

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
)

const assemblyJSON = `{
  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "metadata": {
    "supplier": {"name": "Meta Supplier"},
    "component": {"type": "firmware", "bom-ref": "fw", "name": "du-fw", "version": "5.1",
      "supplier": {"name": "Acme RAN AB", "address": {"country": "SE"}},
      "components": [{"type": "file", "bom-ref": "cal", "name": "rf-cal"}]}
  },
  "components": [
    {"type": "firmware", "bom-ref": "bsp", "group": "hisilicon", "name": "bsp", "version": "2.1",
     "supplier": {"name": "HiSilicon"},
     "properties": [{"name": "ran:function", "value": "access"}, {"name": "ran:function", "value": "second"}],
     "components": [
       {"type": "library", "bom-ref": "phy", "name": "phy",
        "components": [{"type": "file", "bom-ref": "tables", "name": "tables"}]},
       {"type": "library", "name": "no-ref"}
     ]},
    {"type": "library", "bom-ref": "openssl", "name": "openssl", "version": "3.0.13",
     "supplier": {"name": "OpenSSL Foundation"}, "purl": "pkg:generic/openssl@3.0.13"},
    {"type": "library", "bom-ref": "openssl", "name": "openssl-again"},
    {"type": "library", "bom-ref": "loose", "name": "loose"}
  ],
  "dependencies": [
    {"ref": "fw", "dependsOn": ["bsp", "openssl"]},
    {"ref": "bsp", "dependsOn": ["phy", "ghost", "bsp"]},
    {"ref": "phy", "dependsOn": ["tables", "openssl"]},
    {"ref": "tables", "dependsOn": ["phy"]},
    {"ref": "nobody", "dependsOn": ["fw"]}
  ]
}`

func TestIndex(t *testing.T) {
	doc, err := Parse(context.Background(), "a.json", []byte(assemblyJSON), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, c := range doc.Components {
		order = append(order, c.Name+"@"+strconv.Itoa(c.Depth))
	}
	if got, want := strings.Join(order, " "), "du-fw@0 rf-cal@1 bsp@1 phy@2 tables@3 no-ref@2 openssl@1 openssl-again@1 loose@1"; got != want {
		t.Errorf("order\n got  %s\n want %s", got, want)
	}
	if doc.Root == nil || !doc.Root.IsRoot || doc.Components[0] != doc.Root {
		t.Fatalf("root %+v", doc.Root)
	}
	if doc.ByRef["openssl"].Name != "openssl" {
		t.Errorf("first declaration must win")
	}
	tables := doc.ByRef["tables"]
	if got := labels(tables.ContainmentPath()); got != "du-fw@5.1 > hisilicon/bsp@2.1 > phy > tables" {
		t.Errorf("containment %s", got)
	}
	if got := labels(doc.DependencyPath(tables)); got != "du-fw@5.1 > hisilicon/bsp@2.1 > phy > tables" {
		t.Errorf("dependency path %s", got)
	}
	if got := labels(doc.DependencyPath(doc.ByRef["openssl"])); got != "du-fw@5.1 > openssl@3.0.13" {
		t.Errorf("dependency path %s", got)
	}
	if p := doc.DependencyPath(doc.ByRef["loose"]); p != nil {
		t.Errorf("loose is unreachable, got %s", labels(p))
	}
	if got := labels(doc.DependencyPath(doc.Root)); got != "du-fw@5.1" {
		t.Errorf("root path %s", got)
	}
	if v, ok := doc.ByRef["bsp"].PropertyValue("ran:function"); !ok || v != "access" {
		t.Errorf("PropertyValue = %q, %v", v, ok)
	}
	if _, ok := doc.ByRef["bsp"].PropertyValue("missing"); ok {
		t.Errorf("missing property found")
	}
	// bsp's self-dependency and dangling "ghost" are dropped.
	if got := strings.Join(doc.DependsOn["bsp"], ","); got != "phy" {
		t.Errorf("DependsOn[bsp] = %s", got)
	}
	if _, ok := doc.DependsOn["nobody"]; ok {
		t.Errorf("dangling entry kept")
	}

	kinds := map[ProblemKind][]string{}
	for _, p := range doc.Problems {
		kinds[p.Kind] = append(kinds[p.Kind], p.Ref)
		if strings.ContainsAny(p.Message, "\n") || p.Message == "" {
			t.Errorf("bad message %q", p.Message)
		}
	}
	wantKinds := map[ProblemKind]string{
		ProblemMissingRef:      "",
		ProblemDuplicateRef:    "openssl",
		ProblemDanglingRef:     "ghost,nobody",
		ProblemSelfDependency:  "bsp",
		ProblemDependencyCycle: "phy",
	}
	for k, want := range wantKinds {
		if got := strings.Join(kinds[k], ","); got != want {
			t.Errorf("problems %s: refs %q, want %q", k, got, want)
		}
	}
	if len(kinds[ProblemNoRoot]) != 0 {
		t.Errorf("unexpected no-root problem")
	}

	// Inheritance: phy and tables inherit bsp's supplier; rf-cal and bsp
	// inherit the root's, which includes the metadata's (the root's own
	// evidence); the root inherits nothing.
	checkInherit := func(ref, from, name string) {
		t.Helper()
		inh := doc.InheritedEvidence(doc.ByRef[ref])
		if len(inh) == 0 || inh[0].From != from || inh[0].Value != name || !inh[0].Inherited {
			t.Errorf("%s inherits %+v, want %s from %s", ref, inh, name, from)
		}
	}
	checkInherit("phy", "bsp", "HiSilicon")
	checkInherit("tables", "bsp", "HiSilicon")
	checkInherit("cal", "fw", "Acme RAN AB")
	checkInherit("bsp", "fw", "Acme RAN AB")
	if inh := doc.InheritedEvidence(doc.Root); len(inh) != 0 {
		t.Errorf("the root inherits %+v", inh)
	}
	if inh := doc.InheritedEvidence(doc.ByRef["cal"]); len(inh) != 3 || inh[1].Field != FieldSupplierCountry ||
		inh[2].Field != FieldMetadataSupplierName || inh[2].Value != "Meta Supplier" || inh[2].From != "fw" {
		t.Errorf("rf-cal inherits %+v", inh)
	}
	noRef := doc.Components[5]
	if inh := doc.InheritedEvidence(noRef); len(inh) == 0 || inh[0].From != "bsp" {
		t.Errorf("no-ref inherits %+v", inh)
	}
}

func labels(path []*Component) string {
	var s []string
	for _, c := range path {
		s = append(s, c.Label())
	}
	return strings.Join(s, " > ")
}

func TestIndexWithoutRoot(t *testing.T) {
	data := []byte(`{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,
	 "metadata":{"supplier":{"name":"Vendor"}},
	 "components":[
	   {"type":"library","bom-ref":"a","name":"a","components":[{"type":"library","bom-ref":"a1","name":"a1"}]},
	   {"type":"library","bom-ref":"b","name":"b"}],
	 "dependencies":[{"ref":"b","dependsOn":["a1"]}]}`)
	doc, err := Parse(context.Background(), "nr.json", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Root != nil {
		t.Fatal("unexpected root")
	}
	found := false
	for _, p := range doc.Problems {
		found = found || p.Kind == ProblemNoRoot
	}
	if !found {
		t.Errorf("no %s problem: %+v", ProblemNoRoot, doc.Problems)
	}
	a1 := doc.ByRef["a1"]
	if a1.Parent != doc.ByRef["a"] || doc.ByRef["a"].Parent != nil || a1.Depth != 2 {
		t.Errorf("parents wrong")
	}
	// No root: the top-level components are the BFS sources.
	if got := labels(doc.DependencyPath(a1)); got != "b > a1" {
		t.Errorf("dependency path %q", got)
	}
	if got := labels(a1.ContainmentPath()); got != "a > a1" {
		t.Errorf("containment %q", got)
	}
	if inh := doc.InheritedEvidence(doc.ByRef["b"]); len(inh) != 1 || inh[0].From != "metadata" || inh[0].Value != "Vendor" {
		t.Errorf("b inherits %+v", inh)
	}
	if inh := doc.InheritedEvidence(a1); len(inh) != 1 || inh[0].From != "metadata" {
		t.Errorf("a1 inherits %+v", inh)
	}
	if doc.InheritedEvidence(&Component{Index: 0}) != nil || doc.DependencyPath(&Component{Index: 0}) != nil {
		t.Errorf("a foreign component must give nil")
	}
}

func TestRootWithoutDependencyEntry(t *testing.T) {
	data := []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
	 "metadata":{"component":{"type":"firmware","bom-ref":"fw","name":"fw"}},
	 "components":[{"type":"library","bom-ref":"a","name":"a"},{"type":"library","bom-ref":"b","name":"b"}],
	 "dependencies":[{"ref":"a","dependsOn":["b"]}]}`)
	doc, err := Parse(context.Background(), "x.json", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := labels(doc.DependencyPath(doc.ByRef["b"])); got != "fw > b" {
		t.Errorf("path %q (top-level components hang off the root)", got)
	}
}

// TestDependencyCycles builds many disjoint cycles and one long one: each is
// reported once, the count is bounded with a summary, nothing recurses.
func TestDependencyCycles(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{"component":{"type":"firmware","bom-ref":"fw","name":"fw"}},"components":[`)
	const pairs = 150
	const ring = 50000
	for i := 0; i < pairs*2+ring; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"type":"library","bom-ref":"c` + strconv.Itoa(i) + `","name":"c` + strconv.Itoa(i) + `"}`)
	}
	b.WriteString(`],"dependencies":[{"ref":"fw","dependsOn":["c0","c` + strconv.Itoa(pairs*2) + `"]}`)
	for i := 0; i < pairs; i++ {
		x, y := "c"+strconv.Itoa(2*i), "c"+strconv.Itoa(2*i+1)
		b.WriteString(`,{"ref":"` + x + `","dependsOn":["` + y + `"]},{"ref":"` + y + `","dependsOn":["` + x + `"]}`)
	}
	for i := 0; i < ring; i++ {
		from := pairs*2 + i
		to := pairs*2 + (i+1)%ring
		b.WriteString(`,{"ref":"c` + strconv.Itoa(from) + `","dependsOn":["c` + strconv.Itoa(to) + `"]}`)
	}
	b.WriteString(`]}`)
	doc, err := Parse(context.Background(), "cycles.json", b.Bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var cycles []Problem
	for _, p := range doc.Problems {
		if p.Kind == ProblemDependencyCycle {
			cycles = append(cycles, p)
		}
	}
	if len(cycles) != maxCycleProblems+1 {
		t.Fatalf("%d cycle problems, want %d listed + 1 summary", len(cycles), maxCycleProblems)
	}
	if !strings.Contains(cycles[0].Message, `2 components: "c0", "c1"`) {
		t.Errorf("first cycle: %s", cycles[0].Message)
	}
	last := cycles[len(cycles)-1].Message
	if !strings.Contains(last, "51 more dependency cycles (151 in total)") {
		t.Errorf("summary: %s", last)
	}
	// The long ring is reachable and its paths are shortest.
	far := doc.ByRef["c"+strconv.Itoa(pairs*2+ring-1)]
	if p := doc.DependencyPath(far); len(p) != ring+1 {
		t.Errorf("path to the end of the ring has %d steps", len(p))
	}
}

func TestLabel(t *testing.T) {
	tests := []struct {
		c    Component
		want string
	}{
		{Component{Name: "n"}, "n"},
		{Component{Name: "n", Version: "1"}, "n@1"},
		{Component{Group: "g", Name: "n", Version: "1"}, "g/n@1"},
		{Component{Group: "g", Name: "n"}, "g/n"},
		{Component{Ref: "r"}, "r"},
		{Component{}, "(unnamed component)"},
	}
	for _, tt := range tests {
		if got := tt.c.Label(); got != tt.want {
			t.Errorf("Label(%+v) = %q, want %q", tt.c, got, tt.want)
		}
	}
	var nilc *Component
	if nilc.Label() != "(none)" {
		t.Errorf("nil label")
	}
}
