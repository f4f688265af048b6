package policy

// The field map, tested end to end: for every place in a CycloneDX or SPDX
// document that can name an organisation, a document naming a listed
// vendor (Huawei) only there must fail the baseline preset's
// covered-entity rule. The CycloneDX cases are written once, as edits of
// a cyclonedx-go model, and encoded by cyclonedx-go itself as JSON and as
// XML; the SPDX cases as edits of an SPDX JSON document, also converted to
// YAML (and given in tag-value where the form has the field). A reflection
// test requires every organisation-bearing field of the model to be
// covered by a case or excluded with a reason, so a field nobody thought
// of (or one a new cyclonedx-go adds) fails the build.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
	yaml "go.yaml.in/yaml/v3"

	"github.com/fwprov/fwprov/sbom"
)

const (
	hwName  = "Huawei Technologies Co., Ltd."
	hwURL   = "https://support.huawei.com/enterprise/en/doc"
	hwEmail = "psirt@huawei.com"
)

// fieldCase puts a listed vendor into one place of a clean BOM.
type fieldCase struct {
	name string
	// covers lists the model fields (Type.Field) the case exercises.
	covers []string
	// inject edits the clean BOM; part is its component "part".
	inject func(b *cdx.BOM, part *cdx.Component)
	// ref is the bom-ref whose finding proves it ("part" when empty).
	ref string
	// jsonOnly: the field has no XML form.
	jsonOnly bool
}

// fieldBOM is a clean two-part firmware: a DU load and one L1 library, both
// from a vendor outside the baseline catalog.
func fieldBOM() *cdx.BOM {
	kestrel := func() *cdx.OrganizationalEntity {
		return &cdx.OrganizationalEntity{Name: "Kestrel Silicon Inc.", URL: &[]string{"https://www.kestrel-silicon.example"}}
	}
	comps := []cdx.Component{{
		Type: cdx.ComponentTypeLibrary, BOMRef: "part", Name: "ks-l1-phy", Version: "5.2.0",
		Supplier: kestrel(), PackageURL: "pkg:generic/kestrel-silicon/ks-l1-phy@5.2.0",
	}}
	return &cdx.BOM{
		BOMFormat: cdx.BOMFormat, SpecVersion: cdx.SpecVersion1_7, Version: 1, XMLNS: "http://cyclonedx.org/schema/bom/1.7",
		SerialNumber: "urn:uuid:8c1e2a1e-1f43-4f55-9d0b-6f3a1d3e2b10",
		Metadata: &cdx.Metadata{
			Timestamp: "2026-11-01T10:00:00Z",
			Component: &cdx.Component{Type: cdx.ComponentTypeFirmware, BOMRef: "fw", Name: "ks-du-l1-load", Version: "24.3.1", Supplier: kestrel()},
		},
		Components:   &comps,
		Dependencies: &[]cdx.Dependency{{Ref: "fw", Dependencies: &[]string{"part"}}},
	}
}

func hwEntity() *cdx.OrganizationalEntity { return &cdx.OrganizationalEntity{Name: hwName} }

func hwComponent(ref string) cdx.Component {
	return cdx.Component{Type: cdx.ComponentTypeLibrary, BOMRef: ref, Name: "hisi-l1-lib", Version: "1.0", Supplier: hwEntity()}
}

func swidTag(entities string) string {
	return `<SoftwareIdentity xmlns="http://standards.iso.org/iso/19770/-2/2015/schema.xsd" name="l1" tagId="x">` + entities + `</SoftwareIdentity>`
}

