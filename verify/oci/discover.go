package oci

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/go-json-experiment/json"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// dockerReferenceType marks buildx's attestation manifests inside an image
// index (platform unknown/unknown): not a platform to gate.
const dockerReferenceType = "vnd.docker.reference.type"

// Discover reads ref (see ParseReference), resolves its tag to a digest
// once, and then, by digest only, reads the image manifest (or each
// platform manifest of an image index) and everything attached to each:
// Sigstore bundle referrers (referrers API and referrers tag schema),
// legacy .sig/.att/.sbom tags and, in layouts, referrer manifests in
// index.json. It verifies nothing: hand the Image to Verifier.Verify.
//
// Errors name the reference; a limit exceeded is a *LimitError.
func Discover(ctx context.Context, ref string, opts Options) (*Image, error) {
	r, err := ParseReference(ref)
	if err != nil {
		return nil, err
	}
	return DiscoverReference(ctx, r, opts)
}

// DiscoverReference is Discover for a parsed reference.
func DiscoverReference(ctx context.Context, r Reference, opts Options) (*Image, error) {
	img, err := discoverReference(ctx, r, opts)
	return img, sanitize(err)
}

func discoverReference(ctx context.Context, r Reference, opts Options) (*Image, error) {
	lim := opts.Limits.withDefaults()
	d := &discoverer{ref: r.source(), lim: lim, manifests: map[string]*manifest{}}
	b := &budget{ref: d.ref, max: lim.MaxTotalBytes}
	if opts.Platform != "" {
		p, err := parsePlatform(opts.Platform)
		if err != nil {
			return nil, fmt.Errorf("oci: %s: %w", d.ref, err)
		}
		d.platform = p
	}
	var reg *registrySource
	switch r.Kind {
	case KindLayout:
		l, err := openLayout(ctx, r, lim, b)
		if err != nil {
			return nil, err
		}
		d.src = l
	case KindRegistry:
		s, err := openRegistry(ctx, r, opts, lim, b)
		if err != nil {
			return nil, err
		}
		d.src, reg = s, s
	default:
		return nil, fmt.Errorf("oci: reference %q: unknown kind %q", r.String(), r.Kind)
	}
	img, err := d.discover(ctx, r)
	if err != nil {
		return nil, refError(d.ref, err)
	}
	if reg != nil && reg.paginated() {
		img.Notes = append(img.Notes, "the registry paginates its referrers listing; only the first page was read (the referrers tag and legacy tags were read in full)")
	}
	return img, nil
}

type discoverer struct {
	src       source
	ref       string
	lim       Limits
	platform  *v1.Platform
	manifests map[string]*manifest
	image     *Image
}

func parsePlatform(s string) (*v1.Platform, error) {
	parts := strings.Split(s, "/")
	if len(parts) < 2 || len(parts) > 3 || slices.Contains(parts, "") {
		return nil, fmt.Errorf("platform %q: want os/arch or os/arch/variant", s)
	}
	p := &v1.Platform{OS: parts[0], Architecture: parts[1]}
	if len(parts) == 3 {
		p.Variant = parts[2]
	}
	return p, nil
}

func (d *discoverer) manifest(ctx context.Context, h v1.Hash, hint string) (*manifest, error) {
	if m, ok := d.manifests[h.String()]; ok {
		return m, nil
	}
	raw, mt, err := d.src.readManifest(ctx, h)
	if err != nil {
		return nil, err
	}
	if hint == "" {
		hint = mt
	}
	m, err := parseManifest(raw, h, hint)
	if err != nil {
		return nil, err
	}
	d.manifests[h.String()] = m
	return m, nil
}

