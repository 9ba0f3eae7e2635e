package rawform_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/rawform"
)

// newerConsoleTask is the task of issue 23: a generated task of n mappings whose every
// selected column (source and target; n+1 target columns with "bunum") has one key the
// schema does not know, as a newer FDI console might add.
func newerConsoleTask(tb testing.TB, n int, extra func(detail map[string]any)) []byte {
	if tb != nil {
		tb.Helper()
	}
	return taskgen.Edit(taskgen.Response(taskgen.Options{Mappings: n, Seed: 1}), func(_, d map[string]any) {
		src := d["sourceSelectedDatasource"].(map[string]any)["sourceSelectedColumnList"].([]any)
		dst := d["targetSelectedDatasource"].(map[string]any)["targetSelectedColumnList"].([]any)
		for _, c := range append(src[:len(src):len(src)], dst...) {
			c.(map[string]any)["comment_text"] = "added by a newer console"
		}
		if extra != nil {
			extra(d)
		}
	})
}

// TestNewerConsoleTask: one unknown key in each of 20,001 columns is one problem, grouped
// (count, patterns, first places, the count in its message), refused in strict mode at a
// cost bounded by the lenient parse of the same file (allocations: at most 1.5x the
// lenient parse and 10x the input; issue 23 measured 44x the input), and accepted in
// lenient mode.
func TestNewerConsoleTask(t *testing.T) {
	body := newerConsoleTask(t, 10_000, nil)
	if _, err := rawform.Parse(body); err == nil { // compiles the schemas once
		t.Fatal("strict parse accepted unknown keys")
	}
	var strictErr, lenientErr error
	strict := allocated(func() { _, strictErr = rawform.Parse(body) })
	lenient := allocated(func() { _, lenientErr = rawform.Parse(body, rawform.Lenient()) })
	t.Logf("%d bytes in; strict allocated %.1fx the input, lenient %.1fx: strict/lenient %.2f",
		len(body), float64(strict)/float64(len(body)), float64(lenient)/float64(len(body)), float64(strict)/float64(lenient))
	if lenientErr != nil {
		t.Fatalf("lenient: %v", lenientErr)
	}
	if r := float64(strict) / float64(lenient); r > 1.5 {
		t.Errorf("strict allocated %.2fx the lenient parse, want at most 1.5x", r)
	}
	if r := float64(strict) / float64(len(body)); r > 10 {
		t.Errorf("strict allocated %.1fx the input, want at most 10x", r)
	}

	var perr *rawform.Error
	if !errors.As(strictErr, &perr) {
		t.Fatalf("strict: err = %v, want *rawform.Error", strictErr)
	}
	if len(perr.Problems) != 1 {
		t.Fatalf("%d problems, want 1 grouped: %v", len(perr.Problems), perr.Problems[:min(5, len(perr.Problems))])
	}
	p := perr.Problems[0]
	const src = "/task_detail/sourceSelectedDatasource/sourceSelectedColumnList/"
	const dst = "/task_detail/targetSelectedDatasource/targetSelectedColumnList/"
	if p.Code != rawform.CodeAdditionalProperties || p.Pointer != src+"0/comment_text" || p.Line == 0 {
		t.Errorf("problem %v, want additionalProperties at the first column, located", p)
	}
	if p.Group == nil || p.Group.Count != 20_001 || p.Count() != 20_001 {
		t.Fatalf("group %+v, want a count of 20,001", p.Group)
	}
	wantPatterns := []rawform.Pattern{{Pointer: src + "*/comment_text", Count: 10_000}, {Pointer: dst + "*/comment_text", Count: 10_001}}
	if fmt.Sprint(p.Group.Patterns) != fmt.Sprint(wantPatterns) {
		t.Errorf("patterns %v, want %v", p.Group.Patterns, wantPatterns)
	}
	if len(p.Group.First) != 3 {
		t.Fatalf("first places %v, want 3", p.Group.First)
	}
	for i, f := range p.Group.First {
		if want := fmt.Sprintf("%s%d/comment_text", src, i); f.Pointer != want || f.Line == 0 || (i > 0 && f.Offset <= p.Group.First[i-1].Offset) {
			t.Errorf("first[%d] = %+v, want %s located after the one before", i, f, want)
		}
	}
	if f := p.Group.First[0]; f.Line != p.Line || f.Column != p.Column {
		t.Errorf("first place %+v is not the problem's own position %d:%d", f, p.Line, p.Column)
	}
	line := p.String()
	for _, want := range []string{`unknown field "comment_text"`, "20,001 times", src + "*/comment_text (10,000)", dst + "*/comment_text (10,001)"} {
		if !strings.Contains(line, want) {
			t.Errorf("problem reads %q, want it to say %q", line, want)
		}
	}
	if strings.Contains(line, "\n") || len(line) > 500 {
		t.Errorf("problem is %d bytes or several lines, want one short line: %q", len(line), line)
	}
	if !strings.Contains(perr.Error(), "20,001 times") {
		t.Errorf("Error() = %q, want the count", perr.Error())
	}
}

