package rawform_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/rawform"
)

const seedResponse = "../testdata/examples/seed-response.json"

func target(d map[string]any) map[string]any { return d["targetSelectedDatasource"].(map[string]any) }

func mapping(d map[string]any, i int) map[string]any {
	return d["mappingTable"].([]any)[i].(map[string]any)
}

// pc is a problem's pointer and code.
type pc struct{ ptr, code string }

// TestEvidenceTiers: one case per evidence tier and per shape of the list (#18),
// each parsed strictly and leniently. A missing required key is an error in both modes; a
// missing expected key a warning naming the key and what it was seen with, in both; an
// optional (documented) key is accepted present or absent; an unknown key is an error at
// its pointer in strict mode and a kept, reported warning in lenient mode.
func TestEvidenceTiers(t *testing.T) {
	seed, api := mustRead(t, seedResponse), mustRead(t, apiRequest)
	tests := []struct {
		name string
		body []byte
		edit func(d map[string]any)
		// errs are the errors of both modes; strictOnly are errors only in strict mode.
		errs, strictOnly []pc
		// warns are the warnings of both modes (lenientWarns: of lenient mode only).
		warns, lenientWarns []pc
		// seenWith is a word the first warning's message must contain.
		seenWith string
		// bare parses the edited task_detail alone (a response's, told by its keys).
		bare bool
	}{
		// Tier: required.
		{name: "required: a mapping's targetColumn", body: seed,
			edit: func(d map[string]any) { delete(mapping(d, 0), "targetColumn") },
			errs: []pc{{"/task_detail/mappingTable/0/targetColumn", "required"}}},
		{name: "required: the parallel array mappingTableProperties", body: seed,
			edit: func(d map[string]any) { delete(d, "mappingTableProperties") },
			errs: []pc{{"/task_detail/mappingTableProperties", "required"}}},
		{name: "required: a column's field_name", body: seed,
			edit: func(d map[string]any) {
				delete(target(d)["targetSelectedColumnList"].([]any)[2].(map[string]any), "field_name")
			},
			errs: []pc{{"/task_detail/targetSelectedDatasource/targetSelectedColumnList/2/field_name", "required"}}},
		// Tier: expected.
		{name: "expected: an Oracle source without extend_meta_data and isTextInput", body: seed,
			edit: func(d map[string]any) {
				d["sourceDatasourceType"] = "ORACLE"
				delete(source(d), "extend_meta_data")
				delete(source(d), "isTextInput")
			},
			warns: []pc{
				{"/task_detail/sourceSelectedDatasource/extend_meta_data", "expected_field_missing"},
				{"/task_detail/sourceSelectedDatasource/isTextInput", "expected_field_missing"},
			},
			seenWith: "MYSQL"},
		{name: "expected: an API-source response whose relational target has no instanceId or batch_number_style", body: api,
			edit: func(d map[string]any) {
				// The request's detail made a response's: the response-only keys added.
				for k, v := range map[string]any{"projectId": "p", "taskName": "t", "taskType": json.Number("2"),
					"description": "", "taskTag": "", "sourceDatasourceType": "API", "sourceDatasource": "s",
					"sourceDsId": "1", "targetDatasourceType": "ORACLE", "targetDatasource": "o", "targetDsId": "2",
					"needMQS": false, "needAPI": false, "needEmailNew": false,
					"mappingTableProperties": []any{}, "mappingSourceTextOrNot": []any{}} {
					d[k] = v
				}
			},
			warns: []pc{ // sorted by position, then pointer: both name the section's end
				{"/task_detail/targetSelectedDatasource/batch_number_style", "expected_field_missing"},
				{"/task_detail/targetSelectedDatasource/instanceId", "expected_field_missing"},
			},
			seenWith: "MYSQL targets", bare: true},
		{name: "expected: 2 mappings without isAddFDIUUIDMapping give one warning", body: seed,
			edit: func(d map[string]any) {
				delete(mapping(d, 0), "isAddFDIUUIDMapping")
				delete(mapping(d, 1), "isAddFDIUUIDMapping")
			},
			warns:    []pc{{"/task_detail/mappingTable/0/isAddFDIUUIDMapping", "expected_field_missing"}},
			seenWith: "1 more object lacks it too"},
		{name: "expected: the API request without servicetype", body: api,
			edit:     func(d map[string]any) { delete(source(d), "servicetype") },
			warns:    []pc{{"/task_detail/sourceSelectedDatasource/servicetype", "expected_field_missing"}},
			seenWith: "API sources"},
		// Tier: optional (documented).
		{name: "optional: the GaussDB 100 key target_schema", body: seed,
			edit: func(d map[string]any) {
				d["targetDatasourceType"] = "GAUSS100"
				target(d)["target_schema"] = "SALES"
			}},
		{name: "optional: a request without batchNumber", body: api,
			edit: func(d map[string]any) { delete(target(d), "batchNumber") }},
		{name: "optional: mappingInput as the empty string (no API mappings)", body: seed,
			edit: func(d map[string]any) { d["mappingInput"] = "" }},
		// Tier: unknown.
		{name: "unknown: the misspelt targetColum", body: seed,
			edit: func(d map[string]any) {
				m := mapping(d, 0)
				m["targetColum"] = m["targetColumn"]
				delete(m, "targetColumn")
			},
			errs:         []pc{{"/task_detail/mappingTable/0/targetColumn", "required"}},
			strictOnly:   []pc{{"/task_detail/mappingTable/0/targetColum", "additionalProperties"}},
			lenientWarns: []pc{}},
		{name: "unknown: the misspelt target_shema", body: seed,
			edit:         func(d map[string]any) { target(d)["target_shema"] = "S" },
			strictOnly:   []pc{{"/task_detail/targetSelectedDatasource/target_shema", "additionalProperties"}},
			lenientWarns: []pc{{"/task_detail/targetSelectedDatasource/target_shema", "additionalProperties"}}},
		{name: "unknown: a key of the envelope's task", body: seed,
			edit:         func(d map[string]any) {},
			strictOnly:   []pc{{"/task/owner", "additionalProperties"}},
			lenientWarns: []pc{{"/task/owner", "additionalProperties"}}},
		// mappingInput as a string other than "".
		{name: "mappingInput a non-empty string", body: seed,
			edit: func(d map[string]any) { d["mappingInput"] = "a" },
			errs: []pc{{"/task_detail/mappingInput", "const"}}},
	}
	for _, tt := range tests {
		body := editDetail(t, tt.body, tt.edit)
		if strings.HasPrefix(tt.name, "unknown: a key of the envelope") {
			body = []byte(strings.Replace(string(body), `"task":{`, `"task":{"owner":"me",`, 1))
		}
		if tt.bare {
			var env struct {
				Detail string `json:"task_detail"`
			}
			if err := json.Unmarshal(body, &env); err != nil {
				t.Fatal(err)
			}
			body = []byte(env.Detail)
		}
		for _, lenient := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/lenient=%t", tt.name, lenient), func(t *testing.T) {
				var opts []rawform.Option
				if lenient {
					opts = append(opts, rawform.Lenient())
				}
				task, err := rawform.Parse(body, opts...)
				wantErrs := tt.errs
				wantWarns := tt.warns
				if lenient {
					wantWarns = append(append([]pc(nil), tt.warns...), tt.lenientWarns...)
				} else {
					wantErrs = append(append([]pc(nil), tt.errs...), tt.strictOnly...)
				}
				var gotErrs, gotWarns []pc
				var perr *rawform.Error
				if errors.As(err, &perr) {
					for _, p := range perr.Problems {
						gotErrs = append(gotErrs, pc{p.Pointer, string(p.Code)})
						if p.Line == 0 || p.Message == "" {
							t.Errorf("problem without position or message: %+v", p)
						}
					}
				} else if err != nil {
					t.Fatal(err)
				}
				if task != nil {
					for _, p := range task.Warnings {
						gotWarns = append(gotWarns, pc{p.Pointer, string(p.Code)})
						if p.Line == 0 {
							t.Errorf("warning without a position: %+v", p)
						}
					}
				}
				if !samePCs(gotErrs, wantErrs) {
					t.Errorf("errors %v, want %v", gotErrs, wantErrs)
				}
				if len(wantErrs) == 0 && !samePCs(gotWarns, wantWarns) {
					t.Errorf("warnings %v, want %v", gotWarns, wantWarns)
				}
				if tt.seenWith != "" && task != nil && len(task.Warnings) > 0 {
					if m := task.Warnings[0].Message; !strings.Contains(m, tt.seenWith) || !strings.Contains(m, "expected field") {
						t.Errorf("warning %q does not name the key and %q", m, tt.seenWith)
					}
				}
				if err == nil {
					roundTrip(t, task, opts)
				}
				if lenient && task != nil {
					// Unknown keys are kept, not only reported.
					b, _ := task.Encode()
					for _, w := range tt.lenientWarns {
						if k := w.ptr[strings.LastIndexByte(w.ptr, '/')+1:]; !strings.Contains(string(b), k) {
							t.Errorf("unknown key %q reported but not kept", k)
						}
					}
				}
			})
		}
	}
}

