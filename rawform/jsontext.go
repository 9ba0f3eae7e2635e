package rawform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/fdireview/fdireview/internal/jsonptr"
)

// decoder turns JSON text into the tree the quick validity walk and the model builder
// share: *object (tree.go), []any, json.Number, string, bool and nil. generic turns it
// into map[string]any form for what leaves the package and for the schema library.
//
// It exists (rather than encoding/json) because strict reading needs what encoding/json
// does not give: duplicate keys are reported instead of silently keeping the last one,
// nesting depth is bounded before the stack grows, invalid UTF-8 is an error instead of
// being replaced, and every problem carries a byte offset. It is also faster than
// json.Unmarshal into any, which pays for reflection.
type decoder struct {
	data     []byte
	pos      int
	maxDepth int
	depth    int
	path     []pathSeg
	problems []Problem    // duplicate keys; syntax errors end decoding
	offsets  []int        // byte offset of each problem; turned into line:column at the end
	prefix   string       // pointer prefix of this document ("" or "/task_detail")
	budget   *valueBudget // values left (nil: no limit)
	stack    []any        // items of the arrays being decoded, innermost last
	members  []member     // members of the objects being decoded, innermost last
	moffs    []int        // offset of each member's key in data
	objects  []object     // the current chunk new objects come from (newObject)
	slab     []member     // the current chunk small objects' members come from
	counting bool         // a large object being read has counted its members
	dropped  int          // problems past maxProblems, counted but not recorded
	// keys interns object keys: a task repeats the same few dozen keys in every mapping and
	// column, and one string per key name instead of one per occurrence halves the strings
	// a large task allocates. Bounded by maxInterned, so a document of a million distinct
	// keys costs no more than without it.
	keys map[string]string
	// vals interns short string values, boxed (strValue); bounded by maxInterned.
	vals map[string]any
	// roomyUsed: one string of this document was sized to the rest of the input (str).
	roomyUsed bool
}

// maxInterned bounds decoder.keys.
const maxInterned = 1024

type pathSeg struct {
	key string
	idx int // -1 for object keys
}

// syntaxError ends decoding; the problem is already recorded.
type syntaxError struct{}

func (syntaxError) Error() string { return "syntax error" }

// decodeTree decodes data as one JSON value. It returns the tree and the problems found;
// when a syntax error or a limit stopped it, the tree is nil.
func decodeTree(data []byte, maxDepth int, prefix string) (any, []Problem) {
	return decodeBudget(data, maxDepth, prefix, nil)
}

// valueBudget counts the JSON values one Parse may still decode.
type valueBudget struct{ left, max int }

// decodeBudget is decodeTree with a budget of values shared by several documents (the
// envelope and its task_detail): each value decoded takes one, and running out ends
// decoding with a limit problem. A nil budget is unlimited.
func decodeBudget(data []byte, maxDepth int, prefix string, budget *valueBudget) (any, []Problem) {
	d := &decoder{data: data, maxDepth: maxDepth, prefix: prefix, budget: budget, keys: make(map[string]string, 64)}
	v, err := d.decode()
	if len(d.problems) > 0 {
		lines := newLineIndex(data)
		for i := range d.problems {
			d.problems[i].Line, d.problems[i].Column = lines.lineCol(d.offsets[i])
			d.problems[i].Offset = d.offsets[i]
		}
	}
	if d.dropped > 0 {
		d.problems = append(d.problems, Problem{Pointer: prefix, Severity: SeverityError, Code: CodeTruncated,
			Message: fmt.Sprintf("… and %s more problems in the JSON text, not listed", thousands(d.dropped))})
	}
	if err != nil {
		return nil, d.problems
	}
	return v, d.problems
}

func (d *decoder) decode() (v any, err error) {
	// A UTF-8 byte order mark is allowed before the value (RFC 8259 §8.1: parsers MAY
	// ignore it); it is not written back.
	if len(d.data) >= 3 && d.data[0] == 0xEF && d.data[1] == 0xBB && d.data[2] == 0xBF {
		d.pos = 3
	}
	d.skipSpace()
	v, err = d.value()
	if err != nil {
		return nil, err
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		return nil, d.fail(d.pos, "unexpected %s after the top-level value", d.describe(d.pos))
	}
	return v, nil
}

