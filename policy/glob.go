package policy

import (
	"errors"
	"unicode/utf8"
)

// maxGlobLen bounds a glob pattern.
const maxGlobLen = 1024

// checkGlob validates a glob: "*" matches any run of characters (slashes
// included), "?" one character, "\" escapes the next character.
func checkGlob(g string) error {
	if len(g) > maxGlobLen {
		return errors.New("too long")
	}
	if !utf8.ValidString(g) {
		return errors.New("not UTF-8")
	}
	for i := 0; i < len(g); i++ {
		if g[i] == '\\' {
			if i+1 >= len(g) {
				return errors.New(`trailing "\"`)
			}
			i++
		}
	}
	return nil
}

// globMatch reports whether s matches the glob g (see checkGlob). It runs
// in O(len(g)*len(s)) at worst: the classic backtracking over the last star.
func globMatch(g, s string) bool {
	gi, si := 0, 0
	starG, starS := -1, 0
	for si < len(s) {
		if gi < len(g) {
			switch g[gi] {
			case '*':
				starG, starS = gi, si
				gi++
				continue
			case '?':
				_, w := utf8.DecodeRuneInString(s[si:])
				gi++
				si += w
				continue
			case '\\':
				if gi+1 < len(g) && g[gi+1] == s[si] {
					gi += 2
					si++
					continue
				}
			default:
				if g[gi] == s[si] {
					gi++
					si++
					continue
				}
			}
		}
		if starG < 0 {
			return false
		}
		starS++
		si = starS
		gi = starG + 1
	}
	for gi < len(g) && g[gi] == '*' {
		gi++
	}
	return gi == len(g)
}