func samePCs(a, b []pc) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// roundTrip checks that encoding the task and parsing it again gives the same encoding.
func roundTrip(t *testing.T, task *rawform.Task, opts []rawform.Option) {
	t.Helper()
	b, err := task.Encode()
	if err != nil {
		t.Fatal(err)
	}
	again, err := rawform.Parse(b, opts...)
	if err != nil {
		t.Fatalf("re-parse: %v", err)
	}
	b2, err := again.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != string(b2) {
		t.Errorf("round trip changed the encoding:\n%s\n%s", b, b2)
	}
}

// TestTargetSettingWarnings: the checks the RawFormDataRequest appendix implies
// (TargetDatasourceConfig) are warnings, never errors.
func TestTargetSettingWarnings(t *testing.T) {
	seed := mustRead(t, seedResponse)
	tests := []struct {
		name  string
		edit  func(d map[string]any)
		warns []pc
		words string
	}{
		{"targetNeedCreateTable on MYSQL", func(d map[string]any) { target(d)["targetNeedCreateTable"] = true },
			[]pc{{"/task_detail/targetSelectedDatasource/targetNeedCreateTable", "unsupported_setting"}}, "only PostgreSQL"},
		{"targetNeedCreateTable on POSTGRESQL", func(d map[string]any) {
			d["targetDatasourceType"] = "POSTGRESQL"
			target(d)["targetNeedCreateTable"] = true
		}, nil, ""},
		{"isSupportClearTab on MYSQL", func(d map[string]any) { target(d)["isSupportClearTab"] = true }, nil, ""},
		{"isSupportClearTab on DB2", func(d map[string]any) {
			d["targetDatasourceType"] = "DB2"
			target(d)["isSupportClearTab"] = true
		}, []pc{{"/task_detail/targetSelectedDatasource/isSupportClearTab", "unsupported_setting"}}, "DB2"},
		{"target_schema on MYSQL", func(d map[string]any) { target(d)["target_schema"] = "S" },
			[]pc{{"/task_detail/targetSelectedDatasource/target_schema", "unsupported_setting"}}, "GaussDB 100"},
		{"batchNumber names a mapped column", func(d map[string]any) { target(d)["batchNumber"] = "id" },
			[]pc{{"/task_detail/targetSelectedDatasource/batchNumber", "batch_number"}}, "written by a mapping"},
		{"batchNumber names an unmapped column too short", func(d map[string]any) {
			cols := target(d)["targetSelectedColumnList"].([]any)
			target(d)["targetSelectedColumnList"] = append(cols, map[string]any{"field_name": "b8", "field_type": "VARCHAR", "field_length": "8", "null_able": "1", "unique": "0"})
			target(d)["batchNumber"] = "b8"
		},
			[]pc{{"/task_detail/targetSelectedDatasource/batchNumber", "batch_number"}}, "longer than 14"},
		{"batchNumber names no selected column", func(d map[string]any) { target(d)["batchNumber"] = "nope" },
			[]pc{{"/task_detail/targetSelectedDatasource/batchNumber", "batch_number"}}, "not in targetSelectedColumnList"},
		{"batchNumber names the unmapped VARCHAR(64) bunum", func(d map[string]any) { target(d)["batchNumber"] = "bunum" }, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			task, err := rawform.Parse(editDetail(t, seed, tt.edit))
			if err != nil {
				t.Fatal(err)
			}
			var got []pc
			for _, p := range task.Warnings {
				got = append(got, pc{p.Pointer, string(p.Code)})
			}
			if !samePCs(got, tt.warns) {
				t.Fatalf("warnings %v, want %v", got, tt.warns)
			}
			if tt.words != "" && !strings.Contains(task.Warnings[0].Message, tt.words) {
				t.Errorf("message %q does not say %q", task.Warnings[0].Message, tt.words)
			}
		})
	}
}

