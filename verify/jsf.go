package verify

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/gowebpki/jcs"
)

// CycloneDX JSF (JSON Signature Format 0.82, the `signature` of a JSON BOM).
//
// What is signed: the whole BOM object, canonicalized with RFC 8785 (JCS),
// with the signature object kept in place minus its "value" — and, as JSF
// requires, minus "excludes" and minus the top-level properties it names.
// For `signers` (multi-signature) signer i is verified with the signers
// array holding only signer i (minus value); for `chain` signer i is
// verified with the chain holding signers 0…i-1 complete and signer i minus
// value. Every signer must verify.
//
// Trust: an embedded key (publicKey JWK, or the first certificate of
// certificatePath) is used only when the caller pins it (by key or SHA-256
// SPKI fingerprint); the certificate path is not validated as a PKI chain.
// A signer that embeds no key is verified with the caller's pinned keys.
//
// The excludes trick: "excludes" is itself unsigned, so anyone holding a
// signed BOM can add `"excludes": ["x"]` and then add a top-level property
// "x" that the signature will not cover (or a signer can leave content
// unsigned on purpose). fwprov therefore refuses every excludes entry unless
// the caller allows that property name (JSFOptions.AllowExcludes, the
// "options for specifying which properties to accept" JSF asks for), and
// never allows a CycloneDX top-level property (components, metadata,
// dependencies, …, see protectedBOMProperties) to be excluded, whatever the
// caller says. Excluded properties that were accepted are listed in
// Result.Excluded: they are not signed. JSF "extensions" are refused.

// JSF algorithm names fwprov supports.
const (
	JSFES256   = "ES256"
	JSFES384   = "ES384"
	JSFES512   = "ES512"
	JSFRS256   = "RS256"
	JSFRS384   = "RS384"
	JSFRS512   = "RS512"
	JSFPS256   = "PS256"
	JSFPS384   = "PS384"
	JSFPS512   = "PS512"
	JSFEd25519 = "Ed25519"
)

// protectedBOMProperties are CycloneDX top-level properties (all spec
// versions) that a JSF signature may never exclude.
var protectedBOMProperties = map[string]bool{
	"$schema": true, "bomFormat": true, "specVersion": true, "serialNumber": true, "version": true,
	"metadata": true, "components": true, "services": true, "externalReferences": true,
	"dependencies": true, "compositions": true, "properties": true, "vulnerabilities": true,
	"annotations": true, "formulation": true, "declarations": true, "definitions": true,
	"citations": true, "signature": true,
}

// JSFOptions says which keys VerifyJSF trusts.
type JSFOptions struct {
	// Source names the BOM for messages and the Result.
	Source string
	// Keys are trusted public keys: an embedded key equal to one of them
	// is accepted, and signers that embed no key are verified with them.
	Keys []*PublicKey
	// Fingerprints pin embedded keys by "sha256:<hex>" of their SPKI.
	Fingerprints []string
	// AllowExcludes names top-level properties a signer may leave unsigned
	// through "excludes". Protected CycloneDX properties are refused even
	// when listed here.
	AllowExcludes []string
}

type jsfSigner struct {
	raw       map[string]jsontext.Value
	Algorithm string
	KeyID     string
	Value     string
	key       crypto.PublicKey // embedded, if any
	certKey   bool
}

