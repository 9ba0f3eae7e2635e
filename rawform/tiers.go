package rawform

import (
	"fmt"
	"strconv"

	"github.com/fdireview/fdireview/internal/jsonptr"
	"github.com/fdireview/fdireview/schema"
)

// Evidence tiers (schema package): a key is required (the docs mark it mandatory, or the
// meaning needs it), expected (every known example of its kind carries it, but no document
// makes it mandatory), optional (documented, or seen only sometimes) or unknown (in no
// schema). A missing required key is an error; a missing expected key is a warning,
// CodeExpectedMissing, in strict and lenient mode alike; an unknown key is an error in
// strict mode and, in lenient mode, kept and reported as a warning (CodeAdditionalProperties
// with SeverityWarning) so that it is shown, not silently carried.

// quickCheck runs the quick validity walk of tree against doc and reports whether the
// document is valid (the caller then needs nothing else). A valid document gets its
// notes turned into warnings: the expected keys it lacks and, in lenient mode, the unknown
// keys it keeps. The lenient walk is the strict schema walked open (quickWalkNotes), so it
// both decides as the lenient schema and sees what strict mode would refuse.
func (s *parseState) quickCheck(doc schema.Doc, tree any, prefix string) bool {
	q, err := quickSchema(doc, false)
	if err != nil {
		return false
	}
	ok, sure, notes := quickWalkNotes(q, tree, s.cfg.lenient)
	if !ok || !sure {
		return false
	}
	if len(notes.missing) == 0 && len(notes.unknown) == 0 {
		return true
	}
	paths := objectPaths(tree, prefix, &notes)
	s.problems = append(s.problems, expectedProblems(notes.missing, paths)...)
	for _, u := range notes.unknown {
		ptr := paths[u.obj]
		s.problems = append(s.problems, Problem{Pointer: ptr + "/" + jsonptr.Escape(u.key), Severity: SeverityWarning,
			Code: CodeAdditionalProperties, Message: fmt.Sprintf("unknown field %q (not in the schema; kept, as lenient mode accepts unknown fields)", u.key)})
	}
	for obj, n := range notes.unknownCount {
		if listed := min(n, groupLimit+1); n > listed {
			s.addPruned(paths[obj], n-listed)
		}
	}
	return true
}

// expectedProblems turns the objects missing expected keys into warnings: one per key and
// kind of object (schema), at the first object lacking it, with the count of the others,
// so that 100,000 mappings without one key give one line, not 100,000.
func expectedProblems(missing []quickMiss, paths map[*object]string) []Problem {
	type group struct {
		s   *qschema
		key string
	}
	var order []group
	first := map[group]string{}
	count := map[group]int{}
	seen := map[quickMiss]bool{} // an object walked twice by one schema counts once
	for _, m := range missing {
		if seen[m] {
			continue
		}
		seen[m] = true
		for _, k := range m.s.expected {
			if _, ok := m.obj.get(k); ok {
				continue
			}
			g := group{m.s, k}
			if count[g] == 0 {
				order = append(order, g)
				first[g] = paths[m.obj] + "/" + jsonptr.Escape(k)
			}
			count[g]++
		}
	}
	out := make([]Problem, 0, len(order))
	for _, g := range order {
		msg := fmt.Sprintf("expected field %q is missing: it was seen with %s, but no document makes it mandatory, so the task is read without it", g.key, g.s.seenWith)
		if n := count[g] - 1; n > 0 {
			msg += fmt.Sprintf(" (%s more %s it too)", thousands(n), plural(n, "object lacks", "objects lack"))
		}
		out = append(out, Problem{Pointer: first[g], Severity: SeverityWarning, Code: CodeExpectedMissing, Message: msg})
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// objectPaths returns the JSON Pointer (with prefix) of every object the notes name, by
// one walk of the tree; it runs only when there is something to report.
func objectPaths(tree any, prefix string, notes *quickNotes) map[*object]string {
	want := make(map[*object]string, len(notes.missing)+len(notes.unknownCount))
	for _, m := range notes.missing {
		want[m.obj] = ""
	}
	for o := range notes.unknownCount {
		want[o] = ""
	}
	left := len(want)
	var walk func(v any, ptr string)
	walk = func(v any, ptr string) {
		if left == 0 {
			return
		}
		switch x := v.(type) {
		case *object:
			if _, ok := want[x]; ok {
				want[x] = ptr
				left--
			}
			for _, mb := range x.members {
				switch mb.val.(type) {
				case *object, []any:
					walk(mb.val, ptr+"/"+jsonptr.Escape(mb.key))
				}
			}
		case []any:
			for i, it := range x {
				switch it.(type) {
				case *object, []any:
					walk(it, ptr+"/"+strconv.Itoa(i))
				}
			}
		}
	}
	walk(tree, prefix)
	return want
}
