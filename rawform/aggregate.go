package rawform

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/fdireview/fdireview/internal/jsonptr"
	"github.com/fdireview/fdireview/schema"
)

// Hostile documents can hold a million unknown keys or repeat one mistake a million times.
// Reporting each one costs far more than the input (the schema library copies an object's
// key set for every subschema it applies, and every problem is located and formatted), and
// a 160 MB list of problems helps nobody. So problems are bounded in three ways:
//
//   - The same problem (severity, code and message) found more than groupLimit times at
//     pointers that differ only in array indices is reported once, at its first place, with
//     Problem.Group and the count in its message (groupAlike; issue 23: one unknown key in
//     each of 20,001 columns printed 1,000 lines). Only the first few of a group are located.
//   - A group of problems of one kind (severity and code) at one level (the same parent
//     pointer) larger than groupLimit is reported once, at its first member, with a count
//     and a few of the other names: `unknown field "k0" (and 999,999 more like it in
//     /task_detail: "k1", "k2", "k3", …)`.
//   - At most maxProblems problems are listed; a last one says how many more there were.
//
// Before validation, an object's keys that no schema anywhere names are pruned to the
// pruneKeep smallest (by name) and put back afterwards, so the schema library sees a
// bounded object; the pruned keys are counted into their object's unknown-field group.
const (
	groupLimit  = 5
	pruneKeep   = groupLimit + 1
	maxProblems = 1000
	groupNames  = 5
)

// knownNames is every property name any embedded schema mentions (over-inclusive: any
// key of a "properties" map and any name in "required", at any depth). A key outside it is
// unknown wherever it appears.
var knownNames = sync.OnceValue(func() map[string]bool {
	names := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, sub := range x {
				switch k {
				case "properties":
					if m, ok := sub.(map[string]any); ok {
						for name := range m {
							names[name] = true
						}
					}
				case "required":
					if a, ok := sub.([]any); ok {
						for _, n := range a {
							if s, ok := n.(string); ok {
								names[s] = true
							}
						}
					}
				}
				walk(sub)
			}
		case []any:
			for _, sub := range x {
				walk(sub)
			}
		}
	}
	for _, n := range schema.Names() {
		b, err := schema.Source(n)
		if err != nil {
			continue
		}
		var doc any
		if json.Unmarshal(b, &doc) == nil {
			walk(doc)
		}
	}
	return names
})

// pruned is the tree as the schema library reads it.
type pruned struct {
	root   any            // the tree with objects as map[string]any, unknown keys pruned
	counts map[string]int // object pointer → keys left out
}

// pruneUnknown returns tree as the schema library reads it: every object a
// map[string]any, and every object holding more than pruneKeep keys no schema names cut
// down to the pruneKeep smallest of those keys (and all the others). The decoded tree is
// not touched. prefix is the pointer prefix of tree's locations. The keys in skip (unknown
// keys the quick walk has already reported) are left out altogether.
func pruneUnknown(tree any, prefix string, skip []unknownKey) *pruned {
	known := knownNames()
	p := &pruned{}
	var skipped map[*object][]string
	for _, u := range skip {
		if skipped == nil {
			skipped = map[*object][]string{}
		}
		skipped[u.obj] = append(skipped[u.obj], u.key)
	}
	var path []string
	pointer := func() string {
		ptr := prefix
		for _, s := range path {
			ptr += "/" + jsonptr.Escape(s)
		}
		return ptr
	}
	// keepOf returns the pruneKeep smallest unknown names of o (sorted) when o has more
	// unknown keys than that, and how many it has.
	keepOf := func(o *object) (keep []string, unknown int) {
		if o.len() <= pruneKeep {
			return nil, 0
		}
		for _, mb := range o.members {
			k := mb.key
			if known[k] {
				continue
			}
			unknown++
			if len(keep) < pruneKeep || k < keep[len(keep)-1] {
				i, _ := slices.BinarySearch(keep, k)
				keep = slices.Insert(keep, i, k)
				if len(keep) > pruneKeep {
					keep = keep[:pruneKeep]
				}
			}
		}
		if unknown <= pruneKeep {
			return nil, 0
		}
		return keep, unknown
	}
	var conv func(v any) any
	conv = func(v any) any {
		switch x := v.(type) {
		case *object:
			if ks := skipped[x]; ks != nil {
				x = &object{members: slices.DeleteFunc(slices.Clone(x.members), func(mb member) bool { return slices.Contains(ks, mb.key) })}
			}
			keep, unknown := keepOf(x)
			m := make(map[string]any, x.len()-unknown+len(keep))
			for _, mb := range x.members {
				if keep != nil && !known[mb.key] {
					if _, kept := slices.BinarySearch(keep, mb.key); !kept {
						continue
					}
				}
				switch mb.val.(type) {
				case *object, []any:
					path = append(path, mb.key)
					m[mb.key] = conv(mb.val)
					path = path[:len(path)-1]
				default:
					m[mb.key] = mb.val
				}
			}
			if keep != nil {
				if p.counts == nil {
					p.counts = map[string]int{}
				}
				p.counts[pointer()] += unknown - len(keep)
			}
			return m
		case []any:
			var out []any // a copy, made at the first container
			for i, sub := range x {
				switch sub.(type) {
				case *object, []any:
					if out == nil {
						out = slices.Clone(x)
					}
					path = append(path, strconv.Itoa(i))
					out[i] = conv(sub)
					path = path[:len(path)-1]
				}
			}
			if out == nil {
				return x
			}
			return out
		}
		return v
	}
	p.root = conv(tree)
	return p
}

