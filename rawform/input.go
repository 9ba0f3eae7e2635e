package rawform

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// This file models the keys of the real create/update request that the response examples
// lack: the API-source mappings of mappingInput.dataSource, error_handler and
// afterImplementation.

// MappingInput is task_detail's mappingInput apart from its mappings, which are in
// Detail.Mappings with Form FormInput. The wire writes it as an object ({} with no
// API-source mappings, {"dataSource": [...]} with some) or, as the appendix documents, a
// list whose item shape nobody has published.
type MappingInput struct {
	// List holds the items of mappingInput written as a list, kept as decoded; nil when
	// mappingInput is an object (or absent).
	List []any `json:"list"`
	// Text reports that mappingInput was written as the empty string: the response
	// appendix's form (row 19, mapping_input String, "may be empty"), meaning no API-source
	// mappings. Encoding writes "" back. (A non-empty string is an error: its content has no
	// documented meaning.)
	Text bool `json:"text,omitempty"`
	// Extra holds unknown keys of the object form (lenient mode only).
	Extra map[string]any `json:"extra,omitempty"`

	// Keys records which of the modelled keys were present when read (see KeySet); bit 0:
	// dataSource was present.
	Keys KeySet `json:"-"`
}

// ErrorHandler is one error_handler: where rows that fail are stored. Mode OBS (the real
// request's) has the fields below; other modes are kept as read, their keys in Extra.
type ErrorHandler struct {
	Mode          string `json:"mode"`            // mode: "OBS", or another mode
	Path          string `json:"path"`            // path: the OBS path failed rows are written under
	DatasourceID  string `json:"datasource_id"`   // datasource_id: the OBS data source
	AppID         string `json:"app_id"`          // app_id: the integration application owning it
	StopOnFailure bool   `json:"stop_on_failure"` // stop_task_when_obs_failure: stop the task when writing to OBS fails

	// Extra holds the other keys (another mode's, or unknown ones in lenient mode).
	Extra map[string]any `json:"extra,omitempty"`

	// Keys records which of the modelled keys were present when read (see KeySet).
	Keys KeySet `json:"-"`
}

// AfterAction is one afterImplementation: a message sent after each run. Action KAFKA
// (the real request's) has the fields below; other actions are kept as read.
type AfterAction struct {
	Type         string `json:"type"`          // actionType: "KAFKA", or another action
	AppID        string `json:"app_id"`        // appId: the integration application owning the data source
	DatasourceID string `json:"datasource_id"` // datasourceId: the Kafka data source
	Topic        string `json:"topic"`         // topic
	Message      string `json:"message"`       // messageContent

	// Extra holds the other keys (another action's, or unknown ones in lenient mode).
	Extra map[string]any `json:"extra,omitempty"`

	// Keys records which of the modelled keys were present when read (see KeySet).
	Keys KeySet `json:"-"`
}

var inputFields = []field[Mapping]{
	{key: "sourceKey", str: func(m *Mapping) *string { return &m.Source.Column }},
	{key: "targetKey", str: func(m *Mapping) *string { return &m.Target.Column }},
}

var errorHandlerFields = []field[ErrorHandler]{
	{key: "path", str: func(h *ErrorHandler) *string { return &h.Path }},
	{key: "datasource_id", str: func(h *ErrorHandler) *string { return &h.DatasourceID }},
	{key: "mode", str: func(h *ErrorHandler) *string { return &h.Mode }},
	{key: "app_id", str: func(h *ErrorHandler) *string { return &h.AppID }},
	{key: "stop_task_when_obs_failure", boo: func(h *ErrorHandler) *bool { return &h.StopOnFailure }},
}

var afterActionFields = []field[AfterAction]{
	{key: "actionType", str: func(a *AfterAction) *string { return &a.Type }},
	{key: "appId", str: func(a *AfterAction) *string { return &a.AppID }},
	{key: "datasourceId", str: func(a *AfterAction) *string { return &a.DatasourceID }},
	{key: "topic", str: func(a *AfterAction) *string { return &a.Topic }},
	{key: "messageContent", str: func(a *AfterAction) *string { return &a.Message }},
}