func (d *decoder) pointer() string {
	var b strings.Builder
	b.WriteString(d.prefix)
	for _, s := range d.path {
		b.WriteByte('/')
		if s.idx >= 0 {
			b.WriteString(strconv.Itoa(s.idx))
		} else {
			b.WriteString(jsonptr.Escape(s.key))
		}
	}
	return b.String()
}

func (d *decoder) fail(off int, format string, args ...any) error {
	d.addProblem(off, CodeSyntax, fmt.Sprintf(format, args...))
	return syntaxError{}
}

func (d *decoder) addProblem(off int, code Code, msg string) {
	d.problems = append(d.problems, Problem{
		Pointer: d.pointer(), Severity: SeverityError, Code: code, Message: msg,
	})
	d.offsets = append(d.offsets, min(off, len(d.data)))
}

func (d *decoder) describe(off int) string {
	if off >= len(d.data) {
		return "end of input"
	}
	c := d.data[off]
	if c < 0x20 || c >= 0x7f {
		return fmt.Sprintf("byte 0x%02x", c)
	}
	return fmt.Sprintf("character %q", c)
}

func (d *decoder) skipSpace() { d.pos = skipSpace(d.data, d.pos) }

// skipSpace returns the offset of the first byte at or after i that is not JSON whitespace.
func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func (d *decoder) value() (any, error) {
	if d.budget != nil {
		if d.budget.left <= 0 {
			d.addProblem(d.pos, CodeLimit, fmt.Sprintf("more than %d JSON values, over the limit (Limits.MaxValues); the document is refused before it takes more memory", d.budget.max))
			return nil, syntaxError{}
		}
		d.budget.left--
	}
	if d.pos >= len(d.data) {
		return nil, d.fail(d.pos, "unexpected end of input, expected a value")
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return d.object()
	case c == '[':
		return d.array()
	case c == '"':
		return d.strValue()
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	case c == 't':
		return true, d.literal("true")
	case c == 'f':
		return false, d.literal("false")
	case c == 'n':
		return nil, d.literal("null")
	default:
		return nil, d.fail(d.pos, "unexpected %s, expected a value", d.describe(d.pos))
	}
}

func (d *decoder) literal(word string) error {
	if len(d.data)-d.pos < len(word) || string(d.data[d.pos:d.pos+len(word)]) != word {
		return d.fail(d.pos, "invalid literal, expected %s", word)
	}
	d.pos += len(word)
	return nil
}

func (d *decoder) enter() error {
	d.depth++
	if d.depth > d.maxDepth {
		d.addProblem(d.pos, CodeLimit, fmt.Sprintf("nesting deeper than %d levels", d.maxDepth))
		return syntaxError{}
	}
	return nil
}

