package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/fdireview/fdireview/internal/safetext"
	"github.com/fdireview/fdireview/rawform"
)

const validateUsage = `usage: fdi validate [--lenient] [--format text|json] FILE...

Checks each FILE (a ShowTask/CreateCommonTask/UpdateTask response, a create/update request
body, or a bare task_detail document; "-" reads standard input) against the schema and the
semantic rules, and prints every problem:

  FILE:POINTER (line L, col C): SEVERITY: MESSAGE

Positions under /task_detail are inside the task_detail text. The same problem in places
that differ only in array indices (an unknown key in every column) is one line, at its first
place, ending with how many times and where ("— 20,001 times: /…/*/comment_text (10,000)").

Exit status: 0 all files valid (warnings allowed), 1 some file an invalid task, however
many problems it has, 2 usage or I/O error, or a file that is not JSON at all or larger
than --max-bytes (its problem is printed as well).

flags:
`

// fileReport is one file's entry in the JSON output of fdi validate.
type fileReport struct {
	File     string            `json:"file"`
	Valid    bool              `json:"valid"`
	Kind     string            `json:"kind,omitempty"`
	Mappings int               `json:"mappings"`
	Problems []rawform.Problem `json:"problems"`
	Error    string            `json:"error,omitempty"` // I/O error reading the file
	notJSON  bool              // syntax or limit problems: the input could not be read as a task
}

func cmdValidate(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	lenient := fs.Bool("lenient", false, "accept (and keep) unknown fields")
	format := fs.String("format", "text", "output format: text or json")
	maxBytes := maxBytesFlag(fs)
	files, code, ok := parseArgs(e, fs, args, func() { fmt.Fprint(e.stderr, validateUsage) })
	if !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		return usageError(e, "validate", "--format %q: want text or json", *format)
	}
	if len(files) == 0 {
		return usageError(e, "validate", "no FILE to check (\"-\" reads standard input)")
	}
	opts := parseOptions(int64(*maxBytes), *lenient)
	var reports []fileReport
	code = 0
	for _, name := range files {
		if ctx.Err() != nil {
			return 130
		}
		r := validateFile(ctx, e, name, opts, int64(*maxBytes))
		switch {
		case r.Error != "" || r.notJSON:
			code = 2
		case !r.Valid && code == 0:
			code = 1
		}
		reports = append(reports, r)
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(struct {
			Files []fileReport `json:"files"`
		}{reports}); err != nil {
			fmt.Fprintf(e.stderr, "fdi validate: %v\n", err)
			return 2
		}
		return code
	}
	for _, r := range reports {
		if r.Error != "" {
			fmt.Fprintf(e.stderr, "%s: %s\n", safetext.Visible(r.File), safetext.Visible(r.Error))
			continue
		}
		for _, p := range r.Problems {
			fmt.Fprintf(e.stdout, "%s:%s\n", safetext.Visible(r.File), p)
		}
		if r.Valid {
			warnings := 0
			for _, p := range r.Problems {
				warnings += p.Count() // a grouped warning counts all it stands for
			}
			fmt.Fprintf(e.stdout, "%s: valid %s, %d mappings, %d warnings\n", safetext.Visible(r.File), r.Kind, r.Mappings, warnings)
		}
	}
	return code
}

func validateFile(ctx context.Context, e *env, name string, opts []rawform.Option, limit int64) fileReport {
	r := fileReport{File: name, Problems: []rawform.Problem{}}
	body, err := readInput(ctx, e, name, limit)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	task, err := rawform.Parse(body, opts...)
	var perr *rawform.Error
	switch {
	case err == nil:
		r.Valid = true
		r.Problems = append(r.Problems, task.Warnings...)
	case errors.As(err, &perr):
		r.Problems = append(r.Problems, perr.Problems...) // [] in JSON, never null
		if task != nil {                                  // beside semantic errors: its warnings too
			r.Problems = append(r.Problems, task.Warnings...)
		}
		if perr.Shape != rawform.ShapeUnknown {
			r.Kind = perr.Shape.String() // the shape was told before the document failed
		}
		// Input that is not JSON at all (a syntax error outside task_detail) or over the
		// size limit is not a task that failed its checks: exit 2, as for an I/O error.
		// (A list cut at its cap is CodeTruncated, so many problems still exit 1.)
		r.notJSON = slices.ContainsFunc(perr.Problems, func(p rawform.Problem) bool {
			return (p.Code == rawform.CodeSyntax && !strings.HasPrefix(p.Pointer, "/task_detail")) ||
				(p.Code == rawform.CodeLimit && p.Pointer == "" && p.Line == 0)
		})
	default:
		r.Error = err.Error()
		return r
	}
	if task != nil {
		r.Kind = task.Shape.String()
		r.Mappings = len(task.Detail.Mappings)
	}
	return r
}
