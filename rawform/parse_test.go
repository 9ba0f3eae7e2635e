package rawform_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fdireview/fdireview/rawform"
)

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// examples are every real or reconstructed payload; all must parse strictly.
func examples(t testing.TB) []string {
	files, err := filepath.Glob("../testdata/examples/*.json")
	if err != nil || len(files) < 3 {
		t.Fatalf("examples: %v (%d files)", err, len(files))
	}
	return files
}

func TestParseExamples(t *testing.T) {
	wantKind := map[string]rawform.Shape{
		"seed-response.json":                rawform.ShapeResponse,
		"create-response-mysql-4cols.json":  rawform.ShapeResponse,
		"create-request-api-to-oracle.json": rawform.ShapeRequest,
	}
	for _, f := range examples(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			task, err := rawform.Parse(readFile(t, f))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if want, ok := wantKind[filepath.Base(f)]; ok && task.Shape != want {
				t.Errorf("Kind = %v, want %v", task.Shape, want)
			}
			if len(task.Detail.Mappings) == 0 {
				t.Errorf("no mappings")
			}
			for _, w := range task.Warnings {
				t.Errorf("unexpected warning: %v", w)
			}
		})
	}
}

func TestParseSeedModel(t *testing.T) {
	task, err := rawform.Parse(readFile(t, "../testdata/examples/seed-response.json"))
	if err != nil {
		t.Fatal(err)
	}
	if task.Info.Name != "fdi_task_pzy4m5" || task.Info.Status != "stop" || task.Info.CreatedDate != 1666772375897 || task.Info.Mode != "NORMAL" {
		t.Errorf("Info = %+v", task.Info)
	}
	d := task.Detail
	if d.Source.Table != "zhenghaotest.zh_sss01" || d.Target.Table != "zhenghaotest.zh_sss02" {
		t.Errorf("tables = %q → %q", d.Source.Table, d.Target.Table)
	}
	if got := len(d.Target.Columns); got != 3 {
		t.Errorf("target columns = %d, want 3 (bunum unmapped)", got)
	}
	want := []rawform.Mapping{
		{Index: 0,
			Source: rawform.Endpoint{Column: "id", Type: "INT", Length: rawform.Int{Value: 11, Enc: rawform.EncString},
				Nullable: rawform.Bool{Value: false, Enc: rawform.EncDigit}, Unique: rawform.Bool{Value: true, Enc: rawform.EncDigit}},
			Target: rawform.Endpoint{Column: "id", Type: "INT", Length: rawform.Int{Value: 11, Enc: rawform.EncString},
				Nullable: rawform.Bool{Value: false, Enc: rawform.EncDigit}, Unique: rawform.Bool{Value: true, Enc: rawform.EncDigit}},
			Text: rawform.Bool{Value: false, Enc: rawform.EncLiteral}},
		{Index: 1,
			Source: rawform.Endpoint{Column: "name", Type: "VARCHAR", Length: rawform.Int{Value: 255, Enc: rawform.EncString},
				Nullable: rawform.Bool{Value: true, Enc: rawform.EncDigit}, Unique: rawform.Bool{Value: false, Enc: rawform.EncDigit}},
			Target: rawform.Endpoint{Column: "name", Type: "VARCHAR", Length: rawform.Int{Value: 255, Enc: rawform.EncString},
				Nullable: rawform.Bool{Value: true, Enc: rawform.EncDigit}, Unique: rawform.Bool{Value: false, Enc: rawform.EncDigit}},
			Text: rawform.Bool{Value: false, Enc: rawform.EncLiteral}},
	}
	// The want values are built in Go (every key present); which keys were read is not
	// what this test is about.
	if diff := cmp.Diff(want, d.Mappings, cmp.FilterPath(func(p cmp.Path) bool {
		return p.Last().Type() == reflect.TypeFor[rawform.KeySet]()
	}, cmp.Ignore())); diff != "" {
		t.Errorf("Mappings (-want +got):\n%s", diff)
	}
	if !d.HasProperties {
		t.Error("HasProperties = false")
	}
	if d.Source.Extra["orderType"] != "ASC" || d.Target.Extra["batch_number_style"] != "UUID" {
		t.Errorf("settings not kept: %v / %v", d.Source.Extra["orderType"], d.Target.Extra["batch_number_style"])
	}
}

