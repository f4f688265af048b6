package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// Set by the Makefile through -ldflags "-X ...cli.commit=..." where the
// build has no VCS stamp (GOFLAGS=-buildvcs=false, source tarballs).
var (
	version = ""
	commit  = ""
)

// buildInfo is what the binary knows about its own build.
type buildInfo struct {
	Module   string // module path
	Version  string // module version, "(devel)" for a build from a clone
	Commit   string // VCS revision, "" when unknown
	Modified bool   // the working tree had local changes
	Go       string // Go version
}

// readBuildInfo reads the build info (runtime/debug.ReadBuildInfo), with the
// linker-set values where the build info lacks them.
func readBuildInfo() buildInfo {
	b := buildInfo{Module: "github.com/fwprov/fwprov", Version: version, Commit: commit, Go: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Path != "" {
			b.Module = bi.Main.Path
		}
		if b.Version == "" && bi.Main.Version != "" {
			b.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if b.Commit == "" {
					b.Commit = s.Value
				}
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	if b.Version == "" {
		b.Version = "(devel)"
	}
	return b
}

// versionString is what --version prints: the module version and the
// commit ("(devel) (commit 5cdc9e2abcde)").
func versionString() string {
	b := readBuildInfo()
	var s strings.Builder
	s.WriteString(b.Version)
	if c := b.Commit; c != "" {
		if len(c) > 12 {
			c = c[:12]
		}
		s.WriteString(" (commit " + c)
		if b.Modified {
			s.WriteString(", modified")
		}
		s.WriteString(")")
	}
	return s.String()
}

// toolVersion is the version in the form reports that compare versions
// want (SARIF's driver.version): numeric first, "0.0.0-devel" for a build
// from a clone, the short commit as build metadata.
func toolVersion() string {
	b := readBuildInfo()
	v := strings.TrimPrefix(b.Version, "v")
	if v == "" || v[0] < '0' || v[0] > '9' {
		v = "0.0.0-devel"
	}
	if c := b.Commit; c != "" && !strings.Contains(v, "+") {
		if len(c) > 12 {
			c = c[:12]
		}
		v += "+" + c
	}
	return v
}

func newVersionCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print fwprov's module version, VCS commit and Go version",
		Long: `version prints what 'fwprov --version' prints, in more detail: the module path and
version ("(devel)" for a binary built from a clone), the VCS commit it was built from (and
whether the working tree had local changes), and the Go version.`,
		Example: `  fwprov version
  fwprov --version`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			b := readBuildInfo()
			c := b.Commit
			if c == "" {
				c = "unknown (built without VCS information)"
			} else if b.Modified {
				c += " (modified)"
			}
			_, err := fmt.Fprintf(g.streams.Out, "fwprov %s\nmodule  %s\ncommit  %s\ngo      %s\n", b.Version, b.Module, c, b.Go)
			return err
		},
	}
}