// The detail-level fields of this file, appended to detailFields (in wire order after
// the parallel arrays, as the real request writes them).
var inputDetailFields = []field[Detail]{
	{key: "mappingInput",
		read:  func(b *builder, v any, p string, d *Detail) { b.readMappingInput(v, p, d) },
		write: func(e *encoder, d *Detail) { e.mappingInput(d) },
		zero: func(d *Detail) bool {
			return d.Input.List == nil && d.Input.Keys == 0 && d.Input.Extra == nil && !d.Input.Text && !d.hasForm(FormInput)
		},
		omit: true},
	{key: "error_handler",
		read: func(b *builder, v any, p string, d *Detail) {
			d.ErrorHandlers, d.ErrorHandlersList = readOneOrList(b, v, p, errorHandlerFields,
				func(h *ErrorHandler) *KeySet { return &h.Keys }, func(h *ErrorHandler) *map[string]any { return &h.Extra })
		},
		write: func(e *encoder, d *Detail) {
			writeOneOrList(e, d.ErrorHandlers, d.ErrorHandlersList, errorHandlerFields,
				func(h *ErrorHandler) KeySet { return h.Keys }, func(h *ErrorHandler) map[string]any { return h.Extra })
		},
		zero: func(d *Detail) bool { return d.ErrorHandlers == nil && !d.ErrorHandlersList },
		omit: true},
	{key: "afterImplementation",
		read: func(b *builder, v any, p string, d *Detail) {
			d.AfterActions, d.AfterActionsList = readOneOrList(b, v, p, afterActionFields,
				func(a *AfterAction) *KeySet { return &a.Keys }, func(a *AfterAction) *map[string]any { return &a.Extra })
		},
		write: func(e *encoder, d *Detail) {
			writeOneOrList(e, d.AfterActions, d.AfterActionsList, afterActionFields,
				func(a *AfterAction) KeySet { return a.Keys }, func(a *AfterAction) map[string]any { return a.Extra })
		},
		zero: func(d *Detail) bool { return d.AfterActions == nil && !d.AfterActionsList },
		omit: true},
}

// hasForm reports whether any mapping has the given wire form.
func (d *Detail) hasForm(f MappingForm) bool {
	for i := range d.Mappings {
		if d.Mappings[i].Form == f {
			return true
		}
	}
	return false
}

// readMappingInput reads mappingInput: a list is kept as decoded; an object's dataSource
// items become FormInput mappings appended to d.Mappings, their types looked up in the
// source's fields and the target's columns (read before: detailFields order).
func (b *builder) readMappingInput(v any, p string, d *Detail) {
	switch x := v.(type) {
	case string:
		d.Input.Text = true
		if x != "" {
			b.problem(p, CodeConst, "mappingInput is the string %s: expected \"\" (no API-source mappings; the appendix documents a String that may be empty), an object {\"dataSource\": [{\"sourceKey\", \"targetKey\"}, …]} or a list", describeValue(x))
		}
	case []any:
		if x == nil {
			x = []any{}
		}
		d.Input.List = generic(x).([]any)
	case *object:
		d.Input.Keys = parsedBit
		for _, mb := range x.members {
			k, item := mb.key, mb.val
			if k != "dataSource" {
				if d.Input.Extra == nil {
					d.Input.Extra = map[string]any{}
				}
				d.Input.Extra[k] = generic(item)
				continue
			}
			d.Input.Keys |= 1
			dp := p + "/dataSource"
			items, ok := item.([]any)
			if !ok {
				b.problem(dp, "type", "expected an array, got %s", jsonType(item))
				continue
			}
			if len(items) > b.limits.MaxMappings {
				b.problem(dp, CodeLimit, "%d mappings exceed the limit of %d", len(items), b.limits.MaxMappings)
				continue
			}
			if d.Mappings == nil {
				d.Mappings = make([]Mapping, 0, len(items))
			}
			for i, it := range items {
				m, ok := it.(*object)
				if !ok {
					b.problem(dp+"/"+strconv.Itoa(i), "type", "expected an object, got %s", jsonType(it))
					continue
				}
				mp := Mapping{Form: FormInput, Index: i}
				mp.Keys, mp.Extra = readObject(b, m, at{dp, i}, &mp, inputFields)
				d.Mappings = append(d.Mappings, mp)
			}
		}
		d.resolveInputs()
	default:
		b.problem(p, "type", "expected an object, an array or the empty string, got %s", jsonType(v))
	}
}

// resolveInputs fills the FormInput mappings' endpoints from the API field and the target
// column they name (the first of that name); names that resolve to nothing leave the
// endpoint's attributes unset (check reports them).
func (d *Detail) resolveInputs() {
	if !d.hasForm(FormInput) {
		return
	}
	fields := make(map[string]*Field, len(d.Source.MetaData.Fields))
	for i := range d.Source.MetaData.Fields {
		f := &d.Source.MetaData.Fields[i]
		if _, dup := fields[f.Name]; !dup {
			fields[f.Name] = f
		}
	}
	cols := make(map[string]*Column, len(d.Target.Columns))
	for i := range d.Target.Columns {
		c := &d.Target.Columns[i]
		if _, dup := cols[c.Name]; !dup {
			cols[c.Name] = c
		}
	}
	for i := range d.Mappings {
		m := &d.Mappings[i]
		if m.Form != FormInput {
			continue
		}
		if f := fields[m.Source.Column]; f != nil {
			m.Source.Type, m.Source.Format, m.Source.Path = f.Type, f.Format, f.Path
		}
		if c := cols[m.Target.Column]; c != nil {
			m.Target.Type, m.Target.Length, m.Target.Nullable, m.Target.Unique = c.Type, c.Length, c.Nullable, c.Unique
		}
	}
}

