package accept

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/rawform"
)

func parseTask(t *testing.T, name string) *rawform.Task {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "roma", "romatest", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	task, err := rawform.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return task
}

// seedReport compares the bundled seed pair; narrow, when not 0, sets the new target
// length of "name" first (editing the accepted change).
func seedReport(t *testing.T, narrow int64) *diff.Report {
	old, new := parseTask(t, "seed-response.json"), parseTask(t, "seed-v2-response.json")
	if narrow != 0 {
		for i := range new.Detail.Mappings {
			if new.Detail.Mappings[i].Target.Column == "name" {
				new.Detail.Mappings[i].Target.Length.Value = narrow
			}
		}
	}
	return diff.Tasks(old, new)
}

var day = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// acceptAll writes an entry for every change of r and parses the file back.
func acceptAll(t *testing.T, r *diff.Report, expires time.Time) *File {
	t.Helper()
	var entries []Entry
	for _, c := range r.Changes {
		entries = append(entries, NewEntry(r, c, "reviewed in PR 42", "alice", expires))
	}
	body, err := Encode(entries)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(append([]byte(Header), body...), "acc.toml")
	if err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	return f
}

func TestRoundTripAcceptsEverything(t *testing.T) {
	r := seedReport(t, 0)
	f := acceptAll(t, r, time.Time{})
	if len(f.Entries) != len(r.Changes) || f.Entries[0].Line != 5 {
		t.Fatalf("%d entries, first at line %d", len(f.Entries), f.Entries[0].Line)
	}
	res := f.Apply(r, day)
	if res.Accepted != len(r.Changes) || len(res.Stale) != 0 || r.AtLeast(diff.Info) {
		t.Fatalf("accepted %d of %d, stale %v", res.Accepted, len(r.Changes), res.Stale)
	}
	if r.Summary.Accepted != len(r.Changes) || r.Summary.Breaking != 0 {
		t.Errorf("summary %+v", r.Summary)
	}
	for _, c := range r.Changes {
		if c.Accepted == nil || c.Accepted.Reason != "reviewed in PR 42" || c.Accepted.By != "alice" || !strings.HasPrefix(c.Accepted.Entry, "acc.toml:") {
			t.Errorf("%s: acceptance %+v", c.Message, c.Accepted)
		}
	}
}

// TestEditedChangeIsStale: another length for the accepted narrowing is a new change; the
// entry matches nothing and is named, with what the change is now.
func TestEditedChangeIsStale(t *testing.T) {
	f := acceptAll(t, seedReport(t, 0), time.Time{})
	r := seedReport(t, 50)
	res := f.Apply(r, day)
	if !r.AtLeast(diff.Breaking) {
		t.Fatal("the edited narrowing is accepted")
	}
	if len(res.Stale) != 1 {
		t.Fatalf("stale %v, want 1", res.Stale)
	}
	s := res.Stale[0]
	if s.Entry.Column != "name" || s.Entry.Kind != "mapping.length_changed" || !strings.HasPrefix(s.Where, "acc.toml:") ||
		!strings.Contains(s.String(), "the change is now: name: target VARCHAR(255) → VARCHAR(50)") {
		t.Errorf("stale notice %q", s)
	}
}

func TestExpiry(t *testing.T) {
	last := time.Date(2026, 11, 30, 15, 4, 5, 0, time.UTC) // the time of day is dropped: the date is the last day
	for _, c := range []struct {
		now     time.Time
		applied bool
	}{
		{time.Date(2026, 11, 30, 23, 59, 59, 0, time.UTC), true},
		{time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), false},
		{time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC), false},
	} {
		r := seedReport(t, 0)
		f := acceptAll(t, r, last)
		res := f.Apply(r, c.now)
		if got := res.Accepted == len(r.Changes); got != c.applied {
			t.Errorf("%v: applied %v (accepted %d)", c.now, got, res.Accepted)
		}
		if !c.applied && (len(res.Expired) != len(r.Changes) || !strings.Contains(res.Expired[0].Message, "expired on 2026-11-30")) {
			t.Errorf("%v: expired notices %v", c.now, res.Expired)
		}
		if c.applied && r.Changes[0].Accepted.Expires != "2026-11-30" {
			t.Errorf("expiry not shown: %+v", r.Changes[0].Accepted)
		}
	}
}

func TestOtherTasksAreNotStale(t *testing.T) {
	f, err := Parse([]byte(`[[accept]]
task = "another_task"
kind = "mapping.removed"
column = "x"
fingerprint = "sha256:00"
reason = "not this task"
`), "acc.toml")

	if err != nil {
		t.Fatal(err)
	}
	if res := f.Apply(seedReport(t, 0), day); res.Accepted != 0 || len(res.Stale) != 0 {
		t.Errorf("%+v", res)
	}
}