// TestSourceKeyRuleBySourceKind: a mappingInput sourceKey is checked against the fields a
// source declares (sourceMetaData.dataSource), and the message names the kind of field;
// a source that declares none (a table) is not judged by that rule.
func TestSourceKeyRuleBySourceKind(t *testing.T) {
	seed := mustRead(t, seedResponse)
	withInput := func(typ string, fields []any) func(d map[string]any) {
		return func(d map[string]any) {
			d["sourceDatasourceType"] = typ
			source(d)["sourceMetaData"] = map[string]any{"dataSource": fields}
			d["mappingInput"] = map[string]any{"dataSource": []any{map[string]any{"sourceKey": "amount", "targetKey": "bunum"}}}
		}
	}
	field := map[string]any{"index": json.Number("0"), "name": "price", "type": "String", "format": "", "path": ""}
	tests := []struct {
		name, typ string
		fields    []any
		want      string // the message's kind of field; "" for no error
	}{
		{"MYSQL source declares no fields", "MYSQL", []any{}, ""},
		{"KAFKA source: a message field", "KAFKA", []any{field}, "message field"},
		{"FTP source: a file field", "FTP", []any{field}, "file field"},
		{"API source: an API field", "API", []any{field}, "API field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rawform.Parse(editDetail(t, seed, withInput(tt.typ, tt.fields)))
			var perr *rawform.Error
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.want == "":
				return
			case !errors.As(err, &perr):
				t.Fatalf("err = %v, want an unknown_source problem", err)
			}
			p := perr.Problems[0]
			if p.Code != rawform.CodeUnknownSource || p.Pointer != "/task_detail/mappingInput/dataSource/0/sourceKey" || !strings.HasPrefix(p.Message, tt.want+` "amount"`) {
				t.Errorf("problem %v, want unknown_source at sourceKey naming a %s", p, tt.want)
			}
		})
	}
}

