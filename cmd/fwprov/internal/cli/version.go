package cli

import (
	"runtime/debug"
	"strings"
)

// Set by the Makefile through -ldflags "-X ...cli.commit=..." where the
// build has no VCS stamp (GOFLAGS=-buildvcs=false, source tarballs).
var (
	version = ""
	commit  = ""
)

// versionString reports the module version and commit from the build info,
// falling back to linker-set values and "(devel)".
func versionString() string {
	v, c, dirty := version, commit, false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v == "" && bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if c == "" {
					c = s.Value
				}
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	var b strings.Builder
	b.WriteString(v)
	if c != "" {
		if len(c) > 12 {
			c = c[:12]
		}
		b.WriteString(" (commit " + c)
		if dirty {
			b.WriteString(", modified")
		}
		b.WriteString(")")
	}
	return b.String()
}
