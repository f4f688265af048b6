package cli

import (
	"bytes"
	"crypto"
	"errors"
	"fmt"
	"os"

	"golang.org/x/term"

	"github.com/fwprov/fwprov/verify"
)

// passwordEnv is where cosign reads the password of an encrypted private
// key from; fwprov reads the same variable, so one setup serves both tools.
const passwordEnv = "COSIGN_PASSWORD"

// readPassword returns the password for an encrypted private key:
// $COSIGN_PASSWORD when it is set (an empty value is an empty password, as
// in cosign), else a prompt on the terminal, without echo. With confirm
// (keygen) the password is asked twice. Without the variable and without a
// terminal on stdin there is no one to ask: that is an error, not an empty
// password.
func readPassword(g *globals, what string, confirm bool) ([]byte, error) {
	if pw, ok := os.LookupEnv(passwordEnv); ok {
		return []byte(pw), nil
	}
	f, ok := g.streams.In.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil, usagef("%s needs a password: set $%s (stdin is not a terminal to ask on)", what, passwordEnv)
	}
	ask := func(prompt string) ([]byte, error) {
		fmt.Fprint(g.streams.Err, prompt)
		pw, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(g.streams.Err)
		if err != nil {
			return nil, fmt.Errorf("read password: %w", err)
		}
		return pw, nil
	}
	pw, err := ask("Enter password for " + what + ": ")
	if err != nil {
		return nil, err
	}
	if confirm {
		again, err := ask("Enter password again: ")
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(pw, again) {
			return nil, errors.New("the passwords do not match")
		}
	}
	return pw, nil
}

// loadSigningKey reads a private key file: unencrypted PEM as it is, an
// encrypted one (cosign's "ENCRYPTED SIGSTORE PRIVATE KEY", encrypted
// PKCS#8) with the password from readPassword.
func loadSigningKey(g *globals, path string) (crypto.Signer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read key: %w", err)
	}
	if !verify.IsEncryptedPrivateKey(data) {
		return verify.LoadPrivateKey(path, data)
	}
	pw, err := readPassword(g, "private key "+path, false)
	if err != nil {
		return nil, err
	}
	return verify.DecryptPrivateKey(path, data, pw)
}
