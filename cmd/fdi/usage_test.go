package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/internal/version"
)

// TestUsageErrorsGolden: every usage error is one line saying what is wrong, then the
// line that says where the flags are; never the whole help. The outputs are kept in
// testdata/golden/usage/errors.txt (-update rewrites it).
func TestUsageErrorsGolden(t *testing.T) {
	cases := [][]string{
		{"diff", "one.json"},
		{"diff"},
		{"diff", "a.json", "b.json", "c.json"},
		{"diff", "--format", "xml", "a.json", "b.json"},
		{"diff", "a.json", "b.json", "--fail-on", "never"},
		{"diff", "--min-severity", "all", "a.json", "b.json"},
		{"diff", "--max-chars", "-1", "a.json", "b.json"},
		{"diff", "--bogus", "a.json", "b.json"},
		{"diff", "a.json", "b.json", "--color=sometimes"},
		{"diff", "-", "-"},
		{"validate"},
		{"validate", "x.json", "--format", "xml"},
		{"validate", "x.json", "--max-bytes", "lots"},
		{"validate", "x.json", "--format"},
		{"accept", seedOld, seedNew},
		{"accept", "a.json", "--reason", "r"},
		{"accept", seedOld, seedNew, "--reason", "r", "--expires", "tomorrow"},
		{"fetch"},
		{"fetch", "--endpoint", "http://127.0.0.1:9", "--project", "p", "--instance", "i"},
		{"fetch", "--endpoint", "http://127.0.0.1:9", "--project", "p", "--instance", "i", "--task", "t", "stray"},
		{"fetch", "--endpoint", "http://127.0.0.1:9", "--project", "p", "--instance", "i", "--all"},
		{"textconv"},
		{"textconv", "a.json", "b.json"},
		{"schema", "response", "rawform"},
		{"schema", "request"},
		{"shape"},
		{"shape", "a.json", "b.json"},
		{"shape", "a.json", "--format", "yaml"},
		{"version", "extra"},
		{"version", "--format", "yaml"},
		{"nope"},
		{"--max-bytes", "80MiB", "validate", "x.json"},
	}
	var b strings.Builder
	for _, args := range cases {
		code, out, errOut := runFDI(t, "", args...)
		fmt.Fprintf(&b, "$ fdi %s\n%s[exit %d]\n\n", strings.Join(args, " "), errOut, code)
		lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
		hint := "Run 'fdi " + args[0] + " -h' for the flags."
		if strings.HasPrefix(args[0], "-") || args[0] == "nope" {
			hint = "Run 'fdi -h' for the commands."
		}
		if code != 2 || out != "" || len(lines) != 2 || lines[1] != hint {
			t.Errorf("fdi %q: exit %d, stdout %q; want exit 2, nothing on stdout, and on stderr one line, then %q; stderr:\n%s", args, code, out, hint, errOut)
		}
	}
	golden(t, filepath.Join("..", "..", "testdata", "golden", "usage", "errors.txt"), b.String())
}

// TestHelpIsWhole: -h (anywhere among the arguments), --help and "fdi help COMMAND" print
// the command's whole help and exit 0.
func TestHelpIsWhole(t *testing.T) {
	for _, args := range [][]string{
		{"diff", "-h"}, {"diff", "a.json", "b.json", "--help"}, {"help", "diff"},
		{"validate", "x.json", "-h"}, {"fetch", "-h"}, {"accept", "-h"}, {"schema", "rawform", "-h"},
		{"textconv", "-h"}, {"version", "-h"},
	} {
		code, _, errOut := runFDI(t, "", args...)
		name := args[0]
		if name == "help" {
			name = args[1]
		}
		if code != 0 || !strings.HasPrefix(errOut, "usage: fdi "+name) {
			t.Errorf("fdi %q: exit %d, help:\n%s", args, code, errOut)
		}
	}
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		if code, _, errOut := runFDI(t, "", args...); code != 0 || !strings.Contains(errOut, "commands:") {
			t.Errorf("fdi %q: exit %d:\n%s", args, code, errOut)
		}
	}
}