func (d *decoder) object() (any, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	d.pos++ // '{'
	// Members go on the decoder's shared stack and are copied out at the end, exactly
	// sized, as arrays' items are. Repeated keys are found by a linear scan while the
	// object is small. An object that grows past linearMax members moves to a slice of its
	// own, sized by counting its remaining members (countMembers; one object at a time
	// counts, so no byte is counted twice), and is sorted at the end, which also finds
	// its repeated keys.
	base := len(d.members)
	pop := func() { // this object's members off the stack
		clear(d.members[base:])
		d.members, d.moffs = d.members[:base], d.moffs[:base]
	}
	var own []member // the members of a large object
	var ownOffs []int
	counting := false
	defer func() {
		pop()
		if counting {
			d.counting = false
		}
	}()
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		d.depth--
		return d.newObject(nil), nil
	}
	for {
		d.skipSpace()
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			return nil, d.fail(d.pos, "unexpected %s, expected a string key", d.describe(d.pos))
		}
		keyOff := d.pos
		k, err := d.key()
		if err != nil {
			return nil, err
		}
		d.skipSpace()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			return nil, d.fail(d.pos, "unexpected %s after object key, expected ':'", d.describe(d.pos))
		}
		d.pos++
		d.skipSpace()
		d.path = append(d.path, pathSeg{key: k, idx: -1})
		dup := false
		if own == nil {
			for _, m := range d.members[base:] {
				if m.key == k {
					dup = true // the first value of a repeated key is kept
					break
				}
			}
		}
		if dup {
			d.duplicate(k, keyOff)
		}
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		d.path = d.path[:len(d.path)-1]
		switch {
		case dup:
		case own != nil:
			if len(own) == cap(own) { // the count was off (or not made): double
				own = slices.Grow(own, len(own))
				ownOffs = slices.Grow(ownOffs, len(ownOffs))
			}
			own, ownOffs = append(own, member{key: k, val: v}), append(ownOffs, keyOff)
		default:
			d.members = append(d.members, member{key: k, val: v})
			d.moffs = append(d.moffs, keyOff)
			if n := len(d.members) - base; n > linearMax {
				more := 0
				if !d.counting {
					d.counting, counting = true, true
					// A member takes at least 5 bytes (,"":0) and a value of the budget,
					// so commas alone cannot size a slice beyond what the input could fill.
					more = min(countMembers(d.data, d.pos), (len(d.data)-d.pos)/5+1)
					if d.budget != nil {
						more = min(more, max(d.budget.left, 0))
					}
				}
				own = make([]member, n, n+more)
				ownOffs = make([]int, n, n+more)
				copy(own, d.members[base:])
				copy(ownOffs, d.moffs[base:])
				pop()
			}
		}
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.fail(d.pos, "unexpected end of input, expected ',' or '}'")
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
		case '}':
			d.pos++
			d.depth--
			if own != nil {
				return &object{members: sortMembers(own, ownOffs, func(k string, off int) {
					d.path = append(d.path, pathSeg{key: k, idx: -1})
					d.duplicate(k, off)
					d.path = d.path[:len(d.path)-1]
				})}, nil
			}
			return d.newObject(d.members[base:]), nil
		default:
			return nil, d.fail(d.pos, "unexpected %s in object, expected ',' or '}'", d.describe(d.pos))
		}
	}
}

// duplicate records a repeated key k at offset off; the path ends at k.
func (d *decoder) duplicate(k string, off int) {
	if len(d.problems) >= maxProblems {
		// A million repeated keys must not cost a million located problems: they are
		// counted without formatting messages nobody will read.
		d.dropped++
		return
	}
	d.addProblem(off, CodeDuplicateKey, fmt.Sprintf("key %q appears more than once in this object; which value is meant is ambiguous", k))
}

// Small objects and their members are carved out of chunks (slabs) rather than allocated
// one by one: a 10,000-mapping task has some 50,000 objects, all of which live exactly as
// long as the tree. Nothing outside the package holds a tree's objects (generic copies
// them), so a chunk never outlives the parse that made it. Chunks start small and double
// up to their largest size, so that a small document does not pay for a large one's.
const (
	objectSlab = 512
	memberSlab = 4096
)

// newObject returns an object holding a copy of ms (at most linearMax members).
func (d *decoder) newObject(ms []member) *object {
	if len(d.objects) == cap(d.objects) {
		d.objects = make([]object, 0, min(max(2*cap(d.objects), 8), objectSlab))
	}
	d.objects = d.objects[:len(d.objects)+1]
	o := &d.objects[len(d.objects)-1]
	if len(ms) == 0 {
		return o
	}
	if len(d.slab)+len(ms) > cap(d.slab) {
		d.slab = make([]member, 0, min(max(2*cap(d.slab), 64), memberSlab))
	}
	start := len(d.slab)
	d.slab = append(d.slab, ms...)
	o.members = d.slab[start:len(d.slab):len(d.slab)]
	return o
}

// emptyArray is every empty array of a decoded tree: one boxed value instead of one
// allocation per "[]" (a zero-capacity slice cannot be appended to in place, so sharing it
// is safe).
var emptyArray any = []any{}

func (d *decoder) array() (any, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	d.pos++ // '['
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		d.depth--
		return emptyArray, nil
	}
	// Items go on the decoder's shared stack and are copied into an exact-size slice at
	// the end: growing each array by append costs ~5× its final size for large arrays.
	base := len(d.stack)
	defer func() { clear(d.stack[base:]); d.stack = d.stack[:base] }()
	for i := 0; ; i++ {
		d.skipSpace()
		d.path = append(d.path, pathSeg{idx: i})
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		d.path = d.path[:len(d.path)-1]
		if len(d.stack) == cap(d.stack) { // double: append grows large slices by only 1.25×
			grown := make([]any, len(d.stack), 2*cap(d.stack)+16)
			copy(grown, d.stack)
			d.stack = grown
		}
		d.stack = append(d.stack, v)
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.fail(d.pos, "unexpected end of input, expected ',' or ']'")
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
		case ']':
			d.pos++
			d.depth--
			return slices.Clone(d.stack[base:]), nil
		default:
			return nil, d.fail(d.pos, "unexpected %s in array, expected ',' or ']'", d.describe(d.pos))
		}
	}
}

