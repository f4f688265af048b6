package content

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"
)

// testCert makes a self-signed TEST certificate for an organisation.
func testCert(t testing.TB, org, cn string) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{Organization: []string{org}, CommonName: cn},
		NotBefore: time.Unix(1700000000, 0), NotAfter: time.Unix(1900000000, 0)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

const kver = "6.1.0-13-arm64"

var (
	busybox = program(etDyn, "BusyBox v1.36.1 (Debian 1:1.36.1-6)", "Copyright (C) 1998-2011 Erik Andersen, Rob Landley, Denys Vlasenko and others")
	libssl  = program(etDyn, "OpenSSL 3.0.11 19 Sep 2023", "Copyright (c) 1998-2023 The OpenSSL Project Authors")
	dpaa2   = koFile("license=Dual BSD/GPL", "author=Freescale Semiconductor, Inc", "description=Freescale DPAA2 Ethernet Driver",
		"alias=of:N*T*Cfsl,dpaa2-mac", "alias=of:N*T*Cfsl,dpaa2-macC*", "name=fsl_dpaa2_eth", "vermagic="+kver+" SMP mod_unload aarch64")
	ahci = koFile("license=GPL", "author=Jeff Garzik", "alias=pci:v*d*sv*sd*bc01sc06i01*", "alias=pci:v00008086d00002652sv*sd*bc*sc*i*",
		"alias=pci:v00001002d00004380sv*sd*bc*sc*i*", "alias=pci:v000010DEd0000044Csv*sd*bc*sc*i*", "name=ahci")
	hiGmac = koFile("license=GPL", "author=Huawei Technologies Co., Ltd.", "description=HiSilicon GMAC driver",
		"alias=pci:v000019E5d0000A222sv*sd*bc*sc*i*", "alias=pci:v000019E5d0000A221sv*sd*bc*sc*i*", "alias=of:N*T*Chisilicon,hisi-gemac-v2", "name=hi_gmac")
	hiDaemon   = program(etExec, "hi_daemon for Hi3798CV200", "Copyright (c) 2016-2020 HiSilicon Technologies Co., Ltd. All rights reserved.")
	dpkgStatus = []byte(`Package: busybox
Status: install ok installed
Priority: optional
Architecture: arm64
Version: 1:1.36.1-6
Maintainer: Debian Busybox Team <busybox@packages.debian.org>
Description: Tiny utilities for small and embedded systems

Package: libssl3
Status: install ok installed
Architecture: arm64
Source: openssl
Version: 3.0.11-1~deb12u2
Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>

Package: removed-thing
Status: deinstall ok config-files
Architecture: arm64
Version: 1.0
`)
)