// VerifyJSF verifies the top-level JSF signature of a CycloneDX JSON BOM.
// Duplicate member names anywhere in the BOM are refused (plain error, as
// for any unparsable input). Nested signatures (on components, services,
// …) are covered as data by the top-level signature but not verified
// themselves.
func VerifyJSF(ctx context.Context, bom []byte, opts JSFOptions) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	name := opts.Source
	if name == "" {
		name = "BOM"
	}
	var top map[string]jsontext.Value
	if err := json.Unmarshal(bom, &top); err != nil {
		return nil, fmt.Errorf("verify: parse %s: %w", name, err)
	}
	if top == nil {
		return nil, fmt.Errorf("verify: parse %s: not a JSON object", name)
	}
	res := &Result{Kind: KindJSF, Source: opts.Source}
	res.skip(CheckSignature, true, "")
	res.skip(CheckKeyPin, true, "")

	pins := map[string]bool{}
	for _, k := range opts.Keys {
		if k != nil {
			pins[k.Fingerprint] = true
		}
	}
	for _, f := range opts.Fingerprints {
		n, err := NormalizeFingerprint(f)
		if err != nil {
			return nil, err
		}
		pins[n] = true
	}

	sigRaw, ok := top["signature"]
	if !ok {
		return res.fail(CheckSignature, nil, "%s has no top-level JSF signature", name)
	}
	var sigObj map[string]jsontext.Value
	if err := json.Unmarshal(sigRaw, &sigObj); err != nil || sigObj == nil {
		return res.fail(CheckSignature, err, "%s: the signature is not a JSON object", name)
	}

	mode := "single"
	var signersRaw []jsontext.Value
	for _, m := range []string{"signers", "chain"} {
		if v, ok := sigObj[m]; ok {
			if mode != "single" {
				return res.fail(CheckSignature, nil, "signature has both signers and chain")
			}
			mode = m
			if err := json.Unmarshal(v, &signersRaw); err != nil {
				return res.fail(CheckSignature, err, "signature %s is not an array", m)
			}
			if len(signersRaw) == 0 {
				return res.fail(CheckSignature, nil, "signature %s is empty", m)
			}
			if len(signersRaw) > 64 {
				return res.fail(CheckSignature, nil, "signature %s has %d signers (limit 64)", m, len(signersRaw))
			}
		}
	}

	// Global options: the signature object itself for a single signer,
	// the wrapper for signers/chain.
	var excludes []string
	if v, ok := sigObj["excludes"]; ok {
		if err := json.Unmarshal(v, &excludes); err != nil {
			return res.fail(CheckSignature, err, "excludes is not an array of strings")
		}
		if err := checkExcludes(excludes, opts.AllowExcludes); err != nil {
			return res.fail(CheckSignature, err, "refusing excludes")
		}
	}
	if _, ok := sigObj["extensions"]; ok {
		return res.fail(CheckSignature, nil, "JSF extensions are not supported")
	}
	if mode != "single" {
		for k := range sigObj {
			if k != mode && k != "excludes" {
				return res.fail(CheckSignature, nil, "unexpected member %q next to %s", k, mode)
			}
		}
	}

	// The document the signature covers, minus excluded properties.
	doc := make(map[string]jsontext.Value, len(top))
	for k, v := range top {
		if k != "signature" && !slices.Contains(excludes, k) {
			doc[k] = v
		}
	}
	res.Excluded = excludes

	var signers []*jsfSigner
	if mode == "single" {
		s, err := parseJSFSigner(sigObj, true)
		if err != nil {
			return res.fail(CheckSignature, err, "signature")
		}
		signers = append(signers, s)
	} else {
		for i, raw := range signersRaw {
			var m map[string]jsontext.Value
			if err := json.Unmarshal(raw, &m); err != nil || m == nil {
				return res.fail(CheckSignature, err, "%s[%d] is not a JSON object", mode, i)
			}
			s, err := parseJSFSigner(m, false)
			if err != nil {
				return res.fail(CheckSignature, err, "%s[%d]", mode, i)
			}
			signers = append(signers, s)
		}
	}

	for i, s := range signers {
		label := "signature"
		if mode != "single" {
			label = fmt.Sprintf("%s[%d]", mode, i)
		}
		// Build the signature object as it was signed.
		var signed map[string]jsontext.Value
		if mode == "single" {
			signed = withoutMembers(sigObj, "value", "excludes")
		} else {
			signed = withoutMembers(sigObj, "excludes")
			list := make([]jsontext.Value, 0, i+1)
			if mode == "chain" {
				list = append(list, signersRaw[:i]...)
			}
			me, err := json.Marshal(withoutMembers(s.raw, "value"))
			if err != nil {
				return nil, fmt.Errorf("verify: %s: %w", name, err)
			}
			list = append(list, me)
			arr, err := json.Marshal(list)
			if err != nil {
				return nil, fmt.Errorf("verify: %s: %w", name, err)
			}
			signed[mode] = arr
		}
		canon, err := jsfCanonical(doc, signed)
		if err != nil {
			return res.fail(CheckSignature, err, "%s: canonicalization", label)
		}
		sig, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s.Value, "="))
		if err != nil {
			return res.fail(CheckSignature, err, "%s: value is not base64url", label)
		}

		var used *PublicKey
		if s.key != nil {
			pk, err := NewPublicKey(s.key)
			if err != nil {
				return res.fail(CheckKeyPin, err, "%s: embedded key refused", label)
			}
			if !pins[pk.Fingerprint] {
				what := "public key"
				if s.certKey {
					what = "certificate key"
				}
				return res.fail(CheckKeyPin, nil, "%s: embedded %s %s is not pinned (pin it by key or fingerprint to trust it)", label, what, pk.Fingerprint)
			}
			if err := jsfVerify(s.Algorithm, pk.Key, canon, sig); err != nil {
				return res.fail(CheckSignature, err, "%s (%s) does not verify with key %s", label, s.Algorithm, pk.Fingerprint)
			}
			used = pk
		} else {
			if len(opts.Keys) == 0 {
				return res.fail(CheckKeyPin, nil, "%s embeds no key and no verification key was given", label)
			}
			var last error
			for _, k := range opts.Keys {
				if k == nil {
					continue
				}
				if last = jsfVerify(s.Algorithm, k.Key, canon, sig); last == nil {
					used = k
					break
				}
			}
			if used == nil {
				return res.fail(CheckSignature, last, "%s (%s) does not verify with any given key", label, s.Algorithm)
			}
		}
		res.Signers = append(res.Signers, Signer{Kind: SignerKey, Algorithm: s.Algorithm, KeyID: s.KeyID, KeyFingerprint: used.Fingerprint})
	}
	noun := "JSF signers"
	if len(signers) == 1 {
		noun = "JSF signer"
	}
	res.pass(CheckSignature, fmt.Sprintf("%d %s (%s)", len(signers), noun, mode))
	res.pass(CheckKeyPin, "every signer's key is pinned")
	return res.finish()
}

