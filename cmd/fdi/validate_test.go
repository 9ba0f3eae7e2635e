package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// runFDI runs the real program in-process and returns its exit code and output.
func runFDI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := run(t.Context(), e, args)
	return code, out.String(), errb.String()
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// TestValidateGolden runs fdi validate on every example and crafted case; the text output is
// compared with testdata/golden/validate/<name>.txt.
func TestValidateGolden(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/examples/*.json")
	invalid, _ := filepath.Glob("../../testdata/invalid/*.json")
	files = append(files, invalid...)
	if len(files) < 10 {
		t.Fatalf("only %d test files", len(files))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			rel := "testdata/" + filepath.Base(filepath.Dir(f)) + "/" + filepath.Base(f)
			t.Chdir("../..")
			code, out, errOut := runFDI(t, "", "validate", rel)
			wantCode := 1
			switch {
			case strings.Contains(rel, "examples/") || name == "warnings":
				wantCode = 0
			case name == "broken-envelope": // not JSON at all
				wantCode = 2
			}
			if code != wantCode {
				t.Errorf("exit %d, want %d; stderr: %s", code, wantCode, errOut)
			}
			golden(t, "testdata/golden/validate/"+name+".txt", out)
		})
	}
}

func TestValidateJSON(t *testing.T) {
	t.Chdir("../..")
	code, out, _ := runFDI(t, "", "validate", "--format", "json", "testdata/examples/seed-response.json", "testdata/invalid/unknown-target.json")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var got struct {
		Files []struct {
			File     string
			Valid    bool
			Kind     string
			Problems []struct {
				Pointer, Severity, Code, Message string
				Line, Column                     int
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if len(got.Files) != 2 || !got.Files[0].Valid || got.Files[1].Valid || got.Files[0].Kind != "response" {
		t.Fatalf("files = %+v", got.Files)
	}
	p := got.Files[1].Problems
	if len(p) != 1 || p[0].Pointer != "/task_detail/mappingTable/1/targetColumn" || p[0].Code != "unknown_target" || p[0].Line != 1 || p[0].Column < 2 {
		t.Errorf("problems = %+v", p)
	}
}

// TestValidateJSONShapes: the real API-source request as JSON (a golden file), and the
// degenerate documents: every file carries "problems" as a list (never null), a document
// that is not even an object has problems and no kind, and {} is told as a bare detail.
func TestValidateJSONShapes(t *testing.T) {
	t.Chdir("../..")
	code, out, _ := runFDI(t, "", "validate", "--format", "json", "testdata/examples/create-request-api-to-oracle.json")
	if code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
	golden(t, "testdata/golden/validate/create-request-api-to-oracle.json", out)

	type file struct {
		Kind     *string
		Valid    bool
		Mappings int
		Problems *[]struct{ Pointer, Code, Message string }
	}
	tests := []struct {
		name, stdin, kind string
		problems          int
	}{
		{"null", "null", "", 1},
		{"array", "[]", "", 1},
		{"string", `""`, "", 1},
		{"object", "{}", "detail", 3}, // the three required keys (missing expected keys would only be warnings)
		{"detail null", `{"task":{"task_name":"abc","task_type":"TIMING","source_datasource_id":"a","target_datasource_id":"b"},"task_detail":"null"}`, "request", 1},
		{"valid", mustRead(t, "testdata/examples/seed-response.json"), "response", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, out, _ := runFDI(t, tt.stdin, "validate", "--format", "json", "-")
			if strings.Contains(out, `"problems": null`) {
				t.Errorf("problems is null:\n%s", out)
			}
			var got struct{ Files []file }
			if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Files) != 1 {
				t.Fatalf("output %q: %v", out, err)
			}
			f := got.Files[0]
			if f.Problems == nil || len(*f.Problems) != tt.problems {
				t.Errorf("problems = %v, want %d", f.Problems, tt.problems)
			}
			kind := ""
			if f.Kind != nil {
				kind = *f.Kind
			}
			if kind != tt.kind {
				t.Errorf("kind = %q, want %q", kind, tt.kind)
			}
			for _, p := range *f.Problems {
				if p.Message == "" || p.Code == "" {
					t.Errorf("problem without message or code: %+v", p)
				}
			}
		})
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestValidateUsageAndIO(t *testing.T) {
	seed, err := os.ReadFile("../../testdata/examples/seed-response.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		out   string
	}{
		{"no files", "", []string{"validate"}, 2, ""},
		{"bad format", "", []string{"validate", "--format", "xml", "x.json"}, 2, ""},
		{"missing file", "", []string{"validate", "does-not-exist.json"}, 2, ""},
		{"stdin", string(seed), []string{"validate", "-"}, 0, "-: valid response, 2 mappings, 0 warnings\n"},
		{"stdin lenient garbage (not JSON: exit 2, as the README says)", "{", []string{"validate", "--lenient", "-"}, 2, "-:/ (line 1, col 2): error: unexpected end of input, expected a string key\n"},
		{"help", "", []string{"validate", "-h"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, _ := runFDI(t, tt.stdin, tt.args...)
			if code != tt.code || (tt.out != "" && out != tt.out) {
				t.Errorf("exit %d, output %q; want %d, %q", code, out, tt.code, tt.out)
			}
		})
	}
}
