// Package schema holds the JSON Schemas (draft 2020-12) of the ROMA Connect FDI task API
// payloads and compiles them for validation.
//
// Two documents are embedded, each with an absolute $id so that error locations never
// mention the local file system:
//
//   - response.schema.json (https://fdireview.invalid/schema/response.json): the 200 body
//     of ShowTask, CreateCommonTask and UpdateTask ({"task": TaskBasicRsp, "task_detail":
//     string}), with the create/update request body ($defs/TaskRequest) and the error body
//     ($defs/ErrorBody) beside it.
//   - rawform.schema.json (https://fdireview.invalid/schema/rawform.json): the
//     RawFormDataResponse document found, JSON-encoded, inside a response's task_detail
//     string, with the request's RawFormDataRequest ($defs/RawFormDataRequest) beside it:
//     the same keys, far fewer required. Every property's description says where its
//     requiredness comes from (which real example carries it, or which doc line).
//
// The schemas are documentation first: every property says what it means, marks guesses
// "(inferred)" and names the wire quirks (string-encoded numbers and booleans, integer or
// string taskType, "" or integer dataTimestamp, object or array mappingInput, one object
// or a list for error_handler and afterImplementation). They are strict: every object
// whose keys are known has additionalProperties: false. The two datasource sections of
// task_detail are strict only for relational types and for API sources — told by
// *DatasourceType, or by the section's own keys when no such key is present (the real
// API-source request has none); for every other type (KAFKA, MONGODB, FTP, OBS, …) nothing
// public shows the shape, so unknown keys are accepted there.
//
// Source returns the text of each schema; Names lists them; Doc names the four documents
// (three of them definitions inside response.schema.json) and Doc.URL gives their absolute
// URLs. The package does not validate: package rawform compiles these schemas (lazily, once
// per process, only the documents a parse needs), validates with them and turns failures
// into problems. Its API has no third-party types.
//
// Every function of the package is safe for concurrent use.
package schema

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
)

//go:embed response.schema.json rawform.schema.json
var files embed.FS

// Base URLs ($id) of the embedded schema resources.
const (
	// ResponseURL is the $id of response.schema.json.
	ResponseURL = "https://fdireview.invalid/schema/response.json"
	// RawformURL is the $id of rawform.schema.json.
	RawformURL = "https://fdireview.invalid/schema/rawform.json"
)

// ErrUnknownSchema is wrapped by Source for a name it does not know.
var ErrUnknownSchema = errors.New("unknown schema name")

// Doc names a schema.
type Doc int

// The documents the schemas describe.
const (
	// Response is the 200 body of ShowTask, CreateCommonTask and UpdateTask:
	// {"task": TaskBasicRsp, "task_detail": string}.
	Response Doc = iota
	// Request is a create/update request body: {"task": TaskBasicRequestBody,
	// "task_detail": string}.
	Request
	// ErrorBody is the body of a 400/404/500 answer: {"error_code", "error_msg", "detail"}.
	ErrorBody
	// Rawform is the document inside a response's task_detail (RawFormDataResponse).
	Rawform
	// RawformRequest is the document inside a create/update request's task_detail
	// (RawFormDataRequest, rawform.json's $defs/RawFormDataRequest): the same keys as
	// Rawform, far fewer of them required.
	RawformRequest
)

// String returns the name of d: "response", "request", "error", "rawform" or
// "rawform-request".
func (d Doc) String() string {
	switch d {
	case Response:
		return "response"
	case Request:
		return "request"
	case ErrorBody:
		return "error"
	case Rawform:
		return "rawform"
	case RawformRequest:
		return "rawform-request"
	}
	return fmt.Sprintf("Doc(%d)", int(d))
}

// URL returns the absolute URL of d's schema: a document $id, or a JSON Pointer fragment
// into one. Validation errors' AbsoluteKeywordLocation values start with it.
func (d Doc) URL() string {
	switch d {
	case Response:
		return ResponseURL
	case Request:
		return ResponseURL + "#/$defs/TaskRequest"
	case ErrorBody:
		return ResponseURL + "#/$defs/ErrorBody"
	case Rawform:
		return RawformURL
	case RawformRequest:
		return RawformURL + "#/$defs/RawFormDataRequest"
	}
	return ""
}

// source is one embedded file and the names it is known by.
type source struct {
	name string // the name Source accepts
	file string // the embedded file
	url  string // its $id
}

var sources = []source{
	{"response", "response.schema.json", ResponseURL},
	{"rawform", "rawform.schema.json", RawformURL},
}

// Names lists the names Source accepts, in a stable order.
func Names() []string {
	names := make([]string, len(sources))
	for i, s := range sources {
		names[i] = s.name
	}
	return names
}

// Source returns the embedded JSON text of the schema called name ("response" or
// "rawform"; see Names). The caller owns the returned slice. An unknown name gives an
// error wrapping ErrUnknownSchema.
func Source(name string) ([]byte, error) {
	for _, s := range sources {
		if s.name == name {
			b, err := files.ReadFile(s.file)
			if err != nil {
				return nil, fmt.Errorf("schema: read embedded %s: %w", s.file, err)
			}
			return b, nil
		}
	}
	return nil, fmt.Errorf("schema: %q (want one of %v): %w", name, Names(), ErrUnknownSchema)
}

// KnownDatasourceTypes returns every data source type known from public sources (the 35
// SDK values, then the 8 newer ones), as listed in the rawform schema's
// $defs/knownDatasourceType. The set is open: validation accepts any upper-case token,
// and callers may warn on a type not in this list. The caller owns the returned slice.
func KnownDatasourceTypes() []string {
	types, err := knownTypes()
	if err != nil {
		// The embedded file is checked by the tests; reaching this is a build defect.
		panic(err)
	}
	return append([]string(nil), types...)
}

var knownTypes = sync.OnceValues(func() ([]string, error) {
	b, err := files.ReadFile("rawform.schema.json")
	if err != nil {
		return nil, fmt.Errorf("schema: read embedded rawform.schema.json: %w", err)
	}
	var doc struct {
		Defs struct {
			Known struct {
				Enum []string `json:"enum"`
			} `json:"knownDatasourceType"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("schema: decode rawform.schema.json: %w", err)
	}
	if len(doc.Defs.Known.Enum) == 0 {
		return nil, errors.New("schema: rawform.schema.json has no $defs/knownDatasourceType enum")
	}
	return doc.Defs.Known.Enum, nil
})
