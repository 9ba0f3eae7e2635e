package rawform

import (
	"fmt"
	"strconv"
)

// Shape says which document shape a Task was read from.
type Shape int

const (
	// ShapeResponse is the 200 body of ShowTask, CreateCommonTask or UpdateTask:
	// {"task": TaskBasicRsp, "task_detail": "<RawFormDataResponse as a string>"}.
	ShapeResponse Shape = iota
	// ShapeRequest is a create/update request body: {"task": TaskBasicRequestBody,
	// "task_detail": "..."}; task_type is upper case (TIMING/REALTIME), no ids or dates.
	ShapeRequest
	// ShapeDetail is a bare task_detail document (the RawFormDataResponse itself, or a
	// request's RawFormDataRequest: one without any response-only key).
	ShapeDetail
	// ShapeUnknown is the shape of a document that could not be told (not JSON, not an
	// object, over a limit); only Error.Shape has it.
	ShapeUnknown
)

// String returns "response", "request", "detail" or, for ShapeUnknown and any other value,
// "unknown".
func (k Shape) String() string {
	switch k {
	case ShapeResponse:
		return "response"
	case ShapeRequest:
		return "request"
	case ShapeDetail:
		return "detail"
	}
	return "unknown"
}

// MarshalText writes the shape as String does, so that JSON carries "response",
// "request", "detail" or "unknown" (the CLI's vocabulary) rather than a number.
func (k Shape) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads what MarshalText writes.
func (k *Shape) UnmarshalText(b []byte) error {
	for _, s := range []Shape{ShapeResponse, ShapeRequest, ShapeDetail, ShapeUnknown} {
		if string(b) == s.String() {
			*k = s
			return nil
		}
	}
	return fmt.Errorf("rawform: unknown shape %q (want response, request, detail or unknown)", b)
}

// Task is one FDI task: the envelope's basic information and the decoded task_detail.
// Build one with Parse or ParseDetail; encode it back with Encode or json.Marshal.
type Task struct {
	// Shape is the shape the task was read from; Encode writes the same shape.
	Shape Shape
	// Info is the envelope's "task" object. For ShapeDetail it is zero.
	Info TaskInfo
	// Detail is the decoded task_detail document. Never nil in a Task returned by Parse.
	Detail *Detail

	// Extra holds envelope keys other than "task" and "task_detail" (lenient mode only).
	Extra map[string]any

	// Warnings are the problems of severity warning found while parsing: legal but risky
	// things such as a target column shorter than its source, in document order. They are
	// here, and only here, whether Parse returned the Task alone or beside an *Error (whose
	// Problems are the errors). Encoding ignores them.
	Warnings []Problem
}

// TaskInfo is the envelope's "task" object: TaskBasicRsp in responses, TaskBasicRequestBody in
// create/update requests. Fields absent from the input stay zero and are not written back.
type TaskInfo struct {
	ID                   string `json:"task_id,omitempty"`                // task_id
	Name                 string `json:"task_name,omitempty"`              // task_name
	Type                 string `json:"task_type,omitempty"`              // task_type: "timing"/"realtime" (responses), "TIMING"/"REALTIME" (requests)
	Status               string `json:"status,omitempty"`                 // status: "stop"/"running" (SDK, examples) or "stopped" (DOC-EN)
	ProjectID            string `json:"project_id,omitempty"`             // project_id
	SourceDatasourceID   string `json:"source_datasource_id,omitempty"`   // source_datasource_id
	TargetDatasourceID   string `json:"target_datasource_id,omitempty"`   // target_datasource_id
	SourceDatasourceName string `json:"source_datasource_name,omitempty"` // source_datasource_name
	TargetDatasourceName string `json:"target_datasource_name,omitempty"` // target_datasource_name
	SourceAppID          string `json:"source_app_id,omitempty"`          // source_app_id
	TargetAppID          string `json:"target_app_id,omitempty"`          // target_app_id
	SourceAppName        string `json:"source_app_name,omitempty"`        // source_app_name
	TargetAppName        string `json:"target_app_name,omitempty"`        // target_app_name
	CreatedDate          int64  `json:"created_date,omitempty"`           // created_date, epoch milliseconds
	LastModifiedDate     int64  `json:"last_modified_date,omitempty"`     // last_modified_date, epoch milliseconds
	Description          string `json:"description,omitempty"`            // description
	Tag                  string `json:"task_tag,omitempty"`               // task_tag
	CreatedBy            string `json:"created_by,omitempty"`             // created_by
	Mode                 string `json:"task_mode,omitempty"`              // task_mode ("NORMAL")
	EnterpriseProjectID  string `json:"enterprise_project_id,omitempty"`  // enterprise_project_id
	SourceDatasourceType string `json:"source_datasource_type,omitempty"` // source_datasource_type
	TargetDatasourceType string `json:"target_datasource_type,omitempty"` // target_datasource_type
	SourceInstanceName   string `json:"source_instance_name,omitempty"`   // source_instance_name
	TargetInstanceName   string `json:"target_instance_name,omitempty"`   // target_instance_name
	ExecuteStatus        string `json:"execute_status,omitempty"`         // execute_status
	RepullingSnapshot    bool   `json:"repulling_snapshot,omitempty"`     // repulling_snapshot

	// Extra holds keys the model does not name (lenient mode only).
	Extra map[string]any `json:"extra,omitempty"`

	// Keys records which of the modelled keys were present when read (see KeySet).
	Keys KeySet `json:"-"`
}