// mappingInput writes mappingInput in the form it was read: the list as decoded, or the
// object with the FormInput mappings as its dataSource. A list cannot hold typed mappings
// (its item shape is unknown), so a task that has FormInput mappings is written as the
// object form.
func (e *encoder) mappingInput(d *Detail) {
	hasInput := d.hasForm(FormInput)
	if d.Input.List != nil && !hasInput {
		e.value(d.Input.List)
		return
	}
	if d.Input.Text && !hasInput && d.Input.Extra == nil {
		e.str("")
		return
	}
	e.b = append(e.b, '{')
	first := true
	if hasInput || d.Input.Keys&1 != 0 {
		first = false
		e.b = append(e.b, `"dataSource":[`...)
		n := 0
		for i := range d.Mappings {
			m := &d.Mappings[i]
			if m.Form != FormInput {
				continue
			}
			if n > 0 {
				e.b = append(e.b, ',')
			}
			n++
			writeObject(e, m, inputFields, m.Keys, m.Extra)
		}
		e.b = append(e.b, ']')
	}
	for _, k := range sortedKeys(d.Input.Extra) {
		if !first {
			e.b = append(e.b, ',')
		}
		first = false
		e.str(k)
		e.b = append(e.b, ':')
		e.value(d.Input.Extra[k])
	}
	e.b = append(e.b, '}')
}

// readOneOrList reads a value written as one object or as a list of objects.
func readOneOrList[T any](b *builder, v any, p string, table []field[T], seen func(*T) *KeySet, extra func(*T) *map[string]any) ([]T, bool) {
	read := func(b *builder, m *object, a at) T {
		var t T
		*seen(&t), *extra(&t) = readObject(b, m, a, &t, table)
		return t
	}
	switch x := v.(type) {
	case *object:
		return []T{read(b, x, at{p, -1})}, false
	case []any:
		out := readList(b, v, p, b.limits.MaxColumns, read)
		if out == nil {
			out = []T{}
		}
		return out, true
	}
	b.problem(p, "type", "expected an object or an array, got %s", jsonType(v))
	return nil, false
}

// writeOneOrList writes items as a list, or as its one object when asList is false.
func writeOneOrList[T any](e *encoder, items []T, asList bool, table []field[T], seen func(*T) KeySet, extra func(*T) map[string]any) {
	if !asList && len(items) == 1 {
		writeObject(e, &items[0], table, seen(&items[0]), extra(&items[0]))
		return
	}
	writeList(e, items, func(e *encoder, t *T) { writeObject(e, t, table, seen(t), extra(t)) })
}

// APISource reports whether the task reads an API: sourceDatasourceType says API, or,
// with no sourceDatasourceType (the real request has none), the source section has keys
// only an API source has — the rule the schema applies to choose the section's shape.
func (d *Detail) APISource() bool {
	if d.SourceDatasourceType != "" {
		return d.SourceDatasourceType == "API"
	}
	for _, k := range apiSourceMarkers {
		if _, ok := d.Source.Extra[k]; ok {
			return true
		}
	}
	return false
}

// apiSourceMarkers are the source keys that tell an API source by its shape (schema
// $defs/sourceByType).
var apiSourceMarkers = []string{"isNeedPageSrcApi", "sourceParams", "sourceResponseType"}

// Settings returns the top-level task_detail keys that are neither the source and target
// sections nor mappings, as decoded JSON values (their wire form): Extra, plus
// error_handler, afterImplementation, and mappingInput when it holds no mappings (the
// list form, or an object without dataSource). Viewers list them; the map is new on each
// call.
func (d *Detail) Settings() map[string]any {
	out := make(map[string]any, len(d.Extra)+3)
	for k, v := range d.Extra {
		out[k] = v
	}
	for i := range inputDetailFields {
		f := &inputDetailFields[i]
		if f.key == "mappingInput" && (d.hasForm(FormInput) || d.Input.Keys&1 != 0) {
			continue
		}
		if isZero(f, d) && !(f.key == "mappingInput" && (d.Input.Keys != 0 || d.Input.Text)) {
			continue
		}
		e := &encoder{}
		f.write(e, d)
		dec := json.NewDecoder(bytes.NewReader(e.b))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) == nil {
			out[f.key] = v
		}
	}
	return out
}
