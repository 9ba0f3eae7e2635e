package rawform

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/fdireview/fdireview/schema"
)

// mappingFlagsIndex is mappingSourceTextOrNot's position in detailFields (a constant, so
// that detailFields itself can use it; TestMappingFlagsIndex keeps it true), and
// mappingFlagsSeen its bit in Detail.Keys.
const (
	mappingFlagsIndex        = 14
	mappingFlagsSeen  KeySet = 1 << mappingFlagsIndex
)

// check runs the semantic checks the schema cannot express and returns their problems
// (pointers only; positions are filled in later).
//
// Errors (the task is inconsistent):
//   - the parallel arrays differ in length (mappingTableProperties may instead be empty);
//   - a mapping's targetColumn is not in targetSelectedColumnList;
//   - a mapping's sourceColumn is not among the source's columns (sourceSelectedColumnList
//     for relational sources, sourceMetaData.dataSource[].name for API-type sources),
//     unless it is an added/constant mapping or its source is typed in as text;
//   - a target column is mapped twice, by either form (reported at the later mapping);
//   - a mappingInput.dataSource mapping whose sourceKey is no field of
//     sourceMetaData.dataSource (when the source declares fields there; the message names
//     the kind: API, message or file field), or whose targetKey is no column of
//     targetSelectedColumnList;
//   - mappingTableProperties disagrees with the column lists' null_able/unique;
//   - task_detail.taskName differs from task.task_name.
//
// Warnings (legal but risky):
//   - a data source type outside the documented list;
//   - a target setting the documentation says the target type does not support
//     (targetNeedCreateTable true on a type other than PostgreSQL, isSupportClearTab true
//     on a type that cannot clear a table, target_schema on a type other than GaussDB 100),
//     and a batchNumber naming a mapping target, an unselected column, or a column that is
//     not a string longer than 14 characters (targetSettingWarnings);
//   - a target column declared shorter than its source;
//   - a nullable source written into a NOT NULL target;
//   - a numeric source written into a string target too short for its digits.
func check(t *Task, counts [3]int) []Problem {
	d := t.Detail
	var ps []Problem
	add := func(sev ProblemSeverity, ptr string, code Code, format string, args ...any) {
		ps = append(ps, Problem{Pointer: detailPrefix + ptr, Severity: sev, Code: code, Message: fmt.Sprintf(format, args...)})
	}

	if t.Shape != ShapeDetail && d.Keys&(1<<1) != 0 && t.Info.Name != "" && d.TaskName != t.Info.Name {
		add(SeverityError, "/taskName", CodeNameMismatch, "taskName %q differs from task.task_name %q", d.TaskName, t.Info.Name)
	}
	known := schema.KnownDatasourceTypes()
	for _, f := range []struct{ ptr, val string }{{"/sourceDatasourceType", d.SourceDatasourceType}, {"/targetDatasourceType", d.TargetDatasourceType}} {
		if f.val != "" && !slices.Contains(known, f.val) {
			add(SeverityWarning, f.ptr, CodeDatasourceType, "data source type %q is not in the documented list; checks specific to its type are skipped", f.val)
		}
	}

	n := counts[0]
	// A missing mappingSourceTextOrNot is the schema's "required" problem, not 0 items.
	if d.Keys&mappingFlagsSeen != 0 && counts[2] != n {
		add(SeverityError, "/mappingSourceTextOrNot", CodeParallelLength,
			"mappingSourceTextOrNot has %d items but mappingTable has %d; item i of each describes the same mapping", counts[2], n)
	}
	if counts[1] != n && counts[1] != 0 {
		add(SeverityError, "/mappingTableProperties", CodeParallelLength,
			"mappingTableProperties has %d items but mappingTable has %d; it must match item for item, or be empty for non-relational sources", counts[1], n)
	}

	targets := columnIndex(d.Target.Columns)
	checkTargets := d.Target.Keys&(1<<1) != 0 // targetSelectedColumnList present
	var sources map[string]int
	var sourceList string
	switch {
	case d.Source.Keys&(1<<1) != 0 && (len(d.Source.Columns) > 0 || len(d.Source.MetaData.Fields) == 0):
		sources, sourceList = columnIndex(d.Source.Columns), "sourceSelectedColumnList"
	case len(d.Source.MetaData.Fields) > 0:
		sources, sourceList = make(map[string]int, len(d.Source.MetaData.Fields)), "sourceMetaData.dataSource"
		for i, f := range d.Source.MetaData.Fields {
			if _, dup := sources[f.Name]; !dup {
				sources[f.Name] = i
			}
		}
	}

	firstWriter := make(map[string]*Mapping, len(d.Mappings))
	// The source-key rule of FormInput mappings applies where the source declares fields
	// (sourceMetaData.dataSource); its message names the kind of source (API, message,
	// file). A source that declares none (a table read into mappingInput) is not judged.
	var fields map[string]int
	sourceKind := d.SourceFieldKind()
	for k := range d.Mappings {
		m := &d.Mappings[k]
		if m.Form == FormInput {
			if fields == nil && len(d.Source.MetaData.Fields) > 0 {
				fields = make(map[string]int, len(d.Source.MetaData.Fields))
				for i, f := range d.Source.MetaData.Fields {
					if _, dup := fields[f.Name]; !dup {
						fields[f.Name] = i
					}
				}
			}
			checkInput(m, fields, sourceKind, targets, checkTargets, firstWriter, add)
			continue
		}
		i := m.Index
		if i >= n {
			continue // items past mappingTable's end were reported as a length problem
		}
		mp := "/mappingTable/" + strconv.Itoa(i)
		if first, dup := firstWriter[m.Target.Column]; dup && m.Keys.has(3) {
			add(SeverityError, mp+"/targetColumn", CodeDuplicateTarget,
				"target column %q is already written by %s; each target column may be written once", m.Target.Column, writerName(first))
		} else {
			firstWriter[m.Target.Column] = m
		}
		var tcol, scol *Column
		if checkTargets && m.Keys.has(3) { // targetColumn present (a missing one is a schema problem)
			if k, ok := targets[m.Target.Column]; ok {
				tcol = &d.Target.Columns[k]
			} else {
				add(SeverityError, mp+"/targetColumn", CodeUnknownTarget,
					"target column %q is not in targetSelectedColumnList", m.Target.Column)
			}
		}
		if sources != nil && m.Keys.has(0) && !m.Added() && !(m.Text.Known() && m.Text.Value) {
			if k, ok := sources[m.Source.Column]; !ok {
				add(SeverityError, mp+"/sourceColumn", CodeUnknownSource,
					"source column %q is not in %s", m.Source.Column, sourceList)
			} else if sourceList == "sourceSelectedColumnList" {
				scol = &d.Source.Columns[k]
			}
		}
		if d.HasProperties && i < counts[1] {
			pp := "/mappingTableProperties/" + strconv.Itoa(i)
			for _, c := range []struct {
				key  string
				prop Bool
				col  *Column
				attr func(*Column) Bool
				list string
			}{
				{"sourceNullable", m.Source.Nullable, scol, func(c *Column) Bool { return c.Nullable }, "null_able"},
				{"sourceUnique", m.Source.Unique, scol, func(c *Column) Bool { return c.Unique }, "unique"},
				{"targetNullable", m.Target.Nullable, tcol, func(c *Column) Bool { return c.Nullable }, "null_able"},
				{"targetUnique", m.Target.Unique, tcol, func(c *Column) Bool { return c.Unique }, "unique"},
			} {
				if c.col == nil || !c.prop.Known() {
					continue
				}
				if v := c.attr(c.col); v.Known() && v.Value != c.prop.Value {
					add(SeverityError, pp+"/"+c.key, CodePropertyMismatch,
						"%s is %s but column %q has %s %s", c.key, c.prop.String(), c.col.Name, c.list, v.String())
				}
			}
		}
		if m.Added() {
			continue
		}
		// Warnings: legal but risky.
		sl, tl := m.Source.Length, m.Target.Length
		sf, tf := m.Source.Family(), m.Target.Family()
		switch {
		case sl.Known() && tl.Known() && tl.Value < sl.Value && sf == tf:
			add(SeverityWarning, mp+"/targetColumnLength", CodeNarrowing,
				"%s: target %s is shorter than source %s; longer values will be truncated or rejected",
				m.Target.Column, m.Target.TypeString(), m.Source.TypeString())
		case sf.Numeric() && tf == FamilyString && sl.Known() && tl.Known() && tl.Value < sl.Value:
			add(SeverityWarning, mp+"/targetColumnLength", CodeNumberToString,
				"%s: numeric source %s written into %s, which may be too short for its digits",
				m.Target.Column, m.Source.TypeString(), m.Target.TypeString())
		}
		if m.Source.Nullable.Known() && m.Target.Nullable.Known() && m.Source.Nullable.Value && !m.Target.Nullable.Value {
			add(SeverityWarning, "/mappingTableProperties/"+strconv.Itoa(i)+"/targetNullable", CodeNullability,
				"%s: source %q allows NULL but the target does not; rows with NULL will be rejected",
				m.Target.Column, m.Source.Column)
		}
	}
	ps = append(ps, targetSettingWarnings(d)...)
	return ps
}

