package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fdireview/fdireview/internal/taskgen"
)

const seedOld, seedNew = "../../roma/romatest/testdata/seed-response.json", "../../roma/romatest/testdata/seed-v2-response.json"

// TestDiffStateOnly: a re-fetched task whose definition did not change exits 0 under the
// default --fail-on, says so, and lists the state changes; the JSON report has no change
// of any severity for them.
func TestDiffStateOnly(t *testing.T) {
	old, new := filepath.Join(pairs, "state-only", "old.json"), filepath.Join(pairs, "state-only", "new.json")
	code, stdout, stderr := runFDI(t, "", "diff", old, new)
	if code != 0 || !strings.Contains(stdout, "no changes to the task's definition") || !strings.Contains(stdout, "status: stopped → running") {
		t.Fatalf("exit %d, stdout\n%s\nstderr %s", code, stdout, stderr)
	}
	code, stdout, _ = runFDI(t, "", "diff", "--format", "json", "--fail-on", "any", old, new)
	var r struct {
		Changes []struct{ Severity string }      `json:"changes"`
		State   []struct{ Kind, Pointer string } `json:"state"`
	}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if code != 0 || len(r.Changes) != 0 || len(r.State) != 3 || r.State[0].Kind != "state.changed" {
		t.Errorf("exit %d, changes %v, state %v", code, r.Changes, r.State)
	}
}

func TestDiffIgnoreAndMinSeverity(t *testing.T) {
	for _, c := range []struct {
		name     string
		args     []string
		code     int
		has, not []string
	}{
		{"ignore the where clause", []string{"--ignore", "/task_detail/sourceSelectedDatasource/where", "--fail-on", "warning"}, 1,
			[]string{"note: ignored /task_detail/sourceSelectedDatasource/where (1 difference left out)"}, []string{"filter added"}},
		{"a * inside a segment is refused", []string{"--ignore", "/**/where", "--ignore", "/task_detail/mappingTable*"}, 2, nil, nil},
		{"min-severity breaking hides the rest, not from fail-on", []string{"--min-severity", "breaking", "--fail-on", "warning"}, 1,
			[]string{"showing breaking and above (3 changes below hidden)", "BREAKING"}, []string{"filter added", "state ("}},
		{"bad min-severity", []string{"--min-severity", "any"}, 2, nil, nil},
		{"bad pattern", []string{"--ignore", "task/description"}, 2, nil, nil},
		{"negative max-chars", []string{"--max-chars", "-1"}, 2, nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runFDI(t, "", append(append([]string{"diff"}, c.args...), seedOld, seedNew)...)
			if code != c.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, c.code, stderr)
			}
			for _, h := range c.has {
				if !strings.Contains(stdout, h) {
					t.Errorf("output lacks %q:\n%s", h, stdout)
				}
			}
			for _, n := range c.not {
				if strings.Contains(stdout, n) {
					t.Errorf("output has %q:\n%s", n, stdout)
				}
			}
		})
	}
}

// TestDiffMarkdownFits: the 10,000-mapping pair with 10% of its mappings changed gives a
// Markdown report within 65,536 characters (and within --max-chars when given) whose
// first line names the breaking count.
func TestDiffMarkdownFits(t *testing.T) {
	dir := t.TempDir()
	body := taskgen.Response(taskgen.Options{Mappings: 10_000, Seed: 3})
	mutated, _ := taskgen.Mutate(body, 0.10, 3)
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	if err := os.WriteFile(a, body, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, mutated, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args  []string
		limit int
	}{{nil, 65536}, {[]string{"--max-chars", "10000"}, 10000}} {
		code, stdout, stderr := runFDI(t, "", append(append([]string{"diff", "--format", "markdown"}, c.args...), a, b)...)
		if code != 1 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if n := utf8.RuneCountInString(stdout); n > c.limit || n < c.limit/2 {
			t.Errorf("%v: %d characters, limit %d", c.args, n, c.limit)
		}
		first := strings.SplitN(stdout, "\n", 2)[0]
		if !strings.Contains(first, " breaking**") || !strings.Contains(stdout, "more changes (full report: `fdi diff --format json`)") {
			t.Errorf("%v: first line %q, or no cut line", c.args, first)
		}
	}
}
