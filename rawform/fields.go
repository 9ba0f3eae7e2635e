package rawform

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"

	"github.com/fdireview/fdireview/internal/jsonptr"
)

// field describes one modelled key of a wire object: how to read it from the decoded
// tree into the typed struct T and how to write it back. Exactly one accessor is set.
type field[T any] struct {
	key  string
	str  func(*T) *string
	i64  func(*T) *int64
	boo  func(*T) *bool
	wint func(*T) *Int
	wb   func(*T) *Bool
	// custom fields (nested objects and arrays)
	read  func(b *builder, v any, ptr string, t *T)
	write func(e *encoder, t *T)
	zero  func(t *T) bool
	// omit: a zero value that was not read is not written, even in a value built in Go
	// (keys that are optional on the wire, such as error_handler).
	omit bool
}

// at is the JSON Pointer of an object being read: base itself, or base's item idx when
// idx >= 0. Pointers are strings only when something needs them.
type at struct {
	base string
	idx  int
}

func (a at) String() string {
	if a.idx < 0 {
		return a.base
	}
	return a.base + "/" + strconv.Itoa(a.idx)
}

// key is the pointer of the object's member k.
func (a at) key(k string) string { return a.String() + "/" + jsonptr.Escape(k) }

// builder turns validated trees into the typed model. The schema has already checked
// types, so its problems are the few things a schema cannot say (integer ranges).
type builder struct {
	problems []Problem
	limits   Limits
	counts   [3]int // lengths of mappingTable, mappingTableProperties, mappingSourceTextOrNot as read
	// dropExtra skips collecting unknown keys: set when the document already failed the
	// schema, so no Task is returned and a copy of a million unknown keys would be waste.
	dropExtra bool
	// ctx is ParseContext's context (nil otherwise): the mapping loops stop once it is
	// done, which stopped records.
	ctx     context.Context
	stopped bool
}

// mappingsPerCheck is how many mappings are built between two looks at the context.
const mappingsPerCheck = 4096

// cancelled reports, every mappingsPerCheck-th i, whether ParseContext's context is done.
func (b *builder) cancelled(i int) bool {
	if !b.stopped && b.ctx != nil && i%mappingsPerCheck == mappingsPerCheck-1 && b.ctx.Err() != nil {
		b.stopped = true
	}
	return b.stopped
}

func (b *builder) problem(ptr string, code Code, format string, args ...any) {
	b.problems = append(b.problems, Problem{Pointer: ptr, Severity: SeverityError, Code: code, Message: fmt.Sprintf(format, args...)})
}

// readObject fills t from m using the table; keys not in the table go to the returned
// extra map (nil when there are none).
func readObject[T any](b *builder, m *object, obj at, t *T, table []field[T]) (KeySet, map[string]any) {
	seen := parsedBit
	if m == nil {
		return seen, nil
	}
	matched := 0
	hint := 0 // where the next key usually is: objects are written in one order
	for i := range table {
		f := &table[i]
		j := m.indexFrom(f.key, hint)
		if j < 0 {
			continue
		}
		hint = j + 1
		v := m.members[j].val
		matched++
		seen |= 1 << i
		// The field's pointer is built only for a problem or a nested value: building it
		// for every key of every mapping was a tenth of Parse.
		switch {
		case f.str != nil:
			s, ok := v.(string)
			if !ok {
				b.problem(obj.key(f.key), CodeType, "expected a string, got %s", jsonType(v))
			}
			*f.str(t) = s
		case f.i64 != nil:
			n, ok := v.(json.Number)
			if !ok {
				b.problem(obj.key(f.key), CodeType, "expected an integer, got %s", jsonType(v))
				continue
			}
			x, err := strconv.ParseInt(string(n), 10, 64)
			if err != nil {
				b.problem(obj.key(f.key), CodeType, "expected an integer within 64 bits, got %s", n)
			}
			*f.i64(t) = x
		case f.boo != nil:
			x, ok := v.(bool)
			if !ok {
				b.problem(obj.key(f.key), CodeType, "expected a boolean, got %s", jsonType(v))
			}
			*f.boo(t) = x
		case f.wint != nil:
			*f.wint(t) = b.wireInt(v, obj, f.key)
		case f.wb != nil:
			*f.wb(t) = b.wireBool(v, obj, f.key)
		default:
			f.read(b, v, obj.key(f.key), t)
		}
	}
	if matched == m.len() || b.dropExtra {
		return seen, nil
	}
	extra := make(map[string]any, m.len()-matched)
	for _, mb := range m.members {
		if !hasKey(table, mb.key) {
			extra[mb.key] = generic(mb.val)
		}
	}
	return seen, extra
}