// TestGroupedWithOtherProblems: grouping keeps the problems that are not alike (here a
// mapping to a target column that does not exist, which the schema library words after
// the quick walk has explained the unknown keys), and groups only past five alike.
func TestGroupedWithOtherProblems(t *testing.T) {
	tests := []struct {
		name      string
		mappings  int
		extra     func(d map[string]any)
		wantCodes []rawform.Code // in document order (Edit sorts keys: mappingTable comes first)
		wantCount []int
	}{
		{"five columns are five problems", 2, nil, // 2 source + 3 target columns
			[]rawform.Code{"additionalProperties", "additionalProperties", "additionalProperties", "additionalProperties", "additionalProperties"}, []int{1, 1, 1, 1, 1}},
		{"six are one", 3, nil, []rawform.Code{"additionalProperties"}, []int{7}},
		{"and a schema problem beside them", 100, func(d map[string]any) {
			d["mappingTable"].([]any)[50].(map[string]any)["targetColumnLength"] = "11 "
		}, []rawform.Code{"pattern", "additionalProperties"}, []int{1, 201}},
		{"and a mapping to an unknown column", 100, func(d map[string]any) {
			d["mappingTable"].([]any)[50].(map[string]any)["targetColumn"] = "nosuch"
		}, []rawform.Code{"unknown_target", "additionalProperties"}, []int{1, 201}},
		{"and an unknown key elsewhere, once", 100, func(d map[string]any) {
			d["mappingTable"].([]any)[7].(map[string]any)["colour"] = "red"
		}, []rawform.Code{"additionalProperties", "additionalProperties"}, []int{1, 201}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rawform.Parse(newerConsoleTask(t, tt.mappings, tt.extra))
			var perr *rawform.Error
			if !errors.As(err, &perr) {
				t.Fatalf("err = %v, want *rawform.Error", err)
			}
			var codes []rawform.Code
			var counts []int
			for _, p := range perr.Problems {
				codes = append(codes, p.Code)
				counts = append(counts, p.Count())
			}
			if fmt.Sprint(codes) != fmt.Sprint(tt.wantCodes) || fmt.Sprint(counts) != fmt.Sprint(tt.wantCount) {
				t.Errorf("codes %v counts %v, want %v %v\n%v", codes, counts, tt.wantCodes, tt.wantCount, perr.Problems)
			}
		})
	}
}

// BenchmarkNewerConsoleTask parses the task of issue 23 (10,000 mappings, one unknown key
// in each of 20,001 columns) in both modes: strict refuses it (one grouped problem),
// lenient accepts it and keeps the keys. scripts/bench-strict.sh runs the two side by side.
func BenchmarkNewerConsoleTask(b *testing.B) {
	body := newerConsoleTask(b, 10_000, nil)
	for _, mode := range []struct {
		name string
		opts []rawform.Option
		ok   bool
	}{{"strict", nil, false}, {"lenient", []rawform.Option{rawform.Lenient()}, true}} {
		b.Run(mode.name, func(b *testing.B) {
			rawform.Parse(body, mode.opts...) // compiles the schemas once
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := rawform.Parse(body, mode.opts...); (err == nil) != mode.ok {
					b.Fatalf("mode %s: err = %v", mode.name, err)
				}
			}
		})
	}
}

// A task saved by a newer FDI console has one key this package does not know in every
// column. Strict mode refuses it with one problem that stands for all of them: its Group
// says how many and where; the message says so too, for people.
func ExampleGroup() {
	body := newerConsoleTask(nil, 10, nil) // 10 mappings: 10 source and 11 target columns
	_, err := rawform.Parse(body)
	var perr *rawform.Error
	if !errors.As(err, &perr) {
		return
	}
	for _, p := range perr.Problems {
		fmt.Println(p.Code, p.Count(), "problems, first at", p.Pointer)
		for _, pat := range p.Group.Patterns {
			fmt.Println(" ", pat.Count, "at", pat.Pointer)
		}
		for _, f := range p.Group.First[1:] {
			fmt.Println("  then", f.Pointer)
		}
	}
	// Output:
	// additionalProperties 21 problems, first at /task_detail/sourceSelectedDatasource/sourceSelectedColumnList/0/comment_text
	//   10 at /task_detail/sourceSelectedDatasource/sourceSelectedColumnList/*/comment_text
	//   11 at /task_detail/targetSelectedDatasource/targetSelectedColumnList/*/comment_text
	//   then /task_detail/sourceSelectedDatasource/sourceSelectedColumnList/1/comment_text
	//   then /task_detail/sourceSelectedDatasource/sourceSelectedColumnList/2/comment_text
}

