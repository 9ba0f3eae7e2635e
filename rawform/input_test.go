package rawform_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fdireview/fdireview/rawform"
)

const apiRequest = "../testdata/examples/create-request-api-to-oracle.json"

// editDetail decodes an envelope's task_detail, lets edit change it, and returns the
// envelope with the edited task_detail (keys re-ordered by encoding/json; values kept).
func editDetail(t testing.TB, body []byte, edit func(d map[string]any)) []byte {
	t.Helper()
	var env map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&env); err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	dec = json.NewDecoder(bytes.NewReader([]byte(env["task_detail"].(string))))
	dec.UseNumber()
	if err := dec.Decode(&d); err != nil {
		t.Fatal(err)
	}
	edit(d)
	inner, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	env["task_detail"] = string(inner)
	out, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func source(d map[string]any) map[string]any { return d["sourceSelectedDatasource"].(map[string]any) }

func inputItems(d map[string]any) []any {
	return d["mappingInput"].(map[string]any)["dataSource"].([]any)
}

// addAPIField declares an API field and maps it to a target column.
func addAPIField(d map[string]any, name, typ, format, target string) {
	md := source(d)["sourceMetaData"].(map[string]any)
	fields := md["dataSource"].([]any)
	md["dataSource"] = append(fields, map[string]any{"index": json.Number(itoa(len(fields))), "name": name, "type": typ, "format": format, "path": ""})
	in := d["mappingInput"].(map[string]any)
	in["dataSource"] = append(inputItems(d), map[string]any{"sourceKey": name, "targetKey": target})
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// TestParseAPIRequest reads the real CreateCommonTask request: an API source recognised
// by its shape, two mappingInput mappings resolved against the API fields and the target
// columns, error_handler and afterImplementation typed.
func TestParseAPIRequest(t *testing.T) {
	task, err := rawform.Parse(readFile(t, apiRequest))
	if err != nil {
		t.Fatal(err)
	}
	if task.Shape != rawform.ShapeRequest {
		t.Errorf("Kind = %v, want request", task.Shape)
	}
	d := task.Detail
	if !d.APISource() {
		t.Error("APISource() = false for the real API-source request (no sourceDatasourceType; recognised by shape)")
	}
	if d.HasProperties {
		t.Error("HasProperties = true without mappingTableProperties")
	}
	type endpoint struct{ Column, Type, Length string }
	var got []struct {
		Form           rawform.MappingForm
		Index          int
		Source, Target endpoint
		TargetNullable bool
	}
	for _, m := range d.Mappings {
		got = append(got, struct {
			Form           rawform.MappingForm
			Index          int
			Source, Target endpoint
			TargetNullable bool
		}{m.Form, m.Index, endpoint{m.Source.Column, m.Source.Type, m.Source.Length.String()},
			endpoint{m.Target.Column, m.Target.Type, m.Target.Length.String()}, m.Target.Nullable.Value})
	}
	want := []struct {
		Form           rawform.MappingForm
		Index          int
		Source, Target endpoint
		TargetNullable bool
	}{
		{rawform.FormInput, 0, endpoint{"name", "String", ""}, endpoint{"RES_SUBNET_IP_BETA", "VARCHAR2", "32"}, true},
		{rawform.FormInput, 1, endpoint{"age", "Integer", ""}, endpoint{"METRIC_DATA", "VARCHAR2", "2048"}, true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mappings (-want +got):\n%s", diff)
	}
	if m := d.Mappings[0]; m.Source.Nullable.Known() || m.Target.TypeString() != "VARCHAR2(32)" {
		t.Errorf("API mapping 0: source nullability known %t, target %s", m.Source.Nullable.Known(), m.Target.TypeString())
	}
	wantEH := []rawform.ErrorHandler{{Mode: "OBS", Path: "data1", DatasourceID: "79c4caaa3e1441dfb0351038fcf5f281",
		AppID: "73965e3c-72b2-40c3-8335-2154ebd6c23a"}}
	if diff := cmp.Diff(wantEH, d.ErrorHandlers, ignoreSeen); diff != "" || d.ErrorHandlersList {
		t.Errorf("error_handler (list %t) (-want +got):\n%s", d.ErrorHandlersList, diff)
	}
	wantAA := []rawform.AfterAction{{Type: "KAFKA", AppID: "73965e3c-72b2-40c3-8335-2154ebd6c23a",
		DatasourceID: "a87a31a6288e4698865be122ae485dc0", Topic: "lgytest99", Message: "success"}}
	if diff := cmp.Diff(wantAA, d.AfterActions, ignoreSeen); diff != "" || d.AfterActionsList {
		t.Errorf("afterImplementation (list %t) (-want +got):\n%s", d.AfterActionsList, diff)
	}
	// Settings lists the top-level keys that are not mappings, in their wire form.
	set := d.Settings()
	if _, ok := set["mappingInput"]; ok {
		t.Error("Settings lists mappingInput, whose mappings are in Mappings")
	}
	if eh, _ := set["error_handler"].(map[string]any); eh["path"] != "data1" || set["mappingRequired"] != true {
		t.Errorf("Settings = %v", set)
	}
	if aa, _ := set["afterImplementation"].(map[string]any); aa["topic"] != "lgytest99" {
		t.Errorf("Settings afterImplementation = %v", set["afterImplementation"])
	}
	seed, err := rawform.Parse(readFile(t, "../testdata/examples/seed-response.json"))
	if err != nil {
		t.Fatal(err)
	}
	if in, ok := seed.Detail.Settings()["mappingInput"].(map[string]any); !ok || len(in) != 0 {
		t.Errorf("seed Settings mappingInput = %v, want {}", seed.Detail.Settings()["mappingInput"])
	}
	// Numbers as strings stay strings; dataTimestamp stays a number.
	for k, v := range map[string]any{"page_size": "10", "current_page_num": "1", "compensation_time": "0", "isParse": "true",
		"dataTimestamp": json.Number("1606807799782"), "need_inc_migration": true} {
		if d.Source.Extra[k] != v {
			t.Errorf("source %s = %#v, want %#v", k, d.Source.Extra[k], v)
		}
	}
}

// ignoreSeen ignores which keys were read (values built in Go have every key).
var ignoreSeen = cmp.FilterPath(func(p cmp.Path) bool {
	return p.Last().Type() == reflect.TypeFor[rawform.KeySet]()
}, cmp.Ignore())

// TestAPIRequestVariants: the acceptance variants are valid, and re-encode to the same
// document in the same wire forms.
func TestAPIRequestVariants(t *testing.T) {
	base := readFile(t, apiRequest)
	tests := []struct {
		name     string
		edit     func(d map[string]any)
		mappings int
		check    func(t *testing.T, d *rawform.Detail)
	}{
		{"as published", func(map[string]any) {}, 2, nil},
		{"handlers as one-element lists", func(d map[string]any) {
			d["error_handler"] = []any{d["error_handler"]}
			d["afterImplementation"] = []any{d["afterImplementation"]}
		}, 2, func(t *testing.T, d *rawform.Detail) {
			if !d.ErrorHandlersList || !d.AfterActionsList || len(d.ErrorHandlers) != 1 || len(d.AfterActions) != 1 {
				t.Errorf("lists not recognised: %v %v", d.ErrorHandlers, d.AfterActions)
			}
		}},
		{"a third API field mapped", func(d map[string]any) {
			addAPIField(d, "zone", "String", "", "AVAILABILITY_ZONE")
		}, 3, func(t *testing.T, d *rawform.Detail) {
			if m := d.Mappings[2]; m.Form != rawform.FormInput || m.Index != 2 || m.Target.Column != "AVAILABILITY_ZONE" || m.Target.Type != "VARCHAR2" {
				t.Errorf("third mapping = %+v", m)
			}
		}},
		{"a date field with a format into TIMESTAMP(6)", func(d map[string]any) {
			addAPIField(d, "expires", "Date", "yyyy-MM-dd HH:mm:ss", "ROOT_PASSWORD_OVERDUE_TIME")
		}, 3, func(t *testing.T, d *rawform.Detail) {
			if m := d.Mappings[2]; m.Source.Format != "yyyy-MM-dd HH:mm:ss" || m.Target.Type != "TIMESTAMP(6)" {
				t.Errorf("date mapping = %+v", m)
			}
		}},
		{"error_handler of another mode kept", func(d map[string]any) {
			d["error_handler"] = map[string]any{"mode": "DIS", "stream": "errors", "path": "p"}
		}, 2, func(t *testing.T, d *rawform.Detail) {
			if h := d.ErrorHandlers[0]; h.Mode != "DIS" || h.Path != "p" || h.Extra["stream"] != "errors" {
				t.Errorf("DIS handler = %+v", h)
			}
		}},
		{"no handlers, empty lists", func(d map[string]any) {
			d["error_handler"] = []any{}
			delete(d, "afterImplementation")
		}, 2, func(t *testing.T, d *rawform.Detail) {
			if !d.ErrorHandlersList || len(d.ErrorHandlers) != 0 || d.AfterActions != nil {
				t.Errorf("handlers = %v (list %t), %v", d.ErrorHandlers, d.ErrorHandlersList, d.AfterActions)
			}
		}},
		{"mappingInput as the documented list", func(d map[string]any) {
			d["mappingInput"] = []any{map[string]any{"anything": "kept"}}
		}, 0, func(t *testing.T, d *rawform.Detail) {
			if len(d.Input.List) != 1 {
				t.Errorf("Input.List = %v", d.Input.List)
			}
		}},
		{"declared API source", func(d map[string]any) { d["sourceDatasourceType"] = "API" }, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := editDetail(t, base, tt.edit)
			task, err := rawform.Parse(in)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(task.Detail.Mappings) != tt.mappings {
				t.Errorf("%d mappings, want %d", len(task.Detail.Mappings), tt.mappings)
			}
			if tt.check != nil {
				tt.check(t, task.Detail)
			}
			out, err := task.Encode()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(decodeDeep(t, in), decodeDeep(t, out)); diff != "" {
				t.Errorf("re-encoded document differs (-in +out):\n%s", diff)
			}
		})
	}
}

// TestAPIRequestProblems: the semantic checks of mappingInput mappings, and the schema's
// rules for the request shape, each named by pointer and code.
func TestAPIRequestProblems(t *testing.T) {
	base := readFile(t, apiRequest)
	type pc struct {
		Pointer string
		Code    rawform.Code
	}
	tests := []struct {
		name    string
		edit    func(d map[string]any)
		lenient bool
		want    []pc
	}{
		{"sourceKey no declared field", func(d map[string]any) {
			inputItems(d)[1].(map[string]any)["sourceKey"] = "weight"
		}, false, []pc{{"/task_detail/mappingInput/dataSource/1/sourceKey", rawform.CodeUnknownSource}}},
		{"targetKey no selected column", func(d map[string]any) {
			inputItems(d)[0].(map[string]any)["targetKey"] = "SUBNET"
		}, false, []pc{{"/task_detail/mappingInput/dataSource/0/targetKey", rawform.CodeUnknownTarget}}},
		{"a target written twice", func(d map[string]any) {
			inputItems(d)[1].(map[string]any)["targetKey"] = "RES_SUBNET_IP_BETA"
		}, false, []pc{{"/task_detail/mappingInput/dataSource/1/targetKey", rawform.CodeDuplicateTarget}}},
		{"a target written by both forms", func(d map[string]any) {
			d["mappingTable"] = []any{map[string]any{"sourceColumn": "name", "sourceColumnType": "String", "sourceColumnLength": "",
				"targetColumn": "METRIC_DATA", "targetColumnType": "VARCHAR2", "targetColumnLength": "2048",
				"isAddMapping": false, "isAddDateMapping": false, "isAddBooleanMapping": false, "isAddFDIUUIDMapping": false}}
		}, false, []pc{{"/task_detail/mappingInput/dataSource/1/targetKey", rawform.CodeDuplicateTarget}}},
		{"unknown key in an input mapping", func(d map[string]any) {
			inputItems(d)[0].(map[string]any)["transform"] = "upper"
		}, false, []pc{{"/task_detail/mappingInput/dataSource/0/transform", "additionalProperties"}}},
		{"unknown key in an input mapping, lenient", func(d map[string]any) {
			inputItems(d)[0].(map[string]any)["transform"] = "upper"
		}, true, nil},
		{"OBS handler without path", func(d map[string]any) {
			delete(d["error_handler"].(map[string]any), "path")
		}, false, []pc{{"/task_detail/error_handler/path", "required"}}},
		{"KAFKA action in a list with an unknown key", func(d map[string]any) {
			a := d["afterImplementation"].(map[string]any)
			a["partition"] = "0"
			d["afterImplementation"] = []any{a}
		}, false, []pc{{"/task_detail/afterImplementation/0/partition", "additionalProperties"}}},
		{"unknown API source key", func(d map[string]any) {
			source(d)["retryTimes"] = "3"
		}, false, []pc{{"/task_detail/sourceSelectedDatasource/retryTimes", "additionalProperties"}}},
		{"page_size as a number", func(d map[string]any) {
			source(d)["page_size"] = json.Number("10")
		}, false, []pc{{"/task_detail/sourceSelectedDatasource/page_size", "type"}}},
		{"response-only key of the wrong type", func(d map[string]any) {
			d["needAPI"] = "no"
		}, false, []pc{{"/task_detail/needAPI", "type"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []rawform.Option
			if tt.lenient {
				opts = append(opts, rawform.Lenient())
			}
			task, err := rawform.Parse(editDetail(t, base, tt.edit), opts...)
			var got []pc
			var perr *rawform.Error
			if errors.As(err, &perr) {
				for _, p := range perr.Problems {
					got = append(got, pc{p.Pointer, p.Code})
					if p.Line == 0 {
						t.Errorf("problem without a position: %v", p)
					}
				}
				if perr.Shape != rawform.ShapeRequest {
					t.Errorf("Error.Shape = %v, want request", perr.Shape)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if tt.want == nil && task == nil {
				t.Error("no task")
			}
		})
	}
}

// TestDegenerateDocuments: null, [], "" and {} as the file or as task_detail each give
// at least one problem with a pointer and a message, never a silent failure.
func TestDegenerateDocuments(t *testing.T) {
	req := func(detail string) string {
		b, _ := json.Marshal(detail)
		return `{"task":{"task_name":"abc","task_type":"TIMING","source_datasource_id":"a","target_datasource_id":"b"},"task_detail":` + string(b) + `}`
	}
	tests := []struct {
		in       string
		kind     rawform.Shape
		pointers []string
	}{
		{`null`, rawform.ShapeUnknown, []string{""}},
		{`[]`, rawform.ShapeUnknown, []string{""}},
		{`""`, rawform.ShapeUnknown, []string{""}},
		{`{}`, rawform.ShapeDetail, []string{"/task_detail/mappingTable",
			"/task_detail/sourceSelectedDatasource", "/task_detail/targetSelectedDatasource"}},
		{req(`null`), rawform.ShapeRequest, []string{"/task_detail"}},
		{req(`[]`), rawform.ShapeRequest, []string{"/task_detail"}},
		{req(``), rawform.ShapeRequest, []string{"/task_detail", "/task_detail"}},
		{req(`{}`), rawform.ShapeRequest, []string{"/task_detail/mappingTable",
			"/task_detail/sourceSelectedDatasource", "/task_detail/targetSelectedDatasource"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := rawform.Parse([]byte(tt.in))
			var perr *rawform.Error
			if !errors.As(err, &perr) {
				t.Fatalf("err = %v, want *rawform.Error", err)
			}
			if perr.Shape != tt.kind {
				t.Errorf("Kind = %v, want %v", perr.Shape, tt.kind)
			}
			var ptrs []string
			for _, p := range perr.Problems {
				ptrs = append(ptrs, p.Pointer)
				if p.Message == "" || p.Line == 0 {
					t.Errorf("problem without message or position: %+v", p)
				}
			}
			slices.Sort(ptrs)
			if !slices.Equal(ptrs, tt.pointers) {
				t.Errorf("pointers %q, want %q", ptrs, tt.pointers)
			}
		})
	}
	if _, err := rawform.ParseDetail([]byte(`null`)); err == nil || len(err.(*rawform.Error).Problems) == 0 {
		t.Errorf("ParseDetail(null) = %v, want a problem", err)
	}
}