func hasKey[T any](table []field[T], k string) bool {
	for i := range table {
		if table[i].key == k {
			return true
		}
	}
	return false
}

func (b *builder) wireInt(v any, obj at, key string) Int {
	switch x := v.(type) {
	case json.Number:
		n, err := parseCanonicalInt(string(x))
		if err != nil {
			b.problem(obj.key(key), CodePattern, "expected a whole number, got %s", x)
		}
		return Int{Value: n, Enc: EncLiteral}
	case string:
		if x == "" {
			return Int{Enc: EncEmpty}
		}
		n, err := parseCanonicalInt(x)
		if err != nil {
			b.problem(obj.key(key), CodePattern, "expected a string-encoded whole number such as \"11\", got %q", x)
		}
		return Int{Value: n, Enc: EncString}
	}
	b.problem(obj.key(key), CodeType, "expected a string-encoded number, got %s", jsonType(v))
	return Int{}
}

func (b *builder) wireBool(v any, obj at, key string) Bool {
	switch x := v.(type) {
	case bool:
		return Bool{Value: x, Enc: EncLiteral}
	case string:
		switch x {
		case "true":
			return Bool{Value: true, Enc: EncString}
		case "false":
			return Bool{Value: false, Enc: EncString}
		case "1":
			return Bool{Value: true, Enc: EncDigit}
		case "0":
			return Bool{Value: false, Enc: EncDigit}
		case "":
			return Bool{Enc: EncEmpty}
		}
		b.problem(obj.key(key), CodePattern, "expected \"0\" or \"1\" (or \"true\"/\"false\"), got %q", x)
		return Bool{}
	}
	b.problem(obj.key(key), CodeType, "expected a boolean or a string-encoded boolean, got %s", jsonType(v))
	return Bool{}
}

// writeObject writes t as a JSON object: modelled keys in table order (those that were
// read, or are set, or all of them for a value built in Go), then extra keys sorted.
func writeObject[T any](e *encoder, t *T, table []field[T], seen KeySet, extra map[string]any) {
	e.b = append(e.b, '{')
	first := true
	for i := range table {
		f := &table[i]
		if (seen&parsedBit != 0 || f.omit) && seen&(1<<i) == 0 && isZero(f, t) {
			continue
		}
		if !first {
			e.b = append(e.b, ',')
		}
		first = false
		e.str(f.key)
		e.b = append(e.b, ':')
		switch {
		case f.str != nil:
			e.str(*f.str(t))
		case f.i64 != nil:
			e.b = strconv.AppendInt(e.b, *f.i64(t), 10)
		case f.boo != nil:
			e.b = strconv.AppendBool(e.b, *f.boo(t))
		case f.wint != nil:
			e.wireInt(*f.wint(t))
		case f.wb != nil:
			e.wireBool(*f.wb(t))
		default:
			f.write(e, t)
		}
	}
	for _, k := range sortedKeys(extra) {
		if !first {
			e.b = append(e.b, ',')
		}
		first = false
		e.str(k)
		e.b = append(e.b, ':')
		e.value(extra[k])
	}
	e.b = append(e.b, '}')
}

func isZero[T any](f *field[T], t *T) bool {
	switch {
	case f.str != nil:
		return *f.str(t) == ""
	case f.i64 != nil:
		return *f.i64(t) == 0
	case f.boo != nil:
		return !*f.boo(t)
	case f.wint != nil:
		return *f.wint(t) == Int{}
	case f.wb != nil:
		return *f.wb(t) == Bool{}
	default:
		return f.zero(t)
	}
}

