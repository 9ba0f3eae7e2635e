package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
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

// TestDiffFoldersAppliesAcceptedChanges: accepted-changes files work across a set, found
// in NEW_DIR by default, and stale entries are named once.
func TestDiffFoldersAppliesAcceptedChanges(t *testing.T) {
	// The folders are in a git work tree with the working directory: a default file is
	// found only there.
	root := t.TempDir()
	old, nw := filepath.Join(root, "old"), filepath.Join(root, "new")
	for _, d := range []string{filepath.Join(root, ".git"), old, nw} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for dir, from := range map[string]string{old: "../../taskset/testdata/sets/a/seed.json", nw: "../../taskset/testdata/sets/b/seed.json"} {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "seed.json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(root)
	if code, _, stderr := runFDI(t, "", "diff", "--fail-on", "breaking", old, nw); code != 1 {
		t.Fatalf("without accepted changes: exit %d, want 1; %s", code, stderr)
	}
	file := filepath.Join(nw, "fdi-accepted.toml")
	if code, out, stderr := runFDI(t, "", "accept", filepath.Join(old, "seed.json"), filepath.Join(nw, "seed.json"),
		"--column", "name", "--all-kinds", "--reason", "capped upstream", "--by", "bob", "-o", file); code != 0 {
		t.Fatalf("accept: exit %d\n%s\n%s", code, out, stderr)
	}
	code, out, stderr := runFDI(t, "", "diff", "--fail-on", "breaking", old, nw)
	if code != 0 || !strings.Contains(out, "0 breaking, 0 warnings, 0 info, 2 accepted") || !strings.Contains(stderr, "2 changes accepted by "+file) || !strings.Contains(stderr, "accepted changes from "+file) {
		t.Errorf("with the default file: exit %d\n%s\n%s", code, out, stderr)
	}
	_, js, _ := runFDI(t, "", "diff", "--format", "json", old, nw)
	if !strings.Contains(js, `"reason": "capped upstream"`) || !strings.Contains(js, `"accepted": 2`) {
		t.Errorf("JSON without the accepted changes:\n%s", js)
	}
	if code, _, _ := runFDI(t, "", "diff", "--no-accepted", "--fail-on", "breaking", old, nw); code != 1 {
		t.Errorf("--no-accepted: exit %d, want 1", code)
	}
	// Another narrowing than the one accepted: the entry is stale, named once.
	edited := t.TempDir()
	b, err := os.ReadFile(filepath.Join(nw, "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte(`targetColumnLength\":\"100\"`), []byte(`targetColumnLength\":\"50\"`), 1)
	if err := os.WriteFile(filepath.Join(edited, "seed.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runFDI(t, "", "diff", "--accepted", file, "--fail-on", "breaking", old, edited)
	if code != 1 || strings.Count(stderr, "stale accepted change") != 1 {
		t.Errorf("edited change: exit %d, want 1 and one stale warning; stderr:\n%s", code, stderr)
	}
}