// maxNumberLen and maxExponent bound the numbers the decoder accepts. No FDI field needs
// more than an int64 or a float64, and arbitrary-precision arithmetic on 1e1000000 (which
// the schema validator does, with math/big) is slow or, past its own limits, panics.
const (
	maxNumberLen = 400
	maxExponent  = 400
)

func (d *decoder) number() (any, error) {
	start := d.pos
	end, ok := scanNumber(d.data, d.pos)
	if !ok {
		return nil, d.fail(start, "invalid number")
	}
	d.pos = end
	num := d.data[start:end]
	if len(num) > maxNumberLen || exponentTooLarge(num) {
		d.addProblem(start, CodeLimit, fmt.Sprintf("number %.20s… is out of range (more than %d characters or an exponent beyond ±%d)", num, maxNumberLen, maxExponent))
		return nil, syntaxError{}
	}
	if len(num) == 1 {
		return digits[num[0]-'0'], nil
	}
	return json.Number(num), nil
}

// digits are the ten one-digit numbers, boxed once: flags, counts and placeholders are
// mostly 0 and 1, and each json.Number boxed anew costs two allocations.
var digits = [10]any{json.Number("0"), json.Number("1"), json.Number("2"), json.Number("3"),
	json.Number("4"), json.Number("5"), json.Number("6"), json.Number("7"), json.Number("8"), json.Number("9")}

// exponentTooLarge reports whether a valid JSON number has an exponent beyond ±maxExponent.
func exponentTooLarge(num []byte) bool {
	i := bytes.IndexAny(num, "eE")
	if i < 0 {
		return false
	}
	e := num[i+1:]
	if len(e) > 0 && (e[0] == '+' || e[0] == '-') {
		e = e[1:]
	}
	e = bytes.TrimLeft(e, "0")
	n, err := strconv.Atoi(string(e))
	return len(e) > 6 || err != nil && len(e) > 0 || n > maxExponent
}

// scanNumber returns the end of the JSON number starting at i.
func scanNumber(data []byte, i int) (int, bool) {
	n := len(data)
	if i < n && data[i] == '-' {
		i++
	}
	if i >= n {
		return i, false
	}
	if data[i] == '0' {
		i++
	} else if data[i] >= '1' && data[i] <= '9' {
		for i < n && data[i] >= '0' && data[i] <= '9' {
			i++
		}
	} else {
		return i, false
	}
	if i < n && data[i] == '.' {
		i++
		s := i
		for i < n && data[i] >= '0' && data[i] <= '9' {
			i++
		}
		if i == s {
			return i, false
		}
	}
	if i < n && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < n && (data[i] == '+' || data[i] == '-') {
			i++
		}
		s := i
		for i < n && data[i] >= '0' && data[i] <= '9' {
			i++
		}
		if i == s {
			return i, false
		}
	}
	return i, true
}

// plainEnd returns the offset of the quote that closes the string whose text starts at
// start, when that text holds no escape or control character and the quote comes before
// limit; otherwise -1. Such a text is the string itself, to be read in place (it may
// still hold invalid UTF-8).
func plainEnd(data []byte, start, limit int) int {
	limit = min(limit, len(data))
	i := start
	for i < limit && !stringStop[data[i]] {
		i++
	}
	if i < limit && data[i] == '"' {
		return i
	}
	return -1
}

// key reads an object key. A plain key (no escapes, the common case) is looked up in the
// intern table without allocating; others are read by str.
func (d *decoder) key() (string, error) {
	start := d.pos + 1
	end := plainEnd(d.data, start, len(d.data))
	if end < 0 {
		return d.str()
	}
	raw := d.data[start:end]
	if k, ok := d.keys[string(raw)]; ok { // no allocation: the compiler does not copy raw here
		d.pos = end + 1
		return k, nil
	}
	if !utf8.Valid(raw) {
		return d.str() // which reports it
	}
	d.pos = end + 1
	k := string(raw)
	if len(d.keys) < maxInterned {
		d.keys[k] = k
	}
	return k, nil
}

