package ui

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/rawform"
)

// WriteReport writes the compare view of r (the report of diff.Tasks(old, new)) as one
// self-contained HTML file: the same templ components as /compare, the style sheet
// inlined, no script and no external resource, so it can be attached to a review or
// opened from disk. `fdi diff --format html` uses it.
func WriteReport(ctx context.Context, w io.Writer, old, new *rawform.Task, r *diff.Report) error {
	if old == nil || new == nil || old.Detail == nil || new.Detail == nil || r == nil {
		return errors.New("web: WriteReport needs two parsed tasks and their report")
	}
	title := fmt.Sprintf("%s → %s", taskTitle(old), taskTitle(new))
	p := BuildCompare(Chrome{Title: title, Standalone: true}, old.Info.ID, new.Info.ID, old, new, r, NoLinks)
	if err := CompareView(p).Render(ctx, w); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	return nil
}