var fieldCases = []fieldCase{
	// The component's label.
	{name: "component.supplier.name", covers: []string{"Component.Supplier"}, inject: func(_ *cdx.BOM, p *cdx.Component) { p.Supplier = hwEntity() }},
	{name: "component.supplier.url", covers: []string{"OrganizationalEntity.URL"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Supplier.URL = &[]string{"https://www.huawei.com"}
	}},
	{name: "component.supplier.url without a scheme", inject: func(_ *cdx.BOM, p *cdx.Component) { p.Supplier.URL = &[]string{"www.huawei.com/en/"} }},
	{name: "component.supplier.contact.email", covers: []string{"OrganizationalEntity.Contact", "OrganizationalContact.Email"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Supplier.Contact = &[]cdx.OrganizationalContact{{Email: hwEmail}}
	}},
	{name: "component.supplier.contact.email address list", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Supplier.Contact = &[]cdx.OrganizationalContact{{Email: `"Kestrel PSIRT" <psirt@kestrel-silicon.example>, sec@huawei.com (escalation)`}}
	}},
	{name: "component.supplier.contact.name with a legal suffix", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Supplier.Contact = &[]cdx.OrganizationalContact{{Name: "Huawei Device Co., Ltd."}}
	}},
	{name: "component.supplier.address.streetAddress", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Supplier.Address = &cdx.PostalAddress{StreetAddress: "Huawei Industrial Base, Bantian", Locality: "Shenzhen", Country: "CN"}
	}},
	{name: "component.manufacturer.name", covers: []string{"Component.Manufacturer"}, inject: func(_ *cdx.BOM, p *cdx.Component) { p.Manufacturer = hwEntity() }},
	{name: "component.manufacturer.url", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Manufacturer = &cdx.OrganizationalEntity{Name: "Kestrel Silicon Inc.", URL: &[]string{"huawei.com/en/products"}}
	}},
	// Attribution.
	{name: "component.authors.name (organisation)", covers: []string{"Component.Authors"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Authors = &[]cdx.OrganizationalContact{{Name: "Huawei Device Co., Ltd."}}
	}},
	{name: "component.authors.name with an e-mail", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Authors = &[]cdx.OrganizationalContact{{Name: "Huawei Device", Email: "oss@kestrel-silicon.example"}}
	}},
	{name: "component.authors.email", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Authors = &[]cdx.OrganizationalContact{{Name: "Li Wei", Email: "li.wei@huawei.com"}}
	}},
	{name: "component.author", covers: []string{"Component.Author"}, inject: func(_ *cdx.BOM, p *cdx.Component) { p.Author = "Huawei Device <oss@kestrel-silicon.example>" }},
	{name: "component.publisher", covers: []string{"Component.Publisher"}, inject: func(_ *cdx.BOM, p *cdx.Component) { p.Publisher = "Huawei" }},
	{name: "component.group", covers: []string{"Component.Group"}, inject: func(_ *cdx.BOM, p *cdx.Component) { p.Group = "com.huawei.ran" }},
	{name: "component.purl", covers: []string{"Component.PackageURL"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.PackageURL = "pkg:maven/com.huawei.ran/l1-sched@5.2.0"
	}},
	{name: "component.purl Go module on a code host", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.PackageURL = "pkg:golang/github.com/huaweicloud/huaweicloud-sdk-go-v3@v0.1.120"
	}},
	{name: "component.purl qualifier download_url", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.PackageURL = "pkg:generic/kestrel-silicon/ks-l1-phy@5.2.0?download_url=https%3A%2F%2Fdownload.huawei.com%2Fl1.tgz"
	}},
	{name: "component.purl qualifier vcs_url on a code host", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.PackageURL = "pkg:generic/kestrel-silicon/ks-l1-phy@5.2.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fhuaweicloud%2Fl1.git"
	}},
	{name: "component.cpe 2.3", covers: []string{"Component.CPE"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.CPE = "cpe:2.3:a:huawei:l1_phy:5.2.0:*:*:*:*:*:*:*"
	}},
	{name: "component.cpe 2.2", inject: func(_ *cdx.BOM, p *cdx.Component) { p.CPE = "cpe:/a:huawei:l1_phy:5.2.0" }},
	{name: "component.externalReferences website", covers: []string{"Component.ExternalReferences", "ExternalReference.URL"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.ExternalReferences = &[]cdx.ExternalReference{{Type: cdx.ERTypeWebsite, URL: hwURL}}
	}},
	{name: "component.externalReferences vcs on a code host", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.ExternalReferences = &[]cdx.ExternalReference{{Type: cdx.ERTypeVCS, URL: "https://github.com/Huawei/l1-phy"}}
	}},
	{name: "component.externalReferences scp-style git", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.ExternalReferences = &[]cdx.ExternalReference{{Type: cdx.ERTypeVCS, URL: "git@github.com:huaweicloud/l1-phy.git"}}
	}},
	{name: "component.externalReferences without a scheme", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.ExternalReferences = &[]cdx.ExternalReference{{Type: cdx.ERTypeDistribution, URL: "download.huawei.com/l1/5.2.0"}}
	}},
	{name: "component.externalReferences security contact e-mail", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.ExternalReferences = &[]cdx.ExternalReference{{Type: cdx.ERTypeSecurityContact, URL: "mailto:" + hwEmail}}
	}},
	{name: "component.copyright", covers: []string{"Component.Copyright"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Copyright = "Copyright (c) 2019-2024 Kestrel Silicon Inc.\nCopyright (c) 2021 Huawei Technologies Co., Ltd."
	}},
	{name: "component.evidence.copyright", covers: []string{"Evidence.Copyright"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Evidence = &cdx.Evidence{Copyright: &[]cdx.Copyright{{Text: "(C) 2022 Huawei Technologies Co., Ltd."}}}
	}},
	{name: "component.evidence.identity (one object)", covers: []string{"EvidenceIdentity.ConcludedValue"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Evidence = &cdx.Evidence{Identity: &cdx.EvidenceIdentityChoice{Identity: &cdx.EvidenceIdentity{Field: cdx.EvidenceIdentityFieldTypePURL, ConcludedValue: "pkg:maven/com.huawei/l1@5.2.0"}}}
	}},
	{name: "component.evidence.identity (array) cpe", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Evidence = &cdx.Evidence{Identity: &cdx.EvidenceIdentityChoice{Identities: &[]cdx.EvidenceIdentity{{Field: cdx.EvidenceIdentityFieldTypeCPE, ConcludedValue: "cpe:2.3:a:huawei:l1:5.2.0:*:*:*:*:*:*:*"}}}}
	}},
	{name: "component.evidence.identity methods value", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Evidence = &cdx.Evidence{Identity: &cdx.EvidenceIdentityChoice{Identities: &[]cdx.EvidenceIdentity{{Field: cdx.EvidenceIdentityFieldTypePURL,
			ConcludedValue: "pkg:generic/kestrel-silicon/ks-l1-phy@5.2.0", Methods: &[]cdx.EvidenceIdentityMethod{{Technique: cdx.EvidenceIdentityTechniqueManifestAnalysis, Value: "pkg:maven/com.huawei/l1@5.2.0"}}}}}}
	}},
	{name: "component.evidence.callstack frame package", covers: []string{"CallstackFrame.Package"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Evidence = &cdx.Evidence{Callstack: &cdx.Callstack{Frames: &[]cdx.CallstackFrame{{Package: "com.huawei.ran.l1", Function: "schedule"}}}}
	}},
	{name: "component.swid text entity", covers: []string{"Component.SWID"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.SWID = &cdx.SWID{TagID: "ks-l1", Name: "l1", Text: &cdx.AttachedText{ContentType: "application/swid+xml", Content: swidTag(`<Entity name="Huawei Technologies Co., Ltd." role="softwareCreator"/>`)}}
	}},
	{name: "component.swid base64 text entity regid", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.SWID = &cdx.SWID{TagID: "ks-l1", Name: "l1", Text: &cdx.AttachedText{ContentType: "application/swid+xml", Encoding: "base64",
			Content: base64.StdEncoding.EncodeToString([]byte(swidTag(`<Entity name="L1 Tools" regid="huawei.com" role="tagCreator"/>`)))}}
	}},
	{name: "component.swid text in a declared charset", inject: func(_ *cdx.BOM, p *cdx.Component) {
		// ISO-8859-1 bytes (0xE9 é), base64 so they survive as such.
		tag := []byte(`<?xml version="1.0" encoding="ISO-8859-1"?>` + swidTag(`<Entity name="Huawei Soci`+"\xe9"+`t`+"\xe9"+` Co., Ltd." role="softwareCreator"/>`))
		p.SWID = &cdx.SWID{TagID: "ks-l1", Name: "l1", Text: &cdx.AttachedText{Encoding: "base64", Content: base64.StdEncoding.EncodeToString(tag)}}
	}},
	{name: "component.swid tagId regid", covers: []string{"SWID.TagID"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.SWID = &cdx.SWID{TagID: "regid.1988-09.com.huawei_l1-5.2.0", Name: "l1"}
	}},
	{name: "component.swid url", covers: []string{"SWID.URL"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.SWID = &cdx.SWID{TagID: "ks-l1", Name: "l1", URL: "https://swid.huawei.com/l1.swidtag"}
	}},
	{name: "component.swid Link href", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.SWID = &cdx.SWID{TagID: "ks-l1", Name: "l1", Text: &cdx.AttachedText{Content: swidTag(`<Link rel="license" href="https://www.huawei.com/eula"/>`)}}
	}},
	{name: "component.licenses license name", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Licenses = &cdx.Licenses{{License: &cdx.License{Name: "Huawei Proprietary Software License"}}}
	}},
	{name: "component.licenses LicenseRef expression", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Licenses = &cdx.Licenses{{Expression: "Apache-2.0 AND LicenseRef-Huawei-EULA"}}
	}},
	{name: "component.licenses license url", covers: []string{"License.URL"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Licenses = &cdx.Licenses{{License: &cdx.License{Name: "Kestrel EULA", URL: "https://www.huawei.com/eula.html"}}}
	}},
	{name: "component.licenses licensing licensor organization", covers: []string{"License.Licensing", "Licensing.Licensor", "OrganizationalEntityOrContact.Organization"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Licenses = &cdx.Licenses{{License: &cdx.License{Name: "Kestrel EULA", Licensing: &cdx.Licensing{Licensor: &cdx.OrganizationalEntityOrContact{Organization: hwEntity()}}}}}
	}},
	{name: "component.licenses licensing licensee individual", covers: []string{"Licensing.Licensee", "OrganizationalEntityOrContact.Individual"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Licenses = &cdx.Licenses{{License: &cdx.License{Name: "Kestrel EULA", Licensing: &cdx.Licensing{Licensee: &cdx.OrganizationalEntityOrContact{Individual: &cdx.OrganizationalContact{Name: "Li Wei", Email: "li.wei@huawei.com"}}}}}}
	}},
	{name: "component.licenses licensing purchaser", covers: []string{"Licensing.Purchaser"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Licenses = &cdx.Licenses{{License: &cdx.License{Name: "Kestrel EULA", Licensing: &cdx.Licensing{Purchaser: &cdx.OrganizationalEntityOrContact{Organization: hwEntity()}}}}}
	}},
	{name: "component.licenses expression licensing", covers: []string{"LicenseChoice.Licensing"}, jsonOnly: true, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Licenses = &cdx.Licenses{{Expression: "LicenseRef-Kestrel-EULA", Licensing: &cdx.Licensing{Licensor: &cdx.OrganizationalEntityOrContact{Organization: hwEntity()}}}}
	}},
	{name: "component.licenses expression details url", covers: []string{"LicenseExpressionDetail.URL"}, jsonOnly: true, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Licenses = &cdx.Licenses{{Expression: "LicenseRef-Kestrel-EULA", ExpressionDetails: &[]cdx.LicenseExpressionDetail{{LicenseIdentifier: "LicenseRef-Kestrel-EULA", URL: "https://www.huawei.com/eula"}}}}
	}},
	{name: "component.evidence.licenses licensing", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Evidence = &cdx.Evidence{Licenses: &cdx.Licenses{{License: &cdx.License{Name: "Kestrel EULA", Licensing: &cdx.Licensing{Licensor: &cdx.OrganizationalEntityOrContact{Organization: hwEntity()}}}}}}
	}},
	// Pedigree: ancestors, descendants and variants are parts of the BOM.
	{name: "component.pedigree.ancestors", covers: []string{"Pedigree.Ancestors"}, ref: "anc", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Pedigree = &cdx.Pedigree{Ancestors: &[]cdx.Component{hwComponent("anc")}}
	}},
	{name: "component.pedigree.descendants", covers: []string{"Pedigree.Descendants"}, ref: "desc", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Pedigree = &cdx.Pedigree{Descendants: &[]cdx.Component{hwComponent("desc")}}
	}},
	{name: "component.pedigree.variants", covers: []string{"Pedigree.Variants"}, ref: "var", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Pedigree = &cdx.Pedigree{Variants: &[]cdx.Component{hwComponent("var")}}
	}},
	{name: "component.pedigree.commits.author", covers: []string{"Commit.Author", "IdentifiableAction.Email"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Pedigree = &cdx.Pedigree{Commits: &[]cdx.Commit{{UID: "a1b2c3", Author: &cdx.IdentifiableAction{Name: "Li Wei", Email: "li.wei@huawei.com"}}}}
	}},
	{name: "component.pedigree.commits.committer", covers: []string{"Commit.Committer"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Pedigree = &cdx.Pedigree{Commits: &[]cdx.Commit{{UID: "a1b2c3", Committer: &cdx.IdentifiableAction{Name: hwName}}}}
	}},
	{name: "component.pedigree.commits.url", covers: []string{"Commit.URL"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Pedigree = &cdx.Pedigree{Commits: &[]cdx.Commit{{UID: "a1b2c3", URL: "https://github.com/huaweicloud/l1/commit/a1b2c3"}}}
	}},
	{name: "component.pedigree.patches.resolves.source", covers: []string{"Issue.Source", "Source.URL"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Pedigree = &cdx.Pedigree{Patches: &[]cdx.Patch{{Type: cdx.PatchTypeBackport, Resolves: &[]cdx.Issue{{Type: cdx.IssueTypeSecurity, ID: "HWPSIRT-2024-01", Source: &cdx.Source{Name: "Huawei PSIRT", URL: "https://www.huawei.com/en/psirt"}}}}}}
	}},
	{name: "component.pedigree.patches.resolves.references", covers: []string{"Issue.References"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Pedigree = &cdx.Pedigree{Patches: &[]cdx.Patch{{Type: cdx.PatchTypeBackport, Resolves: &[]cdx.Issue{{Type: cdx.IssueTypeDefect, ID: "1", References: &[]string{hwURL}}}}}}
	}},
	{name: "component.pedigree.patches.diff.url", covers: []string{"Diff.URL"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Pedigree = &cdx.Pedigree{Patches: &[]cdx.Patch{{Type: cdx.PatchTypeUnofficial, Diff: &cdx.Diff{URL: "https://patches.huawei.com/l1/1.diff"}}}}
	}},
	{name: "component.releaseNotes resolves and images", covers: []string{"ReleaseNotes.FeaturedImage", "ReleaseNotes.SocialImage"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.ReleaseNotes = &cdx.ReleaseNotes{Type: "patch", FeaturedImage: "https://img.huawei.com/l1.png"}
	}},
	{name: "component.data governance owner", covers: []string{"ComponentDataGovernanceResponsibleParty.Organization"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Data = &[]cdx.ComponentData{{Type: cdx.ComponentDataTypeConfiguration, Name: "l1-tables", Governance: &cdx.DataGovernance{Owners: &[]cdx.ComponentDataGovernanceResponsibleParty{{Organization: hwEntity()}}}}}
	}},
	{name: "component.data governance contact", covers: []string{"ComponentDataGovernanceResponsibleParty.Contact"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Data = &[]cdx.ComponentData{{Type: cdx.ComponentDataTypeConfiguration, Name: "l1-tables", Governance: &cdx.DataGovernance{Stewards: &[]cdx.ComponentDataGovernanceResponsibleParty{{Contact: &cdx.OrganizationalContact{Email: hwEmail}}}}}}
	}},
	{name: "component.data contents url", covers: []string{"ComponentDataContents.URL"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Data = &[]cdx.ComponentData{{Type: cdx.ComponentDataTypeConfiguration, Name: "l1-tables", Contents: &cdx.ComponentDataContents{URL: "https://data.huawei.com/l1-tables.bin"}}}
	}},
	{name: "component.modelCard dataset governance", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Type = cdx.ComponentTypeMachineLearningModel
		p.ModelCard = &cdx.MLModelCard{ModelParameters: &cdx.MLModelParameters{Datasets: &[]cdx.MLDatasetChoice{{ComponentData: &cdx.ComponentData{Type: cdx.ComponentDataTypeDataset, Name: "beam-training",
			Governance: &cdx.DataGovernance{Custodians: &[]cdx.ComponentDataGovernanceResponsibleParty{{Organization: hwEntity()}}}}}}}}
	}},
	{name: "component.modelCard energy provider", covers: []string{"MLModelEnergyProvider.Organization", "MLModelEnergyProvider.ExternalReferences"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Type = cdx.ComponentTypeMachineLearningModel
		p.ModelCard = &cdx.MLModelCard{Considerations: &cdx.MLModelCardConsiderations{EnvironmentalConsiderations: &cdx.MLModelCardEnvironmentalConsiderations{
			EnergyConsumptions: &[]cdx.MLModelEnergyConsumption{{Activity: cdx.MLModelEnergyConsumptionActivityTraining, ActivityEnergyCost: cdx.MLModelEnergyMeasure{Value: 1, Unit: cdx.MLModelEnergyUnitKWH},
				EnergyProviders: &[]cdx.MLModelEnergyProvider{{Organization: hwEntity(), EnergySource: cdx.MLModelEnergySourceSolar, EnergyProvided: &cdx.MLModelEnergyMeasure{Value: 1, Unit: cdx.MLModelEnergyUnitKWH}}}}}}}}
	}},
	{name: "component.cryptoProperties certificate subject", covers: []string{"CertificateProperties.SubjectName", "CertificateProperties.IssuerName"}, inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Type = cdx.ComponentTypeCryptographicAsset
		p.CryptoProperties = &cdx.CryptoProperties{AssetType: cdx.CryptoAssetTypeCertificate, CertificateProperties: &cdx.CertificateProperties{
			SubjectName: "CN=Kestrel L1 Signing, O=Kestrel Silicon Inc., C=US", IssuerName: "CN=Huawei Equipment CA, O=Huawei Technologies Co., Ltd., C=CN"}}
	}},
	{name: "components nested", covers: []string{"Component.Components", "BOM.Components"}, ref: "nested", inject: func(_ *cdx.BOM, p *cdx.Component) {
		p.Components = &[]cdx.Component{hwComponent("nested")}
	}},
	// Services are parts of the BOM.
	{name: "services.provider", covers: []string{"BOM.Services", "Service.Provider"}, ref: "svc", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Services = &[]cdx.Service{{BOMRef: "svc", Name: "oam-telemetry", Provider: hwEntity()}}
	}},
	{name: "services.endpoints", covers: []string{"Service.Endpoints"}, ref: "svc", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Services = &[]cdx.Service{{BOMRef: "svc", Name: "oam-telemetry", Endpoints: &[]string{"https://oam.huaweicloud.com/v1/telemetry"}}}
	}},
	{name: "services.group", covers: []string{"Service.Group"}, ref: "svc", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Services = &[]cdx.Service{{BOMRef: "svc", Name: "oam-telemetry", Group: "com.huawei.oam", Provider: &cdx.OrganizationalEntity{Name: "Kestrel Silicon Inc."}}}
	}},
	{name: "services.externalReferences", covers: []string{"Service.ExternalReferences"}, ref: "svc", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Services = &[]cdx.Service{{BOMRef: "svc", Name: "oam-telemetry", ExternalReferences: &[]cdx.ExternalReference{{Type: cdx.ERTypeDocumentation, URL: hwURL}}}}
	}},
	{name: "services.services nested", covers: []string{"Service.Services"}, ref: "inner", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Services = &[]cdx.Service{{BOMRef: "svc", Name: "oam", Services: &[]cdx.Service{{BOMRef: "inner", Name: "oam-auth", Provider: hwEntity()}}}}
	}},
	{name: "services.data flow source", covers: []string{"DataClassification.Source", "DataClassification.Destination"}, ref: "svc", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Services = &[]cdx.Service{{BOMRef: "svc", Name: "oam-telemetry", Data: &[]cdx.DataClassification{{Flow: cdx.DataFlowInbound, Classification: "PII", Source: &[]string{"https://collector.huawei.com/in"}}}}}
	}},
	// The BOM metadata describes the firmware itself.
	{name: "metadata.supplier", covers: []string{"Metadata.Supplier"}, ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) { b.Metadata.Supplier = hwEntity() }},
	{name: "metadata.manufacturer", covers: []string{"Metadata.Manufacturer"}, ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) { b.Metadata.Manufacturer = hwEntity() }},
	{name: "metadata.manufacture (1.5)", covers: []string{"Metadata.Manufacture"}, ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) { b.Metadata.Manufacture = hwEntity() }},
	{name: "metadata.authors", covers: []string{"Metadata.Authors"}, ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Metadata.Authors = &[]cdx.OrganizationalContact{{Name: "RAN Release Engineering", Email: "release@huawei.com"}}
	}},
	{name: "metadata.component", covers: []string{"Metadata.Component"}, ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Metadata.Component.PackageURL = "pkg:generic/huawei/du-load@24.3.1"
	}},
	{name: "metadata.tools legacy vendor", covers: []string{"ToolsChoice.Tools", "Tool.Vendor"}, ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) {
		//lint:ignore SA1019 the legacy tools are still read
		b.Metadata.Tools = &cdx.ToolsChoice{Tools: &[]cdx.Tool{{Vendor: hwName, Name: "sbom-builder", Version: "1.8.2"}}}
	}},
	{name: "metadata.tools legacy references", covers: []string{"Tool.ExternalReferences"}, ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) {
		//lint:ignore SA1019 the legacy tools are still read
		b.Metadata.Tools = &cdx.ToolsChoice{Tools: &[]cdx.Tool{{Name: "sbom-builder", ExternalReferences: &[]cdx.ExternalReference{{Type: cdx.ERTypeWebsite, URL: hwURL}}}}}
	}},
	{name: "metadata.tools.components", covers: []string{"ToolsChoice.Components"}, ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Metadata.Tools = &cdx.ToolsChoice{Components: &[]cdx.Component{{Type: cdx.ComponentTypeApplication, Name: "sbom-builder", Supplier: hwEntity()}}}
	}},
	{name: "metadata.tools.services", covers: []string{"ToolsChoice.Services"}, ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Metadata.Tools = &cdx.ToolsChoice{Services: &[]cdx.Service{{Name: "sbom-service", Endpoints: &[]string{"https://sbom.huaweicloud.com/api"}}}}
	}},
	{name: "metadata.licenses licensing", ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Metadata.Licenses = &cdx.Licenses{{License: &cdx.License{Name: "SBOM licence", Licensing: &cdx.Licensing{Licensor: &cdx.OrganizationalEntityOrContact{Organization: hwEntity()}}}}}
	}},
	{name: "externalReferences (the BOM's)", covers: []string{"BOM.ExternalReferences"}, ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.ExternalReferences = &[]cdx.ExternalReference{{Type: cdx.ERTypeBOM, URL: "https://sbom.huawei.com/du-load.cdx.json"}}
	}},
	// Annotations: evidence of their subjects.
	{name: "annotations.annotator.organization", covers: []string{"Annotation.Annotator", "Annotator.Organization"}, inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Annotations = &[]cdx.Annotation{{Subjects: &[]cdx.BOMReference{"part"}, Annotator: &cdx.Annotator{Organization: hwEntity()}, Timestamp: "2026-11-01T10:00:00Z", Text: "reviewed"}}
	}},
	{name: "annotations.annotator.individual", covers: []string{"Annotator.Individual"}, inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Annotations = &[]cdx.Annotation{{Subjects: &[]cdx.BOMReference{"part"}, Annotator: &cdx.Annotator{Individual: &cdx.OrganizationalContact{Name: "Li Wei", Email: "li.wei@huawei.com"}}, Timestamp: "2026-11-01T10:00:00Z", Text: "reviewed"}}
	}},
	{name: "annotations.annotator.component", covers: []string{"Annotator.Component"}, inject: func(b *cdx.BOM, _ *cdx.Component) {
		c := hwComponent("ann-tool")
		b.Annotations = &[]cdx.Annotation{{Subjects: &[]cdx.BOMReference{"part"}, Annotator: &cdx.Annotator{Component: &c}, Timestamp: "2026-11-01T10:00:00Z", Text: "scanned"}}
	}},
	{name: "annotations.annotator.service", covers: []string{"Annotator.Service"}, inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Annotations = &[]cdx.Annotation{{Subjects: &[]cdx.BOMReference{"part"}, Annotator: &cdx.Annotator{Service: &cdx.Service{Name: "scanner", Provider: hwEntity()}}, Timestamp: "2026-11-01T10:00:00Z", Text: "scanned"}}
	}},
	{name: "annotations without a known subject", ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Annotations = &[]cdx.Annotation{{Subjects: &[]cdx.BOMReference{"urn:uuid:8c1e2a1e-1f43-4f55-9d0b-6f3a1d3e2b10"}, Annotator: &cdx.Annotator{Organization: hwEntity()}, Timestamp: "2026-11-01T10:00:00Z", Text: "approved"}}
	}},
	// Declarations and formulation: the firmware's.
	{name: "declarations.assessors", covers: []string{"Assessor.Organization"}, ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Declarations = &cdx.Declarations{Assessors: &[]cdx.Assessor{{BOMRef: "assessor", Organization: hwEntity()}}}
	}},
	{name: "declarations.targets", covers: []string{"Targets.Organizations", "Targets.Components", "Targets.Services"}, ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Declarations = &cdx.Declarations{Targets: &cdx.Targets{Organizations: &[]cdx.OrganizationalEntity{*hwEntity()}}}
	}},
	{name: "declarations.affirmation.signatories", covers: []string{"Signatory.Organization", "Signatory.ExternalReference"}, ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Declarations = &cdx.Declarations{Affirmation: &cdx.Affirmation{Statement: "conforms", Signatories: &[]cdx.Signatory{{Name: "Li Wei", Role: "CTO", Organization: hwEntity()}}}}
	}},
	{name: "declarations.evidence author", covers: []string{"DeclarationEvidence.Author", "DeclarationEvidence.Reviewer", "EvidenceDataContents.URL"}, ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Declarations = &cdx.Declarations{Evidence: &[]cdx.DeclarationEvidence{{BOMRef: "ev1", PropertyName: "test", Author: &cdx.OrganizationalContact{Name: "Li Wei", Email: "li.wei@huawei.com"}}}}
	}},
	{name: "declarations.claims references", covers: []string{"Claim.ExternalReferences"}, ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Declarations = &cdx.Declarations{Claims: &[]cdx.Claim{{BOMRef: "claim1", Target: "fw", Predicate: "tested", ExternalReferences: &[]cdx.ExternalReference{{Type: cdx.ERTypeEvidence, URL: "https://lab.huawei.com/report.pdf"}}}}}
	}},
	{name: "formulation components", covers: []string{"Formula.Components", "Formula.Services"}, ref: "fw", inject: func(b *cdx.BOM, _ *cdx.Component) {
		b.Formulation = &[]cdx.Formula{{BOMRef: "build", Components: &[]cdx.Component{{Type: cdx.ComponentTypeApplication, Name: "bisheng-compiler", Supplier: hwEntity()}}}}
	}},
}

