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
// Validator compiles a schema once per (document, lenient) pair. The lenient variant is
// the same schema with every "additionalProperties": false and "unevaluatedProperties":
// false removed, so unknown keys pass while types, required keys, enums and patterns are
// still checked. Validate values decoded with json.Decoder.UseNumber.
//
// The package does not decode payloads or turn validation errors into user-facing
// problems: package rawform does that.
package schema

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
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

// The schemas Validator compiles.
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

	numDocs = iota
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

// compiled holds the four compiled schemas of one strictness, built on first use.
var compiled = [2]func() ([numDocs]*jsonschema.Schema, error){
	sync.OnceValues(func() ([numDocs]*jsonschema.Schema, error) { return compileAll(false) }),
	sync.OnceValues(func() ([numDocs]*jsonschema.Schema, error) { return compileAll(true) }),
}

// Validator returns the compiled schema for d. With lenient, every
// "additionalProperties": false (and "unevaluatedProperties": false) is dropped, so
// unknown keys pass; everything else is checked as in the strict schema. Schemas are
// compiled once per (d, lenient) and are safe for concurrent use.
//
// Local references ("$ref": "#/$defs/…") are inlined before compiling, for speed, so
// keyword locations contain no "$ref" segments.
//
// Validate values decoded with json.Decoder.UseNumber (numbers as json.Number). A failed
// validation returns a *jsonschema.ValidationError tree whose leaves carry the instance
// location (a JSON Pointer) and keyword location of each problem.
func Validator(d Doc, lenient bool) (*jsonschema.Schema, error) {
	if d < 0 || d >= numDocs {
		return nil, fmt.Errorf("schema: no such document %v", d)
	}
	i := 0
	if lenient {
		i = 1
	}
	all, err := compiled[i]()
	if err != nil {
		return nil, err
	}
	return all[d], nil
}

// compileAll compiles every Doc from one compiler (a Compiler is not safe for
// concurrent use, so the four share one sync.OnceValues).
func compileAll(lenient bool) ([numDocs]*jsonschema.Schema, error) {
	var out [numDocs]*jsonschema.Schema
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	for _, s := range sources {
		b, err := files.ReadFile(s.file)
		if err != nil {
			return out, fmt.Errorf("schema: read embedded %s: %w", s.file, err)
		}
		if b, err = prepare(b, lenient); err != nil {
			return out, fmt.Errorf("schema: prepare %s: %w", s.file, err)
		}
		if err := c.AddResource(s.url, bytes.NewReader(b)); err != nil {
			return out, fmt.Errorf("schema: add %s: %w", s.file, err)
		}
	}
	for d := Doc(0); d < numDocs; d++ {
		sch, err := c.Compile(d.URL())
		if err != nil {
			return out, fmt.Errorf("schema: compile %v (lenient=%t): %w", d, lenient, err)
		}
		out[d] = sch
	}
	return out, nil
}

// prepare returns the schema text to compile: with lenient, every
// "additionalProperties": false and "unevaluatedProperties": false keyword removed; in
// both cases every local "$ref": "#/$defs/…" replaced by a copy of its definition.
//
// Inlining changes nothing that validation accepts or rejects (a conflict between a $ref
// and a sibling validation keyword is refused) but saves the library one nested
// evaluation per reference: 40% of the validation time of a 10,000-mapping task
// (BenchmarkValidateLarge). Keyword locations then contain no "$ref" segments.
func prepare(b []byte, lenient bool) ([]byte, error) {
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	if lenient {
		dropClosed(doc)
	}
	root, ok := doc.(map[string]any)
	if !ok {
		return nil, errors.New("schema root is not an object")
	}
	inlined, err := inlineRefs(root)
	if err != nil {
		return nil, err
	}
	return json.Marshal(inlined)
}

// loosen is prepare's lenient step alone (tests use it).
func loosen(b []byte) ([]byte, error) {
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	dropClosed(doc)
	return json.Marshal(doc)
}

// annotations are keywords that do not affect validation: on a $ref with siblings, the
// sibling's value wins; any other keyword present on both sides is a conflict.
var annotations = map[string]bool{
	"title": true, "description": true, "examples": true, "$comment": true,
	"default": true, "deprecated": true, "readOnly": true, "writeOnly": true,
}

// instanceValued are keywords whose value is instance data, not a schema.
var instanceValued = map[string]bool{"enum": true, "const": true, "examples": true, "default": true}

// inlineRefs returns a copy of the schema root with every local reference to one of its
// $defs ("#/$defs/name") replaced by the (recursively inlined) definition merged with the
// reference's sibling keywords. Other references are kept. Cyclic definitions are an
// error: a recursive schema cannot be inlined.
func inlineRefs(root map[string]any) (any, error) {
	defs, _ := root["$defs"].(map[string]any)
	var expand func(v any, stack []string) (any, error)
	expand = func(v any, stack []string) (any, error) {
		switch v := v.(type) {
		case []any:
			out := make([]any, len(v))
			for i, x := range v {
				e, err := expand(x, stack)
				if err != nil {
					return nil, err
				}
				out[i] = e
			}
			return out, nil
		case map[string]any:
			out := make(map[string]any, len(v))
			for k, x := range v {
				switch {
				case k == "$ref":
				case instanceValued[k]:
					out[k] = x
				case nameMaps[k]:
					m, ok := x.(map[string]any)
					if !ok {
						out[k] = x
						continue
					}
					named := make(map[string]any, len(m))
					for name, sub := range m {
						e, err := expand(sub, stack)
						if err != nil {
							return nil, err
						}
						named[name] = e
					}
					out[k] = named
				default:
					e, err := expand(x, stack)
					if err != nil {
						return nil, err
					}
					out[k] = e
				}
			}
			ref, isString := v["$ref"].(string)
			if !isString {
				return out, nil
			}
			name, local := strings.CutPrefix(ref, "#/$defs/")
			if !local || strings.Contains(name, "/") {
				out["$ref"] = ref
				return out, nil
			}
			if slices.Contains(stack, name) {
				return nil, fmt.Errorf("$ref %s is recursive", ref)
			}
			def, ok := defs[name]
			if !ok {
				return nil, fmt.Errorf("$ref %s: no such definition", ref)
			}
			e, err := expand(def, append(stack, name))
			if err != nil {
				return nil, err
			}
			dm, ok := e.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("$ref %s: definition is not an object", ref)
			}
			for k, x := range dm {
				if _, dup := out[k]; dup {
					if annotations[k] {
						continue
					}
					return nil, fmt.Errorf("$ref %s: keyword %q both beside the reference and in the definition", ref, k)
				}
				out[k] = x
			}
			return out, nil
		}
		return v, nil
	}
	return expand(root, nil)
}

// nameMaps are keywords whose value maps names (not keywords) to subschemas: a key there
// is a property or definition name and is never deleted.
var nameMaps = map[string]bool{
	"properties": true, "patternProperties": true, "$defs": true,
	"definitions": true, "dependentSchemas": true,
}

// dropClosed walks a decoded schema and deletes the closing keywords in place.
func dropClosed(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, sub := range v {
			if (k == "additionalProperties" || k == "unevaluatedProperties") && sub == false {
				delete(v, k)
				continue
			}
			if nameMaps[k] {
				if m, ok := sub.(map[string]any); ok {
					for _, s := range m {
						dropClosed(s)
					}
					continue
				}
			}
			// enum, const, examples and default hold instance values, not schemas.
			if k == "enum" || k == "const" || k == "examples" || k == "default" {
				continue
			}
			dropClosed(sub)
		}
	case []any:
		for _, s := range v {
			dropClosed(s)
		}
	}
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
