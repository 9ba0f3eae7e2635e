package diff

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/fdireview/fdireview/internal/english"
	"github.com/fdireview/fdireview/internal/safetext"
)

// MarkdownLimit is the size WriteMarkdown keeps to: a GitHub comment holds at most
// 65,536 characters.
const MarkdownLimit = 65536

// WriteMarkdown writes the report as GitHub-flavoured Markdown for a pull-request
// comment, within MarkdownLimit characters; see WriteMarkdownLimit.
func WriteMarkdown(w io.Writer, r *Report) error { return WriteMarkdownLimit(w, r, MarkdownLimit) }

// WriteMarkdownLimit writes the report as GitHub-flavoured Markdown in at most limit
// characters (a character outside the Basic Multilingual Plane counts as two, so the
// limit holds whether a host counts code points or UTF-16 units; limit ≤ 0 means no
// limit):
//
//  1. a first line naming both tasks and the counts, the breaking count first and bold;
//  2. notes: creation dates, ignored patterns, hidden severities, reordering;
//  3. every breaking change, in a table — or, when not everything fits, every breaking
//     change named in a compact index (kind, count, columns) and their sentences in
//     <details> blocks by kind;
//  4. the other changes grouped by severity and kind, each group in a <details> block;
//  5. the accepted changes with their reasons, in a <details> block;
//  6. the state changes (runtime fields), in one short paragraph;
//  7. when something had to be cut: "… and N more changes (full report: `fdi diff
//     --format json`)".
//
// Changes are written in report order until the next one would not fit; the rest are
// counted in the last line. Cell text is escaped: "|" and newlines cannot break a table,
// and HTML is shown, not interpreted. If even the header does not fit, it is written
// anyway: limits below a kilobyte are not useful.
func WriteMarkdownLimit(w io.Writer, r *Report, limit int) error {
	m := &mdWriter{limit: limit}

	var head strings.Builder
	fmt.Fprintf(&head, "**FDI task diff** %s → %s: %s\n", safetext.MarkdownCode(refText(r.Old, false)), safetext.MarkdownCode(refText(r.New, false)), mdSummary(r))
	var ns []string
	switch {
	case r.Old.Created == r.New.Created && r.New.Created != "":
		ns = append(ns, "Created "+r.New.Created+".")
	case r.Old.Created != "" || r.New.Created != "":
		ns = append(ns, fmt.Sprintf("Created %s → %s.", orNone(r.Old.Created), orNone(r.New.Created)))
	}
	if hiddenCharacters(r) {
		ns = append(ns, "**Warning:** "+safetext.MarkdownCell(hiddenWarning)+".")
	}
	for _, n := range notes(r) {
		ns = append(ns, safetext.MarkdownCell(strings.ToUpper(n[:1])+n[1:])+".")
	}
	if len(ns) > 0 {
		head.WriteString("\n" + strings.Join(ns, "<br>\n") + "\n")
	}
	m.write(head.String())

	var tail strings.Builder
	if len(r.State) > 0 {
		parts := make([]string, len(r.State))
		for i, c := range r.State {
			parts[i] = safetext.MarkdownCell(c.Message)
		}
		fmt.Fprintf(&tail, "\n**State** (runtime fields, not counted): %s.\n", strings.Join(parts, "; "))
	}

	groups := mdGroups(r)
	total, need := 0, m.size(tail.String())
	for _, g := range groups {
		total += len(g.rows)
		need += m.size(g.open) + m.size(g.close)
		for _, row := range g.rows {
			need += m.size(row)
		}
	}
	cut := !m.fits("", need) // m.used only grows: the answer holds below
	if cut {
		// Not everything fits. The breaking changes are named first, every one, in a
		// compact index (kind, then the columns); their sentences follow in <details>
		// blocks like the other groups, as far as the limit allows.
		var index strings.Builder
		nb := 0
		for i := range groups {
			g := &groups[i]
			if g.severity != Breaking {
				continue
			}
			nb += len(g.rows)
			fmt.Fprintf(&index, "- %s (%d): %s\n", safetext.MarkdownCode(g.kind), len(g.rows), strings.Join(g.names, ", "))
			g.open = fmt.Sprintf("\n<details><summary>breaking · %s (%d)</summary>\n\n%s", g.kind, len(g.rows), mdTableHead)
			g.close = "\n</details>\n"
		}
		if nb > 0 {
			idx := fmt.Sprintf("\n#### Breaking (%d)\n\n%s", nb, index.String())
			if m.fits(idx, m.size(tail.String())+m.size(mdCutLine(total))) {
				m.write(idx)
			}
		}
	}
	// Room kept for the state section and, when something must be cut, for the line
	// saying so.
	reserve := m.size(tail.String())
	if cut {
		reserve += m.size(mdCutLine(total))
	}
	written := 0
groups:
	for _, g := range groups {
		if !m.fits(g.open+g.rows[0]+g.close, reserve) {
			break
		}
		m.write(g.open)
		for _, row := range g.rows {
			if !m.fits(row+g.close, reserve) {
				m.write(g.close)
				break groups
			}
			m.write(row)
			written++
		}
		m.write(g.close)
	}
	if written < total {
		m.write(mdCutLine(total - written))
	}
	m.write(tail.String())

	bw := bufio.NewWriter(w)
	bw.WriteString(m.b.String())
	return bw.Flush()
}