// excludedFields are the organisation-bearing model fields that are not
// origin evidence, with the reason (they are documented in the sbom package
// documentation too).
var excludedFields = map[string]string{
	"Vulnerability.Source":                      "vulnerability data says who published, found or rated a vulnerability, not who made a part",
	"VulnerabilityRating.Source":                "vulnerability data",
	"VulnerabilityReference.Source":             "vulnerability data",
	"Advisory.URL":                              "vulnerability data",
	"Credits.Organizations":                     "vulnerability data",
	"Credits.Individuals":                       "vulnerability data",
	"Patent.PatentAssignee":                     "intellectual property: a 5G load implements standard-essential patents of many holders without containing anything they made",
	"Patent.ExternalReferences":                 "intellectual property",
	"PatentFamily.ExternalReferences":           "intellectual property",
	"AsserterChoice.Organization":               "intellectual property (patent assertions)",
	"AsserterChoice.Individual":                 "intellectual property (patent assertions)",
	"StandardDefinition.Owner":                  "the owner of a standard the BOM cites (3GPP, O-RAN Alliance), not of a part",
	"StandardDefinition.ExternalReferences":     "standards",
	"StandardRequirement.ExternalReferences":    "standards",
	"ResourceReferenceChoice.ExternalReference": "formulation workflow steps name the resources they use; those are the formulation's components and services, which are read",
	"CipherSuite.TLSGroups":                     "TLS group names, not organisations",
	"MLModelCardFairnessAssessment.GroupAtRisk": "a population, not an organisation",
	"MLModelEnergyProvider.EnergySource":        "an energy source enumeration",
}

