package content

import "github.com/fwprov/fwprov/sbom"

// Schema names the JSON form of an Inventory.
const Schema = "fwprov.content/v1"

// Kind says what a file is.
type Kind string

// File kinds.
const (
	KindELF          Kind = "elf"
	KindKernelModule Kind = "kernel-module" // an ELF relocatable with a .modinfo section
	KindDeviceTree   Kind = "device-tree"
	KindCertificate  Kind = "certificate" // PEM or DER X.509
	KindKey          Kind = "key"         // PEM private or public key
	KindScript       Kind = "script"      // starts with #!
	KindArchive      Kind = "archive"     // any container or compression stream: see File.Format
	KindData         Kind = "data"
)

// Format names a container format.
type Format string

// Container formats.
const (
	FormatTar      Format = "tar"
	FormatZip      Format = "zip"
	FormatCPIO     Format = "cpio"
	FormatAr       Format = "ar" // Debian packages, static libraries
	FormatGzip     Format = "gzip"
	FormatXZ       Format = "xz"
	FormatZstd     Format = "zstd"
	FormatBzip2    Format = "bzip2"
	FormatLZMA     Format = "lzma"
	FormatLZ4      Format = "lz4" // the LZ4 frame format
	FormatSquashFS Format = "squashfs"
	FormatExt      Format = "ext" // ext2, ext3, ext4
	FormatFIT      Format = "fit"
	FormatUImage   Format = "uimage"
	FormatCarved   Format = "carved" // data in which other formats were found at offsets
)

// Inventory is what Audit found in an image. It is plain data.
type Inventory struct {
	Schema string `json:"schemaVersion"`
	// Source names the image (Options.Name).
	Source string `json:"source"`
	Size   int64  `json:"size"`
	// Files lists every file, the image itself first (index 0), parents
	// before their members.
	Files      []File      `json:"files"`
	Indicators []Indicator `json:"indicators"`
	Packages   []Package   `json:"packages"`
	Problems   []Problem   `json:"problems"`
	// Incomplete is set when a global limit stopped the audit: files after
	// that point were not examined (the Problem says where).
	Incomplete bool `json:"incomplete,omitempty"`
	// BytesRead counts the bytes read across all layers.
	BytesRead int64 `json:"bytesRead"`
	// Limits are the limits the audit ran with.
	Limits Limits `json:"limits"`
}

// File is one file in the image, at any depth.
type File struct {
	// Path is the virtual path: layers separated by "!", members by "/".
	Path string `json:"path"`
	// Parent is the index in Inventory.Files of the container this file was
	// read from; -1 for the image itself.
	Parent int   `json:"parent"`
	Depth  int   `json:"depth"`
	Size   int64 `json:"size"`
	// SHA256 is the lowercase hex SHA-256 of the content.
	SHA256 string `json:"sha256"`
	// Hashes are the other digests Options.Hashes asked for, by CycloneDX
	// algorithm name.
	Hashes []sbom.Hash `json:"hashes,omitempty"`
	Kind   Kind        `json:"kind"`
	// Format is the container format when Kind is KindArchive (or a device
	// tree that is a FIT image).
	Format Format   `json:"format,omitempty"`
	ELF    *ELFInfo `json:"elf,omitempty"`
	// Offset is the position in the parent for content found by magic at an
	// offset (carved); 0 otherwise.
	Offset int64 `json:"offset,omitempty"`
}

// ELFInfo describes an ELF file.
type ELFInfo struct {
	Class   string `json:"class"`   // ELFCLASS32, ELFCLASS64
	Machine string `json:"machine"` // EM_AARCH64, EM_X86_64, ...
	Type    string `json:"type"`    // ET_EXEC, ET_DYN, ET_REL, ...
	// Module is the kernel module's name= from .modinfo.
	Module string `json:"module,omitempty"`
}

// ProblemKind classifies a Problem.
type ProblemKind string

// Problem kinds. ProblemLimit, ProblemBomb and ProblemUnreadable mean part
// of the image was not examined.
const (
	// ProblemUnreadable: a part that could not be opened or read to its end
	// (corrupt, truncated, or a format this package does not read).
	ProblemUnreadable ProblemKind = "unreadable"
	// ProblemLimit: a limit was reached; Limit names it.
	ProblemLimit ProblemKind = "limit"
	// ProblemBomb: a structure that only an attack produces (overlapping
	// zip entries, looping extents, a directory loop, a block expanding past
	// its declared size).
	ProblemBomb ProblemKind = "bomb"
	// ProblemSuspiciousName: a member name that would escape its directory
	// if extracted ("../", an absolute path, a NUL, a backslash path). It is
	// only a name here; the file is inventoried under its cleaned path.
	ProblemSuspiciousName ProblemKind = "suspicious-name"
	// ProblemIntegrity: a checksum the container carries does not match
	// (a uImage data CRC, a FIT sha256 hash node).
	ProblemIntegrity ProblemKind = "integrity"
)