// TestProblemEscaping: Problem.Message is visible (a grouped message shows its patterns
// made visible), Problem.Pointer and the group's pointers are raw: they resolve.
func TestProblemEscaping(t *testing.T) {
	const key = "note\x1b]0;pwned\a"
	_, err := rawform.Parse(taskgen.Edit(taskgen.Response(taskgen.Options{Mappings: 6, Seed: 1}), func(_, d map[string]any) {
		for _, m := range d["mappingTable"].([]any) {
			m.(map[string]any)[key] = 1
		}
	}))
	var perr *rawform.Error
	if !errors.As(err, &perr) || len(perr.Problems) != 1 || perr.Problems[0].Group == nil {
		t.Fatalf("err = %v, want one grouped problem", err)
	}
	p := perr.Problems[0]
	if p.Message != rawform.Visible(p.Message) || strings.ContainsAny(p.Message, "\x1b\a") {
		t.Errorf("message %q is not visible", p.Message)
	}
	if !strings.Contains(p.Message, `/task_detail/mappingTable/*/note\x1b]0;pwned\x07 (6)`) {
		t.Errorf("message %q does not show the pattern made visible", p.Message)
	}
	if want := "/task_detail/mappingTable/0/" + key; p.Pointer != want || p.Group.First[0].Pointer != want {
		t.Errorf("pointer %q, first %q; want the raw pointer %q", p.Pointer, p.Group.First[0].Pointer, want)
	}
}

// Names from a task can hold terminal escapes and invisible characters. Fields for
// programs keep them raw; Visible makes them safe to print.
func ExampleVisible() {
	fmt.Println(rawform.Visible("amount\x1b[2K\r"))
	fmt.Println(rawform.Visible("em\u200bail"))
	fmt.Println(rawform.Visible("客户名称"))
	// Output:
	// amount\x1b[2K\r
	// em⟨U+200B⟩ail
	// 客户名称
}

// TestGroupedKeepsEveryKey: many unknown keys in every column are all reported (grouped
// per key), and so are the keys only counted in large objects whose listed keys were
// grouped with the same keys elsewhere: nothing is dropped.
func TestGroupedKeepsEveryKey(t *testing.T) {
	t.Run("ten unknown keys in every column", func(t *testing.T) {
		_, err := rawform.Parse(newerConsoleTask(t, 50, func(d map[string]any) {
			for _, c := range d["sourceSelectedDatasource"].(map[string]any)["sourceSelectedColumnList"].([]any) {
				for k := range 10 {
					c.(map[string]any)[fmt.Sprintf("extra_%d", k)] = k
				}
			}
		}))
		var perr *rawform.Error
		if !errors.As(err, &perr) {
			t.Fatalf("err = %v", err)
		}
		total := 0
		for _, p := range perr.Problems {
			total += p.Count()
		}
		if want := 101 + 10*50; total != want || len(perr.Problems) != 11 {
			t.Errorf("%d problems standing for %d, want 11 for %d: %v", len(perr.Problems), total, want, perr.Problems)
		}
	})
	t.Run("forty unknown keys in ten mappings", func(t *testing.T) {
		_, err := rawform.Parse(taskgen.Edit(taskgen.Response(taskgen.Options{Mappings: 10, Seed: 1}), func(_, d map[string]any) {
			for _, m := range d["mappingTable"].([]any) {
				for k := range 40 {
					m.(map[string]any)[fmt.Sprintf("k%02d", k)] = k
				}
			}
		}))
		var perr *rawform.Error
		if !errors.As(err, &perr) {
			t.Fatalf("err = %v", err)
		}
		total := 0
		for _, p := range perr.Problems {
			n := 1
			fmt.Sscanf(p.Message, "%d more unknown fields", &n) // counted, not listed
			total += n * p.Count()
		}
		if total != 400 {
			t.Errorf("problems stand for %d unknown keys, want 400: %v", total, perr.Problems)
		}
	})
}
