package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/fdireview/fdireview/accept"
	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/rawform"
)

const acceptUsage = `usage: fdi accept OLD NEW --reason TEXT [--column C] [--kind K] [--pointer PATTERN]
                  [--by NAME] [--expires YYYY-MM-DD] [-o FILE] [--ignore-case] [--lenient]
                  [--max-bytes N]

Appends to an accepted-changes file one entry per change of the comparison of OLD and NEW
that the filters select (all changes not yet accepted, without filters), with its
fingerprint, so that "fdi diff" marks those changes accepted and "--fail-on" no longer
counts them. An entry stops applying when the change itself changes or after --expires.
The file is -o FILE, else the ` + accept.DefaultName + ` found next to NEW, next to OLD or in
the working directory, else a new ` + accept.DefaultName + ` in the working directory.
An existing file must be valid: it is appended to, comments kept.

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
	maxBytes := maxBytesFlag(fset)
	files, code, ok := parseArgs(e, fset, args, func() { fmt.Fprint(e.stderr, acceptUsage) })
	if !ok {
		return code
	}
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
			return usageError(e, "accept", "--pointer: %v", err)
		}
		pattern = &p
	}
	var until *toml.LocalDate
	if *expires != "" {
		var d toml.LocalDate
		if err := d.UnmarshalText([]byte(*expires)); err != nil {
			return usageError(e, "accept", "--expires %q: want a date YYYY-MM-DD", *expires)
		}
		until = &d
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
		if path = accept.Find(searchDirs(files)...); path == "" {
			path = accept.DefaultName
		}
	}
	existing, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		existing = nil
	case err != nil:
		fmt.Fprintf(e.stderr, "fdi accept: %v\n", err)
		return 2
	default:
		f, err := accept.Parse(path, existing)
		if err != nil {
			fmt.Fprintf(e.stderr, "fdi accept: %v\nfdi accept: nothing written\n", err)
			return 2
		}
		f.Apply(report, e.today()) // changes already accepted get no second entry
	}

	var entries []accept.Entry
	for _, c := range report.Changes {
		if c.Accepted != nil || (*column != "" && c.TargetColumn != *column) || (*kind != "" && string(c.Kind) != *kind) ||
			(pattern != nil && !pattern.Match(c.Pointer)) {
			continue
		}
		entries = append(entries, accept.NewEntry(report, c, *reason, *by, until))
	}
	if len(entries) == 0 {
		fmt.Fprintf(e.stderr, "fdi accept: no change to accept (of %d changes, %d already accepted, none matches the filters)\n",
			len(report.Changes), report.Summary.Accepted)
		return 1
	}
	body, err := accept.Encode(entries)
	if err != nil {
		fmt.Fprintf(e.stderr, "fdi accept: %v\n", err)
		return 2
	}
	if existing == nil {
		existing = []byte(accept.Header)
	} else if !strings.HasSuffix(string(existing), "\n") {
		existing = append(existing, '\n')
	}
	if err := writeOutput(e, path, append(existing, body...)); err != nil {
		fmt.Fprintf(e.stderr, "fdi accept: %v\n", err)
		return 2
	}
	fmt.Fprintf(e.stdout, "%s accepted in %s:\n", plural(len(entries), "change"), path)
	for _, en := range entries {
		fmt.Fprintf(e.stdout, "  %s: %s\n", en.Kind, en.Change)
	}
	return 0
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
