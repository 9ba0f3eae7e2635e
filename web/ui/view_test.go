package ui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/rawform"
)

func taskWith(targets ...string) *rawform.Task {
	d := &rawform.Detail{}
	for i, tg := range targets {
		src, tgt, _ := strings.Cut(tg, ">")
		d.Mappings = append(d.Mappings, rawform.Mapping{Index: i, Source: rawform.Endpoint{Column: src, Type: "INT"}, Target: rawform.Endpoint{Column: tgt, Type: "INT"}})
	}
	return &rawform.Task{Detail: d}
}

// rowKeys renders the aligned rows as "key:old-source/new-source:severity", gaps as "~N".
func rowKeys(p *ComparePage) string {
	var out []string
	for _, r := range p.Rows {
		if r.Gap > 0 {
			out = append(out, "~"+itoa(r.Gap))
			continue
		}
		o, n := "-", "-"
		if r.Old != nil {
			o = r.Old.Source.Column
		}
		if r.New != nil {
			n = r.New.Source.Column
		}
		out = append(out, r.Key+":"+o+"/"+n+":"+string(r.Severity))
	}
	return strings.Join(out, " ")
}

func TestBuildCompareAlignsByTarget(t *testing.T) {
	tests := []struct {
		name     string
		old, new *rawform.Task
		changes  []diff.Change
		want     string
		other    int
	}{
		{
			name: "unchanged rows form gaps",
			old:  taskWith("a>A", "b>B", "c>C"), new: taskWith("a>A", "x>B", "c>C"),
			changes: []diff.Change{{Kind: diff.MappingSourceChanged, Severity: diff.Breaking, TargetColumn: "B"}},
			want:    "A:a/a: ~1 B:b/x:breaking C:c/c: ~1",
		},
		{
			name: "insertion does not shift rows",
			old:  taskWith("a>A", "c>C"), new: taskWith("a>A", "b>B", "c>C"),
			changes: []diff.Change{{Kind: diff.MappingAdded, Severity: diff.Info, TargetColumn: "B"}},
			want:    "A:a/a: ~1 B:-/b:info C:c/c: ~1",
		},
		{
			name: "removed row stays where it was",
			old:  taskWith("a>A", "b>B", "c>C"), new: taskWith("a>A", "c>C"),
			changes: []diff.Change{{Kind: diff.MappingRemoved, Severity: diff.Breaking, TargetColumn: "B"}},
			want:    "A:a/a: ~1 B:b/-:breaking C:c/c: ~1",
		},
		{
			name: "removed first row",
			old:  taskWith("z>Z", "a>A"), new: taskWith("a>A"),
			changes: []diff.Change{{Kind: diff.MappingRemoved, Severity: diff.Breaking, TargetColumn: "Z"}},
			want:    "Z:z/-:breaking A:a/a: ~1",
		},
		{
			name: "rename joins the two rows",
			old:  taskWith("a>A", "b>B"), new: taskWith("a>A", "b>B2"),
			changes: []diff.Change{{Kind: diff.MappingTargetRenamed, Severity: diff.Warning, TargetColumn: "B2", Old: "B", New: "B2"}},
			want:    "A:a/a: ~1 B2:b/b:warning",
		},
		{
			name: "worst severity wins, settings go below",
			old:  taskWith("a>A"), new: taskWith("a>A"),
			changes: []diff.Change{
				{Kind: diff.MappingLengthChanged, Severity: diff.Info, TargetColumn: "A"},
				{Kind: diff.MappingNullabilityChanged, Severity: diff.Breaking, TargetColumn: "A"},
				{Kind: diff.SettingChanged, Severity: diff.Warning, Pointer: "/task_detail/taskTag"},
				{Kind: diff.ColumnAdded, Severity: diff.Info, TargetColumn: "A"},
			},
			want:  "A:a/a:breaking",
			other: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := BuildCompare(Chrome{}, "o", "n", tt.old, tt.new, &diff.Report{Changes: tt.changes}, LinkTaskPages)
			if got := rowKeys(p); got != tt.want {
				t.Errorf("rows\n got %s\nwant %s", got, tt.want)
			}
			if len(p.Other) != tt.other {
				t.Errorf("%d other changes, want %d", len(p.Other), tt.other)
			}
		})
	}
}

