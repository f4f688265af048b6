// Command sbomgen writes a deterministic, realistic CycloneDX 1.6 JSON SBOM
// of 5G base-station firmware, for benchmarks and scale tests:
//
//	go run ./cmd/sbomgen -n 100000 -o testdata/large/du-100k.cdx.json
//	go run ./cmd/sbomgen -n 10000 -kind ru -firmware-image fw.img -image-size 64MiB -o ru.cdx.json
//	go run ./cmd/sbomgen -n 100000 -release testdata/large/du-100k-release
//	go run ./cmd/sbomgen -n 2000 -kind mix -image-size 64KiB -releases 200 -release testdata/large/scan-200
//
// Files are written atomically (a temporary file in the same folder, then
// a rename). With -firmware-image, the pseudo-random image is written too
// and its SHA-256 and SHA-512 go on the SBOM's root component, so that gate
// benchmarks can bind the image. With -release DIR, a whole signed release
// folder is written for `fwprov gate DIR --policy DIR/policy.yaml`: image,
// SBOM, a key-signed Sigstore bundle, the public key and a policy trusting
// it. A summary goes to stderr.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/fwprov/fwprov/sbom/sbomgen"
	"github.com/fwprov/fwprov/verify"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "sbomgen:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sbomgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		n        = fs.Int("n", sbomgen.DefaultComponents, "number of components (all nesting levels, without the firmware root)")
		seed     = fs.Uint64("seed", 1, "seed: the same flags always give the same bytes")
		kind     = fs.String("kind", "du", "firmware kind: du, cu or ru (mix: rotate, with -releases)")
		share    = fs.Float64("high-risk-share", sbomgen.DefaultHighRiskShare, "share of parts from listed vendors (0 = none)")
		depth    = fs.Int("depth", sbomgen.DefaultNestingDepth, "deepest component nesting level (1 = flat)")
		fanout   = fs.Int("fanout", sbomgen.DefaultFanOut, "sub-assemblies per assembly")
		deps     = fs.String("deps", "full", "dependency graph: full, tree or none")
		indent   = fs.Bool("indent", false, "write indented JSON (about 1.9× larger)")
		out      = fs.String("o", "-", "output file (- = stdout), written atomically")
		image    = fs.String("firmware-image", "", "also write the pseudo-random firmware image to this file and bind its digests")
		imgSize  = fs.String("image-size", "64MiB", "firmware image size (bytes, or with KiB/MiB/GiB)")
		stats    = fs.Bool("stats", false, "print generation statistics as JSON to stderr")
		release  = fs.String("release", "", "write a signed release folder instead: firmware.cdx.json, firmware.img, the Sigstore bundle, release.pub and policy.yaml")
		releases = fs.Int("releases", 0, "with -release DIR: write this many releases DIR/<kind>-NNN (seeds seed, seed+1, …) signed by one key, release.pub and policy.yaml in DIR")
	)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: sbomgen [flags]\n\nWrites a deterministic CycloneDX 1.6 JSON SBOM of 5G base-station firmware.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	size, err := parseSize(*imgSize)
	if err != nil {
		return fmt.Errorf("%w: -image-size: %v", errUsage, err)
	}
	opts := sbomgen.Options{
		Components:   *n,
		Seed:         *seed,
		Kind:         sbomgen.Kind(*kind),
		NestingDepth: *depth,
		FanOut:       *fanout,
		Indent:       *indent,
		ImageSize:    size,
	}
	if *share <= 0 {
		opts.HighRiskShare = -1
	} else {
		opts.HighRiskShare = *share
	}
	switch *deps {
	case "full":
		opts.Dependencies = sbomgen.DependenciesFull
	case "tree":
		opts.Dependencies = sbomgen.DependenciesTree
	case "none":
		opts.Dependencies = sbomgen.DependenciesNone
	default:
		return fmt.Errorf("%w: -deps %q: want full, tree or none", errUsage, *deps)
	}
	if *release != "" {
		if *out != "-" || *image != "" {
			return fmt.Errorf("%w: -release writes its own files: drop -o and -firmware-image", errUsage)
		}
		if *releases > 0 {
			return writeReleases(ctx, *release, *releases, opts, stderr)
		}
		return writeRelease(ctx, *release, opts, stderr)
	}
	if *releases > 0 || opts.Kind == "mix" {
		return fmt.Errorf("%w: -releases and -kind mix need -release DIR", errUsage)
	}
	if *image != "" {
		opts.ImageName = filepath.Base(*image)
		var fw sbomgen.Firmware
		err := writeAtomic(*image, func(w io.Writer) error {
			var err error
			fw, err = sbomgen.WriteImage(ctx, w, *seed, size)
			return err
		})
		if err != nil {
			return err
		}
		opts.Firmware = &fw
	}
	var st sbomgen.Stats
	gen := func(w io.Writer) error {
		var err error
		st, err = sbomgen.Generate(ctx, w, opts)
		return err
	}
	if *out == "-" {
		bw := bufio.NewWriter(stdout)
		if err := gen(bw); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("write stdout: %w", err)
		}
	} else if err := writeAtomic(*out, gen); err != nil {
		return err
	}
	if *stats {
		b, _ := json.MarshalIndent(st, "", "  ")
		fmt.Fprintf(stderr, "%s\n", b)
	} else if *out != "-" {
		fmt.Fprintf(stderr, "sbomgen: wrote %s: %d components (%d assemblies, %d parts, %d high-risk), %d dependency edges, %.1f MB\n",
			*out, st.Components, st.Assemblies, st.Parts, st.HighRisk, st.DependencyEdges, float64(st.Bytes)/1e6)
	}
	return nil
}

