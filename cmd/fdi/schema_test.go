package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/schema"
)

func TestSchemaCommand(t *testing.T) {
	for _, c := range []struct {
		name       string
		args       []string
		code       int
		stdoutFrom string // the schema name whose text stdout must equal
		stderrHas  []string
	}{
		{name: "rawform", args: []string{"schema", "rawform"}, code: 0, stdoutFrom: "rawform"},
		{name: "response", args: []string{"schema", "response"}, code: 0, stdoutFrom: "response"},
		{name: "help", args: []string{"schema", "-h"}, code: 0, stderrHas: []string{"usage: fdi schema [NAME]"}},
		{name: "unknown name", args: []string{"schema", "request"}, code: 2, stderrHas: []string{`unknown schema "request"`, "response, rawform"}},
		{name: "two names", args: []string{"schema", "response", "rawform"}, code: 2, stderrHas: []string{"at most one NAME", "Run 'fdi schema -h' for the flags."}},
		{name: "unknown flag", args: []string{"schema", "--pretty", "rawform"}, code: 2, stderrHas: []string{"unknown flag --pretty"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runFDI(t, "", c.args...)
			if code != c.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, c.code, stderr)
			}
			if c.stdoutFrom != "" {
				want, err := schema.Source(c.stdoutFrom)
				if err != nil {
					t.Fatal(err)
				}
				if stdout != string(want) {
					t.Errorf("stdout is not the embedded %s schema (%d bytes, want %d)", c.stdoutFrom, len(stdout), len(want))
				}
				if !json.Valid([]byte(stdout)) {
					t.Error("stdout is not valid JSON")
				}
			} else if stdout != "" {
				t.Errorf("unexpected stdout %q", stdout)
			}
			for _, s := range c.stderrHas {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr %q lacks %q", stderr, s)
				}
			}
		})
	}
}

func TestSchemaCommandList(t *testing.T) {
	code, stdout, stderr := runFDI(t, "", "schema")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	golden(t, filepath.Join("..", "..", "testdata", "golden", "schema", "list.txt"), stdout)
}
