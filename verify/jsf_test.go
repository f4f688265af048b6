package verify

import (
	"bytes"
	"context"
	"crypto"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

const testBOM = `{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "version": 1,
  "metadata": {"component": {"type": "firmware", "name": "du-load", "version": "24.1", "supplier": {"name": "Acme Radio"}}},
  "components": [
    {"type": "library", "name": "openssl", "version": "3.0.13", "supplier": {"name": "OpenSSL"}, "hashes": [{"alg": "SHA-256", "content": "00ff"}]},
    {"type": "firmware", "name": "fpga-bitstream", "version": "1.0e-3", "properties": [{"name": "size", "value": "1E3"}]}
  ],
  "x-note": 1.50
}
`

func TestJSFRoundTripAlgorithms(t *testing.T) {
	ctx := context.Background()
	cases := []struct{ alg, key string }{
		{JSFES256, "p256"}, {JSFES384, "p384"}, {JSFES512, "p521"},
		{JSFRS256, "rsa2048"}, {JSFRS384, "rsa2048"}, {JSFRS512, "rsa2048"},
		{JSFPS256, "rsa2048"}, {JSFPS384, "rsa2048"}, {JSFPS512, "rsa2048"},
		{JSFEd25519, "ed25519"},
	}
	for _, tc := range cases {
		t.Run(tc.alg, func(t *testing.T) {
			signer := testKey(t, tc.key)
			pk := mustPub(t, signer)
			signed, err := SignJSF(ctx, []byte(testBOM), signer, JSFSignOptions{Algorithm: tc.alg, KeyID: "acme-release-2026"})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(signed, []byte(strings.TrimRight(testBOM, "\n}"))) {
				t.Fatalf("original bytes not kept:\n%s", signed)
			}
			// Pinned by key, and by fingerprint.
			for _, opts := range []JSFOptions{{Keys: []*PublicKey{pk}}, {Fingerprints: []string{pk.Fingerprint}}} {
				res, err := VerifyJSF(ctx, signed, opts)
				if err != nil {
					t.Fatalf("verify: %v\n%s", err, signed)
				}
				if len(res.Signers) != 1 || res.Signers[0].Algorithm != tc.alg || res.Signers[0].KeyFingerprint != pk.Fingerprint || res.Signers[0].KeyID != "acme-release-2026" {
					t.Errorf("signers: %+v", res.Signers)
				}
			}
			// Unpinned embedded key.
			res, err := VerifyJSF(ctx, signed, JSFOptions{})
			wantFailure(t, res, err, CheckKeyPin)
			// Pinned to another key.
			res, err = VerifyJSF(ctx, signed, JSFOptions{Keys: []*PublicKey{mustPub(t, testKey(t, tc.key+"-other"))}})
			wantFailure(t, res, err, CheckKeyPin)
			// One flipped character in a component.
			tampered := bytes.Replace(signed, []byte(`"3.0.13"`), []byte(`"3.0.14"`), 1)
			res, err = VerifyJSF(ctx, tampered, JSFOptions{Keys: []*PublicKey{pk}})
			wantFailure(t, res, err, CheckSignature)
			// Whitespace and member order do not matter (canonical form).
			var m map[string]jsontext.Value
			if err := json.Unmarshal(signed, &m); err != nil {
				t.Fatal(err)
			}
			compact, err := json.Marshal(m, json.Deterministic(true))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := VerifyJSF(ctx, compact, JSFOptions{Keys: []*PublicKey{pk}}); err != nil {
				t.Errorf("re-serialized: %v", err)
			}
		})
	}
}

func TestJSFSignRefusals(t *testing.T) {
	ctx := context.Background()
	k := testKey(t, "p256")
	signed, err := SignJSF(ctx, []byte(testBOM), k, JSFSignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		bom  string
		key  crypto.Signer
		opts JSFSignOptions
	}{
		"already signed":  {string(signed), k, JSFSignOptions{}},
		"not an object":   {`[1]`, k, JSFSignOptions{}},
		"duplicate key":   {`{"a":1,"a":2}`, k, JSFSignOptions{}},
		"wrong algorithm": {testBOM, k, JSFSignOptions{Algorithm: JSFRS256}},
		"unknown alg":     {testBOM, k, JSFSignOptions{Algorithm: "HS256"}},
		"weak rsa":        {testBOM, testKey(t, "rsa1024"), JSFSignOptions{}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := SignJSF(ctx, []byte(tc.bom), tc.key, tc.opts); err == nil {
				t.Fatal("want an error")
			}
		})
	}
}