func TestRawLinesAnchorsMappingsAndProblems(t *testing.T) {
	doc := []byte(`{"a":1,"mappingTable":[{"targetColumn":"x"},{"targetColumn":"y"}],"b":{"c":[true]}}`)
	lines := rawLines(doc, 2, map[string]string{"/mappingTable/1/targetColumn": "too short", "/b/c/0": "odd", "/missing": "absent"})
	ids := map[string]bool{}
	problems := map[string]string{}
	var all strings.Builder
	for _, l := range lines {
		all.WriteString(l.Text)
		if l.ID != "" {
			ids[l.ID] = true
		}
		if l.Problem != "" {
			problems[strings.TrimSpace(l.Text)] = l.Problem
		}
	}
	// The mappings' first lines, and each line a problem marks (line N: raw-l-N), so that
	// a problem can link to its line; a missing key marks its nearest parent (the root).
	if !ids["raw-m-0"] || !ids["raw-m-1"] || !ids["raw-l-1"] || len(ids) != 5 {
		t.Errorf("anchors = %v, want raw-m-0, raw-m-1 and three raw-l-N", ids)
	}
	_, byPtr := rawLinesIDs(doc, 2, map[string]string{"/mappingTable/1/targetColumn": "too short", "/b/c/0": "odd", "/missing": "absent", "/b/gone": "absent"})
	for ptr, want := range map[string]*regexp.Regexp{
		"/mappingTable/1/targetColumn": regexp.MustCompile(`^raw-l-\d+$`),
		"/missing":                     regexp.MustCompile(`^raw-l-1$`),
		"/b/gone":                      regexp.MustCompile(`^raw-l-\d+$`), // the line of "b"
	} {
		if !want.MatchString(byPtr[ptr]) {
			t.Errorf("%s: anchor %q, want %s", ptr, byPtr[ptr], want)
		}
	}
	if byPtr["/b/gone"] == byPtr["/missing"] {
		t.Errorf("a missing key under /b marks the root, not /b's line")
	}
	want := map[string]string{`"targetColumn": "y"`: "too short", "true": "odd", "{": "absent"}
	for line, msg := range want {
		if problems[line] != msg {
			t.Errorf("line %q: problem %q, want %q (all: %v)", line, problems[line], msg, problems)
		}
	}
	if strings.Count(all.String(), "\n") != strings.Count(indent(t, doc), "\n") {
		t.Error("pieces do not add up to the pretty-printed document")
	}
}

func indent(t *testing.T, doc []byte) string {
	var b strings.Builder
	for _, l := range rawLines(doc, 0, nil) {
		b.WriteString(l.Text)
	}
	return b.String()
}

func TestCollapse(t *testing.T) {
	// 20 rows; rows 5 and 12 changed.
	var targets []string
	for i := 0; i < 20; i++ {
		targets = append(targets, "s"+itoa(i)+">T"+itoa(i))
	}
	old, nw := taskWith(targets...), taskWith(targets...)
	changes := []diff.Change{
		{Kind: diff.MappingSourceChanged, Severity: diff.Breaking, TargetColumn: "T5"},
		{Kind: diff.MappingSourceChanged, Severity: diff.Info, TargetColumn: "T12"},
	}
	shape := func(p *ComparePage) string {
		var out []string
		for _, r := range p.Rows {
			switch {
			case r.Remote:
				out = append(out, "["+itoa(r.From)+","+itoa(r.To)+")")
			case r.Severity != "":
				out = append(out, "*"+itoa(r.Index))
			default:
				out = append(out, itoa(r.Index))
			}
		}
		return strings.Join(out, " ")
	}
	for _, tt := range []struct {
		context int
		want    string
	}{
		{0, "[0,5) *5 [6,12) *12 [13,20)"},
		{2, "0 1 2 3 4 *5 6 7 8 9 10 11 *12 13 14 [15,20)"},
		{3, "0 1 2 3 4 *5 6 7 8 9 10 11 *12 13 14 15 [16,20)"},
	} {
		p := BuildCompare(Chrome{}, "o", "n", old, nw, &diff.Report{Changes: changes}, LinkTaskPages)
		p.Collapse(tt.context)
		if got := shape(p); got != tt.want {
			t.Errorf("Collapse(%d) = %s, want %s", tt.context, got, tt.want)
		}
		if p.Changed != 2 || p.Unchanged != 18 || p.Total() != 20 {
			t.Errorf("counts %d changed, %d unchanged, %d total", p.Changed, p.Unchanged, p.Total())
		}
	}
	p := BuildCompare(Chrome{}, "o", "n", old, nw, &diff.Report{Changes: changes}, LinkTaskPages)
	r := p.Range(6, 12)
	if len(r) != 6 || r[0].Index != 6 || r[5].Index != 11 {
		t.Errorf("Range(6,12) = %d rows from %d", len(r), r[0].Index)
	}
	if r := p.Range(-5, 99); len(r) != 20 {
		t.Errorf("Range clamps: %d rows", len(r))
	}
	if a, b := rowFingerprint("T5", changes[:1]), rowFingerprint("T5", []diff.Change{{Kind: diff.MappingSourceChanged, Severity: diff.Breaking, TargetColumn: "T5", New: "x"}}); a == b {
		t.Error("the fingerprint does not change when the change does")
	}
}

// TestUnrelatedNote: the page notes a pair that shares neither name, ID nor tables.
func TestUnrelatedNote(t *testing.T) {
	h := func(name, id, src, dst string) taskHead {
		return taskHead{Name: name, ID: id, SourceTable: src, TargetTab: dst}
	}
	for _, tt := range []struct {
		name string
		o, n taskHead
		want bool
	}{
		{"same task, edited", h("orders", "a1", "s.orders", "t.orders"), h("orders", "a1", "s.orders", "t.orders"), false},
		{"renamed, same id", h("orders", "a1", "s.orders", "t.orders"), h("orders_v2", "a1", "s.x", "t.x"), false},
		{"another instance, same name", h("orders", "a1", "s.x", "t.x"), h("orders", "b2", "s.y", "t.y"), false},
		{"same target table only", h("orders", "a1", "s.orders", "t.orders"), h("invoices", "b2", "s.invoices", "t.orders"), false},
		{"nothing shared", h("orders", "a1", "s.orders", "t.orders"), h("invoices", "b2", "s.invoices", "t.invoices"), true},
		{"nothing known", h("", "", "", ""), h("", "", "", ""), true},
	} {
		if got := unrelated(tt.o, tt.n); got != tt.want {
			t.Errorf("%s: unrelated = %v, want %v", tt.name, got, tt.want)
		}
	}
}
