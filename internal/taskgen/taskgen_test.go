package taskgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// keysOf returns the sorted keys of an object at pointer-ish path in v.
func keysOf(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func decodeDetail(t *testing.T, body []byte) (envelope, detail map[string]any) {
	t.Helper()
	if err := json.Unmarshal(body, &envelope); err != nil {
		t.Fatalf("body is not JSON: %v", err)
	}
	s, ok := envelope["task_detail"].(string)
	if !ok {
		return nil, envelope
	}
	if err := json.Unmarshal([]byte(s), &detail); err != nil {
		t.Fatalf("task_detail is not JSON: %v", err)
	}
	return envelope, detail
}

// checkConsistent asserts what the package doc promises: parallel arrays of one length,
// every mapped column in its selected list with the mapping's attributes.
func checkConsistent(t *testing.T, d map[string]any) {
	t.Helper()
	table := d["mappingTable"].([]any)
	props := d["mappingTableProperties"].([]any)
	flags := d["mappingSourceTextOrNot"].([]any)
	if len(props) != len(table) || len(flags) != len(table) {
		t.Fatalf("parallel arrays: %d mappings, %d properties, %d flags", len(table), len(props), len(flags))
	}
	index := func(list []any) map[string]map[string]any {
		m := make(map[string]map[string]any, len(list))
		for _, c := range list {
			c := c.(map[string]any)
			name := c["field_name"].(string)
			if _, dup := m[name]; dup {
				t.Fatalf("column %q listed twice", name)
			}
			m[name] = c
		}
		return m
	}
	src := index(d["sourceSelectedDatasource"].(map[string]any)["sourceSelectedColumnList"].([]any))
	dst := index(d["targetSelectedDatasource"].(map[string]any)["targetSelectedColumnList"].([]any))
	targets := make(map[string]bool)
	for i, m := range table {
		m := m.(map[string]any)
		p := props[i].(map[string]any)
		for _, side := range []struct {
			prefix string
			cols   map[string]map[string]any
		}{{"source", src}, {"target", dst}} {
			name := m[side.prefix+"Column"].(string)
			c, ok := side.cols[name]
			if !ok {
				t.Fatalf("mapping %d: %s column %q not in the selected list", i, side.prefix, name)
			}
			if c["field_type"] != m[side.prefix+"ColumnType"] || c["field_length"] != m[side.prefix+"ColumnLength"] {
				t.Errorf("mapping %d: %s %q type/length %v(%v) vs column %v(%v)", i, side.prefix, name,
					m[side.prefix+"ColumnType"], m[side.prefix+"ColumnLength"], c["field_type"], c["field_length"])
			}
			if c["null_able"] != p[side.prefix+"Nullable"] || c["unique"] != p[side.prefix+"Unique"] {
				t.Errorf("mapping %d: %s %q properties disagree with the column", i, side.prefix, name)
			}
		}
		tc := m["targetColumn"].(string)
		if targets[tc] {
			t.Errorf("target column %q mapped twice", tc)
		}
		targets[tc] = true
	}
}

func TestGeneratedTasksAreConsistent(t *testing.T) {
	for _, n := range []int{0, 1, 2, 37, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			o := Options{Mappings: n, Seed: int64(n) + 3}
			env, d := decodeDetail(t, Response(o))
			if env == nil {
				t.Fatal("Response has no task_detail string")
			}
			if got := len(d["mappingTable"].([]any)); got != n {
				t.Fatalf("%d mappings, want %d", got, n)
			}
			checkConsistent(t, d)
			if env["task"].(map[string]any)["task_name"] != d["taskName"] {
				t.Errorf("task_name %v != taskName %v", env["task"].(map[string]any)["task_name"], d["taskName"])
			}
			_, bare := decodeDetail(t, Detail(o))
			if !jsonEqual(bare, d) {
				t.Error("Detail differs from Response's task_detail")
			}
		})
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// TestShapedLikeSeed compares key sets, object by object, with the documented example.
func TestShapedLikeSeed(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join("..", "..", "testdata", "examples", "seed-response.json"))
	if err != nil {
		t.Fatal(err)
	}
	seedEnv, seedDetail := decodeDetail(t, seed)
	env, detail := decodeDetail(t, Response(Options{Mappings: 3, Seed: 1}))
	for _, c := range []struct {
		path      string
		want, got map[string]any
	}{
		{"/task", seedEnv["task"].(map[string]any), env["task"].(map[string]any)},
		{"/task_detail", seedDetail, detail},
		{"/task_detail/sourceSelectedDatasource", seedDetail["sourceSelectedDatasource"].(map[string]any), detail["sourceSelectedDatasource"].(map[string]any)},
		{"/task_detail/targetSelectedDatasource", seedDetail["targetSelectedDatasource"].(map[string]any), detail["targetSelectedDatasource"].(map[string]any)},
		{"/task_detail/mappingTable/0", seedDetail["mappingTable"].([]any)[0].(map[string]any), detail["mappingTable"].([]any)[0].(map[string]any)},
		{"/task_detail/mappingTableProperties/0", seedDetail["mappingTableProperties"].([]any)[0].(map[string]any), detail["mappingTableProperties"].([]any)[0].(map[string]any)},
		{"/task_detail/targetSelectedDatasource/targetSelectedColumnList/0",
			seedDetail["targetSelectedDatasource"].(map[string]any)["targetSelectedColumnList"].([]any)[0].(map[string]any),
			detail["targetSelectedDatasource"].(map[string]any)["targetSelectedColumnList"].([]any)[0].(map[string]any)},
	} {
		if w, g := keysOf(c.want), keysOf(c.got); !slices.Equal(w, g) {
			t.Errorf("%s keys:\n got %v\nwant %v", c.path, g, w)
		}
	}
}