// setSignature replaces the top-level signature object of a signed BOM.
func setSignature(t *testing.T, bom []byte, edit func(sig map[string]jsontext.Value)) []byte {
	t.Helper()
	var m map[string]jsontext.Value
	if err := json.Unmarshal(bom, &m); err != nil {
		t.Fatal(err)
	}
	var sig map[string]jsontext.Value
	if err := json.Unmarshal(m["signature"], &sig); err != nil {
		t.Fatal(err)
	}
	edit(sig)
	b, err := json.Marshal(sig)
	if err != nil {
		t.Fatal(err)
	}
	m["signature"] = b
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func addMember(t *testing.T, bom []byte, name, value string) []byte {
	t.Helper()
	var m map[string]jsontext.Value
	if err := json.Unmarshal(bom, &m); err != nil {
		t.Fatal(err)
	}
	m[name] = jsontext.Value(value)
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestJSFAttacks(t *testing.T) {
	ctx := context.Background()
	signer := testKey(t, "p256")
	pk := mustPub(t, signer)
	// A BOM without components, signed.
	base := `{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{"component":{"type":"firmware","name":"du"}}}`
	signed, err := SignJSF(ctx, []byte(base), signer, JSFSignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyJSF(ctx, signed, JSFOptions{Keys: []*PublicKey{pk}}); err != nil {
		t.Fatal(err)
	}
	mallory := testKey(t, "p256")
	malloryJWK, _ := toJWK(mallory.Public())
	mj, _ := json.Marshal(malloryJWK)

	// The excludes trick: add "excludes": ["components"] to a valid
	// signature, then add components the signer never saw. The canonical
	// data is unchanged, so the signature alone would still verify.
	trick := setSignature(t, signed, func(sig map[string]jsontext.Value) { sig["excludes"] = jsontext.Value(`["components"]`) })
	trick = addMember(t, trick, "components", `[{"type":"library","name":"implant","supplier":{"name":"Mallory"}}]`)
	// The same trick with a non-CycloneDX name the caller did not allow.
	trickX := setSignature(t, signed, func(sig map[string]jsontext.Value) { sig["excludes"] = jsontext.Value(`["x-unsigned"]`) })
	trickX = addMember(t, trickX, "x-unsigned", `"anything"`)

	// Swapped embedded key: replace the JWK with Mallory's, keep the value.
	swapped := setSignature(t, signed, func(sig map[string]jsontext.Value) { sig["publicKey"] = mj })
	// Swapped and re-signed by Mallory with her key embedded.
	resigned, err := SignJSF(ctx, []byte(base), mallory, JSFSignOptions{})
	if err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name  string
		bom   []byte
		opts  JSFOptions
		check string
	}{
		{"excludes trick on components", trick, JSFOptions{Keys: []*PublicKey{pk}}, CheckSignature},
		{"excludes trick even when allowed", trick, JSFOptions{Keys: []*PublicKey{pk}, AllowExcludes: []string{"components"}}, CheckSignature},
		{"excludes of an unlisted property", trickX, JSFOptions{Keys: []*PublicKey{pk}}, CheckSignature},
		{"swapped embedded key", swapped, JSFOptions{Keys: []*PublicKey{pk}}, CheckKeyPin},
		{"swapped key pinned by attacker fingerprint only", swapped, JSFOptions{Fingerprints: []string{mustPub(t, mallory).Fingerprint}}, CheckSignature},
		{"re-signed by another key", resigned, JSFOptions{Keys: []*PublicKey{pk}}, CheckKeyPin},
		{"no signature", []byte(base), JSFOptions{Keys: []*PublicKey{pk}}, CheckSignature},
		{"extensions", setSignature(t, signed, func(sig map[string]jsontext.Value) { sig["extensions"] = jsontext.Value(`["otherExt"]`) }), JSFOptions{Keys: []*PublicKey{pk}}, CheckSignature},
		{"unknown signer member", setSignature(t, signed, func(sig map[string]jsontext.Value) { sig["nonce"] = jsontext.Value(`"x"`) }), JSFOptions{Keys: []*PublicKey{pk}}, CheckSignature},
		{"HS256", setSignature(t, signed, func(sig map[string]jsontext.Value) { sig["algorithm"] = jsontext.Value(`"HS256"`) }), JSFOptions{Keys: []*PublicKey{pk}}, CheckSignature},
		{"algorithm swapped to ES384", setSignature(t, signed, func(sig map[string]jsontext.Value) { sig["algorithm"] = jsontext.Value(`"ES384"`) }), JSFOptions{Keys: []*PublicKey{pk}}, CheckSignature},
		{"value not base64url", setSignature(t, signed, func(sig map[string]jsontext.Value) { sig["value"] = jsontext.Value(`"!!"`) }), JSFOptions{Keys: []*PublicKey{pk}}, CheckSignature},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := VerifyJSF(ctx, tc.bom, tc.opts)
			wantFailure(t, res, err, tc.check)
		})
	}

	// An allowed, unprotected exclude that the signer really used verifies
	// and is reported as unsigned.
	withNote := addMember(t, []byte(base), "x-build-note", `"ci run 42"`)
	var m map[string]jsontext.Value
	_ = json.Unmarshal(withNote, &m)
	doc := withoutMembers(m, "x-build-note")
	sig := map[string]jsontext.Value{"algorithm": jsontext.Value(`"ES256"`)}
	canon, err := jsfCanonical(doc, sig)
	if err != nil {
		t.Fatal(err)
	}
	val, err := jsfSign(JSFES256, crypto.SHA256, signer, canon)
	if err != nil {
		t.Fatal(err)
	}
	sig["excludes"] = jsontext.Value(`["x-build-note"]`)
	sig["value"], _ = json.Marshal(base64.RawURLEncoding.EncodeToString(val))
	sb, _ := json.Marshal(sig)
	m["signature"] = sb
	excl, _ := json.Marshal(m)
	res, err := VerifyJSF(ctx, excl, JSFOptions{Keys: []*PublicKey{pk}, AllowExcludes: []string{"x-build-note"}})
	if err != nil {
		t.Fatalf("allowed exclude: %v", err)
	}
	if len(res.Excluded) != 1 || res.Excluded[0] != "x-build-note" {
		t.Errorf("excluded: %v", res.Excluded)
	}
	res, err = VerifyJSF(ctx, excl, JSFOptions{Keys: []*PublicKey{pk}})
	wantFailure(t, res, err, CheckSignature)

	// Duplicate member names are refused before any check.
	dup := append([]byte(`{"components":[],`), signed[1:]...)
	dup = bytes.Replace(dup, []byte(`"bomFormat"`), []byte(`"components":[{"name":"x"}],"bomFormat"`), 1)
	if _, err := VerifyJSF(ctx, dup, JSFOptions{Keys: []*PublicKey{pk}}); err == nil || IsFailure(err) {
		t.Fatalf("duplicate keys: want a plain error, got %v", err)
	}
	nested := bytes.Replace(signed, []byte(`"name":"du"`), []byte(`"name":"du","name":"implant"`), 1)
	if bytes.Equal(nested, signed) {
		t.Fatal("nested duplicate not inserted")
	}
	if _, err := VerifyJSF(ctx, nested, JSFOptions{Keys: []*PublicKey{pk}}); err == nil || IsFailure(err) || !strings.Contains(err.Error(), "duplicate") {
		t.Fatalf("nested duplicate keys: want a plain duplicate error, got %v", err)
	}
}

