package rawform

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/fdireview/fdireview/internal/validator"
	"github.com/fdireview/fdireview/schema"
)

// TestExplainAgreesWithLibrary: the unknown keys the quick walk explains are exactly the
// additionalProperties problems the library reports, whenever the walk says nothing else is
// wrong; and when the library is still run (something else is wrong), showing it the tree
// without the explained keys changes nothing else it reports. Unknown keys are added at
// random objects (inside conditional parts of the schema too: an API source, a column
// list) of every example, alone or beside another mutation.
func TestExplainAgreesWithLibrary(t *testing.T) {
	files, _ := filepath.Glob("../testdata/examples/*.json")
	invalid, _ := filepath.Glob("../testdata/invalid/*.json")
	files = append(files, invalid...)
	rng := rand.New(rand.NewPCG(23, 23))
	replacements := []any{nil, true, "", "11 ", json.Number("-1"), []any{}, map[string]any{}}
	explainedAll, checked := 0, 0
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		decoded, _ := decodeTree(body, 64, "")
		if decoded == nil {
			continue
		}
		trees := []struct {
			doc  schema.Doc
			tree any
		}{{schema.Response, generic(decoded)}}
		if m, ok := generic(decoded).(map[string]any); ok {
			if s, ok := m["task_detail"].(string); ok {
				if inner, _ := decodeTree([]byte(s), 64, ""); inner != nil {
					trees = append(trees, struct {
						doc  schema.Doc
						tree any
					}{schema.Rawform, generic(inner)}, struct {
						doc  schema.Doc
						tree any
					}{schema.RawformRequest, generic(inner)})
				}
			}
		}
		for _, tr := range trees {
			sch, err := validator.For(tr.doc, false)
			if err != nil {
				t.Fatal(err)
			}
			qs, err := quickSchema(tr.doc, false)
			if err != nil {
				t.Fatal(err)
			}
			for i := range 60 {
				mut := deepCopy(tr.tree)
				for range 1 + rng.IntN(3) {
					addUnknownKey(rng, mut, i)
				}
				if i%3 == 0 {
					mut = mutate(rng, mut, replacements)
				}
				tree := fromGeneric(mut)
				unknown, over, ok, sure := explainUnknown(qs, tree, "")
				if !sure {
					t.Fatalf("%s: walk unsure on our own schema", f)
				}
				var explained []string
				for _, u := range unknown {
					explained = append(explained, u.ptr)
				}
				slices.Sort(explained)
				full := libraryProblems(sch, pruneUnknown(tree, "", nil).root)
				checked++
				if ok && over == nil {
					explainedAll++
					var lib []string
					for _, p := range full {
						if p.Code != CodeAdditionalProperties {
							b, _ := json.Marshal(mut)
							t.Fatalf("%s %v: walk explained everything, library also reports %v for\n%s", f, tr.doc, p, b)
						}
						lib = append(lib, p.Pointer)
					}
					slices.Sort(lib)
					if !slices.Equal(lib, explained) {
						t.Fatalf("%s %v: walk explained %v, library reports %v", f, tr.doc, explained, lib)
					}
					continue
				}
				if ok {
					continue // keys past the first six of an object: counted, not listed
				}
				for _, e := range explained {
					if !slices.ContainsFunc(full, func(p Problem) bool { return p.Pointer == e && p.Code == CodeAdditionalProperties }) {
						t.Fatalf("%s %v: walk explained %s, which the library does not report", f, tr.doc, e)
					}
				}
				// The library, shown the tree without the explained keys, reports the
				// rest: every problem it reported on the whole tree that was not explained.
				rest := libraryProblems(sch, pruneUnknown(tree, "", unknown).root)
				if len(rest) == 0 {
					t.Fatalf("%s %v: walk says invalid beyond its keys, library finds nothing else", f, tr.doc)
				}
				want := map[string]bool{}
				for _, p := range full {
					if !slices.Contains(explained, p.Pointer) || p.Code != CodeAdditionalProperties {
						want[p.Pointer+" "+string(p.Code)] = true
					}
				}
				for _, p := range rest {
					if !want[p.Pointer+" "+string(p.Code)] {
						t.Fatalf("%s %v: without the explained keys the library reports %v, not reported on the whole tree", f, tr.doc, p)
					}
				}
			}
		}
	}
	if explainedAll == 0 || explainedAll == checked {
		t.Errorf("cases not varied: %d of %d explained by the walk alone", explainedAll, checked)
	}
	t.Logf("%d cases, %d explained by the walk alone", checked, explainedAll)
}

// addUnknownKey adds a key no schema knows to a random object of v.
func addUnknownKey(rng *rand.Rand, v any, i int) {
	var objs []map[string]any
	var walk func(any)
	walk = func(n any) {
		switch x := n.(type) {
		case map[string]any:
			objs = append(objs, x)
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(v)
	if len(objs) > 0 {
		objs[rng.IntN(len(objs))]["comment_text_"+string(rune('a'+i%26))] = "x"
	}
}

// libraryProblems validates tree with the library alone and returns its problems, worded
// as Parse words them.
func libraryProblems(sch *jsonschema.Schema, tree any) []Problem {
	err := sch.Validate(tree)
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return nil
	}
	var out []Problem
	for _, leaf := range leaves(ve, nil) {
		out = append(out, leafProblems(leaf, tree, "")...)
	}
	return out
}