func TestDeterministic(t *testing.T) {
	o := Options{Mappings: 200, Seed: 42}
	if !bytes.Equal(Response(o), Response(o)) {
		t.Fatal("Response is not deterministic")
	}
	if bytes.Equal(Response(o), Response(Options{Mappings: 200, Seed: 43})) {
		t.Fatal("Seed has no effect")
	}
	a, ca := Mutate(Response(o), 0.1, 7)
	b, cb := Mutate(Response(o), 0.1, 7)
	if !bytes.Equal(a, b) || !slices.Equal(ca, cb) {
		t.Fatal("Mutate is not deterministic")
	}
}

func TestOptionsNameAndID(t *testing.T) {
	env, d := decodeDetail(t, Response(Options{Mappings: 1, TaskID: "0123456789abcdef0123456789abcdef", Name: "orders.sync-1"}))
	task := env["task"].(map[string]any)
	if task["task_id"] != "0123456789abcdef0123456789abcdef" || task["task_name"] != "orders.sync-1" || d["taskName"] != "orders.sync-1" {
		t.Errorf("got id %v name %v/%v", task["task_id"], task["task_name"], d["taskName"])
	}
}

func TestMutate(t *testing.T) {
	for _, c := range []struct {
		name     string
		body     []byte
		fraction float64
		want     int // changed target columns
	}{
		{"response 1%", Response(Options{Mappings: 1000, Seed: 1}), 0.01, 10},
		{"response 50%", Response(Options{Mappings: 100, Seed: 2}), 0.5, 50},
		{"detail all", Detail(Options{Mappings: 14, Seed: 3}), 1, 14},
		{"tiny fraction still one", Detail(Options{Mappings: 10, Seed: 4}), 0.0001, 1},
		{"single mapping", Detail(Options{Mappings: 1, Seed: 5}), 1, 1},
		{"zero fraction", Detail(Options{Mappings: 10, Seed: 6}), 0, 0},
		{"no mappings", Detail(Options{Seed: 7}), 0.5, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, changed := Mutate(c.body, c.fraction, 9)
			if len(changed) != c.want {
				t.Fatalf("%d changed columns, want %d: %v", len(changed), c.want, changed)
			}
			_, before := decodeDetail(t, c.body)
			_, after := decodeDetail(t, out)
			checkConsistent(t, after)
			if c.want > 0 && jsonEqual(before, after) {
				t.Fatal("Mutate changed nothing")
			}
			// Every mapping not named is untouched.
			named := make(map[string]bool)
			for _, n := range changed {
				named[n] = true
			}
			old := mappingsByTarget(before)
			for name, m := range mappingsByTarget(after) {
				if named[name] {
					continue
				}
				if o, ok := old[name]; !ok || !jsonEqual(o, m) {
					t.Errorf("mapping %q changed but was not reported", name)
				}
			}
			for name := range old {
				if _, ok := mappingsByTarget(after)[name]; !ok && !named[name] {
					t.Errorf("mapping %q removed but was not reported", name)
				}
			}
		})
	}
}

