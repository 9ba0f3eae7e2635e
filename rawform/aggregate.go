package rawform

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/fdireview/fdireview/schema"
)

// Hostile documents can hold a million unknown keys or repeat one mistake a million times.
// Reporting each one costs far more than the input (the schema library copies an object's
// key set for every subschema it applies, and every problem is located and formatted), and
// a 160 MB list of problems helps nobody. So problems are bounded in two ways:
//
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

// pruned is what pruneUnknown replaced in a tree: put it back with restore.
type pruned struct {
	root   any            // the tree to validate (a pruned copy when the root was pruned)
	undo   []func()       // put each replaced object back in its parent
	counts map[string]int // object pointer → keys left out
}

// pruneUnknown replaces, in tree, every object holding more than pruneKeep keys no schema
// names by a copy holding only the pruneKeep smallest of those keys (and all the others).
// The decoded objects themselves are not touched; restore puts them back in their
// parents. prefix is the pointer prefix of tree's locations.
func pruneUnknown(tree any, prefix string) *pruned {
	known := knownNames()
	p := &pruned{root: tree}
	var path []string
	pointer := func() string {
		ptr := prefix
		for _, s := range path {
			ptr += "/" + escapePointer(s)
		}
		return ptr
	}
	// smaller returns the copy of m to validate, or nil when m is fine as it is.
	smaller := func(m map[string]any) map[string]any {
		if len(m) <= pruneKeep {
			return nil
		}
		var keep []string // the pruneKeep smallest unknown names, sorted
		unknown := 0
		for k := range m {
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
			return nil
		}
		c := make(map[string]any, len(m)-unknown+len(keep))
		for k, v := range m {
			if known[k] {
				c[k] = v
			}
		}
		for _, k := range keep {
			c[k] = m[k]
		}
		if p.counts == nil {
			p.counts = map[string]int{}
		}
		p.counts[pointer()] += unknown - len(keep)
		return c
	}
	var walk func(v any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			var repl any
			if c := smaller(x); c != nil {
				x, repl = c, c // descend into the copy: it is what the library sees
			}
			for k, sub := range x {
				switch sub.(type) {
				case map[string]any, []any:
					path = append(path, k)
					if r := walk(sub); r != nil {
						m, k, orig := x, k, sub
						m[k] = r
						p.undo = append(p.undo, func() { m[k] = orig })
					}
					path = path[:len(path)-1]
				}
			}
			return repl
		case []any:
			for i, sub := range x {
				switch sub.(type) {
				case map[string]any, []any:
					path = append(path, strconv.Itoa(i))
					if r := walk(sub); r != nil {
						a, i, orig := x, i, sub
						a[i] = r
						p.undo = append(p.undo, func() { a[i] = orig })
					}
					path = path[:len(path)-1]
				}
			}
		}
		return nil
	}
	if r := walk(tree); r != nil {
		p.root = r
	}
	return p
}

// restore puts the decoded objects back where pruneUnknown replaced them.
func (p *pruned) restore() {
	for i := len(p.undo) - 1; i >= 0; i-- {
		p.undo[i]()
	}
	p.undo = nil
}

// parentPointer is the pointer of the object or array holding ptr's value.
func parentPointer(ptr string) (parent, last string) {
	i := strings.LastIndexByte(ptr, '/')
	if i < 0 {
		return "", ptr
	}
	return ptr[:i], unescapePointer(ptr[i+1:])
}

func unescapePointer(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(s)
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
		first int // index in out
		n     int
		names []string
	}
	groups := make(map[groupKey]*group)
	for _, p := range ps {
		parent, _ := parentPointer(p.Pointer)
		k := groupKey{p.Severity, p.Code, parent}
		if g := groups[k]; g != nil {
			g.n++
		} else {
			groups[k] = &group{n: 1}
		}
	}
	for k, n := range extra {
		if g := groups[groupKey{SeverityError, CodeAdditionalProperties, k}]; g != nil {
			g.n += n
		}
	}
	out := ps[:0:0]
	for _, p := range ps {
		parent, last := parentPointer(p.Pointer)
		g := groups[groupKey{p.Severity, p.Code, parent}]
		if g.n <= groupLimit {
			out = append(out, p)
			continue
		}
		if g.names == nil {
			g.first = len(out)
			g.names = []string{}
			out = append(out, p)
			continue
		}
		if q := fmt.Sprintf("%q", last); len(g.names) < groupNames && !slices.Contains(g.names, q) && !strings.HasSuffix(out[g.first].Pointer, "/"+escapePointer(last)) {
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
	}
	if len(out) <= maxProblems {
		return out
	}
	rest := out[maxProblems-1:]
	last := Problem{Severity: SeverityWarning, Code: CodeLimit}
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
