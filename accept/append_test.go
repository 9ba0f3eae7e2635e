package accept

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAppend: Append creates the file with its header, appends to an existing one, never
// writes an entry twice, refuses to append to a file that does not parse, and refuses a
// link.
func TestAppend(t *testing.T) {
	r := seedReport(t, 0)
	if len(r.Changes) < 2 {
		t.Fatalf("seed pair has %d changes; the test needs two", len(r.Changes))
	}
	e0 := NewEntry(r, r.Changes[0], "first", "alice", time.Time{})
	e1 := NewEntry(r, r.Changes[1], "second", "bob", time.Date(2027, 1, 31, 23, 0, 0, 0, time.FixedZone("x", -3600)))
	dir := t.TempDir()
	path := filepath.Join(dir, DefaultName)

	if n, err := Append(path, 0, e0); err != nil || n != 1 {
		t.Fatalf("create: %d, %v", n, err)
	}
	if n, err := Append(path, 0, e0, e1); err != nil || n != 1 {
		t.Fatalf("append: %d written, %v; want 1 (e0 is already there)", n, err)
	}
	if n, err := Append(path, 0, e1); err != nil || n != 0 {
		t.Fatalf("again: %d written, %v; want 0", n, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), Header) || strings.Count(string(data), "[[accept]]") != 2 {
		t.Fatalf("file:\n%s", data)
	}
	f, err := Parse(data, path)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := f.Entries[1].ExpiresOn(); !ok || !got.Equal(time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("expiry of 2027-01-31 23:00 at UTC-1: %v %v, want its UTC date 2027-02-01", got, ok)
	}
	if _, ok := f.Entries[0].ExpiresOn(); ok {
		t.Error("an entry made with the zero time expires")
	}

	// A file that does not parse is left alone.
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("[[accept]]\ntask = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var perr *Error
	if _, err := Append(bad, 0, e0); !errors.As(err, &perr) {
		t.Errorf("append to an invalid file: %v, want *Error", err)
	}
	// A link is refused, and what it points to is untouched.
	target := filepath.Join(dir, "elsewhere")
	if err := os.WriteFile(target, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.toml")
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	if _, err := Append(link, 0, e0); err == nil {
		t.Error("Append wrote through a link")
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Errorf("the link's target became %q", b)
	}
}

// TestParseReportsEveryProblem: an unknown key does not hide an entry's missing reason or
// bad kind; all are reported at once, in line order.
func TestParseReportsEveryProblem(t *testing.T) {
	data := "[[accept]]\ntask = \"t\"\nkind = \"mapping.nope\"\nfingerprint = \"sha256:00\"\nreasn = \"typo\"\n"
	_, err := Parse([]byte(data), "a.toml")
	var perr *Error
	if !errors.As(err, &perr) {
		t.Fatalf("%v, want *Error", err)
	}
	msg := err.Error()
	for _, want := range []string{"reasn", "needs reason", "mapping.nope"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not mention %q:\n%s", want, msg)
		}
	}
	for i := 1; i < len(perr.Problems); i++ {
		if a, b := perr.Problems[i-1].Line, perr.Problems[i].Line; a != 0 && b != 0 && a > b {
			t.Errorf("problems out of line order: %+v", perr.Problems)
		}
	}
}
