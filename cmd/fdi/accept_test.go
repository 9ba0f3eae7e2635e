package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAcceptThenDiff is the acceptance check of the review workflow on the bundled seed
// pair: breaking without a file, accepted with it, breaking again (and the stale entry
// named) once the accepted change is edited.
func TestAcceptThenDiff(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "accepted.toml")
	if code, _, stderr := runFDI(t, "", "diff", "--fail-on", "breaking", seedOld, seedNew); code != 1 {
		t.Fatalf("without a file: exit %d, want 1; %s", code, stderr)
	}
	code, stdout, stderr := runFDI(t, "", "accept", seedOld, seedNew, "--column", "name", "--all-kinds", "--reason", "name is capped at 100 upstream", "--by", "alice", "-o", file)
	if code != 0 || !strings.Contains(stdout, "4 changes accepted in "+file) {
		t.Fatalf("accept: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, stderr = runFDI(t, "", "diff", "--accepted", file, "--fail-on", "breaking", seedOld, seedNew)
	if code != 0 || !strings.Contains(stdout, "0 breaking, 1 warning, 4 info, 4 accepted by "+file) || !strings.Contains(stdout, "accepted: name is capped at 100 upstream (by alice)") {
		t.Fatalf("with the file: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if stderr != "" {
		t.Errorf("warnings with a fresh file: %s", stderr)
	}
	// The JSON and Markdown outputs keep the accepted changes, with the reason.
	_, js, _ := runFDI(t, "", "diff", "--accepted", file, "--format", "json", seedOld, seedNew)
	_, md, _ := runFDI(t, "", "diff", "--accepted", file, "--format", "markdown", seedOld, seedNew)
	if !strings.Contains(js, `"reason": "name is capped at 100 upstream"`) || !strings.Contains(md, "<summary>accepted (4)</summary>") {
		t.Errorf("accepted changes missing from JSON or Markdown:\n%s\n%s", js, md)
	}

	// Edit the new task: another length for the accepted narrowing.
	body, err := os.ReadFile(seedNew)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(body, []byte(`\"targetColumnLength\":\"100\"`), []byte(`\"targetColumnLength\":\"50\"`), 1)
	edited = bytes.Replace(edited, []byte(`\"field_length\":\"100\"`), []byte(`\"field_length\":\"50\"`), 1)
	if bytes.Equal(edited, body) {
		t.Fatal("the edit did not apply")
	}
	editedPath := filepath.Join(dir, "seed-v2-edited.json")
	if err := os.WriteFile(editedPath, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runFDI(t, "", "diff", "--accepted", file, "--fail-on", "breaking", seedOld, editedPath)
	if code != 1 {
		t.Fatalf("edited change: exit %d, want 1", code)
	}
	if !strings.Contains(stderr, file+":5: stale accepted change, it matched nothing: fdi_task_pzy4m5_v2 mapping.length_changed name") ||
		!strings.Contains(stderr, "the change is now: name: target VARCHAR(255) → VARCHAR(50)") {
		t.Errorf("stale entry not named:\n%s", stderr)
	}

	// Accepting again adds nothing: every change of the column is accepted already.
	if code, _, stderr := runFDI(t, "", "accept", seedOld, seedNew, "--column", "name", "--reason", "again", "-o", file); code != 1 || !strings.Contains(stderr, "no change to accept") {
		t.Errorf("second accept: exit %d, %s", code, stderr)
	}
}

func TestAcceptedExpiry(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a.toml")
	if code, _, stderr := runFDI(t, "", "accept", seedOld, seedNew, "--reason", "temporary", "--expires", "2026-12-31", "-o", file); code != 0 {
		t.Fatal(stderr)
	}
	for _, c := range []struct {
		now  time.Time
		code int
	}{{time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC), 0}, {time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), 1}} {
		var out, errb bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, now: func() time.Time { return c.now }}
		if code := run(t.Context(), e, []string{"diff", "--accepted", file, seedOld, seedNew}); code != c.code {
			t.Errorf("%v: exit %d, want %d; %s", c.now, code, c.code, errb.String())
		}
		if c.code == 1 && !strings.Contains(errb.String(), "expired on 2026-12-31") {
			t.Errorf("no expiry warning: %s", errb.String())
		}
	}
}

// TestAcceptedMalformed: a malformed file is an error naming the line; nothing applies.
func TestAcceptedMalformed(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bad.toml")
	if err := os.WriteFile(file, []byte("# reviewed\n[[accept]]\ntask = \"fdi_task_pzy4m5_v2\"\nreason = \"no closing quote\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runFDI(t, "", "diff", "--accepted", file, "--fail-on", "breaking", seedOld, seedNew)
	if code != 2 || stdout != "" || !strings.Contains(stderr, file+":4:") || !strings.Contains(stderr, "no accepted change applied") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if code, _, stderr := runFDI(t, "", "accept", seedOld, seedNew, "--reason", "r", "-o", file); code != 2 || !strings.Contains(stderr, "nothing written") {
		t.Errorf("accept into a malformed file: exit %d, %s", code, stderr)
	}
}

// TestAcceptedDefaultFile: without -o, fdi accept writes fdi-accepted.toml in the
// working directory and fdi diff finds it there; a file next to NEW comes first; and
// --no-accepted turns the default off.
func TestAcceptedDefaultFile(t *testing.T) {
	old, err := filepath.Abs(seedOld)
	if err != nil {
		t.Fatal(err)
	}
	new, _ := filepath.Abs(seedNew)
	// The working directory and the snapshot folder are in one git work tree.
	root := t.TempDir()
	work, snap := filepath.Join(root, "work"), filepath.Join(root, "snap")
	for _, d := range []string{filepath.Join(root, ".git"), work, snap} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(work)
	if code, _, stderr := runFDI(t, "", "accept", old, new, "--kind", "mapping.length_changed", "--reason", "ok"); code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(filepath.Join(work, "fdi-accepted.toml")); err != nil {
		t.Fatal(err)
	}
	// Only the length change is accepted: the NOT NULL change still fails.
	code, _, stderr := runFDI(t, "", "diff", "--fail-on", "breaking", old, new)
	if code != 1 || !strings.Contains(stderr, "accepted changes from fdi-accepted.toml") {
		t.Errorf("working directory file: exit %d, %s", code, stderr)
	}

	// A file next to NEW wins over the working directory's.
	newCopy := filepath.Join(snap, "new.json")
	body, err := os.ReadFile(new)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(newCopy, body, 0o644); err != nil {
		t.Fatal(err)
	}
	next := filepath.Join(snap, "fdi-accepted.toml")
	if code, _, stderr := runFDI(t, "", "accept", old, newCopy, "--reason", "all reviewed", "-o", next); code != 0 {
		t.Fatal(stderr)
	}
	code, _, stderr = runFDI(t, "", "diff", old, newCopy)
	if code != 0 || !strings.Contains(stderr, "accepted changes from "+next) {
		t.Errorf("file next to NEW: exit %d, %s", code, stderr)
	}
	if code, _, _ := runFDI(t, "", "diff", "--no-accepted", old, newCopy); code != 1 {
		t.Errorf("--no-accepted: exit %d, want 1", code)
	}
}

func TestAcceptUsage(t *testing.T) {
	for _, args := range [][]string{
		{"accept", seedOld, seedNew},
		{"accept", seedOld, seedNew, "--reason", "r", "--expires", "tomorrow"},
		{"accept", seedOld, seedNew, "--reason", "r", "--pointer", "where"},
		{"accept", seedOld, "--reason", "r"},
	} {
		if code, _, _ := runFDI(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
