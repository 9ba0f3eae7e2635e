package rawform_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fdireview/fdireview/rawform"
)

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestMarshalValueAndPointer: json.Marshal gives Encode's bytes for a Task and a *Task,
// and for a Detail and a *Detail.
func TestMarshalValueAndPointer(t *testing.T) {
	task, err := rawform.Parse(mustRead(t, "testdata/seed-response.json"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := task.Encode()
	if err != nil {
		t.Fatal(err)
	}
	wantDetail, _ := task.Detail.EncodeDetail()
	type holder struct {
		V rawform.Task
		P *rawform.Task
	}
	for name, v := range map[string]any{"value": *task, "pointer": task, "detail value": *task.Detail, "detail pointer": task.Detail} {
		got, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		w := want
		if _, isDetail := v.(rawform.Detail); isDetail || v == any(task.Detail) {
			w = wantDetail
		}
		if !bytes.Equal(got, w) {
			t.Errorf("json.Marshal(%s) differs from Encode:\n got %.200s\nwant %.200s", name, got, w)
		}
	}
	// Inside another struct, both fields marshal the same task.
	b, err := json.Marshal(holder{V: *task, P: task})
	if err != nil {
		t.Fatal(err)
	}
	var back struct{ V, P json.RawMessage }
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.V, back.P) {
		t.Errorf("field by value %.100s… != field by pointer %.100s…", back.V, back.P)
	}
	if _, err := json.Marshal(rawform.Task{}); err == nil {
		t.Error("json.Marshal of the zero Task succeeded; want an error (nothing to encode)")
	}
}

// TestUnmarshalIsParse: json.Unmarshal into a Task gives what Parse gives, or Parse's error.
func TestUnmarshalIsParse(t *testing.T) {
	body := mustRead(t, "testdata/seed-response.json")
	want, err := rawform.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	var got rawform.Task
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(*want, got); diff != "" {
		t.Errorf("Unmarshal differs from Parse (-Parse +Unmarshal):\n%s", diff)
	}
	var d rawform.Detail
	inner := want.Detail
	detailBytes, _ := inner.EncodeDetail()
	if err := json.Unmarshal(detailBytes, &d); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(inner.Mappings, d.Mappings); diff != "" {
		t.Errorf("Detail Unmarshal differs from ParseDetail:\n%s", diff)
	}

	// Invalid input: Parse's *Error, never a silently half-filled value.
	var bad rawform.Task
	err = json.Unmarshal(mustRead(t, "testdata/unknown-target.json"), &bad)
	var perr *rawform.Error
	if !errors.As(err, &perr) || perr.Problems[0].Code != rawform.CodeUnknownTarget {
		t.Fatalf("Unmarshal(unknown-target) = %v, want the *rawform.Error", err)
	}
	var wrong rawform.Task
	if err := json.Unmarshal([]byte(`{"taskName":3}`), &wrong); err == nil {
		t.Error("Unmarshal of a wrong document succeeded")
	}
	if !reflect.DeepEqual(wrong, rawform.Task{}) {
		t.Errorf("a refused document changed the Task: %+v", wrong)
	}
}

// TestCmpDiff: cmp.Diff of two Tasks needs no option, does not panic, is empty for two
// parses of the same bytes and names a changed field.
func TestCmpDiff(t *testing.T) {
	body := mustRead(t, "testdata/seed-response.json")
	a, _ := rawform.Parse(body)
	b, _ := rawform.Parse(body)
	if d := cmp.Diff(a, b); d != "" {
		t.Errorf("two parses differ:\n%s", d)
	}
	if d := cmp.Diff(*a, *b); d != "" {
		t.Errorf("two parses differ by value:\n%s", d)
	}
	b.Detail.Mappings[1].Target.Length.Value = 100
	d := cmp.Diff(a, b)
	if d == "" || !bytes.Contains([]byte(d), []byte("Value")) {
		t.Errorf("cmp.Diff after a change = %q, want the changed Length.Value", d)
	}
}

// TestWarningsInOnePlace: warnings are on Task.Warnings whether or not an error is returned
// beside the task, and never in Error.Problems.
func TestWarningsInOnePlace(t *testing.T) {
	tests := []struct {
		file      string
		wantErr   bool
		wantTask  bool
		wantWarns []rawform.Code
	}{
		{"../testdata/invalid/warnings.json", false, true, nil},
		{"../testdata/invalid/duplicate-target.json", true, true, []rawform.Code{rawform.CodeNullability}},
		{"../testdata/invalid/bad-number.json", true, false, nil},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			task, err := rawform.Parse(mustRead(t, tt.file))
			var perr *rawform.Error
			if (err != nil) != tt.wantErr || (err != nil && !errors.As(err, &perr)) {
				t.Fatalf("err = %v, want error %t", err, tt.wantErr)
			}
			if (task != nil) != tt.wantTask {
				t.Fatalf("task returned = %t, want %t", task != nil, tt.wantTask)
			}
			if perr != nil {
				for _, p := range perr.Problems {
					if p.Severity != rawform.SeverityError {
						t.Errorf("Error.Problems holds a %s: %v", p.Severity, p)
					}
				}
			}
			if task == nil {
				return
			}
			var codes []rawform.Code
			for _, w := range task.Warnings {
				if w.Severity != rawform.SeverityWarning {
					t.Errorf("Task.Warnings holds a %s: %v", w.Severity, w)
				}
				codes = append(codes, w.Code)
			}
			if tt.wantWarns != nil && !slices.Equal(codes, tt.wantWarns) {
				t.Errorf("warnings %v, want %v", codes, tt.wantWarns)
			}
			if tt.wantWarns == nil && len(codes) == 0 {
				t.Errorf("no warnings; the file is meant to have some")
			}
		})
	}
}

