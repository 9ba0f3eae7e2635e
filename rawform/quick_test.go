package rawform

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/fdireview/fdireview/internal/validator"
	"github.com/fdireview/fdireview/schema"
)

// TestQuickAgreesWithLibrary mutates every example at random (one leaf or key at a time)
// and checks that the fast validity walk never says "valid" where the library says
// "invalid", and that on these schemas it is always sure.
func TestQuickAgreesWithLibrary(t *testing.T) {
	files, _ := filepath.Glob("../testdata/examples/*.json")
	invalid, _ := filepath.Glob("../testdata/invalid/*.json")
	files = append(files, invalid...)
	rng := rand.New(rand.NewPCG(1, 2))
	replacements := []any{nil, true, false, "", "0", "1", "11 ", "x", json.Number("0"), json.Number("-1"), json.Number("1.5"), []any{}, map[string]any{}}
	checked, invalidSeen := 0, 0
	for _, lenient := range []bool{false, true} {
		for _, f := range files {
			body, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			decoded, probs := decodeTree(body, 64, "")
			if decoded == nil {
				continue
			}
			env := generic(decoded) // mutated as plain maps; the walk gets it back as a tree
			trees := []struct {
				doc  schema.Doc
				tree any
			}{{schema.Response, env}, {schema.Request, env}}
			if m, ok := env.(map[string]any); ok {
				if s, ok := m["task_detail"].(string); ok {
					if inner, _ := decodeTree([]byte(s), 64, ""); inner != nil {
						inner := generic(inner)
						for _, doc := range []schema.Doc{schema.Rawform, schema.RawformRequest} {
							trees = append(trees, struct {
								doc  schema.Doc
								tree any
							}{doc, inner})
						}
					}
				}
			}
			_ = probs
			for _, tr := range trees {
				sch, err := validator.For(tr.doc, lenient)
				if err != nil {
					t.Fatal(err)
				}
				qs, err := quickSchema(tr.doc, lenient)
				if err != nil {
					t.Fatal(err)
				}
				for i := 0; i < 150; i++ {
					mut := mutate(rng, deepCopy(tr.tree), replacements)
					ok, sure := quickValid(qs, fromGeneric(mut))
					libOK := sch.Validate(mut) == nil
					if !sure {
						t.Fatalf("%s: quick walk unsure on our own schema", f)
					}
					strict, err := quickSchema(tr.doc, false)
					if err != nil {
						t.Fatal(err)
					}
					if nok, _, _ := quickWalkNotes(strict, fromGeneric(mut), lenient); nok != libOK {
						b, _ := json.Marshal(mut)
						t.Fatalf("%s (lenient %v): walk with notes says %v, library says %v for\n%s", f, lenient, nok, libOK, b)
					}
					if ok != libOK {
						b, _ := json.Marshal(mut)
						t.Fatalf("%s (lenient %v): quick says %v, library says %v for\n%s", f, lenient, ok, libOK, b)
					}
					checked++
					if !libOK {
						invalidSeen++
					}
				}
			}
		}
	}
	if invalidSeen == 0 || invalidSeen == checked {
		t.Errorf("mutations not varied: %d invalid of %d", invalidSeen, checked)
	}
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, v := range x {
			m[k] = deepCopy(v)
		}
		return m
	case []any:
		a := make([]any, len(x))
		for i, v := range x {
			a[i] = deepCopy(v)
		}
		return a
	}
	return v
}

// mutate changes one random node: replaces a value, deletes a key or adds an unknown key.
func mutate(rng *rand.Rand, v any, repl []any) any {
	var nodes []any
	var walk func(any)
	walk = func(n any) {
		nodes = append(nodes, n)
		switch x := n.(type) {
		case map[string]any:
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
	for tries := 0; tries < 20; tries++ {
		switch x := nodes[rng.IntN(len(nodes))].(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			if len(keys) == 0 || rng.IntN(4) == 0 {
				x["unknownKey"] = "u"
				return v
			}
			k := keys[rng.IntN(len(keys))]
			if rng.IntN(3) == 0 {
				delete(x, k)
			} else {
				x[k] = repl[rng.IntN(len(repl))]
			}
			return v
		case []any:
			if len(x) > 0 {
				x[rng.IntN(len(x))] = repl[rng.IntN(len(repl))]
				return v
			}
		}
	}
	return v
}

// FuzzQuickAgrees: on any decodable input, the fast validity walk and the library agree on
// every schema, strict and lenient (a wrong "valid" would let an invalid task through).
func FuzzQuickAgrees(f *testing.F) {
	files, _ := filepath.Glob("../testdata/examples/*.json")
	invalid, _ := filepath.Glob("../testdata/invalid/*.json")
	for _, name := range append(files, invalid...) {
		body, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
		var env map[string]any
		if json.Unmarshal(body, &env) == nil {
			if s, ok := env["task_detail"].(string); ok {
				f.Add([]byte(s))
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tree, _ := decodeTree(data, 64, "")
		if tree == nil {
			return
		}
		for _, doc := range []schema.Doc{schema.Response, schema.Request, schema.ErrorBody, schema.Rawform, schema.RawformRequest} {
			for _, lenient := range []bool{false, true} {
				sch, err := validator.For(doc, lenient)
				if err != nil {
					t.Fatal(err)
				}
				qs, err := quickSchema(doc, lenient)
				if err != nil {
					t.Fatal(err)
				}
				ok, sure := quickValid(qs, tree)
				if !sure {
					t.Fatalf("%v: quick walk unsure", doc)
				}
				lib := sch.Validate(generic(tree)) == nil
				if ok != lib {
					t.Fatalf("%v (lenient %v): quick %v, library %v", doc, lenient, ok, lib)
				}
				// What Parse runs: the strict schema walked with notes, open when lenient.
				strict, err := quickSchema(doc, false)
				if err != nil {
					t.Fatal(err)
				}
				if nok, nsure, _ := quickWalkNotes(strict, tree, lenient); nok != lib || !nsure {
					t.Fatalf("%v (lenient %v): walk with notes %v (sure %v), library %v", doc, lenient, nok, nsure, lib)
				}
				// The explaining walk: when it explains everything, the library reports
				// exactly the keys it explained (TestExplainAgreesWithLibrary).
				unknown, over, eok, esure := explainUnknown(qs, tree, "")
				if !esure || !eok || over != nil {
					continue
				}
				var libPtrs []string
				for _, p := range libraryProblems(sch, pruneUnknown(tree, "", nil).root) {
					if p.Code != CodeAdditionalProperties {
						t.Fatalf("%v (lenient %v): walk explained everything, library also reports %v", doc, lenient, p)
					}
					libPtrs = append(libPtrs, p.Pointer)
				}
				var explained []string
				for _, u := range unknown {
					explained = append(explained, u.ptr)
				}
				slices.Sort(libPtrs)
				slices.Sort(explained)
				if !slices.Equal(libPtrs, explained) {
					t.Fatalf("%v (lenient %v): walk explained %v, library reports %v", doc, lenient, explained, libPtrs)
				}
			}
		}
	})
}
