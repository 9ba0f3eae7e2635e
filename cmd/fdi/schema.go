package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/fdireview/fdireview/schema"
)

const schemaUsage = `usage: fdi schema [NAME]

Prints the JSON Schema (draft 2020-12) called NAME on standard output, exactly as it is
embedded in fdi (fdi validate checks documents against it):

  response  the ShowTask/CreateCommonTask/UpdateTask 200 body; its $defs also hold the
            create/update request body (TaskRequest) and the error body (ErrorBody)
  rawform   the document inside the task_detail string of a response
            (RawFormDataResponse); its $defs also hold a request's (RawFormDataRequest).
            Every property says where its requiredness comes from.

With no NAME, lists the names, one a line, with each schema's $id and title.
Exit status: 0 success, 2 usage error (such as an unknown NAME).
`

func cmdSchema(_ context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("schema", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	names, code, ok := parseArgs(e, fs, args, func() { fmt.Fprint(e.stderr, schemaUsage) })
	if !ok {
		return code
	}
	switch len(names) {
	case 0:
		if err := listSchemas(e.stdout); err != nil {
			fmt.Fprintf(e.stderr, "fdi schema: %v\n", err)
			return 2
		}
		return 0
	case 1:
	default:
		return usageError(e, "schema", "want at most one NAME; got %s", argList(names))
	}
	name := names[0]
	b, err := schema.Source(name)
	if errors.Is(err, schema.ErrUnknownSchema) {
		return usageError(e, "schema", "unknown schema %q; the names are: %s", name, strings.Join(schema.Names(), ", "))
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "fdi schema: %v\n", err)
		return 2
	}
	if _, err := e.stdout.Write(b); err != nil {
		fmt.Fprintf(e.stderr, "fdi schema: write: %v\n", err)
		return 2
	}
	return 0
}

// listSchemas writes one line per embedded schema: name, $id, title.
func listSchemas(w io.Writer) error {
	for _, name := range schema.Names() {
		b, err := schema.Source(name)
		if err != nil {
			return err
		}
		var head struct {
			ID    string `json:"$id"`
			Title string `json:"title"`
		}
		if err := json.Unmarshal(b, &head); err != nil {
			return fmt.Errorf("schema %s: %w", name, err)
		}
		if _, err := fmt.Fprintf(w, "%-9s %s  %s\n", name, head.ID, head.Title); err != nil {
			return fmt.Errorf("write: %w", err)
		}
	}
	return nil
}
