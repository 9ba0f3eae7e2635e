package accept

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fdireview/fdireview/diff"
)

// allocated returns the bytes and the number of allocations f makes (one run after a
// warm-up). Costs are asserted as allocations, which do not depend on the machine.
func allocated(f func()) (bytes, count uint64) {
	f()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, after.Mallocs - before.Mallocs
}

// TestWriteFileNeverThroughALink (issue #25 item 1): fdi-accepted.toml -> ~/.bash_aliases
// planted next to NEW was replaced by TOML holding the task's text. Only regular files
// are written, atomically, keeping their mode.
func TestWriteFileNeverThroughALink(t *testing.T) {
	data := []byte(Header + "\n[[accept]]\nreason = \"name$(touch x)\"\n")
	tests := []struct {
		name    string
		setup   func(t *testing.T, path string) (victim string) // victim must keep its content
		wantErr error
		mode    os.FileMode // of a file written
	}{
		{name: "symlink to a file", wantErr: ErrNotRegular, setup: func(t *testing.T, path string) string {
			victim := filepath.Join(t.TempDir(), ".bash_aliases")
			must(t, os.WriteFile(victim, []byte("alias ll='ls -l'\n"), 0o644))
			must(t, os.Symlink(victim, path))
			return victim
		}},
		{name: "dangling symlink", wantErr: ErrNotRegular, setup: func(t *testing.T, path string) string {
			victim := filepath.Join(t.TempDir(), "created-by-the-write")
			must(t, os.Symlink(victim, path))
			return victim
		}},
		{name: "named pipe", wantErr: ErrNotRegular, setup: func(t *testing.T, path string) string {
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Skip(err)
			}
			return ""
		}},
		{name: "folder", wantErr: ErrNotRegular, setup: func(t *testing.T, path string) string {
			must(t, os.Mkdir(path, 0o755))
			return ""
		}},
		{name: "new file", mode: 0o644, setup: func(*testing.T, string) string { return "" }},
		{name: "0600 file keeps its mode", mode: 0o600, setup: func(t *testing.T, path string) string {
			must(t, os.WriteFile(path, []byte("# mine\n"), 0o600))
			must(t, os.Chmod(path, 0o600))
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, DefaultName)
			victim := tt.setup(t, path)
			var before []byte
			if victim != "" {
				before, _ = os.ReadFile(victim)
			}
			err := WriteFile(path, data)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("WriteFile: %v, want %v", err, tt.wantErr)
			}
			if victim != "" {
				after, _ := os.ReadFile(victim)
				if string(after) != string(before) {
					t.Errorf("the link's target was written: %q", after)
				}
			}
			if tt.wantErr == nil {
				fi, err := os.Lstat(path)
				if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != tt.mode {
					t.Fatalf("written file: %v %v, want a regular file %v", fi.Mode(), err, tt.mode)
				}
				if got, _ := os.ReadFile(path); string(got) != string(data) {
					t.Errorf("content %q", got)
				}
			}
			// No temporary file is left behind.
			ents, _ := os.ReadDir(dir)
			for _, e := range ents {
				if strings.HasSuffix(e.Name(), ".tmp") {
					t.Errorf("left behind: %s", e.Name())
				}
			}
		})
	}
}