// decodeDeep decodes JSON and, when it is an envelope, its task_detail string too, so that
// two documents compare by meaning (key order and spacing aside, string encodings kept).
func decodeDeep(t testing.TB, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode: %v\n%s", err, b)
	}
	if m, ok := v.(map[string]any); ok {
		if s, ok := m["task_detail"].(string); ok {
			m["task_detail"] = decodeDeep(t, []byte(s))
		}
	}
	return v
}

func TestRoundTrip(t *testing.T) {
	files := examples(t)
	files = append(files, "../testdata/invalid/warnings.json")
	for _, lenient := range []bool{false, true} {
		for _, f := range append(files, "../testdata/invalid/unknown-field.json") {
			if !lenient && strings.Contains(f, "unknown-field") {
				continue
			}
			t.Run(filepath.Base(f), func(t *testing.T) {
				var opts []rawform.Option
				if lenient {
					opts = append(opts, rawform.Lenient())
				}
				in := readFile(t, f)
				task, err := rawform.Parse(in, opts...)
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				out, err := task.Encode()
				if err != nil {
					t.Fatalf("Encode: %v", err)
				}
				if diff := cmp.Diff(decodeDeep(t, in), decodeDeep(t, out)); diff != "" {
					t.Errorf("re-encoded document differs from input (-in +out):\n%s", diff)
				}
				again, err := rawform.Parse(out, opts...)
				if err != nil {
					t.Fatalf("Parse(Encode()): %v", err)
				}
				// Warnings are recomputed with positions in the new text; the rest must be equal.
				ignorePos := cmp.FilterPath(func(p cmp.Path) bool {
					sf, ok := p.Last().(cmp.StructField)
					return ok && (sf.Name() == "Line" || sf.Name() == "Column")
				}, cmp.Ignore())
				sortedWarnings := cmp.Transformer("sortProblems", func(ps []rawform.Problem) []string {
					var out []string
					for _, p := range ps {
						out = append(out, p.Pointer+" "+string(p.Code)+" "+p.Message)
					}
					slices.Sort(out)
					return out
				})
				if diff := cmp.Diff(task, again, cmp.Exporter(func(reflect.Type) bool { return true }), ignorePos, sortedWarnings); diff != "" {
					t.Errorf("parse → encode → parse gives a different Task (-first +second):\n%s", diff)
				}
				out2, _ := again.Encode()
				if !bytes.Equal(out, out2) {
					t.Errorf("Encode is not a fixed point:\n%s\n%s", out, out2)
				}
			})
		}
	}
}

func TestRoundTripDetailOnly(t *testing.T) {
	task, err := rawform.Parse(readFile(t, "../testdata/examples/seed-response.json"))
	if err != nil {
		t.Fatal(err)
	}
	detail, err := task.Detail.EncodeDetail()
	if err != nil {
		t.Fatal(err)
	}
	bare, err := rawform.ParseDetail(detail)
	if err != nil {
		t.Fatalf("ParseDetail: %v", err)
	}
	if bare.Shape != rawform.ShapeDetail {
		t.Errorf("Kind = %v", bare.Shape)
	}
	auto, err := rawform.Parse(detail)
	if err != nil || auto.Shape != rawform.ShapeDetail {
		t.Fatalf("Parse(bare detail) = %v, %v", auto, err)
	}
	out, _ := bare.Encode()
	if !bytes.Equal(out, detail) {
		t.Errorf("bare detail does not round-trip:\n%s\n%s", detail, out)
	}
}

