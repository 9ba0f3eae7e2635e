package rawform

import (
	"encoding/json"
	"math/big"
	"strconv"
	"unicode/utf8"

	"github.com/fdireview/fdireview/internal/jsonptr"
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
// a strict walk would have refused. Both are taken only where annotations count: not
// inside if, not, anyOf or oneOf (quick.cond > 0), whose subschemas only decide.
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
	q := quick{sure: true, takeNotes: true, open: open}
	ok := q.valid(s, v)
	return ok, q.sure, q.notes
}

type quick struct {
	sure bool
	// takeNotes: notes are taken (quickNotes) where cond is 0; open: additionalProperties:
	// false accepts the key, and notes it (the lenient walk, quickWalkNotes).
	takeNotes, open bool
	notes           quickNotes
	// explain: an unknown key of an object closed to them ("additionalProperties": false)
	// met where no branch depends on it (cond == 0) is recorded in unknown and the walk goes
	// on as if the key were absent, instead of failing. A walk that then ends valid (and
	// sure) has explained every reason the document is invalid, and the library need not
	// walk it again (issue 23: 20,000 columns each with one unknown key took the library
	// 5x the lenient parse and 44x the input in memory, only to list those keys).
	explain bool
	// cond counts the conditional evaluations (not, anyOf, oneOf, if) the walk is inside:
	// there a failure chooses a branch, and an unknown key must fail as the library fails it.
	cond int
	// path is the location of the value being walked: an object key, or an array index
	// when key is empty and idx >= 0. Pointers are built from it only for recorded keys.
	path    []walkSeg
	unknown []unknownKey
	// over counts, by object pointer, the unknown keys of a large object (more than
	// linearMax members) past its first pruneKeep: those are not recorded one by one (a
	// million unknown keys must not cost a million problems), only counted, as pruneUnknown
	// counts them. The keys of an ordinary object are all recorded.
	over map[string]int
	// prefix starts every pointer recorded; buf is where they are built.
	prefix string
	buf    []byte
}

// walkSeg is one step of quick.path.
type walkSeg struct {
	key string
	idx int // -1 for a key
}

// unknownKey is an unknown key the explaining walk recorded: the object holding it, and
// the key's location as reference tokens below the walked value.
type unknownKey struct {
	obj *object
	key string
	ptr string // JSON Pointer of the key, the walk's prefix included
}

// explainUnknown walks v like quickValid, but records the unknown keys it can explain
// (see quick.explain) instead of failing on them. valid is true when v would be valid
// without those keys; sure as for quickValid. over counts the keys past the first pruneKeep
// of an object, by the object's pointer. Pointers start with prefix.
func explainUnknown(s *qschema, v any, prefix string) (unknown []unknownKey, over map[string]int, valid, sure bool) {
	q := quick{sure: true, explain: true, prefix: prefix}
	ok := q.valid(s, v)
	return q.unknown, q.over, ok, q.sure
}

// pointer returns the JSON Pointer of the current path (prefix first), with key k
// appended when withKey.
func (q *quick) pointer(k string, withKey bool) string {
	b := append(q.buf[:0], q.prefix...)
	for _, sg := range q.path {
		b = append(b, '/')
		if sg.idx >= 0 {
			b = strconv.AppendInt(b, int64(sg.idx), 10)
		} else {
			b = append(b, jsonptr.Escape(sg.key)...)
		}
	}
	if withKey {
		b = append(b, '/')
		b = append(b, jsonptr.Escape(k)...)
	}
	q.buf = b
	return string(b)
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
	if s.not != nil {
		q.cond++
		ok := q.valid(s.not, v)
		q.cond--
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
		q.cond++
		for _, sub := range s.anyOf {
			if q.valid(sub, v) {
				any = true
				break
			}
		}
		q.cond--
		if !any {
			return false
		}
	}
	if len(s.oneOf) > 0 {
		n := 0
		q.cond++
		for _, sub := range s.oneOf {
			if q.valid(sub, v) {
				n++
			}
		}
		q.cond--
		if n != 1 {
			return false
		}
	}
	if s.ifS != nil {
		q.cond++
		cond := q.valid(s.ifS, v)
		q.cond--
		if cond {
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
			if sub == nil {
				continue
			}
			q.path = append(q.path, walkSeg{idx: i})
			ok := q.valid(sub, it)
			q.path = q.path[:len(q.path)-1]
			if !ok {
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
	expected := 0 // expected names present (x-expected)
	unknown := 0  // unknown keys explained
	top := len(q.path)
	q.path = append(q.path, walkSeg{idx: -1})
	defer func() {
		q.path = q.path[:top]
		if unknown > pruneKeep && m.len() > linearMax {
			if q.over == nil {
				q.over = map[string]int{}
			}
			q.over[q.pointer("", false)] += unknown - pruneKeep
		}
	}()
	for _, mb := range m.members {
		k, val := mb.key, mb.val
		q.path[top].key = k
		matched := false
		p, named := s.keys[k]
		if named {
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
			if !ap && q.open {
				if q.takeNotes && q.cond == 0 {
					q.noteUnknown(m, k)
				}
				continue
			}
			if !ap {
				// A key only required (named, no subschema) is not explained: it is
				// required and refused at once, for the library to word.
				if q.explain && q.cond == 0 && !named {
					if unknown++; unknown <= pruneKeep || m.len() <= linearMax {
						q.path = q.path[:top]
						q.unknown = append(q.unknown, unknownKey{obj: m, key: k, ptr: q.pointer(k, true)})
						q.path = q.path[:top+1]
					}
					continue
				}
				return false
			}
		case *qschema:
			if !q.valid(ap, val) {
				return false
			}
		}
	}
	if q.takeNotes && q.cond == 0 && expected < s.nexp {
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
