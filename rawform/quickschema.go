package rawform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/fdireview/fdireview/internal/jsonptr"
	"github.com/fdireview/fdireview/internal/validator"
	"github.com/fdireview/fdireview/schema"
)

// qschema is a schema compiled for the quick walk (quick.go) by this package, from the
// same prepared text the jsonschema library compiles (internal/validator.Text). It exists
// for the fixed cost of a process: the library compiles a schema in tens of milliseconds
// (it validates the schema against the draft's metaschema and builds its own structures),
// which was most of the cost of `fdi diff` on small tasks, while this compiler takes well
// under a millisecond. The library is compiled only when a document fails the quick walk,
// to explain the failure.
//
// It implements the keywords the embedded schemas use and the other validation keywords
// the walk understands; any other keyword marks the schema unsupported, and the walk is
// then unsure, so the caller asks the library. TestQuickAgreesWithLibrary and
// FuzzQuickAgrees compare the two answers.
type qschema struct {
	always      *bool // a boolean schema
	unsupported bool  // a keyword the walk does not implement

	ref                  *qschema
	types                []string
	hasConst             bool
	constant             any
	enum                 []any
	not                  *qschema
	allOf, anyOf, oneOf  []*qschema
	ifS, thenS, elseS    *qschema
	minItems, maxItems   int // -1: absent
	prefixItems          []*qschema
	items                *qschema
	minLength, maxLength int // -1: absent
	pattern              *regexp.Regexp
	minimum, maximum     *big.Rat
	exclMin, exclMax     *big.Rat
	minProps, maxProps   int // -1: absent
	// keys holds every name of "properties" and "required": its subschema (nil for a
	// name only required) and whether it is required; nreq counts the required names. One
	// lookup per member answers both keywords.
	keys map[string]qprop
	nreq int
	// expected lists the names of the "x-expected" annotation (keys every known example
	// carries but no document makes mandatory; a missing one is a warning, never an
	// error), seenWith the examples they were seen with; nexp counts them (qprop.exp marks
	// them in keys).
	expected     []string
	seenWith     string
	nexp         int
	patternProps []patternSchema
	additional   any // nil (absent), bool, or *qschema
}

type qprop struct {
	sch *qschema
	req bool
	exp bool // named by x-expected
}

type patternSchema struct {
	re  *regexp.Regexp
	sch *qschema
}

// qschemas holds, per (document, lenient), the quick schema compiled on first use.
var qschemas = func() (out [2][int(schema.RawformRequest) + 1]func() (*qschema, error)) {
	for l := range 2 {
		for d := range out[l] {
			out[l][d] = sync.OnceValues(func() (*qschema, error) {
				text, frag, err := validator.Text(schema.Doc(d), l == 1)
				if err != nil {
					return nil, err
				}
				return compileQuick(text, frag)
			})
		}
	}
	return out
}()

// quickSchema returns the quick schema of d, compiled once per process.
func quickSchema(d schema.Doc, lenient bool) (*qschema, error) {
	if d < 0 || int(d) >= len(qschemas[0]) {
		return nil, fmt.Errorf("no such schema %v", d)
	}
	l := 0
	if lenient {
		l = 1
	}
	return qschemas[l][d]()
}

// compileQuick compiles the schema at the JSON Pointer fragment of the document text.
func compileQuick(text []byte, fragment string) (*qschema, error) {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return nil, err
	}
	c := &qcompiler{root: root, done: map[string]*qschema{}}
	return c.at(fragment)
}

type qcompiler struct {
	root any
	done map[string]*qschema // by JSON Pointer, so that references share and may recurse
}

// at compiles the subschema at a JSON Pointer ("" is the root).
func (c *qcompiler) at(ptr string) (*qschema, error) {
	if s, ok := c.done[ptr]; ok {
		return s, nil
	}
	v := c.root
	for _, tok := range jsonptr.Split(ptr) {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[tok]; !ok {
				return nil, fmt.Errorf("$ref #%s: no such location", ptr)
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil, fmt.Errorf("$ref #%s: no such location", ptr)
			}
			v = x[i]
		default:
			return nil, fmt.Errorf("$ref #%s: no such location", ptr)
		}
	}
	s := &qschema{}
	c.done[ptr] = s
	return s, c.fill(s, v, ptr)
}

// expectedKeyword is the schemas' own annotation of the keys every known example carries
// but no document makes mandatory (schema package: the "expected" evidence tier). JSON
// Schema validators ignore it; the walk collects it (quickNotes).
const expectedKeyword = "x-expected"

// annotationKeys change nothing a validation decides; the walk ignores them.
var annotationKeys = map[string]bool{
	"$schema": true, "$id": true, "$defs": true, "definitions": true, "$comment": true,
	"title": true, "description": true, "examples": true, "default": true,
	"deprecated": true, "readOnly": true, "writeOnly": true,
}