// checkInput checks one FormInput mapping (mappingInput.dataSource[m.Index]): its
// sourceKey must name a declared API field, its targetKey a selected target column, and
// its target must not be written already.
func checkInput(m *Mapping, fields map[string]int, kind string, targets map[string]int, checkTargets bool, firstWriter map[string]*Mapping,
	add func(ProblemSeverity, string, Code, string, ...any)) {
	mp := "/mappingInput/dataSource/" + strconv.Itoa(m.Index)
	if m.Keys.has(1) {
		if first, dup := firstWriter[m.Target.Column]; dup {
			add(SeverityError, mp+"/targetKey", CodeDuplicateTarget,
				"target column %q is already written by %s; each target column may be written once", m.Target.Column, writerName(first))
		} else {
			firstWriter[m.Target.Column] = m
		}
		if _, ok := targets[m.Target.Column]; checkTargets && !ok {
			add(SeverityError, mp+"/targetKey", CodeUnknownTarget,
				"target column %q is not in targetSelectedColumnList", m.Target.Column)
		}
	}
	if _, ok := fields[m.Source.Column]; fields != nil && m.Keys.has(0) && !ok {
		add(SeverityError, mp+"/sourceKey", CodeUnknownSource,
			"%s %q is not in sourceSelectedDatasource.sourceMetaData.dataSource", kind, m.Source.Column)
	}
}

// writerName says which mapping writes a target column, for a duplicate_target message.
func writerName(m *Mapping) string {
	if m.Form == FormInput {
		return fmt.Sprintf("mappingInput mapping %d (/task_detail/mappingInput/dataSource/%d)", m.Index, m.Index)
	}
	return fmt.Sprintf("mapping %d (/task_detail/mappingTable/%d)", m.Index, m.Index)
}

func columnIndex(cols []Column) map[string]int {
	idx := make(map[string]int, len(cols))
	for i, c := range cols {
		if _, dup := idx[c.Name]; !dup {
			idx[c.Name] = i
		}
	}
	return idx
}
