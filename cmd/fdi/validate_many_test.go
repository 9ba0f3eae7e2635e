package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/internal/taskgen"
)

// TestValidateManyProblems: an invalid task exits 1 however many problems it has (issue 23:
// a task of more than 1,000 problems exited 2, read as an input refused for its size), and
// the same problem in every column reads as one line in text and one problem, with its
// group, in JSON.
func TestValidateManyProblems(t *testing.T) {
	base := taskgen.Response(taskgen.Options{Mappings: 10_000, Seed: 1})
	newer := taskgen.Edit(base, func(_, d map[string]any) {
		for _, side := range []string{"sourceSelectedDatasource/sourceSelectedColumnList", "targetSelectedDatasource/targetSelectedColumnList"} {
			ds, list, _ := strings.Cut(side, "/")
			for _, c := range d[ds].(map[string]any)[list].([]any) {
				c.(map[string]any)["comment_text"] = "added by a newer console"
			}
		}
	})
	renamed := taskgen.Edit(taskgen.Response(taskgen.Options{Mappings: 2_000, Seed: 1}), func(_, d map[string]any) {
		for i, m := range d["mappingTable"].([]any) {
			m.(map[string]any)["targetColumn"] = fmt.Sprintf("gone_%d", i) // 2,000 different problems
		}
	})

	t.Run("one unknown key in 20,001 columns, text", func(t *testing.T) {
		code, out, errOut := runFDI(t, string(newer), "validate", "-")
		if code != 1 {
			t.Errorf("exit %d, want 1; stderr %s", code, errOut)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 1 || !strings.Contains(out, `unknown field "comment_text"`) || !strings.Contains(out, "20,001 times") ||
			!strings.Contains(out, "/task_detail/sourceSelectedDatasource/sourceSelectedColumnList/*/comment_text (10,000)") {
			t.Errorf("output (%d lines, %d bytes), want one grouped line:\n%.2000s", len(lines), len(out), out)
		}
	})
	t.Run("one unknown key in 20,001 columns, JSON", func(t *testing.T) {
		code, out, _ := runFDI(t, string(newer), "validate", "--format", "json", "-")
		if code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
		var got struct {
			Files []struct {
				Problems []struct {
					Pointer, Code string
					Group         *struct {
						Count    int
						Patterns []struct {
							Pointer string
							Count   int
						}
						First []struct {
							Pointer      string
							Line, Column int
						}
					}
				}
			}
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Files) != 1 {
			t.Fatalf("output is not one file's JSON: %v\n%.2000s", err, out)
		}
		ps := got.Files[0].Problems
		if len(ps) != 1 || ps[0].Group == nil || ps[0].Group.Count != 20_001 || len(ps[0].Group.Patterns) != 2 || len(ps[0].Group.First) != 3 || ps[0].Group.First[0].Line == 0 {
			t.Errorf("problems = %+v, want one with a group of 20,001 in 2 patterns and its first 3 places", ps)
		}
	})
	t.Run("2,000 different problems", func(t *testing.T) {
		code, out, errOut := runFDI(t, string(renamed), "validate", "--format", "json", "-")
		if code != 1 {
			t.Errorf("exit %d, want 1; stderr %s", code, errOut)
		}
		var got struct {
			Files []struct {
				Problems []struct{ Code, Message string }
			}
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Files) != 1 {
			t.Fatalf("output is not one file's JSON: %v", err)
		}
		ps := got.Files[0].Problems
		if len(ps) != 1000 || ps[len(ps)-1].Code != "truncated" {
			t.Errorf("%d problems, last %+v; want 1,000, the last saying how many more", len(ps), ps[len(ps)-1])
		}
	})
}
