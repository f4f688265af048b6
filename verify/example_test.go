package verify_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/fwprov/fwprov/sbom"
	"github.com/fwprov/fwprov/verify"
)

// A vendor signs an SBOM offline; an operator verifies the same bytes with
// the vendor's public key, then checks the firmware image against the hash
// the SBOM declares.
func Example() {
	ctx := context.Background()
	sbomBytes := []byte(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1}`)

	// Vendor side: `fwprov keygen`, then `fwprov sign`.
	kp, err := verify.GenerateKey(verify.KeyECDSAP256)
	if err != nil {
		panic(err)
	}
	bundle, err := verify.SignBundle(ctx, sbomBytes, kp.Signer)
	if err != nil {
		panic(err)
	}

	// Operator side: `fwprov verify SBOM --bundle B --key K.pub`.
	pub, err := verify.LoadPublicKey("vendor.pub", kp.PublicPEM)
	if err != nil {
		panic(err)
	}
	res, err := verify.VerifyBundle(ctx, bundle, verify.ArtifactBytes(sbomBytes), verify.BundleOptions{Key: pub})
	fmt.Println("verified:", res.Verified, err == nil)
	fmt.Println("signer:", res.Signers[0].Kind, res.Signers[0].KeyFingerprint == pub.Fingerprint)
	fmt.Println("not performed:", res.NotPerformed())

	// One changed byte is "not verified" (exit 1), not an error (exit 2).
	tampered := append([]byte{}, sbomBytes...)
	tampered[2] = 'B'
	_, err = verify.VerifyBundle(ctx, bundle, verify.ArtifactBytes(tampered), verify.BundleOptions{Key: pub})
	var f *verify.Failure
	fmt.Println("tampered is a failure:", errors.As(err, &f), f.Check)

	// Firmware binding.
	image := []byte("firmware")
	declared := []sbom.Hash{{Algorithm: "SHA-256", Value: "e2f2dd04ba1a7e8d4cc8d6b5b8b7d8f9d53b55b0a77a2ec9e91f1d1f5e70d0c5"}}
	_, err = verify.VerifyFirmware(ctx, bytes.NewReader(image), declared, verify.FirmwareOptions{Source: "du.img"})
	fmt.Println("firmware:", verify.IsFailure(err))
	// Output:
	// verified: true true
	// signer: key true
	// not performed: [transparency-log signed-timestamp]
	// tampered is a failure: true signature
	// firmware: true
}
