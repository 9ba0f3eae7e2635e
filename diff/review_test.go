package diff

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/rawform"
)

// TestStateOnly: two copies of one task differing only in status, execute_status and
// last_modified_date have no change to the definition; the three are state changes,
// without severity, shown with dates.
func TestStateOnly(t *testing.T) {
	old, new := loadPair(t, filepath.Join("..", "testdata", "diff", "state-only"))
	r := Tasks(old, new)
	if len(r.Changes) != 0 || r.AtLeast(Info) || r.Summary.Total() != 0 {
		t.Fatalf("changes %+v, want none", r.Changes)
	}
	want := []string{"/task/status", "/task/execute_status", "/task/last_modified_date"}
	if len(r.State) != len(want) || r.Summary.State != len(want) {
		t.Fatalf("state %+v, want %v", r.State, want)
	}
	for i, c := range r.State {
		if c.Kind != StateChanged || c.Pointer != want[i] || c.Severity != "" {
			t.Errorf("state[%d] = %+v", i, c)
		}
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	var decoded struct {
		Changes []map[string]any `json:"changes"`
		State   []map[string]any `json:"state"`
	}
	if err := json.Unmarshal(js.Bytes(), &decoded); err != nil {
		t.Fatal(err)
	}
	if len(decoded.Changes) != 0 || len(decoded.State) != 3 {
		t.Errorf("JSON changes %v state %v", decoded.Changes, decoded.State)
	}
	for _, c := range decoded.State {
		if _, has := c["severity"]; has || c["kind"] != "state.changed" {
			t.Errorf("JSON state change %v has a severity or another kind", c)
		}
	}
	var text bytes.Buffer
	_ = WriteText(&text, r)
	for _, w := range []string{"no changes to the task's definition", "status: stopped → running", "last modified: 2022-10-26T08:19:35.897Z → 2022-10-29T09:20:00Z"} {
		if !strings.Contains(text.String(), w) {
			t.Errorf("text lacks %q:\n%s", w, text.String())
		}
	}
}

// TestIdentityInHeader: comparing two different tasks shows their ids and creation dates
// in the header, not as changes.
func TestIdentityInHeader(t *testing.T) {
	old, new := seed(t), seed(t)
	new.Info.ID, new.Info.CreatedDate = "5c1f0a9e3b7d4e21a8c6f4d2b0e9a713", 1667000000000
	r := Tasks(old, new)
	if len(r.Changes) != 0 || len(r.State) != 0 {
		t.Fatalf("changes %+v state %+v, want none", r.Changes, r.State)
	}
	if r.New.ID != new.Info.ID || r.Old.Created != "2022-10-26T08:19:35.897Z" || r.New.Created != "2022-10-28T23:33:20Z" {
		t.Errorf("header %+v → %+v", r.Old, r.New)
	}
}

func TestSettingSentences(t *testing.T) {
	for _, tt := range []struct {
		name     string
		key      string
		old, new any
		section  string
		want     string
	}{
		{"order column set", "orderColumn", "", "updated_at", "source", `source: order column set to "updated_at"`},
		{"order column cleared", "orderColumn", "updated_at", "", "source", `source: order column cleared (was "updated_at")`},
		{"batch number style", "batch_number_style", "UUID", "DATE", "target", `target: batch number style changed from "UUID" to "DATE"`},
		{"incremental on", "need_inc_migration", false, true, "source", "source: incremental migration turned on"},
		{"paging off", "isNeedPageSrcApi", true, false, "source", "source: paging turned off"},
		{"page limit", "pageNumLimit", "1", "10", "source", `source: maximum number of pages changed from "1" to "10"`},
		{"unknown key in words", "retryPolicyMax", 1, 2, "task detail", "task detail: retry policy max changed from 1 to 2"},
		{"added", "writeMode", nil, "upsert", "target", `target: write mode added: "upsert"`},
		{"no escapes", "textInputValue", "", "a > b & <c>", "source", `source: text input set to "a > b & <c>"`},
		{"control characters escaped", "textInputValue", "", "a\x1b[31m", "source", `source: text input set to "a\x1b[31m"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := settingSentence(tt.section, fieldName(tt.key), tt.key, tt.old, tt.new); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestDatesInSentences(t *testing.T) {
	if got := valueText("dataTimestamp", json.Number("1667035200000")); got != "2022-10-29T09:20:00Z" {
		t.Errorf("dataTimestamp = %s", got)
	}
	if got := valueText("pageNumLimit", json.Number("1667035200000")); got != "1667035200000" {
		t.Errorf("a number that is not a date field = %s", got)
	}
}

func TestConditions(t *testing.T) {
	cond := func(col, op, v string) any { return map[string]any{"column": col, "operator": op, "value": v} }
	for _, tt := range []struct {
		name     string
		old, new []any
		want     []string
	}{
		{"added", nil, []any{cond("id", ">", "1000")}, []string{"filter added: id > 1000"}},
		{"removed", []any{cond("id", ">", "1000")}, nil, []string{"filter removed: id > 1000"}},
		{"value changed", []any{cond("id", ">", "100")}, []any{cond("id", ">", "1000")}, []string{"filter changed: id > 100 → id > 1000"}},
		{"operator changed", []any{cond("id", ">", "100")}, []any{cond("id", ">=", "100")}, []string{"filter changed: id > 100 → id >= 100"}},
		{"reordered only", []any{cond("a", "=", "1"), cond("b", "=", "2")}, []any{cond("b", "=", "2"), cond("a", "=", "1")}, nil},
		{"value with spaces", nil, []any{cond("name", "=", "a b")}, []string{`filter added: name = "a b"`}},
		{"other shape", nil, []any{"id>3"}, []string{`filter added: "id>3"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := &differ{}
			d.conditions("/task_detail/sourceSelectedDatasource/where", "filter", tt.old, tt.new)
			var got []string
			for _, c := range d.changes {
				got = append(got, c.Message)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSQLSentence(t *testing.T) {
	msg, detail := sqlSentence("select a,\n  b\nfrom t\nwhere id > 1", "select a,\n  b\nfrom t\nwhere id > 2\nand x = 1")
	if msg != "custom SQL changed: 1 line removed, 2 lines added" {
		t.Errorf("message %q", msg)
	}
	want := "  select a,\n    b\n  from t\n- where id > 1\n+ where id > 2\n+ and x = 1"
	if detail != want {
		t.Errorf("detail\n%s\nwant\n%s", detail, want)
	}
	if msg, _ := sqlSentence("", "select 1"); msg != "custom SQL set: select 1" {
		t.Errorf("set: %q", msg)
	}
	if msg, _ := sqlSentence("select 1\nfrom dual", ""); msg != "custom SQL removed (was: select 1 …)" {
		t.Errorf("removed: %q", msg)
	}
	if msg, _ := sqlSentence("select 1", "select 2"); msg != "custom SQL changed: select 1 → select 2" {
		t.Errorf("one line: %q", msg)
	}
}

func TestPattern(t *testing.T) {
	for _, tt := range []struct {
		pattern, ptr string
		want         bool
	}{
		{"/task/description", "/task/description", true},
		{"/task/description", "/task/descriptionX", false},
		{"/task_detail/sourceSelectedDatasource/where", "/task_detail/sourceSelectedDatasource/where/0", true},
		{"/task_detail/mappingTable/*/isAddMapping", "/task_detail/mappingTable/12/isAddMapping", true},
		{"/task_detail/mappingTable/*/isAddMapping", "/task_detail/mappingTable/12/targetColumn", false},
		{"/task_detail/mappingTable/*", "/task_detail/mappingTable", false},
		{"/**/description", "/task/description", true},
		{"/**/description", "/task_detail/description", true},
		{"/**/extend_meta_data", "/task_detail/sourceSelectedDatasource/extend_meta_data/0/x", true},
		{"/**", "/anything/at/all", true},
		{"/task/**/x", "/task/x", true},
		{"/task/**/x", "/task/a/b/x", true},
		{"/task/**/x", "/task_detail/x", false},
	} {
		if got := MustParsePattern(tt.pattern).Match(tt.ptr); got != tt.want {
			t.Errorf("%s matches %s = %v, want %v", tt.pattern, tt.ptr, got, tt.want)
		}
	}
	for _, bad := range []string{"task/description", "/task/desc*", "/a/**b", ""} {
		if _, err := ParsePattern(bad); err == nil {
			t.Errorf("ParsePattern(%q) accepted", bad)
		}
	}
}

// seedPair is the bundled seed pair of roma/romatest: seed and its v2.
func seedPair(t testing.TB) (old, new *rawform.Task) {
	read := func(name string) *rawform.Task {
		b, err := os.ReadFile(filepath.Join("..", "roma", "romatest", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return mustParse(t, b)
	}
	return read("seed-response.json"), read("seed-v2-response.json")
}

func TestIgnoreDropsAndCounts(t *testing.T) {
	old, new := seedPair(t)
	full := Tasks(old, new)
	r := Tasks(old, new, Ignore(MustParsePattern("/task_detail/sourceSelectedDatasource/where"), MustParsePattern("/**/last_modified_date")))
	if len(r.Changes) != len(full.Changes)-1 || len(r.State) != len(full.State)-1 || r.Summary.Ignored != 2 {
		t.Fatalf("ignored %d; %d changes (of %d), %d state (of %d)", r.Summary.Ignored, len(r.Changes), len(full.Changes), len(r.State), len(full.State))
	}
	for _, c := range r.Changes {
		if strings.Contains(c.Pointer, "/where") {
			t.Errorf("ignored change kept: %+v", c)
		}
	}
	var text bytes.Buffer
	_ = WriteText(&text, r)
	if !strings.Contains(text.String(), "ignored /task_detail/sourceSelectedDatasource/where, /**/last_modified_date (2 differences left out)") {
		t.Errorf("header does not say what was ignored:\n%s", text.String())
	}
}

// TestNoJSONEscapes: no human-readable output of the bundled pair holds a JSON escape.
func TestNoJSONEscapes(t *testing.T) {
	old, new := seedPair(t)
	r := Tasks(old, new)
	var text, md, js bytes.Buffer
	_ = WriteText(&text, r)
	_ = WriteMarkdown(&md, r)
	_ = WriteJSON(&js, r)
	for name, out := range map[string]string{"text": text.String(), "markdown": md.String(), "json": js.String()} {
		if strings.Contains(out, `\u00`) {
			t.Errorf("%s output has a \\u escape:\n%s", name, out)
		}
	}
	if !strings.Contains(text.String(), "filter added: id > 1000") || !strings.Contains(js.String(), `"message": "filter added: id > 1000"`) ||
		!strings.Contains(md.String(), "filter added: id &gt; 1000") {
		t.Error("the where clause is not a sentence in every output")
	}
}

func TestFilter(t *testing.T) {
	old, new := seedPair(t)
	r := Tasks(old, new)
	f := r.Filter(Warning)
	if f.Hidden != 2 || len(f.Changes) != 3 || len(f.State) != 0 || f.Summary != r.Summary {
		t.Errorf("Filter(warning): hidden %d, %d changes, %d state", f.Hidden, len(f.Changes), len(f.State))
	}
	if len(r.Changes) != 5 || len(r.State) != 3 {
		t.Error("Filter modified the report")
	}
	if g := r.Filter(Info); len(g.Changes) != 5 || g.Hidden != 0 || len(g.State) != 3 {
		t.Errorf("Filter(info) hid something")
	}
}

func TestFlagSentences(t *testing.T) {
	old, new := seed(t), seed(t)
	mapping(new, "name").AddDateMapping = true
	r := Tasks(old, new)
	if len(r.Changes) != 1 || r.Changes[0].Message != "name: the mapping now writes the current date instead of the source value" {
		t.Errorf("got %+v", r.Changes)
	}
	r = Tasks(new, old)
	if len(r.Changes) != 1 || r.Changes[0].Message != "name: the mapping no longer writes the current date; it writes the source value" {
		t.Errorf("reverse: got %+v", r.Changes)
	}
}

// TestStateOfAnyJSON: runtime fields a lenient parse keeps in Extra may hold any JSON,
// objects and arrays too; differing ones are state changes, equal ones nothing, and
// neither panics (comparing two maps with == did).
func TestStateOfAnyJSON(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join("..", "testdata", "examples", "seed-response.json"))
	if err != nil {
		t.Fatal(err)
	}
	with := func(v string) *rawform.Task {
		t.Helper()
		var env map[string]any
		if err := json.Unmarshal(seed, &env); err != nil {
			t.Fatal(err)
		}
		var val any
		if err := json.Unmarshal([]byte(v), &val); err != nil {
			t.Fatal(err)
		}
		env["task"].(map[string]any)["last_modified_time"] = val
		body, _ := json.Marshal(env)
		task, err := rawform.Parse(body, rawform.Lenient())
		if err != nil {
			t.Fatal(err)
		}
		return task
	}
	for _, tt := range []struct {
		old, new string
		want     int
	}{
		{`{"a":1}`, `{"a":2}`, 1},
		{`{"a":1}`, `{"a":1}`, 0},
		{`[1,{"b":"x"}]`, `[1,{"b":"y"}]`, 1},
		{`1700000000000`, `1700000000000`, 0},
		{`1700000000000`, `{"a":1}`, 1},
	} {
		r := Tasks(with(tt.old), with(tt.new))
		if len(r.State) != tt.want || len(r.Changes) != 0 {
			t.Errorf("%s → %s: state %+v, changes %+v; want %d state change(s)", tt.old, tt.new, r.State, r.Changes, tt.want)
		}
	}
}

// TestSQLSentenceTwoEdits: two separate edits of custom SQL mark the two changed lines
// only; the unchanged lines between them stay context (issue 24), and a line between two
// insertions is not shown as removed and added (issue 21).
func TestSQLSentenceTwoEdits(t *testing.T) {
	tests := []struct {
		name, old, new, msg, detail string
	}{
		{
			name:   "two separate edits",
			old:    "select id,\n  name\nfrom orders\nwhere id > 1000\norder by id",
			new:    "select id,\n  full_name\nfrom orders\nwhere id > 2000\norder by id",
			msg:    "custom SQL changed: 2 lines removed, 2 lines added",
			detail: "  select id,\n-   name\n+   full_name\n  from orders\n- where id > 1000\n+ where id > 2000\n  order by id",
		},
		{
			name:   "an unchanged line between two insertions",
			old:    "select a\nfrom t\nwhere x = 1",
			new:    "select a\n  , b\nfrom t\njoin u using (id)\nwhere x = 1",
			msg:    "custom SQL changed: 0 lines removed, 2 lines added",
			detail: "  select a\n+   , b\n  from t\n+ join u using (id)\n  where x = 1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, detail := sqlSentence(tt.old, tt.new)
			if msg != tt.msg {
				t.Errorf("message %q, want %q", msg, tt.msg)
			}
			if detail != tt.detail {
				t.Errorf("detail\n%s\nwant\n%s", detail, tt.detail)
			}
		})
	}
}
