package schema_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/internal/validator"
	"github.com/fdireview/fdireview/schema"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

const examplesDir = "../testdata/examples"

// decode decodes b as the validators expect: numbers as json.Number.
func decode(t testing.TB, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return v
}

// example returns the decoded envelope of an example file and its decoded task_detail.
func example(t testing.TB, name string) (envelope, detail map[string]any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examplesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	envelope = decode(t, b).(map[string]any)
	s, ok := envelope["task_detail"].(string)
	if !ok {
		t.Fatalf("%s: task_detail is not a string", name)
	}
	return envelope, decode(t, []byte(s)).(map[string]any)
}

// leaf is one leaf validation error, reduced to what callers may rely on: where in the
// instance, and which keyword (the last segment of the keyword location).
type leaf struct{ Instance, Keyword string }

func leaves(err error) []leaf {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []leaf
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			kw := e.KeywordLocation[strings.LastIndex(e.KeywordLocation, "/")+1:]
			out = append(out, leaf{e.InstanceLocation, kw})
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Instance != out[j].Instance {
			return out[i].Instance < out[j].Instance
		}
		return out[i].Keyword < out[j].Keyword
	})
	return out
}

// at returns the object holding the last segment of the slash-separated path p, and that
// segment, creating nothing.
func at(t testing.TB, root any, p string) (parent any, last string) {
	t.Helper()
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	cur := root
	for _, s := range segs[:len(segs)-1] {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[s]
		case []any:
			i := 0
			for _, r := range s {
				i = i*10 + int(r-'0')
			}
			cur = c[i]
		default:
			t.Fatalf("path %s: %q is not a container", p, s)
		}
	}
	return cur, segs[len(segs)-1]
}

// set returns a mutation that sets the value at path p (an object key or array index).
func set(p string, v any) func(testing.TB, any) {
	return func(t testing.TB, root any) {
		parent, last := at(t, root, p)
		switch c := parent.(type) {
		case map[string]any:
			c[last] = v
		case []any:
			i := 0
			for _, r := range last {
				i = i*10 + int(r-'0')
			}
			c[i] = v
		}
	}
}

// del returns a mutation that deletes the object key at path p.
func del(p string) func(testing.TB, any) {
	return func(t testing.TB, root any) {
		parent, last := at(t, root, p)
		delete(parent.(map[string]any), last)
	}
}

func TestExamplesValidate(t *testing.T) {
	tests := []struct {
		file string
		doc  schema.Doc
	}{
		{"seed-response.json", schema.Response},
		{"create-response-mysql-4cols.json", schema.Response},
		{"create-request-api-to-oracle.json", schema.Request},
	}
	for _, tt := range tests {
		for _, lenient := range []bool{false, true} {
			t.Run(tt.file+map[bool]string{false: "/strict", true: "/lenient"}[lenient], func(t *testing.T) {
				envelope, detail := example(t, tt.file)
				env, err := validator.For(tt.doc, lenient)
				if err != nil {
					t.Fatal(err)
				}
				if err := env.Validate(envelope); err != nil {
					t.Errorf("envelope: %v", leaves(err))
				}
				inner := schema.Rawform
				if tt.doc == schema.Request {
					inner = schema.RawformRequest
				}
				raw, err := validator.For(inner, lenient)
				if err != nil {
					t.Fatal(err)
				}
				if err := raw.Validate(detail); err != nil {
					t.Errorf("task_detail: %v", leaves(err))
				}
			})
		}
	}
}

func TestErrorBody(t *testing.T) {
	v, err := validator.For(schema.ErrorBody, false)
	if err != nil {
		t.Fatal(err)
	}
	ok := map[string]any{"error_code": "FDI.3002", "error_msg": "Invalid parameters."}
	if err := v.Validate(ok); err != nil {
		t.Errorf("documented error body: %v", leaves(err))
	}
	bad := map[string]any{"error_code": "E1", "error_msg": "x"}
	want := []leaf{{"/error_code", "minLength"}, {"/error_msg", "minLength"}}
	if got := leaves(v.Validate(bad)); !slices.Equal(got, want) {
		t.Errorf("short code and message: got %v, want %v", got, want)
	}
}