// TestReadFileLimits (issue #25 item 2): an auto-found 256 MiB file cost 1.9 GB,
// /proc/self/pagemap, a sparse 8 GiB file and /dev/zero grew past 3 GB, a FIFO hung.
// Regular files only, at most the limit, read no further than limit+1 bytes.
func TestReadFileLimits(t *testing.T) {
	const limit = 64 << 10
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.toml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	sparse := filepath.Join(dir, "sparse.toml")
	f, err := os.Create(sparse)
	must(t, err)
	must(t, f.Truncate(8<<30))
	f.Close()
	big := filepath.Join(dir, "big.toml")
	must(t, os.WriteFile(big, []byte(strings.Repeat("# comment\n", limit/10+1)), 0o644))
	ok := filepath.Join(dir, "ok.toml")
	must(t, os.WriteFile(ok, []byte(Header), 0o644))
	link := filepath.Join(dir, "link.toml")
	must(t, os.Symlink(ok, link))

	tests := []struct {
		path    string
		wantErr error
	}{
		{fifo, ErrNotRegular},
		{"/dev/zero", ErrNotRegular},
		{dir, ErrNotRegular},
		{sparse, ErrTooLarge},
		{big, ErrTooLarge},
		{"/proc/self/pagemap", errAny}, // reports size 0, holds gigabytes: refused either way
		{ok, nil},
		{link, nil}, // reading follows a link to a regular file
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			if _, err := os.Stat(tt.path); err != nil {
				t.Skip(err)
			}
			var err error
			bytes, _ := allocated(func() { _, err = ReadFile(tt.path, limit) })
			if !errors.Is(err, tt.wantErr) && (tt.wantErr != errAny || err == nil) {
				t.Fatalf("ReadFile: %v, want %v", err, tt.wantErr)
			}
			if bytes > 4*limit {
				t.Errorf("allocated %d bytes for a %d-byte limit", bytes, limit)
			}
			if _, err := LoadLimit(tt.path, limit); !errors.Is(err, tt.wantErr) && (tt.wantErr != errAny || err == nil) {
				t.Errorf("LoadLimit: %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// TestParseManyProblemsIsLinear (issue #26 item 1): 40,000 lines "kN = 1" took 122 s,
// 40,000 entries with an unknown key 300 s: go-toml located each unknown key by splitting
// the whole document. Doubling the file must at most about double the allocations, and
// the error lists the first MaxProblems problems and the count of the rest.
func TestParseManyProblemsIsLinear(t *testing.T) {
	docs := map[string]func(n int) string{
		"unknown top-level keys": func(n int) string {
			var b strings.Builder
			for i := range n {
				fmt.Fprintf(&b, "k%d = 1\n", i)
			}
			return b.String()
		},
		"entries with an unknown key": func(n int) string {
			var b strings.Builder
			for i := range n {
				fmt.Fprintf(&b, "[[accept]]\ntask = \"t\"\nkind = \"mapping.removed\"\nfingerprint = \"sha256:0\"\nreason = \"r\"\nx%d = 1\n", i)
			}
			return b.String()
		},
		"entries without a reason": func(n int) string {
			return strings.Repeat("[[accept]]\ntask = \"t\"\nkind = \"mapping.removed\"\nfingerprint = \"sha256:0\"\n", n)
		},
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			var problems [2]int
			var cost [2]uint64
			for i, n := range []int{2000, 4000} {
				data := []byte(doc(n))
				var err error
				cost[i], _ = allocated(func() { _, err = Parse(data, "f.toml") })
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("n=%d: %v, want an *Error", n, err)
				}
				problems[i] = len(e.Problems)
				if first := e.Problems[0]; first.Line < 1 {
					t.Errorf("first problem without a line: %+v", first)
				}
				if last := e.Problems[len(e.Problems)-1]; !strings.Contains(last.Message, "more problems") {
					t.Errorf("last problem %q does not count the rest", last.Message)
				}
			}
			if problems[0] != MaxProblems+1 || problems[1] != MaxProblems+1 {
				t.Errorf("problems listed: %v, want %d", problems, MaxProblems+1)
			}
			if cost[1] > 3*cost[0] {
				t.Errorf("allocated %d bytes for 2000 bad entries, %d for 4000: more than linear", cost[0], cost[1])
			}
		})
	}
}

// TestUnknownKeyPositions: the one-pass search names each unknown key at its line and
// column, in an [[accept]] table, at the top level, in another table and in an inline
// accept array.
func TestUnknownKeyPositions(t *testing.T) {
	tests := []struct {
		doc            string
		line, col      int
		wantInMessages string
	}{
		{"[[accept]]\ntask = \"t\"\n  colour = \"x\"\n", 3, 3, "unknown key colour"},
		{"# c\nk = 1\n", 2, 1, "unknown key k"},
		{"[other]\nx = 1\n", 1, 2, "unknown table other"},
		{"accept = [{task = \"t\", bad = 1}]\n", 1, 24, "unknown key bad"},
		{"[[accept]]\nby = \"b\"\nnote.sub = \"t\"\n", 3, 1, "unknown key note.sub"},
		{"[[accept]]\n\"a\\u001b[2Kb\" = 1\n", 2, 1, `a\x1b[2Kb`},
		// Unknown keys are found before the document is decoded (go-toml's decoder checks
		// each key of a table against every earlier one: 40,000 keys cost seconds), so
		// they are reported even beside a value of the wrong type.
		{"[[accept]]\ntask = 1\nk1 = 1\n", 3, 1, "unknown key k1"},
		{"[[accept]]\nreason = \"unterminated\n", 2, 23, "not valid TOML"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.doc), "f.toml")
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("%q: %v", tt.doc, err)
		}
		// Every problem is reported (an entry's missing keys too); the one looked for is
		// at its own line and column.
		found := false
		for _, p := range e.Problems {
			if p.Line == tt.line && p.Column == tt.col && strings.Contains(p.Message, strings.TrimPrefix(tt.wantInMessages, "not valid TOML")) {
				found = true
			}
		}
		if !found || !strings.Contains(e.Error(), tt.wantInMessages) {
			t.Errorf("%q: %q, want a problem at %d:%d and %q", tt.doc, e.Error(), tt.line, tt.col, tt.wantInMessages)
		}
		if strings.ContainsRune(e.Error(), 0x1b) {
			t.Errorf("%q: raw escape in %q", tt.doc, e.Error())
		}
	}
}