// parentPointer is the pointer of the object or array holding ptr's value.
func parentPointer(ptr string) (parent, last string) {
	i := strings.LastIndexByte(ptr, '/')
	if i < 0 {
		return "", ptr
	}
	return ptr[:i], jsonptr.Unescape(ptr[i+1:])
}

// aggregate merges each group of more than groupLimit problems of one severity and code
// under one parent into its first member, and caps the list at maxProblems. ps must be
// sorted; extra counts unknown keys pruned before validation, by object pointer. Cost is
// linear in len(ps).
func aggregate(ps []Problem, extra map[string]int) []Problem {
	type groupKey struct {
		sev    ProblemSeverity
		code   Code
		parent string
	}
	type group struct {
		first  int // index in out
		n      int
		names  []string
		places []Place
	}
	groups := make(map[groupKey]*group)
	for _, p := range ps {
		if p.Group != nil {
			continue // already one line for many (groupAlike)
		}
		parent, _ := parentPointer(p.Pointer)
		k := groupKey{p.Severity, p.Code, parent}
		if g := groups[k]; g != nil {
			g.n++
		} else {
			groups[k] = &group{n: 1}
		}
	}
	for k, n := range extra {
		// Unknown keys are errors in strict mode, kept and reported as warnings in lenient.
		for _, sev := range []ProblemSeverity{SeverityError, SeverityWarning} {
			if g := groups[groupKey{sev, CodeAdditionalProperties, k}]; g != nil {
				g.n += n
			}
		}
	}
	out := ps[:0:0]
	for _, p := range ps {
		if p.Group != nil {
			out = append(out, p)
			continue
		}
		parent, last := parentPointer(p.Pointer)
		g := groups[groupKey{p.Severity, p.Code, parent}]
		if g.n <= groupLimit {
			out = append(out, p)
			continue
		}
		if len(g.places) < groupFirst {
			g.places = append(g.places, Place{Pointer: p.Pointer, Line: p.Line, Column: p.Column, Offset: p.Offset})
		}
		if g.names == nil {
			g.first = len(out)
			g.names = []string{}
			out = append(out, p)
			continue
		}
		if q := fmt.Sprintf("%q", last); len(g.names) < groupNames && !slices.Contains(g.names, q) && !strings.HasSuffix(out[g.first].Pointer, "/"+jsonptr.Escape(last)) {
			g.names = append(g.names, q)
		}
	}
	for _, g := range groups {
		if g.n <= groupLimit || g.names == nil {
			continue
		}
		p := &out[g.first]
		where, _ := parentPointer(p.Pointer)
		if where == "" {
			where = "/"
		}
		names := ""
		if len(g.names) > 0 {
			names = ": " + strings.Join(g.names, ", ")
			if g.n-1 > len(g.names) {
				names += ", …"
			}
		}
		p.Message += fmt.Sprintf(" (and %s more like it in %s%s)", thousands(g.n-1), where, names)
		p.Group = &Group{Count: g.n, First: g.places}
	}
	if len(out) <= maxProblems {
		return out
	}
	rest := out[maxProblems-1:]
	last := Problem{Severity: SeverityWarning, Code: CodeTruncated}
	if hasErrors(rest) {
		last.Severity = SeverityError
	}
	last.Message = fmt.Sprintf("… and %s more problems, not listed (at most %d are)", thousands(len(rest)), maxProblems-1)
	out = append(out[:maxProblems-1:maxProblems-1], last)
	return out
}

// thousands formats n with comma separators.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// alikeKey is what the problems of one alike group share.
type alikeKey struct {
	sev  ProblemSeverity
	code Code
	msg  string
}

// alikeGroup is the same problem found in many places (groupAlike).
type alikeGroup struct {
	n       int
	buckets []*patternBucket // in order of their first problem found
	byPat   map[string]*patternBucket
}

// patternBucket is the problems of an alike group that differ only in array indices.
type patternBucket struct {
	pattern string
	n       int
	first   []Problem // the first groupFirst, in document order (by indices)
}

// groupFirst is how many problems of a group are kept as its first examples.
const groupFirst = 3