// orgFields finds, by reflection over the model, every field that can name
// an organisation, a person, a domain or a namespace: fields of the
// organisational types and of embedded components and services, and
// string fields whose JSON name says URL, e-mail, vendor, author, ...
func orgFields() []string {
	orgTypes := map[reflect.Type]bool{
		reflect.TypeFor[cdx.OrganizationalEntity](): true, reflect.TypeFor[cdx.OrganizationalContact](): true,
		reflect.TypeFor[cdx.OrganizationalEntityOrContact](): true, reflect.TypeFor[cdx.IdentifiableAction](): true,
		reflect.TypeFor[cdx.ExternalReference](): true, reflect.TypeFor[cdx.Source](): true, reflect.TypeFor[cdx.SWID](): true,
		reflect.TypeFor[cdx.Copyright](): true, reflect.TypeFor[cdx.Licensing](): true, reflect.TypeFor[cdx.Annotator](): true,
		reflect.TypeFor[cdx.Component](): true, reflect.TypeFor[cdx.Service](): true,
		reflect.TypeFor[cdx.Tool](): true, //lint:ignore SA1019 the legacy tools are still read
	}
	words := []string{"url", "email", "endpoint", "vendor", "author", "publisher", "copyright", "purl", "cpe", "owner",
		"subjectname", "issuername", "image", "reference", "source", "destination", "group", "package", "concludedvalue",
		"href", "regid", "tagid", "assignee", "supplier", "manufactur", "provider", "licensor", "licensee", "purchaser"}
	seen := map[reflect.Type]bool{}
	var out []string
	stack := []reflect.Type{reflect.TypeFor[cdx.BOM]()}
	for len(stack) > 0 {
		t := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			continue
		}
		seen[t] = true
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			ft := f.Type
			for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			name := strings.ToLower(strings.Split(f.Tag.Get("json"), ",")[0])
			hit := orgTypes[ft]
			if ft.Kind() == reflect.String {
				for _, w := range words {
					if strings.Contains(name, w) {
						hit = true
					}
				}
			}
			if hit {
				out = append(out, t.Name()+"."+f.Name)
			}
			stack = append(stack, f.Type)
		}
	}
	sort.Strings(out)
	return out
}