// Detail is the RawFormDataResponse: the form the console saved, decoded from task_detail.
//
// The parallel arrays mappingTable, mappingTableProperties and mappingSourceTextOrNot are
// merged into Mappings. Every key the model does not name is kept, with its value as
// decoded (objects map[string]any, arrays []any, numbers json.Number), in the Extra map of
// the object it belongs to, so that encoding loses nothing.
type Detail struct {
	ProjectID            string // projectId
	TaskName             string // taskName
	Description          string // description
	TaskTag              string // taskTag
	SourceDatasourceType string // sourceDatasourceType, e.g. "MYSQL", "API"
	SourceDatasource     string // sourceDatasource: the data source name
	SourceDsID           string // sourceDsId
	TargetDatasourceType string // targetDatasourceType
	TargetDatasource     string // targetDatasource: the data source name
	TargetDsID           string // targetDsId

	Source Source // sourceSelectedDatasource
	Target Target // targetSelectedDatasource

	// Mappings are every mapping of the task, whatever its wire form: first those of
	// mappingTable (each merging mappingTable[i], mappingTableProperties[i] and
	// mappingSourceTextOrNot[i]; Form FormTable), then those of mappingInput.dataSource
	// (API sources; Form FormInput), each in wire order.
	Mappings []Mapping
	// HasProperties reports whether mappingTableProperties is non-empty. It is empty for
	// non-relational sources; then Mapping.Source/Target Nullable and Unique are unknown.
	HasProperties bool
	// Input is mappingInput apart from its mappings (which are in Mappings).
	Input MappingInput

	// ErrorHandlers is error_handler: where rows that fail are stored. The real request
	// sends one object, the appendix documents a list; ErrorHandlersList says which.
	ErrorHandlers     []ErrorHandler
	ErrorHandlersList bool
	// AfterActions is afterImplementation: messages sent after each run. One object or a
	// list, as ErrorHandlers; AfterActionsList says which.
	AfterActions     []AfterAction
	AfterActionsList bool

	// Extra holds the other top-level keys: taskType, needMQS, needAPI, needEmailNew,
	// mappingRequired, and unknown keys in lenient mode.
	Extra map[string]any

	// Keys records which of the modelled keys were present when read (see KeySet).
	Keys KeySet
}

// Source is sourceSelectedDatasource. Its named fields are the ones every relational or
// API source has; everything else (orderType, where, querySql, API paging…) is in Extra.
type Source struct {
	Table      string   `json:"table"`       // sourceTable, "db.table"
	Columns    []Column `json:"columns"`     // sourceSelectedColumnList (relational sources)
	InstanceID string   `json:"instance_id"` // instanceId
	// MetaData is sourceMetaData: the field definitions of API/MQ-type sources.
	MetaData MetaData `json:"meta_data"`

	// Extra holds every other key of sourceSelectedDatasource.
	Extra map[string]any `json:"extra,omitempty"`

	// Keys records which of the modelled keys were present when read (see KeySet).
	Keys KeySet `json:"-"`
}