func (d *discoverer) discover(ctx context.Context, r Reference) (*Image, error) {
	img := &Image{Reference: r.String(), Source: d.ref, Kind: r.Kind}
	d.image = img
	var top v1.Descriptor
	switch {
	case r.Digest != "":
		h, err := v1.NewHash(r.Digest)
		if err != nil {
			return nil, err
		}
		top = v1.Descriptor{Digest: h}
	case r.Tag != "":
		descs, err := d.src.lookupTag(ctx, r.Tag)
		if err != nil {
			return nil, err
		}
		desc, err := d.onlyOne(ctx, descs, "tag "+r.Tag)
		if err != nil {
			return nil, err
		}
		top = desc
		img.Tag = r.Tag
	default:
		l, ok := d.src.(*layoutSource)
		if !ok {
			return nil, fmt.Errorf("no tag or digest given")
		}
		desc, err := d.onlyImage(ctx, l)
		if err != nil {
			return nil, err
		}
		top = desc
	}
	// From here on everything is read by digest.
	m, err := d.manifest(ctx, top.Digest, string(top.MediaType))
	if err != nil {
		return nil, err
	}
	img.Digest, img.MediaType = m.digest.String(), string(m.mediaType)
	if m.isIndex() {
		atts, err := d.attachments(ctx, m.digest, 0)
		if err != nil {
			return nil, err
		}
		img.Index = &Manifest{Digest: img.Digest, MediaType: img.MediaType, Size: m.size, Attachments: atts}
		if err := d.walk(ctx, m, 1); err != nil {
			return nil, err
		}
		if len(img.Manifests) == 0 {
			if d.platform != nil {
				return nil, fmt.Errorf("image index %s has no platform %s (it has %s)", m.digest, d.platform, d.platformsOf(m))
			}
			return nil, fmt.Errorf("image index %s lists no image manifest to gate", m.digest)
		}
	} else {
		plat, err := d.configPlatform(ctx, m)
		if err != nil {
			return nil, err
		}
		if d.platform != nil && (plat == nil || !plat.Satisfies(*d.platform)) {
			have := "of unknown platform"
			if plat != nil {
				have = plat.String()
			}
			return nil, fmt.Errorf("image %s is %s, not the platform %s asked for", m.digest, have, d.platform)
		}
		gm := &Manifest{Digest: img.Digest, MediaType: img.MediaType, Size: m.size}
		if plat != nil {
			gm.Platform = plat.String()
		}
		img.Manifests = append(img.Manifests, gm)
	}
	for _, gm := range img.Manifests {
		h, _ := v1.NewHash(gm.Digest)
		atts, err := d.attachments(ctx, h, 0)
		if err != nil {
			return nil, err
		}
		gm.Attachments = atts
	}
	return img, nil
}

// onlyOne picks the manifest a tag names; a layout entry tagged twice with
// different digests is ambiguous.
func (d *discoverer) onlyOne(_ context.Context, descs []v1.Descriptor, what string) (v1.Descriptor, error) {
	var distinct []v1.Descriptor
	for _, desc := range descs {
		if !slices.ContainsFunc(distinct, func(o v1.Descriptor) bool { return o.Digest == desc.Digest }) {
			distinct = append(distinct, desc)
		}
	}
	switch len(distinct) {
	case 0:
		if l, ok := d.src.(*layoutSource); ok {
			return v1.Descriptor{}, fmt.Errorf("no entry with %s (index.json tags: %s)", what, l.tagList())
		}
		return v1.Descriptor{}, fmt.Errorf("%s not found", what)
	case 1:
		return distinct[0], nil
	}
	var ds []string
	for _, o := range distinct {
		ds = append(ds, o.Digest.String())
	}
	return v1.Descriptor{}, fmt.Errorf("%s names %d different manifests (%s): give the digest", what, len(distinct), strings.Join(ds, ", "))
}

// onlyImage picks a layout's image when no tag is given: the one entry that
// is neither a cosign tag, nor a referrer, nor a signature manifest.
func (d *discoverer) onlyImage(ctx context.Context, l *layoutSource) (v1.Descriptor, error) {
	var cands []v1.Descriptor
	for _, e := range l.entries {
		if rn, ok := e.Annotations[RefNameAnnotation]; ok && isCosignTag(rn) {
			continue
		}
		m, err := d.manifest(ctx, e.Digest, string(e.MediaType))
		if err != nil {
			return v1.Descriptor{}, err
		}
		if m.subject() != nil || isAttachmentManifest(m) {
			continue
		}
		if !slices.ContainsFunc(cands, func(o v1.Descriptor) bool { return o.Digest == e.Digest }) {
			cands = append(cands, e)
		}
	}
	switch len(cands) {
	case 0:
		return v1.Descriptor{}, fmt.Errorf("the layout holds no image")
	case 1:
		return cands[0], nil
	}
	var ds []string
	for _, c := range cands {
		s := c.Digest.String()
		if rn := c.Annotations[RefNameAnnotation]; rn != "" {
			s += " (" + rn + ")"
		}
		ds = append(ds, s)
	}
	return v1.Descriptor{}, fmt.Errorf("the layout holds %d images (%s): name one with oci:PATH:TAG or oci:PATH@DIGEST", len(cands), strings.Join(ds, ", "))
}

