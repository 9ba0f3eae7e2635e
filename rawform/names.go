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
	warn := func(ptr, what, name string) {
		if name == "" || !(safetext.Suspicious(name) || safetext.Control(name)) {
			return
		}
		ps = append(ps, Problem{Pointer: ptr, Severity: SeverityWarning, Code: CodeHiddenCharacters,
			Message: what + " \"" + safetext.Visible(name) + "\" holds invisible, bidirectional or control characters (shown as ⟨U+…⟩ or \\x..); it may not be the name it looks like"})
	}
	if t.Shape != ShapeDetail {
		warn("/task/task_name", "task name", t.Info.Name)
	}
	d := t.Detail
	if d == nil {
		return ps
	}
	p := detailPrefix
	warn(p+"/taskName", "task name", d.TaskName)
	warn(p+"/sourceSelectedDatasource/sourceTable", "source table", d.Source.Table)
	warn(p+"/targetSelectedDatasource/targetTable", "target table", d.Target.Table)
	for i, c := range d.Source.Columns {
		warn(p+"/sourceSelectedDatasource/sourceSelectedColumnList/"+strconv.Itoa(i)+"/field_name", "source column", c.Name)
	}
	for i, c := range d.Target.Columns {
		warn(p+"/targetSelectedDatasource/targetSelectedColumnList/"+strconv.Itoa(i)+"/field_name", "target column", c.Name)
	}
	for i, f := range d.Source.MetaData.Fields {
		warn(p+"/sourceSelectedDatasource/sourceMetaData/dataSource/"+strconv.Itoa(i)+"/name", "source field", f.Name)
	}
	for _, m := range d.Mappings {
		mp := p + "/mappingTable/" + strconv.Itoa(m.Index)
		warn(mp+"/sourceColumn", "source column", m.Source.Column)
		warn(mp+"/targetColumn", "target column", m.Target.Column)
	}
	return ps
}
