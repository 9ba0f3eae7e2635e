package diff

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/fdireview/fdireview/internal/safetext"
	"github.com/fdireview/fdireview/rawform"
)

// Option configures Tasks. Options apply in order; a nil Option is ignored.
type Option func(*config)

type config struct {
	ignoreCase bool
	ignore     []Pattern
}

// IgnoreCase matches mappings and columns by name case-insensitively ("Name" and "name"
// are the same column), as MySQL-style catalogs do. A change of case alone is then
// reported with severity info.
func IgnoreCase() Option { return func(c *config) { c.ignoreCase = true } }

// JSON Pointer prefixes of the parts of a task.
const (
	ptrTask     = "/task"
	ptrDetail   = "/task_detail"
	ptrSource   = ptrDetail + "/sourceSelectedDatasource"
	ptrTarget   = ptrDetail + "/targetSelectedDatasource"
	ptrMetaData = ptrSource + "/sourceMetaData"
	ptrMappings = ptrDetail + "/mappingTable/"
	ptrProps    = ptrDetail + "/mappingTableProperties/"
	ptrFlags    = ptrDetail + "/mappingSourceTextOrNot/"
)

// Tasks compares two tasks and reports every difference, classified and explained; see
// the package documentation for the rules. A nil task is compared as an empty one. The
// tasks are not modified. Safe for concurrent use.
func Tasks(old, new *rawform.Task, opts ...Option) *Report {
	r, _ := TasksContext(context.Background(), old, new, opts...)
	return r
}

// TasksContext is Tasks for services that must be able to stop a long comparison: it
// checks ctx between stages and every few thousand mapping pairs, and returns ctx's error
// (wrapped) and no report once ctx is done. A comparison of 10,000 mappings takes tens of
// milliseconds, so the check costs nothing measurable. A nil ctx is context.Background().
func TasksContext(ctx context.Context, old, new *rawform.Task, opts ...Option) (*Report, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := context.Cause(ctx); err != nil {
		return nil, fmt.Errorf("diff tasks: %w", err)
	}
	d := &differ{ctx: ctx}
	for _, o := range opts {
		if o != nil {
			o(&d.cfg)
		}
	}
	old, new = orEmpty(old), orEmpty(new)
	// A bare task_detail has no envelope: its task fields are unknown, not changed, so
	// they are compared only when both sides have one.
	if old.Shape != rawform.ShapeDetail && new.Shape != rawform.ShapeDetail {
		d.envelope(old, new)
	}
	d.detail(old.Detail, new.Detail)
	// Types are judged by the new task's databases: the risk is that of the new pair.
	d.srcDialect = dialectFor(cmp.Or(new.Detail.SourceDatasourceType, new.Info.SourceDatasourceType))
	d.tgtDialect = dialectFor(cmp.Or(new.Detail.TargetDatasourceType, new.Info.TargetDatasourceType))
	d.targetCols = [2][]rawform.Column{old.Detail.Target.Columns, new.Detail.Target.Columns}
	if err := context.Cause(ctx); err != nil {
		return nil, fmt.Errorf("diff tasks: %w", err)
	}
	d.mappings(old.Detail.Mappings, new.Detail.Mappings)
	if err := context.Cause(ctx); err != nil {
		return nil, fmt.Errorf("diff tasks: %w", err)
	}
	d.foldRepeats(old.Detail, new.Detail)

	r := &Report{Old: ref(old), New: ref(new), Changes: d.changes, State: d.states}
	if r.Changes == nil {
		r.Changes = []Change{}
	}
	if r.State == nil {
		r.State = []Change{}
	}
	if len(d.cfg.ignore) > 0 {
		r.Ignored = make([]string, len(d.cfg.ignore))
		for i, p := range d.cfg.ignore {
			r.Ignored[i] = p.String()
		}
		r.Changes, r.Summary.Ignored = dropIgnored(d.cfg.ignore, r.Changes)
		var n int
		r.State, n = dropIgnored(d.cfg.ignore, r.State)
		r.Summary.Ignored += n
	}
	for _, cs := range [][]Change{r.Changes, r.State} {
		for i := range cs { // the documented escaping (package doc, Sentences)
			cs[i].Message = safetext.Visible(cs[i].Message)
			cs[i].Detail = safetext.VisibleText(cs[i].Detail)
		}
	}
	sortChanges(r.Changes)
	r.Recount()
	r.Summary.Reordered = d.reordered
	return r, nil
}

func orEmpty(t *rawform.Task) *rawform.Task {
	if t == nil {
		t = &rawform.Task{}
	}
	if t.Detail == nil {
		c := *t
		c.Detail = &rawform.Detail{}
		t = &c
	}
	return t
}

func ref(t *rawform.Task) Side {
	name := t.Info.Name
	if name == "" {
		name = t.Detail.TaskName
	}
	r := Side{ID: t.Info.ID, Name: name}
	if t.Info.CreatedDate != 0 {
		r.Created = FormatMillis(t.Info.CreatedDate)
	}
	return r
}