func TestMalformedFiles(t *testing.T) {
	for _, c := range []struct {
		name, body string
		line       int
		mention    string
	}{
		{"syntax", "[[accept]]\ntask = \"t\"\nreason = \"unterminated\n", 3, "not valid TOML"},
		{"unknown key", "[[accept]]\ntask = \"t\"\nkind = \"mapping.removed\"\nfingerprint = \"sha256:0\"\nreason = \"r\"\nreasn = \"typo\"\n", 6, "unknown key reasn"},
		{"no reason", "# c\n\n[[accept]]\ntask = \"t\"\nkind = \"mapping.removed\"\nfingerprint = \"sha256:0\"\n", 3, "needs reason"},
		{"unknown kind", "[[accept]]\ntask = \"t\"\nkind = \"mapping.gone\"\nfingerprint = \"sha256:0\"\nreason = \"r\"\n", 1, "not a change kind"},
		{"bad pointer", "[[accept]]\ntask = \"t\"\nkind = \"setting.changed\"\npointer = \"where\"\nfingerprint = \"sha256:0\"\nreason = \"r\"\n", 1, "JSON Pointer pattern"},
		{"wrong type", "[[accept]]\ntask = \"t\"\nkind = \"setting.changed\"\nfingerprint = \"sha256:0\"\nreason = 5\n", 5, "not valid TOML"},
		// go-toml v2.2.4 panicked here (found by FuzzParse; input kept in testdata/fuzz).
		{"date for a string key", "[[accept]]\nfingerprint = 0000-01-01\n", 2, "not valid TOML"},
		{"expires as text", "[[accept]]\ntask = \"t\"\nkind = \"setting.changed\"\nfingerprint = \"sha256:0\"\nreason = \"r\"\nexpires = \"soon\"\n", 6, "not valid TOML"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := Parse([]byte(c.body), "acc.toml")
			var e *Error
			if f != nil || !errors.As(err, &e) {
				t.Fatalf("file %v, error %v", f, err)
			}
			if e.Problems[0].Line != c.line || !strings.Contains(err.Error(), c.mention) || !strings.HasPrefix(err.Error(), "acc.toml:") {
				t.Errorf("line %d (want %d): %v", e.Problems[0].Line, c.line, err)
			}
		})
	}
}

// TestFingerprintIgnoresIndices: inserting a mapping before the accepted one moves its
// pointer, not its fingerprint; another value changes it.
func TestFingerprintIgnoresIndices(t *testing.T) {
	a := diff.Change{Kind: diff.MappingLengthChanged, TargetColumn: "name", Pointer: "/task_detail/mappingTable/1/targetColumnLength", Old: 255, New: 100}
	b := a
	b.Pointer = "/task_detail/mappingTable/7/targetColumnLength"
	c := a
	c.New = 50
	if Fingerprint(a) != Fingerprint(b) || Fingerprint(a) == Fingerprint(c) {
		t.Errorf("%s %s %s", Fingerprint(a), Fingerprint(b), Fingerprint(c))
	}
	if PointerPattern("/task_detail/sourceSelectedDatasource/where/0") != "/task_detail/sourceSelectedDatasource/where/*" {
		t.Error(PointerPattern("/task_detail/sourceSelectedDatasource/where/0"))
	}
}

func TestFind(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if Find(a, b) != "" {
		t.Fatal("found in empty dirs")
	}
	p := filepath.Join(b, DefaultName)
	if err := os.WriteFile(p, []byte(Header), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Find(a, b); got != p {
		t.Errorf("Find = %q, want %q", got, p)
	}
}

// TestEncodeRoundTrip: whatever the text, an encoded entry parses back the same, and the
// expiry is written as a TOML date.
func TestEncodeRoundTrip(t *testing.T) {
	e := Entry{Task: "t", Kind: "setting.changed", Pointer: "/task_detail/sourceSelectedDatasource/where/*",
		Change: "filter added: id > 1000", Fingerprint: "sha256:00",
		Reason: "a \"quoted\" \\ back\nslash\x01 ünïcode 😀 'single'", By: "o'brien",
		Expires: &toml.LocalDate{Year: 2027, Month: 1, Day: 31}}
	body, err := Encode([]Entry{e})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), "\nexpires = 2027-01-31\n") {
		t.Errorf("expiry not a TOML date:\n%s", body)
	}
	f, err := Parse(body, "x.toml")
	if err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	got := f.Entries[0]
	got.Line, got.pattern = 0, diff.Pattern{}
	if got.Reason != e.Reason || got.By != e.By || got.Change != e.Change || got.Pointer != e.Pointer || *got.Expires != *e.Expires {
		t.Errorf("got %+v\nwant %+v", got, e)
	}
}