// mdWriter accumulates Markdown and counts its characters.
type mdWriter struct {
	b     strings.Builder
	used  int
	limit int
}

// size counts characters as GitHub may: UTF-16 units.
func (m *mdWriter) size(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	if !utf8.ValidString(s) { // not expected: cells are escaped text
		return len(s)
	}
	return n
}

func (m *mdWriter) fits(s string, reserve int) bool {
	return m.limit <= 0 || m.used+m.size(s)+reserve <= m.limit
}

func (m *mdWriter) write(s string) {
	m.b.WriteString(s)
	m.used += m.size(s)
}

func mdCutLine(n int) string {
	return fmt.Sprintf("\n… and %s (full report: `fdi diff --format json`)\n", english.Plural(n, "more change"))
}

// mdSummary is the first line's counts, the breaking count first and bold when not zero.
func mdSummary(r *Report) string {
	s := r.Summary
	if s.Total() == 0 {
		return "no changes to the task's definition"
	}
	b := fmt.Sprintf("%d breaking", s.Breaking)
	if s.Breaking > 0 {
		b = "**" + b + "**"
	}
	out := fmt.Sprintf("%s, %s, %d info", b, english.Plural(s.Warning, "warning"), s.Info)
	if s.Accepted > 0 {
		out += fmt.Sprintf(", %d accepted", s.Accepted)
		if s.AcceptedFrom != "" {
			out += " by " + safetext.MarkdownCode(s.AcceptedFrom)
		}
	}
	return out + " (" + english.Plural(s.Total(), "change") + ")"
}

// mdGroup is one table of changes of one severity and kind: its opening (heading or
// <summary>, table header), its rows and its closing.
type mdGroup struct {
	open, close string
	rows        []string
	severity    Severity
	kind        string
	names       []string // breaking groups: the column (or sentence) of each change, for the index
}

// mdTableHead heads every table of changes. There is no pointer column: the sentence
// names the field, and pointers are in the text and JSON reports.
const mdTableHead = "| column | change | kind |\n| --- | --- | --- |\n"

// mdMessage is a change's sentence without the leading "column: " the column cell
// already shows.
func mdMessage(c Change) string {
	if c.TargetColumn != "" {
		if rest, ok := strings.CutPrefix(c.Message, c.TargetColumn+": "); ok {
			return rest
		}
	}
	return c.Message
}

// mdGroups groups the changes by severity and kind, in report order (severity first):
// the breaking ones share one open table (the first group opens it, the others have an
// empty opening; a table ends at the blank line the next block starts with), the others
// are each in a <details> block, and the accepted ones come last with their reasons.
func mdGroups(r *Report) []mdGroup {
	var groups []mdGroup
	byKey := map[string]int{}
	var accepted []string
	for _, c := range r.Changes {
		if c.Accepted != nil {
			accepted = append(accepted, fmt.Sprintf("| %s | %s | %s | %s | %s |\n", safetext.MarkdownCell(string(c.Severity)), safetext.MarkdownCode(c.TargetColumn),
				safetext.MarkdownCell(mdMessage(c)), safetext.MarkdownCode(string(c.Kind)), safetext.MarkdownCell(acceptanceText(c.Accepted))))
			continue
		}
		key := string(c.Severity) + " " + string(c.Kind)
		i, ok := byKey[key]
		if !ok {
			i = len(groups)
			byKey[key] = i
			groups = append(groups, mdGroup{severity: c.Severity, kind: string(c.Kind)})
		}
		g := &groups[i]
		g.rows = append(g.rows, fmt.Sprintf("| %s | %s | %s |\n", safetext.MarkdownCode(c.TargetColumn), safetext.MarkdownCell(mdMessage(c)), safetext.MarkdownCode(string(c.Kind))))
		if g.severity == Breaking {
			name := safetext.MarkdownCode(c.TargetColumn)
			if name == "" {
				name = safetext.MarkdownCell(cut(c.Message, 60))
			}
			g.names = append(g.names, name)
		}
	}
	nb := 0
	for _, g := range groups {
		if g.severity == Breaking {
			nb += len(g.rows)
		}
	}
	first := true
	for i := range groups {
		g := &groups[i]
		if g.severity == Breaking {
			if first {
				g.open = fmt.Sprintf("\n#### Breaking (%d)\n\n%s", nb, mdTableHead)
				first = false
			}
			continue
		}
		g.open = fmt.Sprintf("\n<details><summary>%s · %s (%d)</summary>\n\n%s", g.severity, g.kind, len(g.rows), mdTableHead)
		g.close = "\n</details>\n"
	}
	if len(accepted) > 0 {
		groups = append(groups, mdGroup{
			open: fmt.Sprintf("\n<details><summary>accepted (%d)</summary>\n\n| severity | column | change | kind | accepted because |\n| --- | --- | --- | --- | --- |\n", len(accepted)),
			rows: accepted, close: "\n</details>\n", kind: "accepted",
		})
	}
	return groups
}