// TestApplyIsLinear (issue #26 item 2): 6,400 entries on a 10k-mapping diff took 68 s
// CPU: every entry × change pair was fingerprinted. Doubling entries and changes must
// at most about double the allocations.
func TestApplyIsLinear(t *testing.T) {
	report := func(n int) (*diff.Report, *File) {
		r := &diff.Report{Old: diff.Side{Name: "t"}, New: diff.Side{Name: "t"}}
		for i := range n {
			col := fmt.Sprintf("c%d", i)
			r.Changes = append(r.Changes, diff.Change{Kind: diff.MappingLengthChanged, Severity: diff.Breaking, TargetColumn: col,
				Pointer: fmt.Sprintf("/task_detail/mappings/%d/targetColumnLength", i), Old: int64(255), New: int64(100), Message: col + " shorter"})
		}
		f := &File{Name: "f.toml"}
		for i, c := range r.Changes {
			e := NewEntry(r, c, "ok", "", time.Time{})
			e.Column = "" // a hand-written entry: kind and fingerprint only, so every change is in its place
			if i%2 == 1 {
				e.Fingerprint = "sha256:stale" // stale entries look for what the change is now
			}
			f.Entries = append(f.Entries, e)
		}
		return r, f
	}
	var cost [2]uint64
	for i, n := range []int{1000, 2000} {
		var res Result
		_, cost[i] = allocated(func() {
			r, f := report(n)
			res = f.Apply(r, day)
		})
		if res.Accepted != n/2 || len(res.Stale) != n/2 || !strings.Contains(res.Stale[0].Message, "the change is now: c0 shorter") {
			t.Fatalf("n=%d: accepted %d, stale %d: %v", n, res.Accepted, len(res.Stale), res.Stale[:1])
		}
	}
	if cost[1] > 3*cost[0] {
		t.Errorf("%d allocations for 1000 entries × 1000 changes, %d for 2000 × 2000: more than linear", cost[0], cost[1])
	}
}

// TestPrintedTextIsEscaped (issue #25 item 3): terminal escapes in unknown keys, reasons,
// columns and file names reached the terminal through errors and warnings.
func TestPrintedTextIsEscaped(t *testing.T) {
	r := seedReport(t, 0)
	f := acceptAll(t, r, time.Time{})
	f.Name = "acc\x1b]0;pwned\x07.toml"
	for i := range f.Entries {
		f.Entries[i].Reason = "ok\x1b[2K\rall green"
		f.Entries[i].Fingerprint = "sha256:changed"
	}
	res := f.Apply(r, day)
	if len(res.Stale) == 0 {
		t.Fatal("no stale entry")
	}
	for _, n := range res.Stale {
		if s := n.String(); strings.ContainsAny(s, "\x1b\r\x07") || !strings.Contains(s, `ok\x1b[2K\rall green`) {
			t.Errorf("notice %q", s)
		}
	}
	e := &Error{Name: "f\x1b[8m.toml", Problems: []Problem{{Line: 1, Message: "unknown key \x1b[2K"}}}
	if strings.ContainsRune(e.Error(), 0x1b) {
		t.Errorf("error %q", e.Error())
	}
}

// errAny stands for any error.
var errAny = errors.New("any error")

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
