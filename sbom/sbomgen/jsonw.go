package sbomgen

import (
	"bufio"
	"strconv"
	"unicode/utf8"
)

// jw is a minimal streaming JSON emitter over a bufio.Writer. It keeps no
// document in memory: only whether the current container already has an
// element. Errors are sticky in the bufio.Writer and surface at Flush.
type jw struct {
	w      *bufio.Writer
	pretty bool
	depth  int
	first  bool // the innermost open container has no element yet
}

const indentUnit = "  "

func (e *jw) nl() {
	if !e.pretty {
		return
	}
	e.w.WriteByte('\n')
	for i := 0; i < e.depth; i++ {
		e.w.WriteString(indentUnit)
	}
}

// elem starts a new element in the current container.
func (e *jw) elem() {
	if !e.first {
		e.w.WriteByte(',')
	}
	e.first = false
	e.nl()
}

func (e *jw) open(c byte) {
	e.w.WriteByte(c)
	e.depth++
	e.first = true
}

func (e *jw) close(c byte) {
	e.depth--
	if !e.first {
		e.nl()
	}
	e.w.WriteByte(c)
	e.first = false
}

func (e *jw) key(k string) {
	e.elem()
	e.w.WriteByte('"')
	e.w.WriteString(k) // keys are constants without characters to escape
	if e.pretty {
		e.w.WriteString(`": `)
	} else {
		e.w.WriteString(`":`)
	}
}

func (e *jw) beginObject()          { e.open('{') }
func (e *jw) endObject()            { e.close('}') }
func (e *jw) endArray()             { e.close(']') }
func (e *jw) keyObject(k string)    { e.key(k); e.open('{') }
func (e *jw) keyArray(k string)     { e.key(k); e.open('[') }
func (e *jw) elemObject()           { e.elem(); e.open('{') }
func (e *jw) elemString(s string)   { e.elem(); e.str(s) }
func (e *jw) keyString(k, v string) { e.key(k); e.str(v) }
func (e *jw) keyInt(k string, v int64) {
	e.key(k)
	var buf [24]byte
	e.w.Write(strconv.AppendInt(buf[:0], v, 10))
}

// keyStringOpt writes the member only when v is not empty.
func (e *jw) keyStringOpt(k, v string) {
	if v != "" {
		e.keyString(k, v)
	}
}

const hexDigits = "0123456789abcdef"

// str writes s as a JSON string. Characters JSON requires escaping are
// escaped; invalid UTF-8 is replaced by U+FFFD so the output is always
// valid JSON text.
func (e *jw) str(s string) {
	e.w.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			e.w.WriteString(s[start:i])
			switch c {
			case '"':
				e.w.WriteString(`\"`)
			case '\\':
				e.w.WriteString(`\\`)
			case '\n':
				e.w.WriteString(`\n`)
			case '\r':
				e.w.WriteString(`\r`)
			case '\t':
				e.w.WriteString(`\t`)
			default:
				e.w.WriteString(`\u00`)
				e.w.WriteByte(hexDigits[c>>4])
				e.w.WriteByte(hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			e.w.WriteString(s[start:i])
			e.w.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		i += size
	}
	e.w.WriteString(s[start:])
	e.w.WriteByte('"')
}