func sortedKeys(m map[string]any) []string {
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case json.Number:
		return "the number " + string(x)
	case []any:
		return "an array"
	case map[string]any, *object:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// Field tables, in the order FDI's console writes them (the documented example's order,
// grouped). Changing the order changes encoded output, not meaning.

var infoFields = []field[TaskInfo]{
	{key: "task_id", str: func(t *TaskInfo) *string { return &t.ID }},
	{key: "task_name", str: func(t *TaskInfo) *string { return &t.Name }},
	{key: "task_type", str: func(t *TaskInfo) *string { return &t.Type }},
	{key: "project_id", str: func(t *TaskInfo) *string { return &t.ProjectID }},
	{key: "source_datasource_id", str: func(t *TaskInfo) *string { return &t.SourceDatasourceID }},
	{key: "target_datasource_id", str: func(t *TaskInfo) *string { return &t.TargetDatasourceID }},
	{key: "source_datasource_name", str: func(t *TaskInfo) *string { return &t.SourceDatasourceName }},
	{key: "target_datasource_name", str: func(t *TaskInfo) *string { return &t.TargetDatasourceName }},
	{key: "source_app_id", str: func(t *TaskInfo) *string { return &t.SourceAppID }},
	{key: "target_app_id", str: func(t *TaskInfo) *string { return &t.TargetAppID }},
	{key: "source_app_name", str: func(t *TaskInfo) *string { return &t.SourceAppName }},
	{key: "target_app_name", str: func(t *TaskInfo) *string { return &t.TargetAppName }},
	{key: "status", str: func(t *TaskInfo) *string { return &t.Status }},
	{key: "created_date", i64: func(t *TaskInfo) *int64 { return &t.CreatedDate }},
	{key: "last_modified_date", i64: func(t *TaskInfo) *int64 { return &t.LastModifiedDate }},
	{key: "task_mode", str: func(t *TaskInfo) *string { return &t.Mode }},
	{key: "enterprise_project_id", str: func(t *TaskInfo) *string { return &t.EnterpriseProjectID }},
	{key: "source_datasource_type", str: func(t *TaskInfo) *string { return &t.SourceDatasourceType }},
	{key: "target_datasource_type", str: func(t *TaskInfo) *string { return &t.TargetDatasourceType }},
	{key: "source_instance_name", str: func(t *TaskInfo) *string { return &t.SourceInstanceName }},
	{key: "target_instance_name", str: func(t *TaskInfo) *string { return &t.TargetInstanceName }},
	{key: "execute_status", str: func(t *TaskInfo) *string { return &t.ExecuteStatus }},
	{key: "repulling_snapshot", boo: func(t *TaskInfo) *bool { return &t.RepullingSnapshot }},
	{key: "description", str: func(t *TaskInfo) *string { return &t.Description }},
	{key: "task_tag", str: func(t *TaskInfo) *string { return &t.Tag }},
	{key: "created_by", str: func(t *TaskInfo) *string { return &t.CreatedBy }},
}

var columnFields = []field[Column]{
	{key: "null_able", wb: func(c *Column) *Bool { return &c.Nullable }},
	{key: "unique", wb: func(c *Column) *Bool { return &c.Unique }},
	{key: "field_length", wint: func(c *Column) *Int { return &c.Length }},
	{key: "field_type", str: func(c *Column) *string { return &c.Type }},
	{key: "field_name", str: func(c *Column) *string { return &c.Name }},
}

var fieldFields = []field[Field]{
	{key: "index", wint: func(f *Field) *Int { return &f.Index }},
	{key: "name", str: func(f *Field) *string { return &f.Name }},
	{key: "type", str: func(f *Field) *string { return &f.Type }},
	{key: "format", str: func(f *Field) *string { return &f.Format }},
	{key: "path", str: func(f *Field) *string { return &f.Path }},
}

var metaDataFields = []field[MetaData]{
	{key: "dataSource",
		read: func(b *builder, v any, p string, m *MetaData) {
			m.Fields = readList(b, v, p, b.limits.MaxColumns, func(b *builder, m *object, a at) Field {
				var f Field
				f.Keys, f.Extra = readObject(b, m, a, &f, fieldFields)
				return f
			})
		},
		write: func(e *encoder, m *MetaData) {
			writeList(e, m.Fields, func(e *encoder, f *Field) { writeObject(e, f, fieldFields, f.Keys, f.Extra) })
		},
		zero: func(m *MetaData) bool { return m.Fields == nil }},
}

func readColumns(b *builder, v any, p string) []Column {
	return readList(b, v, p, b.limits.MaxColumns, func(b *builder, m *object, a at) Column {
		var c Column
		c.Keys, c.Extra = readObject(b, m, a, &c, columnFields)
		return c
	})
}

func writeColumns(e *encoder, cols []Column) {
	writeList(e, cols, func(e *encoder, c *Column) { writeObject(e, c, columnFields, c.Keys, c.Extra) })
}

var sourceFields = []field[Source]{
	{key: "sourceTable", str: func(s *Source) *string { return &s.Table }},
	{key: "sourceSelectedColumnList",
		read:  func(b *builder, v any, p string, s *Source) { s.Columns = readColumns(b, v, p) },
		write: func(e *encoder, s *Source) { writeColumns(e, s.Columns) },
		zero:  func(s *Source) bool { return s.Columns == nil }},
	{key: "instanceId", str: func(s *Source) *string { return &s.InstanceID }},
	{key: "sourceMetaData",
		read: func(b *builder, v any, p string, s *Source) {
			if m, ok := v.(*object); ok {
				s.MetaData.Keys, s.MetaData.Extra = readObject(b, m, at{p, -1}, &s.MetaData, metaDataFields)
			} else {
				b.problem(p, CodeType, "expected an object, got %s", jsonType(v))
			}
		},
		write: func(e *encoder, s *Source) {
			writeObject(e, &s.MetaData, metaDataFields, s.MetaData.Keys, s.MetaData.Extra)
		},
		zero: func(s *Source) bool {
			return s.MetaData.Keys == 0 && s.MetaData.Fields == nil && s.MetaData.Extra == nil
		}},
}

var targetFields = []field[Target]{
	{key: "targetTable", str: func(t *Target) *string { return &t.Table }},
	{key: "targetSelectedColumnList",
		read:  func(b *builder, v any, p string, t *Target) { t.Columns = readColumns(b, v, p) },
		write: func(e *encoder, t *Target) { writeColumns(e, t.Columns) },
		zero:  func(t *Target) bool { return t.Columns == nil }},
	{key: "instanceId", str: func(t *Target) *string { return &t.InstanceID }},
}

var mappingFields = []field[Mapping]{
	{key: "sourceColumn", str: func(m *Mapping) *string { return &m.Source.Column }},
	{key: "sourceColumnType", str: func(m *Mapping) *string { return &m.Source.Type }},
	{key: "sourceColumnLength", wint: func(m *Mapping) *Int { return &m.Source.Length }},
	{key: "targetColumn", str: func(m *Mapping) *string { return &m.Target.Column }},
	{key: "targetColumnType", str: func(m *Mapping) *string { return &m.Target.Type }},
	{key: "targetColumnLength", wint: func(m *Mapping) *Int { return &m.Target.Length }},
	{key: "isAddMapping", boo: func(m *Mapping) *bool { return &m.AddMapping }},
	{key: "isAddDateMapping", boo: func(m *Mapping) *bool { return &m.AddDateMapping }},
	{key: "isAddBooleanMapping", boo: func(m *Mapping) *bool { return &m.AddBooleanMapping }},
	{key: "isAddFDIUUIDMapping", boo: func(m *Mapping) *bool { return &m.AddFDIUUIDMapping }},
}

var propertyFields = []field[Mapping]{
	{key: "sourceNullable", wb: func(m *Mapping) *Bool { return &m.Source.Nullable }},
	{key: "sourceUnique", wb: func(m *Mapping) *Bool { return &m.Source.Unique }},
	{key: "targetNullable", wb: func(m *Mapping) *Bool { return &m.Target.Nullable }},
	{key: "targetUnique", wb: func(m *Mapping) *Bool { return &m.Target.Unique }},
}

var flagFields = []field[Mapping]{
	{key: "flag", wb: func(m *Mapping) *Bool { return &m.Text }},
}

// Top-level task_detail keys: those of the response examples, then those only the real
// request has (input.go).
var detailFields = slices.Concat(formDetailFields, inputDetailFields)

// formDetailFields are the top-level keys of the response examples. The three parallel
// arrays are handled by hand (they merge into Mappings), so they are listed here with read
// functions that only record them.
var formDetailFields = []field[Detail]{
	{key: "projectId", str: func(d *Detail) *string { return &d.ProjectID }},
	{key: "taskName", str: func(d *Detail) *string { return &d.TaskName }},
	{key: "description", str: func(d *Detail) *string { return &d.Description }},
	{key: "taskTag", str: func(d *Detail) *string { return &d.TaskTag }},
	{key: "sourceDatasourceType", str: func(d *Detail) *string { return &d.SourceDatasourceType }},
	{key: "sourceDatasource", str: func(d *Detail) *string { return &d.SourceDatasource }},
	{key: "sourceDsId", str: func(d *Detail) *string { return &d.SourceDsID }},
	{key: "targetDatasourceType", str: func(d *Detail) *string { return &d.TargetDatasourceType }},
	{key: "targetDatasource", str: func(d *Detail) *string { return &d.TargetDatasource }},
	{key: "targetDsId", str: func(d *Detail) *string { return &d.TargetDsID }},
	{key: "sourceSelectedDatasource",
		read: func(b *builder, v any, p string, d *Detail) {
			if m, ok := v.(*object); ok {
				d.Source.Keys, d.Source.Extra = readObject(b, m, at{p, -1}, &d.Source, sourceFields)
			} else {
				b.problem(p, CodeType, "expected an object, got %s", jsonType(v))
			}
		},
		write: func(e *encoder, d *Detail) { writeObject(e, &d.Source, sourceFields, d.Source.Keys, d.Source.Extra) },
		zero:  func(d *Detail) bool { return d.Source.Keys == 0 }},
	{key: "targetSelectedDatasource",
		read: func(b *builder, v any, p string, d *Detail) {
			if m, ok := v.(*object); ok {
				d.Target.Keys, d.Target.Extra = readObject(b, m, at{p, -1}, &d.Target, targetFields)
			} else {
				b.problem(p, CodeType, "expected an object, got %s", jsonType(v))
			}
		},
		write: func(e *encoder, d *Detail) { writeObject(e, &d.Target, targetFields, d.Target.Keys, d.Target.Extra) },
		zero:  func(d *Detail) bool { return d.Target.Keys == 0 }},
	{key: "mappingTable",
		read:  func(b *builder, v any, p string, d *Detail) { b.mergeMappings(v, p, d, 0) },
		write: func(e *encoder, d *Detail) { e.mappings(d, 0) },
		zero:  func(d *Detail) bool { return !d.hasForm(FormTable) }},
	{key: "mappingTableProperties",
		read:  func(b *builder, v any, p string, d *Detail) { b.mergeMappings(v, p, d, 1) },
		write: func(e *encoder, d *Detail) { e.mappings(d, 1) },
		zero:  func(d *Detail) bool { return !d.HasProperties }},
	{key: "mappingSourceTextOrNot",
		read:  func(b *builder, v any, p string, d *Detail) { b.mergeMappings(v, p, d, 2) },
		write: func(e *encoder, d *Detail) { e.mappings(d, 2) },
		// Absent from a request that was read (the real one has none): stays absent.
		zero: func(d *Detail) bool { return !d.Keys.has(mappingFlagsIndex) || !d.hasForm(FormTable) }},
}

// mergeMappings reads one of the three parallel arrays into d.Mappings. part 0 is
// mappingTable, 1 mappingTableProperties, 2 mappingSourceTextOrNot. Length disagreements
// are reported by the semantic checks; here the extra items simply extend Mappings so
// that nothing read is dropped.
func (b *builder) mergeMappings(v any, p string, d *Detail, part int) {
	items, ok := v.([]any)
	if !ok {
		b.problem(p, CodeType, "expected an array, got %s", jsonType(v))
		return
	}
	if len(items) > b.limits.MaxMappings {
		b.problem(p, CodeLimit, "%d mappings exceed the limit of %d", len(items), b.limits.MaxMappings)
		return
	}
	if part == 1 && len(items) > 0 {
		d.HasProperties = true
	}
	if len(d.Mappings) < len(items) {
		if cap(d.Mappings) < len(items) {
			grown := make([]Mapping, len(d.Mappings), len(items))
			copy(grown, d.Mappings)
			d.Mappings = grown
		}
		for i := len(d.Mappings); i < len(items); i++ {
			d.Mappings = append(d.Mappings, Mapping{Index: i})
		}
	}
	if d.Mappings == nil {
		d.Mappings = []Mapping{}
	}
	for i, it := range items {
		if b.cancelled(i) {
			return // the caller sees the context and returns its error
		}
		m, ok := it.(*object)
		ip := at{p, i}
		if !ok {
			b.problem(ip.String(), CodeType, "expected an object, got %s", jsonType(it))
			continue
		}
		mp := &d.Mappings[i]
		switch part {
		case 0:
			mp.Keys, mp.Extra = readObject(b, m, ip, mp, mappingFields)
		case 1:
			mp.PropertyKeys, mp.PropertiesExtra = readObject(b, m, ip, mp, propertyFields)
		case 2:
			mp.FlagKeys, mp.FlagExtra = readObject(b, m, ip, mp, flagFields)
		}
	}
	switch part {
	case 0:
		b.counts[0] = len(items)
	case 1:
		b.counts[1] = len(items)
	case 2:
		b.counts[2] = len(items)
	}
}

func readList[T any](b *builder, v any, p string, limit int, read func(*builder, *object, at) T) []T {
	items, ok := v.([]any)
	if !ok {
		b.problem(p, CodeType, "expected an array, got %s", jsonType(v))
		return nil
	}
	if len(items) > limit {
		b.problem(p, CodeLimit, "%d items exceed the limit of %d", len(items), limit)
		return nil
	}
	out := make([]T, 0, len(items))
	for i, it := range items {
		m, ok := it.(*object)
		if !ok {
			b.problem(at{p, i}.String(), "type", "expected an object, got %s", jsonType(it))
			continue
		}
		out = append(out, read(b, m, at{p, i}))
	}
	return out
}

func writeList[T any](e *encoder, items []T, write func(*encoder, *T)) {
	e.b = append(e.b, '[')
	for i := range items {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		write(e, &items[i])
	}
	e.b = append(e.b, ']')
}