// TestFieldMapComplete requires every organisation-bearing model field to
// be exercised by a field case or excluded with a reason.
func TestFieldMapComplete(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range fieldCases {
		for _, f := range c.covers {
			covered[f] = true
		}
	}
	// The organisational types' own fields are exercised wherever those
	// types are (supplier, licensor, annotator, ...).
	for _, f := range []string{"OrganizationalEntity.URL", "OrganizationalEntity.Contact", "OrganizationalContact.Email", "IdentifiableAction.Email", "ExternalReference.URL", "Source.URL"} {
		covered[f] = true
	}
	for _, f := range orgFields() {
		if !covered[f] && excludedFields[f] == "" {
			t.Errorf("%s can name an organisation but no field case covers it and it is not excluded with a reason", f)
		}
	}
}

// encodeBOM encodes a model with cyclonedx-go's own encoder.
func encodeBOM(t *testing.T, b *cdx.BOM, f cdx.BOMFileFormat) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := cdx.NewBOMEncoder(&buf, f)
	enc.SetPretty(true)
	if err := enc.Encode(b); err != nil {
		t.Fatalf("encode: %v", err)
	}
	return buf.Bytes()
}

// coveredFinding returns the covered-entity findings on the part with
// bom-ref ref.
func coveredFinding(v *Verdict, ref string) []Finding {
	var out []Finding
	for _, f := range v.Findings {
		if f.Rule == "covered-entity" && f.Component.BOMRef == ref {
			out = append(out, f)
		}
	}
	return out
}

