package render

import (
	"fmt"
	"strings"

	"github.com/fwprov/fwprov/sbom"
)

// lookalikeNote is what text and Markdown diffs add to a supplier that is a
// confusable spelling of another supplier of the same diff: the names are
// shown escaped where they differ invisibly, so the reader sees why.
func lookalikeNote(n sbom.NameCount) string {
	if len(n.LooksLike) == 0 {
		return ""
	}
	quoted := make([]string, len(n.LooksLike))
	for i, o := range n.LooksLike {
		quoted[i] = visible(o)
	}
	return "  LOOK-ALIKE of " + strings.Join(quoted, ", ") + " (written " + visible(n.Name) + ")"
}

// lookalikeChange is the note of a supplier change between two confusable
// spellings.
func lookalikeChange(f sbom.FieldChange) string {
	if !f.LooksLike {
		return ""
	}
	return " (LOOK-ALIKE: " + visible(f.Old) + " → " + visible(f.New) + ")"
}

// visible quotes a name with every character outside printable ASCII
// written as \uXXXX, so two look-alike spellings read differently.
func visible(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r >= 0x20 && r < 0x7f && r != '"' && r != '\\' {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
