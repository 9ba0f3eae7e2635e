package diff

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fdireview/fdireview/internal/jsonptr"
	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/rawform"
)

var update = flag.Bool("update", false, "rewrite golden files")

var examples = []string{"seed-response.json", "create-response-mysql-4cols.json", "create-request-api-to-oracle.json"}

func readExample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustParse(t testing.TB, body []byte, opts ...rawform.Option) *rawform.Task {
	t.Helper()
	task, err := rawform.Parse(body, opts...)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return task
}

// seed parses the documented example afresh, so that each test may modify it.
func seed(t testing.TB) *rawform.Task {
	return mustParse(t, readExample(t, "seed-response.json"))
}

// brief is the part of a Change tests assert: structure, not wording.
type brief struct {
	Kind     Kind
	Severity Severity
	Column   string
	Pointer  string
}

func briefs(r *Report) []brief {
	out := make([]brief, 0, len(r.Changes))
	for _, c := range r.Changes {
		out = append(out, brief{c.Kind, c.Severity, c.TargetColumn, c.Pointer})
	}
	return out
}

func mapping(t *rawform.Task, target string) *rawform.Mapping {
	for i := range t.Detail.Mappings {
		if t.Detail.Mappings[i].Target.Column == target {
			return &t.Detail.Mappings[i]
		}
	}
	panic("no mapping " + target)
}

