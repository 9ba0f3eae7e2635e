// Package validator compiles the JSON Schemas of package schema for rawform. It is internal
// because its results are github.com/santhosh-tekuri/jsonschema/v5 values, a third-party
// type that the public API does not expose.
//
// Compilation is lazy and per document: For(schema.Rawform, false) compiles only the strict
// rawform schema, on first use, once per process (39 ms for all eight variants together
// before; a strict parse of a response needs two of them). Results are safe for concurrent
// use.
package validator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/fdireview/fdireview/schema"
)

// numDocs is the number of schema.Doc values (RawformRequest is the last).
const numDocs = int(schema.RawformRequest) + 1

// compiled holds, per (document, lenient), the function that compiles it once.
var compiled = func() (out [2][numDocs]func() (*jsonschema.Schema, error)) {
	for l := range 2 {
		for d := range numDocs {
			out[l][d] = sync.OnceValues(func() (*jsonschema.Schema, error) { return compile(schema.Doc(d), l == 1) })
		}
	}
	return out
}()

// prepared holds, per (lenient, resource), the schema text to compile, made once.
var prepared = func() (out [2][len(resources)]func() ([]byte, error)) {
	for l := range 2 {
		for r, res := range resources {
			out[l][r] = sync.OnceValues(func() ([]byte, error) {
				b, err := schema.Source(res.name)
				if err != nil {
					return nil, err
				}
				return prepare(b, l == 1)
			})
		}
	}
	return out
}()

// For returns the compiled schema for d. With lenient, every
// "additionalProperties": false (and "unevaluatedProperties": false) is dropped, so
// unknown keys pass; everything else is checked as in the strict schema. Each (d, lenient)
// is compiled on first use and once per process; the result is safe for concurrent use.
//
// References ("$ref": "#/$defs/…") stay references (see prepare), so keyword locations
// may contain "$ref" segments.
//
// Validate values decoded with json.Decoder.UseNumber (numbers as json.Number). A failed
// validation returns a *jsonschema.ValidationError tree whose leaves carry the instance
// location (a JSON Pointer) and keyword location of each problem.
func For(d schema.Doc, lenient bool) (*jsonschema.Schema, error) {
	if d < 0 || int(d) >= numDocs {
		return nil, fmt.Errorf("schema: no such document %v", d)
	}
	return compiled[index(lenient)][d]()
}

// index is the first index of compiled and prepared: 1 for lenient, 0 for strict.
func index(lenient bool) int {
	if lenient {
		return 1
	}
	return 0
}

// resources are the files that hold the documents: their names (for schema.Source) and $ids.
var resources = [...]struct{ name, url string }{
	{"response", schema.ResponseURL},
	{"rawform", schema.RawformURL},
}

// resourceOf returns the file that holds d, as an index into resources.
func resourceOf(d schema.Doc) int {
	if d == schema.Rawform || d == schema.RawformRequest {
		return 1
	}
	return 0
}

// compile compiles d alone, from its own compiler (a Compiler is not safe for concurrent
// use; one per document lets documents compile independently and only when needed).
func compile(d schema.Doc, lenient bool) (*jsonschema.Schema, error) {
	r := resourceOf(d)
	name, url := resources[r].name, resources[r].url
	b, err := prepared[index(lenient)][r]()
	if err != nil {
		return nil, fmt.Errorf("schema: prepare %s: %w", name, err)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource(url, bytes.NewReader(b)); err != nil {
		return nil, fmt.Errorf("schema: add %s: %w", name, err)
	}
	sch, err := c.Compile(d.URL())
	if err != nil {
		return nil, fmt.Errorf("schema: compile %v (lenient=%t): %w", d, lenient, err)
	}
	return sch, nil
}

// prepare returns the schema text to compile: the annotations (description, title,
// examples, $comment…) removed, and with lenient every "additionalProperties": false and
// "unevaluatedProperties": false removed too.
//
// Compiling is the fixed cost of every fdi process, so the text is kept small: the
// annotations are the bulk of these documentation-first schemas and change nothing that
// validation accepts or rejects, but the library validates every one of them against the
// draft's metaschema. References stay references: inlining them (as this package once did,
// to speed the library's validation) multiplied the rawform schema by four and its compile
// time by fifteen (12 ms → 180 ms), while the happy path no longer runs the library at all
// (rawform's quick walk follows references) and the library only explains failures — and
// not even those the walk explains itself: a document whose only fault is unknown keys is
// reported from the walk, and the library is shown a failing document without them.
func prepare(b []byte, lenient bool) ([]byte, error) {
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	if _, ok := doc.(map[string]any); !ok {
		return nil, errors.New("schema root is not an object")
	}
	strip(doc, func(k string, sub any) bool { return annotations[k] || lenient && closed(k, sub) })
	return json.Marshal(doc)
}

// loosen is prepare's lenient step alone (tests use it).
func loosen(b []byte) ([]byte, error) {
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	strip(doc, closed)
	return json.Marshal(doc)
}

// annotations are keywords that do not affect validation.
var annotations = map[string]bool{
	"title": true, "description": true, "examples": true, "$comment": true,
	"default": true, "deprecated": true, "readOnly": true, "writeOnly": true,
}

// closed reports whether keyword k with value sub closes an object to unknown keys:
// "additionalProperties": false or "unevaluatedProperties": false.
func closed(k string, sub any) bool {
	return (k == "additionalProperties" || k == "unevaluatedProperties") && sub == false
}

// nameMaps are keywords whose value maps names (not keywords) to subschemas: a key there
// is a property or definition name and is never deleted.
var nameMaps = map[string]bool{
	"properties": true, "patternProperties": true, "$defs": true,
	"definitions": true, "dependentSchemas": true,
}

// instanceValues are keywords whose value is instance data, not a schema: nothing in it is
// a keyword.
var instanceValues = map[string]bool{"enum": true, "const": true, "examples": true, "default": true}

// strip walks a decoded schema and deletes, in place, every keyword k (with value sub) for
// which drop(k, sub) is true. Keys of name maps (properties, $defs…) are names, never
// dropped; their values are schemas and are walked. Instance values (enum, const…) are
// left as they are.
func strip(v any, drop func(k string, sub any) bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, sub := range v {
			switch {
			case drop(k, sub):
				delete(v, k)
			case nameMaps[k]:
				if m, ok := sub.(map[string]any); ok {
					for _, s := range m {
						strip(s, drop)
					}
				}
			case instanceValues[k]:
				// data, not a schema: left as it is
			default:
				strip(sub, drop)
			}
		}
	case []any:
		for _, s := range v {
			strip(s, drop)
		}
	}
}

// Text returns the prepared text of the resource that holds d (what For compiles) and the
// fragment that names d inside it ("" for a whole document, "/$defs/TaskRequest"…), for
// rawform's own quick compiler: it reads the same text the library compiles, so the two
// judge the same schema. The text is made once per (resource, lenient); do not modify it.
func Text(d schema.Doc, lenient bool) (text []byte, fragment string, err error) {
	if d < 0 || int(d) >= numDocs {
		return nil, "", fmt.Errorf("schema: no such document %v", d)
	}
	r := resourceOf(d)
	b, err := prepared[index(lenient)][r]()
	if err != nil {
		return nil, "", fmt.Errorf("schema: prepare %s: %w", resources[r].name, err)
	}
	_, frag, _ := strings.Cut(d.URL(), "#")
	return b, frag, nil
}