// Target is targetSelectedDatasource.
type Target struct {
	Table      string   `json:"table"`       // targetTable
	Columns    []Column `json:"columns"`     // targetSelectedColumnList
	InstanceID string   `json:"instance_id"` // instanceId

	// Extra holds every other key: targetNeedCreateTable, supportPartUpdate,
	// isSupportClearTab, batch_number_style, batchNumber, unknown keys in lenient mode.
	Extra map[string]any `json:"extra,omitempty"`

	// Keys records which of the modelled keys were present when read (see KeySet).
	Keys KeySet `json:"-"`
}

// Column is one item of sourceSelectedColumnList or targetSelectedColumnList.
type Column struct {
	Name     string `json:"name"`     // field_name
	Type     string `json:"type"`     // field_type, e.g. "VARCHAR", kept as written
	Length   Int    `json:"length"`   // field_length, a string-encoded number
	Nullable Bool   `json:"nullable"` // null_able, "1" = NULL allowed
	Unique   Bool   `json:"unique"`   // unique, "1" = unique

	// Extra holds other keys (is_partition, primary, decimal_digits from the columns API).
	Extra map[string]any `json:"extra,omitempty"`

	// Keys records which of the modelled keys were present when read (see KeySet).
	Keys KeySet `json:"-"`
}

// MetaData is sourceMetaData.
type MetaData struct {
	Fields []Field `json:"fields"` // dataSource
	// Extra holds the other keys (mode, …).
	Extra map[string]any `json:"extra,omitempty"`

	// Keys records which of the modelled keys were present when read (see KeySet).
	Keys KeySet `json:"-"`
}

// Field is one item of sourceMetaData.dataSource: a field of an API/MQ-type source.
type Field struct {
	Index  Int    `json:"index"`  // index
	Name   string `json:"name"`   // name
	Type   string `json:"type"`   // type: "String", "Integer", …
	Format string `json:"format"` // format
	Path   string `json:"path"`   // path

	Extra map[string]any `json:"extra,omitempty"`
	// Keys records which of the modelled keys were present when read (see KeySet).
	Keys KeySet `json:"-"`
}

// Endpoint is one side of a mapping: a column with its declared type, length, and, when
// mappingTableProperties is present, nullability and uniqueness.
//
// For a FormInput mapping only Column is on the wire (sourceKey / targetKey); the rest is
// looked up when the task is read: the source's Type, Format and Path from the API field
// of that name (sourceMetaData.dataSource), the target's Type, Length, Nullable and Unique
// from the column of that name (targetSelectedColumnList). They stay unset when no such
// field or column exists (a problem Parse reports), and are never written back.
type Endpoint struct {
	Column   string `json:"column"`   // sourceColumn / targetColumn (sourceKey / targetKey)
	Type     string `json:"type"`     // sourceColumnType / targetColumnType, kept as written
	Length   Int    `json:"length"`   // sourceColumnLength / targetColumnLength; unset ("") for API sources
	Nullable Bool   `json:"nullable"` // sourceNullable / targetNullable; unset without mappingTableProperties
	Unique   Bool   `json:"unique"`   // sourceUnique / targetUnique; unset without mappingTableProperties
	Format   string `json:"format"`   // API field format (e.g. a date pattern); FormInput sources only
	Path     string `json:"path"`     // API field path inside each record; FormInput sources only
}

// MappingForm says which wire form a Mapping was read from; Encode writes it back there.
type MappingForm int

const (
	// FormTable is an item of mappingTable, with mappingTableProperties and
	// mappingSourceTextOrNot at the same index: how table sources map columns.
	FormTable MappingForm = iota
	// FormInput is an item of mappingInput.dataSource, {"sourceKey", "targetKey"}: how
	// API sources map an API field to a target column (the real CreateCommonTask request).
	FormInput
)