func TestTasks(t *testing.T) {
	const (
		name0 = "/task_detail/mappingTable/1"
		prop1 = "/task_detail/mappingTableProperties/1"
		tcols = "/task_detail/targetSelectedDatasource/targetSelectedColumnList/"
	)
	for _, c := range []struct {
		name   string
		opts   []Option
		change func(*rawform.Task)
		want   []brief
	}{
		{"target narrowed below source", nil, func(n *rawform.Task) {
			mapping(n, "name").Target.Length.Value = 64
		}, []brief{{MappingLengthChanged, Breaking, "name", name0 + "/targetColumnLength"}}},
		{"target narrowed, still holds source", nil, func(n *rawform.Task) {
			m := mapping(n, "name")
			m.Source.Length.Value = 32
			m.Target.Length.Value = 64
		}, []brief{
			{MappingLengthChanged, Warning, "name", name0 + "/targetColumnLength"},
			{MappingLengthChanged, Info, "name", name0 + "/sourceColumnLength"},
		}},
		{"source longer than target", nil, func(n *rawform.Task) {
			mapping(n, "name").Source.Length.Value = 300
		}, []brief{{MappingLengthChanged, Breaking, "name", name0 + "/sourceColumnLength"}}},
		{"target widened", nil, func(n *rawform.Task) {
			mapping(n, "name").Target.Length.Value = 1000
		}, []brief{{MappingLengthChanged, Info, "name", name0 + "/targetColumnLength"}}},
		{"integer display width", nil, func(n *rawform.Task) {
			mapping(n, "id").Target.Length.Value = 4
		}, []brief{{MappingLengthChanged, Info, "id", "/task_detail/mappingTable/0/targetColumnLength"}}},
		{"target made NOT NULL, source nullable", nil, func(n *rawform.Task) {
			mapping(n, "name").Target.Nullable.Value = false
		}, []brief{{MappingNullabilityChanged, Breaking, "name", prop1 + "/targetNullable"}}},
		{"target made nullable", nil, func(n *rawform.Task) {
			mapping(n, "id").Target.Nullable.Value = true
		}, []brief{{MappingNullabilityChanged, Info, "id", "/task_detail/mappingTableProperties/0/targetNullable"}}},
		{"target made unique, source not", nil, func(n *rawform.Task) {
			mapping(n, "name").Target.Unique.Value = true
		}, []brief{{MappingUniqueChanged, Breaking, "name", prop1 + "/targetUnique"}}},
		{"source swapped", nil, func(n *rawform.Task) {
			mapping(n, "name").Source.Column = "nickname"
		}, []brief{{MappingSourceChanged, Breaking, "name", name0 + "/sourceColumn"}}},
		{"type string to integer", nil, func(n *rawform.Task) {
			mapping(n, "name").Target.Type = "INT"
		}, []brief{{MappingTypeChanged, Breaking, "name", name0 + "/targetColumnType"}}},
		{"type integer to string", nil, func(n *rawform.Task) {
			mapping(n, "id").Target.Type = "VARCHAR"
		}, []brief{{MappingTypeChanged, Warning, "id", "/task_detail/mappingTable/0/targetColumnType"}}},
		{"type integer widened", nil, func(n *rawform.Task) {
			mapping(n, "id").Target.Type = "BIGINT"
		}, []brief{{MappingTypeChanged, Info, "id", "/task_detail/mappingTable/0/targetColumnType"}}},
		{"type integer narrowed", nil, func(n *rawform.Task) {
			mapping(n, "id").Target.Type = "SMALLINT"
		}, []brief{{MappingTypeChanged, Breaking, "id", "/task_detail/mappingTable/0/targetColumnType"}}},
		{"flags", nil, func(n *rawform.Task) {
			m := mapping(n, "name")
			m.AddDateMapping = true
			m.Text = rawform.Bool{Value: true, Enc: rawform.EncLiteral}
		}, []brief{
			{MappingFlagChanged, Warning, "name", "/task_detail/mappingSourceTextOrNot/1/flag"},
			{MappingFlagChanged, Warning, "name", name0 + "/isAddDateMapping"},
		}},
		{"mapping removed", nil, func(n *rawform.Task) {
			n.Detail.Mappings = n.Detail.Mappings[:1]
		}, []brief{{MappingRemoved, Breaking, "name", name0}}},
		{"mapping added", nil, func(n *rawform.Task) {
			m := n.Detail.Mappings[1]
			m.Target.Column, m.Target.Length.Value = "bunum", 64
			n.Detail.Mappings = append(n.Detail.Mappings, m)
		}, []brief{{MappingAdded, Warning, "bunum", "/task_detail/mappingTable/2"}}},
		{"target mapped twice in the new task", nil, func(n *rawform.Task) {
			n.Detail.Mappings = append(n.Detail.Mappings, n.Detail.Mappings[1])
		}, []brief{{MappingAdded, Info, "name", "/task_detail/mappingTable/2"}}},
		{"target renamed", nil, func(n *rawform.Task) {
			mapping(n, "name").Target.Column = "full_name"
		}, []brief{{MappingTargetRenamed, Warning, "full_name", name0 + "/targetColumn"}}},
		{"case only, exact", nil, func(n *rawform.Task) {
			mapping(n, "name").Target.Column = "NAME"
		}, []brief{{MappingTargetRenamed, Warning, "NAME", name0 + "/targetColumn"}}},
		{"case only, ignore case", []Option{IgnoreCase()}, func(n *rawform.Task) {
			mapping(n, "name").Target.Column = "NAME"
		}, []brief{{MappingTargetRenamed, Info, "NAME", name0 + "/targetColumn"}}},
		{"reordered only", nil, func(n *rawform.Task) {
			slices.Reverse(n.Detail.Mappings)
			slices.Reverse(n.Detail.Target.Columns)
		}, nil},
		{"column changed", nil, func(n *rawform.Task) {
			n.Detail.Target.Columns[2].Length.Value = 32
		}, []brief{{ColumnChanged, Info, "bunum", tcols + "2/field_length"}}},
		{"column removed", nil, func(n *rawform.Task) {
			n.Detail.Target.Columns = n.Detail.Target.Columns[:2]
		}, []brief{{ColumnRemoved, Warning, "bunum", tcols + "2"}}},
		{"tables", nil, func(n *rawform.Task) {
			n.Detail.Target.Table = "db.other"
			n.Detail.Source.Table = "db.other_source"
		}, []brief{
			{TableChanged, Breaking, "", "/task_detail/targetSelectedDatasource/targetTable"},
			{TableChanged, Warning, "", "/task_detail/sourceSelectedDatasource/sourceTable"},
		}},
		{"envelope", nil, func(n *rawform.Task) {
			n.Info.Name = "renamed_task"
			n.Info.TargetDatasourceID = "x"
		}, []brief{
			{DatasourceChanged, Warning, "", "/task/target_datasource_id"},
			{SettingChanged, Info, "", "/task/task_name"},
		}},
		{"where clause (Extra, go-cmp)", nil, func(n *rawform.Task) {
			n.Detail.Source.Extra["where"] = []any{map[string]any{"column": "id", "value": "1"}}
			n.Detail.Source.Extra["orderColumn"] = "id"
		}, []brief{
			{SettingChanged, Warning, "", "/task_detail/sourceSelectedDatasource/orderColumn"},
			{SettingChanged, Warning, "", "/task_detail/sourceSelectedDatasource/where/0"},
		}},
		{"unknown key in a mapping", nil, func(n *rawform.Task) {
			mapping(n, "name").Extra = map[string]any{"x/y": json.Number("1")}
		}, []brief{{SettingChanged, Warning, "name", name0 + "/x~1y"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			old, new := seed(t), seed(t)
			c.change(new)
			r := Tasks(old, new, c.opts...)
			if diff := cmp.Diff(c.want, briefs(r), cmp.Transformer("nil", func(b []brief) []brief {
				if b == nil {
					return []brief{}
				}
				return b
			})); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
				_ = WriteText(os.Stderr, r)
			}
			if c.name == "reordered only" && !r.Summary.Reordered {
				t.Error("Summary.Reordered not set")
			}
		})
	}
}

