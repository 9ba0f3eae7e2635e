package diff

import (
	"fmt"
	"strings"

	"github.com/fdireview/fdireview/rawform"
)

// One fact, one change. A task states some facts twice: a mapping's target length is in
// mappingTable and again in targetSelectedColumnList, the task's name in the envelope
// (task.task_name) and in task_detail (taskName). When both copies change the same way,
// the comparison reports the change once: the copy that explains it keeps it (the
// mapping change, the envelope field) and lists the other copy's pointer in Folded. A
// copy that changed differently, or alone, is still reported on its own.

// mirrored pairs an envelope field with the task_detail field that repeats it.
var mirrored = map[string]string{
	ptrDetail + "/taskName":             ptrTask + "/task_name",
	ptrDetail + "/description":          ptrTask + "/description",
	ptrDetail + "/taskTag":              ptrTask + "/task_tag",
	ptrDetail + "/projectId":            ptrTask + "/project_id",
	ptrDetail + "/sourceDatasourceType": ptrTask + "/source_datasource_type",
	ptrDetail + "/targetDatasourceType": ptrTask + "/target_datasource_type",
	ptrDetail + "/sourceDsId":           ptrTask + "/source_datasource_id",
	ptrDetail + "/targetDsId":           ptrTask + "/target_datasource_id",
}

// columnLists are the pointer prefixes of the selected column lists, by side.
var columnLists = [2]struct{ side, prefix string }{
	{"source", ptrSource + "/sourceSelectedColumnList/"},
	{"target", ptrTarget + "/targetSelectedColumnList/"},
}

// columnAttrs names the attribute a column.changed pointer's last token is about.
var columnAttrs = map[string]string{
	"field_length": "length", "field_type": "type", "null_able": "nullable", "unique": "unique", "field_name": "name",
}

// mappingAttrs names the attribute a mapping change is about; its side is the pointer's
// last token (sourceColumnLength, targetNullable; sourceKey, targetKey for an API
// mapping, whose pointer names the item).
var mappingAttrs = map[Kind]string{
	MappingLengthChanged: "length", MappingTypeChanged: "type", MappingNullabilityChanged: "nullable", MappingUniqueChanged: "unique",
}

// foldKey is what two copies of one fact share.
func foldKey(op, side, column, attr string, old, new any) string {
	return fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%v\x00%v", op, side, column, attr, old, new)
}

