package policy

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/fwprov/fwprov/sbom"
)

// loadTestdata loads a base-station SBOM from the module's testdata/sboms,
// skipping when the test-data engineer's file is absent.
func loadTestdata(t *testing.T, name string) *sbom.Document {
	t.Helper()
	path := filepath.Join("..", "testdata", "sboms", name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("testdata SBOM %s not present: %v", path, err)
	}
	doc, err := sbom.Load(context.Background(), path, sbom.Options{})
	if errors.Is(err, sbom.ErrSPDXUnsupported) {
		t.Skipf("%s: SPDX input not supported yet", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestTestdataVerdicts checks the expected outcomes documented in
// testdata/sboms/README.md.
func TestTestdataVerdicts(t *testing.T) {
	type want struct {
		decision   Decision
		fail, warn int
		resolved   int
		conflict   int
		unknown    int
		limitOver  bool
	}
	tests := []struct {
		file   string
		preset string
		want   want
	}{
		{"du-5g.cdx.json", "baseline", want{Allow, 0, 0, 0, 0, 0, false}},
		{"du-5g.cdx.json", "eu-5g-toolbox", want{Allow, 0, 0, 0, 0, 0, false}},
		{"du-5g.cdx.json", "strict", want{Allow, 0, 0, 0, 0, 0, false}},
		{"du-5g.spdx.json", "baseline", want{Allow, 0, 0, 0, 0, 0, false}},
		{"cu-5g.cdx.xml", "baseline", want{Allow, 0, 0, 0, 0, 0, false}},
		{"cu-5g.cdx.xml", "strict", want{Allow, 0, 0, 0, 0, 0, false}},
		{"ru-5g.cdx.json", "baseline", want{Deny, 18, 0, 16, 1, 0, false}},
		{"ru-5g.cdx.json", "strict", want{Deny, 18, 0, 16, 1, 0, false}},
		// 11 high-risk parts in core/oam/security + the conflict fail; the 5
		// access parts and the (access) conflict warn; the share is over.
		{"ru-5g.cdx.json", "eu-5g-toolbox", want{Deny, 12, 6, 16, 1, 0, true}},
		{"du-5g-hr.cdx.json", "baseline", want{Deny, 4, 0, 4, 0, 0, false}},
		{"du-5g-hr.cdx.json", "eu-5g-toolbox", want{Deny, 3, 1, 4, 0, 0, false}},
		{"ru-5g-listed-root.cdx.json", "baseline", want{Deny, 8, 0, 8, 0, 0, false}},
		{"ru-5g-listed-root.cdx.json", "eu-5g-toolbox", want{Deny, 4, 4, 8, 0, 0, true}},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.preset, func(t *testing.T) {
			doc := loadTestdata(t, tt.file)
			v := evaluate(t, doc, mustPreset(t, tt.preset))
			over := false
			for _, l := range v.Limits {
				over = over || l.Exceeded
			}
			got := want{v.Decision, v.Summary.Findings[SeverityFail], v.Summary.Findings[SeverityWarn],
				v.Summary.Origins[OutcomeResolved], v.Summary.Origins[OutcomeConflict], v.Summary.Origins[OutcomeUnknown], over}
			if got != tt.want {
				t.Errorf("got %+v, want %+v\nreasons: %q", got, tt.want, v.Reasons)
			}
			for _, f := range v.Findings {
				if len(f.Evidence) == 0 {
					t.Errorf("finding without evidence: %s", f.Message)
				}
				// Every testdata component is reachable from the root over
				// the dependency graph (testdata/sboms/README.md).
				if len(f.DependencyPath) == 0 || f.DependencyPath[0] != v.Document.Root.Label ||
					f.DependencyPath[len(f.DependencyPath)-1] != f.Component.Label {
					t.Errorf("%s: dependency path %q", f.Component.Label, f.DependencyPath)
				}
				if f.ContainmentPath[0] != v.Document.Root.Label || f.ContainmentPath[len(f.ContainmentPath)-1] != f.Component.Label {
					t.Errorf("%s: containment path %q", f.Component.Label, f.ContainmentPath)
				}
			}
		})
	}
}

// TestTestdataComponents checks individual parts: the evasions resolve,
// the traps stay clean.
func TestTestdataComponents(t *testing.T) {
	tests := []struct {
		file, ref string
		origin    Outcome // "" = no finding at all (clean)
		entity    string
		inherited bool
	}{
		{"ru-5g.cdx.json", "hi1382-ru.dtb@V100R002C10SPC200", OutcomeResolved, "hisilicon", true},
		{"ru-5g.cdx.json", "bbdsp-fw@V200R001C00SPC100", OutcomeResolved, "hisilicon", false},
		{"ru-5g.cdx.json", "libboundscheck@1.1.16", OutcomeResolved, "huawei", false},
		{"ru-5g.cdx.json", "ofh-bfp-lib@2.0.3", OutcomeResolved, "zte", false},
		{"ru-5g.cdx.json", "bfw-engine@2.8.0", OutcomeConflict, "", false},
		{"ru-5g.cdx.json", "zx-jesd204c-fw@2.3.5", OutcomeResolved, "sanechips", false},
		{"ru-5g.cdx.json", "oran-mplane-agent@V100R003C00", OutcomeResolved, "huawei", false},
		{"ru-5g.cdx.json", "ru-commissioning-kit@3.1.0", OutcomeResolved, "huawei", false},
		{"ru-5g.cdx.json", "ru-secboot-verifier@2.0.1", OutcomeResolved, "huawei", false},
		{"ru-5g.cdx.json", "ru-bootrom-patch@1.20.3", OutcomeResolved, "huawei", false},
		{"ru-5g.cdx.json", "ru-thermal-mgr@4.0.7", OutcomeResolved, "huawei", false},
		{"ru-5g.cdx.json", "u-boot@2020.01", "", "", false},
		{"du-5g-hr.cdx.json", "ran-oam-agent@8.1.0", OutcomeResolved, "huawei", false},
		{"du-5g-hr.cdx.json", "ptp-holdover-servo@3.0.4", OutcomeResolved, "huawei", false},
		{"du-5g-hr.cdx.json", "ofh-bfp-codec@1.3.0", OutcomeResolved, "zte", false},
		{"du-5g-hr.cdx.json", "huawei_cdc_ncm@6.12.20", "", "", false},
		{"du-5g-hr.cdx.json", "usb-modeswitch@2.6.1", "", "", false},
		{"du-5g-hr.cdx.json", "sfp28-ddm@1.9.3", "", "", false},
		{"ru-5g-listed-root.cdx.json", "aau-n78-sw@V100R021C10SPC100", OutcomeResolved, "huawei", false},
		// Its own licence ("Huawei Proprietary Software License") names Huawei.
		{"ru-5g-listed-root.cdx.json", "ru-ofh@V100R021C10SPC100", OutcomeResolved, "huawei", false},
		{"ru-5g-listed-root.cdx.json", "ksx-r2-dfe-bitstream@1.7.0", "", "", false},
	}
	verdicts := map[string]*Verdict{}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.ref, func(t *testing.T) {
			v := verdicts[tt.file]
			if v == nil {
				v = evaluate(t, loadTestdata(t, tt.file), mustPreset(t, "baseline"))
				verdicts[tt.file] = v
			}
			var got *Finding
			for i := range v.Findings {
				if v.Findings[i].Component.BOMRef == tt.ref {
					got = &v.Findings[i]
					break
				}
			}
			if tt.origin == "" {
				if got != nil {
					t.Fatalf("false positive: %s", got.Message)
				}
				return
			}
			if got == nil {
				t.Fatalf("no finding for %s", tt.ref)
			}
			ent := ""
			if got.Entity != nil {
				ent = got.Entity.ID
			}
			inh := len(got.Evidence) > 0 && got.Evidence[0].Inherited
			if got.Origin != tt.origin || ent != tt.entity || inh != tt.inherited {
				t.Errorf("%s: origin %s entity %q inherited %v; want %s %q %v", got.Message, got.Origin, ent, inh, tt.origin, tt.entity, tt.inherited)
			}
		})
	}
}