func TestMessageSaysWhatBreaks(t *testing.T) {
	old, new := seed(t), seed(t)
	mapping(new, "name").Target.Length.Value = 64
	r := Tasks(old, new)
	want := "name: target VARCHAR(255) → VARCHAR(64) is shorter than source VARCHAR(255); longer values will be truncated or rejected"
	if len(r.Changes) != 1 || r.Changes[0].Message != want {
		t.Fatalf("got %+v\nwant message %q", r.Changes, want)
	}
	if r.Changes[0].Old != int64(255) || r.Changes[0].New != int64(64) {
		t.Errorf("old/new = %v/%v, want 255/64", r.Changes[0].Old, r.Changes[0].New)
	}
}

func TestTypeRisk(t *testing.T) {
	for _, c := range []struct {
		source, target string
		want           Severity
	}{
		{"INT", "INT", Info}, {"int", "BIGINT", Info}, {"BIGINT", "INT", Breaking},
		{"INT", "DECIMAL", Info}, {"DECIMAL", "INT", Breaking}, {"INT", "VARCHAR", Warning},
		{"VARCHAR", "INT", Breaking}, {"VARCHAR(10)", "text", Info}, {"DATETIME", "VARCHAR", Warning},
		{"VARCHAR", "DATE", Breaking}, {"BOOLEAN", "INT", Warning}, {"INT", "BOOLEAN", Breaking},
		{"GEOMETRY", "VARCHAR", Warning}, {"String", "VARCHAR", Info}, {"INT UNSIGNED", "BIGINT", Info},
	} {
		if got, _ := typeRisk(c.source, c.target); got != c.want {
			t.Errorf("typeRisk(%s, %s) = %s, want %s", c.source, c.target, got, c.want)
		}
	}
}

func TestComparePointers(t *testing.T) {
	ps := []string{"/a/10", "/a/2/x", "/a/2", "/b", "/a", "", "/a/x"}
	slices.SortFunc(ps, comparePointers)
	want := []string{"", "/a", "/a/2", "/a/2/x", "/a/10", "/a/x", "/b"}
	if !slices.Equal(ps, want) {
		t.Errorf("got %q, want %q", ps, want)
	}
}

