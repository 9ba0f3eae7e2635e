package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/fdireview/fdireview/accept"
)

// rawControls are bytes that must never reach a terminal from a file or a task.
var rawControls = []string{"\x1b", "\r", "\x07", "\u009b"}

func assertEscaped(t *testing.T, what, out string) {
	t.Helper()
	for _, r := range rawControls {
		if strings.Contains(out, r) {
			t.Errorf("%s prints %q raw:\n%q", what, r, out)
		}
	}
}

// gitTree makes a folder that is a git work tree (a .git folder is enough) with the given
// sub-folders.
func gitTree(t *testing.T, subs ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, d := range append([]string{".git"}, subs...) {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// copySeedPair copies the seed pair into dir as old.json and new.json.
func copySeedPair(t *testing.T, dir string) (old, new string) {
	t.Helper()
	for from, to := range map[string]string{seedOld: "old.json", seedNew: "new.json"} {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "old.json"), filepath.Join(dir, "new.json")
}

// TestAcceptNeverWritesThroughALink (issue #25 item 1): a planted fdi-accepted.toml ->
// ~/.bash_aliases next to NEW was replaced by TOML holding the task's text.
func TestAcceptNeverWritesThroughALink(t *testing.T) {
	root := gitTree(t, "snap", "home")
	old, new := copySeedPair(t, filepath.Join(root, "snap"))
	t.Chdir(root)
	victim := filepath.Join(root, "home", ".bash_aliases")
	if err := os.WriteFile(victim, nil, 0o644); err != nil { // empty: valid TOML
		t.Fatal(err)
	}
	link := filepath.Join(root, "snap", accept.DefaultName)
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	for name, args := range map[string][]string{
		"found next to NEW": {"accept", old, new, "--kind", "mapping.length_changed", "--reason", "r"},
		"named with -o":     {"accept", old, new, "--kind", "mapping.length_changed", "--reason", "r", "-o", link},
	} {
		code, _, stderr := runFDI(t, "", args...)
		if code != 2 || !strings.Contains(stderr, "not a regular file (a symbolic link)") {
			t.Errorf("%s: exit %d, %s", name, code, stderr)
		}
		if b, _ := os.ReadFile(victim); len(b) != 0 {
			t.Fatalf("%s: the link's target was written:\n%s", name, b)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s: the link was replaced: %v", name, err)
		}
	}
}

// TestAcceptedFileLimits (issue #25 item 2): --accepted /dev/zero and a FIFO grew or hung,
// a large file cost gigabytes. Regular files of at most --accepted-max-bytes (1 MiB).
func TestAcceptedFileLimits(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.toml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	big := filepath.Join(dir, "big.toml")
	if err := os.WriteFile(big, []byte(accept.Header+strings.Repeat("# a comment line that pads the file\n", 40000)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path, want string
	}{
		{"/dev/zero", "not a regular file (a character device)"},
		{fifo, "not a regular file (a named pipe)"},
		{dir, "not a regular file (a directory)"},
		{big, "over the limit of 1048576 (raise it with --accepted-max-bytes)"},
	} {
		for _, cmd := range [][]string{
			{"diff", "--accepted", tt.path, seedOld, seedNew},
			{"accept", seedOld, seedNew, "--reason", "r", "-o", tt.path},
		} {
			code, _, stderr := runFDI(t, "", cmd...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("%v: exit %d, want 2 and %q: %s", cmd, code, tt.want, stderr)
			}
		}
	}
	// The flag raises the limit.
	if code, _, stderr := runFDI(t, "", "diff", "--accepted", big, "--accepted-max-bytes", "2MiB", seedOld, seedNew); code != 1 {
		t.Errorf("--accepted-max-bytes 2MiB: exit %d, want 1: %s", code, stderr)
	}
}

// TestAcceptedTextIsEscaped (issue #25 item 3): unknown keys, stale and expired warnings
// (reason, column) and the list fdi accept prints reached the terminal raw.
func TestAcceptedTextIsEscaped(t *testing.T) {
	dir := t.TempDir()
	unknown := filepath.Join(dir, "unknown.toml")
	os.WriteFile(unknown, []byte("[[accept]]\n\"\\u001b]0;pwned\\u0007\" = 1\n"), 0o644)
	stale := filepath.Join(dir, "stale.toml")
	os.WriteFile(stale, []byte(`[[accept]]
task = "fdi_task_pzy4m5_v2"
column = "name\u001b[2K"
kind = "mapping.length_changed"
fingerprint = "sha256:00"
reason = "fine\u001b[2K\rall green"

[[accept]]
task = "fdi_task_pzy4m5_v2"
kind = "mapping.length_changed"
fingerprint = "sha256:00"
reason = "old\u009b2K"
expires = 2020-01-01
`), 0o644)
	for name, args := range map[string][]string{
		"unknown key":       {"diff", "--accepted", unknown, seedOld, seedNew},
		"stale and expired": {"diff", "--accepted", stale, seedOld, seedNew},
		"accept into":       {"accept", seedOld, seedNew, "--reason", "r", "-o", unknown},
	} {
		_, stdout, stderr := runFDI(t, "", args...)
		assertEscaped(t, name, stdout+stderr)
		if !strings.Contains(stderr, `\x1b`) && !strings.Contains(stderr, `\u009b`) {
			t.Errorf("%s: the escape is not shown:\n%s", name, stderr)
		}
	}

	// The changes fdi accept lists quote the task's column names.
	old := writeTemp(t, "old.json", hostileSeed(t, "fdi_task_pzy4m5", "\x1b]0;pwned\x07a"))
	new := writeTemp(t, "new.json", hostileSeed(t, "fdi_task_pzy4m5", "\x1b[8mb"))
	file := filepath.Join(dir, "list.toml")
	code, stdout, stderr := runFDI(t, "", "accept", old, new, "--reason", "r", "-o", file)
	if code != 0 || !strings.Contains(stdout, `\x1b[8mb`) {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	assertEscaped(t, "fdi accept's list", stdout+stderr)
	// --dry-run lists the same and writes nothing.
	dry := filepath.Join(dir, "dry.toml")
	code, stdout, _ = runFDI(t, "", "accept", old, new, "--reason", "r", "-o", dry, "--dry-run")
	if _, err := os.Stat(dry); code != 0 || err == nil || !strings.Contains(stdout, "would be accepted") {
		t.Errorf("--dry-run: exit %d, file %v\n%s", code, err, stdout)
	}
	assertEscaped(t, "fdi accept --dry-run", stdout)
}

// TestHostileFileNamesEscaped (issue #25 item 3): file names from a hostile folder were
// printed raw by diff F F, the folder problem list and git external-diff problem lines.
func TestHostileFileNamesEscaped(t *testing.T) {
	dir := t.TempDir()
	evil := filepath.Join(dir, "\x1b]0;pwned\x07.json")
	if err := os.WriteFile(evil, []byte(`{"task": 1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	olds, news := t.TempDir(), t.TempDir()
	for _, d := range []string{olds, news} {
		if err := os.WriteFile(filepath.Join(d, "\x1b[2Kt.json"), []byte(`{"task": 1}`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	hex := "0123456789abcdef0123456789abcdef01234567"
	for name, args := range map[string][]string{
		"diff F F":     {"diff", seedOld, evil},
		"validate":     {"validate", evil},
		"missing file": {"diff", seedOld, filepath.Join(dir, "\x1b[2Kgone.json")},
		"textconv":     {"textconv", filepath.Join(dir, "\x1b[2Kgone.json")},
		"accept":       {"accept", seedOld, seedNew, "--reason", "r", "-o", filepath.Join(dir, "\x1b[2Kno-dir", "a.toml")},
		"diff DIR DIR": {"diff", olds, news},
		"git external": {"diff", "\x1b]0;pwned\x07.json", seedOld, hex, "100644", evil, hex, "100644"},
	} {
		code, stdout, stderr := runFDI(t, "", args...)
		assertEscaped(t, name, stdout+stderr)
		if !strings.Contains(stdout+stderr, `\x1b`) {
			t.Errorf("%s (exit %d): the name is not shown escaped:\n%s\n%s", name, code, stdout, stderr)
		}
	}
}

// TestAcceptedAutoDiscoveryTrust (issue #25 item 4): a file next to a downloaded NEW
// silently turned --fail-on breaking green. A default file next to NEW or OLD applies only
// in the working directory's git work tree; elsewhere it is named and ignored; named
// with --accepted it applies; and every summary says which file accepted how many.
func TestAcceptedAutoDiscoveryTrust(t *testing.T) {
	downloads := t.TempDir() // not in a git work tree
	old, new := copySeedPair(t, downloads)
	planted := filepath.Join(downloads, accept.DefaultName)
	if code, _, stderr := runFDI(t, "", "accept", old, new, "--reason", "planted", "-o", planted); code != 0 {
		t.Fatal(stderr)
	}
	t.Chdir(gitTree(t)) // the working directory: another work tree

	code, _, stderr := runFDI(t, "", "diff", "--fail-on", "breaking", old, new)
	if code != 1 || !strings.Contains(stderr, "warning: ignoring "+planted+": it is not in the git work tree") {
		t.Errorf("planted file: exit %d, want 1 and a warning: %s", code, stderr)
	}
	// fdi accept does not append to it either: it writes the working directory's file.
	if code, stdout, stderr := runFDI(t, "", "accept", old, new, "--kind", "mapping.length_changed", "--reason", "r"); code != 0 ||
		!strings.Contains(stdout, "accepted in "+accept.DefaultName) || !strings.Contains(stderr, "ignoring "+planted) {
		t.Errorf("accept: exit %d\n%s\n%s", code, stdout, stderr)
	}

	// Named explicitly, it applies, and every format says so.
	code, text, _ := runFDI(t, "", "diff", "--accepted", planted, "--fail-on", "breaking", old, new)
	if code != 0 || !strings.Contains(text, "accepted by "+planted) {
		t.Errorf("--accepted: exit %d\n%s", code, text)
	}
	_, md, _ := runFDI(t, "", "diff", "--accepted", planted, "--format", "markdown", old, new)
	if !strings.Contains(md, "accepted by `"+planted+"`") {
		t.Errorf("markdown summary does not name the file:\n%s", md)
	}
	_, html, _ := runFDI(t, "", "diff", "--accepted", planted, "--format", "html", old, new)
	if !strings.Contains(html, `data-testid="accepted-from">by <bdi>`+planted+`</bdi>`) {
		t.Errorf("html summary does not name the file")
	}
	_, js, _ := runFDI(t, "", "diff", "--accepted", planted, "--format", "json", old, new)
	var rep struct {
		Summary struct {
			Accepted     int    `json:"accepted"`
			AcceptedFrom string `json:"accepted_from"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(js), &rep); err != nil || rep.Summary.Accepted == 0 || rep.Summary.AcceptedFrom != planted {
		t.Errorf("json summary %+v (%v)", rep.Summary, err)
	}
}

// TestAcceptColumnNeedsAKind (issue #21 item 7): --column name accepted the NOT NULL
// change along with the length change it was meant for. A column with changes of more
// than one kind needs --kind or --all-kinds, and the changes are listed first.
func TestAcceptColumnNeedsAKind(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a.toml")
	code, stdout, stderr := runFDI(t, "", "accept", seedOld, seedNew, "--column", "name", "--reason", "length ok", "-o", file)
	if code != 2 || stdout != "" || !strings.Contains(stderr, "column name has changes of 2 kinds") ||
		!strings.Contains(stderr, "mapping.nullability_changed: name: target NULL → NOT NULL") || !strings.Contains(stderr, "--all-kinds") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if _, err := os.Stat(file); err == nil {
		t.Fatal("a file was written")
	}
	code, stdout, stderr = runFDI(t, "", "accept", seedOld, seedNew, "--column", "name", "--kind", "mapping.length_changed", "--reason", "length ok", "-o", file)
	if code != 0 || !strings.Contains(stdout, "1 change accepted in "+file) || strings.Contains(stdout, "nullability") {
		t.Errorf("--kind: exit %d\n%s\n%s", code, stdout, stderr)
	}
	// The NOT NULL change still fails.
	if code, _, _ := runFDI(t, "", "diff", "--accepted", file, "--fail-on", "breaking", seedOld, seedNew); code != 1 {
		t.Errorf("diff after accepting the length only: exit %d, want 1", code)
	}
	if code, stdout, _ := runFDI(t, "", "accept", seedOld, seedNew, "--column", "name", "--all-kinds", "--reason", "all ok", "-o", file); code != 0 ||
		!strings.Contains(stdout, "mapping.nullability_changed") {
		t.Errorf("--all-kinds: exit %d\n%s", code, stdout)
	}
}

// TestDiffFoldersBadEntry (issue #25 item 5): one FIFO in a folder made fdi diff DIR DIR
// hang, and a dangling link aborted it with exit 2 and no report. Each is listed invalid
// and the other tasks are still compared.
func TestDiffFoldersBadEntry(t *testing.T) {
	old, nw := t.TempDir(), t.TempDir()
	for _, d := range []string{old, nw} {
		b, err := os.ReadFile(seedOld)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "seed.json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(nw, "fifo.json"), 0o600); err != nil {
		t.Skip(err)
	}
	if err := os.Symlink(filepath.Join(nw, "missing"), filepath.Join(nw, "dangling.json")); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runFDI(t, "", "diff", old, nw)
	if code != 2 || !strings.Contains(stdout, "unchanged") || strings.Count(stdout, "invalid") < 2 ||
		!strings.Contains(stderr, "fifo.json is not a regular file") || !strings.Contains(stderr, "2 tasks could not be compared") {
		t.Errorf("exit %d\n%s\n%s", code, stdout, stderr)
	}
}