func (l *layoutSource) tagList() string {
	var tags []string
	for _, e := range l.entries {
		if rn := e.Annotations[RefNameAnnotation]; rn != "" && !isCosignTag(rn) {
			tags = append(tags, rn)
		}
	}
	if len(tags) == 0 {
		return "none"
	}
	return strings.Join(tags, ", ")
}

// isCosignTag reports whether a tag (or full reference) is one cosign
// derives from a digest: sha256-<hex>[.sig|.att|.sbom].
func isCosignTag(refName string) bool {
	t := refName[strings.LastIndex(refName, ":")+1:]
	for _, alg := range []string{"sha256-", "sha512-"} {
		rest, ok := strings.CutPrefix(t, alg)
		if !ok {
			continue
		}
		hex, _, _ := strings.Cut(rest, ".")
		if len(hex) == 64 || len(hex) == 128 {
			return strings.Trim(hex, "0123456789abcdef") == ""
		}
	}
	return false
}

// isAttachmentManifest reports whether every layer of m is a signature,
// attestation, bundle or SBOM layer (so m is not an image to gate).
func isAttachmentManifest(m *manifest) bool {
	if m.image == nil || len(m.image.Layers) == 0 {
		return false
	}
	for _, l := range m.image.Layers {
		if kindOfLayer(string(l.MediaType)) == "" {
			return false
		}
	}
	return true
}

// walk collects the image manifests of an index, depth-first.
func (d *discoverer) walk(ctx context.Context, idx *manifest, depth int) error {
	if depth > d.lim.MaxIndexDepth {
		return &LimitError{What: "image index nesting at " + idx.digest.String(), Limit: int64(d.lim.MaxIndexDepth), Got: int64(depth), Unit: "levels"}
	}
	if n := len(idx.index.Manifests); n > d.lim.MaxPlatforms {
		return &LimitError{What: "entries of image index " + idx.digest.String(), Limit: int64(d.lim.MaxPlatforms), Got: int64(n), Unit: "entries"}
	}
	for _, e := range idx.index.Manifests {
		plat := ""
		if e.Platform != nil {
			plat = e.Platform.String()
		}
		if t := e.Annotations[dockerReferenceType]; t != "" {
			d.image.Skipped = append(d.image.Skipped, Skipped{Digest: e.Digest.String(), Platform: plat, Reason: fmt.Sprintf("%s=%q (a buildx attestation manifest, not a platform)", dockerReferenceType, t)})
			continue
		}
		if e.MediaType != "" && !isIndexType(e.MediaType) && !isImageType(e.MediaType) {
			d.image.Skipped = append(d.image.Skipped, Skipped{Digest: e.Digest.String(), Platform: plat, Reason: fmt.Sprintf("media type %q is not an image manifest", e.MediaType)})
			continue
		}
		if !isIndexType(e.MediaType) && d.platform != nil && (e.Platform == nil || !e.Platform.Satisfies(*d.platform)) {
			d.image.Skipped = append(d.image.Skipped, Skipped{Digest: e.Digest.String(), Platform: plat, Reason: "not the platform " + d.platform.String()})
			continue
		}
		child, err := d.manifest(ctx, e.Digest, string(e.MediaType))
		if err != nil {
			return err
		}
		if child.isIndex() {
			if err := d.walk(ctx, child, depth+1); err != nil {
				return err
			}
			continue
		}
		if slices.ContainsFunc(d.image.Manifests, func(g *Manifest) bool { return g.Digest == child.digest.String() }) {
			continue
		}
		// The index entry's platform is the index's word; the image's own
		// config (covered by the manifest digest) must agree, so that a
		// relabelled index cannot make the selector pick another image.
		if e.Platform != nil {
			cp, err := d.configPlatform(ctx, child)
			if err != nil {
				return err
			}
			if cp != nil && !samePlatform(*e.Platform, *cp) {
				return fmt.Errorf("image index %s lists %s as %s, but its config says %s", idx.digest, child.digest, e.Platform, cp)
			}
		}
		d.image.Manifests = append(d.image.Manifests, &Manifest{Digest: child.digest.String(), MediaType: string(child.mediaType), Size: child.size, Platform: plat})
	}
	return nil
}

// samePlatform compares os, architecture and (when both give one) variant.
func samePlatform(a, b v1.Platform) bool {
	return a.OS == b.OS && a.Architecture == b.Architecture && (a.Variant == "" || b.Variant == "" || a.Variant == b.Variant)
}

