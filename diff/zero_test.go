package diff

import (
	"io"
	"path/filepath"
	"testing"
)

// TestZeroValues: the zero Pattern and unknown or zero severities are harmless (issue 22):
// Ignore(Pattern{}) drops nothing, AtLeast("bogus") is false, nil options are ignored.
func TestZeroValues(t *testing.T) {
	old, new := loadPair(t, filepath.Join("..", "testdata", "diff", "length-narrowed"))
	base := Tasks(old, new)
	if len(base.Changes) == 0 || !base.AtLeast(Breaking) {
		t.Fatalf("length-narrowed: %d changes, AtLeast(Breaking) %v; the checks below would prove nothing", len(base.Changes), base.AtLeast(Breaking))
	}
	if (Pattern{}).Match("/task_detail/mappingTable/0") {
		t.Error("Pattern{} matches a pointer")
	}
	r := Tasks(old, new, Ignore(Pattern{}), nil, Ignore())
	if len(r.Changes) != len(base.Changes) || r.Summary.Ignored != 0 || len(r.Ignored) != 0 {
		t.Errorf("Ignore(Pattern{}): %d changes (want %d), %d ignored, patterns %q", len(r.Changes), len(base.Changes), r.Summary.Ignored, r.Ignored)
	}
	for _, tc := range []struct {
		s    Severity
		want bool
	}{
		{Breaking, true}, {Warning, true}, {Info, true}, {"", true},
		{"bogus", false}, {"BREAKING", false}, {"critical", false},
	} {
		if got := r.AtLeast(tc.s); got != tc.want {
			t.Errorf("AtLeast(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
	if (&Report{}).AtLeast("") {
		t.Error(`an empty report is AtLeast("")`)
	}
	for _, s := range []string{"breaking", "warning", "info"} {
		if v, err := ParseSeverity(s); err != nil || string(v) != s {
			t.Errorf("ParseSeverity(%q) = %q, %v", s, v, err)
		}
	}
	for _, s := range []string{"", "bogus", "Breaking"} {
		if _, err := ParseSeverity(s); err == nil {
			t.Errorf("ParseSeverity(%q) accepted it", s)
		}
	}
	if err := WriteText(io.Discard, r, nil); err != nil {
		t.Errorf("WriteText with a nil option: %v", err)
	}
}
