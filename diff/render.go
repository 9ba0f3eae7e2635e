package diff

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/fdireview/fdireview/internal/english"
	"github.com/fdireview/fdireview/internal/safetext"
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

// WriteText writes the report for a terminal: a header naming both tasks (with their
// creation dates), the summary — or "no changes to the task's definition" — and what was
// ignored or hidden, then each change as its severity and sentence, a second line with
// its kind and pointer, the acceptance of an accepted change and the detail (a SQL line
// diff) when there is one, and last the state changes in their own short section. Plain
// text unless Color is given. Safe for concurrent use (r is only read).
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
	fmt.Fprintf(bw, "%s %s → %s\n", paint(ansiBold, "diff"), safetext.Visible(refText(r.Old, true)), safetext.Visible(refText(r.New, true)))
	fmt.Fprintln(bw, summaryText(r))
	if hiddenCharacters(r) {
		fmt.Fprintln(bw, paint(ansiYellow, "warning")+": "+hiddenWarning)
	}
	for _, n := range notes(r) {
		fmt.Fprintln(bw, paint(ansiCyan, "note")+": "+n)
	}
	for _, c := range r.Changes {
		code, label := ansiCyan, strings.ToUpper(string(c.Severity))
		switch {
		case c.Accepted != nil:
			code, label = ansiDim, "ACCEPTED"
		case c.Severity == Breaking:
			code = ansiRed + ansiBold
		case c.Severity == Warning:
			code = ansiYellow
		}
		fmt.Fprintf(bw, "\n%s %s\n", paint(code, fmt.Sprintf("%-8s", label)), safetext.Visible(c.Message))
		where := fmt.Sprintf("         %s at %s", c.Kind, safetext.Visible(pointerText(c.Pointer)))
		if c.Accepted != nil {
			where = fmt.Sprintf("         %s (%s) at %s", c.Kind, c.Severity, safetext.Visible(pointerText(c.Pointer)))
		}
		fmt.Fprintln(bw, paint(ansiDim, where))
		if c.Accepted != nil {
			fmt.Fprintln(bw, paint(ansiDim, "         accepted: "+safetext.Visible(acceptanceText(c.Accepted))))
		}
		if c.Detail != "" {
			for _, l := range strings.Split(c.Detail, "\n") {
				fmt.Fprintln(bw, "         "+safetext.Visible(l))
			}
		}
	}
	if len(r.State) > 0 {
		fmt.Fprintf(bw, "\n%s\n", paint(ansiBold, "state")+" (runtime fields: not changes to the task, never counted):")
		for _, c := range r.State {
			fmt.Fprintln(bw, "  "+safetext.Visible(c.Message))
		}
	}
	return bw.Flush()
}

// hiddenWarning is said once by the text and Markdown reports whose names hold hidden
// characters (safetext.Suspicious), which they show by code point.
const hiddenWarning = "some names hold invisible or bidirectional characters, shown as ⟨U+…⟩; they may not be the names they look like"

// hiddenCharacters reports whether any name or message of r holds characters that
// disguise text (bidirectional controls, zero-width characters, unusual spaces).
func hiddenCharacters(r *Report) bool {
	if safetext.Suspicious(r.Old.Name) || safetext.Suspicious(r.New.Name) {
		return true
	}
	for _, cs := range [][]Change{r.Changes, r.State} {
		for _, c := range cs {
			if safetext.Suspicious(c.Message) || safetext.Suspicious(c.TargetColumn) || safetext.Suspicious(c.Pointer) || safetext.Suspicious(c.Detail) {
				return true
			}
		}
	}
	return false
}

// acceptanceText writes why a change was accepted: "reason (by alice, expires
// 2027-01-31; fdi-accepted.toml:12)".
func acceptanceText(a *Acceptance) string {
	var meta []string
	if a.By != "" {
		meta = append(meta, "by "+a.By)
	}
	if a.Expires != "" {
		meta = append(meta, "expires "+a.Expires)
	}
	s := a.Reason
	if len(meta) > 0 {
		s += " (" + strings.Join(meta, ", ") + ")"
	}
	if a.Entry != "" {
		s += " [" + a.Entry + "]"
	}
	return s
}

// notes are the header lines after the summary: what was ignored, what is hidden,
// reordering.
func notes(r *Report) []string {
	var out []string
	if len(r.Ignored) > 0 {
		out = append(out, fmt.Sprintf("ignored %s (%s left out)", strings.Join(r.Ignored, ", "), english.Plural(r.Summary.Ignored, "difference")))
	}
	if r.MinSeverity != "" && r.MinSeverity.Rank() > Info.Rank() {
		out = append(out, fmt.Sprintf("showing %s and above (%s below hidden)", r.MinSeverity, english.Plural(r.Hidden, "change")))
	}
	if r.Summary.Reordered {
		out = append(out, "mappings or columns were reordered; order alone does not change the data")
	}
	return out
}

// refText names a task: "name (id, created 2022-10-26T08:19:35.897Z)".
func refText(t Side, created bool) string {
	name := t.Name
	if name == "" {
		name = "(unnamed)"
	}
	var in []string
	if t.ID != "" {
		in = append(in, t.ID)
	}
	if created && t.Created != "" {
		in = append(in, "created "+t.Created)
	}
	if len(in) == 0 {
		return name
	}
	return name + " (" + strings.Join(in, ", ") + ")"
}

func pointerText(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// summaryText is the one-line summary: "3 changes: 1 breaking, 1 warning, 1 info" (and
// ", 2 accepted" when some are), or "no changes to the task's definition".
func summaryText(r *Report) string {
	s := r.Summary
	if s.Total() == 0 {
		return "no changes to the task's definition"
	}
	out := fmt.Sprintf("%s: %d breaking, %s, %d info", english.Plural(s.Total(), "change"), s.Breaking, english.Plural(s.Warning, "warning"), s.Info)
	if s.Accepted > 0 {
		out += fmt.Sprintf(", %d accepted", s.Accepted)
		if s.AcceptedFrom != "" {
			out += " by " + safetext.Visible(s.AcceptedFrom)
		}
	}
	return out
}

// WriteJSON writes the report as indented JSON:
//
//	{"old":{"id","name","created"},"new":{…},
//	 "changes":[{"kind","severity","target_column","pointer","old","new","message","detail","accepted":{"reason","by","expires","entry"}}],
//	 "state":[{"kind":"state.changed","pointer","old","new","message"}],
//	 "ignored":["PATTERN",…], "min_severity", "hidden",
//	 "summary":{"breaking","warning","info","accepted","state","ignored","reordered"}}
//
// Field names are stable; "changes" and "state" are [] when there is none;
// "target_column", "pointer", "detail", "accepted", "created", "ignored", "min_severity"
// and "hidden" are left out when empty; "old" and "new" are null when absent. Nothing is
// HTML-escaped ("id > 1000" stays as is).
func WriteJSON(w io.Writer, r *Report) error {
	out := *r
	if out.Changes == nil {
		out.Changes = []Change{}
	}
	if out.State == nil {
		out.State = []Change{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&out); err != nil {
		return fmt.Errorf("diff: write JSON report: %w", err)
	}
	return nil
}