// strValue reads a string value. Short plain strings are interned boxed: a task repeats
// its types, lengths, flags and every column name (in the column lists and again in the
// mappings), and a hit costs neither the string nor its box. Bounded like keys.
func (d *decoder) strValue() (any, error) {
	start := d.pos + 1
	end := plainEnd(d.data, start, start+maxInternedLen+1)
	if end < 0 {
		return d.str()
	}
	raw := d.data[start:end]
	if v, ok := d.vals[string(raw)]; ok { // no allocation for the lookup
		d.pos = end + 1
		return v, nil
	}
	if !utf8.Valid(raw) {
		return d.str() // which reports it
	}
	d.pos = end + 1
	var v any = string(raw)
	if len(d.vals) < maxInterned {
		if d.vals == nil {
			d.vals = make(map[string]any, 64)
		}
		d.vals[v.(string)] = v
	}
	return v, nil
}

// maxInternedLen is the longest string value strValue interns.
const maxInternedLen = 32

func (d *decoder) str() (string, error) {
	d.pos++ // opening quote
	start := d.pos
	// Fast path: no escapes, valid UTF-8.
	if end := plainEnd(d.data, start, len(d.data)); end >= 0 && utf8.Valid(d.data[start:end]) {
		d.pos = end + 1
		return string(d.data[start:end]), nil
	}
	// Slow path. Unescaping never lengthens the text (every escape is at least as long as
	// the UTF-8 it stands for), so the buffer is sized once to the escaped length, runs
	// without escapes are appended in bulk (UTF-8 is checked only in runs that hold a
	// byte over 0x7f), and the buffer becomes the string without another copy: the 6.5 MB
	// task_detail string of a 10,000-mapping task, an escaped quote every few bytes, is
	// written once, instead of grown by doubling and then copied.
	//
	// Sizing needs the closing quote. A short string's is looked for within a window; the
	// first long string of a document (the task_detail of an envelope) is instead given the
	// rest of the input, which it nearly fills, sparing a pass over megabytes of escaped
	// quotes; a string that turns out to leave most of that room unused is copied out to
	// its size. Only one string per document is sized that way, so no input can make the
	// decoder allocate more than its own size again.
	var size int
	roomy := false
	if end := stringEndWithin(d.data, start, start+sizingWindow); end >= 0 {
		size = end - start
	} else if !d.roomyUsed {
		d.roomyUsed, roomy = true, true
		size = len(d.data) - start
	} else {
		size = stringEnd(d.data, start) - start
	}
	b := make([]byte, 0, size)
	i := start
	for {
		j := i
		var high byte // the OR of the run's bytes: ≥ 0x80 when it holds non-ASCII
		for j < len(d.data) {
			c := d.data[j]
			if stringStop[c] {
				break
			}
			high |= c
			j++
		}
		run := d.data[i:j]
		if high >= utf8.RuneSelf && !utf8.Valid(run) {
			bad := i + validPrefix(run)
			return "", d.fail(bad, "invalid UTF-8 byte 0x%02x inside a string", d.data[bad])
		}
		b = append(b, run...)
		i = j
		if i >= len(d.data) {
			return "", d.fail(i, "unexpected end of input inside a string")
		}
		c := d.data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			if roomy && cap(b) > 2*len(b)+sizingWindow {
				return string(b), nil // release the unused room
			}
			return unsafe.String(unsafe.SliceData(b), len(b)), nil // b is not used again
		case c < 0x20:
			return "", d.fail(i, "control character 0x%02x inside a string must be escaped", c)
		}
		// c == '\\'
		if i+1 >= len(d.data) {
			return "", d.fail(i, "unexpected end of input in an escape sequence")
		}
		switch e := d.data[i+1]; {
		case shortEscapes[e] != 0:
			b = append(b, shortEscapes[e])
			i += 2
		case e == 'u':
			r, ok := hex4(d.data, i+2)
			if !ok {
				return "", d.fail(i, `invalid \u escape, expected four hex digits`)
			}
			i += 6
			if utf16.IsSurrogate(r) {
				r2, ok2 := rune(-1), false
				if i+1 < len(d.data) && d.data[i] == '\\' && d.data[i+1] == 'u' {
					r2, ok2 = hex4(d.data, i+2)
				}
				dec := utf16.DecodeRune(r, r2)
				if !ok2 || dec == utf8.RuneError {
					return "", d.fail(i-6, `lone UTF-16 surrogate \u%04x in a string`, r)
				}
				r = dec
				i += 6
			}
			b = utf8.AppendRune(b, r)
		default:
			return "", d.fail(i, "invalid escape sequence \\%c", e)
		}
	}
}

