package sbom_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/fwprov/fwprov/policy/identity"
	"github.com/fwprov/fwprov/sbom"
)

// TestMarkLookalikeSuppliers: a supplier appearing (or a supplier changed
// to) a confusable spelling of another supplier of the same diff is
// marked, however the spelling is made; other names, and names that
// differ only in letter case, are not.
func TestMarkLookalikeSuppliers(t *testing.T) {
	const real = "Kestrel Silicon Inc."
	comp := func(ref, supplier string) string {
		s, _ := json.Marshal(supplier)
		return `"type":"library","bom-ref":"` + ref + `","name":"` + ref + `","version":"1","supplier":{"name":` + string(s) + `}`
	}
	cases := []struct {
		name, spelling string
		marked         bool
	}{
		{"Cyrillic e", "K\u0435strel Silicon Inc.", true},
		{"Cyrillic i", "Kestrel S\u0456licon Inc.", true},
		{"fullwidth", "\uff2bestrel Silicon Inc.", true},
		{"zero-width space", "Kes\u200btrel Silicon Inc.", true},
		{"hyphen", "Kes-trel Silicon Inc.", true},
		{"spaces", "Kestrel  Sili con Inc", true},
		{"combining mark", "Kestre\u0301l Silicon Inc.", true},
		{"the same name", "Kestrel Silicon Inc.", false},
		{"letter case only", "KESTREL SILICON INC.", false},
		{"another supplier", "Kestrel Systems Inc.", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			old := mustParse(t, "old.cdx.json", bomJSON("1", comp("fpga", real), comp("dsp", real)))
			// The look-alike appears as a new component's supplier, and as
			// the new supplier of a component that was the real one's.
			new := mustParse(t, "new.cdx.json", bomJSON("2", comp("fpga", real), comp("dsp", c.spelling), comp("crypto", c.spelling)))
			d, err := sbom.Compare(context.Background(), old, new)
			if err != nil {
				t.Fatal(err)
			}
			d.MarkLookalikeSuppliers(identity.Fold)
			// The one supplier appearing is the spelling (as the parser
			// cleaned it: a zero-width space reads as a space).
			var appeared *sbom.NameCount
			if len(d.SuppliersAppeared) == 1 {
				appeared = &d.SuppliersAppeared[0]
			}
			changed := false
			for _, ch := range d.Changed {
				for _, f := range ch.Changes {
					if f.Field == "supplier" && f.LooksLike {
						changed = true
					}
				}
			}
			if c.spelling == real {
				if appeared != nil || changed {
					t.Errorf("the same name is marked: %+v", d.SuppliersAppeared)
				}
				return
			}
			if appeared == nil {
				t.Fatalf("%q does not appear: %+v", c.spelling, d.SuppliersAppeared)
			}
			if got := appeared.LooksLike != nil; got != c.marked {
				t.Errorf("appeared %q: LooksLike %q, want marked=%v", c.spelling, appeared.LooksLike, c.marked)
			}
			if c.marked && !reflect.DeepEqual(appeared.LooksLike, []string{real}) {
				t.Errorf("LooksLike %q, want [%q]", appeared.LooksLike, real)
			}
			if changed != c.marked {
				t.Errorf("the supplier change to %q: marked=%v, want %v", c.spelling, changed, c.marked)
			}
		})
	}
}
