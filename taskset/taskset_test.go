package taskset_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/rawform"
	"github.com/fdireview/fdireview/taskset"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update after checking):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func compareDirs(t *testing.T, a, b string, opts ...taskset.Option) *taskset.Comparison {
	t.Helper()
	old, err := taskset.ReadDir(t.Context(), a, 0)
	if err != nil {
		t.Fatal(err)
	}
	nw, err := taskset.ReadDir(t.Context(), b, 0)
	if err != nil {
		t.Fatal(err)
	}
	c, err := taskset.Compare(t.Context(), old, nw, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCompareFolders(t *testing.T) {
	c := compareDirs(t, "testdata/sets/a", "testdata/sets/b")
	got := map[string]taskset.Status{}
	for _, e := range c.Tasks {
		got[e.Name] = e.Status
	}
	want := map[string]taskset.Status{
		"fdi_task_pzy4m5": taskset.Changed, "crm_customer_sync": taskset.Unchanged,
		"orders_from_api": taskset.Removed, "invoices_sync": taskset.Added,
	}
	if len(got) != len(want) {
		t.Errorf("tasks %v, want %v", got, want)
	}
	for name, s := range want {
		if got[name] != s {
			t.Errorf("%s: %q, want %q", name, got[name], s)
		}
	}
	wantCounts := taskset.Counts{Tasks: 4, Added: 1, Removed: 1, Changed: 1, Unchanged: 1, Breaking: 1} // the column list repeats the breaking change: folded
	if c.Summary != wantCounts {
		t.Errorf("summary %+v, want %+v", c.Summary, wantCounts)
	}
	for _, e := range c.Tasks {
		if e.Status == taskset.Changed && (e.Report == nil || e.Report.Changes[0].Kind != diff.MappingLengthChanged || e.Report.Changes[0].TargetColumn != "name") {
			t.Errorf("changed task's report: %+v", e.Report)
		}
	}

	for _, f := range []struct {
		file  string
		write func(*bytes.Buffer, *taskset.Comparison) error
	}{
		{"sets.txt", func(b *bytes.Buffer, c *taskset.Comparison) error { return taskset.WriteText(b, c) }},
		{"sets.md", func(b *bytes.Buffer, c *taskset.Comparison) error { return taskset.WriteMarkdown(b, c) }},
		{"sets.json", func(b *bytes.Buffer, c *taskset.Comparison) error { return taskset.WriteJSON(b, c) }},
	} {
		var b bytes.Buffer
		if err := f.write(&b, c); err != nil {
			t.Fatal(err)
		}
		golden(t, f.file, b.Bytes())
	}
}

func TestJSONShape(t *testing.T) {
	var b bytes.Buffer
	if err := taskset.WriteJSON(&b, compareDirs(t, "testdata/sets/a", "testdata/sets/b")); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tasks []struct {
			Name    string          `json:"name"`
			Status  string          `json:"status"`
			Old     json.RawMessage `json:"old"`
			New     json.RawMessage `json:"new"`
			Summary json.RawMessage `json:"summary"`
			Report  *struct {
				Changes []json.RawMessage `json:"changes"`
			} `json:"report"`
		} `json:"tasks"`
		Summary map[string]int `json:"summary"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, task := range doc.Tasks {
		switch task.Status {
		case "added":
			if string(task.Old) != "null" || string(task.New) == "null" || string(task.Summary) != "null" {
				t.Errorf("added: old %s new %s summary %s", task.Old, task.New, task.Summary)
			}
		case "removed":
			if string(task.New) != "null" || string(task.Old) == "null" {
				t.Errorf("removed: old %s new %s", task.Old, task.New)
			}
		case "changed":
			if task.Report == nil || len(task.Report.Changes) != 1 || string(task.Summary) == "null" {
				t.Errorf("changed: report %+v summary %s", task.Report, task.Summary)
			}
		case "unchanged":
			if task.Report != nil || !strings.Contains(string(task.Summary), `"breaking": 0`) {
				t.Errorf("unchanged: report %+v summary %s", task.Report, task.Summary)
			}
		}
	}
	if doc.Summary["changed"] != 1 || doc.Summary["tasks"] != 4 {
		t.Errorf("summary %v", doc.Summary)
	}
}

// item is an in-memory task: body served by Load.
func item(name, id string, body []byte) taskset.Item {
	return taskset.Item{Name: name, ID: id, Ref: name + "@" + id, Load: func(context.Context) ([]byte, error) { return body, nil }}
}

func gen(name string, seed int64, mappings int) []byte {
	return taskgen.Response(taskgen.Options{Mappings: mappings, Seed: seed, Name: name})
}

func TestMatching(t *testing.T) {
	a := gen("alpha", 1, 4)
	a2, _ := taskgen.Mutate(a, 0.5, 7)
	b := gen("beta", 2, 4)
	type row struct{ name, status, old, new string }
	tests := []struct {
		name     string
		old, new []taskset.Item
		want     []row
	}{
		{
			"same name, other id (dev and prod)",
			[]taskset.Item{item("alpha", "dev1", a)}, []taskset.Item{item("alpha", "prod1", a)},
			[]row{{"alpha", "unchanged", "alpha@dev1", "alpha@prod1"}},
		},
		{
			"renamed task keeps its id",
			[]taskset.Item{item("alpha", "x1", a)}, []taskset.Item{item("alpha_v2", "x1", a2)},
			[]row{{"alpha_v2", "changed", "alpha@x1", "alpha_v2@x1"}},
		},
		{
			"name and id pair before name alone",
			[]taskset.Item{item("alpha", "x1", a), item("alpha", "x2", b)},
			[]taskset.Item{item("alpha", "x2", b), item("alpha", "x1", a)},
			[]row{{"alpha", "unchanged", "alpha@x1", "alpha@x1"}, {"alpha", "unchanged", "alpha@x2", "alpha@x2"}},
		},
		{
			"duplicate names pair in order",
			[]taskset.Item{item("alpha", "o1", a), item("alpha", "o2", b)},
			[]taskset.Item{item("alpha", "n1", a), item("alpha", "n2", b)},
			[]row{{"alpha", "unchanged", "alpha@o1", "alpha@n1"}, {"alpha", "unchanged", "alpha@o2", "alpha@n2"}},
		},
		{
			"name wins over id",
			[]taskset.Item{item("alpha", "x1", a), item("beta", "x2", b)},
			[]taskset.Item{item("beta", "x1", b), item("alpha", "x2", a)},
			[]row{{"alpha", "unchanged", "alpha@x1", "alpha@x2"}, {"beta", "unchanged", "beta@x2", "beta@x1"}},
		},
		{
			"empty ids never pair",
			[]taskset.Item{item("alpha", "", a)}, []taskset.Item{item("beta", "", b)},
			[]row{{"alpha", "removed", "alpha@", ""}, {"beta", "added", "", "beta@"}},
		},
		{
			"order: removed, changed, added, unchanged",
			[]taskset.Item{item("a", "1", a), item("z", "2", b), item("m", "3", a)},
			[]taskset.Item{item("a", "1", a), item("m", "3", a2), item("b", "4", b)},
			[]row{{"z", "removed", "z@2", ""}, {"m", "changed", "m@3", "m@3"}, {"b", "added", "", "b@4"}, {"a", "unchanged", "a@1", "a@1"}},
		},
		{"both empty", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := taskset.Compare(t.Context(), &taskset.Set{Label: "old", Items: tt.old}, &taskset.Set{Label: "new", Items: tt.new})
			if err != nil {
				t.Fatal(err)
			}
			var got []row
			for _, e := range c.Tasks {
				r := row{name: e.Name, status: string(e.Status)}
				if e.Old != nil {
					r.old = e.Old.Ref
				}
				if e.New != nil {
					r.new = e.New.Ref
				}
				got = append(got, r)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("row %d: %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestInvalidTasksAreReportedNotCompared(t *testing.T) {
	good := gen("alpha", 1, 3)
	bad := bytes.Replace(good, []byte(`"task_type":"timing"`), []byte(`"task_type":7`), 1)
	if bytes.Equal(bad, good) {
		t.Fatal("the edit did not apply")
	}
	failing := taskset.Item{Name: "beta", ID: "b", Ref: "beta.json", Load: func(context.Context) ([]byte, error) {
		return nil, errors.New("disk on fire")
	}}
	old := &taskset.Set{Items: []taskset.Item{item("alpha", "a", good), item("beta", "b", good)}}
	nw := &taskset.Set{Items: []taskset.Item{item("alpha", "a", bad), failing}}
	c, err := taskset.Compare(t.Context(), old, nw)
	if err != nil {
		t.Fatal(err)
	}
	if c.Summary.Invalid != 2 || !c.HasInvalid() || len(c.Tasks) != 2 {
		t.Fatalf("summary %+v", c.Summary)
	}
	alpha, beta := c.Tasks[0], c.Tasks[1]
	if alpha.Status != taskset.Invalid || len(alpha.Problems) == 0 || alpha.Problems[0].Problem == nil ||
		alpha.Problems[0].Problem.Pointer != "/task/task_type" || alpha.Problems[0].Ref != "alpha@a" {
		t.Errorf("alpha: %+v", alpha)
	}
	if beta.Status != taskset.Invalid || len(beta.Problems) != 1 || beta.Problems[0].Error != "disk on fire" {
		t.Errorf("beta: %+v", beta)
	}
	if c.AtLeast(diff.Info) {
		t.Errorf("invalid tasks count for --fail-on")
	}
}

func TestAtLeast(t *testing.T) {
	a := gen("alpha", 1, 6)
	changed, _ := taskgen.Mutate(a, 1, 3) // narrows and removes mappings: breaking
	tests := []struct {
		name     string
		old, new []taskset.Item
		want     map[diff.Severity]bool
	}{
		{"unchanged", []taskset.Item{item("a", "1", a)}, []taskset.Item{item("a", "1", a)},
			map[diff.Severity]bool{diff.Info: false, diff.Warning: false, diff.Breaking: false}},
		{"added", nil, []taskset.Item{item("a", "1", a)},
			map[diff.Severity]bool{diff.Info: true, diff.Warning: false, diff.Breaking: false}},
		{"removed", []taskset.Item{item("a", "1", a)}, nil,
			map[diff.Severity]bool{diff.Info: true, diff.Warning: true, diff.Breaking: true}},
		{"changed, breaking", []taskset.Item{item("a", "1", a)}, []taskset.Item{item("a", "1", changed)},
			map[diff.Severity]bool{diff.Info: true, diff.Warning: true, diff.Breaking: true}},
	}
	for _, tt := range tests {
		c, err := taskset.Compare(t.Context(), &taskset.Set{Items: tt.old}, &taskset.Set{Items: tt.new})
		if err != nil {
			t.Fatal(err)
		}
		for s, want := range tt.want {
			if got := c.AtLeast(s); got != want {
				t.Errorf("%s: AtLeast(%s) = %v, want %v", tt.name, s, got, want)
			}
		}
	}
}

func TestReviewHookAppliesToEveryPair(t *testing.T) {
	a := gen("alpha", 1, 6)
	changed, _ := taskgen.Mutate(a, 0.5, 3)
	set := func(body []byte) *taskset.Set { return &taskset.Set{Items: []taskset.Item{item("a", "1", body)}} }
	calls := 0
	c, err := taskset.Compare(t.Context(), set(a), set(changed), taskset.WithReview(func(r *diff.Report) {
		calls++
		r.Changes, r.Summary = nil, diff.Summary{} // everything accepted away
	}))
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 || c.Tasks[0].Status != taskset.Unchanged {
		t.Errorf("calls %d, status %s; want 1, unchanged", calls, c.Tasks[0].Status)
	}
}

func TestDeterministicWhateverTheWorkers(t *testing.T) {
	var old, nw []taskset.Item
	for i := range 40 {
		body := gen(strings.Repeat("t", 1+i%3)+string(rune('a'+i%26)), int64(i), 5)
		old = append(old, item(string(rune('a'+i%26))+"x", "", body))
		if i%4 == 0 {
			body, _ = taskgen.Mutate(body, 0.5, int64(i))
		}
		nw = append(nw, item(string(rune('a'+i%26))+"x", "", body))
	}
	var outs []string
	for _, w := range []int{1, 3, 16} {
		c, err := taskset.Compare(t.Context(), &taskset.Set{Items: old}, &taskset.Set{Items: nw}, taskset.WithWorkers(w))
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := taskset.WriteJSON(&b, c); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b.String())
	}
	if outs[0] != outs[1] || outs[0] != outs[2] {
		t.Errorf("output depends on the number of workers")
	}
}

func TestCanceledCompare(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	a := gen("alpha", 1, 2)
	if _, err := taskset.Compare(ctx, &taskset.Set{Items: []taskset.Item{item("a", "1", a)}}, &taskset.Set{Items: []taskset.Item{item("a", "1", a)}}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestKeys(t *testing.T) {
	tests := []struct{ body, name, id string }{
		{`{"task":{"task_id":"x1","task_name":"alpha"},"task_detail":"{}"}`, "alpha", "x1"},
		{`{"task":{"task_name":"alpha"},"task_detail":"{}"}`, "alpha", ""},
		{`{"taskName":"beta","mappingTable":[]}`, "beta", ""},
		{`not json`, "", ""},
		{`{"task":"odd"}`, "", ""},
	}
	for _, tt := range tests {
		if name, id := taskset.Keys([]byte(tt.body)); name != tt.name || id != tt.id {
			t.Errorf("Keys(%s) = %q, %q; want %q, %q", tt.body, name, id, tt.name, tt.id)
		}
	}
}

func TestReadDir(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"b.json":       `{"task":{"task_id":"x1","task_name":"alpha"},"task_detail":"{}"}`,
		"a.json":       `{"taskName":"beta"}`,
		"broken.json":  `{`,
		".hidden.json": `{}`,
		"notes.txt":    `hello`,
		"huge.json":    `{"taskName":"` + strings.Repeat("x", 100) + `"}`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	set, err := taskset.ReadDir(t.Context(), dir, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range set.Items {
		got = append(got, it.Name+"/"+it.ID+"/"+filepath.Base(it.Ref))
	}
	want := "beta//a.json alpha/x1/b.json broken//broken.json huge//huge.json"
	if strings.Join(got, " ") != want || set.Label != dir {
		t.Errorf("items %q, want %q", got, want)
	}
	if _, err := set.Items[3].Load(t.Context()); err == nil || !strings.Contains(err.Error(), "over the 100-byte limit") {
		t.Errorf("a file over the limit loads: %v", err)
	}
	if _, err := taskset.ReadDir(t.Context(), filepath.Join(dir, "missing"), 0); err == nil {
		t.Error("no error for a missing folder")
	}
}

func TestTextEscapesNames(t *testing.T) {
	body := gen("alpha", 1, 2)
	name := "evil\x1b[2J\u202ename|<b>*x*</b>"
	c, err := taskset.Compare(t.Context(), &taskset.Set{Label: "old\x1b[31m"}, &taskset.Set{Items: []taskset.Item{item(name, "1", body)}})
	if err != nil {
		t.Fatal(err)
	}
	var text, md bytes.Buffer
	if err := taskset.WriteText(&text, c); err != nil {
		t.Fatal(err)
	}
	if err := taskset.WriteMarkdown(&md, c); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{text.String(), md.String()} {
		if strings.ContainsAny(out, "\x1b\u202e") {
			t.Errorf("control or bidi characters printed raw:\n%q", out)
		}
	}
	if !strings.Contains(text.String(), `evil\x1b[2J⟨U+202E⟩name`) {
		t.Errorf("escaped name not shown:\n%s", text.String())
	}
	if !strings.Contains(md.String(), "`evil\\x1b[2J⟨U+202E⟩name\\|<b>*x*</b>`") {
		t.Errorf("Markdown name not in a code span with | escaped:\n%s", md.String())
	}
}

// TestSetsTestdataIsValid keeps the acceptance folders parseable as the schema evolves: a
// file that stopped being valid would turn a status into "invalid" only when paired.
func TestSetsTestdataIsValid(t *testing.T) {
	files, _ := filepath.Glob("testdata/sets/*/*.json")
	if len(files) != 6 {
		t.Fatalf("%d files", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rawform.Parse(b); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
