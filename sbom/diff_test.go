package sbom_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/fwprov/fwprov/sbom"
)

// bomJSON builds a small CycloneDX 1.6 document: a firmware root and the
// given top-level components (JSON objects without the braces).
func bomJSON(rootVersion string, comps ...string) []byte {
	return []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
"metadata":{"component":{"type":"firmware","bom-ref":"fw","name":"fw","version":"` + rootVersion + `",
  "supplier":{"name":"Acme RAN Solutions GmbH","address":{"country":"DE"}}}},
"components":[` + joinObjects(comps) + `]}`)
}

func joinObjects(objs []string) string {
	var b strings.Builder
	for i, o := range objs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("{" + o + "}")
	}
	return b.String()
}

func mustParse(t *testing.T, name string, data []byte) *sbom.Document {
	t.Helper()
	d, err := sbom.Parse(context.Background(), name, data, sbom.Options{})
	if err != nil {
		t.Fatalf("parse %s: %v\n%s", name, err, data)
	}
	return d
}

// diffLines renders a Diff as comparable lines: "+ ref", "- ref",
// "~ oldref>newref by field,field".
func diffLines(d *sbom.Diff) []string {
	var out []string
	for _, c := range d.Introduced {
		out = append(out, "+ "+c.Ref)
	}
	for _, c := range d.Removed {
		out = append(out, "- "+c.Ref)
	}
	for _, c := range d.Changed {
		var fs []string
		for _, f := range c.Changes {
			fs = append(fs, f.Field)
		}
		out = append(out, fmt.Sprintf("~ %s>%s by %s: %s", c.Old.Ref, c.New.Ref, c.By, strings.Join(fs, ",")))
	}
	return out
}

func TestCompareMatching(t *testing.T) {
	const sup = `"supplier":{"name":"OpenSSL Software Foundation"}`
	tests := []struct {
		name     string
		old, new []string
		want     []string
	}{
		{
			name: "purl without version and qualifiers is the identity",
			old:  []string{`"type":"library","bom-ref":"a","name":"openssl","version":"3.0.11","purl":"pkg:deb/debian/openssl@3.0.11?arch=arm64",` + sup},
			new:  []string{`"type":"library","bom-ref":"b","name":"openssl","version":"3.0.15","purl":"pkg:deb/debian/openssl@3.0.15",` + sup},
			want: []string{"~ a>b by purl: version"},
		},
		{
			name: "different purls are different components whatever the ref and name say",
			old:  []string{`"type":"library","bom-ref":"x","name":"bfw","version":"1","purl":"pkg:generic/nordlys/bfw@1"`},
			new:  []string{`"type":"library","bom-ref":"x","name":"bfw","version":"1","purl":"pkg:generic/huawei/bfw@1"`},
			want: []string{"+ x", "- x"},
		},
		{
			name: "bom-ref pairs components without purls; a rename is a change",
			old:  []string{`"type":"library","bom-ref":"r1","name":"oam-agent","version":"1"`},
			new:  []string{`"type":"library","bom-ref":"r1","name":"mplane-agent","version":"1"`},
			want: []string{"~ r1>r1 by bom-ref: name"},
		},
		{
			name: "group and name, case-insensitive, when nothing else matches",
			old:  []string{`"type":"library","bom-ref":"p","group":"acme","name":"L2-Stack","version":"1"`},
			new:  []string{`"type":"library","bom-ref":"q","group":"acme","name":"l2-stack","version":"2"`},
			want: []string{"~ p>q by name: version"},
		},
		{
			name: "a purl appearing on a component matched by name is a change",
			old:  []string{`"type":"library","bom-ref":"p","name":"zlib","version":"1.3"`},
			new:  []string{`"type":"library","bom-ref":"q","name":"zlib","version":"1.3","purl":"pkg:generic/zlib@1.3"`},
			want: []string{"~ p>q by name: purl"},
		},
		{
			name: "group differs: not the same component",
			old:  []string{`"type":"library","bom-ref":"p","group":"acme","name":"sdk","version":"1"`},
			new:  []string{`"type":"library","bom-ref":"q","group":"kestrel","name":"sdk","version":"1"`},
			want: []string{"+ q", "- p"},
		},
		{
			name: "duplicates: equal versions pair first, the rest in order",
			old: []string{
				`"type":"library","bom-ref":"o1","name":"openssl","version":"1.1.1w","purl":"pkg:generic/openssl@1.1.1w"`,
				`"type":"library","bom-ref":"o3","name":"openssl","version":"3.0.15","purl":"pkg:generic/openssl@3.0.15"`,
			},
			new: []string{
				`"type":"library","bom-ref":"n31","name":"openssl","version":"3.1.0","purl":"pkg:generic/openssl@3.1.0"`,
				`"type":"library","bom-ref":"n3","name":"openssl","version":"3.0.15","purl":"pkg:generic/openssl@3.0.15"`,
			},
			want: []string{"~ o1>n31 by purl: version"}, // o3 and n3 pair, unchanged
		},
		{
			name: "the purl subpath names a different part",
			old:  []string{`"type":"library","bom-ref":"k","name":"linux","version":"6.1","purl":"pkg:generic/linux@6.1"`},
			new: []string{
				`"type":"device-driver","bom-ref":"drv","name":"cdc_ncm","version":"6.12","purl":"pkg:generic/linux@6.12#drivers/net/usb/cdc_ncm.c"`,
				`"type":"library","bom-ref":"k2","name":"linux","version":"6.12","purl":"pkg:generic/linux@6.12"`,
			},
			want: []string{"+ drv", "~ k>k2 by purl: version"},
		},
		{
			name: "supplier and country changes",
			old:  []string{`"type":"library","bom-ref":"c","name":"codec","version":"1","purl":"pkg:generic/codec@1","supplier":{"name":"Kestrel Silicon Inc.","address":{"country":"US"}}`},
			new:  []string{`"type":"library","bom-ref":"c","name":"codec","version":"1","purl":"pkg:generic/codec@1","supplier":{"name":"ZTE Corporation","address":{"country":"CN"}}`},
			want: []string{"~ c>c by purl: supplier,country"},
		},
		{
			name: "nothing changed",
			old:  []string{`"type":"library","bom-ref":"c","name":"codec","version":"1","purl":"pkg:generic/codec@1"`},
			new:  []string{`"type":"library","bom-ref":"c","name":"codec","version":"1","purl":"pkg:generic/codec@1"`},
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := mustParse(t, "old.cdx.json", bomJSON("1", tt.old...))
			new := mustParse(t, "new.cdx.json", bomJSON("1", tt.new...))
			d, err := sbom.Compare(context.Background(), old, new)
			if err != nil {
				t.Fatal(err)
			}
			if got := diffLines(d); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("diff:\n got %q\nwant %q", got, tt.want)
			}
			// Every component is accounted for exactly once on each side.
			paired := len(d.Changed) + d.Unchanged + 1 // + the root
			if paired+len(d.Removed) != len(old.Components) || paired+len(d.Introduced) != len(new.Components) {
				t.Errorf("accounting: %d paired, %d removed of %d, %d introduced of %d", paired, len(d.Removed), len(old.Components), len(d.Introduced), len(new.Components))
			}
			if d.Firmware != nil {
				t.Errorf("unchanged root reported as changed: %+v", d.Firmware)
			}
		})
	}
}

func TestCompareHashesAndOrigins(t *testing.T) {
	h := func(v string) string {
		return `"hashes":[{"alg":"SHA-256","content":"` + strings.Repeat(v, 64) + `"}]`
	}
	old := mustParse(t, "old", bomJSON("1",
		`"type":"firmware","bom-ref":"dsp","name":"dsp-fw","version":"2.0","purl":"pkg:generic/kestrel/dsp-fw@2.0",`+h("a")+`,"supplier":{"name":"Kestrel Silicon Inc.","address":{"country":"US"}}`,
		`"type":"library","bom-ref":"gone","name":"gone","version":"1","supplier":{"name":"Gone Ltd","address":{"country":"GB"}}`,
	))
	new := mustParse(t, "new", bomJSON("2",
		`"type":"firmware","bom-ref":"dsp","name":"dsp-fw","version":"2.0","purl":"pkg:generic/kestrel/dsp-fw@2.0",`+h("b")+`,"supplier":{"name":"Kestrel Silicon Inc.","address":{"country":"US"}}`,
		`"type":"library","bom-ref":"new","name":"codec","version":"1","supplier":{"name":"ZTE Corporation","address":{"country":"CN"}}`,
		`"type":"library","bom-ref":"inh","name":"inh","version":"1","components":[{"type":"library","bom-ref":"child","name":"child","version":"1"}],"supplier":{"name":"ZTE Corporation","address":{"country":"CN"}}`,
	))
	d, err := sbom.Compare(context.Background(), old, new)
	if err != nil {
		t.Fatal(err)
	}
	if d.Firmware == nil || d.Firmware.By != sbom.MatchRoot || d.Firmware.Changes[0] != (sbom.FieldChange{Field: "version", Old: "1", New: "2"}) {
		t.Errorf("firmware change = %+v", d.Firmware)
	}
	if len(d.Changed) != 1 || !d.Changed[0].SameVersionNewHashes || d.Changed[0].Changes[0].Field != "hashes" {
		t.Fatalf("changed = %+v, want dsp-fw with same version, new hashes", d.Changed)
	}
	// The child inherits ZTE and CN from its assembly: 3 components.
	if want := []sbom.NameCount{{Name: "ZTE Corporation", New: 3}}; !reflect.DeepEqual(d.SuppliersAppeared, want) {
		t.Errorf("suppliers appeared = %+v, want %+v", d.SuppliersAppeared, want)
	}
	if want := []sbom.NameCount{{Name: "Gone Ltd", Old: 1}}; !reflect.DeepEqual(d.SuppliersDisappeared, want) {
		t.Errorf("suppliers disappeared = %+v, want %+v", d.SuppliersDisappeared, want)
	}
	if want := []sbom.NameCount{{Name: "CN", New: 3}}; !reflect.DeepEqual(d.CountriesAppeared, want) {
		t.Errorf("countries appeared = %+v, want %+v", d.CountriesAppeared, want)
	}
	if want := []sbom.NameCount{{Name: "GB", Old: 1}}; !reflect.DeepEqual(d.CountriesDisappeared, want) {
		t.Errorf("countries disappeared = %+v, want %+v", d.CountriesDisappeared, want)
	}
	// Counterpart relates the new document's components to the old ones.
	for _, c := range new.Components {
		o, ok := d.Counterpart(c.Index)
		switch c.Ref {
		case "fw", "dsp":
			if !ok || old.Components[o].Ref != c.Ref {
				t.Errorf("counterpart of %s = %d, %v", c.Ref, o, ok)
			}
		default:
			if ok {
				t.Errorf("introduced %s has a counterpart %d", c.Ref, o)
			}
		}
	}
}

func TestCompareCancelled(t *testing.T) {
	doc := mustParse(t, "a", bomJSON("1"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := sbom.Compare(ctx, doc, doc); err == nil {
		t.Fatal("Compare with a cancelled context succeeded")
	}
}

func TestPURLIdentity(t *testing.T) {
	for in, want := range map[string]string{
		"": "",
		"pkg:deb/debian/openssl@3.0.15?arch=arm64&distro=bookworm": "pkg:deb/debian/openssl",
		"pkg:Maven/com.huawei.ran/kit@3.1.0?type=jar":              "pkg:maven/com.huawei.ran/kit",
		"pkg:generic/linux@6.12.20#drivers/net/usb/x.c":            "pkg:generic/linux#drivers/net/usb/x.c",
		"pkg:generic/acme-ran/ars-du5200-load@24.3.1":              "pkg:generic/acme-ran/ars-du5200-load",
		"not a purl@1.0?x=y":                                       "not a purl",
	} {
		if got := sbom.PURLIdentity(in); got != want {
			t.Errorf("PURLIdentity(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCompareTestdataUpgrade diffs the clean DU load against its field
// variant with high-risk parts (testdata/sboms/README.md describes both).
func TestCompareTestdataUpgrade(t *testing.T) {
	ctx := context.Background()
	load := func(name string) *sbom.Document {
		d, err := sbom.Load(ctx, filepath.Join("..", "testdata", "sboms", name), sbom.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	old, new := load("du-5g.cdx.json"), load("du-5g-hr.cdx.json")
	d, err := sbom.Compare(ctx, old, new)
	if err != nil {
		t.Fatal(err)
	}
	var intro, removed []string
	for _, c := range d.Introduced {
		intro = append(intro, c.Ref)
	}
	for _, c := range d.Removed {
		removed = append(removed, c.Ref)
	}
	sort.Strings(intro)
	wantIntro := []string{"hisec-ipsec-offload@2.1.0", "huawei_cdc_ncm@6.12.20", "libusb@1.0.27", "ofh-bfp-codec@1.3.0", "ptp-holdover-servo@3.0.4", "ran-oam-agent@8.1.0", "sfp28-ddm@1.9.3", "usb-modeswitch@2.6.1"}
	if !reflect.DeepEqual(intro, wantIntro) {
		t.Errorf("introduced = %q, want %q", intro, wantIntro)
	}
	if !reflect.DeepEqual(removed, []string{"ars-oam-agent@24.3.1"}) {
		t.Errorf("removed = %q", removed)
	}
	if d.Firmware == nil || d.Firmware.Old.Version != "24.3.1" || d.Firmware.New.Version != "24.3.2" {
		t.Errorf("firmware = %+v", d.Firmware)
	}
	if got := 1 + d.Unchanged + len(d.Changed) + len(d.Introduced); got != len(new.Components) {
		t.Errorf("new side accounts for %d of %d components", got, len(new.Components))
	}
	var appeared []string
	for _, s := range d.SuppliersAppeared {
		appeared = append(appeared, s.Name)
	}
	// The homoglyph spelling of Huawei is a supplier of its own here:
	// telling which names are the same organisation is the policy's job.
	for _, want := range []string{"HiSilicon Technologies Co., Ltd.", "Huawei Technologies Co., Ltd.", "Huаwei Technologies Co., Ltd.", "ＺＴＥ Corporation", "Aztec Networks Ltd."} {
		found := false
		for _, a := range appeared {
			found = found || a == want
		}
		if !found {
			t.Errorf("supplier %q did not appear; appeared: %q", want, appeared)
		}
	}
}

// ExampleCompare shows what an upgrade introduces and removes.
func ExampleCompare() {
	ctx := context.Background()
	old, err := sbom.Load(ctx, "../testdata/sboms/du-5g.cdx.json", sbom.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	new, err := sbom.Load(ctx, "../testdata/sboms/du-5g-hr.cdx.json", sbom.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := sbom.Compare(ctx, old, new)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("firmware %s -> %s\n", d.Firmware.Old.Version, d.Firmware.New.Version)
	fmt.Printf("%d introduced, %d removed, %d changed, %d unchanged\n", len(d.Introduced), len(d.Removed), len(d.Changed), d.Unchanged)
	for _, c := range d.Removed {
		fmt.Println("removed:", c.Ref)
	}
	// Output:
	// firmware 24.3.1 -> 24.3.2
	// 8 introduced, 1 removed, 0 changed, 49 unchanged
	// removed: ars-oam-agent@24.3.1
}

// BenchmarkCompareDuplicates: many components sharing one name (and no
// purl) must not make matching quadratic.
func BenchmarkCompareDuplicates(b *testing.B) {
	var oldC, newC []string
	for i := range 20000 {
		oldC = append(oldC, fmt.Sprintf(`"type":"file","bom-ref":"o%d","name":"blob","version":"%d"`, i, i))
		newC = append(newC, fmt.Sprintf(`"type":"file","bom-ref":"n%d","name":"blob","version":"%d"`, i, i+1))
	}
	ctx := context.Background()
	old, err := sbom.Parse(ctx, "old", bomJSON("1", oldC...), sbom.Options{})
	if err != nil {
		b.Fatal(err)
	}
	new, err := sbom.Parse(ctx, "new", bomJSON("1", newC...), sbom.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		d, err := sbom.Compare(ctx, old, new)
		if err != nil {
			b.Fatal(err)
		}
		// Versions 1..19999 pair equal first; o0 and n19999 pair last.
		if d.Unchanged != 19999 || len(d.Changed) != 1 || len(d.Introduced) != 0 {
			b.Fatalf("unchanged %d, changed %d, introduced %d", d.Unchanged, len(d.Changed), len(d.Introduced))
		}
	}
}
