package ui

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/rawform"
)

// ReportOption configures WriteReport.
type ReportOption func(*reportConfig)

type reportConfig struct{ allRows bool }

// AllRows makes WriteReport include every unchanged mapping row, however many there are.
func AllRows() ReportOption { return func(c *reportConfig) { c.allRows = true } }

// WriteReport writes the compare view of r (the report of diff.Tasks(old, new)) as one
// self-contained HTML file: the same templ components as /compare, the style sheet
// inlined, no script and no external resource, so it can be attached to a review or
// opened from disk. `fdi diff --format html` uses it.
//
// Like /compare, a comparison with more than BigCompare unchanged rows shows changes
// only: each run of unchanged rows is one line saying how many are left out, so the file
// of a 10,000-mapping task with 100 edited mappings stays well under 1 MB and opens on
// the first change. AllRows includes them all.
func WriteReport(ctx context.Context, w io.Writer, old, new *rawform.Task, r *diff.Report, opts ...ReportOption) error {
	var cfg reportConfig
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if old == nil || new == nil || old.Detail == nil || new.Detail == nil || r == nil {
		return errors.New("web: WriteReport needs two parsed tasks and their report")
	}
	title := fmt.Sprintf("%s → %s", taskTitle(old), taskTitle(new))
	p := BuildCompare(Chrome{Title: title, Standalone: true}, old.Info.ID, new.Info.ID, old, new, r, NoLinks)
	if !cfg.allRows && p.Unchanged > BigCompare {
		p.ChangesOnly = true
		p.Collapse(0)
	}
	if err := CompareView(p).Render(ctx, w); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	return nil
}
