package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/fdireview/fdireview/accept"
	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/internal/english"
	"github.com/fdireview/fdireview/internal/safetext"
	"github.com/fdireview/fdireview/rawform"
	"github.com/fdireview/fdireview/web/ui"
)

const diffUsage = `usage: fdi diff [--format text|json|markdown|html] [--fail-on breaking|warning|any]
                [--min-severity info|warning|breaking] [--ignore POINTER-PATTERN]...
                [--max-chars N] [--accepted FILE | --no-accepted] [--ignore-case]
                [--color auto|always|never] [--lenient] [--max-bytes N] [--accepted-max-bytes N]
                [--all-rows] OLD NEW
       fdi diff [flags] OLD_DIR NEW_DIR

Compares two tasks and says, per target column, what the change does to the data.
OLD and NEW are files holding a ShowTask/CreateCommonTask/UpdateTask response, a
create/update request body or a bare task_detail document ("-" reads standard input, for
one of the two). Mappings are matched by target column, not by position.
--format html writes the viewer's compare page as one self-contained file (CSS inlined,
no scripts), for CI artifacts and e-mail; like the viewer, it shows changes only when more
than 200 mappings are unchanged (--all-rows includes every row). --format markdown keeps to --max-chars
characters (default 65536, what a GitHub comment holds).

Runtime fields (status, execute_status, last_modified_date…) are state changes: shown in
their own section, never counted, never failing. --ignore leaves fields out of the
comparison (a JSON Pointer pattern, * for one segment, ** for any number; repeatable).
--min-severity hides lesser changes from the output, not from --fail-on.
The text output is coloured on a terminal unless NO_COLOR is set (https://no-color.org)
or TERM is dumb; --color=always or never decides instead (--no-color: never).

Accepted changes (written by "fdi accept") are marked with their reason in every output
and leave --fail-on; the summary names the file. The file is --accepted FILE, else the
` + "fdi-accepted.toml" + ` found next to NEW or next to OLD when it is in the working directory's
git work tree (elsewhere it is ignored, with a warning), else in the working directory;
--no-accepted uses none. It must be a regular file of at most --accepted-max-bytes (1MiB).
Entries that matched nothing (stale) or expired are reported on standard error. A malformed
file is an error (exit 2): nothing of it is applied.

When OLD and NEW are folders (snapshots written by 'fdi fetch --all', or any folders of
task files), every *.json file in them is a task: tasks are matched by task_name, then by
task_id, and each is reported added, removed, changed (with its counts and top changes;
--format json includes each changed task's full report) or unchanged, in a table.
--fail-on applies across all tasks (a removed task counts as breaking, an added one as
info), and so do --ignore and accepted changes (the default file is looked for in NEW_DIR,
OLD_DIR and the working directory); a task that cannot be read or parsed is listed as
invalid and makes the exit status 2, and so is an entry that is not a regular file (a named
pipe, a dangling link); no file is read past --max-bytes. Folders compare as text, json or
markdown.

As git's external diff (GIT_EXTERNAL_DIFF='fdi diff', diff.external or diff.<driver>.command)
it accepts git's 7- and 9-argument calls (path old-file old-hex old-mode new-file new-hex
new-mode [new-path message]) as the last arguments, after any flags, taking them as paths
even when one looks like a flag (-x.json): it prints "fdi diff a/PATH b/PATH" and the report, or what an
added or deleted task holds, and exits 0 whatever changed, as git requires; the problems of
an invalid task are printed in place of the report.

--lenient accepts unknown fields (kept, compared and reported as warnings) and compares
tasks that have problems (a missing required key, a mapping to an unselected column…) as
far as they read: their problems are listed above the report, and the exit status is the
report's. Without it such a task is not compared.

Exit status: 0 nothing at or above the --fail-on level changed, 1 something did,
2 usage error or an unreadable or invalid task (its problems are printed one a line as
FILE:POINTER (line L, col C): SEVERITY: MESSAGE; with --lenient only a task that cannot be
read at all).

flags:
`

// failLevels maps --fail-on values to the least severity that fails.
var failLevels = map[string]diff.Severity{"breaking": diff.Breaking, "warning": diff.Warning, "any": diff.Info}

// showLevels maps --min-severity values to the least severity shown.
var showLevels = map[string]diff.Severity{"breaking": diff.Breaking, "warning": diff.Warning, "info": diff.Info}

