package linediff

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{
			name: "two separate edits mark only the two lines",
			old:  "select a,\n  b,\n  c\nfrom t\nwhere id > 1\n  and x = 1\norder by a",
			new:  "select a,\n  B,\n  c\nfrom t\nwhere id > 1\n  and x = 2\norder by a",
			want: "  select a,\n-   b,\n+   B,\n    c\n  from t\n  where id > 1\n-   and x = 1\n+   and x = 2\n  order by a",
		},
		{
			name: "an unchanged line between two insertions is context, not removed and added",
			old:  "a\nb\nc",
			new:  "a\nX\nb\nY\nc",
			want: "  a\n+ X\n  b\n+ Y\n  c",
		},
		{
			name: "a line moved up: one removal, one addition",
			old:  "a\nb\nc\nd",
			new:  "c\na\nb\nd",
			want: "+ c\n  a\n  b\n- c\n  d",
		},
		{
			name: "long unchanged runs are cut to three lines each side",
			old:  "1\n2\n3\n4\n5\nx\n6\n7\n8\n9\n10\n11\n12\ny\n13\n14\n15\n16",
			new:  "1\n2\n3\n4\n5\nX\n6\n7\n8\n9\n10\n11\n12\nY\n13\n14\n15\n16",
			want: "  …\n  3\n  4\n  5\n- x\n+ X\n  6\n  7\n  8\n  …\n  10\n  11\n  12\n- y\n+ Y\n  13\n  14\n  15\n  …",
		},
		{
			name: "a run of exactly twice the context between changes is kept whole",
			old:  "x\n1\n2\n3\n4\n5\n6\ny",
			new:  "X\n1\n2\n3\n4\n5\n6\nY",
			want: "- x\n+ X\n  1\n  2\n  3\n  4\n  5\n  6\n- y\n+ Y",
		},
		{name: "set", old: "", new: "select 1\nfrom dual", want: "+ select 1\n+ from dual"},
		{name: "removed", old: "select 1", new: "", want: "- select 1"},
		{name: "no change", old: "a\nb", new: "a\nb", want: ""},
		{name: "both empty", old: "", new: "", want: ""},
		{
			name: "removed lines come before added ones in a changed region",
			old:  "a\nb\nc\nd",
			new:  "a\nB\nC\nd",
			want: "  a\n- b\n- c\n+ B\n+ C\n  d",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Write(Lines(split(tt.old), split(tt.new)), 3); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestLinesIsAnEditScript: on random texts over a small alphabet (many repeated lines),
// the edits rebuild both texts and are no longer than the longest-common-subsequence
// bound, computed independently by dynamic programming.
func TestLinesIsAnEditScript(t *testing.T) {
	rng := rand.New(rand.NewSource(24))
	gen := func() []string {
		out := make([]string, rng.Intn(30))
		for i := range out {
			out[i] = string(rune('a' + rng.Intn(4)))
		}
		return out
	}
	for i := range 2000 {
		a, b := gen(), gen()
		edits := Lines(a, b)
		var gotA, gotB []string
		for _, e := range edits {
			if e.Op != Insert {
				gotA = append(gotA, e.Line)
			}
			if e.Op != Delete {
				gotB = append(gotB, e.Line)
			}
		}
		if strings.Join(gotA, ",") != strings.Join(a, ",") || strings.Join(gotB, ",") != strings.Join(b, ",") {
			t.Fatalf("case %d: the edits do not rebuild the texts\na %q\nb %q\nedits %v", i, a, b, edits)
		}
		rm, add := Count(edits)
		if want := len(a) + len(b) - 2*lcs(a, b); rm+add != want {
			t.Fatalf("case %d: %d edits, the shortest script has %d\na %q\nb %q", i, rm+add, want, a, b)
		}
	}
}

func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

// TestLinesBoundedWork: two texts of 50,000 lines with nothing in common would need a
// search of 100,000 steps; past the work bound the diff is the block of removed lines and
// the block of added ones, still a correct script.
func TestLinesBoundedWork(t *testing.T) {
	a := make([]string, 50000)
	b := make([]string, 50000)
	for i := range a {
		a[i] = fmt.Sprint("old ", i)
		b[i] = fmt.Sprint("new ", i)
	}
	a[0], b[0] = "same", "same"
	edits := Lines(a, b)
	rm, add := Count(edits)
	if rm != len(a)-1 || add != len(b)-1 || edits[0] != (Edit{Equal, "same"}) || edits[1].Op != Delete || edits[len(edits)-1].Op != Insert {
		t.Errorf("removed %d, added %d, first edits %v", rm, add, edits[:2])
	}
}

func FuzzLines(f *testing.F) {
	f.Add("a\nb\nc", "a\nX\nb\nY\nc")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, old, new string) {
		a, b := split(old), split(new)
		edits := Lines(a, b)
		var n int
		for _, e := range edits {
			if e.Op != Insert {
				if n >= len(a) || e.Line != a[n] {
					t.Fatalf("edit %v is not the next line of old", e)
				}
				n++
			}
		}
		if n != len(a) {
			t.Fatalf("the edits hold %d lines of old, want %d", n, len(a))
		}
		_ = Write(edits, 3)
	})
}
