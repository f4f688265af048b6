package cli

import (
	"bytes"
	"crypto"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// cosignFlags are the flags of cosign v3.1.3's verify-blob and
// verify-blob-attestation (their own, the ones they share, and cosign's
// global ones) that fwprov's verify does not have under another name, so
// that a cosign command line pasted with "fwprov" in place of "cosign"
// means the same thing — or is refused with a one-line reason naming the
// flag. The full list, with what fwprov does with each, is cosignFlagTable.
type cosignFlags struct {
	// implemented, with cosign's meaning
	ghTrigger, ghSHA, ghName, ghRepository, ghRef string
	ignoreTlog, privateInfrastructure             bool
	ignoreSCT, useSignedTimestamps                bool
	signatureDigestAlgorithm                      string
	allowCertificateChain                         bool
	predicateType                                 string
	checkClaims                                   bool
	digest, digestAlg                             string
	timeout                                       time.Duration
	// accepted, no effect for a blob verified offline
	offline, experimentalOCI11, newBundleFormat bool
	maxWorkers                                  int
	// refused (the value is kept only to say so)
	refusedStrings map[string]*string
	refusedBools   map[string]*bool
}

// cosignFlag describes one cosign flag: its handling in fwprov.
type cosignFlag struct {
	name string
	// attestationOnly marks verify-blob-attestation's own flags.
	attestationOnly bool
	// refused, when set, is why fwprov refuses the flag when it is given.
	refused string
	// noop, when set, says why the flag changes nothing here (accepted).
	noop string
}

// cosignFlagTable lists every flag of cosign v3.1.3 verify-blob and
// verify-blob-attestation (including the deprecated ones cosign hides from
// --help but still accepts, and cosign's global flags) except those fwprov's
// verify defines itself with the same name and meaning: --key, --bundle,
// --signature, --certificate-identity[-regexp],
// --certificate-oidc-issuer[-regexp], --trusted-root, --help.
var cosignFlagTable = []cosignFlag{
	{name: "insecure-ignore-tlog"},
	{name: "private-infrastructure"},
	{name: "insecure-ignore-sct"},
	{name: "use-signed-timestamps"},
	{name: "signature-digest-algorithm"},
	{name: "allow-certificate-chain"},
	{name: "certificate-github-workflow-trigger"},
	{name: "certificate-github-workflow-sha"},
	{name: "certificate-github-workflow-name"},
	{name: "certificate-github-workflow-repository"},
	{name: "certificate-github-workflow-ref"},
	{name: "timeout"},
	{name: "type", attestationOnly: true},
	{name: "check-claims", attestationOnly: true},
	{name: "digest", attestationOnly: true},
	{name: "digestAlg", attestationOnly: true},
	{name: "offline", noop: "fwprov is always offline: it verifies the bundle's own proofs against --trusted-root"},
	{name: "max-workers", noop: "a blob is one verification: there is nothing to spread over workers"},
	{name: "experimental-oci11", noop: "it concerns OCI images, not blobs"},
	{name: "new-bundle-format", noop: "fwprov reads Sigstore bundles, cosign's default format"},
	{name: "certificate", refused: "a certificate given apart from the signature is cosign's legacy format: fwprov checks the certificate inside a Sigstore bundle, against --trusted-root (sign with 'cosign sign-blob --bundle'; cosign itself refuses --certificate with a bundle)"},
	{name: "certificate-chain", refused: "give the CA certificates in --trusted-root (what cosign's deprecation notice says too)"},
	{name: "ca-roots", refused: "give the CA certificates in --trusted-root (what cosign's deprecation notice says too)"},
	{name: "ca-intermediates", refused: "give the CA certificates in --trusted-root (what cosign's deprecation notice says too)"},
	{name: "sct", refused: "a detached SCT is not supported: fwprov checks the SCTs embedded in the bundle's certificate"},
	{name: "timestamp-certificate-chain", refused: "give the timestamp authority in --trusted-root (what cosign's deprecation notice says too)"},
	{name: "rfc3161-timestamp", refused: "a detached RFC 3161 timestamp is not supported: fwprov checks the timestamps inside the bundle"},
	{name: "rekor-url", refused: "fwprov never contacts a transparency log: it checks the bundle's inclusion proof offline, against --trusted-root"},
	{name: "sk", refused: "hardware security keys are not supported: export the public key and give it with --key"},
	{name: "slot", refused: "hardware security keys are not supported: export the public key and give it with --key"},
	{name: "output-file", refused: "cosign writes its log there; fwprov's report goes to --output FILE"},
	{name: "verbose", refused: "fwprov has no debug log: its report lists every check (--format json has every detail)"},
}

// predicateTypes are cosign's --type short names (cosign v3.1.3
// options.PredicateTypeMap); any other value must be a URI.
var predicateTypes = map[string]string{
	"custom":           "https://cosign.sigstore.dev/attestation/v1",
	"slsaprovenance":   "https://slsa.dev/provenance/v0.2",
	"slsaprovenance02": "https://slsa.dev/provenance/v0.2",
	"slsaprovenance1":  "https://slsa.dev/provenance/v1",
	"link":             "https://in-toto.io/Link/v1",
	"spdx":             "https://spdx.dev/Document",
	"spdxjson":         "https://spdx.dev/Document",
	"cyclonedx":        "https://cyclonedx.org/bom",
	"vuln":             "https://cosign.sigstore.dev/attestation/vuln/v1",
	"openvex":          "https://openvex.dev/ns",
}

// signatureDigests are cosign's --signature-digest-algorithm values.
var signatureDigests = map[string]crypto.Hash{"sha224": crypto.SHA224, "sha256": crypto.SHA256, "sha384": crypto.SHA384, "sha512": crypto.SHA512}

// register adds the cosign flags to a verify command. Implemented flags
// show in --help; accepted no-ops and refused flags are hidden (as cosign
// hides its deprecated ones) but parse, so the refusal can say why.
func (c *cosignFlags) register(cmd *cobra.Command, mode verifyMode) {
	fl := cmd.Flags()
	fl.BoolVar(&c.ignoreTlog, "insecure-ignore-tlog", false, "skip transparency-log verification (cosign's flag; a keyless certificate is then checked at the current time)")
	fl.BoolVar(&c.privateInfrastructure, "private-infrastructure", false, "cosign's deprecated name for --insecure-ignore-tlog")
	fl.BoolVar(&c.ignoreSCT, "insecure-ignore-sct", false, "do not require an SCT in a keyless certificate (cosign's flag)")
	fl.BoolVar(&c.useSignedTimestamps, "use-signed-timestamps", false, "require an RFC 3161 timestamp that verifies (cosign's flag; as --require-timestamp)")
	fl.StringVar(&c.signatureDigestAlgorithm, "signature-digest-algorithm", "", "digest a key signature is verified over: sha224|sha256|sha384|sha512 (cosign's flag; default: the bundle's)")
	fl.BoolVar(&c.allowCertificateChain, "allow-certificate-chain", false, "accept an X.509 chain as a v0.3 bundle's verification material (cosign's flag)")
	fl.StringVar(&c.ghTrigger, "certificate-github-workflow-trigger", "", "expected GitHub workflow trigger claim in the certificate (keyless)")
	fl.StringVar(&c.ghSHA, "certificate-github-workflow-sha", "", "expected GitHub workflow commit SHA claim in the certificate (keyless)")
	fl.StringVar(&c.ghName, "certificate-github-workflow-name", "", "expected GitHub workflow name claim in the certificate (keyless)")
	fl.StringVar(&c.ghRepository, "certificate-github-workflow-repository", "", "expected GitHub workflow repository claim in the certificate (keyless)")
	fl.StringVar(&c.ghRef, "certificate-github-workflow-ref", "", "expected GitHub workflow git ref claim in the certificate (keyless)")
	fl.DurationVarP(&c.timeout, "timeout", "t", 0, "give up after `DURATION` (cosign's flag; default: no limit)")
	typeDefault := ""
	if mode.attestation {
		typeDefault = "custom"
	}
	fl.StringVar(&c.predicateType, "type", typeDefault, "required predicate type of an attestation: custom|slsaprovenance|slsaprovenance02|slsaprovenance1|link|spdx|spdxjson|cyclonedx|vuln|openvex or a URI (cosign's flag)")
	fl.BoolVar(&c.checkClaims, "check-claims", true, "require an in-toto subject to name the artifact (cosign's flag; false verifies the envelope only)")
	fl.StringVar(&c.digest, "digest", "", "the artifact's digest (hex), instead of the artifact (cosign's flag, with --digestAlg)")
	fl.StringVar(&c.digestAlg, "digestAlg", "", "algorithm of --digest: sha256|sha384|sha512 (cosign's flag)")
	fl.BoolVar(&c.offline, "offline", false, "accepted: fwprov is always offline")
	fl.IntVar(&c.maxWorkers, "max-workers", 10, "accepted, no effect")
	fl.BoolVar(&c.experimentalOCI11, "experimental-oci11", false, "accepted, no effect on blobs")
	fl.BoolVar(&c.newBundleFormat, "new-bundle-format", true, "accepted when true: fwprov reads Sigstore bundles")
	for _, n := range []string{"private-infrastructure", "offline", "max-workers", "experimental-oci11", "new-bundle-format"} {
		_ = fl.MarkHidden(n)
	}
	if !mode.attestation {
		for _, n := range []string{"check-claims", "digest", "digestAlg"} {
			_ = fl.MarkHidden(n)
		}
	}
	c.refusedStrings, c.refusedBools = map[string]*string{}, map[string]*bool{}
	for _, f := range cosignFlagTable {
		if f.refused == "" {
			continue
		}
		switch f.name {
		case "sk", "verbose":
			b := new(bool)
			if f.name == "verbose" {
				fl.BoolVarP(b, f.name, "d", false, "refused: "+f.refused)
			} else {
				fl.BoolVar(b, f.name, false, "refused: "+f.refused)
			}
			c.refusedBools[f.name] = b
		default:
			s := new(string)
			fl.StringVar(s, f.name, "", "refused: "+f.refused)
			c.refusedStrings[f.name] = s
		}
		_ = fl.MarkHidden(f.name)
	}
}

// cosignSettings is what the cosign flags ask of a verification.
type cosignSettings struct {
	ignoreTlog, ignoreSCT   bool
	requireTlog, requireSCT bool
	requireTimestamp        bool
	hash                    crypto.Hash
	allowCertificateChain   bool
	predicateType           string
	skipSubject             bool
	digest                  string
	// tlogHint says how to do without a log entry, for the reason of a
	// verification that needs one.
	tlogHint string
}

func (c *cosignFlags) hasGithubClaims() bool {
	return c.ghTrigger != "" || c.ghSHA != "" || c.ghName != "" || c.ghRepository != "" || c.ghRef != ""
}

// settings validates the cosign flags that were given and resolves them,
// with cosign's defaults under cosign's command names.
func (c *cosignFlags) settings(cmd *cobra.Command, mode verifyMode, f *verifyFlags) (cosignSettings, error) {
	changed := func(n string) bool { return cmd.Flags().Changed(n) }
	var refused []string
	for _, e := range cosignFlagTable {
		if e.refused != "" && changed(e.name) {
			refused = append(refused, e.name)
		}
	}
	if len(refused) > 0 {
		sort.Strings(refused)
		for _, e := range cosignFlagTable {
			if e.name == refused[0] {
				return cosignSettings{}, usagef("--%s is not supported: %s", e.name, e.refused)
			}
		}
	}
	if changed("new-bundle-format") && !c.newBundleFormat {
		return cosignSettings{}, usagef("--new-bundle-format=false is not supported: fwprov reads Sigstore bundles only (cosign's default), not the legacy cosign bundle")
	}
	if strings.Contains(f.key, "://") {
		return cosignSettings{}, usagef("--key %s: only PEM public key files are supported (no KMS, no Kubernetes secret)", f.key)
	}
	s := cosignSettings{
		ignoreTlog:            c.ignoreTlog || c.privateInfrastructure,
		ignoreSCT:             c.ignoreSCT,
		requireTimestamp:      c.useSignedTimestamps,
		allowCertificateChain: c.allowCertificateChain,
		skipSubject:           !c.checkClaims,
		tlogHint:              "cosign's rule is to require one unless --insecure-ignore-tlog is given",
	}
	if mode.cosign {
		s.requireTlog = !s.ignoreTlog
		s.requireSCT = !s.ignoreSCT
	}
	if v := c.signatureDigestAlgorithm; v != "" {
		h, ok := signatureDigests[strings.ToLower(v)]
		if !ok {
			return cosignSettings{}, usagef("--signature-digest-algorithm %q: want sha224, sha256, sha384 or sha512", v)
		}
		s.hash = h
	}
	if t := c.predicateType; t != "" {
		if uri, ok := predicateTypes[t]; ok {
			s.predicateType = uri
		} else if _, err := url.ParseRequestURI(t); err == nil {
			s.predicateType = t
		} else {
			return cosignSettings{}, usagef("--type %q: not a predicate type name (%s) or a URI", t, strings.Join(sortedKeys(predicateTypes), ", "))
		}
		if !mode.attestation && f.attestation == "" && changed("type") {
			return cosignSettings{}, usagef("--type applies to attestations (--attestation, or fwprov verify-blob-attestation)")
		}
	}
	if c.digest != "" || c.digestAlg != "" {
		if c.digest == "" || c.digestAlg == "" {
			return cosignSettings{}, usagef("--digest and --digestAlg go together")
		}
		switch alg := strings.ToLower(c.digestAlg); alg {
		case "sha256", "sha384", "sha512":
			s.digest = alg + ":" + strings.ToLower(c.digest)
		default:
			return cosignSettings{}, usagef("--digestAlg %q: want sha256, sha384 or sha512", c.digestAlg)
		}
	}
	return s, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// readSignatureFlag reads --signature: a file, or (as cosign allows) the
// base64 signature itself. A URL is refused: nothing is fetched.
func readSignatureFlag(v string) ([]byte, error) {
	b, err := os.ReadFile(v)
	if err == nil {
		return b, nil
	}
	if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
		return nil, usagef("--signature %s: fwprov fetches nothing; download the signature and give the file", v)
	}
	if errors.Is(err, fs.ErrNotExist) {
		if raw, derr := base64.StdEncoding.DecodeString(strings.TrimSpace(v)); derr == nil && len(raw) > 0 {
			return []byte(v), nil
		}
	}
	return nil, fmt.Errorf("read signature: %w", err)
}

// envelopeJSON accepts a bare DSSE envelope as JSON or, as cosign writes
// some, base64 of the JSON.
func envelopeJSON(b []byte) []byte {
	t := bytes.TrimSpace(b)
	if len(t) > 0 && t[0] != '{' {
		if raw, err := base64.StdEncoding.DecodeString(string(t)); err == nil {
			return raw
		}
	}
	return b
}

// visitCosignFlags calls fn for each registered cosign flag (tests).
func visitCosignFlags(cmd *cobra.Command, fn func(*pflag.Flag, cosignFlag)) {
	for _, e := range cosignFlagTable {
		if fl := cmd.Flags().Lookup(e.name); fl != nil {
			fn(fl, e)
		}
	}
}