// shortEscapes maps the letter after a backslash to the byte it stands for (0: not a
// one-letter escape).
var shortEscapes = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// stringStop marks the bytes that end a run of plain string text: the closing quote, a
// backslash and the control characters.
var stringStop = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// sizingWindow is how far str looks for a string's end before treating it as long.
const sizingWindow = 4096

// stringEndWithin is stringEnd looking no further than limit: the closing quote's offset,
// or -1 when it is not before limit (nor is the input's end).
func stringEndWithin(data []byte, start, limit int) int {
	if limit >= len(data) {
		return stringEnd(data, start)
	}
	if end := stringEnd(data[:limit], start); end < limit {
		return end
	}
	return -1
}

// stringEnd returns the offset of the quote that closes the string starting at start (just
// after its opening quote), or len(data) when there is none: the first '"' preceded by an
// even number of backslashes. It only sizes a buffer; str reports any error.
func stringEnd(data []byte, start int) int {
	for i := start; i < len(data); {
		q := bytes.IndexByte(data[i:], '"')
		if q < 0 {
			return len(data)
		}
		q += i
		n := 0
		for k := q - 1; k >= start && data[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return q
		}
		i = q + 1
	}
	return len(data)
}

// validPrefix returns the length of the longest valid UTF-8 prefix of b.
func validPrefix(b []byte) int {
	n := 0
	for n < len(b) {
		r, size := utf8.DecodeRune(b[n:])
		if r == utf8.RuneError && size <= 1 {
			return n
		}
		n += size
	}
	return n
}

func hex4(data []byte, i int) (rune, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// scanner skips over valid JSON without building values.
type scanner struct {
	data []byte
	pos  int
}

func (s *scanner) space() { s.pos = skipSpace(s.data, s.pos) }

// str reads a string and returns it unescaped.
func (s *scanner) str() (string, bool) {
	d := decoder{data: s.data, pos: s.pos, maxDepth: 1}
	v, err := d.str()
	if err != nil {
		return "", false
	}
	s.pos = d.pos
	return v, true
}

// child reads an object key and returns the child of n it names, or nil. A key without
// escapes is looked up in place, without allocating: an object of a million keys is
// walked past them all.
func (s *scanner) child(n *ptrNode) (*ptrNode, bool) {
	start := s.pos + 1
	if end := plainEnd(s.data, start, len(s.data)); end >= 0 {
		s.pos = end + 1
		return n.children[string(s.data[start:end])], true
	}
	k, ok := s.str()
	if !ok {
		return nil, false
	}
	return n.children[k], true
}

// skip moves past one value.
func (s *scanner) skip() bool {
	depth := 0
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch c {
		case '{', '[':
			depth++
			s.pos++
		case '}', ']':
			depth--
			s.pos++
			if depth <= 0 {
				return depth == 0
			}
		case '"':
			s.pos++
			for s.pos < len(s.data) && s.data[s.pos] != '"' {
				if s.data[s.pos] == '\\' {
					s.pos++
				}
				s.pos++
			}
			s.pos++
			if depth == 0 {
				return true
			}
		case ',', ':', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return true
			}
			s.pos++
		default:
			s.pos++
			if depth == 0 {
				for s.pos < len(s.data) {
					switch s.data[s.pos] {
					case ',', '}', ']', ' ', '\t', '\n', '\r':
						return true
					}
					s.pos++
				}
				return true
			}
		}
	}
	return depth == 0
}

// lineIndex converts byte offsets to line:column. It keeps a checkpoint every
// lineStride bytes (the line number there and where that line starts), not every line
// start: a document of newlines must not cost a slice entry per byte (30 MiB of newlines
// took 1.4 GiB that way). A lookup counts the newlines between its checkpoint and the
// offset, at most lineStride bytes.
type lineIndex struct {
	data   []byte
	lines  []int // lines[k]: the 1-based line of offset k*lineStride
	starts []int // starts[k]: the offset at which that line starts
}

