package taskset

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/internal/english"
	"github.com/fdireview/fdireview/internal/safetext"
)

// TopChanges is how many changes of each changed task the text and Markdown renderers
// show (the most severe first, as diff sorts them); the JSON has them all.
const TopChanges = 3

// SummaryText is the one-line summary, e.g. "4 tasks: 1 changed, 1 removed, 1 added,
// 1 unchanged; changes: 2 breaking, 1 warning, 11 info". Zero counts are left out.
func (c *Comparison) SummaryText() string {
	s := c.Summary
	var parts []string
	for _, p := range []struct {
		n    int
		word string
	}{{s.Invalid, "invalid"}, {s.Removed, "removed"}, {s.Changed, "changed"}, {s.Added, "added"}, {s.Unchanged, "unchanged"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.word))
		}
	}
	text := english.Plural(s.Tasks, "task")
	if len(parts) > 0 {
		text += ": " + strings.Join(parts, ", ")
	}
	if s.Changed > 0 {
		text += fmt.Sprintf("; changes: %d breaking, %s, %d info", s.Breaking, english.Plural(s.Warning, "warning"), s.Info)
		if s.Accepted > 0 {
			text += fmt.Sprintf(", %d accepted", s.Accepted)
		}
	}
	return text
}

// WriteText writes the comparison for a terminal: a header naming both sets, the summary,
// a table (status, task, breaking, warning, info, old and new ref, "-" for none), then for each changed
// task its TopChanges most severe changes and for each invalid task its problems. Names and
// messages are printed with control and formatting characters escaped, so that a task name
// cannot move the cursor or reorder the line.
func WriteText(w io.Writer, c *Comparison) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "sets %s → %s\n%s\n", safetext.Visible(c.Old), safetext.Visible(c.New), c.SummaryText())
	if len(c.Tasks) > 0 {
		fmt.Fprintln(bw)
		tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "STATUS\tTASK\tBREAKING\tWARNING\tINFO\tOLD\tNEW")
		for i := range c.Tasks {
			e := &c.Tasks[i]
			b, wn, in := counts(e)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Status, safetext.Visible(e.Name), b, wn, in, refText(e.Old), refText(e.New))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for i := range c.Tasks {
		e := &c.Tasks[i]
		switch e.Status {
		case Changed:
			fmt.Fprintf(bw, "\n%s: %s\n", safetext.Visible(e.Name), summaryLine(e.Summary))
			for j, ch := range e.Report.Changes {
				if j == TopChanges {
					fmt.Fprintf(bw, "  … %d more\n", len(e.Report.Changes)-TopChanges)
					break
				}
				fmt.Fprintf(bw, "  %-8s %s\n", strings.ToUpper(string(ch.Severity)), safetext.Visible(ch.Message))
			}
		case Invalid:
			fmt.Fprintf(bw, "\n%s: not compared\n", safetext.Visible(e.Name))
			for _, p := range e.Problems {
				fmt.Fprintf(bw, "  %s\n", safetext.Visible(p.String()))
			}
		}
	}
	return bw.Flush()
}

// refText is a side's ref for the text table, "-" for a missing side.
func refText(s *Side) string {
	if s == nil {
		return "-"
	}
	return safetext.Visible(s.Ref)
}

// counts returns the change counts of a changed task as text, "" for other statuses.
func counts(e *Entry) (breaking, warning, info string) {
	if e.Status != Changed {
		return "", "", ""
	}
	return strconv.Itoa(e.Summary.Breaking), strconv.Itoa(e.Summary.Warning), strconv.Itoa(e.Summary.Info)
}

func summaryLine(s *diff.Summary) string {
	return fmt.Sprintf("%s: %d breaking, %s, %d info", english.Plural(s.Total(), "change"), s.Breaking, english.Plural(s.Warning, "warning"), s.Info)
}

// WriteJSON writes the comparison as indented JSON:
//
//	{"old":"A","new":"B",
//	 "tasks":[{"name","status","old":{"name","id","ref"}|null,"new":…,
//	           "summary":{"breaking","warning","info","reordered"}|null,
//	           "report":{…diff.WriteJSON's report…},            (changed tasks)
//	           "problems":[{"ref","problem"|"error"}]}],         (invalid tasks)
//	 "summary":{"tasks","added","removed","changed","unchanged","invalid","breaking","warning","info"}}
//
// Field names are stable; "tasks" is [] when both sets are empty; a report's "changes"
// and "state" are never null.
func WriteJSON(w io.Writer, c *Comparison) error {
	out := *c
	out.Tasks = make([]Entry, len(c.Tasks))
	for i, e := range c.Tasks {
		if e.Report != nil && (e.Report.Changes == nil || e.Report.State == nil) {
			r := *e.Report
			if r.Changes == nil {
				r.Changes = []diff.Change{}
			}
			if r.State == nil {
				r.State = []diff.Change{}
			}
			e.Report = &r
		}
		out.Tasks[i] = e
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&out); err != nil {
		return fmt.Errorf("taskset: write JSON: %w", err)
	}
	return nil
}

// WriteMarkdown writes the comparison as GitHub-flavoured Markdown for a pull-request
// comment: a heading line with the summary and one table row per task (status, task,
// counts, the TopChanges most severe changes). Cell text is escaped: "|" and newlines
// cannot break the table, and HTML is shown, not interpreted.
func WriteMarkdown(w io.Writer, c *Comparison) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "**FDI task sets** %s → %s: %s\n", safetext.MarkdownCode(c.Old), safetext.MarkdownCode(c.New), c.SummaryText())
	if len(c.Tasks) > 0 {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, "| status | task | breaking | warning | info | top changes |")
		fmt.Fprintln(bw, "| --- | --- | --- | --- | --- | --- |")
		for i := range c.Tasks {
			e := &c.Tasks[i]
			b, wn, in := counts(e)
			if e.Status == Changed && e.Summary.Breaking > 0 {
				b = "**" + b + "**"
			}
			var top []string
			switch e.Status {
			case Changed:
				for j, ch := range e.Report.Changes {
					if j == TopChanges {
						top = append(top, fmt.Sprintf("… %d more", len(e.Report.Changes)-TopChanges))
						break
					}
					top = append(top, safetext.MarkdownCell(string(ch.Severity)+": "+ch.Message))
				}
			case Invalid:
				for _, p := range e.Problems {
					top = append(top, safetext.MarkdownCell(p.String()))
				}
			}
			status := string(e.Status)
			if e.Status != Unchanged {
				status = "**" + status + "**"
			}
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s |\n", status, safetext.MarkdownCode(e.Name), b, wn, in, strings.Join(top, "<br>"))
		}
	}
	return bw.Flush()
}
