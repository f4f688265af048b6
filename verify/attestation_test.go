package verify

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
)

func envelope(t *testing.T, payloadType string, payload []byte, signers ...crypto.Signer) []byte {
	t.Helper()
	type sig struct {
		KeyID string `json:"keyid"`
		Sig   string `json:"sig"`
	}
	env := struct {
		PayloadType string `json:"payloadType"`
		Payload     string `json:"payload"`
		Signatures  []sig  `json:"signatures"`
	}{PayloadType: payloadType, Payload: base64.StdEncoding.EncodeToString(payload), Signatures: []sig{}}
	pae := dssePAE(payloadType, payload)
	for _, s := range signers {
		d := sha256.Sum256(pae)
		raw, err := s.Sign(rand.Reader, d[:], crypto.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		env.Signatures = append(env.Signatures, sig{Sig: base64.StdEncoding.EncodeToString(raw)})
	}
	b, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func statement(subjects string, predType, pred string) []byte {
	return []byte(`{"_type":"https://in-toto.io/Statement/v1","subject":[` + subjects + `],"predicateType":"` + predType + `","predicate":` + pred + `}`)
}

func TestVerifyDSSE(t *testing.T) {
	ctx := context.Background()
	k := testKey(t, "p256")
	pk := mustPub(t, k)
	image := []byte("radio unit firmware")
	s256 := sha256.Sum256(image)
	s512 := sha512.Sum512(image)
	sbomJSON := `{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"name":"busybox"}]}`
	subj := `{"name":"ru.img","digest":{"sha256":"` + hex.EncodeToString(s256[:]) + `"}}`
	subj512 := `{"name":"ru.img","digest":{"sha512":"` + hex.EncodeToString(s512[:]) + `"}}`
	other := `{"name":"other.img","digest":{"sha256":"` + strings.Repeat("ab", 32) + `"}}`
	good := envelope(t, InTotoPayloadType, statement(other+","+subj, "https://cyclonedx.org/bom", sbomJSON), k)

	res, err := VerifyDSSE(ctx, good, ArtifactBytes(image), DSSEOptions{Source: "att.json", Key: pk})
	if err != nil {
		t.Fatal(err)
	}
	if res.Statement.MatchedSubject != "ru.img" || string(res.Predicate) != sbomJSON {
		t.Fatalf("statement %+v predicate %s", res.Statement, res.Predicate)
	}
	d, _ := ArtifactDigest("sha256:" + hex.EncodeToString(s256[:]))
	if _, err := VerifyDSSE(ctx, good, d, DSSEOptions{Key: pk}); err != nil {
		t.Errorf("digest form: %v", err)
	}
	if _, err := VerifyDSSE(ctx, envelope(t, InTotoPayloadType, statement(subj512, "https://slsa.dev/provenance/v1", `{}`), k), ArtifactBytes(image), DSSEOptions{Key: pk}); err != nil {
		t.Errorf("sha512 subject: %v", err)
	}

	cases := []struct {
		name  string
		env   []byte
		art   []byte
		key   *PublicKey
		check string
	}{
		{"subject mismatch", good, []byte("another image"), pk, CheckSubject},
		{"two signatures", envelope(t, InTotoPayloadType, statement(subj, CycloneDXPredicate, sbomJSON), k, testKey(t, "p256")), image, pk, CheckSignature},
		{"two signatures by the same key", envelope(t, InTotoPayloadType, statement(subj, CycloneDXPredicate, sbomJSON), k, k), image, pk, CheckSignature},
		{"no signature", envelope(t, InTotoPayloadType, statement(subj, CycloneDXPredicate, sbomJSON)), image, pk, CheckSignature},
		{"wrong key", good, image, mustPub(t, testKey(t, "p256")), CheckSignature},
		{"not in-toto", envelope(t, "text/plain", []byte("hello"), k), image, pk, CheckSubject},
		{"no subjects", envelope(t, InTotoPayloadType, statement("", CycloneDXPredicate, sbomJSON), k), image, pk, CheckSubject},
		{"duplicate predicate", envelope(t, InTotoPayloadType, []byte(`{"_type":"https://in-toto.io/Statement/v1","subject":[`+subj+`],"predicateType":"https://cyclonedx.org/bom","predicate":{},"predicate":`+sbomJSON+`}`), k), image, pk, CheckSubject},
		{"sha3 only subject", envelope(t, InTotoPayloadType, statement(`{"name":"x","digest":{"sha3-256":"00"}}`, CycloneDXPredicate, sbomJSON), k), image, pk, CheckSubject},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := VerifyDSSE(ctx, tc.env, ArtifactBytes(tc.art), DSSEOptions{Key: tc.key})
			f := wantFailure(t, res, err, tc.check)
			if res.Predicate != nil {
				t.Error("predicate returned from an unverified attestation")
			}
			t.Log(f)
		})
	}
	if _, err := VerifyDSSE(ctx, []byte(`{"payloadType":`), ArtifactBytes(image), DSSEOptions{Key: pk}); err == nil || IsFailure(err) {
		t.Errorf("malformed envelope: %v", err)
	}
	if IsBundle(good) || !IsBundle([]byte(`{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}`)) {
		t.Error("IsBundle")
	}
}
