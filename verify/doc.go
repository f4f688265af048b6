// Package verify proves where a piece of firmware and its SBOM came from:
// Sigstore bundles (keyless, against a trusted root read from disk, or signed
// with a pinned key), cosign-style detached signatures, DSSE in-toto
// attestations, CycloneDX JSF signatures embedded in a JSON BOM, and the
// binding of a firmware image to the hashes its SBOM declares.
//
// Every verifier takes the exact bytes the caller will go on to parse, an
// options struct that says what the caller expects, and returns a *Result:
// plain data with JSON tags saying what was proven (signer, key fingerprint,
// certificate identity, transparency-log entries, timestamps, digests) and
// which checks were performed, failed, or were not performed.
//
// Errors come in two kinds:
//
//   - *Failure (use errors.As): the input was understood and is NOT verified —
//     a bad signature, a wrong identity, a digest mismatch, or a check that
//     was requested but could not be performed. The Result returned alongside
//     it has Verified == false and a one-line Reason. A CLI maps it to exit 1.
//   - any other error: bad input or usage (unreadable JSON, an unsupported key
//     file, conflicting options). A CLI maps it to exit 2.
//
// The package fails closed: a check that was asked for and could not be
// carried out is a Failure, never a pass. It never touches the network: the
// trusted root is read from a file (no TUF), and signing is offline and
// key-based. It never prints and never exits.
package verify
