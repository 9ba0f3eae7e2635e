package web

import (
	"context"
	"io"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/rawform"
	"github.com/fdireview/fdireview/web/ui"
)

// WriteReport writes the compare view of r as one self-contained HTML file.
//
// Deprecated: use ui.WriteReport, which does not link the HTTP server.
func WriteReport(ctx context.Context, w io.Writer, old, new *rawform.Task, r *diff.Report) error {
	return ui.WriteReport(ctx, w, old, new, r)
}