// TestPartial: with Partial, every invalid case whose task_detail decodes as an object
// gives the Task read so far beside its *Error (the same problems as without Partial),
// without warnings; the seed's mappings survive a missing required key elsewhere.
func TestPartial(t *testing.T) {
	files, _ := filepath.Glob("../testdata/invalid/*.json")
	if len(files) < 10 {
		t.Fatalf("only %d invalid cases", len(files))
	}
	for _, f := range files {
		body := mustRead(t, f)
		plainTask, plainErr := rawform.Parse(body)
		if plainErr == nil {
			continue // warnings.json: a valid task with warnings
		}
		task, err := rawform.Parse(body, rawform.Partial())
		if err == nil || plainErr.Error() != err.Error() {
			t.Errorf("%s: Partial changed the error: %v → %v", f, plainErr, err)
		}
		if task != nil && plainTask == nil && (task.Detail == nil || len(task.Warnings) != 0) {
			t.Errorf("%s: partial task without detail or with warnings", f)
		}
	}
	seed := mustRead(t, seedResponse)
	body := editDetail(t, seed, func(d map[string]any) { delete(source(d), "sourceTable") })
	task, err := rawform.Parse(body, rawform.Partial())
	var perr *rawform.Error
	if !errors.As(err, &perr) || perr.Problems[0].Pointer != "/task_detail/sourceSelectedDatasource/sourceTable" {
		t.Fatalf("err = %v, want the missing sourceTable", err)
	}
	if task == nil || len(task.Detail.Mappings) != 2 || task.Detail.Mappings[1].Target.Column != "name" || task.Info.Name == "" {
		t.Fatalf("partial task %+v, want the seed's two mappings and its envelope", task)
	}
}

// TestEnvelopeExpectedKeys: the task object of a response has no required key (the SDK
// leaves every one optional); those both response examples carry are expected.
func TestEnvelopeExpectedKeys(t *testing.T) {
	seed := string(mustRead(t, seedResponse))
	body := strings.Replace(seed, `"task_id" : "9496207a5d6b44b486d79005b5815bd4",`, ``, 1)
	if body == seed {
		t.Fatal("task_id not found in the seed")
	}
	task, err := rawform.Parse([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(task.Warnings) != 1 || task.Warnings[0].Pointer != "/task/task_id" || task.Warnings[0].Code != rawform.CodeExpectedMissing {
		t.Errorf("warnings %v, want task_id expected", task.Warnings)
	}
}
