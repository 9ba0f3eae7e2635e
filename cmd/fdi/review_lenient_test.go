package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestDiffReviewsTasksWithProblems: a task with problems (a missing required key) is not
// compared without --lenient (exit 2, and the message says --lenient would compare it);
// with --lenient it is compared as read, its problems listed on standard error, which a
// terminal shows above the report, and the exit status is the report's.
func TestDiffReviewsTasksWithProblems(t *testing.T) {
	t.Chdir("../..")
	const old, bad = "testdata/examples/seed-response.json", "cmd/fdi/testdata/review-invalid.json"
	problem := bad + ":/task_detail/sourceSelectedDatasource/sourceTable (line 1, col 98): error: required field \"sourceTable\" is missing"

	code, out, errOut := runFDI(t, "", "diff", old, bad)
	if code != 2 || out != "" {
		t.Errorf("strict: exit %d, stdout %q; want 2 and no report", code, out)
	}
	if !strings.Contains(errOut, problem) || !strings.Contains(errOut, "not compared; --lenient compares it as read") {
		t.Errorf("strict: stderr does not list the problem and say what --lenient does:\n%s", errOut)
	}

	for _, tt := range []struct {
		format string
		want   string
	}{
		{"text", "BREAKING name: mapping name VARCHAR(255) → name VARCHAR(255) removed"},
		{"json", `"kind": "mapping.removed"`},
		{"markdown", "mapping.removed"},
	} {
		code, out, errOut = runFDI(t, "", "diff", "--lenient", "--format", tt.format, old, bad)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1 (a breaking change)", tt.format, code)
		}
		if !strings.Contains(errOut, problem) || !strings.Contains(errOut, "1 problem above; compared as read (--lenient)") {
			t.Errorf("%s: stderr does not list the problem:\n%s", tt.format, errOut)
		}
		if !strings.Contains(out, tt.want) {
			t.Errorf("%s: the report lacks %q:\n%s", tt.format, tt.want, out)
		}
		if tt.format == "json" && !json.Valid([]byte(out)) {
			t.Errorf("json: standard output is not JSON:\n%s", out)
		}
	}
	// Both sides may have problems.
	if code, out, _ := runFDI(t, "", "diff", "--lenient", bad, bad); code != 0 || !strings.Contains(out, "no changes") && !strings.Contains(out, "0 changes") {
		t.Errorf("a task with problems against itself: exit %d:\n%s", code, out)
	}
}
