package diff

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// ANSI colours of the text renderer.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// TextOption configures WriteText. A nil TextOption is ignored.
type TextOption func(*textConfig)

type textConfig struct {
	color bool
}

// Color colours severities with ANSI escapes; use it only when the output is a terminal.
func Color() TextOption { return func(c *textConfig) { c.color = true } }

// WriteText writes the report for a terminal: a header naming both tasks, the summary,
// then each change as its severity and message, and a second line with its kind and
// pointer. Plain text unless Color is given. Safe for concurrent use (r is only read).
func WriteText(w io.Writer, r *Report, opts ...TextOption) error {
	var cfg textConfig
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	color := cfg.color
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return code + s + ansiReset
	}
	fmt.Fprintf(bw, "%s %s → %s\n", paint(ansiBold, "diff"), refText(r.Old), refText(r.New))
	fmt.Fprintln(bw, summaryText(r))
	if r.Summary.Reordered {
		fmt.Fprintln(bw, paint(ansiCyan, "note")+": mappings or columns were reordered; order alone does not change the data")
	}
	for _, c := range r.Changes {
		code := ansiCyan
		switch c.Severity {
		case Breaking:
			code = ansiRed + ansiBold
		case Warning:
			code = ansiYellow
		}
		fmt.Fprintf(bw, "\n%s %s\n", paint(code, fmt.Sprintf("%-8s", strings.ToUpper(string(c.Severity)))), c.Message)
		fmt.Fprintf(bw, "%s\n", paint(ansiDim, fmt.Sprintf("         %s at %s", c.Kind, pointerText(c.Pointer))))
	}
	return bw.Flush()
}

func refText(t Side) string {
	name := t.Name
	if name == "" {
		name = "(unnamed)"
	}
	if t.ID == "" {
		return name
	}
	return name + " (" + t.ID + ")"
}

func pointerText(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// summaryText is the one-line summary: "3 changes: 1 breaking, 1 warning, 1 info".
func summaryText(r *Report) string {
	s := r.Summary
	if s.Total() == 0 {
		return "no changes"
	}
	return fmt.Sprintf("%s: %d breaking, %s, %d info", plural(s.Total(), "change"), s.Breaking, plural(s.Warning, "warning"), s.Info)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// WriteJSON writes the report as indented JSON:
//
//	{"old":{"id","name"},"new":{…},
//	 "changes":[{"kind","severity","target_column","pointer","old","new","message"}],
//	 "summary":{"breaking","warning","info","reordered"}}
//
// Field names are stable; "changes" is [] when there is none; "target_column" and
// "pointer" are left out when empty; "old" and "new" are null when absent.
func WriteJSON(w io.Writer, r *Report) error {
	out := *r
	if out.Changes == nil {
		out.Changes = []Change{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&out); err != nil {
		return fmt.Errorf("diff: write JSON report: %w", err)
	}
	return nil
}

// WriteMarkdown writes the report as GitHub-flavoured Markdown for a pull-request
// comment: a heading line naming both tasks, the summary, and a table of the changes
// (severity, kind, column, message, pointer). Cell text is escaped: "|" and newlines
// cannot break the table, and HTML is shown, not interpreted.
func WriteMarkdown(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "**FDI task diff** %s → %s: %s\n", mdCode(refText(r.Old)), mdCode(refText(r.New)), summaryText(r))
	if r.Summary.Reordered {
		fmt.Fprintln(bw, "\nMappings or columns were reordered; order alone does not change the data.")
	}
	if len(r.Changes) > 0 {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, "| severity | kind | column | change | pointer |")
		fmt.Fprintln(bw, "| --- | --- | --- | --- | --- |")
		for _, c := range r.Changes {
			sev := mdCell(string(c.Severity))
			if c.Severity == Breaking {
				sev = "**" + sev + "**"
			}
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s |\n", sev, mdCode(string(c.Kind)), mdCell(c.TargetColumn), mdCell(c.Message), mdCode(pointerText(c.Pointer)))
		}
	}
	return bw.Flush()
}

// mdCell escapes text for a Markdown table cell.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "\r\n", "<br>", "\n", "<br>", "\r", "<br>",
	"&", "&amp;", "<", "&lt;", ">", "&gt;", "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
)

func mdCell(s string) string { return mdEscaper.Replace(s) }

// mdCode writes s as inline code when it can be (no backtick or newline), escaped text
// otherwise. Inside a code span only "|" needs escaping in a table.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	if strings.ContainsAny(s, "`\r\n") {
		return mdCell(s)
	}
	return "`" + strings.ReplaceAll(s, "|", `\|`) + "`"
}
