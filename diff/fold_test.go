package diff

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fdireview/fdireview/internal/taskgen"
	"github.com/fdireview/fdireview/rawform"
)

// countsText writes a report's counts by kind and its summary, one line each, and how
// many repeats were folded: the golden form of "one fact, one change".
func countsText(r *Report) string {
	kinds := map[Kind]int{}
	folded := 0
	for _, c := range r.Changes {
		kinds[c.Kind]++
		folded += len(c.Folded)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d changes: %d breaking, %d warning, %d info; %d repeats folded\n",
		len(r.Changes), r.Summary.Breaking, r.Summary.Warning, r.Summary.Info, folded)
	keys := make([]string, 0, len(kinds))
	for k := range kinds {
		keys = append(keys, string(k))
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%-28s %d\n", k, kinds[Kind(k)])
	}
	return b.String()
}

// TestOneFactOneChange: a mapping change is not counted again as the change of its
// column in the selected column list, nor a task rename as the rename of task_detail's
// taskName (issue #21: 114 of 256 changes of the 10k case were such repeats). The counts
// are golden files; every repeat is still named, in the kept change's Folded.
func TestOneFactOneChange(t *testing.T) {
	big := taskgen.Response(taskgen.Options{Mappings: 10000, Seed: 21})
	bigEdited, _ := taskgen.Mutate(big, 0.01, 21)
	seedOld, seedNew := seedPair(t)
	for _, tt := range []struct {
		name     string
		old, new *rawform.Task
	}{
		{"10k-100-edited", mustParse(t, big), mustParse(t, bigEdited)},
		{"seed", seedOld, seedNew},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := Tasks(tt.old, tt.new)
			golden(t, filepath.Join("..", "testdata", "golden", "fold", tt.name+".txt"), countsText(r))
			// No column-list change is left that a mapping change of its column explains.
			mapped := map[string]bool{}
			for _, c := range r.Changes {
				if strings.HasPrefix(string(c.Kind), "mapping.") {
					mapped[c.TargetColumn] = true
				}
			}
			for _, c := range r.Changes {
				if strings.HasPrefix(string(c.Kind), "column.") && mapped[c.TargetColumn] {
					t.Errorf("%s %s is reported beside the mapping change of %s", c.Kind, c.Pointer, c.TargetColumn)
				}
				if c.Pointer == "/task_detail/taskName" {
					t.Errorf("the task rename is reported twice: %s", c.Message)
				}
			}
		})
	}
}

// TestFoldOnlyTheSameFact: only a copy that changed the same way is folded.
func TestFoldOnlyTheSameFact(t *testing.T) {
	for _, tt := range []struct {
		name   string
		edit   func(n *rawform.Task)
		want   []Kind
		folded []string
	}{
		{"target length in both places", func(n *rawform.Task) {
			n.Detail.Mappings[1].Target.Length = rawform.Int{Value: 64, Enc: rawform.EncString}
			n.Detail.Target.Columns[1].Length = rawform.Int{Value: 64, Enc: rawform.EncString}
		}, []Kind{MappingLengthChanged}, []string{"/task_detail/targetSelectedDatasource/targetSelectedColumnList/1/field_length"}},
		{"the column list says another length", func(n *rawform.Task) {
			n.Detail.Mappings[1].Target.Length = rawform.Int{Value: 64, Enc: rawform.EncString}
			n.Detail.Target.Columns[1].Length = rawform.Int{Value: 32, Enc: rawform.EncString}
		}, []Kind{MappingLengthChanged, ColumnChanged}, nil},
		{"only the column list changed", func(n *rawform.Task) {
			n.Detail.Target.Columns[1].Length = rawform.Int{Value: 64, Enc: rawform.EncString}
		}, []Kind{ColumnChanged}, nil},
		{"task renamed in the envelope and the detail", func(n *rawform.Task) {
			n.Info.Name, n.Detail.TaskName = "orders_v2", "orders_v2"
		}, []Kind{SettingChanged}, []string{"/task_detail/taskName"}},
		{"task_name and taskName disagree", func(n *rawform.Task) {
			n.Info.Name, n.Detail.TaskName = "orders_v2", "orders_v3"
		}, []Kind{SettingChanged, SettingChanged}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o, _ := seedPair(t)
			n, _ := seedPair(t)
			tt.edit(n)
			r := Tasks(o, n)
			var kinds []Kind
			var folded []string
			for _, c := range r.Changes {
				kinds = append(kinds, c.Kind)
				folded = append(folded, c.Folded...)
			}
			slices.Sort(kinds)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(kinds, want) || !slices.Equal(folded, tt.folded) {
				t.Errorf("kinds %v folded %v; want %v folded %v", kinds, folded, want, tt.folded)
			}
			if r.Summary.Total() != len(r.Changes) {
				t.Errorf("summary counts %d, %d changes", r.Summary.Total(), len(r.Changes))
			}
		})
	}
}
