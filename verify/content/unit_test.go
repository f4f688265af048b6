package content

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

func TestClassifyParty(t *testing.T) {
	for _, tc := range []struct {
		text  string
		party Party
		email string
	}{
		{"Huawei Technologies Co., Ltd.", PartyOrganization, ""},
		{"HiSilicon Technologies Co., Ltd. <support@hisilicon.com>", PartyOrganization, "support@hisilicon.com"},
		{"Freescale Semiconductor, Inc", PartyOrganization, ""},
		{"The Linux Foundation", PartyOrganization, ""},
		{"Debian Busybox Team <busybox@packages.debian.org>", PartyOrganization, "busybox@packages.debian.org"},
		{"Wei Xu <xuwei5@hisilicon.com>", PartyPerson, "xuwei5@hisilicon.com"},
		{"Jeff Garzik", PartyPerson, ""},
		{"Ludwig van Beethoven <lvb@example.org>", PartyPerson, "lvb@example.org"},
		{"xuwei5@hisilicon.com", PartyPerson, "xuwei5@hisilicon.com"},
		{"support@huawei.com", PartyUnknown, "support@huawei.com"},
		{"Huawei", PartyUnknown, ""},
		{"HiSilicon Poplar Development Board", PartyUnknown, ""},
		{"", PartyUnknown, ""},
	} {
		p, e := classifyParty(tc.text)
		if p != tc.party || e != tc.email {
			t.Errorf("classifyParty(%q) = %s %q, want %s %q", tc.text, p, e, tc.party, tc.email)
		}
	}
}

