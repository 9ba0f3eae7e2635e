package rawform

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"unicode/utf8"
)

// Encode writes the task back in the shape it was read from (Task.Shape): for responses
// and requests the envelope with task_detail re-stringified, for ShapeDetail the bare
// document. Every value keeps its wire spelling ("11" stays a string, "0"/"1" stay digits)
// and every key that was read is written, unknown ones included, so parsing the output
// gives an equal Task. Keys come out in a fixed order (modelled keys first, then the others
// sorted): encoding is deterministic and a fixed point after one round.
func (t *Task) Encode() ([]byte, error) {
	if t == nil || t.Detail == nil {
		return nil, fmt.Errorf("encode task: no task_detail")
	}
	e := &encoder{b: make([]byte, 0, 4096)}
	if t.Shape == ShapeDetail {
		t.Detail.encode(e)
		return e.b, e.err
	}
	inner := &encoder{b: make([]byte, 0, 4096)}
	t.Detail.encode(inner)
	if inner.err != nil {
		return nil, inner.err
	}
	e.b = append(e.b, `{"task":`...)
	writeObject(e, &t.Info, infoFields, t.Info.Keys, t.Info.Extra)
	e.b = append(e.b, `,"task_detail":`...)
	e.strBytes(inner.b)
	for _, k := range sortedKeys(t.Extra) {
		e.b = append(e.b, ',')
		e.str(k)
		e.b = append(e.b, ':')
		e.value(t.Extra[k])
	}
	e.b = append(e.b, '}')
	return e.b, e.err
}

// MarshalJSON is Encode. Its receiver is a value, so a Task and a *Task marshal the same.
// A Task without a Detail (the zero Task) is an error: there is nothing to encode.
func (t Task) MarshalJSON() ([]byte, error) { return t.Encode() }

// UnmarshalJSON reads data with Parse (strict, default limits), so that json.Unmarshal into
// a Task gives exactly what Parse gives, never a half-filled value. On error, *t is set to
// the Task Parse returned beside it (one that failed only the semantic checks), or left
// unchanged. To parse leniently or with other limits, call Parse.
func (t *Task) UnmarshalJSON(data []byte) error {
	parsed, err := Parse(data)
	if parsed != nil {
		*t = *parsed
	}
	return err
}

// EncodeDetail writes the task_detail document alone, as Encode writes it inside the
// envelope. Safe for concurrent use with other reads of d.
func (d *Detail) EncodeDetail() ([]byte, error) {
	e := &encoder{}
	d.encode(e)
	return e.b, e.err
}

// MarshalJSON is EncodeDetail, with a value receiver so that Detail and *Detail marshal the
// same: the task_detail document, keys in their wire spelling.
func (d Detail) MarshalJSON() ([]byte, error) { return d.EncodeDetail() }

// UnmarshalJSON reads data with ParseDetail (strict, default limits); see
// Task.UnmarshalJSON.
func (d *Detail) UnmarshalJSON(data []byte) error {
	parsed, err := ParseDetail(data)
	if parsed != nil && parsed.Detail != nil {
		*d = *parsed.Detail
	}
	return err
}

func (d *Detail) encode(e *encoder) {
	writeObject(e, d, detailFields, d.Keys, d.Extra)
}

// encoder appends JSON to a byte slice. It never escapes <, > or & (the output is data,
// not HTML) and writes map keys sorted.
type encoder struct {
	b   []byte
	err error
}

func (e *encoder) wireInt(i Int) {
	b, _ := i.MarshalJSON()
	e.b = append(e.b, b...)
}

func (e *encoder) wireBool(v Bool) {
	b, _ := v.MarshalJSON()
	e.b = append(e.b, b...)
}

// mappings writes one of the three parallel arrays from d.Mappings.
func (e *encoder) mappings(d *Detail, part int) {
	e.b = append(e.b, '[')
	if part == 1 && !d.HasProperties {
		e.b = append(e.b, ']')
		return
	}
	n := 0
	for i := range d.Mappings {
		m := &d.Mappings[i]
		if m.Form != FormTable {
			continue
		}
		if n > 0 {
			e.b = append(e.b, ',')
		}
		n++
		switch part {
		case 0:
			writeObject(e, m, mappingFields, m.Keys, m.Extra)
		case 1:
			writeObject(e, m, propertyFields, m.PropertyKeys, m.PropertiesExtra)
		case 2:
			writeObject(e, m, flagFields, m.FlagKeys, m.FlagExtra)
		}
	}
	e.b = append(e.b, ']')
}

// value writes a decoded tree value (or a few Go types a caller may put in Extra).
func (e *encoder) value(v any) {
	switch x := v.(type) {
	case nil:
		e.b = append(e.b, "null"...)
	case bool:
		e.b = strconv.AppendBool(e.b, x)
	case string:
		e.str(x)
	case json.Number:
		if _, ok := scanNumber([]byte(x), 0); !ok || x == "" {
			e.err = fmt.Errorf("encode: invalid number %q", x)
			return
		}
		e.b = append(e.b, x...)
	case map[string]any:
		e.b = append(e.b, '{')
		for i, k := range sortedKeys(x) {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.str(k)
			e.b = append(e.b, ':')
			e.value(x[k])
		}
		e.b = append(e.b, '}')
	case []any:
		e.b = append(e.b, '[')
		for i, it := range x {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.value(it)
		}
		e.b = append(e.b, ']')
	case int:
		e.b = strconv.AppendInt(e.b, int64(x), 10)
	case int64:
		e.b = strconv.AppendInt(e.b, x, 10)
	case float64:
		e.b = append(e.b, big.NewFloat(x).Text('g', -1)...)
	default:
		b, err := json.Marshal(x)
		if err != nil {
			e.err = fmt.Errorf("encode: %w", err)
			return
		}
		e.b = append(e.b, b...)
	}
}

const hexDigits = "0123456789abcdef"

func (e *encoder) str(s string) { e.strBytes([]byte(s)) }

// strBytes writes s as a JSON string, escaping only what JSON requires.
func (e *encoder) strBytes(s []byte) {
	e.b = append(e.b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			e.b = append(e.b, s[start:i]...)
			switch c {
			case '"', '\\':
				e.b = append(e.b, '\\', c)
			case '\n':
				e.b = append(e.b, '\\', 'n')
			case '\r':
				e.b = append(e.b, '\\', 'r')
			case '\t':
				e.b = append(e.b, '\\', 't')
			default:
				e.b = append(e.b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			e.b = append(e.b, s[start:i]...)
			e.b = append(e.b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			e.b = append(e.b, s[start:i]...)
			e.b = append(e.b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	e.b = append(e.b, s[start:]...)
	e.b = append(e.b, '"')
}
