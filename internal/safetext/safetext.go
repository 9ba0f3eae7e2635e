// Package safetext makes untrusted names safe to print. Task, column and table names come
// from whoever saved the task; printed raw they can drive a terminal (ESC ] 0;…BEL sets
// the window title, ESC[2K erases a line, ESC[8m conceals text, CR overwrites it) or
// disguise a change (U+202E RIGHT-TO-LEFT OVERRIDE shows "\u202etnuoma" as "amount";
// U+200B ZERO WIDTH SPACE makes "em\u200bail" look like "email").
//
// Visible is the one transformation every text output of the fdi command, the diff
// renderers and the viewer apply to such strings:
//
//   - C0 and C1 control characters and DEL are escaped Go-style: ESC as \x1b, CR as \r,
//     LF as \n, TAB as \t, U+0085 as \u0085; a backslash stays a backslash (names are
//     shown, not parsed back);
//   - bidirectional controls, zero-width and other invisible format characters, and
//     spaces other than U+0020 are shown by code point: em⟨U+200B⟩ail;
//   - invalid UTF-8 bytes are shown as \xNN.
//
// Suspicious reports whether a string holds any character of the second kind, so that
// outputs can warn that a name is not what it looks like. Everything else is unchanged,
// so ordinary names, CJK included, print as they are and cost no allocation.
package safetext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Visible returns s with control characters escaped and invisible or bidirectional
// characters spelled out by code point (see the package doc).
func Visible(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r < 0xa0:
			fmt.Fprintf(&b, `\u%04x`, r)
		case invisible(r):
			fmt.Fprintf(&b, "⟨U+%04X⟩", r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// VisibleText is Visible for multi-line text (a raw document, a SQL statement): line feeds
// and tabs are kept, everything else is as Visible does.
func VisibleText(s string) string {
	if cleanText(s) {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		parts := strings.Split(l, "\t")
		for j, p := range parts {
			parts[j] = Visible(p)
		}
		lines[i] = strings.Join(parts, "\t")
	}
	return strings.Join(lines, "\n")
}

// Suspicious reports whether s holds a bidirectional control, an invisible character or a
// space other than U+0020: a name that may not read as what it is.
func Suspicious(s string) bool {
	for _, r := range s {
		if r >= 0x80 && invisible(r) {
			return true
		}
	}
	return false
}

// Control reports whether s holds a control character (one Visible escapes).
func Control(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f {
			return true
		}
	}
	for _, r := range s {
		if r >= 0x80 && r < 0xa0 {
			return true
		}
	}
	return false
}

// cleanText reports whether VisibleText would return s unchanged.
func cleanText(s string) bool { return cleanExcept(s, "\n\t") }

// clean reports quickly whether Visible would return s unchanged.
func clean(s string) bool { return cleanExcept(s, "") }

// cleanExcept reports whether s holds no control character (other than those in allowed),
// no invalid UTF-8, no C1 control and no invisible character: every byte is checked, an
// ASCII control after a non-ASCII character as much as one before it.
func cleanExcept(s, allowed string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if (c < 0x20 || c == 0x7f) && strings.IndexByte(allowed, c) < 0 {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || (r >= 0x80 && r < 0xa0) || invisible(r) {
			return false
		}
		i += size
	}
	return true
}

// invisible: format characters (Cf: bidi controls, zero-width characters, the BOM, soft
// hyphen, tags), spaces other than U+0020, and blank fillers that render as nothing.
func invisible(r rune) bool {
	switch r {
	case ' ':
		return false
	case '\u115f', '\u1160', '\u3164', '\uffa0', '\u034f', '\u2800':
		return true
	}
	if r >= 0xfe00 && r <= 0xfe0f || r >= 0xe0100 && r <= 0xe01ef { // variation selectors
		return true
	}
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Zs, r) || unicode.In(r, unicode.Zl, unicode.Zp)
}

// markdownEscaper escapes what Markdown would read as table syntax, emphasis, links, code
// or HTML. Line breaks need no entry: Visible has already written them as \n and \r.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "&", "&amp;", "<", "&lt;", ">", "&gt;", "`", "\\`", "*", `\*`, "_", `\_`,
	"[", `\[`, "]", `\]`,
)

// MarkdownCell returns s made visible (Visible) and escaped for a Markdown table cell, for
// the diff and set reports' Markdown.
func MarkdownCell(s string) string { return markdownEscaper.Replace(Visible(s)) }

// MarkdownCode returns s made visible as inline code for a Markdown table cell, or as an
// escaped cell when it holds a backtick. Inside a code span only "|" needs escaping.
func MarkdownCode(s string) string {
	if s == "" {
		return ""
	}
	s = Visible(s)
	if strings.Contains(s, "`") {
		return MarkdownCell(s)
	}
	return "`" + strings.ReplaceAll(s, "|", `\|`) + "`"
}
