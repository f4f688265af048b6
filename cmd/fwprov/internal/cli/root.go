// Package cli holds fwprov's commands. It is deliberately thin: it parses
// flags, reads files once, calls the sbom, verify and policy packages, hands
// their plain-data results to a presenter and maps outcomes to exit codes.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fwprov/fwprov/sbom"
)

// Streams are the process's standard streams, injectable for tests.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// globals are the flags every command shares.
type globals struct {
	streams  Streams
	output   string
	quiet    bool
	maxBytes int64
	maxDepth int
}

// limits returns the sbom limits the flags ask for.
func (g *globals) limits() sbom.Limits {
	l := sbom.DefaultLimits()
	if g.maxBytes > 0 {
		l.MaxBytes = g.maxBytes
	}
	if g.maxDepth > 0 {
		l.MaxDepth = g.maxDepth
	}
	return l
}

// Main runs fwprov with args and returns the process exit code. A panic
// anywhere below is recovered here and turned into exit 2 with a message:
// a gate must never crash open.
func Main(ctx context.Context, args []string, s Streams) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(s.Err, "fwprov: internal error (this is a bug, please report it): %s\n", oneLine(fmt.Sprint(r)))
			if debugPanics {
				fmt.Fprintf(s.Err, "%s\n", debug.Stack())
			}
			code = ExitError
		}
	}()
	debugPanics = os.Getenv("FWPROV_DEBUG") != ""
	g := &globals{streams: s}
	root := newRoot(g)
	root.SetArgs(args)
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return ExitAllow
	}
	code = exitCode(err)
	var d *denyError
	if errors.As(err, &d) {
		if !g.quiet && d.msg != "" {
			fmt.Fprintf(s.Err, "fwprov: %s\n", oneLine(d.msg))
		}
		return code
	}
	name := "fwprov"
	if cmd != nil {
		name = cmd.CommandPath()
	}
	fmt.Fprintf(s.Err, "%s: %s\n", name, oneLine(errorMessage(name, err)))
	return code
}

// libraryPrefixes are the package prefixes library errors start with
// ("verify: load private key k.pem: ..."), by Go convention. On the command
// line the command the user ran names the context instead: "fwprov sign:
// load private key k.pem: ...".
var libraryPrefixes = []string{"verify: ", "policy: ", "sbom: ", "lint: ", "identity: "}

// errorMessage is err's message without the prefixes the command path
// already says: the command's own name ("sign: ", "policy validate: ")
// and one library package prefix.
func errorMessage(commandPath string, err error) string {
	msg := err.Error()
	sub := strings.TrimPrefix(commandPath, "fwprov ")
	if sub != commandPath {
		msg = strings.TrimPrefix(msg, sub+": ")
		if i := strings.LastIndexByte(sub, ' '); i >= 0 {
			msg = strings.TrimPrefix(msg, sub[i+1:]+": ")
		}
	}
	for _, p := range libraryPrefixes {
		if strings.HasPrefix(msg, p) {
			return msg[len(p):]
		}
	}
	return msg
}

// debugPanics prints the stack of a recovered panic (FWPROV_DEBUG=1).
var debugPanics = false

func newRoot(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:   "fwprov",
		Short: "Provenance and supplier-origin gate for telecom firmware",
		Long: `fwprov answers one question for a piece of telecom firmware (a 5G base-station
software load: DU, CU, radio unit, core function):

  Is this exactly the firmware its vendor released, and does anything inside it
  come from a supplier that our policy does not accept?

It works offline and fails closed. Exit codes: 0 allowed (warnings may exist),
1 denied (a fail finding or a failed verification), 2 error (bad input, flags, I/O).`,
		Example: `  # Gate a release folder: the vendor's signature, the image, every component's origin
  fwprov gate testdata/releases/du-allowed --policy testdata/releases/policy.yaml

  # A tampered release is denied (exit 1)
  fwprov gate testdata/releases/du-tampered --policy testdata/releases/policy.yaml

  # Origin alone, against the EU 5G Toolbox preset
  fwprov check testdata/sboms/du-5g-hr.cdx.json --policy eu-5g-toolbox

  # What is inside this firmware?
  fwprov inspect testdata/sboms/du-5g.cdx.json`,
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate("fwprov {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &usageError{err: fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())}
	})
	pf := root.PersistentFlags()
	pf.StringVarP(&g.output, "output", "o", "", "write the report to `FILE` (atomically) instead of stdout")
	pf.BoolVarP(&g.quiet, "quiet", "q", false, "print nothing on stderr but errors")
	pf.Int64Var(&g.maxBytes, "max-sbom-bytes", 0, "refuse an SBOM larger than `N` bytes after decompression (default 1 GiB)")
	pf.IntVar(&g.maxDepth, "max-depth", 0, "refuse an SBOM whose components nest deeper than `N` (default 64)")

	root.AddCommand(
		newInspectCmd(g),
		newCheckCmd(g),
		newGateCmd(g),
		newVerifyCmd(g),
		newVerifyBlobCmd(g),
		newVerifyBlobAttestationCmd(g),
		newSignCmd(g),
		newKeygenCmd(g),
		newLintCmd(g),
		newPolicyCmd(g),
		newDiffCmd(g),
		newScanCmd(g),
		newVersionCmd(g),
	)
	addCompletionExamples(root)
	return root
}

// addCompletionExamples creates cobra's completion command now (cobra adds
// it lazily) so that it, like every command, has examples.
func addCompletionExamples(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Example = `  fwprov completion bash > fwprov.bash         # then: . fwprov.bash (or copy it to /etc/bash_completion.d/)
  fwprov completion zsh > _fwprov              # into a folder of $fpath
  fwprov completion fish > fwprov.fish         # into ~/.config/fish/completions/
  fwprov completion powershell > fwprov.ps1    # then: . ./fwprov.ps1`
		for _, sub := range c.Commands() {
			sub.Example = fmt.Sprintf("  fwprov completion %s > %s", sub.Name(), map[string]string{"bash": "fwprov.bash", "zsh": "_fwprov", "fish": "fwprov.fish", "powershell": "fwprov.ps1"}[sub.Name()])
		}
	}
}

// formatFlag is a --format flag restricted to a fixed set of values.
type formatFlag struct {
	value   string
	allowed []string
}

func (f *formatFlag) String() string { return f.value }
func (f *formatFlag) Type() string   { return "format" }
func (f *formatFlag) Set(v string) error {
	for _, a := range f.allowed {
		if v == a {
			f.value = v
			return nil
		}
	}
	return fmt.Errorf("unknown format %q (want %s)", v, strings.Join(f.allowed, ", "))
}

// addFormatFlag registers --format/-f with the given allowed values, the
// first being the default, and shell completion for them.
func addFormatFlag(c *cobra.Command, allowed ...string) *formatFlag {
	f := &formatFlag{value: allowed[0], allowed: allowed}
	c.Flags().VarP(f, "format", "f", "output format: "+strings.Join(allowed, "|"))
	_ = c.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return allowed, cobra.ShellCompDirectiveNoFileComp
	})
	return f
}