func checkExcludes(ex, allowed []string) error {
	seen := map[string]bool{}
	for _, e := range ex {
		switch {
		case e == "":
			return errors.New("empty property name")
		case seen[e]:
			return fmt.Errorf("%q listed twice", e)
		case protectedBOMProperties[e]:
			return fmt.Errorf("%q is a CycloneDX property and may not be left unsigned", e)
		case !slices.Contains(allowed, e):
			return fmt.Errorf("%q may not be left unsigned (not in the allowed excludes)", e)
		}
		seen[e] = true
	}
	return nil
}

var jsfSignerMembers = map[string]bool{"algorithm": true, "keyId": true, "publicKey": true, "certificatePath": true, "value": true, "excludes": true}

func parseJSFSigner(m map[string]jsontext.Value, single bool) (*jsfSigner, error) {
	s := &jsfSigner{raw: m}
	for k := range m {
		if !jsfSignerMembers[k] || (!single && k == "excludes") {
			return nil, fmt.Errorf("unsupported signer member %q", k)
		}
	}
	str := func(k string, dst *string, required bool) error {
		v, ok := m[k]
		if !ok {
			if required {
				return fmt.Errorf("missing %q", k)
			}
			return nil
		}
		if err := json.Unmarshal(v, dst); err != nil {
			return fmt.Errorf("%q: %w", k, err)
		}
		return nil
	}
	if err := str("algorithm", &s.Algorithm, true); err != nil {
		return nil, err
	}
	if err := str("value", &s.Value, true); err != nil {
		return nil, err
	}
	if err := str("keyId", &s.KeyID, false); err != nil {
		return nil, err
	}
	if _, err := jsfHash(s.Algorithm); err != nil {
		return nil, err
	}
	if v, ok := m["publicKey"]; ok {
		k, err := parseJWK(v)
		if err != nil {
			return nil, fmt.Errorf("publicKey: %w", err)
		}
		s.key = k
	}
	if v, ok := m["certificatePath"]; ok {
		var certs []string
		if err := json.Unmarshal(v, &certs); err != nil || len(certs) == 0 {
			return nil, fmt.Errorf("certificatePath: not a non-empty array of strings")
		}
		der, err := decodeB64(certs[0])
		if err != nil {
			return nil, fmt.Errorf("certificatePath[0]: %w", err)
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, fmt.Errorf("certificatePath[0]: %w", err)
		}
		if s.key != nil {
			if eq, ok := s.key.(interface{ Equal(crypto.PublicKey) bool }); !ok || !eq.Equal(cert.PublicKey) {
				return nil, errors.New("publicKey and certificatePath name different keys")
			}
		}
		s.key, s.certKey = cert.PublicKey, true
	}
	return s, nil
}

func withoutMembers(m map[string]jsontext.Value, drop ...string) map[string]jsontext.Value {
	out := make(map[string]jsontext.Value, len(m))
	for k, v := range m {
		if !slices.Contains(drop, k) {
			out[k] = v
		}
	}
	return out
}

