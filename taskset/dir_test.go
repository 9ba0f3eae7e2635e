package taskset_test

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/fdireview/fdireview/taskset"
)

// TestReadDirHostileEntries (issue #25 item 5, #26 item 5): `fdi diff DIR DIR` read a
// file reporting size 0 (/proc/self/pagemap) whole, past 3 GB, and one bad entry (FIFO,
// dangling or looping link, unreadable file) aborted the comparison. Every entry costs at
// most the limit, and a bad one is listed as an invalid task.
func TestReadDirHostileEntries(t *testing.T) {
	const limit = 256 << 10
	seed, err := os.ReadFile(filepath.Join("testdata", "sets", "a", "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dirs [2]string
	for i := range dirs {
		dirs[i] = t.TempDir()
		if err := os.WriteFile(filepath.Join(dirs[i], "seed.json"), seed, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old, nw := dirs[0], dirs[1]
	bad := map[string]func(path string) error{
		"fifo.json":     func(p string) error { return syscall.Mkfifo(p, 0o600) },
		"dangling.json": func(p string) error { return os.Symlink(filepath.Join(nw, "missing"), p) },
		"loop.json":     func(p string) error { return os.Symlink(p, p) },
		"folder.json":   func(p string) error { return os.Symlink(nw, p) },
		"pagemap.json":  func(p string) error { return os.Symlink("/proc/self/pagemap", p) },
	}
	if os.Geteuid() != 0 { // root reads anything
		bad["unreadable.json"] = func(p string) error { return os.WriteFile(p, seed, 0o000) }
	}
	for name, make := range bad {
		if err := make(filepath.Join(nw, name)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	// The same FIFO in the old folder too: paired or not, a bad entry is invalid. The
	// kernel file is paired: too large (or refused by the kernel), it is invalid either way.
	if err := syscall.Mkfifo(filepath.Join(old, "fifo.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/proc/self/pagemap", filepath.Join(old, "pagemap.json")); err != nil {
		t.Fatal(err)
	}

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var sets [2]*taskset.Set
	for i, d := range []string{old, nw} {
		s, err := taskset.ReadDir(t.Context(), d, limit)
		if err != nil {
			t.Fatalf("ReadDir(%s): %v, want the bad entries as items", d, err)
		}
		sets[i] = s
	}
	c, err := taskset.Compare(t.Context(), sets[0], sets[1])
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 64*limit {
		t.Errorf("allocated %d bytes with a %d-byte limit", got, limit)
	}

	var invalid []string
	for _, e := range c.Tasks {
		switch e.Status {
		case taskset.Invalid:
			invalid = append(invalid, e.Name)
			if len(e.Problems) == 0 {
				t.Errorf("%s: invalid without a problem", e.Name)
			}
		case taskset.Unchanged:
		default:
			t.Errorf("%s: %s, want invalid or unchanged", e.Name, e.Status)
		}
	}
	slices.Sort(invalid)
	var want []string
	for name := range bad {
		want = append(want, strings.TrimSuffix(name, ".json"))
	}
	slices.Sort(want)
	if !slices.Equal(invalid, want) {
		t.Errorf("invalid tasks %v, want %v", invalid, want)
	}
}