// goldenCases are the pairs under testdata/diff: each directory holds old.json and
// new.json (and an empty-ish file "lenient" when both must be parsed leniently), with
// want.txt, want.json and want.md.
func goldenCases(t *testing.T) []string {
	dirs, err := filepath.Glob(filepath.Join("..", "testdata", "diff", "*", "old.json"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden pairs: %v", err)
	}
	for i := range dirs {
		dirs[i] = filepath.Dir(dirs[i])
	}
	return dirs
}

func loadPair(t *testing.T, dir string) (old, new *rawform.Task) {
	t.Helper()
	var opts []rawform.Option
	if _, err := os.Stat(filepath.Join(dir, "lenient")); err == nil {
		opts = append(opts, rawform.Lenient())
	}
	read := func(name string) *rawform.Task {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return mustParse(t, b, opts...)
	}
	return read("old.json"), read("new.json")
}

func TestGolden(t *testing.T) {
	for _, dir := range goldenCases(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			old, new := loadPair(t, dir)
			r := Tasks(old, new)
			for _, f := range []struct {
				file  string
				write func(*bytes.Buffer) error
			}{
				{"want.txt", func(b *bytes.Buffer) error { return WriteText(b, r) }},
				{"want.json", func(b *bytes.Buffer) error { return WriteJSON(b, r) }},
				{"want.md", func(b *bytes.Buffer) error { return WriteMarkdown(b, r) }},
			} {
				var got bytes.Buffer
				if err := f.write(&got); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join(dir, f.file), got.String())
			}
		})
	}
}

// TestGoldenExpectations pins what each golden pair is about, so that a wrong golden
// file cannot be accepted by -update unnoticed.
func TestGoldenExpectations(t *testing.T) {
	want := map[string][]brief{
		"api-retargeted": {
			{MappingRemoved, Breaking, "METRIC_DATA", "/task_detail/mappingInput/dataSource/1"},
			{MappingAdded, Info, "AVAILABILITY_ZONE", "/task_detail/mappingInput/dataSource/2"},
			{MappingAdded, Info, "OPERATION_MSG", "/task_detail/mappingInput/dataSource/1"},
		},
		"length-narrowed":       {{MappingLengthChanged, Breaking, "name", "/task_detail/mappingTable/1/targetColumnLength"}},
		"length-widened":        {{MappingLengthChanged, Info, "name", "/task_detail/mappingTable/1/targetColumnLength"}},
		"mapping-added":         {{MappingAdded, Warning, "bunum", "/task_detail/mappingTable/2"}},
		"mapping-removed":       {{MappingRemoved, Breaking, "name", "/task_detail/mappingTable/1"}},
		"mapping-renamed":       {{MappingTargetRenamed, Warning, "full_name", "/task_detail/mappingTable/1/targetColumn"}},
		"nullability-tightened": {{MappingNullabilityChanged, Breaking, "name", "/task_detail/mappingTableProperties/1/targetNullable"}},
		"reordered-only":        nil,
		"state-only":            {}, // checked in TestStateOnly
		"source-swapped":        {{MappingSourceChanged, Breaking, "name", "/task_detail/mappingTable/1/sourceColumn"}},
		"where-changed": {
			{SettingChanged, Warning, "", "/task_detail/sourceSelectedDatasource/querySql"},
			{SettingChanged, Warning, "", "/task_detail/sourceSelectedDatasource/where/0"},
		},
		"unknown-field-lenient": {
			{SettingChanged, Warning, "", "/task_detail/retryPolicy"},
			{SettingChanged, Warning, "", "/task_detail/targetSelectedDatasource/writeMode"},
		},
	}
	for _, dir := range goldenCases(t) {
		name := filepath.Base(dir)
		w, ok := want[name]
		if !ok {
			t.Errorf("%s: no expectation", name)
			continue
		}
		old, new := loadPair(t, dir)
		r := Tasks(old, new)
		// The mapping-level change must be there; column-level companions may follow.
		got := briefs(r)
		for _, b := range w {
			if !slices.Contains(got, b) {
				t.Errorf("%s: missing %+v in %+v", name, b, got)
			}
		}
		if w == nil && (len(got) != 0 || !r.Summary.Reordered) {
			t.Errorf("%s: got %+v, reordered %v; want no change, reordered", name, got, r.Summary.Reordered)
		}
	}
}