// TestFlagsAfterArguments: every command takes its flags before, between or after its
// arguments, the same way; "--" ends them.
func TestFlagsAfterArguments(t *testing.T) {
	seed := "../../testdata/examples/seed-response.json"
	accepted := filepath.Join(t.TempDir(), "accepted.toml")
	tests := []struct {
		name string
		args []string
		code int
		// check inspects stdout and stderr.
		check func(out, errOut string) bool
	}{
		{"validate FILE --format json", []string{"validate", seed, "--format", "json"}, 0,
			func(out, _ string) bool { return json.Valid([]byte(out)) && strings.Contains(out, `"valid": true`) }},
		{"validate FILE --max-bytes 100", []string{"validate", seed, "--max-bytes", "100"}, 2,
			func(_, e string) bool { return strings.Contains(e, "over the limit of 100") }},
		{"diff OLD NEW --format json", []string{"diff", seedOld, seedNew, "--format", "json"}, 1,
			func(out, _ string) bool { return json.Valid([]byte(out)) }},
		{"diff OLD --format json NEW", []string{"diff", seedOld, "--format", "json", seedNew}, 1,
			func(out, _ string) bool { return json.Valid([]byte(out)) }},
		{"accept OLD NEW --reason R -o FILE", []string{"accept", seedOld, seedNew, "--reason", "reviewed", "-o", accepted}, 0,
			func(out, _ string) bool { return strings.Contains(out, "accepted in "+accepted) }},
		{"textconv FILE --lenient", []string{"textconv", seed, "--lenient"}, 0,
			func(out, _ string) bool { return strings.Contains(out, "→") || strings.Contains(out, "←") }},
		{"textconv FILE --max-bytes 100", []string{"textconv", seed, "--max-bytes", "100"}, 2,
			func(_, e string) bool { return strings.Contains(e, "over the limit of 100") }},
		{"schema NAME -h", []string{"schema", "rawform", "-h"}, 0,
			func(_, e string) bool { return strings.HasPrefix(e, "usage: fdi schema") }},
		{"shape FILE --format json", []string{"shape", seed, "--format", "json"}, 0,
			func(out, _ string) bool { return strings.HasPrefix(out, "{") && strings.Contains(out, `"entries"`) }},
		{"version --format json", []string{"version", "--format", "json"}, 0,
			func(out, _ string) bool { return strings.Contains(out, `"release": "`+version.Release+`"`) }},
		{"fetch flags in any order", []string{"fetch", "--task", "t", "--instance", "i", "--project", "p"}, 2,
			func(_, e string) bool { return strings.Contains(e, "no endpoint") }},
		{"-- ends the flags", []string{"validate", "--", "--format"}, 2,
			func(_, e string) bool { return strings.Contains(e, "--format: read task file") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runFDI(t, "", tt.args...)
			if code != tt.code || !tt.check(out, errOut) {
				t.Errorf("fdi %q: exit %d (want %d)\nstdout:\n%s\nstderr:\n%s", tt.args, code, tt.code, out, errOut)
			}
		})
	}
}

// TestNoColor: the text output is coloured on a terminal only, never under NO_COLOR (any
// non-empty value, https://no-color.org) or TERM=dumb, and --color=always|never decides
// over both; --no-color is --color=never.
func TestNoColor(t *testing.T) {
	dir := filepath.Join(pairs, "length-narrowed")
	tests := []struct {
		tty   bool
		env   map[string]string
		flags []string
		want  bool
	}{
		{tty: true, want: true},
		{tty: false, want: false},
		{tty: true, env: map[string]string{"NO_COLOR": "1"}, want: false},
		{tty: true, env: map[string]string{"NO_COLOR": "0"}, want: false}, // any value
		{tty: true, env: map[string]string{"NO_COLOR": ""}, want: true},   // empty: unset
		{tty: true, env: map[string]string{"TERM": "dumb"}, want: false},
		{tty: true, env: map[string]string{"NO_COLOR": "1"}, flags: []string{"--color=always"}, want: true},
		{tty: false, flags: []string{"--color", "always"}, want: true},
		{tty: true, flags: []string{"--color=never"}, want: false},
		{tty: true, flags: []string{"--color=auto"}, want: true},
		{tty: true, flags: []string{"--no-color"}, want: false},
		{tty: true, flags: []string{"--no-color=false"}, want: true},
	}
	for _, tt := range tests {
		var out, errb strings.Builder
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, isTTY: tt.tty,
			getenv: func(k string) string { return tt.env[k] }}
		args := append([]string{"diff", dir + "/old.json", dir + "/new.json"}, tt.flags...)
		if code := run(t.Context(), e, args); code != 1 {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
		if got := strings.Contains(out.String(), "\x1b["); got != tt.want {
			t.Errorf("tty %v, env %v, flags %v: colour %v, want %v", tt.tty, tt.env, tt.flags, got, tt.want)
		}
	}
}

// TestVersion: fdi version and fdi --version print the release first, then the module and
// toolchain the build recorded.
func TestVersion(t *testing.T) {
	_, want, _ := runFDI(t, "", "version")
	if !strings.HasPrefix(want, "fdi "+version.Release+"\n") || !strings.Contains(want, "built:    go") {
		t.Errorf("fdi version:\n%s", want)
	}
	for _, args := range [][]string{{"--version"}, {"-version"}} {
		if code, out, _ := runFDI(t, "", args...); code != 0 || out != want {
			t.Errorf("fdi %s: exit %d\n%s\nwant\n%s", args[0], code, out, want)
		}
	}
}
