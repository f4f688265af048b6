package sbom

import (
	"context"
	"encoding/base64"
	"reflect"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
)

func TestURLHost(t *testing.T) {
	tests := map[string]string{
		"https://www.Huawei.com/en/":              "www.huawei.com",
		"http://user:pw@Example.COM:8443/x?y#z":   "example.com",
		"https://example.com.":                    "example.com",
		"git+https://github.com/openssl/openssl":  "github.com",
		"git@github.com:u-boot/u-boot.git":        "github.com",
		"mailto:security@Nokia.com":               "nokia.com",
		"https://[2001:db8::1]:443/":              "2001:db8::1",
		"MdePkg/Library/BaseLib/BaseLib.inf":      "",
		"../relative/path":                        "",
		"":                                        "",
		"not a url":                               "",
		"https://":                                "",
		"https:///path":                           "",
		"javascript:alert(1)":                     "",
		"1http://x.example":                       "",
		"  https://zte.com.cn/products  ":         "zte.com.cn",
		"ftp://ftp.gnu.org/gnu/glibc/":            "ftp.gnu.org",
		"https://exa mple.com/":                   "",
		"https://ЕXAMPLE.com/ (cyrillic E upper)": "еxample.com",
	}
	for in, want := range tests {
		if got := URLHost(in); got != want {
			t.Errorf("URLHost(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEmailDomain(t *testing.T) {
	tests := map[string]string{
		"psirt@Huawei.COM":                 "huawei.com",
		"Jane Doe <jane@example.org>":      "example.org",
		"  ops@ericsson.com.  ":            "ericsson.com",
		"no-at-sign":                       "",
		"a@":                               "",
		"weird@host/path":                  "",
		"user@sub.example.co.uk":           "sub.example.co.uk",
		"\"quoted@local\"@zte.com.cn":      "zte.com.cn",
		"mailto:someone@hisilicon.com":     "hisilicon.com",
		"Mixed Case <X@Sub.Example.COM>  ": "sub.example.com",
	}
	for in, want := range tests {
		if got := EmailDomain(in); got != want {
			t.Errorf("EmailDomain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPURLOrigin(t *testing.T) {
	tests := map[string]string{
		"pkg:generic/huawei/hi1382-bsp@1.2":                  "generic/huawei",
		"pkg:maven/com.huawei/cloud-sdk@3.1.0?type=jar":      "maven/com.huawei",
		"pkg:github/U-Boot/u-boot@v2024.01":                  "github/u-boot",
		"pkg:npm/%40angular/core@16.0.0":                     "npm/@angular",
		"pkg:deb/debian/openssl@3.0.11?arch=amd64":           "deb/debian",
		"pkg:generic/openssl@3.0.13":                         "generic",
		"PKG:Golang/github.com/spf13/cobra@v1.10.2":          "golang/github.com/spf13",
		"pkg:generic/zte%20corp/fw@1":                        "generic/zte corp",
		"pkg:/generic/ns/name":                               "generic/ns",
		"pkg:generic/huawei/x@1?bad=%zz":                     "generic/huawei",
		"pkg:generic/ns/name#sub/path":                       "generic/ns",
		"pkg:generic":                                        "generic",
		"huawei/fw":                                          "huawei",
		"pkg:npm/@scope":                                     "npm",
		"pkg:generic/huawei/hisilicon/firmware/blob@1.0#x/y": "generic/huawei/hisilicon/firmware",
	}
	for in, want := range tests {
		if got := PURLOrigin(in); got != want {
			t.Errorf("PURLOrigin(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCPEVendor(t *testing.T) {
	tests := map[string]string{
		"cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*":     "openssl",
		"cpe:2.3:h:Huawei:bts3900:-:*:*:*:*:*:*:*":           "huawei",
		"cpe:2.3:a:at\\&t:product:1:*:*:*:*:*:*:*":           "at&t",
		"cpe:2.3:a:vendor\\:with\\:colons:p:*:*:*:*:*:*:*:*": "vendor:with:colons",
		"cpe:2.3:a:*:product:*:*:*:*:*:*:*:*":                "",
		"cpe:2.3:a:-:product:*:*:*:*:*:*:*:*":                "",
		"cpe:/a:zte:zxr10:1.0":                               "zte",
		"cpe:/h:Nokia%20Networks:airscale":                   "nokia networks",
		"cpe:/a":                                             "",
		"cpe:2.3:o:tianocore:edk2:202411:*:*:*:*:*:*:*":      "tianocore",
		"not a cpe":          "",
		"cpe:2.3:a":          "",
		"cpe:2.3:a:ericsson": "ericsson",
		"  CPE:2.3:a:Ericsson:baseband:22:*:*:*:*:*:*:*  ":         "ericsson",
		"cpe:2.3:a:trailing\\":                                     "trailing",
		"cpe:2.3:a:sam\\sung:x:*:*:*:*:*:*:*:*":                    "samsung",
		"cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:* (with suffix)": "vendor",
	}
	for in, want := range tests {
		if got := CPEVendor(in); got != want {
			t.Errorf("CPEVendor(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCopyrightHolder(t *testing.T) {
	tests := map[string]string{
		"Copyright (c) 1998-2024 The OpenSSL Project Authors. All Rights Reserved.": "The OpenSSL Project Authors",
		"Copyright © 2023 Huawei Technologies Co., Ltd. All rights reserved.":       "Huawei Technologies Co., Ltd.",
		"(C) 2019, 2020, 2021 ZTE Corporation":                                      "ZTE Corporation",
		"Copyright 2010–2022 Nokia":                                                 "Nokia",
		"copyright   2001  Free   Software Foundation, Inc.":                        "Free Software Foundation, Inc.",
		"Copyright (C) 2015-present Acme Inc.":                                      "Acme Inc.",
		"Acme Networks AB 2021":                                                     "Acme Networks AB",
		"Copyright 2020":                                                            "",
		"All rights reserved.":                                                      "",
		"":                                                                          "",
		"Copr. 1999 Ericsson AB":                                                    "Ericsson AB",
		"Copyright (c) 2024 Intel Corporation.":                                     "Intel Corporation",
		"Copyrights 2022 Example":                                                   "Example",
	}
	for in, want := range tests {
		if got := CopyrightHolder(in); got != want {
			t.Errorf("CopyrightHolder(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRegidDomain(t *testing.T) {
	tests := map[string]string{
		"regid.2008-09.com.huawei":                "huawei.com",
		"regid.1991-06.com.Microsoft_Windows-10":  "microsoft.com",
		"regid.2010-04.cn.com.zte,product-x":      "zte.com.cn",
		"regid.2008-09.com":                       "",
		"regid.20x8-09.com.example":               "",
		"com.example.product":                     "",
		"REGID.2015-01.org.tianocore_edk2-202411": "tianocore.org",
		"regid.2015-01.org.tianocore.edk2:202411": "edk2.tianocore.org",
		"regid.2015-01.org..x":                    "",
		"":                                        "",
	}
	for in, want := range tests {
		if got := RegidDomain(in); got != want {
			t.Errorf("RegidDomain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormName(t *testing.T) {
	tests := map[string]string{
		"Huawei":                         "Huawei",
		"  Huawei   Technologies\tCo.  ": "Huawei Technologies Co.",
		"ZTE\u00a0Corporation":           "ZTE Corporation",
		"a\nb":                           "a b",
		"":                               "",
		"   ":                            "",
		"Ünïcødé  Name":                  "Ünïcødé Name",
		"x\x00y":                         "x y",
		"bad\xffutf8":                    "bad\ufffdutf8",
	}
	for in, want := range tests {
		if got := normName(in); got != want {
			t.Errorf("normName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExtractEvidence(t *testing.T) {
	swidTag := `<SoftwareIdentity xmlns="http://standards.iso.org/iso/19770/-2/2015/schema.xsd" name="bsp" tagId="x">
  <Entity name="HiSilicon Technologies Co., Ltd." regid="hisilicon.com" role="softwareCreator"/>
  <Entity name="Huawei" regid="https://www.huawei.com" role="tagCreator licensor"/>
</SoftwareIdentity>`
	c := &cdx.Component{
		Type: cdx.ComponentTypeFirmware,
		Name: "hi1382-bsp",
		Supplier: &cdx.OrganizationalEntity{
			Name:    " HiSilicon  Technologies Co., Ltd. ",
			URL:     &[]string{"https://www.HiSilicon.com/en", "not a url"},
			Contact: &[]cdx.OrganizationalContact{{Name: "PSIRT", Email: "psirt@hisilicon.com"}, {Name: "no mail"}},
			Address: &cdx.PostalAddress{Country: " cn "},
		},
		Manufacturer: &cdx.OrganizationalEntity{
			Name:    "Huawei Technologies Co., Ltd.",
			URL:     &[]string{"https://huawei.com"},
			Contact: &[]cdx.OrganizationalContact{{Email: "support@Huawei.com"}},
			Address: &cdx.PostalAddress{Country: "CN"},
		},
		Author:     "Bob Builder",
		Authors:    &[]cdx.OrganizationalContact{{Name: "Alice", Email: "alice@example.org"}},
		Publisher:  "Huawei",
		PackageURL: "pkg:generic/hisilicon/hi1382-bsp@2.1",
		CPE:        "cpe:2.3:o:hisilicon:hi1382_firmware:2.1:*:*:*:*:*:*:*",
		ExternalReferences: &[]cdx.ExternalReference{
			{Type: cdx.ERTypeWebsite, URL: "https://support.huawei.com/x"},
			{Type: cdx.ERTypeOther, URL: "Platform/Hisilicon/Bsp.inf"},
		},
		Copyright: "Copyright (c) 2020-2023 HiSilicon Technologies Co., Ltd. All rights reserved.\nCopyright 2019 Huawei",
		SWID: &cdx.SWID{
			TagID: "regid.2008-09.com.hisilicon_bsp-2.1",
			Name:  "bsp",
			Text:  &cdx.AttachedText{ContentType: "text/xml", Encoding: "base64", Content: base64.StdEncoding.EncodeToString([]byte(swidTag))},
		},
		Evidence: &cdx.Evidence{
			Identity: &cdx.EvidenceIdentityChoice{Identities: &[]cdx.EvidenceIdentity{
				{Field: cdx.EvidenceIdentityFieldTypePURL, ConcludedValue: "pkg:maven/com.huawei/bsp@2.1"},
				{Field: cdx.EvidenceIdentityFieldTypeCPE, ConcludedValue: "cpe:/o:huawei:bsp:2.1"},
				{Field: cdx.EvidenceIdentityFieldTypeName, ConcludedValue: "ignored"},
			}},
			Copyright: &[]cdx.Copyright{{Text: "(c) 2021 HiSilicon (Shanghai) Technologies"}},
		},
	}
	want := []Evidence{
		{Field: FieldSupplierName, Kind: KindName, Raw: " HiSilicon  Technologies Co., Ltd. ", Value: "HiSilicon Technologies Co., Ltd."},
		{Field: FieldSupplierURL, Kind: KindDomain, Raw: "https://www.HiSilicon.com/en", Value: "www.hisilicon.com"},
		{Field: FieldSupplierContact, Kind: KindName, Raw: "PSIRT", Value: "PSIRT", Person: true},
		{Field: FieldSupplierEmail, Kind: KindDomain, Raw: "psirt@hisilicon.com", Value: "hisilicon.com"},
		{Field: FieldSupplierContact, Kind: KindName, Raw: "no mail", Value: "no mail", Person: true},
		{Field: FieldSupplierCountry, Kind: KindCountry, Raw: " cn ", Value: "CN"},
		{Field: FieldManufacturerName, Kind: KindName, Raw: "Huawei Technologies Co., Ltd.", Value: "Huawei Technologies Co., Ltd."},
		{Field: FieldManufacturerURL, Kind: KindDomain, Raw: "https://huawei.com", Value: "huawei.com"},
		{Field: FieldManufacturerEmail, Kind: KindDomain, Raw: "support@Huawei.com", Value: "huawei.com"},
		{Field: FieldManufacturerCountry, Kind: KindCountry, Raw: "CN", Value: "CN"},
		{Field: FieldAuthor, Kind: KindName, Raw: "Bob Builder", Value: "Bob Builder", Person: true},
		// An author entry with an e-mail address is evidently an
		// organisation's: its name is matched by tokens.
		{Field: FieldAuthorsName, Kind: KindName, Raw: "Alice", Value: "Alice", Person: true, Org: true},
		{Field: FieldAuthorsEmail, Kind: KindDomain, Raw: "alice@example.org", Value: "example.org"},
		{Field: FieldPublisher, Kind: KindName, Raw: "Huawei", Value: "Huawei"},
		{Field: FieldPURL, Kind: KindPURL, Raw: "pkg:generic/hisilicon/hi1382-bsp@2.1", Value: "generic/hisilicon"},
		{Field: FieldCPE, Kind: KindCPE, Raw: "cpe:2.3:o:hisilicon:hi1382_firmware:2.1:*:*:*:*:*:*:*", Value: "hisilicon"},
		{Field: FieldExternalReference, Kind: KindDomain, Raw: "https://support.huawei.com/x", Value: "support.huawei.com"},
		{Field: FieldCopyright, Kind: KindName, Raw: "Copyright (c) 2020-2023 HiSilicon Technologies Co., Ltd. All rights reserved.", Value: "HiSilicon Technologies Co., Ltd."},
		{Field: FieldCopyright, Kind: KindName, Raw: "Copyright 2019 Huawei", Value: "Huawei"},
		{Field: FieldSWIDEntity, Kind: KindDomain, Raw: "regid.2008-09.com.hisilicon_bsp-2.1", Value: "hisilicon.com"},
		{Field: FieldSWIDEntity, Kind: KindName, Raw: "HiSilicon Technologies Co., Ltd.", Value: "HiSilicon Technologies Co., Ltd."},
		{Field: FieldSWIDEntity, Kind: KindDomain, Raw: "hisilicon.com", Value: "hisilicon.com"},
		{Field: FieldSWIDEntity, Kind: KindName, Raw: "Huawei", Value: "Huawei"},
		{Field: FieldSWIDEntity, Kind: KindDomain, Raw: "https://www.huawei.com", Value: "www.huawei.com"},
		{Field: FieldEvidenceCopyright, Kind: KindName, Raw: "(c) 2021 HiSilicon (Shanghai) Technologies", Value: "HiSilicon (Shanghai) Technologies"},
		{Field: FieldEvidenceIdentity, Kind: KindPURL, Raw: "pkg:maven/com.huawei/bsp@2.1", Value: "maven/com.huawei"},
		{Field: FieldEvidenceIdentity, Kind: KindCPE, Raw: "cpe:/o:huawei:bsp:2.1", Value: "huawei"},
	}
	got := ExtractEvidence(c)
	if !reflect.DeepEqual(got, want) {
		for i := 0; i < max(len(got), len(want)); i++ {
			var g, w Evidence
			if i < len(got) {
				g = got[i]
			}
			if i < len(want) {
				w = want[i]
			}
			if g != w {
				t.Errorf("item %d:\n got  %+v\n want %+v", i, g, w)
			}
		}
	}
}

func TestExtractEvidenceEdgeCases(t *testing.T) {
	tests := []struct {
		name string
		c    cdx.Component
		want []Evidence
	}{
		{"nothing", cdx.Component{Name: "x"}, nil},
		{"blank names skipped", cdx.Component{Name: "x", Supplier: &cdx.OrganizationalEntity{Name: "  "}, Publisher: "\t", Author: ""}, nil},
		{"unparsable purl still yields evidence", cdx.Component{PackageURL: "huawei:bsp"}, []Evidence{{Field: FieldPURL, Kind: KindPURL, Raw: "huawei:bsp", Value: "huawei:bsp"}}},
		{"cpe with ANY vendor yields nothing", cdx.Component{CPE: "cpe:2.3:a:*:x:*:*:*:*:*:*:*:*"}, nil},
		{"plain swid text", cdx.Component{SWID: &cdx.SWID{TagID: "x", Text: &cdx.AttachedText{Content: `<SoftwareIdentity><Entity name="ZTE" regid="regid.2001-01.cn.com.zte"/></SoftwareIdentity>`}}},
			[]Evidence{{Field: FieldSWIDEntity, Kind: KindName, Raw: "ZTE", Value: "ZTE"}, {Field: FieldSWIDEntity, Kind: KindDomain, Raw: "regid.2001-01.cn.com.zte", Value: "zte.com.cn"}}},
		{"swid with doctype is not read", cdx.Component{SWID: &cdx.SWID{TagID: "x", Text: &cdx.AttachedText{Content: `<!DOCTYPE x [<!ENTITY e "Evil">]><SoftwareIdentity><Entity name="&e;"/></SoftwareIdentity>`}}}, nil},
		{"bad base64 swid", cdx.Component{SWID: &cdx.SWID{TagID: "x", Text: &cdx.AttachedText{Encoding: "base64", Content: "!!!Entity"}}}, nil},
		{"1.5 single identity", cdx.Component{Evidence: &cdx.Evidence{Identity: &cdx.EvidenceIdentityChoice{Identity: &cdx.EvidenceIdentity{Field: cdx.EvidenceIdentityFieldTypePURL, ConcludedValue: "pkg:generic/acme/x"}}}},
			[]Evidence{{Field: FieldEvidenceIdentity, Kind: KindPURL, Raw: "pkg:generic/acme/x", Value: "generic/acme"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ExtractEvidence(&tt.c)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestMetadataEvidence(t *testing.T) {
	data := []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
	 "metadata":{
	  "supplier":{"name":"Acme RAN","url":["https://acme.example"],"address":{"country":"se"}},
	  "manufacture":{"name":"Acme Manufacturing"},
	  "manufacturer":{"name":"Acme Devices"},
	  "authors":[{"name":"SBOM Team","email":"sbom@acme.example"}],
	  "component":{"type":"firmware","bom-ref":"fw","name":"du"}},
	 "components":[{"type":"library","bom-ref":"a","name":"a"}]}`)
	doc, err := Parse(context.Background(), "m.json", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Evidence{
		{Field: FieldMetadataSupplierName, Kind: KindName, Raw: "Acme RAN", Value: "Acme RAN"},
		{Field: FieldMetadataSupplierURL, Kind: KindDomain, Raw: "https://acme.example", Value: "acme.example"},
		{Field: FieldMetadataSupplierCountry, Kind: KindCountry, Raw: "se", Value: "SE"},
		{Field: FieldMetadataManufacturerName, Kind: KindName, Raw: "Acme Devices", Value: "Acme Devices"},
		{Field: FieldMetadataManufacturerName, Kind: KindName, Raw: "Acme Manufacturing", Value: "Acme Manufacturing"},
		{Field: FieldMetadataAuthorsName, Kind: KindName, Raw: "SBOM Team", Value: "SBOM Team", Person: true, Org: true},
		{Field: FieldMetadataAuthorsEmail, Kind: KindDomain, Raw: "sbom@acme.example", Value: "acme.example"},
	}
	if !reflect.DeepEqual(doc.MetadataEvidence, want) {
		t.Errorf("metadata evidence\n got  %+v\n want %+v", doc.MetadataEvidence, want)
	}
	// The metadata describes the firmware itself: it is the root's own
	// evidence, and the root inherits nothing.
	if !reflect.DeepEqual(doc.Root.Evidence, want) {
		t.Errorf("root evidence\n got  %+v\n want %+v", doc.Root.Evidence, want)
	}
	if inh := doc.InheritedEvidence(doc.Root); len(inh) != 0 {
		t.Errorf("the root inherits %+v", inh)
	}
	// "a" has no evidence of its own: it inherits the root's label items
	// (the metadata's supplier and manufacturer; authors are not labels).
	a := doc.ByRef["a"]
	inh := doc.InheritedEvidence(a)
	if len(inh) != 5 {
		t.Fatalf("%s inherits %d items: %+v", a.Label(), len(inh), inh)
	}
	for _, e := range inh {
		if !e.Inherited || e.From != "fw" {
			t.Errorf("%s: %+v not marked inherited from fw", a.Label(), e)
		}
	}
}

// TestEvidenceConcurrentMatchesSequential checks that the concurrent
// extraction of a large document gives every component exactly what
// extracting it alone gives.
func TestEvidenceConcurrentMatchesSequential(t *testing.T) {
	doc, err := Parse(context.Background(), "gen.json", genJSON(t, 2*minParallelEvidence), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range doc.Components {
		want := ExtractEvidence(c.CDX)
		if c.IsRoot {
			want = append(want, doc.MetadataEvidence...)
		}
		if len(want) == 0 && len(c.Evidence) == 0 {
			continue
		}
		if !reflect.DeepEqual(c.Evidence, want) {
			t.Fatalf("%s: evidence differs:\n got  %+v\n want %+v", c.Label(), c.Evidence, want)
		}
	}
}