// mappingsByTarget merges each mapping with its properties and flag, keyed by target column.
func mappingsByTarget(d map[string]any) map[string][]any {
	table := d["mappingTable"].([]any)
	out := make(map[string][]any, len(table))
	for i, m := range table {
		out[m.(map[string]any)["targetColumn"].(string)] = []any{m, d["mappingTableProperties"].([]any)[i], d["mappingSourceTextOrNot"].([]any)[i]}
	}
	return out
}

func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote\back`, "tab\tnl\nctl\x01", "é€😀", "\u2028\u2029", "bad\xffutf8"} {
		got := appendString(nil, []byte(s))
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("%q → %s: %v", s, got, err)
		}
		want := strings.ToValidUTF8(s, "\ufffd")
		if back != want {
			t.Errorf("%q → %s → %q", s, got, back)
		}
	}
}

func BenchmarkResponse(b *testing.B) {
	for _, n := range []int{100, 10_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var size int
			for b.Loop() {
				size = len(Response(Options{Mappings: n, Seed: 1}))
			}
			b.SetBytes(int64(size))
		})
	}
}

func TestUnknownKeys(t *testing.T) {
	for _, tt := range []struct {
		n    int
		same bool
		want string
	}{
		{0, false, `{}`},
		{3, false, `{"k0":0,"k1":0,"k2":0}`},
		{2, true, `{"a":0,"a":0}`},
	} {
		if got := string(UnknownKeys(tt.n, tt.same)); got != tt.want {
			t.Errorf("UnknownKeys(%d, %v) = %s, want %s", tt.n, tt.same, got, tt.want)
		}
	}
}

func TestEdit(t *testing.T) {
	rename := func(task, detail map[string]any) {
		if task != nil {
			task["task_name"] = "b"
		}
		detail["taskName"] = "b"
		detail["added"] = json.Number("7")
	}
	for _, c := range []struct {
		name, body, want string
		task             bool // f is given a task object
	}{
		{
			name: "response",
			body: `{"task":{"task_name":"a","n":1.50},"task_detail":"{\"taskName\":\"a\",\"z\":1e3}","x":0}`,
			want: `{"task":{"n":1.50,"task_name":"b"},"task_detail":"{\"added\":7,\"taskName\":\"b\",\"z\":1e3}","x":0}` + "\n",
			task: true,
		},
		{
			name: "response without task",
			body: `{"task_detail":"{\"taskName\":\"a\"}"}`,
			want: `{"task_detail":"{\"added\":7,\"taskName\":\"b\"}"}` + "\n",
		},
		{
			name: "bare task_detail",
			body: `{"taskName":"a","task":{"task_name":"a"},"z":1e3}`,
			want: `{"added":7,"task":{"task_name":"a"},"taskName":"b","z":1e3}` + "\n",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			gotTask := false
			got := Edit([]byte(c.body), func(task, detail map[string]any) {
				gotTask = task != nil
				rename(task, detail)
			})
			if string(got) != c.want {
				t.Errorf("Edit =\n%s\nwant\n%s", got, c.want)
			}
			if gotTask != c.task {
				t.Errorf("f given a task object: %v, want %v", gotTask, c.task)
			}
		})
	}
}