// TestInvalid mutates one example per case and checks the leaf errors, strict and
// lenient. A nil want means the document is valid.
func TestInvalid(t *testing.T) {
	type mutation = func(testing.TB, any)
	tests := []struct {
		name   string
		file   string // example file
		doc    schema.Doc
		mutate []mutation
		strict []leaf
		// lenient is the expectation with lenient validation; sameAsStrict copies strict.
		lenient      []leaf
		sameAsStrict bool
	}{
		// Wrong type.
		{
			name: "boolean written as a string", file: "seed-response.json", doc: schema.Rawform,
			mutate:       []mutation{set("/mappingTable/0/isAddMapping", "false")},
			strict:       []leaf{{"/mappingTable/0/isAddMapping", "type"}},
			sameAsStrict: true,
		},
		{
			name: "created_date as a string", file: "seed-response.json", doc: schema.Response,
			mutate:       []mutation{set("/task/created_date", "1666772375897")},
			strict:       []leaf{{"/task/created_date", "type"}},
			sameAsStrict: true,
		},
		{
			name: "mappingInput is neither object, array nor string", file: "seed-response.json", doc: schema.Rawform,
			mutate:       []mutation{set("/mappingInput", json.Number("5"))},
			strict:       []leaf{{"/mappingInput", "type"}},
			sameAsStrict: true,
		},
		{
			name: "dataTimestamp a fraction", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{set("/sourceSelectedDatasource/dataTimestamp", json.Number("1.5"))},
			strict: []leaf{
				{"/sourceSelectedDatasource/dataTimestamp", "type"},
				{"/sourceSelectedDatasource/dataTimestamp", "type"},
			},
			sameAsStrict: true,
		},
		{
			name: "taskType an unknown word", file: "seed-response.json", doc: schema.Rawform,
			mutate:       []mutation{set("/taskType", "hourly")},
			strict:       []leaf{{"/taskType", "pattern"}, {"/taskType", "type"}},
			sameAsStrict: true,
		},
		// Missing required.
		{
			name: "mapping without targetColumn", file: "seed-response.json", doc: schema.Rawform,
			mutate:       []mutation{del("/mappingTable/0/targetColumn")},
			strict:       []leaf{{"/mappingTable/0", "required"}},
			sameAsStrict: true,
		},
		{
			name: "response without task_detail", file: "seed-response.json", doc: schema.Response,
			mutate:       []mutation{del("/task_detail")},
			strict:       []leaf{{"", "required"}},
			sameAsStrict: true,
		},
		{
			name: "relational source without sourceTable", file: "seed-response.json", doc: schema.Rawform,
			mutate:       []mutation{del("/sourceSelectedDatasource/sourceTable")},
			strict:       []leaf{{"/sourceSelectedDatasource", "required"}},
			sameAsStrict: true,
		},
		// Expected keys (seen in every example, mandatory nowhere) are not required: the
		// schema accepts their absence (rawform warns).
		{
			name: "relational source without where (expected)", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{del("/sourceSelectedDatasource/where")},
		},
		{
			name: "ORACLE source without the MYSQL-only keys (expected)", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{set("/sourceDatasourceType", "ORACLE"), del("/sourceSelectedDatasource/extend_meta_data"), del("/sourceSelectedDatasource/isTextInput")},
		},
		{
			name: "response without projectId (expected)", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{del("/projectId")},
		},
		{
			name: "mappingInput as the empty string (DOC-RSP row 19)", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{set("/mappingInput", "")},
		},
		{
			name: "GAUSS100 target with target_schema (documented)", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{set("/targetDatasourceType", "GAUSS100"), set("/targetSelectedDatasource/target_schema", "S1")},
		},
		{
			name: "misspelt target_shema stays unknown", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{set("/targetSelectedDatasource/target_shema", "S1")},
			strict: []leaf{{"/targetSelectedDatasource", "additionalProperties"}},
		},
		// Unknown keys: errors when strict, accepted when lenient.
		{
			name: "unknown top-level key", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{set("/surprise", true)},
			strict: []leaf{{"", "additionalProperties"}},
		},
		{
			name: "unknown key in a column", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{set("/targetSelectedDatasource/targetSelectedColumnList/2/comment", "x")},
			strict: []leaf{{"/targetSelectedDatasource/targetSelectedColumnList/2", "additionalProperties"}},
		},
		{
			name: "unknown key in TaskBasicRsp", file: "seed-response.json", doc: schema.Response,
			mutate: []mutation{set("/task/owner", "me")},
			strict: []leaf{{"/task", "additionalProperties"}},
		},
		{
			name: "unknown key in a relational source", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{set("/sourceSelectedDatasource/fetchSize", json.Number("100"))},
			strict: []leaf{{"/sourceSelectedDatasource", "additionalProperties"}},
		},
		{
			name: "unknown key in an API source", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate: []mutation{set("/sourceSelectedDatasource/retryTimes", "3")},
			strict: []leaf{{"/sourceSelectedDatasource", "additionalProperties"}},
		},
		{
			name: "unknown key in a KAFKA source is accepted", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{
				set("/sourceDatasourceType", "KAFKA"),
				set("/sourceSelectedDatasource/topic", "orders"),
			},
		},
		{
			name: "known key of a KAFKA source is still type-checked", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{
				set("/sourceDatasourceType", "KAFKA"),
				set("/sourceSelectedDatasource/sourceTable", json.Number("5")),
			},
			strict:       []leaf{{"/sourceSelectedDatasource/sourceTable", "type"}},
			sameAsStrict: true,
		},
		{
			name: "unknown key in an OBS target is accepted", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{
				set("/targetDatasourceType", "OBS"),
				set("/targetSelectedDatasource/bucket", "b"),
			},
		},
		{
			name: "unknown data source type is accepted", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{set("/sourceDatasourceType", "NEWSTORE2")},
		},
		// The request shape (RawFormDataRequest) and the API source it carries.
		{
			name: "request: response-only keys are optional, but known", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate: []mutation{set("/taskName", "x"), set("/needMQS", false)},
		},
		{
			name: "request: unknown top-level key", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate: []mutation{set("/mappingExtra", "x")},
			strict: []leaf{{"", "additionalProperties"}},
		},
		{
			name: "request: mappingInput is expected, not required", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate: []mutation{del("/mappingInput")},
		},
		{
			name: "request: targetSelectedDatasource is required", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate:       []mutation{del("/targetSelectedDatasource")},
			strict:       []leaf{{"", "required"}},
			sameAsStrict: true,
		},
		{
			name: "the request's detail is not a response's", file: "create-request-api-to-oracle.json", doc: schema.Rawform,
			strict:       []leaf{{"", "required"}},
			sameAsStrict: true,
		},
		{
			name: "request: relational target without batchNumber (documented, optional)", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate: []mutation{del("/targetSelectedDatasource/batchNumber")},
		},
		{
			name: "request: relational target recognised by shape is strict", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate: []mutation{set("/targetSelectedDatasource/tablespace", "USERS")},
			strict: []leaf{{"/targetSelectedDatasource", "additionalProperties"}},
		},
		{
			name: "API source recognised by shape: a key of the real example is expected, not required", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate: []mutation{del("/sourceSelectedDatasource/servicetype")},
		},
		{
			name: "API source recognised by shape: sourceMetaData is required", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate:       []mutation{del("/sourceSelectedDatasource/sourceMetaData")},
			strict:       []leaf{{"/sourceSelectedDatasource", "required"}},
			sameAsStrict: true,
		},
		{
			name: "API source: page_size stays a string", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate:       []mutation{set("/sourceSelectedDatasource/page_size", json.Number("10"))},
			strict:       []leaf{{"/sourceSelectedDatasource/page_size", "type"}},
			sameAsStrict: true,
		},
		{
			name: "API source declared by sourceDatasourceType", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate: []mutation{set("/sourceDatasourceType", "API"), set("/sourceSelectedDatasource/retryTimes", "3")},
			strict: []leaf{{"/sourceSelectedDatasource", "additionalProperties"}},
		},
		{
			name: "mappingInput item with an unknown key", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate: []mutation{set("/mappingInput/dataSource/0/transform", "upper")},
			strict: []leaf{{"/mappingInput/dataSource/0", "additionalProperties"}},
		},
		{
			name: "mappingInput item without targetKey", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate:       []mutation{del("/mappingInput/dataSource/1/targetKey")},
			strict:       []leaf{{"/mappingInput/dataSource/1", "required"}},
			sameAsStrict: true,
		},
		{
			name: "error_handler and afterImplementation as one-element lists", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate: []mutation{
				func(t testing.TB, root any) {
					m := root.(map[string]any)
					m["error_handler"] = []any{m["error_handler"]}
					m["afterImplementation"] = []any{m["afterImplementation"]}
				},
			},
		},
		{
			name: "error_handler OBS with an unknown key", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate: []mutation{set("/error_handler/bucket", "b")},
			strict: []leaf{{"/error_handler", "additionalProperties"}},
		},
		{
			name: "error_handler OBS without path", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate:       []mutation{del("/error_handler/path")},
			strict:       []leaf{{"/error_handler", "required"}},
			sameAsStrict: true,
		},
		{
			name: "error_handler of an unknown mode is open", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate: []mutation{set("/error_handler/mode", "DIS"), set("/error_handler/stream", "s")},
		},
		{
			name: "afterImplementation KAFKA topic not a string", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate:       []mutation{set("/afterImplementation/topic", json.Number("7"))},
			strict:       []leaf{{"/afterImplementation/topic", "type"}},
			sameAsStrict: true,
		},
		{
			name: "afterImplementation neither object nor list", file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate:       []mutation{set("/afterImplementation", "KAFKA")},
			strict:       []leaf{{"/afterImplementation", "type"}},
			sameAsStrict: true,
		},
		{
			name: "a response's detail is a valid request detail", file: "seed-response.json", doc: schema.RawformRequest,
		},
		// Enums.
		{
			name: "orderType lower case", file: "seed-response.json", doc: schema.Rawform,
			mutate:       []mutation{set("/sourceSelectedDatasource/orderType", "asc")},
			strict:       []leaf{{"/sourceSelectedDatasource/orderType", "enum"}},
			sameAsStrict: true,
		},
		{
			name: "status not an enum value", file: "seed-response.json", doc: schema.Response,
			mutate:       []mutation{set("/task/status", "paused")},
			strict:       []leaf{{"/task/status", "enum"}},
			sameAsStrict: true,
		},
		{
			name: "request task_type in lower case", file: "create-request-api-to-oracle.json", doc: schema.Request,
			mutate:       []mutation{set("/task/task_type", "timing")},
			strict:       []leaf{{"/task/task_type", "enum"}},
			sameAsStrict: true,
		},
		{
			name: "batch_number_style unknown", file: "seed-response.json", doc: schema.Rawform,
			mutate:       []mutation{set("/targetSelectedDatasource/batch_number_style", "SEQ")},
			strict:       []leaf{{"/targetSelectedDatasource/batch_number_style", "enum"}},
			sameAsStrict: true,
		},
		{
			name: `"2" as a boolean`, file: "seed-response.json", doc: schema.Rawform,
			mutate:       []mutation{set("/sourceSelectedDatasource/sourceSelectedColumnList/0/null_able", "2")},
			strict:       []leaf{{"/sourceSelectedDatasource/sourceSelectedColumnList/0/null_able", "enum"}},
			sameAsStrict: true,
		},
		{
			name: `"1" for a true/false word boolean`, file: "seed-response.json", doc: schema.Rawform,
			mutate:       []mutation{set("/sourceSelectedDatasource/isParse", "1")},
			strict:       []leaf{{"/sourceSelectedDatasource/isParse", "enum"}},
			sameAsStrict: true,
		},
		// Patterns of string-encoded numbers.
		{
			name: `trailing space "11 "`, file: "seed-response.json", doc: schema.Rawform,
			mutate:       []mutation{set("/mappingTable/0/targetColumnLength", "11 ")},
			strict:       []leaf{{"/mappingTable/0/targetColumnLength", "pattern"}},
			sameAsStrict: true,
		},
		{
			name: `sign "+11"`, file: "seed-response.json", doc: schema.Rawform,
			mutate:       []mutation{set("/sourceSelectedDatasource/sourceSelectedColumnList/0/field_length", "+11")},
			strict:       []leaf{{"/sourceSelectedDatasource/sourceSelectedColumnList/0/field_length", "pattern"}},
			sameAsStrict: true,
		},
		{
			name: `exponent "1e3"`, file: "seed-response.json", doc: schema.Rawform,
			mutate:       []mutation{set("/mappingTable/1/sourceColumnLength", "1e3")},
			strict:       []leaf{{"/mappingTable/1/sourceColumnLength", "pattern"}},
			sameAsStrict: true,
		},
		{
			name: `hex "0x10"`, file: "create-request-api-to-oracle.json", doc: schema.RawformRequest,
			mutate:       []mutation{set("/sourceSelectedDatasource/pageNumLimit", "0x10")},
			strict:       []leaf{{"/sourceSelectedDatasource/pageNumLimit", "pattern"}},
			sameAsStrict: true,
		},
		{
			name: `leading zero "011"`, file: "seed-response.json", doc: schema.Rawform,
			mutate:       []mutation{set("/targetSelectedDatasource/targetSelectedColumnList/0/field_length", "011")},
			strict:       []leaf{{"/targetSelectedDatasource/targetSelectedColumnList/0/field_length", "pattern"}},
			sameAsStrict: true,
		},
		{
			name: `empty field_length ""`, file: "seed-response.json", doc: schema.Rawform,
			mutate:       []mutation{set("/targetSelectedDatasource/targetSelectedColumnList/0/field_length", "")},
			strict:       []leaf{{"/targetSelectedDatasource/targetSelectedColumnList/0/field_length", "pattern"}},
			sameAsStrict: true,
		},
		{
			name: "data source type in lower case", file: "seed-response.json", doc: schema.Rawform,
			mutate:       []mutation{set("/targetDatasourceType", "mysql")},
			strict:       []leaf{{"/targetDatasourceType", "pattern"}},
			sameAsStrict: true,
		},
		// Task names.
		{
			name: "task name starting with _", file: "seed-response.json", doc: schema.Response,
			mutate:       []mutation{set("/task/task_name", "_fdi_task")},
			strict:       []leaf{{"/task/task_name", "pattern"}},
			sameAsStrict: true,
		},
		{
			name: "task name too short", file: "create-request-api-to-oracle.json", doc: schema.Request,
			mutate:       []mutation{set("/task/task_name", "ab")},
			strict:       []leaf{{"/task/task_name", "minLength"}},
			sameAsStrict: true,
		},
		{
			name: "task name with a space", file: "seed-response.json", doc: schema.Response,
			mutate:       []mutation{set("/task/task_name", "my task")},
			strict:       []leaf{{"/task/task_name", "pattern"}},
			sameAsStrict: true,
		},
		// Accepted variants.
		{
			name: "taskType as an upper-case word", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{set("/taskType", "TIMING")},
		},
		{
			name: "mappingInput as an array", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{set("/mappingInput", []any{})},
		},
		{
			name: "dataTimestamp as epoch ms in a relational source", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{set("/sourceSelectedDatasource/dataTimestamp", json.Number("1690000000000"))},
		},
		{
			name: "status stopped (DOC-EN spelling)", file: "seed-response.json", doc: schema.Response,
			mutate: []mutation{set("/task/status", "stopped")},
		},
		{
			name: "task name with Chinese letters", file: "seed-response.json", doc: schema.Response,
			mutate: []mutation{set("/task/task_name", "同步任务_01")},
		},
		{
			name: "column with ColumnInfo extras", file: "seed-response.json", doc: schema.Rawform,
			mutate: []mutation{
				set("/sourceSelectedDatasource/sourceSelectedColumnList/0/is_partition", false),
				set("/sourceSelectedDatasource/sourceSelectedColumnList/0/primary", "true"),
				set("/sourceSelectedDatasource/sourceSelectedColumnList/0/decimal_digits", nil),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			envelope, detail := example(t, tt.file)
			var doc any = envelope
			if tt.doc == schema.Rawform || tt.doc == schema.RawformRequest {
				doc = detail
			}
			for _, m := range tt.mutate {
				m(t, doc)
			}
			lenientWant := tt.lenient
			if tt.sameAsStrict {
				lenientWant = tt.strict
			}
			for _, c := range []struct {
				lenient bool
				want    []leaf
			}{{false, tt.strict}, {true, lenientWant}} {
				v, err := validator.For(tt.doc, c.lenient)
				if err != nil {
					t.Fatal(err)
				}
				got := leaves(v.Validate(doc))
				if !slices.Equal(got, c.want) {
					t.Errorf("lenient=%t: got leaves %v, want %v", c.lenient, got, c.want)
				}
			}
		})
	}
}

