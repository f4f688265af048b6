package content

import (
	"bytes"
	"crypto/x509"
	"debug/elf"
	"encoding/pem"
	"fmt"
	"io"
	"strings"
)

// classify sets the kind of a file that is not a container found by
// detect: ELF, device tree (or FIT image), certificate, key, script, data.
func (s *state) classify(idx int, b blob, head []byte) {
	f := &s.inv.Files[idx]
	f.Kind = KindData
	switch {
	case bytes.HasPrefix(head, []byte("\x7fELF")):
		s.classifyELF(idx, b)
	case isFDT(head):
		f.Kind = KindDeviceTree
		if fit, err := isFITBlob(b); err == nil && fit {
			f.Kind = KindArchive
			f.Format = FormatFIT
		}
	case bytes.HasPrefix(head, []byte("#!")):
		f.Kind = KindScript
	default:
		if name := unsupported(head); name != "" {
			f.Kind = KindArchive
			f.Format = Format(strings.ToLower(strings.Fields(name)[0]))
			return
		}
		if bytes.Contains(head[:min(len(head), 64<<10)], []byte("-----BEGIN ")) {
			s.classifyPEM(idx, b, head)
			return
		}
		if len(head) >= 4 && head[0] == 0x30 && head[1] == 0x82 && int64(len(head)) == b.size {
			if cert, err := x509.ParseCertificate(head); err == nil {
				f.Kind = KindCertificate
				s.certIndicators(idx, cert, "certificate")
			}
		}
	}
}

// classifyELF reads the ELF header and, for a kernel module, .modinfo.
func (s *state) classifyELF(idx int, b blob) {
	f := &s.inv.Files[idx]
	var info *ELFInfo
	var modinfo []byte
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("ELF reader failed: %v", r)
			}
		}()
		ef, err := elf.NewFile(b.r)
		if err != nil {
			return err
		}
		info = &ELFInfo{Class: ef.Class.String(), Machine: ef.Machine.String(), Type: ef.Type.String()}
		if sec := ef.Section(".modinfo"); sec != nil && ef.Type == elf.ET_REL {
			if sec.Type == elf.SHT_NOBITS {
				return nil
			}
			modinfo, err = io.ReadAll(io.LimitReader(sec.Open(), 1<<20))
			if err != nil {
				return fmt.Errorf(".modinfo: %w", err)
			}
		}
		return nil
	}()
	if err != nil {
		s.problem(ProblemUnreadable, f.Path, "", "ELF: %v", err)
	}
	if info == nil {
		return
	}
	f.Kind = KindELF
	f.ELF = info
	if modinfo != nil {
		f.Kind = KindKernelModule
		s.modinfoIndicators(idx, modinfo)
	}
}

// classifyPEM reads the PEM blocks of a text file: certificates (each one
// yields indicators) and keys.
func (s *state) classifyPEM(idx int, b blob, head []byte) {
	f := &s.inv.Files[idx]
	rest := head
	n := 0
	for len(rest) > 0 {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			break
		}
		switch {
		case blk.Type == "CERTIFICATE" || blk.Type == "TRUSTED CERTIFICATE" || blk.Type == "X509 CERTIFICATE":
			n++
			cert, err := x509.ParseCertificate(blk.Bytes)
			if err != nil {
				s.problem(ProblemUnreadable, f.Path, "", "PEM certificate %d: %v", n, err)
				continue
			}
			f.Kind = KindCertificate
			s.certIndicators(idx, cert, fmt.Sprintf("certificate %d", n))
		case strings.HasSuffix(blk.Type, "PRIVATE KEY") || strings.HasSuffix(blk.Type, "PUBLIC KEY"):
			if f.Kind != KindCertificate {
				f.Kind = KindKey
			}
		}
	}
	if b.size > int64(len(head)) && f.Kind == KindCertificate {
		s.problem(ProblemLimit, f.Path, LimitScanBytes, "certificate bundle larger than %d bytes: certificates after that were not read", len(head))
	}
}