// String returns the wire array of the form: "mappingTable" or "mappingInput".
func (f MappingForm) String() string {
	if f == FormInput {
		return "mappingInput"
	}
	return "mappingTable"
}

// MarshalText writes the form as String does: "mappingTable" or "mappingInput".
func (f MappingForm) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// UnmarshalText reads what MarshalText writes.
func (f *MappingForm) UnmarshalText(b []byte) error {
	switch string(b) {
	case "mappingTable":
		*f = FormTable
	case "mappingInput":
		*f = FormInput
	default:
		return fmt.Errorf("rawform: unknown mapping form %q (want mappingTable or mappingInput)", b)
	}
	return nil
}

// Mapping is one column mapping: mappingTable[Index] merged with
// mappingTableProperties[Index] and mappingSourceTextOrNot[Index] (Form FormTable), or
// mappingInput.dataSource[Index] (Form FormInput).
type Mapping struct {
	// Form is the wire form the mapping was read from (FormTable for one built in Go
	// unless set).
	Form   MappingForm `json:"form"`
	Index  int         `json:"index"` // position in mappingTable, or in mappingInput.dataSource for FormInput
	Source Endpoint    `json:"source"`
	Target Endpoint    `json:"target"`

	AddMapping        bool `json:"add_mapping"`          // isAddMapping: a constant value instead of a source column
	AddDateMapping    bool `json:"add_date_mapping"`     // isAddDateMapping: the current date
	AddBooleanMapping bool `json:"add_boolean_mapping"`  // isAddBooleanMapping: a boolean constant
	AddFDIUUIDMapping bool `json:"add_fdi_uuid_mapping"` // isAddFDIUUIDMapping: a generated UUID
	// Text is mappingSourceTextOrNot[Index].flag: the source is typed in as text.
	Text Bool `json:"text"`

	// Extra, PropertiesExtra and FlagExtra hold unknown keys of mappingTable[Index],
	// mappingTableProperties[Index] and mappingSourceTextOrNot[Index] (lenient mode only);
	// for FormInput, Extra holds those of mappingInput.dataSource[Index].
	Extra           map[string]any `json:"extra,omitempty"`
	PropertiesExtra map[string]any `json:"properties_extra,omitempty"`
	FlagExtra       map[string]any `json:"flag_extra,omitempty"`

	// Keys, PropertyKeys and FlagKeys record which modelled keys mappingTable[Index],
	// mappingTableProperties[Index] and mappingSourceTextOrNot[Index] had when read.
	Keys         KeySet `json:"-"`
	PropertyKeys KeySet `json:"-"`
	FlagKeys     KeySet `json:"-"`
}

// Added reports whether the mapping writes a generated value (constant, date, boolean or
// UUID) rather than a source column.
func (m *Mapping) Added() bool {
	return m.AddMapping || m.AddDateMapping || m.AddBooleanMapping || m.AddFDIUUIDMapping
}

// KeySet records which modelled keys an object had when it was read, so that encoding
// writes back exactly those (an absent key stays absent; a field set since is written if
// its key was read). It is part of the value, not hidden state: two tasks whose only
// difference is a key present in one and absent in the other encode differently, and
// compare unequal (cmp.Diff shows the KeySet; ignore the type to compare values only).
//
// The zero KeySet, that of an object built in Go, means "every key": encoding writes all
// modelled fields. Bit i stands for the i-th modelled key of the object; the top bit marks
// an object that was read. Treat it as opaque.
type KeySet uint64

// String lists the positions of the keys read ("read{0 1 5}"), or "all" for the zero
// KeySet of a value built in Go.
func (s KeySet) String() string {
	if s&parsedBit == 0 {
		return "all"
	}
	var b []byte
	b = append(b, "read{"...)
	first := true
	for i := range 63 {
		if s&(1<<i) != 0 {
			if !first {
				b = append(b, ' ')
			}
			first = false
			b = strconv.AppendInt(b, int64(i), 10)
		}
	}
	return string(append(b, '}'))
}

const parsedBit KeySet = 1 << 63

// has reports whether field i was present when read; values built in Go have every field.
func (s KeySet) has(i int) bool { return s&parsedBit == 0 || s&(1<<i) != 0 }
