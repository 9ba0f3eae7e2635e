package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestDiffFolders is the acceptance case: A = {seed, crm, orders}, B = {seed (edited),
// crm (same), invoices}. It runs in the taskset package's folder so that the output is
// the one taskset's goldens hold.
func TestDiffFolders(t *testing.T) {
	t.Chdir("../../taskset")
	code, out, stderr := runFDI(t, "", "diff", "--format", "json", "testdata/sets/a", "testdata/sets/b")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	var doc struct {
		Tasks []struct {
			Name    string `json:"name"`
			Status  string `json:"status"`
			Summary *struct {
				Breaking, Warning, Info int
			} `json:"summary"`
			Report *json.RawMessage `json:"report"`
		} `json:"tasks"`
		Summary map[string]int `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"fdi_task_pzy4m5": "changed", "crm_customer_sync": "unchanged", "orders_from_api": "removed", "invoices_sync": "added"}
	for _, task := range doc.Tasks {
		if want[task.Name] != task.Status {
			t.Errorf("%s: %s, want %s", task.Name, task.Status, want[task.Name])
		}
		if task.Status == "changed" && (task.Summary == nil || task.Summary.Breaking != 1 || task.Summary.Info != 1 || task.Report == nil) {
			t.Errorf("changed task without its summary and report: %+v", task)
		}
		delete(want, task.Name)
	}
	if len(want) != 0 {
		t.Errorf("missing tasks: %v", want)
	}
	for format, file := range map[string]string{"text": "sets.txt", "markdown": "sets.md", "json": "sets.json"} {
		_, out, _ := runFDI(t, "", "diff", "--format", format, "testdata/sets/a", "testdata/sets/b")
		wantOut, err := os.ReadFile(filepath.Join("testdata/golden", file))
		if err != nil {
			t.Fatal(err)
		}
		if out != string(wantOut) {
			t.Errorf("--format %s differs from taskset/testdata/golden/%s:\n%s", format, file, out)
		}
	}
}

func TestDiffFoldersExitCodes(t *testing.T) {
	t.Chdir("../../taskset")
	same := t.TempDir()
	for _, f := range []string{"crm.json", "seed.json"} {
		b, err := os.ReadFile(filepath.Join("testdata/sets/a", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(same, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, "seed.json"), []byte(`{"task":{"task_name":"fdi_task_pzy4m5"},"task_detail":"{"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		want int
	}{
		{"breaking change, fail-on breaking", []string{"--fail-on", "breaking", "testdata/sets/a", "testdata/sets/b"}, 1},
		{"only added, fail-on warning", []string{"--fail-on", "warning", same, "testdata/sets/a"}, 0},
		{"only added, fail-on any", []string{same, "testdata/sets/a"}, 1},
		{"only removed, fail-on breaking", []string{"--fail-on", "breaking", "testdata/sets/a", same}, 1},
		{"identical folders", []string{same, same}, 0},
		{"an invalid task", []string{same, broken}, 2},
		{"folder and file", []string{same, "testdata/sets/a/seed.json"}, 2},
		{"missing folder", []string{same, filepath.Join(same, "nope")}, 2},
		{"html of folders", []string{"--format", "html", same, same}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runFDI(t, "", append([]string{"diff"}, c.args...)...)
			if code != c.want {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, c.want, stderr)
			}
		})
	}
}
