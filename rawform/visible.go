package rawform

import "github.com/fdireview/fdireview/internal/safetext"

// Visible returns s safe to print on a terminal or in a log line, and readable as what it
// is: the transformation every text output of this module (fdi, the diff renderers, the
// viewer, Problem.String) applies to names and pointers that come from a task.
//
//   - C0 and C1 control characters and DEL are escaped Go-style: ESC as \x1b, CR as \r,
//     LF as \n, TAB as \t, U+0085 as \u0085 (a backslash stays a backslash);
//   - bidirectional controls, zero-width and other invisible format characters, and spaces
//     other than U+0020 are spelled out by code point: "em⟨U+200B⟩ail";
//   - invalid UTF-8 bytes are shown as \xNN.
//
// Everything else is unchanged (CJK names included), without allocating. Visible is
// idempotent: its result has nothing left to escape.
//
// Which library fields are already visible and which are raw: Problem.Message is visible;
// Problem.Pointer and the pointers of Problem.Group are raw (they must resolve in the
// document). In package diff, Change.Message and Change.Detail are visible; TargetColumn,
// Pointer, Old, New and the Side names are raw (they are identities and values, for
// programs). Raw fields printed for people go through Visible.
func Visible(s string) string { return safetext.Visible(s) }
