package rawform

import (
	"fmt"
	"strings"

	"github.com/fdireview/fdireview/internal/safetext"
)

// Severity ranks a Problem.
type Severity string

const (
	// SeverityError: the document is malformed or inconsistent; the task is invalid.
	SeverityError Severity = "error"
	// SeverityWarning: legal but risky (a target shorter than its source, …).
	SeverityWarning Severity = "warning"
)

// Problem is one thing wrong with a document.
type Problem struct {
	// Pointer is an RFC 6901 JSON Pointer. Locations inside task_detail are prefixed with
	// "/task_detail" even though that value is a string in the envelope: the rest of the
	// pointer addresses the decoded inner document. For a bare task_detail document
	// (KindDetail) the prefix is "/task_detail" too, so pointers read the same either way.
	Pointer string `json:"pointer"`
	// Line and Column (1-based; the column counts bytes) locate the problem: inside the
	// task_detail text for pointers under /task_detail, inside the input otherwise.
	// Zero when unknown.
	Line   int `json:"line"`
	Column int `json:"column"`
	// Severity is error or warning.
	Severity Severity `json:"severity"`
	// Code is stable and meant for programs: a JSON Schema keyword ("type", "required",
	// "additionalProperties", "pattern", "enum", "maxLength", …) for schema problems, or one
	// of the Code* constants for the others.
	Code string `json:"code"`
	// Message says what is wrong and what was expected, for people.
	Message string `json:"message"`
}

// Codes of problems that are not schema keywords.
const (
	CodeSyntax           = "syntax"            // not JSON
	CodeDuplicateKey     = "duplicate_key"     // an object repeats a key
	CodeLimit            = "limit"             // a resource limit was exceeded
	CodeShape            = "shape"             // neither a response, a request nor a task_detail (null, an array, a string…)
	CodeParallelLength   = "parallel_length"   // mappingTable and its parallel arrays differ in length
	CodeUnknownTarget    = "unknown_target"    // targetColumn not in targetSelectedColumnList
	CodeUnknownSource    = "unknown_source"    // sourceColumn not among the source's columns
	CodeDuplicateTarget  = "duplicate_target"  // a target column mapped twice
	CodePropertyMismatch = "property_mismatch" // mappingTableProperties disagrees with the column lists
	CodeNameMismatch     = "name_mismatch"     // task_detail.taskName differs from task.task_name
	CodeDatasourceType   = "datasource_type"   // a data source type not in the documented list
	CodeNarrowing        = "narrowing"         // target shorter than source
	CodeNullability      = "nullability"       // nullable source into NOT NULL target
	CodeNumberToString   = "number_to_string"  // numeric source into a too-short string target
)

// String formats the problem as "POINTER (line L, col C): SEVERITY: MESSAGE", with control
// characters escaped and invisible ones spelled out (internal/safetext), so that a key
// holding terminal escapes cannot drive the terminal the problem is printed on.
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

// Error is the error Parse returns for an invalid document. It lists every problem found,
// errors first and then warnings, each group in document order. Use errors.As to get it.
type Error struct {
	// Kind is the shape the input was recognised as before it failed (response, request
	// or bare task_detail), or KindUnknown when it could not be told.
	Kind     Kind
	Problems []Problem
}

// Error summarises the problems; the first one is spelled out.
func (e *Error) Error() string {
	n := 0
	for _, p := range e.Problems {
		if p.Severity == SeverityError {
			n++
		}
	}
	if len(e.Problems) == 0 {
		return "invalid task"
	}
	first := e.Problems[0].String()
	switch n {
	case 0, 1:
		return "invalid task: " + first
	default:
		return fmt.Sprintf("invalid task: %s (and %d more errors)", first, n-1)
	}
}
