package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fwprov/fwprov/policy"
	"github.com/fwprov/fwprov/sbom"
)

// A release folder, by convention (documented in the README):
//
//	<name>.cdx.json | <name>.cdx.xml | <name>.spdx.json (optionally .gz)   exactly one SBOM
//	<sbom>.sigstore.json | <sbom>.bundle                                    its Sigstore bundle
//	<sbom>.sig                                                              or a detached signature
//	the firmware image: --firmware, or the file the SBOM's firmware component names in its
//	"fwprov:image" (or BSI "bsi:component:filename") property, in the same folder
var sbomSuffixes = []string{".cdx.json", ".cdx.xml", ".spdx.json", ".spdx"}

var bundleSuffixes = []string{".sigstore.json", ".bundle", ".sigstore"}

// imageProperties name the firmware image file in the SBOM's root component.
var imageProperties = []string{"fwprov:image", "bsi:component:filename"}

// isSBOMName reports whether a file name follows the SBOM naming convention
// (gate's release folders and scan's submissions alike), optionally .gz.
func isSBOMName(name string) bool {
	lower := strings.TrimSuffix(strings.ToLower(name), ".gz")
	for _, s := range sbomSuffixes {
		if strings.HasSuffix(lower, s) {
			return true
		}
	}
	return false
}

// releaseFiles are the paths that make up one release.
type releaseFiles struct {
	SBOM        string
	Bundle      string
	Signature   string
	Attestation string
	Firmware    string
}

// findSBOM returns the one SBOM in a release folder.
func findSBOM(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", fmt.Errorf("gate: read release folder: %w", err)
	}
	var found []string
	for _, e := range entries {
		if e.Type().IsRegular() && isSBOMName(e.Name()) {
			found = append(found, e.Name())
		}
	}
	sort.Strings(found)
	switch len(found) {
	case 0:
		return "", fmt.Errorf("gate: %s: no SBOM (*.cdx.json, *.cdx.xml, *.spdx.json) in the release folder", dir)
	case 1:
		return filepath.Join(dir, found[0]), nil
	}
	return "", fmt.Errorf("gate: %s: %d SBOMs (%s): name one with --sbom", dir, len(found), strings.Join(found, ", "))
}

// siblingMaterial finds the signature material that belongs to an SBOM by
// the naming convention: its bundle, or else its detached signature (one
// kind of material; a bundle wins). Only regular files count: a symlink or folder with
// a conventional name is ignored, not followed.
func siblingMaterial(sbomPath string) (bundle, sig string) {
	for _, s := range bundleSuffixes {
		if regularFile(sbomPath + s) {
			return sbomPath + s, ""
		}
	}
	if regularFile(sbomPath + ".sig") {
		sig = sbomPath + ".sig"
	}
	return bundle, sig
}

func regularFile(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && fi.Mode().IsRegular()
}

// namedImage returns the firmware image file the SBOM's root names, inside
// dir. The name must be a plain file name: a path that leaves the folder
// ("../x", "/etc/x", "a/b") is refused, so an SBOM cannot point the gate at
// any other file on the host.
func namedImage(doc *sbom.Document, dir string) (string, error) {
	if doc.Root == nil {
		return "", nil
	}
	for _, prop := range imageProperties {
		name, ok := doc.Root.PropertyValue(prop)
		if !ok || name == "" {
			continue
		}
		if name != filepath.Base(name) || name == "." || name == ".." || strings.ContainsAny(name, `/\`) || !fs.ValidPath(name) {
			return "", fmt.Errorf("gate: %s: the firmware component's %q property %q is not a plain file name in the release folder", doc.Source, prop, name)
		}
		return filepath.Join(dir, name), nil
	}
	return "", nil
}

// openImage opens a firmware image for streaming, refusing anything but a
// regular file.
func openImage(path string) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) {
		fi, err := os.Lstat(path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, errors.New("the firmware image is missing (no such file)")
			}
			return nil, err
		}
		if !fi.Mode().IsRegular() {
			return nil, errors.New("the firmware image is not a regular file")
		}
		return os.Open(path)
	}
}

// readMaterial reads an optional signature-material file ("" gives nil).
func readMaterial(path string, max int64) ([]byte, error) {
	if path == "" {
		return nil, nil
	}
	return sbom.ReadInput(path, max)
}

// loadRelease reads every file of a release once, in the form the policy
// gate takes. The SBOM bytes read here are the bytes verified and parsed.
// The firmware image is the --firmware flag, else the file the SBOM names
// inside the release folder (dir, "" when the release came by flags only).
func loadRelease(g *globals, files releaseFiles, dir string) (*policy.Release, error) {
	rel := &policy.Release{SBOMName: files.SBOM, BundleName: files.Bundle, SignatureName: files.Signature, AttestationName: files.Attestation}
	var err error
	if files.SBOM != "" {
		if rel.SBOM, err = readInput(g, files.SBOM); err != nil {
			return nil, err
		}
	}
	// Signature material is small; a 64 MiB cap keeps a hostile file from
	// exhausting memory.
	const maxMaterial = 64 << 20
	if rel.Bundle, err = readMaterial(files.Bundle, maxMaterial); err != nil {
		return nil, err
	}
	if rel.Signature, err = readMaterial(files.Signature, maxMaterial); err != nil {
		return nil, err
	}
	if rel.Attestation, err = readMaterial(files.Attestation, g.limits().MaxBytes); err != nil {
		return nil, err
	}
	rel.Image = func(doc *sbom.Document) (string, func() (io.ReadCloser, error), error) {
		if files.Firmware != "" {
			return files.Firmware, openImage(files.Firmware), nil
		}
		if doc == nil || dir == "" {
			return "", nil, nil
		}
		path, err := namedImage(doc, dir)
		if err != nil || path == "" {
			return "", nil, err
		}
		return path, openImage(path), nil
	}
	return rel, nil
}