// differ accumulates the changes of one comparison.
type differ struct {
	ctx context.Context
	// pairs counts the mapping pairs compared, to look at ctx every pairsPerCheck of them;
	// done is set once ctx was seen done, and every later pair is skipped.
	pairs     int
	done      bool
	cfg       config
	changes   []Change
	states    []Change
	reordered bool
	// targetCols are the target columns selected in the old and the new task; selected
	// indexes their (folded) names, built on the first rename candidate (renamable), as
	// most comparisons have none.
	targetCols [2][]rawform.Column
	selected   [2]map[string]bool
	// readBy are the source columns each task's mappings read (foldRepeats).
	readBy map[*rawform.Detail]map[string]bool
	// srcDialect and tgtDialect are the type tables of the new task's source and target
	// databases (nil where fdireview has none: types are then judged by family).
	srcDialect, tgtDialect *dialect
}

// columnSet is the set of folded column names, nil for no columns.
func (d *differ) columnSet(cols []rawform.Column) map[string]bool {
	if len(cols) == 0 {
		return nil
	}
	s := make(map[string]bool, len(cols))
	for i := range cols {
		s[d.fold(cols[i].Name)] = true
	}
	return s
}

// renamable reports whether a removed old mapping and an added new one may be one mapping
// whose target column was renamed: not when the old target is still selected in the new
// task and the new target was already selected in the old — then no column changed, the
// task simply writes another of its columns (an API field moved from METRIC_DATA to
// OPERATION_MSG, both selected before and after, is a removal and an addition). Nor when
// either task selects no columns (a topic, queue or file target): a rename is then
// unprovable, and the move is reported as the removal it may be.
func (d *differ) renamable(o, n *rawform.Mapping) bool {
	if d.selected[0] == nil && d.selected[1] == nil {
		d.selected = [2]map[string]bool{d.columnSet(d.targetCols[0]), d.columnSet(d.targetCols[1])}
	}
	old, new := d.selected[0], d.selected[1]
	if old == nil || new == nil {
		// No column lists (a topic, queue or file target): nothing says the old column
		// is gone, so moving a mapping is a removal and an addition, as breaking as for a
		// table whose columns both stay selected.
		return false
	}
	return !(new[d.fold(o.Target.Column)] && old[d.fold(n.Target.Column)])
}

func (d *differ) add(kind Kind, sev Severity, column, ptr string, old, new any, msg string) {
	d.changes = append(d.changes, Change{Kind: kind, Severity: sev, TargetColumn: column, Pointer: ptr, Old: old, New: new, Message: msg})
}

// fold returns a name as used for matching.
func (d *differ) fold(name string) string {
	if d.cfg.ignoreCase {
		return strings.ToLower(name)
	}
	return name
}

// scalar is a field compared by value.
type scalar struct {
	key      string
	kind     Kind
	sev      Severity
	old, new any
}

// envelope compares the envelope's task object and the envelope's unknown keys. Identity
// fields (task_id, created_date) are in the report's header, not changes; runtime fields
// are state changes.
func (d *differ) envelope(old, new *rawform.Task) {
	o, n := &old.Info, &new.Info
	for _, f := range []scalar{
		{"task_name", SettingChanged, Info, o.Name, n.Name},
		{"task_type", SettingChanged, Warning, o.Type, n.Type},
		{"project_id", SettingChanged, Warning, o.ProjectID, n.ProjectID},
		{"source_datasource_id", DatasourceChanged, Warning, o.SourceDatasourceID, n.SourceDatasourceID},
		{"target_datasource_id", DatasourceChanged, Warning, o.TargetDatasourceID, n.TargetDatasourceID},
		{"source_datasource_name", DatasourceChanged, Info, o.SourceDatasourceName, n.SourceDatasourceName},
		{"target_datasource_name", DatasourceChanged, Info, o.TargetDatasourceName, n.TargetDatasourceName},
		{"source_app_id", SettingChanged, Warning, o.SourceAppID, n.SourceAppID},
		{"target_app_id", SettingChanged, Warning, o.TargetAppID, n.TargetAppID},
		{"source_app_name", SettingChanged, Info, o.SourceAppName, n.SourceAppName},
		{"target_app_name", SettingChanged, Info, o.TargetAppName, n.TargetAppName},
		{"description", SettingChanged, Info, o.Description, n.Description},
		{"task_tag", SettingChanged, Info, o.Tag, n.Tag},
		{"created_by", SettingChanged, Info, o.CreatedBy, n.CreatedBy},
		{"task_mode", SettingChanged, Warning, o.Mode, n.Mode},
		{"enterprise_project_id", SettingChanged, Warning, o.EnterpriseProjectID, n.EnterpriseProjectID},
		{"source_datasource_type", DatasourceChanged, Warning, o.SourceDatasourceType, n.SourceDatasourceType},
		{"target_datasource_type", DatasourceChanged, Warning, o.TargetDatasourceType, n.TargetDatasourceType},
		{"source_instance_name", SettingChanged, Info, o.SourceInstanceName, n.SourceInstanceName},
		{"target_instance_name", SettingChanged, Info, o.TargetInstanceName, n.TargetInstanceName},
	} {
		d.scalar(ptrTask, "task", f)
	}
	d.state("status", o.Status, n.Status)
	d.state("execute_status", o.ExecuteStatus, n.ExecuteStatus)
	d.state("last_modified_date", o.LastModifiedDate, n.LastModifiedDate)
	d.state("repulling_snapshot", o.RepullingSnapshot, n.RepullingSnapshot)
	oe, ne := o.Extra, n.Extra
	if hasStateKey(oe) || hasStateKey(ne) {
		for _, k := range extraStateKeys {
			d.state(k, oe[k], ne[k])
		}
		oe, ne = without(oe, extraStateKeys), without(ne, extraStateKeys)
	}
	d.extra(ptrTask, "", oe, ne)
	d.extra("", "", old.Extra, new.Extra)
}