// jsfCanonical returns the JCS form of doc with "signature" = sig.
func jsfCanonical(doc, sig map[string]jsontext.Value) ([]byte, error) {
	sigJSON, err := json.Marshal(sig)
	if err != nil {
		return nil, err
	}
	full := make(map[string]jsontext.Value, len(doc)+1)
	for k, v := range doc {
		full[k] = v
	}
	full["signature"] = sigJSON
	raw, err := json.Marshal(full)
	if err != nil {
		return nil, err
	}
	return jcs.Transform(raw)
}

func jsfHash(alg string) (crypto.Hash, error) {
	switch alg {
	case JSFES256, JSFRS256, JSFPS256:
		return crypto.SHA256, nil
	case JSFES384, JSFRS384, JSFPS384:
		return crypto.SHA384, nil
	case JSFES512, JSFRS512, JSFPS512:
		return crypto.SHA512, nil
	case JSFEd25519:
		return 0, nil
	}
	return 0, fmt.Errorf("unsupported JSF algorithm %q", alg)
}

func ecCurveFor(alg string) elliptic.Curve {
	switch alg {
	case JSFES256:
		return elliptic.P256()
	case JSFES384:
		return elliptic.P384()
	case JSFES512:
		return elliptic.P521()
	}
	return nil
}

// jsfVerify checks a JWA signature (RFC 7518 encodings) over data.
func jsfVerify(alg string, k crypto.PublicKey, data, sig []byte) error {
	h, err := jsfHash(alg)
	if err != nil {
		return err
	}
	if err := checkPublicKey(k); err != nil {
		return err
	}
	var digest []byte
	if h != 0 {
		hh := h.New()
		hh.Write(data)
		digest = hh.Sum(nil)
	}
	switch alg {
	case JSFES256, JSFES384, JSFES512:
		key, ok := k.(*ecdsa.PublicKey)
		if !ok || key.Curve != ecCurveFor(alg) {
			return fmt.Errorf("%s needs an ECDSA %s key, got %s", alg, ecCurveFor(alg).Params().Name, keyAlgorithm(k))
		}
		size := (key.Curve.Params().BitSize + 7) / 8
		if len(sig) != 2*size {
			return fmt.Errorf("%s signature is %d bytes, want %d", alg, len(sig), 2*size)
		}
		r, s := new(big.Int).SetBytes(sig[:size]), new(big.Int).SetBytes(sig[size:])
		if !ecdsa.Verify(key, digest, r, s) {
			return errors.New("invalid ECDSA signature")
		}
		return nil
	case JSFRS256, JSFRS384, JSFRS512, JSFPS256, JSFPS384, JSFPS512:
		key, ok := k.(*rsa.PublicKey)
		if !ok {
			return fmt.Errorf("%s needs an RSA key, got %s", alg, keyAlgorithm(k))
		}
		if strings.HasPrefix(alg, "PS") {
			return rsa.VerifyPSS(key, h, digest, sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: h})
		}
		return rsa.VerifyPKCS1v15(key, h, digest, sig)
	case JSFEd25519:
		key, ok := k.(ed25519.PublicKey)
		if !ok {
			return fmt.Errorf("%s needs an Ed25519 key, got %s", alg, keyAlgorithm(k))
		}
		if !ed25519.Verify(key, data, sig) {
			return errors.New("invalid Ed25519 signature")
		}
		return nil
	}
	return fmt.Errorf("unsupported JSF algorithm %q", alg)
}

type jwk struct {
	Kty string `json:"kty"`
	Crv string `json:"crv,omitempty"`
	X   string `json:"x,omitempty"`
	Y   string `json:"y,omitempty"`
	N   string `json:"n,omitempty"`
	E   string `json:"e,omitempty"`
}