// pairs returns task pairs for the property tests: the examples against each other, the
// golden pairs, and generated tasks with mutations.
func pairs(t *testing.T) [][2]*rawform.Task {
	var tasks []*rawform.Task
	for _, e := range examples {
		tasks = append(tasks, mustParse(t, readExample(t, e)))
	}
	var out [][2]*rawform.Task
	for _, a := range tasks {
		for _, b := range tasks {
			out = append(out, [2]*rawform.Task{a, b})
		}
	}
	for _, dir := range goldenCases(t) {
		old, new := loadPair(t, dir)
		out = append(out, [2]*rawform.Task{old, new})
	}
	for seed := int64(1); seed <= 20; seed++ {
		body := taskgen.Response(taskgen.Options{Mappings: 30 + int(seed), Seed: seed})
		mutated, _ := taskgen.Mutate(body, 0.3, seed)
		out = append(out, [2]*rawform.Task{mustParse(t, body), mustParse(t, mutated)})
	}
	return out
}

func TestSelfIsEmpty(t *testing.T) {
	for i, p := range pairs(t) {
		for _, task := range p {
			if r := Tasks(task, task); !r.Empty() || r.Summary.Reordered || r.Summary.Total() != 0 {
				t.Errorf("pair %d: Tasks(a, a) = %+v", i, r.Changes)
			}
		}
	}
}

// mirrorKind is the kind a change has when the two tasks are swapped.
func mirrorKind(k Kind) Kind {
	switch k {
	case MappingAdded:
		return MappingRemoved
	case MappingRemoved:
		return MappingAdded
	case ColumnAdded:
		return ColumnRemoved
	case ColumnRemoved:
		return ColumnAdded
	}
	return k
}

func TestMirror(t *testing.T) {
	for i, p := range pairs(t) {
		ab, ba := Tasks(p[0], p[1]), Tasks(p[1], p[0])
		if len(ab.Changes) != len(ba.Changes) {
			t.Errorf("pair %d: %d changes one way, %d the other", i, len(ab.Changes), len(ba.Changes))
			continue
		}
		if ab.Summary.Reordered != ba.Summary.Reordered {
			t.Errorf("pair %d: reordered %v one way, %v the other", i, ab.Summary.Reordered, ba.Summary.Reordered)
		}
		// Index the reverse changes by (kind, old, new); renames change the column name.
		type key struct {
			kind     Kind
			old, new string
		}
		mk := func(kind Kind, old, new any) key {
			o, _ := json.Marshal(old)
			n, _ := json.Marshal(new)
			return key{kind, string(o), string(n)}
		}
		rev := make(map[key]int)
		for _, c := range ba.Changes {
			rev[mk(c.Kind, c.Old, c.New)]++
		}
		for _, c := range ab.Changes {
			k := mk(mirrorKind(c.Kind), c.New, c.Old)
			if rev[k] == 0 {
				t.Errorf("pair %d: no mirror of %+v", i, c)
				continue
			}
			rev[k]--
		}
	}
}

func TestDeterministic(t *testing.T) {
	body := taskgen.Response(taskgen.Options{Mappings: 500, Seed: 9})
	mutated, _ := taskgen.Mutate(body, 0.2, 9)
	var first []byte
	for i := range 3 {
		// Parse afresh each time: no state may leak between comparisons.
		r := Tasks(mustParse(t, body), mustParse(t, mutated))
		var b bytes.Buffer
		if err := WriteJSON(&b, r); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b.Bytes()
			if !slices.IsSortedFunc(r.Changes, func(a, b Change) int {
				s := []Change{a, b}
				sortChanges(s)
				if reflect.DeepEqual(s[0], a) {
					return -1
				}
				return 1
			}) {
				t.Error("changes are not in the documented order")
			}
			continue
		}
		if !bytes.Equal(first, b.Bytes()) {
			t.Fatal("two runs gave different reports")
		}
	}
}

