package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/internal/taskgen"
)

const pairs = "../../testdata/diff"

func TestDiffExitCodes(t *testing.T) {
	narrowed := filepath.Join(pairs, "length-narrowed")
	widened := filepath.Join(pairs, "length-widened")
	reordered := filepath.Join(pairs, "reordered-only")
	renamed := filepath.Join(pairs, "mapping-renamed")
	for _, c := range []struct {
		name string
		args []string
		want int
	}{
		{"breaking, default fail-on any", []string{narrowed + "/old.json", narrowed + "/new.json"}, 1},
		{"info only, fail-on warning", []string{"--fail-on", "warning", widened + "/old.json", widened + "/new.json"}, 0},
		{"info only, fail-on any", []string{widened + "/old.json", widened + "/new.json"}, 1},
		{"warning, fail-on breaking", []string{"--fail-on=breaking", renamed + "/old.json", renamed + "/new.json"}, 0},
		{"warning, fail-on warning", []string{"--fail-on=warning", renamed + "/old.json", renamed + "/new.json"}, 1},
		{"reordered only", []string{reordered + "/old.json", reordered + "/new.json"}, 0},
		{"state only, default fail-on", []string{pairs + "/state-only/old.json", pairs + "/state-only/new.json"}, 0},
		{"state only, fail-on any", []string{"--fail-on", "any", pairs + "/state-only/old.json", pairs + "/state-only/new.json"}, 0},
		{"flags after files", []string{narrowed + "/old.json", narrowed + "/new.json", "--fail-on", "breaking", "--format", "json"}, 1},
		{"one file", []string{narrowed + "/old.json"}, 2},
		{"three files", []string{narrowed + "/old.json", narrowed + "/new.json", narrowed + "/new.json"}, 2},
		{"bad format", []string{"--format", "yaml", narrowed + "/old.json", narrowed + "/new.json"}, 2},
		{"bad fail-on", []string{"--fail-on", "some", narrowed + "/old.json", narrowed + "/new.json"}, 2},
		{"missing file", []string{narrowed + "/old.json", narrowed + "/nope.json"}, 2},
		{"both stdin", []string{"-", "-"}, 2},
		{"unknown field, strict", []string{pairs + "/unknown-field-lenient/old.json", pairs + "/unknown-field-lenient/new.json"}, 2},
		{"unknown field, lenient", []string{"--lenient", pairs + "/unknown-field-lenient/old.json", pairs + "/unknown-field-lenient/new.json"}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runFDI(t, "", append([]string{"diff"}, c.args...)...)
			if code != c.want {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, c.want, stderr)
			}
		})
	}
}

// TestDiffOutputMatchesGoldens runs the command on every pair of testdata/diff and
// compares its output with the goldens the diff package keeps there.
func TestDiffOutputMatchesGoldens(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(pairs, "*", "old.json"))
	if len(dirs) == 0 {
		t.Fatal("no pairs")
	}
	for _, old := range dirs {
		dir := filepath.Dir(old)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var flags []string
			if _, err := os.Stat(filepath.Join(dir, "lenient")); err == nil {
				flags = append(flags, "--lenient")
			}
			for format, file := range map[string]string{"text": "want.txt", "json": "want.json", "markdown": "want.md"} {
				args := append([]string{"diff", "--format", format}, flags...)
				_, stdout, stderr := runFDI(t, "", append(args, old, filepath.Join(dir, "new.json"))...)
				want, err := os.ReadFile(filepath.Join(dir, file))
				if err != nil {
					t.Fatal(err)
				}
				if stdout != string(want) {
					t.Errorf("--format %s differs from %s; stderr %s\n%s", format, file, stderr, stdout)
				}
			}
		})
	}
}

func TestDiffStdinAndProblems(t *testing.T) {
	seed, err := os.ReadFile("../../testdata/examples/seed-response.json")
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := runFDI(t, string(seed), "diff", "-", "../../testdata/examples/seed-response.json")
	if code != 0 || !strings.Contains(stdout, "no changes") {
		t.Errorf("stdin vs same file: exit %d, output %q", code, stdout)
	}

	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"task":{"task_name":7},"task_detail":"{}"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runFDI(t, "", "diff", bad, "../../testdata/examples/seed-response.json")
	if code != 2 {
		t.Fatalf("invalid file: exit %d", code)
	}
	// FILE:POINTER (line L, col C): SEVERITY: MESSAGE, one a line.
	first := strings.SplitN(stderr, "\n", 2)[0]
	if !strings.HasPrefix(first, bad+":/") || !strings.Contains(first, "(line ") || !strings.Contains(first, ": error: ") {
		t.Errorf("problem line %q is not FILE:POINTER (line L, col C): error: MESSAGE", first)
	}
}

// TestDiffBothInvalid: the two files are parsed at once, but their problems are printed
// file by file, OLD first, each file's lines together.
func TestDiffBothInvalid(t *testing.T) {
	dir := t.TempDir()
	old, nw := filepath.Join(dir, "old.json"), filepath.Join(dir, "new.json")
	if err := os.WriteFile(old, []byte(`{"task":{"task_name":7},"task_detail":"{}"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(nw, []byte(`{"task":{},"task_detail":"{\"a\":1,\"a\":2}"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 5 { // scheduling varies from run to run; the order must not
		code, _, stderr := runFDI(t, "", "diff", old, nw)
		if code != 2 {
			t.Fatalf("exit %d, want 2", code)
		}
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		seenNew := false
		for _, l := range lines {
			switch {
			case strings.HasPrefix(l, nw+":"):
				seenNew = true
			case strings.HasPrefix(l, old+":"):
				if seenNew {
					t.Fatalf("a line of OLD after NEW's:\n%s", stderr)
				}
			default:
				t.Fatalf("line %q names neither file:\n%s", l, stderr)
			}
		}
		if !seenNew || !strings.HasPrefix(lines[0], old+":") {
			t.Fatalf("want OLD's problems, then NEW's:\n%s", stderr)
		}
	}
}

func TestDiffColor(t *testing.T) {
	dir := filepath.Join(pairs, "length-narrowed")
	args := []string{"diff", dir + "/old.json", dir + "/new.json"}
	for _, c := range []struct {
		tty, noColor, want bool
	}{{true, false, true}, {true, true, false}, {false, false, false}} {
		var out, errb strings.Builder
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, isTTY: c.tty}
		a := args
		if c.noColor {
			a = append([]string{"diff", "--no-color"}, args[1:]...)
		}
		run(t.Context(), e, a)
		if got := strings.Contains(out.String(), "\x1b["); got != c.want {
			t.Errorf("tty %v no-color %v: colour %v, want %v", c.tty, c.noColor, got, c.want)
		}
	}
}

// TestDiffLargeMutated is the "done when" check at test scale: two generated tasks, 1% of
// the mappings changed, and the JSON report names exactly those target columns.
func TestDiffLargeMutated(t *testing.T) {
	dir := t.TempDir()
	body := taskgen.Response(taskgen.Options{Mappings: 3000, Seed: 11})
	mutated, changed := taskgen.Mutate(body, 0.01, 11)
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	if err := os.WriteFile(a, body, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, mutated, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runFDI(t, "", "diff", "--format", "json", a, b)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, col := range changed {
		if !strings.Contains(stdout, `"target_column": "`+col+`"`) {
			t.Errorf("%s changed but not in the report", col)
		}
	}
}