func cmdDiff(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	format := fs.String("format", "text", "output format: text, json, markdown or html")
	failOn := fs.String("fail-on", "any", "exit 1 when a change at or above this level exists: breaking, warning or any")
	ignoreCase := fs.Bool("ignore-case", false, "match column names case-insensitively (MySQL-style catalogs)")
	colorMode := colorFlag(fs)
	lenient := fs.Bool("lenient", false, "accept (and compare) unknown fields, and compare tasks that have problems as far as they read (problems listed above the report)")
	maxBytes := maxBytesFlag(fs)
	minSeverity := fs.String("min-severity", "info", "show only changes at or above this level: info, warning or breaking (the exit status still counts every change)")
	maxChars := fs.Int("max-chars", diff.MarkdownLimit, "with --format markdown, the most characters to write (0: no limit)")
	acceptedFile := fs.String("accepted", "", "accepted-changes file (default: fdi-accepted.toml next to NEW, next to OLD or in the working directory)")
	noAccepted := fs.Bool("no-accepted", false, "use no accepted-changes file")
	allRows := fs.Bool("all-rows", false, "with --format html, include every unchanged mapping row (by default more than 200 are left out)")
	acceptedMax := acceptedMaxBytesFlag(fs)
	var ignores []diff.Pattern
	fs.Func("ignore", "leave fields matching this JSON Pointer pattern out of the comparison (* one segment, ** any number; repeatable)", func(v string) error {
		p, err := diff.ParsePattern(v)
		if err != nil {
			return err
		}
		ignores = append(ignores, p)
		return nil
	})
	// git's own arguments come last and are taken as they are, before any flag parsing: a
	// root-level file named "-x.json" is a path, not a flag.
	flagArgs, git, gitMode := splitGitCall(args)
	split := parseInterspersed
	if gitMode {
		split = func(fs *flag.FlagSet, _ []string) ([]string, error) {
			if err := fs.Parse(flagArgs); err != nil {
				return nil, err
			}
			return fs.Args(), nil
		}
	}
	files, code, ok := parseArgsWith(e, fs, args, func() { fmt.Fprint(e.stderr, diffUsage) }, split)
	if !ok {
		return code
	}
	if gitMode && len(files) > 0 {
		return usageError(e, "diff", "unexpected argument %s before git's seven", safetext.Visible(files[0]))
	}
	level, ok := failLevels[*failOn]
	if !ok {
		return usageError(e, "diff", "--fail-on %q: want breaking, warning or any", *failOn)
	}
	minLevel, ok := showLevels[*minSeverity]
	if !ok {
		return usageError(e, "diff", "--min-severity %q: want info, warning or breaking", *minSeverity)
	}
	if *maxChars < 0 {
		return usageError(e, "diff", "--max-chars %d: want 0 (no limit) or more", *maxChars)
	}
	parseOpts := parseOptions(int64(*maxBytes), *lenient)
	var diffOpts []diff.Option
	if *ignoreCase {
		diffOpts = append(diffOpts, diff.IgnoreCase())
	}
	if len(ignores) > 0 {
		diffOpts = append(diffOpts, diff.Ignore(ignores...))
	}
	if gitMode {
		// Called by git as its external diff: say which file, and never fail the exit
		// status for changes (git stops at a non-zero one unless diff.trustExitCode).
		fmt.Fprintln(e.stdout, git.header())
		switch {
		case git.added && git.gone:
			return 0
		case git.added:
			describeLone(ctx, e, git.new, "added", parseOpts, int64(*maxBytes))
			return 0
		case git.gone:
			describeLone(ctx, e, git.old, "deleted", parseOpts, int64(*maxBytes))
			return 0
		}
		files = []string{git.old, git.new}
		// Problems go to standard output, where git shows them in place of the report.
		ge := *e
		ge.stderr, ge.errTTY = e.stdout, e.isTTY
		e = &ge
	}
	if len(files) != 2 {
		return usageError(e, "diff", "want two tasks, OLD and NEW (files, or folders of tasks); got %s", argList(files))
	}
	if dirs := btoi(isDir(files[0])) + btoi(isDir(files[1])); dirs > 0 {
		if dirs == 1 {
			return usageError(e, "diff", "OLD and NEW must both be files or both be folders")
		}
		return diffSets(ctx, e, setDiffRequest{
			old: files[0], new: files[1], format: *format, level: level, show: minLevel,
			maxBytes: int64(*maxBytes), parseOpts: parseOpts, diffOpts: diffOpts,
			acceptedFile: *acceptedFile, noAccepted: *noAccepted, acceptedMax: int64(*acceptedMax),
		})
	}
	if files[0] == "-" && files[1] == "-" {
		return usageError(e, "diff", "only one of OLD and NEW can be standard input")
	}
	var tasks [2]*rawform.Task
	var write func(io.Writer, *diff.Report) error
	switch *format {
	case "text":
		var color diff.TextOption // nil: plain
		if e.useColor(*colorMode) {
			color = diff.Color()
		}
		write = func(w io.Writer, r *diff.Report) error { return diff.WriteText(w, r, color) }
	case "json":
		write = diff.WriteJSON
	case "markdown", "md":
		write = func(w io.Writer, r *diff.Report) error { return diff.WriteMarkdownLimit(w, r, *maxChars) }
	case "html":
		var opt ui.ReportOption
		if *allRows {
			opt = ui.AllRows()
		}
		write = func(w io.Writer, r *diff.Report) error { return ui.WriteReport(ctx, w, tasks[0], tasks[1], r, opt) }
	default:
		return usageError(e, "diff", "--format %q: want text, json, markdown or html", *format)
	}

	// Both files are parsed at once, each writing its problems to its own buffer, printed
	// OLD first.
	var msgs [2]bytes.Buffer
	var wg sync.WaitGroup
	for i, name := range files {
		wg.Go(func() { tasks[i] = loadReviewed(ctx, e, &msgs[i], name, parseOpts, int64(*maxBytes), *lenient) })
	}
	wg.Wait()
	failed := false
	for i := range files {
		e.stderr.Write(msgs[i].Bytes())
		if tasks[i] == nil {
			failed = true
		}
	}
	if ctx.Err() != nil {
		return 130
	}
	if failed {
		if gitMode {
			return 0
		}
		return 2
	}

	report := diff.Tasks(tasks[0], tasks[1], diffOpts...)
	if f, ok := loadAccepted(e, *acceptedFile, *noAccepted, int64(*acceptedMax), searchDirs(files)...); !ok {
		return 2
	} else if f != nil {
		res := f.Apply(report, e.today())
		for _, n := range append(res.Stale, res.Expired...) {
			fmt.Fprintf(e.stderr, "fdi diff: warning: %s\n", n)
		}
	}
	if err := write(e.stdout, report.Filter(minLevel)); err != nil {
		fmt.Fprintf(e.stderr, "fdi diff: %v\n", err)
		return 2
	}
	if report.AtLeast(level) && !gitMode {
		return 1
	}
	return 0
}

