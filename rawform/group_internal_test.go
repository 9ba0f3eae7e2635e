package rawform

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestAppendPattern(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"/a/0/b", "/a/*/b"},
		{"/a/12/b/3", "/a/*/b/*"},
		{"/a/1x/b", "/a/1x/b"},
		{"/0", "/*"},
		{"/a//b", "/a//b"},
		{"/a~1/7", "/a~1/*"},
	} {
		if got := string(appendPattern(nil, tt.in)); got != tt.want {
			t.Errorf("appendPattern(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCompareIndices(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"/a/2/b", "/a/10/b", -1},
		{"/a/10/b", "/a/9/b", 1},
		{"/a/3/b/1", "/a/3/b/0", 1},
		{"/a/3/b", "/a/3/b", 0},
		{"/a/0", "/a/0/x", -1},
	} {
		if got := compareIndices(tt.a, tt.b); got != tt.want {
			t.Errorf("compareIndices(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestGroupAlikeOrder: whatever order problems arrive in (the library's is a map's), a
// group keeps the first three of each pattern in document order, and its count.
func TestGroupAlikeOrder(t *testing.T) {
	var ps []Problem
	for i := range 40 {
		ps = append(ps, Problem{Pointer: fmt.Sprintf("/l/%d/x/%d/k", i/4, i%4), Severity: SeverityError, Code: CodeRequired, Message: "m"})
	}
	ps = append(ps, Problem{Pointer: "/other", Severity: SeverityError, Code: CodeRequired, Message: "other"})
	rng := rand.New(rand.NewPCG(1, 1))
	rng.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
	rest, groups := groupAlike(ps)
	if len(rest) != 1 || rest[0].Pointer != "/other" || len(groups) != 1 {
		t.Fatalf("rest %v, %d groups; want /other alone and one group", rest, len(groups))
	}
	g := groups[0]
	if g.n != 40 || len(g.buckets) != 1 || g.buckets[0].pattern != "/l/*/x/*/k" || g.buckets[0].n != 40 {
		t.Fatalf("group n=%d buckets=%d, want 40 in one pattern", g.n, len(g.buckets))
	}
	var got []string
	for _, p := range g.buckets[0].first {
		got = append(got, p.Pointer)
	}
	if want := "[/l/0/x/0/k /l/0/x/1/k /l/0/x/2/k]"; fmt.Sprint(got) != want {
		t.Errorf("first = %v, want %s", got, want)
	}
}
