package rawform

import (
	"encoding/json"
	"math/big"
	"unicode/utf8"
)

// quickValid answers "does v validate against s?" without building errors, walking a
// schema this package compiled (quickschema.go). It exists for speed: the library's
// Validate allocates locations and evaluation sets for every value, which dominates Parse
// on large tasks, and the library's compile is most of a small parse, while almost every
// real document is valid. The library stays the authority:
//
//   - sure is false when the schema uses a keyword this walker does not implement (it then
//     knows nothing, and the caller runs the library);
//   - when the answer is "invalid", the caller runs the library anyway, to get the errors.
//
// So a wrong "valid" is the only possible harm; TestQuickAgreesWithLibrary and the fuzz
// targets compare both answers on valid and mutated documents.
func quickValid(s *qschema, v any) (valid, sure bool) {
	q := quick{sure: true}
	ok := q.valid(s, v)
	return ok, q.sure
}

// quickNotes is what a walk with notes found besides validity: the objects missing keys
// their schema expects (x-expected), and, for a walk that opens closed objects, the keys
// a strict walk would have refused. Both are collected only where annotations count: not
// inside if, not, anyOf or oneOf (whose subschemas only decide), and only one schema of
// each kind in our documents carries them.
type quickNotes struct {
	missing []quickMiss
	unknown []quickUnknown
	// unknownCount counts the unknown keys of each object, including those not listed
	// (at most groupLimit+1 are, per object: a million unknown keys cost a counter).
	unknownCount map[*object]int
}

// quickMiss is an object lacking some keys its schema s expects.
type quickMiss struct {
	obj *object
	s   *qschema
}

// quickUnknown is a key of obj that a strict walk would refuse.
type quickUnknown struct {
	obj *object
	key string
}

// quickWalkNotes is quickValid that also takes notes (quickNotes). With open, a closed
// object (additionalProperties: false) accepts unknown keys and notes them instead, so a
// strict schema walked open decides exactly as the lenient one (which is the strict one
// with every additionalProperties: false removed) and says which keys strict would refuse.
func quickWalkNotes(s *qschema, v any, open bool) (valid, sure bool, notes quickNotes) {
	q := quick{sure: true, collect: true, open: open}
	ok := q.valid(s, v)
	return ok, q.sure, q.notes
}

type quick struct {
	sure bool
	// collect says whether notes are taken where the walk is now (see quickNotes).
	collect bool
	// open: additionalProperties: false accepts the key (and notes it when collecting).
	open  bool
	notes quickNotes
}

