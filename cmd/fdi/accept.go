package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fdireview/fdireview/accept"
	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/internal/bytesize"
	"github.com/fdireview/fdireview/internal/english"
	"github.com/fdireview/fdireview/internal/safetext"
	"github.com/fdireview/fdireview/rawform"
)

const acceptUsage = `usage: fdi accept OLD NEW --reason TEXT [--column C [--kind K | --all-kinds]]
                  [--kind K] [--pointer PATTERN] [--by NAME] [--expires YYYY-MM-DD]
                  [-o FILE] [--dry-run] [--ignore-case] [--lenient] [--max-bytes N]
                  [--accepted-max-bytes N]

Appends to an accepted-changes file one entry per change of the comparison of OLD and NEW
that the filters select (all changes not yet accepted, without filters), with its
fingerprint, so that "fdi diff" marks those changes accepted and "--fail-on" no longer
counts them. An entry stops applying when the change itself changes or after --expires.
It prints each change it accepts; --dry-run prints them and writes nothing. A --column
with changes of more than one kind (a length change and a NOT NULL change) needs --kind
or --all-kinds, so that one review does not accept a change nobody looked at.
The file is -o FILE, else the ` + accept.DefaultName + ` found next to NEW or next to OLD
when it is in the git work tree of the working directory, else the one in the working
directory, else a new ` + accept.DefaultName + ` in the working directory. An existing file
must be a valid regular file of at most --accepted-max-bytes (1MiB): it is appended to,
comments kept, and replaced atomically; a symbolic link is refused, never written through.

Exit status: 0 entries written, 1 no change matched, 2 usage, I/O or parse error.

flags:
`

func cmdAccept(ctx context.Context, e *env, args []string) int {
	fset := flag.NewFlagSet("accept", flag.ContinueOnError)
	fset.SetOutput(e.stderr)
	reason := fset.String("reason", "", "why the change is accepted (required)")
	column := fset.String("column", "", "accept only changes of this target column")
	kind := fset.String("kind", "", "accept only changes of this kind (e.g. mapping.length_changed)")
	pointer := fset.String("pointer", "", "accept only changes whose pointer matches this pattern (* one segment, ** any number)")
	by := fset.String("by", "", "who accepts (recorded in the entry)")
	expires := fset.String("expires", "", "last day the entries apply (YYYY-MM-DD)")
	output := fset.String("o", "", "the accepted-changes file to append to (default: see above)")
	ignoreCase := fset.Bool("ignore-case", false, "match column names case-insensitively, as fdi diff --ignore-case")
	lenient := fset.Bool("lenient", false, "accept (and compare) unknown fields")
	allKinds := fset.Bool("all-kinds", false, "with --column, accept its changes of every kind")
	dryRun := fset.Bool("dry-run", false, "print what would be accepted, write nothing")
	maxBytes := maxBytesFlag(fset)
	acceptedMax := acceptedMaxBytesFlag(fset)
	files, code, ok := parseArgs(e, fset, args, func() { fmt.Fprint(e.stderr, acceptUsage) })
	if !ok {
		return code
	}
	var err error
	if len(files) != 2 {
		return usageError(e, "accept", "want two task files, OLD and NEW; got %s", argList(files))
	}
	if strings.TrimSpace(*reason) == "" {
		return usageError(e, "accept", "--reason is required: say why the change is accepted")
	}
	var pattern *diff.Pattern
	if *pointer != "" {
		p, err := diff.ParsePattern(*pointer)
		if err != nil {
			return usageError(e, "accept", "--pointer: %s", safetext.Visible(err.Error()))
		}
		pattern = &p
	}
	var until time.Time
	if *expires != "" {
		d, err := time.Parse(time.DateOnly, *expires)
		if err != nil {
			return usageError(e, "accept", "--expires %q: want a date YYYY-MM-DD", *expires)
		}
		until = d
	}
	if files[0] == "-" && files[1] == "-" {
		return usageError(e, "accept", "only one of OLD and NEW can be standard input")
	}

	parseOpts := parseOptions(int64(*maxBytes), *lenient)
	var tasks [2]*rawform.Task
	for i, name := range files {
		if tasks[i], _ = loadTask(ctx, e, e.stderr, name, parseOpts, int64(*maxBytes)); tasks[i] == nil {
			return 2
		}
	}
	var diffOpts []diff.Option
	if *ignoreCase {
		diffOpts = append(diffOpts, diff.IgnoreCase())
	}
	report := diff.Tasks(tasks[0], tasks[1], diffOpts...)

	path := *output
	if path == "" {
		if path = findAccepted(e, "fdi accept", searchDirs(files)); path == "" {
			path = accept.DefaultName
		}
	}
	var existing []byte
	if path != "-" {
		existing, err = accept.ReadFile(path, int64(*acceptedMax))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			existing = nil
		case err != nil:
			fmt.Fprintf(e.stderr, "fdi accept: %v%s\nfdi accept: nothing written\n", safetext.Visible(err.Error()), tooLargeHint(err))
			return 2
		default:
			f, err := accept.Parse(existing, path)
			if err != nil {
				fmt.Fprintf(e.stderr, "fdi accept: %v\nfdi accept: nothing written\n", safetext.Visible(err.Error()))
				return 2
			}
			f.Apply(report, e.today()) // changes already accepted get no second entry
		}
	}

	var selected []diff.Change
	for _, c := range report.Changes {
		if c.Accepted != nil || (*column != "" && c.TargetColumn != *column) || (*kind != "" && string(c.Kind) != *kind) ||
			(pattern != nil && !pattern.Match(c.Pointer)) {
			continue
		}
		selected = append(selected, c)
	}
	if len(selected) == 0 {
		fmt.Fprintf(e.stderr, "fdi accept: no change to accept (of %d changes, %d already accepted, none matches the filters)\n",
			len(report.Changes), report.Summary.Accepted)
		return 1
	}
	if *column != "" && *kind == "" && !*allKinds {
		// The column-list changes of a mapped column (column.changed: length 255 → 100)
		// restate its mapping changes; the mapping kinds are what differ in meaning.
		var kinds []string
		for _, c := range selected {
			if strings.HasPrefix(string(c.Kind), "mapping.") && !slices.Contains(kinds, string(c.Kind)) {
				kinds = append(kinds, string(c.Kind))
			}
		}
		if len(kinds) == 0 {
			for _, c := range selected {
				if !slices.Contains(kinds, string(c.Kind)) {
					kinds = append(kinds, string(c.Kind))
				}
			}
		}
		if len(kinds) > 1 {
			fmt.Fprintf(e.stderr, "fdi accept: column %s has changes of %d kinds:\n", safetext.Visible(*column), len(kinds))
			printChanges(e.stderr, selected)
			fmt.Fprintf(e.stderr, "fdi accept: accept one kind with --kind (e.g. --kind %s), or all of them with --all-kinds; nothing written\n", kinds[0])
			return 2
		}
	}
	entries := make([]accept.Entry, 0, len(selected))
	for _, c := range selected {
		entries = append(entries, accept.NewEntry(report, c, *reason, *by, until))
	}
	if *dryRun {
		fmt.Fprintf(e.stdout, "%s would be accepted in %s (--dry-run: nothing written):\n", english.Plural(len(entries), "change"), safetext.Visible(path))
		printChanges(e.stdout, selected)
		return 0
	}
	if path == "-" {
		var body []byte
		if body, err = accept.Encode(entries); err == nil {
			_, err = e.stdout.Write(append([]byte(accept.Header), body...))
		}
	} else {
		// Create or append, atomically and never through a link; the file is read and
		// parsed again, so an edit made meanwhile is kept (and its entries not repeated).
		_, err = accept.Append(path, int64(*acceptedMax), entries...)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "fdi accept: %v\n", safetext.Visible(err.Error()))
		return 2
	}
	fmt.Fprintf(e.stdout, "%s accepted in %s:\n", english.Plural(len(entries), "change"), safetext.Visible(path))
	printChanges(e.stdout, selected)
	return 0
}