func (d *discoverer) platformsOf(idx *manifest) string {
	var ps []string
	for _, e := range idx.index.Manifests {
		if e.Platform != nil && e.Annotations[dockerReferenceType] == "" {
			ps = append(ps, e.Platform.String())
		}
	}
	if len(ps) == 0 {
		return "no platform entries"
	}
	return strings.Join(ps, ", ")
}

// configPlatform reads an image's config for its platform; nil for
// artifacts whose config is not an image config.
func (d *discoverer) configPlatform(ctx context.Context, m *manifest) (*v1.Platform, error) {
	cfg := m.image.Config
	if cfg.MediaType != types.OCIConfigJSON && cfg.MediaType != types.DockerConfigJSON {
		return nil, nil
	}
	if cfg.Size > d.lim.MaxManifestBytes {
		return nil, &LimitError{What: "config " + cfg.Digest.String(), Limit: d.lim.MaxManifestBytes, Got: cfg.Size, Unit: "bytes"}
	}
	raw, err := d.src.readBlob(ctx, cfg)
	if err != nil {
		return nil, err
	}
	var c struct {
		OS           string `json:"os"`
		Architecture string `json:"architecture"`
		Variant      string `json:"variant"`
		OSVersion    string `json:"os.version"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("config %s of image %s: %w", cfg.Digest, m.digest, err)
	}
	if c.OS == "" {
		return nil, nil
	}
	return &v1.Platform{OS: c.OS, Architecture: c.Architecture, Variant: c.Variant, OSVersion: c.OSVersion}, nil
}

// found is one manifest that may hold attachments, with how it was found.
type found struct {
	desc  v1.Descriptor
	label string
	// legacy is the cosign tag suffix it was found under ("" for a referrer).
	legacy string
}

// cosignTag is the tag cosign derives from a digest: sha256-<hex>[.suffix].
func cosignTag(h v1.Hash, suffix string) string {
	t := h.Algorithm + "-" + h.Hex
	if suffix != "" {
		t += "." + suffix
	}
	return t
}

// attachments finds everything attached to h. depth 1 is used for the
// signatures over an attached SBOM's own manifest, and goes no further.
func (d *discoverer) attachments(ctx context.Context, h v1.Hash, depth int) ([]*Attachment, error) {
	var cands []found
	descs, label, _, err := d.src.referrers(ctx, h)
	if err != nil {
		return nil, err
	}
	for _, desc := range descs {
		cands = append(cands, found{desc: desc, label: label})
	}
	// The referrers tag schema: an index whose entries are the referrers.
	tag := cosignTag(h, "")
	tagged, err := d.src.lookupTag(ctx, tag)
	if err != nil {
		return nil, err
	}
	for _, t := range tagged {
		idx, err := d.manifest(ctx, t.Digest, string(t.MediaType))
		if err != nil {
			return nil, err
		}
		if !idx.isIndex() {
			return nil, fmt.Errorf("referrers tag %s holds %q, not an image index", tag, idx.mediaType)
		}
		if n := len(idx.index.Manifests); n > d.lim.MaxReferrers {
			return nil, &LimitError{What: "entries of referrers tag " + tag, Limit: int64(d.lim.MaxReferrers), Got: int64(n), Unit: "referrers"}
		}
		for _, desc := range idx.index.Manifests {
			cands = append(cands, found{desc: desc, label: "referrers tag " + tag})
		}
	}
	// Legacy tags.
	suffixes := []string{suffixSignature, suffixAttestation, suffixSBOM}
	if depth > 0 {
		suffixes = []string{suffixSignature}
	}
	for _, sfx := range suffixes {
		tag := cosignTag(h, sfx)
		tagged, err := d.src.lookupTag(ctx, tag)
		if err != nil {
			return nil, err
		}
		for _, t := range tagged {
			cands = append(cands, found{desc: t, label: "tag " + tag, legacy: sfx})
		}
	}
	// Layouts: untagged legacy signature manifests (cosign save, crane pull
	// without --annotate-ref) that claim this digest.
	var untagged []v1.Descriptor
	if u, ok := d.src.(untaggedSource); ok {
		if untagged, err = u.untagged(ctx); err != nil {
			return nil, err
		}
	}

	var out []*Attachment
	byManifest := map[string][]*Attachment{}
	add := func(c found) error {
		key := c.desc.Digest.String()
		if prev, ok := byManifest[key]; ok {
			for _, a := range prev {
				if !slices.Contains(a.Found, c.label) {
					a.Found = append(a.Found, c.label)
				}
			}
			return nil
		}
		if len(byManifest) >= d.lim.MaxReferrers {
			return &LimitError{What: "signatures, attestations and referrers of " + h.String(), Limit: int64(d.lim.MaxReferrers), Unit: "manifests"}
		}
		atts, err := d.read(ctx, c, depth)
		if err != nil {
			return err
		}
		byManifest[key] = atts
		out = append(out, atts...)
		return nil
	}
	for _, c := range cands {
		if err := add(c); err != nil {
			return nil, err
		}
	}
	for _, u := range untagged {
		if _, ok := byManifest[u.Digest.String()]; ok {
			continue
		}
		m, err := d.manifest(ctx, u.Digest, string(u.MediaType))
		if err != nil {
			return nil, err
		}
		if !isAttachmentManifest(m) {
			continue
		}
		atts, err := d.read(ctx, found{desc: u, label: "layout index.json (untagged)"}, depth)
		if err != nil {
			return nil, err
		}
		var mine []*Attachment
		for _, a := range atts {
			if a.Kind != AttachSBOM && peek(a.Kind, a.Data).names(h.String()) {
				mine = append(mine, a)
			}
		}
		if len(mine) > 0 {
			if len(byManifest) >= d.lim.MaxReferrers {
				return nil, &LimitError{What: "signatures, attestations and referrers of " + h.String(), Limit: int64(d.lim.MaxReferrers), Unit: "manifests"}
			}
			byManifest[u.Digest.String()] = mine
			out = append(out, mine...)
		}
	}
	return out, nil
}

// read reads one candidate manifest and the layers fwprov understands.
func (d *discoverer) read(ctx context.Context, c found, depth int) ([]*Attachment, error) {
	m, err := d.manifest(ctx, c.desc.Digest, string(c.desc.MediaType))
	if err != nil {
		return nil, err
	}
	base := Attachment{Found: []string{c.label}, Manifest: m.digest.String(), ArtifactType: m.artifactType()}
	if s := m.subject(); s != nil {
		base.Subject = s.Digest.String()
	}
	if m.image == nil {
		a := base
		a.Kind = AttachOther
		return []*Attachment{&a}, nil
	}
	if n := len(m.image.Layers); n > d.lim.MaxLayers {
		return nil, &LimitError{What: "layers of " + m.digest.String() + " (" + c.label + ")", Limit: int64(d.lim.MaxLayers), Got: int64(n), Unit: "layers"}
	}
	var out, sbomSigs []*Attachment
	for i, l := range m.image.Layers {
		kind := kindOfLayer(string(l.MediaType))
		// A legacy tag says what its layers are; a layer of another kind
		// under it is not cosign's.
		switch c.legacy {
		case suffixSignature:
			if kind != AttachSimpleSigning {
				kind = ""
			}
		case suffixAttestation:
			if kind != AttachDSSE {
				kind = ""
			}
		case suffixSBOM:
			if kind != AttachSBOM {
				kind = ""
			}
		}
		if kind == "" {
			continue
		}
		data, err := d.src.readBlob(ctx, l)
		if err != nil {
			return nil, err
		}
		a := base
		a.Found = slices.Clone(base.Found)
		a.Kind, a.Layer, a.Index, a.MediaType, a.Size = kind, l.Digest.String(), i, string(l.MediaType), l.Size
		a.Annotations, a.Data = l.Annotations, data
		a.PredicateType = m.image.Annotations[BundlePredicateTypeAnnotation]
		if a.PredicateType == "" {
			a.PredicateType = l.Annotations["predicateType"]
		}
		if a.PredicateType == "" {
			a.PredicateType = peek(kind, data).predicateType
		}
		if kind == AttachSBOM && a.Subject != "" && depth == 0 {
			// An SBOM attached as a referrer is trusted through a
			// signature over its manifest, which names the image as
			// subject: find those once per manifest.
			if sbomSigs == nil {
				sbomSigs = []*Attachment{}
				sigs, err := d.attachments(ctx, m.digest, 1)
				if err != nil {
					return nil, err
				}
				for _, s := range sigs {
					if s.Kind != AttachSBOM && s.Kind != AttachOther {
						sbomSigs = append(sbomSigs, s)
					}
				}
			}
			a.Signatures = sbomSigs
		}
		out = append(out, &a)
	}
	if len(out) == 0 {
		a := base
		a.Kind = AttachOther
		out = append(out, &a)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Index < out[j].Index })
	return out, nil
}