func (c *qcompiler) fill(s *qschema, v any, ptr string) error {
	s.minItems, s.maxItems, s.minLength, s.maxLength, s.minProps, s.maxProps = -1, -1, -1, -1, -1, -1
	if b, ok := v.(bool); ok {
		s.always = &b
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("schema at #%s is not an object or a boolean", ptr)
	}
	sub := func(key string) (*qschema, error) { return c.at(ptr + "/" + jsonptr.Escape(key)) }
	list := func(key string, n int) ([]*qschema, error) {
		out := make([]*qschema, n)
		for i := range out {
			x, err := c.at(ptr + "/" + jsonptr.Escape(key) + "/" + strconv.Itoa(i))
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	}
	count := func(x any) (int, bool) {
		n, ok := x.(json.Number)
		if !ok {
			return 0, false
		}
		i, err := strconv.Atoi(string(n))
		return i, err == nil && i >= 0
	}
	rat := func(x any) (*big.Rat, bool) {
		n, ok := x.(json.Number)
		if !ok {
			return nil, false
		}
		return new(big.Rat).SetString(string(n))
	}
	var err error
	for k, x := range m {
		switch k {
		case "$ref":
			ref, _ := x.(string)
			frag, local := strings.CutPrefix(ref, "#")
			if !local || (frag != "" && frag[0] != '/') {
				s.unsupported = true // another resource or an anchor
				continue
			}
			s.ref, err = c.at(unescapeFragment(frag))
		case "type":
			switch t := x.(type) {
			case string:
				s.types = []string{t}
			case []any:
				for _, e := range t {
					if str, ok := e.(string); ok {
						s.types = append(s.types, str)
					}
				}
			}
		case "const":
			s.hasConst, s.constant = true, x
		case "enum":
			s.enum, _ = x.([]any)
		case "not":
			s.not, err = sub(k)
		case "allOf", "anyOf", "oneOf":
			arr, _ := x.([]any)
			var l []*qschema
			if l, err = list(k, len(arr)); err == nil {
				switch k {
				case "allOf":
					s.allOf = l
				case "anyOf":
					s.anyOf = l
				default:
					s.oneOf = l
				}
			}
		case "if":
			s.ifS, err = sub(k)
		case "then":
			s.thenS, err = sub(k)
		case "else":
			s.elseS, err = sub(k)
		case "prefixItems":
			arr, _ := x.([]any)
			s.prefixItems, err = list(k, len(arr))
		case "items":
			if _, isArr := x.([]any); isArr {
				s.unsupported = true // draft-7 tuple form
				continue
			}
			s.items, err = sub(k)
		case "minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties":
			n, ok := count(x)
			if !ok {
				s.unsupported = true
				continue
			}
			switch k {
			case "minItems":
				s.minItems = n
			case "maxItems":
				s.maxItems = n
			case "minLength":
				s.minLength = n
			case "maxLength":
				s.maxLength = n
			case "minProperties":
				s.minProps = n
			default:
				s.maxProps = n
			}
		case "pattern":
			p, _ := x.(string)
			if s.pattern, err = regexp.Compile(p); err != nil {
				return fmt.Errorf("#%s/pattern: %w", ptr, err)
			}
		case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
			r, ok := rat(x)
			if !ok {
				s.unsupported = true
				continue
			}
			switch k {
			case "minimum":
				s.minimum = r
			case "maximum":
				s.maximum = r
			case "exclusiveMinimum":
				s.exclMin = r
			default:
				s.exclMax = r
			}
		case "required":
			arr, _ := x.([]any)
			for _, e := range arr {
				if str, ok := e.(string); ok {
					p := s.key(str)
					if !p.req {
						p.req = true
						s.nreq++
					}
					s.keys[str] = p
				}
			}
		case expectedKeyword:
			// {"seenWith": "…", "keys": [names]}: an annotation, not an assertion.
			ann, _ := x.(map[string]any)
			s.seenWith, _ = ann["seenWith"].(string)
			keys, _ := ann["keys"].([]any)
			for _, e := range keys {
				if str, ok := e.(string); ok {
					p := s.key(str)
					if !p.exp {
						p.exp = true
						s.nexp++
						s.expected = append(s.expected, str)
					}
					s.keys[str] = p
				}
			}
		case "properties":
			props, _ := x.(map[string]any)
			for name := range props {
				p := s.key(name)
				if p.sch, err = c.at(ptr + "/properties/" + jsonptr.Escape(name)); err != nil {
					return err
				}
				s.keys[name] = p
			}
		case "patternProperties":
			props, _ := x.(map[string]any)
			for p := range props {
				re, err := regexp.Compile(p)
				if err != nil {
					return fmt.Errorf("#%s/patternProperties: %w", ptr, err)
				}
				sch, err := c.at(ptr + "/patternProperties/" + jsonptr.Escape(p))
				if err != nil {
					return err
				}
				s.patternProps = append(s.patternProps, patternSchema{re, sch})
			}
		case "additionalProperties":
			if b, ok := x.(bool); ok {
				s.additional = b
			} else {
				s.additional, err = sub(k)
			}
		default:
			if !annotationKeys[k] {
				s.unsupported = true
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// key returns the entry of name in s.keys, making the map on first use.
func (s *qschema) key(name string) qprop {
	if s.keys == nil {
		s.keys = map[string]qprop{}
	}
	return s.keys[name]
}

// unescapeFragment undoes the percent-encoding a URI fragment may carry (none of ours
// does; "%25" and the like are decoded so that a pointer reads as written).
func unescapeFragment(f string) string {
	if !strings.Contains(f, "%") {
		return f
	}
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] == '%' && i+2 < len(f) {
			if n, err := strconv.ParseUint(f[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(n))
				i += 2
				continue
			}
		}
		b.WriteByte(f[i])
	}
	return b.String()
}