// TestEveryPropertyDescribed walks both schemas: every entry of every "properties" map
// must carry a non-empty description, because the schemas are the field documentation.
func TestEveryPropertyDescribed(t *testing.T) {
	for _, name := range schema.Names() {
		b, err := schema.Source(name)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		count := 0
		var walk func(v any, path string)
		walk = func(v any, path string) {
			switch v := v.(type) {
			case map[string]any:
				for k, sub := range v {
					if k == "enum" || k == "const" || k == "examples" {
						continue
					}
					if k == "properties" {
						for prop, ps := range sub.(map[string]any) {
							count++
							m, _ := ps.(map[string]any)
							if d, _ := m["description"].(string); strings.TrimSpace(d) == "" {
								t.Errorf("%s: %s/properties/%s has no description", name, path, prop)
							}
						}
					}
					walk(sub, path+"/"+k)
				}
			case []any:
				for i, sub := range v {
					walk(sub, path+"/"+string(rune('0'+i)))
				}
			}
		}
		walk(doc, "#")
		if count < 20 {
			t.Errorf("%s: only %d properties seen; the walk is broken", name, count)
		}
	}
}

func TestKnownDatasourceTypes(t *testing.T) {
	got := schema.KnownDatasourceTypes()
	if len(got) != 43 {
		t.Errorf("got %d types, want 43 (35 SDK + 8 newer)", len(got))
	}
	for _, want := range []string{"MYSQL", "API", "KAFKA", "CLICKHOUSE"} {
		if !slices.Contains(got, want) {
			t.Errorf("KnownDatasourceTypes() lacks %s", want)
		}
	}
	got[0] = "CHANGED"
	if schema.KnownDatasourceTypes()[0] == "CHANGED" {
		t.Error("KnownDatasourceTypes returns the package's own slice")
	}
}

