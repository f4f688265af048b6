package render

import (
	"strconv"
	"strings"
)

// Count writes a number with its noun, singular for 1 and plural
// otherwise: "1 submission", "0 submissions", "3 entities", "2 matches".
// The noun is an English word fwprov uses; the plural is regular.
func Count(n int, singular string) string {
	return strconv.Itoa(n) + " " + Noun(n, singular)
}

// Noun is singular for n == 1 and its plural otherwise.
func Noun(n int, singular string) string {
	if n == 1 || singular == "" {
		return singular
	}
	switch last := singular[len(singular)-1]; {
	case last == 'y' && len(singular) > 1 && !strings.ContainsRune("aeiou", rune(singular[len(singular)-2])):
		return singular[:len(singular)-1] + "ies"
	case last == 's' || last == 'x' || strings.HasSuffix(singular, "ch") || strings.HasSuffix(singular, "sh"):
		return singular + "es"
	}
	return singular + "s"
}
