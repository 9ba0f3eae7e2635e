package rawform_test

import (
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/internal/jsonptr"
	"github.com/fdireview/fdireview/rawform"
)

// TestDeleteEachKey deletes every key of the two complete real examples' task_detail in
// turn (in arrays, from the first item only) and parses the result strictly and
// leniently. Each deletion is either refused at the deleted key's pointer (a required
// key), accepted with an expected_field_missing warning at that pointer (an expected
// key), or accepted silently (an optional key, or one whose absence makes the section
// another kind); the complaint — every key of the examples required — is gone: far
// more deletions are accepted than refused, and both modes agree.
func TestDeleteEachKey(t *testing.T) {
	counts := map[string]int{}
	var silent []string
	for _, file := range []string{seedResponse, apiRequest} {
		body := mustRead(t, file)
		var env map[string]any
		if err := json.Unmarshal(body, &env); err != nil {
			t.Fatal(err)
		}
		var detail any
		if err := json.Unmarshal([]byte(env["task_detail"].(string)), &detail); err != nil {
			t.Fatal(err)
		}
		var ptrs []string
		var walk func(v any, ptr string)
		walk = func(v any, ptr string) {
			switch x := v.(type) {
			case map[string]any:
				for k, sub := range x {
					p := ptr + "/" + jsonptr.Escape(k)
					ptrs = append(ptrs, p)
					walk(sub, p)
				}
			case []any:
				if len(x) > 0 {
					walk(x[0], ptr+"/0")
				}
			}
		}
		walk(detail, "")
		sort.Strings(ptrs)
		for _, ptr := range ptrs {
			edited := editDetail(t, body, func(d map[string]any) { deleteAt(d, ptr) })
			want := "/task_detail" + ptr
			var outcome [2]string
			for i, opts := range [][]rawform.Option{nil, {rawform.Lenient()}} {
				task, err := rawform.Parse(edited, opts...)
				var perr *rawform.Error
				switch {
				case errors.As(err, &perr):
					outcome[i] = "refused elsewhere"
					for _, p := range perr.Problems {
						if p.Pointer == want && p.Code == rawform.CodeRequired {
							outcome[i] = "required"
						}
					}
				case err != nil:
					t.Fatal(err)
				default:
					outcome[i] = "silent"
					for _, w := range task.Warnings {
						if w.Pointer == want && w.Code == rawform.CodeExpectedMissing {
							outcome[i] = "expected"
						}
					}
				}
			}
			if outcome[0] != outcome[1] {
				t.Errorf("%s %s: strict %s, lenient %s", file, ptr, outcome[0], outcome[1])
			}
			counts[outcome[0]]++
			if outcome[0] == "silent" {
				silent = append(silent, ptr)
			}
		}
	}
	t.Logf("deletions: %v; accepted silently: %s", counts, strings.Join(silent, " "))
	if counts["expected"] <= counts["required"] {
		t.Errorf("deletions %v: want more expected (warnings) than required (errors)", counts)
	}
	for _, ptr := range silent {
		if !optionalOrShape[ptr] {
			t.Errorf("deleting %s is accepted without a warning", ptr)
		}
	}
}

// optionalOrShape are the keys whose deletion is rightly silent: documented optional
// keys, and keys whose absence makes the section another (open) kind — a request names no
// target type, so a target without its table or column list is not a relational one.
var optionalOrShape = map[string]bool{
	"/targetSelectedDatasource/targetNeedCreateTable":    true, // documented, optional
	"/targetSelectedDatasource/isSupportClearTab":        true,
	"/targetSelectedDatasource/batchNumber":              true,
	"/error_handler":                                     true, // DOC-REQ: only when wanted
	"/afterImplementation":                               true,
	"/sourceSelectedDatasource/sourceMetaData/mode":      true, // seen in one example of two
	"/mappingInput/dataSource":                           true, // EX-SHOW's {} has none
	"/targetSelectedDatasource/targetTable":              true, // shape: no longer relational
	"/targetSelectedDatasource/targetSelectedColumnList": true,
}

// deleteAt deletes the member at ptr (a pointer into d).
func deleteAt(d map[string]any, ptr string) {
	toks := jsonptr.Split(ptr)
	var v any = d
	for _, tok := range toks[:len(toks)-1] {
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			v = x[0]
		}
	}
	if m, ok := v.(map[string]any); ok {
		delete(m, toks[len(toks)-1])
	}
}
