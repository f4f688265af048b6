// Package content unpacks a firmware image in memory, inventories every file
// inside it, extracts the origin indicators its content carries, and
// reconciles that inventory with an SBOM.
//
// It answers the question a signed SBOM cannot: is the SBOM telling the truth
// about what is inside the image? A vendor who wants a board support package
// to pass review can leave it out of the SBOM; its kernel modules, device
// trees and certificates still name their maker. Audit finds them; Reconcile
// says which declared component (if any) accounts for each file, package and
// indicator. Resolving indicators to catalog entities and turning the result
// into findings is the caller's job (the policy layer): this package reports
// raw facts as data and never decides.
//
// # Unpacking
//
// Nothing is ever written to the filesystem. Every file is a virtual path:
// container layers are separated by "!", members by "/", for example
// "du.itb!/images/rootfs!/lib/modules/6.1.0/extra/hi_gmac.ko". Names from
// the image are kept as strings (a member called "../../etc/passwd" is just a
// name; it is reported as ProblemSuspiciousName) and never touch the host.
//
// Formats: tar (ustar, PAX, GNU), zip, cpio (newc, crc and odc), ar (Debian
// packages), gzip, xz, lz4 (frames),
// zstd, bzip2, legacy LZMA (as U-Boot and SquashFS use it), SquashFS 4
// (gzip, xz, lzma, lzo, lz4 and zstd blocks), ext2/3/4 (block maps, extent
// trees, inline data), flattened device trees, U-Boot FIT images (a device
// tree whose /images/* nodes carry data inline or external) and legacy
// uImages (single and multi-file), and blobs found by magic at offsets inside
// data no format claims (a flash dump with a kernel, a squashfs and padding;
// a kernel Image with a built-in initramfs). Formats recognised but not read
// (UBI, UBIFS, JFFS2, CramFS, romfs, lzop, 7-Zip, RPM databases) are
// reported as ProblemUnreadable, never skipped.
//
// The SquashFS, ext2/3/4, cpio and device-tree readers are this package's
// own: the libraries available for them trust the image's declared sizes
// (allocating what a header asks for, recursing through a looping extent
// tree without bound), which a hostile image turns into a crash. Each reader
// here validates every offset and size against the bytes that exist, keeps
// one block in memory at a time, and refuses loops and overlaps.
//
// # Limits
//
// Limits bound the work an image can cause; the defaults are those of
// DefaultLimits:
//
//	MaxTotalBytes   16 GiB   bytes read across all layers (every file is hashed once)
//	MaxRatio        100      bytes a container or stream may yield per byte of its
//	                         own size, beyond RatioFloor (also applied to the whole image)
//	RatioFloor      16 MiB   what any container may yield regardless of ratio
//	MaxDepth        16       nested container layers
//	MaxEntries      500000   files in the inventory
//	MaxEntrySize    1 GiB    size of one file (declared or actual)
//	MaxBuffered     1 GiB    decompressed bytes held in memory at once
//	MaxImageSize    8 GiB    what AuditReader spools
//	MaxScanBytes    8 MiB    bytes of each file scanned for copyright strings
//	MaxIndicators   4096     distinct indicators of one kind kept per file
//
// Fixed bounds besides: a member path of at most 4096 bytes, 64 MiB of
// directory paths waiting to be walked and 256 MiB of paths in the whole
// inventory, device trees 64 nodes deep, ext extent trees 5 levels deep,
// directories 4096 levels deep, dictionaries of 256 MiB (xz, LZMA, zstd).
//
// Content is read through io.ReaderAt where the container stores it
// unchanged (tar and cpio members, FIT images, carved regions, SquashFS and
// ext files, which are decompressed one block at a time); only a decompressed
// stream is held in memory, so memory is bounded by MaxBuffered, not by the
// image size.
//
// A limit that is reached is a Problem of kind ProblemLimit naming the limit
// and the path; a structure that is itself an attack (overlapping zip
// entries, a looping or overlapping ext4 extent tree, a directory loop, a
// SquashFS block that expands beyond its block size) is ProblemBomb. A
// global limit (MaxTotalBytes, MaxEntries, the image-wide ratio) stops the
// audit and sets Inventory.Incomplete. Callers must treat ProblemLimit,
// ProblemBomb and ProblemUnreadable as denying in a fail-closed gate: what
// was not examined was not shown to be clean.
//
// # Inventory and indicators
//
// Each File has its virtual path, size, SHA-256 (and the other algorithms
// Options.Hashes asks for, typically those the SBOM uses: HashAlgorithms),
// and a Kind: ELF (with class, machine and type), kernel module, device
// tree, certificate, key, script, archive (any container, with its Format),
// or data.
//
// Indicators are raw strings with where they were found: kernel-module
// .modinfo author, vendor and PCI/USB/OF/ACPI device-ID aliases (a module
// whose aliases name several vendors is marked ClassDriver: it is evidence
// for none of them); device-tree compatible/model/vendor prefixes; X.509
// subject and issuer O, OU and CN of embedded certificates (PEM and DER,
// including DER inside binaries); copyright and SPDX-FileCopyrightText
// lines in text and in binaries' strings; package-database maintainers,
// vendors and authors. Each is marked PartyOrganization, PartyPerson or
// PartyUnknown from its text.
//
// Package databases are parsed into Packages with purls: dpkg and opkg
// status files (and their info/*.list file lists), the apk installed
// database, Python dist-info/egg-info metadata (with RECORD), and node
// package.json files. RPM databases (Berkeley DB, NDB, SQLite) are
// recognised and reported as unreadable.
//
// # Reconciliation
//
// Reconcile matches the inventory with an sbom.Document: files by hash (any
// algorithm computed), by the bsi:component:filename property, by CycloneDX
// evidence.occurrences locations and by SPDX file entries (file
// components); packages by purl (type, namespace, name; version compared
// after purl decoding); and files listed by a matched package's file list.
// Content nested inside an accounted file is accounted by it (except the
// firmware root, which accounts for the image itself only), while its
// indicators are still reported with the enclosing component so that a
// relabelled part can be detected. Components whose hashes match no file are
// MissingContent, the firmware root excepted.
package content
