package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/fdireview/fdireview/rawform"
)

const validateUsage = `usage: fdi validate [--lenient] [--format text|json] FILE...

Checks each FILE (a ShowTask/CreateCommonTask/UpdateTask response, a create/update request
body, or a bare task_detail document; "-" reads standard input) against the schema and the
semantic rules, and prints every problem:

  FILE:POINTER (line L, col C): SEVERITY: MESSAGE

Positions under /task_detail are inside the task_detail text. Exit status: 0 all files
valid (warnings allowed), 1 some file invalid, 2 usage or I/O error.

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
}

func cmdValidate(_ context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	lenient := fs.Bool("lenient", false, "accept (and keep) unknown fields")
	format := fs.String("format", "text", "output format: text or json")
	fs.Usage = func() { fmt.Fprint(e.stderr, validateUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 || (*format != "text" && *format != "json") {
		fs.Usage()
		return 2
	}
	var opts []rawform.Option
	if *lenient {
		opts = append(opts, rawform.Lenient())
	}
	var reports []fileReport
	code := 0
	for _, name := range fs.Args() {
		r := validateFile(e, name, opts)
		switch {
		case r.Error != "":
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
			fmt.Fprintf(e.stderr, "%s: %s\n", r.File, r.Error)
			continue
		}
		for _, p := range r.Problems {
			fmt.Fprintf(e.stdout, "%s:%s\n", r.File, p)
		}
		if r.Valid {
			fmt.Fprintf(e.stdout, "%s: valid %s, %d mappings, %d warnings\n", r.File, r.Kind, r.Mappings, len(r.Problems))
		}
	}
	return code
}

func validateFile(e *env, name string, opts []rawform.Option) fileReport {
	r := fileReport{File: name, Problems: []rawform.Problem{}}
	body, err := readInput(e, name)
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

// readInput reads a named file, or standard input for "-".
func readInput(e *env, name string) ([]byte, error) {
	if name == "-" {
		b, err := io.ReadAll(e.stdin)
		if err != nil {
			return nil, fmt.Errorf("read standard input: %w", err)
		}
		return b, nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read task file: %w", err)
	}
	return b, nil
}
