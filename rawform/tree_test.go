package rawform

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// fromGeneric is the inverse of generic: v with every map[string]any as an object, built
// as the decoder builds them (small objects in the map's order, large ones sorted).
func fromGeneric(v any) any {
	switch x := v.(type) {
	case map[string]any:
		o := &object{}
		for k, sub := range x {
			o.members = append(o.members, member{key: k, val: fromGeneric(sub)})
		}
		if o.sorted() {
			slices.SortFunc(o.members, func(a, b member) int { return strings.Compare(a.key, b.key) })
		}
		return o
	case []any:
		out := make([]any, len(x))
		for i, it := range x {
			out[i] = fromGeneric(it)
		}
		return out
	}
	return v
}

// TestObjectLookup: every key of objects small (linear, document order) and large
// (sorted) is found, with and without a hint, and absent keys are not.
func TestObjectLookup(t *testing.T) {
	for _, n := range []int{0, 1, 5, linearMax, linearMax + 1, 1000} {
		var b strings.Builder
		b.WriteByte('{')
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"k%d":%d`, n-i, i) // descending: sorting must reorder
		}
		b.WriteByte('}')
		tree, probs := decodeTree([]byte(b.String()), 8, "")
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		o := tree.(*object)
		if o.len() != n {
			t.Fatalf("n=%d: %d members", n, o.len())
		}
		if n > linearMax && !slices.IsSortedFunc(o.members, func(a, b member) int { return strings.Compare(a.key, b.key) }) {
			t.Errorf("n=%d: large object not sorted", n)
		}
		for i := range n {
			k := fmt.Sprintf("k%d", n-i)
			for _, hint := range []int{0, i, n + 3, -1} {
				v, ok := o.get(k)
				j := o.indexFrom(k, hint)
				if !ok || j < 0 || o.members[j].key != k || fmt.Sprint(v) != fmt.Sprint(i) {
					t.Fatalf("n=%d: %s (hint %d) → %v %v %d", n, k, hint, v, ok, j)
				}
			}
		}
		for _, k := range []string{"", "k0", "k", "zz", fmt.Sprintf("k%d", n+1)} {
			if _, ok := o.get(k); ok {
				t.Errorf("n=%d: found absent key %q", n, k)
			}
		}
	}
	var nilObj *object
	if _, ok := nilObj.get("a"); ok {
		t.Error("nil object has a key")
	}
}

// TestRepeatedKeys: in small and large objects, the first value of a repeated key is
// kept and every later occurrence is reported at its own key's position.
func TestRepeatedKeys(t *testing.T) {
	for _, n := range []int{3, linearMax + 5, 500} {
		var b strings.Builder
		b.WriteString(`{"dup":"first"`)
		for i := range n {
			fmt.Fprintf(&b, `,"k%d":0`, i)
		}
		b.WriteString(`,"dup":"second","k1":1,"dup":"third"}`)
		tree, probs := decodeTree([]byte(b.String()), 8, "")
		if tree == nil {
			t.Fatalf("n=%d: not decoded: %v", n, probs)
		}
		o := tree.(*object)
		if v, _ := o.get("dup"); v != "first" {
			t.Errorf("n=%d: dup = %v, want the first value", n, v)
		}
		if v, _ := o.get("k1"); fmt.Sprint(v) != "0" {
			t.Errorf("n=%d: k1 = %v, want the first value 0", n, v)
		}
		if o.len() != n+1 {
			t.Errorf("n=%d: %d members, want %d", n, o.len(), n+1)
		}
		var got []string
		for _, p := range probs {
			if p.Code != CodeDuplicateKey {
				t.Errorf("n=%d: unexpected %v", n, p)
			}
			got = append(got, fmt.Sprintf("%s@%d", p.Pointer, p.Offset))
		}
		s := b.String()
		second := strings.Index(s, `"dup":"second"`)
		k1 := strings.Index(s, `"k1":1`)
		third := strings.Index(s, `"dup":"third"`)
		want := []string{fmt.Sprintf("/dup@%d", second), fmt.Sprintf("/k1@%d", k1), fmt.Sprintf("/dup@%d", third)}
		slices.Sort(got)
		slices.Sort(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("n=%d: problems %v, want %v", n, got, want)
		}
	}
}

// TestGeneric: generic turns every object into a map, copies arrays that hold one, and
// shares arrays of scalars.
func TestGeneric(t *testing.T) {
	tree, _ := decodeTree([]byte(`{"a":[1,{"b":[{"c":null}]}],"s":["x","y"],"o":{}}`), 8, "")
	g := generic(tree).(map[string]any)
	want := map[string]any{"a": []any{json.Number("1"), map[string]any{"b": []any{map[string]any{"c": nil}}}}, "s": []any{"x", "y"}, "o": map[string]any{}}
	if !reflect.DeepEqual(g, want) {
		t.Errorf("generic = %#v", g)
	}
	orig, _ := tree.(*object).get("s")
	if &orig.([]any)[0] != &g["s"].([]any)[0] {
		t.Error("an array of scalars was copied")
	}
}
