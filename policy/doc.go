// Package policy decides whether the components of a firmware SBOM come
// from origins a policy accepts: it loads policy files (and the embedded
// presets), resolves every component's origin evidence against the
// policy's entity catalog, applies rules, limits and expiring exceptions,
// and returns a Verdict — plain data that the CLI renders as text, JSON,
// SARIF, Markdown or JUnit.
//
// The package never prints and never exits.
package policy