// loadTask reads and parses one task file, writing its problems (or the I/O error) to
// msgs when it cannot be used.
func loadTask(ctx context.Context, e *env, msgs io.Writer, name string, opts []rawform.Option, limit int64) (*rawform.Task, error) {
	body, err := readInput(ctx, e, name, limit)
	if err != nil {
		fmt.Fprintf(msgs, "fdi diff: %s: %v\n", safetext.Visible(name), safetext.Visible(err.Error()))
		return nil, err
	}
	t, err := rawform.Parse(body, opts...)
	if err != nil {
		var perr *rawform.Error
		if errors.As(err, &perr) {
			for _, p := range perr.Problems {
				fmt.Fprintf(msgs, "%s:%s\n", safetext.Visible(name), p)
			}
		} else {
			fmt.Fprintf(msgs, "fdi diff: %s: %v\n", safetext.Visible(name), safetext.Visible(err.Error()))
		}
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	return t, nil
}

// loadReviewed reads and parses one task for fdi diff, writing its problems (or the I/O
// error) to msgs. With review (--lenient), a task that has problems is compared as read:
// its problems are listed, above the report, and the task as far as it reads
// (rawform.Partial) is returned. Without, nil is returned and the message says that
// --lenient would compare it.
func loadReviewed(ctx context.Context, e *env, msgs io.Writer, name string, opts []rawform.Option, limit int64, review bool) *rawform.Task {
	shown := safetext.Visible(name) // a file name may hold terminal escapes
	body, err := readInput(ctx, e, name, limit)
	if err != nil {
		fmt.Fprintf(msgs, "fdi diff: %s: %v\n", shown, safetext.Visible(err.Error()))
		return nil
	}
	if review {
		opts = append(slices.Clip(opts), rawform.Partial())
	}
	t, err := rawform.Parse(body, opts...)
	if err == nil {
		return t
	}
	var perr *rawform.Error
	if !errors.As(err, &perr) {
		fmt.Fprintf(msgs, "fdi diff: %s: %v\n", shown, safetext.Visible(err.Error()))
		return nil
	}
	for _, p := range perr.Problems {
		fmt.Fprintf(msgs, "%s:%s\n", shown, p)
	}
	n := len(perr.Problems)
	switch {
	case review && t != nil:
		fmt.Fprintf(msgs, "%s: %s above; compared as read (--lenient)\n", shown, english.Plural(n, "problem"))
		return t
	case t != nil || perr.Shape != rawform.ShapeUnknown:
		fmt.Fprintf(msgs, "%s: not a valid task (%s above), not compared; --lenient compares it as read, its problems listed above the report\n",
			shown, english.Plural(n, "problem"))
	}
	return nil
}

// parseInterspersed parses flags that may come before, between or after the positional
// arguments ("fdi diff a.json b.json --format json"), and returns the positionals.
// "--" ends flag parsing.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// fs.Parse stops at the first positional, or after "--".
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// loadAccepted returns the accepted-changes file fdi diff applies: the one --accepted
// names, else the default file found in dirs (see findAccepted; said on stderr); nil when
// none applies or off (--no-accepted). A file over limit bytes, or not a regular file, is
// refused. ok is false when the file cannot be used: its error is printed and nothing of
// it may be applied.
func loadAccepted(e *env, named string, off bool, limit int64, dirs ...string) (f *accept.File, ok bool) {
	if off {
		return nil, true
	}
	path := named
	if path == "" {
		if path = findAccepted(e, "fdi diff", dirs); path != "" {
			fmt.Fprintf(e.stderr, "fdi diff: accepted changes from %s\n", safetext.Visible(path))
		}
	}
	if path == "" {
		return nil, true
	}
	f, err := accept.LoadLimit(path, limit)
	if err != nil {
		fmt.Fprintf(e.stderr, "fdi diff: %v%s\nfdi diff: no accepted change applied: fix the file or run with --no-accepted\n", safetext.Visible(err.Error()), tooLargeHint(err))
		return nil, false
	}
	return f, true
}