// stateWords names the runtime fields of the envelope's task object: they describe a
// run, not the task, and are reported as state.changed. repulling_snapshot (a
// snapshot being pulled again) is runtime by its name; that is inferred, no document
// says so.
var stateWords = map[string]string{
	"status": "status", "execute_status": "execute status", "last_modified_date": "last modified",
	"repulling_snapshot": "re-pulling snapshot",
	// Named in the task list and monitor APIs (API notes §7, §8); state wherever they appear.
	"last_modified_time": "last modified", "last_execute_time": "last run",
}

// extraStateKeys are runtime fields the model does not name, found in Extra (lenient).
var extraStateKeys = []string{"last_modified_time", "last_execute_time"}

func hasStateKey(m map[string]any) bool {
	for _, k := range extraStateKeys {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

// state records one runtime field that differs: a typed field of the model, or any JSON
// value a lenient parse kept in Extra (objects included, so not compared with ==).
func (d *differ) state(key string, old, new any) {
	if reflect.DeepEqual(old, new) {
		return
	}
	d.states = append(d.states, Change{Kind: StateChanged, Pointer: ptrTask + "/" + key, Old: old, New: new,
		Message: stateWords[key] + ": " + stateText(key, old) + " → " + stateText(key, new)})
}

// stateText writes a runtime value: a date for timestamps, the word for the status.
func stateText(key string, v any) string {
	switch x := v.(type) {
	case int64:
		if x == 0 {
			return "(none)"
		}
	case string:
		switch {
		case x == "":
			return "(none)"
		case key == "status" && x == "stop":
			return "stopped"
		case key == "status" || key == "execute_status":
			return x
		}
	}
	return valueText(key, v)
}

// scalar reports one field compared by value.
func (d *differ) scalar(base, what string, f scalar) {
	if f.old == f.new {
		return
	}
	d.add(f.kind, f.sev, "", base+"/"+f.key, f.old, f.new, settingSentence(what, fieldName(f.key), f.key, f.old, f.new))
}

// detail compares everything in task_detail except the mappings.
func (d *differ) detail(o, n *rawform.Detail) {
	for _, f := range []scalar{
		{"projectId", SettingChanged, Warning, o.ProjectID, n.ProjectID},
		{"taskName", SettingChanged, Info, o.TaskName, n.TaskName},
		{"description", SettingChanged, Info, o.Description, n.Description},
		{"taskTag", SettingChanged, Info, o.TaskTag, n.TaskTag},
		{"sourceDatasourceType", DatasourceChanged, Warning, o.SourceDatasourceType, n.SourceDatasourceType},
		{"sourceDatasource", DatasourceChanged, Info, o.SourceDatasource, n.SourceDatasource},
		{"sourceDsId", DatasourceChanged, Warning, o.SourceDsID, n.SourceDsID},
		{"targetDatasourceType", DatasourceChanged, Warning, o.TargetDatasourceType, n.TargetDatasourceType},
		{"targetDatasource", DatasourceChanged, Info, o.TargetDatasource, n.TargetDatasource},
		{"targetDsId", DatasourceChanged, Warning, o.TargetDsID, n.TargetDsID},
	} {
		d.scalar(ptrDetail, "task detail", f)
	}
	if o.HasProperties != n.HasProperties {
		d.add(SettingChanged, Warning, "", ptrDetail+"/mappingTableProperties", o.HasProperties, n.HasProperties,
			fmt.Sprintf("mappingTableProperties present: %t → %t; nullability and uniqueness of the mappings are known only where present", o.HasProperties, n.HasProperties))
	}
	d.extra(ptrDetail, "", o.Extra, n.Extra)

	// Source and target sections.
	if o.Source.Table != n.Source.Table {
		d.add(TableChanged, Warning, "", ptrSource+"/sourceTable", o.Source.Table, n.Source.Table,
			fmt.Sprintf("source table %s → %s: the task reads another table", show(o.Source.Table), show(n.Source.Table)))
	}
	if o.Target.Table != n.Target.Table {
		d.add(TableChanged, Breaking, "", ptrTarget+"/targetTable", o.Target.Table, n.Target.Table,
			fmt.Sprintf("target table %s → %s: data will be written to another table", show(o.Target.Table), show(n.Target.Table)))
	}
	d.scalar(ptrSource, "source", scalar{"instanceId", SettingChanged, Warning, o.Source.InstanceID, n.Source.InstanceID})
	d.scalar(ptrTarget, "target", scalar{"instanceId", SettingChanged, Warning, o.Target.InstanceID, n.Target.InstanceID})
	os, ns := d.sourceSpecial(o.Source.Extra, n.Source.Extra)
	d.extra(ptrSource, "", os, ns)
	ot, nt := d.targetDestination(o.Target.Extra, n.Target.Extra)
	d.extra(ptrTarget, "", ot, nt)
	d.extra(ptrMetaData, "", o.Source.MetaData.Extra, n.Source.MetaData.Extra)

	d.columns("source", ptrSource+"/sourceSelectedColumnList/", o.Source.Columns, n.Source.Columns)
	d.columns("target", ptrTarget+"/targetSelectedColumnList/", o.Target.Columns, n.Target.Columns)
	d.fields(ptrMetaData+"/dataSource/", o.Source.MetaData.Fields, n.Source.MetaData.Fields)
	d.requestParts(o, n)
}

// matchByName pairs the items of two lists by name, reporting whether the matched items
// appear in a different order. It calls pair for every match in new-list order and
// returns the unmatched indices of each list.
func (d *differ) matchByName(oldLen, newLen int, oldName, newName func(int) string, pair func(oi, ni int)) (removed, added []int) {
	// Index the old names. A name listed again gets the key name+"\x00"+n for its n-th
	// repetition; the counting map exists only when there are repetitions.
	index := make(map[string]int, oldLen)
	var oldDups, newDups map[string]int
	for i := range oldLen {
		f := d.fold(oldName(i))
		if _, dup := index[f]; dup {
			if oldDups == nil {
				oldDups = make(map[string]int)
			}
			oldDups[f]++
			f += "\x00" + strconv.Itoa(oldDups[f])
		}
		index[f] = i
	}
	matched := make([]bool, oldLen)
	last := -1
	for j := range newLen {
		f := d.fold(newName(j))
		i, ok := index[f]
		if ok && matched[i] { // a repetition in the new list
			if newDups == nil {
				newDups = make(map[string]int)
			}
			newDups[f]++
			i, ok = index[f+"\x00"+strconv.Itoa(newDups[f])]
		}
		if !ok {
			added = append(added, j)
			continue
		}
		matched[i] = true
		if i < last {
			d.reordered = true
		}
		last = i
		pair(i, j)
	}
	for i, m := range matched {
		if !m {
			removed = append(removed, i)
		}
	}
	return removed, added
}

// columns compares a selected column list.
func (d *differ) columns(side, base string, old, new []rawform.Column) {
	removed, added := d.matchByName(len(old), len(new),
		func(i int) string { return old[i].Name }, func(j int) string { return new[j].Name },
		func(i, j int) { d.column(side, base, j, &old[i], &new[j]) })
	for _, i := range removed {
		c := &old[i]
		d.add(ColumnRemoved, Warning, c.Name, base+strconv.Itoa(i), columnValue(c), nil,
			fmt.Sprintf("%s column %s %s removed from the selected columns", side, c.Name, typeString(c.Type, c.Length)))
	}
	for _, j := range added {
		c := &new[j]
		d.add(ColumnAdded, Info, c.Name, base+strconv.Itoa(j), nil, columnValue(c),
			fmt.Sprintf("%s column %s %s added to the selected columns", side, c.Name, typeString(c.Type, c.Length)))
	}
}

func (d *differ) column(side, base string, j int, o, n *rawform.Column) {
	if o.Name == n.Name && o.Type == n.Type && sameInt(o.Length, n.Length) && sameBool(o.Nullable, n.Nullable) &&
		sameBool(o.Unique, n.Unique) && len(o.Extra) == 0 && len(n.Extra) == 0 {
		return // the common case, without building a pointer
	}
	name, ptr := n.Name, base+strconv.Itoa(j)
	msg := func(attr string, ov, nv any) string {
		return fmt.Sprintf("%s column %s: %s %s → %s", side, name, attr, show(ov), show(nv))
	}
	if o.Name != n.Name {
		d.add(ColumnChanged, Info, name, ptr+"/field_name", o.Name, n.Name, msg("name", o.Name, n.Name))
	}
	if o.Type != n.Type {
		d.add(ColumnChanged, Info, name, ptr+"/field_type", o.Type, n.Type, fmt.Sprintf("%s column %s: type %s → %s", side, name, orNone(o.Type), orNone(n.Type)))
	}
	if !sameInt(o.Length, n.Length) {
		d.add(ColumnChanged, Info, name, ptr+"/field_length", intValue(o.Length), intValue(n.Length), msg("length", intValue(o.Length), intValue(n.Length)))
	}
	if !sameBool(o.Nullable, n.Nullable) {
		d.add(ColumnChanged, Info, name, ptr+"/null_able", boolValue(o.Nullable), boolValue(n.Nullable), msg("nullable", boolValue(o.Nullable), boolValue(n.Nullable)))
	}
	if !sameBool(o.Unique, n.Unique) {
		d.add(ColumnChanged, Info, name, ptr+"/unique", boolValue(o.Unique), boolValue(n.Unique), msg("unique", boolValue(o.Unique), boolValue(n.Unique)))
	}
	d.extra(ptr, name, o.Extra, n.Extra)
}

// fields compares the fields of API-type sources (sourceMetaData.dataSource) by name.
func (d *differ) fields(base string, old, new []rawform.Field) {
	removed, added := d.matchByName(len(old), len(new),
		func(i int) string { return old[i].Name }, func(j int) string { return new[j].Name },
		func(i, j int) {
			o, n, ptr := &old[i], &new[j], base+strconv.Itoa(j)
			for _, f := range []scalar{
				{"name", ColumnChanged, Info, o.Name, n.Name},
				{"index", ColumnChanged, Warning, intValue(o.Index), intValue(n.Index)},
				{"type", ColumnChanged, Warning, o.Type, n.Type},
				{"format", ColumnChanged, Warning, o.Format, n.Format},
				{"path", ColumnChanged, Warning, o.Path, n.Path},
			} {
				if f.old != f.new {
					d.add(f.kind, f.sev, n.Name, ptr+"/"+f.key, f.old, f.new,
						fmt.Sprintf("source field %s: %s %s → %s", n.Name, f.key, show(f.old), show(f.new)))
				}
			}
			d.extra(ptr, n.Name, o.Extra, n.Extra)
		})
	for _, i := range removed {
		f := &old[i]
		d.add(ColumnRemoved, Warning, f.Name, base+strconv.Itoa(i), f.Name, nil,
			fmt.Sprintf("source field %s (%s) removed", f.Name, fieldWhat(f)))
	}
	for _, j := range added {
		f := &new[j]
		d.add(ColumnAdded, Info, f.Name, base+strconv.Itoa(j), nil, f.Name,
			fmt.Sprintf("source field %s (%s) added", f.Name, fieldWhat(f)))
	}
}

// mappings matches mappings by target column and compares each pair.
func (d *differ) mappings(old, new []rawform.Mapping) {
	removed, added := d.matchByName(len(old), len(new),
		func(i int) string { return old[i].Target.Column }, func(j int) string { return new[j].Target.Column },
		func(i, j int) { d.pair(&old[i], i, &new[j], j, false) })

	// A removed and an added mapping reading the same source column with the same source
	// type are one mapping whose target was renamed. Pair them in task order.
	bySource := make(map[string][]int, len(removed))
	for _, i := range removed {
		if k, ok := d.sourceKey(&old[i]); ok {
			bySource[k] = append(bySource[k], i)
		}
	}
	renamed := make(map[int]bool)
	for _, j := range added {
		m := &new[j]
		k, ok := d.sourceKey(m)
		if cand := bySource[k]; ok && len(cand) > 0 && d.renamable(&old[cand[0]], m) {
			i := cand[0]
			bySource[k] = cand[1:]
			renamed[i] = true
			d.pair(&old[i], i, m, j, true)
			continue
		}
		ptr := wirePointer(m, ptrMappings, j, "")
		sev, why := d.pairRisk(m)
		msg := fmt.Sprintf("%s: new mapping %s", m.Target.Column, describe(m))
		if why != "" {
			msg += "; " + why
		}
		d.add(MappingAdded, sev, m.Target.Column, ptr, nil, mappingValue(m), msg)
	}
	for _, i := range removed {
		if renamed[i] {
			continue
		}
		m := &old[i]
		d.add(MappingRemoved, Breaking, m.Target.Column, wirePointer(m, ptrMappings, i, ""), mappingValue(m), nil,
			fmt.Sprintf("%s: mapping %s removed; the target column will no longer be written", m.Target.Column, describe(m)))
	}
}

// sourceKey identifies what a mapping reads, for rename detection; generated mappings
// (constants, dates, UUIDs) have no source column and are never renames.
func (d *differ) sourceKey(m *rawform.Mapping) (string, bool) {
	if m.Added() || m.Source.Column == "" {
		return "", false
	}
	return d.fold(m.Source.Column) + "\x00" + rawform.BaseType(m.Source.Type), true
}

// pairsPerCheck is how many mapping pairs are compared between two looks at the context.
const pairsPerCheck = 2048

// stopped reports whether the context is done, looking at it every pairsPerCheck calls.
func (d *differ) stopped() bool {
	if d.done {
		return true
	}
	if d.pairs++; d.pairs%pairsPerCheck == 0 && d.ctx.Err() != nil {
		d.done = true
	}
	return d.done
}

// pair compares a matched (or renamed) pair of mappings attribute by attribute.
func (d *differ) pair(o *rawform.Mapping, oi int, n *rawform.Mapping, ni int, renamed bool) {
	if d.stopped() {
		return
	}
	col := n.Target.Column
	// Pointers are built only when a change is reported: most pairs have none.
	at := func(prefix, key string) string { return wirePointer(n, prefix, ni, key) }
	os, ns, ot, nt := &o.Source, &n.Source, &o.Target, &n.Target

	switch {
	case renamed:
		d.add(MappingTargetRenamed, Warning, col, at(ptrMappings, "/targetColumn"), ot.Column, nt.Column,
			fmt.Sprintf("%s: target column renamed from %s; %s now receives %s and %s is no longer written", col, ot.Column, col, sourceName(n), ot.Column))
	case ot.Column != nt.Column:
		d.add(MappingTargetRenamed, Info, col, at(ptrMappings, "/targetColumn"), ot.Column, nt.Column,
			fmt.Sprintf("%s: target column spelled %s before (case only)", col, ot.Column))
	}

	if os.Column != ns.Column {
		sev, why := Breaking, fmt.Sprintf("the target now receives the values of %s instead of %s", orNone(ns.Column), orNone(os.Column))
		if d.fold(os.Column) == d.fold(ns.Column) {
			sev, why = Info, "case only"
		}
		d.add(MappingSourceChanged, sev, col, at(ptrMappings, "/sourceColumn"), os.Column, ns.Column,
			fmt.Sprintf("%s: source column %s → %s; %s", col, orNone(os.Column), orNone(ns.Column), why))
	}

	// Types: the risk is that of the new pair.
	if os.Type != ns.Type {
		sev, why := d.mappingRisk(n)
		d.add(MappingTypeChanged, sev, col, at(ptrMappings, "/sourceColumnType"), os.Type, ns.Type,
			fmt.Sprintf("%s: source type %s → %s into target %s; %s", col, orNone(os.Type), orNone(ns.Type), typeString(nt.Type, nt.Length), why))
	}
	if ot.Type != nt.Type {
		sev, why := d.mappingRisk(n)
		d.add(MappingTypeChanged, sev, col, at(ptrMappings, "/targetColumnType"), ot.Type, nt.Type,
			fmt.Sprintf("%s: target type %s → %s from source %s; %s", col, orNone(ot.Type), orNone(nt.Type), typeString(ns.Type, ns.Length), why))
	}

	// Lengths, compared in what they count (characters, bytes, digits) by the databases'
	// type tables: a length of 0 is none declared, which for NUMBER or CLOB is unbounded.
	if !sameInt(os.Length, ns.Length) || !sameInt(ot.Length, nt.Length) {
		d.lengths(o, n, col, at)
	}

	// Nullability and uniqueness (from mappingTableProperties).
	sourceNullable := !n.Added() && (!ns.Nullable.Known() || ns.Nullable.Value)
	if !sameBool(ot.Nullable, nt.Nullable) {
		sev, why := Info, "nothing is rejected"
		switch {
		case !ot.Nullable.Known() || !nt.Nullable.Known():
			sev, why = Warning, "nullability became known or unknown"
		case !nt.Nullable.Value && sourceNullable:
			sev, why = Breaking, "the source is nullable; rows with NULL will be rejected"
		case !nt.Nullable.Value:
			why = "the source is NOT NULL too"
		}
		d.add(MappingNullabilityChanged, sev, col, at(ptrProps, "/targetNullable"), boolValue(ot.Nullable), boolValue(nt.Nullable),
			fmt.Sprintf("%s: target %s → %s; %s", col, nullWord(ot.Nullable), nullWord(nt.Nullable), why))
	}
	if !sameBool(os.Nullable, ns.Nullable) {
		sev, why := Info, "nothing is rejected"
		switch {
		case !os.Nullable.Known() || !ns.Nullable.Known():
			sev, why = Warning, "nullability became known or unknown"
		case ns.Nullable.Value && nt.Nullable.Known() && !nt.Nullable.Value:
			sev, why = Breaking, "the target is NOT NULL; rows with NULL will be rejected"
		}
		d.add(MappingNullabilityChanged, sev, col, at(ptrProps, "/sourceNullable"), boolValue(os.Nullable), boolValue(ns.Nullable),
			fmt.Sprintf("%s: source %s → %s; %s", col, nullWord(os.Nullable), nullWord(ns.Nullable), why))
	}
	if !sameBool(ot.Unique, nt.Unique) {
		sev, why := Info, "nothing is rejected"
		switch {
		case !ot.Unique.Known() || !nt.Unique.Known():
			sev, why = Warning, "uniqueness became known or unknown"
		case nt.Unique.Value && !(ns.Unique.Known() && ns.Unique.Value):
			sev, why = Breaking, "the source is not unique; duplicate rows will be rejected"
		case !nt.Unique.Value:
			sev, why = Warning, "duplicates are no longer rejected"
		}
		d.add(MappingUniqueChanged, sev, col, at(ptrProps, "/targetUnique"), boolValue(ot.Unique), boolValue(nt.Unique),
			fmt.Sprintf("%s: target %s → %s; %s", col, uniqueWord(ot.Unique), uniqueWord(nt.Unique), why))
	}
	if !sameBool(os.Unique, ns.Unique) {
		sev, why := Info, "nothing is rejected"
		switch {
		case !os.Unique.Known() || !ns.Unique.Known():
			sev, why = Warning, "uniqueness became known or unknown"
		case !ns.Unique.Value && nt.Unique.Known() && nt.Unique.Value:
			sev, why = Breaking, "the target is unique; duplicate rows will be rejected"
		}
		d.add(MappingUniqueChanged, sev, col, at(ptrProps, "/sourceUnique"), boolValue(os.Unique), boolValue(ns.Unique),
			fmt.Sprintf("%s: source %s → %s; %s", col, uniqueWord(os.Unique), uniqueWord(ns.Unique), why))
	}

	// Flags.
	for _, f := range []struct {
		key, what string
		old, new  bool
	}{
		{"isAddMapping", "a constant value", o.AddMapping, n.AddMapping},
		{"isAddDateMapping", "the current date", o.AddDateMapping, n.AddDateMapping},
		{"isAddBooleanMapping", "a boolean constant", o.AddBooleanMapping, n.AddBooleanMapping},
		{"isAddFDIUUIDMapping", "a generated UUID", o.AddFDIUUIDMapping, n.AddFDIUUIDMapping},
	} {
		if f.old != f.new {
			verb := "now writes " + f.what + " instead of the source value"
			if !f.new {
				verb = "no longer writes " + f.what + "; it writes the source value"
			}
			d.add(MappingFlagChanged, Warning, col, at(ptrMappings, "/"+f.key), f.old, f.new,
				fmt.Sprintf("%s: the mapping %s", col, verb))
		}
	}
	if !sameBool(o.Text, n.Text) {
		d.add(MappingFlagChanged, Warning, col, at(ptrFlags, "/flag"), boolValue(o.Text), boolValue(n.Text),
			fmt.Sprintf("%s: %s; the source is read differently", col, textFlagWords(o.Text, n.Text)))
	}

	if len(o.Extra)+len(n.Extra)+len(o.PropertiesExtra)+len(n.PropertiesExtra)+len(o.FlagExtra)+len(n.FlagExtra) > 0 {
		d.extra(at(ptrMappings, ""), col, o.Extra, n.Extra)
		d.extra(at(ptrProps, ""), col, o.PropertiesExtra, n.PropertiesExtra)
		d.extra(at(ptrFlags, ""), col, o.FlagExtra, n.FlagExtra)
	}
}

// lengths reports the length changes of a matched pair: of the source, then of the target.
func (d *differ) lengths(o, n *rawform.Mapping, col string, at func(prefix, key string) string) {
	os, ns, ot, nt := &o.Source, &n.Source, &o.Target, &n.Target
	sv, tv := d.endpoints(n)
	risk, reason := judge(sv, tv)
	// The pair's risk is one of size when both sides hold text, binaries or numbers.
	sizeRisk := risk != Info && (sv.fam == tv.fam && (sv.fam == famString || sv.fam == famBinary) || sv.fam.numeric() && tv.fam.numeric())
	plainShorter := sv.unit == tv.unit && narrower(tv.capacity(), sv.capacity())
	// For dates and times the length counts fractional seconds.
	fracWhy, fracLost := fractionLoss(sv, tv)
	// A length that changed with its type is judged with the type (mapping.type_changed
	// reads the new pair whole, lengths included).
	const withType = "it changed with the type, whose change carries the risk"
	if !sameInt(os.Length, ns.Length) {
		sev, why := risk, reason
		switch {
		case !os.Length.Known() || !ns.Length.Known():
			sev, why = Warning, "a declared length appeared or disappeared"
		case os.Type != ns.Type:
			sev, why = Info, withType
		case sv.ownLength:
			sev, why = Info, orNone(ns.Type)+" is declared with its own length; the length field does not change it"
		case !sv.lengthLimits():
			sev, why = Info, "the length of "+orNone(ns.Type)+" does not limit its values"
		case fracLost:
			sev, why = Warning, fracWhy
		case sizeRisk && plainShorter:
			why = "it is longer than target " + typeString(nt.Type, nt.Length) + "; longer values will be truncated or rejected"
		case sizeRisk:
		default:
			sev, why = Info, "the target still holds every source value"
		}
		d.add(MappingLengthChanged, sev, col, at(ptrMappings, "/sourceColumnLength"), intValue(os.Length), intValue(ns.Length),
			fmt.Sprintf("%s: source %s; %s", col, lengthChange(os, ns), why))
	}
	if !sameInt(ot.Length, nt.Length) {
		msg := fmt.Sprintf("%s: target %s", col, lengthChange(ot, nt))
		sev := Info
		switch {
		case !ot.Length.Known() || !nt.Length.Known():
			sev, msg = Warning, msg+"; a declared length appeared or disappeared"
		case ot.Type != nt.Type:
			msg += "; " + withType
		case tv.ownLength:
			msg += "; " + orNone(nt.Type) + " is declared with its own length; the length field does not change it"
		case !tv.lengthLimits():
			msg += "; the length of " + orNone(nt.Type) + " does not limit its values"
		case fracLost:
			sev, msg = Warning, msg+"; "+fracWhy
		case sizeRisk && plainShorter:
			sev, msg = Breaking, msg+" is shorter than source "+typeString(ns.Type, ns.Length)+"; longer values will be truncated or rejected"
		case sizeRisk:
			sev, msg = risk, msg+"; "+reason
		case narrower(tv.capacity(), readEndpoint(d.tgtDialect, ot.Type, ot.Length).capacity()):
			sev, msg = Warning, msg+" is narrower but still holds source "+typeString(ns.Type, ns.Length)
		default:
			msg += " is wider; nothing is lost"
		}
		d.add(MappingLengthChanged, sev, col, at(ptrMappings, "/targetColumnLength"), intValue(ot.Length), intValue(nt.Length), msg)
	}
}

// lengthChange writes an endpoint's length change: "VARCHAR(255) → VARCHAR(64)", with the
// lengths named when the types show none ("TIMESTAMP(6) → TIMESTAMP(6)" is "TIMESTAMP(6),
// length 0 → 26").
func lengthChange(o, n *rawform.Endpoint) string {
	a, b := typeString(o.Type, o.Length), typeString(n.Type, n.Length)
	if a != b {
		return a + " → " + b
	}
	return a + ", length " + show(intValue(o.Length)) + " → " + show(intValue(n.Length))
}

// textFlagWords says how the text flag (mappingSourceTextOrNot) changed.
func textFlagWords(o, n rawform.Bool) string {
	switch {
	case !n.Known():
		return "the text flag was removed"
	case !o.Known():
		return "the text flag was added (" + strconv.FormatBool(n.Value) + ")"
	case n.Value:
		return "the source is now read as text"
	}
	return "the source is no longer read as text"
}

// orNone writes a name for a message, "(none)" when empty.
func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func sameInt(a, b rawform.Int) bool {
	return a.Known() == b.Known() && (!a.Known() || a.Value == b.Value)
}

func sameBool(a, b rawform.Bool) bool {
	return a.Known() == b.Known() && (!a.Known() || a.Value == b.Value)
}

// intValue is the JSON-friendly value of an Int: the number, or nil when unknown.
func intValue(i rawform.Int) any {
	if !i.Known() {
		return nil
	}
	return i.Value
}

// boolValue is the JSON-friendly value of a Bool: the boolean, or nil when unknown.
func boolValue(b rawform.Bool) any {
	if !b.Known() {
		return nil
	}
	return b.Value
}

func nullWord(b rawform.Bool) string {
	switch {
	case !b.Known():
		return "nullability unknown"
	case b.Value:
		return "NULL"
	}
	return "NOT NULL"
}

func uniqueWord(b rawform.Bool) string {
	switch {
	case !b.Known():
		return "uniqueness unknown"
	case b.Value:
		return "UNIQUE"
	}
	return "not unique"
}

// sourceName says what a mapping reads: its source column or the generated value.
func sourceName(m *rawform.Mapping) string {
	switch {
	case m.AddMapping:
		return "a constant"
	case m.AddDateMapping:
		return "the current date"
	case m.AddBooleanMapping:
		return "a boolean constant"
	case m.AddFDIUUIDMapping:
		return "a generated UUID"
	}
	return m.Source.Column
}

// describe writes a mapping for a message: "id INT(11) → id INT(11)".
func describe(m *rawform.Mapping) string {
	src := sourceName(m)
	if !m.Added() {
		src += " " + typeString(m.Source.Type, m.Source.Length)
	}
	return src + " → " + m.Target.Column + " " + typeString(m.Target.Type, m.Target.Length)
}

// mappingValue is the JSON-friendly value of a whole mapping, for added and removed.
func mappingValue(m *rawform.Mapping) map[string]any {
	v := map[string]any{
		"source_column": sourceName(m),
		"source_type":   typeString(m.Source.Type, m.Source.Length),
		"target_column": m.Target.Column,
		"target_type":   typeString(m.Target.Type, m.Target.Length),
	}
	if m.Added() {
		v["source_type"] = ""
	}
	if b := boolValue(m.Target.Nullable); b != nil {
		v["target_nullable"] = b
	}
	return v
}

// columnValue is the JSON-friendly value of a column, for added and removed.
func columnValue(c *rawform.Column) map[string]any {
	v := map[string]any{"name": c.Name, "type": typeString(c.Type, c.Length)}
	if b := boolValue(c.Nullable); b != nil {
		v["nullable"] = b
	}
	if b := boolValue(c.Unique); b != nil {
		v["unique"] = b
	}
	return v
}

// sortChanges puts changes in the documented order: severity (most serious first), kind,
// target column, pointer (indices as numbers), message.
func sortChanges(cs []Change) {
	slices.SortStableFunc(cs, func(a, b Change) int {
		if c := cmp.Compare(b.Severity.Rank(), a.Severity.Rank()); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		if c := cmp.Compare(a.TargetColumn, b.TargetColumn); c != 0 {
			return c
		}
		if c := comparePointers(a.Pointer, b.Pointer); c != 0 {
			return c
		}
		return cmp.Compare(a.Message, b.Message)
	})
}

// comparePointers orders JSON Pointers token by token, numeric tokens as numbers, so
// that /mappingTable/2 comes before /mappingTable/10.
func comparePointers(a, b string) int {
	for a != "" && b != "" {
		var ta, tb string
		ta, a = nextToken(a)
		tb, b = nextToken(b)
		if ta == tb {
			continue
		}
		na, ea := strconv.Atoi(ta)
		nb, eb := strconv.Atoi(tb)
		switch {
		case ea == nil && eb == nil:
			return cmp.Compare(na, nb)
		case ea == nil:
			return -1
		case eb == nil:
			return 1
		}
		return cmp.Compare(ta, tb)
	}
	return cmp.Compare(len(a), len(b))
}

func nextToken(p string) (tok, rest string) {
	p = strings.TrimPrefix(p, "/")
	if i := strings.IndexByte(p, '/'); i >= 0 {
		return p[:i], p[i:]
	}
	return p, ""
}
