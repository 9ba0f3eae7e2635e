package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"

	"github.com/fdireview/fdireview/accept"
	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/internal/english"
	"github.com/fdireview/fdireview/internal/safetext"
	"github.com/fdireview/fdireview/rawform"
	"github.com/fdireview/fdireview/taskset"
)

// isDir reports whether name is a folder ("-" never is).
func isDir(name string) bool {
	if name == "-" {
		return false
	}
	fi, err := os.Stat(name)
	return err == nil && fi.IsDir()
}

type setDiffRequest struct {
	old, new  string
	format    string
	level     diff.Severity
	maxBytes  int64
	show      diff.Severity // --min-severity: the least severity shown
	parseOpts []rawform.Option
	diffOpts  []diff.Option
	// acceptedFile is --accepted; without it fdi-accepted.toml is looked for in NEW_DIR,
	// OLD_DIR and the working directory, unless noAccepted.
	acceptedFile string
	noAccepted   bool
	acceptedMax  int64 // --accepted-max-bytes
}

// diffSets compares two folders of tasks. Exit status: 2 when a folder cannot be read or
// a task in it cannot be compared (after writing the whole comparison), 1 when something
// at or above the --fail-on level changed, 0 otherwise.
func diffSets(ctx context.Context, e *env, req setDiffRequest) int {
	r := req
	var write func(io.Writer, *taskset.Comparison) error
	switch r.format {
	case "text":
		write = taskset.WriteText
	case "json":
		write = taskset.WriteJSON
	case "markdown", "md":
		write = taskset.WriteMarkdown
	default:
		fmt.Fprintf(e.stderr, "fdi diff: --format %q: folders compare as text, json or markdown\n", r.format)
		return 2
	}
	var sets [2]*taskset.Set
	for i, dir := range []string{r.old, r.new} {
		s, err := taskset.ReadDir(ctx, dir, r.maxBytes)
		if err != nil {
			fmt.Fprintf(e.stderr, "fdi diff: %s\n", safetext.Visible(err.Error()))
			return 2
		}
		sets[i] = s
	}
	opts := []taskset.Option{taskset.WithParseOptions(r.parseOpts...), taskset.WithDiffOptions(r.diffOpts...)}
	var (
		mu      sync.Mutex
		notices []accept.Notice
	)
	f, ok := loadAccepted(e, r.acceptedFile, r.noAccepted, r.acceptedMax, r.new, r.old, ".")
	if !ok {
		return 2
	}
	if f != nil {
		now := e.today()
		opts = append(opts, taskset.WithReview(func(rep *diff.Report) {
			res := f.Apply(rep, now)
			mu.Lock()
			notices = append(notices, append(res.Stale, res.Expired...)...)
			mu.Unlock()
		}))
	}
	c, err := taskset.Compare(ctx, sets[0], sets[1], opts...)
	if err != nil {
		fmt.Fprintf(e.stderr, "fdi diff: %v\n", safetext.Visible(err.Error()))
		return 2
	}
	// Stale and expired entries, once each, in a stable order whatever the workers did.
	var lines []string
	for _, n := range notices {
		lines = append(lines, n.String())
	}
	slices.Sort(lines)
	for _, l := range slices.Compact(lines) {
		fmt.Fprintf(e.stderr, "fdi diff: warning: %s\n", l)
	}
	if f != nil && c.Summary.Accepted > 0 {
		fmt.Fprintf(e.stderr, "fdi diff: %s accepted by %s\n", english.Plural(c.Summary.Accepted, "change"), safetext.Visible(f.Name))
	}
	shown := *c
	shown.Tasks = slices.Clone(c.Tasks)
	for i := range shown.Tasks {
		if r := shown.Tasks[i].Report; r != nil {
			shown.Tasks[i].Report = r.Filter(req.show)
		}
	}
	if err := write(e.stdout, &shown); err != nil {
		fmt.Fprintf(e.stderr, "fdi diff: %v\n", err)
		return 2
	}
	if c.HasInvalid() {
		for _, t := range c.Tasks {
			for _, p := range t.Problems {
				fmt.Fprintln(e.stderr, safetext.Visible(p.String()))
			}
		}
		fmt.Fprintf(e.stderr, "fdi diff: %s could not be compared\n", english.Plural(c.Summary.Invalid, "task"))
		return 2
	}
	if c.AtLeast(r.level) {
		return 1
	}
	return 0
}
