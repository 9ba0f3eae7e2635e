package textconv_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/textconv"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func render(t *testing.T, body []byte) string {
	t.Helper()
	var b bytes.Buffer
	if err := textconv.Write(&b, body); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestGoldens renders every example and crafted invalid task; the goldens are the
// readable record of the format.
func TestGoldens(t *testing.T) {
	for _, in := range []string{
		"../roma/romatest/testdata/seed-response.json",
		"../roma/romatest/testdata/seed-v2-response.json",
		"../roma/romatest/testdata/orders-api-response.json",
		"../roma/romatest/testdata/create-request-api-to-oracle.json",
		"../testdata/invalid/unknown-target.json",
		"../testdata/invalid/broken-envelope.json",
	} {
		t.Run(filepath.Base(in), func(t *testing.T) {
			body, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got := render(t, body)
			path := filepath.Join("testdata", strings.TrimSuffix(filepath.Base(in), ".json")+".txt")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if got != string(want) {
				t.Errorf("differs from %s (run with -update after checking):\n%s", path, got)
			}
		})
	}
}

func TestOneLineChangesForANarrowedColumn(t *testing.T) {
	old, err := os.ReadFile("../taskset/testdata/sets/a/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	nw, err := os.ReadFile("../taskset/testdata/sets/b/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	a, b := strings.Split(render(t, old), "\n"), strings.Split(render(t, nw), "\n")
	if len(a) != len(b) {
		t.Fatalf("line counts differ: %d and %d", len(a), len(b))
	}
	var changed []string
	for i := range a {
		if a[i] != b[i] {
			changed = append(changed, a[i]+"  →  "+b[i])
		}
	}
	want := []string{
		"name VARCHAR(255) NULL ← name VARCHAR(255) NULL  →  name VARCHAR(100) NULL ← name VARCHAR(255) NULL",
		"target name VARCHAR(255) NULL  →  target name VARCHAR(100) NULL",
	}
	if strings.Join(changed, "\n") != strings.Join(want, "\n") {
		t.Errorf("changed lines:\n%s\nwant:\n%s", strings.Join(changed, "\n"), strings.Join(want, "\n"))
	}
}

func TestStableUnderReordering(t *testing.T) {
	// The pair differs only in the order of its mappings and columns: no change.
	old, err := os.ReadFile("../testdata/diff/reordered-only/old.json")
	if err != nil {
		t.Fatal(err)
	}
	nw, err := os.ReadFile("../testdata/diff/reordered-only/new.json")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(old, nw) {
		t.Fatal("the pair is identical")
	}
	if a, b := render(t, old), render(t, nw); a != b {
		t.Errorf("reordering changed the rendering:\n%s\n---\n%s", a, b)
	}
}

func TestSettingsInPointerOrder(t *testing.T) {
	got := render(t, []byte(`{"x":{"b":1,"a":[2,10,3,4,5,6,7,8,9,10,11]},"taskName":"t"}`))
	if !strings.Contains(got, "/task_detail/x/a/9 = 10\n/task_detail/x/a/10 = 11\n/task_detail/x/b = 1\n") {
		t.Errorf("settings not in pointer order (array indexes as numbers):\n%s", got)
	}
}

func TestEscapesAndNonJSON(t *testing.T) {
	got := render(t, []byte(`{"taskName":"evil\u001b[2J\u202e","note":"line\nbreak"}`))
	if strings.ContainsAny(got, "\x1b\u202e") || !strings.Contains(got, `"evil\u001b[2J⟨U+202E⟩"`) {
		t.Errorf("control characters not escaped:\n%q", got)
	}
	if !strings.Contains(got, `/task_detail/note = "line\nbreak"`) {
		t.Errorf("a value's line break split a line:\n%s", got)
	}
	if got := render(t, []byte("not json\n")); got != "not json\n" {
		t.Errorf("non-JSON input changed: %q", got)
	}
}