// TestMutateListsExactlyTheChanges checks the report against what taskgen.Mutate says it
// changed: the mapping-level changes name exactly those target columns.
func TestMutateListsExactlyTheChanges(t *testing.T) {
	body := taskgen.Response(taskgen.Options{Mappings: 2000, Seed: 5})
	mutated, changed := taskgen.Mutate(body, 0.01, 5)
	r := Tasks(mustParse(t, body), mustParse(t, mutated))
	got := make(map[string]bool)
	for _, c := range r.Changes {
		if strings.HasPrefix(string(c.Kind), "mapping.") {
			got[c.TargetColumn] = true
		} else if !strings.HasPrefix(string(c.Kind), "column.") {
			t.Errorf("unexpected change %+v", c)
		}
	}
	want := make(map[string]bool)
	for _, c := range changed {
		want[c] = true
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("changed target columns (-Mutate +report):\n%s", d)
	}
}

// TestEveryLeafIsReported mutates every leaf of every example, one at a time, and checks
// that the report has a change at that leaf or at one of its ancestors.
func TestEveryLeafIsReported(t *testing.T) {
	for _, name := range examples {
		t.Run(name, func(t *testing.T) {
			body := readExample(t, name)
			old := mustParse(t, body)
			oldLenient := mustParse(t, body, rawform.Lenient())
			var env map[string]any
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.UseNumber()
			if err := dec.Decode(&env); err != nil {
				t.Fatal(err)
			}
			var detail map[string]any
			dec = json.NewDecoder(strings.NewReader(env["task_detail"].(string)))
			dec.UseNumber()
			if err := dec.Decode(&detail); err != nil {
				t.Fatal(err)
			}

			tested, lastErr := 0, map[string]error{}
			// check diffs the mutated document against the original. A mutation that
			// breaks a semantic rule (a mapping's column no longer selected…) still
			// yields a Task beside the error, and is diffed too; only documents that
			// do not match the schema are skipped.
			check := func(ptr string, container bool) bool {
				inner, err := json.Marshal(detail)
				if err != nil {
					t.Fatal(err)
				}
				env["task_detail"] = string(inner)
				b, err := json.Marshal(env)
				if err != nil {
					t.Fatal(err)
				}
				base := old
				new, err := rawform.Parse(b)
				if new == nil {
					base = oldLenient
					new, err = rawform.Parse(b, rawform.Lenient())
				}
				if new == nil {
					lastErr[ptr] = err
					return false
				}
				delete(lastErr, ptr)
				tested++
				r := Tasks(base, new)
				// Identity fields are in the header, not changes.
				switch ptr {
				case "/task/task_id":
					if r.Old.ID != r.New.ID {
						return true
					}
				case "/task/created_date":
					if r.Old.Created != r.New.Created {
						return true
					}
				}
				for _, c := range slices.Concat(r.Changes, r.State) {
					if c.Pointer == ptr || strings.HasPrefix(ptr, c.Pointer+"/") {
						return true
					}
					// A repeat of another change's fact is named in that change's Folded.
					if slices.Contains(c.Folded, ptr) {
						return true
					}
					// An empty array or object that gained a member is reported at the member.
					if container && strings.HasPrefix(c.Pointer, ptr+"/") {
						return true
					}
				}
				t.Errorf("%s changed but no change points at it; got %+v", ptr, briefs(r))
				return true
			}
			walkLeaves(env, "", check, "task_detail")
			walkLeaves(detail, "/task_detail", check, "")
			var skipped []string
			for p, err := range lastErr {
				skipped = append(skipped, fmt.Sprintf("%s (%v)", p, err))
			}
			slices.Sort(skipped)
			t.Logf("%d leaves reported; %d leaves skipped, no valid mutation found: %v", tested, len(skipped), skipped)
			if tested == 0 || len(skipped) > tested/10 {
				t.Errorf("only %d leaves tested, %d skipped", tested, len(skipped))
			}
		})
	}
}

