package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/roma/romatest"
)

// hostileSeed is the seed response with its task named name and its target column
// "name" renamed to column (mapping and selected column list alike).
func hostileSeed(t *testing.T, name, column string) []byte {
	t.Helper()
	return taskgen.Edit(seedBody(t), func(task, d map[string]any) {
		task["task_name"] = name
		d["taskName"] = name
		for _, c := range d["targetSelectedDatasource"].(map[string]any)["targetSelectedColumnList"].([]any) {
			if c := c.(map[string]any); c["field_name"] == "name" {
				c["field_name"] = column
			}
		}
		for _, m := range d["mappingTable"].([]any) {
			if m := m.(map[string]any); m["targetColumn"] == "name" {
				m["targetColumn"] = column
			}
		}
	})
}

func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// runTTY runs fdi as on a terminal (colour on).
func runTTY(t *testing.T, environ map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return environ[k] }, isTTY: true}
	code := run(t.Context(), e, args)
	return code, out.String(), errb.String()
}

// TestHostileTerminalEscapes: names holding terminal escapes reached stdout raw in fdi
// diff, fdi validate and fdi fetch --list (issue #14); now they are shown escaped, with
// colour on or off.
func TestHostileTerminalEscapes(t *testing.T) {
	names := map[string]string{
		"window title": "\x1b]0;pwned\x07name",
		"erase line":   "\x1b[2Kname",
		"return":       "na\rme",
		"conceal":      "\x1b[8mname",
		"C1 CSI":       "na\u009b2Kme",
	}
	raw := []string{"\x1b]", "\x1b[2K", "\x1b[8m", "\r", "\x07", "\u009b"}
	old := writeTemp(t, "old.json", seedBody(t))
	for what, name := range names {
		t.Run(what, func(t *testing.T) {
			// A task name with a control character fails the schema's pattern (the
			// problem is printed, escaped); the task list is not validated.
			file := writeTemp(t, "new.json", hostileSeed(t, "fdi_task_pzy4m5", name))
			_, environ := fetchServer(t, romatest.Fixture{ID: fetchSeedID, Body: hostileSeed(t, name, name)})
			environ[tokenVarForTests()] = fetchToken
			outputs := map[string][]string{
				"diff text":     {"diff", "--fail-on", "breaking", old, file},
				"diff markdown": {"diff", "--format", "markdown", old, file},
				"validate":      {"validate", file},
				"fetch --list":  {"fetch", "--list"},
			}
			for out, args := range outputs {
				code, stdout, stderr := runTTY(t, environ, args...)
				if code == 2 {
					t.Errorf("%s: exit 2: %s", out, stderr)
				}
				for _, r := range raw {
					if strings.Contains(stdout, r) || strings.Contains(stderr, r) {
						t.Errorf("%s prints %q raw:\n%q", out, r, stdout)
					}
				}
				if !strings.Contains(stdout, `\x1b`) && !strings.Contains(stdout, `\r`) && !strings.Contains(stdout, `\u009b`) {
					t.Errorf("%s does not show the escaped name:\n%s", out, stdout)
				}
			}
		})
	}
}

func tokenVarForTests() string { return "ROMA_AUTH_TOKEN" }

// TestHostileHiddenCharacters: a target renamed to "\u202etnuoma" or "em\u200bail" read
// as "amount" and "email" (issue #14). Text and Markdown reports spell the characters out
// and warn; fdi validate warns (rawform's hidden_characters).
func TestHostileHiddenCharacters(t *testing.T) {
	old := writeTemp(t, "old.json", seedBody(t))
	for _, tt := range []struct{ column, shown string }{
		{"\u202etnuoma", "⟨U+202E⟩tnuoma"},
		{"na\u200bme", "na⟨U+200B⟩me"},
		{"na\u00a0me", "na⟨U+00A0⟩me"},
	} {
		file := writeTemp(t, "new.json", hostileSeed(t, "fdi_task_pzy4m5", tt.column))
		for _, format := range []string{"text", "markdown"} {
			_, out, errOut := runFDI(t, "", "diff", "--format", format, old, file)
			if !strings.Contains(out, tt.shown) || !strings.Contains(strings.ToLower(out), "warning") || strings.Contains(out, tt.column) {
				t.Errorf("diff --format %s of %q: want %q shown and a warning:\n%s%s", format, tt.column, tt.shown, out, errOut)
			}
		}
		code, out, _ := runFDI(t, "", "validate", file)
		if code != 0 || !strings.Contains(out, "hidden_characters") && !strings.Contains(out, tt.shown) {
			t.Errorf("validate of %q: exit %d, want 0 and a warning showing %q:\n%s", tt.column, code, tt.shown, out)
		}
	}
}

// endless is standard input that never ends (like /dev/zero), counting what was read.
type endless struct{ n int64 }

func (r *endless) Read(p []byte) (int, error) {
	clear(p)
	r.n += int64(len(p))
	return len(p), nil
}

