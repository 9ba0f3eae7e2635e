package rawform_test

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fdireview/fdireview/rawform"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestModelJSON pins the JSON of the model types outside the wire encoding (which Task and
// Detail keep: json.Marshal of a Task is the task document): every exported type marshals
// with snake_case keys, Shape and MappingForm as words, and an *Error with its shape and
// problems. The golden is testdata/golden/model.json; -update rewrites it.
func TestModelJSON(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	task, err := rawform.Parse(read("seed-response.json"))
	if err != nil {
		t.Fatal(err)
	}
	api, err := rawform.Parse(read("create-request-api-to-oracle.json"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = rawform.Parse(read("unknown-target.json"))
	var perr *rawform.Error
	if !errors.As(err, &perr) {
		t.Fatalf("unknown-target.json: %v, want *rawform.Error", err)
	}
	view := map[string]any{
		"shape":          task.Shape,
		"info":           task.Info,
		"source":         task.Detail.Source,
		"target":         task.Detail.Target,
		"mappings":       task.Detail.Mappings[:2],
		"api_shape":      api.Shape,
		"api_mapping":    api.Detail.Mappings[0],
		"api_input":      api.Detail.Input,
		"limits":         rawform.DefaultLimits(),
		"error":          perr,
		"unknown_shape":  rawform.ShapeUnknown,
		"task_warnings":  task.Warnings,
		"detail_handler": api.Detail.ErrorHandlers,
	}
	got, err := json.MarshalIndent(view, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", "model.json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("model JSON differs from %s (-want +got):\n%s", path, d)
	}
	// No Go field name (an upper-case key) anywhere: every key is the model's vocabulary
	// or a wire key kept in an Extra map, and neither starts with a capital.
	var v any
	if err := json.Unmarshal(got, &v); err != nil {
		t.Fatal(err)
	}
	var keys func(v any)
	keys = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if k != "" && k[0] >= 'A' && k[0] <= 'Z' {
					t.Errorf("key %q is a Go field name, want snake_case", k)
				}
				keys(x)
			}
		case []any:
			for _, x := range v {
				keys(x)
			}
		}
	}
	keys(v)

	// Shape and MappingForm read back what they write.
	for _, s := range []rawform.Shape{rawform.ShapeResponse, rawform.ShapeRequest, rawform.ShapeDetail, rawform.ShapeUnknown} {
		b, _ := json.Marshal(s)
		var back rawform.Shape
		if err := json.Unmarshal(b, &back); err != nil || back != s {
			t.Errorf("Shape %v: %s read back as %v, %v", s, b, back, err)
		}
	}
	for _, f := range []rawform.MappingForm{rawform.FormTable, rawform.FormInput} {
		b, _ := json.Marshal(f)
		var back rawform.MappingForm
		if err := json.Unmarshal(b, &back); err != nil || back != f {
			t.Errorf("MappingForm %v: %s read back as %v, %v", f, b, back, err)
		}
	}
	var s rawform.Shape
	if err := json.Unmarshal([]byte(`"envelope"`), &s); err == nil {
		t.Error(`Shape accepted "envelope"`)
	}
}
