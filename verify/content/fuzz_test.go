package content

import (
	"bytes"
	"context"
	"os/exec"
	"testing"
)

// FuzzAudit: any bytes are an image; Audit never panics, never fails on
// content, keeps parents before members and stays within its limits.
func FuzzAudit(f *testing.F) {
	mod := tfile{"lib/modules/x.ko", hiGmac}
	f.Add(tarBytes(f, []tfile{mod}))
	f.Add(gzipBytes(tarBytes(f, []tfile{mod})))
	f.Add(cpioBytes([]tfile{mod}, false))
	f.Add(cpioBytes([]tfile{mod}, true))
	f.Add(zipBytes(f, []tfile{mod}, false))
	f.Add(xzBytes(f, hiGmac))
	f.Add(zstdBytes(f, hiGmac))
	f.Add(lz4Bytes(hiGmac))
	f.Add(hiGmac)
	for _, tool := range []string{"dtc", "mksquashfs", "mkfs.ext4", "mkimage"} {
		if _, err := exec.LookPath(tool); err != nil {
			continue
		}
		switch tool {
		case "dtc":
			f.Add(dtb(f, "hi3798cv200-poplar"))
		case "mksquashfs":
			f.Add(squashfs(f, []tfile{mod}, "gzip"))
			f.Add(squashfs(f, []tfile{mod}, "zstd"))
		case "mkfs.ext4":
			f.Add(ext4(f, []tfile{mod}, 1))
		case "mkimage":
			f.Add(uImage(f, cpioBytes([]tfile{mod}, false), "none"))
		}
	}
	lim := Limits{MaxTotalBytes: 64 << 20, MaxEntrySize: 8 << 20, MaxBuffered: 16 << 20, RatioFloor: 1 << 20}
	a, err := New(Options{Name: "fuzz", Limits: lim, Hashes: []string{"SHA-512"}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, img []byte) {
		inv, err := a.Audit(context.Background(), bytes.NewReader(img), int64(len(img)))
		if err != nil {
			t.Fatalf("error on content: %v", err)
		}
		if len(inv.Files) == 0 || inv.Files[0].Size != int64(len(img)) {
			t.Fatal("the image itself is not files[0]")
		}
		for i, fl := range inv.Files {
			if i > 0 && (fl.Parent < 0 || fl.Parent >= i) {
				t.Fatalf("file %d has parent %d", i, fl.Parent)
			}
		}
		for _, in := range inv.Indicators {
			if in.File < 0 || in.File >= len(inv.Files) {
				t.Fatalf("indicator %+v names no file", in)
			}
		}
		// Work is bounded: one read of every file plus what one over-limit
		// stream may decompress before it is refused.
		if inv.BytesRead > lim.MaxTotalBytes+lim.MaxEntrySize+int64(len(img)) {
			t.Fatalf("read %d bytes (limit %d)", inv.BytesRead, lim.MaxTotalBytes)
		}
		Reconcile(inv, nil)
	})
}

// FuzzCopyrightText: any run of bytes, valid UTF-8 or not.
func FuzzCopyrightText(f *testing.F) {
	f.Add("Copyright (c) 2016 HiSilicon Technologies Co., Ltd.")
	f.Add("\xff\xfeCOPYRIGHT \xc3(c) x")
	f.Fuzz(func(t *testing.T, run string) {
		c := copyrightText(run)
		if len(c) > len(run)+len("…") {
			t.Fatalf("%q from %q", c, run)
		}
		classifyParty(c)
	})
}