func TestSource(t *testing.T) {
	if got, want := schema.Names(), []string{"response", "rawform"}; !slices.Equal(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
	ids := map[string]string{"response": schema.ResponseURL, "rawform": schema.RawformURL}
	for _, name := range schema.Names() {
		b, err := schema.Source(name)
		if err != nil {
			t.Fatalf("Source(%q): %v", name, err)
		}
		var doc struct {
			ID     string `json:"$id"`
			Schema string `json:"$schema"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("Source(%q) is not JSON: %v", name, err)
		}
		if doc.ID != ids[name] {
			t.Errorf("Source(%q) $id = %q, want %q", name, doc.ID, ids[name])
		}
		if doc.Schema != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("Source(%q) $schema = %q", name, doc.Schema)
		}
	}
	if _, err := schema.Source("request"); !errors.Is(err, schema.ErrUnknownSchema) {
		t.Errorf("Source(request) error = %v, want ErrUnknownSchema", err)
	}
}

func TestValidatorCompiledOnce(t *testing.T) {
	for _, lenient := range []bool{false, true} {
		a, err := validator.For(schema.Rawform, lenient)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := validator.For(schema.Rawform, lenient)
		if a != b {
			t.Errorf("lenient=%t: two calls compiled twice", lenient)
		}
	}
	s, _ := validator.For(schema.Rawform, false)
	l, _ := validator.For(schema.Rawform, true)
	if s == l {
		t.Error("strict and lenient share one schema")
	}
	if _, err := validator.For(schema.Doc(99), false); err == nil {
		t.Error("Validator(Doc(99)) succeeded")
	}
}

func TestErrorLocationsHaveNoLocalPath(t *testing.T) {
	_, detail := example(t, "seed-response.json")
	detail["surprise"] = true
	v, _ := validator.For(schema.Rawform, false)
	err := v.Validate(detail)
	if err == nil {
		t.Fatal("no error")
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %T is not a *jsonschema.ValidationError", err)
	}
	if !strings.HasPrefix(ve.AbsoluteKeywordLocation, schema.RawformURL) {
		t.Errorf("AbsoluteKeywordLocation = %q, want prefix %q", ve.AbsoluteKeywordLocation, schema.RawformURL)
	}
	if strings.Contains(err.Error(), "file://") {
		t.Errorf("error mentions a local file: %v", err)
	}
}

// largeDetail returns the seed task_detail grown to n mappings and n columns on each side
// (about 5.5 MB of JSON for n = 10,000), decoded.
func largeDetail(b *testing.B, n int) any {
	_, d := example(b, "seed-response.json")
	var mt, mp, mf, cols []any
	for i := range n {
		name := fmt.Sprintf("col_%05d", i)
		mt = append(mt, map[string]any{
			"sourceColumn": name, "sourceColumnType": "VARCHAR", "sourceColumnLength": "255",
			"targetColumn": name, "targetColumnType": "VARCHAR", "targetColumnLength": "255",
			"isAddMapping": false, "isAddDateMapping": false, "isAddBooleanMapping": false, "isAddFDIUUIDMapping": false,
		})
		mp = append(mp, map[string]any{"sourceNullable": "1", "sourceUnique": "0", "targetNullable": "1", "targetUnique": "0"})
		mf = append(mf, map[string]any{"flag": false})
		cols = append(cols, map[string]any{"field_name": name, "field_type": "VARCHAR", "field_length": "255", "null_able": "1", "unique": "0"})
	}
	d["mappingTable"], d["mappingTableProperties"], d["mappingSourceTextOrNot"] = mt, mp, mf
	d["sourceSelectedDatasource"].(map[string]any)["sourceSelectedColumnList"] = cols
	d["targetSelectedDatasource"].(map[string]any)["targetSelectedColumnList"] = cols
	text, err := json.Marshal(d)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("task_detail of %d mappings: %d bytes", n, len(text))
	return decode(b, text)
}

// BenchmarkValidateLarge validates a 10,000-mapping task_detail. Compare with
// BenchmarkDecodeLarge: the bare decode the performance budget is measured against.
func BenchmarkValidateLarge(b *testing.B) {
	detail := largeDetail(b, 10_000)
	v, err := validator.For(schema.Rawform, false)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := v.Validate(detail); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeLarge decodes the same document into map[string]any (UseNumber).
func BenchmarkDecodeLarge(b *testing.B) {
	text, err := json.Marshal(largeDetail(b, 10_000))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		decode(b, text)
	}
}

func BenchmarkValidateSeedDetail(b *testing.B) {
	_, detail := example(b, "seed-response.json")
	for _, lenient := range []bool{false, true} {
		b.Run(map[bool]string{false: "strict", true: "lenient"}[lenient], func(b *testing.B) {
			v, err := validator.For(schema.Rawform, lenient)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := v.Validate(detail); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
