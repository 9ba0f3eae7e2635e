package fuzz

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/rawform"
)

// replace returns a mutation that replaces the first old in a document with new; the test
// fails if old is not there (the seed changed), so that no case silently tests nothing.
func replace(old, new string) func(testing.TB, []byte) []byte {
	return func(t testing.TB, b []byte) []byte {
		t.Helper()
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%q is not in the document", old)
		}
		return bytes.Replace(b, []byte(old), []byte(new), 1)
	}
}

const fieldLength = "/task_detail/sourceSelectedDatasource/sourceSelectedColumnList/0/field_length"

// TestQuirks pins the decisions FuzzParseDetail relies on, for the wire quirks of the
// task_detail text and of its envelope: which spellings are accepted, and which are refused
// with which (pointer, code), in strict and lenient mode alike. Cases "in the detail" are
// made from the seed's task_detail and read bare (ParseDetail) and inside an envelope's
// string (escaped as the API does); cases "in the response" are made from the seed response.
func TestQuirks(t *testing.T) {
	seed, err := os.ReadFile("../testdata/examples/seed-response.json")
	if err != nil {
		t.Fatal(err)
	}
	inner, ok := innerDetail(seed)
	if !ok {
		t.Fatal("the seed has no task_detail string")
	}
	tests := []struct {
		name     string
		response bool // mutate the response, not the detail
		mutate   func(testing.TB, []byte) []byte
		// The problem wanted (both modes, every delivery); empty: the input is accepted.
		pointer string
		code    rawform.Code
		// envPointer, when set, is where the envelope delivery reports it instead (the
		// outer decoder refuses the string before the inner one reads it).
		envPointer string
	}{
		// String-encoded numbers must read back exactly as written.
		{name: `"11 "`, mutate: replace(`"field_length":"11"`, `"field_length":"11 "`), pointer: fieldLength, code: "pattern"},
		{name: `" 11"`, mutate: replace(`"field_length":"11"`, `"field_length":" 11"`), pointer: fieldLength, code: "pattern"},
		{name: `"+11"`, mutate: replace(`"field_length":"11"`, `"field_length":"+11"`), pointer: fieldLength, code: "pattern"},
		{name: `"-1"`, mutate: replace(`"field_length":"11"`, `"field_length":"-1"`), pointer: fieldLength, code: "pattern"},
		{name: `"1e3"`, mutate: replace(`"field_length":"11"`, `"field_length":"1e3"`), pointer: fieldLength, code: "pattern"},
		{name: `"0x10"`, mutate: replace(`"field_length":"11"`, `"field_length":"0x10"`), pointer: fieldLength, code: "pattern"},
		{name: `"011"`, mutate: replace(`"field_length":"11"`, `"field_length":"011"`), pointer: fieldLength, code: "pattern"},
		{name: `"1.0"`, mutate: replace(`"field_length":"11"`, `"field_length":"1.0"`), pointer: fieldLength, code: "pattern"},
		{name: "beyond int64", mutate: replace(`"field_length":"11"`, `"field_length":"99999999999999999999"`), pointer: fieldLength, code: "pattern"},
		{name: "JSON number 11", mutate: replace(`"field_length":"11"`, `"field_length":11`), pointer: fieldLength, code: "type"},
		{name: `"0"`, mutate: replace(`"field_length":"11"`, `"field_length":"0"`)},
		// Huge numbers are refused before any arithmetic on them.
		{name: "exponent 1e401", mutate: replace(`"taskType":2`, `"taskType":1e401`), pointer: "/task_detail/taskType", code: rawform.CodeLimit},
		{name: "401 digits", mutate: replace(`"taskType":2`, `"taskType":`+strings.Repeat("9", 401)), pointer: "/task_detail/taskType", code: rawform.CodeLimit},
		// Escapes.
		{name: "escapes and a surrogate pair", mutate: replace(`"description":"`, `"description":"\u00e9\/\ud83d\ude00\"\\\t\u0000`)},
		{name: "lone surrogate", mutate: replace(`"taskName":"`, `"taskName":"\ud800`), pointer: "/task_detail/taskName", code: rawform.CodeSyntax},
		{name: "invalid escape", mutate: replace(`"taskName":"`, `"taskName":"\x`), pointer: "/task_detail/taskName", code: rawform.CodeSyntax},
		{name: "raw control character", mutate: replace(`"taskName":"`, "\"taskName\":\"\x01"), pointer: "/task_detail/taskName", code: rawform.CodeSyntax},
		{name: "invalid UTF-8", mutate: replace(`"taskName":"`, "\"taskName\":\"\xff"), pointer: "/task_detail/taskName", code: rawform.CodeSyntax, envPointer: "/task_detail"},
		{name: "cut short", mutate: func(_ testing.TB, b []byte) []byte { return b[:bytes.Index(b, []byte(`,"taskName"`))] }, pointer: "/task_detail", code: rawform.CodeSyntax},
		// A BOM is dropped: before the detail, before the response, and escaped at the start
		// of the task_detail string.
		{name: "BOM before the detail", mutate: func(_ testing.TB, b []byte) []byte { return append([]byte(bom), b...) }},
		{name: "BOM before the response", response: true, mutate: func(_ testing.TB, b []byte) []byte { return append([]byte(bom), b...) }},
		{name: `\ufeff starting task_detail`, response: true, mutate: replace(`"task_detail" : "`, `"task_detail" : "\ufeff`)},
		// A missing parallel array is the schema's "required" problem only (it also drew a
		// parallel_length problem pointing at the missing key: found by FuzzParse).
		{name: "missing mappingSourceTextOrNot", mutate: replace(`"mappingSourceTextOrNot":[{"flag":false},{"flag":false}],`, ``), pointer: "/task_detail/mappingSourceTextOrNot", code: "required"},
		// Duplicate keys are refused in both modes, however the key is spelled.
		{name: "duplicate key", mutate: replace(`"taskName":`, `"taskName":"x","taskName":`), pointer: "/task_detail/taskName", code: rawform.CodeDuplicateKey},
		{name: `duplicate key via \u`, mutate: replace(`"taskName":`, `"taskName":"x","task\u004eame":`), pointer: "/task_detail/taskName", code: rawform.CodeDuplicateKey},
		{name: "duplicate key in a column", mutate: replace(`"field_name":`, `"field_name":"a","field_name":`), pointer: "/task_detail/sourceSelectedDatasource/sourceSelectedColumnList/0/field_name", code: rawform.CodeDuplicateKey},
		{name: "duplicate task_detail", response: true, mutate: replace(`"task_detail" : `, `"task_detail" : "{}", "task_detail" : `), pointer: "/task_detail", code: rawform.CodeDuplicateKey},
		{name: "duplicate task_name", response: true, mutate: replace(`"task_name" : `, `"task_name" : "abc", "task_name" : `), pointer: "/task/task_name", code: rawform.CodeDuplicateKey},
		{name: `duplicate task_name via \u`, response: true, mutate: replace(`"task_name" : `, `"task_name" : "abc", "task_nam\u0065" : `), pointer: "/task/task_name", code: rawform.CodeDuplicateKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			type delivery struct {
				name    string
				in      []byte
				parse   func([]byte, ...rawform.Option) (*rawform.Task, error)
				bare    bool
				pointer string
			}
			var ds []delivery
			if tt.response {
				ds = append(ds, delivery{"response", tt.mutate(t, seed), rawform.Parse, false, tt.pointer})
			} else {
				d := tt.mutate(t, inner)
				env := delivery{"envelope", envelopeAround(d, false), rawform.Parse, false, tt.pointer}
				if tt.envPointer != "" {
					env.pointer = tt.envPointer
				}
				ds = append(ds, delivery{"bare", d, rawform.ParseDetail, true, tt.pointer}, env)
			}
			for _, d := range ds {
				for _, opts := range modes() {
					name := d.name + map[bool]string{false: " strict", true: " lenient"}[opts != nil]
					task, err := d.parse(d.in, opts...)
					if tt.code == "" {
						if err != nil {
							t.Errorf("%s: refused: %v", name, err)
							continue
						}
						checkLossless(t, d.in, task)
						checkRoundTrip(t, task, opts)
						continue
					}
					if err == nil {
						t.Errorf("%s: accepted, want a %s problem at %s", name, tt.code, d.pointer)
						continue
					}
					checkProblems(t, d.in, d.bare, err)
					var perr *rawform.Error
					errors.As(err, &perr)
					found := false
					for _, p := range perr.Problems {
						found = found || (p.Pointer == d.pointer && p.Code == tt.code)
					}
					if !found {
						t.Errorf("%s: no %s problem at %s in %v", name, tt.code, d.pointer, perr.Problems)
					}
				}
			}
		})
	}
}

// TestQuirksDecoded checks that escapes decode to the characters they stand for, the same
// whether the detail is read bare or from inside an envelope.
func TestQuirksDecoded(t *testing.T) {
	seed, err := os.ReadFile("../testdata/examples/seed-response.json")
	if err != nil {
		t.Fatal(err)
	}
	inner, _ := innerDetail(seed)
	d := replace(`"description":"`, `"description":"\u00e9\/\ud83d\ude00\"\\\t\u0000`)(t, inner)
	want := "é/😀\"\\\t\x00"
	for _, tt := range []struct {
		name  string
		in    []byte
		parse func([]byte, ...rawform.Option) (*rawform.Task, error)
	}{
		{"bare", d, rawform.ParseDetail},
		{"envelope", envelopeAround(d, false), rawform.Parse},
	} {
		task, err := tt.parse(tt.in)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !strings.HasPrefix(task.Detail.Description, want) {
			t.Errorf("%s: description %q, want it to start with %q", tt.name, task.Detail.Description, want)
		}
	}
}