// walkLeaves calls visit for every leaf (scalar, empty array, empty object) of v after
// mutating it in place, and restores it afterwards. skip names a top-level key to leave.
// visit reports whether the mutated document could be compared; if not, the next
// candidate mutation of the leaf is tried.
func walkLeaves(v any, ptr string, visit func(ptr string, container bool) bool, skip string) {
	switch v := v.(type) {
	case map[string]any:
		for _, k := range sortedKeys(v) {
			if k == skip {
				continue
			}
			p := ptr + "/" + jsonptr.Escape(k)
			child := v[k]
			if isLeaf(child) {
				for _, m := range mutations(child) {
					v[k] = m
					if visit(p, isContainer(child)) {
						break
					}
				}
				v[k] = child
				continue
			}
			walkLeaves(child, p, visit, "")
		}
	case []any:
		for i, child := range v {
			p := ptr + "/" + strconv.Itoa(i)
			if isLeaf(child) {
				for _, m := range mutations(child) {
					v[i] = m
					if visit(p, isContainer(child)) {
						break
					}
				}
				v[i] = child
				continue
			}
			walkLeaves(child, p, visit, "")
		}
	}
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func isContainer(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

func isLeaf(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		return len(v) == 0
	case []any:
		return len(v) == 0
	}
	return true
}

// alternates are other legal values of enumerated fields.
var alternates = map[string]string{
	"timing": "realtime", "TIMING": "REALTIME", "stop": "running", "SUCCESS": "ERROR",
	"ASC": "DESC", "MYSQL": "ORACLE", "API": "KAFKA", "NORMAL": "CDC",
}

// mutations returns candidate replacements of a leaf, best first.
func mutations(v any) []any {
	out := []any{mutateLeaf(v)}
	if s, ok := v.(string); ok {
		if a, ok := alternates[s]; ok {
			out = append(out, a)
		}
		out = append(out, strings.ToUpper(s)+"X", "1")
	}
	if _, ok := v.([]any); ok {
		out = append(out, []any{map[string]any{}}, []any{json.Number("1")})
	}
	return out
}

// mutateLeaf returns a different value of the same JSON type, keeping string-encoded
// numbers and booleans well-formed.
func mutateLeaf(v any) any {
	switch v := v.(type) {
	case bool:
		return !v
	case json.Number:
		n, err := v.Int64()
		if err != nil {
			return json.Number(string(v) + "1")
		}
		return json.Number(strconv.FormatInt(n+1, 10))
	case string:
		switch v {
		case "0":
			return "1"
		case "1":
			return "0"
		case "true":
			return "false"
		case "false":
			return "true"
		case "":
			return "x"
		}
		if n, err := strconv.Atoi(v); err == nil {
			return strconv.Itoa(n + 1)
		}
		return v + "x"
	case []any:
		return []any{"x"}
	case map[string]any:
		return map[string]any{"x": "x"}
	case nil:
		return "x"
	}
	panic(fmt.Sprintf("unexpected %T", v))
}

func TestRenderers(t *testing.T) {
	old, new := seed(t), seed(t)
	m := mapping(new, "name")
	m.Target.Length.Value = 64
	m.Source.Column = "a|b\nc<d>"
	r := Tasks(old, new)

	var text bytes.Buffer
	if err := WriteText(&text, r, Color()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), ansiRed) {
		t.Error("coloured text has no red for breaking")
	}
	text.Reset()
	_ = WriteText(&text, r)
	if strings.Contains(text.String(), "\x1b") {
		t.Error("plain text has escapes")
	}

	var md bytes.Buffer
	if err := WriteMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(md.String()), "\n") {
		if !strings.HasPrefix(line, "|") {
			continue
		}
		// Every table row has exactly 4 unescaped pipes: 3 cells.
		if n := strings.Count(line, "|") - strings.Count(line, `\|`); n != 4 {
			t.Errorf("row with %d cell separators: %s", n, line)
		}
		if strings.Contains(line, "<d>") {
			t.Errorf("HTML not escaped: %s", line)
		}
	}

	var js bytes.Buffer
	if err := WriteJSON(&js, &Report{}); err != nil {
		t.Fatal(err)
	}
	var decoded map[string]any
	if err := json.Unmarshal(js.Bytes(), &decoded); err != nil {
		t.Fatal(err)
	}
	if c, ok := decoded["changes"].([]any); !ok || len(c) != 0 {
		t.Errorf("empty report changes = %v, want []", decoded["changes"])
	}
	for _, k := range []string{"old", "new", "changes", "summary"} {
		if _, ok := decoded[k]; !ok {
			t.Errorf("JSON report has no %q", k)
		}
	}
}

