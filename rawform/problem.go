package rawform

import (
	"fmt"
	"strings"

	"github.com/fdireview/fdireview/internal/safetext"
)

// ProblemSeverity ranks a Problem.
type ProblemSeverity string

const (
	// SeverityError: the document is malformed or inconsistent; the task is invalid.
	SeverityError ProblemSeverity = "error"
	// SeverityWarning: legal but risky (a target shorter than its source, …).
	SeverityWarning ProblemSeverity = "warning"
)

// Problem is one thing wrong with a document.
type Problem struct {
	// Pointer is an RFC 6901 JSON Pointer, raw: a key holding control characters is in it
	// as it is in the document (print it with Visible, as String does). Locations inside task_detail are prefixed with
	// "/task_detail" even though that value is a string in the envelope: the rest of the
	// pointer addresses the decoded inner document. For a bare task_detail document
	// (ShapeDetail) the prefix is "/task_detail" too, so pointers read the same either way.
	Pointer string `json:"pointer"`
	// Line and Column (1-based; the column counts bytes) locate the problem in the text
	// that In names. Zero when unknown (an input refused for its size is not read).
	Line   int `json:"line"`
	Column int `json:"column"`
	// Offset is the byte offset (0-based) of the same position in the text that In names.
	// Meaningful only when Line is not zero.
	Offset int `json:"offset"`
	// In says which text Line, Column and Offset count in: TextInput (the bytes given to
	// Parse) or TextTaskDetail (the task_detail document: the decoded value of the
	// envelope's task_detail string, or the input itself when it is a bare task_detail
	// document). Empty when the position is unknown.
	In Text `json:"in,omitempty"`
	// Severity is SeverityError or SeverityWarning.
	Severity ProblemSeverity `json:"severity"`
	// Code is stable and meant for programs; every value is one of the Code constants.
	Code Code `json:"code"`
	// Message says what is wrong and what was expected, for people. It is visible (see
	// Visible): names are quoted and nothing in it can drive a terminal. A grouped problem's
	// message ends with where the others are (see Group), so that every output that prints
	// messages shows the count.
	Message string `json:"message"`
	// Group is nil for a problem found once. A Problem that stands for many is the first of
	// them in document order (Pointer, Line and Column are its own) and Group says how
	// many there are and where; see Group.
	Group *Group `json:"group,omitempty"`
}

// Group describes the problems a grouped Problem stands for. Parse groups two kinds:
//
//   - the same problem (severity, code and message) found more than five times, in places
//     whose pointers differ only in array indices (a key unknown in every column of a
//     list, a field missing from every mapping): Patterns says where, with the varying
//     indices as "*"; the message ends with "— 20,001 times: PATTERN (10,000), PATTERN
//     (10,001)";
//   - more than five problems of one severity and code under one object (a million
//     unknown keys side by side): Patterns is empty and the message ends with "(and N more
//     like it in POINTER: "name", …)".
//
// A segment of digits only is read as an array index. Pointers and patterns are raw, as
// Pointer is; the message shows them made visible (Visible).
type Group struct {
	// Count is how many problems the group stands for, the Problem itself included.
	Count int `json:"count"`
	// Patterns lists, for the first kind, each pointer pattern and how many problems it
	// matches, in document order of their first problem.
	Patterns []Pattern `json:"patterns,omitempty"`
	// First are the first problems of the group in document order (at most three), the
	// Problem itself first: their pointers and positions.
	First []Place `json:"first"`
}

// Pattern is a JSON Pointer in which "*" stands for every array index at that place, and
// how many problems it matches.
type Pattern struct {
	Pointer string `json:"pointer"`
	Count   int    `json:"count"`
}

