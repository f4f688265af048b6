package verify

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	protobundle "github.com/sigstore/protobuf-specs/gen/pb-go/bundle/v1"
	protocommon "github.com/sigstore/protobuf-specs/gen/pb-go/common/v1"
	protodsse "github.com/sigstore/protobuf-specs/gen/pb-go/dsse"
	protorekor "github.com/sigstore/protobuf-specs/gen/pb-go/rekor/v1"
	sgbundle "github.com/sigstore/sigstore-go/pkg/bundle"
	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore-go/pkg/testing/ca"
	"github.com/sigstore/sigstore-go/pkg/tlog"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// virtualRoot turns a virtual Sigstore into a trusted_root.json and loads it
// back, so tests exercise the same path as a root read from disk. CT logs
// are left out: the virtual Fulcio issues certificates without SCTs.
func virtualRoot(t testing.TB, vs *ca.VirtualSigstore) *root.TrustedRoot {
	t.Helper()
	// The virtual log's ID is its hex key ID as bytes; a real root carries
	// the raw key ID.
	logs := map[string]*root.TransparencyLog{}
	for id, l := range vs.RekorLogs() {
		raw, err := hex.DecodeString(id)
		if err != nil {
			t.Fatal(err)
		}
		cp := *l
		cp.ID = raw
		logs[id] = &cp
	}
	tr, err := root.NewTrustedRoot(root.TrustedRootMediaType01, vs.FulcioCertificateAuthorities(), nil, vs.TimestampingAuthorities(), logs)
	if err != nil {
		t.Fatal(err)
	}
	js, err := tr.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadTrustedRoot("virtual", js)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

type bundleShape struct {
	noTlog       bool
	noTimestamps bool
}

// entityBundle serializes a virtual Sigstore entity as a v0.1 bundle JSON
// (v0.1 because the virtual hashedrekord entries carry a SET but no
// inclusion proof).
func entityBundle(t testing.TB, vs *ca.VirtualSigstore, e *ca.TestEntity, shape bundleShape) []byte {
	t.Helper()
	vc, err := e.VerificationContent()
	if err != nil {
		t.Fatal(err)
	}
	leaf := vc.Certificate()
	vm := &protobundle.VerificationMaterial{
		Content: &protobundle.VerificationMaterial_X509CertificateChain{
			X509CertificateChain: &protocommon.X509CertificateChain{Certificates: []*protocommon.X509Certificate{{RawBytes: leaf.Raw}}},
		},
	}
	sc, err := e.SignatureContent()
	if err != nil {
		t.Fatal(err)
	}
	pb := &protobundle.Bundle{MediaType: "application/vnd.dev.sigstore.bundle+json;version=0.1", VerificationMaterial: vm}
	kind := "hashedrekord"
	if env := sc.EnvelopeContent(); env != nil {
		kind = "dsse"
		raw := env.RawEnvelope()
		payload, err := base64.StdEncoding.DecodeString(raw.Payload)
		if err != nil {
			t.Fatal(err)
		}
		var sigs []*protodsse.Signature
		for _, s := range raw.Signatures {
			sb, err := base64.StdEncoding.DecodeString(s.Sig)
			if err != nil {
				t.Fatal(err)
			}
			sigs = append(sigs, &protodsse.Signature{Sig: sb, Keyid: s.KeyID})
		}
		pb.Content = &protobundle.Bundle_DsseEnvelope{DsseEnvelope: &protodsse.Envelope{Payload: payload, PayloadType: raw.PayloadType, Signatures: sigs}}
	} else {
		ms := sc.(*sgbundle.MessageSignature)
		pb.Content = &protobundle.Bundle_MessageSignature{MessageSignature: &protocommon.MessageSignature{
			MessageDigest: &protocommon.HashOutput{Algorithm: protocommon.HashAlgorithm_SHA2_256, Digest: ms.Digest()},
			Signature:     ms.Signature(),
		}}
	}
	if !shape.noTlog {
		entries, err := e.TlogEntries()
		if err != nil {
			t.Fatal(err)
		}
		for _, en := range entries {
			pb.VerificationMaterial.TlogEntries = append(pb.VerificationMaterial.TlogEntries, protoEntry(t, vs, en, kind))
		}
	}
	if !shape.noTimestamps {
		ts, err := e.Timestamps()
		if err != nil {
			t.Fatal(err)
		}
		tvd := &protobundle.TimestampVerificationData{}
		for _, s := range ts {
			tvd.Rfc3161Timestamps = append(tvd.Rfc3161Timestamps, &protocommon.RFC3161SignedTimestamp{SignedTimestamp: s})
		}
		pb.VerificationMaterial.TimestampVerificationData = tvd
	}
	js, err := protojson.Marshal(pb)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

func protoEntry(t testing.TB, vs *ca.VirtualSigstore, en *tlog.Entry, kind string) *protorekor.TransparencyLogEntry {
	t.Helper()
	tle := proto.Clone(en.TransparencyLogEntry()).(*protorekor.TransparencyLogEntry)
	tle.KindVersion = &protorekor.KindVersion{Kind: kind, Version: "0.0.1"}
	set, err := vs.RekorSignPayload(tlog.RekorPayload{
		Body:           base64.StdEncoding.EncodeToString(tle.CanonicalizedBody),
		IntegratedTime: tle.IntegratedTime,
		LogIndex:       tle.LogIndex,
		LogID:          hex.EncodeToString(tle.LogId.KeyId),
	})
	if err != nil {
		t.Fatal(err)
	}
	tle.InclusionPromise = &protorekor.InclusionPromise{SignedEntryTimestamp: set}
	return tle
}

func newVirtual(t testing.TB) *ca.VirtualSigstore {
	t.Helper()
	vs, err := ca.NewVirtualSigstore()
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

// testKey generates a key of the named kind.
func testKey(t testing.TB, kind string) crypto.Signer {
	t.Helper()
	if strings.HasPrefix(kind, "rsa") {
		// RSA generation is slow under -race: reuse one key per name.
		if s, ok := rsaKeys.Load(kind); ok {
			return s.(crypto.Signer)
		}
	}
	s := newTestKey(t, strings.TrimSuffix(kind, "-other"))
	if strings.HasPrefix(kind, "rsa") {
		rsaKeys.Store(kind, s)
	}
	return s
}

var rsaKeys sync.Map

func newTestKey(t testing.TB, kind string) crypto.Signer {
	t.Helper()
	var s crypto.Signer
	var err error
	switch kind {
	case "p256":
		s, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case "p384":
		s, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case "p521":
		s, err = ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	case "ed25519":
		_, s, err = ed25519.GenerateKey(rand.Reader)
	case "rsa2048":
		s, err = rsa.GenerateKey(rand.Reader, 2048)
	case "rsa1024":
		s, err = rsa.GenerateKey(rand.Reader, 1024)
	default:
		t.Fatalf("unknown key kind %s", kind)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func pubPEM(t testing.TB, s crypto.Signer) []byte {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(s.Public())
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

func mustPub(t testing.TB, s crypto.Signer) *PublicKey {
	t.Helper()
	pk, err := NewPublicKey(s.Public())
	if err != nil {
		t.Fatal(err)
	}
	return pk
}

// wantFailure asserts err is a *Failure for check (any check when "").
func wantFailure(t *testing.T, res *Result, err error, check string) *Failure {
	t.Helper()
	var f *Failure
	if !errors.As(err, &f) {
		t.Fatalf("want *Failure (%s), got %v", check, err)
	}
	if check != "" && f.Check != check {
		t.Fatalf("want failed check %q, got %q: %v", check, f.Check, err)
	}
	if res == nil || res.Verified || res.Reason == "" {
		t.Fatalf("want an unverified result with a reason, got %+v", res)
	}
	return f
}

// corpusDir returns ../shared/corpus/<sub> relative to the module root, or
// skips the test when it is absent.
func corpusDir(t *testing.T, sub string) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	modRoot := filepath.Dir(filepath.Dir(file))
	dir := filepath.Join(filepath.Dir(modRoot), "shared", "corpus", sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("conformance corpus %s not present (expected ../shared/corpus/%s next to the module root); skipping", dir, sub)
	}
	return dir
}

func asFailure(err error, f **Failure) bool { return errors.As(err, f) }