func rootfsFiles(t testing.TB, extra ...tfile) []tfile {
	files := []tfile{
		{"bin/busybox", busybox},
		{"usr/lib/aarch64-linux-gnu/libssl.so.3", libssl},
		{"lib/modules/" + kver + "/kernel/drivers/net/ethernet/freescale/dpaa2/fsl-dpaa2-eth.ko", dpaa2},
		{"lib/modules/" + kver + "/kernel/drivers/ata/ahci.ko", ahci},
		{"var/lib/dpkg/status", dpkgStatus},
		{"var/lib/dpkg/info/busybox.list", []byte("/.\n/bin\n/bin/busybox\n")},
		{"var/lib/dpkg/info/libssl3:arm64.list", []byte("/.\n/usr/lib/aarch64-linux-gnu/libssl.so.3\n")},
		{"etc/os-release", []byte("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n")},
		{"etc/ssl/certs/acme-root.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: testCert(t, "Acme Networks AB", "Acme RAN Root CA (TEST)")})},
	}
	return append(files, extra...)
}

// duImage is a DU firmware: a FIT image with a gzip kernel, the board's
// device tree and a SquashFS rootfs.
func duImage(t testing.TB, rootfs []tfile) (img, kernel, fdt, sq []byte) {
	kernel = gzipBytes([]byte(strings.Repeat("ARM64 Image\x00Linux version "+kver+" (debian-kernel@lists.debian.org)\x00", 200)))
	fdt = dtb(t, "du-lx2160a")
	sq = squashfs(t, rootfs, "gzip")
	img = fitImage(t, [][3]string{{"kernel-1", "kernel", string(kernel)}, {"fdt-1", "flat_dt", string(fdt)}, {"rootfs-1", "ramdisk", string(sq)}}, false)
	return
}

func honestSBOM(t testing.TB, img, kernel, fdt []byte) []comp {
	return []comp{
		{ref: "kernel", name: "linux", version: kver, purl: "pkg:generic/linux@6.1.55", supplier: "Debian", typ: "operating-system", hashes: []string{sha(kernel)}},
		{ref: "dtb", name: "du-lx2160a.dtb", supplier: "Acme Networks AB", typ: "file", hashes: []string{sha(fdt)}},
		{ref: "busybox", name: "busybox", version: "1:1.36.1-6", purl: "pkg:deb/debian/busybox@1%3A1.36.1-6?arch=arm64", supplier: "Debian"},
		{ref: "libssl3", name: "libssl3", version: "3.0.11-1~deb12u2", purl: "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=arm64", supplier: "Debian"},
		{ref: "dpaa2", name: "fsl-dpaa2-eth", purl: "pkg:generic/linux@6.1.55#drivers/net/ethernet/freescale/dpaa2", supplier: "NXP Semiconductors", typ: "file", hashes: []string{sha(dpaa2)}},
		{ref: "ahci", name: "ahci", supplier: "Debian", typ: "file", filename: "lib/modules/" + kver + "/kernel/drivers/ata/ahci.ko"},
		{ref: "acme-ca", name: "acme-root.pem", supplier: "Acme Networks AB", typ: "file", occurrences: []string{"/etc/ssl/certs/acme-root.pem"}},
	}
}

// undeclaredContent lists the unaccounted files of the kinds a gate cares
// about (executables, modules, device trees, certificates).
func undeclaredContent(inv *Inventory, rec *Reconciliation) []string {
	var out []string
	for _, i := range rec.Unaccounted {
		switch inv.Files[i].Kind {
		case KindELF, KindKernelModule, KindDeviceTree, KindCertificate:
			out = append(out, inv.Files[i].Path)
		}
	}
	return out
}

func TestHonestDU(t *testing.T) {
	img, kernel, fdt, _ := duImage(t, rootfsFiles(t))
	inv := audit(t, "du.itb", img, Options{})
	if len(inv.Problems) != 0 || inv.Incomplete {
		t.Fatalf("problems in an honest image:\n%s", dumpProblems(inv))
	}
	if f := fileByPath(t, inv, "du.itb"); f.Kind != KindArchive || f.Format != FormatFIT || f.SHA256 != sha(img) {
		t.Errorf("image: %+v", f)
	}
	mod := fileByPath(t, inv, "du.itb!/images/rootfs-1!/lib/modules/"+kver+"/kernel/drivers/net/ethernet/freescale/dpaa2/fsl-dpaa2-eth.ko")
	if mod.Kind != KindKernelModule || mod.ELF == nil || mod.ELF.Machine != "EM_AARCH64" || mod.ELF.Type != "ET_REL" || mod.ELF.Module != "fsl_dpaa2_eth" {
		t.Errorf("module: %+v %+v", mod, mod.ELF)
	}
	if f := fileByPath(t, inv, "du.itb!/images/fdt-1"); f.Kind != KindDeviceTree {
		t.Errorf("fdt: %+v", f)
	}
	if f := fileByPath(t, inv, "du.itb!/images/kernel-1!/data"); f.Kind != KindData && f.Kind != KindArchive {
		t.Errorf("kernel: %+v", f)
	}
	if f := fileByPath(t, inv, "du.itb!/images/rootfs-1!/etc/ssl/certs/acme-root.pem"); f.Kind != KindCertificate {
		t.Errorf("cert: %+v", f)
	}
	doc := cdxSBOM(t, sha(img), honestSBOM(t, img, kernel, fdt))
	rec := Reconcile(inv, doc)
	if u := undeclaredContent(inv, rec); len(u) != 0 {
		t.Errorf("undeclared content in an honest image: %v", u)
	}
	if len(rec.MissingContent) != 0 {
		t.Errorf("missing content: %+v", rec.MissingContent)
	}
	if len(rec.UndeclaredPackages) != 0 {
		for _, i := range rec.UndeclaredPackages {
			t.Errorf("undeclared package %s (mismatch %v)", inv.Packages[i].PURL, rec.Packages[i].VersionMismatch)
		}
	}
	// Packages carry purls with epochs and tildes encoded as packageurl does.
	var purls []string
	for _, p := range inv.Packages {
		purls = append(purls, p.PURL)
	}
	if !slices.Contains(purls, "pkg:deb/debian/busybox@1:1.36.1-6?arch=arm64") && !slices.Contains(purls, "pkg:deb/debian/busybox@1%3A1.36.1-6?arch=arm64") {
		t.Errorf("purls: %v", purls)
	}
	if len(inv.Packages) != 2 {
		t.Errorf("packages %v: the deinstalled one must not be listed", purls)
	}
	// Indicators are there and accounted by the components of their files.
	want := map[IndicatorKind]string{IndicatorDTVendor: "fsl", IndicatorModuleAuthor: "Freescale Semiconductor, Inc", IndicatorCertSubject: "Acme Networks AB", IndicatorPackageMaint: "Debian Busybox Team <busybox@packages.debian.org>"}
	for kind, v := range want {
		found := false
		for i, in := range inv.Indicators {
			if in.Kind == kind && in.Value == v {
				found = true
				if len(rec.Indicators[i].Components) == 0 {
					t.Errorf("indicator %s %q at %s is not accounted", kind, v, in.Path)
				}
			}
		}
		if !found {
			t.Errorf("no %s indicator %q", kind, v)
		}
	}
	for _, in := range inv.Indicators {
		if in.Kind == IndicatorPCIVendor && !in.ClassDriver {
			t.Errorf("ahci's aliases name several vendors: %+v must be a class driver", in)
		}
		if in.Kind == IndicatorModuleAuthor && in.Value == "Jeff Garzik" && in.Party != PartyPerson {
			t.Errorf("Jeff Garzik is a person: %+v", in)
		}
	}
}

func TestUndeclaredHiSiliconBSP(t *testing.T) {
	bsp := []tfile{
		{"lib/modules/" + kver + "/extra/hi_gmac.ko", hiGmac},
		{"boot/dtbs/hisilicon/hi3798cv200-poplar.dtb", dtb(t, "hi3798cv200-poplar")},
		{"usr/sbin/hi_daemon", hiDaemon},
	}
	img, kernel, fdt, _ := duImage(t, rootfsFiles(t, bsp...))
	inv := audit(t, "du.itb", img, Options{})
	doc := cdxSBOM(t, sha(img), honestSBOM(t, img, kernel, fdt)) // the BSP is left out
	rec := Reconcile(inv, doc)
	u := undeclaredContent(inv, rec)
	for _, f := range bsp {
		if !slices.Contains(u, "du.itb!/images/rootfs-1!/"+f.name) {
			t.Errorf("%s not reported as undeclared content: %v", f.name, u)
		}
	}
	if len(u) != len(bsp) {
		t.Errorf("undeclared content %v, want only the BSP", u)
	}
	type ind struct {
		kind  IndicatorKind
		value string
		party Party
	}
	wants := []ind{
		{IndicatorPCIVendor, "19e5", PartyOrganization},
		{IndicatorDTVendor, "hisilicon", PartyOrganization},
		{IndicatorModuleAuthor, "Huawei Technologies Co., Ltd.", PartyOrganization},
		{IndicatorCopyright, "HiSilicon Technologies Co., Ltd.", PartyOrganization},
	}
	for _, w := range wants {
		n := 0
		for i, in := range inv.Indicators {
			if in.Kind == w.kind && in.Value == w.value {
				n++
				if in.Party != w.party || in.ClassDriver {
					t.Errorf("%+v: want party %s, not a class driver", in, w.party)
				}
				if len(rec.Indicators[i].Components) != 0 {
					t.Errorf("%s %q is accounted by %v; the BSP is undeclared", w.kind, w.value, rec.Indicators[i].Components)
				}
			}
		}
		if n == 0 {
			t.Errorf("no %s indicator %q", w.kind, w.value)
		}
	}
}

func TestRelabelledModuleKeepsItsIndicators(t *testing.T) {
	img, kernel, fdt, _ := duImage(t, rootfsFiles(t, tfile{"lib/modules/" + kver + "/extra/acme_eth.ko", hiGmac}))
	inv := audit(t, "du.itb", img, Options{})
	comps := append(honestSBOM(t, img, kernel, fdt), comp{ref: "acme-eth", name: "acme_eth", supplier: "Acme Networks AB", typ: "file", hashes: []string{sha(hiGmac)}})
	rec := Reconcile(inv, cdxSBOM(t, sha(img), comps))
	if u := undeclaredContent(inv, rec); len(u) != 0 {
		t.Errorf("declared (relabelled) module reported undeclared: %v", u)
	}
	found := false
	for i, in := range inv.Indicators {
		if in.Kind == IndicatorModuleAuthor && strings.HasPrefix(in.Value, "Huawei") {
			found = true
			c := rec.Indicators[i].Components
			if len(c) != 1 || c[0].Ref != "acme-eth" || rec.Indicators[i].Enclosing {
				t.Errorf("Huawei author indicator accounted by %+v, want the relabelled component acme-eth", rec.Indicators[i])
			}
		}
	}
	if !found {
		t.Fatal("no Huawei author indicator")
	}
}

func TestNestedContentAccountedByEnclosingFile(t *testing.T) {
	// The rootfs declared as one component accounts for what is inside it,
	// while the indicators inside keep pointing at it (enclosing).
	img, _, _, sq := duImage(t, rootfsFiles(t, tfile{"lib/modules/" + kver + "/extra/hi_gmac.ko", hiGmac}))
	inv := audit(t, "du.itb", img, Options{})
	rec := Reconcile(inv, cdxSBOM(t, sha(img), []comp{{ref: "rootfs", name: "du-rootfs", typ: "file", supplier: "Acme Networks AB", hashes: []string{sha(sq)}}}))
	for _, i := range rec.Unaccounted {
		if strings.Contains(inv.Files[i].Path, "rootfs-1!") {
			t.Errorf("%s inside the declared rootfs is unaccounted", inv.Files[i].Path)
		}
	}
	for i, in := range inv.Indicators {
		if in.Kind == IndicatorPCIVendor && in.Value == "19e5" {
			ia := rec.Indicators[i]
			if !ia.Enclosing || len(ia.Components) != 1 || ia.Components[0].Ref != "rootfs" {
				t.Errorf("19e5 indicator: %+v, want accounted by the enclosing rootfs", ia)
			}
		}
	}
	// The kernel and fdt are not declared: the root does not account for them.
	if u := undeclaredContent(inv, rec); !slices.Contains(u, "du.itb!/images/fdt-1") {
		t.Errorf("fdt undeclared: %v", u)
	}
}

func TestMissingContent(t *testing.T) {
	img, kernel, fdt, _ := duImage(t, rootfsFiles(t))
	inv := audit(t, "du.itb", img, Options{Hashes: []string{"SHA-512"}})
	absent := program(etExec, "acme-oam-agent 2.1")
	comps := append(honestSBOM(t, img, kernel, fdt), comp{ref: "oam", name: "acme-oam-agent", version: "2.1", supplier: "Acme Networks AB", typ: "application", hashes: []string{sha(absent)}})
	rec := Reconcile(inv, cdxSBOM(t, sha(img), comps))
	if len(rec.MissingContent) != 1 || rec.MissingContent[0].Component.Ref != "oam" {
		t.Fatalf("missing content %+v, want only acme-oam-agent (never the root)", rec.MissingContent)
	}
	if len(inv.Files[1].Hashes) != 1 || inv.Files[1].Hashes[0].Algorithm != "SHA-512" || len(inv.Files[1].Hashes[0].Value) != 128 {
		t.Errorf("SHA-512 not computed: %+v", inv.Files[1].Hashes)
	}
}
