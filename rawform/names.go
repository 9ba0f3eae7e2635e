package rawform

import (
	"strconv"

	"github.com/fdireview/fdireview/internal/safetext"
)

// CodeHiddenCharacters: a name holds characters that change how it, or the text around
// it, reads: bidirectional controls (U+202E shows "\u202etnuoma" as "amount"), zero-width
// or other invisible characters ("em\u200bail" looks like "email"), spaces other than
// U+0020, or control characters. A warning: such a name is legal, but a reviewer cannot
// trust their eyes with it.
const CodeHiddenCharacters Code = "hidden_characters"

// nameWarnings warns about every task, table and column name holding hidden characters
// (see CodeHiddenCharacters); the message shows the name made visible.
func nameWarnings(t *Task) []Problem {
	var ps []Problem
	// Pointers are built only for a name that needs a warning: building one for every
	// column and mapping was 8% of what Parse allocated.
	hidden := func(name string) bool {
		return name != "" && (safetext.Suspicious(name) || safetext.Control(name))
	}
	warn := func(ptr, what, name string) {
		ps = append(ps, Problem{Pointer: ptr, Severity: SeverityWarning, Code: CodeHiddenCharacters,
			Message: what + " \"" + safetext.Visible(name) + "\" holds invisible, bidirectional or control characters (shown as ⟨U+…⟩ or \\x..); it may not be the name it looks like"})
	}
	item := func(list string, i int, key string) string { return list + "/" + strconv.Itoa(i) + "/" + key }
	if t.Shape != ShapeDetail && hidden(t.Info.Name) {
		warn("/task/task_name", "task name", t.Info.Name)
	}
	d := t.Detail
	if d == nil {
		return ps
	}
	p := detailPrefix
	if hidden(d.TaskName) {
		warn(p+"/taskName", "task name", d.TaskName)
	}
	if hidden(d.Source.Table) {
		warn(p+"/sourceSelectedDatasource/sourceTable", "source table", d.Source.Table)
	}
	if hidden(d.Target.Table) {
		warn(p+"/targetSelectedDatasource/targetTable", "target table", d.Target.Table)
	}
	for i, c := range d.Source.Columns {
		if hidden(c.Name) {
			warn(item(p+"/sourceSelectedDatasource/sourceSelectedColumnList", i, "field_name"), "source column", c.Name)
		}
	}
	for i, c := range d.Target.Columns {
		if hidden(c.Name) {
			warn(item(p+"/targetSelectedDatasource/targetSelectedColumnList", i, "field_name"), "target column", c.Name)
		}
	}
	for i, f := range d.Source.MetaData.Fields {
		if hidden(f.Name) {
			warn(item(p+"/sourceSelectedDatasource/sourceMetaData/dataSource", i, "name"), "source field", f.Name)
		}
	}
	for _, m := range d.Mappings {
		if hidden(m.Source.Column) {
			warn(item(p+"/mappingTable", m.Index, "sourceColumn"), "source column", m.Source.Column)
		}
		if hidden(m.Target.Column) {
			warn(item(p+"/mappingTable", m.Index, "targetColumn"), "target column", m.Target.Column)
		}
	}
	return ps
}