func b64u(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

// parseJWK reads a JSF publicKey (a JWK: EC P-256/384/521, OKP Ed25519, RSA).
func parseJWK(v jsontext.Value) (crypto.PublicKey, error) {
	var j jwk
	if err := json.Unmarshal(v, &j); err != nil {
		return nil, err
	}
	switch j.Kty {
	case "EC":
		var curve elliptic.Curve
		switch j.Crv {
		case "P-256":
			curve = elliptic.P256()
		case "P-384":
			curve = elliptic.P384()
		case "P-521":
			curve = elliptic.P521()
		default:
			return nil, fmt.Errorf("unsupported EC curve %q", j.Crv)
		}
		size := (curve.Params().BitSize + 7) / 8
		x, err1 := b64u(j.X)
		y, err2 := b64u(j.Y)
		if err1 != nil || err2 != nil || len(x) != size || len(y) != size {
			return nil, fmt.Errorf("EC coordinates must be %d bytes of base64url", size)
		}
		pt := append(append([]byte{4}, x...), y...)
		return ecdsa.ParseUncompressedPublicKey(curve, pt)
	case "OKP":
		if j.Crv != "Ed25519" {
			return nil, fmt.Errorf("unsupported OKP curve %q", j.Crv)
		}
		x, err := b64u(j.X)
		if err != nil || len(x) != ed25519.PublicKeySize {
			return nil, errors.New("Ed25519 x must be 32 bytes of base64url")
		}
		return ed25519.PublicKey(x), nil
	case "RSA":
		n, err1 := b64u(j.N)
		e, err2 := b64u(j.E)
		if err1 != nil || err2 != nil || len(n) == 0 || len(e) == 0 || len(e) > 4 {
			return nil, errors.New("malformed RSA n or e")
		}
		ei := int(new(big.Int).SetBytes(e).Int64())
		if ei < 3 || ei%2 == 0 {
			return nil, errors.New("bad RSA exponent")
		}
		return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: ei}, nil
	}
	return nil, fmt.Errorf("unsupported key type %q", j.Kty)
}

// toJWK renders a public key as a JSF publicKey.
func toJWK(k crypto.PublicKey) (jwk, error) {
	switch key := k.(type) {
	case *ecdsa.PublicKey:
		size := (key.Curve.Params().BitSize + 7) / 8
		raw, err := key.Bytes()
		if err != nil {
			return jwk{}, err
		}
		return jwk{Kty: "EC", Crv: key.Curve.Params().Name, X: base64.RawURLEncoding.EncodeToString(raw[1 : 1+size]), Y: base64.RawURLEncoding.EncodeToString(raw[1+size:])}, nil
	case ed25519.PublicKey:
		return jwk{Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(key)}, nil
	case *rsa.PublicKey:
		return jwk{Kty: "RSA", N: base64.RawURLEncoding.EncodeToString(key.N.Bytes()), E: base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes())}, nil
	}
	return jwk{}, fmt.Errorf("unsupported key type %T", k)
}

// JSFSignOptions controls SignJSF.
type JSFSignOptions struct {
	// Algorithm is the JSF algorithm; "" picks ES256/ES384/ES512 by curve,
	// Ed25519, or RS256 for RSA keys. PS256/384/512 and RS384/512 must be
	// asked for.
	Algorithm string
	// KeyID is written as "keyId" when set.
	KeyID string
	// OmitPublicKey leaves the public key out (verifiers then need the key).
	OmitPublicKey bool
}

// DefaultJSFAlgorithm returns the JSF algorithm SignJSF uses for a key.
func DefaultJSFAlgorithm(k crypto.PublicKey) (string, error) {
	switch key := k.(type) {
	case *ecdsa.PublicKey:
		switch key.Curve {
		case elliptic.P256():
			return JSFES256, nil
		case elliptic.P384():
			return JSFES384, nil
		case elliptic.P521():
			return JSFES512, nil
		}
	case ed25519.PublicKey:
		return JSFEd25519, nil
	case *rsa.PublicKey:
		return JSFRS256, nil
	}
	return "", fmt.Errorf("unsupported key type %T", k)
}