func TestFieldMapCycloneDX(t *testing.T) {
	p := mustPreset(t, "baseline")
	ctx := context.Background()
	// The control: the clean BOM has no covered-entity finding.
	for _, f := range []cdx.BOMFileFormat{cdx.BOMFileFormatJSON, cdx.BOMFileFormatXML} {
		data := encodeBOM(t, fieldBOM(), f)
		doc, err := sbom.Parse(ctx, "clean", data, sbom.Options{})
		if err != nil {
			t.Fatal(err)
		}
		v, err := Evaluate(ctx, doc, p, EvalOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, fd := range v.Findings {
			if fd.Rule == "covered-entity" {
				t.Fatalf("the clean BOM has a covered-entity finding: %s", fd.Message)
			}
		}
	}
	for _, c := range fieldCases {
		for _, format := range []struct {
			name string
			f    cdx.BOMFileFormat
		}{{"json", cdx.BOMFileFormatJSON}, {"xml", cdx.BOMFileFormatXML}} {
			if c.jsonOnly && format.name == "xml" {
				continue
			}
			t.Run(c.name+"/"+format.name, func(t *testing.T) {
				b := fieldBOM()
				c.inject(b, &(*b.Components)[0])
				data := encodeBOM(t, b, format.f)
				doc, err := sbom.Parse(ctx, "case."+format.name, data, sbom.Options{})
				if err != nil {
					t.Fatalf("parse: %v\n%s", err, data)
				}
				v, err := Evaluate(ctx, doc, p, EvalOptions{})
				if err != nil {
					t.Fatal(err)
				}
				ref := c.ref
				if ref == "" {
					ref = "part"
				}
				if v.Decision != Deny || len(coveredFinding(v, ref)) == 0 {
					var lines []string
					for _, f := range v.Findings {
						lines = append(lines, f.Rule+": "+f.Message)
					}
					t.Errorf("Huawei named only in %s: decision %s, no covered-entity finding on %q; findings:\n%s\n%s",
						c.name, v.Decision, ref, strings.Join(lines, "\n"), data)
				}
			})
		}
	}
}

// spdxCase puts a listed vendor into one place of a clean SPDX document.
type spdxCase struct {
	name string
	// edit changes the SPDX JSON document (decoded as generic JSON): pkg is
	// the "part" package, file the file it has.
	edit func(doc, pkg, file map[string]any)
	// tv are tag-value lines appended to the part package's section ("":
	// the case has no tag-value test), and tvTail lines appended at the end.
	tv, tvTail string
	ref        string // the SPDXID whose finding proves it ("SPDXRef-part")
}

func spdxBase() map[string]any {
	var doc map[string]any
	if err := json.Unmarshal([]byte(`{
  "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": "ks-du-l1-load 24.3.1",
  "documentNamespace": "https://kestrel-silicon.example/spdx/ks-du-l1-load-24.3.1",
  "creationInfo": {"created": "2026-11-01T10:00:00Z", "creators": ["Organization: Kestrel Silicon Inc.", "Tool: ks-sbom-2.0"]},
  "documentDescribes": ["SPDXRef-fw"],
  "packages": [
    {"name": "ks-du-l1-load", "SPDXID": "SPDXRef-fw", "versionInfo": "24.3.1", "supplier": "Organization: Kestrel Silicon Inc.",
     "downloadLocation": "NOASSERTION", "primaryPackagePurpose": "FIRMWARE"},
    {"name": "ks-l1-phy", "SPDXID": "SPDXRef-part", "versionInfo": "5.2.0", "supplier": "Organization: Kestrel Silicon Inc.",
     "downloadLocation": "NOASSERTION", "hasFiles": ["SPDXRef-file"],
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/kestrel-silicon/ks-l1-phy@5.2.0"}]}
  ],
  "files": [{"fileName": "./lib/libl1.so", "SPDXID": "SPDXRef-file", "checksums": [{"algorithm": "SHA256", "checksumValue": "00"}]}],
  "relationships": [
    {"spdxElementId": "SPDXRef-fw", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-part"}
  ]
}`), &doc); err != nil {
		panic(err)
	}
	return doc
}

const spdxTVBase = `SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: ks-du-l1-load 24.3.1
DocumentNamespace: https://kestrel-silicon.example/spdx/ks-du-l1-load-24.3.1
Creator: Organization: Kestrel Silicon Inc.
Created: 2026-11-01T10:00:00Z
Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-fw

PackageName: ks-du-l1-load
SPDXID: SPDXRef-fw
PackageVersion: 24.3.1
PackageSupplier: Organization: Kestrel Silicon Inc.
PackageDownloadLocation: NOASSERTION

PackageName: ks-l1-phy
SPDXID: SPDXRef-part
PackageVersion: 5.2.0
ExternalRef: PACKAGE-MANAGER purl pkg:generic/kestrel-silicon/ks-l1-phy@5.2.0
`

func ref(cat, typ, loc string) map[string]any {
	return map[string]any{"referenceCategory": cat, "referenceType": typ, "referenceLocator": loc}
}

func addRef(pkg map[string]any, r map[string]any) {
	refs, _ := pkg["externalRefs"].([]any)
	pkg["externalRefs"] = append(refs, r)
}

var spdxCases = []spdxCase{
	{name: "package.supplier", edit: func(_, p, _ map[string]any) { p["supplier"] = "Organization: " + hwName }, tv: "PackageSupplier: Organization: " + hwName},
	{name: "package.supplier e-mail", edit: func(_, p, _ map[string]any) { p["supplier"] = "Organization: Kestrel Silicon Inc. (" + hwEmail + ")" },
		tv: "PackageSupplier: Organization: Kestrel Silicon Inc. (" + hwEmail + ")"},
	{name: "package.originator organisation", edit: func(_, p, _ map[string]any) { p["originator"] = "Organization: " + hwName }, tv: "PackageOriginator: Organization: " + hwName},
	{name: "package.originator person", edit: func(_, p, _ map[string]any) { p["originator"] = "Person: Huawei Technologies" }, tv: "PackageOriginator: Person: Huawei Technologies"},
	{name: "package.downloadLocation", edit: func(_, p, _ map[string]any) { p["downloadLocation"] = "https://download.huawei.com/l1-5.2.0.tgz" },
		tv: "PackageDownloadLocation: https://download.huawei.com/l1-5.2.0.tgz"},
	{name: "package.downloadLocation git on a code host", edit: func(_, p, _ map[string]any) {
		p["downloadLocation"] = "git+https://github.com/huaweicloud/l1.git@v5.2.0"
	}, tv: "PackageDownloadLocation: git+https://github.com/huaweicloud/l1.git@v5.2.0"},
	{name: "package.homepage without a scheme", edit: func(_, p, _ map[string]any) { p["homepage"] = "www.huawei.com/en/products/l1" },
		tv: "PackageHomePage: www.huawei.com/en/products/l1"},
	{name: "package.copyrightText", edit: func(_, p, _ map[string]any) { p["copyrightText"] = "Copyright (c) 2021 " + hwName },
		tv: "PackageCopyrightText: <text>Copyright (c) 2021 " + hwName + "</text>"},
	{name: "package.attributionTexts", edit: func(_, p, _ map[string]any) {
		p["attributionTexts"] = []any{"This product includes software developed by Huawei Technologies"}
	},
		tv: "PackageAttributionText: <text>This product includes software developed by Huawei Technologies</text>"},
	{name: "package.licenseDeclared LicenseRef", edit: func(_, p, _ map[string]any) { p["licenseDeclared"] = "LicenseRef-Huawei-EULA" }, tv: "PackageLicenseDeclared: LicenseRef-Huawei-EULA"},
	{name: "externalRefs PACKAGE-MANAGER purl", edit: func(_, p, _ map[string]any) {
		addRef(p, ref("PACKAGE-MANAGER", "purl", "pkg:maven/com.huawei/l1@5.2.0"))
	},
		tv: "ExternalRef: PACKAGE-MANAGER purl pkg:maven/com.huawei/l1@5.2.0"},
	{name: "externalRefs PACKAGE-MANAGER maven-central", edit: func(_, p, _ map[string]any) {
		addRef(p, ref("PACKAGE-MANAGER", "maven-central", "com.huawei.ran:l1:5.2.0"))
	},
		tv: "ExternalRef: PACKAGE-MANAGER maven-central com.huawei.ran:l1:5.2.0"},
	{name: "externalRefs PACKAGE-MANAGER golang", edit: func(_, p, _ map[string]any) {
		addRef(p, ref("PACKAGE_MANAGER", "golang", "github.com/huaweicloud/huaweicloud-sdk-go-v3@v0.1.120"))
	}, tv: "ExternalRef: PACKAGE_MANAGER golang github.com/huaweicloud/huaweicloud-sdk-go-v3@v0.1.120"},
	{name: "externalRefs SECURITY cpe23Type", edit: func(_, p, _ map[string]any) {
		addRef(p, ref("SECURITY", "cpe23Type", "cpe:2.3:a:huawei:l1:5.2.0:*:*:*:*:*:*:*"))
	},
		tv: "ExternalRef: SECURITY cpe23Type cpe:2.3:a:huawei:l1:5.2.0:*:*:*:*:*:*:*"},
	{name: "externalRefs SECURITY cpe22Type", edit: func(_, p, _ map[string]any) { addRef(p, ref("SECURITY", "cpe22Type", "cpe:/a:huawei:l1:5.2.0")) },
		tv: "ExternalRef: SECURITY cpe22Type cpe:/a:huawei:l1:5.2.0"},
	{name: "externalRefs SECURITY advisory", edit: func(_, p, _ map[string]any) {
		addRef(p, ref("SECURITY", "advisory", "https://www.huawei.com/en/psirt/2024"))
	},
		tv: "ExternalRef: SECURITY advisory https://www.huawei.com/en/psirt/2024"},
	{name: "externalRefs OTHER without a scheme", edit: func(_, p, _ map[string]any) { addRef(p, ref("OTHER", "mirror", "mirrors.huaweicloud.com/l1")) },
		tv: "ExternalRef: OTHER mirror mirrors.huaweicloud.com/l1"},
	{name: "externalRefs OTHER purl", edit: func(_, p, _ map[string]any) { addRef(p, ref("OTHER", "origin", "pkg:generic/huawei/l1@5.2.0")) },
		tv: "ExternalRef: OTHER origin pkg:generic/huawei/l1@5.2.0"},
	{name: "package annotation annotator", edit: func(_, p, _ map[string]any) {
		p["annotations"] = []any{map[string]any{"annotationType": "REVIEW", "annotator": "Organization: " + hwName, "annotationDate": "2026-11-01T10:00:00Z", "comment": "reviewed"}}
	}, tvTail: "Annotator: Organization: " + hwName + "\nAnnotationDate: 2026-11-01T10:00:00Z\nAnnotationType: REVIEW\nSPDXREF: SPDXRef-part\nAnnotationComment: reviewed\n"},
	{name: "document annotation annotator", ref: "SPDXRef-fw", edit: func(d, _, _ map[string]any) {
		d["annotations"] = []any{map[string]any{"annotationType": "REVIEW", "annotator": "Person: Li Wei (li.wei@huawei.com)", "annotationDate": "2026-11-01T10:00:00Z", "comment": "approved", "spdxElementId": "SPDXRef-DOCUMENT"}}
	}},
	{name: "creationInfo.creators", ref: "SPDXRef-fw", edit: func(d, _, _ map[string]any) {
		d["creationInfo"].(map[string]any)["creators"] = []any{"Organization: " + hwName, "Tool: ks-sbom-2.0"}
	}},
	{name: "externalDocumentRefs", ref: "SPDXRef-fw", edit: func(d, _, _ map[string]any) {
		d["externalDocumentRefs"] = []any{map[string]any{"externalDocumentId": "DocumentRef-bsp", "spdxDocument": "https://sbom.huawei.com/bsp.spdx.json",
			"checksum": map[string]any{"algorithm": "SHA1", "checksumValue": "d6a770ba38583ed4bb4525bd96e50461655d2759"}}}
	}, tvTail: "ExternalDocumentRef: DocumentRef-bsp https://sbom.huawei.com/bsp.spdx.json SHA1: d6a770ba38583ed4bb4525bd96e50461655d2759\n"},
	{name: "file.copyrightText", ref: "SPDXRef-file", edit: func(_, _, f map[string]any) { f["copyrightText"] = "Copyright 2022 " + hwName },
		tvTail: "FileName: ./lib/libl1.so\nSPDXID: SPDXRef-file\nFileCopyrightText: Copyright 2022 " + hwName + "\n"},
	{name: "file.fileContributors", ref: "SPDXRef-file", edit: func(_, _, f map[string]any) { f["fileContributors"] = []any{"Huawei Device Co., Ltd."} },
		tvTail: "FileName: ./lib/libl1.so\nSPDXID: SPDXRef-file\nFileContributor: Huawei Device Co., Ltd.\n"},
	{name: "file.attributionTexts", ref: "SPDXRef-file", edit: func(_, _, f map[string]any) { f["attributionTexts"] = []any{"(c) Huawei Technologies Co., Ltd."} },
		tvTail: "FileName: ./lib/libl1.so\nSPDXID: SPDXRef-file\nFileAttributionText: (c) Huawei Technologies Co., Ltd.\n"},
	{name: "snippets.copyrightText", ref: "SPDXRef-file", edit: func(d, _, _ map[string]any) {
		d["snippets"] = []any{map[string]any{"SPDXID": "SPDXRef-snip", "snippetFromFile": "SPDXRef-file", "copyrightText": "Copyright 2020 " + hwName,
			"ranges": []any{map[string]any{"startPointer": map[string]any{"offset": 1, "reference": "SPDXRef-file"}, "endPointer": map[string]any{"offset": 9, "reference": "SPDXRef-file"}}}}}
	}, tvTail: "FileName: ./lib/libl1.so\nSPDXID: SPDXRef-file\n\nSnippetSPDXID: SPDXRef-snip\nSnippetFromFileSPDXID: SPDXRef-file\nSnippetCopyrightText: Copyright 2020 " + hwName + "\n"},
	{name: "snippets.attributionTexts", ref: "SPDXRef-file", edit: func(d, _, _ map[string]any) {
		d["snippets"] = []any{map[string]any{"SPDXID": "SPDXRef-snip", "snippetFromFile": "SPDXRef-file", "attributionTexts": []any{"Portions (c) Huawei Technologies"}}}
	}, tvTail: "FileName: ./lib/libl1.so\nSPDXID: SPDXRef-file\n\nSnippetSPDXID: SPDXRef-snip\nSnippetFromFileSPDXID: SPDXRef-file\nSnippetAttributionText: Portions (c) Huawei Technologies\n"},
}

func TestFieldMapSPDX(t *testing.T) {
	p := mustPreset(t, "baseline")
	ctx := context.Background()
	check := func(t *testing.T, name string, data []byte, ref string) {
		t.Helper()
		doc, err := sbom.Parse(ctx, name, data, sbom.Options{})
		if err != nil {
			t.Fatalf("parse: %v\n%s", err, data)
		}
		v, err := Evaluate(ctx, doc, p, EvalOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if v.Decision != Deny || len(coveredFinding(v, ref)) == 0 {
			var lines []string
			for _, f := range v.Findings {
				lines = append(lines, f.Rule+" "+f.Component.BOMRef+": "+f.Message)
			}
			t.Errorf("decision %s, no covered-entity finding on %q; findings:\n%s\n%s", v.Decision, ref, strings.Join(lines, "\n"), data)
		}
	}
	// The control.
	base, _ := json.Marshal(spdxBase())
	if doc, err := sbom.Parse(ctx, "clean.spdx.json", base, sbom.Options{}); err != nil {
		t.Fatal(err)
	} else if v, _ := Evaluate(ctx, doc, p, EvalOptions{}); len(v.Findings) > 0 && slicesContainsRule(v, "covered-entity") {
		t.Fatalf("the clean SPDX document has a covered-entity finding")
	}
	for _, c := range spdxCases {
		ref := c.ref
		if ref == "" {
			ref = "SPDXRef-part"
		}
		doc := spdxBase()
		pkgs := doc["packages"].([]any)
		c.edit(doc, pkgs[1].(map[string]any), doc["files"].([]any)[0].(map[string]any))
		js, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		t.Run(c.name+"/json", func(t *testing.T) { check(t, "case.spdx.json", js, ref) })
		t.Run(c.name+"/yaml", func(t *testing.T) {
			y, err := yaml.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			check(t, "case.spdx.yaml", y, ref)
		})
		if c.tv != "" || c.tvTail != "" {
			t.Run(c.name+"/tag-value", func(t *testing.T) {
				tv := spdxTVBase
				if c.tv != "" {
					tv += c.tv + "\n"
				}
				tv += "\n" + c.tvTail
				check(t, "case.spdx", []byte(tv), ref)
			})
		}
	}
}

func slicesContainsRule(v *Verdict, rule string) bool {
	for _, f := range v.Findings {
		if f.Rule == rule {
			return true
		}
	}
	return false
}
