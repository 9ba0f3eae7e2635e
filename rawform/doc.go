// Package rawform reads ROMA Connect FDI task documents strictly and losslessly.
//
// The FDI API returns a task as {"task": {...}, "task_detail": "<JSON inside a string>"};
// the string is a RawFormDataResponse, the whole form the console saved. Parse decodes both
// levels, validates them against the embedded JSON Schemas (package schema), builds a typed
// Task, and runs the checks a schema cannot express. Everything downstream (the diff, the
// viewer, the CLI) sees only the typed model; no other package re-parses JSON.
//
// # Shapes
//
// Parse accepts a ShowTask/CreateCommonTask/UpdateTask response (ShapeResponse), a
// create/update request body (ShapeRequest: task_type in upper case) and a bare task_detail
// document (ShapeDetail); ParseDetail insists on the last. Encode writes the same shape back.
//
// Request and response carry two different task_detail documents. A response's is a
// RawFormDataResponse (schema.Rawform): 21 keys required, as the documented ShowTask
// example carries them. A request's is a RawFormDataRequest (schema.RawformRequest): the
// same keys, but only what the form sends is required — sourceSelectedDatasource,
// targetSelectedDatasource, mappingTable, mappingInput, mappingRequired — as the one
// complete real request (the CreateCommonTask example, an API source) shows. A bare
// task_detail is read as a request's when it has none of the response-only keys
// (projectId, taskName, taskType, description, taskTag, *Datasource*, need*,
// mappingTableProperties, mappingSourceTextOrNot), as a response's otherwise.
//
// The datasource sections are strict for relational sources and targets and for API
// sources. Their kind is told by sourceDatasourceType / targetDatasourceType, or, when
// the document has none (the real request), by their keys: an API source has
// isNeedPageSrcApi, sourceParams or sourceResponseType (Detail.APISource), a relational
// one sourceSelectedColumnList; a relational target has targetTable and
// targetSelectedColumnList. Any other type's section accepts unknown keys.
//
// # Wire quirks normalised here, and only here
//
//   - task_detail is JSON inside a string; it is decoded once.
//   - Numbers as strings: field_length, sourceColumnLength, targetColumnLength ("11", or ""
//     for API sources) and sourceMetaData.dataSource[].index become Int, which remembers
//     the spelling (11, "11" or "").
//   - Booleans as strings: null_able, unique and the *Nullable/*Unique properties ("0"/"1")
//     and mappingSourceTextOrNot[].flag become Bool, which remembers the spelling (true,
//     "true" or "1"). "1" means nullable and unique, as the documented example reads
//     (the appendix's "0 (unique)" contradicts it; the example wins).
//   - Parallel arrays: mappingTable[i], mappingTableProperties[i] and
//     mappingSourceTextOrNot[i] describe one mapping and become one Mapping;
//     mappingTableProperties may be empty (non-relational sources: Detail.HasProperties).
//   - API-source mappings are another wire form: mappingInput.dataSource[i] =
//     {sourceKey, targetKey}. Each becomes a Mapping too (Form FormInput, after the
//     mappingTable ones), its source the API field of that name in
//     sourceMetaData.dataSource (type, format, path), its target the column of that name in
//     targetSelectedColumnList (type, length, nullability, uniqueness). Only the two keys
//     are written back, in the same form. mappingInput itself is {} (no API mappings), an
//     object with dataSource, or the documented list, kept as read (Detail.Input).
//   - error_handler and afterImplementation are one object in the real request and a
//     list in the appendix: both become a slice (Detail.ErrorHandlers, AfterActions) with
//     a flag saying which form to write back. Mode OBS and action KAFKA have typed fields;
//     other modes and actions are kept with their keys in Extra.
//   - taskType is an integer inside task_detail but a string in the envelope, dataTimestamp
//     is "" or epoch milliseconds, API source numbers are text ("10") and stay so, status is "stop" or
//     "stopped", task_type is lower case in responses and upper case in requests: all are
//     accepted as written and kept in their Extra maps or Info fields as they were.
//   - Keys mix camelCase and snake_case (need_inc_migration, batch_number_style,
//     sourceParams[].keys, period_right_boarder): the wire names are kept, not corrected.
//
// # Strictness
//
// By default unknown fields, wrong JSON types, malformed string-encoded numbers and
// booleans ("11 ", "+11", "1e3", "0x10", "2"), missing required fields, duplicate keys,
// invalid UTF-8 and lone surrogates are errors. Lenient accepts unknown fields and keeps
// them in the Extra map of the object they belong to; everything else stays strict (a
// duplicate key is ambiguous in either mode: encoding/json would silently keep the last).
//
// # Problems
//
// An invalid document gives an *Error listing every error found (schema, model and
// semantic problems together; a document that is not JSON stops at its first syntax
// error). Each Problem has a JSON Pointer — prefixed /task_detail for the inner document —
// a line, byte column and byte offset, the text they count in (Problem.In: the input, or
// the task_detail document for those pointers), a severity, a stable Code (a documented
// constant) and a message. Semantic problems that leave the document readable (a mapping
// to an unselected column, parallel arrays of different lengths, a target written twice,
// properties disagreeing with the column lists, taskName differing from task_name) return
// the Task beside the error; warnings (a target shorter than its source, NULL into NOT
// NULL, a number into a too-short string, an unlisted data source type) never fail Parse
// and are on Task.Warnings, and only there, whether or not an *Error is returned beside the
// Task. A document too broken to give a Task has no warnings: they judge a model. An
// API-source mapping whose sourceKey is no declared API field or whose targetKey is no
// selected column is an error like its table twin.
//
// Nothing is silent: a document that is null, an array or a string gives a "shape"
// problem at the root; task_detail "null" one at /task_detail; {} the missing required
// keys. Error.Shape says which shape was told before the document failed (ShapeUnknown
// when none could be).
//
// Hostile documents do not get a hostile report: more than five problems of one kind (code
// and severity) at one level (the same parent pointer) are reported once, at the first,
// with a count and a few of the other names ("unknown field "k0" (and 999,999 more like it
// in /task_detail: "k1", …)"); at most 1,000 problems are listed, the last saying how many
// more there were. Keys no schema names are counted rather than handed one by one to the
// schema validator, so a million unknown keys cost about what their decoding costs.
//
// # Losslessness
//
// Every key read is kept: modelled keys in typed fields, the rest in Extra maps, with their
// values as decoded (map[string]any, []any, json.Number, string, bool, nil). Encode writes
// all of them back with their original spellings, in a fixed order, so parse → encode →
// parse gives an equal Task and encoding is a fixed point.
//
// # Cost
//
// Inputs are bounded by Limits (size, depth, mappings, columns, values). Parse decodes with
// its own decoder (the task_detail string unescaped once into a buffer of the right size
// and read in place, object keys and short values interned, objects held as slices of
// members rather than maps, a large one sorted by key) and
// checks validity with an allocation-free walk over a schema this package compiles itself
// in well under a millisecond; the jsonschema library is compiled (once per process, only
// the documents needed) and run only to explain a failure. A strict Parse takes less time
// than encoding/json needs to decode the same bytes into map[string]any, and allocates
// less; a document of a million unknown keys costs a few times its size.
//
// # Concurrency
//
// Every function of the package (Parse, ParseDetail, the options, BaseType, TypeFamily…) is
// safe for concurrent use; the compiled schemas are shared read-only. A Task is a plain value: reading it from several goroutines is safe,
// and Encode, EncodeDetail and MarshalJSON only read it; modifying it while another
// goroutine reads it is a data race, as for any Go value.
package rawform