// multiSign builds a signers or chain signature over doc.
func multiSign(t *testing.T, doc string, mode string, signers []crypto.Signer) []byte {
	t.Helper()
	var m map[string]jsontext.Value
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		t.Fatal(err)
	}
	var done []jsontext.Value
	for _, s := range signers {
		alg, _ := DefaultJSFAlgorithm(s.Public())
		h, _ := jsfHash(alg)
		j, _ := toJWK(s.Public())
		jb, _ := json.Marshal(j)
		me := map[string]jsontext.Value{"algorithm": jsontext.Value(`"` + alg + `"`), "publicKey": jb}
		meb, _ := json.Marshal(me)
		var list []jsontext.Value
		if mode == "chain" {
			list = append(list, done...)
		}
		list = append(list, meb)
		lb, _ := json.Marshal(list)
		canon, err := jsfCanonical(m, map[string]jsontext.Value{mode: lb})
		if err != nil {
			t.Fatal(err)
		}
		v, err := jsfSign(alg, h, s, canon)
		if err != nil {
			t.Fatal(err)
		}
		me["value"], _ = json.Marshal(base64.RawURLEncoding.EncodeToString(v))
		meb, _ = json.Marshal(me)
		done = append(done, meb)
	}
	lb, _ := json.Marshal(done)
	sb, _ := json.Marshal(map[string]jsontext.Value{mode: lb})
	m["signature"] = sb
	out, _ := json.Marshal(m)
	return out
}

