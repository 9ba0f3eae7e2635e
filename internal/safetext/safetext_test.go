package safetext_test

import (
	"fmt"
	"testing"

	"github.com/fdireview/fdireview/internal/safetext"
)

func TestVisible(t *testing.T) {
	tests := []struct {
		name, in, want string
		suspicious     bool
	}{
		{"plain", "customer_email", "customer_email", false},
		{"CJK unchanged", "客户名称", "客户名称", false},
		{"window title (OSC 0)", "a\x1b]0;pwned\x07b", `a\x1b]0;pwned\x07b`, false},
		{"erase line", "\x1b[2Kamount", `\x1b[2Kamount`, false},
		{"conceal", "\x1b[8msecret", `\x1b[8msecret`, false},
		{"carriage return", "ok\rEVIL", `ok\rEVIL`, false},
		{"newline and tab", "a\nb\tc", `a\nb\tc`, false},
		{"C1 CSI", "a\u009b2Kb", `a\u009b2Kb`, false},
		{"DEL", "a\x7fb", `a\x7fb`, false},
		{"invalid UTF-8", "a\xffb", `a\xffb`, false},
		{"right-to-left override", "\u202etnuoma", "⟨U+202E⟩tnuoma", true},
		{"bidi isolate", "a\u2066b\u2069", "a⟨U+2066⟩b⟨U+2069⟩", true},
		{"zero width space", "em\u200bail", "em⟨U+200B⟩ail", true},
		{"zero width joiner", "em\u200dail", "em⟨U+200D⟩ail", true},
		{"BOM inside", "e\ufeffmail", "e⟨U+FEFF⟩mail", true},
		{"no-break space", "first\u00a0name", "first⟨U+00A0⟩name", true},
		{"ideographic space", "a\u3000b", "a⟨U+3000⟩b", true},
		{"soft hyphen", "e\u00admail", "e⟨U+00AD⟩mail", true},
		{"hangul filler", "a\u3164b", "a⟨U+3164⟩b", true},
		{"tag character", "a\U000E0041b", "a⟨U+E0041⟩b", true},
		{"variation selector", "a\ufe0fb", "a⟨U+FE0F⟩b", true},
		// A control character after a non-ASCII one is escaped too: a quick check that
		// stopped looking for controls at the first non-ASCII byte let these through raw.
		{"escape after non-ASCII", "é\x1b]0;pwned\x07", `é\x1b]0;pwned\x07`, false},
		{"erase line after CJK", "客户\x1b[2K名称", `客户\x1b[2K名称`, false},
		{"newline after an arrow", "a → b\nc", `a → b\nc`, false},
		{"DEL after non-ASCII", "ü\x7f", `ü\x7f`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := safetext.Visible(tt.in); got != tt.want {
				t.Errorf("Visible(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := safetext.Suspicious(tt.in); got != tt.suspicious {
				t.Errorf("Suspicious(%q) = %v, want %v", tt.in, got, tt.suspicious)
			}
		})
	}
}

func TestVisibleText(t *testing.T) {
	in := "{\n\t\"a\": \"em\u200bail\x1b[2K\"\r\n}"
	want := "{\n\t\"a\": \"em⟨U+200B⟩ail\\x1b[2K\"\\r\n}"
	if got := safetext.VisibleText(in); got != want {
		t.Errorf("VisibleText = %q, want %q", got, want)
	}
	if got, want := safetext.VisibleText("é\x1b[2K\nü\r"), "é\\x1b[2K\nü\\r"; got != want {
		t.Errorf("VisibleText after non-ASCII = %q, want %q", got, want)
	}
	if s := "line one\n\tline two"; safetext.VisibleText(s) != s {
		t.Errorf("clean text changed")
	}
}

func TestVisibleCleanAllocatesNothing(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _ = safetext.Visible("customer_email 客户名称") }); n != 0 {
		t.Errorf("Visible of a clean name allocated %v times", n)
	}
}

func ExampleVisible() {
	fmt.Println(safetext.Visible("em\u200bail"), safetext.Visible("\x1b]0;title\x07"))
	// Output: em⟨U+200B⟩ail \x1b]0;title\x07
}

func TestMarkdown(t *testing.T) {
	for _, tt := range []struct{ in, cell, code string }{
		{"", "", ""},
		{"name", "name", "`name`"},
		{"a|b", `a\|b`, "`a\\|b`"},
		{"<script>*x*_[y]", `&lt;script&gt;\*x\*\_\[y\]`, "`<script>*x*_[y]`"},
		{"a`b", "a\\`b", "a\\`b"},
		{"line\nbreak\x1b", `line\\nbreak\\x1b`, "`line\\nbreak\\x1b`"},
		{"em\u200bail", "em⟨U+200B⟩ail", "`em⟨U+200B⟩ail`"},
	} {
		if got := safetext.MarkdownCell(tt.in); got != tt.cell {
			t.Errorf("MarkdownCell(%q) = %q, want %q", tt.in, got, tt.cell)
		}
		if got := safetext.MarkdownCode(tt.in); got != tt.code {
			t.Errorf("MarkdownCode(%q) = %q, want %q", tt.in, got, tt.code)
		}
	}
}
