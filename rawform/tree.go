package rawform

import (
	"cmp"
	"slices"
	"strings"
)

// object is a decoded JSON object in the tree the decoder builds: its members without
// repeated keys (the first value of a repeated key is kept).
//
// It is a slice of members rather than a map[string]any because that is what a task is
// made of: tens of thousands of objects of 1 to 20 keys (a mapping, its properties, a
// column). A Go map of 9 to 14 keys takes 664 bytes in four allocations and hashes every
// key twice (once to build, once to read); the same members in a slice take 344 bytes in
// one, and are read by comparing interned keys. A 10,000-mapping task's tree was half
// maps (issue 10); a million unknown keys grew a map through ~160 MB of copies (issue 14).
//
// Objects of up to linearMax members keep document order and are searched linearly. A
// larger object is sorted by key (stably, so duplicates are found next to each other and
// the first stays first) and searched by binary search: no object costs more than its
// members, and no lookup more than O(log n).
//
// The tree never leaves the package: Extra maps, the schema library and error messages
// get plain map[string]any values from generic.
type object struct {
	members []member
}

type member struct {
	key string
	val any
}

// linearMax is the size up to which an object keeps document order and is searched
// linearly. Task objects have at most 36 keys (an API source); 32 covers nearly all of
// them, and a linear scan of interned keys beats a binary search at that size.
const linearMax = 32

func (o *object) len() int { return len(o.members) }

// sorted reports whether o's members are sorted by key (every object over linearMax).
func (o *object) sorted() bool { return len(o.members) > linearMax }

// get returns the value of key k.
func (o *object) get(k string) (any, bool) {
	if i := o.index(k); i >= 0 {
		return o.members[i].val, true
	}
	return nil, false
}

// index returns the position of key k among o's members, or -1.
func (o *object) index(k string) int {
	if o == nil {
		return -1
	}
	if o.sorted() {
		i, found := slices.BinarySearchFunc(o.members, k, func(m member, k string) int { return strings.Compare(m.key, k) })
		if found {
			return i
		}
		return -1
	}
	for i := range o.members {
		if o.members[i].key == k {
			return i
		}
	}
	return -1
}

// indexFrom is index for a caller reading keys in a usual order: it tries position hint
// first (where the previous object of the same kind had the key).
func (o *object) indexFrom(k string, hint int) int {
	if hint >= 0 && hint < len(o.members) && o.members[hint].key == k {
		return hint
	}
	return o.index(k)
}

// sortMembers sorts ms by key in place, keeping repeated keys in document order (offs
// holds each member's key offset, ascending, and is reordered alike), then removes every
// repeat after the first, calling dup with its key and offset. It returns the remaining
// members. Besides ms and offs it needs 4 bytes per member, for the permutation.
func sortMembers(ms []member, offs []int, dup func(key string, off int)) []member {
	perm := make([]int32, len(ms))
	for i := range perm {
		perm[i] = int32(i)
	}
	// Positions are unique, so breaking ties by them makes this unstable sort stable.
	slices.SortFunc(perm, func(a, b int32) int {
		return cmp.Or(strings.Compare(ms[a].key, ms[b].key), cmp.Compare(a, b))
	})
	// Apply the permutation in place (ms[i] becomes the old ms[perm[i]]), one cycle at a
	// time, marking the positions done.
	for i := range perm {
		if perm[i] < 0 {
			continue
		}
		m, off := ms[i], offs[i]
		j := i
		for {
			k := int(perm[j])
			perm[j] = -1
			if k == i {
				ms[j], offs[j] = m, off
				break
			}
			ms[j], offs[j] = ms[k], offs[k]
			j = k
		}
	}
	w := 0
	for r := range ms {
		if w > 0 && ms[r].key == ms[w-1].key {
			dup(ms[r].key, offs[r])
			continue
		}
		ms[w] = ms[r]
		w++
	}
	clear(ms[w:])
	return ms[:w:w]
}

// countMembers returns how many more members the object being read at i has: the commas
// outside strings and nested values before its closing brace. It only sizes a slice;
// decoding finds any error, and the count is bounded by the bytes left.
func countMembers(data []byte, i int) int {
	n, depth := 0, 0
	for i < len(data) {
		switch data[i] {
		case '"':
			i = stringEnd(data, i+1)
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return n
			}
			depth--
		case ',':
			if depth == 0 {
				n++
			}
		}
		i++
	}
	return n
}

// generic returns v with every object as a map[string]any, for what leaves the package
// (Extra maps) and for the schema library. Arrays holding no object are shared, as the
// decoder's arrays were before.
func generic(v any) any {
	switch x := v.(type) {
	case *object:
		m := make(map[string]any, len(x.members))
		for _, mb := range x.members {
			m[mb.key] = generic(mb.val)
		}
		return m
	case []any:
		var out []any // a copy, made at the first item that changes
		for i, it := range x {
			switch it.(type) {
			case *object, []any:
				if out == nil {
					out = slices.Clone(x)
				}
				out[i] = generic(it)
			}
		}
		if out == nil {
			return x
		}
		return out
	}
	return v
}

// objectOrNil returns v as an object, or nil.
func objectOrNil(v any) *object {
	o, _ := v.(*object)
	return o
}