const lineStride = 1024

func newLineIndex(data []byte) lineIndex {
	n := len(data)/lineStride + 1
	l := lineIndex{data: data, lines: make([]int, 0, n), starts: make([]int, 0, n)}
	line, start := 1, 0
	for off := 0; off <= len(data); off += lineStride {
		l.lines, l.starts = append(l.lines, line), append(l.starts, start)
		chunk := data[off:min(off+lineStride, len(data))]
		if c := bytes.Count(chunk, []byte{'\n'}); c > 0 {
			line += c
			start = off + bytes.LastIndexByte(chunk, '\n') + 1
		}
	}
	return l
}

func (l lineIndex) lineCol(off int) (line, col int) {
	end := min(off, len(l.data))
	k := end / lineStride
	seg := l.data[k*lineStride : end]
	line = l.lines[k] + bytes.Count(seg, []byte{'\n'})
	if i := bytes.LastIndexByte(seg, '\n'); i >= 0 {
		return line, off - (k*lineStride + i + 1) + 1
	}
	return line, off - l.starts[k] + 1
}

// ptrNode is a trie of JSON Pointer tokens: the pointers locateAll looks for.
type ptrNode struct {
	children map[string]*ptrNode
	off      int // offset of the value reached at this node, -1 if not reached
}

// locateAll returns, for each pointer, the byte offset of the value it addresses, or of
// its deepest existing ancestor when the full path does not exist (a missing required key
// is reported at its object). It makes one pass over data (which must be valid JSON),
// descending only into the keys and indexes some pointer names and skipping the rest.
func locateAll(data []byte, ptrs [][]string) []int {
	root := &ptrNode{off: -1}
	ends := make([]*ptrNode, len(ptrs))
	paths := make([][]*ptrNode, len(ptrs))
	for i, toks := range ptrs {
		n := root
		path := []*ptrNode{root}
		for _, tok := range toks {
			if n.children == nil {
				n.children = map[string]*ptrNode{}
			}
			c, ok := n.children[tok]
			if !ok {
				c = &ptrNode{off: -1}
				n.children[tok] = c
			}
			n = c
			path = append(path, n)
		}
		ends[i], paths[i] = n, path
	}
	s := &scanner{data: data}
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		s.pos = 3
	}
	s.space()
	s.walk(root)
	out := make([]int, len(ptrs))
	for i := range ptrs {
		out[i] = 0
		for _, n := range paths[i] { // deepest node reached on the path
			if n.off < 0 {
				break
			}
			out[i] = n.off
		}
	}
	return out
}

// walk records the offset of the value at s.pos in n, then descends into the children n
// names, skipping the rest. It leaves s.pos after the value.
func (s *scanner) walk(n *ptrNode) bool {
	n.off = s.pos
	if len(n.children) == 0 || s.pos >= len(s.data) {
		return s.skip()
	}
	switch s.data[s.pos] {
	case '{':
		s.pos++
		for {
			s.space()
			if s.pos >= len(s.data) {
				return false
			}
			if s.data[s.pos] == '}' {
				s.pos++
				return true
			}
			c, ok := s.child(n)
			if !ok {
				return false
			}
			s.space()
			if s.pos >= len(s.data) || s.data[s.pos] != ':' {
				return false
			}
			s.pos++
			s.space()
			if c != nil && c.off < 0 {
				if !s.walk(c) {
					return false
				}
			} else if !s.skip() {
				return false
			}
			s.space()
			if s.pos < len(s.data) && s.data[s.pos] == ',' {
				s.pos++
			}
		}
	case '[':
		s.pos++
		for i := 0; ; i++ {
			s.space()
			if s.pos >= len(s.data) {
				return false
			}
			if s.data[s.pos] == ']' {
				s.pos++
				return true
			}
			if c, ok := n.children[strconv.Itoa(i)]; ok {
				if !s.walk(c) {
					return false
				}
			} else if !s.skip() {
				return false
			}
			s.space()
			if s.pos < len(s.data) && s.data[s.pos] == ',' {
				s.pos++
			}
		}
	}
	return s.skip()
}