// TestHostileInputLimits: fdi validate - </dev/zero, fdi validate /dev/zero and fdi diff
// /dev/zero X read until out of memory (~1.7 GB) (issue #14). Now at most --max-bytes + 1
// bytes are read, with allocation bounded by a small multiple of the limit.
func TestHostileInputLimits(t *testing.T) {
	const limit = 1 << 20
	seed := writeTemp(t, "seed.json", seedBody(t))
	big := writeTemp(t, "big.json", bytes.Repeat([]byte(" "), 2*limit))
	tests := []struct {
		name     string
		args     []string
		stdin    bool
		wantCode int
		wantErr  string
	}{
		{name: "validate stdin endless", args: []string{"validate", "--max-bytes", "1MiB", "-"}, stdin: true, wantCode: 2, wantErr: "over the limit of 1048576 bytes"},
		{name: "validate /dev/zero", args: []string{"validate", "--max-bytes", "1MiB", "/dev/zero"}, wantCode: 2, wantErr: "over the limit"},
		{name: "diff /dev/zero X", args: []string{"diff", "--max-bytes", "1MiB", "/dev/zero", seed}, wantCode: 2, wantErr: "over the limit"},
		{name: "diff X stdin endless", args: []string{"diff", "--max-bytes", "1MiB", seed, "-"}, stdin: true, wantCode: 2, wantErr: "over the limit"},
		{name: "regular file over the limit refused by size", args: []string{"validate", "--max-bytes", "1MiB", big}, wantCode: 2, wantErr: "is 2097152 bytes, over the limit of 1048576"},
		{name: "default limit refuses /dev/zero", args: []string{"validate", "/dev/zero"}, wantCode: 2, wantErr: "over the limit of 33554432"},
		{name: "--max-bytes under the file size", args: []string{"validate", "--max-bytes", "100", seed}, wantCode: 2, wantErr: "over the limit of 100"},
		{name: "--max-bytes raised", args: []string{"validate", "--max-bytes", "64MiB", seed}, wantCode: 0},
		{name: "bad --max-bytes", args: []string{"validate", "--max-bytes", "lots", seed}, wantCode: 2, wantErr: "want a positive size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &endless{}
			var stdin io.Reader = strings.NewReader("")
			if tt.stdin {
				stdin = in
			}
			var out, errb bytes.Buffer
			e := &env{stdin: stdin, stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			code := run(t.Context(), e, tt.args)
			runtime.ReadMemStats(&after)
			if code != tt.wantCode || !strings.Contains(errb.String()+out.String(), tt.wantErr) {
				t.Errorf("exit %d, want %d with %q; output:\n%s%s", code, tt.wantCode, tt.wantErr, out.String(), errb.String())
			}
			if in.n > limit+64<<10 {
				t.Errorf("read %d bytes of an endless input, limit %d", in.n, limit)
			}
			budget := uint64(4 * limit)
			if strings.Contains(tt.name, "default") {
				budget = 4 * 32 << 20
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > budget {
				t.Errorf("allocated %d bytes, want at most %d", alloc, budget)
			}
		})
	}
}

// TestHostileInterrupt: SIGINT/SIGTERM cancel the context run gets; the command stops at
// once with exit 130, even while blocked reading a terminal or a pipe nobody writes to.
func TestHostileInterrupt(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	for _, args := range [][]string{{"validate", "-"}, {"diff", "-", fifo}, {"validate", fifo}} {
		pr, pw := io.Pipe() // never written: a Read blocks for ever
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var out, errb bytes.Buffer
		e := &env{stdin: pr, stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
		if code := run(ctx, e, args); code != 130 || !strings.Contains(errb.String(), "interrupted") {
			t.Errorf("%v: exit %d, want 130 and 'interrupted'; stderr %s", args, code, errb.String())
		}
		pw.Close()
	}
}

// TestHostileOutputTargets: fetch -o over a character device replaced it with a regular
// file, and a 0600 file became 0644 (issue #14).
func TestHostileOutputTargets(t *testing.T) {
	_, environ := fetchServer(t)
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.json")
	if err := os.WriteFile(secret, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Chmod(secret, 0o600)
	if code, _, errOut := runFetch(t, environ, "--task", fetchSeedID, "-o", secret); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if fi, err := os.Stat(secret); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode after -o: %v %v, want 0600 kept", fi.Mode(), err)
	}

	dev := filepath.Join(dir, "null")
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		if os.Geteuid() == 0 {
			t.Skip("root without mknod: not risking /dev/null")
		}
		dev = "/dev/null"
	}
	if code, _, errOut := runFetch(t, environ, "--task", fetchSeedID, "-o", dev); code != 0 {
		t.Errorf("-o %s: exit %d: %s", dev, code, errOut)
	}
	if fi, err := os.Lstat(dev); err != nil || fi.Mode().Type() != fs.ModeDevice|fs.ModeCharDevice {
		t.Errorf("%s after -o: %v %v, want the character device kept", dev, fi.Mode(), err)
	}
	if code, _, errOut := runFetch(t, environ, "--task", fetchSeedID, "-o", dir); code != 2 || !strings.Contains(errOut, "refusing") {
		t.Errorf("-o DIR: exit %d, want 2 refusing: %s", code, errOut)
	}
}
