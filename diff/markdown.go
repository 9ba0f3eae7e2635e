package diff

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
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
//  3. every breaking change, in a table;
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
	fmt.Fprintf(&head, "**FDI task diff** %s → %s: %s\n", mdCode(refText(r.Old, false)), mdCode(refText(r.New, false)), mdSummary(r))
	var ns []string
	switch {
	case r.Old.Created == r.New.Created && r.New.Created != "":
		ns = append(ns, "Created "+r.New.Created+".")
	case r.Old.Created != "" || r.New.Created != "":
		ns = append(ns, fmt.Sprintf("Created %s → %s.", orNone(r.Old.Created), orNone(r.New.Created)))
	}
	for _, n := range notes(r) {
		ns = append(ns, mdCell(strings.ToUpper(n[:1])+n[1:])+".")
	}
	if len(ns) > 0 {
		head.WriteString("\n" + strings.Join(ns, "<br>\n") + "\n")
	}
	m.write(head.String())

	var tail strings.Builder
	if len(r.State) > 0 {
		parts := make([]string, len(r.State))
		for i, c := range r.State {
			parts[i] = mdCell(c.Message)
		}
		fmt.Fprintf(&tail, "\n**State** (runtime fields, not counted): %s.\n", strings.Join(parts, "; "))
	}

	groups := mdGroups(r)
	total := 0
	for _, g := range groups {
		total += len(g.rows)
	}
	// Room kept for the state section and the line saying what was cut.
	reserve := m.size(tail.String()) + m.size(mdCutLine(total))
	written := 0
	for _, g := range groups {
		if !m.fits(g.open+g.rows[0]+g.close, reserve) {
			break
		}
		m.write(g.open)
		for _, row := range g.rows {
			if !m.fits(row+g.close, reserve) {
				break
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
	return fmt.Sprintf("\n… and %s (full report: `fdi diff --format json`)\n", plural(n, "more change"))
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
	out := fmt.Sprintf("%s, %s, %d info", b, plural(s.Warning, "warning"), s.Info)
	if s.Accepted > 0 {
		out += fmt.Sprintf(", %d accepted", s.Accepted)
	}
	return out + " (" + plural(s.Total(), "change") + ")"
}

// mdGroup is one table of changes: its opening (heading or <summary>, table header), its
// rows and its closing.
type mdGroup struct {
	open  string
	rows  []string
	close string
}

const mdTableHead = "| column | change | kind | pointer |\n| --- | --- | --- | --- |\n"

// mdGroups groups the changes: breaking in the open, then each (severity, kind) in a
// <details> block, then the accepted ones. Report order is kept inside a group.
func mdGroups(r *Report) []mdGroup {
	var groups []mdGroup
	byKey := map[string]int{}
	var accepted []string
	for _, c := range r.Changes {
		if c.Accepted != nil {
			accepted = append(accepted, fmt.Sprintf("| %s | %s | %s | %s | %s |\n", mdCell(string(c.Severity)), mdCell(c.TargetColumn),
				mdCell(c.Message), mdCell(acceptanceText(c.Accepted)), mdCode(pointerText(c.Pointer))))
			continue
		}
		row := fmt.Sprintf("| %s | %s | %s | %s |\n", mdCell(c.TargetColumn), mdCell(c.Message), mdCode(string(c.Kind)), mdCode(pointerText(c.Pointer)))
		key := string(c.Severity)
		if c.Severity != Breaking {
			key += " " + string(c.Kind)
		}
		i, ok := byKey[key]
		if !ok {
			i = len(groups)
			byKey[key] = i
			groups = append(groups, mdGroup{})
		}
		groups[i].rows = append(groups[i].rows, row)
	}
	for key, i := range byKey {
		g := &groups[i]
		sev, kind, _ := strings.Cut(key, " ")
		if sev == string(Breaking) {
			g.open = fmt.Sprintf("\n#### Breaking (%d)\n\n%s", len(g.rows), mdTableHead)
			g.close = ""
			continue
		}
		g.open = fmt.Sprintf("\n<details><summary>%s · %s (%d)</summary>\n\n%s", sev, kind, len(g.rows), mdTableHead)
		g.close = "\n</details>\n"
	}
	if len(accepted) > 0 {
		groups = append(groups, mdGroup{
			open: fmt.Sprintf("\n<details><summary>accepted (%d)</summary>\n\n| severity | column | change | accepted because | pointer |\n| --- | --- | --- | --- | --- |\n", len(accepted)),
			rows: accepted, close: "\n</details>\n",
		})
	}
	return groups
}