// groupAlike takes out of ps the problems found more than groupLimit times with the same
// severity, code and message, returning the others (in their order) and those groups. A
// group keeps, per pointer pattern (array indices as "*"), the count and the first
// groupFirst problems: the first in document order is found without locating any, as
// pointers of one pattern differ only in indices, and the lower index comes first.
func groupAlike(ps []Problem) (rest []Problem, groups []*alikeGroup) {
	if len(ps) <= groupLimit {
		return ps, nil
	}
	counts := make(map[alikeKey]int)
	for _, p := range ps {
		counts[alikeKey{p.Severity, p.Code, p.Message}]++
	}
	var byKey map[alikeKey]*alikeGroup
	var buf []byte
	rest = ps[:0]
	for _, p := range ps {
		k := alikeKey{p.Severity, p.Code, p.Message}
		if counts[k] <= groupLimit || p.Group != nil {
			rest = append(rest, p)
			continue
		}
		g := byKey[k]
		if g == nil {
			if byKey == nil {
				byKey = make(map[alikeKey]*alikeGroup)
			}
			g = &alikeGroup{byPat: make(map[string]*patternBucket)}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.n++
		buf = appendPattern(buf[:0], p.Pointer)
		b := g.byPat[string(buf)]
		if b == nil {
			b = &patternBucket{pattern: string(buf)}
			g.byPat[b.pattern] = b
			g.buckets = append(g.buckets, b)
		}
		b.n++
		i := len(b.first)
		for i > 0 && compareIndices(p.Pointer, b.first[i-1].Pointer) < 0 {
			i--
		}
		if i < groupFirst {
			b.first = slices.Insert(b.first, i, p)
			if len(b.first) > groupFirst {
				b.first = b.first[:groupFirst]
			}
		}
	}
	return rest, groups
}

// size is how many problems of firsts g's buckets hold, in order.
func (g *alikeGroup) size() int {
	n := 0
	for _, b := range g.buckets {
		n += len(b.first)
	}
	return n
}

// problem returns the Problem that stands for g: its first problem in document order with
// a Group and the count in its message. firsts holds g's kept problems, located, in the
// order of g.buckets.
func (g *alikeGroup) problem(firsts []Problem) Problem {
	located := firsts[:g.size()]
	type placed struct {
		b     *patternBucket
		first Problem
	}
	buckets := make([]placed, 0, len(g.buckets))
	k := 0
	for _, b := range g.buckets {
		buckets = append(buckets, placed{b, located[k]}) // a bucket's first is its first in the document
		k += len(b.first)
	}
	slices.SortStableFunc(buckets, func(a, b placed) int { return docOrder(a.first, b.first) })
	firsts = slices.Clone(located)
	slices.SortStableFunc(firsts, docOrder)
	p := firsts[0]
	grp := &Group{Count: g.n}
	var where []string
	for i, pb := range buckets {
		b := pb.b
		grp.Patterns = append(grp.Patterns, Pattern{Pointer: b.pattern, Count: b.n})
		if i < groupPatterns {
			where = append(where, fmt.Sprintf("%s (%s)", b.pattern, thousands(b.n)))
		}
	}
	if len(buckets) > groupPatterns {
		where = append(where, fmt.Sprintf("and %d more places", len(buckets)-groupPatterns))
	}
	for _, f := range firsts[:min(groupFirst, len(firsts))] {
		grp.First = append(grp.First, Place{Pointer: f.Pointer, Line: f.Line, Column: f.Column, Offset: f.Offset})
	}
	p.Group = grp
	p.Message += fmt.Sprintf(" — %s times: %s", thousands(g.n), strings.Join(where, ", "))
	return p
}

// groupPatterns is how many patterns a grouped problem's message lists.
const groupPatterns = 3

// appendPattern appends ptr with every segment of digits only replaced by "*".
func appendPattern(dst []byte, ptr string) []byte {
	for i := 0; i < len(ptr); {
		if ptr[i] != '/' {
			dst = append(dst, ptr[i])
			i++
			continue
		}
		j := i + 1
		for j < len(ptr) && ptr[j] >= '0' && ptr[j] <= '9' {
			j++
		}
		if j > i+1 && (j == len(ptr) || ptr[j] == '/') {
			dst = append(dst, '/', '*')
		} else {
			dst = append(dst, ptr[i:j]...)
		}
		i = j
	}
	return dst
}

// compareIndices orders two pointers of one pattern by their array indices, left to right:
// document order.
func compareIndices(a, b string) int {
	for {
		sa, ra, moreA := strings.Cut(strings.TrimPrefix(a, "/"), "/")
		sb, rb, moreB := strings.Cut(strings.TrimPrefix(b, "/"), "/")
		if sa != sb {
			if len(sa) != len(sb) && isDigits(sa) && isDigits(sb) {
				return cmp.Compare(len(sa), len(sb)) // indices have no leading zeros
			}
			return strings.Compare(sa, sb)
		}
		if !moreA || !moreB {
			switch {
			case moreA == moreB:
				return 0
			case moreA:
				return 1
			}
			return -1
		}
		a, b = ra, rb
	}
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// docOrder orders located problems as they are in the input: the envelope's before
// task_detail's, then by position.
func docOrder(a, b Problem) int {
	ai, bi := strings.HasPrefix(a.Pointer, detailPrefix), strings.HasPrefix(b.Pointer, detailPrefix)
	if ai != bi {
		if !ai {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
}
