package verify

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSigstoreGoCorpus checks the bundles shipped with sigstore-go against
// the expectations in ../shared/corpus/sigstore-go/README.md.
func TestSigstoreGoCorpus(t *testing.T) {
	base := corpusDir(t, "sigstore-go")
	read := func(p string) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(base, p))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	loadRoot := func(p string) BundleOptions {
		tr, err := LoadTrustedRoot(p, read(p))
		if err != nil {
			t.Fatal(err)
		}
		return BundleOptions{Source: p, TrustedRoot: tr}
	}
	digest := func(s string) Artifact {
		a, err := ArtifactDigest(s)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	const (
		jsSAN     = "https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main"
		ghIssuer  = "https://token.actions.githubusercontent.com"
		publicGd  = "pkg/testing/data/trusted-roots/public-good.json"
		sha2_0_0  = "sha512:46d4e2f74c4877316640000a6fdf8a8b59f1e0847667973e9859f774dd31b8f1e0937813b777fb66a2ac67d50540fe34640966eee9fc2ccca387082b4c85cd3c"
		sha1_3_0  = "sha512:76176ffa33808b54602c7c35de5c6e9a4deb96066dba6533f50ac234f4f1f4c6b3527515dc17c06fbe2860030f410eee69ea20079bd3a2c6f3dcf3b329b10751"
		dsseSHA   = "sha512:bbfd372fc9beeb777fe35d05bb10c0c70a9733d366a75fed7dd18866c7391de3ee7e88ba74dd47abf3e15c845e547fcf0e5c3da80854c751554224d3a6d4e55f"
		jsBundle  = "pkg/testing/data/bundles/sigstore.js@2.0.0-provenance.sigstore.json"
		dsseB     = "pkg/testing/data/bundles/dsse.sigstore.json"
		dsse2B    = "pkg/testing/data/bundles/dsse-2sigs.sigstore.json"
		otherB    = "pkg/testing/data/bundles/othername.sigstore.json"
		pkvB      = "pkg/testing/data/bundles/public-key-validity.sigstore.json"
		provB     = "examples/bundle-provenance.json"
		publishB  = "examples/bundle-publish.json"
		exRoot    = "examples/trusted-root-public-good.json"
		scaffRoot = "pkg/testing/data/trusted-roots/scaffolding.json"
		pkvRoot   = "pkg/testing/data/trusted-roots/public-key-validity.json"
	)
	publishKey, err := LoadPublicKey("publish_key.pub", read("examples/publish_key.pub"))
	if err != nil {
		t.Fatal(err)
	}
	pkvKey, err := LoadPublicKey("public-key-validity.pem", read("pkg/testing/data/public-keys/public-key-validity.pem"))
	if err != nil {
		t.Fatal(err)
	}
	expired := *pkvKey
	expired.ValidFrom = time.Unix(0, 0)
	expired.ValidUntil = time.Unix(1, 0)

	type tc struct {
		name, bundle string
		art          Artifact
		opts         func() BundleOptions
		ok           bool
		check        string
	}
	with := func(root string, f func(*BundleOptions)) func() BundleOptions {
		return func() BundleOptions {
			o := loadRoot(root)
			f(&o)
			return o
		}
	}
	jsID := func(o *BundleOptions) { o.Identity = &Identity{SAN: jsSAN, Issuer: ghIssuer} }
	cases := []tc{
		{"sigstore.js 2.0.0 provenance", jsBundle, digest(sha2_0_0), with(publicGd, jsID), true, ""},
		{"sigstore.js wants 2 tlog entries", jsBundle, digest(sha2_0_0), with(publicGd, func(o *BundleOptions) { jsID(o); o.TlogThreshold = 2 }), false, CheckTransparencyLog},
		{"sigstore.js wants a signed timestamp", jsBundle, digest(sha2_0_0), with(publicGd, func(o *BundleOptions) { jsID(o); o.RequireTimestamp = true }), false, CheckTimestamp},
		{"sigstore.js wrong subject", jsBundle, digest(sha1_3_0), with(publicGd, jsID), false, CheckSubject},
		{"dsse one signature", dsseB, digest(dsseSHA), with(publicGd, func(o *BundleOptions) {
			o.Identity = &Identity{SAN: "brian@dehamer.com", Issuer: "https://github.com/login/oauth"}
		}), true, ""},
		{"dsse two signatures", dsse2B, digest(dsseSHA), with(publicGd, func(o *BundleOptions) {
			o.Identity = &Identity{SAN: "brian@dehamer.com", Issuer: "https://github.com/login/oauth"}
		}), false, CheckSignature},
		{"othername SAN", otherB, digest("sha256:bc103b4a84971ef6459b294a2b98568a2bfb72cded09d4acd1e16366a401f95b"), with(scaffRoot, func(o *BundleOptions) {
			o.Identity = &Identity{SAN: "foo!oidc.local", Issuer: "http://oidc.local:8080"}
		}), true, ""},
		{"othername wrong SAN", otherB, digest("sha256:bc103b4a84971ef6459b294a2b98568a2bfb72cded09d4acd1e16366a401f95b"), with(scaffRoot, func(o *BundleOptions) {
			o.Identity = &Identity{SAN: "foo@oidc.local", Issuer: "http://oidc.local:8080"}
		}), false, CheckIdentity},
		{"public key outside validity window", pkvB, ArtifactBytes([]byte("test content")), with(pkvRoot, func(o *BundleOptions) { o.Key = &expired }), false, CheckKeyPin},
		{"provenance example", provB, digest(sha1_3_0), with(exRoot, func(o *BundleOptions) { o.Identity = &Identity{SAN: jsSAN, Issuer: ghIssuer} }), true, ""},
		{"provenance example SAN regexp", provB, digest(sha1_3_0), with(exRoot, func(o *BundleOptions) {
			o.Identity = &Identity{SANRegexp: "^https://github.com/sigstore/sigstore-js/", Issuer: ghIssuer}
		}), true, ""},
		{"publish example with npm key", publishB, digest(sha1_3_0), with(exRoot, func(o *BundleOptions) { o.Key = publishKey }), true, ""},
		// cosign's verify-blob flags, with cosign's meaning.
		{"--certificate-github-workflow-*: the certificate's claims", jsBundle, digest(sha2_0_0), with(publicGd, func(o *BundleOptions) {
			jsID(o)
			o.Identity.GithubWorkflowTrigger, o.Identity.GithubWorkflowSHA, o.Identity.GithubWorkflowName = "push", "f0b49a04e5a62250e0f60fb128004a73110fe311", "Release"
			o.Identity.GithubWorkflowRepository, o.Identity.GithubWorkflowRef = "sigstore/sigstore-js", "refs/heads/main"
		}), true, ""},
		{"--certificate-github-workflow-repository: another repository", jsBundle, digest(sha2_0_0), with(publicGd, func(o *BundleOptions) {
			jsID(o)
			o.Identity.GithubWorkflowRepository = "sigstore/sigstore-jss"
		}), false, CheckIdentity},
		{"--certificate-github-workflow-ref: another ref", jsBundle, digest(sha2_0_0), with(publicGd, func(o *BundleOptions) {
			jsID(o)
			o.Identity.GithubWorkflowRef = "refs/heads/evil"
		}), false, CheckIdentity},
		{"--insecure-ignore-sct", jsBundle, digest(sha2_0_0), with(publicGd, func(o *BundleOptions) { jsID(o); o.IgnoreSCT = true }), true, ""},
		{"--insecure-ignore-tlog: the short-lived certificate is checked now, and has expired", jsBundle, digest(sha2_0_0), with(publicGd, func(o *BundleOptions) { jsID(o); o.IgnoreTlog = true }), false, CheckCertificate},
		{"--type: the statement's predicate", jsBundle, digest(sha2_0_0), with(publicGd, func(o *BundleOptions) { jsID(o); o.PredicateType = "https://slsa.dev/provenance/v1" }), true, ""},
		{"--type: another predicate", jsBundle, digest(sha2_0_0), with(publicGd, func(o *BundleOptions) { jsID(o); o.PredicateType = "https://cyclonedx.org/bom" }), false, CheckPredicateType},
		{"--check-claims=false: another artifact", jsBundle, digest(sha1_3_0), with(publicGd, func(o *BundleOptions) { jsID(o); o.SkipSubject = true }), true, ""},
		{"publish example with another key", publishB, digest(sha1_3_0), with(exRoot, func(o *BundleOptions) { o.Key = pkvKey }), false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts := c.opts()
			res, err := VerifyBundle(context.Background(), read(c.bundle), c.art, opts)
			if c.ok {
				if err != nil {
					t.Fatalf("want verified: %v", err)
				}
				if len(res.TransparencyLog) == 0 && c.bundle != pkvB {
					t.Errorf("no log entry reported")
				}
				for _, skip := range []struct {
					asked bool
					check string
				}{{opts.IgnoreSCT, CheckSCT}, {opts.SkipSubject, CheckSubject}} {
					if got, _ := res.Check(skip.check); skip.asked && got.Status != StatusNotPerformed {
						t.Errorf("%s is %s, want not-performed when skipped on request", skip.check, got.Status)
					}
				}
				return
			}
			wantFailure(t, res, err, c.check)
			t.Logf("%s", err)
		})
	}
}
