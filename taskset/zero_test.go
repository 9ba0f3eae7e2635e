package taskset_test

import (
	"context"
	"testing"

	"github.com/fdireview/fdireview/diff"
	"github.com/fdireview/fdireview/taskset"
)

// TestZeroValues: a nil set is refused with an error (it used to panic), an empty Set is
// a set of no tasks, nil options are ignored, and AtLeast treats unknown severities as
// never reached.
func TestZeroValues(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		old, new *taskset.Set
	}{
		{"nil old", nil, &taskset.Set{}},
		{"nil new", &taskset.Set{}, nil},
		{"both nil", nil, nil},
	} {
		if c, err := taskset.Compare(ctx, tc.old, tc.new); err == nil {
			t.Errorf("%s: Compare returned %v and no error", tc.name, c)
		}
	}
	c, err := taskset.Compare(ctx, &taskset.Set{}, &taskset.Set{Items: []taskset.Item{item("a", "1", gen("a", 1, 3))}}, nil, taskset.WithDiffOptions(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Summary.Tasks != 1 || c.Summary.Added != 1 {
		t.Fatalf("summary %+v, want one added task", c.Summary)
	}
	for _, tc := range []struct {
		s    diff.Severity
		want bool
	}{{diff.Info, true}, {"", true}, {diff.Warning, false}, {"bogus", false}} {
		if got := c.AtLeast(tc.s); got != tc.want {
			t.Errorf("AtLeast(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}