// lineCol counts the 1-based line and byte column of off in text.
func lineCol(text []byte, off int) (int, int) {
	line, col := 1, 1
	for _, c := range text[:off] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// TestProblemPositions: every located problem says which text it is in, and its Offset is
// the byte offset of its Line and Column in that text.
func TestProblemPositions(t *testing.T) {
	files, _ := filepath.Glob("../testdata/invalid/*.json")
	files = append(files, "testdata/detail-syntax.txt", "testdata/envelope-escape.txt")
	seen := map[rawform.Text]bool{}
	for _, f := range files {
		body := mustRead(t, f)
		for i, parse := range []func([]byte, ...rawform.Option) (*rawform.Task, error){rawform.Parse, rawform.ParseDetail} {
			detailOnly := i == 1
			_, err := parse(body)
			var perr *rawform.Error
			if !errors.As(err, &perr) {
				continue
			}
			var inner []byte
			var env struct {
				Detail *string `json:"task_detail"`
			}
			if json.Unmarshal(body, &env) == nil && env.Detail != nil {
				inner = []byte(*env.Detail)
			}
			for _, p := range perr.Problems {
				if p.Line == 0 {
					continue
				}
				var text []byte
				switch p.In {
				case rawform.TextInput:
					text = body
				case rawform.TextTaskDetail:
					text = inner
					if detailOnly || env.Detail == nil {
						text = body // a bare task_detail document is the input
					}
				default:
					t.Errorf("%s: %v: In = %q", f, p, p.In)
					continue
				}
				seen[p.In] = true
				if p.Offset < 0 || p.Offset > len(text) {
					t.Errorf("%s: %v: offset %d outside the %s (%d bytes)", f, p, p.Offset, p.In, len(text))
					continue
				}
				if l, c := lineCol(text, p.Offset); l != p.Line || c != p.Column {
					t.Errorf("%s: %v: offset %d is %d:%d in the %s", f, p, p.Offset, l, c, p.In)
				}
			}
		}
	}
	if !seen[rawform.TextInput] || !seen[rawform.TextTaskDetail] {
		t.Errorf("texts seen %v; the corpus should locate problems in both", seen)
	}
}

// TestCodesDocumented: every Code a problem carries in the test corpus is one of the
// documented constants.
func TestCodesDocumented(t *testing.T) {
	documented := []rawform.Code{
		rawform.CodeType, rawform.CodeRequired, rawform.CodeAdditionalProperties, rawform.CodeEnum,
		rawform.CodeConst, rawform.CodePattern, rawform.CodeMinLength, rawform.CodeMaxLength,
		rawform.CodeMinimum, rawform.CodeMaximum, rawform.CodeMinItems, rawform.CodeMaxItems,
		rawform.CodeFormat, rawform.CodeFalse, rawform.CodeSchema,
		rawform.CodeSyntax, rawform.CodeDuplicateKey, rawform.CodeLimit, rawform.CodeShape,
		rawform.CodeParallelLength, rawform.CodeUnknownTarget, rawform.CodeUnknownSource,
		rawform.CodeDuplicateTarget, rawform.CodePropertyMismatch, rawform.CodeNameMismatch,
		rawform.CodeDatasourceType, rawform.CodeNarrowing, rawform.CodeNullability,
		rawform.CodeNumberToString, rawform.CodeInternal, rawform.CodeHiddenCharacters, rawform.CodeTruncated,
	}
	files, _ := filepath.Glob("../testdata/invalid/*.json")
	n := 0
	for _, f := range files {
		for _, lenient := range []rawform.Option{nil, rawform.Lenient()} {
			task, err := rawform.Parse(mustRead(t, f), lenient) // nil Option: ignored
			var ps []rawform.Problem
			var perr *rawform.Error
			if errors.As(err, &perr) {
				ps = perr.Problems
			}
			if task != nil {
				ps = append(ps, task.Warnings...)
			}
			for _, p := range ps {
				n++
				if !slices.Contains(documented, p.Code) {
					t.Errorf("%s: code %q is not a documented constant (%v)", f, p.Code, p)
				}
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d problems in the corpus", n)
	}
}
