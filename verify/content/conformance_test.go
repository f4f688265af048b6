package content

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConformanceDebian audits real Debian packages: an arm64 kernel
// (linux-image-*-arm64) and firmware packages, downloaded by
// testdata/content/audit-conformance.sh into the directory named by
// FWPROV_AUDIT_CONFORMANCE_DIR. It skips when the variable is unset.
//
// What it checks is what Debian ships and stays true across kernel
// versions: the package unpacks completely (ar, tar.xz), every module is
// an aarch64 ELF relocatable with a .modinfo, HiSilicon's HNS3 network
// driver names PCI vendor 19e5 (and is not a class driver), a class driver
// (ahci) is marked as one, the device trees name their vendors.
func TestConformanceDebian(t *testing.T) {
	dir := os.Getenv("FWPROV_AUDIT_CONFORMANCE_DIR")
	if dir == "" {
		t.Skip("FWPROV_AUDIT_CONFORMANCE_DIR is not set (run testdata/content/audit-conformance.sh)")
	}
	debs, _ := filepath.Glob(filepath.Join(dir, "*.deb"))
	if len(debs) == 0 {
		t.Fatalf("no .deb files in %s", dir)
	}
	kernels := 0
	for _, deb := range debs {
		t.Run(filepath.Base(deb), func(t *testing.T) {
			f, err := os.Open(deb)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			st, _ := f.Stat()
			inv, err := Audit(context.Background(), f, st.Size(), Options{Name: filepath.Base(deb)})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range inv.Problems {
				t.Errorf("problem: %+v", p)
			}
			if inv.Files[0].Format != FormatAr {
				t.Errorf("a .deb is an ar archive: %+v", inv.Files[0])
			}
			modules := 0
			for _, f := range inv.Files {
				if f.Kind == KindKernelModule {
					modules++
					if f.ELF.Machine != "EM_AARCH64" || f.ELF.Type != "ET_REL" {
						t.Errorf("module %s: %+v", f.Path, f.ELF)
					}
				}
			}
			if !strings.HasPrefix(filepath.Base(deb), "linux-image-") {
				if len(inv.Files) < 3 {
					t.Errorf("only %d files", len(inv.Files))
				}
				return
			}
			kernels++
			if modules < 1000 {
				t.Errorf("%d kernel modules, want more than 1000", modules)
			}
			var hns3, ahciClass, hisiDT, authors bool
			for _, in := range inv.Indicators {
				switch {
				case in.Kind == IndicatorPCIVendor && in.Value == "19e5" && strings.HasSuffix(in.Path, "/hns3.ko"):
					hns3 = !in.ClassDriver && in.Party == PartyOrganization
				case in.Kind == IndicatorPCIVendor && strings.HasSuffix(in.Path, "/ahci.ko"):
					ahciClass = in.ClassDriver
				case in.Kind == IndicatorDTVendor && in.Value == "hisilicon" && strings.HasSuffix(in.Path, ".dtb"):
					hisiDT = true
				case in.Kind == IndicatorModuleAuthor && in.Party == PartyPerson:
					authors = true
				}
			}
			if !hns3 {
				t.Error("hns3.ko: no pci-vendor 19e5 indicator (single-vendor driver)")
			}
			if !ahciClass {
				t.Error("ahci.ko: its PCI aliases are not marked as a class driver")
			}
			if !hisiDT {
				t.Error("no hisilicon device tree vendor in the arm64 dtbs")
			}
			if !authors {
				t.Error("no module author classified as a person")
			}
		})
	}
	if kernels == 0 {
		t.Errorf("no linux-image-*.deb in %s", dir)
	}
}