// Limit names, as Problem.Limit.
const (
	LimitTotalBytes = "maxTotalBytes"
	LimitRatio      = "maxRatio"
	LimitDepth      = "maxDepth"
	LimitEntries    = "maxEntries"
	LimitEntrySize  = "maxEntrySize"
	LimitBuffered   = "maxBuffered"
	LimitImageSize  = "maxImageSize"
	LimitIndicators = "maxIndicators"
	LimitScanBytes  = "maxScanBytes"
)

// Problem is something about the image that is not a file: a part that
// could not be read, a limit, a bomb, a suspicious name.
type Problem struct {
	Kind ProblemKind `json:"kind"`
	// Path is the virtual path of the part concerned.
	Path string `json:"path"`
	// Limit names the limit for ProblemLimit.
	Limit  string `json:"limit,omitempty"`
	Detail string `json:"detail"`
}

// IndicatorKind says what an indicator is.
type IndicatorKind string

// Indicator kinds.
const (
	IndicatorModuleAuthor   IndicatorKind = "module-author" // .modinfo author=
	IndicatorModuleVendor   IndicatorKind = "module-vendor" // .modinfo vendor=
	IndicatorPCIVendor      IndicatorKind = "pci-vendor"    // Value: 4 hex digits from alias=pci:v0000XXXX
	IndicatorUSBVendor      IndicatorKind = "usb-vendor"    // Value: 4 hex digits from alias=usb:vXXXX
	IndicatorACPIVendor     IndicatorKind = "acpi-vendor"   // Value: the ACPI/PNP vendor ID (HISI, HWEI)
	IndicatorDTVendor       IndicatorKind = "dt-vendor"     // Value: the prefix before the comma of a compatible
	IndicatorDTModel        IndicatorKind = "dt-model"      // the root model property
	IndicatorCertSubject    IndicatorKind = "cert-subject"  // Value: an O, OU or CN of a certificate subject
	IndicatorCertIssuer     IndicatorKind = "cert-issuer"   // Value: an O, OU or CN of a certificate issuer
	IndicatorCopyright      IndicatorKind = "copyright"     // Value: the holder
	IndicatorPackageMaint   IndicatorKind = "package-maintainer"
	IndicatorPackageVendor  IndicatorKind = "package-vendor"
	IndicatorPackageAuthor  IndicatorKind = "package-author"
	IndicatorPackageOrigin  IndicatorKind = "package-origin" // apk o:, dpkg Origin:
	IndicatorUImageName     IndicatorKind = "uimage-name"
	IndicatorFITDescription IndicatorKind = "fit-description"
)

// Party says whether an indicator's text names an organisation or a person.
type Party string

// Parties.
const (
	PartyOrganization Party = "organization"
	PartyPerson       Party = "person"
	PartyUnknown      Party = "unknown"
)

// Indicator is one origin hint read from content.
type Indicator struct {
	Kind IndicatorKind `json:"kind"`
	// Value is the text the indicator stands on: a vendor prefix, a vendor
	// ID, a holder, a name.
	Value string `json:"value"`
	// Raw is the text it was read from (the whole alias, compatible string,
	// copyright line, maintainer field), bounded.
	Raw   string `json:"raw,omitempty"`
	Party Party  `json:"party"`
	// Email is an e-mail address in the text, when there is one.
	Email string `json:"email,omitempty"`
	// File is the index in Inventory.Files; Path repeats its path.
	File int    `json:"file"`
	Path string `json:"path"`
	// Where says where in the file: ".modinfo author", "/soc/ethernet@0 compatible",
	// "certificate 1 subject O", "string at 0x1f00", "line 3", "package busybox".
	Where string `json:"where"`
	// ClassDriver is set on the device-ID indicators of a module whose
	// aliases name several vendors (or any vendor): evidence for none.
	ClassDriver bool `json:"classDriver,omitempty"`
}

// Package is one entry of a package database found in the image.
type Package struct {
	// Manager is dpkg, opkg, apk, python or npm.
	Manager string `json:"manager"`
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	Arch    string `json:"arch,omitempty"`
	PURL    string `json:"purl"`
	// Maintainer, Vendor and Author are as the database states them.
	Maintainer string `json:"maintainer,omitempty"`
	Vendor     string `json:"vendor,omitempty"`
	Author     string `json:"author,omitempty"`
	// File is the index in Inventory.Files of the database file; Database
	// repeats its path.
	File     int    `json:"file"`
	Database string `json:"database"`
	// Root is the virtual path of the filesystem the database describes
	// ("du.itb!/images/rootfs!"): Files are relative to it.
	Root string `json:"root"`
	// Files are the paths the database says the package installed, as
	// absolute paths inside Root ("/usr/bin/busybox").
	Files []string `json:"files,omitempty"`
}