// want is one expected problem: pointer and code; messages are for people and not asserted.
type want struct {
	pointer string
	code    rawform.Code
}

func TestParseInvalid(t *testing.T) {
	tests := []struct {
		file    string
		lenient bool
		errs    []want
		partial bool // the Task is returned beside the error (semantic problems only)
	}{
		{file: "wrong-type", errs: []want{{"/task_detail/needAPI", "type"}}},
		{file: "missing-required", errs: []want{{"/task_detail/mappingTable/1/targetColumn", "required"}}},
		{file: "unknown-field", errs: []want{
			{"/task_detail/targetSelectedDatasource/partitionKey", "additionalProperties"},
			{"/task_detail/mappingTable/0/comment", "additionalProperties"}}},
		{file: "bad-enum", errs: []want{{"/task_detail/sourceSelectedDatasource/orderType", "enum"}}},
		{file: "bad-number", errs: []want{
			{"/task_detail/sourceSelectedDatasource/sourceSelectedColumnList/0/field_length", "pattern"},
			{"/task_detail/mappingTable/0/sourceColumnLength", "pattern"},
			{"/task_detail/mappingTable/1/targetColumnLength", "pattern"}}},
		{file: "bad-bool", errs: []want{
			{"/task_detail/mappingTableProperties/0/sourceUnique", "enum"},
			{"/task_detail/targetSelectedDatasource/targetSelectedColumnList/2/null_able", "enum"}}},
		{file: "duplicate-key", errs: []want{{"/task_detail/taskName", rawform.CodeDuplicateKey}}},
		{file: "inner-syntax", errs: []want{{"/task_detail", rawform.CodeSyntax}}},
		{file: "broken-envelope", errs: []want{{"/task", rawform.CodeSyntax}}},
		{file: "parallel-length", partial: true, errs: []want{{"/task_detail/mappingSourceTextOrNot", rawform.CodeParallelLength}}},
		{file: "unknown-target", partial: true, errs: []want{{"/task_detail/mappingTable/1/targetColumn", rawform.CodeUnknownTarget}}},
		{file: "unknown-source", partial: true, errs: []want{{"/task_detail/mappingTable/0/sourceColumn", rawform.CodeUnknownSource}}},
		{file: "duplicate-target", partial: true, errs: []want{{"/task_detail/mappingTable/1/targetColumn", rawform.CodeDuplicateTarget}}},
		{file: "property-mismatch", partial: true, errs: []want{{"/task_detail/mappingTableProperties/0/targetNullable", rawform.CodePropertyMismatch}}},
		{file: "name-mismatch", partial: true, errs: []want{{"/task_detail/taskName", rawform.CodeNameMismatch}}},
		{file: "bad-envelope", errs: []want{
			{"/task/task_name", "minLength"}, {"/task/task_name", "pattern"}, {"/task/status", "enum"}, {"/task/created_date", "type"}}},
		{file: "many", errs: []want{
			{"/task_detail/needAPI", "type"}, {"/task_detail/sourceSelectedDatasource/where", "type"},
			{"/task_detail/mappingSourceTextOrNot", rawform.CodeParallelLength},
			{"/task_detail/mappingTable/0/sourceColumn", rawform.CodeUnknownSource}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			task, err := rawform.Parse(readFile(t, "../testdata/invalid/"+tt.file+".json"))
			var perr *rawform.Error
			if !errors.As(err, &perr) {
				t.Fatalf("Parse error = %v, want *rawform.Error", err)
			}
			var got []want
			for _, p := range perr.Problems {
				if p.Severity != rawform.SeverityError {
					continue
				}
				got = append(got, want{p.Pointer, p.Code})
				if p.Line < 1 || p.Column < 1 || p.Message == "" {
					t.Errorf("problem without position or message: %+v", p)
				}
			}
			sortWants(got)
			sortWants(tt.errs)
			if diff := cmp.Diff(tt.errs, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if (task != nil) != tt.partial {
				t.Errorf("task returned = %v, want %v", task != nil, tt.partial)
			}
		})
	}
}

func sortWants(ws []want) {
	slices.SortFunc(ws, func(a, b want) int {
		return strings.Compare(a.pointer+" "+string(a.code), b.pointer+" "+string(b.code))
	})
}

func TestParseWarnings(t *testing.T) {
	task, err := rawform.Parse(readFile(t, "../testdata/invalid/warnings.json"))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	var got []want
	for _, p := range task.Warnings {
		if p.Severity != rawform.SeverityWarning {
			t.Errorf("Warnings() holds %v", p)
		}
		got = append(got, want{p.Pointer, p.Code})
	}
	wantW := []want{
		{"/task_detail/targetDatasourceType", rawform.CodeDatasourceType},
		{"/task_detail/mappingTable/1/targetColumnLength", rawform.CodeNarrowing},
		{"/task_detail/mappingTableProperties/1/targetNullable", rawform.CodeNullability},
	}
	sortWants(got)
	sortWants(wantW)
	if diff := cmp.Diff(wantW, got, cmp.AllowUnexported(want{})); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func TestLenientKeepsUnknownFields(t *testing.T) {
	in := readFile(t, "../testdata/invalid/unknown-field.json")
	task, err := rawform.Parse(in, rawform.Lenient())
	if err != nil {
		t.Fatalf("lenient Parse: %v", err)
	}
	if got := task.Detail.Mappings[0].Extra["comment"]; got != "x" {
		t.Errorf("mappingTable/0 Extra[comment] = %v", got)
	}
	if got := task.Detail.Target.Extra["partitionKey"]; got != "id" {
		t.Errorf("target Extra[partitionKey] = %v", got)
	}
}

// TestPositions checks that line:column point at the offending value inside task_detail.
func TestPositions(t *testing.T) {
	in := readFile(t, "../testdata/invalid/unknown-target.json")
	_, err := rawform.Parse(in)
	var perr *rawform.Error
	if !errors.As(err, &perr) || len(perr.Problems) == 0 {
		t.Fatalf("err = %v", err)
	}
	p := perr.Problems[0]
	var env struct {
		Detail string `json:"task_detail"`
	}
	if err := json.Unmarshal(in, &env); err != nil {
		t.Fatal(err)
	}
	if p.Line != 1 {
		t.Fatalf("line = %d, want 1 (task_detail is one line)", p.Line)
	}
	if rest := env.Detail[p.Column-1:]; !strings.HasPrefix(rest, `"nme"`) {
		t.Errorf("col %d points at %.20q, want the value \"nme\"", p.Column, rest)
	}
}

func TestLimits(t *testing.T) {
	seed := readFile(t, "../testdata/examples/seed-response.json")
	deep := []byte(strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000))
	tests := []struct {
		name string
		in   []byte
		lim  rawform.Limits
	}{
		{"size", seed, rawform.Limits{MaxBytes: 1000}},
		{"depth", deep, rawform.Limits{}},
		{"mappings", seed, rawform.Limits{MaxMappings: 1}},
		{"columns", seed, rawform.Limits{MaxColumns: 2}},
		{"values", seed, rawform.Limits{MaxValues: 100}},
		{"values derived from bytes", []byte("[" + strings.Repeat("[],", 400_000) + "0]"), rawform.Limits{MaxBytes: 4 << 20}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rawform.Parse(tt.in, rawform.WithLimits(tt.lim))
			var perr *rawform.Error
			if !errors.As(err, &perr) {
				t.Fatalf("err = %v", err)
			}
			if len(perr.Problems) == 0 || perr.Problems[0].Code != rawform.CodeLimit {
				t.Errorf("problems = %v, want a %q problem", perr.Problems, rawform.CodeLimit)
			}
		})
	}
}