// SignJSF embeds a top-level JSF signature in a CycloneDX JSON BOM and
// returns the signed BOM: the original bytes with a "signature" member
// added before the closing brace (formatting is kept). A BOM that already
// has a top-level signature is refused.
func SignJSF(ctx context.Context, bom []byte, signer crypto.Signer, opts JSFSignOptions) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var top map[string]jsontext.Value
	if err := json.Unmarshal(bom, &top); err != nil {
		return nil, fmt.Errorf("verify: sign JSF: parse BOM: %w", err)
	}
	if top == nil {
		return nil, errors.New("verify: sign JSF: the BOM is not a JSON object")
	}
	if _, ok := top["signature"]; ok {
		return nil, errors.New("verify: sign JSF: the BOM already has a top-level signature")
	}
	pub := signer.Public()
	if err := checkPublicKey(pub); err != nil {
		return nil, fmt.Errorf("verify: sign JSF: %w", err)
	}
	alg := opts.Algorithm
	if alg == "" {
		var err error
		if alg, err = DefaultJSFAlgorithm(pub); err != nil {
			return nil, fmt.Errorf("verify: sign JSF: %w", err)
		}
	}
	h, err := jsfHash(alg)
	if err != nil {
		return nil, fmt.Errorf("verify: sign JSF: %w", err)
	}
	sig := map[string]jsontext.Value{}
	put := func(k string, v any) error {
		b, err := json.Marshal(v)
		sig[k] = b
		return err
	}
	if err := put("algorithm", alg); err != nil {
		return nil, err
	}
	if opts.KeyID != "" {
		if err := put("keyId", opts.KeyID); err != nil {
			return nil, err
		}
	}
	if !opts.OmitPublicKey {
		j, err := toJWK(pub)
		if err != nil {
			return nil, fmt.Errorf("verify: sign JSF: %w", err)
		}
		if err := put("publicKey", j); err != nil {
			return nil, err
		}
	}
	canon, err := jsfCanonical(top, sig)
	if err != nil {
		return nil, fmt.Errorf("verify: sign JSF: canonicalize: %w", err)
	}
	value, err := jsfSign(alg, h, signer, canon)
	if err != nil {
		return nil, fmt.Errorf("verify: sign JSF: %w", err)
	}
	// Self-check before handing it out.
	if err := jsfVerify(alg, pub, canon, value); err != nil {
		return nil, fmt.Errorf("verify: sign JSF: %s does not fit this key: %w", alg, err)
	}
	if err := put("value", base64.RawURLEncoding.EncodeToString(value)); err != nil {
		return nil, err
	}
	// Members in a readable order.
	var b bytes.Buffer
	b.WriteString("{")
	keys := make([]string, 0, len(sig))
	for k := range sig {
		keys = append(keys, k)
	}
	order := map[string]int{"algorithm": 0, "keyId": 1, "publicKey": 2, "value": 3}
	sort.Slice(keys, func(i, j int) bool { return order[keys[i]] < order[keys[j]] })
	for i, k := range keys {
		if i > 0 {
			b.WriteString(",")
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteString(":")
		b.Write(sig[k])
	}
	b.WriteString("}")
	sigText := b.Bytes()
	if ind, err := indentJSON(sigText, "  "); err == nil {
		sigText = ind
	}
	trimmed := bytes.TrimRight(bom, " \t\r\n")
	if len(trimmed) == 0 || trimmed[len(trimmed)-1] != '}' {
		return nil, errors.New("verify: sign JSF: the BOM does not end with '}'")
	}
	body := trimmed[:len(trimmed)-1]
	sep := ",\n  "
	if len(top) == 0 {
		sep = "\n  "
	}
	bodyTrim := bytes.TrimRight(body, " \t\r\n")
	out := make([]byte, 0, len(bom)+len(sigText)+32)
	out = append(out, bodyTrim...)
	out = append(out, sep...)
	out = append(out, `"signature": `...)
	out = append(out, sigText...)
	out = append(out, "\n}\n"...)
	return out, nil
}

func indentJSON(v []byte, prefix string) ([]byte, error) {
	val := jsontext.Value(bytes.Clone(v))
	if err := val.Indent(jsontext.WithIndentPrefix(prefix), jsontext.WithIndent("  ")); err != nil {
		return nil, err
	}
	return val, nil
}

func jsfSign(alg string, h crypto.Hash, signer crypto.Signer, data []byte) ([]byte, error) {
	if alg == JSFEd25519 {
		return signer.Sign(rand.Reader, data, crypto.Hash(0))
	}
	hh := h.New()
	hh.Write(data)
	digest := hh.Sum(nil)
	switch {
	case strings.HasPrefix(alg, "ES"):
		der, err := signer.Sign(rand.Reader, digest, h)
		if err != nil {
			return nil, err
		}
		var rs struct{ R, S *big.Int }
		if _, err := asn1.Unmarshal(der, &rs); err != nil || rs.R == nil || rs.S == nil {
			return nil, fmt.Errorf("ECDSA signature: malformed (%v)", err)
		}
		key, ok := signer.Public().(*ecdsa.PublicKey)
		if !ok {
			return nil, fmt.Errorf("%s needs an ECDSA key", alg)
		}
		size := (key.Curve.Params().BitSize + 7) / 8
		if rs.R.Sign() < 0 || rs.S.Sign() < 0 || rs.R.BitLen() > 8*size || rs.S.BitLen() > 8*size {
			return nil, errors.New("ECDSA signature: r or s out of range")
		}
		out := make([]byte, 2*size)
		rs.R.FillBytes(out[:size])
		rs.S.FillBytes(out[size:])
		return out, nil
	case strings.HasPrefix(alg, "PS"):
		return signer.Sign(rand.Reader, digest, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: h})
	default:
		return signer.Sign(rand.Reader, digest, h)
	}
}