// foldRepeats drops the changes that repeat another change (see above), recording their
// pointers in the change that keeps the fact. old and new are the compared details.
func (d *differ) foldRepeats(old, new *rawform.Detail) {
	if len(d.changes) < 2 {
		return
	}
	// What each mapping reads, by (folded) target column, on each side; "" when the
	// mapping generates its value or the target column is mapped more than once (which
	// mapping a change is about is then not known here, so nothing is folded for it).
	sourceOf := func(ms []rawform.Mapping) map[string]string {
		m := make(map[string]string, len(ms))
		for i := range ms {
			k, src := d.fold(ms[i].Target.Column), ms[i].Source.Column
			if _, dup := m[k]; dup || ms[i].Added() {
				src = ""
			}
			m[k] = src
		}
		return m
	}
	var oldSource, newSource map[string]string
	explains := map[string]int{}
	// A mapping whose source (or target) column changed compares the attributes of two
	// different columns: its attribute changes explain no list entry of that side.
	moved := map[string]bool{}
	for i := range d.changes {
		switch ch := &d.changes[i]; ch.Kind {
		case MappingSourceChanged:
			moved["source\x00"+d.fold(ch.TargetColumn)] = true
		case MappingTargetRenamed:
			moved["target\x00"+d.fold(ch.TargetColumn)] = true
		}
	}
	keep := func(key string, i int) {
		if _, dup := explains[key]; !dup {
			explains[key] = i
		}
	}
	for i := range d.changes {
		ch := &d.changes[i]
		if !strings.HasPrefix(string(ch.Kind), "mapping.") {
			if _, ok := mirrored[ch.Pointer]; !ok && ch.Pointer != "" && strings.HasPrefix(ch.Pointer, ptrTask+"/") {
				keep(foldKey("mirror", "", "", ch.Pointer, ch.Old, ch.New), i)
			}
			continue
		}
		if oldSource == nil {
			oldSource, newSource = sourceOf(old.Mappings), sourceOf(new.Mappings)
		}
		col := d.fold(ch.TargetColumn)
		switch ch.Kind {
		case MappingAdded:
			keep(foldKey("added", "target", col, "", nil, nil), i)
			if src := newSource[col]; src != "" {
				keep(foldKey("added", "source", d.fold(src), "", nil, nil), i)
			}
		case MappingRemoved:
			keep(foldKey("removed", "target", col, "", nil, nil), i)
			if src := oldSource[col]; src != "" {
				keep(foldKey("removed", "source", d.fold(src), "", nil, nil), i)
			}
		case MappingTargetRenamed, MappingSourceChanged:
			side := "target"
			if ch.Kind == MappingSourceChanged {
				side = "source"
			}
			o, _ := ch.Old.(string)
			n, _ := ch.New.(string)
			keep(foldKey("removed", side, d.fold(o), "", nil, nil), i)
			keep(foldKey("added", side, d.fold(n), "", nil, nil), i)
			keep(foldKey("changed", side, d.fold(n), "name", o, n), i)
		default:
			attr, ok := mappingAttrs[ch.Kind]
			if !ok {
				continue
			}
			last := ch.Pointer[strings.LastIndexByte(ch.Pointer, '/')+1:]
			side := ""
			switch {
			case strings.HasPrefix(last, "source"):
				side = "source"
			case strings.HasPrefix(last, "target"):
				side = "target"
			}
			if side == "" || moved[side+"\x00"+col] {
				continue
			}
			name := col
			if side == "source" { // the same, known source column on both sides
				src := newSource[col]
				if src == "" || d.fold(src) != d.fold(oldSource[col]) {
					continue
				}
				name = d.fold(src)
			}
			keep(foldKey("changed", side, name, attr, ch.Old, ch.New), i)
		}
	}
	if len(explains) == 0 {
		return
	}
	folded := make([]bool, len(d.changes))
	for j := range d.changes {
		ch := &d.changes[j]
		key := d.repeatKey(ch, old, new)
		if key == "" {
			continue
		}
		if i, ok := explains[key]; ok && i != j {
			folded[j] = true
			d.changes[i].Folded = append(d.changes[i].Folded, ch.Pointer)
		}
	}
	out := d.changes[:0]
	for j, ch := range d.changes {
		if !folded[j] {
			out = append(out, ch)
		}
	}
	d.changes = out
}

// repeatKey is the fold key of a change that may repeat another one (a selected column
// list entry, a task_detail field the envelope repeats); "" for any other change.
func (d *differ) repeatKey(ch *Change, old, new *rawform.Detail) string {
	if env := mirrored[ch.Pointer]; env != "" {
		return foldKey("mirror", "", "", env, ch.Old, ch.New)
	}
	if ch.Kind != ColumnAdded && ch.Kind != ColumnRemoved && ch.Kind != ColumnChanged {
		return ""
	}
	for _, l := range columnLists {
		rest, ok := strings.CutPrefix(ch.Pointer, l.prefix)
		if !ok {
			continue
		}
		col := d.fold(ch.TargetColumn)
		switch ch.Kind {
		case ColumnAdded, ColumnRemoved:
			op, other := "added", old // a source column the other side reads is a fact of its own
			if ch.Kind == ColumnRemoved {
				op, other = "removed", new
			}
			if l.side == "source" && d.reads(other, col) {
				return ""
			}
			return foldKey(op, l.side, col, "", nil, nil)
		}
		_, last, _ := strings.Cut(rest, "/")
		if attr, ok := columnAttrs[last]; ok {
			return foldKey("changed", l.side, col, attr, ch.Old, ch.New)
		}
	}
	return ""
}

// reads reports whether a mapping of t reads the (folded) source column col. The set of
// columns each task reads is built on first use.
func (d *differ) reads(t *rawform.Detail, col string) bool {
	if d.readBy == nil {
		d.readBy = map[*rawform.Detail]map[string]bool{}
	}
	set, ok := d.readBy[t]
	if !ok {
		set = make(map[string]bool, len(t.Mappings))
		for i := range t.Mappings {
			if m := &t.Mappings[i]; !m.Added() {
				set[d.fold(m.Source.Column)] = true
			}
		}
		d.readBy[t] = set
	}
	return set[col]
}