// Place is where one problem of a Group is: its pointer and position, as in Problem.
type Place struct {
	Pointer string `json:"pointer"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Offset  int    `json:"offset"`
}

// Count returns how many problems p stands for: Group.Count, or 1.
func (p Problem) Count() int {
	if p.Group != nil {
		return p.Group.Count
	}
	return 1
}

// Text names the text a Problem's position counts in.
type Text string

const (
	// TextInput is the input given to Parse or ParseDetail, byte for byte.
	TextInput Text = "input"
	// TextTaskDetail is the task_detail document: for an envelope, the decoded value of its
	// task_detail string (so escapes count as the characters they stand for); for a bare
	// task_detail document, the input itself.
	TextTaskDetail Text = "task_detail"
)

// Code classifies a Problem for programs. The values are stable; new ones may be added.
// Schema problems carry the JSON Schema keyword that failed; the others name the check.
type Code string

// Codes of schema problems: the JSON Schema keyword that failed.
const (
	CodeType                 Code = "type"                 // a value of the wrong JSON type (also a string-encoded number or boolean the model cannot read)
	CodeRequired             Code = "required"             // a required key is missing; the pointer names the missing key
	CodeAdditionalProperties Code = "additionalProperties" // an unknown key (strict mode); the pointer names the key
	CodeEnum                 Code = "enum"                 // a value outside the allowed list
	CodeConst                Code = "const"                // a value other than the one allowed
	CodePattern              Code = "pattern"              // a string not of the expected form (e.g. "11 " for a number)
	CodeMinLength            Code = "minLength"            // a string too short (e.g. an empty name)
	CodeMaxLength            Code = "maxLength"            // a string too long
	CodeMinimum              Code = "minimum"              // a number too small
	CodeMaximum              Code = "maximum"              // a number too large
	CodeMinItems             Code = "minItems"             // an array with too few items
	CodeMaxItems             Code = "maxItems"             // an array with too many items
	CodeFormat               Code = "format"               // a string not in the declared format
	CodeFalse                Code = "false"                // a key the schema forbids in this context (a false subschema)
	CodeSchema               Code = "schema"               // any other schema rule; the message names it
)

// Codes of the decoder, the model builder and the semantic checks (and CodeHiddenCharacters,
// beside the name checks).
const (
	CodeSyntax           Code = "syntax"            // not JSON (decoding stops at the first one)
	CodeDuplicateKey     Code = "duplicate_key"     // an object repeats a key
	CodeLimit            Code = "limit"             // a resource limit (Limits) was exceeded
	CodeShape            Code = "shape"             // neither a response, a request nor a task_detail
	CodeParallelLength   Code = "parallel_length"   // mappingTable and its parallel arrays differ in length
	CodeUnknownTarget    Code = "unknown_target"    // targetColumn not in targetSelectedColumnList
	CodeUnknownSource    Code = "unknown_source"    // sourceColumn not among the source's columns
	CodeDuplicateTarget  Code = "duplicate_target"  // a target column mapped twice
	CodePropertyMismatch Code = "property_mismatch" // mappingTableProperties disagrees with the column lists
	CodeNameMismatch     Code = "name_mismatch"     // task_detail.taskName differs from task.task_name
	CodeDatasourceType   Code = "datasource_type"   // warning: a data source type not in the documented list
	CodeNarrowing        Code = "narrowing"         // warning: target shorter than source
	CodeNullability      Code = "nullability"       // warning: nullable source into NOT NULL target
	CodeNumberToString   Code = "number_to_string"  // warning: numeric source into a too-short string target
	// CodeExpectedMissing is a warning: a key every known example of its kind carries, but
	// no document makes mandatory, is missing (the schema's "expected" evidence tier). The
	// pointer names the key; the message says what it was seen with.
	CodeExpectedMissing Code = "expected_field_missing"
	// CodeUnsupportedSetting is a warning: a setting the documentation says the data
	// source type does not support (targetNeedCreateTable true on a type other than
	// PostgreSQL, isSupportClearTab true on a type that cannot clear a table, target_schema
	// on a type other than GaussDB 100).
	CodeUnsupportedSetting Code = "unsupported_setting"
	// CodeBatchNumber is a warning: batchNumber names a column the documentation rules out
	// (a mapping target, a column not selected, or one that is not a string longer than 14
	// characters).
	CodeBatchNumber Code = "batch_number"
	// CodeInternal is a defect of this package, never of the input: the schema validator
	// failed (panicked) on the document, or an embedded schema did not compile. The
	// document is reported invalid rather than accepted unchecked; please report it.
	CodeInternal Code = "internal"
	// CodeTruncated is not a problem of the document but of the list: more problems were
	// found than are listed (at most 1,000 per Parse, and per JSON text for the decoder's
	// syntax and duplicate-key problems); the message says how many were left out. Its
	// severity is that of the worst left out and its pointer the root of the text. (It was
	// CodeLimit, which now only means a resource limit of the input.)
	CodeTruncated Code = "truncated"
)

// schemaCodes maps the schema keywords the embedded schemas use to their Code.
var schemaCodes = map[string]Code{
	"type": CodeType, "required": CodeRequired, "additionalProperties": CodeAdditionalProperties,
	"unevaluatedProperties": CodeAdditionalProperties, "enum": CodeEnum, "const": CodeConst,
	"pattern": CodePattern, "minLength": CodeMinLength, "maxLength": CodeMaxLength,
	"minimum": CodeMinimum, "maximum": CodeMaximum, "minItems": CodeMinItems,
	"maxItems": CodeMaxItems, "format": CodeFormat, "false": CodeFalse,
}

// schemaCode returns the Code of a failed schema keyword: its own, or CodeSchema.
func schemaCode(keyword string) Code {
	if c, ok := schemaCodes[keyword]; ok {
		return c
	}
	return CodeSchema
}

// String formats the problem as "POINTER (line L, col C): SEVERITY: MESSAGE", with control
// characters escaped and invisible ones spelled out (Visible), so that a key holding
// terminal escapes cannot drive the terminal the problem is printed on.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(safetext.Visible(p.Pointer))
	if p.Pointer == "" {
		b.WriteString("/")
	}
	if p.Line > 0 {
		fmt.Fprintf(&b, " (line %d, col %d)", p.Line, p.Column)
	}
	fmt.Fprintf(&b, ": %s: %s", p.Severity, safetext.Visible(p.Message))
	return b.String()
}

// Error is the error Parse returns for an invalid document. Problems lists every error
// found (severity SeverityError, at least one), in document order: envelope first, then
// task_detail. Warnings are never here: they are on Task.Warnings, whether or not Parse
// also returned an error. Use errors.As to get it.
type Error struct {
	// Shape is the shape the input was recognised as before it failed (response, request
	// or bare task_detail), or ShapeUnknown when it could not be told.
	Shape    Shape     `json:"shape"`
	Problems []Problem `json:"problems"`
}

// Error summarises the problems; the first one is spelled out.
func (e *Error) Error() string {
	if len(e.Problems) == 0 {
		return "invalid task"
	}
	n := len(e.Problems)
	first := e.Problems[0].String()
	switch n {
	case 1:
		return "invalid task: " + first
	default:
		return fmt.Sprintf("invalid task: %s (and %d more errors)", first, n-1)
	}
}