func (q *quick) valid(s *qschema, v any) bool {
	if !q.sure {
		return false
	}
	if s.always != nil {
		return *s.always
	}
	if s.unsupported {
		q.sure = false
		return false
	}
	if s.ref != nil && !q.valid(s.ref, v) {
		return false
	}
	if len(s.types) > 0 && !typeMatches(s.types, v) {
		return false
	}
	if s.hasConst && !jsonEqual(v, s.constant) {
		return false
	}
	if len(s.enum) > 0 {
		found := false
		for _, e := range s.enum {
			if jsonEqual(v, e) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	// if, not, anyOf and oneOf only decide: their annotations do not count, so notes are
	// off while they are evaluated (collect is restored after each).
	collect := q.collect
	if s.not != nil {
		q.collect = false
		ok := q.valid(s.not, v)
		q.collect = collect
		if ok {
			return false
		}
	}
	for _, sub := range s.allOf {
		if !q.valid(sub, v) {
			return false
		}
	}
	if len(s.anyOf) > 0 {
		any := false
		q.collect = false
		for _, sub := range s.anyOf {
			if q.valid(sub, v) {
				any = true
				break
			}
		}
		q.collect = collect
		if !any {
			return false
		}
	}
	if len(s.oneOf) > 0 {
		n := 0
		q.collect = false
		for _, sub := range s.oneOf {
			if q.valid(sub, v) {
				n++
			}
		}
		q.collect = collect
		if n != 1 {
			return false
		}
	}
	if s.ifS != nil {
		q.collect = false
		ok := q.valid(s.ifS, v)
		q.collect = collect
		if ok {
			if s.thenS != nil && !q.valid(s.thenS, v) {
				return false
			}
		} else if s.elseS != nil && !q.valid(s.elseS, v) {
			return false
		}
	}
	if !q.sure {
		return false
	}
	switch x := v.(type) {
	case *object:
		return q.object(s, x)
	case []any:
		if s.minItems >= 0 && len(x) < s.minItems || s.maxItems >= 0 && len(x) > s.maxItems {
			return false
		}
		for i, it := range x {
			sub := s.items
			if i < len(s.prefixItems) {
				sub = s.prefixItems[i]
			}
			if sub != nil && !q.valid(sub, it) {
				return false
			}
		}
	case string:
		if s.minLength >= 0 || s.maxLength >= 0 {
			n := utf8.RuneCountInString(x)
			if s.minLength >= 0 && n < s.minLength || s.maxLength >= 0 && n > s.maxLength {
				return false
			}
		}
		if s.pattern != nil && !s.pattern.MatchString(x) {
			return false
		}
	case json.Number:
		if s.minimum != nil || s.maximum != nil || s.exclMin != nil || s.exclMax != nil {
			r, ok := new(big.Rat).SetString(string(x))
			if !ok {
				return false
			}
			if s.minimum != nil && r.Cmp(s.minimum) < 0 || s.maximum != nil && r.Cmp(s.maximum) > 0 ||
				s.exclMin != nil && r.Cmp(s.exclMin) <= 0 ||
				s.exclMax != nil && r.Cmp(s.exclMax) >= 0 {
				return false
			}
		}
	}
	return q.sure
}

func (q *quick) object(s *qschema, m *object) bool {
	if n := m.len(); s.minProps >= 0 && n < s.minProps || s.maxProps >= 0 && n > s.maxProps {
		return false
	}
	found := 0    // required names present
	expected := 0 // expected names present
	for _, mb := range m.members {
		k, val := mb.key, mb.val
		matched := false
		if p, ok := s.keys[k]; ok {
			if p.req {
				found++
			}
			if p.exp {
				expected++
			}
			if p.sch != nil {
				matched = true
				if !q.valid(p.sch, val) {
					return false
				}
			}
		}
		for _, pp := range s.patternProps {
			if pp.re.MatchString(k) {
				matched = true
				if !q.valid(pp.sch, val) {
					return false
				}
			}
		}
		if matched {
			continue
		}
		switch ap := s.additional.(type) {
		case bool:
			if !ap {
				if !q.open {
					return false
				}
				if q.collect {
					q.noteUnknown(m, k)
				}
			}
		case *qschema:
			if !q.valid(ap, val) {
				return false
			}
		}
	}
	if q.collect && expected < s.nexp {
		q.notes.missing = append(q.notes.missing, quickMiss{m, s})
	}
	return found == s.nreq && q.sure
}

// noteUnknown records that a strict walk would refuse key k of m: the first
// groupLimit+1 keys of each object are listed, all are counted.
func (q *quick) noteUnknown(m *object, k string) {
	n := &q.notes
	if n.unknownCount == nil {
		n.unknownCount = map[*object]int{}
	}
	c := n.unknownCount[m]
	n.unknownCount[m] = c + 1
	if c <= groupLimit {
		n.unknown = append(n.unknown, quickUnknown{m, k})
	}
}

func typeMatches(types []string, v any) bool {
	t := jsonKind(v)
	for _, want := range types {
		if want == t {
			return true
		}
		if want == "integer" && t == "number" {
			if r, ok := new(big.Rat).SetString(string(v.(json.Number))); ok && r.IsInt() {
				return true
			}
		}
	}
	return false
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any, *object:
		return "object"
	}
	return "invalid"
}

// jsonEqual is JSON equality as the library defines it (numbers compare by value).
func jsonEqual(a, b any) bool {
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !jsonEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case *object:
		return jsonEqual(generic(x), b)
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !jsonEqual(xv, yv) {
				return false
			}
		}
		return true
	case json.Number:
		var ys string
		switch y := b.(type) {
		case json.Number:
			ys = string(y)
		case float64:
			ys = big.NewFloat(y).Text('g', -1)
		default:
			return false
		}
		r1, ok1 := new(big.Rat).SetString(string(x))
		r2, ok2 := new(big.Rat).SetString(ys)
		return ok1 && ok2 && r1.Cmp(r2) == 0
	case float64:
		return jsonEqual(json.Number(big.NewFloat(x).Text('g', -1)), b)
	}
	return a == b
}