func TestAtLeast(t *testing.T) {
	r := &Report{Changes: []Change{{Severity: Warning}}}
	for s, want := range map[Severity]bool{Breaking: false, Warning: true, Info: true} {
		if got := r.AtLeast(s); got != want {
			t.Errorf("AtLeast(%s) = %v, want %v", s, got, want)
		}
	}
	if (&Report{}).AtLeast(Info) {
		t.Error("empty report AtLeast(Info)")
	}
}

func TestNilTasks(t *testing.T) {
	if r := Tasks(nil, nil); !r.Empty() {
		t.Errorf("Tasks(nil, nil) = %+v", r.Changes)
	}
	r := Tasks(nil, seed(t))
	if r.Summary.Total() == 0 {
		t.Error("Tasks(nil, seed) is empty")
	}
}

func BenchmarkTasks(b *testing.B) {
	for _, n := range []int{100, 10_000, 100_000} {
		body := taskgen.Response(taskgen.Options{Mappings: n, Seed: 1})
		mutated, _ := taskgen.Mutate(body, 0.01, 1)
		limits := rawform.WithLimits(rawform.Limits{MaxBytes: 1 << 30, MaxMappings: 1 << 20, MaxColumns: 1 << 20})
		old, new := mustParse(b, body, limits), mustParse(b, mutated, limits)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				Tasks(old, new)
			}
		})
	}
}

// TestBareDetailAgainstResponse: a bare task_detail compared with the response it came from
// has no change (its envelope is unknown, not emptied), both ways round.
func TestBareDetailAgainstResponse(t *testing.T) {
	full := seed(t)
	detail, err := full.Detail.EncodeDetail()
	if err != nil {
		t.Fatal(err)
	}
	bare := mustParse(t, detail)
	if bare.Shape != rawform.ShapeDetail {
		t.Fatalf("Kind = %v", bare.Shape)
	}
	for _, r := range []*Report{Tasks(full, bare), Tasks(bare, full)} {
		if !r.Empty() {
			t.Errorf("changes between a response and its own bare task_detail: %+v", r.Changes)
		}
	}
	// The detail is still compared: a changed bare detail reports its change.
	other := seed(t)
	other.Detail.Mappings[1].Target.Length.Value = 64
	if r := Tasks(bare, other); r.Summary.Breaking == 0 {
		t.Errorf("narrowing not reported against a bare detail: %+v", r.Changes)
	}
}

// TestNilOptions: a nil Option or TextOption is ignored, so an optional setting can be
// passed as a variable that may be nil.
func TestNilOptions(t *testing.T) {
	old, nw := loadPair(t, "../testdata/diff/length-narrowed")
	want := Tasks(old, nw)
	got := Tasks(old, nw, nil, IgnoreCase(), nil)
	if len(got.Changes) != len(want.Changes) || len(got.Changes) == 0 {
		t.Fatalf("with nil options: %d changes, want %d", len(got.Changes), len(want.Changes))
	}
	var plain, withNil bytes.Buffer
	if err := WriteText(&plain, want); err != nil {
		t.Fatal(err)
	}
	if err := WriteText(&withNil, want, nil); err != nil {
		t.Fatal(err)
	}
	if plain.String() != withNil.String() || strings.Contains(plain.String(), "\x1b[") {
		t.Errorf("WriteText with a nil TextOption differs from plain text")
	}
	var colored bytes.Buffer
	_ = WriteText(&colored, want, Color())
	if !strings.Contains(colored.String(), "\x1b[") {
		t.Errorf("Color() wrote no ANSI escape")
	}
}