func TestJSFMultipleSigners(t *testing.T) {
	ctx := context.Background()
	a, b := testKey(t, "p256"), testKey(t, "ed25519")
	pa, pb := mustPub(t, a), mustPub(t, b)
	for _, mode := range []string{"signers", "chain"} {
		t.Run(mode, func(t *testing.T) {
			signed := multiSign(t, testBOM, mode, []crypto.Signer{a, b})
			res, err := VerifyJSF(ctx, signed, JSFOptions{Keys: []*PublicKey{pa, pb}})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Signers) != 2 {
				t.Fatalf("signers %+v", res.Signers)
			}
			// All must be pinned.
			res, err = VerifyJSF(ctx, signed, JSFOptions{Keys: []*PublicKey{pa}})
			wantFailure(t, res, err, CheckKeyPin)
			// Tamper.
			res, err = VerifyJSF(ctx, bytes.Replace(signed, []byte("openssl"), []byte("openssh"), 1), JSFOptions{Keys: []*PublicKey{pa, pb}})
			wantFailure(t, res, err, CheckSignature)
			// Dropping the first signer breaks a chain but not signers.
			var m map[string]jsontext.Value
			_ = json.Unmarshal(signed, &m)
			var sig map[string][]jsontext.Value
			_ = json.Unmarshal(m["signature"], &sig)
			sig[mode] = sig[mode][1:]
			m["signature"], _ = json.Marshal(sig)
			dropped, _ := json.Marshal(m)
			res, err = VerifyJSF(ctx, dropped, JSFOptions{Keys: []*PublicKey{pa, pb}})
			if mode == "chain" {
				wantFailure(t, res, err, CheckSignature)
			} else if err != nil {
				t.Fatalf("independent signer: %v", err)
			}
		})
	}
}

func TestJSFKeyWithoutEmbedding(t *testing.T) {
	ctx := context.Background()
	k := testKey(t, "p384")
	signed, err := SignJSF(ctx, []byte(testBOM), k, JSFSignOptions{OmitPublicKey: true})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(signed, []byte("publicKey")) {
		t.Fatal("public key embedded")
	}
	if _, err := VerifyJSF(ctx, signed, JSFOptions{Keys: []*PublicKey{mustPub(t, testKey(t, "p256")), mustPub(t, k)}}); err != nil {
		t.Fatal(err)
	}
	res, err := VerifyJSF(ctx, signed, JSFOptions{Fingerprints: []string{mustPub(t, k).Fingerprint}})
	wantFailure(t, res, err, CheckKeyPin)
}