// Release folder layout (what `fwprov gate DIR` looks for).
const (
	releaseSBOM   = "firmware.cdx.json"
	releaseImage  = "firmware.img"
	releaseBundle = releaseSBOM + ".sigstore.json"
	releasePub    = "release.pub"
	releasePolicy = "policy.yaml"
)

// writeRelease writes a release folder a gate can check: the image, the
// SBOM binding it, a fresh ECDSA P-256 release key's public half, a
// key-signed Sigstore bundle over the SBOM bytes, and a policy trusting
// that key for the firmware's vendor. The private key is not kept.
func writeRelease(ctx context.Context, dir string, opts sbomgen.Options, stderr io.Writer) error {
	kp, err := verify.GenerateKey(verify.KeyECDSAP256)
	if err != nil {
		return fmt.Errorf("release key: %w", err)
	}
	if err := writeKeyAndPolicy(dir, kp); err != nil {
		return err
	}
	st, fw, err := writeSignedRelease(ctx, dir, opts, kp)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "sbomgen: wrote release %s: %d components, %.1f MB SBOM, %d-byte image; gate it with: fwprov gate %s --policy %s\n",
		dir, st.Components, float64(st.Bytes)/1e6, fw.Size, dir, filepath.Join(dir, releasePolicy))
	return nil
}

// writeReleases writes count release folders DIR/<kind>-NNN (seeds seed,
// seed+1, …; with kind "mix" the kinds rotate du, cu, ru) signed by one
// release key, with release.pub and policy.yaml once in DIR: a folder of
// submissions for `fwprov scan DIR --policy DIR/policy.yaml`.
func writeReleases(ctx context.Context, dir string, count int, opts sbomgen.Options, stderr io.Writer) error {
	kp, err := verify.GenerateKey(verify.KeyECDSAP256)
	if err != nil {
		return fmt.Errorf("release key: %w", err)
	}
	if err := writeKeyAndPolicy(dir, kp); err != nil {
		return err
	}
	kinds := []sbomgen.Kind{opts.Kind}
	if opts.Kind == "mix" {
		kinds = []sbomgen.Kind{sbomgen.KindDU, sbomgen.KindCU, sbomgen.KindRU}
	}
	var total int64
	for i := 0; i < count; i++ {
		o := opts
		o.Seed = opts.Seed + uint64(i)
		o.Kind = kinds[i%len(kinds)]
		sub := filepath.Join(dir, fmt.Sprintf("%s-%03d", o.Kind, i+1))
		st, _, err := writeSignedRelease(ctx, sub, o, kp)
		if err != nil {
			return err
		}
		total += st.Bytes
	}
	fmt.Fprintf(stderr, "sbomgen: wrote %d releases under %s (%.1f MB of SBOMs); scan them with: fwprov scan %s --policy %s\n",
		count, dir, float64(total)/1e6, dir, filepath.Join(dir, releasePolicy))
	return nil
}

func writeKeyAndPolicy(dir string, kp *verify.KeyPair) error {
	if err := writeFile(filepath.Join(dir, releasePub), kp.PublicPEM); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, releasePolicy), sbomgen.ReleasePolicy(releasePub))
}

func writeFile(path string, data []byte) error {
	return writeAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeSignedRelease writes the image, the SBOM binding it and the bundle
// signing the SBOM into dir.
func writeSignedRelease(ctx context.Context, dir string, opts sbomgen.Options, kp *verify.KeyPair) (sbomgen.Stats, sbomgen.Firmware, error) {
	var fw sbomgen.Firmware
	err := writeAtomic(filepath.Join(dir, releaseImage), func(w io.Writer) error {
		var err error
		fw, err = sbomgen.WriteImage(ctx, w, opts.Seed, opts.ImageSize)
		return err
	})
	if err != nil {
		return sbomgen.Stats{}, fw, err
	}
	opts.Firmware = &fw
	opts.ImageName = releaseImage
	var buf bytes.Buffer
	st, err := sbomgen.Generate(ctx, &buf, opts)
	if err != nil {
		return st, fw, err
	}
	bundle, err := verify.SignBundle(ctx, buf.Bytes(), kp.Signer)
	if err != nil {
		return st, fw, fmt.Errorf("sign %s: %w", releaseSBOM, err)
	}
	if err := writeFile(filepath.Join(dir, releaseSBOM), buf.Bytes()); err != nil {
		return st, fw, err
	}
	return st, fw, writeFile(filepath.Join(dir, releaseBundle), bundle)
}

// writeAtomic writes a file through fill into a temporary file in the same
// folder and renames it into place only when everything succeeded.
//
// A path that exists and is not a regular file (/dev/null, a named pipe)
// is written in place: renaming over it would replace the device.
func writeAtomic(path string, fill func(io.Writer) error) (err error) {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		if st.IsDir() {
			return fmt.Errorf("write %s: is a directory", path)
		}
		return writeInPlace(path, fill)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := fill(bw); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func writeInPlace(path string, fill func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	t := strings.TrimSpace(s)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSuffix(t, u.suffix), u.m
			break
		}
	}
	v, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return v * mult, nil
}
