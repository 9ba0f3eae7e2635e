package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestShapeGolden prints the shape of the seed response, of the real API request and of a
// refused task (a misspelt targetColumn, an ORACLE source without two MYSQL keys) and
// compares each with testdata/golden/shape/<name>.txt.
func TestShapeGolden(t *testing.T) {
	for _, tt := range []struct {
		name, file string
	}{
		{"seed-response", "testdata/examples/seed-response.json"},
		{"create-request-api-to-oracle", "testdata/examples/create-request-api-to-oracle.json"},
		{"refused", "cmd/fdi/testdata/shape/refused.json"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir("../..")
			code, out, errOut := runFDI(t, "", "shape", tt.file)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, filepath.Join("testdata", "golden", "shape", tt.name+".txt"), out)
		})
	}
}

// TestShapeHasNoValues: no value of the task appears in its shape (table, column and data
// source names, IDs, the SQL), in either format; a refused task's unknown key is marked.
func TestShapeHasNoValues(t *testing.T) {
	t.Chdir("../..")
	body := mustRead(t, "cmd/fdi/testdata/shape/refused.json")
	var values, keys []string
	var collect func(v any)
	collect = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, s := range x {
				keys = append(keys, k)
				collect(s)
			}
		case []any:
			for _, s := range x {
				collect(s)
			}
		case string:
			var inner any
			if json.Unmarshal([]byte(x), &inner) == nil {
				collect(inner)
			} else if len(x) >= 3 {
				values = append(values, x)
			}
		}
	}
	var doc any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	collect(doc)
	if len(values) < 20 {
		t.Fatalf("only %d values collected", len(values))
	}
	for _, format := range []string{"text", "json"} {
		code, out, errOut := runFDI(t, "", "shape", "--format", format, "cmd/fdi/testdata/shape/refused.json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		for _, v := range values {
			inKey := false // "name" is in field_name, "UUID" in isAddFDIUUIDMapping
			for _, k := range keys {
				inKey = inKey || strings.Contains(k, v)
			}
			if !inKey && strings.Contains(out, v) {
				t.Errorf("%s: the shape shows the value %q", format, v)
			}
		}
		if !strings.Contains(out, "targetColum") || !strings.Contains(out, "unknown") || !strings.Contains(out, "missing expected") {
			t.Errorf("%s: the unknown key or the missing expected keys are not marked:\n%s", format, out)
		}
	}
}

// TestShapeUsage: no file, two files, a bad format and input that is not JSON exit 2.
func TestShapeUsage(t *testing.T) {
	for _, args := range [][]string{{"shape"}, {"shape", "a", "b"}, {"shape", "--format", "xml", "-"}} {
		if code, _, _ := runFDI(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, errOut := runFDI(t, "{not json", "shape", "-"); code != 2 || !strings.Contains(errOut, "not JSON") {
		t.Errorf("not JSON: exit %d, %q", code, errOut)
	}
}
