package content_test

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/fwprov/fwprov/sbom"
	"github.com/fwprov/fwprov/verify/content"
)

// An image is audited once; the inventory is then set against the SBOM.
func Example() {
	// A tiny CU tarball: a busybox binary and a dpkg database.
	var img bytes.Buffer
	tw := tar.NewWriter(&img)
	add := func(name, data string) {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o755, Size: int64(len(data)), Typeflag: tar.TypeReg})
		tw.Write([]byte(data))
	}
	add("bin/busybox", "#!/bin/sh\necho BusyBox v1.36.1\n")
	add("var/lib/dpkg/status", "Package: busybox\nStatus: install ok installed\nVersion: 1:1.36.1-6\nArchitecture: arm64\nMaintainer: Debian Busybox Team <busybox@packages.debian.org>\n")
	add("var/lib/dpkg/info/busybox.list", "/bin/busybox\n")
	add("etc/os-release", "ID=debian\n")
	tw.Close()

	auditor, err := content.New(content.Options{Name: "cu.tar"})
	if err != nil {
		panic(err)
	}
	inv, err := auditor.Audit(context.Background(), bytes.NewReader(img.Bytes()), int64(img.Len()))
	if err != nil {
		panic(err)
	}
	for _, p := range inv.Packages {
		fmt.Println(p.Manager, p.PURL)
	}

	doc, err := sbom.Parse(context.Background(), "cu.cdx.json", []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
		"components":[{"bom-ref":"bb","type":"application","name":"busybox","version":"1:1.36.1-6","purl":"pkg:deb/debian/busybox@1%3A1.36.1-6?arch=arm64"}]}`), sbom.Options{})
	if err != nil {
		panic(err)
	}
	rec := content.Reconcile(inv, doc)
	for _, fa := range rec.Files {
		if strings.HasSuffix(fa.Path, "/bin/busybox") {
			fmt.Println(fa.Path, "accounted by", fa.Matches[0].Component.Name, "via", fa.Matches[0].Via)
		}
	}
	fmt.Println("undeclared packages:", len(rec.UndeclaredPackages))
	// Output:
	// dpkg pkg:deb/debian/busybox@1:1.36.1-6?arch=arm64
	// cu.tar!/bin/busybox accounted by busybox via package
	// undeclared packages: 0
}
