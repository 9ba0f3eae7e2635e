package diff

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/google/go-cmp/cmp"

	"github.com/fdireview/fdireview/internal/jsonptr"
)

// extra compares two Extra maps (decoded JSON values) with go-cmp and reports each
// difference as setting.changed, with the JSON Pointer of the difference under base.
// column names the mapping or column the map belongs to, if any.
func (d *differ) extra(base, column string, old, new map[string]any) {
	if len(old) == 0 && len(new) == 0 {
		return
	}
	if old == nil {
		old = map[string]any{}
	}
	if new == nil {
		new = map[string]any{}
	}
	r := &pointerReporter{}
	if cmp.Equal(old, new, cmp.Reporter(r)) {
		return
	}
	subject := column
	if subject == "" {
		subject, _ = sectionOf(base)
	}
	for _, df := range r.merged() {
		ptr := base + df.pointer
		d.add(SettingChanged, Warning, column, ptr, df.old, df.new,
			settingSentence(subject, pathWords(df.pointer), lastKey(df.pointer), df.old, df.new))
	}
}

// valueDiff is one difference found by go-cmp: a pointer relative to the compared maps.
type valueDiff struct {
	pointer  string
	old, new any
}

// pointerReporter is a cmp.Reporter that records the path of every unequal leaf as a
// JSON Pointer. Slice positions are those of the new value, or of the old value for an
// element that only the old value has.
type pointerReporter struct {
	path  cmp.Path
	diffs []valueDiff
}

// PushStep implements cmp.Reporter.
func (r *pointerReporter) PushStep(ps cmp.PathStep) { r.path = append(r.path, ps) }

// PopStep implements cmp.Reporter.
func (r *pointerReporter) PopStep() { r.path = r.path[:len(r.path)-1] }

// Report implements cmp.Reporter.
func (r *pointerReporter) Report(rs cmp.Result) {
	if rs.Equal() {
		return
	}
	var b strings.Builder
	for _, step := range r.path {
		switch s := step.(type) {
		case cmp.MapIndex:
			b.WriteByte('/')
			b.WriteString(jsonptr.Escape(fmt.Sprint(s.Key().Interface())))
		case cmp.SliceIndex:
			ix, iy := s.SplitKeys()
			if iy < 0 {
				iy = ix
			}
			b.WriteByte('/')
			b.WriteString(strconv.Itoa(iy))
		}
	}
	vx, vy := r.path.Last().Values()
	r.diffs = append(r.diffs, valueDiff{pointer: b.String(), old: valueOf(vx), new: valueOf(vy)})
}

// merged joins a removal and an insertion at the same pointer (go-cmp reports a replaced
// array element that way) into one difference.
func (r *pointerReporter) merged() []valueDiff {
	out := r.diffs[:0:0]
	for _, df := range r.diffs {
		if n := len(out); n > 0 && out[n-1].pointer == df.pointer && out[n-1].new == nil && df.old == nil {
			out[n-1].new = df.new
			continue
		}
		out = append(out, df)
	}
	return out
}

func valueOf(v reflect.Value) any {
	if !v.IsValid() || !v.CanInterface() {
		return nil
	}
	return v.Interface()
}