func TestModinfoIndicators(t *testing.T) {
	type want struct {
		kind  IndicatorKind
		value string
		class bool
	}
	for _, tc := range []struct {
		name    string
		modinfo []string
		want    []want
	}{
		{"one PCI vendor", []string{"alias=pci:v000019E5d0000A222sv*sd*bc*sc*i*", "alias=pci:v000019E5d0000A221sv*sd*bc*sc*i*"}, []want{{IndicatorPCIVendor, "19e5", false}}},
		{"two PCI vendors", []string{"alias=pci:v000019E5d0000A222sv*sd*bc*sc*i*", "alias=pci:v00008086d00001572sv*sd*bc*sc*i*"}, []want{{IndicatorPCIVendor, "19e5", false}, {IndicatorPCIVendor, "8086", false}}},
		{"class alias", []string{"alias=pci:v*d*sv*sd*bc0Csc03i30*", "alias=pci:v00001033d00000194sv*sd*bc*sc*i*"}, []want{{IndicatorPCIVendor, "1033", true}}},
		{"USB vendor", []string{"alias=usb:v12D1p1506d*dc*dsc*dp*ic*isc*ip*in*"}, []want{{IndicatorUSBVendor, "12d1", false}}},
		{"USB class driver", []string{"alias=usb:v*p*d*dc*dsc*dp*ic08isc06ip50in*"}, nil},
		{"OF compatible", []string{"alias=of:N*T*Chisilicon,hip04-macC*"}, []want{{IndicatorDTVendor, "hisilicon", false}}},
		{"ACPI ID", []string{"alias=acpi*:HISI0162:*"}, []want{{IndicatorACPIVendor, "HISI", false}}},
		{"vendor and author", []string{"vendor=HiSilicon", "author=Huawei Technologies Co., Ltd."}, []want{{IndicatorModuleVendor, "HiSilicon", false}, {IndicatorModuleAuthor, "Huawei Technologies Co., Ltd.", false}}},
		{"three vendors", []string{"alias=pci:v00001000d*sv*sd*bc*sc*i*", "alias=pci:v00001028d*sv*sd*bc*sc*i*", "alias=pci:v0000103Cd*sv*sd*bc*sc*i*"}, []want{{IndicatorPCIVendor, "1000", true}, {IndicatorPCIVendor, "1028", true}, {IndicatorPCIVendor, "103c", true}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv := audit(t, "m.ko", koFile(append(tc.modinfo, "name=m")...), Options{})
			var got []want
			for _, in := range inv.Indicators {
				got = append(got, want{in.Kind, in.Value, in.ClassDriver})
			}
			if len(got) != len(tc.want) {
				t.Fatalf("indicators %+v, want %+v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("indicator %d: %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestDERCertificateInsideBinary(t *testing.T) {
	der := testCert(t, "HiSilicon Technologies Co., Ltd.", "HiSilicon Firmware Signing (TEST)")
	bin := append(append(program(etExec, "loader"), make([]byte, 333)...), der...)
	inv := audit(t, "loader", append(bin, 0, 0, 0), Options{})
	found := false
	for _, in := range inv.Indicators {
		if in.Kind == IndicatorCertSubject && in.Value == "HiSilicon Technologies Co., Ltd." && strings.HasPrefix(in.Where, "DER certificate at 0x") {
			found = in.Party == PartyOrganization
		}
	}
	if !found {
		t.Errorf("embedded DER certificate not found: %+v", inv.Indicators)
	}
}

func TestCopyrightLines(t *testing.T) {
	text := "# SPDX-FileCopyrightText: 2023 Huawei Technologies Co., Ltd.\n# SPDX-License-Identifier: GPL-2.0\n/* Copyright (C) 2015-2019 Linaro Ltd. */\nprintf(\"Copyright %s\", x);\nCopyright notice\n"
	inv := audit(t, "x.c", []byte(text), Options{})
	var got []string
	for _, in := range inv.Indicators {
		if in.Kind == IndicatorCopyright {
			got = append(got, in.Value+" @ "+in.Where)
		}
	}
	want := []string{"Huawei Technologies Co., Ltd. @ line 1", "Linaro Ltd. @ line 3"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("copyright indicators %q, want %q", got, want)
	}
}

func TestReconcileLocations(t *testing.T) {
	img := tarBytes(t, []tfile{{"usr/bin/busybox", busybox}, {"opt/acme/bin/du-app", program(etExec, "du")}, {"opt/acme/lib/libx.so", libssl}})
	inv := audit(t, "fw.tar", img, Options{})
	for _, tc := range []struct {
		name string
		c    comp
		want string
	}{
		{"filename basename", comp{ref: "a", name: "busybox", filename: "busybox"}, "fw.tar!/usr/bin/busybox"},
		{"filename path", comp{ref: "a", name: "du-app", filename: "opt/acme/bin/du-app"}, "fw.tar!/opt/acme/bin/du-app"},
		{"filename suffix", comp{ref: "a", name: "du-app", filename: "bin/du-app"}, "fw.tar!/opt/acme/bin/du-app"},
		{"occurrence", comp{ref: "a", name: "libx", occurrences: []string{"/opt/acme/lib/libx.so"}}, "fw.tar!/opt/acme/lib/libx.so"},
		{"file component", comp{ref: "a", name: "./usr/bin/busybox", typ: "file"}, "fw.tar!/usr/bin/busybox"},
		{"hash", comp{ref: "a", name: "whatever", hashes: []string{sha(libssl)}}, "fw.tar!/opt/acme/lib/libx.so"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := Reconcile(inv, cdxSBOM(t, sha(img), []comp{tc.c}))
			var hit []string
			for _, fa := range rec.Files {
				if len(fa.Matches) > 0 && fa.File > 0 {
					hit = append(hit, fa.Path)
				}
			}
			if len(hit) != 1 || hit[0] != tc.want {
				t.Errorf("matched %v, want %s", hit, tc.want)
			}
		})
	}
}

func TestOptionsAndInputErrors(t *testing.T) {
	if _, err := New(Options{Hashes: []string{"CRC32"}}); err == nil {
		t.Error("an unknown hash algorithm accepted")
	}
	if _, err := New(Options{Limits: Limits{MaxDepth: -1}}); err == nil {
		t.Error("a negative limit accepted")
	}
	a, err := New(Options{Name: "fw", Hashes: []string{"sha512", "SHA-512"}, Limits: Limits{MaxImageSize: 100}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.AuditReader(context.Background(), bytes.NewReader(make([]byte, 101))); err == nil || !strings.Contains(err.Error(), LimitImageSize) {
		t.Errorf("an image over maxImageSize: %v", err)
	}
	inv, err := a.AuditReader(context.Background(), bytes.NewReader([]byte("small")))
	if err != nil || len(inv.Files) != 1 || len(inv.Files[0].Hashes) != 1 {
		t.Errorf("AuditReader: %v %+v", err, inv)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.Audit(ctx, bytes.NewReader([]byte("x")), 1); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := a.Audit(context.Background(), failingReader{}, 10); err == nil {
		t.Error("a read error of the image itself must be an error")
	}
	if _, err := a.Audit(context.Background(), bytes.NewReader(nil), -1); err == nil {
		t.Error("a negative size accepted")
	}
}

type failingReader struct{}

func (failingReader) ReadAt([]byte, int64) (int, error) { return 0, errors.New("disk on fire") }

func TestOverlongMemberPath(t *testing.T) {
	long := strings.Repeat("d/", 2500) + "f"
	inv := audit(t, "x.tar", tarBytes(t, []tfile{{long, []byte("x")}, {"ok", []byte("y")}}), Options{})
	if !hasProblem(inv, ProblemLimit, "x.tar!/d/d/") || len(inv.Files) != 2 {
		t.Errorf("a 5000-byte member path: files %v problems\n%s", paths(inv), dumpProblems(inv))
	}
}

// TestContainerChecksums: a FIT image's sha256 hash node and a uImage's
// data CRC are checked against the data.
func TestContainerChecksums(t *testing.T) {
	img, _, _, _ := duImage(t, rootfsFiles(t))
	i := bytes.Index(img, []byte("Acme RAN DU-2 (NXP LX2160A)"))
	if i < 0 {
		t.Fatal("model string not in the FIT image")
	}
	bad := bytes.Clone(img)
	bad[i] = 'X'
	inv := audit(t, "du.itb", bad, Options{})
	if !hasProblem(inv, ProblemIntegrity, "du.itb!/images/fdt-1") {
		t.Errorf("FIT hash mismatch not reported:\n%s", dumpProblems(inv))
	}
	if inv := audit(t, "du.itb", img, Options{}); hasProblem(inv, ProblemIntegrity, "") {
		t.Errorf("intact FIT reported:\n%s", dumpProblems(inv))
	}
	u := uImage(t, bytes.Repeat([]byte("kernel"), 100), "none")
	u[100] ^= 1
	if inv := audit(t, "uImage", u, Options{}); !hasProblem(inv, ProblemIntegrity, "uImage") {
		t.Errorf("uImage data CRC mismatch not reported:\n%s", dumpProblems(inv))
	}
}