// printChanges lists changes one a line, "  KIND: SENTENCE", escaped: the sentence
// quotes the task's names.
func printChanges(w io.Writer, changes []diff.Change) {
	for _, c := range changes {
		fmt.Fprintf(w, "  %s: %s\n", safetext.Visible(string(c.Kind)), safetext.Visible(c.Message))
	}
}

// tooLargeHint says how to raise the limit an accepted-changes file is over.
func tooLargeHint(err error) string {
	if errors.Is(err, accept.ErrTooLarge) {
		return " (raise it with --accepted-max-bytes)"
	}
	return ""
}

// acceptedMaxBytesFlag defines --accepted-max-bytes on fs.
func acceptedMaxBytesFlag(fs *flag.FlagSet) *bytesize.Flag {
	b := bytesize.Flag(accept.DefaultMaxBytes)
	fs.Var(&b, "accepted-max-bytes", "largest accepted-changes file read, in bytes or with a unit such as 1MiB")
	return &b
}

// findAccepted returns the default accepted-changes file for OLD and NEW (searchDirs):
// the first one found in dirs that may be trusted, or "". A file found in a folder other
// than the working directory is trusted only when that folder is in the git work tree of
// the working directory: a downloaded task's folder could hold a planted file that turns
// "--fail-on breaking" green. An untrusted file is named in a warning and skipped.
func findAccepted(e *env, prog string, dirs []string) string {
	wd, err := os.Getwd()
	if err != nil {
		wd = "."
	}
	home := workTree(wd)
	for _, d := range dirs {
		p := accept.Find(d)
		if p == "" {
			continue
		}
		if sameDir(d, wd) || (home != "" && workTree(d) == home) {
			return p
		}
		fmt.Fprintf(e.stderr, "%s: warning: ignoring %s: it is not in the git work tree of the working directory (name it with --accepted to use it)\n", prog, safetext.Visible(p))
	}
	return ""
}

// workTree returns the top folder of the git work tree holding dir (the nearest folder,
// dir itself or above, with a .git entry), symbolic links resolved; "" when there is none.
func workTree(dir string) string {
	d, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(d); err == nil {
		d = r
	}
	for {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// sameDir reports whether a and b are the same folder.
func sameDir(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// searchDirs are where the default accepted-changes file is looked for: next to NEW,
// next to OLD (standard input has no folder), then the working directory.
func searchDirs(files []string) []string {
	var dirs []string
	for _, f := range []string{files[1], files[0]} {
		if f != "-" {
			dirs = append(dirs, filepath.Dir(f))
		}
	}
	return append(dirs, ".")
}

// today is the clock of expiry checks (env.now in tests).
func (e *env) today() time.Time {
	if e.now != nil {
		return e.now()
	}
	return time.Now()
}
