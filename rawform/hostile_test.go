package rawform_test

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/rawform"
)

// seedWithExtra is the seed response with n unknown keys added to its task_detail, and
// the same for its task object when inTask.
func seedWithExtra(t testing.TB, n int, inTask bool) []byte {
	t.Helper()
	return taskgen.Edit(readFile(t, "../testdata/examples/seed-response.json"), func(task, detail map[string]any) {
		for i := range n {
			detail[fmt.Sprintf("x%d", i)] = 0
			if inTask {
				task[fmt.Sprintf("y%d", i)] = 0
			}
		}
	})
}

// allocated runs f once and returns the bytes it allocated (runtime.MemStats, no timing).
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestHostileProblems: a document of many problems of one kind (a million unknown keys,
// a million repeated keys) is reported in a few lines with a count, at a cost linear in
// its size and a small multiple of it (issue #14: {"k0":0,…,"k999999":0} took 25.8 s,
// 66x the input and printed 160 MB of problems). What Parse allocates in all bounds
// the memory it holds at its peak: ≤ 8x the input when the keys are refused, ≤ 10x when
// lenient mode keeps them all (in Extra maps).
func TestHostileProblems(t *testing.T) {
	const n = 200_000
	tests := []struct {
		name     string
		input    []byte
		opts     []rawform.Option
		wantOK   bool         // lenient inputs parse
		wantCode rawform.Code // the aggregated group
		wantMsg  string       // in its message
		maxProbs int
		maxRatio float64 // bytes allocated per input byte
	}{
		{name: "unknown keys, bare task_detail", input: taskgen.UnknownKeys(n, false), wantCode: rawform.CodeAdditionalProperties,
			wantMsg: "and 199,999 more like it in /task_detail: \"k1\"", maxProbs: 10, maxRatio: 8},
		{name: "unknown keys inside task_detail", input: seedWithExtra(t, n, false), wantCode: rawform.CodeAdditionalProperties,
			wantMsg: "and 199,999 more like it in /task_detail", maxProbs: 3, maxRatio: 8},
		{name: "unknown keys in task and task_detail", input: seedWithExtra(t, n/2, true), wantCode: rawform.CodeAdditionalProperties,
			wantMsg: "and 99,999 more like it in /task", maxProbs: 4, maxRatio: 8},
		{name: "unknown keys, lenient keeps them all", input: seedWithExtra(t, n, false), opts: []rawform.Option{rawform.Lenient()},
			wantOK: true, maxRatio: 10},
		{name: "repeated keys", input: taskgen.UnknownKeys(5*n, true), wantCode: rawform.CodeDuplicateKey,
			wantMsg: "1,000 times: /task_detail/a (1,000)", maxProbs: 30, maxRatio: 4}, // the same problem: grouped (issue 23)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var task *rawform.Task
			var err error
			alloc := allocated(func() { task, err = rawform.Parse(tt.input, tt.opts...) })
			ratio := float64(alloc) / float64(len(tt.input))
			t.Logf("%d bytes in, %.1fx allocated", len(tt.input), ratio)
			if ratio > tt.maxRatio {
				t.Errorf("allocated %.1fx the input, want at most %.0fx", ratio, tt.maxRatio)
			}
			if tt.wantOK {
				if err != nil {
					t.Fatalf("lenient parse: %v", err)
				}
				if got := len(task.Detail.Extra); got < n {
					t.Errorf("lenient parse kept %d unknown keys, want %d (nothing may be dropped)", got, n)
				}
				// They are reported, as one aggregated warning.
				if len(task.Warnings) != 1 || task.Warnings[0].Code != rawform.CodeAdditionalProperties ||
					!strings.Contains(task.Warnings[0].Message, "and 199,999 more like it in /task_detail") {
					t.Errorf("lenient warnings %v, want one aggregated unknown-field warning", task.Warnings)
				}
				out, err := task.Encode()
				if err != nil {
					t.Fatal(err)
				}
				if c := strings.Count(string(out), `\"x`); c < n {
					t.Errorf("re-encoded task_detail holds %d of the %d unknown keys", c, n)
				}
				return
			}
			var perr *rawform.Error
			if !errors.As(err, &perr) {
				t.Fatalf("err = %v, want *rawform.Error", err)
			}
			if len(perr.Problems) > tt.maxProbs {
				t.Errorf("%d problems, want at most %d: %v", len(perr.Problems), tt.maxProbs, perr.Problems[:min(10, len(perr.Problems))])
			}
			found := false
			for _, p := range perr.Problems {
				if p.Code == tt.wantCode && strings.Contains(p.Message, tt.wantMsg) {
					found = true
					if p.Line == 0 {
						t.Errorf("aggregated problem %v has no position", p)
					}
				}
			}
			if !found {
				t.Errorf("no %s problem saying %q in %v", tt.wantCode, tt.wantMsg, perr.Problems)
			}
		})
	}
}

// TestProblemsGrouping: up to five problems of one kind at one level are listed one by
// one; more become one problem naming a few of the others; the whole list is capped.
func TestProblemsGrouping(t *testing.T) {
	tests := []struct {
		name      string
		keys      int
		wantProbs int // additionalProperties problems
		wantMsg   string
	}{
		{"five unknown keys listed one by one", 5, 5, ""},
		{"six become one", 6, 1, `unknown field "k0" (not in the schema; use lenient mode to accept and keep unknown fields) (and 5 more like it in /task_detail: "k1", "k2", "k3", "k4", "k5")`},
		{"seven name five of the others", 7, 1, `(and 6 more like it in /task_detail: "k1", "k2", "k3", "k4", "k5", …)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rawform.ParseDetail(taskgen.UnknownKeys(tt.keys, false))
			var perr *rawform.Error
			if !errors.As(err, &perr) {
				t.Fatalf("err = %v", err)
			}
			var got []rawform.Problem
			for _, p := range perr.Problems {
				if p.Code == "additionalProperties" {
					got = append(got, p)
				}
			}
			if len(got) != tt.wantProbs {
				t.Fatalf("%d unknown-field problems, want %d: %v", len(got), tt.wantProbs, got)
			}
			if tt.wantMsg != "" && !strings.HasSuffix(got[0].Message, tt.wantMsg) {
				t.Errorf("message %q\nwant suffix %q", got[0].Message, tt.wantMsg)
			}
		})
	}

	// 3,000 objects with one unknown key each: 3,000 groups of one, capped at 1,000.
	var b strings.Builder
	b.WriteString(`{"mappingTable":[`)
	for i := range 3000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"bogus%d":1}`, i)
	}
	b.WriteString(`]}`)
	_, err := rawform.ParseDetail([]byte(b.String()))
	var perr *rawform.Error
	if !errors.As(err, &perr) {
		t.Fatalf("err = %v", err)
	}
	if len(perr.Problems) != 1000 {
		t.Fatalf("%d problems, want the cap of 1000", len(perr.Problems))
	}
	last := perr.Problems[len(perr.Problems)-1]
	if last.Code != rawform.CodeTruncated || !strings.Contains(last.Message, "more problems, not listed") {
		t.Errorf("last problem %v, want the count of those not listed", last)
	}
}
