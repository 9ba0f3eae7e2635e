// Package linediff computes a line diff of two texts with Myers' algorithm (a shortest
// edit script: the fewest lines removed and added) and writes it for people: unchanged
// lines as context ("  "), removed lines ("- "), added lines ("+ ").
//
// It is what the diff package shows for a change of custom SQL. It depends on the standard
// library only, allocates in proportion to the lines compared plus the square of the
// number of edits, and never runs away on hostile input: past a fixed amount of work (about
// a thousand changed lines) it falls back to one block of removed lines followed by one
// block of added lines between the common first and last lines, which is still a correct
// diff, only not the shortest.
package linediff

import "strings"

// Op is what an Edit does to a line.
type Op int

const (
	// Equal is a line both texts have.
	Equal Op = iota
	// Delete is a line of the old text only.
	Delete
	// Insert is a line of the new text only.
	Insert
)

// String returns the mark of the op in the written diff: "  ", "- " or "+ ".
func (o Op) String() string {
	switch o {
	case Delete:
		return "- "
	case Insert:
		return "+ "
	}
	return "  "
}

// Edit is one line of a line diff.
type Edit struct {
	Op   Op
	Line string
}

// maxWork bounds the steps of the search (diagonals visited plus lines matched), so that a
// diff costs at most a few milliseconds and a few megabytes whatever the input.
const maxWork = 1 << 20

// Lines returns a shortest edit script turning old into new: every line of old, in order,
// as Equal or Delete, interleaved with every line of new as Equal or Insert. Within each
// changed region the removed lines come before the added ones. Past maxWork it returns a
// correct but longer script (see the package doc).
func Lines(old, new []string) []Edit {
	// The common first and last lines need no search.
	p := 0
	for p < len(old) && p < len(new) && old[p] == new[p] {
		p++
	}
	s := 0
	for s < len(old)-p && s < len(new)-p && old[len(old)-1-s] == new[len(new)-1-s] {
		s++
	}
	edits := make([]Edit, 0, len(old)+len(new)-p-s)
	for _, l := range old[:p] {
		edits = append(edits, Edit{Equal, l})
	}
	a, b := old[p:len(old)-s], new[p:len(new)-s]
	mid, ok := myers(a, b)
	if !ok {
		mid = mid[:0]
		for _, l := range a {
			mid = append(mid, Edit{Delete, l})
		}
		for _, l := range b {
			mid = append(mid, Edit{Insert, l})
		}
	}
	edits = append(edits, groupChanges(mid)...)
	for _, l := range old[len(old)-s:] {
		edits = append(edits, Edit{Equal, l})
	}
	return edits
}

// myers returns a shortest edit script of a into b, or false when finding it would take
// more than maxWork steps.
func myers(a, b []string) ([]Edit, bool) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		edits := make([]Edit, 0, n+m)
		for _, l := range a {
			edits = append(edits, Edit{Delete, l})
		}
		for _, l := range b {
			edits = append(edits, Edit{Insert, l})
		}
		return edits, true
	}
	// Lines as small integers: comparing them is then one instruction.
	ids := make(map[string]int32, n+m)
	num := func(lines []string) []int32 {
		out := make([]int32, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = int32(len(ids))
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	x1, y1 := num(a), num(b)

	// v[off+k] is the furthest x reached on diagonal k (x - y = k). trace[d] keeps the
	// diagonals -d-1 … d+1 of v as they were before step d, for the walk back.
	maxD := n + m
	off := maxD + 1
	v := make([]int32, 2*maxD+3)
	var trace [][]int32
	work := 0
	for d := 0; d <= maxD; d++ {
		trace = append(trace, append([]int32(nil), v[off-d-1:off+d+2]...))
		work += 2*d + 1
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = int(v[off+k+1]) // down: a line of b inserted
			} else {
				x = int(v[off+k-1]) + 1 // right: a line of a deleted
			}
			y := x - k
			for x < n && y < m && x1[x] == y1[y] {
				x++
				y++
				work++
			}
			v[off+k] = int32(x)
			if x >= n && y >= m {
				return backtrack(a, b, trace), true
			}
		}
		if work > maxWork {
			return nil, false
		}
	}
	return nil, false // not reached: d = n+m always ends the search
}

// backtrack walks the trace from the end of both texts to their start and returns the
// edits in order.
func backtrack(a, b []string, trace [][]int32) []Edit {
	var rev []Edit
	x, y := len(a), len(b)
	for d := len(trace) - 1; d >= 0; d-- {
		v := trace[d]
		at := func(k int) int { return int(v[k+d+1]) }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		for x > px && y > py {
			x--
			y--
			rev = append(rev, Edit{Equal, a[x]})
		}
		if d > 0 {
			if x == px {
				rev = append(rev, Edit{Insert, b[py]})
			} else {
				rev = append(rev, Edit{Delete, a[px]})
			}
		}
		x, y = px, py
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

// groupChanges puts, in each run of edits between two equal lines, the removed lines
// before the added ones (their order among themselves kept), as diff tools show them.
func groupChanges(edits []Edit) []Edit {
	out := make([]Edit, 0, len(edits))
	for i := 0; i < len(edits); {
		if edits[i].Op == Equal {
			out = append(out, edits[i])
			i++
			continue
		}
		j := i
		for j < len(edits) && edits[j].Op != Equal {
			j++
		}
		for _, e := range edits[i:j] {
			if e.Op == Delete {
				out = append(out, e)
			}
		}
		for _, e := range edits[i:j] {
			if e.Op == Insert {
				out = append(out, e)
			}
		}
		i = j
	}
	return out
}

// Write returns the edits one a line, each after its mark ("  ", "- ", "+ "), keeping at
// most context unchanged lines before and after each change; a longer run of unchanged
// lines is cut to its first and last context lines with a line "  …" between them (a
// leading or trailing run keeps only the lines next to the change). Edits without any
// change are written as "" (no diff).
func Write(edits []Edit, context int) string {
	context = max(context, 0)
	first, last := -1, -1
	for i, e := range edits {
		if e.Op != Equal {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return ""
	}
	var b strings.Builder
	line := func(mark, l string) {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(mark)
		b.WriteString(l)
	}
	const cut = "…"
	for i := 0; i < len(edits); {
		if edits[i].Op != Equal {
			line(edits[i].Op.String(), edits[i].Line)
			i++
			continue
		}
		j := i
		for j < len(edits) && edits[j].Op == Equal {
			j++
		}
		run := edits[i:j]
		switch {
		case i < first: // before the first change: its last lines
			if len(run) > context {
				line("  ", cut)
				run = run[len(run)-context:]
			}
			for _, e := range run {
				line("  ", e.Line)
			}
		case i > last: // after the last change: its first lines
			for _, e := range run[:min(context, len(run))] {
				line("  ", e.Line)
			}
			if len(run) > context {
				line("  ", cut)
			}
		case len(run) > 2*context: // between two changes
			for _, e := range run[:context] {
				line("  ", e.Line)
			}
			line("  ", cut)
			for _, e := range run[len(run)-context:] {
				line("  ", e.Line)
			}
		default:
			for _, e := range run {
				line("  ", e.Line)
			}
		}
		i = j
	}
	return b.String()
}

// Count returns how many lines the edits remove and add.
func Count(edits []Edit) (removed, added int) {
	for _, e := range edits {
		switch e.Op {
		case Delete:
			removed++
		case Insert:
			added++
		}
	}
	return removed, added
}
